// libFuzzer target: BPMN text of any shape must give errors or definitions, never a crash, a hang
// or a leak. Exercises the parser, the validator (with a fixed context), the expressions it parses,
// and, for files that validate, one start of each process. Built by fuzz/run.sh, not by CMake.
#include "engine/bpmn/parse.hpp"
#include "engine/bpmn/validate.hpp"
#include "engine/runtime/runtime.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ks::engine::bpmn::ParsedDefinitions parsed = ks::engine::bpmn::parse_bpmn(text);
  ks::engine::bpmn::ValidationContext context{{"f"}, {"called"}};
  auto errors = ks::engine::bpmn::validate(parsed.definitions, context);
  if (!parsed.errors.empty() || !errors.empty()) return 0;
  // A valid file: start every process that calls nothing outside the file.
  ks::engine::DefinitionSet defs;
  std::vector<std::string> ids;
  for (const auto& p : parsed.definitions.processes) ids.push_back(p.id);
  if (!defs.add(std::move(parsed.definitions))) return 0;
  const ks::Instant now{1767254400000};
  for (const auto& id : ids) {
    auto started = ks::engine::start(defs, id, nlohmann::json::object(), now);
    if (started && !started->state.tasks.empty())
      (void)ks::engine::complete_task(defs, started->state, started->state.tasks.front().id,
                                      nlohmann::json::object(), now);
  }
  return 0;
}
