// The text form of rows packed into one value once a case has ended (issue 8): a header line, then
// one line a row, its fields separated by tabs. Within a field a backslash, tab or newline is
// written \\, \t, \n; a NULL field is \N, which no escaped text can be. Read with a scan, without a
// JSON parser. Used by the packed history (history_store) and the packed tasks (task_store).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/database.hpp"

namespace ks::store::packed {

// Ended cases (completed or terminated) with ids above `after_id` for which `rows_left` (an SQL
// condition on `cases`) holds — those with rows still to pack — in id order, at most `limit`.
Result<std::vector<std::int64_t>> ended_cases(Connection& c, std::string_view rows_left, std::int64_t after_id,
                                              std::size_t limit);

// Appends `field` escaped, or \N for nullopt.
void append_field(std::string& out, std::string_view field);
void append_field(std::string& out, const std::optional<std::string>& field);

// A field read back: false when it holds an escape append_field does not write (\N included).
bool unescape(std::string_view field, std::string& out);
// The same for a field that may be NULL (\N).
bool unescape_optional(std::string_view field, std::optional<std::string>& out);
// True when unescape() would read `field`, without writing what it reads.
bool escapes_known(std::string_view field);

// A whole field as a decimal integer (an optional one: \N is nullopt).
bool parse_integer(std::string_view text, std::int64_t& out);
bool parse_optional_integer(std::string_view text, std::optional<std::int64_t>& out);

// Reads the lines of a packed text after its header: each line's fields go into `fields`, and
// `on_line(where)` ("line N", the header being line 1) reads them. Returns the first complaint
// (empty when every line read): a line with another number of fields than fields.size(), a last
// line without its newline, or what on_line returned. Lines are named `unit` and numbered from
// `first_number` ("event 12" for a history row's lines).
std::string each_line(std::string_view text, std::span<std::string_view> fields,
                      const std::function<std::string(const std::string& where)>& on_line, std::size_t first_number = 2,
                      std::string_view unit = "line");

} // namespace ks::store::packed
