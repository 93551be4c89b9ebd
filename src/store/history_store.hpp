// A case's history (migration 0023): what happened, in order (seq 1, 2, 3... per case), when, by
// whom (the actor: a username, or "system" for timers), with the engine's details as JSON.
// Appended in the same transaction as the change it records. Functions take a Connection&.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "engine/runtime/changes.hpp"
#include "store/database.hpp"

namespace ks::store::history {

struct Event {
  std::int64_t seq = 0;
  Instant at;
  std::string kind;
  std::string element;
  std::string step;
  std::string actor;
  std::string data; // JSON text.
};

// What a task's row (tasks table) holds that its task_opened and task_completed events repeat.
struct TaskRowFacts {
  std::int64_t local_id = 0;
  std::string function;
  std::string scope_unit;
  std::optional<Instant> due;
  std::optional<std::string> item;      // JSON text, as in tasks.item.
  std::optional<std::string> submitted; // JSON text, as in tasks.submitted.
};

// The data of a task_opened or task_completed event, written again from its task's row:
// task_opened {"task", "function", "scope", "due" (when set), "item" (when set)};
// task_completed {"task", "values" (the submitted values)}.
nlohmann::json task_event_data(std::string_view kind, const TaskRowFacts& row);

// Compact storage (issue 8): a task_opened or task_completed event whose data task_event_data()
// gives back exactly from its task's row is stored as {"task": N} only — who, what, when and which
// task stay in the event's columns; the values and the assignment are kept once, in the row.
// of_case() puts the data back, so readers see the engine's events unchanged. Events whose data
// differ in any way (or whose task is not in `rows`) are stored as they are.
void compact_task_events(std::vector<engine::HistoryEvent>& events, const std::vector<TaskRowFacts>& rows);

// Appends the engine's events after the case's last one, as one row (call with the case locked).
Status append(Connection& c, std::int64_t case_id, const std::vector<engine::HistoryEvent>& events,
              std::string_view actor, Instant at);

// The case's events in order, packed ones first, compact events with their data put back (one
// more query when the case has any). A row or packed text that cannot be read is an internal
// error naming the case, the row and the event.
Result<std::vector<Event>> of_case(Connection& c, std::int64_t case_id);

// Packing (issue 8, migration 0070): a case that has ended is read, never written to by the
// engine again, so its events move out of case_history into one row of case_history_packed —
// the events as packed_text() writes them, a zstd frame (≈25 KB of rows become ≈4 KB; on
// PostgreSQL since migration 0084, text compressed by TOAST before), with the dictionary of the
// case's definition when it has one (pack_dictionary.hpp). Events appended later (an attachment
// to a task) are rows again, and of_case() reads both as one sequence. Packing again merges them
// in. Call inside the write transaction that ends the case.
Status pack(Connection& c, std::int64_t case_id);

// Ended cases (completed or terminated) that still have history rows — cases that ended before
// migration 0070 — with ids above `after_id`, in id order, at most `limit`.
Result<std::vector<std::int64_t>> ended_with_rows(Connection& c, std::int64_t after_id, std::size_t limit);

// The text of a case_history row (migration 0073): one line an event of the operation, kind,
// element, step and data separated by tabs and escaped as the packed form's fields are. The row's
// columns hold what the operation's events share (through_seq, the last event's number; at;
// actor). Appends one event's line to `text` (bench seed data writes rows this way).
void append_operation_line(std::string& text, std::string_view kind, std::string_view element, std::string_view step,
                           std::string_view data);

// The packed form's text: the line "ks-history 1", then one line an event, in order:
// seq, at (ms), kind, element, step, actor and data (the event's JSON text as it is), separated by
// tabs, with a backslash, tab or newline within a field written \\, \t, \n. (Read with a scan, no
// JSON parser: a case page reads a finished case's ≈250 events this way.)
std::string packed_text(const std::vector<Event>& events);

// How many events of `kind` the case has (tests and checks).
Result<std::int64_t> count(Connection& c, std::int64_t case_id, std::string_view kind);

} // namespace ks::store::history
