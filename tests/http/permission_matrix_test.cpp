// Every role × action × scope cell of the permission model (service/permissions.hpp), allowed and
// denied, through real HTTP on both backends: each role signs in with an API token and asks
// GET /api/v1/permissions/check; the route-level refusals (403 and audited) and the anonymous
// answers (401) are checked on real routes. One role also asks through a browser session: how a
// person signs in never changes what they may do.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "http/auth_browser.hpp"
#include "service/accounts.hpp"
#include "service/permissions.hpp"
#include "support/http_support.hpp"

namespace ks::test {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

// Roles: a demo account each, named by the function that matters.
const std::vector<std::string> kRoles = {
    "samordnare",            // coordinator@region-22
    "registrator",           // registrar@region-22
    "kfvn",                  // coordinator@vn-kfvn (municipalities' association, county 22)
    "lpo-ordf",              // chair of every Västernorrland LPO
    "kontakt-2281",          // contact@municipality-2281 (Sundsvall)
    "kontakt-2262",          // contact@municipality-2262 (Timrå)
    "ll-ordf",               // chair@vn-lansledningen
    "ll-2281",               // representative@vn-lansledningen for municipality-2281
    "ll-region-22",          // representative@vn-lansledningen for region-22
    "samverkanskoordinator", // collaboration_coordinator@vn-lansledningen
    "lag-medlem-1",          // member@vn-lag-demo-demens
    "samordnare-tidigare",   // coordinator@region-22 until 2024-12-31: nothing today
    "admin",                 // administrator@region-22
};

struct Cell {
  std::string action;
  std::string scope_name;
  Params scope;
  std::set<std::string> allowed; // Every other role is denied.
};

const std::set<std::string> kAllRoles(kRoles.begin(), kRoles.end());
// Everyone with a function in county 22 today (case.read's default "region" setting).
const std::set<std::string> kCounty22 = {"samordnare", "registrator", "kfvn", "lpo-ordf", "kontakt-2281",
                                         "kontakt-2262", "ll-ordf", "ll-2281", "ll-region-22",
                                         "samverkanskoordinator", "lag-medlem-1", "admin"};

const std::vector<Cell> kMatrix = {
    {"structure.read", "-", {}, kAllRoles},
    {"structure.manage", "-", {}, {"admin"}},
    {"accounts.manage", "-", {}, {"admin"}},
    {"routines.manage", "-", {}, {"admin"}},
    {"audit.read", "whole log", {}, {"admin"}},
    {"audit.read", "case in region-22", {{"case_id", "1"}, {"region_id", "region-22"}}, {"admin", "samordnare"}},
    {"audit.read", "case in region-20", {{"case_id", "2"}, {"region_id", "region-20"}}, {"admin"}},
    {"case.read", "region-22", {{"region_id", "region-22"}}, kCounty22},
    {"case.read", "region-20", {{"region_id", "region-20"}}, {"admin"}},
    {"case.register", "region-22", {{"region_id", "region-22"}}, {"samordnare", "registrator", "kfvn"}},
    {"case.register", "region-20", {{"region_id", "region-20"}}, {}},
    {"case.manage", "region-22", {{"region_id", "region-22"}}, {"samordnare", "kfvn"}},
    {"case.manage", "region-20", {{"region_id", "region-20"}}, {}},
    {"lpo.act", "vn-lpo-psykisk-halsa", {{"lpo_id", "vn-lpo-psykisk-halsa"}}, {"lpo-ordf"}},
    {"lpo.act", "nb-lpo-psykisk-halsa", {{"lpo_id", "nb-lpo-psykisk-halsa"}}, {}},
    {"municipality.answer", "municipality-2281", {{"municipality_id", "municipality-2281"}}, {"kontakt-2281"}},
    {"municipality.answer", "municipality-2262", {{"municipality_id", "municipality-2262"}}, {"kontakt-2262"}},
    {"municipality.answer", "municipality-2280", {{"municipality_id", "municipality-2280"}}, {}},
    {"decision.decide", "vn-lansledningen", {{"body_id", "vn-lansledningen"}}, {"ll-ordf", "ll-2281", "ll-region-22"}},
    {"decision.decide", "da-lghs", {{"body_id", "da-lghs"}}, {}},
    {"principal_decision.record", "municipality-2281", {{"principal_id", "municipality-2281"}}, {"ll-2281"}},
    {"principal_decision.record", "region-22", {{"principal_id", "region-22"}}, {"ll-region-22"}},
    {"principal_decision.record", "municipality-2262", {{"principal_id", "municipality-2262"}}, {}},
    {"task.complete", "contact@municipality-2281", {{"function", "contact"}, {"unit_id", "municipality-2281"}}, {"kontakt-2281"}},
    {"task.complete", "contact@municipality-2262", {{"function", "contact"}, {"unit_id", "municipality-2262"}}, {"kontakt-2262"}},
    {"task.complete", "representative@municipality-2281", {{"function", "representative"}, {"unit_id", "municipality-2281"}}, {"ll-2281"}},
    {"task.complete", "coordinator@region-22", {{"function", "coordinator"}, {"unit_id", "region-22"}}, {"samordnare"}},
    {"task.complete", "chair@vn-lpo-psykisk-halsa", {{"function", "chair"}, {"unit_id", "vn-lpo-psykisk-halsa"}}, {"lpo-ordf"}},
    {"task.complete", "member@vn-lag-demo-demens", {{"function", "member"}, {"unit_id", "vn-lag-demo-demens"}}, {"lag-medlem-1"}},
    {"task.complete", "collaboration_coordinator@vn-lansledningen",
     {{"function", "collaboration_coordinator"}, {"unit_id", "vn-lansledningen"}}, {"samverkanskoordinator"}},
    // Implementation plans, indicators and reports (issue 7, service/followup_permissions.hpp).
    {"plan.read", "region-22", {{"region_id", "region-22"}}, kCounty22},
    {"plan.read", "region-20", {{"region_id", "region-20"}}, {"admin"}},
    {"plan.edit", "region-22 / vn-lpo-psykisk-halsa / LAG demens",
     {{"region_id", "region-22"}, {"lpo_id", "vn-lpo-psykisk-halsa"}, {"unit_id", "vn-lag-demo-demens"}},
     {"admin", "samordnare", "kfvn", "lpo-ordf", "lag-medlem-1"}},
    {"plan.edit", "region-20 / nb-lpo-psykisk-halsa", {{"region_id", "region-20"}, {"lpo_id", "nb-lpo-psykisk-halsa"}}, {"admin"}},
    {"plan.report", "region-22 / vn-lpo-psykisk-halsa / principal municipality-2281",
     {{"region_id", "region-22"}, {"lpo_id", "vn-lpo-psykisk-halsa"}, {"principal_id", "municipality-2281"}},
     {"admin", "samordnare", "kfvn", "lpo-ordf", "kontakt-2281", "ll-2281"}},
    {"plan.report", "region-20 / grouping vn-lansledningen", {{"region_id", "region-20"}, {"body_id", "vn-lansledningen"}},
     {"admin", "ll-ordf", "ll-2281", "ll-region-22", "samverkanskoordinator"}},
    {"indicator.import", "-", {}, {"admin", "samordnare", "kfvn"}},
    {"report.read", "-", {}, kCounty22},
};

std::string check_path(const Cell& cell) {
  std::string path = "/api/v1/permissions/check?action=" + cell.action;
  for (const auto& [k, v] : cell.scope) path += "&" + k + "=" + v;
  return path;
}

class PermissionMatrix : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_TRUE(server.ok());
    service::Context ctx{server.db(), server.clock(), server.config()};
    for (const auto& role : kRoles) {
      auto t = service::create_token(ctx, service::command_line_actor(), role, "matrix");
      ASSERT_TRUE(t) << role << ": " << t.error().describe();
      tokens[role] = t->token;
    }
  }

  httplib::Client as(const std::string& role) {
    auto c = server.client();
    c.set_bearer_token_auth(tokens.at(role));
    return c;
  }

  TestServer server;
  std::map<std::string, std::string> tokens;
};

