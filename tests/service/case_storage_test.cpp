// How a completion is stored (issue 8), on both backends (KS_TEST_DB): one write transaction per
// completion, and the compact history — task_opened / task_completed events keep who, what, when
// and which task in their columns, their data only {"task": N}; reading the history gives the
// engine's full events back from the task rows. Events stored in full (older rows) read unchanged.
#include <set>

#include <gtest/gtest.h>

#include "case_fixture.hpp"
#include "service/case_service.hpp"
#include "service/task_service.hpp"
#include "store/history_store.hpp"
#include "store/task_store.hpp"

namespace ks::test {
namespace {

using nlohmann::json;
namespace sv = service;

class CaseStorage : public CaseFixture {
protected:
  std::int64_t start_vn() {
    sv::StartCase in{add_knowledge_support(), "vasternorrland", "region-22", "vn-lpo-psykisk-halsa", json::object()};
    auto r = sv::start_case(*ctx, actor("samordnare"), in);
    EXPECT_TRUE(r) << r.error().describe();
    return r ? r->case_id : 0;
  }
  store::tasks::TaskRow open_task(std::int64_t case_id, const std::string& step) {
    auto r = db->read([&](store::Connection& c) { return store::tasks::of_case(c, case_id, true); });
    EXPECT_TRUE(r);
    for (const auto& t : r.value_or(std::vector<store::tasks::TaskRow>{}))
      if (t.step == step) return t;
    ADD_FAILURE() << "no open task for step " << step;
    return {};
  }
  // The stored rows, as they are in the table.
  std::vector<store::Row> raw_history(std::int64_t case_id, const std::string& kind) {
    auto r = db->read([&](store::Connection& c) {
      return c.rows("SELECT seq, at, element, step, actor, data FROM case_history WHERE case_id = ? AND kind = ? "
                    "ORDER BY seq",
                    case_id, kind);
    });
    EXPECT_TRUE(r);
    return r.value_or(store::Rows{});
  }
  std::vector<store::history::Event> history(std::int64_t case_id) {
    auto r = sv::case_history(*ctx, actor("samordnare"), case_id);
    EXPECT_TRUE(r) << r.error().describe();
    return r.value_or(std::vector<store::history::Event>{});
  }
};

TEST_F(CaseStorage, ACompletionIsOneWriteTransaction) {
  const auto id = start_vn();
  const auto task = open_task(id, "3");
  const auto* group = db->group_commit();
  if (!group) GTEST_SKIP() << "the transaction count comes from the SQLite group commit";
  const auto before = group->transactions();
  auto done = sv::complete_task(*ctx, actor("samordnare"),
                                {task.id, task.version, {{"answer_due", "2026-03-31"}, {"forward_note", "Remiss."}}});
  ASSERT_TRUE(done) << done.error().describe();
  EXPECT_EQ(group->transactions() - before, 1u);
}

TEST_F(CaseStorage, HistoryStoresTaskEventsCompactlyAndReadsThemBackInFull) {
  const auto id = start_vn();
  const auto task = open_task(id, "3");
  const json values = {{"answer_due", "2026-03-31"}, {"forward_note", "Remiss från SKR: nationellt vårdförlopp."}};
  clock->set(Instant{kCaseStart.ms + 3'600'000});
  auto done = sv::complete_task(*ctx, actor("samordnare"), {task.id, task.version, values});
  ASSERT_TRUE(done) << done.error().describe();

  // Stored: who, what, when and which task; the values only in the task row.
  auto completed = raw_history(id, "task_completed");
  ASSERT_EQ(completed.size(), 1u);
  EXPECT_EQ(completed[0].integer(1), kCaseStart.ms + 3'600'000);
  EXPECT_EQ(completed[0].text(2), "forward_remiss");
  EXPECT_EQ(completed[0].text(3), "3");
  EXPECT_EQ(completed[0].text(4), "samordnare");
  EXPECT_EQ(json::parse(completed[0].text(5)), (json{{"task", task.local_id}}));
  auto opened = raw_history(id, "task_opened");
  ASSERT_GE(opened.size(), 2u);
  for (const auto& r : opened) EXPECT_EQ(json::parse(r.text(5)).size(), 1u) << r.text(5);

  // Read: the engine's events, in full.
  bool saw_completed = false, saw_opened = false;
  for (const auto& e : history(id)) {
    const auto data = json::parse(e.data);
    if (e.kind == "task_completed") {
      saw_completed = true;
      EXPECT_EQ(data, (json{{"task", task.local_id}, {"values", values}}));
      EXPECT_EQ(e.actor, "samordnare");
      EXPECT_EQ(e.at.ms, kCaseStart.ms + 3'600'000);
    }
    if (e.kind == "task_opened" && data["task"] == task.local_id) {
      saw_opened = true;
      EXPECT_EQ(data["function"], "coordinator");
      EXPECT_EQ(data["scope"], "region-22");
      ASSERT_TRUE(task.due.has_value());
      EXPECT_EQ(data["due"], format_iso(*task.due));
      EXPECT_FALSE(data.contains("item"));
    }
  }
  EXPECT_TRUE(saw_completed);
  EXPECT_TRUE(saw_opened);
}

TEST_F(CaseStorage, MultiInstanceTasksKeepTheirItem) {
  const auto id = start_vn();
  auto t3 = open_task(id, "3");
  ASSERT_TRUE(sv::complete_task(*ctx, actor("samordnare"), {t3.id, t3.version, {{"answer_due", "2026-03-31"}}}));
  auto t4 = open_task(id, "4");
  auto done = sv::complete_task(*ctx, actor("lpo-ordf"),
                                {t4.id, t4.version,
                                 {{"concerns", "municipalities"},
                                  {"concerned_municipalities", {"municipality-2281", "municipality-2262"}},
                                  {"assessment_motivation", "Berör kommunerna."}}});
  ASSERT_TRUE(done) << done.error().describe();
  std::set<std::string> items;
  for (const auto& e : history(id)) {
    const auto data = json::parse(e.data);
    if (e.kind == "task_opened" && e.step == "5" && data.contains("item")) {
      items.insert(data["item"].get<std::string>());
      EXPECT_EQ(data["scope"], data["item"]);
      EXPECT_EQ(data["function"], "contact");
    }
  }
  EXPECT_EQ(items, (std::set<std::string>{"municipality-2262", "municipality-2281"}));
}

TEST_F(CaseStorage, EventsStoredInFullReadUnchanged) {
  const auto id = start_vn();
  const std::string full = R"({"task":99,"values":{"answer":"kept as written"}})";
  ASSERT_TRUE(db->write([&](store::Connection& c) -> Status {
    KS_TRY(c.exec("INSERT INTO case_history (case_id, seq, at, kind, element, step, actor, data) "
                  "VALUES (?, 1000, 0, 'task_completed', 'x', '3', 'someone', ?)",
                  id, full));
    return {};
  }));
  auto events = history(id);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().data, full);
}

} // namespace
} // namespace ks::test
