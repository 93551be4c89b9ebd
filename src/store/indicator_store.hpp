// Storage of indicators and measurements (migration 0041). A measurement is one value for
// (indicator, principal, period); storing one for a key that has a value replaces it. A period
// without a row is missing data — nothing here ever writes a zero for it. Functions take a
// Connection& inside the caller's transaction; not_found where a row addressed by id is missing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/indicator.hpp"
#include "store/database.hpp"

namespace ks::store::indicators {

struct Indicator {
  std::int64_t id = 0;
  std::int64_t knowledge_support_id = 0;
  domain::IndicatorInput fields;
  Instant created_at;
  Instant updated_at;
};

Result<std::int64_t> insert(Connection& c, std::int64_t knowledge_support_id, const domain::IndicatorInput& in, Instant now);
Status update(Connection& c, std::int64_t id, const domain::IndicatorInput& in, Instant now);
// Removes the indicator and its measurements.
Status remove(Connection& c, std::int64_t id);
Result<std::optional<Indicator>> find(Connection& c, std::int64_t id);
// The knowledge support's indicators by name.
Result<std::vector<Indicator>> of_knowledge_support(Connection& c, std::int64_t knowledge_support_id);

struct Measurement {
  std::int64_t indicator_id = 0;
  std::string principal_id;
  std::string period;
  double value = 0;
  std::string origin; // "csv", "kolada", "form".
  std::string imported_by;
  Instant imported_at;
};

// Inserts or replaces the value for (indicator, principal, period).
Status put(Connection& c, const Measurement& m);
// The indicator's measurements (of one principal when given), by principal, then period.
Result<std::vector<Measurement>> measurements(Connection& c, std::int64_t indicator_id,
                                              std::optional<std::string_view> principal_id = std::nullopt);

} // namespace ks::store::indicators
