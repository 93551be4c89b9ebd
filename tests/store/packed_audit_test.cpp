// An ended case's audit records packed into one row (issue 8, migration 0073), on both backends
// (KS_TEST_DB): every query of the audit log — by case, person, action (exact or prefix),
// outcome, time, paged backwards, with small and large limits — gives exactly what it gave while
// the records were rows; the chain verifies across rows and packed records; a packed record
// changed, removed or duplicated is found at its number; damaged packed records are named.
#include <gtest/gtest.h>

#include "store/audit_store.hpp"
#include "store/case_archive.hpp"
#include "store/case_store.hpp"
#include "store/knowledge_support_store.hpp"
#include "store/process_store.hpp"
#include "support/db_support.hpp"

namespace ks::store {
namespace {

constexpr std::int64_t kT0 = 1'767'225'600'000; // 2026-01-01

// Every field of every record, as text.
std::string text_of(const std::vector<audit::Row>& rows) {
  std::string out;
  for (const auto& r : rows)
    out += std::to_string(r.seq) + "|" + std::to_string(r.at.ms) + "|" + std::to_string(r.account_id) + "|" +
           r.person_id + "|" + r.username + "|" + r.acting_function + "|" + r.action + "|" + r.outcome + "|" +
           r.object_type + "|" + r.object_id + "|" + r.case_id + "|" + r.remote_addr + "|" + r.request_id + "|" +
           r.before_json + "|" + r.after_json + "|" + r.detail + "|" + r.hash + "|" + std::to_string(r.values_task) +
           "\n";
  return out;
}

class PackedAudit : public ::testing::Test {
protected:
  void SetUp() override {
    db = test::open_test_database();
    ASSERT_TRUE(db);
    auto ids = db->write([&](Connection& c) -> Result<std::vector<std::int64_t>> {
      domain::KnowledgeSupportInput in;
      in.title = "Vårdförlopp depression";
      in.kind = domain::KnowledgeSupportKind::care_pathway;
      in.national_status = domain::NationalStatus::decided;
      const auto ks = KS_TRY(knowledge_supports::insert(c, in, "tester", Instant{kT0}));
      auto def = KS_TRY(processes::deploy_definition(c, "p", "p.bpmn", "<definitions/>", Instant{kT0}));
      std::vector<std::int64_t> out;
      for (int i = 0; i < 3; ++i)
        out.push_back(KS_TRY(cases::insert(c, {ks, "region-22", "p", def.definition.id, "completed", "", "{}", "t"},
                                           Instant{kT0})));
      return out;
    });
    ASSERT_TRUE(ids) << ids.error().describe();
    for (auto id : *ids) case_ids.push_back(std::to_string(id));
    // Three cases' records interleaved with records of no case, as a log grows: persons, actions,
    // outcomes and times varied; fields with what the packed form escapes.
    const char* persons[] = {"anna", "bo", "cecilia\tx", "d\\N"};
    const char* actions[] = {"case.start", "task.complete", "case.answer", "access.denied", "auth.login"};
    auto s = db->write([&](Connection& c) -> Status {
      for (int i = 0; i < 90; ++i) {
        audit::Row r;
        r.at = Instant{kT0 + (i / 3) * 60'000};
        r.account_id = i % 4;
        r.person_id = persons[i % 4];
        r.username = r.person_id + "\n";
        r.acting_function = "contact@municipality-22" + std::to_string(60 + i % 7);
        r.action = actions[i % 5];
        r.outcome = r.action == "access.denied" ? "denied" : "ok";
        r.object_type = "task";
        r.object_id = std::to_string(i);
        r.case_id = i % 6 == 5 ? "" : case_ids[static_cast<std::size_t>(i % 3)];
        r.before_json = i % 2 ? R"({"status":"open"})" : "";
        r.after_json = R"({"status":"completed","note":"a\tb\\c"})";
        r.detail = i % 9 ? "" : "detalj\nrad två";
        KS_TRY(audit::append(c, r));
      }
      return {};
    });
    ASSERT_TRUE(s) << s.error().describe();
  }

  std::vector<audit::Filter> filters() const {
    std::vector<audit::Filter> out;
    for (std::size_t limit : {1u, 2u, 7u, 100u}) {
      out.push_back({.limit = limit});
      out.push_back({.case_id = case_ids[0], .limit = limit});
      out.push_back({.case_id = case_ids[1], .before_seq = 50, .limit = limit});
      out.push_back({.person_id = "cecilia\tx", .limit = limit});
      out.push_back({.person_id = "d\\N", .action = "task.", .limit = limit});
      out.push_back({.action = "case.", .limit = limit});
      out.push_back({.action = "case.answer", .limit = limit});
      out.push_back({.outcome = "denied", .limit = limit});
      out.push_back({.from = Instant{kT0 + 5 * 60'000}, .to = Instant{kT0 + 20 * 60'000}, .limit = limit});
      out.push_back({.case_id = case_ids[2], .person_id = "bo", .from = Instant{kT0 + 60'000}, .limit = limit});
      out.push_back({.before_seq = 40, .limit = limit});
      out.push_back({.action = "auth.", .limit = limit});
      out.push_back({.case_id = "0" + case_ids[0], .limit = limit}); // Not how KS names a case: matches no row.
    }
    return out;
  }

  std::vector<std::string> all_lists() {
    std::vector<std::string> out;
    for (const auto& f : filters()) {
      auto rows = db->read([&](Connection& c) { return audit::list(c, f); });
      EXPECT_TRUE(rows) << rows.error().describe();
      out.push_back(text_of(rows.value_or(std::vector<audit::Row>{})));
    }
    return out;
  }

  Status pack(const std::string& case_id) {
    return db->write([&](Connection& c) { return audit::pack(c, std::stoll(case_id)); });
  }

  // Replaces the audit section of a case's archive, as a forger or a damaged disk would.
  void set_archived_audit(const std::string& case_id, const std::string& text) {
    ASSERT_TRUE(db->write([&](Connection& c) -> Status {
      auto archived = KS_TRY(archive::read(c, std::stoll(case_id)));
      archived.audit = text;
      return archive::write(c, std::stoll(case_id), archived);
    }));
  }

  audit::Verification verify() {
    auto v = db->read([&](Connection& c) { return audit::verify(c); });
    EXPECT_TRUE(v) << v.error().describe();
    return v.value_or(audit::Verification{});
  }

  std::unique_ptr<Database> db;
  std::vector<std::string> case_ids;
};

TEST_F(PackedAudit, EveryQueryGivesWhatItGaveFromRows) {
  const auto before = all_lists();
  ASSERT_NE(before[1], ""); // The first case has records...
  ASSERT_EQ(before[12], ""); // ..."0<its id>" names none.
  ASSERT_TRUE(pack(case_ids[0]));
  ASSERT_TRUE(pack(case_ids[1]));
  auto left = db->read([&](Connection& c) {
    return c.row("SELECT COUNT(*) FROM audit_log WHERE case_id IN (?, ?)", case_ids[0], case_ids[1]);
  });
  ASSERT_TRUE(left && *left);
  EXPECT_EQ((*left)->integer(0), 0) << "the records left audit_log";
  const auto after = all_lists();
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < before.size(); ++i) EXPECT_EQ(after[i], before[i]) << "filter " << i;
  EXPECT_TRUE(verify().ok) << verify().reason;

  // A record after packing is a row; the case reads as one log, and packing again merges it in.
  ASSERT_TRUE(db->write([&](Connection& c) -> Status {
    audit::Row r;
    r.at = Instant{kT0 + 3'600'000};
    r.person_id = "anna";
    r.action = "audit.read";
    r.outcome = "ok";
    r.case_id = case_ids[0];
    KS_TRY(audit::append(c, r));
    return {};
  }));
  const auto with_row = all_lists();
  ASSERT_TRUE(pack(case_ids[0]));
  EXPECT_EQ(all_lists(), with_row);
  const auto v = verify();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.rows, 91);
}

// The name sets say the newest record of each person, action and outcome ("\tanna\n12\t"), so
// that a case whose matches are all too old is not unpacked; sets written before the numbers
// ("\tanna\t") still answer every query the same.
TEST_F(PackedAudit, NameSetsWithAndWithoutNumbersGiveTheSameAnswers) {
  const auto before = all_lists();
  for (const auto& id : case_ids) ASSERT_TRUE(pack(id));
  auto sets = db->read([&](Connection& c) {
    return c.rows("SELECT case_id, persons, actions, outcomes FROM audit_packed_cases ORDER BY case_id");
  });
  ASSERT_TRUE(sets);
  ASSERT_EQ(sets->size(), 3u);
  // The first case's records: i % 3 == 0 and i % 6 != 5, of persons i % 4 (anna: i % 4 == 0).
  std::int64_t anna = 0;
  auto first = db->read([&](Connection& c) {
    return audit::list(c, {.case_id = case_ids[0], .person_id = "anna", .limit = 1});
  });
  ASSERT_TRUE(first && !first->empty());
  anna = first->front().seq;
  EXPECT_NE(sets->front().text(1).find("\tanna\n" + std::to_string(anna) + "\t"), std::string::npos)
      << sets->front().text(1);
  EXPECT_EQ(sets->front().text(1).find("\tanna\t"), std::string::npos);
  EXPECT_EQ(all_lists(), before);

  // As written before the numbers.
  auto without_numbers = [](std::string set) {
    for (std::size_t nl; (nl = set.find('\n')) != std::string::npos;) set.erase(nl, set.find('\t', nl) - nl);
    return set;
  };
  ASSERT_TRUE(db->write([&](Connection& c) -> Status {
    for (const auto& k : *sets)
      KS_TRY(c.post("UPDATE audit_packed_cases SET persons = ?, actions = ?, outcomes = ? WHERE case_id = ?",
                    without_numbers(k.text(1)), without_numbers(k.text(2)), without_numbers(k.text(3)),
                    k.integer(0)));
    return {};
  }));
  auto old_sets = db->read([&](Connection& c) { return c.row("SELECT persons FROM audit_packed_cases"); });
  ASSERT_TRUE(old_sets && *old_sets);
  EXPECT_EQ((*old_sets)->text(0).find('\n'), std::string::npos);
  EXPECT_EQ(all_lists(), before);
}

TEST_F(PackedAudit, AChangedRemovedOrDuplicatedPackedRecordIsFoundAtItsNumber) {
  const auto& kase = case_ids[1];
  auto case_records = db->read([&](Connection& c) { return audit::list(c, {.case_id = kase, .limit = 1000}); });
  ASSERT_TRUE(case_records);
  ASSERT_GT(case_records->size(), 10u);
  const auto target = (*case_records)[5]; // Newest first: some record in the middle.
  ASSERT_TRUE(pack(kase));
  ASSERT_TRUE(verify().ok);
  auto packed_text = [&] {
    auto archived = db->read([&](Connection& c) { return archive::read(c, std::stoll(kase)); });
    EXPECT_TRUE(archived && archived->audit);
    return archived && archived->audit ? *archived->audit : std::string();
  };
  auto store_text = [&](const std::string& text) { set_archived_audit(kase, text); };
  const std::string original = packed_text();
  const std::string line_start = "\n" + std::to_string(target.seq) + "\t";
  const auto at = original.find(line_start);
  ASSERT_NE(at, std::string::npos);
  const auto end = original.find('\n', at + 1);

  // Changed: its person (as the packed form writes it).
  std::string escaped;
  for (char ch : target.person_id)
    escaped += ch == '\\' ? std::string("\\\\") : ch == '\t' ? std::string("\\t") : std::string(1, ch);
  std::string changed = original;
  const auto person = changed.find("\t" + escaped + "\t", at);
  ASSERT_LT(person, end);
  changed.replace(person + 1, escaped.size(), "mallory");
  store_text(changed);
  auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.broken_seq, target.seq) << v.reason;
  EXPECT_NE(v.reason.find("does not match its hash"), std::string::npos) << v.reason;

  // Removed.
  store_text(original.substr(0, at) + original.substr(end));
  v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.broken_seq, target.seq) << v.reason;
  EXPECT_NE(v.reason.find("is missing"), std::string::npos) << v.reason;

