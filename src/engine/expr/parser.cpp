// Recursive descent over the tokens:
//   or    := and (("or" | "||") and)*
//   and   := not (("and" | "&&") not)*
//   not   := ("not" | "!") not | cmp
//   cmp   := sum (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in") sum)?
//   sum   := product (("+" | "-") product)*
//   product := unary (("*" | "/") unary)*
//   unary := "-" unary | primary
//   primary := literal | path | ("count" | "empty") "(" or ")" | "(" or ")"
//   path  := name ("." name | "[" number "]")*
#include "engine/expr/expression.hpp"
#include "engine/expr/lexer.hpp"
#include "engine/expr/node.hpp"

#include <fmt/format.h>

#include <charconv>

namespace ks::engine::expr {

namespace {

using NodePtr = std::shared_ptr<const Node>;
constexpr int kMaxDepth = 64;

class Parser {
public:
  explicit Parser(std::vector<Token> tokens) : m_tokens(std::move(tokens)) {}

  Result<NodePtr> parse_all() {
    NodePtr n = KS_TRY(parse_or());
    if (peek().kind != TokenKind::end) return fail(error_here("expected an operator or the end"));
    return n;
  }

private:
  const Token& peek() const { return m_tokens[m_pos]; }
  const Token& next() { return m_tokens[m_pos++]; }
  bool is_op(std::string_view s) const { return peek().kind == TokenKind::op && peek().text == s; }
  bool is_word(std::string_view s) const { return peek().kind == TokenKind::identifier && peek().text == s; }

  Error error_here(std::string_view what) const {
    const Token& t = peek();
    std::string found = t.kind == TokenKind::end ? "the end" : fmt::format("'{}'", t.text);
    return Error::invalid(fmt::format("at column {}: {}, found {}", t.column, what, found));
  }

  static NodePtr make(NodeOp op, NodePtr lhs, NodePtr rhs = nullptr) {
    auto n = std::make_shared<Node>();
    n->op = op;
    n->lhs = std::move(lhs);
    n->rhs = std::move(rhs);
    return n;
  }

  struct DepthGuard {
    int& depth;
    explicit DepthGuard(int& d) : depth(d) { ++depth; }
    ~DepthGuard() { --depth; }
  };

  Result<NodePtr> parse_or() {
    DepthGuard guard(m_depth);
    if (m_depth > kMaxDepth) return fail(error_here("expression nested too deeply"));
    NodePtr lhs = KS_TRY(parse_and());
    while (is_word("or") || is_op("||")) {
      next();
      NodePtr rhs = KS_TRY(parse_and());
      lhs = make(NodeOp::or_, lhs, rhs);
    }
    return lhs;
  }

  Result<NodePtr> parse_and() {
    NodePtr lhs = KS_TRY(parse_not());
    while (is_word("and") || is_op("&&")) {
      next();
      NodePtr rhs = KS_TRY(parse_not());
      lhs = make(NodeOp::and_, lhs, rhs);
    }
    return lhs;
  }

  Result<NodePtr> parse_not() {
    if (is_word("not") || is_op("!")) {
      DepthGuard guard(m_depth);
      if (m_depth > kMaxDepth) return fail(error_here("expression nested too deeply"));
      next();
      NodePtr operand = KS_TRY(parse_not());
      return make(NodeOp::not_, operand);
    }
    return parse_cmp();
  }

  Result<NodePtr> parse_cmp() {
    NodePtr lhs = KS_TRY(parse_sum());
    static const std::pair<std::string_view, NodeOp> kOps[] = {{"==", NodeOp::eq}, {"!=", NodeOp::ne},
                                                               {"<", NodeOp::lt},  {"<=", NodeOp::le},
                                                               {">", NodeOp::gt},  {">=", NodeOp::ge}};
    for (const auto& [text, op] : kOps) {
      if (is_op(text)) {
        next();
        NodePtr rhs = KS_TRY(parse_sum());
        return make(op, lhs, rhs);
      }
    }
    if (is_word("in")) {
      next();
      NodePtr rhs = KS_TRY(parse_sum());
      return make(NodeOp::in, lhs, rhs);
    }
    return lhs;
  }

  Result<NodePtr> parse_sum() {
    NodePtr lhs = KS_TRY(parse_product());
    while (is_op("+") || is_op("-")) {
      NodeOp op = next().text == "+" ? NodeOp::add : NodeOp::sub;
      NodePtr rhs = KS_TRY(parse_product());
      lhs = make(op, lhs, rhs);
    }
    return lhs;
  }

  Result<NodePtr> parse_product() {
    NodePtr lhs = KS_TRY(parse_unary());
    while (is_op("*") || is_op("/")) {
      NodeOp op = next().text == "*" ? NodeOp::mul : NodeOp::div;
      NodePtr rhs = KS_TRY(parse_unary());
      lhs = make(op, lhs, rhs);
    }
    return lhs;
  }

