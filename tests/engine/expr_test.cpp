#include "engine/expr/expression.hpp"
#include "engine/expr/template.hpp"

#include <gtest/gtest.h>

using namespace ks::engine::expr;
using nlohmann::json;

namespace {

json eval(std::string_view text, const json& vars = json::object(), const json* overlay = nullptr) {
  auto e = parse(text);
  EXPECT_TRUE(e.has_value()) << text << ": " << (e ? "" : e.error().message);
  return e ? evaluate(*e, vars, overlay) : json();
}

std::string parse_error(std::string_view text) {
  auto e = parse(text);
  return e ? "(parsed)" : e.error().message;
}

} // namespace

TEST(Expression, Literals) {
  EXPECT_EQ(eval("'text'"), "text");
  EXPECT_EQ(eval("\"text\""), "text");
  EXPECT_EQ(eval("42"), 42);
  EXPECT_EQ(eval("-3"), -3);
  EXPECT_DOUBLE_EQ(eval("2.5").get<double>(), 2.5);
  EXPECT_EQ(eval("true"), true);
  EXPECT_EQ(eval("null"), nullptr);
  EXPECT_EQ(eval("'it\\'s'"), "it's");
}

TEST(Expression, WrappedAndBareAreTheSame) {
  json vars = {{"concerns_municipalities", true}};
  EXPECT_EQ(eval("${concerns_municipalities}", vars), true);
  EXPECT_EQ(eval("  ${ concerns_municipalities == true }  ", vars), true);
  EXPECT_EQ(eval("concerns_municipalities", vars), true);
}

TEST(Expression, PathsAndUndefined) {
  json vars = {{"decision", {{"outcome", "yes"}, {"list", {1, 2, 3}}}}};
  EXPECT_EQ(eval("decision.outcome", vars), "yes");
  EXPECT_EQ(eval("decision.list[1]", vars), 2);
  EXPECT_EQ(eval("decision['outcome']", vars), "yes");
  EXPECT_EQ(eval("decision.missing.deeper", vars), nullptr);
  EXPECT_EQ(eval("nothing", vars), nullptr);
  EXPECT_EQ(eval("decision.list[7]", vars), nullptr);
}

TEST(Expression, Comparisons) {
  json vars = {{"n", 5}, {"x", 2.5}, {"s", "b"}, {"d", "2026-03-01"}};
  EXPECT_EQ(eval("n == 5", vars), true);
  EXPECT_EQ(eval("n == 5.0", vars), true);
  EXPECT_EQ(eval("n != 5", vars), false);
  EXPECT_EQ(eval("n >= 5 and x < 3", vars), true);
  EXPECT_EQ(eval("s > 'a'", vars), true);
  EXPECT_EQ(eval("d < '2026-12-31'", vars), true);
  // Different kinds never order.
  EXPECT_EQ(eval("n < 'z'", vars), false);
  EXPECT_EQ(eval("missing < 3", vars), false);
  EXPECT_EQ(eval("missing == null", vars), true);
}

TEST(Expression, Logic) {
  json vars = {{"a", true}, {"b", false}};
  EXPECT_EQ(eval("a and not b", vars), true);
  EXPECT_EQ(eval("a && !b", vars), true);
  EXPECT_EQ(eval("b or b || a", vars), true);
  EXPECT_EQ(eval("not (a or b)", vars), false);
  EXPECT_EQ(eval("a and b or a", vars), true); // and binds tighter
}

TEST(Expression, InCountEmpty) {
  json vars = {{"list", {"sundsvall", "timra"}}, {"text", "hello"}, {"obj", {{"k", 1}}}, {"blank", ""}};
  EXPECT_EQ(eval("'timra' in list", vars), true);
  EXPECT_EQ(eval("'kramfors' in list", vars), false);
  EXPECT_EQ(eval("'ell' in text", vars), true);
  EXPECT_EQ(eval("'k' in obj", vars), true);
  EXPECT_EQ(eval("count(list)", vars), 2);
  EXPECT_EQ(eval("count(missing)", vars), 0);
  EXPECT_EQ(eval("empty(missing) and empty(blank) and not empty(list)", vars), true);
}

