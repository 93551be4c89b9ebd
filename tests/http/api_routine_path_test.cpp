// Issue 5, "done when": the Västernorrland routine through the JSON API alone, on both backends.
// The path is bench/engine/vn-typical-path.json, whose groups are the demo data's: every task is done by a person the API names as its assignee (GET /api/v1/cases/{id}
// current_steps), found in that person's inbox (GET /api/v1/tasks?mine=true), read with its version
// (GET /api/v1/tasks/{id}) and completed (POST /api/v1/tasks/{id}/complete); the formal consultation
// answer is registered as outgoing (POST /api/v1/cases/{id}/documents), the national decision
// arrives as a message with its document (POST /api/v1/cases/{id}/messages), a municipality attaches
// a document to its answer (POST /api/v1/tasks/{id}/attachments). Only the yearly follow-up timer is
// fired by the test, as the server's timer worker would. At step 24 two clients record the region's
// decision at once: one succeeds, one gets 409, one decision is recorded. Values that would give
// a task to nobody are refused on the way: at step 13 a made-up or missing steering group, at step
// 16 a LAG id that names no unit.
#include <atomic>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "auth_browser.hpp"
#include "case_api_fixture.hpp"
#include "engine/duration.hpp"
#include "service/accounts.hpp"
#include "service/timer_worker.hpp"

