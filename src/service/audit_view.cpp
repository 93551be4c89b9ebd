#include "service/audit_view.hpp"

#include "service/audit_sink.hpp"
#include "service/object_scope.hpp"

namespace ks::service {

Result<std::vector<store::audit::Row>> read_audit(Context& ctx, const Actor& actor, const Scope& scope,
                                                  store::audit::Filter filter) {
  if (!scope.case_id.empty()) filter.case_id = scope.case_id;
  auto rows = ctx.db.read([&](store::Connection& c) -> Result<std::vector<store::audit::Row>> {
    Scope s = scope;
    // A case named only by id: its region comes from the case itself, never from the caller.
    if (!s.case_id.empty() && s.region_id.empty())
      if (auto found = KS_TRY(scope_of_case(c, s.case_id))) s = *found;
    KS_TRY(authorize(c, actor, Action::audit_read, s));
    return store::audit::list(c, filter);
  });
  if (!rows && (rows.error().code == ErrorCode::forbidden || rows.error().code == ErrorCode::unauthenticated))
    audit_refusal(ctx, actor,
                  {.action = "audit.read", .object_type = scope.case_id.empty() ? "audit_log" : "case",
                   .object_id = scope.case_id, .case_id = scope.case_id},
                  rows.error());
  return rows;
}

} // namespace ks::service
