#include "engine/runtime/interpreter.hpp"

#include "engine/bpmn/assignee.hpp"
#include "engine/duration.hpp"
#include "engine/expr/expression.hpp"
#include "engine/expr/template.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ks::engine {

using bpmn::EventKind;
using bpmn::FlowNode;
using bpmn::NodeKind;
using bpmn::Process;
using bpmn::SequenceFlow;
using nlohmann::json;

namespace {

// A case that never waits (a loop of service tasks and gateways) stops here instead of hanging.
constexpr int kMaxSteps = 10000;

template <class T, class P>
void erase_if(std::vector<T>& v, P pred) {
  v.erase(std::remove_if(v.begin(), v.end(), pred), v.end());
}

std::string unit_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return v.dump();
  if (v.is_object()) {
    auto it = v.find("id");
    if (it != v.end()) return unit_text(*it);
  }
  return {};
}

} // namespace

Interpreter::Interpreter(const DefinitionSet& defs, InstanceState state, Instant now)
    : m_defs(defs), m_now(now), m_state(m_changes.state) {
  m_state = std::move(state);
}

Changes Interpreter::take() && { return std::move(m_changes); }

// ---- lookups ------------------------------------------------------------------------------------

Token* Interpreter::token(std::int64_t id) {
  for (auto& t : m_state.tokens)
    if (t.id == id) return &t;
  return nullptr;
}

ScopeInstance* Interpreter::scope(std::int64_t id) {
  for (auto& s : m_state.scopes)
    if (s.id == id) return &s;
  return nullptr;
}

const Process* Interpreter::process_of_scope(const ScopeInstance& s) const { return m_defs.find(s.process); }

Result<Interpreter::Located> Interpreter::locate(const Token& t) {
  ScopeInstance* s = scope(t.scope);
  if (!s) return fail(Error::internal(fmt::format("token {} has no scope {}", t.id, t.scope)));
  const Process* p = process_of_scope(*s);
  if (!p) return fail(Error::internal(fmt::format("process '{}' is not loaded", s->process)));
  const FlowNode* n = p->find_node(t.element);
  if (!n) return fail(Error::internal(fmt::format("process '{}' has no element '{}'", p->id, t.element)));
  return Located{p, n};
}

std::int64_t Interpreter::new_token(std::int64_t scope_id, const std::string& element) {
  Token t;
  t.id = m_state.next_id++;
  t.scope = scope_id;
  t.element = element;
  m_state.tokens.push_back(std::move(t));
  return m_state.tokens.back().id;
}

void Interpreter::history(std::string kind, const FlowNode* node, json data) {
  HistoryEvent e;
  e.kind = std::move(kind);
  if (node) {
    e.element = node->id;
    e.step = node->ks_attr("step");
  }
  e.data = std::move(data);
  m_changes.history.push_back(std::move(e));
}

std::string Interpreter::resolve_unit(const std::string& scope_variable, const json* overlay) const {
  auto e = expr::parse(scope_variable);
  if (!e) return {};
  return unit_text(expr::evaluate(*e, m_state.variables, overlay));
}

// ---- operations ---------------------------------------------------------------------------------

Status Interpreter::start_case(const Process& process) {
  m_state.definition_id = process.id;
  m_state.status = CaseStatus::running;
  history("started", nullptr, {{"process", process.id}});
  KS_TRY(start_scope(0, process, nullptr));
  return run();
}

