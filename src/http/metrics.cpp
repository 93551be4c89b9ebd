#include "http/metrics.hpp"

#include <array>
#include <cstdio>
#include <map>
#include <mutex>

namespace ks::http {

namespace {
constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                             0.1,   0.25,   0.5,   1.0,  2.5,   10.0};

struct Histogram {
  std::array<std::uint64_t, kBuckets.size()> buckets{};
  std::uint64_t count = 0;
  double sum = 0;
};

std::string label(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}
} // namespace

struct Metrics::Impl {
  mutable std::mutex mutex;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests; // GUARDED_BY(mutex)
  std::map<std::pair<std::string, std::string>, Histogram> latency;           // GUARDED_BY(mutex)
  std::map<std::pair<std::string, std::string>, std::uint64_t> errors;         // GUARDED_BY(mutex)
};

Metrics::Metrics() : m_impl(new Impl) {}
Metrics::~Metrics() { delete m_impl; }

void Metrics::observe(std::string_view method, std::string_view route, int status, double seconds) {
  std::lock_guard lock(m_impl->mutex);
  ++m_impl->requests[{std::string(method), std::string(route), status}];
  auto& h = m_impl->latency[{std::string(method), std::string(route)}];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::count_error(std::string_view route, std::string_view code) {
  std::lock_guard lock(m_impl->mutex);
  ++m_impl->errors[{std::string(route), std::string(code)}];
}

std::string Metrics::render() const {
  std::lock_guard lock(m_impl->mutex);
  std::string out;
  char buf[64];
  out += "# HELP ks_http_requests_total HTTP requests by method, route and status.\n";
  out += "# TYPE ks_http_requests_total counter\n";
  for (const auto& [k, n] : m_impl->requests) {
    out += "ks_http_requests_total{method=\"" + label(std::get<0>(k)) + "\",route=\"" + label(std::get<1>(k)) +
           "\",status=\"" + std::to_string(std::get<2>(k)) + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP ks_http_request_duration_seconds HTTP request latency by method and route.\n";
  out += "# TYPE ks_http_request_duration_seconds histogram\n";
  for (const auto& [k, h] : m_impl->latency) {
    std::string labels = "method=\"" + label(k.first) + "\",route=\"" + label(k.second) + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      std::snprintf(buf, sizeof buf, "%g", kBuckets[i]);
      out += "ks_http_request_duration_seconds_bucket{" + labels + ",le=\"" + buf + "\"} " +
             std::to_string(h.buckets[i]) + "\n";
    }
    out += "ks_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " + std::to_string(h.count) + "\n";
    std::snprintf(buf, sizeof buf, "%.6f", h.sum);
    out += "ks_http_request_duration_seconds_sum{" + labels + "} " + buf + "\n";
    out += "ks_http_request_duration_seconds_count{" + labels + "} " + std::to_string(h.count) + "\n";
  }
  out += "# HELP ks_http_errors_total Requests answered with an error, by route and error code.\n";
  out += "# TYPE ks_http_errors_total counter\n";
  for (const auto& [k, n] : m_impl->errors)
    out += "ks_http_errors_total{route=\"" + label(k.first) + "\",code=\"" + label(k.second) + "\"} " +
           std::to_string(n) + "\n";
  return out;
}

} // namespace ks::http
