// Issue 8's leaner write path, on both backends (KS_TEST_DB): a case's state stored compressed on
// SQLite and read back unchanged, older text and zstd states still read, a damaged one named;
// migrations 0060, 0070 and 0071 keep every history event and the audit chain of a database that
// already had them; the inbox reads its open tasks through the open-only index.
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "store/audit_store.hpp"
#include "store/case_archive.hpp"
#include "store/case_store.hpp"
#include "store/compressed_text.hpp"
#include "store/history_store.hpp"
#include "core/crypto.hpp"
#include "store/knowledge_support_store.hpp"
#include "store/migrate.hpp"
#include "store/pack_dictionary.hpp"
#include "store/process_store.hpp"
#include "store/task_store.hpp"
#include "support/db_support.hpp"

namespace ks::store {
namespace {

constexpr Instant kNow{1'767'225'600'000}; // 2026-01-01

// A state shaped like a Västernorrland case's at step 24: ≈12 KB, many repeated keys.
std::string wide_state(int marker) {
  nlohmann::json vars;
  for (int m = 0; m < 8; ++m) {
    vars["principal_decisions"].push_back({{"principal", "municipality-22" + std::to_string(60 + m)},
                                           {"decision", m % 2 ? "fully" : "partly"},
                                           {"decided_by", "Nämnd municipality-22" + std::to_string(60 + m)},
                                           {"decision_date", "2027-05-2" + std::to_string(m)}});
    vars["municipality_answers"].push_back({{"municipality", "municipality-22" + std::to_string(60 + m)},
                                            {"views", "Inga invändningar; önskar stöd i implementeringen."},
                                            {"prepared_in", "network_with_vc"}});
  }
  for (int i = 0; i < 200; ++i) vars["field_" + std::to_string(i)] = "Länsgemensam utbildning, steg " + std::to_string(i);
  vars["marker"] = marker;
  nlohmann::json state = {{"def", "vasternorrland"}, {"status", "running"}, {"vars", vars}, {"tokens", nlohmann::json::array()}};
  return state.dump();
}

// A knowledge support, a definition row and a case on them, with `state` stored as the store
// stores it. Only the columns of migration 0023 are named, so that it also serves the migration
// tests' older schemas (cases.lpo_id came with 0081).
Result<std::int64_t> insert_case(Connection& c, const std::string& state, const std::string& by) {
  domain::KnowledgeSupportInput in;
  in.title = "Vårdförlopp depression";
  in.kind = domain::KnowledgeSupportKind::care_pathway;
  in.national_status = domain::NationalStatus::decided;
  const auto ks = KS_TRY(knowledge_supports::insert(c, in, by, kNow));
  auto def = KS_TRY(processes::deploy_definition(c, "p", "p.bpmn", "<definitions/>", kNow));
  return c.insert("INSERT INTO cases (knowledge_support_id, region_id, routine, definition_id, status, current_phase, "
                  "state, version, started_by, started_at, updated_at) VALUES (?,?,?,?,?,?,?,1,?,?,?) RETURNING id",
                  ks, "region-22", "p", def.definition.id, "running", "consultation",
                  cases::stored_state(c.backend(), state).value, by, kNow.ms, kNow.ms);
}

// A task the engine opened now, with local id `local`, for the LPO's chair.
engine::Task opened_task(std::int64_t local, std::optional<Instant> due) {
  engine::Task t;
  t.id = local;
  t.element = "e" + std::to_string(local);
  t.function = "LPO-ordförande";
  t.scope_unit = "lpo-psykisk-halsa";
  t.opened = kNow;
  t.due = due;
  return t;
}

class LeanWritePath : public ::testing::Test {
protected:
  void SetUp() override {
    db = test::open_test_database();
    ASSERT_TRUE(db);
  }

  std::int64_t add_case(const std::string& state) {
    auto id = db->write([&](Connection& c) { return insert_case(c, state, "tester"); });
    EXPECT_TRUE(id) << id.error().describe();
    return id.value_or(0);
  }

  // typeof() and length() of the stored state, as the database holds it.
  std::pair<std::string, std::int64_t> stored(std::int64_t case_id) {
    auto row = db->read([&](Connection& c) {
      return c.row(c.backend() == Backend::sqlite ? "SELECT typeof(state), length(state) FROM cases WHERE id = ?"
                                                  : "SELECT 'text', octet_length(state) FROM cases WHERE id = ?",
                   case_id);
    });
    EXPECT_TRUE(row && *row);
    if (!row || !*row) return {};
    return {(*row)->text(0), (*row)->integer(1)};
  }

  // The stored state's first four bytes in hex: a frame's magic number.
  std::string stored_magic(std::int64_t case_id) {
    auto row = db->read(
        [&](Connection& c) { return c.row("SELECT hex(substr(state, 1, 4)) FROM cases WHERE id = ?", case_id); });
    EXPECT_TRUE(row && *row);
    return row && *row ? (*row)->text(0) : std::string();
  }

