// Issue 7 use cases on both backends (KS_TEST_DB): plans (joint, internal, phase-out, anchoring,
// assignment, reports), indicator import (CSV and Kolada-style JSON, all or nothing), series with
// missing periods, lead time per phase, XLSX exports read back, the follow-up summary.
#include <regex>

#include <gtest/gtest.h>

#include "followup_support.hpp"
#include "service/followup_service.hpp"
#include "service/followup_xlsx.hpp"
#include "service/indicator_service.hpp"
#include "service/plan_service.hpp"
#include "service/report_service.hpp"
#include "store/history_store.hpp"
#include "store/indicator_store.hpp"

namespace ks::service {
namespace {

using test::FollowupFixture;
constexpr std::int64_t kDay = 86'400'000;

class Followup : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_TRUE(f.open());
    f.add_unit("region-22", "region", "Region Västernorrland", "22");
    f.add_unit("municipality-2281", "municipality", "Sundsvall", "2281");
    f.add_unit("vn-lpo-psykisk-halsa", "lpo", "LPO Psykisk hälsa");
    support = f.add_support("Depression och ångestsyndrom");
    case_id = f.add_case(support, "region-22", {{"lpo", "vn-lpo-psykisk-halsa"}, {"lag", "vn-lag-depression-2026"}});
  }

  std::int64_t add_indicator(const std::string& name, std::optional<std::string> kpi, double target) {
    domain::IndicatorInput in;
    in.name = name;
    in.unit = "%";
    in.target = target;
    in.kolada_kpi = std::move(kpi);
    in.data_source = "Kolada";
    auto id = add_indicator_result(in);
    EXPECT_TRUE(id) << id.error().describe();
    return id.value_or(0);
  }
  Result<std::int64_t> add_indicator_result(const domain::IndicatorInput& in) {
    return service::add_indicator(*f.ctx, admin, support, in);
  }
  std::size_t stored_measurements() {
    auto n = f.db->read([](store::Connection& c) -> Result<std::int64_t> {
      auto r = KS_TRY(c.row("SELECT COUNT(*) FROM measurements"));
      return r->integer(0);
    });
    return static_cast<std::size_t>(n.value_or(-1));
  }

  FollowupFixture f;
  Actor admin = FollowupFixture::admin();
  std::int64_t support = 0;
  std::int64_t case_id = 0;
};

domain::ActivityInput activity(std::string title, std::optional<std::string> principal, std::string start,
                               std::string end) {
  domain::ActivityInput a;
  a.title = std::move(title);
  a.scope = principal ? domain::ActivityScope::internal : domain::ActivityScope::joint;
  a.principal_id = std::move(principal);
  a.responsible = a.principal_id ? "verksamhetschef" : "LSG HälSam";
  a.start_date = std::move(start);
  a.end_date = std::move(end);
  a.gap_finding = "Gap 1";
  return a;
}

