// An ended case's archive (issue 8, migration 0072, decision 0018): what is only read once a case
// has ended — its final engine state, its closed tasks, its audit records — kept as one value in
// case_archive: a zstd frame (compressed::kPackLevel), a BLOB on SQLite and a bytea on PostgreSQL
// (whose TOAST compression, pglz, made ≈14.6 KB of what zstd makes ≈8 KB). One value for the
// three because SQLite gives each row of a few KB a page of its own: three such rows took 13 KB,
// one takes ≈8.5 KB. Since migration 0083 the frame is written with the dictionary of the case's
// process definition when it has one (pack_dictionary.hpp, decision 0023).
//
// The value is the line "ks-archive 1", then sections: a line "<name> <bytes>", that many bytes,
// and a newline. The store modules own their section's text: cases the state (case_store.hpp),
// tasks the tasks (task_store.hpp), audit the records (audit_store.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "store/database.hpp"

namespace ks::store::archive {

struct Archive {
  std::optional<std::string> state; // The engine state's JSON text.
  std::optional<std::string> tasks; // task_store's packed text.
  std::optional<std::string> audit; // audit_store's packed text.
};

// The case's archive (every section empty when it has none). Errors: internal, naming the case
// and what is wrong, for a damaged one.
Result<Archive> read(Connection& c, std::int64_t case_id);
// Stores it, replacing the case's archive: compressed with the dictionary of the case's process
// definition when it has one (pack_dictionary.hpp).
Status write(Connection& c, std::int64_t case_id, const Archive& archive);
// The value write() stores for a definition without a dictionary (tests of older schemas).
Value stored_value(const Archive& archive);

// The text of an archive, and an archive from its text (tests and tools).
std::string text_of(const Archive& archive);
Result<Archive> parse(std::int64_t case_id, std::string_view text);

} // namespace ks::store::archive
