// Static assets served under /assets/: our CSS and scripts (src/web/static) and the pinned npm
// packages' browser builds (copied from node_modules at build time), all compiled into the binary.
#pragma once

#include <optional>
#include <string_view>

namespace ks::web {

struct Asset {
  std::string_view data;
  std::string_view content_type;
};

std::optional<Asset> find_asset(std::string_view path);

} // namespace ks::web
