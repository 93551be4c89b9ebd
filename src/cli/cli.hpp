// The `ks` command: subcommands are added by add_*_command functions, one file each. Global
// options (--config, --db, --log-level) are resolved into a Config: defaults, then the TOML file,
// then KS_* environment variables, then flags.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "store/database.hpp"

namespace ks::cli {

// Exit codes: 0 success, 1 the operation failed (unreachable database, port in use...),
// 2 bad input (invalid file, invalid argument).
inline constexpr int kExitFailure = 1;
inline constexpr int kExitInvalid = 2;

struct GlobalOptions {
  std::string config_file;
  std::optional<std::string> db;
  std::optional<std::string> log_level;
};

// Builds the effective configuration; on error prints one line and returns nullopt.
std::optional<Config> resolve_config(const GlobalOptions& options);

enum class Prepare { yes, no };
// Opens the database named by config and, with Prepare::yes, migrates it and loads what the
// installation needs (service::prepare_database). Callers report the error and exit with its code.
Result<std::unique_ptr<store::Database>> open_database(const Config& config, const Clock& clock,
                                                       Prepare prepare = Prepare::yes);

// Prints "ks: <message>" on stderr and returns the exit code for the error.
int report(const Error& error);

void add_version_command(CLI::App& app);
void add_serve_command(CLI::App& app, GlobalOptions& options);
void add_migrate_command(CLI::App& app, GlobalOptions& options);
// `ks import structure`, `ks export structure` (cmd_structure.cpp).
void add_structure_commands(CLI::App& app, GlobalOptions& options);
// `ks user ...` and `ks token ...` (cmd_user.cpp).
void add_user_commands(CLI::App& app, GlobalOptions& options);
// `ks audit verify` (cmd_audit.cpp).
void add_audit_commands(CLI::App& app, GlobalOptions& options);
// `ks history pack` (cmd_audit.cpp).
void add_history_commands(CLI::App& app, GlobalOptions& options);
// `ks check-process FILE...` (cmd_process.cpp).
void add_process_commands(CLI::App& app);
// `ks bench seed`, `ks bench open-tasks` (cmd_bench.cpp).
void add_bench_commands(CLI::App& app, GlobalOptions& options);

// Loads the shipped structure (and, in demo mode, the demo people) once per database; on error

} // namespace ks::cli
