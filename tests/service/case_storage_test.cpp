// How a completion is stored (issue 8), on both backends (KS_TEST_DB): one write transaction per
// completion, and the compact history — task_opened / task_completed events keep who, what, when
// and which task in their columns, their data only {"task": N}; reading the history gives the
// engine's full events back from the task rows. Events stored in full (older rows) read unchanged.
// A case that ends has its history packed into one row and reads the same; a completion's audit
// record leaves the submitted values to the task's row and reads, and verifies, with them.
#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "case_fixture.hpp"
#include "persisted_scenario.hpp"
#include "service/audit.hpp"
#include "service/case_service.hpp"
#include "service/task_service.hpp"
#include "store/audit_store.hpp"
#include "store/case_archive.hpp"
#include "store/case_store.hpp"
#include "store/compressed_text.hpp"
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
  // The events of kind `kind` as the table stores them (migration 0073): a row an operation, a
  // line an event — kind, element, step and data between tabs — numbered up to through_seq.
  struct RawEvent {
    std::int64_t seq = 0, at = 0;
    std::string element, step, actor, data;
  };
  std::vector<RawEvent> raw_history(std::int64_t case_id, const std::string& kind) {
    auto r = db->read([&](store::Connection& c) {
      return c.rows("SELECT through_seq, at, actor, events FROM case_history WHERE case_id = ? ORDER BY through_seq",
                    case_id);
    });
    EXPECT_TRUE(r);
    std::vector<RawEvent> out;
    for (const auto& row : r.value_or(store::Rows{})) {
      std::vector<std::string> lines;
      std::istringstream text(row.text(3));
      for (std::string line; std::getline(text, line);) lines.push_back(line);
      for (std::size_t i = 0; i < lines.size(); ++i) {
        std::vector<std::string> fields;
        std::istringstream line(lines[i]);
        for (std::string f; std::getline(line, f, '\t');) fields.push_back(f);
        EXPECT_EQ(fields.size(), 4u) << lines[i];
        if (fields.size() != 4 || fields[0] != kind) continue;
        out.push_back({row.integer(0) - static_cast<std::int64_t>(lines.size() - 1 - i), row.integer(1), fields[1],
                       fields[2], row.text(2), fields[3]});
      }
    }
    return out;
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
  EXPECT_EQ(completed[0].at, kCaseStart.ms + 3'600'000);
  EXPECT_EQ(completed[0].element, "forward_remiss");
  EXPECT_EQ(completed[0].step, "3");
  EXPECT_EQ(completed[0].actor, "samordnare");
  EXPECT_EQ(json::parse(completed[0].data), (json{{"task", task.local_id}}));
  auto opened = raw_history(id, "task_opened");
  ASSERT_GE(opened.size(), 2u);
  for (const auto& r : opened) EXPECT_EQ(json::parse(r.data).size(), 1u) << r.data;

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
    auto last = KS_TRY(c.row("SELECT MAX(through_seq) FROM case_history WHERE case_id = ?", id));
    KS_TRY(c.exec("INSERT INTO case_history (case_id, through_seq, at, actor, events) VALUES (?, ?, 0, 'someone', ?)",
                  id, last->integer(0) + 1, "task_completed\tx\t3\t" + full + "\n"));
    return {};
  }));
  auto events = history(id);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().data, full);
}

// Every field of every event, as text.
std::string events_text(const std::vector<store::history::Event>& events) {
  std::string out;
  for (const auto& e : events)
    out += std::to_string(e.seq) + "|" + std::to_string(e.at.ms) + "|" + e.kind + "|" + e.element + "|" + e.step + "|" +
           e.actor + "|" + e.data + "\n";
  return out;
}

// Replaces one section of a case's archive (store/case_archive.hpp), as a forger or a damaged disk would.
Status set_archived_tasks(store::Connection& c, std::int64_t case_id, const std::string& text) {
  auto archived = KS_TRY(store::archive::read(c, case_id));
  archived.tasks = text;
  return store::archive::write(c, case_id, archived);
}

// Every field of every task, as text (NULL as <null>).
std::string tasks_text(const std::vector<store::tasks::TaskRow>& tasks) {
  auto opt = [](const std::optional<std::string>& s) { return s ? "'" + *s + "'" : std::string("<null>"); };
  auto at = [](const std::optional<Instant>& i) { return i ? std::to_string(i->ms) : std::string("<null>"); };
  std::string out;
  for (const auto& t : tasks)
    out += std::to_string(t.id) + "|" + std::to_string(t.case_id) + "|" + std::to_string(t.local_id) + "|" + t.element +
           "|" + t.step + "|" + t.function + "|" + t.scope_unit + "|" + t.form_id + "|" + opt(t.item) + "|" +
           std::to_string(t.opened_at.ms) + "|" + at(t.due) + "|" + t.status + "|" + opt(t.completed_by) + "|" +
           at(t.completed_at) + "|" + opt(t.submitted) + "|" + std::to_string(t.version) + "\n";
  return out;
}