  std::unique_ptr<Database> db;
};

TEST_F(LeanWritePath, ALargeStateIsStoredCompactlyAndReadsBackTheSame) {
  const std::string first = wide_state(1);
  ASSERT_GT(first.size(), 10'000u);
  const auto id = add_case(first);
  auto k = db->read([&](Connection& c) { return cases::find(c, id); });
  ASSERT_TRUE(k && *k) << (k ? "no case" : k.error().describe());
  EXPECT_EQ((*k)->fields.state, first);

  const std::string second = wide_state(2);
  ASSERT_TRUE(db->write([&](Connection& c) {
    return cases::update_state(c, id, (*k)->version, {"running", "running"}, "decision", second, kNow);
  }));
  auto locked = db->write([&](Connection& c) { return cases::lock(c, id); });
  ASSERT_TRUE(locked && *locked);
  EXPECT_EQ((*locked)->fields.state, second);
  EXPECT_EQ((*locked)->version, 2);

  auto [type, length] = stored(id);
  if (test::test_backend_name() == "sqlite") {
    // An LZ4 frame in the row's own page (a 4 KB page holds ≤ 4,061 bytes of a row).
    EXPECT_EQ(type, "blob");
    EXPECT_LT(length, 4000);
    EXPECT_EQ(stored_magic(id), "04224D18");
  } else {
    // PostgreSQL keeps text; its TOAST compresses large values by itself.
    EXPECT_EQ(length, static_cast<std::int64_t>(second.size()));
  }
}

// A state update stores the status only when it changes: the status's index is left alone on
// every other completion (on SQLite, assigning an indexed column rewrites its index entry, a
// page more in the WAL).
TEST_F(LeanWritePath, AStateUpdateWritesTheStatusOnlyWhenItChanges) {
  const auto id = add_case(wide_state(1));
  const bool sqlite = test::test_backend_name() == "sqlite";
  // SQLite: the pages the update wrote (the WAL's frames after a checkpoint that emptied it).
  auto frames_of = [&](const std::function<Status()>& update) -> std::int64_t {
    if (!sqlite) {
      EXPECT_TRUE(update());
      return 0;
    }
    // A connection of its own, closed after: a cached PRAGMA statement must not keep a read open.
    auto conn = db->open_connection();
    EXPECT_TRUE(conn);
    if (!conn) return -1;
    EXPECT_TRUE((*conn)->row("PRAGMA wal_checkpoint(TRUNCATE)"));
    EXPECT_TRUE(update());
    auto log = (*conn)->row("PRAGMA wal_checkpoint(PASSIVE)");
    return log && *log ? (*log)->integer(1) : -1;
  };
  auto case_row = [&] {
    return db->read([&](Connection& c) { return c.row("SELECT status, ended_at, version FROM cases WHERE id = ?", id); });
  };
  const auto same = frames_of([&] {
    return db->write([&](Connection& c) {
      return cases::update_state(c, id, 1, {"running", "running"}, "decision", wide_state(2), kNow);
    });
  });
  auto row = case_row();
  ASSERT_TRUE(row && *row);
  EXPECT_EQ((*row)->text(0), "running");
  EXPECT_TRUE((*row)->is_null(1));
  EXPECT_EQ((*row)->integer(2), 2);

  const auto changed = frames_of([&] {
    return db->write([&](Connection& c) {
      return cases::update_state(c, id, 2, {"running", "completed"}, "done", wide_state(3), kNow);
    });
  });
  row = case_row();
  ASSERT_TRUE(row && *row);
  EXPECT_EQ((*row)->text(0), "completed");
  EXPECT_EQ((*row)->integer(1), kNow.ms);
  EXPECT_EQ((*row)->integer(2), 3);
  auto listed = db->read([&](Connection& c) { return cases::list(c, {.region_id = "region-22", .status = "completed"}); });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().id, id);
  if (sqlite) {
    // The case's row alone; with the status, its index entry too.
    EXPECT_EQ(same, 1);
    EXPECT_GT(changed, same);
  }
  // A stale version is still refused, with or without a status change.
  auto stale = db->write([&](Connection& c) {
    return cases::update_state(c, id, 2, {"completed", "completed"}, "done", wide_state(4), kNow);
  });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::conflict);
}

TEST_F(LeanWritePath, ASmallStateStaysText) {
  const auto id = add_case(R"({"status":"running","vars":{}})");
  auto [type, length] = stored(id);
  EXPECT_EQ(type, "text");
  EXPECT_EQ(length, 30);
}

TEST_F(LeanWritePath, AStateStoredAsTextBeforeCompressionStillReads) {
  // Rows written before compression, or by `ks bench seed`, hold the JSON text itself.
  const auto id = add_case("{}");
  const std::string text = wide_state(3);
  ASSERT_TRUE(db->write([&](Connection& c) { return c.exec("UPDATE cases SET state = ? WHERE id = ?", text, id); }));
  EXPECT_EQ(stored(id).first, "text");
  auto k = db->read([&](Connection& c) { return cases::find(c, id); });
  ASSERT_TRUE(k && *k);
  EXPECT_EQ((*k)->fields.state, text);
}

TEST_F(LeanWritePath, AStateStoredAsAZstdFrameStillReads) {
  // States were zstd frames (level −1) until session 10; those rows read as before, and the next
  // change writes an LZ4 frame.
  if (test::test_backend_name() != "sqlite") GTEST_SKIP() << "states are compressed on SQLite only";
  const auto id = add_case("{}");
  const std::string text = wide_state(5);
  ASSERT_TRUE(db->write([&](Connection& c) {
    return c.exec("UPDATE cases SET state = ? WHERE id = ?", Blob{compressed::compress(text, compressed::Use::kept)}, id);
  }));
  EXPECT_EQ(stored_magic(id), "28B52FFD");
  auto k = db->read([&](Connection& c) { return cases::find(c, id); });
  ASSERT_TRUE(k && *k) << (k ? "no case" : k.error().describe());
  EXPECT_EQ((*k)->fields.state, text);
}

TEST_F(LeanWritePath, ADamagedCompressedStateIsAnErrorNamingTheCase) {
  if (test::test_backend_name() != "sqlite") GTEST_SKIP() << "states are compressed on SQLite only";
  const auto id = add_case(wide_state(4));
  // Cut the frame short: the header promises more than follows.
  ASSERT_TRUE(db->write([&](Connection& c) {
    return c.exec("UPDATE cases SET state = substr(state, 1, 200) WHERE id = ?", id);
  }));
  auto k = db->read([&](Connection& c) { return cases::find(c, id); });
  ASSERT_FALSE(k);
  EXPECT_NE(k.error().message.find("case " + std::to_string(id)), std::string::npos) << k.error().message;
  EXPECT_NE(k.error().message.find("damaged"), std::string::npos) << k.error().message;
}

// A region's case list, newest first, a page at a time (migration 0079): in the index's order, so
// that a page reads its own entries and not every case of the region sorted.
TEST_F(LeanWritePath, ARegionsCaseListReadsItsPageInTheIndexOrder) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(add_case("{}"));
  cases::Filter f;
  f.region_ids = {"region-22"};
  f.limit = 2;
  f.offset = 1;
  auto page = db->read([&](Connection& c) { return cases::list(c, f); });
  ASSERT_TRUE(page) << page.error().describe();
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].id, ids[1]) << "same start time: the higher id first";
  EXPECT_EQ((*page)[1].id, ids[0]);
  if (test::test_backend_name() == "sqlite") {
    auto plan = db->read([&](Connection& c) {
      return c.rows("EXPLAIN QUERY PLAN SELECT id FROM cases WHERE region_id IN (?) ORDER BY started_at DESC, id DESC "
                    "LIMIT 50",
                    "region-22");
    });
    ASSERT_TRUE(plan);
    std::string text;
    for (const auto& r : *plan) text += r.text(r.size() - 1) + "\n";
    EXPECT_NE(text.find("cases_region_started"), std::string::npos) << text;
    EXPECT_EQ(text.find("TEMP B-TREE"), std::string::npos) << text;
  }
}

// A list under the setting "participants" (cases whose region or LPO is one of the reader's
// units) counts and reads its page through the region's and the LPO's indexes: counted by region,
// SQLite read every case in the order of cases_region_status_started instead (200 ms at national
// scale for an LPO chair; cases::count, 2 ms). The statements as case_store.cpp's where_of()
// writes them.
TEST_F(LeanWritePath, AParticipantsListReadsTheRegionAndLpoIndexes) {
  const auto id = add_case("{}");
  ASSERT_TRUE(db->write([&](Connection& c) { return cases::set_lpo(c, id, "vn-lpo-kirurgi"); }));
  cases::Filter f;
  f.participant_units = {"vn-lpo-kirurgi", "vn-lpo-ortopedi"};
  auto counted = db->read([&](Connection& c) { return cases::count(c, f); });
  ASSERT_TRUE(counted) << counted.error().describe();
  EXPECT_EQ(*counted, 1);
  f.participant_units = {"vn-lpo-ortopedi"};
  counted = db->read([&](Connection& c) { return cases::count(c, f); });
  ASSERT_TRUE(counted) << counted.error().describe();
  EXPECT_EQ(*counted, 0);
  if (test::test_backend_name() != "sqlite") return;
  const std::string where = "1=1 AND (region_id IN (?,?) OR lpo_id IN (?,?))";
  for (const std::string& sql : {"SELECT COUNT(*) FROM cases WHERE " + where,
                                "SELECT id FROM cases WHERE " + where + " ORDER BY started_at DESC, id DESC LIMIT 50"}) {
    auto plan = db->read([&](Connection& c) {
      return c.rows("EXPLAIN QUERY PLAN " + sql, "a", "b", "a", "b");
    });
    ASSERT_TRUE(plan) << plan.error().describe();
    std::string text;
    for (const auto& r : *plan) text += r.text(r.size() - 1) + "\n";
    EXPECT_NE(text.find("cases_lpo_started"), std::string::npos) << sql << "\n" << text;
    EXPECT_EQ(text.find("SCAN cases"), std::string::npos) << sql << "\n" << text;
  }
}

