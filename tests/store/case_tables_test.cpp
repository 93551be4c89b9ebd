// The case tables of migrations 0020-0024 on both backends (KS_TEST_DB): Swedish full-text search,
// diary numbers per region and year, document bytes, task versions and timer claims.
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "store/case_store.hpp"
#include "store/diary_store.hpp"
#include "store/document_store.hpp"
#include "store/history_store.hpp"
#include "store/knowledge_support_store.hpp"
#include "store/process_store.hpp"
#include "store/task_store.hpp"
#include "store/timer_store.hpp"
#include "support/db_support.hpp"

namespace ks::store {
namespace {

constexpr Instant kNow{1'767'225'600'000}; // 2026-01-01

class CaseTables : public ::testing::Test {
protected:
  void SetUp() override {
    db = test::open_test_database();
    ASSERT_TRUE(db);
  }

  std::int64_t add_support(std::string title, std::string summary = "") {
    domain::KnowledgeSupportInput in;
    in.title = std::move(title);
    in.summary = std::move(summary);
    in.kind = domain::KnowledgeSupportKind::care_pathway;
    in.national_status = domain::NationalStatus::decided;
    auto id = db->write([&](Connection& c) { return knowledge_supports::insert(c, in, "tester", kNow); });
    EXPECT_TRUE(id) << id.error().describe();
    return id.value_or(0);
  }

  // A case with one definition row, for the tables that reference cases.
  std::int64_t add_case() {
    const auto ks = add_support("Depression och ångestsyndrom");
    auto id = db->write([&](Connection& c) -> Result<std::int64_t> {
      auto def = KS_TRY(processes::deploy_definition(c, "p", "p.bpmn", "<definitions/>", kNow));
      cases::NewCase n{ks, "region-22", "p", def.definition.id, "running", "consultation", "{}", "tester"};
      return cases::insert(c, n, kNow);
    });
    EXPECT_TRUE(id) << id.error().describe();
    return id.value_or(0);
  }

  std::vector<std::string> titles_for(std::string text) {
    auto found = db->read([&](Connection& c) {
      knowledge_supports::Query q;
      q.text = std::move(text);
      return knowledge_supports::search(c, q);
    });
    EXPECT_TRUE(found) << found.error().describe();
    std::vector<std::string> out;
    for (const auto& k : found.value_or(std::vector<knowledge_supports::KnowledgeSupport>{})) out.push_back(k.fields.title);
    return out;
  }

  std::unique_ptr<Database> db;
};

TEST_F(CaseTables, SwedishSearchFindsInflectedForms) {
  add_support("Personcentrerat och sammanhållet vårdförlopp för depression", "Nationellt vårdförlopp.");
  add_support("Nationellt vårdprogram för palliativ vård", "Riktlinjer för vård i livets slutskede.");
  add_support("Levnadsvanor", "Prevention och behandling av ohälsosamma levnadsvanor.");

  EXPECT_EQ(titles_for("vårdförloppen"), std::vector<std::string>{"Personcentrerat och sammanhållet vårdförlopp för depression"});
  EXPECT_EQ(titles_for("VÅRDFÖRLOPP"), std::vector<std::string>{"Personcentrerat och sammanhållet vårdförlopp för depression"});
  EXPECT_EQ(titles_for("levnadsvanorna"), std::vector<std::string>{"Levnadsvanor"});
  EXPECT_TRUE(titles_for("hjärtsvikt").empty());
  // Every word must match; FTS syntax in the input is only text.
  EXPECT_TRUE(titles_for("vårdförlopp palliativ").empty());
  EXPECT_EQ(titles_for("\"palliativ\" (*").size(), 1u);
}

TEST_F(CaseTables, SearchFollowsUpdates) {
  const auto id = add_support("Gammal titel");
  domain::KnowledgeSupportInput in;
  in.title = "Vårdförlopp stroke";
  in.national_status = domain::NationalStatus::published;
  ASSERT_TRUE(db->write([&](Connection& c) { return knowledge_supports::update(c, id, in, kNow); }));
  EXPECT_EQ(titles_for("vårdförloppen").size(), 1u);
  EXPECT_TRUE(titles_for("gammal").empty());
}

TEST_F(CaseTables, DiaryNumbersRunPerRegionAndYear) {
  auto add = [&](std::string region, std::string date) {
    auto e = db->write([&](Connection& c) {
      diary::NewEntry n;
      n.region_id = region;
      n.entry_date = date;
      n.description = "Remiss";
      n.counterpart = "SKR";
      return diary::register_entry(c, n, kNow);
    });
    EXPECT_TRUE(e) << e.error().describe();
    return e ? e->number : std::string();
  };
  EXPECT_EQ(add("region-22", "2026-01-05"), "RVN 2026/00001");
  EXPECT_EQ(add("region-22", "2026-02-05"), "RVN 2026/00002");
  EXPECT_EQ(add("region-20", "2026-02-05"), "RD 2026/00001");
  EXPECT_EQ(add("region-22", "2027-01-02"), "RVN 2027/00001");
  EXPECT_EQ(add("region-22", "2026-12-31"), "RVN 2026/00003");
  EXPECT_EQ(add("region-07", "2026-12-31"), "R07 2026/00001");

  // A rolled-back registration gives its number back.
  auto failed = db->write([&](Connection& c) -> Result<int> {
    diary::NewEntry n{.region_id = "region-22", .entry_date = "2026-03-01", .description = "x"};
    KS_TRY(diary::register_entry(c, n, kNow));
    return fail(Error::invalid("roll back"));
  });
  EXPECT_FALSE(failed);
  EXPECT_EQ(add("region-22", "2026-03-01"), "RVN 2026/00004");

  auto listed = db->read([&](Connection& c) {
    diary::Query q;
    q.text = "skr";
    q.region_id = "region-22";
    q.year = 2026;
    return diary::list(c, q);
  });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 4u);
  EXPECT_EQ(listed->front().number, "RVN 2026/00004");
}

TEST_F(CaseTables, ConcurrentDiaryNumbersAreUnique) {
  std::vector<std::string> numbers(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      for (int j = 0; j < 2; ++j) {
        auto e = db->write([&](Connection& c) {
          diary::NewEntry n{.region_id = "region-22", .entry_date = "2026-05-01", .description = "parallel"};
          return diary::register_entry(c, n, kNow);
        });
        ASSERT_TRUE(e) << e.error().describe();
        numbers[static_cast<std::size_t>(i * 2 + j)] = e->number;
      }
    });
  for (auto& t : threads) t.join();
  std::set<std::string> unique(numbers.begin(), numbers.end());
  EXPECT_EQ(unique.size(), 8u);
  EXPECT_TRUE(unique.contains("RVN 2026/00001"));
  EXPECT_TRUE(unique.contains("RVN 2026/00008"));
}

