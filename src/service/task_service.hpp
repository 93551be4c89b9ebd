// Use cases on tasks (issue 5): the inbox, one task with its form, and completing a task with
// optimistic concurrency. A task for FUNCTION@UNIT belongs to whoever holds that function there
// today (task_assignment.hpp); completing it needs the same (task.complete).
//
// complete_task is one transaction: the task read, its case locked (SELECT ... FOR UPDATE on
// PostgreSQL; SQLite's write lock), the task read again and its version checked (stale or closed:
// conflict → HTTP 409), the values validated against the task's form (every problem at once:
// field_errors.hpp → 422), the engine run, and everything it changed stored with the actor's
// history and audit record. Of two concurrent completions of one task exactly one succeeds; the
// other gets conflict and records nothing. A rejected completion stores nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/library.hpp"
#include "engine/runtime/changes.hpp"
#include "service/actor.hpp"
#include "service/case_service.hpp"
#include "service/context.hpp"
#include "service/field_errors.hpp"
#include "service/permissions.hpp"

namespace ks::service {

// An inbox line: the task, who has it, and its case.
struct InboxItem {
  TaskView view;
  store::cases::Case case_summary; // Without state.
  std::string knowledge_support_title;
};

// A page of an inbox: its lines, and how many open tasks and overdue ones the inbox has in all.
struct InboxPage {
  std::vector<InboxItem> items;
  std::int64_t total = 0;   // Open tasks of the actor's functions, on every page.
  std::int64_t overdue = 0; // Of them, due before now.
  std::size_t offset = 0;   // Lines before this page's first.
  std::size_t limit = 0;    // Lines a page holds.
};

// The inbox's page size on the web, and the most lines a page may hold (the API's `limit`, as
// its other lists').
inline constexpr std::size_t kInboxPageSize = 25;
inline constexpr std::size_t kInboxMaxPageSize = 500;

// The open tasks of the actor's current functions, by due date (tasks without one last), then
// id: `limit` (1..kInboxMaxPageSize) of them after the first `offset`, with the inbox's counts,
// all read at one moment. Errors: unauthenticated; invalid_input (field "limit") for a limit
// outside 1..kInboxMaxPageSize.
Result<InboxPage> my_tasks(Context& ctx, const Actor& actor, std::size_t offset = 0,
                           std::size_t limit = kInboxPageSize);

struct TaskDetail {
  TaskView view;
  store::cases::Case case_summary;
  std::string knowledge_support_title;
  nlohmann::json form;      // The Camunda Forms JSON of the task's form (newest version), or null.
  nlohmann::json variables; // The case's variables (for options from valuesKey, and context).
  bool may_complete = false; // The actor holds the task's function in its unit.
  bool may_attach = false;   // Open, and the actor may add documents to it (task_attachments.hpp).
  std::vector<store::documents::DocumentInfo> documents; // Attached to this task, oldest first.
};
// not_found for an unknown task. Holders of the task's function in its unit may read it; others
// need case.read in the case's region, or case.manage for an open task addressed to a
// municipality (another municipality's answer in the making stays private).
Result<TaskDetail> task_detail(Context& ctx, const Actor& actor, std::int64_t task_id);

// A task read under its case's lock (cs::lock: FOR UPDATE on PostgreSQL, SQLite's write lock),
// for changes to a task: read, lock the case, read the task again, since another change may have
// committed meanwhile. not_found for an unknown task. Shared by complete_task and attach_to_task.
// The case is read without its state (record.fields.state is empty): cs::state_text reads it
// when needed (complete_task usually has it parsed in the state cache).
struct LockedTask {
  store::cases::Case record;
  store::tasks::TaskRow task;
};
Result<LockedTask> lock_task(store::Connection& c, std::int64_t task_id);

// The scope of task.complete for this actor on the task: its function in its unit, or — when the
// actor holds it on behalf of the task's unit as principal — the unit where that is held.
Scope task_complete_scope(const Actor& actor, const store::tasks::TaskRow& task, const store::cases::Case& record);

struct CompleteTask {
  std::int64_t task_id = 0;
  std::int64_t version = 0; // The version the actor saw (TaskRow::version).
  nlohmann::json values = nlohmann::json::object();
};
struct CompletedTask {
  std::int64_t task_id = 0;
  CaseStep step;
};
// Errors: not_found for an unknown task; conflict for a stale version or a closed task;
// invalid_input with field "values" and every field error (field_errors.hpp); invalid_input
// "values" when values is not an object; unauthenticated/forbidden; the engine's invalid_input
// when the routine cannot continue with these values.
Result<CompletedTask> complete_task(Context& ctx, const Actor& actor, const CompleteTask& in);

// Where complete_task runs the engine (issue 8). The SQLite group commit runs write transactions
// one after another on one core; while it is busy with others, a completion validates the values,
// runs the engine and writes and compresses the new state ahead, in a read transaction, and the
// write transaction only checks that the task and the case are still at the versions that was
// computed from (else computes it again inside, as when the writer is idle) and stores it.
// `adaptive` is the default; the others are for tests and benchmarks that compare the two.
enum class CompletionPath { adaptive, inside, ahead };
class CompletionPathFor { // Sets the path while it lives.
public:
  explicit CompletionPathFor(CompletionPath path);
  ~CompletionPathFor();
  CompletionPathFor(const CompletionPathFor&) = delete;
  CompletionPathFor& operator=(const CompletionPathFor&) = delete;

private:
  CompletionPath m_before;
};

// A completion computed from a case's state: the values as validated, and the engine's changes.
struct ComputedCompletion {
  Instant now;
  nlohmann::json values;
  engine::Changes changes;
};
// A completion computed ahead of its write transaction, and what it was computed from.
struct PreparedCompletion {
  std::int64_t task_id = 0;
  std::int64_t task_version = 0;
  std::int64_t case_id = 0;
  std::int64_t case_version = 0; // The version of the state it was computed from.
  std::shared_ptr<const engine::ProcessLibrary> library;
  ComputedCompletion computed;
  store::cases::StoredState stored; // computed.changes.state as stored.
};
// nullopt when it cannot be computed ahead (the task is not open at that version, the values do
// not validate, ...): the write transaction then finds out and answers as it always did.
std::optional<PreparedCompletion> prepare_completion(Context& ctx, const CompleteTask& in);
// complete_task with a completion computed ahead: used when the task and its case are still at
// its versions, else computed again inside.
Result<CompletedTask> complete_task(Context& ctx, const Actor& actor, const CompleteTask& in,
                                    std::optional<PreparedCompletion> prepared);

// How many completions used the one computed ahead, and how many computed again inside.
struct CompletionCounts {
  std::uint64_t ahead_used = 0;
  std::uint64_t ahead_discarded = 0;
};
CompletionCounts completion_counts();

} // namespace ks::service
