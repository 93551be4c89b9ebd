// Database::write under concurrency, on both backends (KS_TEST_DB); on SQLite through the group
// commit (store/group_commit.hpp): every successful write is stored once, a failing transaction
// leaves nothing and does not disturb the others of its batch, and a transaction sees the writes
// that committed before it.
#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "support/db_support.hpp"

namespace ks::store {
namespace {

constexpr int kWriters = 16;
constexpr int kEach = 25;

enum class Outcome { ok, refused, other };

// What the writes came back as: accepted, refused as the test meant, or anything else.
struct Outcomes {
  int ok = 0, refused = 0, other = 0;
};

// Runs write(w, n) for every writer w < kWriters and n < kEach, the writers concurrently.
template <class Write>
Outcomes from_many_writers(Write write) {
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int n = 0; n < kEach; ++n) {
        switch (write(w, n)) {
        case Outcome::ok: ++ok; break;
        case Outcome::refused: ++refused; break;
        case Outcome::other: ++other; break;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  return {ok.load(), refused.load(), other.load()};
}

TEST(GroupCommit, ConcurrentWritersEachCommitOnceAndFailuresLeaveNothing) {
  auto db = test::open_test_database();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->write([](Connection& c) -> Status {
    return c.execute_script("CREATE TABLE gc_rows (writer INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (writer, n));"
                            "CREATE TABLE gc_counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL);"
                            "INSERT INTO gc_counter VALUES (1, 0);");
  }));
  const auto out = from_many_writers([&](int w, int n) {
    // Every third transaction writes and then fails: its writes must vanish.
    const bool fails = (w + n) % 3 == 0;
    auto r = db->write([&](Connection& c) -> Result<int> {
      KS_TRY(c.exec("INSERT INTO gc_rows (writer, n) VALUES (?, ?)", w, n));
      KS_TRY(c.exec("UPDATE gc_counter SET value = value + 1 WHERE id = 1"));
      if (fails) return fail(Error::conflict("refused on purpose"));
      return n;
    });
    if (r && *r == n) return Outcome::ok;
    if (!r && r.error().code == ErrorCode::conflict && fails) return Outcome::refused;
    return Outcome::other;
  });
  EXPECT_EQ(out.other, 0);
  EXPECT_EQ(out.ok + out.refused, kWriters * kEach);
  auto counts = db->read([](Connection& c) -> Result<std::pair<std::int64_t, std::int64_t>> {
    auto rows = KS_TRY(c.row("SELECT COUNT(*) FROM gc_rows"));
    auto counter = KS_TRY(c.row("SELECT value FROM gc_counter WHERE id = 1"));
    return std::make_pair(rows->integer(0), counter->integer(0));
  });
  ASSERT_TRUE(counts) << counts.error().describe();
  EXPECT_EQ(counts->first, out.ok);  // Exactly the acknowledged rows, each once.
  EXPECT_EQ(counts->second, out.ok); // The counter saw every committed increment and no refused one.
  if (const auto* group = db->group_commit()) {
    EXPECT_GE(group->transactions(), static_cast<std::size_t>(kWriters * kEach));
    EXPECT_LE(group->commits(), group->transactions());
  }
}

// A sent statement (Connection::send: pipelined on PostgreSQL, answered later) that fails is the
// failure of the transaction that sent it, and nothing of that transaction stays.
TEST(GroupCommit, ASentStatementThatFailsIsItsOwnTransactionsFailure) {
  auto db = test::open_test_database();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->write([](Connection& c) -> Status {
    return c.execute_script("CREATE TABLE gc_sent (writer INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (writer, n));"
                            "CREATE TABLE gc_taken (id INTEGER PRIMARY KEY);"
                            "INSERT INTO gc_taken VALUES (1);");
  }));
  const auto out = from_many_writers([&](int w, int n) {
    // Every fourth transaction also sends a duplicate row, as its last statement: it must fail.
    const bool fails = (w + n) % 4 == 0;
    auto r = db->write([&](Connection& c) -> Result<int> {
      KS_TRY(c.post("INSERT INTO gc_sent (writer, n) VALUES (?, ?)", w, n));
      if (fails) KS_TRY(c.post("INSERT INTO gc_taken (id) VALUES (1)"));
      return n;
    });
    if (r && *r == n && !fails) return Outcome::ok;
    if (!r && r.error().code == ErrorCode::conflict && fails && r.error().message.find("gc_taken") != std::string::npos)
      return Outcome::refused;
    return Outcome::other;
  });
  EXPECT_EQ(out.other, 0);
  EXPECT_EQ(out.ok + out.refused, kWriters * kEach);
  auto stored = db->read([](Connection& c) -> Result<std::pair<std::int64_t, std::int64_t>> {
    auto kept = KS_TRY(c.row("SELECT COUNT(*) FROM gc_sent WHERE (writer + n) % 4 <> 0"));
    auto wrong = KS_TRY(c.row("SELECT COUNT(*) FROM gc_sent WHERE (writer + n) % 4 = 0"));
    return std::make_pair(kept->integer(0), wrong->integer(0));
  });
  ASSERT_TRUE(stored) << stored.error().describe();
  EXPECT_EQ(stored->first, out.ok);
  EXPECT_EQ(stored->second, 0);
}

// SQLite counts no bytes process-wide: with its memory statistics on (the library's default), every
// allocation of every connection took one mutex, where 32 concurrent clients spent most of their
// waits (issue 8, session 14). Had anything allocated through SQLite with the statistics on, the
// count would be above zero after these writers.
TEST(GroupCommit, SqliteKeepsNoProcessWideMemoryCount) {
  if (test::test_backend_name() != "sqlite") GTEST_SKIP() << "SQLite's setting";
  auto db = test::open_test_database();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->write([](Connection& c) -> Status {
    return c.execute_script(
        "CREATE TABLE gc_memory (writer INTEGER NOT NULL, n INTEGER NOT NULL, note TEXT);");
  }));
  const auto out = from_many_writers([&](int w, int n) {
    auto r = db->write([&](Connection& c) {
      return c.exec("INSERT INTO gc_memory VALUES (?, ?, ?)", w, n, std::string(2000, 'x'));
    });
    return r ? Outcome::ok : Outcome::other;
  });
  EXPECT_EQ(out.ok, kWriters * kEach);
  EXPECT_EQ(sqlite3_memory_used(), 0);
  EXPECT_EQ(sqlite3_memory_highwater(0), 0);
}

} // namespace
} // namespace ks::store
