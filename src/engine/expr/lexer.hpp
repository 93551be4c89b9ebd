// Internal to the expression module: splits expression text into tokens with their positions.
#pragma once

#include "core/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ks::engine::expr {

enum class TokenKind {
  identifier, // a name, or a keyword (and, or, not, in, true, false, null)
  number,
  string,
  op,         // == != < <= > >= && || ! ( ) , . [ ] - + * /
  end,
};

struct Token {
  TokenKind kind;
  std::string text;   // The identifier, the operator, the number as written, or the decoded string.
  std::size_t column; // 1-based, in the text handed to the lexer plus `column_offset`.
};

// Tokenizes `text`; columns are reported as position + 1 + column_offset. An error names the column
// of the offending character. The last token is always TokenKind::end.
Result<std::vector<Token>> tokenize(std::string_view text, std::size_t column_offset);

} // namespace ks::engine::expr
