#include "engine/bpmn/parse.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <set>

namespace ks::engine::bpmn {

namespace {

constexpr std::size_t kMaxBytes = 16u << 20;
constexpr int kMaxDepth = 256;

// Prefix -> namespace URI declarations visible at an element, chained to the enclosing element's.
struct NsScope {
  const NsScope* parent = nullptr;
  std::vector<std::pair<std::string, std::string>> decls; // "" is the default namespace.

  std::string_view lookup(std::string_view prefix) const {
    for (const NsScope* s = this; s; s = s->parent)
      for (const auto& [p, uri] : s->decls)
        if (p == prefix) return uri;
    if (prefix == "xml") return "http://www.w3.org/XML/1998/namespace";
    return {};
  }
};

struct QName {
  std::string_view uri;
  std::string_view local;
};

QName split(std::string_view name, const NsScope& scope, bool is_attribute) {
  auto colon = name.find(':');
  if (colon == std::string_view::npos) return {is_attribute ? std::string_view{} : scope.lookup(""), name};
  return {scope.lookup(name.substr(0, colon)), name.substr(colon + 1)};
}

bool icase_find(std::string_view hay, std::string_view needle, std::size_t& at) {
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  if (it == hay.end()) return false;
  at = static_cast<std::size_t>(it - hay.begin());
  return true;
}

class Reader {
public:
  explicit Reader(std::string text) : m_text(std::move(text)) {
    for (std::size_t i = 0; i < m_text.size(); ++i)
      if (m_text[i] == '\n') m_newlines.push_back(i);
  }

  ParsedDefinitions run() {
    std::size_t at;
    if (icase_find(m_text, "<!DOCTYPE", at) || icase_find(m_text, "<!ENTITY", at)) {
      error("", line_at(at), "DOCTYPE and entity declarations are not allowed in a BPMN file");
      return std::move(m_out);
    }
    pugi::xml_document doc;
    // parse_default has no parse_doctype: a DTD would be skipped, never expanded (and is refused above).
    auto res = doc.load_buffer(m_text.data(), m_text.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!res) {
      error("", line_at(static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, res.offset))),
            fmt::format("not well-formed XML: {}", res.description()));
      return std::move(m_out);
    }
    pugi::xml_node root = doc.document_element();
    NsScope scope = scope_of(root, nullptr);
    QName q = split(root.name(), scope, false);
    if (q.uri != kBpmnNamespace || q.local != "definitions") {
      error(root.attribute("id").value(), line_of(root),
            fmt::format("the root element must be BPMN 'definitions' in namespace {}, found '{}'", kBpmnNamespace,
                        root.name()));
      return std::move(m_out);
    }
    m_out.definitions.id = root.attribute("id").value();
    read_definitions(root, scope);
    for (auto& p : m_out.definitions.processes) link(p);
    return std::move(m_out);
  }

private:
  // ---- helpers ----------------------------------------------------------------------------------

  int line_at(std::size_t offset) const {
    return static_cast<int>(std::upper_bound(m_newlines.begin(), m_newlines.end(), offset) - m_newlines.begin()) + 1;
  }
  int line_of(pugi::xml_node n) const {
    std::ptrdiff_t off = n.offset_debug();
    return off < 0 ? 0 : line_at(static_cast<std::size_t>(off));
  }
  void error(std::string id, int line, std::string message) {
    m_out.errors.push_back({std::move(id), line, std::move(message)});
  }

  static NsScope scope_of(pugi::xml_node n, const NsScope* parent) {
    NsScope s;
    s.parent = parent;
    for (auto a : n.attributes()) {
      std::string_view name = a.name();
      if (name == "xmlns") s.decls.emplace_back("", a.value());
      else if (name.starts_with("xmlns:")) s.decls.emplace_back(std::string(name.substr(6)), a.value());
    }
    return s;
  }

  // Reports an element of the BPMN namespace that the subset does not have.
  void outside_subset(pugi::xml_node n, std::string_view local, std::string_view where) {
    std::string id = n.attribute("id").value();
    error(id, line_of(n),
          fmt::format("element '{}'{} is outside the supported BPMN subset{}", local,
                      id.empty() ? "" : fmt::format(" (id '{}')", id), where.empty() ? "" : fmt::format(" in {}", where)));
  }

  bool too_deep(pugi::xml_node n, int depth) {
    if (depth <= kMaxDepth) return false;
    if (!m_reported_depth) error(n.attribute("id").value(), line_of(n), "elements are nested too deeply");
    m_reported_depth = true;
    return true;
  }