TEST_F(CaseTables, DocumentBytesRoundTrip) {
  std::string bytes = "%PDF-1.7\n";
  for (int i = 0; i < 512; ++i) bytes += static_cast<char>(i % 256);
  const auto ks = add_support("Dokumenttest");
  auto id = db->write([&](Connection& c) {
    return documents::insert(c, {ks, {}, {}}, "remiss.pdf", "application/pdf", bytes, "tester", kNow);
  });
  ASSERT_TRUE(id) << id.error().describe();
  auto back = db->read([&](Connection& c) { return documents::content(c, *id); });
  ASSERT_TRUE(back && *back);
  EXPECT_EQ(**back, bytes);
  auto listed = db->read([&](Connection& c) { return documents::for_knowledge_support(c, ks); });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().size_bytes, static_cast<std::int64_t>(bytes.size()));
  EXPECT_EQ(listed->front().filename, "remiss.pdf");
}

TEST_F(CaseTables, DeployAddsAVersionOnlyWhenTheTextChanges) {
  auto deploy = [&](std::string text) {
    auto d = db->write([&](Connection& c) { return processes::deploy_definition(c, "vn", "vn.bpmn", text, kNow); });
    EXPECT_TRUE(d) << d.error().describe();
    return d.value_or(processes::Deployed{});
  };
  auto a = deploy("<a/>");
  EXPECT_TRUE(a.added);
  EXPECT_EQ(a.definition.version, 1);
  EXPECT_FALSE(deploy("<a/>").added);
  auto b = deploy("<b/>");
  EXPECT_TRUE(b.added);
  EXPECT_EQ(b.definition.version, 2);
  auto latest = db->read([&](Connection& c) { return processes::latest_definitions(c); });
  ASSERT_TRUE(latest);
  ASSERT_EQ(latest->size(), 1u);
  EXPECT_EQ(latest->front().bpmn, "<b/>");
}

TEST_F(CaseTables, StaleTaskVersionIsAConflict) {
  const auto case_id = add_case();
  engine::Task t;
  t.id = 7;
  t.element = "forward_remiss";
  t.step = "3";
  t.function = "coordinator";
  t.scope_unit = "region-22";
  t.opened = kNow;
  auto id = db->write([&](Connection& c) { return tasks::insert(c, case_id, t); });
  ASSERT_TRUE(id);
  auto complete = [&](std::int64_t version) {
    return db->write([&](Connection& c) {
      return tasks::close(c, case_id, 7, {tasks::kCompleted, version, "anna", "{}"}, kNow);
    });
  };
  auto stale = complete(2);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::conflict);
  EXPECT_TRUE(complete(1));
  auto again = complete(1);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  auto row = db->read([&](Connection& c) { return tasks::find(c, *id); });
  ASSERT_TRUE(row && *row);
  EXPECT_EQ((*row)->status, "completed");
  EXPECT_EQ((*row)->version, 2);
  EXPECT_EQ((*row)->completed_by, "anna");

  auto inbox = db->read([&](Connection& c) {
    return tasks::for_assignments(c, {{"coordinator", "region-22"}}, tasks::kCompleted, 10);
  });
  ASSERT_TRUE(inbox);
  EXPECT_EQ(inbox->size(), 1u);
}

