#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "cli/cli.hpp"
#include "core/log.hpp"
#include "service/startup.hpp"
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

Result<std::unique_ptr<store::Database>> open_database(const Config& config, const Clock& clock, Prepare prepare) {
  store::DatabaseOptions o;
  o.url = config.db;
  o.pool_size = config.db_pool;
  o.sqlite_synchronous = config.sqlite_synchronous;
  auto db = KS_TRY(store::Database::open(o));
  if (prepare == Prepare::yes) {
    auto r = KS_TRY(service::prepare_database(*db, config, clock));
    if (!r.migration.applied.empty())
      log::info("migrated", {{"from", r.migration.from_version}, {"to", r.migration.to_version}, {"db", db->describe()}});
    for (const auto& step : r.steps) log::info("loaded", {{"what", step}});
  }
  return db;
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
    auto db = open_database(*config, clock, Prepare::no);
    if (!db) throw CLI::RuntimeError(report(db.error()));
    auto r = service::prepare_database(**db, *config, clock);
    if (!r) throw CLI::RuntimeError(report(r.error()));
    const auto& m = r->migration;
    if (m.applied.empty()) {
      std::printf("schema is up to date (version %d)\n", m.to_version);
    } else {
      std::printf("migrated from version %d to %d:", m.from_version, m.to_version);
      for (const auto& name : m.applied) std::printf(" %s", name.c_str());
      std::printf("\n");
    }
    for (const auto& step : r->steps) std::printf("loaded %s\n", step.c_str());
  });
}

} // namespace ks::cli
