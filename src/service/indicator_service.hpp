// Use cases on indicators (issue 7): define a knowledge support's indicators, import measurements
// from CSV or Kolada-style JSON (domain/measurement_import.hpp), and read an indicator's series per
// principal for charts, tables and reports.
//
// An import is all or nothing: every row is parsed and resolved (its indicator must belong to the
// knowledge support, by numeric id or Kolada KPI id) before anything is written, in one
// transaction with its audit record; the first bad row fails the whole import with invalid_input
// whose field names the row and the column ("line 3, column 4 (value)", "values[1].municipality").
// Rows without a value are periods without data: nothing is stored for them.
//
// Permissions: defining and importing need indicator.import; reading needs report.read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/indicator.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/indicator_store.hpp"

namespace ks::service {

// Errors: not_found for an unknown knowledge support; invalid_input naming the field.
Result<std::int64_t> add_indicator(Context& ctx, const Actor& actor, std::int64_t knowledge_support_id,
                                   const domain::IndicatorInput& in);
Status update_indicator(Context& ctx, const Actor& actor, std::int64_t indicator_id, const domain::IndicatorInput& in);
Result<std::vector<store::indicators::Indicator>> indicators_of(Context& ctx, const Actor& actor,
                                                                std::int64_t knowledge_support_id);

enum class ImportFormat { csv, kolada };
struct MeasurementImport {
  std::size_t stored = 0;  // Values inserted or replaced.
  std::size_t missing = 0; // Rows without a value (nothing stored).
};
Result<MeasurementImport> import_measurements(Context& ctx, const Actor& actor, std::int64_t knowledge_support_id,
                                              ImportFormat format, std::string_view text);

struct PrincipalSeries {
  std::string principal_id;
  std::string principal_name; // The unit's name, or its id when the structure does not know it.
  std::vector<std::optional<double>> values; // One per IndicatorSeries::periods; nullopt: missing.
  domain::Trend trend;
};
struct IndicatorSeries {
  store::indicators::Indicator indicator;
  std::vector<std::string> periods; // Consecutive, from the first to the last measured period.
  std::vector<PrincipalSeries> principals; // By principal id.
};
// The series of every principal with data (or only `principal_id`). not_found for an unknown
// indicator.
Result<IndicatorSeries> indicator_series(Context& ctx, const Actor& actor, std::int64_t indicator_id,
                                         std::optional<std::string> principal_id = std::nullopt);
// The same inside a caller's read transaction, without a permission check (reports).
Result<IndicatorSeries> indicator_series_in(store::Connection& c, const store::indicators::Indicator& indicator,
                                            std::optional<std::string> principal_id = std::nullopt);

// A knowledge support with every indicator's series (the indicators page). not_found for an unknown
// knowledge support; report.read.
struct IndicatorsOfSupport {
  std::int64_t knowledge_support_id = 0;
  std::string title;
  std::vector<IndicatorSeries> indicators;
};
Result<IndicatorsOfSupport> indicators_with_series(Context& ctx, const Actor& actor, std::int64_t knowledge_support_id);

// The series as pages and the API show it: indicator fields, periods, and per principal its values
// (numbers as text, null where missing), latest value and trend.
nlohmann::json indicator_series_json(const IndicatorSeries& s);

} // namespace ks::service
