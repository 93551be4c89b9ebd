// Use cases on a case's activity, time and communication plan (steps 28-32): read it, change its
// activities, communication and phase-out items, record its anchoring in the LPO (29), assign a
// joint activity to a grouping (31) and report progress on an activity (30, 32). Each change is
// one transaction with its audit record; the plan is created with the case's first change to it.
//
// Permissions (service/followup_permissions.hpp): reading is plan.read; changing the plan is
// plan.edit; anchoring is lpo.act in the case's LPO (or plan.edit for an administrator); assigning
// is decision.decide in the assigning body (or plan.edit for an administrator); reporting is
// plan.report for the activity's principal or grouping. Errors: not_found for an unknown case,
// activity or item (also one of another case's plan); invalid_input naming the field
// (domain/plan.hpp); unauthenticated/forbidden.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/plan.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/case_store.hpp"
#include "store/plan_store.hpp"

namespace ks::service {

struct PlanActivityView {
  store::plans::Activity activity;
  std::vector<store::plans::Report> reports; // Oldest first.
  bool overdue = false;                      // domain::activity_overdue on today.
};

struct PlanView {
  store::cases::Case case_summary; // Without state.
  std::string knowledge_support_title;
  std::optional<store::plans::Plan> plan; // nullopt until the first change.
  std::vector<PlanActivityView> activities;
  std::vector<store::plans::Communication> communications;
  std::vector<store::plans::PhaseOut> phase_outs;
  bool may_edit = false;
};

Result<PlanView> plan_view(Context& ctx, const Actor& actor, std::int64_t case_id);

Result<std::int64_t> add_activity(Context& ctx, const Actor& actor, std::int64_t case_id, const domain::ActivityInput& in);
Status update_activity(Context& ctx, const Actor& actor, std::int64_t case_id, std::int64_t activity_id,
                       const domain::ActivityInput& in);
Status delete_activity(Context& ctx, const Actor& actor, std::int64_t case_id, std::int64_t activity_id);

Result<std::int64_t> add_communication(Context& ctx, const Actor& actor, std::int64_t case_id,
                                       const domain::CommunicationInput& in);
Status delete_communication(Context& ctx, const Actor& actor, std::int64_t case_id, std::int64_t id);
Result<std::int64_t> add_phase_out(Context& ctx, const Actor& actor, std::int64_t case_id, const domain::PhaseOutInput& in);
Status delete_phase_out(Context& ctx, const Actor& actor, std::int64_t case_id, std::int64_t id);

struct Anchoring {
  std::string by; // Who anchored it: the LPO and its chair's name or function. Required.
  std::string on; // "YYYY-MM-DD". Required.
  std::string note;
};
// Step 29. Errors also invalid_input "by" / "on".
Status anchor_plan(Context& ctx, const Actor& actor, std::int64_t case_id, const Anchoring& in);

struct Assignment31 {
  std::string to; // The grouping (unit id): Länsledningen itself, a working group, an LSG. Required.
  std::string by; // Länsledningen or the steering group (unit id). Required.
  std::string on; // "YYYY-MM-DD". Required.
};
// Step 31, joint activities only (invalid_input "activity_id" for an internal one).
Status assign_activity(Context& ctx, const Actor& actor, std::int64_t case_id, std::int64_t activity_id,
                       const Assignment31& in);

// Steps 30/32: a report sets the activity's status. Errors also invalid_input "status".
Result<std::int64_t> report_activity(Context& ctx, const Actor& actor, std::int64_t case_id, std::int64_t activity_id,
                                     domain::ActivityStatus status, const std::string& note);

} // namespace ks::service
