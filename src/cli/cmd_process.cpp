// `ks check-process FILE...`: checks BPMN routines (and the forms they name) with the engine's
// check_process_files; prints one line per file or error; exit 0 when every file is valid, 2 with
// every error listed otherwise.
#include <cstdio>
#include <filesystem>

#include "cli/cli.hpp"
#include "engine/check.hpp"

namespace ks::cli {

namespace {

struct CheckFlags {
  std::vector<std::string> files;
  std::string forms_dir; // Default: "forms" beside the first file.
};

int check_process(const CheckFlags& flags) {
  std::vector<std::filesystem::path> paths(flags.files.begin(), flags.files.end());
  std::filesystem::path forms = flags.forms_dir;
  if (forms.empty()) forms = paths.front().parent_path() / "forms";
  auto report = engine::check_process_files(paths, forms);
  for (const auto& line : report.lines) {
    std::FILE* out = report.exit_code == 0 ? stdout : stderr;
    std::fprintf(out, "%s\n", line.c_str());
  }
  return report.exit_code;
}

} // namespace

void add_process_commands(CLI::App& app) {
  auto* cmd = app.add_subcommand("check-process", "Check BPMN routines against the KS subset and their forms "
                                                  "(exit 0: valid; 2: every error listed)");
  auto flags = std::make_shared<CheckFlags>();
  cmd->add_option("files", flags->files, "BPMN files")->required()->check(CLI::ExistingFile);
  cmd->add_option("--forms", flags->forms_dir, "Folder with the *.form files (default: forms/ beside the first file)");
  cmd->callback([flags] {
    int rc = check_process(*flags);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

} // namespace ks::cli
