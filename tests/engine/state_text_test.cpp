// to_json_text (the stored form of a case's state, issue 8) is to_json(state).dump() byte for
// byte, and reads back to the same state, with its variables unparsed (state_from_text).
#include <gtest/gtest.h>

#include "engine/runtime/state.hpp"

#include <fmt/format.h>

namespace ks::engine {
namespace {

using nlohmann::json;

InstanceState sample() {
  InstanceState s;
  s.definition_id = "vasternorrland";
  s.status = CaseStatus::running;
  s.variables = Variables(json{{"region", "region-22"},
                               {"zz_last", {1, 2.5, "tre"}},
                               {"answers", {{{"principal", "municipality-2281"}, {"text", "Ja, \"citat\" och åäö"}}}},
                               {"empty", json::object()}});
  s.next_id = 7;
  s.next_task = 4;
  Token t;
  t.id = 3;
  t.scope = 1;
  t.element = "task_a";
  s.tokens.push_back(t);
  Task task;
  task.id = 2;
  task.token = 3;
  task.element = "task_a";
  task.step = "5";
  task.function = "contact";
  task.scope_unit = "municipality-2281";
  task.due = Instant{1'767'254'400'000};
  task.instance = 0;
  task.item = "municipality-2281";
  task.opened = Instant{1'767'254'000'000};
  s.tasks.push_back(task);
  return s;
}

TEST(StateText, IsTheDumpOfToJson) {
  auto s = sample();
  EXPECT_EQ(to_json_text(s), to_json(s).dump());
  s.variables = Variables();
  EXPECT_EQ(to_json_text(s), to_json(s).dump());
  s.status = CaseStatus::completed;
  s.tokens.clear();
  s.tasks.clear();
  EXPECT_EQ(to_json_text(s), to_json(s).dump());
}

// Every optional part of the state present, and absent: the text written by hand (without the
// document) has the document's keys in its order and its escapes.
TEST(StateText, IsTheDumpOfToJsonWithEveryPart) {
  auto s = sample();
  s.definition_id = "def \"quoted\" \\ åäö\n";
  Token mi;
  mi.id = 9;
  mi.scope = 2;
  mi.element = "answer_each";
  mi.via = "flow_\t1";
  mi.mi_total = 9;
  mi.mi_completed = 4;
  mi.mi_next = 5;
  mi.mi_items = {{{"label", "Ånge"}, {"value", "municipality-2260"}}, nullptr, 3.25, -0.0};
  s.tokens.push_back(mi);
  Token counted; // mi counters without items (parallel multi-instance)
  counted.id = 10;
  counted.scope = 2;
  counted.element = "decide";
  counted.mi_completed = 1;
  s.tokens.push_back(counted);
  s.scopes.push_back({1, 0, "vasternorrland", ""});
  s.scopes.push_back({2, 9, "analysis", "sub_\u0001process"});
  Task plain; // No step, form, due or instance.
  plain.id = 5;
  plain.token = 10;
  plain.element = "decide";
  plain.function = "chair";
  plain.opened = Instant{-5};
  s.tasks.push_back(plain);
  Task null_item = plain; // An instance whose item is null.
  null_item.id = 6;
  null_item.instance = 3;
  null_item.form = "form-decide";
  s.tasks.push_back(null_item);
  s.timers.push_back({11, 3, "yearly", Instant{1'800'000'000'000}, -1});
  s.timers.push_back({12, 3, "reminder", Instant{1'800'000'000'001}, 2});
  s.subscriptions.push_back({13, 3, "wait_national", "national_decision \"x\""});
  s.subscriptions.push_back({14, 9, "wait_b", "b"});
  EXPECT_EQ(to_json_text(s), to_json(s).dump());
  s.tokens.clear();
  s.scopes.clear();
  s.tasks.clear();
  s.timers.clear();
  s.subscriptions.clear();
  EXPECT_EQ(to_json_text(s), to_json(s).dump());
  // Text that is not UTF-8 is refused as the document's dump refuses it.
  s.definition_id = "\xC3";
  EXPECT_THROW((void)to_json_text(s), nlohmann::json::exception);
  EXPECT_THROW((void)to_json(s).dump(), nlohmann::json::exception);
}

// Read from its text, the state keeps each variable's text and writes back only what changed; the
// whole stays the dump of the document after every kind of change, settled or not.
TEST(StateText, ReadFromTextAndChangedIsStillTheDumpOfToJson) {
  auto read = state_from_text(to_json_text(sample()));
  ASSERT_TRUE(read) << read.error().describe();
  InstanceState s = std::move(*read);
  auto same = [&](const char* after) {
    EXPECT_EQ(to_json_text(s), to_json(s).dump()) << "after " << after;
    s.variables.settle();
    EXPECT_EQ(to_json_text(s), to_json(s).dump()) << "settled after " << after;
  };
  same("nothing changed");
  s.variables.write("answers")[0]["text"] = "Nej";
  same("a nested change");
  s.variables.set("aa_first", "ny");
  s.variables.set("m\"iddle\\ \u00e5", 1);
  same("new variables, one with quotes, a backslash and å in its name");
  s.variables.set("m\"iddle\\ \u00e5", 1.0);
  same("1 became 1.0 (equal in JSON, written differently)");
  s.variables.write("zz_last")[1] = -0.0;
  same("2.5 became -0.0");
  EXPECT_TRUE(s.variables.erase("region"));
  EXPECT_TRUE(s.variables.erase("zz_last"));
  EXPECT_FALSE(s.variables.erase("zz_last"));
  same("the first-but-one and the last removed");
  s.variables.set("region", json::array({"region-22", 7u}));
  same("a name back with another type");
  EXPECT_EQ(to_json(s)["vars"], (json{{"aa_first", "ny"},
                                     {"answers", {{{"principal", "municipality-2281"}, {"text", "Nej"}}}},
                                     {"empty", json::object()},
                                     {"m\"iddle\\ \u00e5", 1.0},
                                     {"region", {"region-22", 7u}}}));
}

TEST(StateText, ReadsBack) {
  const auto s = sample();
  auto back = state_from_json(json::parse(to_json_text(s)));
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(to_json_text(*back), to_json_text(s));
  auto read = state_from_text(to_json_text(s));
  ASSERT_TRUE(read) << read.error().describe();
  EXPECT_EQ(to_json_text(*read), to_json_text(s));
  EXPECT_EQ(to_json(*read), to_json(s));
}

// A stored state that is not what to_json_text writes still reads, as state_from_json reads it:
// blanks anywhere, members in another order, a repeated variable (the last counts), escapes and
// numbers dump() writes otherwise. Its text is then the one dump() writes.
TEST(StateText, ReadsTextNotWrittenByItself) {
  const std::string spaced = R"( { "v" : 1 , "vars" : { "b" : [ 1 , { "x" : "y z" } ] , "a" : "é\u00e9" , "b" : 2 ,
    "c":"\/\u0009\u001F\u001f", "d":[1.50,2E1,-0,12345678901234567890,-9223372036854775808] },
    "def" : "p" , "status" : "running" , "next" : 3 , "next_task" : 1 , "tokens" : [ ] , "scopes" : [ ] ,
    "tasks" : [ ] , "timers" : [ ] , "subs" : [ ] } )";
  auto read = state_from_text(spaced);
  ASSERT_TRUE(read) << read.error().describe();
  auto parsed = state_from_json(json::parse(spaced));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(to_json_text(*read), to_json_text(*parsed));
  EXPECT_EQ(to_json(*read)["vars"], json::parse(R"({"a":"éé","b":2,"c":"/\t\u001f\u001f",
                                                    "d":[1.5,20.0,0,12345678901234567890,-9223372036854775808]})"));
  // Each alone, without blanks: the same.
  for (std::string v : {R"("\/")", R"("\u0041")", R"("\u000a")", R"("\u001F")", "1.50", "2E1", "-0",
                        "123456789012345678901234"}) {
    const std::string text = R"({"def":"p","next":3,"next_task":1,"scopes":[],"status":"running","subs":[],)"
                             R"("tasks":[],"timers":[],"tokens":[],"v":1,"vars":{"a":)" + v + "}}";
    auto one = state_from_text(text);
    ASSERT_TRUE(one) << v;
    EXPECT_EQ(to_json_text(*one), to_json(*state_from_json(json::parse(text))).dump()) << v;
  }
}

