// Follow-up of a case (step 33): continuous follow-up entries by each principal, notes of the
// yearly follow-up, and the summary the LPO's yearly follow-up task shows — indicator trends per
// principal and the status of the plan's activities, filled in from what is stored.
//
// followup_summary_json() is the view model of templates/partials/followup_summary.mustache, which
// the task page includes for the follow-up task (`followup`, `ro_followup`, `da_followup`; see
// is_followup_element) and the plan page shows too.
//
// Permissions: reading is plan.read; a continuous entry for a principal is plan.report for that
// principal; a yearly entry (no principal) is plan.edit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/actor.hpp"
#include "service/context.hpp"
#include "service/indicator_service.hpp"
#include "service/plan_service.hpp"
#include "store/followup_store.hpp"

namespace ks::service {

struct FollowupEntryInput {
  std::optional<std::string> principal_id; // Set: a principal's continuous follow-up.
  std::string on_date;                     // "YYYY-MM-DD"; empty: today.
  std::string text;                        // Required.
  std::string adjustments;
};
// Errors: not_found for an unknown case; invalid_input "text", "on_date", "principal_id";
// unauthenticated/forbidden.
Result<std::int64_t> add_followup_entry(Context& ctx, const Actor& actor, std::int64_t case_id, const FollowupEntryInput& in);

struct ActivityCounts {
  std::size_t planned = 0, ongoing = 0, done = 0, cancelled = 0, overdue = 0;
  std::size_t total() const { return planned + ongoing + done + cancelled; }
};

struct FollowupSummary {
  std::int64_t case_id = 0;
  std::int64_t knowledge_support_id = 0;
  std::string knowledge_support_title;
  std::string today; // "YYYY-MM-DD" the summary was made for.
  std::vector<IndicatorSeries> indicators;
  ActivityCounts joint;
  ActivityCounts internal;
  PlanView plan;
  std::vector<store::followups::Entry> entries; // Newest first.
};
// not_found for an unknown case.
Result<FollowupSummary> followup_summary(Context& ctx, const Actor& actor, std::int64_t case_id);

// The summary as the partial template and the API show it.
nlohmann::json followup_summary_json(const FollowupSummary& s);

// True for the user tasks of the shipped routines that are the yearly follow-up.
bool is_followup_element(std::string_view element);

// Counts over activities (shared with the situation analysis).
ActivityCounts count_activities(const std::vector<PlanActivityView>& activities, bool joint);

} // namespace ks::service
