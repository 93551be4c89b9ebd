// The SQLite backend: a file in WAL mode, foreign keys on, synchronous=FULL by default, so that an
// acknowledged write survives power loss. Writers serialise on BEGIN IMMEDIATE; readers run
// concurrently on their own connections.
#pragma once

#include <memory>
#include <string_view>

#include "store/database.hpp"

namespace ks::store {

// Opens (creating if needed, with its parent folder) the SQLite database at path.
// Errors: unavailable when the file cannot be opened or is not a SQLite database.
Result<std::unique_ptr<Database>> open_sqlite(const DatabaseOptions& options, std::string_view path);

} // namespace ks::store
