// Measurements as they arrive, before the database resolves their indicators: from CSV and from
// Kolada-style JSON. Pure parsing; an error names the row or entry and the field, so that the
// import can refuse the whole file (all or nothing) with a message that says where to look.
//
// CSV (RFC 4180, UTF-8, a header line naming the columns in any order):
//   indicator,principal,period,value
//   N00945,municipality-2281,2024,12.3
//   7,region-22,2024-03,"81,5"
// `indicator` is the indicator's numeric id or its Kolada KPI id; `principal` a principal's unit id
// (region-NN, municipality-NNNN); `period` YYYY or YYYY-MM; `value` a decimal number ("." or ","),
// or empty for a period without data (nothing is stored for it: missing stays missing).
//
// Kolada-style JSON: {"values":[{"kpi":"N00945","municipality":"2281","period":2024,
//   "values":[{"gender":"T","value":12.3}]}]}. Only the total ("gender": "T") is read; a municipality
// code NNNN becomes "municipality-NNNN", a region code 00NN (Kolada's codes for regions)
// "region-NN"; a null value, or no total, is a period without data.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ks::domain {

struct MeasurementRow {
  std::string where;     // "line 3" or "values[2]", for error messages.
  std::string indicator; // Numeric id or Kolada KPI id, as given.
  std::string indicator_field; // Where `indicator` is: "line 3, column 1 (indicator)", "values[2].kpi".
  std::string principal_id;
  std::string period;
  std::optional<double> value; // nullopt: no data for this period.
};

// Errors: invalid_input with field "line L (column)" (csv_position) — a missing column in the
// header, an empty indicator, a malformed principal, period or value; the CSV parser's errors;
// an empty file.
Result<std::vector<MeasurementRow>> parse_measurement_csv(std::string_view text);

// Errors: invalid_input with field "values[i].<member>" — not JSON, no "values" array, a missing or
// malformed kpi, municipality, period or value.
Result<std::vector<MeasurementRow>> parse_kolada_json(std::string_view text);

// "2281" → "municipality-2281", "0022" → "region-22"; nullopt for anything but four digits.
std::optional<std::string> principal_from_kolada_code(std::string_view code);

// A decimal number with "." or "," as separator; nullopt when it is not exactly one number.
std::optional<double> parse_decimal(std::string_view text);

} // namespace ks::domain
