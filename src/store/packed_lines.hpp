// The text form of rows packed into one value once a case has ended (issue 8): a header line, then
// one line a row, its fields separated by tabs. Within a field a backslash, tab or newline is
// written \\, \t, \n; a NULL field is \N, which no escaped text can be. Read with a scan, without a
// JSON parser. Used by the packed history (history_store) and the packed tasks (task_store).
#pragma once

#include <cstdint>
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

// A whole field as a decimal integer (an optional one: \N is nullopt).
bool parse_integer(std::string_view text, std::int64_t& out);
bool parse_optional_integer(std::string_view text, std::optional<std::int64_t>& out);

// Lines of a packed text after its header, one at a time.
class Lines {
public:
  explicit Lines(std::string_view text) : m_rest(text) {}
  // The next line's fields into `fields`. Returns the number of fields, or 0 at the end; sets
  // `error` (and returns 0) for a last line without its newline or a line with more fields than
  // `fields` holds.
  std::size_t next(std::span<std::string_view> fields, std::string& error);
  // The number of the line `next` returned last, counting the header as line 1.
  std::size_t line_number() const { return m_line; }

private:
  std::string_view m_rest;
  std::size_t m_line = 1;
};

} // namespace ks::store::packed
