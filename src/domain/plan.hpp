// The activity, time and communication plan of a case (step 28 of the Västernorrland routine):
// activities (joint for the county, or internal to one principal), communication items and
// phase-out items (what stops being done because the new way replaces it). Pure: keys for storage
// and the API, Swedish labels for pages, and the checks that need no database.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ks::domain {

// Joint for the county (gemensam, länsgemensam) or internal to one principal (intern).
enum class ActivityScope { joint, internal };
std::string_view to_key(ActivityScope s);
std::string_view label_sv(ActivityScope s);
std::optional<ActivityScope> parse_activity_scope(std::string_view key);

enum class ActivityStatus { planned, ongoing, done, cancelled };
std::string_view to_key(ActivityStatus s);
std::string_view label_sv(ActivityStatus s);
std::optional<ActivityStatus> parse_activity_status(std::string_view key);

// An activity as entered. Dates are "YYYY-MM-DD".
struct ActivityInput {
  std::string title;
  std::string description;
  ActivityScope scope = ActivityScope::joint;
  std::optional<std::string> principal_id; // The principal's unit id; internal activities only.
  std::string responsible;                 // The responsible group or function (never a person).
  std::optional<std::string> start_date;
  std::optional<std::string> end_date;
  ActivityStatus status = ActivityStatus::planned;
  std::string gap_finding; // Which finding of the gap analysis the activity answers.
};

// Errors (invalid_input naming the field): title empty or over 300 characters ("title"); an
// internal activity without a principal, or a joint one with one ("principal_id"); a principal id
// that is not "region-NN" or "municipality-NNNN" ("principal_id"); dates not YYYY-MM-DD
// ("start_date", "end_date"); end before start ("end_date").
Status check_activity(const ActivityInput& in);

struct CommunicationInput {
  std::string audience; // Required.
  std::string channel;  // Intranet, network meeting, letter...
  std::optional<std::string> planned_on;
  std::string message;
};
// Errors: "audience" empty; "planned_on" not a date.
Status check_communication(const CommunicationInput& in);

struct PhaseOutInput {
  std::string practice;    // What stops being done. Required.
  std::string replaced_by; // The new way that replaces it.
  std::optional<std::string> principal_id; // Empty: county-wide.
  std::optional<std::string> by_date;
};
// Errors: "practice" empty; "principal_id" malformed; "by_date" not a date.
Status check_phase_out(const PhaseOutInput& in);

// True for "YYYY-MM-DD" naming a real calendar day.
bool is_date(std::string_view text);
// True for a principal's unit id: "region-NN" or "municipality-NNNN" (digits).
bool is_principal_id(std::string_view id);

// An activity is overdue on `today` when it has an end date before today and is neither done nor
// cancelled.
bool activity_overdue(ActivityStatus status, const std::optional<std::string>& end_date, std::string_view today);

} // namespace ks::domain
