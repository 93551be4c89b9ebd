// Installation settings kept in the database (table settings): e.g. whether demo data was loaded.
#pragma once

#include <optional>
#include <string>

#include "store/database.hpp"

namespace ks::service {

// The value of a setting, or nullopt when unset.
Result<std::optional<std::string>> get_setting(store::Connection& c, const std::string& key);
// Sets (inserts or replaces) a setting; call inside a write transaction.
Status set_setting(store::Connection& c, const std::string& key, const std::string& value);

} // namespace ks::service
