// Storage of cases (process instances, migration 0023): the knowledge support, region and routine
// a case runs, the definition version it is pinned to, and the engine's state JSON.
//
// A change to a case locks it first (lock(): SELECT ... FOR UPDATE on PostgreSQL; SQLite's write
// transaction already holds the database lock), so changes to one case are serialised across
// threads and `ks serve` processes. Functions take a Connection& inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/case_archive.hpp"
#include "store/database.hpp"

namespace ks::store::cases {

struct NewCase {
  std::int64_t knowledge_support_id = 0;
  std::string region_id;
  std::string routine;        // The process id.
  std::int64_t definition_id = 0;
  std::string status;         // engine::CaseStatus key.
  std::string current_phase;  // domain::phase_of_step key.
  std::string state;          // engine state JSON text.
  std::string started_by;
  // The case's LPO (the state's variable "lpo", migration 0081), for lists; nullopt: none.
  std::optional<std::string> lpo_id;
};

struct Case {
  std::int64_t id = 0;
  NewCase fields;
  std::string diary_number;
  std::int64_t version = 1;
  Instant started_at;
  Instant updated_at;
  std::optional<Instant> ended_at;
  // The first ids of the blocks of task ids the case has taken (migration 0082, task_store.hpp's
  // insert_opened), as open_tasks_text() writes a list; nullopt: none yet.
  std::optional<std::string> task_blocks;
};

Result<std::int64_t> insert(Connection& c, const NewCase& in, Instant now);

// The case, without locking.
Result<std::optional<Case>> find(Connection& c, std::int64_t id);
// The case, locked for the rest of the transaction (PostgreSQL FOR UPDATE).
Result<std::optional<Case>> lock(Connection& c, std::int64_t id);
// The same without the state (left empty): for those that need the case's columns only. The
// state is the row's largest value, and on SQLite a compressed one (issue 8).
Result<std::optional<Case>> find_summary(Connection& c, std::int64_t id);
Result<std::optional<Case>> lock_summary(Connection& c, std::int64_t id);
// The case's state as text (decompressed, or archived); not_found when the case does not exist.
Result<std::string> state_text(Connection& c, std::int64_t id);

// An ended case's final state moves into its archive (issue 8, migration 0072,
// store/case_archive.hpp): the row keeps an empty state, and find(), lock() and state_text()
// read the archived one. Puts it into `archived` for the caller to write (false: the row had none
// to move). Call inside a write transaction, once the case has ended.
Result<bool> pack_state_into(Connection& c, std::int64_t id, archive::Archive& archived);

// A state as it is stored: on SQLite a zstd frame once it is large (compressed_text.hpp), else
// the text. Made ahead of the write transaction when the caller can (task completion, issue 8).
struct StoredState {
  Value value;
};
StoredState stored_state(Backend backend, std::string_view state);

// The case's status as read at `expected_version`, and the one to store.
struct StatusChange {
  std::string_view before;
  std::string_view now;
};
// The open_tasks column (migration 0078) for a state whose open tasks have these local ids.
std::string open_tasks_text(std::span<const std::int64_t> local_ids);
// The local ids open_tasks_text() wrote; nullopt for NULL or text it did not write.
std::optional<std::vector<std::int64_t>> open_tasks_of_text(const std::optional<std::string>& text);

// Stores a new state; conflict when the case's version is no longer `expected_version`. Bumps the
// version. ended_at is set when status is no longer "running". The status column is written only
// when it changes (its index is then left alone). `open_tasks`: open_tasks_text() of the state's
// open tasks, or nullopt to leave the column NULL (a state without them: tests of the store).
Status update_state(Connection& c, std::int64_t id, std::int64_t expected_version, const StatusChange& status,
                    std::string_view current_phase, std::string_view state, Instant now,
                    std::optional<std::string_view> open_tasks = std::nullopt);
Status update_state(Connection& c, std::int64_t id, std::int64_t expected_version, const StatusChange& status,
                    std::string_view current_phase, const StoredState& state, Instant now,
                    std::optional<std::string_view> open_tasks = std::nullopt);
Status set_diary_number(Connection& c, std::int64_t id, std::string_view number);
// The lpo_id column (migration 0081), when a change to the case set its variable "lpo" to
// something other than what the column holds (nullopt: no LPO).
Status set_lpo(Connection& c, std::int64_t id, const std::optional<std::string>& lpo_id);
// The variable "lpo" of an engine state's JSON text ({"vars":{"lpo":"…"}}); nullopt when the
// state has none, or it is not text.
std::optional<std::string> lpo_of_state(std::string_view state);
// The engine's next local task id in a state's JSON text ({"next_task":N}: every task with a
// lower local id was opened); nullopt when the text has none.
std::optional<std::int64_t> next_task_of_state(std::string_view state);
// Migration 0081's own step: the lpo_id of every case stored before it, from its state (the
// column's, decompressed, or the archived one). Returns how many cases have an LPO.
Result<std::int64_t> fill_lpo_ids(Connection& c);

struct Filter {
  std::optional<std::string> region_id;
  std::vector<std::string> region_ids; // Any of these regions; empty: any region.
  // Cases whose region or LPO is one of these (case.read by the setting "participants"); empty:
  // no such condition.
  std::vector<std::string> participant_units;
  std::optional<std::string> status;
  std::optional<std::string> routine;
  std::optional<std::string> phase;
  std::optional<std::int64_t> knowledge_support_id;
  std::size_t limit = 100;
  std::size_t offset = 0;
};
// Cases matching the filter, newest first; `state` is left empty in the results.
Result<std::vector<Case>> list(Connection& c, const Filter& f);

// How many cases match the filter (its limit and offset aside) in each region that has any,
// ordered by region id.
struct RegionCount {
  std::string region_id;
  std::int64_t cases = 0;
};
Result<std::vector<RegionCount>> count_by_region(Connection& c, const Filter& f);
// How many cases match the filter in all (its limit and offset aside). For `participant_units`
// (an OR of the region's and the LPO's index): grouped by region, SQLite would read every case
// in the region index's order instead (200 ms at national scale, 2 ms this way).
Result<std::int64_t> count(Connection& c, const Filter& f);

} // namespace ks::store::cases
