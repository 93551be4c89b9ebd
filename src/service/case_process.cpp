#include "service/case_process.hpp"

#include "service/case_variables.hpp"
#include "service/permissions.hpp"
#include "store/case_store.hpp"

namespace ks::service {

Result<store::processes::Definition> case_process_definition(Context& ctx, const Actor& actor, std::int64_t case_id) {
  if (actor.anonymous()) return fail(Error::unauthenticated("logga in för att fortsätta"));
  return ctx.db.read([&](store::Connection& c) -> Result<store::processes::Definition> {
    auto record = KS_TRY(store::cases::find(c, case_id));
    if (!record) return fail(Error::not_found("ärende " + std::to_string(case_id) + " finns inte"));
    KS_TRY(authorize(c, actor, Action::case_read, case_scope(*record)));
    auto definition = KS_TRY(store::processes::find_definition(c, record->fields.definition_id));
    if (!definition)
      return fail(Error::internal("case " + std::to_string(case_id) + ": definition " +
                                  std::to_string(record->fields.definition_id) + " is missing"));
    return std::move(*definition);
  });
}

} // namespace ks::service
