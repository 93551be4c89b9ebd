// CSV as RFC 4180 writes it: comma-separated fields, fields optionally in double quotes, a quote
// inside a quoted field doubled (""), CRLF or LF line ends, quoted fields may span lines. Input must
// be UTF-8; a leading byte order mark is skipped. Used for structure import and export.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ks::domain {

struct CsvRecord {
  std::size_t line = 0; // 1-based line on which the record starts.
  std::vector<std::string> fields;
};

// Splits text into records. Blank lines (no characters at all) are skipped. Errors are
// invalid_input with Error::field "line L, column C" and a message that quotes the offending
// value: a quote inside an unquoted field, text after a closing quote, a quoted field left open
// at the end of the text, bytes that are not UTF-8.
Result<std::vector<CsvRecord>> parse_csv(std::string_view text);

// One record as a CSV line ending in "\n"; fields with a comma, quote or line break are quoted.
std::string format_csv_record(std::span<const std::string> fields);

// "line 5, column 3 (kind)" — how import errors name a place; column_name may be empty; column 0
// means the column is absent from the file: "line 5 (kind)".
std::string csv_position(std::size_t line, std::size_t column, std::string_view column_name = {});

// True when text is well-formed UTF-8.
bool is_valid_utf8(std::string_view text);

} // namespace ks::domain
