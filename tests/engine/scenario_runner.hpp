// Runs a scenario file (tests/scenarios/*.json; format in docs/bpmn-subset.md "Scenario files")
// against the engine in memory. Used by scenario_test.cpp.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ks::engine::testing {

struct ScenarioDirs {
  // Searched in order for the BPMN files a scenario names.
  std::vector<std::filesystem::path> process_dirs;
  // Every *.form in these is loaded.
  std::vector<std::filesystem::path> form_dirs;
};

struct ScenarioOutcome {
  bool ok = false;
  // On failure: "FILE: step N (WHAT): message"; on success a one-line summary.
  std::string message;
};

ScenarioOutcome run_scenario(const std::filesystem::path& file, const ScenarioDirs& dirs);

} // namespace ks::engine::testing
