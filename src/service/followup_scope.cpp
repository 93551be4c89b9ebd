#include "service/followup_scope.hpp"

#include "service/case_variables.hpp"

namespace ks::service {

std::string variable_text(const nlohmann::json& vars, std::string_view name) {
  if (!vars.is_object()) return {};
  auto it = vars.find(std::string(name));
  return it != vars.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<CaseScope> case_scope(store::Connection& c, std::int64_t case_id) {
  auto found = KS_TRY(store::cases::find(c, case_id));
  if (!found) return fail(Error::not_found("no case has id " + std::to_string(case_id)));
  CaseScope out;
  out.record = std::move(*found);
  out.variables = variables_of(out.record);
  out.scope.case_id = std::to_string(case_id);
  out.scope.region_id = out.record.fields.region_id;
  out.scope.lpo_id = variable_text(out.variables, "lpo");
  out.scope.unit_id = variable_text(out.variables, "lag");
  return out;
}

} // namespace ks::service
