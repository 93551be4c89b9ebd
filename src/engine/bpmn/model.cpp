#include "engine/bpmn/model.hpp"

namespace ks::engine::bpmn {

std::string_view to_string(NodeKind kind) {
  switch (kind) {
  case NodeKind::start_event: return "startEvent";
  case NodeKind::end_event: return "endEvent";
  case NodeKind::user_task: return "userTask";
  case NodeKind::service_task: return "serviceTask";
  case NodeKind::exclusive_gateway: return "exclusiveGateway";
  case NodeKind::parallel_gateway: return "parallelGateway";
  case NodeKind::intermediate_catch_event: return "intermediateCatchEvent";
  case NodeKind::boundary_event: return "boundaryEvent";
  case NodeKind::call_activity: return "callActivity";
  case NodeKind::sub_process: return "subProcess";
  }
  return "?";
}

std::string FlowNode::ks_attr(const std::string& key) const {
  auto it = ks.find(key);
  return it == ks.end() ? std::string() : it->second;
}

const FlowNode* Process::find_node(const std::string& id) const {
  auto it = node_index.find(id);
  return it == node_index.end() ? nullptr : &nodes[static_cast<std::size_t>(it->second)];
}

int Process::node_at(const std::string& id) const {
  auto it = node_index.find(id);
  return it == node_index.end() ? -1 : it->second;
}

} // namespace ks::engine::bpmn
