// Reading the audit log with permission: the whole log for administrators, one case's rows for
// those the permission model lets read that case's audit (audit.read with the case's scope).
// The cases module's per-case page calls read_audit with the case's Scope (region, LPO, case_id).
#pragma once

#include <vector>

#include "service/actor.hpp"
#include "service/context.hpp"
#include "service/permissions.hpp"
#include "store/audit_store.hpp"

namespace ks::service {

// Rows newest first. With scope.case_id set, only that case's rows (the filter's case_id is
// replaced). Errors: forbidden (audited) when the actor may not read them; unauthenticated.
Result<std::vector<store::audit::Row>> read_audit(Context& ctx, const Actor& actor, const Scope& scope,
                                                  store::audit::Filter filter);

} // namespace ks::service
