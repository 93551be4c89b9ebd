// Storage of follow-up entries (migration 0042, step 33): continuous follow-up notes by a
// principal, and notes of the yearly follow-up. Functions take a Connection& inside the caller's
// transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace ks::store::followups {

inline constexpr std::string_view kContinuous = "continuous";
inline constexpr std::string_view kYearly = "yearly";

struct Entry {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::optional<std::string> principal_id; // The principal following up (continuous entries).
  std::string kind;                        // kContinuous or kYearly.
  std::string on_date;                     // "YYYY-MM-DD".
  std::string text;
  std::string adjustments; // Adjustments decided (ställningstagande till justeringar).
  std::string created_by;
  Instant created_at;
};

Result<std::int64_t> insert(Connection& c, const Entry& e);
// The case's entries, newest date first.
Result<std::vector<Entry>> of_case(Connection& c, std::int64_t case_id);

} // namespace ks::store::followups