TEST_F(Followup, PlanWithJointInternalPhaseOutAnchoringAssignmentAndReports) {
  auto joint = add_activity(*f.ctx, admin, case_id, activity("Länsgemensam utbildning", std::nullopt, "2026-02-01", "2026-03-31"));
  ASSERT_TRUE(joint) << joint.error().describe();
  auto internal = add_activity(*f.ctx, admin, case_id,
                               activity("Screening i Sundsvall", "municipality-2281", "2026-01-15", "2026-12-31"));
  ASSERT_TRUE(internal) << internal.error().describe();
  ASSERT_TRUE(add_communication(*f.ctx, admin, case_id, {"Kommunernas nätverk", "Nätverksmöte", "2026-02-10", ""}));
  ASSERT_TRUE(add_phase_out(*f.ctx, admin, case_id, {"Lokal PM för depression", "Nationellt vårdförlopp", std::nullopt, "2026-06-30"}));
  ASSERT_TRUE(anchor_plan(*f.ctx, admin, case_id, {"LPO Psykisk hälsa, ordförande", "2026-01-20", "Godkänd"}));
  ASSERT_TRUE(assign_activity(*f.ctx, admin, case_id, *joint, {"vn-lsg-halsam", "vn-lansledningen", "2026-01-25"}));
  auto not_joint = assign_activity(*f.ctx, admin, case_id, *internal, {"vn-lsg-halsam", "vn-lansledningen", "2026-01-25"});
  ASSERT_FALSE(not_joint);
  EXPECT_EQ(not_joint.error().field, "activity_id");

  // Step 32: the grouping reports back; step 30: the principal reports its internal activity.
  auto lsg = FollowupFixture::holder("member", "vn-lsg-halsam");
  ASSERT_TRUE(report_activity(*f.ctx, lsg, case_id, *joint, domain::ActivityStatus::done, "Genomförd 12 mars"));
  auto sundsvall = FollowupFixture::holder("verksamhetschef", "municipality-2281");
  ASSERT_TRUE(report_activity(*f.ctx, sundsvall, case_id, *internal, domain::ActivityStatus::ongoing, "Startad"));
  auto other = FollowupFixture::holder("verksamhetschef", "municipality-2262");
  auto refused = report_activity(*f.ctx, other, case_id, *internal, domain::ActivityStatus::done, "");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
  // Another municipality may not edit the plan either; the LPO's chair may.
  EXPECT_EQ(add_activity(*f.ctx, other, case_id, activity("x", std::nullopt, "2026-01-01", "2026-01-02")).error().code,
            ErrorCode::forbidden);
  auto chair = FollowupFixture::holder("chair", "vn-lpo-psykisk-halsa");
  EXPECT_TRUE(add_activity(*f.ctx, chair, case_id, activity("Uppföljningsmöte", std::nullopt, "2026-11-01", "2026-11-30")));

  auto bad = add_activity(*f.ctx, admin, case_id, activity("Intern utan huvudman", std::nullopt, "2026-01-01", "2025-01-01"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "end_date");

  f.clock.set(Instant{f.clock.now().ms + 120 * kDay}); // 2026-05-01: nothing is overdue but...
  auto v = plan_view(*f.ctx, admin, case_id);
  ASSERT_TRUE(v) << v.error().describe();
  ASSERT_TRUE(v->plan);
  EXPECT_EQ(v->plan->anchored_on.value_or(""), "2026-01-20");
  ASSERT_EQ(v->activities.size(), 3u);
  EXPECT_EQ(v->activities[0].activity.fields.title, "Screening i Sundsvall");
  EXPECT_EQ(v->activities[0].activity.fields.status, domain::ActivityStatus::ongoing);
  EXPECT_EQ(v->activities[1].activity.fields.status, domain::ActivityStatus::done);
  EXPECT_EQ(v->activities[1].activity.assigned_to.value_or(""), "vn-lsg-halsam");
  EXPECT_EQ(v->activities[1].reports.size(), 1u);
  EXPECT_FALSE(v->activities[1].overdue); // Done.
  EXPECT_EQ(v->phase_outs.size(), 1u);
  EXPECT_EQ(v->communications.size(), 1u);
  EXPECT_TRUE(v->may_edit);

  // Delete and audit.
  ASSERT_TRUE(delete_phase_out(*f.ctx, admin, case_id, v->phase_outs[0].id));
  EXPECT_EQ(delete_phase_out(*f.ctx, admin, case_id, v->phase_outs[0].id).error().code, ErrorCode::not_found);
  auto audited = f.db->read([](store::Connection& c) -> Result<std::int64_t> {
    return KS_TRY(c.row("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'plan.%'"))->integer(0);
  });
  ASSERT_TRUE(audited);
  EXPECT_GE(*audited, 9);

  // The plan as XLSX, read back.
  auto xlsx = plan_xlsx(*v);
  ASSERT_TRUE(xlsx) << xlsx.error().describe();
  EXPECT_EQ(xlsx->substr(0, 2), "PK");
  const auto strings = test::unzip_entry(*xlsx, "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("Länsgemensam utbildning"), std::string::npos) << strings.substr(0, 300);
  EXPECT_NE(strings.find("Screening i Sundsvall"), std::string::npos);
  EXPECT_NE(strings.find("municipality-2281"), std::string::npos);
  EXPECT_NE(strings.find("Intern (huvudman)"), std::string::npos);
  const auto workbook = test::unzip_entry(*xlsx, "xl/workbook.xml");
  for (const char* sheet : {"Aktiviteter", "Kommunikation", "Utfasning"})
    EXPECT_NE(workbook.find(sheet), std::string::npos) << sheet;
  const auto sheet1 = test::unzip_entry(*xlsx, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet1.find("<row r=\"4\""), std::string::npos); // Header + three activities.
}

TEST_F(Followup, CsvAndKoladaImportAllOrNothingAndMissingStaysMissing) {
  const auto share = add_indicator("Andel med uppföljning", "N00945", 80);
  const auto wait = add_indicator("Väntetid", std::nullopt, 30);
  ASSERT_TRUE(share && wait);
  const std::string csv = "indicator,principal,period,value\n"
                          "N00945,region-22,2022,61.5\n"
                          "N00945,region-22,2024,\"70,5\"\n"
                          "N00945,region-22,2023,\n" +
                          std::to_string(wait) + ",municipality-2281,2024,41\n";
  auto ok = import_measurements(*f.ctx, admin, support, ImportFormat::csv, csv);
  ASSERT_TRUE(ok) << ok.error().describe();
  EXPECT_EQ(ok->stored, 3u);
  EXPECT_EQ(ok->missing, 1u);

  // A bad row: nothing stored, the error names the row and the field.
  auto bad = import_measurements(*f.ctx, admin, support, ImportFormat::csv,
                                 "indicator,principal,period,value\nN00945,municipality-2281,2025,50\n"
                                 "N00945,municipality-2281,2025-13,51\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(bad.error().field, "line 3, column 3 (period)");
  auto unknown = import_measurements(*f.ctx, admin, support, ImportFormat::csv,
                                     "indicator,principal,period,value\nN00945,region-22,2025,50\nN99999,region-22,2025,1\n");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "line 3, column 1 (indicator)");
  EXPECT_EQ(stored_measurements(), 3u);

  const std::string kolada = R"({"values":[
    {"kpi":"N00945","municipality":"2281","period":2022,"values":[{"gender":"T","value":55.0}]},
    {"kpi":"N00945","municipality":"2281","period":2024,"values":[{"gender":"K","value":1},{"gender":"T","value":82.25}]},
    {"kpi":"N00945","municipality":"0022","period":2025,"values":[{"gender":"T","value":null}]}]})";
  auto k = import_measurements(*f.ctx, admin, support, ImportFormat::kolada, kolada);
  ASSERT_TRUE(k) << k.error().describe();
  EXPECT_EQ(k->stored, 2u);
  EXPECT_EQ(k->missing, 1u);
  auto kbad = import_measurements(*f.ctx, admin, support, ImportFormat::kolada,
                                  R"({"values":[{"kpi":"N00945","municipality":"2281","period":2025,"values":[{"gender":"T","value":1}]},
                                     {"kpi":"N00945","municipality":"2281","period":2025,"values":[{"gender":"T","value":"x"}]}]})");
  ASSERT_FALSE(kbad);
  EXPECT_EQ(kbad.error().field, "values[1].values[0].value");
  EXPECT_EQ(stored_measurements(), 5u);

  // Series: 2023 is missing (not zero) for both principals.
  auto s = indicator_series(*f.ctx, admin, share);
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_EQ(s->periods, (std::vector<std::string>{"2022", "2023", "2024"}));
  ASSERT_EQ(s->principals.size(), 2u);
  const auto& sundsvall = s->principals[0]; // municipality-2281 < region-22
  EXPECT_EQ(sundsvall.principal_name, "Sundsvall");
  EXPECT_FALSE(sundsvall.values[1].has_value());
  EXPECT_EQ(sundsvall.values[2], 82.25);
  EXPECT_EQ(sundsvall.trend.kind, domain::TrendKind::improving);
  EXPECT_EQ(sundsvall.trend.meets_target, true);
  const auto& region = s->principals[1];
  EXPECT_FALSE(region.values[1].has_value());
  EXPECT_EQ(region.values[2], 70.5);
  EXPECT_EQ(region.trend.meets_target, false);

  // Non-analysts may not import.
  auto member = FollowupFixture::holder("member", "vn-lpo-psykisk-halsa");
  EXPECT_EQ(import_measurements(*f.ctx, member, support, ImportFormat::csv, csv).error().code, ErrorCode::forbidden);
  auto analyst = FollowupFixture::holder("analyst", "region-22");
  EXPECT_TRUE(import_measurements(*f.ctx, analyst, support, ImportFormat::csv, csv));
}

