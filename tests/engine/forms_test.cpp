#include "engine/forms/form.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace ks::engine::forms;
using nlohmann::json;

namespace {

const char* kForm = R"({
  "type": "default", "id": "f", "schemaVersion": 16,
  "components": [
    {"type": "text", "text": "# Rubrik"},
    {"type": "textfield", "key": "title", "label": "Titel", "validate": {"required": true, "maxLength": 5, "pattern": "[A-Za-zåäö ]+"}},
    {"type": "number", "key": "n", "label": "Antal", "validate": {"min": 1, "max": 10}},
    {"type": "datetime", "subtype": "date", "key": "due", "label": "Datum"},
    {"type": "datetime", "subtype": "datetime", "key": "at", "label": "Tid"},
    {"type": "select", "key": "level", "values": [{"label": "Hög", "value": "high"}, {"label": "Låg", "value": "low"}]},
    {"type": "radio", "key": "muni", "valuesKey": "municipality_options"},
    {"type": "checkbox", "key": "ok", "label": "OK"},
    {"type": "checklist", "key": "areas", "values": [{"label": "A", "value": "a"}, {"label": "B", "value": "b"}]},
    {"type": "group", "label": "Grupp", "components": [{"type": "textarea", "key": "note"}]},
    {"type": "dynamiclist", "path": "rows", "components": [{"type": "textfield", "key": "what", "validate": {"required": true}}]}
  ]
})";

Form form() {
  auto f = parse_form(kForm);
  EXPECT_TRUE(f.has_value()) << (f ? "" : f.error().describe());
  return *f;
}

std::string errors_text(const std::vector<FieldError>& errors) {
  std::string s;
  for (const auto& e : errors) s += e.key + ": " + e.message + "\n";
  return s;
}

} // namespace

TEST(Forms, ParsesAndListsFields) {
  Form f = form();
  EXPECT_EQ(f.id, "f");
  std::vector<std::string> keys;
  for (const Component* c : input_fields(f)) keys.push_back(c->type == ComponentType::dynamiclist ? c->path : c->key);
  EXPECT_EQ(keys, (std::vector<std::string>{"title", "n", "due", "at", "level", "muni", "ok", "areas", "note", "rows"}));
  EXPECT_TRUE(input_fields(f)[0]->required);
  EXPECT_EQ(input_fields(f)[4]->options.size(), 2u);
}

TEST(Forms, NormalisesValidValues) {
  json vars = {{"municipality_options", {{{"label", "Ånge"}, {"value", "municipality-2260"}}}}};
  auto r = validate_submission(form(),
                               {{"title", "Ab"}, {"n", "3"}, {"due", "2026-05-01"}, {"at", "2026-05-01T10:00:00Z"},
                                {"level", "high"}, {"muni", "municipality-2260"}, {"ok", "on"}, {"areas", "a"},
                                {"note", ""}, {"unknown", "dropped"}, {"rows", {{{"what", "x"}}}}},
                               vars);
  ASSERT_TRUE(r.has_value()) << errors_text(r.error());
  EXPECT_EQ(*r, json({{"title", "Ab"}, {"n", 3}, {"due", "2026-05-01"}, {"at", "2026-05-01T10:00:00.000Z"},
                      {"level", "high"}, {"muni", "municipality-2260"}, {"ok", true}, {"areas", {"a"}},
                      {"rows", {{{"what", "x"}}}}}));
  // Decimal comma, unchecked checkbox.
  auto d = validate_submission(form(), {{"title", "Ab"}, {"n", "2,5"}});
  ASSERT_TRUE(d.has_value());
  EXPECT_DOUBLE_EQ((*d)["n"].get<double>(), 2.5);
  EXPECT_EQ((*d)["ok"], false);
}

TEST(Forms, ReportsEveryFieldError) {
  json vars = {{"municipality_options", {"a", "b"}}};
  auto r = validate_submission(form(),
                               {{"title", "Too long"}, {"n", "11"}, {"due", "2026-02-31"}, {"level", "medium"},
                                {"muni", "c"}, {"ok", "maybe"}, {"areas", {"a", "z"}}, {"rows", {json::object()}}},
                               vars);
  ASSERT_FALSE(r.has_value());
  std::vector<std::string> keys;
  for (const auto& e : r.error()) keys.push_back(e.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"title", "n", "due", "level", "muni", "ok", "areas", "rows[0].what"}))
      << errors_text(r.error());
  EXPECT_EQ(r.error()[0].message, "Skriv högst 5 tecken.");
  EXPECT_EQ(r.error()[0].value, "Too long");
  auto missing = validate_submission(form(), json::object());
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error()[0], (FieldError{"title", "Fältet är obligatoriskt.", nullptr}));
  auto pattern = validate_submission(form(), {{"title", "a1"}});
  ASSERT_FALSE(pattern.has_value());
  EXPECT_EQ(pattern.error()[0].message, "Värdet har fel format.");
}