TEST_F(CaseStorage, APackedHistoryReadsExactlyAsItsRowsDid) {
  const auto id = start_vn();
  const auto task = open_task(id, "3");
  clock->set(Instant{kCaseStart.ms + 3'600'000});
  ASSERT_TRUE(sv::complete_task(*ctx, actor("samordnare"),
                                {task.id, task.version, {{"answer_due", "2026-03-31"}, {"forward_note", "Åäö \"citat\"\n"}}}));
  const auto rows = history(id);
  ASSERT_GE(rows.size(), 8u);
  ASSERT_TRUE(db->write([&](store::Connection& c) { return store::history::pack(c, id); }));
  EXPECT_TRUE(raw_history(id, "task_completed").empty()); // The rows are gone...
  EXPECT_EQ(events_text(history(id)), events_text(rows)); // ...and read back exactly.
  auto count = db->read([&](store::Connection& c) { return store::history::count(c, id, "task_opened"); });
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, std::count_if(rows.begin(), rows.end(), [](const auto& e) { return e.kind == "task_opened"; }));

  // An event after packing numbers on, as a row; packing again merges it in.
  ASSERT_TRUE(db->write([&](store::Connection& c) {
    // Fields with what the packed form escapes: tab, newline, backslash (and a "\\t" of two characters).
    return store::history::append(c, id, {{"attachment_added", "forward\tremiss", "3\n\\t", {{"name", "bil\taga\\.pdf"}}}},
                                  "sam\\ordnare\t", clock->now());
  }));
  auto after = history(id);
  ASSERT_EQ(after.size(), rows.size() + 1);
  EXPECT_EQ(after.back().seq, rows.back().seq + 1);
  EXPECT_EQ(after.back().kind, "attachment_added");
  EXPECT_EQ(after.back().element, "forward\tremiss");
  EXPECT_EQ(after.back().step, "3\n\\t");
  EXPECT_EQ(after.back().actor, "sam\\ordnare\t");
  EXPECT_EQ(raw_history(id, "attachment_added").size(), 1u);
  ASSERT_TRUE(db->write([&](store::Connection& c) { return store::history::pack(c, id); }));
  EXPECT_TRUE(raw_history(id, "attachment_added").empty());
  EXPECT_EQ(events_text(history(id)), events_text(after));
}

TEST_F(CaseStorage, ADamagedPackedHistoryIsNamed) {
  const auto id = start_vn();
  ASSERT_TRUE(db->write([&](store::Connection& c) { return store::history::pack(c, id); }));
  const std::pair<std::string, std::string> damages[] = {
      {"[[1,0,\"started\"]]", "it does not begin with \"ks-history 1\""},
      {"ks-history 1\n1\t0\tstarted\n", "line 2 has 3 fields, not 7"},
      {"ks-history 1\nx\t0\tstarted\t\t\t\t{}\n", "line 2 does not begin with two numbers"},
      {"ks-history 1\n1\t0\tstarted\t\t\t\\q\t{}\n", "line 2 has an unknown escape"},
      {"ks-history 1\n1\t0\tstarted\t\t\t\t{}", "its last line does not end"},
  };
  for (const auto& [stored, why] : damages) {
    ASSERT_TRUE(db->write([&](store::Connection& c) -> Status {
      KS_TRY(c.exec("UPDATE case_history_packed SET events = ? WHERE case_id = ?", store::Blob{stored}, id));
      return {};
    }));
    auto r = db->read([&](store::Connection& c) { return store::history::of_case(c, id); });
    ASSERT_FALSE(r) << stored;
    EXPECT_NE(r.error().message.find("packed history of case " + std::to_string(id) + " is damaged: " + why),
              std::string::npos)
        << r.error().message;
  }
}

TEST_F(CaseStorage, ADamagedHistoryRowIsNamed) {
  const auto id = start_vn();
  std::int64_t last = 0;
  ASSERT_TRUE(db->read([&](store::Connection& c) -> Status {
    last = KS_TRY(c.row("SELECT MAX(through_seq) FROM case_history WHERE case_id = ?", id))->integer(0);
    return {};
  }));
  ASSERT_GT(last, 1);
  const auto next = std::to_string(last + 1);
  // A row through event `through` holding `events`, and what the error says of it.
  const std::tuple<std::int64_t, std::string, std::string> damages[] = {
      {last + 1, "left\tx\t4\n", "in its row through event " + next + ", event " + next + " has 3 fields, not 4"},
      {last + 1, "left\tx\t4\t{}\textra\n", "event " + next + " has more than 4 fields"},
      {last + 1, "left\tx\\q\t4\t{}\n", "event " + next + " has an unknown escape"},
      {last + 1, "left\tx\t4\t{}\nleft", "its last line does not end"},
      {last + 1, "", "0 events follow event " + next + ", not event " + std::to_string(last)},
      {last + 3, "left\tx\t4\t{}\n", "1 events follow event " + std::to_string(last + 2) + ", not event " +
                                          std::to_string(last)},
  };
  for (const auto& [through, stored, why] : damages) {
    ASSERT_TRUE(db->write([&](store::Connection& c) -> Status {
      KS_TRY(c.exec("DELETE FROM case_history WHERE case_id = ? AND through_seq > ?", id, last));
      KS_TRY(c.exec("INSERT INTO case_history (case_id, through_seq, at, actor, events) VALUES (?, ?, 0, 'x', ?)", id,
                    through, stored));
      return {};
    }));
    auto r = db->read([&](store::Connection& c) { return store::history::of_case(c, id); });
    ASSERT_FALSE(r) << stored;
    EXPECT_NE(r.error().message.find("the history of case " + std::to_string(id) + " is damaged: "), std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find(why), std::string::npos) << r.error().message;
    // Packing it is refused too, and keeps every row.
    auto packed = db->write([&](store::Connection& c) { return store::history::pack(c, id); });
    EXPECT_FALSE(packed) << stored;
    auto rows = db->read([&](store::Connection& c) {
      return c.row("SELECT COUNT(*) FROM case_history WHERE case_id = ? AND through_seq > ?", id, last);
    });
    ASSERT_TRUE(rows && *rows);
    EXPECT_EQ((*rows)->integer(0), 1);
  }
}

