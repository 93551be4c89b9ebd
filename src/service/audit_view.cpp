#include "service/audit_view.hpp"

#include "service/audit_sink.hpp"

namespace ks::service {

Result<std::vector<store::audit::Row>> read_audit(Context& ctx, const Actor& actor, const Scope& scope,
                                                  store::audit::Filter filter) {
  if (!scope.case_id.empty()) filter.case_id = scope.case_id;
  auto rows = ctx.db.read([&](store::Connection& c) -> Result<std::vector<store::audit::Row>> {
    KS_TRY(authorize(c, actor, Action::audit_read, scope));
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
