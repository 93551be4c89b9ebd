// Internal to the runtime: moves tokens over one copy of a case's state and records the changes.
// runtime.cpp builds one per operation and throws it away.
#pragma once

#include "engine/bpmn/model.hpp"
#include "engine/runtime/changes.hpp"
#include "engine/runtime/definition_set.hpp"

#include <deque>

namespace ks::engine {

class Interpreter {
public:
  Interpreter(const DefinitionSet& defs, InstanceState state, Instant now);

  // Starts the root scope of `process` at its start event and runs until every token waits.
  Status start_case(const bpmn::Process& process);
  Status complete_task(std::int64_t task_id, const nlohmann::json& values);
  Status fire_timer(std::int64_t timer_id);
  Status correlate(std::string_view message, const nlohmann::json& payload);
  void terminate_case(std::string_view reason);

  Changes take() &&;

private:
  struct Arrival {
    std::int64_t token;
    std::string element;
    std::string via;
  };
  struct Located {
    const bpmn::Process* process;
    const bpmn::FlowNode* node;
  };

  // Runs queued arrivals until none is left.
  Status run();
  Status enter(std::int64_t token_id, const std::string& element, const std::string& via);
  Status leave(std::int64_t token_id, const bpmn::Process& p, const bpmn::FlowNode& n);
  Status take_flow(std::int64_t token_id, const bpmn::Process& p, const bpmn::SequenceFlow& f);
  Status exclusive(std::int64_t token_id, const bpmn::Process& p, const bpmn::FlowNode& n);
  Status parallel(std::int64_t token_id, const bpmn::Process& p, const bpmn::FlowNode& n);
  // False when there is nothing to wait for (a multi-instance task over an empty list).
  Result<bool> activate_user_task(std::int64_t token_id, const bpmn::FlowNode& n);
  Status open_task(std::int64_t token_id, const bpmn::FlowNode& n, const nlohmann::json& item, std::int64_t index);
  Status run_service_task(const bpmn::FlowNode& n);
  Status arm_boundaries(std::int64_t token_id, const bpmn::Process& p, const bpmn::FlowNode& n);
  Status arm_timer(std::int64_t token_id, const bpmn::FlowNode& event);
  Status start_scope(std::int64_t parent_token, const bpmn::Process& process, const bpmn::FlowNode* container);
  // The activity the token waits at is done: drop its boundary timers and subscriptions, leave it.
  Status complete_activity(std::int64_t token_id);
  Status boundary_triggered(std::int64_t host_token, const bpmn::Process& p, const bpmn::FlowNode& boundary);
  // Removes a token and everything it owns (tasks, timers, subscriptions, child scopes).
  void cancel_token(std::int64_t token_id, bool remove_token);
  void cancel_scope(std::int64_t scope_id);
  Status consume(std::int64_t token_id);
  Status scope_maybe_done(std::int64_t scope_id);

  Token* token(std::int64_t id);
  ScopeInstance* scope(std::int64_t id);
  Result<Located> locate(const Token& t);
  const bpmn::Process* process_of_scope(const ScopeInstance& s) const;
  std::int64_t new_token(std::int64_t scope, const std::string& element);
  void history(std::string kind, const bpmn::FlowNode* node, nlohmann::json data = nlohmann::json::object());
  // nullopt for an exhausted cycle.
  Result<std::optional<Instant>> timer_due(const bpmn::FlowNode& event, std::int64_t* repeats_left);
  std::string resolve_unit(const std::string& scope_variable, const nlohmann::json* overlay) const;

  const DefinitionSet& m_defs;
  Instant m_now;
  Changes m_changes;
  InstanceState& m_state; // m_changes.state
  std::deque<Arrival> m_queue;
  int m_steps = 0;
};

} // namespace ks::engine