Status Interpreter::complete_task(std::int64_t task_id, const json& values) {
  auto it = std::find_if(m_state.tasks.begin(), m_state.tasks.end(), [&](const Task& t) { return t.id == task_id; });
  if (it == m_state.tasks.end()) {
    if (task_id > 0 && task_id < m_state.next_task)
      return fail(Error::conflict(fmt::format("task {} is already closed", task_id)));
    return fail(Error::not_found(fmt::format("no task {} in this case", task_id)));
  }
  if (m_state.status != CaseStatus::running) return fail(Error::conflict("the case is not running"));
  if (!values.is_object()) return fail(Error::invalid("task values must be a JSON object"));
  Task task = *it;
  m_state.tasks.erase(it);
  Token* tok = token(task.token);
  if (!tok) return fail(Error::internal(fmt::format("task {} has no token", task_id)));
  Located at = KS_TRY(locate(*tok));
  const FlowNode& n = *at.node;
  m_changes.tasks_closed.push_back({task.id, task.element, task.step, TaskEnd::completed});
  history("task_completed", &n, {{"task", task.id}, {"values", values}});

  if (!n.multi) {
    for (const auto& [k, v] : values.items()) m_state.variables.set(k, v);
    KS_TRY(complete_activity(task.token));
    return run();
  }

  // One instance of a multi-instance task.
  const bpmn::MultiInstance& mi = *n.multi;
  if (!mi.output_collection.empty()) {
    json entry = json::object();
    entry[mi.element_variable] = task.item;
    for (const auto& [k, v] : values.items())
      if (k != mi.element_variable) entry[k] = v;
    m_state.variables.push_back(mi.output_collection, std::move(entry));
  }
  tok->mi_completed += 1;
  std::int64_t active = std::count_if(m_state.tasks.begin(), m_state.tasks.end(),
                                      [&](const Task& t) { return t.token == task.token; });
  bool all_done = active == 0 && (!mi.sequential || tok->mi_next >= tok->mi_total);
  bool condition = false;
  if (!mi.completion.empty()) {
    json overlay = {{"nrOfInstances", tok->mi_total},
                    {"nrOfCompletedInstances", tok->mi_completed},
                    {"nrOfActiveInstances", active}};
    condition = expr::truthy(expr::evaluate(mi.completion, m_state.variables, &overlay));
  }
  if (all_done || condition) {
    // Remaining instances are no longer needed.
    std::vector<Task> rest;
    for (const Task& t : m_state.tasks)
      if (t.token == task.token) rest.push_back(t);
    erase_if(m_state.tasks, [&](const Task& t) { return t.token == task.token; });
    for (const Task& t : rest) {
      m_changes.tasks_closed.push_back({t.id, t.element, t.step, TaskEnd::cancelled});
      history("task_cancelled", &n, {{"task", t.id}, {"reason", "completion condition"}});
    }
    history("multi_instance_completed", &n,
            {{"instances", tok->mi_total}, {"completed", tok->mi_completed}, {"cancelled", rest.size()}});
    KS_TRY(complete_activity(task.token));
    return run();
  }
  if (mi.sequential && active == 0) {
    std::int64_t index = tok->mi_next++;
    json item = tok->mi_items.at(static_cast<std::size_t>(index));
    KS_TRY(open_task(task.token, n, item, index));
  }
  return run();
}

Status Interpreter::fire_timer(std::int64_t timer_id) {
  auto it = std::find_if(m_state.timers.begin(), m_state.timers.end(), [&](const TimerEntry& t) { return t.id == timer_id; });
  if (it == m_state.timers.end()) return fail(Error::not_found(fmt::format("no timer {} in this case", timer_id)));
  if (m_state.status != CaseStatus::running) return fail(Error::conflict("the case is not running"));
  if (it->due > m_now)
    return fail(Error::conflict(fmt::format("timer {} is not due until {}", timer_id, format_iso(it->due))));
  TimerEntry timer = *it;
  m_state.timers.erase(it);
  Token* tok = token(timer.token);
  if (!tok) return fail(Error::internal(fmt::format("timer {} has no token", timer_id)));
  Located at = KS_TRY(locate(*tok));
  const FlowNode* event = at.process->find_node(timer.element);
  if (!event) return fail(Error::internal(fmt::format("no element '{}'", timer.element)));
  history("timer_fired", event, {{"timer", timer.id}, {"due", format_iso(timer.due)}});
  if (event->kind == NodeKind::boundary_event) {
    if (!event->cancel_activity && timer.repeats_left != 0 && event->timer.kind == bpmn::TimerKind::cycle) {
      // A repeating reminder: schedule the next firing before following the path.
      auto cycle = parse_cycle(event->timer.text);
      if (cycle) {
        Instant next = add_duration(timer.due, cycle->period);
        while (next <= m_now) next = add_duration(next, cycle->period);
        TimerEntry again{m_state.next_id++, timer.token, timer.element, next,
                         timer.repeats_left > 0 ? timer.repeats_left - 1 : -1};
        m_state.timers.push_back(again);
        m_changes.timers_set.push_back(again);
        history("timer_set", event, {{"timer", again.id}, {"due", format_iso(again.due)}});
      }
    }
    KS_TRY(boundary_triggered(timer.token, *at.process, *event));
    return run();
  }
  KS_TRY(leave(timer.token, *at.process, *event));
  return run();
}

