// Connection::send on both backends (KS_TEST_DB): a statement whose answer is not waited for —
// pipelined to PostgreSQL with the statements after it, run at once by SQLite — still fails its
// transaction when it fails, or when it changes another number of rows than it had to, and nothing
// of that transaction is stored (issue 8).
#include <gtest/gtest.h>

#include "store/database.hpp"
#include "support/db_support.hpp"

namespace ks::store {
namespace {

class SentStatements : public ::testing::Test {
protected:
  void SetUp() override {
    db = test::open_test_database();
    ASSERT_TRUE(db);
  }

  std::optional<std::string> setting(std::string_view key) {
    auto row = db->read([&](Connection& c) { return c.row("SELECT value FROM settings WHERE key = ?", key); });
    EXPECT_TRUE(row) << row.error().describe();
    if (!row || !*row) return std::nullopt;
    return (*row)->text(0);
  }

  std::unique_ptr<Database> db;
};

TEST_F(SentStatements, AreSeenByTheNextStatementAndStoredAtCommit) {
  auto n = db->write([&](Connection& c) -> Result<std::int64_t> {
    KS_TRY(c.post("INSERT INTO settings (key, value) VALUES (?, ?)", "a", "1"));
    KS_TRY(c.post("INSERT INTO settings (key, value) VALUES (?, ?)", "b", "2"));
    KS_TRY(c.post_expecting({2, Error::conflict("two rows")}, "UPDATE settings SET value = value || '!' WHERE key IN (?, ?)",
                            "a", "b"));
    auto row = KS_TRY(c.row("SELECT COUNT(*) FROM settings WHERE key IN ('a', 'b') AND value LIKE '%!'"));
    return row ? row->integer(0) : -1;
  });
  ASSERT_TRUE(n) << n.error().describe();
  EXPECT_EQ(*n, 2);
  EXPECT_EQ(setting("a"), "1!");
  EXPECT_EQ(setting("b"), "2!");

  // Sent last, with nothing read after them: they travel with COMMIT, and are stored.
  auto done = db->write([&](Connection& c) -> Status {
    KS_TRY(c.post("INSERT INTO settings (key, value) VALUES (?, ?)", "c", "3"));
    return c.post("DELETE FROM settings WHERE key = ?", "a");
  });
  ASSERT_TRUE(done) << done.error().describe();
  EXPECT_EQ(setting("c"), "3");
  EXPECT_EQ(setting("a"), std::nullopt);
}

TEST_F(SentStatements, OneThatFailsFailsItsTransactionNamingItAndNothingOfItIsStored) {
  ASSERT_TRUE(db->write([&](Connection& c) { return c.post("INSERT INTO settings (key, value) VALUES ('taken', 'x')"); }));
  auto r = db->write([&](Connection& c) -> Result<std::int64_t> {
    KS_TRY(c.post("INSERT INTO settings (key, value) VALUES (?, ?)", "before", "1"));
    KS_TRY(c.post("INSERT INTO settings (key, value) VALUES (?, ?)", "taken", "again"));
    KS_TRY(c.post("INSERT INTO settings (key, value) VALUES (?, ?)", "after", "1"));
    auto row = KS_TRY(c.row("SELECT COUNT(*) FROM settings"));
    return row->integer(0);
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict) << r.error().describe();
  EXPECT_NE(r.error().message.find("INSERT INTO settings"), std::string::npos) << r.error().message;
  EXPECT_EQ(setting("before"), std::nullopt);
  EXPECT_EQ(setting("after"), std::nullopt);
  EXPECT_EQ(setting("taken"), "x");

  // The same when the failing statement is the last thing before COMMIT.
  auto last = db->write([&](Connection& c) -> Status {
    KS_TRY(c.post("INSERT INTO settings (key, value) VALUES (?, ?)", "before", "1"));
    return c.post("INSERT INTO settings (key, value) VALUES (?, ?)", "taken", "again");
  });
  ASSERT_FALSE(last);
  EXPECT_EQ(last.error().code, ErrorCode::conflict) << last.error().describe();
  EXPECT_EQ(setting("before"), std::nullopt);

  // The connections are fine afterwards.
  ASSERT_TRUE(db->write([&](Connection& c) { return c.post("INSERT INTO settings (key, value) VALUES ('later', 'y')"); }));
  EXPECT_EQ(setting("later"), "y");
}

TEST_F(SentStatements, OneThatChangesOtherRowsThanExpectedFailsEvenIfTheCallerLooksAway) {
  ASSERT_TRUE(db->write([&](Connection& c) { return c.post("INSERT INTO settings (key, value) VALUES ('k', 'v1')"); }));
  auto r = db->write([&](Connection& c) -> Status {
    KS_TRY(c.post("INSERT INTO settings (key, value) VALUES (?, ?)", "with-it", "1"));
    KS_TRY(c.post_expecting({1, Error::conflict("the setting changed meanwhile")},
                            "UPDATE settings SET value = 'v2' WHERE key = ? AND value = ?", "k", "v0"));
    // A caller that ignores what the next statement says cannot commit the transaction.
    (void)c.rows("SELECT value FROM settings WHERE key = ?", "k");
    return {};
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
  EXPECT_EQ(r.error().message, "the setting changed meanwhile"); // The caller's words, on both backends.
  EXPECT_EQ(setting("with-it"), std::nullopt);
  EXPECT_EQ(setting("k"), "v1");
}

TEST_F(SentStatements, OutsideATransactionRunAtOnce) {
  {
    auto c = db->acquire();
    ASSERT_TRUE(c) << c.error().describe();
    auto sent = (*c)->post("INSERT INTO settings (key, value) VALUES (?, ?)", "alone", "1");
    ASSERT_TRUE(sent) << sent.error().describe();
  } // Back to the pool with nothing left unanswered.
  EXPECT_EQ(setting("alone"), "1");
}

} // namespace
} // namespace ks::store
