// Object-level checks through real HTTP on both backends (issue 6): a municipality contact cannot
// change another municipality's answer by sending its task id — the task's own function@unit
// decides (service::complete_task calls authorize(task.complete) with the stored scope) — and the
// refusal is audited with who tried. Reading is checked at the rule level in
// tests/service/permissions_test.cpp (AnotherMunicipalitysDraftTaskIsRefusedWhateverIdIsSent).
#include <gtest/gtest.h>

#include "service/accounts.hpp"
#include "support/http_support.hpp"

namespace ks::test {
namespace {

using nlohmann::json;

class MunicipalityScope : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_TRUE(server.ok());
    service::Context ctx{server.db(), server.clock(), server.config()};
    for (const char* user : {"kontakt-2281", "kontakt-2262"}) {
      auto t = service::create_token(ctx, service::command_line_actor(), user, "test");
      ASSERT_TRUE(t) << t.error().describe();
      tokens[user] = t->token;
    }
    // One case of Region Västernorrland with an open answer task for each of two municipalities.
    auto ids = server.db().write([&](store::Connection& c) -> Result<std::pair<std::int64_t, std::int64_t>> {
      auto ks = KS_TRY(c.insert("INSERT INTO knowledge_supports (title, kind, national_status, created_at, updated_at) "
                                "VALUES ('Vårdförlopp (test)', 'care_pathway', 'published', 0, 0) RETURNING id"));
      auto def = KS_TRY(c.insert("INSERT INTO process_definitions (process_id, version, file_name, bpmn, hash, deployed_at) "
                                 "VALUES ('municipality-scope-test', 1, 'test.bpmn', '<definitions/>', 'x', 0) RETURNING id"));
      auto case_id = KS_TRY(c.insert("INSERT INTO cases (knowledge_support_id, region_id, routine, definition_id, status, "
                                     "state, started_at, updated_at) VALUES (?, 'region-22', 'test', ?, 'running', '{}', 0, 0) "
                                     "RETURNING id",
                                     ks, def));
      auto task = [&](int local, const char* unit) {
        return c.insert("INSERT INTO tasks (case_id, local_id, element, step, function, scope_unit, opened_at, status) "
                        "VALUES (?, ?, 'answer', '6', 'contact', ?, 0, 'open') RETURNING id",
                        case_id, local, unit);
      };
      return std::pair{KS_TRY(task(1, "municipality-2281")), KS_TRY(task(2, "municipality-2262"))};
    });
    ASSERT_TRUE(ids) << ids.error().describe();
    task_2281 = ids->first;
    task_2262 = ids->second;
  }

  httplib::Result complete(const std::string& user, std::int64_t task) {
    auto c = server.client();
    c.set_bearer_token_auth(tokens.at(user));
    json body = {{"values", {{"answer", "Sundsvall svarar för Timrå"}}}, {"version", 1}};
    return c.Post("/api/v1/tasks/" + std::to_string(task) + "/complete", body.dump(), "application/json");
  }

  std::int64_t denied_for(const std::string& user, std::int64_t task) {
    auto n = server.db().read([&](store::Connection& c) -> Result<std::int64_t> {
      auto r = KS_TRY(c.row("SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied' AND username = ? AND object_id = ?",
                            user, std::to_string(task)));
      return r ? r->integer(0) : 0;
    });
    return n.value_or(-1);
  }

  TestServer server;
  std::map<std::string, std::string> tokens;
  std::int64_t task_2281 = 0, task_2262 = 0;
};

TEST_F(MunicipalityScope, AContactCannotChangeAnotherMunicipalitysAnswer) {
  auto res = complete("kontakt-2281", task_2262);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403) << res->body;
  EXPECT_EQ(denied_for("kontakt-2281", task_2262), 1);
  // Nothing changed: the task is still open, version 1, nothing submitted.
  auto row = server.db().read([&](store::Connection& c) {
    return c.row("SELECT status, version, submitted FROM tasks WHERE id = ?", task_2262);
  });
  ASSERT_TRUE(row && *row);
  EXPECT_EQ((*row)->text(0), "open");
  EXPECT_EQ((*row)->integer(1), 1);
  EXPECT_TRUE((*row)->is_null(2));
  // The other way round as well.
  EXPECT_EQ(complete("kontakt-2262", task_2281)->status, 403);
}

TEST_F(MunicipalityScope, AContactCannotReadAnotherMunicipalitysOpenAnswer) {
  auto get = [&](const std::string& user, std::int64_t task) {
    auto c = server.client();
    c.set_bearer_token_auth(tokens.at(user));
    return c.Get("/api/v1/tasks/" + std::to_string(task));
  };
  auto own = get("kontakt-2281", task_2281);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 200) << own->body;
  auto other = get("kontakt-2281", task_2262);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403) << other->body;
  EXPECT_EQ(get("kontakt-2262", task_2281)->status, 403);
}

TEST_F(MunicipalityScope, TheInboxShowsOnlyTheOwnMunicipalitysTask) {
  auto c = server.client();
  c.set_bearer_token_auth(tokens.at("kontakt-2281"));
  auto res = c.Get("/api/v1/tasks");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const auto body = res->body;
  EXPECT_NE(body.find("\"id\":" + std::to_string(task_2281)), std::string::npos) << body;
  EXPECT_EQ(body.find("\"id\":" + std::to_string(task_2262)), std::string::npos) << body;
}

} // namespace
} // namespace ks::test