Status Interpreter::correlate(std::string_view message, const json& payload) {
  if (m_state.status != CaseStatus::running) return fail(Error::conflict("the case is not running"));
  auto it = std::find_if(m_state.subscriptions.begin(), m_state.subscriptions.end(),
                         [&](const Subscription& s) { return s.message == message; });
  if (it == m_state.subscriptions.end())
    return fail(Error::conflict(fmt::format("the case is not waiting for message '{}'", message)));
  if (!payload.is_object() && !payload.is_null()) return fail(Error::invalid("message payload must be a JSON object"));
  Subscription sub = *it;
  Token* tok = token(sub.token);
  if (!tok) return fail(Error::internal(fmt::format("subscription {} has no token", sub.id)));
  Located at = KS_TRY(locate(*tok));
  const FlowNode* event = at.process->find_node(sub.element);
  if (!event) return fail(Error::internal(fmt::format("no element '{}'", sub.element)));
  if (payload.is_object())
    for (const auto& [k, v] : payload.items()) m_state.variables.set(k, v);
  history("message_received", event, {{"message", sub.message}, {"payload", payload}});
  // A non-interrupting boundary keeps listening; everything else is used up.
  bool keep = event->kind == NodeKind::boundary_event && !event->cancel_activity;
  if (!keep) {
    m_state.subscriptions.erase(it);
    m_changes.subscriptions_closed.push_back(sub.id);
  }
  if (event->kind == NodeKind::boundary_event) KS_TRY(boundary_triggered(sub.token, *at.process, *event));
  else KS_TRY(leave(sub.token, *at.process, *event));
  return run();
}

void Interpreter::terminate_case(std::string_view reason) {
  for (const Task& t : m_state.tasks) {
    m_changes.tasks_closed.push_back({t.id, t.element, t.step, TaskEnd::cancelled});
    HistoryEvent e{"task_cancelled", t.element, t.step, {{"task", t.id}, {"reason", reason}}};
    m_changes.history.push_back(std::move(e));
  }
  for (const TimerEntry& t : m_state.timers) m_changes.timers_cancelled.push_back(t.id);
  for (const Subscription& s : m_state.subscriptions) m_changes.subscriptions_closed.push_back(s.id);
  m_state.tasks.clear();
  m_state.timers.clear();
  m_state.subscriptions.clear();
  m_state.tokens.clear();
  m_state.scopes.clear();
  m_queue.clear();
  m_state.status = CaseStatus::terminated;
  history("terminated", nullptr, {{"reason", reason}});
}

// ---- token movement -----------------------------------------------------------------------------

Status Interpreter::run() {
  while (!m_queue.empty()) {
    if (++m_steps > kMaxSteps)
      return fail(Error::internal(fmt::format(
          "the case moved {} steps without waiting: a loop with no user task or event?", kMaxSteps)));
    Arrival a = std::move(m_queue.front());
    m_queue.pop_front();
    if (m_state.status != CaseStatus::running) break;
    if (!token(a.token)) continue; // Cancelled meanwhile (an interrupting event).
    KS_TRY(enter(a.token, a.element, a.via));
  }
  return {};
}

