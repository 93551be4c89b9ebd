// What every use case needs, injected: the database, the clock and the configuration. Built once by
// `ks serve` (or a test) and passed by reference; holds no per-request state, so several `ks serve`
// processes can share one PostgreSQL.
#pragma once

#include "core/clock.hpp"
#include "core/config.hpp"
#include "store/database.hpp"

namespace ks::service {

struct Context {
  store::Database& db;
  const Clock& clock;
  const Config& config;
};

} // namespace ks::service
