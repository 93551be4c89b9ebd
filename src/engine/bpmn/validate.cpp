#include "engine/bpmn/validate.hpp"

#include "engine/bpmn/assignee.hpp"
#include "engine/duration.hpp"
#include "engine/expr/expression.hpp"
#include "engine/expr/template.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>

namespace ks::engine::bpmn {

namespace {

using Errors = std::vector<ValidationError>;

bool is_identifier(std::string_view s) { return is_variable_path(s) && s.find('.') == std::string_view::npos; }

class Validator {
public:
  Validator(const Definitions& d, const ValidationContext& c, Errors& out) : m_defs(d), m_ctx(c), m_out(out) {}

  void run() {
    if (m_defs.processes.empty()) add("", 1, "the file has no process");
    for (const auto& p : m_defs.processes) check_process(p);
  }

private:
  void add(const std::string& id, int line, std::string message) { m_out.push_back({id, line, std::move(message)}); }

  void check_process(const Process& p) {
    for (const auto& f : p.flows) check_flow(p, f);
    for (const auto& n : p.nodes) check_node(p, n);
    check_scope(p, -1);
    for (std::size_t i = 0; i < p.nodes.size(); ++i)
      if (p.nodes[i].kind == NodeKind::sub_process) check_scope(p, static_cast<int>(i));
    check_reachability(p);
  }

  void check_flow(const Process& p, const SequenceFlow& f) {
    if (f.source < 0)
      add(f.id, f.line, f.source_ref.empty() ? "sequenceFlow without sourceRef"
                                             : fmt::format("sourceRef '{}' names no flow node", f.source_ref));
    if (f.target < 0)
      add(f.id, f.line, f.target_ref.empty() ? "sequenceFlow without targetRef"
                                             : fmt::format("targetRef '{}' names no flow node", f.target_ref));
    if (f.source >= 0 && f.target >= 0) {
      const FlowNode& s = p.nodes[static_cast<std::size_t>(f.source)];
      const FlowNode& t = p.nodes[static_cast<std::size_t>(f.target)];
      if (s.parent != f.parent || t.parent != f.parent)
        add(f.id, f.line, "a sequence flow must connect nodes of the same process or sub-process");
      if (t.kind == NodeKind::start_event) add(f.id, f.line, fmt::format("flows may not enter start event '{}'", t.id));
      if (t.kind == NodeKind::boundary_event) add(f.id, f.line, fmt::format("flows may not enter boundary event '{}'", t.id));
      if (s.kind == NodeKind::end_event) add(f.id, f.line, fmt::format("flows may not leave end event '{}'", s.id));
    }
    if (!f.condition_text.empty()) {
      auto e = expr::parse(f.condition_text);
      if (!e) add(f.id, f.line, fmt::format("conditionExpression '{}': {}", f.condition_text, e.error().message));
    }
  }

  void check_node(const Process& p, const FlowNode& n) {
    switch (n.kind) {
    case NodeKind::user_task: check_user_task(n); break;
    case NodeKind::service_task: check_service_task(n); break;
    case NodeKind::exclusive_gateway: check_exclusive(p, n); break;
    case NodeKind::boundary_event: check_boundary(p, n); break;
    case NodeKind::call_activity: check_call(n); break;
    default: break;
    }
    if (n.event == EventKind::timer) check_timer(n);
    if (n.event == EventKind::message) {
      if (!n.message_ref.empty() && !m_defs.messages.contains(n.message_ref))
        add(n.id, n.line, fmt::format("messageRef '{}' names no <message>", n.message_ref));
      else if (!n.message_ref.empty() && n.message_name.empty())
        add(n.id, n.line, fmt::format("message '{}' has no name", n.message_ref));
    }
    if (n.kind != NodeKind::end_event && n.outgoing.empty())
      add(n.id, n.line, fmt::format("{} has no outgoing sequence flow (only end events may end a path)", to_string(n.kind)));
  }