TEST(Expression, Overlay) {
  json vars = {{"nrOfInstances", 99}};
  json overlay = {{"nrOfInstances", 7}, {"nrOfCompletedInstances", 5}};
  EXPECT_EQ(eval("nrOfCompletedInstances >= 5 and nrOfInstances == 7", vars, &overlay), true);
}

TEST(Expression, Truthiness) {
  EXPECT_FALSE(truthy(nullptr));
  EXPECT_FALSE(truthy(0));
  EXPECT_FALSE(truthy(""));
  EXPECT_FALSE(truthy(json::array()));
  EXPECT_TRUE(truthy("x"));
  EXPECT_TRUE(truthy(json::array({1})));
}

TEST(Expression, ParseErrorsNameTheColumn) {
  EXPECT_EQ(parse_error("a =="), "at column 5: expected a value, found the end");
  EXPECT_EQ(parse_error("a = 1"), "at column 3: '=' is not an operator; use '=='");
  EXPECT_EQ(parse_error("(a"), "at column 3: expected ')', found the end");
  EXPECT_EQ(parse_error("'open"), "at column 1: string is not closed");
  EXPECT_EQ(parse_error("foo(1)"), "at column 1: unknown function 'foo' (known: count, empty), found 'foo'");
  // Columns count in the text as written, including "${".
  EXPECT_EQ(parse_error("${a b}"), "at column 5: expected an operator or the end, found 'b'");
  EXPECT_EQ(parse_error(""), "at column 1: empty expression");
  EXPECT_EQ(parse_error("${a} and ${b}"), "at column 1: '${' inside an expression; write one ${...} or a bare expression");
}

TEST(Expression, DeepNestingIsAnErrorNotACrash) {
  std::string deep(500, '(');
  deep += "a";
  deep += std::string(500, ')');
  EXPECT_NE(parse_error(deep).find("nested too deeply"), std::string::npos);
  std::string nots;
  for (int i = 0; i < 500; ++i) nots += "not ";
  EXPECT_NE(parse_error(nots + "a").find("nested too deeply"), std::string::npos);
}

TEST(Template, RendersAndResolves) {
  json vars = {{"due", "2026-05-01"}, {"n", 3}, {"list", {1, 2}}};
  EXPECT_EQ(render_template("Svar senast ${due} (${n} st)", vars), "Svar senast 2026-05-01 (3 st)");
  EXPECT_EQ(resolve_value("${list}", vars), json({1, 2}));
  EXPECT_EQ(resolve_value("plain", vars), "plain");
  EXPECT_TRUE(check_template("ok ${a == 1} ok").has_value());
  auto bad = check_template("xx ${a ==}");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "at column 10: expected a value, found the end");
  EXPECT_FALSE(check_template("xx ${a").has_value());
}

TEST(Expression, Arithmetic) {
  json vars = {{"n", 7}, {"done", 5}, {"x", 1.5}, {"a", "ab"}};
  EXPECT_EQ(eval("done >= n - 2", vars), true);
  EXPECT_EQ(eval("1 + 2 * 3", vars), 7);
  EXPECT_EQ(eval("(1 + 2) * 3", vars), 9);
  EXPECT_EQ(eval("n / 2", vars), 3.5);
  EXPECT_EQ(eval("n - -1", vars), 8);
  EXPECT_EQ(eval("-n", vars), -7);
  EXPECT_EQ(eval("x * 2", vars), 3.0);
  EXPECT_EQ(eval("a + 'c'", vars), "abc");
  EXPECT_EQ(eval("n / 0", vars), nullptr);
  EXPECT_EQ(eval("a - 1", vars), nullptr);
  EXPECT_EQ(eval("count(missing) + 1", vars), 1);
  EXPECT_EQ(eval("9223372036854775807 + 1", vars).is_number_float(), true);
  EXPECT_EQ(parse_error("1 +"), "at column 4: expected a value, found the end");
}
