// The case use cases on both backends (KS_TEST_DB): starting a case (steps 1-2, diary number),
// derived start variables, the inbox, completing with optimistic concurrency and per-field
// errors, the national decision as a message, and timers fired once by concurrent workers.
#include <atomic>
#include <fstream>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "case_fixture.hpp"
#include "service/case_service.hpp"
#include "service/case_variables.hpp"
#include "service/knowledge_support_service.hpp"
#include "service/permissions.hpp"
#include "service/process_registry.hpp"
#include "service/settings.hpp"
#include "service/structure_service.hpp"
#include "store/structure_store.hpp"
#include "service/task_service.hpp"
#include "service/timer_worker.hpp"
#include "store/case_store.hpp"
#include "store/diary_store.hpp"
#include "store/document_store.hpp"
#include "store/history_store.hpp"
#include "store/process_store.hpp"
#include "store/task_store.hpp"
#include "store/timer_store.hpp"

namespace ks::test {
namespace {

using nlohmann::json;
namespace sv = service;

class CaseService : public CaseFixture {
protected:
  sv::StartedCase start_vn(std::int64_t ks = 0) {
    sv::StartCase in;
    in.knowledge_support_id = ks ? ks : add_knowledge_support();
    in.routine = "vasternorrland";
    in.region_id = "region-22";
    in.lpo_id = "vn-lpo-psykisk-halsa";
    auto r = sv::start_case(*ctx, actor("samordnare"), in);
    EXPECT_TRUE(r) << r.error().describe();
    return r.value_or(sv::StartedCase{});
  }

  std::vector<store::tasks::TaskRow> open_tasks(std::int64_t case_id) {
    auto r = db->read([&](store::Connection& c) { return store::tasks::of_case(c, case_id, true); });
    EXPECT_TRUE(r);
    return r.value_or(std::vector<store::tasks::TaskRow>{});
  }

  std::int64_t count(std::int64_t case_id, std::string kind) {
    auto r = db->read([&](store::Connection& c) { return store::history::count(c, case_id, kind); });
    EXPECT_TRUE(r);
    return r.value_or(-1);
  }

  // Completes the single open task of the step as `who`.
  Result<sv::CompletedTask> complete_step(std::int64_t case_id, std::string step, json values, sv::Actor who) {
    for (const auto& t : open_tasks(case_id))
      if (t.step == step) return sv::complete_task(*ctx, who, {t.id, t.version, std::move(values)});
    return fail(Error::not_found("no open task for step " + step));
  }
};

TEST_F(CaseService, StartingACaseDoesStepsOneAndTwo) {
  auto started = start_vn();
  ASSERT_GT(started.case_id, 0);
  EXPECT_EQ(started.diary_number, "RVN 2026/00001");
  auto detail = sv::case_detail(*ctx, actor("samordnare"), started.case_id);
  ASSERT_TRUE(detail) << detail.error().describe();
  EXPECT_EQ(detail->record.fields.status, "running");
  EXPECT_EQ(detail->record.fields.current_phase, "consultation");
  ASSERT_EQ(detail->open_tasks.size(), 1u);
  EXPECT_EQ(detail->open_tasks[0].task.step, "3");
  ASSERT_EQ(detail->open_tasks[0].assignees.size(), 1u);
  EXPECT_EQ(detail->open_tasks[0].assignees[0].username, "samordnare");
  ASSERT_EQ(detail->diary.size(), 1u);
  EXPECT_EQ(detail->diary[0].fields.direction, domain::DiaryDirection::in);
  EXPECT_EQ(detail->variables.at("kfvn"), "vn-kfvn");

  auto history = sv::case_history(*ctx, actor("samordnare"), started.case_id);
  ASSERT_TRUE(history);
  ASSERT_FALSE(history->empty());
  EXPECT_EQ(history->front().kind, "started");
  EXPECT_EQ(history->front().actor, "samordnare");

  EXPECT_EQ(start_vn().diary_number, "RVN 2026/00002");
}

TEST_F(CaseService, DerivedStartVariablesAreThoseOfTheScenarios) {
  auto vars = db->read([&](store::Connection& c) {
    sv::CaseStartInput in{"vasternorrland", "region-22", "vn-lpo-psykisk-halsa", 1, "x", json::object()};
    return sv::start_variables(c, in, "2026-01-01");
  });
  ASSERT_TRUE(vars) << vars.error().describe();
  std::ifstream file(std::string(KS_SOURCE_DIR) + "/tests/scenarios/vn-full-municipal-path.json");
  json scenario = json::parse(file);
  for (const auto& [k, v] : scenario["start"]["variables"].items()) EXPECT_EQ((*vars)[k], v) << k;

  auto bad = db->read([&](store::Connection& c) {
    sv::CaseStartInput in{"vasternorrland", "municipality-2281", "vn-lpo-psykisk-halsa", 1, "x", json::object()};
    return sv::start_variables(c, in, "2026-01-01");
  });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "region_id");
}

// Dalarna's divisions come from the structure (units of kind division): D2 offers them, and their
// heads and verksamhetschefer get D7 and D8.
TEST_F(CaseService, DalarnasDerivedStartVariablesAreThoseOfItsScenarios) {
  auto vars = db->read([&](store::Connection& c) {
    sv::CaseStartInput in{"dalarna", "region-20", std::nullopt, 1, "x", json::object()};
    return sv::start_variables(c, in, "2026-01-01");
  });
  ASSERT_TRUE(vars) << vars.error().describe();
  std::ifstream file(std::string(KS_SOURCE_DIR) + "/tests/scenarios/dalarna-several-divisions.json");
  json scenario = json::parse(file);
  for (const auto& [k, v] : scenario["start"]["variables"].items()) EXPECT_EQ((*vars)[k], v) << k;
  EXPECT_EQ((*vars)["division_options"].size(), 3u);
}

TEST_F(CaseService, OnlyTheRegionsCoordinatorMayStartACase) {
  sv::StartCase in{add_knowledge_support(), "vasternorrland", "region-22", "vn-lpo-psykisk-halsa", json::object()};
  auto r = sv::start_case(*ctx, actor("kontakt-2281"), in);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::forbidden);
  in.routine = "no-such-routine";
  auto unknown = sv::start_case(*ctx, actor("samordnare"), in);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "routine");
}