TEST_F(PermissionMatrix, EveryRoleActionAndScope) {
  int cells = 0;
  for (const auto& role : kRoles) {
    auto c = as(role);
    for (const auto& cell : kMatrix) {
      auto res = c.Get(check_path(cell));
      ASSERT_TRUE(res) << role << " " << cell.action;
      ASSERT_EQ(res->status, 200) << role << " " << cell.action << " " << cell.scope_name << ": " << res->body;
      const auto j = nlohmann::json::parse(res->body);
      const bool expected = cell.allowed.contains(role);
      EXPECT_EQ(j.at("allowed").get<bool>(), expected)
          << role << " × " << cell.action << " × " << cell.scope_name << ": " << res->body;
      ++cells;
    }
  }
  EXPECT_EQ(cells, static_cast<int>(kRoles.size() * kMatrix.size()));
}

TEST_F(PermissionMatrix, EveryActionOfTheModelIsInTheMatrix) {
  std::set<std::string> covered;
  for (const auto& cell : kMatrix) covered.insert(cell.action);
  for (auto a : service::all_actions()) EXPECT_TRUE(covered.contains(std::string(service::to_string(a)))) << service::to_string(a);
}

TEST_F(PermissionMatrix, AnonymousCallersAreUnauthenticated) {
  auto c = server.client();
  for (const auto& cell : kMatrix) {
    auto res = c.Get(check_path(cell));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401) << cell.action;
  }
}

TEST_F(PermissionMatrix, SignInMethodDoesNotChangeTheAnswers) {
  Browser b(server);
  ASSERT_TRUE(b.login("kontakt-2281", std::string(service::kDemoPassword)));
  auto token = as("kontakt-2281");
  for (const auto& cell : kMatrix) {
    auto by_session = b.get(check_path(cell));
    auto by_token = token.Get(check_path(cell));
    ASSERT_TRUE(by_session && by_token);
    EXPECT_EQ(nlohmann::json::parse(by_session->body).at("allowed"), nlohmann::json::parse(by_token->body).at("allowed"))
        << cell.action << " " << cell.scope_name;
  }
}

TEST_F(PermissionMatrix, RouteLevelRefusalsAre403AndAudited) {
  auto count_denied = [&] {
    auto n = server.db().read([](store::Connection& c) -> Result<std::int64_t> {
      auto r = KS_TRY(c.row("SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied' AND username = 'kontakt-2281'"));
      return r ? r->integer(0) : 0;
    });
    return n.value_or(-1);
  };
  const auto before = count_denied();
  for (const char* path : {"/api/v1/audit", "/audit", "/audit.csv"}) {
    EXPECT_EQ(as("kontakt-2281").Get(path)->status, 403) << path;
    EXPECT_EQ(as("admin").Get(path)->status, 200) << path;
  }
  EXPECT_EQ(count_denied(), before + 3);
  // The coordinator passes the route (audit.read exists for them per case) but not the whole log.
  EXPECT_EQ(as("samordnare").Get("/api/v1/audit")->status, 403);
  EXPECT_EQ(as("samordnare").Get("/api/v1/audit?case_id=999999")->status, 403);
}

} // namespace
} // namespace ks::test
