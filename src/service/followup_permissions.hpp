// The permission rules of implementation plans, indicators and reports (issue 7), called by
// authorize()/may_somewhere() in permissions.cpp for these actions:
//
//   plan.read         as case.read for the plan's case
//   plan.edit         admin; coordinator of the case's region; chair, vice chair, member or secretary
//                     of the case's LPO (scope.lpo_id) or any function in its LAG (scope.unit_id)
//   plan.report       what plan.edit grants; any function in (or held on behalf of) the activity's
//                     principal (scope.principal_id, step 30); any function in the grouping the
//                     joint activity was assigned to or the assigning body (scope.body_id, steps 31-32)
//   indicator.import  admin; an analyst or coordinator anywhere (defining indicators and importing
//                     measurements)
//   report.read       admin; anyone holding a current function (overviews and situation analyses
//                     hold no personal data)
#pragma once

#include "service/permissions.hpp"

namespace ks::service {

Result<Grant> authorize_followup(store::Connection& c, const Actor& actor, Action action, const Scope& scope);
bool may_somewhere_followup(const Actor& actor, Action action);

} // namespace ks::service
