// `ks import structure FILE.csv`, `ks export structure --format csv|xlsx`, and loading the shipped
// structure after migration.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

#include "cli/cli.hpp"
#include "core/log.hpp"
#include "service/structure_service.hpp"

namespace ks::cli {

namespace {

// The subcommand `name` of app, created when it is not there yet (import and export are shared by
// several features).
CLI::App* subcommand(CLI::App& app, const std::string& name, const std::string& description) {
  for (auto* s : app.get_subcommands([](CLI::App*) { return true; }))
    if (s->get_name() == name) return s;
  auto* s = app.add_subcommand(name, description);
  s->require_subcommand(1);
  return s;
}

int import_structure(GlobalOptions& options, const std::string& file) {
  auto config = resolve_config(options);
  if (!config) return kExitInvalid;
  std::ifstream in(file, std::ios::binary);
  if (!in) return report(Error::invalid("cannot read " + file, "FILE"));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  SystemClock clock;
  auto db = open_database(*config, clock);
  if (!db) return report(db.error());
  service::Context ctx{**db, clock, *config};
  auto r = service::import_structure_csv(ctx, text, file);
  if (!r) {
    const auto& e = r.error();
    if (e.code == ErrorCode::invalid_input) {
      std::fprintf(stderr, "ks: %s: %s\nks: nothing was imported\n", e.field.c_str(), e.message.c_str());
      return kExitInvalid;
    }
    return report(e);
  }
  std::printf("imported %s: units %zu added, %zu updated; relations %zu added; functions %zu added; "
              "people %zu added, %zu updated; assignments %zu added, %zu updated\n",
              file.c_str(), r->units_added, r->units_updated, r->relations_added, r->functions_added,
              r->people_added, r->people_updated, r->assignments_added, r->assignments_updated);
  return 0;
}

int export_structure(GlobalOptions& options, const std::string& format_name, const std::string& output) {
  auto config = resolve_config(options);
  if (!config) return kExitInvalid;
  const auto format = service::parse_export_format(format_name);
  if (!format) return report(Error::invalid("unknown format \"" + format_name + "\": use csv or xlsx", "--format"));
  SystemClock clock;
  auto db = open_database(*config, clock);
  if (!db) return report(db.error());
  service::Context ctx{**db, clock, *config};
  auto bytes = service::export_structure(ctx, *format);
  if (!bytes) return report(bytes.error());
  if (output.empty() || output == "-") {
    std::fwrite(bytes->data(), 1, bytes->size(), stdout);
    return 0;
  }
  std::ofstream out(output, std::ios::binary);
  out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
  if (!out) return report(Error::unavailable("cannot write " + output));
  std::fprintf(stderr, "exported the structure to %s\n", output.c_str());
  return 0;
}

} // namespace


void add_structure_commands(CLI::App& app, GlobalOptions& options) {
  auto* import = subcommand(app, "import", "Import data into KS");
  auto* import_cmd = import->add_subcommand(
      "structure", "Import units, relations, functions, people and assignments from a CSV file "
                   "(docs/structure-import.md); all or nothing, exit status 2 on a bad row");
  auto file = std::make_shared<std::string>();
  import_cmd->add_option("FILE", *file, "CSV file (UTF-8)")->required();
  import_cmd->callback([&options, file] {
    if (int rc = import_structure(options, *file); rc != 0) throw CLI::RuntimeError(rc);
  });

  auto* export_ = subcommand(app, "export", "Export data from KS");
  auto* export_cmd = export_->add_subcommand("structure", "Export the whole structure in the import format");
  auto format = std::make_shared<std::string>("csv");
  auto output = std::make_shared<std::string>();
  export_cmd->add_option("--format", *format, "csv (default) or xlsx");
  export_cmd->add_option("-o,--output", *output, "File to write (default: standard output)");
  export_cmd->callback([&options, format, output] {
    if (int rc = export_structure(options, *format, *output); rc != 0) throw CLI::RuntimeError(rc);
  });
}

} // namespace ks::cli
