#include "service/case_process.hpp"

#include <nlohmann/json.hpp>

#include "service/permissions.hpp"
#include "store/case_store.hpp"

namespace ks::service {

Result<store::processes::Definition> case_process_definition(Context& ctx, const Actor& actor, std::int64_t case_id) {
  if (actor.anonymous()) return fail(Error::unauthenticated("logga in för att fortsätta"));
  return ctx.db.read([&](store::Connection& c) -> Result<store::processes::Definition> {
    auto record = KS_TRY(store::cases::find(c, case_id));
    if (!record) return fail(Error::not_found("ärende " + std::to_string(case_id) + " finns inte"));
    Scope scope{.region_id = record->fields.region_id, .case_id = std::to_string(record->id)};
    auto state = nlohmann::json::parse(record->fields.state, nullptr, false);
    if (state.is_object() && state.contains("vars") && state["vars"].is_object())
      if (auto it = state["vars"].find("lpo"); it != state["vars"].end() && it->is_string()) scope.lpo_id = it->get<std::string>();
    KS_TRY(authorize(c, actor, Action::case_read, scope));
    auto definition = KS_TRY(store::processes::find_definition(c, record->fields.definition_id));
    if (!definition)
      return fail(Error::internal("case " + std::to_string(case_id) + ": definition " +
                                  std::to_string(record->fields.definition_id) + " is missing"));
    return std::move(*definition);
  });
}

} // namespace ks::service
