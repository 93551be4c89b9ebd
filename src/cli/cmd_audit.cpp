// `ks audit verify`: walks the hash chain of the audit log and names the first row that does not
// hold (edited, inserted or deleted). Exit status 0 when intact, 1 when broken or unreadable.
// `ks history pack`: packs the history of cases that ended before migration 0070 and archives
// those that ended before 0072 (decisions 0015, 0018).
#include <cstdio>

#include "cli/cli.hpp"
#include "core/config.hpp"
#include "service/audit.hpp"
#include "service/case_service.hpp"
#include "store/migrate.hpp"

namespace ks::cli {

void add_audit_commands(CLI::App& app, GlobalOptions& options) {
  auto* audit = app.add_subcommand("audit", "The audit log");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "Check that no audit row was edited, inserted or deleted");
  verify->callback([&options] {
    auto config = resolve_config(options);
    if (!config) throw CLI::RuntimeError(kExitInvalid);
    SystemClock clock;
    auto db = open_database(*config, clock, Prepare::no);
    if (!db) throw CLI::RuntimeError(report(db.error()));
    auto v = service::verify_audit(**db);
    if (!v) throw CLI::RuntimeError(report(v.error()));
    if (!v->ok) {
      std::fprintf(stderr, "ks: audit log BROKEN at row %lld: %s\n", static_cast<long long>(v->broken_seq),
                   v->reason.c_str());
      throw CLI::RuntimeError(kExitFailure);
    }
    std::printf("audit log intact: %lld rows, head %s\n", static_cast<long long>(v->rows),
                v->head_hash.empty() ? "(empty)" : v->head_hash.c_str());
  });
}

void add_history_commands(CLI::App& app, GlobalOptions& options) {
  auto* history = app.add_subcommand("history", "The history of cases");
  history->require_subcommand(1);
  auto* pack = history->add_subcommand(
      "pack", "Pack the history of cases that ended before migration 0070, and archive the state, closed tasks "
              "and audit records of those that ended before 0072 (everything kept; cases ending now are packed "
              "as they end)");
  pack->callback([&options] {
    auto config = resolve_config(options);
    if (!config) throw CLI::RuntimeError(kExitInvalid);
    SystemClock clock;
    auto db = open_database(*config, clock, Prepare::no);
    if (!db) throw CLI::RuntimeError(report(db.error()));
    auto version = store::schema_version(**db);
    if (!version) throw CLI::RuntimeError(report(version.error()));
    if (*version < 72)
      throw CLI::RuntimeError(report(Error::invalid("the database is at schema version " + std::to_string(*version) +
                                                    ", before case archives (72): run `ks migrate` first")));
    service::Context ctx{**db, clock, *config};
    auto packed = service::pack_ended_cases(ctx, 200, [](std::int64_t n) {
      std::fprintf(stderr, "packed: %lld cases\n", static_cast<long long>(n));
    });
    if (!packed) throw CLI::RuntimeError(report(packed.error()));
    std::printf("packed the history of %lld and archived %lld ended cases\n", static_cast<long long>(packed->histories),
                static_cast<long long>(packed->archived));
  });
}

} // namespace ks::cli