Status Interpreter::enter(std::int64_t token_id, const std::string& element, const std::string& via) {
  Token* tok = token(token_id);
  tok->element = element;
  tok->via = via;
  Located at = KS_TRY(locate(*tok));
  const Process& p = *at.process;
  const FlowNode& n = *at.node;
  history("entered", &n, via.empty() ? json::object() : json{{"flow", via}});
  switch (n.kind) {
  case NodeKind::start_event: return leave(token_id, p, n);
  case NodeKind::end_event:
    if (n.event == EventKind::terminate) {
      terminate_case(fmt::format("terminate end event '{}'", n.id));
      return {};
    }
    return consume(token_id);
  case NodeKind::user_task: {
    bool waits = KS_TRY(activate_user_task(token_id, n));
    if (!waits) return complete_activity(token_id);
    return arm_boundaries(token_id, p, n);
  }
  case NodeKind::service_task:
    KS_TRY(run_service_task(n));
    return leave(token_id, p, n);
  case NodeKind::exclusive_gateway: return exclusive(token_id, p, n);
  case NodeKind::parallel_gateway: return parallel(token_id, p, n);
  case NodeKind::intermediate_catch_event:
    if (n.event == EventKind::timer) return arm_timer(token_id, n);
    if (n.event == EventKind::message) {
      Subscription s{m_state.next_id++, token_id, n.id, n.message_name};
      m_state.subscriptions.push_back(s);
      m_changes.subscriptions_opened.push_back(s);
      history("message_waiting", &n, {{"message", s.message}});
      return {};
    }
    return leave(token_id, p, n);
  case NodeKind::boundary_event: return leave(token_id, p, n);
  case NodeKind::call_activity: {
    const Process* called = m_defs.find(n.called_element);
    if (!called) return fail(Error::internal(fmt::format("called process '{}' is not loaded", n.called_element)));
    KS_TRY(arm_boundaries(token_id, p, n));
    history("scope_started", &n, {{"process", called->id}});
    return start_scope(token_id, *called, nullptr);
  }
  case NodeKind::sub_process:
    KS_TRY(arm_boundaries(token_id, p, n));
    history("scope_started", &n, {{"process", p.id}});
    return start_scope(token_id, p, &n);
  }
  return {};
}

Status Interpreter::leave(std::int64_t token_id, const Process& p, const FlowNode& n) {
  std::vector<const SequenceFlow*> taken;
  for (int f : n.outgoing) {
    const SequenceFlow& flow = p.flows[static_cast<std::size_t>(f)];
    if (flow.condition_text.empty() || expr::truthy(expr::evaluate(flow.condition, m_state.variables)))
      taken.push_back(&flow);
  }
  if (taken.empty()) return consume(token_id); // An implicit end.
  std::int64_t scope_id = token(token_id)->scope;
  for (std::size_t i = 1; i < taken.size(); ++i) KS_TRY(take_flow(new_token(scope_id, n.id), p, *taken[i]));
  return take_flow(token_id, p, *taken[0]);
}

Status Interpreter::take_flow(std::int64_t token_id, const Process& p, const SequenceFlow& f) {
  (void)p;
  m_queue.push_back({token_id, f.target_ref, f.id});
  return {};
}

Status Interpreter::exclusive(std::int64_t token_id, const Process& p, const FlowNode& n) {
  const SequenceFlow* chosen = nullptr;
  for (int f : n.outgoing) {
    const SequenceFlow& flow = p.flows[static_cast<std::size_t>(f)];
    if (flow.id == n.default_flow) continue;
    if (flow.condition_text.empty() || expr::truthy(expr::evaluate(flow.condition, m_state.variables))) {
      chosen = &flow;
      break;
    }
  }
  if (!chosen && !n.default_flow.empty()) {
    auto it = p.flow_index.find(n.default_flow);
    if (it != p.flow_index.end()) chosen = &p.flows[static_cast<std::size_t>(it->second)];
  }
  if (!chosen)
    return fail(Error::invalid(fmt::format("no condition of gateway '{}' holds and it has no default flow", n.id), n.id));
  history("gateway", &n, {{"flow", chosen->id}});
  return take_flow(token_id, p, *chosen);
}