TEST_F(CaseStorage, PackedTasksReadExactlyAsTheirRowsDid) {
  const auto id = start_vn();
  const auto task = open_task(id, "3");
  clock->set(Instant{kCaseStart.ms + 3'600'000});
  ASSERT_TRUE(sv::complete_task(*ctx, actor("samordnare"),
                                {task.id, task.version, {{"answer_due", "2026-03-31"}, {"forward_note", "Åäö\t\"citat\"\n\\N"}}}));
  // Closed tasks with what the packed form escapes or writes as NULL, and a text that is "\N".
  ASSERT_TRUE(db->write([&](store::Connection& c) -> Status {
    KS_TRY(c.exec("INSERT INTO tasks (case_id, local_id, element, step, function, scope_unit, form_id, item, opened_at, "
                  "due, status, completed_by, completed_at, submitted, version) VALUES "
                  "(?, 900, ?, ?, ?, '', '', NULL, 5, NULL, 'cancelled', NULL, NULL, NULL, 3), "
                  "(?, 901, 'x', '3', 'f', 'u', 'form', ?, -7, 9, 'completed', ?, 11, '', 2)",
                  id, "a\tb", "3\n\\t", "f\\N", id, "\\N", "\\"));
    return {};
  }));
  auto read = [&](bool open_only) {
    auto r = db->read([&](store::Connection& c) { return store::tasks::of_case(c, id, open_only); });
    EXPECT_TRUE(r) << r.error().describe();
    return r.value_or(std::vector<store::tasks::TaskRow>{});
  };
  const auto all = read(false);
  const auto open = read(true);
  ASSERT_GE(all.size(), open.size() + 3);
  ASSERT_FALSE(open.empty());

  ASSERT_TRUE(db->write([&](store::Connection& c) { return store::tasks::pack(c, id); }));
  auto rows = db->read([&](store::Connection& c) { return c.row("SELECT COUNT(*) FROM tasks WHERE case_id = ?", id); });
  ASSERT_TRUE(rows && *rows);
  EXPECT_EQ((*rows)->integer(0), static_cast<std::int64_t>(open.size())) << "only the open tasks are rows";
  EXPECT_EQ(tasks_text(read(false)), tasks_text(all));
  EXPECT_EQ(tasks_text(read(true)), tasks_text(open));
  for (const auto& t : all) {
    auto found = db->read([&](store::Connection& c) { return store::tasks::find(c, t.id); });
    ASSERT_TRUE(found && *found) << t.id;
    EXPECT_EQ(tasks_text({**found}), tasks_text({t}));
  }

  // A task closed after packing is a row; packing again merges it in.
  const auto next = open.front();
  ASSERT_TRUE(db->write([&](store::Connection& c) {
    return store::tasks::close(c, id, next.local_id, {.status = store::tasks::kCancelled}, clock->now());
  }));
  const auto after = read(false);
  ASSERT_TRUE(db->write([&](store::Connection& c) { return store::tasks::pack(c, id); }));
  EXPECT_EQ(tasks_text(read(false)), tasks_text(after));
  rows = db->read([&](store::Connection& c) {
    return c.row("SELECT COUNT(*) FROM tasks WHERE case_id = ? AND status <> 'open'", id);
  });
  ASSERT_TRUE(rows && *rows);
  EXPECT_EQ((*rows)->integer(0), 0);

  // Damaged packed tasks are an error naming the case and what is wrong, for the case and by id.
  const std::pair<std::string, std::string> damages[] = {
      {"[]", "they do not begin with \"ks-tasks 1\""},
      {"ks-tasks 1\n1\t2\n", "line 2 has 2 fields, not 15"},
      {"ks-tasks 1\nx\t1\te\t3\tf\tu\tform\t\\N\t0\t\\N\tcompleted\t\\N\t\\N\t\\N\t1\n",
       "line 2 has a number that is not one"},
      {"ks-tasks 1\n" + std::to_string(all.front().id) +
           "\t1\te\\q\t3\tf\tu\tform\t\\N\t0\t\\N\tcompleted\t\\N\t\\N\t\\N\t1\n",
       "line 2 has an unknown escape"},
      {"ks-tasks 1\n1\t1", "its last line does not end"},
  };
  for (const auto& [stored, why] : damages) {
    ASSERT_TRUE(db->write([&](store::Connection& c) -> Status {
      return set_archived_tasks(c, id, stored);
    }));
    const std::string named = "packed tasks of case " + std::to_string(id) + " are damaged: " + why;
    auto r = db->read([&](store::Connection& c) { return store::tasks::of_case(c, id, false); });
    ASSERT_FALSE(r) << stored;
    EXPECT_NE(r.error().message.find(named), std::string::npos) << r.error().message;
    auto f = db->read([&](store::Connection& c) { return store::tasks::find(c, all.front().id); });
    ASSERT_FALSE(f) << stored;
    EXPECT_NE(f.error().message.find(named), std::string::npos) << f.error().message;
  }
  // A packed id whose task is not in its case's packed tasks is named too.
  ASSERT_TRUE(db->write([&](store::Connection& c) -> Status {
    return set_archived_tasks(c, id, "ks-tasks 1\n");
  }));
  auto f = db->read([&](store::Connection& c) { return store::tasks::find(c, all.front().id); });
  ASSERT_FALSE(f);
  EXPECT_NE(f.error().message.find("task " + std::to_string(all.front().id) + " is not among them"), std::string::npos)
      << f.error().message;
}

