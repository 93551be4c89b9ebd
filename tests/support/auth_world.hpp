// A prepared database for the auth, permission and audit suites: shipped structure, demo people and
// their accounts (password service::kDemoPassword), on the backend KS_TEST_DB selects, with a
// ManualClock at 2026-11-23T08:00Z.
#pragma once

#include <memory>

#include <gtest/gtest.h>

#include "service/actor.hpp"
#include "service/context.hpp"
#include "service/startup.hpp"
#include "support/db_support.hpp"

namespace ks::test {

struct AuthWorld {
  ManualClock clock{Instant{1'795'420'800'000}};
  Config config;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<service::Context> ctx;

  // False (after a test failure) when the database could not be prepared.
  bool open() {
    config.demo = true;
    config.demo_cases = false; // The suites count audit rows and cases from zero.
    db = open_test_database();
    if (!db) return false;
    if (auto r = service::prepare_database(*db, config, clock); !r) {
      ADD_FAILURE() << "prepare_database: " << r.error().describe();
      return false;
    }
    ctx = std::make_unique<service::Context>(service::Context{*db, clock, config});
    return true;
  }

  // The actor of a demo account, with its functions today.
  service::Actor actor(const std::string& username) {
    auto a = db->read([&](store::Connection& c) -> Result<service::Actor> {
      auto row = KS_TRY(c.row("SELECT id FROM accounts WHERE username = ?", username));
      if (!row) return fail(Error::not_found("no account " + username));
      return service::actor_for_account(c, row->integer(0), clock.now());
    });
    EXPECT_TRUE(a) << username << ": " << a.error().describe();
    return a.value_or(service::Actor{});
  }
};

} // namespace ks::test