  void check_user_task(const FlowNode& n) {
    std::string assignee = n.ks_attr("assignee");
    if (assignee.empty()) add(n.id, n.line, "userTask needs ks:assignee=\"FUNCTION@SCOPE\"");
    else if (auto a = parse_assignee(assignee); !a) add(n.id, n.line, fmt::format("ks:assignee: {}", a.error().message));
    if (n.ks.contains("form")) {
      std::string form = n.ks_attr("form");
      if (form.empty()) add(n.id, n.line, "ks:form is empty");
      else if (!m_ctx.known_forms.contains(form))
        add(n.id, n.line, fmt::format("ks:form '{}' names no known form (processes/forms/{}.form)", form, form));
    }
    if (n.ks.contains("deadline")) {
      std::string d = n.ks_attr("deadline");
      if (expr::is_wrapped(d)) {
        if (auto e = expr::parse(d); !e) add(n.id, n.line, fmt::format("ks:deadline '{}': {}", d, e.error().message));
      } else if (auto dur = parse_duration(d); !dur) {
        add(n.id, n.line, fmt::format("ks:deadline: {} (expected an ISO 8601 duration such as P14D, or ${{variable}})",
                                      dur.error().message));
      }
    }
    if (n.multi) {
      const MultiInstance& mi = *n.multi;
      if (!is_variable_path(mi.collection))
        add(n.id, mi.line, mi.collection.empty() ? "multiInstanceLoopCharacteristics needs ks:collection"
                                                 : fmt::format("ks:collection '{}' is not a variable name", mi.collection));
      if (!is_identifier(mi.element_variable))
        add(n.id, mi.line, mi.element_variable.empty()
                               ? "multiInstanceLoopCharacteristics needs ks:elementVariable"
                               : fmt::format("ks:elementVariable '{}' is not a variable name", mi.element_variable));
      if (!mi.output_collection.empty() && !is_identifier(mi.output_collection))
        add(n.id, mi.line, fmt::format("ks:outputCollection '{}' is not a variable name", mi.output_collection));
      if (!mi.completion_text.empty()) {
        auto e = expr::parse(mi.completion_text);
        if (!e) add(n.id, mi.line, fmt::format("completionCondition '{}': {}", mi.completion_text, e.error().message));
      }
    }
  }

  void check_service_task(const FlowNode& n) {
    std::string action = n.ks_attr("action");
    std::vector<std::string> allowed = {"step", "action"};
    auto need = [&](const char* key) {
      allowed.push_back(key);
      if (n.ks_attr(key).empty()) {
        add(n.id, n.line, fmt::format("ks:action=\"{}\" needs ks:{}", action, key));
        return false;
      }
      return true;
    };
    auto template_ok = [&](const char* key) {
      allowed.push_back(key);
      if (auto s = expr::check_template(n.ks_attr(key)); !s) add(n.id, n.line, fmt::format("ks:{}: {}", key, s.error().message));
    };
    if (action.empty()) {
      add(n.id, n.line, "serviceTask needs ks:action (diary.register, notify, compile or set)");
      return;
    } else if (action == "diary.register") {
      if (need("direction") && n.ks_attr("direction") != "in" && n.ks_attr("direction") != "out")
        add(n.id, n.line, fmt::format("ks:direction must be in or out, not '{}'", n.ks_attr("direction")));
      template_ok("description");
    } else if (action == "notify") {
      if (need("to"))
        if (auto a = parse_assignee(n.ks_attr("to")); !a) add(n.id, n.line, fmt::format("ks:to: {}", a.error().message));
      template_ok("message");
    } else if (action == "compile") {
      if (need("from") && !is_variable_path(n.ks_attr("from")))
        add(n.id, n.line, fmt::format("ks:from '{}' is not a variable name", n.ks_attr("from")));
      if (need("into") && !is_identifier(n.ks_attr("into")))
        add(n.id, n.line, fmt::format("ks:into '{}' is not a variable name", n.ks_attr("into")));
    } else if (action == "set") {
      if (need("variable") && !is_identifier(n.ks_attr("variable")))
        add(n.id, n.line, fmt::format("ks:variable '{}' is not a variable name", n.ks_attr("variable")));
      if (need("value"))
        if (auto e = expr::parse(n.ks_attr("value")); !e)
          add(n.id, n.line, fmt::format("ks:value '{}': {}", n.ks_attr("value"), e.error().message));
    } else {
      add(n.id, n.line, fmt::format("unknown ks:action '{}' (known: diary.register, notify, compile, set)", action));
      return;
    }
    for (const auto& [k, v] : n.ks)
      if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
        add(n.id, n.line, fmt::format("unknown attribute ks:{} for ks:action=\"{}\"", k, action));
  }

