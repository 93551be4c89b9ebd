// The plan, indicator and follow-up tables of migrations 0040-0042 on both backends (KS_TEST_DB):
// plans with joint and internal activities, communication and phase-out items, reports; indicator
// measurements replaced per (indicator, principal, period), missing periods left missing.
#include <gtest/gtest.h>

#include "store/case_store.hpp"
#include "store/followup_store.hpp"
#include "store/indicator_store.hpp"
#include "store/knowledge_support_store.hpp"
#include "store/plan_store.hpp"
#include "store/process_store.hpp"
#include "support/db_support.hpp"

namespace ks::store {
namespace {

constexpr Instant kNow{1'767'225'600'000}; // 2026-01-01

class FollowupTables : public ::testing::Test {
protected:
  void SetUp() override {
    db = test::open_test_database();
    ASSERT_TRUE(db);
    auto ids = db->write([&](Connection& c) -> Result<std::pair<std::int64_t, std::int64_t>> {
      domain::KnowledgeSupportInput in;
      in.title = "Depression och ångestsyndrom";
      in.kind = domain::KnowledgeSupportKind::care_pathway;
      in.national_status = domain::NationalStatus::decided;
      const auto ks = KS_TRY(knowledge_supports::insert(c, in, "tester", kNow));
      auto def = KS_TRY(processes::deploy_definition(c, "p", "p.bpmn", "<definitions/>", kNow));
      cases::NewCase n{ks, "region-22", "p", def.definition.id, "running", "implementation", "{}", "tester"};
      return std::pair{ks, KS_TRY(cases::insert(c, n, kNow))};
    });
    ASSERT_TRUE(ids) << ids.error().describe();
    support_id = ids->first;
    case_id = ids->second;
  }

