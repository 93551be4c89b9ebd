// Writing JSON text by hand, byte for byte as nlohmann::json::dump() writes it (no indentation,
// ensure_ascii off): for hot paths that write a known shape
// without building a document first (issue 8). tests/core/json_text_test.cpp holds it to dump().
#pragma once

#include <string>
#include <string_view>

namespace ks::json_text {

enum class Invalid { replace, throw_ };

// Appends s as a JSON string, quotes included. Text that is not UTF-8 is replaced as
// nlohmann::json's error_handler_t::replace does, or throws as its default (strict) dump does.
void append_string(std::string& out, std::string_view s, Invalid invalid = Invalid::replace);

// True when s is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF).
bool well_formed_utf8(std::string_view s);

} // namespace ks::json_text
