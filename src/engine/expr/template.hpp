// Text with embedded expressions, "Svar senast ${answer_due}", as used by ks:message and
// ks:description. Each "${...}" is an expression of expression.hpp; its value is written as text
// (strings as they are, null as nothing, other values as JSON).
#pragma once

#include "core/result.hpp"
#include "engine/expr/expression.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace ks::engine::expr {

// Checks every "${...}" parses; the error names the column in `text`.
Status check_template(std::string_view text);

// Replaces each "${...}" with its value. Pieces that do not parse are left as written.
std::string render_template(std::string_view text, const Lookup& variables, const nlohmann::json* overlay = nullptr);
std::string render_template(std::string_view text, const nlohmann::json& variables,
                            const nlohmann::json* overlay = nullptr);

// The value of `text`: when it is wholly one "${...}" the expression's value (any JSON type),
// otherwise the rendered template as a string.
nlohmann::json resolve_value(std::string_view text, const Lookup& variables, const nlohmann::json* overlay = nullptr);
nlohmann::json resolve_value(std::string_view text, const nlohmann::json& variables,
                             const nlohmann::json* overlay = nullptr);

} // namespace ks::engine::expr
