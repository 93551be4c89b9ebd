#include "engine/expr/template.hpp"

#include "engine/expr/expression.hpp"

#include <fmt/format.h>

namespace ks::engine::expr {

namespace {

// Calls f(begin, end) for each "${...}" (positions of '$' and one past '}'), and returns false if
// one is not closed (then `open` is its position).
template <class F>
bool for_each_piece(std::string_view text, std::size_t& open, F&& f) {
  std::size_t pos = 0;
  while ((pos = text.find("${", pos)) != std::string_view::npos) {
    std::size_t close = text.find('}', pos + 2);
    if (close == std::string_view::npos) {
      open = pos;
      return false;
    }
    f(pos, close + 1);
    pos = close + 1;
  }
  return true;
}

std::string as_text(const nlohmann::json& v) {
  if (v.is_null()) return {};
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

} // namespace

Status check_template(std::string_view text) {
  std::size_t open = 0;
  Status status;
  bool closed = for_each_piece(text, open, [&](std::size_t b, std::size_t e) {
    if (!status) return;
    auto parsed = parse(text.substr(b, e - b));
    if (!parsed) {
      // Shift the column from the piece to the whole text.
      std::string msg = parsed.error().message;
      std::size_t col = 0;
      if (std::sscanf(msg.c_str(), "at column %zu", &col) == 1) {
        auto colon = msg.find(':');
        msg = fmt::format("at column {}{}", col + b, msg.substr(colon));
      }
      status = fail(Error::invalid(msg));
    }
  });
  if (!status) return status;
  if (!closed) return fail(Error::invalid(fmt::format("at column {}: '${{' is not closed with '}}'", open + 1)));
  return {};
}

std::string render_template(std::string_view text, const Lookup& variables, const nlohmann::json* overlay) {
  std::string out;
  std::size_t last = 0, open = 0;
  for_each_piece(text, open, [&](std::size_t b, std::size_t e) {
    out.append(text.substr(last, b - last));
    if (auto parsed = parse(text.substr(b, e - b))) out += as_text(evaluate(*parsed, variables, overlay));
    else out.append(text.substr(b, e - b));
    last = e;
  });
  out.append(text.substr(last));
  return out;
}

nlohmann::json resolve_value(std::string_view text, const Lookup& variables, const nlohmann::json* overlay) {
  if (is_wrapped(text)) {
    if (auto parsed = parse(text)) return evaluate(*parsed, variables, overlay);
  }
  return render_template(text, variables, overlay);
}

std::string render_template(std::string_view text, const nlohmann::json& variables, const nlohmann::json* overlay) {
  return render_template(text, ObjectLookup(variables), overlay);
}

nlohmann::json resolve_value(std::string_view text, const nlohmann::json& variables, const nlohmann::json* overlay) {
  return resolve_value(text, ObjectLookup(variables), overlay);
}

} // namespace ks::engine::expr
