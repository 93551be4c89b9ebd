#include "engine/expr/lexer.hpp"

#include <fmt/format.h>

namespace ks::engine::expr {

namespace {
bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
} // namespace

Result<std::vector<Token>> tokenize(std::string_view text, std::size_t column_offset) {
  std::vector<Token> out;
  std::size_t i = 0;
  auto column = [&](std::size_t pos) { return pos + 1 + column_offset; };
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    std::size_t start = i;
    if (is_ident_start(c) || static_cast<unsigned char>(c) >= 0x80) {
      // Non-ASCII bytes are allowed in names so that Swedish variable names (å, ä, ö) work.
      while (i < text.size() && (is_ident_char(text[i]) || static_cast<unsigned char>(text[i]) >= 0x80)) ++i;
      out.push_back({TokenKind::identifier, std::string(text.substr(start, i - start)), column(start)});
      continue;
    }
    if (is_digit(c)) {
      while (i < text.size() && is_digit(text[i])) ++i;
      if (i < text.size() && text[i] == '.' && i + 1 < text.size() && is_digit(text[i + 1])) {
        ++i;
        while (i < text.size() && is_digit(text[i])) ++i;
      }
      if (i < text.size() && is_ident_start(text[i]))
        return fail(Error::invalid(fmt::format("at column {}: unexpected '{}' after a number", column(i), text[i])));
      out.push_back({TokenKind::number, std::string(text.substr(start, i - start)), column(start)});
      continue;
    }
    if (c == '\'' || c == '"') {
      std::string value;
      ++i;
      bool closed = false;
      while (i < text.size()) {
        char d = text[i];
        if (d == '\\' && i + 1 < text.size()) {
          char e = text[i + 1];
          value += e == 'n' ? '\n' : e == 't' ? '\t' : e;
          i += 2;
          continue;
        }
        if (d == c) {
          closed = true;
          ++i;
          break;
        }
        value += d;
        ++i;
      }
      if (!closed)
        return fail(Error::invalid(fmt::format("at column {}: string is not closed", column(start))));
      out.push_back({TokenKind::string, std::move(value), column(start)});
      continue;
    }
    auto two = text.substr(i, 2);
    if (two == "==" || two == "!=" || two == "<=" || two == ">=" || two == "&&" || two == "||") {
      out.push_back({TokenKind::op, std::string(two), column(start)});
      i += 2;
      continue;
    }
    if (c == '<' || c == '>' || c == '!' || c == '(' || c == ')' || c == ',' || c == '.' || c == '[' ||
        c == ']' || c == '-' || c == '+' || c == '*' || c == '/') {
      out.push_back({TokenKind::op, std::string(1, c), column(start)});
      ++i;
      continue;
    }
    if (c == '=')
      return fail(Error::invalid(fmt::format("at column {}: '=' is not an operator; use '=='", column(start))));
    return fail(Error::invalid(fmt::format("at column {}: unexpected character '{}'", column(start), c)));
  }
  out.push_back({TokenKind::end, "", column(text.size())});
  return out;
}

} // namespace ks::engine::expr
