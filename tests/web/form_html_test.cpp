// The form renderer: labels, fieldsets, hints, required marks, errors (aria-invalid,
// aria-describedby, the summary), kept values, dynamic lists without JavaScript, and the posted
// fields read back into a submission the engine accepts. Every shipped form renders.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "engine/forms/form.hpp"
#include "web/form_html.hpp"
#include "web/form_text.hpp"

namespace {

using namespace ks;
using nlohmann::json;
using Posted = std::multimap<std::string, std::string>;

engine::forms::Form parse(const std::string& text) {
  auto f = engine::forms::parse_form(text);
  EXPECT_TRUE(f.has_value()) << (f ? "" : f.error().describe());
  return *f;
}

const char* kForm = R"({
  "type": "default", "id": "t",
  "components": [
    {"type": "text", "id": "T1", "text": "## Rubrik\nEn **viktig** rad <script>"},
    {"type": "textfield", "id": "F1", "key": "name", "label": "Namn", "description": "Hela namnet",
     "validate": {"required": true}},
    {"type": "textarea", "id": "F2", "key": "views", "label": "Synpunkter"},
    {"type": "number", "id": "F3", "key": "count", "label": "Antal", "validate": {"min": 1}},
    {"type": "datetime", "id": "F4", "key": "due", "label": "Svar senast", "subtype": "date"},
    {"type": "select", "id": "F5", "key": "kind", "label": "Typ",
     "values": [{"label": "A", "value": "a"}, {"label": "B", "value": "b"}]},
    {"type": "radio", "id": "F6", "key": "concerns", "label": "Bedömning", "validate": {"required": true},
     "values": [{"label": "Kommunerna", "value": "municipalities"}, {"label": "Regionen", "value": "region_only"}]},
    {"type": "checklist", "id": "F7", "key": "munis", "label": "Kommuner", "valuesKey": "muni_options"},
    {"type": "checkbox", "id": "F8", "key": "ok", "label": "Jag intygar"},
    {"type": "group", "id": "G1", "label": "Kontakt", "path": "contact", "components": [
      {"type": "textfield", "id": "F9", "key": "email", "label": "E-post"}]},
    {"type": "dynamiclist", "id": "L1", "path": "rows", "label": "Funktioner", "isRepeating": true,
     "components": [
      {"type": "textfield", "id": "F10", "key": "function", "label": "Funktion", "validate": {"required": true}},
      {"type": "number", "id": "F11", "key": "n", "label": "Antal"}]}
  ]})";

json vars() {
  return {{"muni_options", json::array({{{"label", "Sundsvall"}, {"value", "municipality-2281"}},
                                        {{"label", "Timrå"}, {"value", "municipality-2262"}}})}};
}

bool has(const std::string& html, const std::string& what) { return html.find(what) != std::string::npos; }

TEST(FormHtml, LabelsHintsRequiredAndFieldsets) {
  auto form = parse(kForm);
  web::FormView view;
  view.variables = vars();
  auto r = web::render_form(form, view);
  EXPECT_TRUE(r.error_summary.empty());
  const auto& h = r.fields;
  EXPECT_TRUE(has(h, "<h2>Rubrik</h2>"));
  EXPECT_TRUE(has(h, "<strong>viktig</strong>"));
  EXPECT_TRUE(has(h, "&lt;script&gt;"));
  EXPECT_FALSE(has(h, "<script"));
  EXPECT_TRUE(has(h, "<label for=\"f-name\">Namn <span class=\"required\">(obligatoriskt)</span></label>"));
  EXPECT_TRUE(has(h, "id=\"f-name-hint\""));
  EXPECT_TRUE(has(h, "aria-describedby=\"f-name-hint\""));
  EXPECT_TRUE(has(h, "<textarea id=\"f-views\" name=\"views\""));
  EXPECT_TRUE(has(h, "type=\"date\""));
  EXPECT_TRUE(has(h, "<legend>Bedömning <span class=\"required\">(obligatoriskt)</span></legend>"));
  EXPECT_TRUE(has(h, "type=\"radio\" id=\"f-concerns\" name=\"concerns\" value=\"municipalities\""));
  EXPECT_TRUE(has(h, "value=\"municipality-2262\""));
  EXPECT_TRUE(has(h, "<label for=\"f-munis-1\">Timrå</label>"));
  EXPECT_TRUE(has(h, "name=\"contact.email\""));
  EXPECT_TRUE(has(h, "name=\"rows[0].function\""));
  EXPECT_TRUE(has(h, "name=\"rows.__rows\" value=\"1\""));
  EXPECT_TRUE(has(h, "name=\"__add_row\" value=\"rows\""));
  EXPECT_FALSE(has(h, "style="));
  // Every labelled input's id exists exactly once.
  std::regex label_for("<label for=\"([^\"]+)\"");
  for (auto it = std::sregex_iterator(h.begin(), h.end(), label_for); it != std::sregex_iterator(); ++it) {
    std::string id = "id=\"" + (*it)[1].str() + "\"";
    auto first = h.find(id);
    ASSERT_NE(first, std::string::npos) << id;
    EXPECT_EQ(h.find(id, first + 1), std::string::npos) << id;
  }
}

