#include "engine/duration.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ks::engine {

namespace {

Error duration_error(std::string_view text, std::size_t pos, std::string_view what) {
  return Error::invalid(fmt::format("malformed ISO 8601 duration '{}' at position {}: {}", text, pos + 1, what));
}

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2) {
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[m - 1];
}

constexpr std::int64_t kDayMs = 86400000;

} // namespace

bool Duration::is_zero() const {
  return years == 0 && months == 0 && weeks == 0 && days == 0 && hours == 0 && minutes == 0 && seconds == 0 &&
         millis == 0;
}

Result<Duration> parse_duration(std::string_view text) {
  Duration d;
  if (text.empty() || text[0] != 'P') return fail(duration_error(text, 0, "expected 'P'"));
  std::size_t pos = 1;
  bool in_time = false;
  bool any = false;
  // Designators must come in this order; `rank` rejects "P1D2Y" and repeats.
  int last_rank = -1;
  while (pos < text.size()) {
    if (text[pos] == 'T') {
      if (in_time) return fail(duration_error(text, pos, "second 'T'"));
      in_time = true;
      ++pos;
      if (pos == text.size()) return fail(duration_error(text, pos - 1, "'T' without a time part"));
      continue;
    }
    std::size_t start = pos;
    std::int64_t value = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (value > 100000000) return fail(duration_error(text, pos, "number too large"));
      value = value * 10 + (text[pos] - '0');
      ++pos;
    }
    if (pos == start) return fail(duration_error(text, pos, "expected a number"));
    std::int64_t frac_ms = 0;
    bool has_frac = false;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      has_frac = true;
      ++pos;
      std::size_t fs = pos;
      int n = 0;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (n < 3) frac_ms = frac_ms * 10 + (text[pos] - '0');
        ++n;
        ++pos;
      }
      if (pos == fs) return fail(duration_error(text, pos, "expected digits after the decimal mark"));
      for (; n < 3; ++n) frac_ms *= 10;
    }
    if (pos == text.size()) return fail(duration_error(text, pos - 1, "number without a designator"));
    char unit = text[pos];
    int rank;
    if (!in_time) {
      switch (unit) {
      case 'Y': rank = 0; d.years = value; break;
      case 'M': rank = 1; d.months = value; break;
      case 'W': rank = 2; d.weeks = value; break;
      case 'D': rank = 3; d.days = value; break;
      default: return fail(duration_error(text, pos, fmt::format("unexpected '{}'", unit)));
      }
    } else {
      switch (unit) {
      case 'H': rank = 4; d.hours = value; break;
      case 'M': rank = 5; d.minutes = value; break;
      case 'S': rank = 6; d.seconds = value; d.millis = frac_ms; break;
      default: return fail(duration_error(text, pos, fmt::format("unexpected '{}'", unit)));
      }
    }
    if (has_frac && rank != 6) return fail(duration_error(text, pos, "only seconds may have a fraction"));
    if (rank <= last_rank) return fail(duration_error(text, pos, "designators out of order or repeated"));
    last_rank = rank;
    any = true;
    ++pos;
  }
  if (!any) return fail(duration_error(text, text.size() - 1, "no duration parts"));
  return d;
}

Instant add_duration(Instant t, const Duration& d) {
  std::int64_t ms = t.ms;
  if (d.years != 0 || d.months != 0) {
    std::int64_t days = ms >= 0 ? ms / kDayMs : (ms - (kDayMs - 1)) / kDayMs;
    std::int64_t time_of_day = ms - days * kDayMs;
    int y;
    unsigned m, day;
    civil_from_days(days, y, m, day);
    std::int64_t total_months = static_cast<std::int64_t>(y) * 12 + (m - 1) + d.years * 12 + d.months;
    std::int64_t ny = total_months >= 0 ? total_months / 12 : (total_months - 11) / 12;
    unsigned nm = static_cast<unsigned>(total_months - ny * 12) + 1;
    unsigned nd = std::min(day, days_in_month(ny, nm));
    ms = days_from_civil(static_cast<int>(ny), nm, nd) * kDayMs + time_of_day;
  }
  ms += (d.weeks * 7 + d.days) * kDayMs;
  ms += d.hours * 3600000 + d.minutes * 60000 + d.seconds * 1000 + d.millis;
  return Instant{ms};
}

Result<Cycle> parse_cycle(std::string_view text) {
  Cycle c;
  if (text.empty() || text[0] != 'R')
    return fail(Error::invalid(fmt::format("malformed timeCycle '{}': expected 'R[n]/[start/]period'", text)));
  std::size_t slash = text.find('/');
  if (slash == std::string_view::npos)
    return fail(Error::invalid(fmt::format("malformed timeCycle '{}': expected '/' after 'R'", text)));
  std::string_view count = text.substr(1, slash - 1);
  if (!count.empty()) {
    std::int64_t n = 0;
    for (char ch : count) {
      if (ch < '0' || ch > '9' || n > 100000000)
        return fail(Error::invalid(fmt::format("malformed timeCycle '{}': bad repetition count", text)));
      n = n * 10 + (ch - '0');
    }
    c.repetitions = n;
  }
  std::string_view rest = text.substr(slash + 1);
  // The start may be an expression "${...}" that itself contains no '/', so the last '/' splits.
  std::size_t last = rest.rfind('/');
  std::string_view period = rest;
  if (last != std::string_view::npos) {
    c.start = std::string(rest.substr(0, last));
    period = rest.substr(last + 1);
    if (c.start.empty()) return fail(Error::invalid(fmt::format("malformed timeCycle '{}': empty start", text)));
  }
  auto p = parse_duration(period);
  if (!p) return fail(Error::invalid(fmt::format("malformed timeCycle '{}': {}", text, p.error().message)));
  if (p->is_zero()) return fail(Error::invalid(fmt::format("malformed timeCycle '{}': zero period", text)));
  c.period = *p;
  return c;
}

namespace {
Duration times(const Duration& d, std::int64_t k) {
  return Duration{d.years * k, d.months * k, d.weeks * k, d.days * k, d.hours * k, d.minutes * k, d.seconds * k,
                  d.millis * k};
}
} // namespace

std::optional<Instant> next_occurrence(Instant start, const Cycle& cycle, Instant after, std::int64_t* index) {
  std::int64_t approx = add_duration(start, cycle.period).ms - start.ms;
  if (approx <= 0) return std::nullopt;
  std::int64_t k = 0;
  if (after.ms > start.ms) k = std::max<std::int64_t>(0, (after.ms - start.ms) / approx - 2);
  for (;; ++k) {
    if (cycle.repetitions && k >= *cycle.repetitions) return std::nullopt;
    Instant at = add_duration(start, times(cycle.period, k));
    if (at > after) {
      if (index) *index = k;
      return at;
    }
  }
}

} // namespace ks::engine
