// The single call sites for use cases that change state or refuse access (issue 6):
//
//   auto grant = KS_TRY(authorize(c, actor, Action::municipality_answer, scope));  // in the write
//   ... change ...
//   KS_TRY(audit(ctx, c, actor, {.action = "case.answer", .acting_function = grant.describe(),
//                                .object_type = "task", .object_id = id, .case_id = case_id,
//                                .before = old, .after = now}));
//
// and wrap the transaction in write_audited() so that a refusal (forbidden, unauthenticated) is
// recorded after the rollback, in its own transaction:
//
//   return write_audited(ctx, actor, {.action = "case.answer", .object_type = "task", .object_id = id,
//                                     .case_id = case_id},
//                        [&](store::Connection& c) -> Result<T> { ... });
#pragma once

#include "core/log.hpp"
#include "service/audit.hpp"
#include "service/permissions.hpp"

namespace ks::service {

// Records a state change in the caller's transaction, at the context's clock.
inline Status audit(Context& ctx, store::Connection& c, const Actor& actor, const AuditEvent& event) {
  return record_audit(c, actor, event, ctx.clock.now());
}

// Records a refusal or failure in its own transaction; a failure to record is logged, not returned
// (the caller is already answering with the refusal).
inline void audit_refusal(Context& ctx, const Actor& actor, AuditEvent event, const Error& error) {
  event.outcome = error.code == ErrorCode::forbidden ? AuditOutcome::denied : AuditOutcome::failed;
  if (event.detail.empty()) event.detail = error.message;
  event.after = nullptr;
  if (auto s = record_denial(ctx.db, actor, event, ctx.clock.now()); !s)
    log::error("audit record of a refusal failed", {{"action", event.action}, {"error", s.error().message}});
}

// Runs fn in one write transaction (Database::write). When it fails with forbidden or
// unauthenticated, records the refusal (`refusal` describes the attempted action) after the
// rollback and passes the error on.
template <class F>
auto write_audited(Context& ctx, const Actor& actor, AuditEvent refusal, F&& fn)
    -> decltype(fn(std::declval<store::Connection&>())) {
  auto result = ctx.db.write(std::forward<F>(fn));
  if (!result && (result.error().code == ErrorCode::forbidden || result.error().code == ErrorCode::unauthenticated))
    audit_refusal(ctx, actor, std::move(refusal), result.error());
  return result;
}

} // namespace ks::service
