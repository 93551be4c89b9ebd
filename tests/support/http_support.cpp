#include "support/http_support.hpp"

#include <gtest/gtest.h>

#include "http/routes.hpp"
#include "service/startup.hpp"
#include "support/db_support.hpp"

namespace ks::test {

TestServer::TestServer(TestServerOptions options) : m_clock(options.start) {
  m_config.demo = options.demo;
  m_config.demo_cases = options.demo_cases;
  m_config.threads = 4;
  m_config.timer_interval_ms = 0; // Tests fire timers explicitly.
  m_db = open_test_database();
  if (!m_db) return;
  if (auto r = service::prepare_database(*m_db, m_config, m_clock); !r) {
    ADD_FAILURE() << "prepare_database: " << r.error().describe();
    return;
  }
  m_context = std::make_unique<service::Context>(service::Context{*m_db, m_clock, m_config});
  auto server = std::make_unique<http::Server>(*m_context);
  http::register_all_routes(*server);
  if (auto s = server->bind("127.0.0.1", 0); !s) {
    ADD_FAILURE() << "bind: " << s.error().describe();
    return;
  }
  m_server = std::move(server);
  m_thread = std::thread([this] { m_server->run(); });
  // stop() before the accept loop has started would be lost and the destructor would hang.
  for (int i = 0; i < 5000 && !m_server->running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

TestServer::~TestServer() {
  if (m_server) {
    m_server->stop();
    if (m_thread.joinable()) m_thread.join();
  }
}

httplib::Client TestServer::client() const {
  httplib::Client c("127.0.0.1", port());
  c.set_connection_timeout(5);
  c.set_read_timeout(30);
  return c;
}

nlohmann::json TestServer::get_json(const std::string& path, int expected_status) const {
  auto c = client();
  auto res = c.Get(path.c_str());
  if (!res) {
    ADD_FAILURE() << "GET " << path << ": no response";
    return nullptr;
  }
  EXPECT_EQ(res->status, expected_status) << "GET " << path << ": " << res->body;
  auto j = nlohmann::json::parse(res->body, nullptr, false);
  if (j.is_discarded()) {
    ADD_FAILURE() << "GET " << path << ": not JSON: " << res->body.substr(0, 200);
    return nullptr;
  }
  return j;
}

} // namespace ks::test
