// Drives cases along a path (bench/engine/vn-typical-path.json, the scenario format of
// tests/scenarios without expectations) through the service layer: start_case, complete_task,
// correlate_message and the timer worker, each a durable transaction. One Driver per client
// thread, each with its own ManualClock (a case's clock starts at kCaseStart).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "world.hpp"

namespace ks::bench {

// What a client did: how many of each transition, and the latency of each completion (µs).
struct ClientTally {
  std::int64_t cases = 0;
  std::int64_t completions = 0;
  std::int64_t other_transitions = 0; // Starts, messages, timers fired.
  std::int64_t conflicts = 0;         // Completions refused as stale (none expected).
  std::vector<double> completion_us;
  std::string widest_state; // The case's state JSON at its widest point (8 open decisions).
};

class Driver {
public:
  Driver(World& world, const nlohmann::json& path, int client);
  // Runs one case from start to end on the path. Errors: whatever a step returned, with the step.
  // With `stop_at`, stops before the first completion at that step: the case stays running there.
  Status run_case(std::int64_t knowledge_support_id, ClientTally& tally, std::string_view stop_at = {});

private:
  Status complete(std::int64_t case_id, const nlohmann::json& body, ClientTally& tally);
  Status advance(std::int64_t case_id, const std::string& duration, ClientTally& tally);

  World& m_world;
  const nlohmann::json& m_path;
  ManualClock m_clock{kCaseStart};
  std::string m_worker;
};

} // namespace ks::bench
