// The functions (roles) a person can hold in a unit of the structure. Proposals and routines name
// functions, never persons; assignments bind a person to a function in a unit for a period.
// BPMN user tasks address them as `ks:assignee="FUNCTION@SCOPE"` (see docs/bpmn-subset.md).
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace ks::domain {

struct FunctionKind {
  std::string_view key;      // Stable identifier used in data files, BPMN and the API.
  std::string_view label_sv; // Swedish label shown in the UI.
  std::string_view label_en;
};

// Every known function, in display order.
std::span<const FunctionKind> function_kinds();
// The function with this key, or nullopt.
std::optional<FunctionKind> find_function(std::string_view key);

} // namespace ks::domain
