// Database::write under concurrency, on both backends (KS_TEST_DB); on SQLite through the group
// commit (store/group_commit.hpp): every successful write is stored once, a failing transaction
// leaves nothing and does not disturb the others of its batch, and a transaction sees the writes
// that committed before it.
#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "support/db_support.hpp"

namespace ks::store {
namespace {

TEST(GroupCommit, ConcurrentWritersEachCommitOnceAndFailuresLeaveNothing) {
  auto db = test::open_test_database();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->write([](Connection& c) -> Status {
    return c.execute_script("CREATE TABLE gc_rows (writer INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (writer, n));"
                            "CREATE TABLE gc_counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL);"
                            "INSERT INTO gc_counter VALUES (1, 0);");
  }));
  constexpr int kWriters = 16;
  constexpr int kEach = 25;
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int n = 0; n < kEach; ++n) {
        // Every third transaction writes and then fails: its writes must vanish.
        const bool fails = (w + n) % 3 == 0;
        auto r = db->write([&](Connection& c) -> Result<int> {
          KS_TRY(c.exec("INSERT INTO gc_rows (writer, n) VALUES (?, ?)", w, n));
          KS_TRY(c.exec("UPDATE gc_counter SET value = value + 1 WHERE id = 1"));
          if (fails) return fail(Error::conflict("refused on purpose"));
          return n;
        });
        if (r && *r == n) ++ok;
        else if (!r && r.error().code == ErrorCode::conflict && fails) ++refused;
        else ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(ok.load() + refused.load(), kWriters * kEach);
  auto counts = db->read([](Connection& c) -> Result<std::pair<std::int64_t, std::int64_t>> {
    auto rows = KS_TRY(c.row("SELECT COUNT(*) FROM gc_rows"));
    auto counter = KS_TRY(c.row("SELECT value FROM gc_counter WHERE id = 1"));
    return std::make_pair(rows->integer(0), counter->integer(0));
  });
  ASSERT_TRUE(counts) << counts.error().describe();
  EXPECT_EQ(counts->first, ok.load());  // Exactly the acknowledged rows, each once.
  EXPECT_EQ(counts->second, ok.load()); // The counter saw every committed increment and no refused one.
  if (const auto* group = db->group_commit()) {
    EXPECT_GE(group->transactions(), static_cast<std::size_t>(kWriters * kEach));
    EXPECT_LE(group->commits(), group->transactions());
  }
}

} // namespace
} // namespace ks::store
