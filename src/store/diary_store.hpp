// The diary (migration 0021): every incoming and outgoing document registered with a number per
// region and year ("RVN 2026/00042"). register_entry allocates the number inside the caller's
// transaction, so the number and what it registers are stored together or not at all; numbers
// run 1, 2, 3... per region and year without gaps (a rolled-back transaction returns its number).
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

namespace ks::store::diary {

struct NewEntry {
  std::string region_id;
  std::string entry_date; // "YYYY-MM-DD"; its year numbers the entry.
  domain::DiaryDirection direction = domain::DiaryDirection::in;
  std::string counterpart; // Sender (in) or recipient (out).
  std::string description;
  std::optional<std::int64_t> knowledge_support_id;
  std::optional<std::int64_t> case_id;
  std::optional<std::int64_t> document_id;
  std::string created_by;
};

struct Entry {
  std::int64_t id = 0;
  std::string number;
  int year = 0;
  std::int64_t seq = 0;
  NewEntry fields;
  Instant created_at;
};

// The prefix of a region's diary numbers (table diary_prefixes, else
// domain::default_diary_prefix).
Result<std::string> prefix_for(Connection& c, std::string_view region_id);

// Allocates the next number of the region and year and stores the entry. invalid_input
// ("entry_date") for a date that is not YYYY-MM-DD.
Result<Entry> register_entry(Connection& c, const NewEntry& entry, Instant now);

Result<std::optional<Entry>> find(Connection& c, std::int64_t id);

struct Query {
  std::string text; // Contained in the number, description or counterpart (case-insensitive).
  std::optional<std::string> region_id;
  std::optional<domain::DiaryDirection> direction;
  std::optional<int> year;
  std::optional<std::int64_t> case_id;
  std::size_t limit = 200;
  std::size_t offset = 0;
};
// Entries matching the query, newest number first.
Result<std::vector<Entry>> list(Connection& c, const Query& q);

} // namespace ks::store::diary