Status Interpreter::parallel(std::int64_t token_id, const Process& p, const FlowNode& n) {
  if (n.incoming.size() > 1) {
    // Join: wait until a token has arrived by every incoming flow.
    std::int64_t scope_id = token(token_id)->scope;
    std::vector<std::int64_t> parts;
    for (int f : n.incoming) {
      const std::string& flow_id = p.flows[static_cast<std::size_t>(f)].id;
      std::int64_t found = 0;
      for (const Token& t : m_state.tokens)
        if (t.scope == scope_id && t.element == n.id && t.via == flow_id &&
            std::find(parts.begin(), parts.end(), t.id) == parts.end()) {
          // Prefer the arriving token for its own flow so that it is the one that continues.
          if (found == 0 || t.id == token_id) found = t.id;
        }
      if (found == 0) return {}; // Still waiting.
      parts.push_back(found);
    }
    for (std::int64_t id : parts)
      if (id != token_id) erase_if(m_state.tokens, [&](const Token& t) { return t.id == id; });
    history("joined", &n, {{"tokens", parts.size()}});
  }
  std::int64_t scope_id = token(token_id)->scope;
  if (n.outgoing.empty()) return consume(token_id);
  for (std::size_t i = 1; i < n.outgoing.size(); ++i)
    KS_TRY(take_flow(new_token(scope_id, n.id), p, p.flows[static_cast<std::size_t>(n.outgoing[i])]));
  return take_flow(token_id, p, p.flows[static_cast<std::size_t>(n.outgoing[0])]);
}

Status Interpreter::consume(std::int64_t token_id) {
  Token* tok = token(token_id);
  std::int64_t scope_id = tok->scope;
  erase_if(m_state.tokens, [&](const Token& t) { return t.id == token_id; });
  return scope_maybe_done(scope_id);
}

Status Interpreter::scope_maybe_done(std::int64_t scope_id) {
  for (const Token& t : m_state.tokens)
    if (t.scope == scope_id) return {};
  // A queued arrival always has a live token, so no tokens means nothing more can happen here.
  ScopeInstance* s = scope(scope_id);
  if (!s) return {};
  std::int64_t parent = s->parent_token;
  std::string process = s->process, container = s->container;
  erase_if(m_state.scopes, [&](const ScopeInstance& x) { return x.id == scope_id; });
  if (parent == 0) {
    m_state.status = CaseStatus::completed;
    m_state.scopes.clear();
    history("completed", nullptr, {{"process", process}});
    return {};
  }
  Token* host = token(parent);
  if (!host) return fail(Error::internal(fmt::format("scope {} has no parent token", scope_id)));
  Located at = KS_TRY(locate(*host));
  history("scope_completed", at.node, {{"process", process}});
  return complete_activity(parent);
}

Status Interpreter::start_scope(std::int64_t parent_token, const Process& process, const FlowNode* container) {
  ScopeInstance s;
  s.id = m_state.next_id++;
  s.parent_token = parent_token;
  s.process = process.id;
  s.container = container ? container->id : std::string();
  m_state.scopes.push_back(s);
  int parent_index = container ? process.node_at(container->id) : -1;
  const FlowNode* start = nullptr;
  for (const FlowNode& n : process.nodes) {
    if (n.parent != parent_index || n.kind != NodeKind::start_event) continue;
    if (n.event == EventKind::none) {
      start = &n;
      break;
    }
    if (!start) start = &n;
  }
  if (!start) return fail(Error::internal(fmt::format("process '{}' has no start event", process.id)));
  std::int64_t t = new_token(s.id, start->id);
  m_queue.push_back({t, start->id, ""});
  return {};
}

