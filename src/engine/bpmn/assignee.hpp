// `ks:assignee="FUNCTION@SCOPE"` (and `ks:to` on notify actions): a function key from
// domain/functions and the name of the case variable (or multi-instance element variable) that
// holds the id of the unit where the function sits.
#pragma once

#include "core/result.hpp"

#include <string>
#include <string_view>

namespace ks::engine::bpmn {

struct Assignee {
  std::string function; // A key known to domain::find_function.
  std::string scope;    // A variable path ("lpo", "case.lpo").
};

// Parses and checks "FUNCTION@SCOPE": the function must be known and SCOPE a variable path
// (names of letters, digits and '_' joined by '.'). Errors are invalid_input naming the problem.
Result<Assignee> parse_assignee(std::string_view text);

// True for a variable path as above.
bool is_variable_path(std::string_view text);

} // namespace ks::engine::bpmn
