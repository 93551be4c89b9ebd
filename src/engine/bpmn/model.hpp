// The parsed form of a BPMN file: the executable subset in docs/bpmn-subset.md, with line numbers
// for error messages. Produced by parse_bpmn (parse.hpp), checked by validate (validate.hpp), run
// by the runtime. Plain data; indexes refer into the vectors of the same Process.
#pragma once

#include "engine/expr/expression.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ks::engine::bpmn {

enum class NodeKind {
  start_event,
  end_event,
  user_task,
  service_task,
  exclusive_gateway,
  parallel_gateway,
  intermediate_catch_event,
  boundary_event,
  call_activity,
  sub_process,
};

std::string_view to_string(NodeKind kind);

// What an event waits for or does.
enum class EventKind { none, timer, message, terminate };

enum class TimerKind { none, duration, date, cycle };

struct Timer {
  TimerKind kind = TimerKind::none;
  std::string text; // The element text as written (an ISO value or "${...}").
  int line = 0;
};

struct MultiInstance {
  bool sequential = false;
  std::string collection;       // ks:collection: a variable path holding the list of items.
  std::string element_variable; // ks:elementVariable.
  std::string output_collection; // ks:outputCollection; may be empty.
  std::string completion_text;  // completionCondition as written; empty when absent.
  expr::Expression completion;  // Parsed by the validator's rules; empty when absent or malformed.
  int line = 0;
};

// One flow node (activity, event or gateway) of a process or of an embedded sub-process.
struct FlowNode {
  std::string id;
  std::string name;
  NodeKind kind = NodeKind::start_event;
  int line = 0;
  int parent = -1; // Index of the enclosing subProcess node, -1 at the process level.

  std::map<std::string, std::string> ks; // Every ks: attribute, without the prefix ("step", "form"...).

  EventKind event = EventKind::none;
  Timer timer;
  std::string message_ref;  // messageEventDefinition/@messageRef.
  std::string message_name; // The referenced <message name>; empty when unresolved.

  std::string attached_to;     // boundaryEvent/@attachedToRef.
  bool cancel_activity = true; // boundaryEvent/@cancelActivity.
  std::string called_element;  // callActivity/@calledElement.
  std::string default_flow;    // exclusiveGateway/@default.
  std::optional<MultiInstance> multi;

  std::vector<int> incoming; // Indexes into Process::flows whose target is this node.
  std::vector<int> outgoing; // ... whose source is this node, in document order.
  std::vector<int> boundary; // Indexes of boundary events attached to this node.
  std::vector<int> children; // For a subProcess: its flow nodes.

  // Shorthands for ks: attributes; empty when absent.
  std::string ks_attr(const std::string& key) const;
};

struct SequenceFlow {
  std::string id;
  std::string source_ref;
  std::string target_ref;
  int source = -1; // Node indexes; -1 when the reference dangles.
  int target = -1;
  int line = 0;
  int parent = -1; // Enclosing subProcess node, as for FlowNode.
  std::string condition_text; // Empty when unconditional.
  expr::Expression condition; // Empty when unconditional or malformed.
};

struct Process {
  std::string id;
  std::string name;
  std::string title; // ks:title
  int line = 0;
  std::vector<FlowNode> nodes; // In document order.
  std::vector<SequenceFlow> flows;
  std::map<std::string, int> node_index;
  std::map<std::string, int> flow_index;

  const FlowNode* find_node(const std::string& id) const;
  int node_at(const std::string& id) const; // -1 when absent.
};

// One BPMN file.
struct Definitions {
  std::string id;
  std::vector<Process> processes;
  std::map<std::string, std::string> messages; // message id -> name.
  std::vector<std::string> diagram_element_refs; // bpmnElement of every BPMNDI shape and edge.
};

} // namespace ks::engine::bpmn
