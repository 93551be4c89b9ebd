// What one runtime operation did: the new state, and the same change as lists the caller stores
// (tasks to insert and close, timers to schedule and drop, actions to perform, history to record),
// in the order they happened.
#pragma once

#include "engine/runtime/state.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ks::engine {

enum class TaskEnd { completed, cancelled };

struct ClosedTask {
  std::int64_t id = 0;
  std::string element;
  std::string step;
  TaskEnd how = TaskEnd::completed;
};

// A service-task action for the caller to perform in the same transaction (docs/bpmn-subset.md).
// `params` holds the task's ks: attributes (without action and step), resolved: templates
// rendered, ks:value evaluated, ks:to as {"function": ..., "scope": unit id}.
struct Effect {
  std::string action;
  std::string element;
  std::string step;
  nlohmann::json params = nlohmann::json::object();
};

// One line of the case's history. Kinds: started, entered (a flow node), task_opened,
// task_completed, task_cancelled, gateway (data.flow taken), effect, timer_set, timer_fired,
// message_waiting, message_received, multi_instance_completed, scope_started, scope_completed,
// completed, terminated.
struct HistoryEvent {
  std::string kind;
  std::string element;
  std::string step;
  nlohmann::json data = nlohmann::json::object();
};

struct Changes {
  InstanceState state;
  std::vector<Task> tasks_opened;
  std::vector<ClosedTask> tasks_closed;
  std::vector<TimerEntry> timers_set;
  std::vector<std::int64_t> timers_cancelled; // Not listing the timer an operation fired.
  std::vector<Subscription> subscriptions_opened;
  std::vector<std::int64_t> subscriptions_closed;
  std::vector<Effect> effects;
  std::vector<HistoryEvent> history;
};

std::string_view to_string(TaskEnd how);

} // namespace ks::engine