TEST(Forms, RejectsBadFormFiles) {
  auto unknown = parse_form(R"({"id":"x","components":[{"type":"filepicker","key":"file"}]})");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().message, "component 'file': unknown component type 'filepicker'");
  EXPECT_FALSE(parse_form("not json"));
  EXPECT_FALSE(parse_form(R"({"components":[]})"));
  EXPECT_FALSE(parse_form(R"({"id":"x","components":[{"type":"textfield"}]})"));
  EXPECT_FALSE(parse_form(R"({"id":"x","components":[{"type":"select","key":"s"}]})"));
  EXPECT_FALSE(parse_form(R"({"id":"x","components":[{"type":"textfield","key":"a","validate":{"pattern":"("}}]})"));
  EXPECT_FALSE(parse_form(R"({"id":"x","components":[{"type":"textfield","key":"a"},{"type":"number","key":"a"}]})"));
}

// A textfield may name unit kinds whose units the page suggests ("ks:units", a Camunda Forms
// custom property): read into suggested_units; a kind that does not exist, or the property on
// another type, is refused naming the component.
TEST(Forms, ATextfieldNamesTheUnitKindsItSuggests) {
  auto f = parse_form(
      R"({"id":"x","components":[{"type":"textfield","key":"g","properties":{"ks:units":"lag,LSG","other":"kept out"}}]})");
  ASSERT_TRUE(f.has_value()) << f.error().describe();
  EXPECT_EQ(f->components.at(0).suggested_units, (std::vector<std::string>{"lag", "lsg"}));
  auto plain = parse_form(R"({"id":"x","components":[{"type":"textfield","key":"g","properties":{}}]})");
  ASSERT_TRUE(plain.has_value());
  EXPECT_TRUE(plain->components.at(0).suggested_units.empty());
  auto unknown = parse_form(R"({"id":"x","components":[{"type":"textfield","key":"g","properties":{"ks:units":"lag,grupp"}}]})");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().message, "component 'g': ks:units names an unknown unit kind 'grupp'");
  EXPECT_EQ(unknown.error().field, "g");
  auto on_select = parse_form(
      R"({"id":"x","components":[{"type":"select","key":"s","values":[{"label":"A","value":"a"}],"properties":{"ks:units":"lag"}}]})");
  ASSERT_FALSE(on_select.has_value());
  EXPECT_NE(on_select.error().message.find("for a textfield"), std::string::npos);
  EXPECT_FALSE(parse_form(R"({"id":"x","components":[{"type":"textfield","key":"g","properties":["lag"]}]})"));
  EXPECT_FALSE(parse_form(R"({"id":"x","components":[{"type":"textfield","key":"g","properties":{"ks:units":7}}]})"));
}

TEST(Forms, EveryShippedFormParses) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(KS_SOURCE_DIR) / "processes/forms";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no processes/forms";
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".form") continue;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    auto f = parse_form(ss.str());
    EXPECT_TRUE(f.has_value()) << e.path() << ": " << (f ? "" : f.error().describe());
    if (f) {
      EXPECT_EQ(f->id, e.path().stem().string()) << "a form's id must equal its file name";
    }
    ++n;
  }
  EXPECT_GT(n, 0);
}

// Step 13 routes the case to a steering group, whose chair gets the forum's tasks: the group is
// chosen among the Länsledning's (the case variable steering_group_options), not typed as a unit
// id, so that no forum task goes to a unit that does not exist and so to nobody.
TEST(Forms, TheSteeringGroupOfStep13IsOneOfTheLansledningsGroups) {
  std::ifstream in(std::string(KS_SOURCE_DIR) + "/processes/forms/vn-13-fordelning.form");
  std::stringstream ss;
  ss << in.rdbuf();
  auto f = parse_form(ss.str());
  ASSERT_TRUE(f.has_value()) << f.error().describe();
  const json vars = {{"steering_group_options",
                      {{{"label", "Styrgrupp inom Länsledningen för HälSam"}, {"value", "vn-lansledningen-styrgrupp"}}}}};
  auto ok = validate_submission(*f, {{"forum_type", "styrgrupp"}, {"steering_group", "vn-lansledningen-styrgrupp"}}, vars);
  ASSERT_TRUE(ok.has_value()) << errors_text(ok.error());
  EXPECT_EQ((*ok)["steering_group"], "vn-lansledningen-styrgrupp");

  auto made_up = validate_submission(*f, {{"forum_type", "styrgrupp"}, {"steering_group", "vn-styrgrupp-vard-och-omsorg"}}, vars);
  ASSERT_FALSE(made_up.has_value());
  ASSERT_EQ(made_up.error().size(), 1u);
  EXPECT_EQ(made_up.error()[0].key, "steering_group");
}
