// The shipped routine scenarios (tests/scenarios/vn-*, dalarna-*, region-only-*) re-run through the
// service layer and the database, on SQLite and PostgreSQL (KS_TEST_DB).
#include <filesystem>

#include <gtest/gtest.h>

#include "persisted_scenario.hpp"

namespace ks::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> routine_scenarios() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(fs::path(KS_SOURCE_DIR) / "tests/scenarios")) {
    const auto name = e.path().filename().string();
    if (e.path().extension() == ".json" &&
        (name.starts_with("vn-") || name.starts_with("dalarna-") || name.starts_with("region-only-")))
      out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

class PersistedScenario : public CaseFixture, public ::testing::WithParamInterface<std::string> {};

TEST_P(PersistedScenario, PassesThroughServicesAndDatabase) {
  auto outcome = run_persisted_scenario(*this, *ctx, *clock, fs::path(KS_SOURCE_DIR) / "tests/scenarios" / GetParam());
  EXPECT_TRUE(outcome.ok) << outcome.message;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string out;
  for (char c : info.param.substr(0, info.param.size() - 5)) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

INSTANTIATE_TEST_SUITE_P(Routines, PersistedScenario, ::testing::ValuesIn(routine_scenarios()), test_name);

TEST(PersistedScenarioFiles, AllFifteenRoutineScenariosAreFound) { EXPECT_EQ(routine_scenarios().size(), 15u); }

} // namespace
} // namespace ks::test