  // Collects ks: attributes (without prefix) and checks standard ones are in no foreign namespace.
  std::map<std::string, std::string> ks_attributes(pugi::xml_node n, const NsScope& scope) {
    std::map<std::string, std::string> out;
    for (auto a : n.attributes()) {
      std::string_view name = a.name();
      if (name == "xmlns" || name.starts_with("xmlns:")) continue;
      QName q = split(name, scope, true);
      if (q.uri == kKsNamespace) out[std::string(q.local)] = a.value();
    }
    return out;
  }

  // Iterates element children, giving each its namespace scope and qualified name; skips text,
  // comments and processing instructions.
  template <class F>
  void for_children(pugi::xml_node n, const NsScope& scope, int depth, F&& f) {
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      if (too_deep(c, depth + 1)) return;
      NsScope cs = scope_of(c, &scope);
      QName q = split(c.name(), cs, false);
      f(c, cs, q);
    }
  }

  // Every element under `n` in the BPMNDI/DI namespaces: collects bpmnElement references.
  void read_diagram(pugi::xml_node n, int depth) {
    if (too_deep(n, depth)) return;
    if (auto ref = n.attribute("bpmnElement")) m_out.definitions.diagram_element_refs.emplace_back(ref.value());
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_element) read_diagram(c, depth + 1);
  }

  // ---- definitions ------------------------------------------------------------------------------

  void read_definitions(pugi::xml_node root, const NsScope& scope) {
    for_children(root, scope, 1, [&](pugi::xml_node c, const NsScope& cs, QName q) {
      if (q.uri != kBpmnNamespace) {
        read_diagram(c, 2);
        return;
      }
      if (q.local == "process") {
        read_process(c, cs);
      } else if (q.local == "message") {
        std::string id = c.attribute("id").value();
        if (id.empty()) error("", line_of(c), "message without an id");
        else m_out.definitions.messages[id] = c.attribute("name").value();
      } else if (q.local == "collaboration") {
        read_collaboration(c, cs);
      } else if (q.local == "category" || q.local == "documentation" || q.local == "extensionElements") {
        // Categories back BPMN groups (pure annotation); nothing to run.
      } else {
        outside_subset(c, q.local, "definitions");
      }
    });
  }

  void read_collaboration(pugi::xml_node n, const NsScope& scope) {
    for_children(n, scope, 2, [&](pugi::xml_node c, const NsScope&, QName q) {
      if (q.uri != kBpmnNamespace) return;
      if (q.local == "participant" || q.local == "textAnnotation" || q.local == "association" ||
          q.local == "documentation" || q.local == "extensionElements" || q.local == "group")
        return;
      outside_subset(c, q.local, "collaboration");
    });
  }

  void read_process(pugi::xml_node n, const NsScope& scope) {
    Process p;
    p.id = n.attribute("id").value();
    p.name = n.attribute("name").value();
    p.line = line_of(n);
    if (p.id.empty()) error("", p.line, "process without an id");
    auto ks = ks_attributes(n, scope);
    for (const auto& [k, v] : ks) {
      if (k == "title") p.title = v;
      else error(p.id, p.line, fmt::format("unknown attribute ks:{} on process", k));
    }
    if (!p.id.empty() && !m_ids.insert(p.id).second) error(p.id, p.line, fmt::format("duplicate id '{}'", p.id));
    read_content(n, scope, p, -1, 2);
    m_out.definitions.processes.push_back(std::move(p));
  }

  // The content of a process or an embedded sub-process.
  void read_content(pugi::xml_node n, const NsScope& scope, Process& p, int parent, int depth) {
    for_children(n, scope, depth, [&](pugi::xml_node c, const NsScope& cs, QName q) {
      if (q.uri != kBpmnNamespace) return;
      std::string_view l = q.local;
      if (l == "sequenceFlow") read_flow(c, cs, p, parent, depth + 1);
      else if (l == "laneSet") read_lanes(c, cs, p, depth + 1);
      else if (l == "documentation" || l == "extensionElements" || l == "textAnnotation" || l == "association" ||
               l == "group")
        return;
      else if (auto kind = node_kind(l)) read_node(c, cs, p, parent, *kind, depth + 1);
      else outside_subset(c, l, parent < 0 ? fmt::format("process '{}'", p.id) : fmt::format("subProcess '{}'", p.nodes[static_cast<std::size_t>(parent)].id));
    });
  }

  static std::optional<NodeKind> node_kind(std::string_view l) {
    if (l == "startEvent") return NodeKind::start_event;
    if (l == "endEvent") return NodeKind::end_event;
    if (l == "userTask") return NodeKind::user_task;
    if (l == "serviceTask") return NodeKind::service_task;
    if (l == "exclusiveGateway") return NodeKind::exclusive_gateway;
    if (l == "parallelGateway") return NodeKind::parallel_gateway;
    if (l == "intermediateCatchEvent") return NodeKind::intermediate_catch_event;
    if (l == "boundaryEvent") return NodeKind::boundary_event;
    if (l == "callActivity") return NodeKind::call_activity;
    if (l == "subProcess") return NodeKind::sub_process;
    return std::nullopt;
  }

  void read_lanes(pugi::xml_node n, const NsScope& scope, Process& p, int depth) {
    for_children(n, scope, depth, [&](pugi::xml_node c, const NsScope& cs, QName q) {
      if (q.uri != kBpmnNamespace) return;
      if (q.local == "lane") {
        for (const auto& [k, v] : ks_attributes(c, cs)) {
          if (k != "color")
            error(c.attribute("id").value(), line_of(c), fmt::format("unknown attribute ks:{} on lane", k));
          else if (v != "region" && v != "municipality" && v != "joint")
            error(c.attribute("id").value(), line_of(c),
                  fmt::format("ks:color must be region, municipality or joint, not '{}'", v));
        }
        read_lane_children(c, cs, p, depth + 1);
      } else if (q.local != "documentation" && q.local != "extensionElements") {
        outside_subset(c, q.local, "laneSet");
      }
    });
  }

  void read_lane_children(pugi::xml_node n, const NsScope& scope, Process& p, int depth) {
    for_children(n, scope, depth, [&](pugi::xml_node c, const NsScope& cs, QName q) {
      if (q.uri != kBpmnNamespace) return;
      if (q.local == "childLaneSet") read_lanes(c, cs, p, depth + 1);
      else if (q.local != "flowNodeRef" && q.local != "documentation" && q.local != "extensionElements")
        outside_subset(c, q.local, "lane");
    });
  }

  bool claim_id(const std::string& id, pugi::xml_node n, std::string_view what) {
    if (id.empty()) {
      error("", line_of(n), fmt::format("{} without an id", what));
      return false;
    }
    if (!m_ids.insert(id).second) {
      error(id, line_of(n), fmt::format("duplicate id '{}'", id));
      return false;
    }
    return true;
  }

  void read_flow(pugi::xml_node n, const NsScope& scope, Process& p, int parent, int depth) {
    SequenceFlow f;
    f.id = n.attribute("id").value();
    f.line = line_of(n);
    f.parent = parent;
    f.source_ref = n.attribute("sourceRef").value();
    f.target_ref = n.attribute("targetRef").value();
    if (!claim_id(f.id, n, "sequenceFlow")) return;
    for (const auto& [k, v] : ks_attributes(n, scope)) error(f.id, f.line, fmt::format("unknown attribute ks:{} on sequenceFlow", k));
    for_children(n, scope, depth, [&](pugi::xml_node c, const NsScope&, QName q) {
      if (q.uri != kBpmnNamespace) return;
      if (q.local == "conditionExpression") {
        f.condition_text = trimmed(c.text().get());
        if (f.condition_text.empty()) error(f.id, line_of(c), "empty conditionExpression");
        if (auto e = expr::parse(f.condition_text)) f.condition = *e;
      } else if (q.local != "documentation" && q.local != "extensionElements") {
        outside_subset(c, q.local, fmt::format("sequenceFlow '{}'", f.id));
      }
    });
    p.flow_index[f.id] = static_cast<int>(p.flows.size());
    p.flows.push_back(std::move(f));
  }

  static std::string trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return std::string(s);
  }

  void read_node(pugi::xml_node n, const NsScope& scope, Process& p, int parent, NodeKind kind, int depth) {
    FlowNode node;
    node.id = n.attribute("id").value();
    node.name = n.attribute("name").value();
    node.kind = kind;
    node.line = line_of(n);
    node.parent = parent;
    if (!claim_id(node.id, n, std::string(n.name()))) return;
    node.ks = ks_attributes(n, scope);
    check_ks_attributes(node);
    if (kind == NodeKind::boundary_event) {
      node.attached_to = n.attribute("attachedToRef").value();
      std::string_view cancel = n.attribute("cancelActivity").as_string("true");
      if (cancel == "false") node.cancel_activity = false;
      else if (cancel != "true") error(node.id, node.line, fmt::format("cancelActivity must be true or false, not '{}'", cancel));
    }
    if (kind == NodeKind::call_activity) node.called_element = n.attribute("calledElement").value();
    if (kind == NodeKind::exclusive_gateway) node.default_flow = n.attribute("default").value();

    int index = static_cast<int>(p.nodes.size());
    p.node_index[node.id] = index;
    p.nodes.push_back(std::move(node));
    if (parent >= 0) p.nodes[static_cast<std::size_t>(parent)].children.push_back(index);

    for_children(n, scope, depth, [&](pugi::xml_node c, const NsScope& cs, QName q) {
      if (q.uri != kBpmnNamespace) return;
      std::string_view l = q.local;
      FlowNode& me = p.nodes[static_cast<std::size_t>(index)];
      if (l == "incoming" || l == "outgoing" || l == "documentation" || l == "extensionElements") return;
      bool is_event = kind == NodeKind::start_event || kind == NodeKind::end_event ||
                      kind == NodeKind::intermediate_catch_event || kind == NodeKind::boundary_event;
      if (is_event && (l == "timerEventDefinition" || l == "messageEventDefinition" || l == "terminateEventDefinition")) {
        read_event_definition(c, cs, me, l, depth + 1);
        return;
      }
      if (l == "multiInstanceLoopCharacteristics" && kind == NodeKind::user_task) {
        read_multi_instance(c, cs, me, depth + 1);
        return;
      }
      if (kind == NodeKind::sub_process) {
        if (l == "sequenceFlow") {
          read_flow(c, cs, p, index, depth + 1);
          return;
        }
        if (l == "textAnnotation" || l == "association" || l == "group") return;
        if (auto k = node_kind(l)) {
          read_node(c, cs, p, index, *k, depth + 1);
          return;
        }
      }
      outside_subset(c, l, fmt::format("{} '{}'", n.name(), me.id));
    });
    check_event_shape(p.nodes[static_cast<std::size_t>(index)]);
  }

  void read_event_definition(pugi::xml_node c, const NsScope& cs, FlowNode& me, std::string_view l, int depth) {
    if (me.event != EventKind::none) {
      error(me.id, line_of(c), "more than one event definition");
      return;
    }
    if (l == "terminateEventDefinition") {
      me.event = EventKind::terminate;
    } else if (l == "messageEventDefinition") {
      me.event = EventKind::message;
      me.message_ref = c.attribute("messageRef").value();
      if (me.message_ref.empty()) error(me.id, line_of(c), "messageEventDefinition without messageRef");
    } else {
      me.event = EventKind::timer;
      me.timer.line = line_of(c);
      for_children(c, cs, depth, [&](pugi::xml_node t, const NsScope&, QName q) {
        if (q.uri != kBpmnNamespace) return;
        TimerKind k = q.local == "timeDuration" ? TimerKind::duration
                      : q.local == "timeDate"   ? TimerKind::date
                      : q.local == "timeCycle"  ? TimerKind::cycle
                                                : TimerKind::none;
        if (k == TimerKind::none) {
          if (q.local != "documentation" && q.local != "extensionElements") outside_subset(t, q.local, "timerEventDefinition");
          return;
        }
        if (me.timer.kind != TimerKind::none) {
          error(me.id, line_of(t), "timerEventDefinition with more than one of timeDuration, timeDate, timeCycle");
          return;
        }
        me.timer.kind = k;
        me.timer.text = trimmed(t.text().get());
        me.timer.line = line_of(t);
      });
      if (me.timer.kind == TimerKind::none)
        error(me.id, me.timer.line, "timerEventDefinition needs one of timeDuration, timeDate, timeCycle");
    }
  }

  void read_multi_instance(pugi::xml_node c, const NsScope& cs, FlowNode& me, int depth) {
    MultiInstance mi;
    mi.line = line_of(c);
    std::string_view seq = c.attribute("isSequential").as_string("false");
    if (seq == "true") mi.sequential = true;
    else if (seq != "false") error(me.id, mi.line, fmt::format("isSequential must be true or false, not '{}'", seq));
    for (const auto& [k, v] : ks_attributes(c, cs)) {
      if (k == "collection") mi.collection = v;
      else if (k == "elementVariable") mi.element_variable = v;
      else if (k == "outputCollection") mi.output_collection = v;
      else error(me.id, mi.line, fmt::format("unknown attribute ks:{} on multiInstanceLoopCharacteristics", k));
    }
    for_children(c, cs, depth, [&](pugi::xml_node t, const NsScope&, QName q) {
      if (q.uri != kBpmnNamespace) return;
      if (q.local == "completionCondition") {
        mi.completion_text = trimmed(t.text().get());
        if (auto e = expr::parse(mi.completion_text)) mi.completion = *e;
      } else if (q.local != "documentation" && q.local != "extensionElements") {
        outside_subset(t, q.local, "multiInstanceLoopCharacteristics");
      }
    });
    me.multi = std::move(mi);
  }

  // Which ks: attributes each kind of node may carry. Service tasks take any: they are the action's
  // parameters.
  void check_ks_attributes(const FlowNode& n) {
    if (n.kind == NodeKind::service_task) return;
    for (const auto& [k, v] : n.ks) {
      bool ok = k == "step" || (n.kind == NodeKind::user_task && (k == "assignee" || k == "form" || k == "deadline"));
      if (!ok) error(n.id, n.line, fmt::format("unknown attribute ks:{} on {}", k, to_string(n.kind)));
    }
  }

  // Which event definitions each event may have.
  void check_event_shape(const FlowNode& n) {
    auto bad = [&](std::string_view what) { error(n.id, n.line, std::string(what)); };
    switch (n.kind) {
    case NodeKind::start_event:
      if (n.event != EventKind::none && n.event != EventKind::message) bad("a start event may be plain or a message start event only");
      break;
    case NodeKind::end_event:
      if (n.event != EventKind::none && n.event != EventKind::terminate) bad("an end event may be plain or terminate only");
      break;
    case NodeKind::intermediate_catch_event:
      if (n.event != EventKind::timer && n.event != EventKind::message) bad("an intermediate catch event needs a timer or message definition");
      break;
    case NodeKind::boundary_event:
      if (n.event != EventKind::timer && n.event != EventKind::message) bad("a boundary event needs a timer or message definition");
      break;
    default: break;
    }
  }

  // Resolves references by id: flows to nodes, boundary events to their activities, messages.
  void link(Process& p) {
    for (std::size_t i = 0; i < p.flows.size(); ++i) {
      SequenceFlow& f = p.flows[i];
      f.source = p.node_at(f.source_ref);
      f.target = p.node_at(f.target_ref);
      if (f.source >= 0) p.nodes[static_cast<std::size_t>(f.source)].outgoing.push_back(static_cast<int>(i));
      if (f.target >= 0) p.nodes[static_cast<std::size_t>(f.target)].incoming.push_back(static_cast<int>(i));
    }
    for (std::size_t i = 0; i < p.nodes.size(); ++i) {
      FlowNode& n = p.nodes[i];
      if (n.kind == NodeKind::boundary_event) {
        int host = p.node_at(n.attached_to);
        if (host >= 0) p.nodes[static_cast<std::size_t>(host)].boundary.push_back(static_cast<int>(i));
      }
      if (n.event == EventKind::message) {
        auto it = m_out.definitions.messages.find(n.message_ref);
        if (it != m_out.definitions.messages.end()) n.message_name = it->second;
      }
    }
  }

  std::string m_text;
  std::vector<std::size_t> m_newlines;
  ParsedDefinitions m_out;
  std::set<std::string> m_ids;
  bool m_reported_depth = false;
};

// A UTF-8 byte-order mark is dropped and CR LF made LF, so that pugixml's offsets map to lines
// without its own end-of-line handling shifting them.
std::string normalise(std::string_view xml) {
  if (xml.starts_with("\xEF\xBB\xBF")) xml.remove_prefix(3);
  std::string out;
  out.reserve(xml.size());
  for (std::size_t i = 0; i < xml.size(); ++i) {
    if (xml[i] == '\r') {
      out += '\n';
      if (i + 1 < xml.size() && xml[i + 1] == '\n') ++i;
    } else {
      out += xml[i];
    }
  }
  return out;
}

} // namespace

ParsedDefinitions parse_bpmn(std::string_view xml) {
  if (xml.size() > kMaxBytes) {
    ParsedDefinitions out;
    out.errors.push_back({"", 0, fmt::format("file too large ({} bytes; at most {})", xml.size(), kMaxBytes)});
    return out;
  }
  return Reader(normalise(xml)).run();
}

} // namespace ks::engine::bpmn
