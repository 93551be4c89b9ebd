#include "domain/indicator.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>

namespace ks::domain {

namespace {

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

int to_int(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

} // namespace

std::string_view to_key(Direction d) { return d == Direction::higher_is_better ? "higher" : "lower"; }
std::string_view label_sv(Direction d) {
  return d == Direction::higher_is_better ? "Högre värde är bättre" : "Lägre värde är bättre";
}
std::optional<Direction> parse_direction(std::string_view key) {
  if (key == "higher") return Direction::higher_is_better;
  if (key == "lower") return Direction::lower_is_better;
  return std::nullopt;
}

Status check_indicator(const IndicatorInput& in) {
  const bool blank = std::all_of(in.name.begin(), in.name.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  if (blank) return fail(Error::invalid("en indikator behöver ett namn", "name"));
  if (in.name.size() > 300) return fail(Error::invalid("namnet är längre än 300 tecken", "name"));
  if (in.target && !std::isfinite(*in.target)) return fail(Error::invalid("målnivån är inte ett tal", "target"));
  if (in.kolada_kpi) {
    const auto& k = *in.kolada_kpi;
    if (k.size() != 6 || !std::isupper(static_cast<unsigned char>(k[0])) || !digits(std::string_view(k).substr(1)))
      return fail(Error::invalid("ett Kolada-id är en versal och fem siffror (N00945): \"" + k + "\"", "kolada_kpi"));
  }
  return {};
}

bool is_period(std::string_view text) {
  if (text.size() == 4) return digits(text);
  if (text.size() == 7 && text[4] == '-' && digits(text.substr(0, 4)) && digits(text.substr(5))) {
    const int m = to_int(text.substr(5));
    return m >= 1 && m <= 12;
  }
  return false;
}

std::vector<std::string> period_range(std::string_view first, std::string_view last) {
  std::vector<std::string> out;
  if (!is_period(first) || !is_period(last) || first.size() != last.size() || last < first) return out;
  if (first.size() == 4) {
    for (int y = to_int(first); y <= to_int(last) && out.size() < 1200; ++y) out.push_back(std::to_string(y));
    return out;
  }
  int y = to_int(first.substr(0, 4)), m = to_int(first.substr(5));
  const int ly = to_int(last.substr(0, 4)), lm = to_int(last.substr(5));
  while ((y < ly || (y == ly && m <= lm)) && out.size() < 1200) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
    out.emplace_back(buf);
    if (++m > 12) m = 1, ++y;
  }
  return out;
}

std::vector<std::optional<double>> series_over(const std::vector<std::string>& periods, const std::vector<Point>& points) {
  std::map<std::string, double, std::less<>> by_period;
  for (const auto& p : points) by_period[p.period] = p.value;
  std::vector<std::optional<double>> out;
  out.reserve(periods.size());
  for (const auto& p : periods) {
    auto it = by_period.find(p);
    out.push_back(it == by_period.end() ? std::nullopt : std::optional<double>(it->second));
  }
  return out;
}

std::string_view to_key(TrendKind t) {
  switch (t) {
  case TrendKind::improving: return "improving";
  case TrendKind::worsening: return "worsening";
  case TrendKind::unchanged: return "unchanged";
  case TrendKind::insufficient: return "insufficient";
  }
  return "insufficient";
}
std::string_view label_sv(TrendKind t) {
  switch (t) {
  case TrendKind::improving: return "Förbättras";
  case TrendKind::worsening: return "Försämras";
  case TrendKind::unchanged: return "Oförändrat";
  case TrendKind::insufficient: return "För lite data";
  }
  return "";
}

Trend trend_of(std::vector<Point> points, Direction direction, std::optional<double> target) {
  std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) { return a.period < b.period; });
  Trend t;
  if (points.empty()) return t;
  const auto& last = points.back();
  t.latest_period = last.period;
  t.latest = last.value;
  if (target)
    t.meets_target = direction == Direction::higher_is_better ? last.value >= *target : last.value <= *target;
  if (points.size() < 2) return t;
  const auto& prev = points[points.size() - 2];
  t.previous_period = prev.period;
  t.previous = prev.value;
  const double delta = last.value - prev.value;
  if (std::abs(delta) < 1e-9) t.kind = TrendKind::unchanged;
  else if ((delta > 0) == (direction == Direction::higher_is_better)) t.kind = TrendKind::improving;
  else t.kind = TrendKind::worsening;
  return t;
}

std::string format_number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s(buf);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

} // namespace ks::domain