TEST_F(CaseStorage, AnEndedCaseHasItsHistoryPackedAndItsAuditStoresTheValuesOnce) {
  const auto file = std::filesystem::path(KS_SOURCE_DIR) / "tests/scenarios/vn-full-municipal-path.json";
  auto run = run_persisted_scenario(*this, *ctx, *clock, file);
  ASSERT_TRUE(run.ok) << run.message;
  const auto id = run.case_id;
  auto stored = db->read([&](store::Connection& c) -> Result<std::vector<std::int64_t>> {
    auto k = KS_TRY(c.row("SELECT status FROM cases WHERE id = ?", id));
    auto rows = KS_TRY(c.row("SELECT COUNT(*) FROM case_history WHERE case_id = ?", id));
    auto packed = KS_TRY(c.row("SELECT COUNT(*) FROM case_history_packed WHERE case_id = ?", id));
    // Its audit records are packed too (migration 0073), completions without their values.
    auto audit_rows = KS_TRY(c.row("SELECT COUNT(*) FROM audit_log WHERE case_id = ?", std::to_string(id)));
    auto archived = KS_TRY(store::archive::read(c, id));
    std::int64_t compact = 0;
    if (archived.audit) {
      std::istringstream lines(*archived.audit);
      for (std::string line; std::getline(lines, line);)
        if (line.find("\ttask.complete\t") != std::string::npos && line.find("\"values\"") == std::string::npos &&
            !line.ends_with("\t\\N"))
          ++compact;
    }
    return std::vector<std::int64_t>{k && k->text(0) == "completed", rows->integer(0), packed->integer(0), compact,
                                     audit_rows->integer(0)};
  });
  ASSERT_TRUE(stored) << stored.error().describe();
  EXPECT_EQ((*stored)[0], 1) << "the scenario ends the case";
  EXPECT_EQ((*stored)[1], 0) << "no history rows left";
  EXPECT_EQ((*stored)[2], 1) << "one packed row";
  EXPECT_GT((*stored)[3], 40) << "completion records without their values";
  EXPECT_EQ((*stored)[4], 0) << "no audit rows left";
  // Its final state is archived with them, and reads as before.
  auto state = db->read([&](store::Connection& c) -> Result<std::pair<std::string, std::string>> {
    auto column = KS_TRY(c.row("SELECT state FROM cases WHERE id = ?", id));
    auto found = KS_TRY(store::cases::find(c, id));
    return std::pair{column->text(0), found ? found->fields.state : std::string()};
  });
  ASSERT_TRUE(state) << state.error().describe();
  EXPECT_EQ(state->first, "") << "the row keeps no state";
  EXPECT_EQ(json::parse(state->second).at("status"), "completed");
  // Its tasks are packed too: no rows left, each reachable by its id through the case's blocks
  // of task ids (migration 0082) — a row for every 64 tasks, none a task.
  auto task_rows = db->read([&](store::Connection& c) -> Result<std::vector<std::int64_t>> {
    auto rows = KS_TRY(c.row("SELECT COUNT(*) FROM tasks WHERE case_id = ?", id));
    auto ids = KS_TRY(c.row("SELECT COUNT(*) FROM packed_tasks WHERE case_id = ?", id));
    auto blocks = KS_TRY(c.row("SELECT COUNT(*) FROM task_blocks WHERE case_id = ?", id));
    return std::vector<std::int64_t>{rows->integer(0), ids->integer(0), blocks->integer(0)};
  });
  ASSERT_TRUE(task_rows);
  EXPECT_EQ((*task_rows)[0], 0) << "no task rows left";
  EXPECT_EQ((*task_rows)[1], 0) << "no task needs a row of its own";
  auto tasks = db->read([&](store::Connection& c) { return store::tasks::of_case(c, id, false); });
  ASSERT_TRUE(tasks);
  EXPECT_GT(tasks->size(), 40u);
  EXPECT_EQ((*task_rows)[2], (static_cast<std::int64_t>(tasks->size()) + 63) / 64);
  for (const auto& t : *tasks) {
    auto found = db->read([&](store::Connection& c) { return store::tasks::find(c, t.id); });
    ASSERT_TRUE(found && *found) << "task " << t.id;
    EXPECT_EQ((*found)->case_id, id);
    EXPECT_EQ((*found)->local_id, t.local_id);
  }

  // Read: the whole history, numbered 1..n, from start to end.
  const auto events = history(id);
  ASSERT_GT(events.size(), 100u);
  for (std::size_t i = 0; i < events.size(); ++i) ASSERT_EQ(events[i].seq, static_cast<std::int64_t>(i + 1));
  EXPECT_EQ(events.front().kind, "started");
  EXPECT_EQ(events.back().kind, "completed");

  // Read: each completion's record with the values submitted, as the task row has them.
  auto records = sv::list_audit(*ctx, {.case_id = std::to_string(id), .action = std::string("task.complete"), .limit = 1000});
  ASSERT_TRUE(records);
  std::size_t with_values = 0;
  for (const auto& r : *records) {
    const auto after = json::parse(r.after_json);
    auto task = db->read([&](store::Connection& c) { return store::tasks::find(c, std::stoll(r.object_id)); });
    ASSERT_TRUE(task && *task);
    ASSERT_TRUE((*task)->submitted.has_value());
    EXPECT_EQ(after.at("values"), json::parse(*(*task)->submitted)) << r.after_json;
    ++with_values;
  }
  EXPECT_GT(with_values, 40u);
  auto verified = sv::verify_audit(*db);
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok) << verified->reason;

  // The chain covers the values: changing them in the packed task breaks it at that record.
  const auto& target = records->at(records->size() / 2);
  ASSERT_TRUE(db->write([&](store::Connection& c) -> Status {
    auto forged = KS_TRY(store::tasks::of_case(c, id, false));
    for (auto& t : forged)
      if (t.id == std::stoll(target.object_id)) t.submitted = R"({"forged":true})";
    return set_archived_tasks(c, id, store::tasks::packed_text(forged));
  }));
  verified = sv::verify_audit(*db);
  ASSERT_TRUE(verified);
  EXPECT_FALSE(verified->ok);
  EXPECT_EQ(verified->broken_seq, target.seq) << verified->reason;
  EXPECT_NE(verified->reason.find("task " + target.object_id), std::string::npos) << verified->reason;
  // And a task removed is named as such.
  ASSERT_TRUE(db->write([&](store::Connection& c) -> Status {
    auto left = KS_TRY(store::tasks::of_case(c, id, false));
    std::erase_if(left, [&](const auto& t) { return t.id == std::stoll(target.object_id); });
    return set_archived_tasks(c, id, store::tasks::packed_text(left));
  }));
  verified = sv::verify_audit(*db);
  ASSERT_TRUE(verified);
  EXPECT_FALSE(verified->ok);
  EXPECT_EQ(verified->broken_seq, target.seq);
  EXPECT_NE(verified->reason.find("whose row is missing"), std::string::npos) << verified->reason;
}