TEST_F(CaseTables, TwoWorkersClaimEachTimerOnce) {
  const auto case_id = add_case();
  ASSERT_TRUE(db->write([&](Connection& c) -> Status {
    for (int i = 1; i <= 20; ++i)
      KS_TRY(timers::insert(c, case_id, engine::TimerEntry{i, 1, "t", Instant{kNow.ms + i}, -1}));
    return {};
  }));
  std::vector<std::int64_t> fired_a, fired_b;
  auto worker = [&](std::string name, std::vector<std::int64_t>& fired) {
    for (int round = 0; round < 30; ++round) {
      auto claimed = db->write([&](Connection& c) {
        return timers::claim_due(c, name, Instant{kNow.ms + 100}, 60'000, 3);
      });
      ASSERT_TRUE(claimed) << claimed.error().describe();
      for (const auto& t : *claimed) {
        auto took = db->write([&](Connection& c) { return timers::take(c, t.id, name); });
        ASSERT_TRUE(took);
        if (*took) fired.push_back(t.local_id);
      }
    }
  };
  std::thread a(worker, "a", std::ref(fired_a));
  std::thread b(worker, "b", std::ref(fired_b));
  a.join();
  b.join();
  std::multiset<std::int64_t> all(fired_a.begin(), fired_a.end());
  all.insert(fired_b.begin(), fired_b.end());
  EXPECT_EQ(all.size(), 20u);
  EXPECT_EQ(std::set<std::int64_t>(all.begin(), all.end()).size(), 20u);
  auto left = db->read([&](Connection& c) { return timers::next_due(c); });
  ASSERT_TRUE(left);
  EXPECT_FALSE(*left);
}

TEST_F(CaseTables, ExpiredClaimsAreClaimedAgain) {
  const auto case_id = add_case();
  ASSERT_TRUE(db->write([&](Connection& c) { return timers::insert(c, case_id, engine::TimerEntry{1, 1, "t", kNow, -1}); }));
  auto claim = [&](std::string worker, std::int64_t at) {
    auto r = db->write([&](Connection& c) { return timers::claim_due(c, worker, Instant{at}, 1000, 10); });
    EXPECT_TRUE(r);
    return r.value_or(std::vector<timers::TimerRow>{}).size();
  };
  EXPECT_EQ(claim("a", kNow.ms), 1u);
  EXPECT_EQ(claim("b", kNow.ms + 500), 0u);   // a's claim holds.
  EXPECT_EQ(claim("b", kNow.ms + 1500), 1u);  // a's lease ran out.
  auto took = db->write([&](Connection& c) { return timers::take(c, 1, "a"); });
  ASSERT_TRUE(took);
}

TEST_F(CaseTables, HistoryIsNumberedPerCase) {
  const auto case_id = add_case();
  std::vector<engine::HistoryEvent> events{{"started", "", "", {}}, {"entered", "start_remiss", "1", {{"x", 1}}}};
  ASSERT_TRUE(db->write([&](Connection& c) { return history::append(c, case_id, events, "anna", kNow); }));
  ASSERT_TRUE(db->write([&](Connection& c) { return history::append(c, case_id, events, "system", kNow); }));
  auto all = db->read([&](Connection& c) { return history::of_case(c, case_id); });
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ(all->back().seq, 4);
  EXPECT_EQ(all->back().actor, "system");
  EXPECT_EQ((*all)[1].step, "1");
}

// A case's open tasks as its row lists them (migration 0078): the text written reads back as the
// same ids; anything else — a NULL, text it does not write — reads as no list at all, so that the
// case's task rows are read as before rather than a wrong list trusted.
TEST(CaseOpenTasks, TheListReadsBackAndAnythingElseIsNoList) {
  const std::vector<std::int64_t> ids{3, 17, 120};
  EXPECT_EQ(cases::open_tasks_text(ids), "3 17 120");
  EXPECT_EQ(cases::open_tasks_of_text(cases::open_tasks_text(ids)), ids);
  EXPECT_EQ(cases::open_tasks_of_text(std::string()), std::vector<std::int64_t>{}); // none open
  for (const char* bad : {"3  17", " 3", "3 ", "3,17", "x", "-1", "0", "3 17x", "99999999999999999999"})
    EXPECT_EQ(cases::open_tasks_of_text(std::string(bad)), std::nullopt) << bad;
  EXPECT_EQ(cases::open_tasks_of_text(std::nullopt), std::nullopt);
}

} // namespace
} // namespace ks::store
