#include "support/db_support.hpp"

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "store/migrate.hpp"

namespace ks::test {

namespace {

std::string env(const char* name, std::string_view fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : std::string(fallback);
}

// "suite_test_<pid>_<n>", lower-case letters, digits and '_' only.
std::string unique_name() {
  static std::atomic<int> counter{0};
  std::string base = "t";
  if (const auto* info = ::testing::UnitTest::GetInstance()->current_test_info())
    base = std::string(info->test_suite_name()) + "_" + info->name();
  std::string out;
  for (char c : base) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
    else if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
    else out += '_';
  }
  if (out.size() > 40) out.resize(40);
  return out + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
}

} // namespace

std::string_view test_backend_name() {
  return env("KS_TEST_DB", "sqlite").starts_with("postgres") ? "postgresql" : "sqlite";
}

std::unique_ptr<store::Database> open_unmigrated_test_database() {
  const auto which = env("KS_TEST_DB", "sqlite");
  store::DatabaseOptions options;
  options.pool_size = 4;
  if (which == "sqlite") {
    const std::filesystem::path dir = env("KS_TEST_TMP", "/tmp");
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    const auto file = dir / (unique_name() + ".db");
    std::filesystem::remove(file, ec);
    options.url = "sqlite:" + file.string();
    options.sqlite_synchronous = "normal";
  } else {
    options.url = which;
    options.pg_schema = unique_name();
  }
  auto db = store::Database::open(options);
  if (!db) {
    ADD_FAILURE() << "cannot open test database " << which << ": " << db.error().describe();
    return nullptr;
  }
  return std::move(*db);
}

std::unique_ptr<store::Database> open_test_database() {
  auto db = open_unmigrated_test_database();
  if (!db) return nullptr;
  ManualClock clock(Instant{1'767'225'600'000}); // 2026-01-01.
  if (auto m = store::migrate(*db, clock); !m) {
    ADD_FAILURE() << "migration failed on " << db->describe() << ": " << m.error().describe();
    return nullptr;
  }
  return db;
}

} // namespace ks::test
