#include "engine/runtime/definition_set.hpp"

#include <fmt/format.h>

namespace ks::engine {

Status DefinitionSet::add(bpmn::Definitions definitions) {
  for (const auto& p : definitions.processes)
    if (m_processes.contains(p.id)) return fail(Error::conflict(fmt::format("process '{}' is already loaded", p.id)));
  auto file = std::make_shared<const bpmn::Definitions>(std::move(definitions));
  for (const auto& p : file->processes) m_processes.emplace(p.id, &p);
  m_files.push_back(std::move(file));
  return {};
}

const bpmn::Process* DefinitionSet::find(std::string_view process_id) const {
  auto it = m_processes.find(process_id);
  return it == m_processes.end() ? nullptr : it->second;
}

std::vector<std::string> DefinitionSet::process_ids() const {
  std::vector<std::string> out;
  for (const auto& [id, p] : m_processes) out.push_back(id);
  return out;
}

} // namespace ks::engine
