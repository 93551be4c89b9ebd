// A database with the shipped structure, the demo people and the shipped routines deployed, a
// ManualClock and a service Context, for the case tests on both backends (KS_TEST_DB).
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/database.hpp"

namespace ks::test {

// 2026-01-01T08:00:00Z, where the scenario files start.
inline constexpr Instant kCaseStart{1'767'254'400'000};

class CaseFixture : public ::testing::Test {
public:
  void SetUp() override;

  // The actor of a demo person (by username) with their functions current today.
  service::Actor actor(const std::string& username);
  // An actor who holds `function` in `unit_id` (optionally for a principal) and nothing else, for
  // units the demo data has no people in.
  service::Actor holder_of(const std::string& function, const std::string& unit_id,
                           const std::string& principal_id = "");
  // Someone who may complete a task for FUNCTION@scope_unit: a demo assignee if there is one,
  // else holder_of().
  service::Actor assignee_of(const std::string& function, const std::string& scope_unit);

  // A knowledge support registered by the region's coordinator; returns its id.
  std::int64_t add_knowledge_support(const std::string& title = "Vårdförlopp depression och ångestsyndrom");

  std::unique_ptr<store::Database> db;
  std::unique_ptr<ManualClock> clock;
  Config config;
  std::unique_ptr<service::Context> ctx;
};

} // namespace ks::test
