// Configuration of `ks`: defaults, overridden by a TOML file, overridden by KS_* environment
// variables, overridden by command-line flags (applied by src/cli in that order).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/result.hpp"

namespace ks {

struct Config {
  std::string db = "sqlite:var/ks.db";  // KS_DB, `db`
  std::string host = "127.0.0.1";       // KS_HOST, `host`
  int port = 8080;                      // KS_PORT, `port`
  int threads = 64;                     // KS_THREADS, `threads`: HTTP worker threads (one per open connection)
  int db_pool = 16;                     // KS_DB_POOL, `db_pool`
  std::string sqlite_synchronous = "full"; // KS_SQLITE_SYNCHRONOUS
  bool demo = false;                    // KS_DEMO, `demo`: load demo people and show their passwords
  bool demo_cases = true;               // KS_DEMO_CASES: with demo, also a dozen cases in different phases
  std::string log_level = "info";       // KS_LOG_LEVEL, `log_level`: debug, info, warn, error
  std::string public_url;               // KS_PUBLIC_URL: e.g. https://ks.example.se (Secure cookies when https)
  int timer_interval_ms = 1000;         // KS_TIMER_INTERVAL_MS: how often due timers are claimed
  long max_upload_bytes = 20L * 1024 * 1024; // KS_MAX_UPLOAD_BYTES
};

// Reads a TOML file into config. Errors name the file and the key.
Status apply_toml_file(Config& config, const std::string& path);

// Applies KS_* variables; getenv is injected for tests. Errors name the variable.
Status apply_environment(Config& config, const std::function<const char*(const char*)>& getenv);

} // namespace ks
