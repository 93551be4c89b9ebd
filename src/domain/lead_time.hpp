// Lead time per phase from a case's history (the overview, issue 7). Pure.
//
// A case's history gives, in order, the phase it entered at each moment (PhaseMark). The time a
// case spent in a phase is the sum of the intervals from entering it to entering the next
// different phase; a phase the case is still in (no later mark) is not counted, so only finished
// phases make lead times. Statistics over the cases: the median (the mean of the two middle values
// for an even count) and the 90th percentile by nearest rank (the ceil(0.9·n)-th smallest value).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace ks::domain {

struct PhaseMark {
  std::string phase;
  Instant at;
};

// Milliseconds spent in each finished phase, by phase key. Consecutive marks of one phase are one
// stay; empty phase keys are ignored.
std::map<std::string, std::int64_t> phase_durations(const std::vector<PhaseMark>& marks);

struct Distribution {
  std::size_t count = 0;
  double median = 0;
  double p90 = 0;
};
// Over `values` (any order); nullopt when empty.
std::optional<Distribution> distribution(std::vector<double> values);

} // namespace ks::domain
