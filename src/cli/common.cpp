#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "cli/cli.hpp"
#include "core/log.hpp"
#include "store/migrate.hpp"

namespace ks::cli {

int report(const Error& error) {
  std::fprintf(stderr, "ks: %s\n", error.describe().c_str());
  return error.code == ErrorCode::invalid_input ? kExitInvalid : kExitFailure;
}

std::optional<Config> resolve_config(const GlobalOptions& options) {
  Config config;
  std::string file = options.config_file;
  if (file.empty())
    if (const char* env = std::getenv("KS_CONFIG")) file = env;
  if (!file.empty()) {
    if (!std::filesystem::exists(file)) {
      report(Error::invalid("configuration file not found: " + file));
      return std::nullopt;
    }
    if (auto s = apply_toml_file(config, file); !s) {
      report(s.error());
      return std::nullopt;
    }
  }
  if (auto s = apply_environment(config, [](const char* n) { return std::getenv(n); }); !s) {
    report(s.error());
    return std::nullopt;
  }
  if (options.db) config.db = *options.db;
  if (options.log_level) config.log_level = *options.log_level;
  if (!log::set_level(config.log_level)) {
    report(Error::invalid("unknown log level '" + config.log_level + "'", "log_level"));
    return std::nullopt;
  }
  return config;
}

std::unique_ptr<store::Database> open_database(const Config& config, const Clock& clock, bool migrate) {
  store::DatabaseOptions o;
  o.url = config.db;
  o.pool_size = config.db_pool;
  o.sqlite_synchronous = config.sqlite_synchronous;
  auto db = store::Database::open(o);
  if (!db) {
    report(db.error());
    return nullptr;
  }
  if (migrate) {
    auto r = store::migrate(**db, clock);
    if (!r) {
      report(r.error());
      return nullptr;
    }
    if (!r->applied.empty())
      log::info("migrated", {{"from", r->from_version}, {"to", r->to_version}, {"db", (*db)->describe()}});
    if (!load_shipped_structure(**db, config, clock)) return nullptr;
  }
  return std::move(*db);
}

void add_version_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("version", "Print the version of ks");
  cmd->callback([] { std::printf("ks %s\n", KS_VERSION); });
}

void add_migrate_command(CLI::App& app, GlobalOptions& options) {
  auto* cmd = app.add_subcommand("migrate", "Bring the database schema up to date (running it again is a no-op)");
  cmd->callback([&options] {
    auto config = resolve_config(options);
    if (!config) throw CLI::RuntimeError(kExitInvalid);
    SystemClock clock;
    auto db = open_database(*config, clock, false);
    if (!db) throw CLI::RuntimeError(kExitFailure);
    auto r = store::migrate(*db, clock);
    if (!r) throw CLI::RuntimeError(report(r.error()));
    if (!load_shipped_structure(*db, *config, clock)) throw CLI::RuntimeError(kExitFailure);
    if (r->applied.empty()) {
      std::printf("schema is up to date (version %d)\n", r->to_version);
    } else {
      std::printf("migrated from version %d to %d:", r->from_version, r->to_version);
      for (const auto& m : r->applied) std::printf(" %s", m.c_str());
      std::printf("\n");
    }
  });
}

} // namespace ks::cli
