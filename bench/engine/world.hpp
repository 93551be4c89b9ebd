// The benchmark's world: a fresh database (SQLite file or a new PostgreSQL schema) migrated, with
// the shipped structure and demo people, the shipped routines deployed, and the actors who may
// complete each task (resolved once from the structure and cached: the bench measures the
// engine and the store, not the lookup of who the bench should pretend to be).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "service/actor.hpp"
#include "store/database.hpp"

namespace ks::bench {

// 2026-01-01T08:00:00Z, where the scenario files start.
inline constexpr Instant kCaseStart{1'767'254'400'000};

struct WorldOptions {
  std::string url;          // sqlite:PATH (the file is removed first) or postgresql://...
  bool group_commit = true; // SQLite only.
  int pool_size = 40;
};

class World {
public:
  // Opens and prepares the database. Errors: the database's, migration's or loading's.
  static Result<std::unique_ptr<World>> create(const WorldOptions& options);

  store::Database& db() { return *m_db; }
  const Config& config() const { return m_config; }
  const Clock& setup_clock() const { return m_clock; }

  // The region's coordinator (case.register in region-22).
  service::Actor coordinator();
  // Someone who may complete a task for FUNCTION@scope_unit. Thread-safe.
  Result<service::Actor> assignee_of(const std::string& function, const std::string& scope_unit);

  // Registers a knowledge support for a case to be started on; returns its id.
  Result<std::int64_t> add_knowledge_support(int n);

  // Bytes each table holds with its indexes (and PostgreSQL's TOAST), after compacting (VACUUM /
  // VACUUM FULL); SQLite's own schema table under "sqlite_schema".
  Result<std::map<std::string, std::int64_t>> stored_bytes();

private:
  Result<service::Actor> actor(const std::string& username);
  service::Actor holder_of(const std::string& function, const std::string& unit_id);

  std::unique_ptr<store::Database> m_db;
  ManualClock m_clock{kCaseStart};
  Config m_config;
  std::string m_schema; // PostgreSQL: the schema of this run.
  std::mutex m_mutex;
  std::map<std::string, service::Actor> m_actors; // GUARDED_BY(m_mutex)
};

} // namespace ks::bench