Status Interpreter::complete_activity(std::int64_t token_id) {
  // Boundary timers and subscriptions of the activity end with it.
  for (const TimerEntry& t : m_state.timers)
    if (t.token == token_id) m_changes.timers_cancelled.push_back(t.id);
  erase_if(m_state.timers, [&](const TimerEntry& t) { return t.token == token_id; });
  for (const Subscription& s : m_state.subscriptions)
    if (s.token == token_id) m_changes.subscriptions_closed.push_back(s.id);
  erase_if(m_state.subscriptions, [&](const Subscription& s) { return s.token == token_id; });
  Token* tok = token(token_id);
  tok->mi_total = tok->mi_completed = tok->mi_next = 0;
  tok->mi_items = nullptr;
  Located at = KS_TRY(locate(*tok));
  return leave(token_id, *at.process, *at.node);
}

Status Interpreter::boundary_triggered(std::int64_t host_token, const Process& p, const FlowNode& boundary) {
  history("entered", &boundary, {{"interrupting", boundary.cancel_activity}});
  Token* host = token(host_token);
  std::int64_t scope_id = host->scope;
  if (boundary.cancel_activity) {
    cancel_token(host_token, false);
    host = token(host_token);
    host->mi_total = host->mi_completed = host->mi_next = 0;
    host->mi_items = nullptr;
    host->element = boundary.id;
    host->via.clear();
    return leave(host_token, p, boundary);
  }
  std::int64_t t = new_token(scope_id, boundary.id);
  return leave(t, p, boundary);
}

void Interpreter::cancel_token(std::int64_t token_id, bool remove_token) {
  for (const Task& t : m_state.tasks)
    if (t.token == token_id) {
      m_changes.tasks_closed.push_back({t.id, t.element, t.step, TaskEnd::cancelled});
      m_changes.history.push_back({"task_cancelled", t.element, t.step, {{"task", t.id}, {"reason", "interrupted"}}});
    }
  erase_if(m_state.tasks, [&](const Task& t) { return t.token == token_id; });
  for (const TimerEntry& t : m_state.timers)
    if (t.token == token_id) m_changes.timers_cancelled.push_back(t.id);
  erase_if(m_state.timers, [&](const TimerEntry& t) { return t.token == token_id; });
  for (const Subscription& s : m_state.subscriptions)
    if (s.token == token_id) m_changes.subscriptions_closed.push_back(s.id);
  erase_if(m_state.subscriptions, [&](const Subscription& s) { return s.token == token_id; });
  std::vector<std::int64_t> children;
  for (const ScopeInstance& s : m_state.scopes)
    if (s.parent_token == token_id) children.push_back(s.id);
  for (std::int64_t c : children) cancel_scope(c);
  if (remove_token) erase_if(m_state.tokens, [&](const Token& t) { return t.id == token_id; });
}

void Interpreter::cancel_scope(std::int64_t scope_id) {
  std::vector<std::int64_t> tokens;
  for (const Token& t : m_state.tokens)
    if (t.scope == scope_id) tokens.push_back(t.id);
  for (std::int64_t t : tokens) cancel_token(t, true);
  erase_if(m_state.scopes, [&](const ScopeInstance& s) { return s.id == scope_id; });
}

// ---- activities ---------------------------------------------------------------------------------

