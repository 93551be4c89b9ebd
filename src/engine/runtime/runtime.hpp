// The process runtime: pure and deterministic. Each operation takes the definitions, the case's
// state and the current time, and returns the new state with what changed (changes.hpp). It reads
// no clock, touches no database and performs no action itself; the same inputs give the same
// Changes. On failure the operation returns an Error and the caller's state is untouched.
//
// Semantics (the full list is in docs/bpmn-subset.md):
// - A token runs until it waits: at a user task, a catch event, a parallel join, or inside a
//   call activity or sub-process (a child scope of the same case sharing its variables).
// - A user task's values are merged into the variables (top-level keys). A multi-instance task's
//   values go instead to its output collection as {elementVariable: item, ...values}.
// - Exclusive gateways take the first flow in document order whose condition is true (a flow
//   without condition counts as true), else the default flow; neither is an invalid_input error.
//   Other nodes with several outgoing flows take every flow whose condition holds.
// - A terminate end event ends the whole case (status terminated), cancelling all that is open.
//
// Errors: invalid_input for a case that cannot proceed with the data given (no gateway flow
// applies, a timer date variable that is not a date); not_found for an unknown task or timer;
// conflict for a closed task, a case that is not running, a timer not yet due, or a message the
// case is not waiting for; internal for a definition missing from the set or a loop that never
// waits.
#pragma once

#include "core/clock.hpp"
#include "core/result.hpp"
#include "engine/runtime/changes.hpp"
#include "engine/runtime/definition_set.hpp"
#include "engine/runtime/state.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

namespace ks::engine {

// Starts a case of `process_id` with `variables` (a JSON object), at its plain start event (or its
// message start event when it has no plain one).
Result<Changes> start(const DefinitionSet& defs, std::string_view process_id, nlohmann::json variables, Instant now);

// Completes an open task with the submitted (already validated) values, a JSON object.
Result<Changes> complete_task(const DefinitionSet& defs, const InstanceState& state, std::int64_t task_id,
                              const nlohmann::json& values, Instant now);
// The same, taking the state over instead of copying it (the caller has no more use for it).
Result<Changes> complete_task(const DefinitionSet& defs, InstanceState&& state, std::int64_t task_id,
                              const nlohmann::json& values, Instant now);

// Fires a timer whose due time has come (due <= now).
Result<Changes> fire_timer(const DefinitionSet& defs, const InstanceState& state, std::int64_t timer_id, Instant now);

// Delivers a message to the first subscription (in the order they were opened) for `message_name`;
// the payload (a JSON object) is merged into the variables.
Result<Changes> correlate_message(const DefinitionSet& defs, const InstanceState& state, std::string_view message_name,
                                  const nlohmann::json& payload, Instant now);

// Ends a running case from outside (an administrator closing it): everything open is cancelled
// and the status becomes terminated. `reason` goes into the history.
Result<Changes> terminate(const DefinitionSet& defs, const InstanceState& state, std::string_view reason, Instant now);

} // namespace ks::engine