  void check_exclusive(const Process& p, const FlowNode& n) {
    int default_index = -1;
    if (!n.default_flow.empty()) {
      auto it = p.flow_index.find(n.default_flow);
      if (it == p.flow_index.end() || std::find(n.outgoing.begin(), n.outgoing.end(), it->second) == n.outgoing.end())
        add(n.id, n.line, fmt::format("default flow '{}' is not an outgoing flow of this gateway", n.default_flow));
      else default_index = it->second;
    }
    if (n.outgoing.size() >= 2 && default_index < 0) {
      bool all_conditional = std::all_of(n.outgoing.begin(), n.outgoing.end(), [&](int f) {
        return !p.flows[static_cast<std::size_t>(f)].condition_text.empty();
      });
      if (all_conditional)
        add(n.id, n.line, "every outgoing flow has a condition and there is no default flow: the case can get stuck");
    }
  }

  void check_boundary(const Process& p, const FlowNode& n) {
    if (n.attached_to.empty()) {
      add(n.id, n.line, "boundaryEvent without attachedToRef");
      return;
    }
    const FlowNode* host = p.find_node(n.attached_to);
    if (!host) {
      add(n.id, n.line, fmt::format("attachedToRef '{}' names no flow node", n.attached_to));
      return;
    }
    if (host->kind != NodeKind::user_task && host->kind != NodeKind::sub_process && host->kind != NodeKind::call_activity)
      add(n.id, n.line, fmt::format("a boundary event may sit on a userTask, subProcess or callActivity, not on {} '{}'",
                                    to_string(host->kind), host->id));
    else if (host->parent != n.parent)
      add(n.id, n.line, fmt::format("boundary event and '{}' are in different scopes", host->id));
  }

  void check_call(const FlowNode& n) {
    if (n.called_element.empty()) {
      add(n.id, n.line, "callActivity without calledElement");
      return;
    }
    bool own = std::any_of(m_defs.processes.begin(), m_defs.processes.end(),
                           [&](const Process& q) { return q.id == n.called_element; });
    if (!own && !m_ctx.known_processes.contains(n.called_element))
      add(n.id, n.line, fmt::format("calledElement '{}' names no known process", n.called_element));
  }

  void check_date_or_expression(const FlowNode& n, const std::string& text, std::string_view what) {
    if (expr::is_wrapped(text)) {
      if (auto e = expr::parse(text); !e) add(n.id, n.timer.line, fmt::format("{} '{}': {}", what, text, e.error().message));
    } else if (!parse_iso(text)) {
      add(n.id, n.timer.line, fmt::format("{} '{}' is neither an ISO 8601 date nor ${{variable}}", what, text));
    }
  }

  void check_timer(const FlowNode& n) {
    const Timer& t = n.timer;
    if (t.text.empty()) {
      if (t.kind != TimerKind::none) add(n.id, t.line, "empty timer value");
      return;
    }
    switch (t.kind) {
    case TimerKind::none: break;
    case TimerKind::duration:
      if (expr::is_wrapped(t.text)) {
        if (auto e = expr::parse(t.text); !e) add(n.id, t.line, fmt::format("timeDuration '{}': {}", t.text, e.error().message));
      } else if (auto d = parse_duration(t.text); !d) {
        add(n.id, t.line, fmt::format("timeDuration: {}", d.error().message));
      }
      break;
    case TimerKind::date: check_date_or_expression(n, t.text, "timeDate"); break;
    case TimerKind::cycle: {
      auto c = parse_cycle(t.text);
      if (!c) add(n.id, t.line, fmt::format("timeCycle: {}", c.error().message));
      else if (!c->start.empty()) check_date_or_expression(n, c->start, "timeCycle start");
      break;
    }
    }
  }

