// Checking a parsed BPMN file against the subset and the ks: contract (docs/bpmn-subset.md).
#pragma once

#include "core/result.hpp"
#include "engine/bpmn/parse.hpp"

#include <set>
#include <string>
#include <vector>

namespace ks::engine::bpmn {

// What the file may refer to outside itself.
struct ValidationContext {
  std::set<std::string> known_forms;     // Form ids that exist (ks:form must be one of them).
  std::set<std::string> known_processes; // Process ids a callActivity may call; the file's own
                                         // processes are always allowed.
};

// Every problem in `definitions`, in document order per check: dangling flow references,
// unreachable nodes, nodes with no way out, gateways that can get stuck, unknown functions, forms
// and called processes, malformed deadlines, timers and expressions. Empty means runnable.
std::vector<ValidationError> validate(const Definitions& definitions, const ValidationContext& context);

// parse_bpmn + validate. On any problem returns invalid_input whose message lists them all, one per
// line as "LINE: element ID: message".
Result<Definitions> load_bpmn(std::string_view xml, const ValidationContext& context);

// "LINE: element ID: message" (or "LINE: message" without an element).
std::string describe(const ValidationError& error);

} // namespace ks::engine::bpmn
