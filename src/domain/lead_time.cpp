#include "domain/lead_time.hpp"

#include <algorithm>

namespace ks::domain {

std::map<std::string, std::int64_t> phase_durations(const std::vector<PhaseMark>& marks) {
  std::map<std::string, std::int64_t> out;
  std::string current;
  Instant since{};
  for (const auto& m : marks) {
    if (m.phase.empty() || m.phase == current) continue;
    if (!current.empty()) out[current] += m.at.ms - since.ms;
    current = m.phase;
    since = m.at;
  }
  return out;
}

std::optional<Distribution> distribution(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  Distribution d;
  d.count = n;
  d.median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
  const std::size_t rank = (9 * n + 9) / 10; // ceil(0.9 n) without floating point.
  d.p90 = values[std::clamp<std::size_t>(rank, 1, n) - 1];
  return d;
}

} // namespace ks::domain