TEST(FormHtml, ErrorsAreMarkedSummarisedAndValuesKept) {
  auto form = parse(kForm);
  Posted posted{{"name", ""}, {"views", "Bra <b>"}, {"count", "0"}, {"rows.__rows", "2"},
                {"rows[0].function", ""}, {"rows[0].n", "3"}, {"munis", "municipality-2281"}};
  auto submitted = web::form_submission(form, posted);
  auto result = engine::forms::validate_submission(form, submitted, vars());
  ASSERT_FALSE(result.has_value());
  web::FormView view;
  view.variables = vars();
  view.values = submitted;
  view.errors = result.error();
  auto r = web::render_form(form, view);
  EXPECT_TRUE(has(r.error_summary, "role=\"alert\""));
  EXPECT_TRUE(has(r.error_summary, "<a href=\"#f-name\">Namn: Fältet är obligatoriskt.</a>"));
  EXPECT_TRUE(has(r.error_summary, "href=\"#f-concerns\""));
  EXPECT_TRUE(has(r.error_summary, "href=\"#f-count\""));
  EXPECT_TRUE(has(r.error_summary, "href=\"#f-rows-0-function\""));
  EXPECT_TRUE(has(r.fields, "id=\"f-name\" name=\"name\" aria-invalid=\"true\" aria-describedby=\"f-name-hint f-name-error\""));
  EXPECT_TRUE(has(r.fields, "id=\"f-name-error\""));
  EXPECT_TRUE(has(r.fields, "<fieldset aria-describedby=\"f-concerns-error\">"));
  EXPECT_TRUE(has(r.fields, ">Bra &lt;b&gt;</textarea>"));
  EXPECT_TRUE(has(r.fields, "name=\"rows[0].n\" value=\"3\""));
  EXPECT_TRUE(has(r.fields, "value=\"municipality-2281\" checked"));
}

TEST(FormHtml, SubmissionIsAcceptedByTheEngine) {
  auto form = parse(kForm);
  Posted posted{{"name", "Anna"}, {"count", "2"}, {"due", "2026-12-01"}, {"kind", "b"},
                {"concerns", "municipalities"}, {"munis", "municipality-2281"}, {"munis", "municipality-2262"},
                {"ok", "true"}, {"contact.email", "a@b.se"}, {"rows.__rows", "3"}, {"rows[0].function", "Sjuksköterska"},
                {"rows[0].n", "2"}, {"rows[1].function", ""}, {"rows[2].function", "Läkare"}};
  auto submitted = web::form_submission(form, posted);
  EXPECT_EQ(submitted["rows"].size(), 2u); // The blank row is dropped.
  auto result = engine::forms::validate_submission(form, submitted, vars());
  ASSERT_TRUE(result.has_value()) << result.error().front().key << " " << result.error().front().message;
  EXPECT_EQ((*result)["count"], 2);
  EXPECT_EQ((*result)["ok"], true);
  EXPECT_EQ((*result)["munis"], json::array({"municipality-2281", "municipality-2262"}));
  EXPECT_EQ((*result)["contact"]["email"], "a@b.se");
  EXPECT_EQ((*result)["rows"][1]["function"], "Läkare");
}

TEST(FormHtml, RowsAreAddedAndRemovedWithoutJavaScript) {
  auto form = parse(kForm);
  Posted post{{"name", "Anna"}, {"rows.__rows", "1"}, {"rows[0].function", "X"}, {"__add_row", "rows"}};
  EXPECT_FALSE(web::apply_row_action(form, {{"name", "Anna"}}).has_value());
  auto added = web::apply_row_action(form, post);
  ASSERT_TRUE(added.has_value());
  EXPECT_EQ((*added)["rows"].size(), 2u);
  EXPECT_EQ((*added)["name"], "Anna");
  web::FormView view;
  view.values = *added;
  auto r = web::render_form(form, view);
  EXPECT_TRUE(has(r.fields, "name=\"rows[1].function\""));
  EXPECT_TRUE(has(r.fields, "name=\"rows.__rows\" value=\"2\""));
  Posted remove{{"rows.__rows", "2"}, {"rows[0].function", "X"}, {"rows[1].function", "Y"}, {"__remove_row", "rows:0"}};
  auto removed = web::apply_row_action(form, remove);
  ASSERT_TRUE(removed.has_value());
  ASSERT_EQ((*removed)["rows"].size(), 1u);
  EXPECT_EQ((*removed)["rows"][0]["function"], "Y");
}