// The inbox a page at a time (issue 8: at national scale an LPO chair has ≈130 open tasks; the
// inbox was one unpaged list, cut off without a word at 500): the pages hold every open task once,
// in due order, and each page tells how many there are and how many are overdue in all.
TEST_F(CaseService, TheInboxIsPagedAndCountsAllItsTasks) {
  const int n = 27; // A full page of 25 and two on the next.
  std::set<std::int64_t> started;
  for (int i = 0; i < n; ++i) {
    started.insert(start_vn().case_id);
    clock->advance_ms(3600 * 1000); // Each step 3 due an hour after the one before.
  }
  auto first = sv::my_tasks(*ctx, actor("samordnare"));
  ASSERT_TRUE(first) << first.error().describe();
  EXPECT_EQ(first->total, n);
  EXPECT_EQ(first->overdue, 0);
  ASSERT_EQ(first->items.size(), sv::kInboxPageSize);
  auto second = sv::my_tasks(*ctx, actor("samordnare"), sv::kInboxPageSize);
  ASSERT_TRUE(second) << second.error().describe();
  EXPECT_EQ(second->total, n);
  ASSERT_EQ(second->items.size(), 2u);
  std::set<std::int64_t> cases;
  std::optional<Instant> previous_due;
  for (const auto* page : {&*first, &*second}) {
    for (const auto& item : page->items) {
      EXPECT_EQ(item.view.task.step, "3");
      EXPECT_TRUE(cases.insert(item.view.task.case_id).second) << "case " << item.view.task.case_id << " twice";
      ASSERT_TRUE(item.view.task.due);
      if (previous_due) {
        EXPECT_LE(previous_due->ms, item.view.task.due->ms) << "the earliest due first";
      }
      previous_due = item.view.task.due;
    }
  }
  EXPECT_EQ(cases, started) << "every open task on one of the pages";
  auto past = sv::my_tasks(*ctx, actor("samordnare"), 100);
  ASSERT_TRUE(past);
  EXPECT_TRUE(past->items.empty());
  EXPECT_EQ(past->total, n);

  // Just after the tenth case's task fell due (step 3's deadline is five days from the start), it
  // and the nine before it are overdue, whichever page is shown.
  clock->advance_ms(5LL * 24 * 3600 * 1000 - (n - 9) * 3600 * 1000LL + 1);
  auto late = sv::my_tasks(*ctx, actor("samordnare"), sv::kInboxPageSize);
  ASSERT_TRUE(late);
  EXPECT_EQ(late->overdue, 10);
  auto first_late = sv::my_tasks(*ctx, actor("samordnare"), 0, 10);
  ASSERT_TRUE(first_late);
  ASSERT_EQ(first_late->items.size(), 10u);
  for (const auto& item : first_late->items) EXPECT_TRUE(item.view.overdue) << "task " << item.view.task.id;

  for (std::size_t bad : {std::size_t{0}, sv::kInboxMaxPageSize + 1}) {
    auto r = sv::my_tasks(*ctx, actor("samordnare"), 0, bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
    EXPECT_EQ(r.error().field, "limit");
  }
}

// A list of cases is a page of the cases the reader may read (issue 8): at national scale the
// newest cases are mostly other regions', and a page of every region's with the unreadable taken
// out held 4 of 100 for a region's coordinator. Offsets count readable cases only.
TEST_F(CaseService, AListOfCasesIsAPageOfThoseTheReaderMayRead) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 6; ++i) {
    ids.push_back(start_vn().case_id);
    clock->advance_ms(60'000);
  }
  // The three newest belong to Dalarna, where Västernorrland's people hold no function.
  ASSERT_TRUE(db->write([&](store::Connection& c) -> Status {
    for (int i = 3; i < 6; ++i) KS_TRY(c.exec("UPDATE cases SET region_id = 'region-20' WHERE id = ?", ids[i]));
    return {};
  }));
  std::int64_t total = -1; // Of the last page read.
  auto page = [&](const sv::Actor& who, std::size_t limit, std::size_t offset,
                  std::optional<std::string> status = std::nullopt) {
    store::cases::Filter f;
    f.limit = limit;
    f.offset = offset;
    f.status = std::move(status);
    auto r = sv::list_cases(*ctx, who, f);
    EXPECT_TRUE(r) << r.error().describe();
    std::vector<std::int64_t> out;
    total = r ? r->total : -1;
    if (r)
      for (const auto& k : r->cases) out.push_back(k.id);
    return out;
  };
  const auto coordinator = actor("samordnare");
  EXPECT_EQ(page(coordinator, 2, 0), (std::vector<std::int64_t>{ids[2], ids[1]}));
  EXPECT_EQ(total, 3) << "the cases the reader may read, on every page";
  EXPECT_EQ(page(coordinator, 2, 2), (std::vector<std::int64_t>{ids[0]}));
  EXPECT_EQ(total, 3);
  EXPECT_EQ(page(coordinator, 10, 0), (std::vector<std::int64_t>{ids[2], ids[1], ids[0]}));
  EXPECT_EQ(page(coordinator, 10, 3), (std::vector<std::int64_t>{})) << "past the last";
  EXPECT_EQ(total, 3);
  EXPECT_EQ(page(coordinator, 10, 0, "completed"), (std::vector<std::int64_t>{}));
  EXPECT_EQ(total, 0) << "the total counts what the filter matches";
  EXPECT_EQ(page(actor("kontakt-2281"), 1, 1), (std::vector<std::int64_t>{ids[1]})) << "a municipality in the county";
  EXPECT_EQ(total, 3);
  // Another region asked for by name: none of its cases.
  store::cases::Filter dalarna;
  dalarna.region_id = "region-20";
  auto other = sv::list_cases(*ctx, coordinator, dalarna);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->cases.empty());
  EXPECT_EQ(other->total, 0);
  // An administrator reads every region's.
  sv::Actor admin;
  admin.account_id = 1;
  admin.username = "admin";
  admin.admin_account = true;
  EXPECT_EQ(page(admin, 4, 0), (std::vector<std::int64_t>{ids[5], ids[4], ids[3], ids[2]}));
  EXPECT_EQ(total, 6);
  // Anyone signed in may read every case: the total counts every region's, the page is theirs too.
  ASSERT_TRUE(db->write([&](store::Connection& c) { return sv::set_setting(c, std::string(sv::kCaseReadSetting), "signed_in"); }));
  EXPECT_EQ(page(coordinator, 4, 2), (std::vector<std::int64_t>{ids[3], ids[2], ids[1], ids[0]}));
  EXPECT_EQ(total, 6);
  // Participants: the region's own people (a function held in the region itself), not its
  // municipalities'.
  ASSERT_TRUE(db->write([&](store::Connection& c) { return sv::set_setting(c, std::string(sv::kCaseReadSetting), "participants"); }));
  EXPECT_EQ(page(coordinator, 10, 0), (std::vector<std::int64_t>{ids[2], ids[1], ids[0]}));
  EXPECT_EQ(total, 3);
  EXPECT_EQ(page(actor("kontakt-2281"), 10, 0), (std::vector<std::int64_t>{}));
  EXPECT_EQ(total, 0);
}

