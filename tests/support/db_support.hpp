// A fresh, migrated database for one test, on the backend the test run asks for.
//
// KS_TEST_DB selects it: "sqlite" (or unset) → a new file under $KS_TEST_TMP (default /tmp);
// a "postgresql://..." URL → a new schema in that database, named after the test. Each call gives an
// empty database at the newest schema version.
#pragma once

#include <memory>

#include "core/clock.hpp"
#include "store/database.hpp"

namespace ks::test {

// The database, or nullptr after recording a test failure saying why (server unreachable,
// migration failed).
std::unique_ptr<store::Database> open_test_database();

// The same, with no migration applied (schema version 0): for tests of the migrations themselves.
std::unique_ptr<store::Database> open_unmigrated_test_database();

// "sqlite" or "postgresql", for test names and messages.
std::string_view test_backend_name();

} // namespace ks::test
