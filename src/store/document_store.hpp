// Storage of documents (migration 0020): PDF and DOCX bytes in the database, never on the side.
// A service stores a document together with its diary entry (diary_store.hpp) in one transaction.
//
// Bytes: SQLite keeps them in a BLOB column (bound as text of the exact bytes, CAST to BLOB);
// PostgreSQL in a BYTEA column, bound as the text form '\x<hex>' and read back with
// encode(content, 'hex'), since values travel as text (database.hpp). Functions take a
// Connection& inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace ks::store::documents {

// What a document belongs to: a knowledge support, a case, or a task of a case (any may be unset).
struct Owner {
  std::optional<std::int64_t> knowledge_support_id;
  std::optional<std::int64_t> case_id;
  std::optional<std::int64_t> task_id;
};

struct DocumentInfo {
  std::int64_t id = 0;
  Owner owner;
  std::string filename;
  std::string media_type;
  std::int64_t size_bytes = 0;
  std::string uploaded_by;
  Instant uploaded_at;
};

// Stores the bytes (already checked by domain::check_document); returns the id.
Result<std::int64_t> insert(Connection& c, const Owner& owner, std::string_view filename, std::string_view media_type,
                            std::string_view content, std::string_view uploaded_by, Instant now);

Result<std::optional<DocumentInfo>> find(Connection& c, std::int64_t id);
// The stored bytes, exactly as inserted; nullopt when there is no such document.
Result<std::optional<std::string>> content(Connection& c, std::int64_t id);

// Documents of a knowledge support, or of a case (with its tasks'), oldest first.
Result<std::vector<DocumentInfo>> for_knowledge_support(Connection& c, std::int64_t knowledge_support_id);
Result<std::vector<DocumentInfo>> for_case(Connection& c, std::int64_t case_id);

} // namespace ks::store::documents