TEST_F(CaseStorage, CasesThatEndedBeforePackingArePackedOnRequestAndAudited) {
  // Two cases with history rows; one ended as a case ended before migration 0070 did (unpacked).
  const auto ended = start_vn();
  const auto running = start_vn();
  const auto task = open_task(ended, "3");
  ASSERT_TRUE(sv::complete_task(*ctx, actor("samordnare"),
                                {task.id, task.version, {{"answer_due", "2026-03-31"}, {"forward_note", "Remiss."}}}));
  ASSERT_TRUE(db->write([&](store::Connection& c) -> Status {
    KS_TRY(c.exec("UPDATE cases SET status = 'completed' WHERE id = ?", ended));
    return {};
  }));
  const auto ended_events = events_text(history(ended));
  const auto running_rows = raw_history(running, "started");
  ASSERT_EQ(running_rows.size(), 1u);

  auto all_tasks = [&](std::int64_t id) {
    auto r = db->read([&](store::Connection& c) { return store::tasks::of_case(c, id, false); });
    EXPECT_TRUE(r) << r.error().describe();
    return tasks_text(r.value_or(std::vector<store::tasks::TaskRow>{}));
  };
  auto task_rows = [&](std::int64_t id, const char* status) {
    auto r = db->read([&](store::Connection& c) {
      return c.row("SELECT COUNT(*) FROM tasks WHERE case_id = ? AND status = ?", id, status);
    });
    EXPECT_TRUE(r && *r);
    return r && *r ? (*r)->integer(0) : -1;
  };
  const auto ended_tasks = all_tasks(ended), running_tasks = all_tasks(running);
  auto state_of = [&](std::int64_t id) {
    auto r = db->read([&](store::Connection& c) -> Result<std::pair<std::string, std::string>> {
      auto column = KS_TRY(c.row("SELECT state FROM cases WHERE id = ?", id));
      return std::pair{column->text(0), KS_TRY(store::cases::state_text(c, id))};
    });
    EXPECT_TRUE(r) << r.error().describe();
    return r.value_or(std::pair<std::string, std::string>{});
  };
  const auto ended_state = state_of(ended).second;
  ASSERT_GT(ended_state.size(), 100u);
  ASSERT_EQ(task_rows(ended, "completed"), 1);
  ASSERT_GT(task_rows(ended, "open"), 0);

  auto packed = sv::pack_ended_cases(*ctx, 1);
  ASSERT_TRUE(packed) << packed.error().describe();
  EXPECT_EQ(packed->histories, 1);
  EXPECT_EQ(packed->archived, 1);
  EXPECT_TRUE(raw_history(ended, "started").empty()); // Packed...
  EXPECT_EQ(events_text(history(ended)), ended_events); // ...every event kept.
  EXPECT_EQ(task_rows(ended, "completed"), 0);          // The closed task packed...
  EXPECT_GT(task_rows(ended, "open"), 0);               // ...an open one left a row...
  EXPECT_EQ(all_tasks(ended), ended_tasks);             // ...every task kept.
  EXPECT_EQ(state_of(ended), (std::pair<std::string, std::string>{"", ended_state})); // The state archived.
  EXPECT_FALSE(state_of(running).first.empty());
  EXPECT_EQ(raw_history(running, "started").size(), 1u); // A running case is left as it is.
  EXPECT_EQ(all_tasks(running), running_tasks);
  auto again = sv::pack_ended_cases(*ctx, 1);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->histories, 0);
  EXPECT_EQ(again->archived, 0);

  // Traceable: one audit record each, by "system", naming the case.
  for (const char* action : {"history.pack", "case.archive"}) {
    auto records = sv::list_audit(*ctx, {.action = std::string(action)});
    ASSERT_TRUE(records);
    ASSERT_EQ(records->size(), 1u) << action;
    EXPECT_EQ(records->front().username, "system");
    EXPECT_EQ(json::parse(records->front().after_json)["cases"], (json{ended}));
  }
  auto verified = sv::verify_audit(*db);
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok) << verified->reason;
}

