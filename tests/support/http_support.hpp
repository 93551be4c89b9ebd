// A real KS HTTP server for one test: a fresh migrated database on the selected backend
// (KS_TEST_DB), prepared like `ks serve` does (shipped structure and routines; demo data when
// asked), every route registered, listening on a free loopback port in a background thread.
// Requests go over real HTTP with httplib::Client.
#pragma once

#include <memory>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "http/server.hpp"
#include "support/db_support.hpp"
#include "store/database.hpp"

namespace ks::test {

struct TestServerOptions {
  bool demo = true;                            // Load the demo people (and their accounts).
  bool demo_cases = false;                     // Also the demo cases (tests start from no cases).
  Instant start{1'795'420'800'000};            // 2026-11-23T08:00Z: the clock the server sees.
};

class TestServer {
public:
  explicit TestServer(TestServerOptions options = {});
  ~TestServer();
  bool ok() const { return m_server != nullptr; }

  int port() const { return m_server->port(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }
  httplib::Client client() const;
  ManualClock& clock() { return m_clock; }
  store::Database& db() { return *m_db; }
  Config& config() { return m_config; }

  // GET path and parse the JSON body; fails the test (and returns null) when it is not JSON.
  nlohmann::json get_json(const std::string& path, int expected_status = 200) const;

private:
  ManualClock m_clock;
  Config m_config;
  std::unique_ptr<store::Database> m_db;
  std::unique_ptr<service::Context> m_context;
  std::unique_ptr<http::Server> m_server;
  std::thread m_thread;
};

} // namespace ks::test
