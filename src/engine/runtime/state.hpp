// The state of one case (process instance): everything the engine needs to continue it, and
// nothing else, so that it serialises to a few kilobytes of JSON and a case can be resumed by any
// server. Plain data; the runtime (runtime.hpp) is the only code that changes it.
//
// Local ids (tokens, scopes, timers, subscriptions from `next_id`; tasks from `next_task`) are
// unique within the case and never reused. A task id below `next_task` that is not open belonged
// to a task that has been closed.
#pragma once

#include "core/clock.hpp"
#include "core/result.hpp"
#include "engine/runtime/variables.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ks::engine {

enum class CaseStatus {
  running,
  completed,  // Every path reached an end event.
  terminated, // A terminate end event was reached (or the case was ended from outside).
};

std::string_view to_string(CaseStatus status);

// A position in the process: where the token waits (a user task, a catch event, a join, a
// call activity or sub-process whose child scope runs).
struct Token {
  std::int64_t id = 0;
  std::int64_t scope = 0; // The ScopeInstance it runs in.
  std::string element;    // Flow node id.
  std::string via;        // The sequence flow it arrived by (joins count these).
  // Multi-instance bookkeeping while the token is at a multi-instance user task.
  std::int64_t mi_total = 0;
  std::int64_t mi_completed = 0;
  std::int64_t mi_next = 0;    // Sequential: index of the next item to open.
  nlohmann::json mi_items;     // Sequential: the items; null otherwise.
};

// Where a set of tokens runs: the case's process, a called process, or an embedded sub-process.
struct ScopeInstance {
  std::int64_t id = 0;
  std::int64_t parent_token = 0; // The token at the callActivity/subProcess; 0 for the case itself.
  std::string process;           // The process whose nodes run here.
  std::string container;         // The subProcess node id for an embedded sub-process, else empty.
};

// A user task waiting for someone holding `function` in unit `scope_unit`.
struct Task {
  std::int64_t id = 0;
  std::int64_t token = 0;
  std::string element;
  std::string step;       // ks:step; may be empty.
  std::string function;   // From ks:assignee.
  std::string scope_unit; // The value of ks:assignee's SCOPE variable; empty when it is unset.
  std::string form;       // ks:form; may be empty.
  std::optional<Instant> due;
  nlohmann::json item;    // The multi-instance item; null for an ordinary task.
  std::int64_t instance = -1; // The multi-instance index (loopCounter); -1 for an ordinary task.
  Instant opened;
};

struct TimerEntry {
  std::int64_t id = 0;
  std::int64_t token = 0;
  std::string element; // The intermediate catch event or boundary event.
  Instant due;
  std::int64_t repeats_left = -1; // Cycles on boundary events: further firings, -1 unbounded.
};

struct Subscription {
  std::int64_t id = 0;
  std::int64_t token = 0;
  std::string element; // The intermediate catch event or boundary event.
  std::string message; // The message name.
};

struct InstanceState {
  std::string definition_id; // The process the case was started with.
  CaseStatus status = CaseStatus::running;
  Variables variables;
  std::vector<Token> tokens;
  std::vector<ScopeInstance> scopes;
  std::vector<Task> tasks; // Open tasks only.
  std::vector<TimerEntry> timers;
  std::vector<Subscription> subscriptions;
  std::int64_t next_id = 1;
  std::int64_t next_task = 1;

  const Task* find_task(std::int64_t id) const;
  const TimerEntry* find_timer(std::int64_t id) const;
};

// An estimate of the heap `state` holds beyond its own object (glibc malloc's 16 bytes a block and
// libstdc++'s 15 characters kept in place counted), for bounding a cache of states in bytes.
std::size_t heap_bytes(const InstanceState& state);

// Compact JSON ({"v":1,"def":...,"vars":...,"tokens":[...],...}); instants as epoch milliseconds.
nlohmann::json to_json(const InstanceState& state);
// to_json(state).dump(), byte for byte, written by hand; each unchanged variable as the text it
// was read from (Variables::append_text). The stored form.
std::string to_json_text(const InstanceState& state);
// The inverse of to_json; invalid_input naming the first malformed member.
Result<InstanceState> state_from_json(const nlohmann::json& json);
// The inverse of to_json_text, leaving every variable unparsed until it is read (Variables).
// Errors as state_from_json, and invalid_input naming the byte of text that is not JSON.
Result<InstanceState> state_from_text(std::string_view text);

} // namespace ks::engine