// A record of a case keeps the chain's head in its case's row on SQLite (migration 0074: the
// completion rewrites that row's page anyway; audit_head's page is not written), and PostgreSQL in
// audit_head. Either way verify() finds a deleted newest record, a case's newest record rewritten
// with its hash recomputed, and the chain goes on after a case's records were packed out of
// audit_log while one of them was the newest.
TEST_F(CaseStorage, TheAuditHeadIsKeptWhereTheNewestRecordSaysAndHolds) {
  const bool lite = db->backend() == store::Backend::sqlite;
  struct Heads {
    std::int64_t log_seq = 0, head_seq = 0;
    std::string log_hash;
    std::optional<std::int64_t> case_seq;
    std::optional<std::string> case_hash;
  };
  auto heads = [&](std::int64_t case_id) {
    auto r = db->read([&](store::Connection& c) -> Result<Heads> {
      Heads h;
      auto log = KS_TRY(c.row("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
      auto head = KS_TRY(c.row("SELECT seq FROM audit_head WHERE id = 1"));
      auto k = KS_TRY(c.row("SELECT audit_seq, audit_hash FROM cases WHERE id = ?", case_id));
      h.log_seq = log->integer(0), h.log_hash = log->text(1), h.head_seq = head->integer(0);
      h.case_seq = k->opt_integer(0), h.case_hash = k->opt_text(1);
      return h;
    });
    EXPECT_TRUE(r) << r.error().describe();
    return r.value_or(Heads{});
  };
  auto complete = [&](std::int64_t case_id, const std::string& step) {
    const auto task = open_task(case_id, step);
    auto done = sv::complete_task(*ctx, actor("samordnare"),
                                  {task.id, task.version, {{"answer_due", "2026-03-31"}, {"forward_note", "Remiss."}}});
    ASSERT_TRUE(done) << done.error().describe();
  };
  const auto a = start_vn();
  const auto b = start_vn();
  const auto before = heads(a);
  complete(a, "3");
  const auto after_a = heads(a);
  EXPECT_GT(after_a.log_seq, before.log_seq);
  if (lite) {
    EXPECT_EQ(after_a.case_seq, after_a.log_seq);
    EXPECT_EQ(after_a.case_hash, after_a.log_hash);
    EXPECT_EQ(after_a.head_seq, before.head_seq) << "audit_head is not written";
  } else {
    EXPECT_FALSE(after_a.case_seq.has_value());
    EXPECT_EQ(after_a.head_seq, after_a.log_seq);
  }
  complete(b, "3");
  const auto newest = heads(b).log_seq;
  auto verified = sv::verify_audit(*db);
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok) << verified->reason;
  EXPECT_EQ(verified->head_seq, newest);
  EXPECT_EQ(verified->rows, newest);

  // A's newest record rewritten with its hash recomputed: on SQLite A's row names it (the next
  // record's link would name the next one); on PostgreSQL that next link does.
  std::string detail;
  ASSERT_TRUE(db->write([&](store::Connection& c) -> Status {
    auto rows = KS_TRY(store::audit::list(c, {.before_seq = after_a.log_seq + 1, .limit = 2}));
    EXPECT_EQ(rows.at(0).seq, after_a.log_seq);
    EXPECT_EQ(rows.at(0).action, "task.complete");
    detail = rows.at(0).detail;
    auto forged = rows.at(0);
    forged.prev_hash = rows.at(1).hash;
    forged.detail = "forged";
    KS_TRY(c.exec("UPDATE audit_log SET detail = 'forged', hash = ? WHERE seq = ?", store::audit::hash_of(forged),
                  forged.seq));
    return {};
  }));
  verified = sv::verify_audit(*db);
  ASSERT_TRUE(verified);
  EXPECT_FALSE(verified->ok);
  if (lite) {
    EXPECT_EQ(verified->broken_seq, after_a.log_seq) << verified->reason;
    EXPECT_NE(verified->reason.find("head kept in case " + std::to_string(a)), std::string::npos) << verified->reason;
  } else {
    EXPECT_EQ(verified->broken_seq, after_a.log_seq + 1) << verified->reason;
  }
  // The newest record deleted: the head (B's row on SQLite, audit_head on PostgreSQL) names it.
  ASSERT_TRUE(db->write([&](store::Connection& c) -> Status {
    KS_TRY(c.exec("UPDATE audit_log SET detail = ?, hash = ? WHERE seq = ?", detail, after_a.log_hash, after_a.log_seq));
    KS_TRY(c.exec("DELETE FROM audit_log WHERE seq = ?", newest));
    return {};
  }));
  verified = sv::verify_audit(*db);
  ASSERT_TRUE(verified);
  EXPECT_FALSE(verified->ok);
  EXPECT_EQ(verified->broken_seq, newest) << verified->reason;
  EXPECT_NE(verified->reason.find("the head says " + std::to_string(newest)), std::string::npos) << verified->reason;
}

// A case's records packed out of audit_log when one of them is the newest (the case's last
// completion): the next record is chained after it, not after the newest row left.
TEST_F(CaseStorage, TheChainGoesOnAfterTheNewestRecordsArePacked) {
  const auto file = std::filesystem::path(KS_SOURCE_DIR) / "tests/scenarios/vn-full-municipal-path.json";
  auto run = run_persisted_scenario(*this, *ctx, *clock, file);
  ASSERT_TRUE(run.ok) << run.message;
  auto newest = [&]() {
    auto r = db->read([&](store::Connection& c) -> Result<std::pair<std::int64_t, std::int64_t>> {
      auto log = KS_TRY(c.row("SELECT COALESCE(MAX(seq), 0) FROM audit_log"));
      auto packed = KS_TRY(c.row("SELECT MAX(last_seq) FROM audit_packed_cases WHERE case_id = ?", run.case_id));
      return std::pair{log->integer(0), packed->integer(0)};
    });
    EXPECT_TRUE(r) << r.error().describe();
    return r.value_or(std::pair<std::int64_t, std::int64_t>{});
  };
  const auto [rows_before, packed_last] = newest();
  ASSERT_GT(packed_last, rows_before) << "the ended case's last record is the newest, and packed";
  ASSERT_GT(start_vn(), 0);
  // Numbered on after the packed record: a number taken twice (a row and a packed record) or
  // skipped, or a link to another record, would not verify.
  const auto after = newest().first;
  EXPECT_GT(after, packed_last);
  auto verified = sv::verify_audit(*db);
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok) << verified->reason;
  EXPECT_EQ(verified->head_seq, after);
  EXPECT_EQ(verified->rows, after);
}

