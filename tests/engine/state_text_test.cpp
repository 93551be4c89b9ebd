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
