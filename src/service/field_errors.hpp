// How a use case returns every problem with a submitted form at once, as one Error: code
// invalid_input, field "values", and a message that is a JSON array
// [{"key": "views", "message": "Fältet måste fyllas i"}, ...] (forms::FieldError without the
// value). http/errors.cpp turns it into a 422 body {"error": {"code", "message", "field":
// "values", "fields": [...]}}; a page can read the list back with field_errors_of().
#pragma once

#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "engine/forms/form.hpp"

namespace ks::service {

inline constexpr std::string_view kFieldErrorsField = "values";

Error field_errors_error(const std::vector<engine::forms::FieldError>& errors);

// The per-field errors an Error carries (empty for any other error).
std::vector<engine::forms::FieldError> field_errors_of(const Error& error);

} // namespace ks::service