Result<bool> Interpreter::activate_user_task(std::int64_t token_id, const FlowNode& n) {
  if (!n.multi) {
    KS_TRY(open_task(token_id, n, nullptr, -1));
    return true;
  }
  const bpmn::MultiInstance& mi = *n.multi;
  json items = nullptr;
  if (auto e = expr::parse(mi.collection)) items = expr::evaluate(*e, m_state.variables);
  if (items.is_null()) items = json::array();
  if (!items.is_array()) items = json::array({items});
  if (!mi.output_collection.empty()) m_state.variables.set(mi.output_collection, json::array());
  Token* tok = token(token_id);
  tok->mi_total = static_cast<std::int64_t>(items.size());
  tok->mi_completed = 0;
  if (items.empty()) {
    history("multi_instance_completed", &n, {{"instances", 0}, {"completed", 0}, {"cancelled", 0}});
    return false; // No items: nothing to wait for.
  }
  if (mi.sequential) {
    tok->mi_items = items;
    tok->mi_next = 1;
    KS_TRY(open_task(token_id, n, items[0], 0));
    return true;
  }
  for (std::size_t i = 0; i < items.size(); ++i) KS_TRY(open_task(token_id, n, items[i], static_cast<std::int64_t>(i)));
  return true;
}

Status Interpreter::open_task(std::int64_t token_id, const FlowNode& n, const json& item, std::int64_t index) {
  Task t;
  t.id = m_state.next_task++;
  t.token = token_id;
  t.element = n.id;
  t.step = n.ks_attr("step");
  t.form = n.ks_attr("form");
  t.item = item;
  t.instance = index;
  t.opened = m_now;
  json overlay = json::object();
  if (n.multi) {
    overlay[n.multi->element_variable] = item;
    overlay["loopCounter"] = index;
  }
  if (auto a = bpmn::parse_assignee(n.ks_attr("assignee"))) {
    t.function = a->function;
    t.scope_unit = resolve_unit(a->scope, &overlay);
    // A task whose unit is unknown would be nobody's: the values that led here cannot be taken.
    if (t.scope_unit.empty())
      return fail(Error::invalid(fmt::format("Uppgiften ”{}” kan inte tilldelas någon: {} anger ingen enhet.",
                                             n.name.empty() ? n.id : n.name, a->scope),
                                 a->scope));
  }
  std::string deadline = n.ks_attr("deadline");
  if (!deadline.empty()) {
    json v = expr::resolve_value(deadline, m_state.variables, &overlay);
    if (v.is_string()) {
      const std::string& text = v.get_ref<const std::string&>();
      if (auto d = parse_duration(text)) t.due = add_duration(m_now, *d);
      else if (auto at = parse_iso(text)) t.due = *at;
    }
    // A deadline variable that is unset or not a date leaves the task without a due date.
  }
  json data = {{"task", t.id}, {"function", t.function}, {"scope", t.scope_unit}};
  if (t.due) data["due"] = format_iso(*t.due);
  if (index >= 0) data["item"] = item;
  history("task_opened", &n, std::move(data));
  m_changes.tasks_opened.push_back(t);
  m_state.tasks.push_back(std::move(t));
  return {};
}

Status Interpreter::run_service_task(const FlowNode& n) {
  Effect effect;
  effect.action = n.ks_attr("action");
  effect.element = n.id;
  effect.step = n.ks_attr("step");
  for (const auto& [key, value] : n.ks) {
    if (key == "action" || key == "step") continue;
    if (key == "to") {
      json to = {{"function", ""}, {"scope", ""}};
      if (auto a = bpmn::parse_assignee(value)) to = {{"function", a->function}, {"scope", resolve_unit(a->scope, nullptr)}};
      effect.params[key] = std::move(to);
    } else if (key == "value") {
      json v = nullptr;
      if (auto e = expr::parse(value)) v = expr::evaluate(*e, m_state.variables);
      effect.params[key] = std::move(v);
    } else if (key == "message" || key == "description") {
      effect.params[key] = expr::render_template(value, m_state.variables);
    } else {
      effect.params[key] = value;
    }
  }
  if (effect.action == "set") {
    m_state.variables.set(n.ks_attr("variable"), effect.params["value"]);
  } else if (effect.action == "compile") {
    json from = nullptr;
    if (auto e = expr::parse(n.ks_attr("from"))) from = expr::evaluate(*e, m_state.variables);
    m_state.variables.set(n.ks_attr("into"), from.is_null() ? json::array() : from);
  }
  history("effect", &n, {{"action", effect.action}, {"params", effect.params}});
  m_changes.effects.push_back(std::move(effect));
  return {};
}

