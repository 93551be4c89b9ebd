// `ks audit verify`: walks the hash chain of the audit log and names the first row that does not
// hold (edited, inserted or deleted). Exit status 0 when intact, 1 when broken or unreadable.
#include <cstdio>

#include "cli/cli.hpp"
#include "service/audit.hpp"

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

} // namespace ks::cli
