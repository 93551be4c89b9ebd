// A process library: the BPMN files and forms a server runs, loaded and checked together, from
// any source (the files compiled into the binary, or a region's own files given as text).
#pragma once

#include "core/result.hpp"
#include "engine/forms/form.hpp"
#include "engine/runtime/definition_set.hpp"

#include <map>
#include <span>
#include <string>
#include <string_view>

namespace ks::engine {

struct SourceFile {
  std::string path;      // "vasternorrland.bpmn", "forms/vn-04-bedomning.form": decides the kind.
  std::string_view text;
};

struct ProcessLibrary {
  DefinitionSet definitions;
  std::map<std::string, forms::Form, std::less<>> forms;         // By form id.
  std::map<std::string, std::string, std::less<>> process_files;  // Process id -> path of its file.
  std::map<std::string, std::string, std::less<>> file_texts;      // Path -> BPMN XML (for the diagram).

  // The form with this id, or nullptr.
  const forms::Form* find_form(std::string_view id) const;
  // The BPMN XML of the file holding this process, or nullopt.
  std::optional<std::string_view> process_xml(std::string_view process_id) const;
};

// Loads every *.bpmn and *.form among `files` (others are ignored). Each BPMN file is validated
// against the forms and processes of the whole set. Fails with invalid_input whose message lists
// every problem, one per line, as "PATH:LINE: element ID: message" (forms: "PATH: message").
Result<ProcessLibrary> load_library(std::span<const SourceFile> files);

// load_library over the files under processes/ compiled into the binary.
Result<ProcessLibrary> load_shipped_library();

} // namespace ks::engine