TEST_F(LeanWritePath, TheInboxReadsOpenTasksOnlyAndInDueOrder) {
  const auto id = add_case("{}");
  auto task = [](std::int64_t local, std::optional<Instant> due) { return opened_task(local, due); };
  ASSERT_TRUE(db->write([&](Connection& c) -> Status {
    KS_TRY(tasks::insert(c, id, task(1, Instant{kNow.ms + 3'000})));
    KS_TRY(tasks::insert(c, id, task(2, Instant{kNow.ms + 1'000})));
    KS_TRY(tasks::insert(c, id, task(3, std::nullopt)));
    KS_TRY(tasks::insert(c, id, task(4, Instant{kNow.ms + 2'000})));
    return tasks::close(c, id, 4, {.status = tasks::kCompleted}, kNow);
  }));
  auto inbox = db->read([&](Connection& c) {
    return tasks::for_assignments(c, {{"LPO-ordförande", "lpo-psykisk-halsa"}}, tasks::kOpen, 25);
  });
  ASSERT_TRUE(inbox) << inbox.error().describe();
  std::vector<std::int64_t> order;
  for (const auto& t : *inbox) order.push_back(t.local_id);
  EXPECT_EQ(order, (std::vector<std::int64_t>{2, 1, 3})); // Due first, soonest first; the closed one not at all.
  // A page from an offset; an assignment listed twice counts once; the counts are of all pages.
  const std::vector<tasks::Assignment> twice{{"LPO-ordförande", "lpo-psykisk-halsa"},
                                             {"LPO-ordförande", "lpo-psykisk-halsa"}};
  auto page = db->read([&](Connection& c) { return tasks::for_assignments(c, twice, tasks::kOpen, 2, 1); });
  ASSERT_TRUE(page) << page.error().describe();
  order.clear();
  for (const auto& t : *page) order.push_back(t.local_id);
  EXPECT_EQ(order, (std::vector<std::int64_t>{1, 3}));
  auto counts = db->read(
      [&](Connection& c) { return tasks::count_open_for_assignments(c, twice, Instant{kNow.ms + 2'500}); });
  ASSERT_TRUE(counts) << counts.error().describe();
  EXPECT_EQ(counts->total, 3);
  EXPECT_EQ(counts->overdue, 1) << "only the task due at +1 s is past due at +2.5 s";
  auto done = db->read([&](Connection& c) {
    return tasks::for_assignments(c, {{"LPO-ordförande", "lpo-psykisk-halsa"}}, tasks::kCompleted, 25);
  });
  ASSERT_TRUE(done);
  ASSERT_EQ(done->size(), 1u);
  EXPECT_EQ(done->front().local_id, 4);

  if (test::test_backend_name() == "sqlite") {
    // The inbox page's ids come through the open-only index (migration 0060), whose size follows
    // the open tasks, not every task ever (the query task_store.cpp's for_assignments sends).
    auto plan = db->read([&](Connection& c) {
      return c.rows("EXPLAIN QUERY PLAN SELECT id FROM (SELECT id, due FROM tasks WHERE function = ? AND scope_unit = ? "
                    "AND status = 'open' UNION ALL SELECT id, due FROM tasks WHERE function = ? AND scope_unit = ? "
                    "AND status = 'open') AS inbox ORDER BY CASE WHEN due IS NULL THEN 1 ELSE 0 END, due, id LIMIT 25",
                    "LPO-ordförande", "lpo-psykisk-halsa", "LPO-ordförande", "lpo-annan");
    });
    ASSERT_TRUE(plan);
    std::string text;
    for (const auto& r : *plan) text += r.text(r.size() - 1) + "\n";
    EXPECT_EQ(text.find("SCAN tasks"), std::string::npos) << text;
    EXPECT_NE(text.find("SEARCH tasks USING INDEX tasks_open_inbox (function=? AND scope_unit=?)"), std::string::npos)
        << text;
    // A case's open tasks: read through the case's key (migration 0077 dropped their own index),
    // never a scan of every task.
    plan = db->read([&](Connection& c) {
      return c.rows("EXPLAIN QUERY PLAN SELECT id FROM tasks WHERE case_id = ? AND status = 'open' ORDER BY id", id);
    });
    ASSERT_TRUE(plan);
    text.clear();
    for (const auto& r : *plan) text += r.text(r.size() - 1) + "\n";
    EXPECT_NE(text.find("SEARCH tasks USING INDEX sqlite_autoindex_tasks_1 (case_id=?)"), std::string::npos) << text;
  }
  auto open = db->read([&](Connection& c) { return tasks::of_case(c, id, true); });
  ASSERT_TRUE(open) << open.error().describe();
  std::vector<std::int64_t> open_ids;
  for (const auto& t : *open) open_ids.push_back(t.local_id);
  EXPECT_EQ(open_ids, (std::vector<std::int64_t>{1, 2, 3})); // The closed one not among them.
}

// A database whose schema is as it was before migration `version`, applied the way migrate()
// applies it.
std::unique_ptr<Database> database_before(int version) {
  auto old = test::open_unmigrated_test_database();
  EXPECT_TRUE(old);
  if (!old) return old;
  EXPECT_TRUE(schema_version(*old));
  for (const auto& m : known_migrations(old->backend())) {
    if (m.version >= version) break;
    auto s = old->write([&](Connection& c) -> Status {
      KS_TRY(c.execute_script(m.sql));
      KS_TRY(c.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", m.version, m.name,
                    kNow.ms));
      return {};
    });
    EXPECT_TRUE(s) << m.name << ": " << s.error().describe();
  }
  return old;
}

// Migrates `db` to the newest schema; `first` is the first migration applied.
void migrate_expecting(Database& db, std::string_view first) {
  ManualClock clock(kNow);
  auto report = migrate(db, clock);
  ASSERT_TRUE(report) << report.error().describe();
  ASSERT_FALSE(report->applied.empty());
  EXPECT_EQ(report->applied.front(), first);
}

// History events as the code before migration 0070 wrote them: one row each.
Status append_old_history(Connection& c, std::int64_t case_id, const std::vector<engine::HistoryEvent>& events,
                          const std::string& actor) {
  auto row = KS_TRY(c.row("SELECT COALESCE(MAX(seq), 0) FROM case_history WHERE case_id = ?", case_id));
  std::int64_t seq = row ? row->integer(0) : 0;
  for (const auto& e : events)
    KS_TRY(c.exec("INSERT INTO case_history (case_id, seq, at, kind, element, step, actor, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  case_id, ++seq, kNow.ms, e.kind, e.element, e.step, actor, e.data.dump()));
  return {};
}

// An audit record as the code before migration 0071 wrote it: prev_hash a column, the values in
// after_json.
Status append_old_audit(Connection& c, audit::Row r) {
  auto head = KS_TRY(c.row("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash"));
  r.seq = head->integer(0);
  r.prev_hash = head->text(1);
  r.hash = audit::hash_of(r);
  KS_TRY(c.exec("INSERT INTO audit_log (seq, at, account_id, person_id, username, acting_function, action, outcome, "
                "object_type, object_id, case_id, remote_addr, request_id, before_json, after_json, detail, prev_hash, "
                "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.seq, r.at.ms, r.account_id, r.person_id, r.username, r.acting_function, r.action, r.outcome,
                r.object_type, r.object_id, r.case_id, r.remote_addr, r.request_id, r.before_json, r.after_json,
                r.detail, r.prev_hash, r.hash));
  KS_TRY(c.exec("UPDATE audit_head SET hash = ? WHERE id = 1", r.hash));
  return {};
}

audit::Row completion_record(std::int64_t case_id, std::string after_json) {
  audit::Row r;
  r.at = kNow;
  r.username = "anna";
  r.action = "task.complete";
  r.outcome = "ok";
  r.case_id = std::to_string(case_id);
  r.after_json = std::move(after_json);
  return r;
}

TEST_F(LeanWritePath, Migration0060KeepsTheHistoryAndTheAuditChain) {
  auto old = database_before(60);
  ASSERT_TRUE(old);
  std::int64_t case_id = 0;
  ASSERT_TRUE(old->write([&](Connection& c) -> Status {
    case_id = KS_TRY(insert_case(c, "{}", "anna"));
    std::vector<engine::HistoryEvent> events{{"started", "", "", {}}, {"entered", "start_remiss", "1", {{"x", 1}}}};
    KS_TRY(append_old_history(c, case_id, events, "anna"));
    for (int i = 0; i < 3; ++i) KS_TRY(append_old_audit(c, completion_record(case_id, R"({"status":"completed"})")));
    return {};
  }));

  ManualClock clock(kNow);
  auto report = migrate(*old, clock);
  ASSERT_TRUE(report) << report.error().describe();
  EXPECT_EQ(report->applied.front(), "0060_lean_write_path");

  auto events = old->read([&](Connection& c) { return history::of_case(c, case_id); });
  ASSERT_TRUE(events) << events.error().describe();
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[1].seq, 2);
  EXPECT_EQ((*events)[1].element, "start_remiss");
  EXPECT_EQ((*events)[1].actor, "anna");
  // New events go on numbering after the migrated ones.
  ASSERT_TRUE(old->write([&](Connection& c) {
    return history::append(c, case_id, {{"completed", "", "", {}}}, "system", kNow);
  }));
  EXPECT_EQ(old->read([&](Connection& c) { return history::count(c, case_id, "completed"); }).value_or(0), 1);

  auto verified = old->read([](Connection& c) { return audit::verify(c); });
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok) << verified->reason;
  EXPECT_EQ(verified->rows, 3);
  // The chain goes on from the migrated head.
  ASSERT_TRUE(old->write([&](Connection& c) -> Status {
    audit::Row r;
    r.at = kNow;
    r.username = "bo";
    r.action = "case.start";
    r.outcome = "ok";
    KS_TRY(audit::append(c, std::move(r)));
    return {};
  }));
  verified = old->read([](Connection& c) { return audit::verify(c); });
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok) << verified->reason;
  EXPECT_EQ(verified->rows, 4);

  if (old->backend() == Backend::sqlite) {
    auto sql = old->read([](Connection& c) {
      return c.rows("SELECT name, sql FROM sqlite_master WHERE name IN ('case_history', 'audit_log') ORDER BY name");
    });
    ASSERT_TRUE(sql);
    ASSERT_EQ(sql->size(), 2u);
    EXPECT_NE((*sql)[0].text(1).find("seq INTEGER PRIMARY KEY"), std::string::npos) << (*sql)[0].text(1);
    EXPECT_NE((*sql)[1].text(1).find("WITHOUT ROWID"), std::string::npos) << (*sql)[1].text(1);
  }
}

TEST_F(LeanWritePath, Migrations0070And0071KeepOldHistoryAndAuditAndStoreNewRecordsOnce) {
  auto old = database_before(70);
  ASSERT_TRUE(old);
  std::int64_t case_id = 0;
  const std::string full_after = R"({"status":"completed","values":{"answer":"Inga invändningar"},"version":2})";
  ASSERT_TRUE(old->write([&](Connection& c) -> Status {
    case_id = KS_TRY(insert_case(c, "{}", "anna"));
    std::vector<engine::HistoryEvent> events{{"started", "", "", {}}, {"entered", "start_remiss", "1", {{"x", 1}}},
                                             {"completed", "end", "33", {}}};
    KS_TRY(append_old_history(c, case_id, events, "anna"));
    KS_TRY(append_old_audit(c, completion_record(case_id, full_after)));
    KS_TRY(append_old_audit(c, completion_record(case_id, R"({"status":"completed"})")));
    return {};
  }));

  ManualClock clock(kNow);
  auto report = migrate(*old, clock);
  ASSERT_TRUE(report) << report.error().describe();
  ASSERT_GE(report->applied.size(), 2u);
  EXPECT_EQ(report->applied[0], "0070_packed_history");
  EXPECT_EQ(report->applied[1], "0071_audit_stored_once");

  // The old records verify without their prev_hash column and read with their values.
  auto verified = old->read([](Connection& c) { return audit::verify(c); });
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok) << verified->reason;
  EXPECT_EQ(verified->rows, 2);
  auto listed = old->read([&](Connection& c) { return audit::list(c, {.case_id = std::to_string(case_id)}); });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ(listed->back().after_json, full_after);
  EXPECT_EQ(listed->back().values_task, 0);

  // The old rows are the case's history, and packing them keeps every field.
  auto before = old->read([&](Connection& c) { return history::of_case(c, case_id); });
  ASSERT_TRUE(before);
  ASSERT_EQ(before->size(), 3u);
  ASSERT_TRUE(old->write([&](Connection& c) { return history::pack(c, case_id); }));
  auto after = old->read([&](Connection& c) { return history::of_case(c, case_id); });
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*after)[i].seq, (*before)[i].seq);
    EXPECT_EQ((*after)[i].kind, (*before)[i].kind);
    EXPECT_EQ((*after)[i].data, (*before)[i].data);
    EXPECT_EQ((*after)[i].actor, "anna");
  }

  // A new completion record names its task instead of repeating the values.
  std::int64_t task_id = 0;
  auto wrote = old->write([&](Connection& c) -> Status {
    task_id = KS_TRY(c.insert("INSERT INTO tasks (case_id, local_id, element, opened_at, status, submitted) "
                              "VALUES (?, 1, 'municipality_answer', ?, 'completed', ?) RETURNING id",
                              case_id, kNow.ms, R"({"answer":"Inga invändningar"})"));
    KS_TRY(audit::append(c, completion_record(case_id, full_after),
                         audit::ValuesInTask{task_id, R"({"answer":"Inga invändningar"})"}));
    return {};
  });
  ASSERT_TRUE(wrote) << wrote.error().describe();
  auto raw = old->read([&](Connection& c) {
    return c.row("SELECT after_json, values_task FROM audit_log WHERE seq = 3");
  });
  ASSERT_TRUE(raw && *raw);
  EXPECT_EQ((*raw)->text(0), R"({"status":"completed","version":2})");
  EXPECT_EQ((*raw)->integer(1), task_id);
  listed = old->read([&](Connection& c) { return audit::list(c, {.limit = 1}); });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().after_json, full_after);
  verified = old->read([](Connection& c) { return audit::verify(c); });
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok) << verified->reason;
  EXPECT_EQ(verified->rows, 3);
}

TEST(AuditValues, LeftOutOnlyWhenPuttingThemBackGivesTheSameText) {
  const std::string values = R"({"a":[1,2],"b":"ö"})";
  // Members in any place of the object.
  for (const std::string after : {R"({"status":"completed","values":{"a":[1,2],"b":"ö"},"version":2})",
                                  R"({"values":{"a":[1,2],"b":"ö"},"version":2})",
                                  R"({"status":"completed","values":{"a":[1,2],"b":"ö"}})",
                                  R"({"values":{"a":[1,2],"b":"ö"}})"}) {
    auto stored = audit::without_values(after, values);
    ASSERT_TRUE(stored) << after;
    EXPECT_EQ(stored->find("values"), std::string::npos) << *stored;
    auto back = audit::with_values(*stored, values);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, after);
  }
  // The values are put back as their text is, so any text of them reads back as it was.
  const std::string unsorted = R"({"b":"ö","a":[1,2]})";
  auto stored = audit::without_values(R"({"values":{"b":"ö","a":[1,2]}})", unsorted);
  ASSERT_TRUE(stored);
  EXPECT_EQ(*stored, "{}");
  EXPECT_EQ(audit::with_values(*stored, unsorted).value_or(""), R"({"values":{"b":"ö","a":[1,2]}})");
  // Different values, values only deeper in the object, a member out of name order (reading puts
  // "values" back in name order), blanks, values twice: stored as they are.
  EXPECT_FALSE(audit::without_values(R"({"status":"completed","values":{"a":1}})", values));
  EXPECT_FALSE(audit::without_values(R"({"x":{"values":{"a":[1,2],"b":"ö"}}})", values));
  EXPECT_FALSE(audit::without_values(R"({"myvalues":{"a":[1,2],"b":"ö"}})", values));
  EXPECT_FALSE(audit::without_values(R"({"version":2,"values":{"a":[1,2],"b":"ö"}})", values));
  EXPECT_FALSE(audit::without_values(R"({"status":"completed", "values":{"a":[1,2],"b":"ö"}})", values));
  EXPECT_FALSE(audit::without_values(R"({"values":{"a":[1,2],"b":"ö"},"values":{"a":[1,2],"b":"ö"}})", values));
  EXPECT_FALSE(audit::with_values("not json", values));
  EXPECT_FALSE(audit::with_values("{}", "{broken"));
  EXPECT_FALSE(audit::with_values(R"({"values":1})", values));
  // Put back between the members before and after it in name order, escaped names included.
  EXPECT_EQ(audit::with_values(R"({"a\u0062":1,"w":2})", "{}").value_or(""), R"({"a\u0062":1,"values":{},"w":2})");
  EXPECT_EQ(audit::with_values(R"({"w":2})", "{}").value_or(""), R"({"values":{},"w":2})");
  EXPECT_EQ(audit::with_values(R"({"a":2})", "{}").value_or(""), R"({"a":2,"values":{}})");
}

// For documents as record_audit writes them (dump() of an object), the values are left out and
// put back exactly as the document would: what the text does equals what the document did
// before issue 8 made it textual (records stored then read the same).
TEST(AuditValues, PutBackAsTheDocumentWouldPutThem) {
  std::uint64_t seed = 12345;
  auto next = [&](std::uint64_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 33) % n;
  };
  const std::vector<std::string> names = {"a", "status", "valuer", "values_", "valuez", "version", "w\"q", "ä", "\t", "v"};
  const std::vector<std::string> texts = {"", "ö", "line\nbreak", "tab\tq\"", "emoji 😀", "\u0001", "<>&"};
  std::function<nlohmann::json(int)> value = [&](int depth) -> nlohmann::json {
    switch (depth > 2 ? next(4) : next(6)) {
    case 0: return static_cast<std::int64_t>(next(2000)) - 1000;
    case 1: return static_cast<double>(next(100000)) / 7.0;
    case 2: return texts[next(texts.size())];
    case 3: return next(3) == 0 ? nlohmann::json() : nlohmann::json(next(2) == 0);
    case 4: {
      auto a = nlohmann::json::array();
      for (std::uint64_t i = next(4); i > 0; --i) a.push_back(value(depth + 1));
      return a;
    }
    default: {
      auto o = nlohmann::json::object();
      for (std::uint64_t i = next(5); i > 0; --i) o[names[next(names.size())]] = value(depth + 1);
      return o;
    }
    }
  };
  int left_out = 0;
  for (int n = 0; n < 500; ++n) {
    auto submitted = nlohmann::json::object();
    for (std::uint64_t i = next(6); i > 0; --i) submitted[names[next(names.size())]] = value(1);
    auto after = nlohmann::json::object();
    for (std::uint64_t i = next(5); i > 0; --i) after[names[next(names.size())]] = value(1);
    after["values"] = submitted;
    const std::string after_text = after.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const std::string submitted_text = submitted.dump();
    auto stored = audit::without_values(after_text, submitted_text);
    ASSERT_TRUE(stored) << after_text;
    ++left_out;
    // As the document did: parse what is stored, set "values", dump.
    auto document = nlohmann::json::parse(*stored);
    EXPECT_FALSE(document.contains("values")) << *stored;
    document["values"] = nlohmann::json::parse(submitted_text);
    auto back = audit::with_values(*stored, submitted_text);
    ASSERT_TRUE(back) << *stored;
    EXPECT_EQ(*back, document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    EXPECT_EQ(*back, after_text);
  }
  EXPECT_EQ(left_out, 500);
}

TEST_F(LeanWritePath, Migration0073KeepsEveryEventAsARowOfItsOwn) {
  auto old = database_before(73);
  ASSERT_TRUE(old);
  std::int64_t case_id = 0;
  // Events 1-2 packed, 3-5 rows; fields with what the rows' lines escape.
  const std::vector<engine::HistoryEvent> rows{
      {"task_opened", "forward\tremiss", "3\n\\t", {{"task", 1}}},
      {"attachment_added", "a\\b", "", {{"name", "bil\taga\\.pdf\n"}}},
      {"entered", "", "4", {}}};
  ASSERT_TRUE(old->write([&](Connection& c) -> Status {
    case_id = KS_TRY(insert_case(c, "{}", "anna"));
    KS_TRY(c.exec("INSERT INTO case_history_packed (case_id, through_seq, events) VALUES (?, 2, ?)", case_id,
                  "ks-history 1\n1\t5\tstarted\t\t\tanna\t{}\n2\t6\tentered\tstart_remiss\t1\tanna\t{}\n"));
    std::int64_t seq = 2;
    for (const auto& e : rows) {
      ++seq;
      KS_TRY(c.exec("INSERT INTO case_history (case_id, seq, at, kind, element, step, actor, data) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    case_id, seq, kNow.ms + seq, e.kind, e.element, e.step, "sam\\ordnare\t" + std::to_string(seq),
                    e.data.dump()));
    }
    return {};
  }));

  ManualClock clock(kNow);
  auto report = migrate(*old, clock);
  ASSERT_TRUE(report) << report.error().describe();
  EXPECT_EQ(report->applied.front(), "0073_history_by_operation");

  auto check = [&](const std::vector<history::Event>& events) {
    ASSERT_GE(events.size(), 5u);
    EXPECT_EQ(events[0].kind, "started");
    EXPECT_EQ(events[1].element, "start_remiss");
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto& e = events[i + 2];
      EXPECT_EQ(e.seq, static_cast<std::int64_t>(i) + 3);
      EXPECT_EQ(e.at.ms, kNow.ms + e.seq);
      EXPECT_EQ(e.kind, rows[i].kind);
      EXPECT_EQ(e.element, rows[i].element);
      EXPECT_EQ(e.step, rows[i].step);
      EXPECT_EQ(e.actor, "sam\\ordnare\t" + std::to_string(e.seq));
      EXPECT_EQ(e.data, rows[i].data.dump());
    }
  };
  auto events = old->read([&](Connection& c) { return history::of_case(c, case_id); });
  ASSERT_TRUE(events) << events.error().describe();
  ASSERT_EQ(events->size(), 5u);
  check(*events);

  // An operation's events go on numbering, as one row.
  ASSERT_TRUE(old->write([&](Connection& c) {
    return history::append(c, case_id,
                           {{"left", "x", "4", nlohmann::json::object()}, {"completed", "end", "33", nullptr}},
                           "system", kNow);
  }));
  auto stored = old->read([&](Connection& c) {
    return c.rows("SELECT through_seq, events FROM case_history WHERE case_id = ? ORDER BY through_seq", case_id);
  });
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->size(), 4u);
  EXPECT_EQ(stored->back().integer(0), 7);
  EXPECT_EQ(stored->back().text(1), "left\tx\t4\t{}\ncompleted\tend\t33\tnull\n");
  EXPECT_EQ((*stored)[0].text(1), "task_opened\tforward\\tremiss\t3\\n\\\\t\t{\"task\":1}\n");

  // Packed, every event reads back the same.
  ASSERT_TRUE(old->write([&](Connection& c) { return history::pack(c, case_id); }));
  auto after = old->read([&](Connection& c) { return history::of_case(c, case_id); });
  ASSERT_TRUE(after) << after.error().describe();
  ASSERT_EQ(after->size(), 7u);
  check(*after);
  EXPECT_EQ((*after)[6].seq, 7);
  EXPECT_EQ((*after)[6].kind, "completed");
  EXPECT_EQ((*after)[6].actor, "system");
  auto left =
      old->read([&](Connection& c) { return c.row("SELECT COUNT(*) FROM case_history WHERE case_id = ?", case_id); });
  ASSERT_TRUE(left && *left);
  EXPECT_EQ((*left)->integer(0), 0);
}

// A record is chained the same on both backends: on PostgreSQL the server computes its number and
// hash (sha256 over the text hash_of() writes) in the statement sent with COMMIT; here each hash
// is recomputed in C++ from the record as read and the one before it.
TEST_F(LeanWritePath, AnAppendedRecordsHashIsHashOfOnEitherBackend) {
  const std::vector<std::string> texts = {"Vårdförlopp ångest", "emoji \xF0\x9F\x98\x80 och \"citat\"",
                                          "tab\tny rad\nbackslash\\ kontroll\x01", "", R"({"a":[1,"ä"]})"};
  ASSERT_TRUE(db->write([&](Connection& c) -> Status {
    for (std::size_t i = 0; i < texts.size(); ++i) {
      audit::Row r;
      r.at = Instant{kNow.ms + static_cast<std::int64_t>(i)};
      r.account_id = static_cast<std::int64_t>(i) * 1000003;
      r.person_id = texts[i];
      r.username = texts[(i + 1) % texts.size()];
      r.acting_function = "contact@municipality-2281";
      r.action = "case.answer";
      r.outcome = "ok";
      r.object_type = "case";
      r.object_id = std::to_string(i);
      r.case_id = std::to_string(i);
      r.remote_addr = "::1";
      r.request_id = "req-" + std::to_string(i);
      r.before_json = texts[(i + 2) % texts.size()];
      r.after_json = R"({"status":"ok"})";
      r.detail = texts[(i + 3) % texts.size()];
      KS_TRY(audit::append(c, std::move(r)));
    }
    return {};
  }));
  auto rows = db->read([](Connection& c) { return audit::list(c, {.limit = 100}); });
  ASSERT_TRUE(rows) << rows.error().describe();
  ASSERT_EQ(rows->size(), texts.size());
  std::string prev;
  for (auto it = rows->rbegin(); it != rows->rend(); ++it) { // list() gives the newest first.
    audit::Row r = *it;
    EXPECT_EQ(r.seq, static_cast<std::int64_t>(it - rows->rbegin()) + 1);
    r.prev_hash = prev;
    EXPECT_EQ(r.hash, audit::hash_of(r)) << "record " << r.seq;
    EXPECT_EQ(r.hash.size(), 64u);
    prev = r.hash;
  }
  EXPECT_EQ(rows->front().person_id, texts.back());
  auto verified = db->read([](Connection& c) { return audit::verify(c); });
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok) << verified->reason;
  EXPECT_EQ(verified->head_hash, prev);
}

// Migration 0075 (SQLite): audit_log_at gives way to audit_time_blocks, a row for each whole
// block of 128 numbers of the log as it stands — a time set back included — so that a period's
// search finds the same records afterwards, and the log verifies.
TEST_F(LeanWritePath, Migration0075SummarisesEveryWholeBlockOfTheLog) {
  if (test::test_backend_name() != "sqlite") GTEST_SKIP() << "PostgreSQL keeps its index on at";
  auto old = database_before(75);
  ASSERT_TRUE(old);
  // 300 records written as the code before wrote them, record 200 set back before every other.
  ASSERT_TRUE(old->write([&](Connection& c) -> Status {
    std::string prev;
    for (std::int64_t seq = 1; seq <= 300; ++seq) {
      audit::Row r;
      r.at = Instant{seq == 200 ? kNow.ms - 3'600'000 : kNow.ms + seq * 1000};
      r.action = "case.answer";
      r.outcome = "ok";
      audit::chain(r, seq, prev);
      prev = r.hash;
      KS_TRY(c.exec("INSERT INTO audit_log (seq, at, action, outcome, hash) VALUES (?, ?, ?, ?, ?)", r.seq, r.at.ms,
                    r.action, r.outcome, r.hash));
    }
    KS_TRY(c.exec("UPDATE audit_head SET seq = 300, hash = ? WHERE id = 1", prev));
    return {};
  }));
  ASSERT_NO_FATAL_FAILURE(migrate_expecting(*old, "0075_audit_time_blocks"));
  auto blocks = old->read([](Connection& c) -> Result<std::pair<Rows, std::int64_t>> {
    auto rows = KS_TRY(c.rows("SELECT first_seq, last_seq, min_at, max_at FROM audit_time_blocks ORDER BY first_seq"));
    auto index = KS_TRY(c.row("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'audit_log_at'"));
    return std::pair{std::move(rows), index->integer(0)};
  });
  ASSERT_TRUE(blocks) << blocks.error().describe();
  EXPECT_EQ(blocks->second, 0) << "the index is gone";
  ASSERT_EQ(blocks->first.size(), 2u); // 1–128 and 129–256; 257–300 is the part after them.
  EXPECT_EQ(blocks->first[0].integer(1), 128);
  EXPECT_EQ(blocks->first[0].integer(2), kNow.ms + 1000);
  EXPECT_EQ(blocks->first[0].integer(3), kNow.ms + 128'000);
  EXPECT_EQ(blocks->first[1].integer(0), 129);
  EXPECT_EQ(blocks->first[1].integer(2), kNow.ms - 3'600'000); // Record 200, set back.
  EXPECT_EQ(blocks->first[1].integer(3), kNow.ms + 256'000);
  auto found = old->read([](Connection& c) {
    return audit::list(c, {.from = Instant{kNow.ms - 3'600'000}, .to = Instant{kNow.ms}, .limit = 10});
  });
  ASSERT_TRUE(found) << found.error().describe();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().seq, 200);
  auto verified = old->read([](Connection& c) { return audit::verify(c); });
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok) << verified->reason;
  EXPECT_EQ(verified->rows, 300);
}

// Migration 0076 (SQLite): tasks, timers and notifications rebuilt without AUTOINCREMENT keep
// every row, column and id as it was, and their indexes; sqlite_sequence no longer names them.
TEST_F(LeanWritePath, Migration0076KeepsEveryRowAndIdWithoutASequence) {
  if (test::test_backend_name() != "sqlite") GTEST_SKIP() << "PostgreSQL's identity columns have no such page";
  auto old = database_before(76);
  ASSERT_TRUE(old);
  const std::string tables[] = {"tasks", "timers", "notifications"};
  auto dump = [&](Database& db) {
    auto r = db.read([&](Connection& c) -> Result<std::string> {
      std::string out;
      for (const auto& t : tables)
        for (const auto& row : KS_TRY(c.rows("SELECT * FROM " + t + " ORDER BY id"))) {
          out += t;
          for (std::size_t i = 0; i < row.size(); ++i) out += "|" + row.opt_text(i).value_or("NULL");
          out += "\n";
        }
      return out;
    });
    EXPECT_TRUE(r) << r.error().describe();
    return r.value_or("");
  };
  ASSERT_TRUE(old->write([&](Connection& c) -> Status {
    const auto case_id = KS_TRY(insert_case(c, "{}", "anna"));
    KS_TRY(c.exec("INSERT INTO tasks (id, case_id, local_id, element, step, function, scope_unit, form_id, item, "
                  "opened_at, due, status, completed_by, completed_at, submitted, version) VALUES "
                  "(7, ?, 1, 'svara', '5', 'contact', 'municipality-2281', 'f', '{\"k\":1}', 10, 20, 'completed', "
                  "'anna', 30, '{\"svar\":\"ja\"}', 2), (12, ?, 2, 'beslut', '8', 'chair', 'lpo-x', '', NULL, 40, NULL, "
                  "'open', NULL, NULL, NULL, 1)",
                  case_id, case_id));
    KS_TRY(c.exec("INSERT INTO timers (id, case_id, local_id, element, due, claimed_by, claimed_until) VALUES "
                  "(3, ?, 4, 'paminnelse', 50, 'w1', 60)",
                  case_id));
    KS_TRY(c.exec("INSERT INTO notifications (id, case_id, element, step, function, scope_unit, message, created_at) "
                  "VALUES (9, ?, 'e', '3', 'coordinator', 'region-22', 'Nytt ärende', 70)",
                  case_id));
    return {};
  }));
  const auto before = dump(*old);
  ASSERT_NO_FATAL_FAILURE(migrate_expecting(*old, "0076_ids_without_sequence"));
  EXPECT_EQ(dump(*old), before);
  auto schema = old->read([&](Connection& c) -> Result<std::string> {
    std::string out;
    for (const auto& r : KS_TRY(c.rows("SELECT name, COALESCE(sql, '') FROM sqlite_schema WHERE tbl_name IN "
                                       "('tasks', 'timers', 'notifications') ORDER BY name")))
      out += r.text(0) + (r.text(1).find("AUTOINCREMENT") != std::string::npos ? " AUTOINCREMENT" : "") + "\n";
    for (const auto& r : KS_TRY(c.rows("SELECT name FROM sqlite_sequence ORDER BY name")))
      out += "sequence " + r.text(0) + "\n";
    return out;
  });
  ASSERT_TRUE(schema) << schema.error().describe();
  EXPECT_EQ(*schema, "notifications\nnotifications_case\nnotifications_recipient\nsqlite_autoindex_tasks_1\n"
                     "sqlite_autoindex_timers_1\ntasks\ntasks_open_inbox\ntimers\ntimers_due\n"
                     "sequence cases\nsequence knowledge_supports\nsequence process_definitions\n");
}

// Migration 0081 gives every case stored before it the LPO its state names, wherever the state
// is: in the row as text, compressed (SQLite, a large state), or in the archive of an ended case.
TEST_F(LeanWritePath, Migration0081GivesStoredCasesTheLpoTheirStatesName) {
  auto old = database_before(81);
  ASSERT_TRUE(old);
  auto with_lpo = [](std::string state, const char* lpo) {
    auto json = nlohmann::json::parse(state);
    json["vars"]["lpo"] = lpo;
    return json.dump();
  };
  std::int64_t small = 0, large = 0, archived = 0, without = 0;
  ASSERT_TRUE(old->write([&](Connection& c) -> Status {
    small = KS_TRY(insert_case(c, R"({"status":"running","vars":{"lpo":"vn-lpo-kirurgi"}})", "anna"));
    large = KS_TRY(insert_case(c, with_lpo(wide_state(1), "vn-lpo-psykisk-halsa"), "anna"));
    archived = KS_TRY(insert_case(c, with_lpo(wide_state(2), "da-lpo-hjarta-karl"), "anna"));
    archive::Archive a;
    KS_TRY(cases::pack_state_into(c, archived, a));
    // As archive::write() stored it then (pack_dictionaries came with 0083).
    KS_TRY(c.post("INSERT INTO case_archive (case_id, data) VALUES (?, ?)", archived, archive::stored_value(a)));
    without = KS_TRY(insert_case(c, wide_state(3), "anna"));
    return {};
  }));
  if (test::test_backend_name() == "sqlite") {
    auto kind = old->read([&](Connection& c) { return c.row("SELECT typeof(state) FROM cases WHERE id = ?", large); });
    ASSERT_TRUE(kind && *kind);
    EXPECT_EQ((**kind).text(0), "blob") << "the large state is stored compressed";
  }
  ASSERT_NO_FATAL_FAILURE(migrate_expecting(*old, "0081_case_lpo"));
  auto lpo = [&](std::int64_t id) {
    auto k = old->read([&](Connection& c) { return cases::find_summary(c, id); });
    EXPECT_TRUE(k && *k);
    return k && *k ? (*k)->fields.lpo_id : std::optional<std::string>("(missing)");
  };
  EXPECT_EQ(lpo(small), "vn-lpo-kirurgi");
  EXPECT_EQ(lpo(large), "vn-lpo-psykisk-halsa");
  EXPECT_EQ(lpo(archived), "da-lpo-hjarta-karl");
  EXPECT_EQ(lpo(without), std::nullopt);
  // A list of an LPO's cases finds them.
  auto listed = old->read([&](Connection& c) {
    cases::Filter f;
    f.participant_units = {"vn-lpo-psykisk-halsa", "da-lpo-hjarta-karl"};
    return cases::list(c, f);
  });
  ASSERT_TRUE(listed) << listed.error().describe();
  std::set<std::int64_t> ids;
  for (const auto& k : *listed) ids.insert(k.id);
  EXPECT_EQ(ids, (std::set<std::int64_t>{large, archived}));
}

// Migration 0082: task ids name their case, a block of 64 at a time. A case running across the
// migration keeps its older tasks' ids (packing gives them rows in packed_tasks, as before) and
// takes blocks for its new ones — a second block from its 65th task; once packed, every task is
// found by its id, and a case started after takes ids after all of them.
TEST_F(LeanWritePath, Migration0082GivesTaskIdsByTheBlockAndKeepsTheOlderOnes) {
  auto old = database_before(82);
  ASSERT_TRUE(old);
  auto task = [](std::int64_t local) { return opened_task(local, std::nullopt); };
  std::int64_t running = 0;
  ASSERT_TRUE(old->write([&](Connection& c) -> Status {
    // The engine's state says which local ids it has opened: 70 by the end of this test.
    running = KS_TRY(insert_case(c, R"({"next_task":71})", "anna"));
    // Three tasks as the code before the migration stored them, with ids of its own choosing.
    for (std::int64_t local = 1; local <= 3; ++local)
      KS_TRY(c.exec("INSERT INTO tasks (id, case_id, local_id, element, opened_at, status) VALUES (?, ?, ?, ?, ?, "
                    "'open')",
                    100 + local, running, local, "e" + std::to_string(local), kNow.ms));
    return {};
  }));
  ASSERT_NO_FATAL_FAILURE(migrate_expecting(*old, "0082_task_id_blocks"));

  std::map<std::int64_t, std::int64_t> id_of; // local id → global id
  ASSERT_TRUE(old->write([&](Connection& c) -> Status {
    for (std::int64_t local = 4; local <= 70; ++local) id_of[local] = KS_TRY(tasks::insert(c, running, task(local)));
    for (std::int64_t local = 1; local <= 70; ++local) KS_TRY(tasks::close(c, running, local, {.status = tasks::kCompleted}, kNow));
    return tasks::pack(c, running);
  }));
  const auto first = id_of[4] - 3; // The first block: local ids 1-64.
  EXPECT_GT(first, 103) << "after every id given before";
  EXPECT_EQ(id_of[64], first + 63);
  EXPECT_GT(id_of[65], id_of[64]) << "a second block";
  for (std::int64_t local = 66; local <= 70; ++local) EXPECT_EQ(id_of[local], id_of[65] + local - 65);
  for (std::int64_t local = 1; local <= 3; ++local) id_of[local] = 100 + local;
  auto rows = old->read([&](Connection& c) -> Result<std::pair<std::int64_t, std::int64_t>> {
    auto packed = KS_TRY(c.row("SELECT COUNT(*) FROM packed_tasks WHERE case_id = ?", running));
    auto blocks = KS_TRY(c.row("SELECT COUNT(*) FROM task_blocks WHERE case_id = ?", running));
    return std::pair{packed->integer(0), blocks->integer(0)};
  });
  ASSERT_TRUE(rows) << rows.error().describe();
  EXPECT_EQ(rows->first, 3) << "a row for each older task only";
  EXPECT_EQ(rows->second, 2);
  for (const auto& [local, id] : id_of) {
    auto found = old->read([&](Connection& c) { return tasks::find(c, id); });
    ASSERT_TRUE(found) << found.error().describe();
    ASSERT_TRUE(*found) << "task " << id;
    EXPECT_EQ((*found)->case_id, running);
    EXPECT_EQ((*found)->local_id, local);
  }
  // An id inside a block that no task took is no task; one whose task the case opened but whose
  // archive lost it is named as damage.
  auto unused = old->read([&](Connection& c) { return tasks::find(c, id_of[70] + 1); });
  ASSERT_TRUE(unused) << unused.error().describe();
  EXPECT_FALSE(*unused);
  ASSERT_TRUE(old->write([&](Connection& c) -> Status {
    auto archived = KS_TRY(archive::read(c, running));
    archived.tasks = "ks-tasks 1\n";
    return archive::write(c, running, archived);
  }));
  auto lost = old->read([&](Connection& c) { return tasks::find(c, id_of[70]); });
  ASSERT_FALSE(lost);
  EXPECT_NE(lost.error().message.find("is not among them"), std::string::npos) << lost.error().message;
  // A case started afterwards takes ids after them all.
  auto next = old->write([&](Connection& c) -> Result<std::int64_t> {
    const auto other = KS_TRY(insert_case(c, "{}", "anna"));
    return tasks::insert(c, other, task(1));
  });
  ASSERT_TRUE(next) << next.error().describe();
  EXPECT_GT(*next, id_of[70]);
}

// The WAL pages each commit writes are counted (the engine benchmark's wal_pages_per_commit): a
// new case's row is a few pages (its table, its indexes, AUTOINCREMENT's sequence), a read none.
// PostgreSQL does not count them.
TEST_F(LeanWritePath, PagesWrittenCountsTheWalPagesOfEachCommit) {
  const auto before = db->pages_written();
  if (db->backend() == Backend::postgres) {
    EXPECT_FALSE(before);
    return;
  }
  ASSERT_TRUE(before);
  const auto id = add_case("{}");
  const auto written = db->pages_written();
  ASSERT_TRUE(written);
  EXPECT_GE(*written - *before, 2);
  EXPECT_LE(*written - *before, 20);
  auto read = db->read([&](Connection& c) { return c.row("SELECT status FROM cases WHERE id = ?", id); });
  ASSERT_TRUE(read && *read);
  EXPECT_EQ(db->pages_written(), written);
  add_case("{}");
  EXPECT_GT(*db->pages_written(), *written);
}

// Migration 0083: the first archive of a process definition long enough to be one becomes the
// definition's dictionary, and the archives of its later cases are written with it — a fraction
// of their size alone — and read back the same. A short archive (a case that ended early) is no
// dictionary; another definition has its own.
TEST_F(LeanWritePath, ADefinitionsFirstLongArchiveIsTheDictionaryOfItsLaterOnes) {
  auto archive_of = [](int marker, bool full) {
    archive::Archive a;
    a.state = wide_state(marker);
    if (full) a.tasks = wide_state(marker + 1000);
    return a;
  };
  // The stored value's size and the dictionary it names (0: none).
  auto stored = [&](std::int64_t case_id) {
    auto row = db->read([&](Connection& c) -> Result<std::pair<std::int64_t, std::int64_t>> {
      auto r = KS_TRY(c.row(
          "SELECT " + bytes_column(c.backend(), "data") + " FROM case_archive WHERE case_id = ?", case_id));
      const std::string bytes = bytes_of(c.backend(), *r, 0).value_or("");
      return std::pair{static_cast<std::int64_t>(bytes.size()), compressed::dictionary_of(bytes).value_or(0)};
    });
    EXPECT_TRUE(row) << row.error().describe();
    return row.value_or(std::pair<std::int64_t, std::int64_t>{});
  };
  auto write = [&](std::int64_t case_id, const archive::Archive& a) {
    auto w = db->write([&](Connection& c) { return archive::write(c, case_id, a); });
    ASSERT_TRUE(w) << w.error().describe();
    auto back = db->read([&](Connection& c) { return archive::read(c, case_id); });
    ASSERT_TRUE(back) << back.error().describe();
    EXPECT_EQ(archive::text_of(*back), archive::text_of(a));
  };
  auto dictionaries = [&] {
    auto rows = db->read([&](Connection& c) {
      return c.rows("SELECT d.id, d.definition_id, d.case_id FROM pack_dictionaries d WHERE kind = 'archive' ORDER BY "
                    "d.case_id");
    });
    EXPECT_TRUE(rows) << rows.error().describe();
    return rows.value_or(Rows{});
  };

  const auto early = add_case("{}"), first = add_case("{}"), later = add_case("{}"), elsewhere = add_case("{}");
  ASSERT_LT(archive::text_of(archive_of(1, false)).size(), dictionaries::min_reference(dictionaries::Kind::archive));
  ASSERT_NO_FATAL_FAILURE(write(early, archive_of(1, false)));
  EXPECT_TRUE(dictionaries().empty()) << "a short archive is no dictionary";
  EXPECT_EQ(stored(early).second, 0);

  const auto full = archive_of(2, true);
  ASSERT_GE(archive::text_of(full).size(), dictionaries::min_reference(dictionaries::Kind::archive));
  ASSERT_NO_FATAL_FAILURE(write(first, full));
  auto made = dictionaries();
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(made[0].integer(0), compressed::dictionary_id(archive::text_of(full)));
  EXPECT_EQ(made[0].integer(2), first);
  const auto alone = stored(first);
  EXPECT_EQ(alone.second, 0) << "the first is written alone";

  ASSERT_NO_FATAL_FAILURE(write(later, archive_of(3, true)));
  const auto with = stored(later);
  EXPECT_EQ(with.second, made[0].integer(0));
  EXPECT_LT(with.first * 4, alone.first) << "written with the dictionary: " << with.first << " B against " << alone.first;
  ASSERT_NO_FATAL_FAILURE(write(first, archive_of(4, true)));
  EXPECT_EQ(stored(first).second, made[0].integer(0)) << "written again, with it";

  // A case of another definition: its archive is its definition's first.
  ASSERT_TRUE(db->write([&](Connection& c) -> Status {
    auto def = KS_TRY(processes::deploy_definition(c, "q", "q.bpmn", "<definitions id=\"q\"/>", kNow));
    return c.post("UPDATE cases SET definition_id = ? WHERE id = ?", def.definition.id, elsewhere);
  }));
  ASSERT_NO_FATAL_FAILURE(write(elsewhere, archive_of(5, true)));
  EXPECT_EQ(stored(elsewhere).second, 0);
  EXPECT_EQ(dictionaries().size(), 2u);

  // made_of (`ks bench seed`) gives the dictionary a definition has, whatever text it is offered,
  // and stores the text for one that has none.
  auto offered = db->write([&](Connection& c) -> Result<std::pair<std::int64_t, std::int64_t>> {
    auto def = KS_TRY(c.row("SELECT definition_id FROM cases WHERE id = ?", later));
    auto kept = KS_TRY(dictionaries::made_of(c, dictionaries::Kind::archive, def->integer(0), later,
                                             archive::text_of(archive_of(6, true))));
    auto added = KS_TRY(dictionaries::made_of(c, dictionaries::Kind::history, def->integer(0), later, "ks-history 1\n"));
    return std::pair{kept->id(), added->id()};
  });
  ASSERT_TRUE(offered) << offered.error().describe();
  EXPECT_EQ(offered->first, made[0].integer(0));
  EXPECT_EQ(offered->second, compressed::dictionary_id("ks-history 1\n"));
  EXPECT_EQ(dictionaries().size(), 2u) << "archives";
}

// A value naming a dictionary the database lacks, or one whose stored text is not the text its id
// names, is an error that says so and names the case; nothing is read in its place.
TEST_F(LeanWritePath, AMissingOrDamagedDictionaryIsNamed) {
  const auto id = add_case("{}");
  // Texts no other test has, so that no dictionary of them is loaded already.
  const std::string mark = crypto::random_hex(8);
  archive::Archive a;
  a.state = wide_state(7) + mark;
  const auto dict = compressed::Dictionary::make(archive::text_of(a) + "x");
  auto put = [&](const std::string& value) {
    ASSERT_TRUE(db->write([&](Connection& c) {
      return c.post("INSERT INTO case_archive (case_id, data) VALUES (?, ?) ON CONFLICT (case_id) DO UPDATE SET "
                    "data = excluded.data",
                    id, Blob{value});
    }));
  };
  put(compressed::compress(archive::text_of(a), *dict));
  auto missing = db->read([&](Connection& c) { return archive::read(c, id); });
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("the archive of case " + std::to_string(id) + " is damaged: the compression "
                                         "dictionary " + std::to_string(dict->id()) + " that a stored value was "
                                         "written with is missing"),
            std::string::npos)
      << missing.error().message;

  // The dictionary's row holds another text than its id names.
  ASSERT_TRUE(db->write([&](Connection& c) -> Status {
    auto def = KS_TRY(c.row("SELECT definition_id FROM cases WHERE id = ?", id));
    return c.post("INSERT INTO pack_dictionaries (id, kind, definition_id, case_id, content) VALUES (?, 'archive', ?, "
                  "?, ?)",
                  dict->id(), def->integer(0), id, Blob{compressed::compress(dict->text() + "y", compressed::Use::kept)});
  }));
  auto damaged = db->read([&](Connection& c) { return archive::read(c, id); });
  ASSERT_FALSE(damaged);
  EXPECT_NE(damaged.error().message.find("the compression dictionary " + std::to_string(dict->id()) +
                                         " is damaged: its text is not the one its id names"),
            std::string::npos)
      << damaged.error().message;
}

} // namespace
} // namespace ks::store
