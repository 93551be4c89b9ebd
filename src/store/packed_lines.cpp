#include "store/packed_lines.hpp"

#include <charconv>

namespace ks::store::packed {

namespace {

constexpr std::string_view kNull = "\\N";

// Lines of a packed text after its header, one at a time.
class Lines {
public:
  Lines(std::string_view text, std::size_t first_number, std::string_view unit)
      : m_rest(text), m_line(first_number - 1), m_unit(unit) {}
  // The next line's fields into `fields`. Returns the number of fields, or 0 at the end; sets
  // `error` (and returns 0) for a last line without its newline or a line with more fields than
  // `fields` holds.
  std::size_t next(std::span<std::string_view> fields, std::string& error);
  // The number of the line `next` returned last.
  std::size_t line_number() const { return m_line; }

private:
  std::string_view m_rest;
  std::size_t m_line;
  std::string_view m_unit;
};

} // namespace

Result<std::vector<std::int64_t>> ended_cases(Connection& c, std::string_view rows_left, std::int64_t after_id,
                                              std::size_t limit) {
  auto rows = KS_TRY(c.rows("SELECT id FROM cases WHERE id > ? AND status IN ('completed', 'terminated') AND " +
                                std::string(rows_left) + " ORDER BY id LIMIT " + std::to_string(limit),
                            after_id));
  std::vector<std::int64_t> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(r.integer(0));
  return out;
}

void append_field(std::string& out, std::string_view field) {
  // The runs between bytes to escape appended whole (issue 8: a history row and a packed text are
  // written this way, mostly without any).
  std::size_t plain = 0;
  for (std::size_t i = 0; i < field.size(); ++i) {
    const char ch = field[i];
    if (ch != '\\' && ch != '\t' && ch != '\n') continue;
    out.append(field.data() + plain, i - plain);
    plain = i + 1;
    out += ch == '\\' ? "\\\\" : ch == '\t' ? "\\t" : "\\n";
  }
  out.append(field.data() + plain, field.size() - plain);
}

void append_field(std::string& out, const std::optional<std::string>& field) {
  if (field) append_field(out, std::string_view(*field));
  else out += kNull;
}

namespace {

// The character an escape "\\c" stands for; 0 when append_field() writes no such escape.
char unescaped(char c) { return c == '\\' ? '\\' : c == 't' ? '\t' : c == 'n' ? '\n' : 0; }

} // namespace

bool unescape(std::string_view field, std::string& out) {
  out.clear();
  if (field.find('\\') == std::string_view::npos) {
    out.assign(field);
    return true;
  }
  out.reserve(field.size());
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\') {
      out += field[i];
      continue;
    }
    const char c = ++i == field.size() ? 0 : unescaped(field[i]);
    if (c == 0) return false;
    out += c;
  }
  return true;
}

bool escapes_known(std::string_view field) {
  for (std::size_t at = field.find('\\'); at != std::string_view::npos; at = field.find('\\', at + 2))
    if (at + 1 == field.size() || unescaped(field[at + 1]) == 0) return false;
  return true;
}

bool unescape_optional(std::string_view field, std::optional<std::string>& out) {
  if (field == kNull) {
    out.reset();
    return true;
  }
  out.emplace();
  return unescape(field, *out);
}

bool parse_integer(std::string_view text, std::int64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

bool parse_optional_integer(std::string_view text, std::optional<std::int64_t>& out) {
  if (text == kNull) {
    out.reset();
    return true;
  }
  std::int64_t n = 0;
  if (!parse_integer(text, n)) return false;
  out = n;
  return true;
}

std::size_t Lines::next(std::span<std::string_view> fields, std::string& error) {
  if (m_rest.empty()) return 0;
  ++m_line;
  const auto line_end = m_rest.find('\n');
  if (line_end == std::string_view::npos) {
    error = "its last line does not end";
    return 0;
  }
  std::string_view line = m_rest.substr(0, line_end);
  m_rest.remove_prefix(line_end + 1);
  std::size_t n = 0;
  for (;;) {
    const auto tab = line.find('\t');
    if (n == fields.size()) {
      error = std::string(m_unit) + " " + std::to_string(m_line) + " has more than " +
              std::to_string(fields.size()) + " fields";
      return 0;
    }
    fields[n++] = line.substr(0, tab);
    if (tab == std::string_view::npos) break;
    line.remove_prefix(tab + 1);
  }
  return n;
}

std::string each_line(std::string_view text, std::span<std::string_view> fields,
                      const std::function<std::string(const std::string& where)>& on_line, std::size_t first_number,
                      std::string_view unit) {
  Lines lines(text, first_number, unit);
  std::string error;
  while (const std::size_t n = lines.next(fields, error)) {
    const std::string where = std::string(unit) + " " + std::to_string(lines.line_number());
    if (n != fields.size())
      return where + " has " + std::to_string(n) + " fields, not " + std::to_string(fields.size());
    if (auto complaint = on_line(where); !complaint.empty()) return complaint;
  }
  return error;
}

} // namespace ks::store::packed
