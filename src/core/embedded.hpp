// Files compiled into the binary by cmake/ks_embed (migrations, templates, assets, processes,
// reference data), so that `ks` reads nothing from the source tree at run time.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace ks {

struct EmbeddedFile {
  std::string_view path; // Relative to the embedded folder, with '/' separators.
  std::string_view data;
};

// Looks a path up in a set of embedded files.
std::optional<std::string_view> find_embedded(std::span<const EmbeddedFile> files, std::string_view path);

} // namespace ks