  Result<NodePtr> parse_unary() {
    if (is_op("-")) {
      DepthGuard guard(m_depth);
      if (m_depth > kMaxDepth) return fail(error_here("expression nested too deeply"));
      next();
      if (peek().kind == TokenKind::number) {
        // Fold "-3" into a literal.
        NodePtr n = KS_TRY(number_literal(next()));
        auto neg = std::make_shared<Node>(*n);
        neg->value = neg->value.is_number_integer() ? nlohmann::json(-neg->value.get<std::int64_t>())
                                                    : nlohmann::json(-neg->value.get<double>());
        return NodePtr(neg);
      }
      NodePtr operand = KS_TRY(parse_unary());
      return make(NodeOp::neg, operand);
    }
    return parse_primary();
  }

  static Result<NodePtr> number_literal(const Token& t) {
    auto n = std::make_shared<Node>();
    n->op = NodeOp::literal;
    if (t.text.find('.') == std::string::npos) {
      std::int64_t v = 0;
      auto [p, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
      if (ec != std::errc() || p != t.text.data() + t.text.size())
        return fail(Error::invalid(fmt::format("at column {}: number out of range", t.column)));
      n->value = v;
    } else {
      n->value = std::strtod(t.text.c_str(), nullptr);
    }
    return NodePtr(n);
  }

  Result<NodePtr> parse_primary() {
    const Token& t = peek();
    if (t.kind == TokenKind::number) return number_literal(next());
    if (t.kind == TokenKind::string) {
      auto n = std::make_shared<Node>();
      n->value = next().text;
      return NodePtr(n);
    }
    if (is_op("(")) {
      next();
      NodePtr inner = KS_TRY(parse_or());
      if (!is_op(")")) return fail(error_here("expected ')'"));
      next();
      return inner;
    }
    if (t.kind != TokenKind::identifier) return fail(error_here("expected a value"));
    if (t.text == "true" || t.text == "false" || t.text == "null") {
      auto n = std::make_shared<Node>();
      n->value = t.text == "null" ? nlohmann::json(nullptr) : nlohmann::json(t.text == "true");
      next();
      return NodePtr(n);
    }
    if (t.text == "and" || t.text == "or" || t.text == "not" || t.text == "in")
      return fail(error_here("expected a value"));
    std::string name = next().text;
    if (is_op("(")) {
      NodeOp op;
      if (name == "count") op = NodeOp::count;
      else if (name == "empty") op = NodeOp::empty;
      else {
        --m_pos;
        return fail(error_here(fmt::format("unknown function '{}' (known: count, empty)", name)));
      }
      next();
      NodePtr arg = KS_TRY(parse_or());
      if (!is_op(")")) return fail(error_here("expected ')'"));
      next();
      return make(op, arg);
    }
    auto n = std::make_shared<Node>();
    n->op = NodeOp::path;
    n->value = nlohmann::json::array({name});
    for (;;) {
      if (is_op(".")) {
        next();
        if (peek().kind != TokenKind::identifier) return fail(error_here("expected a name after '.'"));
        n->value.push_back(next().text);
      } else if (is_op("[")) {
        next();
        if (peek().kind == TokenKind::number && peek().text.find('.') == std::string::npos) {
          n->value.push_back(std::stoll(next().text.substr(0, 15)));
        } else if (peek().kind == TokenKind::string) {
          n->value.push_back(next().text);
        } else {
          return fail(error_here("expected an index or a quoted name"));
        }
        if (!is_op("]")) return fail(error_here("expected ']'"));
        next();
      } else {
        break;
      }
    }
    return NodePtr(n);
  }

  std::vector<Token> m_tokens;
  std::size_t m_pos = 0;
  int m_depth = 0;
};

std::string_view trim(std::string_view s, std::size_t& offset) {
  offset = 0;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
    ++offset;
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

} // namespace

bool is_wrapped(std::string_view text) {
  std::size_t offset;
  text = trim(text, offset);
  if (text.size() < 3 || text.substr(0, 2) != "${" || text.back() != '}') return false;
  // "${a} and ${b}" is not one expression.
  return text.find("${", 2) == std::string_view::npos;
}

Result<Expression> parse(std::string_view text) {
  std::size_t lead;
  std::string_view inner = trim(text, lead);
  if (is_wrapped(inner)) {
    inner = inner.substr(2, inner.size() - 3);
  } else if (auto p = inner.find("${"); p != std::string_view::npos) {
    return fail(Error::invalid(
        fmt::format("at column {}: '${{' inside an expression; write one ${{...}} or a bare expression",
                    static_cast<std::size_t>(inner.data() - text.data()) + p + 1)));
  }
  std::string_view body = trim(inner, lead);
  if (body.empty()) return fail(Error::invalid("at column 1: empty expression"));
  auto tokens = tokenize(body, static_cast<std::size_t>(body.data() - text.data()));
  if (!tokens) return fail(tokens.error());
  Parser parser(std::move(*tokens));
  auto root = parser.parse_all();
  if (!root) return fail(root.error());
  Expression e;
  e.m_text = std::string(body);
  e.m_root = *root;
  return e;
}

} // namespace ks::engine::expr