// By the setting "participants" a case is read by those who hold a function in its region or in
// its LPO (case_scope). A list asks for exactly those cases (cases.lpo_id, migration 0081): an
// LPO's chair, who has no function in the region itself, lists the cases of that LPO — before,
// the list asked for the region alone and showed them none of the cases their pages showed.
TEST_F(CaseService, ParticipantsListTheCasesOfTheirLpoAsTheirPagesShowThem) {
  ASSERT_TRUE(db->write([&](store::Connection& c) { return sv::set_setting(c, std::string(sv::kCaseReadSetting), "participants"); }));
  std::vector<std::int64_t> ids;
  for (const char* lpo : {"vn-lpo-psykisk-halsa", "vn-lpo-kirurgi", "vn-lpo-psykisk-halsa", "vn-lpo-kirurgi",
                          "vn-lpo-psykisk-halsa"}) {
    sv::StartCase in;
    in.knowledge_support_id = add_knowledge_support();
    in.routine = "vasternorrland";
    in.region_id = "region-22";
    in.lpo_id = lpo;
    auto started = sv::start_case(*ctx, actor("samordnare"), in);
    ASSERT_TRUE(started) << started.error().describe();
    ids.push_back(started->case_id);
    clock->advance_ms(60'000);
  }
  auto listed = [&](const sv::Actor& who, std::size_t limit = 10, std::size_t offset = 0) {
    store::cases::Filter f;
    f.limit = limit;
    f.offset = offset;
    auto r = sv::list_cases(*ctx, who, f);
    EXPECT_TRUE(r) << r.error().describe();
    std::pair<std::vector<std::int64_t>, std::int64_t> out{{}, r ? r->total : -1};
    if (r)
      for (const auto& k : r->cases) out.first.push_back(k.id);
    return out;
  };
  // What each one's case pages show, newest first: the list must be the same.
  auto readable = [&](const sv::Actor& who) {
    std::vector<std::int64_t> out;
    for (auto it = ids.rbegin(); it != ids.rend(); ++it)
      if (sv::case_detail(*ctx, who, *it)) out.push_back(*it);
    return out;
  };
  const auto psykisk = holder_of("chair", "vn-lpo-psykisk-halsa");
  const auto kirurgi = holder_of("member", "vn-lpo-kirurgi");
  const auto region = holder_of("coordinator", "region-22");
  const auto municipality = actor("kontakt-2281");
  for (const auto* who : {&psykisk, &kirurgi, &region, &municipality}) {
    const auto [cases, total] = listed(*who);
    EXPECT_EQ(cases, readable(*who)) << who->username;
    EXPECT_EQ(total, static_cast<std::int64_t>(cases.size())) << who->username;
  }
  EXPECT_EQ(listed(psykisk).first, (std::vector<std::int64_t>{ids[4], ids[2], ids[0]}));
  EXPECT_EQ(listed(kirurgi).first, (std::vector<std::int64_t>{ids[3], ids[1]}));
  EXPECT_EQ(listed(region).second, 5) << "the region's own people read all its cases";
  EXPECT_EQ(listed(municipality).second, 0) << "a municipality's contact takes part in none of them";
  // Pages count the LPO's cases only.
  EXPECT_EQ(listed(psykisk, 2, 2), (std::pair<std::vector<std::int64_t>, std::int64_t>{{ids[0]}, 3}));
  // A document of a case is read as its page is: by the LPO's chair too, not by another LPO's.
  auto doc = db->write([&](store::Connection& c) {
    return store::documents::insert(c, {std::nullopt, ids[0], std::nullopt}, "underlag.pdf", "application/pdf",
                                    "%PDF-1.4 underlag", "samordnare", clock->now());
  });
  ASSERT_TRUE(doc) << doc.error().describe();
  auto by_chair = sv::document_content(*ctx, psykisk, *doc);
  ASSERT_TRUE(by_chair) << by_chair.error().describe();
  EXPECT_EQ(by_chair->content, "%PDF-1.4 underlag");
  auto by_other = sv::document_content(*ctx, kirurgi, *doc);
  ASSERT_FALSE(by_other);
  EXPECT_EQ(by_other.error().code, ErrorCode::forbidden);
  const auto lpo_of = [&](std::int64_t id) {
    auto k = db->read([&](store::Connection& c) { return store::cases::find_summary(c, id); });
    EXPECT_TRUE(k && *k);
    return k && *k ? (*k)->fields.lpo_id : std::nullopt;
  };
  EXPECT_EQ(lpo_of(ids[0]), "vn-lpo-psykisk-halsa");
  EXPECT_EQ(lpo_of(ids[1]), "vn-lpo-kirurgi");
}

// The units a form suggests (step 16's LAG, step 31's group): those of the kinds asked for in the
// county of the case's region, read when the page is shown.
TEST_F(CaseService, AFormSuggestsTheUnitsOfTheCasesCounty) {
  auto options = sv::county_unit_options(*ctx, "region-22", {"lag", "collaboration_body"});
  ASSERT_TRUE(options) << options.error().describe();
  auto ids = [&](const char* kind) {
    std::set<std::string> out;
    for (const auto& o : options->at(kind)) out.insert(o.at("value").get<std::string>());
    return out;
  };
  EXPECT_TRUE(ids("lag").contains("vn-lag-demo-depression"));
  EXPECT_TRUE(ids("collaboration_body").contains("vn-lsg-halsam-vuxna")) << "step 31's group in the path";
  for (const auto& id : ids("lag")) {
    auto unit = db->read([&](store::Connection& c) { return store::structure::find_unit(c, id); });
    ASSERT_TRUE(unit && *unit);
    EXPECT_EQ((*unit)->kind, domain::UnitKind::lag) << id;
    EXPECT_EQ((*unit)->county, "22") << id;
  }
  // A LAG set up after the case began is among them the next time the page is shown.
  const auto before = ids("lag").size();
  auto imported = sv::import_structure_csv(*ctx,
                                           "record,id,kind,name,parent,county,status\n"
                                           "unit,vn-lag-ny,lag,LAG Ny,vn-lpo-psykisk-halsa,22,active\n",
                                           "ny-lag.csv");
  ASSERT_TRUE(imported) << imported.error().describe();
  options = sv::county_unit_options(*ctx, "region-22", {"lag", "collaboration_body"});
  ASSERT_TRUE(options);
  EXPECT_EQ(ids("lag").size(), before + 1);
  EXPECT_TRUE(ids("lag").contains("vn-lag-ny"));
  auto dalarna = sv::county_unit_options(*ctx, "region-20", {"lag"});
  ASSERT_TRUE(dalarna);
  for (const auto& o : dalarna->at("lag")) EXPECT_FALSE(o.at("value").get<std::string>().starts_with("vn-"));
  auto unknown_kind = sv::county_unit_options(*ctx, "region-22", {"grupp"});
  ASSERT_FALSE(unknown_kind);
  EXPECT_EQ(unknown_kind.error().field, "kind");
  auto nowhere = sv::county_unit_options(*ctx, "region-99", {"lag"});
  ASSERT_TRUE(nowhere);
  EXPECT_TRUE(nowhere->at("lag").empty());
}

TEST_F(CaseService, InboxShowsTasksOfMyCurrentFunctions) {
  auto started = start_vn();
  auto inbox = sv::my_tasks(*ctx, actor("samordnare"));
  ASSERT_TRUE(inbox) << inbox.error().describe();
  const auto& mine = inbox->items;
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(inbox->total, 1);
  EXPECT_EQ(mine.front().view.task.step, "3");
  EXPECT_EQ(mine.front().case_summary.diary_number, started.diary_number);
  // The former coordinator's assignment has ended.
  auto former = sv::my_tasks(*ctx, actor("samordnare-tidigare"));
  ASSERT_TRUE(former);
  EXPECT_TRUE(former->items.empty());
  EXPECT_EQ(former->total, 0);

  auto detail = sv::task_detail(*ctx, actor("samordnare"), mine.front().view.task.id);
  ASSERT_TRUE(detail) << detail.error().describe();
  EXPECT_TRUE(detail->may_complete);
  EXPECT_EQ(detail->form.value("id", ""), "vn-03-vidarebefordra");
  EXPECT_EQ(detail->view.task.version, 1);
}

TEST_F(CaseService, RejectedCompletionListsEveryFieldAndStoresNothing) {
  auto started = start_vn();
  ASSERT_TRUE(complete_step(started.case_id, "3", {{"answer_due", "2026-03-31"}}, actor("samordnare")));
  const auto history_before = count(started.case_id, "entered");
  auto task = open_tasks(started.case_id).at(0);
  ASSERT_EQ(task.step, "4");
  // concerns is required; concerned_municipalities must be from the options.
  auto r = sv::complete_task(*ctx, actor("lpo-ordf"),
                             {task.id, task.version, {{"concerned_municipalities", json::array({"municipality-9999"})}}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  auto fields = sv::field_errors_of(r.error());
  ASSERT_GE(fields.size(), 2u) << r.error().message;
  std::set<std::string> keys;
  for (const auto& f : fields) keys.insert(f.key);
  EXPECT_TRUE(keys.contains("concerns"));
  EXPECT_TRUE(keys.contains("concerned_municipalities"));
  auto after = open_tasks(started.case_id).at(0);
  EXPECT_EQ(after.id, task.id);
  EXPECT_EQ(after.version, task.version);
  EXPECT_EQ(after.status, "open");
  EXPECT_EQ(count(started.case_id, "entered"), history_before);
  EXPECT_EQ(count(started.case_id, "task_completed"), 1);
}

TEST_F(CaseService, StaleVersionIsAConflict) {
  auto started = start_vn();
  auto task = open_tasks(started.case_id).at(0);
  auto stale = sv::complete_task(*ctx, actor("samordnare"), {task.id, task.version + 1, {{"answer_due", "2026-03-31"}}});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::conflict);
  ASSERT_TRUE(sv::complete_task(*ctx, actor("samordnare"), {task.id, task.version, {{"answer_due", "2026-03-31"}}}));
  auto again = sv::complete_task(*ctx, actor("samordnare"), {task.id, task.version, {{"answer_due", "2026-03-31"}}});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  // Someone without the function may not complete it.
  auto other = open_tasks(started.case_id).at(0);
  auto refused = sv::complete_task(*ctx, actor("kontakt-2281"), {other.id, other.version, {{"concerns", "region_only"}}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
}

TEST_F(CaseService, TwoConcurrentCompletionsOneSucceedsOneConflicts) {
  for (int round = 0; round < 3; ++round) {
    auto started = start_vn();
    auto task = open_tasks(started.case_id).at(0);
    std::atomic<int> ok{0}, conflicts{0}, other{0};
    auto attempt = [&] {
      auto r = sv::complete_task(*ctx, actor("samordnare"), {task.id, task.version, {{"answer_due", "2026-03-31"}}});
      if (r) ++ok;
      else if (r.error().code == ErrorCode::conflict) ++conflicts;
      else {
        ++other;
        ADD_FAILURE() << r.error().describe();
      }
    };
    std::thread a(attempt), b(attempt);
    a.join();
    b.join();
    EXPECT_EQ(ok.load(), 1);
    EXPECT_EQ(conflicts.load(), 1);
    EXPECT_EQ(count(started.case_id, "task_completed"), 1);
    auto row = db->read([&](store::Connection& c) { return store::tasks::find(c, task.id); });
    ASSERT_TRUE(row && *row);
    EXPECT_EQ((*row)->version, task.version + 1);
    EXPECT_EQ(open_tasks(started.case_id).size(), 1u); // Step 4, opened once.
  }
}

// A completion computed ahead of its write transaction (while the SQLite writer is busy) is used
// only if its case is still at the version it was computed from: here another municipality's
// answer is stored in between, and the stale one is computed again inside — the case ends exactly
// as when the two were completed one after the other.
TEST_F(CaseService, ACompletionComputedAheadIsNotUsedOnceItsCaseChanged) {
  const json step4 = {{"concerns", "municipalities"},
                      {"concerned_municipalities", {"municipality-2260", "municipality-2262", "municipality-2280"}},
                      {"assessment_motivation", "Berör kommunal hälso- och sjukvård."}};
  const json answer = {{"views", "Inga invändningar."}, {"prepared_in", "network_with_vc"}, {"answered_by", "MAS"}};
  auto run = [&](bool ahead) -> std::string {
    auto started = start_vn();
    EXPECT_TRUE(complete_step(started.case_id, "3", {{"answer_due", "2026-03-31"}}, actor("samordnare")));
    EXPECT_TRUE(complete_step(started.case_id, "4", step4, actor("lpo-ordf")));
    std::optional<store::tasks::TaskRow> a, b;
    for (auto& t : open_tasks(started.case_id)) {
      if (t.scope_unit == "municipality-2260") a = t;
      if (t.scope_unit == "municipality-2262") b = t;
    }
    if (!a || !b) {
      ADD_FAILURE() << "step 5 has no tasks for municipalities 2260 and 2262";
      return "";
    }
    std::optional<sv::PreparedCompletion> prepared;
    if (ahead) {
      prepared = sv::prepare_completion(*ctx, {a->id, a->version, answer});
      EXPECT_TRUE(prepared);
    }
    EXPECT_TRUE(sv::complete_task(*ctx, assignee_of(b->function, b->scope_unit), {b->id, b->version, answer}));
    auto done = sv::complete_task(*ctx, assignee_of(a->function, a->scope_unit), {a->id, a->version, answer},
                                  std::move(prepared));
    EXPECT_TRUE(done) << done.error().describe();
    auto outcome = db->read([&](store::Connection& c) -> Result<std::string> {
      auto k = KS_TRY(store::cases::find(c, started.case_id));
      std::string out = k ? k->fields.state + " v" + std::to_string(k->version) + "\n" : "";
      for (const auto& t : KS_TRY(store::tasks::of_case(c, started.case_id, false)))
        out += std::to_string(t.local_id) + " " + t.status + " " + t.submitted.value_or("-") + "\n";
      for (const auto& e : KS_TRY(store::history::of_case(c, started.case_id)))
        out += std::to_string(e.seq) + " " + e.kind + " " + e.element + " " + e.data + "\n";
      return out;
    });
    EXPECT_TRUE(outcome);
    return outcome.value_or("");
  };
  const auto before = sv::completion_counts();
  const std::string one_after_the_other = run(false);
  SetUp(); // A fresh database, the same clock start.
  const std::string with_stale_ahead = run(true);
  EXPECT_EQ(sv::completion_counts().ahead_discarded, before.ahead_discarded + 1);
  EXPECT_EQ(sv::completion_counts().ahead_used, before.ahead_used);
  EXPECT_GT(one_after_the_other.size(), 2'000u);
  EXPECT_EQ(one_after_the_other, with_stale_ahead);
}

// Work done ahead of the write transaction takes the library the writer last used for the case's
// definition, without reading the deployment tables. Once something new is deployed, the
// writer's library is another: the work is done again inside, with the new one, which the next
// completion's work ahead then takes.
TEST_F(CaseService, ACompletionComputedAheadWithALibraryReplacedSinceIsComputedAgainInside) {
  const json step4 = {{"concerns", "municipalities"},
                      {"concerned_municipalities", {"municipality-2260", "municipality-2262"}},
                      {"assessment_motivation", "Berör kommunal hälso- och sjukvård."}};
  const json answer = {
      {"views", "Inga invändningar."}, {"prepared_in", "network_with_vc"}, {"answered_by", "MAS"}};
  auto started = start_vn();
  ASSERT_TRUE(complete_step(started.case_id, "3", {{"answer_due", "2026-03-31"}}, actor("samordnare")));
  ASSERT_TRUE(complete_step(started.case_id, "4", step4, actor("lpo-ordf")));
  auto definition =
      db->read([&](store::Connection& c) { return store::cases::find_summary(c, started.case_id); });
  ASSERT_TRUE(definition && *definition);
  const std::int64_t definition_id = (*definition)->fields.definition_id;
  const auto used_before = sv::last_library_for_definition(definition_id);
  ASSERT_TRUE(used_before);

  // A form deployed again, changed (a space after its JSON): a new version.
  ASSERT_TRUE(db->write([&](store::Connection& c) -> Status {
    auto forms = KS_TRY(store::processes::latest_forms(c));
    if (forms.empty()) return fail(Error::internal("no forms deployed"));
    if (!KS_TRY(store::processes::deploy_form(c, forms.front().form_id, forms.front().form_json + " ",
                                              clock->now())))
      return fail(Error::internal("the changed form was not deployed"));
    return {};
  }));

  auto complete_ahead = [&](const store::tasks::TaskRow& t) -> std::shared_ptr<const engine::ProcessLibrary> {
    auto prepared = sv::prepare_completion(*ctx, {t.id, t.version, answer});
    if (!prepared) return nullptr;
    auto library = prepared->library;
    auto done = sv::complete_task(*ctx, assignee_of(t.function, t.scope_unit), {t.id, t.version, answer},
                                  std::move(prepared));
    EXPECT_TRUE(done) << done.error().describe();
    return library;
  };
  std::vector<store::tasks::TaskRow> tasks;
  for (auto& t : open_tasks(started.case_id))
    if (t.scope_unit == "municipality-2260" || t.scope_unit == "municipality-2262") tasks.push_back(t);
  ASSERT_EQ(tasks.size(), 2u);
  const auto before = sv::completion_counts();
  EXPECT_EQ(complete_ahead(tasks[0]), used_before);
  EXPECT_EQ(sv::completion_counts().ahead_discarded, before.ahead_discarded + 1);
  EXPECT_EQ(sv::completion_counts().ahead_used, before.ahead_used);
  const auto used_after = sv::last_library_for_definition(definition_id);
  ASSERT_TRUE(used_after);
  EXPECT_NE(used_after, used_before);

  EXPECT_EQ(complete_ahead(tasks[1]), used_after);
  EXPECT_EQ(sv::completion_counts().ahead_discarded, before.ahead_discarded + 1);
  EXPECT_EQ(sv::completion_counts().ahead_used, before.ahead_used + 1);
  EXPECT_EQ(count(started.case_id, "task_completed"), 4);
}

// Computed ahead or not, the answers to wrong completions are the same: invalid values, a stale
// version, someone without the function, and two at once.
TEST_F(CaseService, ComputedAheadWrongCompletionsAreAnsweredAsInside) {
  sv::CompletionPathFor path(sv::CompletionPath::ahead);
  auto started = start_vn();
  auto task = open_tasks(started.case_id).at(0);
  auto stale = sv::complete_task(*ctx, actor("samordnare"), {task.id, task.version + 1, {{"answer_due", "2026-03-31"}}});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::conflict);
  auto invalid = sv::complete_task(*ctx, actor("samordnare"), {task.id, task.version, {{"answer_due", "inte ett datum"}}});
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code, ErrorCode::invalid_input);
  auto refused = sv::complete_task(*ctx, actor("kontakt-2281"), {task.id, task.version, {{"answer_due", "2026-03-31"}}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
  EXPECT_EQ(count(started.case_id, "task_completed"), 0);
  std::atomic<int> ok{0}, conflicts{0};
  auto attempt = [&] {
    auto r = sv::complete_task(*ctx, actor("samordnare"), {task.id, task.version, {{"answer_due", "2026-03-31"}}});
    if (r) ++ok;
    else if (r.error().code == ErrorCode::conflict) ++conflicts;
    else ADD_FAILURE() << r.error().describe();
  };
  std::thread x(attempt), y(attempt);
  x.join();
  y.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflicts.load(), 1);
  EXPECT_EQ(count(started.case_id, "task_completed"), 1);
  EXPECT_EQ(open_tasks(started.case_id).size(), 1u); // Step 4, opened once.
}

TEST_F(CaseService, MessageTheCaseIsNotWaitingForIsAConflict) {
  auto started = start_vn();
  ASSERT_TRUE(complete_step(started.case_id, "3", {{"answer_due", "2026-03-31"}}, actor("samordnare")));
  ASSERT_TRUE(complete_step(started.case_id, "4", {{"concerns", "region_only"}}, actor("lpo-ordf")));
  // Not waiting for a decision in the region-internal routine: conflict, nothing stored.
  sv::CaseMessage early{started.case_id, "national_decision", {{"decision", "adopted"}}, std::nullopt};
  auto r = sv::correlate_message(*ctx, actor("samordnare"), early);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
}

TEST_F(CaseService, MessageAtStepEightRegistersTheDecisionAtStepNine) {
  auto started = start_vn();
  auto s = actor("samordnare");
  ASSERT_TRUE(complete_step(started.case_id, "3", {{"answer_due", "2026-03-31"}}, s));
  ASSERT_TRUE(complete_step(started.case_id, "4",
                            {{"concerns", "municipalities"}, {"concerned_municipalities", json::array({"municipality-2281"})}},
                            actor("lpo-ordf")));
  // Two step-5 tasks: the LPO's and Sundsvall's.
  for (const auto& t : open_tasks(started.case_id)) {
    if (t.element == "lpo_experts") {
      ASSERT_TRUE(sv::complete_task(*ctx, actor("lpo-ordf"), {t.id, t.version, {{"lpo_answer", "Svar"}}}));
    } else if (t.element == "municipality_answer") {
      auto r = sv::complete_task(*ctx, actor("kontakt-2281"),
                                 {t.id, t.version, {{"views", "Synpunkter"}, {"prepared_in", "network_with_vc"}}});
      ASSERT_TRUE(r) << r.error().describe();
    }
  }
  ASSERT_TRUE(complete_step(started.case_id, "5", {{"municipal_answer", "Sammanställt"}}, actor("kfvn")));
  auto step7 = complete_step(started.case_id, "7", {{"consultation_answer", "Remissvar"}, {"answer_sent", "2026-02-01"}}, s);
  ASSERT_TRUE(step7) << step7.error().describe();
  ASSERT_EQ(step7->step.diary_numbers.size(), 1u); // The formal answer, outgoing.
  EXPECT_EQ(step7->step.phase, "national_decision");

  std::string pdf = "%PDF-1.4\nbeslut\n%%EOF";
  sv::CaseMessage decision{started.case_id, "national_decision", {{"national_decision_date", "2026-06-01"}},
                           sv::Upload{"beslut.pdf", pdf}};
  auto r = sv::correlate_message(*ctx, s, decision);
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r->diary_numbers.size(), 1u);
  auto detail = sv::case_detail(*ctx, s, started.case_id);
  ASSERT_TRUE(detail);
  EXPECT_EQ(detail->variables.at("national_decision_date"), "2026-06-01");
  ASSERT_EQ(detail->documents.size(), 1u);
  bool linked = false;
  for (const auto& e : detail->diary)
    if (e.number == r->diary_numbers[0]) linked = e.fields.document_id == detail->documents[0].id;
  EXPECT_TRUE(linked);
  EXPECT_EQ(detail->open_tasks.at(0).task.step, "11");
  EXPECT_FALSE(detail->notifications.empty());
  // Step 7 shared the answer with the LPO's chair (notify chair@lpo); step 10 informed them again.
  auto notices = sv::my_notifications(*ctx, actor("lpo-ordf"));
  ASSERT_TRUE(notices) << notices.error().describe();
  EXPECT_GE(notices->size(), 2u);
  auto none = sv::my_notifications(*ctx, actor("kontakt-2260"));
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_F(CaseService, TimerAYearAheadFiresOnceWithTwoWorkers) {
  // region-only: R1 proceed, R2 fully, R3 plan, R4 implemented → the yearly follow-up waits P1Y.
  sv::StartCase in{add_knowledge_support(), "region-only", "region-22", "vn-lpo-psykisk-halsa", json::object()};
  auto started = sv::start_case(*ctx, actor("samordnare"), in);
  ASSERT_TRUE(started) << started.error().describe();
  const auto id = started->case_id;
  auto chair = actor("lpo-ordf");
  ASSERT_TRUE(complete_step(id, "R1", {{"ro_assessment", "proceed"}, {"ro_proposal", "Införs"}}, chair));
  ASSERT_TRUE(complete_step(id, "R2",
                            {{"ro_decision", "fully"}, {"ro_decided_by", "Områdesdirektör"}, {"ro_decision_date", "2026-01-02"}},
                            actor("omradesdirektor")));
  ASSERT_TRUE(complete_step(id, "R3", {{"ro_communication", "Intranät"}}, chair));
  ASSERT_TRUE(complete_step(id, "R4", {{"ro_implementation_report", "Klart"}}, actor("vc-region")));
  EXPECT_TRUE(open_tasks(id).empty());

  auto timers = db->read([&](store::Connection& c) { return store::timers::of_case(c, id); });
  ASSERT_TRUE(timers);
  ASSERT_EQ(timers->size(), 1u);
  EXPECT_EQ(format_date(timers->front().due), "2027-01-01");

  // Nothing is due yet.
  auto early = sv::fire_due_timers(*ctx, "early");
  ASSERT_TRUE(early);
  EXPECT_EQ(early->claimed, 0u);

  clock->advance_ms(366LL * 24 * 3600 * 1000);
  std::atomic<std::size_t> fired{0};
  auto work = [&](std::string name) {
    for (int i = 0; i < 5; ++i) {
      auto run = sv::fire_due_timers(*ctx, name);
      ASSERT_TRUE(run) << run.error().describe();
      fired += run->fired;
    }
  };
  std::thread a(work, "worker-a"), b(work, "worker-b");
  a.join();
  b.join();
  EXPECT_EQ(fired.load(), 1u);
  EXPECT_EQ(count(id, "timer_fired"), 1);
  auto tasks = open_tasks(id);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].step, "R5");
  auto history = sv::case_history(*ctx, actor("samordnare"), id);
  ASSERT_TRUE(history);
  bool by_system = false;
  for (const auto& e : *history)
    if (e.kind == "timer_fired") by_system = e.actor == "system";
  EXPECT_TRUE(by_system);
}

TEST_F(CaseService, TimerWorkerThreadFiresDueTimers) {
  sv::StartCase in{add_knowledge_support(), "vasternorrland", "region-22", "vn-lpo-psykisk-halsa", json::object()};
  auto started = sv::start_case(*ctx, actor("samordnare"), in);
  ASSERT_TRUE(started);
  sv::TimerWorker worker(*ctx, 10);
  worker.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  worker.stop();
  SUCCEED();
}

TEST_F(CaseService, KnowledgeSupportWithDocumentIsRegisteredInTheDiary) {
  sv::RegisterKnowledgeSupport in;
  in.fields.title = "Vårdförlopp schizofreni";
  in.fields.kind = domain::KnowledgeSupportKind::care_pathway;
  in.fields.national_status = domain::NationalStatus::decided;
  in.fields.owner_unit_id = std::nullopt;
  in.document = sv::Upload{"vardforlopp.pdf", "%PDF-1.7\n..."};
  in.diary = sv::DiaryRegistration{"region-22", domain::DiaryDirection::in, "SKR", "Vårdförlopp schizofreni"};
  auto r = sv::register_knowledge_support(*ctx, actor("samordnare"), in);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->diary_number, "RVN 2026/00001");
  auto doc = sv::document_content(*ctx, actor("samordnare"), *r->document_id);
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->content, "%PDF-1.7\n...");
  EXPECT_EQ(doc->info.media_type, "application/pdf");

  in.document = sv::Upload{"virus.exe", "MZ\x90"};
  auto refused = sv::register_knowledge_support(*ctx, actor("samordnare"), in);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "content");
  config.max_upload_bytes = 4;
  in.document = sv::Upload{"stor.pdf", "%PDF-1.7"};
  auto large = sv::register_knowledge_support(*ctx, actor("samordnare"), in);
  ASSERT_FALSE(large);
  EXPECT_EQ(large.error().code, ErrorCode::too_large);

  // Nothing of the refused registrations was stored.
  auto diary = sv::list_diary(*ctx, actor("samordnare"), {});
  ASSERT_TRUE(diary);
  EXPECT_EQ(diary->size(), 1u);
  store::knowledge_supports::Query q;
  q.text = "vårdförloppen";
  auto found = sv::search_knowledge_supports(*ctx, actor("samordnare"), q);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->size(), 1u);
}

} // namespace
} // namespace ks::test
