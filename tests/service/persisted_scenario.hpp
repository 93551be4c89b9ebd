// Runs a routine scenario file (tests/scenarios/*.json, the format of tests/engine) through the
// persisted path: the service layer and the database, with a ManualClock and the timer worker,
// each completion as an assignee found in the structure. Expectations are checked against what is
// stored (cases, tasks, timers, history), not against memory.
#pragma once

#include <filesystem>
#include <string>

#include "case_fixture.hpp"

namespace ks::test {

struct PersistedOutcome {
  bool ok = false;
  std::string message;
  std::int64_t case_id = 0;
};

PersistedOutcome run_persisted_scenario(CaseFixture& fixture, service::Context& ctx, ManualClock& clock,
                                        const std::filesystem::path& file);

} // namespace ks::test
