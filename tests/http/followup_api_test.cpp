// The follow-up API (issue 7) over real HTTP with bearer tokens, on both backends: a plan built
// through /api/v1, a CSV import refused with 422 naming the row and column (nothing stored), a
// Kolada-style import, the series with the missing year as null, the overview and national view;
// a municipality contact may not edit another principal's plan (403). In the browser, a form that
// fails validation comes back (422) with the error linked to its field and what was typed kept.
#include <gtest/gtest.h>

#include "http/auth_browser.hpp"
#include "service/accounts.hpp"
#include "support/http_support.hpp"

namespace {

using nlohmann::json;
using ks::test::TestServer;

class FollowupApi : public ::testing::Test {
protected:
  void SetUp() override {
    server = std::make_unique<TestServer>();
    ASSERT_TRUE(server->ok());
    ctx = std::make_unique<ks::service::Context>(ks::service::Context{server->db(), server->clock(), server->config()});
  }
  std::string token(const std::string& username) {
    auto t = ks::service::create_token(*ctx, ks::service::command_line_actor(), username, "test");
    EXPECT_TRUE(t) << t.error().describe();
    return t ? t->token : std::string();
  }
  httplib::Result post(const std::string& who, const std::string& path, const std::string& body,
                       const std::string& type = "application/json") {
    auto c = server->client();
    return c.Post(path, {{"Authorization", "Bearer " + who}, {"Accept", "application/json"}}, body, type);
  }
  json get(const std::string& who, const std::string& path, int status = 200) {
    auto c = server->client();
    auto r = c.Get(path, {{"Authorization", "Bearer " + who}});
    EXPECT_TRUE(r);
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << path << ": " << r->body;
    return json::parse(r->body, nullptr, false);
  }
  std::int64_t id_of(const httplib::Result& r, int status = 201) {
    EXPECT_TRUE(r);
    if (!r) return 0;
    EXPECT_EQ(r->status, status) << r->body;
    auto j = json::parse(r->body, nullptr, false);
    return j.is_object() && j.contains("id") ? j["id"].get<std::int64_t>() : 0;
  }

  std::unique_ptr<TestServer> server;
  std::unique_ptr<ks::service::Context> ctx;
};

TEST_F(FollowupApi, PlanImportSeriesAndReports) {
  const auto coordinator = token("samordnare");
  const auto ks_id = id_of(post(coordinator, "/api/v1/knowledge-supports",
                                json{{"title", "Vårdförlopp depression"}, {"kind", "care_pathway"}, {"national_status", "decided"}}.dump()));
  ASSERT_GT(ks_id, 0);
  const auto case_id = id_of(post(coordinator, "/api/v1/cases",
                                  json{{"knowledge_support_id", ks_id}, {"routine", "vasternorrland"}, {"region_id", "region-22"},
                                       {"lpo_id", "vn-lpo-psykisk-halsa"}}.dump()));
  ASSERT_GT(case_id, 0);
  const std::string plan = "/api/v1/cases/" + std::to_string(case_id) + "/plan";

  EXPECT_GT(id_of(post(coordinator, plan + "/activities",
                       json{{"title", "Gemensam utbildning"}, {"scope", "joint"}, {"start_date", "2026-12-01"},
                            {"end_date", "2027-02-28"}}.dump())), 0);
  const auto internal = id_of(post(coordinator, plan + "/activities",
                                   json{{"title", "Screening"}, {"scope", "internal"}, {"principal_id", "municipality-2281"}}.dump()));
  EXPECT_GT(internal, 0);
  auto bad = post(coordinator, plan + "/activities", json{{"title", "Utan huvudman"}, {"scope", "internal"}}.dump());
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 422);
  EXPECT_NE(bad->body.find("principal_id"), std::string::npos);

  // Another municipality's contact may not change the plan.
  auto other = post(token("kontakt-2281"), plan + "/activities", json{{"title", "x"}, {"scope", "joint"}}.dump());
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403) << other->body;

  auto p = get(coordinator, plan);
  ASSERT_TRUE(p.is_object());
  EXPECT_EQ(p["activities"].size(), 2u);

  const auto ind = id_of(post(coordinator, "/api/v1/knowledge-supports/" + std::to_string(ks_id) + "/indicators",
                              json{{"name", "Andel uppföljda"}, {"unit", "%"}, {"target", 80}, {"kolada_kpi", "N00945"}}.dump()));
  ASSERT_GT(ind, 0);
  const std::string measurements = "/api/v1/knowledge-supports/" + std::to_string(ks_id) + "/measurements";
  auto refused = post(coordinator, measurements,
                      "indicator,principal,period,value\nN00945,region-22,2022,60\nN00945,region-22,2023,sextio\n", "text/csv");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 422);
  EXPECT_NE(refused->body.find("line 3, column 4 (value)"), std::string::npos) << refused->body;
  auto csv = post(coordinator, measurements, "indicator,principal,period,value\nN00945,region-22,2022,60\nN00945,region-22,2024,70\n",
                  "text/csv");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200) << csv->body;
  auto kolada = post(coordinator, measurements,
                     R"({"values":[{"kpi":"N00945","municipality":"0022","period":2025,"values":[{"gender":"T","value":82}]}]})");
  ASSERT_TRUE(kolada);
  EXPECT_EQ(kolada->status, 200) << kolada->body;

  auto series = get(coordinator, "/api/v1/indicators/" + std::to_string(ind) + "/series");
  ASSERT_TRUE(series.is_object());
  EXPECT_EQ(series["periods"], json({"2022", "2023", "2024", "2025"}));
  EXPECT_EQ(series["principals"][0]["values"], json({"60", nullptr, "70", "82"})); // 2023: null (missing), not 0.
  EXPECT_EQ(series["principals"][0]["meets_target_yes"], true);

  auto summary = get(coordinator, "/api/v1/cases/" + std::to_string(case_id) + "/followup-summary");
  EXPECT_EQ(summary["internal"]["total"], 1);
  auto overview = get(coordinator, "/api/v1/reports/overview?region=region-22");
  EXPECT_EQ(overview["region_name"], "Region Västernorrland");
  auto national = get(coordinator, "/api/v1/reports/national");
  // The demo data may hold other cases: look for this one.
  auto has_title = [](const json& rows) {
    for (const auto& r : rows)
      if (r.value("title", "") == "Vårdförlopp depression") return true;
    return false;
  };
  EXPECT_TRUE(has_title(national["rows"]));
  auto situation = get(coordinator, "/api/v1/reports/situation?area=vn-lpo-psykisk-halsa&year=2026");
  EXPECT_TRUE(has_title(situation["supports"]));

  auto page = server->client().Get("/cases/" + std::to_string(case_id) + "/plan.xlsx",
                                   {{"Authorization", "Bearer " + coordinator}});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->body.substr(0, 2), "PK");
}

