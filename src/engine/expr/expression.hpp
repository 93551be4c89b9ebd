// The expression language of conditions, completion conditions and `ks:value` (docs/bpmn-subset.md
// "Expressions"): literals ('text', "text", numbers, true, false, null), variable paths (a.b,
// a[0]), == != < <= > >=, and/or/not (also && || !), parentheses, `in`, count(x), empty(x), and
// (an extension) arithmetic + - * / on numbers, with + also joining strings.
//
// Parsing is strict and reports the 1-based column of the first error. Evaluation is total: it
// never fails. Undefined variables and missing path members are null; comparisons between values
// of different kinds are false (except != which is true); `<` and friends compare numbers with
// numbers and strings with strings (so ISO dates compare by time). Truthiness for and/or/not and
// conditions: null, false, 0, "", [] and {} are false, everything else true. Arithmetic on
// anything but numbers, and division by zero, gives null.
#pragma once

#include "core/result.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace ks::engine::expr {

struct Node; // The syntax tree; private to the expression module.

// Where an expression finds a variable by name: a case's variables (engine::Variables, which
// parses each one only when it is read) or a plain JSON object (ObjectLookup).
class Lookup {
public:
  // The variable's value; nullptr when it is not set.
  virtual const nlohmann::json* find(std::string_view name) const = 0;

protected:
  ~Lookup() = default;
};

// The members of a JSON object as variables; anything but an object has none.
class ObjectLookup final : public Lookup {
public:
  explicit ObjectLookup(const nlohmann::json& object) : m_object(object) {}
  const nlohmann::json* find(std::string_view name) const override;

private:
  const nlohmann::json& m_object;
};

// A parsed expression. Cheap to copy (shares its immutable tree).
class Expression {
public:
  Expression() = default;
  // The text as written, without a surrounding "${...}".
  const std::string& text() const { return m_text; }
  bool empty() const { return m_root == nullptr; }

private:
  friend Result<Expression> parse(std::string_view);
  friend nlohmann::json evaluate(const Expression&, const Lookup&, const nlohmann::json*);
  std::string m_text;
  std::shared_ptr<const Node> m_root;
};

// Parses "${...}" or a bare expression. An error's message names the column (1-based, counted in
// the text as given) and what was expected, e.g. "at column 7: expected ')'".
Result<Expression> parse(std::string_view text);

// Evaluates against `variables`. `overlay`, when given, is an object whose members shadow the
// variables (the multi-instance element variable and counters).
nlohmann::json evaluate(const Expression& expression, const Lookup& variables, const nlohmann::json* overlay = nullptr);
// The same against the members of a JSON object.
nlohmann::json evaluate(const Expression& expression, const nlohmann::json& variables,
                        const nlohmann::json* overlay = nullptr);

// Truthiness as described above.
bool truthy(const nlohmann::json& value);

// True when `text` is wholly one "${...}" expression (after trimming blanks).
bool is_wrapped(std::string_view text);

} // namespace ks::engine::expr