namespace ks::test {
namespace {

using nlohmann::json;

json typical_path() {
  std::ifstream in(std::string(KS_SOURCE_DIR) + "/bench/engine/vn-typical-path.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

class ApiRoutinePath : public CaseApiFixture {
protected:
  std::string case_path() const { return "/api/v1/cases/" + std::to_string(case_id); }

  // The open task at step (for scope), and the username of its first assignee, from the case.
  std::pair<json, std::string> open_task(const std::string& step, const std::string& scope) {
    auto k = get(token("samordnare"), case_path());
    for (const auto& t : k.at("current_steps")) {
      if (t.at("step") != step || (!scope.empty() && t.at("scope_unit") != scope)) continue;
      if (t.at("assignees").empty()) {
        ADD_FAILURE() << "step " << step << " " << scope << " has no assignee: " << t.dump();
        return {t, ""};
      }
      return {t, t.at("assignees").at(0).at("username").get<std::string>()};
    }
    ADD_FAILURE() << "no open task at step " << step << " " << scope << "; open: " << k.at("current_steps").dump();
    return {nullptr, ""};
  }

  // Completes the step as its assignee, through their inbox; returns the task id.
  std::int64_t complete(const std::string& step, const std::string& scope, const json& values) {
    auto [task, user] = open_task(step, scope);
    if (task.is_null() || user.empty()) return 0;
    const auto who = token(user);
    const auto id = task.at("id").get<std::int64_t>();
    bool in_inbox = false;
    const auto inbox = get(who, "/api/v1/tasks?mine=true");
    for (const auto& t : inbox.at("tasks"))
      if (t.at("id") == id) in_inbox = true;
    EXPECT_TRUE(in_inbox) << "step " << step << " " << scope << " is not in " << user << "'s inbox";
    auto detail = get(who, "/api/v1/tasks/" + std::to_string(id));
    EXPECT_EQ(detail.at("may_complete"), true) << user << " step " << step;
    auto r = post(who, "/api/v1/tasks/" + std::to_string(id) + "/complete",
                  {{"values", values}, {"version", detail.at("version")}});
    EXPECT_TRUE(r && r->status == 200) << "step " << step << " " << scope << " as " << user << ": "
                                       << (r ? r->body : "no response");
    return id;
  }

  // Two clients of the same representative complete the task at once with different decisions.
  void two_clients_at_once(const std::string& scope, const json& values) {
    auto [task, user] = open_task("24", scope);
    ASSERT_FALSE(user.empty());
    const auto who = token(user);
    const auto id = task.at("id").get<std::int64_t>();
    const auto before = task_completions("24");
    std::atomic<int> ok{0}, conflict{0};
    std::string winner;
    std::mutex mutex;
    auto attempt = [&](std::string decision) {
      json v = values;
      v["decision"] = decision;
      auto r = post(who, "/api/v1/tasks/" + std::to_string(id) + "/complete", {{"values", v}, {"version", task.at("version")}});
      ASSERT_TRUE(r);
      if (r->status == 200) {
        ++ok;
        std::lock_guard lock(mutex);
        winner = decision;
      } else if (r->status == 409) {
        ++conflict;
      } else {
        ADD_FAILURE() << r->status << " " << r->body;
      }
    };
    std::thread a(attempt, "fully"), b(attempt, "partly");
    a.join();
    b.join();
    EXPECT_EQ(ok.load(), 1);
    EXPECT_EQ(conflict.load(), 1);
    EXPECT_EQ(task_completions("24"), before + 1);
    auto stored = get(who, "/api/v1/tasks/" + std::to_string(id));
    EXPECT_EQ(stored.at("status"), "completed");
    EXPECT_EQ(stored.at("version"), task.at("version").get<int>() + 1);
    EXPECT_EQ(stored.at("values").at("decision"), winner);
  }

  // Step 13 routes the case to a steering group: one that is not the Länsledning's, or none, is
  // refused, through the API (422, naming the field or the forum) and on the task page (the form
  // again with the values and why, 422); nothing is stored.
  void refusals_at_step_13(const json& values) {
    auto [task, user] = open_task("13", "");
    ASSERT_EQ(user, "samverkanskoordinator");
    const auto id = task.at("id").get<std::int64_t>();
    const auto path = "/api/v1/tasks/" + std::to_string(id);
    const auto version = get(token(user), path).at("version");
    json made_up = values, none = values;
    made_up["steering_group"] = "vn-styrgrupp-vard-och-omsorg";
    none.erase("steering_group");
    auto r = post(token(user), path + "/complete", {{"values", made_up}, {"version", version}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 422) << r->body;
    EXPECT_NE(r->body.find("steering_group"), std::string::npos) << r->body;
    r = post(token(user), path + "/complete", {{"values", none}, {"version", version}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 422) << r->body;
    EXPECT_NE(r->body.find("forum"), std::string::npos) << r->body;

    Browser b(*server);
    ASSERT_TRUE(b.login(user, std::string(service::kDemoPassword)));
    ASSERT_TRUE(b.get("/tasks/" + std::to_string(id)));
    auto page = b.post("/tasks/" + std::to_string(id), {{"version", std::to_string(version.get<int>())},
                                                         {"forum_type", "styrgrupp"}, {"registered", "2026-08-20"}});
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 422);
    EXPECT_NE(page->body.find("id=\"refused\""), std::string::npos) << page->body;
    EXPECT_NE(page->body.find("2026-08-20"), std::string::npos) << "the entered values are kept";
    EXPECT_EQ(get(token(user), path).at("status"), "open");
    EXPECT_EQ(task_completions("13"), 0u);
  }

  // Step 16 names the LAG by its id in the structure: one that is no unit would give its
  // members' tasks to nobody, and is refused as the field's error (422); nothing is stored.
  void made_up_lag_is_refused(json values) {
    auto [task, user] = open_task("16", "");
    ASSERT_FALSE(user.empty());
    const auto path = "/api/v1/tasks/" + std::to_string(task.at("id").get<std::int64_t>());
    values["lag"] = "vn-lag-finns-inte";
    auto r = post(token(user), path + "/complete", {{"values", values}, {"version", get(token(user), path).at("version")}});
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 422) << r->body;
    const auto fields = json::parse(r->body).at("error").at("fields");
    ASSERT_EQ(fields.size(), 1u) << r->body;
    EXPECT_EQ(fields[0].at("key"), "lag");
    EXPECT_NE(fields[0].at("message").get<std::string>().find("vn-lag-finns-inte"), std::string::npos);
    EXPECT_EQ(get(token(user), path).at("status"), "open");
    EXPECT_EQ(task_completions("16"), 0u);
  }

  std::size_t task_completions(const std::string& step) {
    std::size_t n = 0;
    const auto history = get(token("samordnare"), case_path() + "/history");
    for (const auto& e : history.at("history"))
      if (e.at("kind") == "task_completed" && e.at("step") == step) ++n;
    return n;
  }

  std::int64_t case_id = 0;
};

TEST_F(ApiRoutinePath, TheVasternorrlandRoutineThroughTheApiAlone) {
  const auto coordinator = token("samordnare");
  case_id = start_case(coordinator, "Vårdförlopp depression och ångestsyndrom (API)");
  ASSERT_GT(case_id, 0);
  const json path = typical_path();
  bool concurrency_checked = false, attached = false;
  for (const auto& entry : path.at("steps")) {
    if (entry.contains("message")) {
      // 8–9: the national decision arrives with its document and is registered.
      json body = entry.at("message");
      body["document"] = {{"filename", "beslut.pdf"}, {"content_base64", "JVBERi0xLjQKYmVzbHV0Cg=="}};
      auto r = post(coordinator, case_path() + "/messages", body);
      ASSERT_TRUE(r);
      ASSERT_EQ(r->status, 200) << r->body;
      EXPECT_FALSE(json::parse(r->body).at("diary_numbers").empty());
      continue;
    }
    if (entry.contains("advance")) {
      // The yearly follow-up: what the server's timer worker does when the time has come.
      auto d = engine::parse_duration(entry.at("advance").get<std::string>());
      ASSERT_TRUE(d);
      server->clock().set(engine::add_duration(server->clock().now(), *d));
      auto run = service::fire_due_timers(*ctx, "api-path-test");
      ASSERT_TRUE(run) << run.error().describe();
      EXPECT_GE(run->fired, 1u);
      EXPECT_EQ(run->failed, 0u);
      continue;
    }
    const auto& c = entry.at("complete");
    const auto step = c.at("step").get<std::string>();
    const auto scope = c.value("scope", std::string());
    // The file's groups are the demo data's: its steering group (chair sg-ordf: 13, 14, 22, 31),
    // its LAG (members lag-medlem-1 and -2: 28) and its LSG (chair lsg-ordf: 32).
    const json& values = c.at("values");
    if (step == "5" && scope == "municipality-2281" && !attached) {
      // Sundsvall attaches its underlying document to its answer before completing it.
      auto [task, user] = open_task(step, scope);
      ASSERT_FALSE(user.empty());
      auto r = post(token(user), "/api/v1/tasks/" + std::to_string(task.at("id").get<std::int64_t>()) + "/attachments",
                    {{"document", {{"filename", "underlag.pdf"}, {"content_base64", "JVBERi0xLjQKdW5kZXJsYWcK"}}},
                     {"description", "Sundsvalls underlag"}});
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 201) << r->body;
      attached = true;
    }
    if (step == "24" && scope == "region-22" && !concurrency_checked) {
      two_clients_at_once(scope, values);
      concurrency_checked = true;
      continue;
    }
    if (values.contains("forum_type")) refusals_at_step_13(values);
    if (step == "16") made_up_lag_is_refused(values);
    ASSERT_GT(complete(step, scope, values), 0) << "step " << step << " " << scope;
    if (step == "7") {
      // The formal consultation answer, registered as outgoing to SKR.
      auto r = post(coordinator, case_path() + "/documents",
                    {{"document", {{"filename", "remissvar.pdf"}, {"content_base64", "JVBERi0xLjQKc3Zhcgo="}}},
                     {"direction", "out"}, {"counterpart", "SKR"}, {"description", "Formellt remissvar"}});
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 201) << r->body;
    }
  }
  EXPECT_TRUE(concurrency_checked && attached);

  // The end: completed, every step of the routine passed, the diary holds both directions.
  auto k = get(coordinator, case_path());
  EXPECT_EQ(k.at("status"), "completed");
  EXPECT_TRUE(k.at("current_steps").empty());
  std::set<std::string> entered;
  const auto history = get(coordinator, case_path() + "/history");
  for (const auto& e : history.at("history"))
    if (e.at("kind") == "entered" && !e.at("step").get<std::string>().empty()) entered.insert(e.at("step").get<std::string>());
  for (int s = 1; s <= 33; ++s) EXPECT_TRUE(entered.count(std::to_string(s))) << "step " << s << " never entered";
  std::set<std::string> directions;
  for (const auto& e : k.at("diary")) directions.insert(e.at("direction").get<std::string>());
  EXPECT_EQ(directions, (std::set<std::string>{"in", "out"}));
  EXPECT_EQ(task_completions("24"), 8u); // One decision per principal, the contested one once.
}

} // namespace
} // namespace ks::test
