// Request metrics in Prometheus text format: counts and latency histograms by method, route
// pattern and status, and errors by code. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ks::http {

class Metrics {
public:
  Metrics();
  ~Metrics();
  void observe(std::string_view method, std::string_view route, int status, double seconds);
  void count_error(std::string_view route, std::string_view code);
  // The exposition text for GET /metrics.
  std::string render() const;

private:
  struct Impl;
  Impl* m_impl;
};

} // namespace ks::http
