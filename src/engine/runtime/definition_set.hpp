// The processes a case may run: every process of every loaded BPMN file, by process id. A case
// refers to its definition by id; callActivity looks the called process up here.
#pragma once

#include "core/result.hpp"
#include "engine/bpmn/model.hpp"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ks::engine {

class DefinitionSet {
public:
  // Adds every process of a file that has passed bpmn::validate. Fails with conflict, adding
  // nothing, when one of its process ids is already present.
  Status add(bpmn::Definitions definitions);

  // The process with this id, or nullptr. The pointer lives as long as this set.
  const bpmn::Process* find(std::string_view process_id) const;

  // Every process id, sorted.
  std::vector<std::string> process_ids() const;

private:
  std::vector<std::shared_ptr<const bpmn::Definitions>> m_files;
  std::map<std::string, const bpmn::Process*, std::less<>> m_processes;
};

} // namespace ks::engine
