// The permission model: what a person may do follows from the functions they hold today, scoped to
// the unit each function belongs to. Deny by default: an action not granted by a rule below is
// refused. Authentication (password, API token, later OIDC/SAML) only says who the person is
// (docs/decisions/0006-authentication-and-permissions.md).
//
// Rules (function@unit current today; "admin" = administrator account flag or function):
//   structure.read            any signed-in person
//   structure.manage          admin
//   accounts.manage           admin
//   routines.manage           admin
//   audit.read                admin; for one case (scope.case_id + region): coordinator of the region
//   case.read                 setting permissions.case_read: "region" (default: anyone holding a
//                             function in a unit of the case's county), "signed_in", "participants"
//                             (a function in one of the scope's units); admin always
//   case.register             coordinator or registrar of the region; coordinator of an association
//                             (municipalities' association) in the region's county
//   case.manage               coordinator of the region; coordinator of an association in the county
//   lpo.act                   chair or vice chair of the case's LPO
//   municipality.answer       contact of the municipality (own municipality only)
//   decision.decide           chair, vice chair, member or representative of the deciding body
//                             (Länsledningen, a steering group)
//   principal_decision.record representative of that principal (a slot held for scope.principal_id)
//   task.complete             holds scope.function in scope.unit_id, or on behalf of scope.unit_id as
//                             principal (representative@municipality-2281); object-level, so another
//                             municipality's task is refused whatever id is sent
//   plan.read, plan.edit, plan.report, indicator.import, report.read: service/followup_permissions.hpp
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "service/actor.hpp"
#include "store/database.hpp"

namespace ks::service {

enum class Action {
  structure_read,
  structure_manage,
  accounts_manage,
  routines_manage,
  audit_read,
  case_read,
  case_register,
  case_manage,
  lpo_act,
  municipality_answer,
  decision_decide,
  principal_decision_record,
  task_complete,
  plan_read,        // Implementation plans, indicators and reports (issue 7):
  plan_edit,        // rules in service/followup_permissions.hpp.
  plan_report,
  indicator_import,
  report_read,
};

// "case.read" etc., as used in the route table.
std::string_view to_string(Action action);
std::optional<Action> parse_action(std::string_view name);
std::span<const Action> all_actions();

// The object an action is about, by the units it belongs to. Empty fields are "not applicable".
struct Scope {
  std::string region_id;       // The case's region ("region-22").
  std::string lpo_id;          // The case's LPO.
  std::string municipality_id; // The municipality an answer is for.
  std::string principal_id;    // The principal whose decision is recorded.
  std::string body_id;         // The deciding body (Länsledningen, a steering group).
  std::string function;        // task.complete: the function the task is assigned to...
  std::string unit_id;         // ...in this unit (the task's scope unit).
  std::string case_id;         // For the audit record.
};

// Which function (or role) granted an action: recorded in the audit log as "acting in".
struct Grant {
  std::string function; // "coordinator", "contact", "admin", "signed_in", "reader".
  std::string unit_id;  // Where the function is held; empty for admin and signed_in.
  std::string describe() const; // "contact@municipality-2281", "admin".
};

// Decides whether actor may do action on the object in scope. Errors: unauthenticated for an
// anonymous actor; forbidden (naming the action) when no rule grants it; invalid_input when the
// scope lacks what the action needs (e.g. task.complete without function/unit); the database's
// errors. Reads the units of the scope and the setting permissions.case_read.
Result<Grant> authorize(store::Connection& c, const Actor& actor, Action action, const Scope& scope);

// Which cases case.read grants the actor, for a list to ask for those only (authorize() still
// decides each case it shows):
//   everything     an administrator, or anyone by the setting "signed_in";
//   regions        by the setting "region" (the default): the regions of the counties the actor
//                  holds a function in (`units`);
//   participation  by the setting "participants": the cases whose region or LPO is a unit the
//                  actor holds a function in (`units`), as case_scope() and authorize() decide
//                  a case (its region, its LPO).
struct CaseReadFilter {
  enum class By { everything, regions, participation };
  By by = By::everything;
  std::vector<std::string> units;
};
Result<CaseReadFilter> case_read_filter(store::Connection& c, const Actor& actor);

// Route-level check, before the object is known: whether some scope could grant the action to this
// actor (e.g. a contact somewhere may answer somewhere). The object-level authorize() still decides.
bool may_somewhere(const Actor& actor, Action action);

// The setting for case.read: "region", "signed_in" or "participants".
inline constexpr std::string_view kCaseReadSetting = "permissions.case_read";

} // namespace ks::service
