// Pure parts of issue 7: plan checks, periods and series with gaps, trends, measurement CSV and
// Kolada-style JSON parsing, lead-time statistics.
#include <gtest/gtest.h>

#include "domain/indicator.hpp"
#include "domain/lead_time.hpp"
#include "domain/measurement_import.hpp"
#include "domain/plan.hpp"

namespace ks::domain {
namespace {

TEST(Plan, ActivityChecksNameTheField) {
  ActivityInput a{"Utbildning", "", ActivityScope::internal, std::nullopt, "", std::nullopt, std::nullopt,
                  ActivityStatus::planned, ""};
  auto s = check_activity(a);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "principal_id");
  a.principal_id = "municipality-2281";
  EXPECT_TRUE(check_activity(a));
  a.start_date = "2026-05-01";
  a.end_date = "2026-04-01";
  EXPECT_EQ(check_activity(a).error().field, "end_date");
  a.end_date = "2026-02-30";
  EXPECT_EQ(check_activity(a).error().field, "end_date");
  a.scope = ActivityScope::joint;
  a.end_date = "2026-06-01";
  EXPECT_EQ(check_activity(a).error().field, "principal_id");
  EXPECT_FALSE(is_principal_id("vn-lpo"));
  EXPECT_TRUE(is_principal_id("region-22"));
  EXPECT_TRUE(activity_overdue(ActivityStatus::ongoing, std::string("2026-01-01"), "2026-01-02"));
  EXPECT_FALSE(activity_overdue(ActivityStatus::done, std::string("2026-01-01"), "2026-01-02"));
  EXPECT_EQ(check_phase_out({"", "", std::nullopt, std::nullopt}).error().field, "practice");
}

TEST(Indicator, PeriodsSeriesAndTrend) {
  EXPECT_EQ(period_range("2022", "2024"), (std::vector<std::string>{"2022", "2023", "2024"}));
  EXPECT_EQ(period_range("2023-11", "2024-02"), (std::vector<std::string>{"2023-11", "2023-12", "2024-01", "2024-02"}));
  EXPECT_TRUE(period_range("2024", "2024-01").empty());
  EXPECT_FALSE(is_period("2024-13"));
  auto s = series_over({"2022", "2023", "2024"}, {{"2022", 1.5}, {"2024", 0.0}});
  EXPECT_EQ(s[0], 1.5);
  EXPECT_FALSE(s[1]);
  EXPECT_EQ(s[2], 0.0);
  auto t = trend_of({{"2024", 70}, {"2022", 60}}, Direction::higher_is_better, 80.0);
  EXPECT_EQ(t.kind, TrendKind::improving); // 2023 missing is skipped, not read as zero.
  EXPECT_EQ(t.previous_period.value_or(""), "2022");
  EXPECT_EQ(t.meets_target, false);
  EXPECT_EQ(trend_of({{"2023", 10}, {"2024", 8}}, Direction::lower_is_better, 9.0).kind, TrendKind::improving);
  EXPECT_EQ(trend_of({{"2024", 8}}, Direction::lower_is_better, std::nullopt).kind, TrendKind::insufficient);
  EXPECT_EQ(format_number(12.30), "12.3");
  EXPECT_EQ(format_number(80), "80");
  EXPECT_EQ(check_indicator({"x", "", "", Direction::higher_is_better, std::nullopt, "", "N945"}).error().field, "kolada_kpi");
}

TEST(MeasurementImport, CsvGoodAndBadRows) {
  auto ok = parse_measurement_csv("period,principal,indicator,value\n2024,municipality-2281,N00945,\"12,5\"\n2023,region-22,7,\n");
  ASSERT_TRUE(ok) << ok.error().describe();
  ASSERT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[0].value, 12.5);
  EXPECT_EQ((*ok)[0].indicator, "N00945");
  EXPECT_FALSE((*ok)[1].value); // Empty: missing.
  auto bad = parse_measurement_csv("indicator,principal,period,value\nN00945,municipality-2281,2024,12\nN00945,municipality-2281,2024,tolv\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "line 3, column 4 (value)");
  auto no_col = parse_measurement_csv("indicator,principal,value\n");
  ASSERT_FALSE(no_col);
  EXPECT_NE(no_col.error().field.find("period"), std::string::npos);
}

TEST(MeasurementImport, KoladaJson) {
  auto ok = parse_kolada_json(R"({"values":[{"kpi":"N00945","municipality":"2281","period":2024,
      "values":[{"gender":"K","value":1},{"gender":"T","value":12.3}]},
      {"kpi":"N00945","municipality":"0022","period":2023,"values":[{"gender":"T","value":null}]}]})");
  ASSERT_TRUE(ok) << ok.error().describe();
  ASSERT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[0].principal_id, "municipality-2281");
  EXPECT_EQ((*ok)[0].period, "2024");
  EXPECT_EQ((*ok)[0].value, 12.3);
  EXPECT_EQ((*ok)[1].principal_id, "region-22");
  EXPECT_FALSE((*ok)[1].value);
  auto bad = parse_kolada_json(R"({"values":[{"kpi":"N00945","municipality":"2281","period":2024},
      {"kpi":"N00945","municipality":"Sundsvall","period":2024}]})");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "values[1].municipality");
  EXPECT_FALSE(parse_kolada_json("[1,2]"));
}

TEST(LeadTime, DurationsAndDistribution) {
  const std::int64_t day = 86'400'000;
  auto d = phase_durations({{"consultation", {0}},
                            {"consultation", {2 * day}},
                            {"analysis", {10 * day}},
                            {"decision", {25 * day}},
                            {"analysis", {30 * day}},
                            {"implementation", {31 * day}}});
  EXPECT_EQ(d["consultation"], 10 * day);
  EXPECT_EQ(d["analysis"], 16 * day); // 15 days, then 1 more after going back.
  EXPECT_EQ(d["decision"], 5 * day);
  EXPECT_FALSE(d.contains("implementation")); // Still in it.
  auto dist = distribution({5, 1, 4, 2, 3, 10, 7, 6, 9, 8});
  ASSERT_TRUE(dist);
  EXPECT_DOUBLE_EQ(dist->median, 5.5);
  EXPECT_DOUBLE_EQ(dist->p90, 9); // ceil(0.9*10) = 9th smallest.
  auto odd = distribution({30, 10, 20});
  EXPECT_DOUBLE_EQ(odd->median, 20);
  EXPECT_DOUBLE_EQ(odd->p90, 30); // ceil(2.7) = 3rd.
  EXPECT_FALSE(distribution({}));
}

} // namespace
} // namespace ks::domain
