#include "service/startup.hpp"

#include "service/structure_service.hpp"

namespace ks::service {

Result<StartupReport> prepare_database(store::Database& db, const Config& config, const Clock& clock) {
  StartupReport report;
  report.migration = KS_TRY(store::migrate(db, clock));

  auto structure = KS_TRY(ensure_shipped_structure(db, clock, config.demo ? WithDemo::yes : WithDemo::no));
  if (structure.structure_loaded)
    report.steps.push_back("structure: " + std::to_string(structure.report.units_added) + " units");
  if (structure.demo_loaded)
    report.steps.push_back("demo people: " + std::to_string(structure.report.people_added) + " people, " +
                           std::to_string(structure.report.assignments_added) + " assignments");
  return report;
}

} // namespace ks::service