TEST(FormHtml, ReadonlyShowsValuesWithoutControls) {
  auto form = parse(kForm);
  web::FormView view;
  view.readonly = true;
  view.values = {{"name", "Anna"}, {"rows", json::array({{{"function", "X"}}})}};
  auto r = web::render_form(form, view);
  EXPECT_TRUE(has(r.fields, "value=\"Anna\" readonly") || has(r.fields, "readonly value=\"Anna\""));
  EXPECT_FALSE(has(r.fields, "__add_row"));
  EXPECT_FALSE(has(r.fields, "(obligatoriskt)"));
}

// A textfield naming unit kinds offers the units given for them as a <datalist> tied to the
// input (the reader may still type any id); without units, or read-only, a plain input.
TEST(FormHtml, ATextfieldSuggestsTheUnitsOfItsKinds) {
  auto form = parse(R"({"id":"t","components":[
    {"type":"textfield","id":"F1","key":"lag","label":"LAG","properties":{"ks:units":"lag,lsg"}}]})");
  EXPECT_EQ(web::suggested_unit_kinds(form), (std::vector<std::string>{"lag", "lsg"}));
  web::FormView view;
  view.unit_suggestions = {{"lag", json::array({{{"label", "LAG depression"}, {"value", "vn-lag-depression"}}})},
                           {"lsg", json::array({{{"label", "LSG <vuxna>"}, {"value", "vn-lsg-vuxna"}}})}};
  auto r = web::render_form(form, view);
  EXPECT_TRUE(has(r.fields, R"(<input type="text" id="f-lag" name="lag" value="" list="f-lag-units" autocomplete="off">)"))
      << r.fields;
  EXPECT_TRUE(has(r.fields, "<datalist id=\"f-lag-units\">\n<option value=\"vn-lag-depression\">LAG depression</option>\n"
                            "<option value=\"vn-lsg-vuxna\">LSG &lt;vuxna&gt;</option>\n</datalist>"))
      << r.fields;
  view.readonly = true;
  EXPECT_FALSE(has(web::render_form(form, view).fields, "datalist"));
  view.readonly = false;
  view.unit_suggestions = json::object();
  auto none = web::render_form(form, view);
  EXPECT_FALSE(has(none.fields, "datalist"));
  EXPECT_FALSE(has(none.fields, "list="));
}

TEST(FormHtml, EnglishStrings) {
  auto form = parse(kForm);
  web::FormView view;
  view.lang = "en";
  auto r = web::render_form(form, view);
  EXPECT_TRUE(has(r.fields, "(required)"));
  EXPECT_TRUE(has(r.fields, "Add row"));
}

TEST(FormText, MarkdownSubsetIsEscaped) {
  EXPECT_EQ(web::form_text_html("# A\n\ntext *em*\n- one\n- two", 2),
            "<h2>A</h2>\n<p>text <em>em</em></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n");
  EXPECT_EQ(web::form_text_html("### Sub", 2), "<h3>Sub</h3>\n");
  EXPECT_EQ(web::form_text_html("<img src=x>", 2), "<p>&lt;img src=x&gt;</p>\n");
}

TEST(FormHtml, EveryShippedFormRenders) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(KS_SOURCE_DIR) / "processes/forms")) {
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    auto form = parse(ss.str());
    web::FormView view;
    auto r = web::render_form(form, view);
    EXPECT_FALSE(r.fields.empty()) << entry.path();
    EXPECT_FALSE(has(r.fields, "style=")) << entry.path();
    // An empty submission gives errors that all find a field in the summary.
    auto result = engine::forms::validate_submission(form, web::form_submission(form, {}));
    if (!result) {
      view.errors = result.error();
      auto again = web::render_form(form, view);
      for (const auto& e : result.error())
        EXPECT_TRUE(has(again.fields, "id=\"" + web::field_id(e.key) + "\"")) << entry.path() << " " << e.key;
    }
    ++count;
  }
  EXPECT_GT(count, 40);
}

} // namespace