  // Both packed and a row.
  store_text(original);
  ASSERT_TRUE(verify().ok);
  ASSERT_TRUE(db->write([&](Connection& c) -> Status {
    KS_TRY(c.exec("INSERT INTO audit_log (seq, at, person_id, action, outcome, case_id, hash) VALUES (?, ?, ?, ?, ?, ?, "
                  "?)",
                  target.seq, target.at.ms, target.person_id, target.action, target.outcome, kase, target.hash));
    return {};
  }));
  v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.broken_seq, target.seq) << v.reason;
  EXPECT_NE(v.reason.find("twice"), std::string::npos) << v.reason;
}

TEST_F(PackedAudit, DamagedPackedRecordsAreNamed) {
  const auto& kase = case_ids[2];
  ASSERT_TRUE(pack(kase));
  const std::pair<std::string, std::string> damages[] = {
      {"[]", "they do not begin with \"ks-audit 1\""},
      {"ks-audit 1\n1\t2\n", "line 2 has 2 fields, not 17"},
      {"ks-audit 1\nx\t0\t0\ta\ta\tf\tcase.start\tok\t\t\t\t\t\t\t\th\t\\N\n", "line 2 has a number that is not one"},
      {"ks-audit 1\n3\t0\t0\ta\\q\ta\tf\tcase.start\tok\t\t\t\t\t\t\t\th\t\\N\n", "line 2 has an unknown escape"},
      {"ks-audit 1\n3\t0", "its last line does not end"},
  };
  for (const auto& [stored, why] : damages) {
    set_archived_audit(kase, stored);
    const std::string named = "packed audit records of case " + kase + " are damaged: " + why;
    auto rows = db->read([&](Connection& c) { return audit::list(c, {.case_id = kase}); });
    ASSERT_FALSE(rows) << stored;
    EXPECT_NE(rows.error().message.find(named), std::string::npos) << rows.error().message;
    const auto v = verify();
    EXPECT_FALSE(v.ok);
    EXPECT_NE(v.reason.find(named), std::string::npos) << v.reason;
  }
  // The archive itself damaged is named too.
  ASSERT_TRUE(db->write([&](Connection& c) -> Status {
    KS_TRY(c.exec("UPDATE case_archive SET data = 'ks-archive 1\naudit 99\nshort\n' WHERE case_id = ?", std::stoll(kase)));
    return {};
  }));
  auto rows = db->read([&](Connection& c) { return audit::list(c, {.case_id = kase}); });
  ASSERT_FALSE(rows);
  EXPECT_NE(rows.error().message.find("the archive of case " + kase + " is damaged: section audit is shorter than its size"),
            std::string::npos)
      << rows.error().message;
}

// Finding a period's records (migration 0075): SQLite has no index on `at` but a row for each
// block of 128 numbers with its records' earliest and latest time. 600 records more (blocks 1–5
// and a part block), their times going forward a minute a record but for some that go back (a
// clock set back, a change computed ahead), and one case's records packed away: every period,
// from only, to only, paged backwards, with any limit, gives exactly the records whose time lies
// in it, newest first, on both backends.
class AuditPeriod : public PackedAudit {
protected:
  void SetUp() override {
    PackedAudit::SetUp();
    if (HasFatalFailure()) return;
    auto s = db->write([&](Connection& c) -> Status {
      for (int i = 0; i < 600; ++i) {
        audit::Row r;
        r.at = Instant{kT0 + 3'600'000 + i * 60'000};
        if (i % 97 == 0) r.at.ms -= 5 * 3'600'000;      // Back five hours, into earlier blocks' times.
        if (i >= 300 && i < 305) r.at.ms = kT0 - 60'000; // Before every other record.
        r.person_id = i % 2 ? "anna" : "bo";
        r.action = "case.answer";
        r.outcome = "ok";
        r.case_id = case_ids[static_cast<std::size_t>(i % 3)];
        KS_TRY(audit::append(c, r));
      }
      return {};
    });
    ASSERT_TRUE(s) << s.error().describe();
    auto all = db->read([&](Connection& c) { return audit::list(c, {.limit = 10000}); });
    ASSERT_TRUE(all) << all.error().describe();
    everything = *all;
    ASSERT_EQ(everything.size(), 690u);
  }

  // What a period's query must give: the records whose time lies in it, newest first.
  std::vector<std::int64_t> expected(const audit::Filter& f) const {
    std::vector<std::int64_t> out;
    for (const auto& r : everything) {
      if (out.size() == f.limit) break;
      if ((f.from && r.at.ms < f.from->ms) || (f.to && r.at.ms >= f.to->ms)) continue;
      if (f.before_seq > 0 && r.seq >= f.before_seq) continue;
      if (f.person_id && r.person_id != *f.person_id) continue;
      out.push_back(r.seq);
    }
    return out;
  }

  std::vector<std::int64_t> numbers(const audit::Filter& f) {
    auto rows = db->read([&](Connection& c) { return audit::list(c, f); });
    EXPECT_TRUE(rows) << rows.error().describe();
    std::vector<std::int64_t> out;
    for (const auto& r : rows.value_or(std::vector<audit::Row>{})) out.push_back(r.seq);
    return out;
  }

  std::vector<audit::Filter> periods() const {
    const auto at = [](std::int64_t minutes) { return Instant{kT0 + minutes * 60'000}; };
    std::vector<audit::Filter> out;
    for (std::size_t limit : {1u, 7u, 100u, 1000u}) {
      out.push_back({.from = at(-10), .to = at(1), .limit = limit});   // Only the records set back.
      out.push_back({.from = at(0), .to = at(30), .limit = limit});    // The first 90 records.
      out.push_back({.from = at(200), .to = at(260), .limit = limit}); // Blocks 1–2 and what went back.
      out.push_back({.from = at(60 + 590), .limit = limit});            // The part block only.
      out.push_back({.to = at(100), .limit = limit});
      out.push_back({.from = at(300), .to = at(500), .before_seq = 400, .limit = limit});
      out.push_back({.person_id = "anna", .from = at(100), .to = at(400), .limit = limit});
      out.push_back({.from = at(100'000), .limit = limit}); // None.
    }
    return out;
  }

  std::vector<audit::Row> everything; // Newest first.
};

TEST_F(AuditPeriod, EveryPeriodGivesExactlyItsRecordsNewestFirst) {
  std::vector<std::vector<std::int64_t>> before;
  std::size_t nonempty = 0;
  for (const auto& f : periods()) {
    const auto want = expected(f);
    nonempty += !want.empty();
    EXPECT_EQ(numbers(f), want) << "from " << (f.from ? f.from->ms : 0) << " to " << (f.to ? f.to->ms : 0)
                                << " before " << f.before_seq << " limit " << f.limit;
    before.push_back(want);
  }
  EXPECT_GE(nonempty, 24u);
  if (db->backend() == Backend::sqlite) {
    auto blocks = db->read([&](Connection& c) { return c.row("SELECT COUNT(*) FROM audit_time_blocks"); });
    ASSERT_TRUE(blocks && *blocks);
    EXPECT_EQ((*blocks)->integer(0), 5); // 690 records: 5 whole blocks.
  }
  // A case's records packed away: the same answers (its records found through audit_packed_cases).
  ASSERT_TRUE(pack(case_ids[1]));
  std::size_t i = 0;
  for (const auto& f : periods()) EXPECT_EQ(numbers(f), before[i++]) << "after packing, period " << i - 1;
  const auto v = verify();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.rows, 690);
}

// The archived cases a period's start reaches are found by the time of their last record
// (migration 0080) while they are few; when many reach it (more than 2,000) they are visited in
// the order of their last record's number as before. Both give the same answers: here 2,001
// archived cases whose records all lie far after every period (no archive to unpack) make every
// period with a start take the second way.
TEST_F(AuditPeriod, ManyArchivedCasesReachingAPeriodGiveTheSameAnswers) {
  ASSERT_TRUE(pack(case_ids[1]));
  std::vector<std::vector<std::int64_t>> few;
  for (const auto& f : periods()) few.push_back(numbers(f));
  if (db->backend() == Backend::sqlite) {
    auto plan = db->read([&](Connection& c) {
      return c.rows("EXPLAIN QUERY PLAN SELECT COUNT(*) FROM (SELECT 1 FROM audit_packed_cases WHERE last_at >= ? "
                    "LIMIT ?) AS reaching",
                    kT0, 2001);
    });
    ASSERT_TRUE(plan);
    std::string steps;
    for (const auto& r : *plan) steps += r.text(3) + "\n";
    EXPECT_NE(steps.find("USING COVERING INDEX audit_packed_cases_last_at (last_at>?)"), std::string::npos) << steps;
  }
  ASSERT_TRUE(db->write([&](Connection& c) -> Status {
    const std::int64_t later = kT0 + 1'000'000'000'000; // ≈31 years on.
    for (std::int64_t i = 0; i < 2001; ++i)
      KS_TRY(c.exec("INSERT INTO audit_packed_cases (case_id, first_seq, last_seq, first_at, last_at, persons, "
                    "actions, outcomes) VALUES (?, ?, ?, ?, ?, '\t', '\t', '\t')",
                    1'000'000 + i, 1'000'000 + i, 1'000'000 + i, later, later));
    return {};
  }));
  std::size_t i = 0;
  for (const auto& f : periods()) EXPECT_EQ(numbers(f), few[i++]) << "period " << i - 1;
}

// audit verify names a block row missing (a period's search would skip its records) and one whose
// times do not hold its records' times; PostgreSQL has its index instead.
TEST_F(AuditPeriod, VerifyNamesAMissingBlockAndWrongTimes) {
  if (db->backend() != Backend::sqlite) GTEST_SKIP() << "the blocks are SQLite's";
  auto damage = [&](const std::string& sql) {
    ASSERT_TRUE(db->write([&](Connection& c) -> Status {
      KS_TRY(c.exec(sql));
      return {};
    }));
  };
  damage("UPDATE audit_time_blocks SET max_at = max_at - 60000 WHERE first_seq = 257");
  auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.broken_seq, 257);
  EXPECT_NE(v.reason.find("the times audit_time_blocks keeps for records 257–384 do not hold"), std::string::npos)
      << v.reason;
  damage("UPDATE audit_time_blocks SET max_at = max_at + 60000 WHERE first_seq = 257");
  EXPECT_TRUE(verify().ok);
  damage("DELETE FROM audit_time_blocks WHERE first_seq = 129");
  v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.broken_seq, 129);
  EXPECT_NE(v.reason.find("audit_time_blocks has no row for records 129–256"), std::string::npos) << v.reason;
}

} // namespace
} // namespace ks::store
