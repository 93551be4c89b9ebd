// Use cases on cases (process instances) of issue 5: start a case for a knowledge support on a
// region's routine, read it (status, where it stands, who has it, variables, documents, diary,
// history), and deliver a message to it (the national decision, step 8 → 9). Each change is one
// transaction: the case row locked (FOR UPDATE on PostgreSQL), the engine run on its state, and
// everything the engine changed stored with its history and audit record (case_changes.hpp).
//
// Permissions (service/permissions.hpp): starting a case and delivering a message are
// case.register in the case's region; reading is case.read.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/actor.hpp"
#include "service/context.hpp"
#include "service/knowledge_support_service.hpp"
#include "store/case_store.hpp"
#include "store/diary_store.hpp"
#include "store/document_store.hpp"
#include "store/history_store.hpp"
#include "store/knowledge_support_store.hpp"
#include "store/notification_store.hpp"
#include "store/task_store.hpp"
#include "store/timer_store.hpp"

namespace ks::service {

struct StartCase {
  std::int64_t knowledge_support_id = 0;
  std::string routine;   // Process id: "vasternorrland", "dalarna", "region-only".
  std::string region_id; // "region-22".
  std::optional<std::string> lpo_id;
  // Start variables replacing the derived ones (case_variables.hpp); usually empty.
  nlohmann::json variables = nlohmann::json::object();
};

struct StartedCase {
  std::int64_t case_id = 0;
  std::string diary_number; // The case's incoming registration (step 2).
};

// Starts the routine (steps 1-2: the engine's start, then the diary registration) in one
// transaction. A case whose routine registers nothing at its start still gets a diary entry, so
// that every case has a number. Errors: not_found for an unknown knowledge support;
// invalid_input "routine" for a process that is not deployed, "region_id"/"lpo_id"/"variables"
// (case_variables.hpp), or the engine's when the routine cannot start; unauthenticated/forbidden.
Result<StartedCase> start_case(Context& ctx, const Actor& actor, const StartCase& in);

// What one change did to a case.
struct CaseStep {
  std::int64_t case_id = 0;
  std::string status; // engine::CaseStatus key.
  std::string phase;  // domain::phase_of_step key, "completed" or "terminated".
  std::vector<std::string> diary_numbers; // Registered by this change.
};

struct CaseMessage {
  std::int64_t case_id = 0;
  std::string name;                                      // Message name: "national_decision".
  nlohmann::json payload = nlohmann::json::object();     // Its members become case variables.
  std::optional<Upload> document;                        // Linked to the diary entry it causes.
};
// Delivers the message to the case (engine::correlate_message) and stores the result; a message
// whose handling registers nothing in the diary still gets an incoming entry. Errors: not_found for
// an unknown case; conflict when the case is not waiting for this message; invalid_input
// "payload" when it is not an object; unauthenticated/forbidden.
Result<CaseStep> correlate_message(Context& ctx, const Actor& actor, const CaseMessage& in);

// A task as listed on a case or in an inbox: who holds it today and whether it is overdue.
struct TaskView {
  store::tasks::TaskRow task;
  std::vector<store::structure::Holding> assignees;
  bool overdue = false;
};

struct CaseDetail {
  store::cases::Case record; // fields.state holds the engine state JSON.
  store::knowledge_supports::KnowledgeSupport knowledge_support;
  nlohmann::json variables;
  std::vector<TaskView> open_tasks;
  std::vector<store::timers::TimerRow> timers;
  std::vector<std::string> waiting_for_messages;
  std::vector<store::documents::DocumentInfo> documents;
  std::vector<store::diary::Entry> diary;
  std::vector<store::notifications::Notification> notifications;
};
// not_found for an unknown case.
Result<CaseDetail> case_detail(Context& ctx, const Actor& actor, std::int64_t case_id);

// A page of the cases matching the filter that the actor may read, newest first: `filter.limit`
// of them after the first `filter.offset`, and how many there are on every page.
struct CaseList {
  std::vector<store::cases::Case> cases;
  std::int64_t total = 0;
};
Result<CaseList> list_cases(Context& ctx, const Actor& actor, const store::cases::Filter& filter);

// The case's history in order; not_found for an unknown case.
Result<std::vector<store::history::Event>> case_history(Context& ctx, const Actor& actor, std::int64_t case_id);

// `ks history pack`: packs the history of every ended case that still has history rows, then
// archives every ended case with a state in its row, closed task rows or audit rows (cases that
// ended before migrations 0070 and 0072; a case ending since is packed and archived as it ends),
// `batch` cases a write transaction, each batch recorded in the audit log as "history.pack" or
// "case.archive" by "system" with the cases' ids. Nothing is read differently afterwards
// (store/history_store.hpp, store/case_archive.hpp). Returns how many cases had their history
// packed and how many were archived; `progress` (may be empty) is told after each batch.
struct PackedCases {
  std::int64_t histories = 0;
  std::int64_t archived = 0;
};
Result<PackedCases> pack_ended_cases(Context& ctx, std::size_t batch = 200,
                                     const std::function<void(std::int64_t)>& progress = {});

// Notifications (the routine's `notify` actions) to the functions the actor holds today, newest
// first; resolved like tasks (task_assignment.hpp).
Result<std::vector<store::notifications::Notification>> my_notifications(Context& ctx, const Actor& actor,
                                                                         std::size_t limit = 100);

// Assignees and overdue flag for task rows (shared with task_service).
Result<std::vector<TaskView>> task_views(store::Connection& c, std::vector<store::tasks::TaskRow> rows,
                                         std::string_view today, Instant now);

} // namespace ks::service
