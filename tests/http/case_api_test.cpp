// The case API through real HTTP on both backends (KS_TEST_DB), as integrations use it with bearer
// tokens: register a knowledge support with its document, start a case (diary number), the inbox,
// a completion rejected with every field error (422), accepted (200), repeated (409), and two
// clients completing one task at once (one 200, one 409, one decision recorded).
#include <atomic>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "case_api_fixture.hpp"
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
