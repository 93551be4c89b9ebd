// The case API through real HTTP on both backends (KS_TEST_DB), as integrations use it with bearer
// tokens: register a knowledge support with its document, start a case (diary number), the inbox,
// a completion rejected with every field error (422), accepted (200), repeated (409), and two
// clients completing one task at once (one 200, one 409, one decision recorded).
#include <atomic>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "auth_browser.hpp"
#include "case_api_fixture.hpp"
#include "service/accounts.hpp"
#include "store/history_store.hpp"

namespace {

using nlohmann::json;

class CaseApi : public ks::test::CaseApiFixture {
protected:
  // The case, checking the diary numbers of an empty diary.
  std::int64_t start_case(const std::string& coordinator) {
    const auto id = CaseApiFixture::start_case(coordinator);
    auto diary = get(coordinator, "/api/v1/diary?region_id=region-22");
    EXPECT_EQ(diary.at("count"), 2);
    std::set<std::string> numbers;
    for (const auto& e : diary.at("entries")) numbers.insert(e.at("number").get<std::string>());
    EXPECT_EQ(numbers, (std::set<std::string>{"RVN 2026/00001", "RVN 2026/00002"}));
    auto case_json = get(coordinator, "/api/v1/cases/" + std::to_string(id));
    EXPECT_EQ(case_json.at("diary_number"), "RVN 2026/00002");
    return id;
  }
};

TEST_F(CaseApi, TheRoutineThroughTheApi) {
  const auto coordinator = token("samordnare");
  const auto chair = token("lpo-ordf");
  const auto case_id = start_case(coordinator);

  auto mine = get(coordinator, "/api/v1/tasks?mine=true");
  ASSERT_EQ(mine.at("count"), 1);
  const auto task = mine.at("tasks").at(0);
  EXPECT_EQ(task.at("step"), "3");
  const auto path = "/api/v1/tasks/" + std::to_string(task.at("id").get<std::int64_t>());
  auto detail = get(coordinator, path);
  EXPECT_EQ(detail.at("form").at("id"), "vn-03-vidarebefordra");
  EXPECT_EQ(detail.at("version"), 1);

  auto rejected = post(coordinator, path + "/complete", {{"values", json::object()}, {"version", 1}});
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->status, 422);
  auto error = json::parse(rejected->body).at("error");
  EXPECT_EQ(error.at("field"), "values");
  ASSERT_EQ(error.at("fields").size(), 1u);
  EXPECT_EQ(error.at("fields").at(0).at("key"), "answer_due");

