// ISO 8601 durations ("P1Y2M10DT2H30M", "P2W") and calendar arithmetic on Instants, used for
// task deadlines and timers. All arithmetic is in UTC: a day is 24 hours, and years and months
// move the calendar date (2026-01-31 + P1M = 2026-02-28, day clamped to the month's end).
#pragma once

#include "core/clock.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ks::engine {

struct Duration {
  std::int64_t years = 0;
  std::int64_t months = 0;
  std::int64_t weeks = 0;
  std::int64_t days = 0;
  std::int64_t hours = 0;
  std::int64_t minutes = 0;
  std::int64_t seconds = 0;
  std::int64_t millis = 0; // From a fractional seconds part ("PT1.5S").

  bool is_zero() const;
  bool operator==(const Duration&) const = default;
};

// Parses "P[nY][nM][nW][nD][T[nH][nM][n[.fff]S]]". Only the seconds may have a fraction. Returns
// an invalid_input error naming the position of the first offending character.
Result<Duration> parse_duration(std::string_view text);

// t + d: first years and months on the calendar (clamping the day), then weeks, days and the time
// part as fixed lengths.
Instant add_duration(Instant t, const Duration& d);

// A repeating interval "R[n]/[start/]period" (timeCycle). `start` is the text between the slashes,
// kept unevaluated because it may be an expression `${var}`; empty when omitted.
struct Cycle {
  std::optional<std::int64_t> repetitions; // nullopt: unbounded ("R/").
  std::string start;
  Duration period;
};

// Parses a timeCycle. The start is checked only for being non-empty when present; the caller
// resolves it (an ISO date or an expression).
Result<Cycle> parse_cycle(std::string_view text);

// The first occurrence start + k*period (k = 0..repetitions-1: "R3" fires three times) strictly
// after `after`, or nullopt when the cycle is exhausted. Calendar periods are added k times from
// the start, so a yearly
// cycle from 29 February lands on 28 February in other years, and back on 29 February in leap years.
// `index`, when given, receives k.
std::optional<Instant> next_occurrence(Instant start, const Cycle& cycle, Instant after,
                                       std::int64_t* index = nullptr);

} // namespace ks::engine
