// Storage of knowledge supports (migration 0020) and their Swedish full-text search (0024).
//
// Every function takes a Connection& inside a transaction the caller opened, so that a service can
// compose them with documents, the diary and its audit record in one transaction. Errors are the
// database's (unavailable, internal) unless stated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/knowledge_support.hpp"
#include "store/database.hpp"

namespace ks::store::knowledge_supports {

struct KnowledgeSupport {
  std::int64_t id = 0;
  domain::KnowledgeSupportInput fields;
  std::string created_by;
  Instant created_at;
  Instant updated_at;
};

// Inserts a knowledge support (already checked by domain::check_knowledge_support); returns its id.
Result<std::int64_t> insert(Connection& c, const domain::KnowledgeSupportInput& in, std::string_view created_by,
                            Instant now);

// Replaces the fields of a stored knowledge support; not_found when there is none.
Status update(Connection& c, std::int64_t id, const domain::KnowledgeSupportInput& in, Instant now);

Result<std::optional<KnowledgeSupport>> find(Connection& c, std::int64_t id);

struct Query {
  // Words to find in title and summary, in Swedish: inflected forms match ("vårdförloppen" finds
  // "vårdförlopp"); every word must match. Empty: no text condition.
  std::string text;
  std::optional<domain::KnowledgeSupportKind> kind;
  std::optional<domain::NationalStatus> national_status;
  std::optional<std::string> owner_unit_id;
  std::size_t limit = 100;
  std::size_t offset = 0;
};
// Matching knowledge supports, best match first when searching by text, else newest first.
// SQLite: FTS5 table knowledge_support_fts (tokenizer `swedish`); PostgreSQL:
// to_tsvector('swedish', title || ' ' || summary) with its GIN index.
Result<std::vector<KnowledgeSupport>> search(Connection& c, const Query& q);

} // namespace ks::store::knowledge_supports