  auto done = post(coordinator, path + "/complete", {{"values", {{"answer_due", "2027-01-31"}}}, {"version", 1}});
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, 200) << done->body;
  auto again = post(coordinator, path + "/complete", {{"values", {{"answer_due", "2027-01-31"}}}, {"version", 1}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);

  auto k = get(chair, "/api/v1/cases/" + std::to_string(case_id));
  ASSERT_EQ(k.at("current_steps").size(), 1u);
  EXPECT_EQ(k.at("current_steps").at(0).at("step"), "4");
  EXPECT_EQ(k.at("current_steps").at(0).at("assignees").at(0).at("username"), "lpo-ordf");
  EXPECT_EQ(k.at("variables").at("lansledning"), "vn-lansledningen");
  auto history = get(chair, "/api/v1/cases/" + std::to_string(case_id) + "/history");
  EXPECT_GT(history.at("count").get<int>(), 5);
  auto diary = get(coordinator, "/api/v1/diary?direction=in&year=2026");
  EXPECT_EQ(diary.at("count"), 2);
  auto found = get(chair, "/api/v1/knowledge-supports?q=v%C3%A5rdf%C3%B6rloppen");
  EXPECT_EQ(found.at("count"), 1);

  // A municipality contact may not complete the LPO's step.
  auto contact = token("kontakt-2281");
  const auto step4 = k.at("current_steps").at(0);
  auto refused = post(contact, "/api/v1/tasks/" + std::to_string(step4.at("id").get<std::int64_t>()) + "/complete",
                      {{"values", {{"concerns", "region_only"}}}, {"version", step4.at("version")}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
}

// The inbox a page at a time, in the API (limit, offset, total, next) and on the web page (25 a
// page, ?page=N, links to the pages before and after): every open task on exactly one page.
TEST_F(CaseApi, TheInboxComesAPageAtATime) {
  const auto coordinator = token("samordnare");
  const int n = 26;
  for (int i = 0; i < n; ++i) ASSERT_GT(CaseApiFixture::start_case(coordinator, "Stöd " + std::to_string(i)), 0);

  std::set<std::int64_t> seen;
  std::string next = "/api/v1/tasks?mine=true&limit=10";
  std::vector<std::size_t> sizes;
  while (!next.empty()) {
    auto page = get(coordinator, next);
    ASSERT_TRUE(page.is_object()) << next;
    EXPECT_EQ(page.at("total"), n);
    EXPECT_EQ(page.at("limit"), 10);
    sizes.push_back(page.at("count").get<std::size_t>());
    for (const auto& t : page.at("tasks")) EXPECT_TRUE(seen.insert(t.at("id").get<std::int64_t>()).second);
    next = page.at("next").is_null() ? "" : page.at("next").get<std::string>();
    ASSERT_LT(sizes.size(), 5u) << "no end to the pages";
  }
  EXPECT_EQ(sizes, (std::vector<std::size_t>{10, 10, 6}));
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(n));
  EXPECT_EQ(get(coordinator, "/api/v1/tasks?mine=true").at("count"), n) << "100 a page unless asked";
  auto bad = get(coordinator, "/api/v1/tasks?mine=true&offset=tio", 422);
  EXPECT_EQ(bad.at("error").at("field"), "offset");

  ks::test::Browser b(*server);
  ASSERT_TRUE(b.login("samordnare", std::string(ks::service::kDemoPassword)));
  auto count_rows = [](const std::string& html) {
    std::size_t rows = 0;
    for (auto at = html.find("<a href=\"/tasks/"); at != std::string::npos; at = html.find("<a href=\"/tasks/", at + 1))
      ++rows;
    return rows;
  };
  auto first = b.get("/inbox");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  EXPECT_NE(first->body.find("Visar 1–25 av 26 öppna uppgifter"), std::string::npos) << first->body;
  EXPECT_EQ(count_rows(first->body), 25u);
  EXPECT_NE(first->body.find(R"(<a href="/inbox?page=2" rel="next">)"), std::string::npos);
  EXPECT_EQ(first->body.find(R"(rel="prev")"), std::string::npos);
  auto second = b.get("/inbox?page=2");
  ASSERT_TRUE(second);
  EXPECT_NE(second->body.find("Visar 26–26 av 26 öppna uppgifter"), std::string::npos) << second->body;
  EXPECT_EQ(count_rows(second->body), 1u);
  EXPECT_NE(second->body.find(R"(<a href="/inbox?page=1" rel="prev">)"), std::string::npos);
  EXPECT_NE(second->body.find(R"(aria-current="page">Sida 2 av 2<)"), std::string::npos);
  for (const char* beyond_path : {"/inbox?page=7", "/inbox?page=9223372036854775807"}) {
    auto beyond = b.get(beyond_path);
    ASSERT_TRUE(beyond);
    EXPECT_EQ(beyond->status, 200) << beyond_path;
    EXPECT_NE(beyond->body.find("Visar 26–26 av 26"), std::string::npos) << "a page past the last shows the last";
  }
  for (const char* wrong : {"/inbox?page=0", "/inbox?page=tv%C3%A5"}) {
    auto r = b.get(wrong);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 422) << wrong;
    EXPECT_NE(r->body.find("page ska vara"), std::string::npos) << wrong << ": " << r->body;
  }
  auto english = b.get("/inbox?page=2&lang=en");
  ASSERT_TRUE(english);
  EXPECT_NE(english->body.find("Showing 26–26 of 26 open tasks"), std::string::npos) << english->body;
}

// The case list on the web, 50 a page with a link to the page after while there is one; the
// status filter is kept from page to page and shown as chosen.
TEST_F(CaseApi, TheCaseListComesAPageAtATime) {
  const auto coordinator = token("samordnare");
  const int n = 51;
  ks::test::Browser b(*server);
  ASSERT_TRUE(b.login("samordnare", std::string(ks::service::kDemoPassword)));
  ASSERT_GT(CaseApiFixture::start_case(coordinator, "Stöd 0"), 0);
  // One of each, said so: "1 ärende", "1 öppen uppgift".
  auto one = b.get("/cases");
  ASSERT_TRUE(one);
  EXPECT_NE(one->body.find("<p>1 ärende.</p>"), std::string::npos) << one->body;
  auto one_task = b.get("/inbox");
  ASSERT_TRUE(one_task);
  EXPECT_NE(one_task->body.find("1 öppen uppgift"), std::string::npos) << one_task->body;
  for (int i = 1; i < n; ++i) ASSERT_GT(CaseApiFixture::start_case(coordinator, "Stöd " + std::to_string(i)), 0);
  auto rows = [](const std::string& html) {
    std::size_t count = 0;
    for (auto at = html.find("<tr><td><a href=\"/cases/"); at != std::string::npos;
         at = html.find("<tr><td><a href=\"/cases/", at + 1))
      ++count;
    return count;
  };
  auto first = b.get("/cases?status=running");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  EXPECT_EQ(rows(first->body), 50u);
  EXPECT_NE(first->body.find("Visar 1–50 av 51 ärenden."), std::string::npos);
  EXPECT_NE(first->body.find(R"(<li aria-current="page">Sida 1 av 2</li>)"), std::string::npos);
  EXPECT_NE(first->body.find(R"(<option value="running" selected>)"), std::string::npos);
  EXPECT_NE(first->body.find(R"(<a href="/cases?status=running&amp;page=2" rel="next">)"), std::string::npos)
      << first->body;
  auto second = b.get("/cases?status=running&page=2");
  ASSERT_TRUE(second);
  EXPECT_EQ(rows(second->body), 1u);
  EXPECT_EQ(second->body.find(R"(rel="next")"), std::string::npos);
  EXPECT_NE(second->body.find(R"(<a href="/cases?status=running&amp;page=1" rel="prev">)"), std::string::npos);
  EXPECT_NE(second->body.find("Visar 51–51 av 51 ärenden."), std::string::npos);
  auto past = b.get("/cases?status=running&page=9");
  ASSERT_TRUE(past);
  ASSERT_EQ(past->status, 200);
  EXPECT_EQ(rows(past->body), 1u) << "a page past the last shows the last";
  EXPECT_NE(past->body.find(R"(<li aria-current="page">Sida 2 av 2</li>)"), std::string::npos);
  auto english = b.get("/cases?lang=en");
  ASSERT_TRUE(english);
  EXPECT_NE(english->body.find("Showing 1–50 of 51 cases."), std::string::npos);
  auto done = b.get("/cases?status=completed");
  ASSERT_TRUE(done);
  EXPECT_EQ(rows(done->body), 0u);
  EXPECT_EQ(done->body.find("nav class=\"pager\""), std::string::npos) << "one page, no pager";
  auto wrong = b.get("/cases?page=0");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 422);

  // The API: a page, how many there are, and the next page's address with the filters kept.
  auto api = get(coordinator, "/api/v1/cases?status=running&limit=20");
  EXPECT_EQ(api.at("count"), 20);
  EXPECT_EQ(api.at("total"), n);
  EXPECT_EQ(api.at("next"), "/api/v1/cases?status=running&offset=20&limit=20");
  std::set<std::int64_t> seen;
  for (json at = api; !at.is_null(); at = at.at("next").is_null() ? json() : get(coordinator, at.at("next"))) {
    EXPECT_EQ(at.at("total"), n);
    for (const auto& k : at.at("cases")) EXPECT_TRUE(seen.insert(k.at("id").get<std::int64_t>()).second) << "twice";
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(n)) << "every case once over the pages";
  auto none = get(coordinator, "/api/v1/cases?status=completed");
  EXPECT_EQ(none.at("total"), 0);
  EXPECT_TRUE(none.at("next").is_null());
}

