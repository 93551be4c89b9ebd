#include "core/result.hpp"

namespace ks {

std::string_view to_string(ErrorCode code) {
  switch (code) {
  case ErrorCode::invalid_input: return "invalid_input";
  case ErrorCode::not_found: return "not_found";
  case ErrorCode::conflict: return "conflict";
  case ErrorCode::unauthenticated: return "unauthenticated";
  case ErrorCode::forbidden: return "forbidden";
  case ErrorCode::rate_limited: return "rate_limited";
  case ErrorCode::too_large: return "too_large";
  case ErrorCode::unavailable: return "unavailable";
  case ErrorCode::internal: return "internal";
  }
  return "internal";
}

std::string Error::describe() const {
  if (field.empty()) return message;
  return message + " (" + field + ")";
}

} // namespace ks
