// to_json_text (the stored form of a case's state, issue 8) is to_json(state).dump() byte for
// byte, and reads back to the same state.
#include <gtest/gtest.h>

#include "engine/runtime/state.hpp"

namespace ks::engine {
namespace {

using nlohmann::json;

InstanceState sample() {
  InstanceState s;
  s.definition_id = "vasternorrland";
  s.status = CaseStatus::running;
  s.variables = {{"region", "region-22"},
                 {"zz_last", {1, 2.5, "tre"}},
                 {"answers", {{{"principal", "municipality-2281"}, {"text", "Ja, \"citat\" och åäö"}}}},
                 {"empty", json::object()}};
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
  s.variables = json::object();
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
  VariableTexts memo;
  EXPECT_EQ(to_json_text(s, memo), to_json(s).dump());
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

TEST(StateText, WithRememberedVariableTextsIsStillTheDumpOfToJson) {
  auto s = sample();
  VariableTexts memo;
  auto same = [&](const char* after) {
    EXPECT_EQ(to_json_text(s, memo), to_json(s).dump()) << "after " << after;
    EXPECT_EQ(memo.by_name.size(), s.variables.size()) << "after " << after;
  };
  same("nothing remembered");
  same("nothing changed");
  s.variables["answers"][0]["text"] = "Nej";
  same("a nested change");
  s.variables["aa_first"] = "ny";
  s.variables["m\"iddle\\ \u00e5"] = 1;
  same("new variables, one with quotes, a backslash and å in its name");
  s.variables["m\"iddle\\ \u00e5"] = 1.0;
  same("1 became 1.0 (equal in JSON, written differently)");
  s.variables["zz_last"][1] = -0.0;
  same("2.5 became -0.0");
  s.variables["zz_last"][1] = 0.0;
  same("-0.0 became 0.0");
  s.variables.erase("region");
  s.variables.erase("zz_last");
  same("the first-but-one and the last removed");
  s.variables["region"] = json::array({"region-22", 7u});
  same("a name back with another type");
  s.variables = json::object();
  same("every variable removed");
}

TEST(StateText, ReadsBack) {
  const auto s = sample();
  auto back = state_from_json(json::parse(to_json_text(s)));
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(to_json_text(*back), to_json_text(s));
}

} // namespace
} // namespace ks::engine
