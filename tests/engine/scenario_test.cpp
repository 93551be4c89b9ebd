// Runs every tests/scenarios/*.json against the engine, in memory. Each file is one test, named
// after the file; a failure names the file and the step.
#include "scenario_runner.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;
using namespace ks::engine::testing;

namespace {

const fs::path kSource = KS_SOURCE_DIR;

ScenarioDirs dirs() {
  return {{kSource / "processes", kSource / "tests/engine/fixtures"},
          {kSource / "processes/forms", kSource / "tests/engine/fixtures/forms"}};
}

std::vector<std::string> scenario_files() {
  std::vector<std::string> out;
  fs::path dir = kSource / "tests/scenarios";
  if (fs::is_directory(dir))
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".json") out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

class Scenario : public ::testing::TestWithParam<std::string> {};

TEST_P(Scenario, Runs) {
  auto outcome = run_scenario(kSource / "tests/scenarios" / GetParam(), dirs());
  EXPECT_TRUE(outcome.ok) << outcome.message;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(0, info.param.size() - 5);
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Files, Scenario, ::testing::ValuesIn(scenario_files()), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Scenario);

} // namespace

TEST(ScenarioRunner, FailureNamesFileStepAndCause) {
  fs::path file = kSource / "tests/engine/fixtures/engine-failing-scenario.json";
  auto outcome = run_scenario(file, dirs());
  EXPECT_FALSE(outcome.ok);
  // The form requires at least 3 characters of motivation.
  EXPECT_EQ(outcome.message.rfind(file.string() + ": step 2 (complete step 4): values do not pass form 'engine-assess':", 0), 0u)
      << outcome.message;
  EXPECT_NE(outcome.message.find("motivation: Skriv minst 3 tecken."), std::string::npos) << outcome.message;
}