TEST_F(Followup, SummaryAndSituationAnalysisWithXlsx) {
  const auto share = add_indicator("Andel med uppföljning", "N00945", 80);
  ASSERT_TRUE(import_measurements(*f.ctx, admin, support, ImportFormat::csv,
                                  "indicator,principal,period,value\nN00945,region-22,2023,60\nN00945,region-22,2025,65\n"
                                  "N00945,region-22,2027,90\n"));
  ASSERT_TRUE(add_activity(*f.ctx, admin, case_id, activity("Gemensam", std::nullopt, "2026-01-01", "2026-01-31")));
  ASSERT_TRUE(add_activity(*f.ctx, admin, case_id, activity("Intern", "municipality-2281", "2026-01-01", "2026-12-31")));
  ASSERT_TRUE(add_followup_entry(*f.ctx, admin, case_id, {"municipality-2281", "2026-02-01", "Följt upp", ""}));
  f.clock.set(Instant{f.clock.now().ms + 60 * kDay}); // 2026-03-02: the joint activity is overdue.

  auto s = followup_summary(*f.ctx, admin, case_id);
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_EQ(s->joint.planned, 1u);
  EXPECT_EQ(s->joint.overdue, 1u);
  EXPECT_EQ(s->internal.total(), 1u);
  ASSERT_EQ(s->indicators.size(), 1u);
  EXPECT_EQ(s->indicators[0].principals[0].trend.latest_period.value_or(""), "2027");
  const auto j = followup_summary_json(*s);
  EXPECT_EQ(j["indicators"][0]["principals"][0]["trend"], "improving");
  EXPECT_EQ(j["entries"].size(), 1u);

  auto a = situation_analysis(*f.ctx, admin, "vn-lpo-psykisk-halsa", 2025);
  ASSERT_TRUE(a) << a.error().describe();
  ASSERT_EQ(a->supports.size(), 1u);
  const auto& sup = a->supports[0];
  ASSERT_EQ(sup.cases.size(), 1u);
  EXPECT_EQ(sup.cases[0].phase, "implementation");
  EXPECT_EQ(sup.cases[0].region_name, "Region Västernorrland");
  EXPECT_EQ(sup.cases[0].overdue.size(), 1u);
  ASSERT_EQ(sup.cases[0].principals.size(), 1u);
  EXPECT_EQ(sup.cases[0].principals[0].principal_name, "Sundsvall");
  ASSERT_EQ(sup.indicators.size(), 1u);
  EXPECT_EQ(sup.indicators[0].periods, (std::vector<std::string>{"2023", "2024", "2025"})); // Cut at the year.
  EXPECT_EQ(sup.indicators[0].principals[0].trend.latest_period.value_or(""), "2025");

  auto x = situation_analysis_xlsx(*a);
  ASSERT_TRUE(x) << x.error().describe();
  const auto strings = test::unzip_entry(*x, "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("Depression och ångestsyndrom"), std::string::npos);
  EXPECT_NE(strings.find("saknas"), std::string::npos); // 2024 missing.
  EXPECT_NE(strings.find("Implementering"), std::string::npos);
  EXPECT_NE(strings.find("Region Västernorrland"), std::string::npos) << "the region by name";
  const auto indicators = test::unzip_entry(*x, "xl/worksheets/sheet2.xml");
  EXPECT_NE(indicators.find("<v>65</v>"), std::string::npos) << indicators.substr(0, 400);
  // The missing year is never a numeric zero (string cells carry t="s"; numbers have no t).
  EXPECT_FALSE(std::regex_search(indicators, std::regex(R"(<c r="[A-Z]+[0-9]+"( s="[0-9]+")?><v>0</v>)")));
  (void)share;
}

TEST_F(Followup, LeadTimeMedianAndP90FromHistory) {
  // Four cases in region-22 that left consultation (steps 1-7) after 10, 20, 30 and 40 days and
  // one still in consultation: median 25, p90 = 4th of 4 = 40.
  for (int i = 1; i <= 5; ++i) {
    const auto id = f.add_case(support, "region-22", nlohmann::json::object(), "running", i == 5 ? "consultation" : "local_handling");
    auto s = f.db->write([&](store::Connection& c) -> Status {
      const Instant start = f.clock.now();
      KS_TRY(store::history::append(c, id, {{"task_opened", "forward", "3", {}}}, "system", start));
      if (i < 5) KS_TRY(store::history::append(c, id, {{"task_opened", "inform", "10", {}}}, "system",
                                             Instant{start.ms + i * 10 * kDay}));
      return {};
    });
    ASSERT_TRUE(s) << s.error().describe();
  }
  auto o = region_overview(*f.ctx, admin, "region-22");
  ASSERT_TRUE(o) << o.error().describe();
  const PhaseLeadTime* consultation = nullptr;
  const PhaseLeadTime* local = nullptr;
  for (const auto& p : o->phases) {
    if (p.phase == "consultation") consultation = &p;
    if (p.phase == "local_handling") local = &p;
  }
  ASSERT_TRUE(consultation && local);
  EXPECT_EQ(consultation->cases_now, 1u);
  ASSERT_TRUE(consultation->days);
  EXPECT_EQ(consultation->days->count, 4u);
  EXPECT_DOUBLE_EQ(consultation->days->median, 25);
  EXPECT_DOUBLE_EQ(consultation->days->p90, 40);
  EXPECT_EQ(local->cases_now, 4u);
  EXPECT_FALSE(local->days); // None has left it yet.
}

TEST_F(Followup, NationalViewShowsEachRegionsStatusAsText) {
  f.add_unit("region-20", "region", "Region Dalarna", "20");
  f.add_case(support, "region-20", nlohmann::json::object(), "running", "analysis");
  const auto other = f.add_support("Hjärtsvikt");
  f.add_case(other, "region-20", nlohmann::json::object(), "running", "consultation");
  auto v = national_view(*f.ctx, admin);
  ASSERT_TRUE(v) << v.error().describe();
  ASSERT_EQ(v->regions.size(), 2u);
  EXPECT_EQ(v->regions[0].first, "region-20");
  ASSERT_EQ(v->rows.size(), 2u);
  const auto j = national_view_json(*v);
  EXPECT_EQ(j["rows"][0]["title"], "Depression och ångestsyndrom");
  EXPECT_EQ(j["rows"][0]["cells"][0]["label"], "Analys");
  EXPECT_EQ(j["rows"][0]["cells"][1]["label"], "Implementering");
  EXPECT_EQ(j["rows"][1]["cells"][1]["label"], "Ej påbörjat");
}

} // namespace
} // namespace ks::service
