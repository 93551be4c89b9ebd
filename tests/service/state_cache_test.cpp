// The cache of parsed case states (service/state_cache.hpp): a state is only ever handed out for
// the database, case and version it was put for; the newest version wins; it is bounded. And the
// routine scenarios store exactly the same with it as without it — and the same when every
// completion is computed ahead of its write transaction (service::CompletionPath) as inside it.
#include <gtest/gtest.h>

#include "persisted_scenario.hpp"
#include "service/state_cache.hpp"
#include "service/task_service.hpp"
#include "store/case_store.hpp"
#include "store/history_store.hpp"
#include "store/task_store.hpp"
#include "support/db_support.hpp"

namespace ks::test {
namespace {

namespace sc = service::state_cache;
using nlohmann::json;

engine::InstanceState state_marked(int n) {
  engine::InstanceState s;
  s.definition_id = "vasternorrland";
  s.variables.set("marker", n);
  return s;
}

int marker_of(const std::optional<engine::InstanceState>& c) {
  return c ? c->variables.to_json().value("marker", -1) : -1;
}

TEST(StateCache, GivesAStateOnlyForItsDatabaseCaseAndVersion) {
  auto a = open_test_database();
  auto b = open_test_database();
  ASSERT_TRUE(a && b);
  sc::put(*a, 7, 3, state_marked(1));
  EXPECT_FALSE(sc::take(*b, 7, 3));  // Another database's case 7.
  EXPECT_FALSE(sc::take(*a, 8, 3));  // Another case.
  EXPECT_FALSE(sc::take(*a, 7, 4));  // The case has changed since.
  EXPECT_EQ(marker_of(sc::take(*a, 7, 3)), 1);
  EXPECT_FALSE(sc::take(*a, 7, 3));  // Taken: the next one parses, or finds what the completion put.
}

TEST(StateCache, TheNewestVersionWins) {
  auto db = open_test_database();
  ASSERT_TRUE(db);
  sc::put(*db, 1, 5, state_marked(5));
  sc::put(*db, 1, 4, state_marked(4)); // Late: a completion of the older version committed first.
  EXPECT_FALSE(sc::take(*db, 1, 4));
  EXPECT_EQ(marker_of(sc::take(*db, 1, 5)), 5);
}

TEST(StateCache, IsBoundedAndEvictsTheOldest) {
  auto db = open_test_database();
  ASSERT_TRUE(db);
  for (std::int64_t id = 1; id <= static_cast<std::int64_t>(sc::kCapacity) + 10; ++id)
    sc::put(*db, id, 1, state_marked(static_cast<int>(id)));
  for (std::int64_t id = 1; id <= 10; ++id) EXPECT_FALSE(sc::take(*db, id, 1)) << id;
  EXPECT_EQ(marker_of(sc::take(*db, 11, 1)), 11);
  EXPECT_EQ(marker_of(sc::take(*db, sc::kCapacity + 10, 1)), static_cast<int>(sc::kCapacity) + 10);
}

// Bounded in bytes too: what it holds is measured by engine::heap_bytes, the oldest go first, and a
// state larger than the whole budget is not kept (and takes nothing else's place).
TEST(StateCache, IsBoundedInBytes) {
  auto db = open_test_database();
  ASSERT_TRUE(db);
  constexpr std::size_t kBig = 100'000;
  auto big = [&](int n) {
    auto s = state_marked(n);
    s.variables.set("text", std::string(kBig, 'x'));
    return s;
  };
  EXPECT_GT(engine::heap_bytes(big(0)), kBig);
  const int fit = static_cast<int>(sc::kBudgetBytes / kBig); // At most this many fit.
  for (int n = 1; n <= fit + 5; ++n) sc::put(*db, n, 1, big(n));
  const auto held = sc::counts();
  EXPECT_LE(held.bytes, sc::kBudgetBytes);
  EXPECT_GE(held.bytes, sc::kBudgetBytes - 2 * engine::heap_bytes(big(0)));
  for (int n = 1; n <= 5; ++n) EXPECT_FALSE(sc::take(*db, n, 1)) << n;
  EXPECT_EQ(marker_of(sc::take(*db, fit + 5, 1)), fit + 5);

  auto huge = state_marked(-2);
  huge.variables.set("text", std::string(sc::kBudgetBytes, 'x'));
  sc::put(*db, 1000, 1, std::move(huge));
  EXPECT_FALSE(sc::take(*db, 1000, 1));
  EXPECT_EQ(marker_of(sc::take(*db, fit + 4, 1)), fit + 4);
}

// A state comes out of the cache as it went in, its variables settled: each the text it is stored
// as, none parsed, and read again on demand.
TEST(StateCache, KeepsAStateSettled) {
  auto db = open_test_database();
  ASSERT_TRUE(db);
  auto s = state_marked(3);
  s.variables.set("list", json::array({1, "två", json::object({{"tre", 3.5}})}));
  const std::string text = engine::to_json_text(s);
  const std::size_t unsettled = engine::heap_bytes(s);
  sc::put(*db, 1, 1, std::move(s));
  auto back = sc::take(*db, 1, 1);
  ASSERT_TRUE(back);
  EXPECT_LT(engine::heap_bytes(*back), unsettled);
  EXPECT_EQ(engine::to_json_text(*back), text);
  EXPECT_EQ(back->variables.to_json()["list"][2]["tre"], 3.5);
}

TEST(StateCache, ClearForgetsEverything) {
  auto db = open_test_database();
  ASSERT_TRUE(db);
  sc::put(*db, 1, 1, state_marked(1));
  sc::put(*db, 2, 1, state_marked(2));
  EXPECT_GT(sc::counts().bytes, 0u);
  sc::clear();
  EXPECT_EQ(sc::counts().entries, 0u);
  EXPECT_EQ(sc::counts().bytes, 0u);
  EXPECT_FALSE(sc::take(*db, 1, 1));
  EXPECT_FALSE(sc::take(*db, 2, 1));
}

TEST(StateCache, DisabledKeepsAndGivesNothing) {
  auto db = open_test_database();
  ASSERT_TRUE(db);
  sc::put(*db, 1, 1, state_marked(1));
  {
    sc::Disabled off;
    EXPECT_FALSE(sc::take(*db, 1, 1));
    sc::put(*db, 2, 1, state_marked(2));
  }
  EXPECT_FALSE(sc::take(*db, 2, 1));
  EXPECT_EQ(marker_of(sc::take(*db, 1, 1)), 1);
}

// What a scenario left in the database: every case's state, tasks and history, as text.
std::string stored_outcome(store::Database& db) {
  auto text = db.read([](store::Connection& c) -> Result<std::string> {
    std::string out;
    for (const auto& r : KS_TRY(c.rows("SELECT id, status, current_phase, version FROM cases ORDER BY id"))) {
      const auto id = r.integer(0);
      out += "case " + r.text(0) + " " + r.text(1) + " " + r.text(2) + " v" + r.text(3) + "\n";
      auto k = KS_TRY(store::cases::find(c, id));
      if (k) out += k->fields.state + "\n";
      for (const auto& t : KS_TRY(store::tasks::of_case(c, id, false)))
        out += "task " + std::to_string(t.local_id) + " " + t.element + " " + t.status + " " +
               t.submitted.value_or("-") + "\n";
      for (const auto& e : KS_TRY(store::history::of_case(c, id)))
        out += "event " + std::to_string(e.seq) + " " + e.kind + " " + e.element + " " + e.data + "\n";
    }
    return out;
  });
  EXPECT_TRUE(text) << text.error().describe();
  return text.value_or("");
}

class StateCacheScenario : public CaseFixture {};

TEST_F(StateCacheScenario, TheFullMunicipalPathStoresTheSameWithAndWithoutTheCache) {
  const auto file = std::filesystem::path(KS_SOURCE_DIR) / "tests/scenarios/vn-full-municipal-path.json";
  const auto before = sc::counts();
  auto with = run_persisted_scenario(*this, *ctx, *clock, file);
  ASSERT_TRUE(with.ok) << with.message;
  EXPECT_GT(sc::counts().hits, before.hits + 40); // The path's completions found their state.
  const std::string cached = stored_outcome(*db);

  sc::Disabled off;
  SetUp(); // A fresh database, the same clock start.
  auto without = run_persisted_scenario(*this, *ctx, *clock, file);
  ASSERT_TRUE(without.ok) << without.message;
  const std::string parsed = stored_outcome(*db);
  EXPECT_GT(parsed.size(), 10'000u);
  EXPECT_EQ(cached, parsed);
}

TEST_F(StateCacheScenario, TheFullMunicipalPathStoresTheSameComputedAheadAsInside) {
  const auto file = std::filesystem::path(KS_SOURCE_DIR) / "tests/scenarios/vn-full-municipal-path.json";
  std::string inside;
  {
    service::CompletionPathFor path(service::CompletionPath::inside);
    const auto before = service::completion_counts();
    auto run = run_persisted_scenario(*this, *ctx, *clock, file);
    ASSERT_TRUE(run.ok) << run.message;
    EXPECT_EQ(service::completion_counts().ahead_used, before.ahead_used);
    inside = stored_outcome(*db);
  }
  service::CompletionPathFor path(service::CompletionPath::ahead);
  SetUp(); // A fresh database, the same clock start.
  const auto before = service::completion_counts();
  auto run = run_persisted_scenario(*this, *ctx, *clock, file);
  ASSERT_TRUE(run.ok) << run.message;
  // Every completion of the path was computed ahead and used (nothing changed in between).
  EXPECT_GT(service::completion_counts().ahead_used, before.ahead_used + 40);
  EXPECT_EQ(service::completion_counts().ahead_discarded, before.ahead_discarded);
  const std::string ahead = stored_outcome(*db);
  EXPECT_GT(ahead.size(), 10'000u);
  EXPECT_EQ(inside, ahead);
}

} // namespace
} // namespace ks::test