  // Start events, and the boundary rules that depend on the scope (root or a sub-process).
  void check_scope(const Process& p, int scope) {
    int plain = 0, any = 0;
    for (const auto& n : p.nodes) {
      if (n.parent != scope || n.kind != NodeKind::start_event) continue;
      ++any;
      if (n.event == EventKind::none) ++plain;
      if (scope >= 0 && n.event != EventKind::none)
        add(n.id, n.line, "a sub-process start event must be plain (no event definition)");
    }
    const std::string& id = scope < 0 ? p.id : p.nodes[static_cast<std::size_t>(scope)].id;
    int line = scope < 0 ? p.line : p.nodes[static_cast<std::size_t>(scope)].line;
    if (any == 0) add(id, line, scope < 0 ? "process has no start event" : "subProcess has no start event");
    if (plain > 1) add(id, line, "more than one plain start event");
    if (scope < 0 && any > 1 && plain == 0) add(id, line, "more than one message start event and no plain start event");
  }

  // Walks from every start event; boundary events are reached with their host, sub-process
  // content with its sub-process.
  void check_reachability(const Process& p) {
    std::vector<bool> seen(p.nodes.size(), false);
    std::deque<int> queue;
    auto visit = [&](int i) {
      if (i >= 0 && !seen[static_cast<std::size_t>(i)]) {
        seen[static_cast<std::size_t>(i)] = true;
        queue.push_back(i);
      }
    };
    for (std::size_t i = 0; i < p.nodes.size(); ++i)
      if (p.nodes[i].parent < 0 && p.nodes[i].kind == NodeKind::start_event) visit(static_cast<int>(i));
    while (!queue.empty()) {
      const FlowNode& n = p.nodes[static_cast<std::size_t>(queue.front())];
      queue.pop_front();
      for (int f : n.outgoing) visit(p.flows[static_cast<std::size_t>(f)].target);
      for (int b : n.boundary) visit(b);
      if (n.kind == NodeKind::sub_process)
        for (int c : n.children)
          if (p.nodes[static_cast<std::size_t>(c)].kind == NodeKind::start_event) visit(c);
    }
    for (std::size_t i = 0; i < p.nodes.size(); ++i)
      if (!seen[i]) add(p.nodes[i].id, p.nodes[i].line, "unreachable: no path leads here from a start event");
  }

  const Definitions& m_defs;
  const ValidationContext& m_ctx;
  Errors& m_out;
};

} // namespace

std::vector<ValidationError> validate(const Definitions& definitions, const ValidationContext& context) {
  Errors out;
  Validator(definitions, context, out).run();
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.line < b.line; });
  return out;
}

std::string describe(const ValidationError& e) {
  if (e.element_id.empty()) return fmt::format("{}: {}", e.line, e.message);
  return fmt::format("{}: element {}: {}", e.line, e.element_id, e.message);
}

Result<Definitions> load_bpmn(std::string_view xml, const ValidationContext& context) {
  ParsedDefinitions parsed = parse_bpmn(xml);
  Errors errors = std::move(parsed.errors);
  // After a fatal error (not XML) there is nothing to validate; otherwise report everything.
  if (errors.empty() || !parsed.definitions.processes.empty()) {
    auto more = validate(parsed.definitions, context);
    errors.insert(errors.end(), more.begin(), more.end());
  }
  if (errors.empty()) return std::move(parsed.definitions);
  std::string message;
  for (const auto& e : errors) {
    if (!message.empty()) message += '\n';
    message += describe(e);
  }
  return fail(Error::invalid(std::move(message)));
}

} // namespace ks::engine::bpmn
