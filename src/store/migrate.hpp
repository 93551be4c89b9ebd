// Versioned schema migrations, compiled into the binary from src/store/migrations/.
//
// Files are named NNNN_name.sql and applied in order of NNNN; `{{ID}}` becomes an auto-increment
// integer primary key and `{{BLOB}}` a binary column type for the backend. A file
// NNNN_name.sqlite.sql or NNNN_name.postgres.sql replaces NNNN_name.sql on that backend. Each
// migration runs in its own transaction together with its row in schema_migrations, so a failed
// migration leaves the database at the previous version.
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "store/database.hpp"

namespace ks::store {

struct Migration {
  int version = 0;
  std::string name;
  std::string sql; // Already specialised for the backend.
};

// The migrations this binary knows, for a backend, in order.
std::vector<Migration> known_migrations(Backend backend);

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> applied; // "0010_structure", ...
};

// Brings the schema up to the newest known version. Running it again is a no-op.
// Errors: conflict when the database was written by a newer ks (its version is higher than any
// known migration); the error of the failing migration otherwise.
Result<MigrationReport> migrate(Database& db, const Clock& clock);

// The schema version recorded in the database (0 when empty).
Result<int> schema_version(Database& db);

} // namespace ks::store