// The case page shows the units its variables name by name (the region, the LPO, the
// municipalities' association), with the id when alone; text that is no unit's id stays as it is.
// The knowledge support's page names its cases' regions; the timeline names who acted.
TEST_F(CaseApi, PagesNameTheUnitsOfACase) {
  const auto coordinator = token("samordnare");
  const auto id = start_case(coordinator);
  ASSERT_GT(id, 0);
  ks::test::Browser b(*server);
  ASSERT_TRUE(b.login("samordnare", std::string(ks::service::kDemoPassword)));
  auto page = b.get("/cases/" + std::to_string(id));
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  for (const char* shown : {"<dd class=\"pre\">Region Västernorrland (region-22)</dd>",
                            "<dd class=\"pre\">LPO psykisk hälsa (vn-lpo-psykisk-halsa)</dd>",
                            "<dd class=\"pre\">Kommunförbundet Västernorrland (KFVN) (vn-kfvn)</dd>",
                            "<dd class=\"pre\">Vårdförlopp depression</dd>"})
    EXPECT_NE(page->body.find(shown), std::string::npos) << shown;
  // The timeline says who acted by name.
  EXPECT_NE(page->body.find("<span class=\"muted-inline\">(Sara Samordnare (demo))</span>"), std::string::npos);
  EXPECT_EQ(page->body.find("<span class=\"muted-inline\">(samordnare)</span>"), std::string::npos);
  // The knowledge support's page lists its cases with their regions by name.
  const auto ks_id = get(coordinator, "/api/v1/cases/" + std::to_string(id)).at("knowledge_support_id").get<std::int64_t>();
  auto support = b.get("/knowledge-supports/" + std::to_string(ks_id));
  ASSERT_TRUE(support);
  ASSERT_EQ(support->status, 200);
  EXPECT_NE(support->body.find("(Region Västernorrland, "), std::string::npos) << support->body;
}

TEST_F(CaseApi, TwoClientsCompletingOneTaskOneDecisionIsRecorded) {
  const auto coordinator = token("samordnare");
  const auto case_id = start_case(coordinator);
  const auto task = get(coordinator, "/api/v1/tasks?mine=true").at("tasks").at(0);
  const auto path = "/api/v1/tasks/" + std::to_string(task.at("id").get<std::int64_t>()) + "/complete";
  std::atomic<int> ok{0}, conflict{0};
  auto attempt = [&] {
    auto r = post(coordinator, path, {{"values", {{"answer_due", "2027-01-31"}}}, {"version", 1}});
    ASSERT_TRUE(r);
    if (r->status == 200) ++ok;
    else if (r->status == 409) ++conflict;
    else ADD_FAILURE() << r->status << " " << r->body;
  };
  std::thread a(attempt), b(attempt);
  a.join();
  b.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflict.load(), 1);
  auto completed = server->db().read(
      [&](ks::store::Connection& c) { return ks::store::history::count(c, case_id, "task_completed"); });
  ASSERT_TRUE(completed);
  EXPECT_EQ(*completed, 1);
}

} // namespace