// ---- events -------------------------------------------------------------------------------------

Status Interpreter::arm_boundaries(std::int64_t token_id, const Process& p, const FlowNode& n) {
  for (int b : n.boundary) {
    const FlowNode& event = p.nodes[static_cast<std::size_t>(b)];
    if (event.event == EventKind::timer) {
      KS_TRY(arm_timer(token_id, event));
    } else if (event.event == EventKind::message) {
      Subscription s{m_state.next_id++, token_id, event.id, event.message_name};
      m_state.subscriptions.push_back(s);
      m_changes.subscriptions_opened.push_back(s);
      history("message_waiting", &event, {{"message", s.message}});
    }
  }
  return {};
}

Status Interpreter::arm_timer(std::int64_t token_id, const FlowNode& event) {
  std::int64_t repeats_left = -1;
  std::optional<Instant> due = KS_TRY(timer_due(event, &repeats_left));
  if (!due) {
    // An exhausted cycle: a boundary event never fires; an intermediate event fires at once.
    if (event.kind == NodeKind::boundary_event) return {};
    due = m_now;
  }
  TimerEntry t{m_state.next_id++, token_id, event.id, *due, repeats_left};
  m_state.timers.push_back(t);
  m_changes.timers_set.push_back(t);
  history("timer_set", &event, {{"timer", t.id}, {"due", format_iso(t.due)}});
  return {};
}

Result<std::optional<Instant>> Interpreter::timer_due(const FlowNode& event, std::int64_t* repeats_left) {
  const bpmn::Timer& timer = event.timer;
  auto bad = [&](std::string what) {
    return fail(Error::invalid(fmt::format("timer '{}': {}", event.id, what), event.id));
  };
  auto text_of = [&](const std::string& text) -> Result<std::string> {
    if (!expr::is_wrapped(text)) return text;
    json v = expr::resolve_value(text, m_state.variables);
    if (!v.is_string()) return fail(Error::invalid(fmt::format("timer '{}': {} is {}, not text", event.id, text,
                                                               v.is_null() ? "unset" : v.dump()), event.id));
    return v.get<std::string>();
  };
  switch (timer.kind) {
  case bpmn::TimerKind::duration: {
    std::string text = KS_TRY(text_of(timer.text));
    if (auto d = parse_duration(text)) return add_duration(m_now, *d);
    if (auto at = parse_iso(text)) return at; // A date where a duration was expected: wait until then.
    return bad(fmt::format("'{}' is not an ISO 8601 duration", text));
  }
  case bpmn::TimerKind::date: {
    std::string text = KS_TRY(text_of(timer.text));
    if (auto at = parse_iso(text)) return at;
    return bad(fmt::format("'{}' is not an ISO 8601 date", text));
  }
  case bpmn::TimerKind::cycle: {
    auto cycle = parse_cycle(timer.text);
    if (!cycle) return bad(cycle.error().message);
    Instant start = m_now;
    if (cycle->start.empty()) {
      // "R3/P1M" counts from now: now itself is not an occurrence, the next three are.
      if (cycle->repetitions) *cycle->repetitions += 1;
    } else {
      std::string text = KS_TRY(text_of(cycle->start));
      auto at = parse_iso(text);
      if (!at) return bad(fmt::format("cycle start '{}' is not an ISO 8601 date", text));
      start = *at;
    }
    std::int64_t index = 0;
    auto next = next_occurrence(start, *cycle, m_now, &index);
    if (!next) return std::optional<Instant>();
    if (cycle->repetitions) *repeats_left = *cycle->repetitions - index - 1;
    return next;
  }
  case bpmn::TimerKind::none: break;
  }
  return bad("no timer definition");
}

} // namespace ks::engine
