// What happens to a database before KS serves from it: migrations, the shipped reference data,
// the shipped routines, and in demo mode the demo people, accounts and cases. Each step is
// idempotent, so `ks migrate` and every `ks serve` start may run it.
#pragma once

#include "core/clock.hpp"
#include "core/config.hpp"
#include "store/database.hpp"
#include "store/migrate.hpp"

namespace ks::service {

struct StartupReport {
  store::MigrationReport migration;
  std::vector<std::string> steps; // Human-readable lines of what was loaded ("structure: 219 units").
};

// Migrates db and loads what the installation needs. Errors: those of the failing step; a failed
// step leaves earlier steps' work in place (each is its own transaction) and the next run resumes.
Result<StartupReport> prepare_database(store::Database& db, const Config& config, const Clock& clock);

} // namespace ks::service