// A task packed away with its ended case keeps its id for good (task pages, audit records): a task
// opened later never takes it, though on SQLite the table's own next id would (migration 0076:
// tasks has no AUTOINCREMENT; once a case's tasks leave, the table's highest id can be lower).
TEST_F(CaseStorage, ATaskNeverTakesTheIdOfOnePackedAway) {
  const auto file = std::filesystem::path(KS_SOURCE_DIR) / "tests/scenarios/vn-full-municipal-path.json";
  auto run = run_persisted_scenario(*this, *ctx, *clock, file);
  ASSERT_TRUE(run.ok) << run.message;
  auto highest = db->read([&](store::Connection& c) -> Result<std::pair<std::int64_t, std::int64_t>> {
    auto rows = KS_TRY(c.row("SELECT COALESCE(MAX(id), 0) FROM tasks"));
    std::int64_t packed = 0;
    for (const auto& t : KS_TRY(store::tasks::of_case(c, run.case_id, false))) packed = std::max(packed, t.id);
    return std::pair{rows->integer(0), packed};
  });
  ASSERT_TRUE(highest) << highest.error().describe();
  const auto [in_table, packed] = *highest;
  ASSERT_GT(packed, in_table) << "the ended case's tasks were the newest, and left the table";
  const auto before = db->read([&](store::Connection& c) { return store::tasks::find(c, packed); });
  ASSERT_TRUE(before && *before);
  const auto next = start_vn();
  auto opened = db->read([&](store::Connection& c) { return store::tasks::of_case(c, next, true); });
  ASSERT_TRUE(opened) << opened.error().describe();
  ASSERT_FALSE(opened->empty());
  for (const auto& t : *opened) EXPECT_GT(t.id, packed) << "task " << t.local_id << " of the new case";
  const auto after = db->read([&](store::Connection& c) { return store::tasks::find(c, packed); });
  ASSERT_TRUE(after && *after);
  EXPECT_EQ((*after)->case_id, run.case_id);
  EXPECT_EQ((*after)->local_id, (*before)->local_id);
}

