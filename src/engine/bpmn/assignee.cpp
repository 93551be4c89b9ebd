#include "engine/bpmn/assignee.hpp"

#include "domain/functions.hpp"

#include <fmt/format.h>

namespace ks::engine::bpmn {

bool is_variable_path(std::string_view text) {
  if (text.empty()) return false;
  bool start = true;
  for (char c : text) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (c == '.') {
      if (start) return false;
      start = true;
      continue;
    }
    if (start ? !letter : !(letter || digit)) return false;
    start = false;
  }
  return !start;
}

Result<Assignee> parse_assignee(std::string_view text) {
  auto at = text.find('@');
  if (at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos)
    return fail(Error::invalid(fmt::format("'{}' is not FUNCTION@SCOPE", text)));
  Assignee a{std::string(text.substr(0, at)), std::string(text.substr(at + 1))};
  if (!domain::find_function(a.function))
    return fail(Error::invalid(fmt::format("unknown function '{}' in '{}'", a.function, text)));
  if (!is_variable_path(a.scope))
    return fail(Error::invalid(fmt::format("scope '{}' in '{}' is not a variable name", a.scope, text)));
  return a;
}

} // namespace ks::engine::bpmn