  std::unique_ptr<Database> db;
  std::int64_t support_id = 0;
  std::int64_t case_id = 0;
};

TEST_F(FollowupTables, PlanWithJointAndInternalActivitiesCommunicationAndPhaseOut) {
  auto plan = db->write([&](Connection& c) -> Result<plans::Plan> {
    auto p = KS_TRY(plans::ensure_for_case(c, case_id, "lag", kNow));
    auto again = KS_TRY(plans::ensure_for_case(c, case_id, "lag", kNow));
    if (again.id != p.id) return fail(Error::internal("a second plan was made"));
    domain::ActivityInput joint{"Gemensam utbildningsdag", "", domain::ActivityScope::joint, std::nullopt, "LSG HälSam",
                                "2026-03-01", "2026-04-30", domain::ActivityStatus::planned, "Gap 1: kunskap om KBT"};
    domain::ActivityInput internal{"Införa screening i primärvården", "", domain::ActivityScope::internal,
                                   "municipality-2281", "verksamhetschef", "2026-02-01", "2026-06-30",
                                   domain::ActivityStatus::ongoing, "Gap 2"};
    const auto a1 = KS_TRY(plans::add_activity(c, p.id, joint, kNow));
    KS_TRY(plans::add_activity(c, p.id, internal, kNow));
    KS_TRY(plans::assign_activity(c, a1, "vn-lsg-halsam", "vn-lansledningen", "2026-02-15", kNow));
    KS_TRY(plans::add_report(c, {0, a1, domain::ActivityStatus::done, "Genomförd", "lsg", kNow}));
    KS_TRY(plans::set_activity_status(c, a1, domain::ActivityStatus::done, kNow));
    KS_TRY(plans::add_communication(c, p.id, {"Kommunernas nätverk", "Nätverksmöte", "2026-03-10", "Information"}));
    KS_TRY(plans::add_phase_out(c, p.id, {"Egen remissmall", "Nationell mall", std::nullopt, "2026-06-01"}));
    KS_TRY(plans::set_anchoring(c, p.id, "Ordförande LPO", "2026-02-10", "Förankrad", kNow));
    return p;
  });
  ASSERT_TRUE(plan) << plan.error().describe();

  auto read = db->read([&](Connection& c) -> Result<bool> {
    auto acts = KS_TRY(plans::activities(c, plan->id));
    EXPECT_EQ(acts.size(), 2u);
    EXPECT_EQ(acts[0].fields.title, "Införa screening i primärvården"); // Earlier start first.
    EXPECT_EQ(acts[0].fields.scope, domain::ActivityScope::internal);
    EXPECT_EQ(acts[0].fields.principal_id.value_or(""), "municipality-2281");
    EXPECT_EQ(acts[1].fields.scope, domain::ActivityScope::joint);
    EXPECT_FALSE(acts[1].fields.principal_id);
    EXPECT_EQ(acts[1].assigned_to.value_or(""), "vn-lsg-halsam");
    EXPECT_EQ(acts[1].fields.status, domain::ActivityStatus::done);
    EXPECT_EQ(KS_TRY(plans::reports(c, plan->id)).size(), 1u);
    EXPECT_EQ(KS_TRY(plans::communications(c, plan->id)).at(0).fields.audience, "Kommunernas nätverk");
    auto po = KS_TRY(plans::phase_outs(c, plan->id));
    EXPECT_EQ(po.at(0).fields.practice, "Egen remissmall");
    EXPECT_EQ(po.at(0).fields.by_date.value_or(""), "2026-06-01");
    auto p = KS_TRY(plans::for_case(c, case_id));
    EXPECT_EQ(p->anchored_by.value_or(""), "Ordförande LPO");
    EXPECT_EQ(p->anchored_on.value_or(""), "2026-02-10");
    EXPECT_EQ(p->version, 2);
    return true;
  });
  ASSERT_TRUE(read) << read.error().describe();

  // Deleting an activity removes its reports; deleting a missing one is not_found.
  auto del = db->write([&](Connection& c) -> Status {
    auto acts = KS_TRY(plans::activities(c, plan->id));
    KS_TRY(plans::delete_activity(c, acts[1].id));
    auto again = plans::delete_activity(c, acts[1].id);
    EXPECT_FALSE(again);
    if (!again) {
      EXPECT_EQ(again.error().code, ErrorCode::not_found);
    }
    EXPECT_TRUE(KS_TRY(plans::reports(c, plan->id)).empty());
    return {};
  });
  ASSERT_TRUE(del) << del.error().describe();
}

TEST_F(FollowupTables, MeasurementsAreReplacedPerKeyAndMissingPeriodsStayMissing) {
  auto id = db->write([&](Connection& c) -> Result<std::int64_t> {
    domain::IndicatorInput in;
    in.name = "Andel med uppföljning inom 6 veckor";
    in.unit = "%";
    in.direction = domain::Direction::higher_is_better;
    in.target = 80.0;
    in.kolada_kpi = "N00945";
    const auto i = KS_TRY(indicators::insert(c, support_id, in, kNow));
    KS_TRY(indicators::put(c, {i, "municipality-2281", "2022", 61.5, "csv", "analyst", kNow}));
    KS_TRY(indicators::put(c, {i, "municipality-2281", "2024", 70.0, "csv", "analyst", kNow}));
    KS_TRY(indicators::put(c, {i, "municipality-2281", "2024", 72.25, "kolada", "analyst", kNow}));
    KS_TRY(indicators::put(c, {i, "region-22", "2024", 0.0, "csv", "analyst", kNow}));
    return i;
  });
  ASSERT_TRUE(id) << id.error().describe();
  auto ms = db->read([&](Connection& c) { return indicators::measurements(c, *id, std::string_view("municipality-2281")); });
  ASSERT_TRUE(ms) << ms.error().describe();
  ASSERT_EQ(ms->size(), 2u);
  EXPECT_DOUBLE_EQ((*ms)[1].value, 72.25);
  EXPECT_EQ((*ms)[1].origin, "kolada");
  std::vector<domain::Point> pts;
  for (const auto& m : *ms) pts.push_back({m.period, m.value});
  const auto series = domain::series_over(domain::period_range("2022", "2024"), pts);
  ASSERT_EQ(series.size(), 3u);
  EXPECT_TRUE(series[0].has_value());
  EXPECT_FALSE(series[1].has_value()); // 2023: missing, not zero.
  auto all = db->read([&](Connection& c) { return indicators::measurements(c, *id); });
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 3u); // A real zero is stored as a value.
  auto ind = db->read([&](Connection& c) { return indicators::find(c, *id); });
  ASSERT_TRUE(ind && *ind);
  EXPECT_DOUBLE_EQ((*ind)->fields.target.value_or(0), 80.0);
  EXPECT_EQ((*ind)->fields.kolada_kpi.value_or(""), "N00945");
}

TEST_F(FollowupTables, FollowupEntriesNewestFirst) {
  auto s = db->write([&](Connection& c) -> Status {
    KS_TRY(followups::insert(c, {0, case_id, "municipality-2281", std::string(followups::kContinuous), "2026-03-01", "Q1", "", "a", kNow}));
    KS_TRY(followups::insert(c, {0, case_id, std::nullopt, std::string(followups::kYearly), "2026-12-01", "År", "Justera", "b", kNow}));
    return {};
  });
  ASSERT_TRUE(s) << s.error().describe();
  auto es = db->read([&](Connection& c) { return followups::of_case(c, case_id); });
  ASSERT_TRUE(es);
  ASSERT_EQ(es->size(), 2u);
  EXPECT_EQ((*es)[0].kind, "yearly");
  EXPECT_EQ((*es)[1].principal_id.value_or(""), "municipality-2281");
}

} // namespace
} // namespace ks::store
