#include "engine/check.hpp"

#include "engine/bpmn/parse.hpp"
#include "engine/bpmn/validate.hpp"
#include "engine/forms/form.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

namespace ks::engine {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return ss.str();
}

std::vector<fs::path> files_with(const fs::path& dir, std::string_view ext) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

CheckReport check_process_files(const std::vector<fs::path>& paths, const fs::path& forms_dir) {
  CheckReport report;
  auto error = [&](std::string line) {
    report.lines.push_back(std::move(line));
    report.exit_code = 2;
  };
  if (paths.empty()) {
    error("no BPMN files given");
    return report;
  }

  bpmn::ValidationContext ctx;
  for (const fs::path& f : files_with(forms_dir, ".form")) {
    auto text = read(f);
    if (!text) {
      error(fmt::format("{}:0: cannot read the file", f.string()));
      continue;
    }
    auto form = forms::parse_form(*text);
    if (!form) {
      error(fmt::format("{}:0: form: {}", f.string(), form.error().describe()));
      continue;
    }
    if (form->id != f.stem().string()) {
      error(fmt::format("{}:0: form: id '{}' differs from the file name", f.string(), form->id));
      continue;
    }
    ctx.known_forms.insert(form->id);
  }

  // Processes a callActivity may name: those in the given files and in their neighbours.
  std::set<fs::path> neighbours;
  for (const fs::path& p : paths)
    for (const fs::path& n : files_with(p.parent_path().empty() ? fs::path(".") : p.parent_path(), ".bpmn"))
      neighbours.insert(n);
  for (const fs::path& p : paths) neighbours.insert(p);
  for (const fs::path& n : neighbours)
    if (auto text = read(n))
      for (const auto& proc : bpmn::parse_bpmn(*text).definitions.processes) ctx.known_processes.insert(proc.id);

  for (const fs::path& p : paths) {
    auto text = read(p);
    if (!text) {
      error(fmt::format("{}:0: cannot read the file", p.string()));
      continue;
    }
    auto parsed = bpmn::parse_bpmn(*text);
    std::vector<bpmn::ValidationError> errors = parsed.errors;
    if (errors.empty() || !parsed.definitions.processes.empty()) {
      auto more = bpmn::validate(parsed.definitions, ctx);
      errors.insert(errors.end(), more.begin(), more.end());
    }
    std::stable_sort(errors.begin(), errors.end(), [](const auto& a, const auto& b) { return a.line < b.line; });
    for (const auto& e : errors) {
      if (e.element_id.empty()) error(fmt::format("{}:{}: {}", p.string(), e.line, e.message));
      else error(fmt::format("{}:{}: element {}: {}", p.string(), e.line, e.element_id, e.message));
    }
    if (errors.empty()) {
      std::size_t n = parsed.definitions.processes.size();
      report.lines.push_back(fmt::format("{}: ok ({} process{})", p.string(), n, n == 1 ? "" : "es"));
    }
  }
  return report;
}

} // namespace ks::engine
