// The national 10-year dataset for benchmarks (`ks bench seed --scale F`, issue 8): at F=1,
// 21 regions and 290 municipalities, 500 knowledge supports a year for 10 years (5,000), one case
// per support and region on the Västernorrland routine (105,000 cases), about 50 tasks and 200
// history rows a case (≈5 million tasks, ≈20 million history rows). Every count scales with F.
// Cases started more than a year before the end are finished; younger ones stand somewhere on the
// routine's typical path with their current tasks open, so inboxes have work in them.
//
// The rows follow the shipped routine's user tasks (element, step, function, form) and the history
// the engine writes for them (entered, task_opened, task_completed, left), but they are
// generated, not run through the engine: 25 million transitions through the service layer would
// take hours. Municipalities and units missing from the shipped structure get synthetic ids.
//
// Fast: rows go in multi-row INSERTs with prepared statements, thousands of cases per
// transaction. On SQLite the seeding connection runs with synchronous=OFF (restored to the
// database's setting before it goes back to the pool): a crash while seeding leaves a database to
// throw away, never a half-acknowledged user action. Needs a prepared database (migrated, shipped
// structure and routines deployed).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/clock.hpp"
#include "store/database.hpp"

namespace ks::service {

struct SeedOptions {
  double scale = 0.01;
  std::uint64_t random_seed = 42;
  // Called now and then with the cases written so far and the total.
  std::function<void(std::int64_t, std::int64_t)> progress;
};

struct SeedReport {
  std::int64_t knowledge_supports = 0;
  std::int64_t cases = 0;
  std::int64_t running_cases = 0;
  std::int64_t tasks = 0;
  std::int64_t open_tasks = 0;
  std::int64_t history = 0;
  std::int64_t audit_records = 0;
  double seconds = 0;
};

// Adds the dataset to db. Errors: invalid_input "scale" outside (0, 10]; not_found when the
// Västernorrland routine is not deployed; the database's.
Result<SeedReport> seed_national_dataset(store::Database& db, const Clock& clock, const SeedOptions& options);

} // namespace ks::service
