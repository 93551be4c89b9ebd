// The yearly follow-up (step 33 / R5) as the routine's timer, on both backends: with an injected
// clock the LPO's follow-up task appears on its date, once, also with two timer workers claiming
// concurrently (FOR UPDATE SKIP LOCKED on PostgreSQL, service/timer_worker.hpp), and its page's
// summary has the indicator trends and activity status filled in.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "case_fixture.hpp"
#include "service/case_service.hpp"
#include "service/followup_service.hpp"
#include "service/indicator_service.hpp"
#include "service/plan_service.hpp"
#include "service/task_service.hpp"
#include "service/timer_worker.hpp"
#include "store/task_store.hpp"
#include "store/timer_store.hpp"

namespace ks::service {
namespace {

using nlohmann::json;

class YearlyFollowup : public test::CaseFixture {
protected:
  std::vector<store::tasks::TaskRow> open_tasks(std::int64_t case_id) {
    auto r = db->read([&](store::Connection& c) { return store::tasks::of_case(c, case_id, true); });
    EXPECT_TRUE(r);
    return r.value_or(std::vector<store::tasks::TaskRow>{});
  }
  Status complete_step(std::int64_t case_id, const std::string& step, json values, const Actor& who) {
    for (const auto& t : open_tasks(case_id))
      if (t.step == step) {
        auto r = complete_task(*ctx, who, {t.id, t.version, std::move(values)});
        if (!r) return fail(r.error());
        return {};
      }
    return fail(Error::not_found("no open task for step " + step));
  }
};

TEST_F(YearlyFollowup, TaskAppearsOnItsDateOnceWithTwoWorkersAndShowsTrendsAndActivities) {
  const auto support = add_knowledge_support();
  StartCase in{support, "region-only", "region-22", "vn-lpo-psykisk-halsa", json::object()};
  auto started = start_case(*ctx, actor("samordnare"), in);
  ASSERT_TRUE(started) << started.error().describe();
  const auto id = started->case_id;
  auto chair = actor("lpo-ordf");
  ASSERT_TRUE(complete_step(id, "R1", {{"ro_assessment", "proceed"}, {"ro_proposal", "Införs"}}, chair));
  ASSERT_TRUE(complete_step(id, "R2", {{"ro_decision", "fully"}, {"ro_decided_by", "Områdesdirektör"}, {"ro_decision_date", "2026-01-02"}},
                            actor("omradesdirektor")));

  // The plan and the indicator data the follow-up will show.
  const Actor admin = [] {
    Actor a;
    a.account_id = 1;
    a.username = "admin";
    a.admin_account = true;
    return a;
  }();
  domain::ActivityInput act;
  act.title = "Utbilda vårdcentralerna";
  act.scope = domain::ActivityScope::internal;
  act.principal_id = "region-22";
  act.start_date = "2026-02-01";
  act.end_date = "2026-06-30";
  ASSERT_TRUE(add_activity(*ctx, chair, id, act)) << "the LPO chair edits the plan";
  domain::IndicatorInput ind;
  ind.name = "Andel patienter med strukturerad uppföljning";
  ind.unit = "%";
  ind.target = 75;
  ind.kolada_kpi = "N00945";
  ASSERT_TRUE(add_indicator(*ctx, admin, support, ind));
  ASSERT_TRUE(import_measurements(*ctx, admin, support, ImportFormat::kolada,
                                  R"({"values":[{"kpi":"N00945","municipality":"0022","period":2025,"values":[{"gender":"T","value":61}]},
                                    {"kpi":"N00945","municipality":"0022","period":2026,"values":[{"gender":"T","value":68.5}]}]})"));

  ASSERT_TRUE(complete_step(id, "R3", {{"ro_communication", "Intranät"}}, chair));
  ASSERT_TRUE(complete_step(id, "R4", {{"ro_implementation_report", "Klart"}}, actor("vc-region")));
  ASSERT_TRUE(open_tasks(id).empty());
  auto timers = db->read([&](store::Connection& c) { return store::timers::of_case(c, id); });
  ASSERT_TRUE(timers);
  ASSERT_EQ(timers->size(), 1u);
  const Instant due = timers->front().due;

  // A millisecond before its date: nothing.
  clock->set(Instant{due.ms - 1});
  auto early = fire_due_timers(*ctx, "early");
  ASSERT_TRUE(early);
  EXPECT_EQ(early->fired, 0u);
  EXPECT_TRUE(open_tasks(id).empty());

  // On its date two workers (as two `ks serve` processes would) race for it.
  clock->set(due);
  std::atomic<std::size_t> fired{0};
  std::atomic<bool> ok{true};
  auto work = [&](std::string name) {
    for (int i = 0; i < 10; ++i) {
      auto run = fire_due_timers(*ctx, name);
      if (!run) ok = false;
      else fired += run->fired;
    }
  };
  std::thread a(work, "serve-1:worker"), b(work, "serve-2:worker");
  a.join();
  b.join();
  EXPECT_TRUE(ok);
  EXPECT_EQ(fired.load(), 1u);
  auto tasks = open_tasks(id);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_TRUE(is_followup_element(tasks[0].element)) << tasks[0].element;
  EXPECT_EQ(tasks[0].function, "chair");
  EXPECT_EQ(tasks[0].scope_unit, "vn-lpo-psykisk-halsa");

  // Later rounds do not add another.
  clock->advance_ms(3600'000);
  EXPECT_EQ(fire_due_timers(*ctx, "late")->fired, 0u);
  EXPECT_EQ(open_tasks(id).size(), 1u);

  // The task's page shows the summary filled in.
  auto summary = followup_summary(*ctx, chair, id);
  ASSERT_TRUE(summary) << summary.error().describe();
  EXPECT_EQ(summary->internal.total(), 1u);
  EXPECT_EQ(summary->internal.overdue, 1u); // Ended 2026-06-30, still planned a year later.
  ASSERT_EQ(summary->indicators.size(), 1u);
  ASSERT_EQ(summary->indicators[0].principals.size(), 1u);
  const auto& trend = summary->indicators[0].principals[0].trend;
  EXPECT_EQ(trend.kind, domain::TrendKind::improving);
  EXPECT_EQ(trend.meets_target, false);
  const auto j = followup_summary_json(*summary);
  EXPECT_EQ(j["indicators"][0]["principals"][0]["latest"], "68.5");
  EXPECT_EQ(j["activities"][0]["status"], "planned");
}

} // namespace
} // namespace ks::service
