// A KS server over real HTTP with the demo people, for the case API suites (both backends via
// KS_TEST_DB): bearer tokens per demo user (as `ks token create`), JSON and multipart requests,
// and a Västernorrland case started through the API.
#pragma once

#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "service/accounts.hpp"
#include "service/actor.hpp"
#include "support/http_support.hpp"

namespace ks::test {

class CaseApiFixture : public ::testing::Test {
protected:
  void SetUp() override {
    server = std::make_unique<TestServer>();
    ASSERT_TRUE(server->ok());
    ctx = std::make_unique<service::Context>(service::Context{server->db(), server->clock(), server->config()});
  }

  // A bearer token for the demo user (created once per test).
  std::string token(const std::string& username) {
    if (auto it = m_tokens.find(username); it != m_tokens.end()) return it->second;
    auto t = service::create_token(*ctx, service::command_line_actor(), username, "test");
    EXPECT_TRUE(t) << username << ": " << t.error().describe();
    return m_tokens[username] = t ? t->token : std::string();
  }

  httplib::Result post(const std::string& who, const std::string& path, const nlohmann::json& body) {
    auto c = server->client();
    return c.Post(path, {{"Authorization", "Bearer " + who}}, body.dump(), "application/json");
  }
  httplib::Result post_multipart(const std::string& who, const std::string& path,
                                 const httplib::MultipartFormDataItems& items) {
    auto c = server->client();
    return c.Post(path, {{"Authorization", "Bearer " + who}}, items);
  }
  httplib::Result get_raw(const std::string& who, const std::string& path) {
    auto c = server->client();
    return c.Get(path, {{"Authorization", "Bearer " + who}});
  }
  nlohmann::json get(const std::string& who, const std::string& path, int status = 200) {
    auto r = get_raw(who, path);
    EXPECT_TRUE(r) << path;
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << path << ": " << r->body;
    return nlohmann::json::parse(r->body, nullptr, false);
  }

  // A knowledge support (with its document: RVN 2026/00001 in an empty diary) and a Västernorrland
  // case on it (RVN 2026/00002), registered by `coordinator`; returns the case id.
  std::int64_t start_case(const std::string& coordinator, const std::string& title = "Vårdförlopp depression") {
    auto ks = post(coordinator, "/api/v1/knowledge-supports",
                   {{"title", title}, {"kind", "care_pathway"}, {"national_status", "decided"},
                    {"region_id", "region-22"},
                    {"document", {{"filename", "remiss.pdf"}, {"content_base64", "JVBERi0xLjQKaGVqCg=="}}}});
    EXPECT_TRUE(ks && ks->status == 201) << (ks ? ks->body : "no response");
    if (!ks || ks->status != 201) return 0;
    auto ks_json = nlohmann::json::parse(ks->body);
    auto started = post(coordinator, "/api/v1/cases",
                        {{"knowledge_support_id", ks_json.at("id")}, {"routine", "vasternorrland"},
                         {"region_id", "region-22"}, {"lpo_id", "vn-lpo-psykisk-halsa"}});
    EXPECT_TRUE(started && started->status == 201) << (started ? started->body : "no response");
    if (!started || started->status != 201) return 0;
    return nlohmann::json::parse(started->body).at("id").get<std::int64_t>();
  }

  std::unique_ptr<TestServer> server;
  std::unique_ptr<service::Context> ctx;

private:
  std::map<std::string, std::string> m_tokens;
};

} // namespace ks::test
