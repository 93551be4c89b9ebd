#include "web/assets.hpp"

#include <span>

#include "core/embedded.hpp"

namespace ks::assets {
std::span<const ks::EmbeddedFile> embedded_files();
}
namespace ks::vendor { // The npm packages' browser builds, copied from node_modules at build time.
std::span<const ks::EmbeddedFile> embedded_files();
}

namespace ks::web {

namespace {
std::string_view content_type_for(std::string_view path) {
  if (path.ends_with(".css")) return "text/css; charset=utf-8";
  if (path.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (path.ends_with(".svg")) return "image/svg+xml";
  if (path.ends_with(".png")) return "image/png";
  if (path.ends_with(".woff2")) return "font/woff2";
  if (path.ends_with(".json")) return "application/json";
  return "application/octet-stream";
}
} // namespace

std::optional<Asset> find_asset(std::string_view path) {
  if (path.find("..") != std::string_view::npos) return std::nullopt;
  std::optional<std::string_view> data;
  if (path.starts_with("vendor/"))
    data = find_embedded(ks::vendor::embedded_files(), path.substr(7));
  else
    data = find_embedded(ks::assets::embedded_files(), path);
  if (!data) return std::nullopt;
  return Asset{*data, content_type_for(path)};
}

} // namespace ks::web
