// Storage of user tasks (migration 0023). A task has a global id (the API's), the engine's local
// id within its case, the function and scope unit it is assigned to, and a version for optimistic
// concurrency: closing a task names the version the caller saw, and a stale version is a conflict.
// Functions take a Connection& inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "engine/runtime/state.hpp"
#include "store/case_archive.hpp"
#include "store/database.hpp"

namespace ks::store::tasks {

inline constexpr std::string_view kOpen = "open";
inline constexpr std::string_view kCompleted = "completed";
inline constexpr std::string_view kCancelled = "cancelled";

struct TaskRow {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::int64_t local_id = 0;
  std::string element;
  std::string step;
  std::string function;
  std::string scope_unit;
  std::string form_id;
  std::optional<std::string> item; // JSON of the multi-instance item.
  Instant opened_at;
  std::optional<Instant> due;
  std::string status; // kOpen, kCompleted, kCancelled.
  std::optional<std::string> completed_by;
  std::optional<Instant> completed_at;
  std::optional<std::string> submitted; // JSON of the values it was completed with.
  std::int64_t version = 1;
};

// Task ids name their case (migration 0082): a case takes its ids a block of kIdBlock at a time,
// and the task with the engine's local id L has the id first + (L - 1) % kIdBlock of the case's
// block (L - 1) / kIdBlock. The table task_blocks keeps each block's first id with its case, so
// that a task packed away with its ended case is found by its id without a row of its own.
inline constexpr std::int64_t kIdBlock = 64;

// Stores the tasks one operation opened (status open, version 1), several rows a statement, sent
// without waiting (Connection::send). `task_blocks` is the case's column as read with the case
// in this transaction (cases::Case::task_blocks); blocks the tasks need beyond it are taken and
// the column rewritten.
Status insert_opened(Connection& c, std::int64_t case_id, const std::optional<std::string>& task_blocks,
                     std::span<const engine::Task> opened);
// Stores one task as insert_opened does and returns its global id (for tests and tools).
Result<std::int64_t> insert(Connection& c, std::int64_t case_id, const engine::Task& task);

// The task with this global id, a row or packed (nullopt when there is none).
Result<std::optional<TaskRow>> find(Connection& c, std::int64_t id);

// Closes the open task (case_id, local_id) as completed or cancelled, bumping its version. With
// expected_version, a task whose version differs (or that is already closed) is a conflict;
// without, an already closed task is left as it is. completed_by/submitted may be empty.
struct Close {
  std::string_view status;
  std::optional<std::int64_t> expected_version;
  std::optional<std::string> completed_by;
  std::optional<std::string> submitted;
};
Status close(Connection& c, std::int64_t case_id, std::int64_t local_id, const Close& how, Instant now);

// The tasks of a case, oldest first (only the open ones when open_only), rows and packed ones.
// The open ones are those the case's row lists (cases.open_tasks, decision 0022) when it lists
// them, else the rows whose status is open.
Result<std::vector<TaskRow>> of_case(Connection& c, std::int64_t case_id, bool open_only);

// Packing (issue 8, migration 0072): an ended case's tasks are closed and only read from then on,
// so they move out of `tasks` into the case's archive (store/case_archive.hpp) — the rows as
// packed_text() writes them. find() and the audit's values still reach one by its global id: its
// case's id block names the case (task_blocks), and packed_tasks keeps the id with its case for a
// task whose id no block of its case gives (ids from before migration 0082). Only closed tasks are packed; packing again merges
// any closed since. Call inside a write transaction. pack_into() packs into `archived` (false:
// there was nothing to pack) for the caller to write; pack() reads and writes the archive itself.
Status pack(Connection& c, std::int64_t case_id);
Result<bool> pack_into(Connection& c, std::int64_t case_id, archive::Archive& archived);
// The packed tasks of an archive already read (the audit reads its records from the same one).
Result<std::vector<TaskRow>> of_archive(std::int64_t case_id, const archive::Archive& archived);
// The case whose archive holds the task with this id if it is packed: the one packed_tasks names
// it with, else the one whose id block it is in (nullopt: neither). The task may still be a row of
// `tasks` (its case has not ended): look there first.
Result<std::optional<std::int64_t>> case_of_packed(Connection& c, std::int64_t task_id);
// The packed form's text: the line "ks-tasks 1", then one line a task in id order, its columns
// in the table's order but for case_id, as store/packed_lines.hpp writes fields (NULL as \N).
std::string packed_text(const std::vector<TaskRow>& tasks);

// Where a person may act: holding `function` in unit `scope_unit`.
struct Assignment {
  std::string function;
  std::string scope_unit;
};
// Tasks with the given status assigned to any of `assignments` (the inbox; packed tasks, closed
// ones of ended cases, are not listed), by due date (tasks without a due date last), then id:
// `limit` of them after the first `offset`: the page's ids first, then only their rows. Open
// tasks through the partial index tasks_open_inbox, others through tasks_inbox (function,
// scope_unit, status).
Result<std::vector<TaskRow>> for_assignments(Connection& c, const std::vector<Assignment>& assignments,
                                             std::string_view status, std::size_t limit, std::size_t offset = 0);

// How many open tasks for_assignments() has in all, and how many of them were due before `now`
// (an inbox's count and its overdue ones, whatever page is shown). From tasks_open_inbox alone.
struct OpenCounts {
  std::int64_t total = 0;
  std::int64_t overdue = 0;
};
Result<OpenCounts> count_open_for_assignments(Connection& c, const std::vector<Assignment>& assignments, Instant now);

} // namespace ks::store::tasks
