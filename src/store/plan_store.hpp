// Storage of activity, time and communication plans (migration 0040): one plan per case with its
// activities, progress reports, communication items and phase-out items. Every function takes a
// Connection& inside the caller's transaction; not_found where a row addressed by id is missing.
// The rows are checked by src/domain/plan.hpp before they get here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/plan.hpp"
#include "store/database.hpp"

namespace ks::store::plans {

struct Plan {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::optional<std::string> anchored_by; // Step 29: who anchored the plan in the LPO...
  std::optional<std::string> anchored_on; // ...on which date.
  std::string anchoring_note;
  std::int64_t version = 1;
  std::string created_by;
  Instant created_at;
  Instant updated_at;
};

struct Activity {
  std::int64_t id = 0;
  std::int64_t plan_id = 0;
  domain::ActivityInput fields;
  std::optional<std::string> assigned_to; // Step 31: the grouping (unit id) given a joint activity,
  std::optional<std::string> assigned_by; // by Länsledningen or a steering group (unit id),
  std::optional<std::string> assigned_on; // on this date.
  Instant updated_at;
};

struct Report {
  std::int64_t id = 0;
  std::int64_t activity_id = 0;
  domain::ActivityStatus status = domain::ActivityStatus::ongoing;
  std::string note;
  std::string reported_by;
  Instant reported_at;
};

struct Communication {
  std::int64_t id = 0;
  domain::CommunicationInput fields;
};

struct PhaseOut {
  std::int64_t id = 0;
  domain::PhaseOutInput fields;
};

Result<std::optional<Plan>> find(Connection& c, std::int64_t plan_id);
Result<std::optional<Plan>> for_case(Connection& c, std::int64_t case_id);
// The case's plan, created (empty) when it has none; returns it.
Result<Plan> ensure_for_case(Connection& c, std::int64_t case_id, std::string_view created_by, Instant now);
// Records step 29 and bumps the plan's version.
Status set_anchoring(Connection& c, std::int64_t plan_id, std::string_view by, std::string_view on,
                     std::string_view note, Instant now);
// Bumps the plan's version and updated_at (every change to its parts calls it).
Status touch(Connection& c, std::int64_t plan_id, Instant now);

Result<std::int64_t> add_activity(Connection& c, std::int64_t plan_id, const domain::ActivityInput& in, Instant now);
Status update_activity(Connection& c, std::int64_t activity_id, const domain::ActivityInput& in, Instant now);
Status set_activity_status(Connection& c, std::int64_t activity_id, domain::ActivityStatus status, Instant now);
Status assign_activity(Connection& c, std::int64_t activity_id, std::string_view to, std::string_view by,
                       std::string_view on, Instant now);
// Removes the activity and its reports.
Status delete_activity(Connection& c, std::int64_t activity_id);
Result<std::optional<Activity>> find_activity(Connection& c, std::int64_t activity_id);
// The plan's activities by start date (undated last), then id.
Result<std::vector<Activity>> activities(Connection& c, std::int64_t plan_id);

Result<std::int64_t> add_report(Connection& c, const Report& r);
// The reports on the plan's activities, oldest first.
Result<std::vector<Report>> reports(Connection& c, std::int64_t plan_id);

Result<std::int64_t> add_communication(Connection& c, std::int64_t plan_id, const domain::CommunicationInput& in);
Status delete_communication(Connection& c, std::int64_t plan_id, std::int64_t id);
Result<std::vector<Communication>> communications(Connection& c, std::int64_t plan_id);

Result<std::int64_t> add_phase_out(Connection& c, std::int64_t plan_id, const domain::PhaseOutInput& in);
Status delete_phase_out(Connection& c, std::int64_t plan_id, std::int64_t id);
Result<std::vector<PhaseOut>> phase_outs(Connection& c, std::int64_t plan_id);

} // namespace ks::store::plans
