// Upload limits (issue 6): a file over config.max_upload_bytes is refused with 413 and a message that
// names it and the limit; a file whose content is not one of the accepted types is refused with 422,
// before any handler runs. Checked in-process through Server::handle on a route that takes POSTs.
#include <gtest/gtest.h>

#include "http/routes.hpp"
#include "support/http_support.hpp"

namespace ks::test {
namespace {

class UploadLimits : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_TRUE(server.ok());
    server.get_json("/healthz"); // The harness's server is listening (stopping it earlier can hang).
    config = server.config();
    config.max_upload_bytes = 1024 * 1024;
    ctx = std::make_unique<service::Context>(service::Context{server.db(), server.clock(), config});
    http = std::make_unique<http::Server>(*ctx);
    http::register_all_routes(*http);
  }

  http::Response post_file(std::string name, std::string content) {
    http::Request req;
    req.method = http::Method::post;
    req.path = "/login";
    req.remote_addr = "127.0.0.1";
    req.request_id = "upload-test";
    req.headers["accept"] = "application/json";
    req.files["document"] = http::UploadedFile{std::move(name), "application/octet-stream", std::move(content)};
    return http->handle(req);
  }

  TestServer server;
  Config config;
  std::unique_ptr<service::Context> ctx;
  std::unique_ptr<http::Server> http;
};

TEST_F(UploadLimits, TooLargeIs413WithAClearMessage) {
  auto r = post_file("beslut.pdf", "%PDF-1.7\n" + std::string(2 * 1024 * 1024, 'x'));
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("beslut.pdf"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("1 MB"), std::string::npos) << r.body;
}

TEST_F(UploadLimits, ContentMustMatchAnAcceptedType) {
  EXPECT_EQ(post_file("remiss.exe", "MZ...").status, 422);
  EXPECT_EQ(post_file("remiss.pdf", "<html>not a pdf</html>").status, 422); // Name and content disagree.
  EXPECT_EQ(post_file("svar.csv", std::string("a,b\0c", 5)).status, 422);
  EXPECT_EQ(post_file("kolada.json", "{\"values\": [").status, 422); // Not JSON: cut short.
  EXPECT_EQ(post_file("kolada.json", "%PDF-1.7\n").status, 422);
  // Accepted types reach the handler (here sign-in, which then answers for itself).
  EXPECT_NE(post_file("remiss.pdf", "%PDF-1.7\n...").status, 422);
  EXPECT_NE(post_file("plan.docx", std::string("PK\x03\x04rest", 8)).status, 422);
  EXPECT_NE(post_file("svar.csv", "kommun,svar\nTimrå,ja\n").status, 422);
  EXPECT_NE(post_file("kolada.json", "{\"values\": []}\n").status, 422); // Kolada-style measurements.
}

} // namespace
} // namespace ks::test
