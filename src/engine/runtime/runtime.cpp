#include "engine/runtime/runtime.hpp"

#include "engine/runtime/interpreter.hpp"

#include <fmt/format.h>

namespace ks::engine {

using nlohmann::json;

namespace {

Status check_running(const InstanceState& state) {
  if (state.status != CaseStatus::running)
    return fail(Error::conflict(fmt::format("the case is {}", to_string(state.status))));
  return {};
}

} // namespace

Result<Changes> start(const DefinitionSet& defs, std::string_view process_id, json variables, Instant now) {
  const bpmn::Process* process = defs.find(process_id);
  if (!process) return fail(Error::not_found(fmt::format("no process '{}'", process_id)));
  if (variables.is_null()) variables = json::object();
  if (!variables.is_object()) return fail(Error::invalid("start variables must be a JSON object"));
  InstanceState state;
  state.variables = Variables(std::move(variables));
  Interpreter run(defs, std::move(state), now);
  KS_TRY(run.start_case(*process));
  return std::move(run).take();
}

Result<Changes> complete_task(const DefinitionSet& defs, const InstanceState& state, std::int64_t task_id,
                              const json& values, Instant now) {
  Interpreter run(defs, state, now);
  KS_TRY(run.complete_task(task_id, values));
  return std::move(run).take();
}

Result<Changes> complete_task(const DefinitionSet& defs, InstanceState&& state, std::int64_t task_id,
                              const json& values, Instant now) {
  Interpreter run(defs, std::move(state), now);
  KS_TRY(run.complete_task(task_id, values));
  return std::move(run).take();
}

Result<Changes> fire_timer(const DefinitionSet& defs, const InstanceState& state, std::int64_t timer_id, Instant now) {
  KS_TRY(check_running(state));
  Interpreter run(defs, state, now);
  KS_TRY(run.fire_timer(timer_id));
  return std::move(run).take();
}

Result<Changes> correlate_message(const DefinitionSet& defs, const InstanceState& state, std::string_view message_name,
                                  const json& payload, Instant now) {
  KS_TRY(check_running(state));
  Interpreter run(defs, state, now);
  KS_TRY(run.correlate(message_name, payload));
  return std::move(run).take();
}

Result<Changes> terminate(const DefinitionSet& defs, const InstanceState& state, std::string_view reason, Instant now) {
  KS_TRY(check_running(state));
  Interpreter run(defs, state, now);
  run.terminate_case(reason);
  return std::move(run).take();
}

} // namespace ks::engine
