// The limit: how many durable transactions per second the same database commits for a write
// comparable to one task completion (an INSERT of a row the size of a case's state plus a history
// row), through the same Database::write (so with the same synchronous=FULL and, on SQLite, the
// same group commit), with `clients` threads for `seconds`.
#pragma once

#include "store/database.hpp"

namespace ks::bench {

struct RawRate {
  double commits_per_s = 0;
  std::int64_t commits = 0;
};

// Creates its own tables (bench_raw, bench_raw_history) if missing. Errors: the database's.
Result<RawRate> raw_commit_rate(store::Database& db, int clients, double seconds, std::size_t payload_bytes);

} // namespace ks::bench