// Text that is not a state names what is wrong and where; nothing is guessed.
TEST(StateText, RefusesMalformedTextNamingWhere) {
  auto text = to_json_text(sample());
  auto error_of = [](std::string_view t) {
    auto r = state_from_text(t);
    EXPECT_FALSE(r) << t;
    return r ? std::string() : r.error().message;
  };
  // A variable's value broken inside: the byte where it breaks.
  auto at = text.find("\"tre\"");
  ASSERT_NE(at, std::string::npos);
  std::string broken = text;
  broken.replace(at, 5, "tre\"");
  EXPECT_EQ(error_of(broken), fmt::format("malformed case state: malformed JSON at byte {}: expected a value", at));
  EXPECT_EQ(state_from_text(broken).error().field, "state");
  // Not UTF-8 inside a string, a lone low surrogate, a control character, nesting too deep.
  std::string latin1 = text;
  latin1.replace(latin1.find("åäö"), 2, "\xE5");
  EXPECT_NE(error_of(latin1).find("expected UTF-8 text in the string"), std::string::npos);
  EXPECT_NE(error_of(R"({"vars":{"a":"\udc00"}})").find("a high surrogate before a low one"), std::string::npos);
  EXPECT_NE(error_of("{\"vars\":{\"a\":\"\t\"}}").find("no control character"), std::string::npos);
  EXPECT_NE(error_of("{\"vars\":{\"a\":" + std::string(600, '[') + std::string(600, ']') + "}}").find("512 deep"),
            std::string::npos);
  // Numbers as JSON has them, and nothing after the object.
  EXPECT_NE(error_of(R"({"vars":{"a":01}})").find("expected ',' or '}'"), std::string::npos);
  EXPECT_NE(error_of(R"({"vars":{"a":1.}})").find("digits after '.'"), std::string::npos);
  EXPECT_NE(error_of(text + "x").find("expected the end of the text"), std::string::npos);
  // JSON's grammar allows a number that no double holds; parse() refuses it, and so does this.
  EXPECT_NE(error_of(R"({"vars":{"big":1e400}})").find("variable 'big': [json.exception.out_of_range.406]"),
            std::string::npos);
  EXPECT_EQ(state_from_text(R"({"v":1,"next":1e400,"vars":{}})").error().field, "next");
  // Well-formed JSON that is not a state.
  EXPECT_EQ(state_from_text(R"({"v":1})").error().field, "vars");
  EXPECT_EQ(state_from_text(R"({"vars":[]})").error().message, "case variables must be an object");
  auto no_status = text;
  no_status.replace(no_status.find("\"status\""), 8, "\"statux\"");
  EXPECT_EQ(state_from_text(no_status).error().field, "status");
}

} // namespace
} // namespace ks::engine
