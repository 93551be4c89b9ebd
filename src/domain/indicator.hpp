// Indicators of a knowledge support and their measurements (issue 7): what is measured, which way
// is better, the target level (målnivå), and values per principal and period. Pure: checks,
// periods, series with gaps (a missing period is missing, never zero) and trends.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ks::domain {

enum class Direction { higher_is_better, lower_is_better };
std::string_view to_key(Direction d); // "higher", "lower"
std::string_view label_sv(Direction d);
std::optional<Direction> parse_direction(std::string_view key);

struct IndicatorInput {
  std::string name;
  std::string definition;
  std::string unit; // "%", "dagar", "antal per 10 000 invånare"...
  Direction direction = Direction::higher_is_better;
  std::optional<double> target; // Målnivå.
  std::string data_source;      // A quality register, Kolada, the region's own data...
  std::optional<std::string> kolada_kpi; // "N00945".
};
// Errors (invalid_input naming the field): "name" empty or over 300 characters; "kolada_kpi" not
// a letter followed by 5 digits; "target" not finite.
Status check_indicator(const IndicatorInput& in);

// A period: a year "2024" or a month "2024-03".
bool is_period(std::string_view text);
// The periods from first to last inclusive, consecutive years or months; empty when the two are
// not periods of the same kind or last < first. At most 1200 periods.
std::vector<std::string> period_range(std::string_view first, std::string_view last);

// A measured value for one period, as stored.
struct Point {
  std::string period;
  double value = 0;
};

// One value per period of `periods`, nullopt where `points` has none (missing, "saknas").
std::vector<std::optional<double>> series_over(const std::vector<std::string>& periods, const std::vector<Point>& points);

enum class TrendKind { improving, worsening, unchanged, insufficient };
std::string_view to_key(TrendKind t);
std::string_view label_sv(TrendKind t);

struct Trend {
  TrendKind kind = TrendKind::insufficient;
  std::optional<std::string> latest_period;
  std::optional<double> latest;
  std::optional<std::string> previous_period;
  std::optional<double> previous;
  // Whether the latest value reaches the target (nullopt: no target or no value).
  std::optional<bool> meets_target;
};
// The trend from the last two measured points (by period; gaps are skipped, never read as zero).
Trend trend_of(std::vector<Point> points, Direction direction, std::optional<double> target);

// A number as pages and exports show it: up to 2 decimals, no trailing zeros, "." as separator.
std::string format_number(double v);

} // namespace ks::domain
