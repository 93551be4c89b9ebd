// `ks check-process FILE...`: the checking logic, as a library function the CLI calls. The only
// engine code that reads files.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ks::engine {

struct CheckReport {
  int exit_code = 0;              // 0 when every file is valid, 2 otherwise.
  std::vector<std::string> lines; // What to print, one line each, in order.
};

// Reads each BPMN file and checks it (parse_bpmn + validate) against the forms in `forms_dir`
// (every *.form; a form must parse and its id must equal its file name) and the processes of all
// given files plus every other *.bpmn beside them (targets for callActivity). Errors are listed as
// "FILE:LINE: element ID: message" (or "FILE:LINE: message"), for forms "FORMFILE:0: form: message";
// a valid file gets "FILE: ok (N processes)".
CheckReport check_process_files(const std::vector<std::filesystem::path>& paths, const std::filesystem::path& forms_dir);

} // namespace ks::engine
