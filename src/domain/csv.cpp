#include "domain/csv.hpp"

#include <cstdint>

#include <fmt/format.h>

namespace ks::domain {

namespace {

// Shortens a value for an error message and keeps it on one line.
std::string quoted_excerpt(std::string_view value) {
  std::string out;
  for (char c : value.substr(0, 60)) out += (c == '\n' || c == '\r') ? ' ' : c;
  if (value.size() > 60) out += "…";
  return "\"" + out + "\"";
}

Error csv_error(std::size_t line, std::size_t column, std::string message) {
  return Error::invalid(std::move(message), csv_position(line, column));
}

} // namespace

bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return false;
    i += extra + 1;
  }
  return true;
}

std::string csv_position(std::size_t line, std::size_t column, std::string_view column_name) {
  if (column == 0) return fmt::format("line {} ({})", line, column_name);
  if (column_name.empty()) return fmt::format("line {}, column {}", line, column);
  return fmt::format("line {}, column {} ({})", line, column, column_name);
}

Result<std::vector<CsvRecord>> parse_csv(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);

  std::vector<CsvRecord> records;
  std::size_t line = 1;
  std::size_t i = 0;
  const std::size_t n = text.size();

  while (i < n) {
    // Skip empty lines between records.
    if (text[i] == '\n' || text[i] == '\r') {
      if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
      ++i;
      ++line;
      continue;
    }
    CsvRecord record{line, {}};
    bool end_of_record = false;
    while (!end_of_record) {
      const std::size_t column = record.fields.size() + 1;
      std::string field;
      if (i < n && text[i] == '"') {
        const std::size_t open_line = line;
        ++i;
        bool closed = false;
        while (i < n) {
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (c == '\n') ++line;
          field += c;
          ++i;
        }
        if (!closed)
          return fail(csv_error(open_line, column,
                                fmt::format("quoted field is never closed: {}", quoted_excerpt(field))));
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          std::size_t end = text.find_first_of(",\r\n", i);
          if (end == std::string_view::npos) end = n;
          return fail(csv_error(line, column,
                                fmt::format("text after the closing quote: {}",
                                            quoted_excerpt(text.substr(i, end - i)))));
        }
      } else {
        std::size_t end = text.find_first_of(",\r\n", i);
        if (end == std::string_view::npos) end = n;
        field.assign(text.substr(i, end - i));
        if (field.find('"') != std::string::npos)
          return fail(csv_error(line, column,
                                fmt::format("a quote inside an unquoted field (quote the whole field and "
                                            "double the quote): {}",
                                            quoted_excerpt(field))));
        i = end;
      }
      if (!is_valid_utf8(field))
        return fail(csv_error(record.line, column,
                              fmt::format("the value is not UTF-8 text: {}", quoted_excerpt(field))));
      record.fields.push_back(std::move(field));

      if (i >= n) {
        end_of_record = true;
      } else if (text[i] == ',') {
        ++i;
      } else { // line break
        if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
        ++i;
        ++line;
        end_of_record = true;
      }
    }
    records.push_back(std::move(record));
  }
  return records;
}

std::string format_csv_record(std::span<const std::string> fields) {
  std::string out;
  for (std::size_t k = 0; k < fields.size(); ++k) {
    if (k) out += ',';
    const auto& f = fields[k];
    if (f.find_first_of(",\"\r\n") == std::string::npos) {
      out += f;
      continue;
    }
    out += '"';
    for (char c : f) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += '\n';
  return out;
}

} // namespace ks::domain
