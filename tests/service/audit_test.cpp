// The hash-chained audit log on both backends: recorded with the change (and gone with its
// rollback), refusals in their own transaction, and every edited, inserted or deleted row found by
// verify, which names the first broken row.
#include "service/audit.hpp"

#include <gtest/gtest.h>

#include "service/audit_sink.hpp"
#include "support/auth_world.hpp"

namespace ks::service {
namespace {

class Audit : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_TRUE(world.open());
    actor = world.actor("samordnare");
    actor.remote_addr = "192.0.2.7";
  }

  void record(int n) {
    for (int i = 0; i < n; ++i) {
      auto s = world.db->write([&](store::Connection& c) {
        return audit(*world.ctx, c, actor,
                     {.action = "case.manage", .acting_function = "coordinator@region-22", .object_type = "case",
                      .object_id = std::to_string(i), .case_id = std::to_string(i),
                      .before = {{"status", "a"}}, .after = {{"status", "b"}, {"n", i}}});
      });
      ASSERT_TRUE(s) << s.error().describe();
      world.clock.advance_ms(1000);
    }
  }

  std::int64_t max_seq() {
    auto r = world.db->read([](store::Connection& c) -> Result<std::int64_t> {
      auto row = KS_TRY(c.row("SELECT MAX(seq) FROM audit_log"));
      return row ? row->integer(0) : 0;
    });
    return r.value_or(-1);
  }

  store::audit::Verification verify() {
    auto v = verify_audit(*world.db);
    EXPECT_TRUE(v) << v.error().describe();
    return v.value_or(store::audit::Verification{});
  }

  void sql(const std::string& statement) {
    auto r = world.db->write([&](store::Connection& c) -> Status {
      KS_TRY(c.exec(statement));
      return {};
    });
    ASSERT_TRUE(r) << statement << ": " << r.error().describe();
  }

  test::AuthWorld world;
  Actor actor;
};

TEST_F(Audit, IntactChainVerifies) {
  record(5);
  const auto v = verify();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.rows, max_seq());
  EXPECT_EQ(v.head_seq, v.rows);
  EXPECT_EQ(v.head_hash.size(), 64u);
}

TEST_F(Audit, RecordsWhoWhatWhenWhereAndBeforeAfter) {
  record(1);
  auto rows = list_audit(*world.ctx, {.case_id = std::string("0")});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  const auto& r = rows->front();
  EXPECT_EQ(r.username, "samordnare");
  EXPECT_EQ(r.person_id, "samordnare");
  EXPECT_EQ(r.acting_function, "coordinator@region-22");
  EXPECT_EQ(r.remote_addr, "192.0.2.7");
  EXPECT_EQ(r.at.ms, world.clock.now().ms - 1000);
  EXPECT_EQ(nlohmann::json::parse(r.before_json)["status"], "a");
  EXPECT_EQ(nlohmann::json::parse(r.after_json)["status"], "b");
}

TEST_F(Audit, EditedRowIsNamed) {
  record(5);
  const auto target = max_seq() - 2;
  sql("UPDATE audit_log SET after_json = '{\"status\":\"forged\"}' WHERE seq = " + std::to_string(target));
  const auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.broken_seq, target) << v.reason;
}

TEST_F(Audit, EditedRowWithRecomputedHashBreaksTheNextLink) {
  record(4);
  const auto target = max_seq() - 1;
  // A forger who recomputes the edited row's hash still breaks the next row's link.
  auto rows = list_audit(*world.ctx, {.limit = 1000});
  ASSERT_TRUE(rows);
  for (auto r : *rows) {
    if (r.seq != target) continue;
    // The hash covers the previous row's hash (not stored in the row since migration 0071).
    for (const auto& p : *rows)
      if (p.seq == target - 1) r.prev_hash = p.hash;
    ASSERT_FALSE(r.prev_hash.empty());
    r.detail = "forged";
    sql("UPDATE audit_log SET detail = 'forged', hash = '" + store::audit::hash_of(r) + "' WHERE seq = " +
        std::to_string(target));
  }
  const auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.broken_seq, target + 1) << v.reason;
}

TEST_F(Audit, DeletedRowIsNamed) {
  record(5);
  const auto target = max_seq() - 2;
  sql("DELETE FROM audit_log WHERE seq = " + std::to_string(target));
  const auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.broken_seq, target) << v.reason;
}

TEST_F(Audit, DeletedNewestRowIsDetectedByTheHead) {
  record(3);
  const auto last = max_seq();
  sql("DELETE FROM audit_log WHERE seq = " + std::to_string(last));
  const auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.broken_seq, last) << v.reason;
}

TEST_F(Audit, InsertedRowIsNamed) {
  record(3);
  const auto next = max_seq() + 1;
  sql("INSERT INTO audit_log (seq, at, action, outcome, hash) VALUES (" + std::to_string(next) +
      ", 0, 'case.manage', 'ok', 'y')");
  const auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.broken_seq, next) << v.reason;
}

TEST_F(Audit, RolledBackChangeLeavesNoRecord) {
  const auto before = max_seq();
  auto r = world.db->write([&](store::Connection& c) -> Status {
    KS_TRY(audit(*world.ctx, c, actor, {.action = "case.manage", .object_type = "case", .object_id = "9"}));
    return fail(Error::conflict("the change failed after its audit event"));
  });
  EXPECT_FALSE(r);
  EXPECT_EQ(max_seq(), before);
  EXPECT_TRUE(verify().ok);
}

TEST_F(Audit, RefusalIsRecordedInItsOwnTransaction) {
  const auto contact = world.actor("kontakt-2281");
  Scope other;
  other.municipality_id = "municipality-2262";
  other.case_id = "17";
  const auto before = max_seq();
  auto r = write_audited(*world.ctx, contact,
                         {.action = "case.answer", .object_type = "task", .object_id = "5", .case_id = "17"},
                         [&](store::Connection& c) -> Status {
                           KS_TRY(authorize(c, contact, Action::municipality_answer, other));
                           return audit(*world.ctx, c, contact, {.action = "case.answer"});
                         });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::forbidden);
  auto rows = list_audit(*world.ctx, {.case_id = std::string("17")});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().outcome, "denied");
  EXPECT_EQ(rows->front().username, "kontakt-2281");
  EXPECT_EQ(max_seq(), before + 1);
  EXPECT_TRUE(verify().ok);
}

TEST_F(Audit, CsvHasAHeaderAndQuotesFields) {
  record(2);
  auto rows = list_audit(*world.ctx, {.action = std::string("case.")});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  const auto csv = audit_csv(*rows);
  EXPECT_TRUE(csv.starts_with("seq,at,username,")) << csv;
  EXPECT_NE(csv.find("\"{\"\"status\"\":\"\"a\"\"}\""), std::string::npos) << csv;
}

} // namespace
} // namespace ks::service