TEST_F(FollowupApi, ABrowserFormWithAnErrorComesBackWithTheErrorAndTheValues) {
  const auto coordinator = token("samordnare");
  const auto ks_id = id_of(post(coordinator, "/api/v1/knowledge-supports",
                                json{{"title", "Vårdprogram astma"}, {"kind", "care_programme"}, {"national_status", "decided"}}.dump()));
  const auto case_id = id_of(post(coordinator, "/api/v1/cases",
                                  json{{"knowledge_support_id", ks_id}, {"routine", "vasternorrland"}, {"region_id", "region-22"},
                                       {"lpo_id", "vn-lpo-psykisk-halsa"}}.dump()));
  ASSERT_GT(case_id, 0);
  ks::test::Browser browser(*server);
  ASSERT_TRUE(browser.login("samordnare", "demo-losen"));
  const std::string plan = "/cases/" + std::to_string(case_id) + "/plan";
  ASSERT_TRUE(browser.get(plan));

  // An internal activity without its principal: the plan page again, the error above the form
  // linking to the field, the field marked invalid, the title and the chosen scope kept.
  auto r = browser.post(plan + "/activities", {{"title", "Screening <i>alla</i>"}, {"scope", "internal"}, {"responsible", "MAS"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  EXPECT_NE(r->body.find("class=\"error-summary\""), std::string::npos);
  EXPECT_NE(r->body.find("<a href=\"#a-principal\">en intern aktivitet hör till en huvudman"), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("value=\"Screening &lt;i&gt;alla&lt;/i&gt;\""), std::string::npos); // Kept, and escaped.
  EXPECT_NE(r->body.find("value=\"MAS\""), std::string::npos);
  EXPECT_NE(r->body.find("value=\"internal\" checked"), std::string::npos);
  EXPECT_EQ(get(coordinator, "/api/v1" + plan)["activities"].size(), 0u); // Nothing stored.
  // With its principal it is stored, and the plan shows the principal by name.
  r = browser.post(plan + "/activities", {{"title", "Screening"}, {"scope", "internal"}, {"responsible", "MAS"},
                                          {"principal_id", "municipality-2281"}, {"start_date", "2026-09-01"},
                                          {"end_date", "2026-12-31"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(get(coordinator, "/api/v1" + plan)["activities"].size(), 1u) << r->status << " " << r->body.substr(0, 300);
  auto shown = browser.get(plan);
  ASSERT_TRUE(shown);
  EXPECT_NE(shown->body.find(": Sundsvall</td>"), std::string::npos) << "the principal by name";
  EXPECT_EQ(shown->body.find(": municipality-2281</td>"), std::string::npos);

  // A bad date in the anchoring form names that field.
  r = browser.post(plan + "/anchoring", {{"by", "LPO psykisk hälsa"}, {"on", "2026-13-45"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  EXPECT_NE(r->body.find("<a href=\"#an-on\">inte ett datum"), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("id=\"an-on\" name=\"on\" type=\"date\" required value=\"2026-13-45\" aria-invalid=\"true\""),
            std::string::npos);

  // A broken CSV import: the indicators page again, the error naming the line and column in
  // Swedish, the pasted text kept, no value stored.
  const auto ind = id_of(post(coordinator, "/api/v1/knowledge-supports/" + std::to_string(ks_id) + "/indicators",
                              json{{"name", "Andel med astmaplan"}, {"unit", "%"}, {"kolada_kpi", "N00946"}}.dump()));
  ASSERT_GT(ind, 0);
  const std::string pasted = "indicator,principal,period,value\nN00946,region-22,2022,60\nN00946,region-22,2023,sextio\n";
  r = browser.post("/knowledge-supports/" + std::to_string(ks_id) + "/indicators/import", {{"format", "csv"}, {"text", pasted}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  EXPECT_NE(r->body.find("inte ett tal: &quot;sextio&quot;</a> (rad 3, kolumn 4 (value))"), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("sextio\n</textarea>"), std::string::npos);
  auto series = get(coordinator, "/api/v1/indicators/" + std::to_string(ind) + "/series");
  EXPECT_TRUE(series["periods"].empty()) << series.dump();

  // The API keeps answering with the JSON error.
  auto api = post(coordinator, "/api/v1" + plan + "/activities", json{{"title", "x"}, {"scope", "internal"}}.dump());
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 422);
  EXPECT_EQ(json::parse(api->body)["error"]["field"], "principal_id");
}

} // namespace
