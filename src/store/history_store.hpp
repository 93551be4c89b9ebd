// A case's history (migration 0023): what happened, in order (seq 1, 2, 3... per case), when, by
// whom (the actor: a username, or "system" for timers), with the engine's details as JSON.
// Appended in the same transaction as the change it records. Functions take a Connection&.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "engine/runtime/changes.hpp"
#include "store/database.hpp"

namespace ks::store::history {

struct Event {
  std::int64_t seq = 0;
  Instant at;
  std::string kind;
  std::string element;
  std::string step;
  std::string actor;
  std::string data; // JSON text.
};

// Appends the engine's events after the case's last one (call with the case locked).
Status append(Connection& c, std::int64_t case_id, const std::vector<engine::HistoryEvent>& events,
              std::string_view actor, Instant at);

// The case's events in order.
Result<std::vector<Event>> of_case(Connection& c, std::int64_t case_id);

// How many events of `kind` the case has (tests and checks).
Result<std::int64_t> count(Connection& c, std::int64_t case_id, std::string_view kind);

} // namespace ks::store::history
