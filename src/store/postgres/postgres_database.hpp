// The PostgreSQL backend (libpq): READ COMMITTED write transactions with explicit row locks where
// needed (FOR UPDATE, FOR UPDATE SKIP LOCKED for timers), REPEATABLE READ read-only snapshots for
// reads. Statements are prepared once per connection.
#pragma once

#include <memory>

#include "store/database.hpp"

namespace ks::store {

// Connects to the server named by options.url. Errors: unavailable when it cannot be reached.
Result<std::unique_ptr<Database>> open_postgres(const DatabaseOptions& options);

// Rewrites `?` placeholders (outside quotes) as $1, $2, ...
std::string to_postgres_placeholders(std::string_view sql);

// The URL without its password, for logs and /healthz.
std::string redact_url(std::string_view url);

} // namespace ks::store
