// The per-case audit view and its rule (audit.read for one case: administrators and the coordinator
// of the case's region, whose region comes from the stored case, not from the request), through
// real HTTP on both backends.
#include <gtest/gtest.h>

#include "http/auth_browser.hpp"
#include "service/accounts.hpp"
#include "service/audit.hpp"
#include "service/case_changes.hpp"
#include "support/http_support.hpp"

namespace ks::test {
namespace {

class AuditView : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_TRUE(server.ok());
    ctx = std::make_unique<service::Context>(service::Context{server.db(), server.clock(), server.config()});
    case_22 = add_case("region-22");
    case_20 = add_case("region-20");
    for (const auto& id : {case_22, case_20}) {
      auto s = server.db().write([&](store::Connection& c) {
        return service::record_audit(c, service::command_line_actor(),
                                     {.action = "case.manage", .object_type = "case", .object_id = id, .case_id = id,
                                      .after = {{"status", "running"}}},
                                     server.clock().now());
      });
      ASSERT_TRUE(s) << s.error().describe();
    }
  }

  // A case row in a region (the cases module's own API may not exist yet; the audit rule only needs
  // the stored region).
  std::string add_case(const std::string& region) {
    auto id = server.db().write([&](store::Connection& c) -> Result<std::int64_t> {
      auto ks = KS_TRY(c.insert("INSERT INTO knowledge_supports (title, kind, national_status, created_at, updated_at) "
                                "VALUES ('Vårdförlopp (test)', 'care_pathway', 'published', 0, 0) RETURNING id"));
      auto def = KS_TRY(c.insert("INSERT INTO process_definitions (process_id, version, file_name, bpmn, hash, deployed_at) "
                                 "VALUES (?, 1, 'test.bpmn', '<definitions/>', 'x', 0) RETURNING id",
                                 "audit-view-test-" + region));
      return c.insert("INSERT INTO cases (knowledge_support_id, region_id, routine, definition_id, status, state, "
                      "started_at, updated_at) VALUES (?, ?, 'test', ?, 'running', '{}', 0, 0) RETURNING id",
                      ks, region, def);
    });
    EXPECT_TRUE(id) << id.error().describe();
    return std::to_string(id.value_or(0));
  }

  TestServer server;
  std::unique_ptr<service::Context> ctx;
  std::string case_22, case_20;
};

TEST_F(AuditView, CoordinatorReadsTheLogOfTheirRegionsCasesOnly) {
  Browser b(server);
  ASSERT_TRUE(b.login("samordnare", std::string(service::kDemoPassword)));
  auto own = b.get("/audit/cases/" + case_22);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 200);
  EXPECT_NE(own->body.find("case.manage"), std::string::npos);
  EXPECT_EQ(b.get("/audit/cases/" + case_20)->status, 403);
  // Sending another region alongside does not help: the region is the case's own.
  EXPECT_EQ(b.get("/api/v1/audit?case_id=" + case_20 + "&region_id=region-22")->status, 403);
  auto api = b.get("/api/v1/audit?case_id=" + case_22);
  ASSERT_EQ(api->status, 200);
  for (const auto& e : nlohmann::json::parse(api->body)["events"]) EXPECT_EQ(e["case_id"], case_22);
  auto csv = b.get("/audit.csv?case_id=" + case_22);
  EXPECT_EQ(csv->status, 200);
}

TEST_F(AuditView, AnArchivedCasesRecordsReadAsBeforeAlongsideLaterOnes) {
  // The case ends and is archived (decision 0018): its records leave audit_log.
  auto s = server.db().write([&](store::Connection& c) -> Status {
    KS_TRY(c.exec("UPDATE cases SET status = 'completed' WHERE id = ?", std::stoll(case_22)));
    KS_TRY(service::archive_case(c, std::stoll(case_22)));
    auto rows = KS_TRY(c.row("SELECT COUNT(*) FROM audit_log WHERE case_id = ?", case_22));
    EXPECT_EQ(rows->integer(0), 0) << "archived";
    return {};
  });
  ASSERT_TRUE(s) << s.error().describe();
  // A record for the case after that is a row.
  s = server.db().write([&](store::Connection& c) {
    return service::record_audit(c, service::command_line_actor(),
                                 {.action = "case.attachment", .object_type = "case", .object_id = case_22,
                                  .case_id = case_22, .after = {{"file", "beslut.pdf"}}},
                                 server.clock().now());
  });
  ASSERT_TRUE(s) << s.error().describe();
  Browser b(server);
  ASSERT_TRUE(b.login("samordnare", std::string(service::kDemoPassword)));
  auto page = b.get("/audit/cases/" + case_22);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("case.manage"), std::string::npos) << "the archived record";
  EXPECT_NE(page->body.find("case.attachment"), std::string::npos) << "the later row";
  // Both read as one log, newest first.
  auto api = b.get("/api/v1/audit?case_id=" + case_22);
  ASSERT_EQ(api->status, 200);
  const auto events = nlohmann::json::parse(api->body)["events"];
  ASSERT_EQ(events.size(), 2u) << api->body;
  EXPECT_EQ(events[0]["action"], "case.attachment");
  EXPECT_EQ(events[1]["action"], "case.manage");
  EXPECT_EQ(events[1]["after"]["status"], "running");
  auto csv = b.get("/audit.csv?case_id=" + case_22);
  EXPECT_EQ(csv->status, 200);
  EXPECT_NE(csv->body.find("case.manage"), std::string::npos);
  auto verified = service::verify_audit(server.db());
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok) << verified->reason;
}

TEST_F(AuditView, AdministratorsReadEveryCaseAndOthersNone) {
  Browser admin(server);
  ASSERT_TRUE(admin.login("admin", std::string(service::kDemoPassword)));
  EXPECT_EQ(admin.get("/audit/cases/" + case_22)->status, 200);
  EXPECT_EQ(admin.get("/audit/cases/" + case_20)->status, 200);
  Browser contact(server);
  ASSERT_TRUE(contact.login("kontakt-2281", std::string(service::kDemoPassword)));
  EXPECT_EQ(contact.get("/audit/cases/" + case_22)->status, 403);
  Browser anonymous(server);
  EXPECT_EQ(anonymous.get("/audit/cases/" + case_22)->status, 303);
}

} // namespace
} // namespace ks::test
