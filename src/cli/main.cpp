#include "cli/cli.hpp"

int main(int argc, char** argv) {
  CLI::App app{"ks — Kunskapsstyrning: the structure, the routine for every national knowledge support, "
               "and where everything stands."};
  app.require_subcommand(1);
  app.fallthrough(); // Global options may come after the subcommand: ks migrate --db URL.
  app.set_help_all_flag("--help-all", "Show help for every subcommand");
  ks::cli::GlobalOptions options;
  app.add_option("--config", options.config_file, "TOML configuration file (default: $KS_CONFIG, else none)");
  app.add_option("--db", options.db, "Database: sqlite:PATH or postgresql://USER@HOST/DB (default sqlite:var/ks.db)");
  app.add_option("--log-level", options.log_level, "debug, info, warn or error");

  ks::cli::add_version_command(app);
  ks::cli::add_serve_command(app, options);
  ks::cli::add_migrate_command(app, options);
  ks::cli::add_structure_commands(app, options);
  ks::cli::add_user_commands(app, options);
  ks::cli::add_audit_commands(app, options);
  ks::cli::add_history_commands(app, options);
  ks::cli::add_process_commands(app);
  ks::cli::add_bench_commands(app, options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}
