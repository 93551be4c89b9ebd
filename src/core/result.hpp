// Errors as values. Every function that can fail across a module boundary returns Result<T>.
// "Not found" in a lookup is std::optional, not an error; an Error is something the caller must
// answer (bad input, conflict, unavailable backend).
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace ks {

// What kind of failure, independent of transport. http/errors.cpp maps each to one HTTP status.
enum class ErrorCode {
  invalid_input,   // The caller's input is malformed or breaks a rule (422 / exit 2).
  not_found,       // The addressed thing does not exist (404).
  conflict,        // Stale version, duplicate, or a state that forbids the change (409).
  unauthenticated, // No valid credentials (401).
  forbidden,       // Valid credentials, but not allowed (403).
  rate_limited,    // Throttled (429).
  too_large,       // Payload over a limit (413).
  unavailable,     // A dependency (database) cannot be reached (503).
  internal,        // A bug or an unexpected state (500).
};

std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  // Where the error is: a form field, "line 5, column 3", a BPMN element id. May be empty.
  std::string field;

  static Error invalid(std::string message, std::string field = {}) {
    return {ErrorCode::invalid_input, std::move(message), std::move(field)};
  }
  static Error not_found(std::string message) { return {ErrorCode::not_found, std::move(message), {}}; }
  static Error conflict(std::string message) { return {ErrorCode::conflict, std::move(message), {}}; }
  static Error forbidden(std::string message) { return {ErrorCode::forbidden, std::move(message), {}}; }
  static Error unauthenticated(std::string message) {
    return {ErrorCode::unauthenticated, std::move(message), {}};
  }
  static Error unavailable(std::string message) { return {ErrorCode::unavailable, std::move(message), {}}; }
  static Error internal(std::string message) { return {ErrorCode::internal, std::move(message), {}}; }

  // "message (field)" for logs and command-line output.
  std::string describe() const;
};

template <class T>
using Result = std::expected<T, Error>;
using Status = Result<void>;

inline std::unexpected<Error> fail(Error error) { return std::unexpected(std::move(error)); }

} // namespace ks

// Evaluates a Result expression; on error returns it from the enclosing function, otherwise yields
// the value (or nothing, for Result<void>). A GNU statement expression, as g++ 12 has no
// std::expected::and_then.
#define KS_TRY(expr)                                                                               \
  ({                                                                                               \
    auto&& ks_try_result_ = (expr);                                                                \
    if (!ks_try_result_) return std::unexpected(std::move(ks_try_result_).error());               \
    *std::move(ks_try_result_);                                                                    \
  })
