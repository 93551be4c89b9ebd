#include "service/startup.hpp"

#include "service/accounts.hpp"
#include "service/demo_cases.hpp"
#include "service/process_registry.hpp"
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
  auto routines = KS_TRY(deploy_shipped_processes(db, clock));
  for (const auto& p : routines.processes_added) report.steps.push_back("routine deployed: " + p);
  if (routines.forms_added > 0) report.steps.push_back("forms deployed: " + std::to_string(routines.forms_added));
  if (config.demo) {
    Context ctx{db, clock, config};
    const auto accounts = KS_TRY(ensure_demo_accounts(ctx));
    if (accounts > 0) report.steps.push_back("demo accounts: " + std::to_string(accounts));
    if (config.demo_cases) {
      const auto cases = KS_TRY(ensure_demo_cases(ctx));
      if (cases > 0) report.steps.push_back("demo cases: " + std::to_string(cases));
    }
  }
  return report;
}

} // namespace ks::service
