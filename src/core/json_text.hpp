// Writing JSON text by hand, byte for byte as nlohmann::json::dump() writes it (no indentation,
// ensure_ascii off): for hot paths that write a known shape
// without building a document first (issue 8). tests/core/json_text_test.cpp holds it to dump().
// And reading an object's members without parsing their values, for a case's variables, which
// are parsed one by one when they are read (engine/runtime/variables.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ks::json_text {

enum class Invalid { replace, throw_ };

// Appends s as a JSON string, quotes included. Text that is not UTF-8 is replaced as
// nlohmann::json's error_handler_t::replace does, or throws as its default (strict) dump does.
void append_string(std::string& out, std::string_view s, Invalid invalid = Invalid::replace);

// True when s is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF).
bool well_formed_utf8(std::string_view s);

// One member of an object's text.
struct Member {
  std::string name;      // Unescaped.
  std::string_view text; // Its value's JSON text, a view into the object's text.
  // dump() writes the value's text as it is. False for blanks between tokens, escapes dump() does
  // not write (\/, \u0041, \u0009, \u001F), and numbers it may write otherwise (fractions,
  // exponents, -0, integers of 19 digits or more).
  bool canonical = true;
};

// The members of `object_text`, a JSON object, in the order written; the values are checked to be
// JSON as nlohmann::json::parse checks it (grammar, escapes and surrogates, UTF-8, nesting up to
// 512 deep), so that a canonical one parses when it is read (parse() also refuses a number beyond
// a double, such as 1e400, which is not canonical). Errors: invalid_input naming the byte offset
// of the first fault and what was expected there.
Result<std::vector<Member>> members(std::string_view object_text);
// The same, in one pass, with the members of the object that is the value of the member named
// `split` (the last one so named) in `split_members`; that member's own entry still has its text.
Result<std::vector<Member>> members(std::string_view object_text, std::string_view split,
                                    std::vector<Member>& split_members);

} // namespace ks::json_text
