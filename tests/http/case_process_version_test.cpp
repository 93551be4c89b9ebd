// A case's process map is drawn from the routine version it was started on (issue 5): after a newer
// version of the routine is deployed, an older case still gets its own version's BPMN XML (GET
// /api/v1/cases/{id}/bpmn, GET /cases/{id}/bpmn, the step names on the case page) and a new case
// gets the new one. Real HTTP, both backends.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "auth_browser.hpp"
#include "case_api_fixture.hpp"
#include "store/process_store.hpp"

namespace ks::test {
namespace {

using nlohmann::json;

std::string shipped_routine() {
  std::ifstream in(std::string(KS_SOURCE_DIR) + "/processes/vasternorrland.bpmn", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

constexpr std::string_view kOldName = "Vidarebefordra remissen till ordförande i berört LPO";
constexpr std::string_view kNewName = "Skicka remissen vidare till LPO:s ordförande (version 2)";

class CaseProcessVersion : public CaseApiFixture {};

TEST_F(CaseProcessVersion, AnOlderCaseKeepsItsOwnVersionsMap) {
  const auto coordinator = token("samordnare");
  const auto old_case = start_case(coordinator, "Vårdförlopp före ändringen");
  ASSERT_GT(old_case, 0);
  const std::string v1 = shipped_routine();
  ASSERT_NE(v1.find(kOldName), std::string::npos) << "the shipped routine changed: pick another step name";

  // Version 2 of the routine: step 3 renamed.
  std::string v2 = v1;
  v2.replace(v2.find(kOldName), kOldName.size(), kNewName);
  auto deployed = server->db().write([&](store::Connection& c) {
    return store::processes::deploy_definition(c, "vasternorrland", "vasternorrland.bpmn", v2, server->clock().now());
  });
  ASSERT_TRUE(deployed) << deployed.error().describe();
  ASSERT_TRUE(deployed->added);
  EXPECT_EQ(deployed->definition.version, 2);

  const auto new_case = start_case(coordinator, "Vårdförlopp efter ändringen");
  ASSERT_GT(new_case, 0);
  const auto old_json = get(coordinator, "/api/v1/cases/" + std::to_string(old_case));
  const auto new_json = get(coordinator, "/api/v1/cases/" + std::to_string(new_case));
  EXPECT_NE(old_json.at("definition_id"), new_json.at("definition_id"));
  EXPECT_EQ(new_json.at("definition_id"), deployed->definition.id);

  // The API: each case's own version, byte for byte.
  auto old_xml = get_raw(coordinator, "/api/v1/cases/" + std::to_string(old_case) + "/bpmn");
  ASSERT_TRUE(old_xml);
  ASSERT_EQ(old_xml->status, 200) << old_xml->body;
  EXPECT_EQ(old_xml->body, v1);
  EXPECT_EQ(old_xml->get_header_value("X-KS-Process-Version"), "vasternorrland v1");
  EXPECT_EQ(old_xml->get_header_value("X-KS-Definition-Id"), std::to_string(old_json.at("definition_id").get<std::int64_t>()));
  auto new_xml = get_raw(coordinator, "/api/v1/cases/" + std::to_string(new_case) + "/bpmn");
  ASSERT_TRUE(new_xml);
  EXPECT_EQ(new_xml->body, v2);
  EXPECT_EQ(new_xml->get_header_value("X-KS-Process-Version"), "vasternorrland v2");

  // The case page: the drawing's XML and the map's step names come from the case's version.
  Browser b(*server);
  ASSERT_TRUE(b.login("samordnare", std::string(service::kDemoPassword)));
  auto page_xml = b.get("/cases/" + std::to_string(old_case) + "/bpmn");
  ASSERT_TRUE(page_xml);
  ASSERT_EQ(page_xml->status, 200);
  EXPECT_EQ(page_xml->body, v1);
  EXPECT_EQ(b.get("/cases/" + std::to_string(new_case) + "/bpmn")->body, v2);
  auto old_page = b.get("/cases/" + std::to_string(old_case));
  ASSERT_TRUE(old_page);
  ASSERT_EQ(old_page->status, 200);
  EXPECT_NE(old_page->body.find(kOldName), std::string::npos);
  EXPECT_EQ(old_page->body.find(kNewName), std::string::npos);
  auto new_page = b.get("/cases/" + std::to_string(new_case));
  ASSERT_TRUE(new_page);
  EXPECT_NE(new_page->body.find(kNewName), std::string::npos);

  // Not signed in: nothing.
  auto anonymous = server->client().Get("/api/v1/cases/" + std::to_string(old_case) + "/bpmn");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
}

} // namespace
} // namespace ks::test