// Migration 0083: the first case of the routine to end leaves its archive and its history as the
// definition's dictionaries; the next case's are written with them (each value names its
// dictionary), take a fraction of the bytes, and read back as the first case's do — the second
// run's expectations, checked against what is stored, read its archived state and history.
TEST_F(CaseStorage, TheFirstEndedCaseIsTheDictionaryOfTheNext) {
  const auto file = std::filesystem::path(KS_SOURCE_DIR) / "tests/scenarios/vn-full-municipal-path.json";
  auto first = run_persisted_scenario(*this, *ctx, *clock, file);
  ASSERT_TRUE(first.ok) << first.message;
  auto second = run_persisted_scenario(*this, *ctx, *clock, file);
  ASSERT_TRUE(second.ok) << second.message;
  // Each value's size and the dictionary it names (0: none), archive then history.
  auto values = [&](std::int64_t id) {
    auto r = db->read([&](store::Connection& c) -> Result<std::vector<std::int64_t>> {
      std::vector<std::int64_t> out;
      const std::pair<std::string, std::string> columns[] = {{"data", "case_archive"},
                                                             {"events", "case_history_packed"}};
      for (const auto& [column, table] : columns) {
        auto row = KS_TRY(c.row("SELECT " + store::bytes_column(c.backend(), column) + " FROM " + table +
                                    " WHERE case_id = ?",
                                id));
        const std::string bytes = store::bytes_of(c.backend(), *row, 0).value_or("");
        out.push_back(static_cast<std::int64_t>(bytes.size()));
        out.push_back(store::compressed::dictionary_of(bytes).value_or(0));
      }
      return out;
    });
    EXPECT_TRUE(r) << r.error().describe();
    return r.value_or(std::vector<std::int64_t>(4, 0));
  };
  auto made = db->read([&](store::Connection& c) {
    return c.rows("SELECT kind, id, case_id FROM pack_dictionaries ORDER BY kind");
  });
  ASSERT_TRUE(made) << made.error().describe();
  ASSERT_EQ(made->size(), 2u);
  EXPECT_EQ((*made)[0].text(0), "archive");
  EXPECT_EQ((*made)[1].text(0), "history");
  for (const auto& row : *made) EXPECT_EQ(row.integer(2), first.case_id) << row.text(0);
  const auto alone = values(first.case_id), with = values(second.case_id);
  EXPECT_EQ(alone[1], 0);
  EXPECT_EQ(alone[3], 0);
  EXPECT_EQ(with[1], (*made)[0].integer(1));
  EXPECT_EQ(with[3], (*made)[1].integer(1));
  EXPECT_LT(with[0] * 2, alone[0]) << "archive: " << with[0] << " B against " << alone[0];
  EXPECT_LT(with[2] * 2, alone[2]) << "history: " << with[2] << " B against " << alone[2];
  // The second case's history reads event for event as the first's (their times apart).
  const auto a = history(first.case_id), b = history(second.case_id);
  ASSERT_EQ(a.size(), b.size());
  ASSERT_GT(a.size(), 100u);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].kind, b[i].kind) << i;
    EXPECT_EQ(a[i].element, b[i].element) << i;
    EXPECT_EQ(a[i].step, b[i].step) << i;
  }
  auto tasks = db->read([&](store::Connection& c) -> Result<std::pair<std::size_t, std::size_t>> {
    return std::pair{KS_TRY(store::tasks::of_case(c, first.case_id, false)).size(),
                     KS_TRY(store::tasks::of_case(c, second.case_id, false)).size()};
  });
  ASSERT_TRUE(tasks) << tasks.error().describe();
  EXPECT_EQ(tasks->first, tasks->second);
  EXPECT_GT(tasks->second, 50u);
}

// A case's open tasks are read through the list its row keeps beside the state (migration 0078):
// after every change the list names exactly the open rows, and reading through it gives what
// reading every task row of the case gives; a closed row is not read at all, and a row written
// before the list (NULL) reads as it did.
TEST_F(CaseStorage, ACasesOpenTasksAreReadThroughTheListInItsRow) {
  const auto id = start_vn();
  auto tasks = [&](bool open_only) {
    auto r = db->read([&](store::Connection& c) { return store::tasks::of_case(c, id, open_only); });
    EXPECT_TRUE(r) << r.error().describe();
    return r.value_or(std::vector<store::tasks::TaskRow>{});
  };
  auto check = [&](const char* when) {
    SCOPED_TRACE(when);
    std::vector<std::int64_t> expected, expected_local, got;
    for (const auto& t : tasks(false))
      if (t.status == store::tasks::kOpen) {
        expected.push_back(t.id);
        expected_local.push_back(t.local_id);
      }
    for (const auto& t : tasks(true))
      got.push_back(t.id);
    EXPECT_FALSE(expected.empty());
    EXPECT_EQ(got, expected);
    auto listed = db->read(
        [&](store::Connection& c) { return c.row("SELECT open_tasks FROM cases WHERE id = ?", id); });
    ASSERT_TRUE(listed && *listed);
    auto locals = store::cases::open_tasks_of_text((*listed)->opt_text(0));
    ASSERT_TRUE(locals);
    std::sort(locals->begin(), locals->end());
    EXPECT_EQ(*locals, expected_local);
  };
  check("started");
  const auto step3 = open_task(id, "3");
  ASSERT_TRUE(sv::complete_task(*ctx, actor("samordnare"),
                                {step3.id, step3.version, {{"answer_due", "2026-03-31"}}}));
  check("step 3 completed");
  const auto step4 = open_task(id, "4");
  ASSERT_TRUE(sv::complete_task(*ctx, actor("lpo-ordf"),
                                {step4.id,
                                 step4.version,
                                 {{"concerns", "municipalities"},
                                  {"concerned_municipalities", {"municipality-2260", "municipality-2262"}},
                                  {"assessment_motivation", "Berör kommunal hälso- och sjukvård."}}}));
  check("step 4 completed: the municipalities' tasks open");
  const auto open_now = tasks(true).size();

  // Step 3's row forged open again, the case's list left as it is: not read.
  ASSERT_TRUE(db->write([&](store::Connection& c) {
    return c.exec("UPDATE tasks SET status = 'open' WHERE case_id = ? AND local_id = ?", id, step3.local_id);
  }));
  auto open = tasks(true);
  EXPECT_EQ(open.size(), open_now);
  EXPECT_TRUE(std::none_of(open.begin(), open.end(), [&](const auto& t) { return t.id == step3.id; }));
  // No list (a row as written before migration 0078): every row of the case read, that one too.
  ASSERT_TRUE(db->write(
      [&](store::Connection& c) { return c.exec("UPDATE cases SET open_tasks = NULL WHERE id = ?", id); }));
  open = tasks(true);
  EXPECT_EQ(open.size(), open_now + 1);
  EXPECT_TRUE(std::any_of(open.begin(), open.end(), [&](const auto& t) { return t.id == step3.id; }));
}

} // namespace
} // namespace ks::test
