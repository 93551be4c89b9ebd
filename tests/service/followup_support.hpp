// Helpers for the follow-up service tests: a context on a fresh database with a manual clock, an
// administrator actor, knowledge supports and cases inserted directly through the stores.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/database.hpp"

namespace ks::test {

inline constexpr Instant kJan2026{1'767'225'600'000}; // 2026-01-01T00:00Z

struct FollowupFixture {
  std::unique_ptr<store::Database> db;
  ManualClock clock{kJan2026};
  Config config;
  std::unique_ptr<service::Context> ctx;

  // False (after a test failure) when the database could not be opened.
  bool open();
  // An administrator acting through an account (authorize() refuses anonymous actors).
  static service::Actor admin();
  // A person holding `function` in `unit_id` (kind from the id: region-, municipality-, else lpo).
  static service::Actor holder(std::string function, std::string unit_id);

  std::int64_t add_support(const std::string& title, const std::string& owner = "");
  // A case with the given variables (e.g. {"lpo": "vn-lpo-psykisk-halsa"}) on a dummy definition.
  std::int64_t add_case(std::int64_t support_id, const std::string& region_id, nlohmann::json vars,
                        const std::string& status = "running", const std::string& phase = "implementation");
  // Inserts a region, municipality or LPO unit row.
  void add_unit(const std::string& id, const std::string& kind, const std::string& name, const std::string& code = "");
};

// Runs `unzip -p file entry`; the entry's bytes, or "" when it cannot be read.
std::string unzip_entry(const std::string& xlsx_bytes, const std::string& entry);

} // namespace ks::test
