#include <span>

#include "core/embedded.hpp"
#include "http/server.hpp"
#include "web/assets.hpp"
#include "web/pages.hpp"

namespace ks::openapi {
std::span<const ks::EmbeddedFile> embedded_files();
}

namespace ks::http {

namespace {

// The OpenAPI document: 00-base.json plus the "paths" and "components.schemas" of every other
// fragment in src/http/openapi/, so that each feature documents its own routes in its own file.
const nlohmann::json& openapi_document() {
  static const nlohmann::json doc = [] {
    nlohmann::json base;
    std::vector<nlohmann::json> fragments;
    for (const auto& f : ks::openapi::embedded_files()) {
      auto j = nlohmann::json::parse(f.data, nullptr, false);
      if (j.is_discarded()) continue;
      if (f.path == "00-base.json") base = std::move(j);
      else fragments.push_back(std::move(j));
    }
    for (auto& frag : fragments) {
      if (frag.contains("paths"))
        for (auto it = frag["paths"].begin(); it != frag["paths"].end(); ++it) base["paths"][it.key()] = it.value();
      if (frag.contains("components") && frag["components"].contains("schemas"))
        for (auto it = frag["components"]["schemas"].begin(); it != frag["components"]["schemas"].end(); ++it)
          base["components"]["schemas"][it.key()] = it.value();
    }
    return base;
  }();
  return doc;
}

} // namespace

void register_operational_routes(Server& server) {
  auto& ctx = server.context();
  server.router().add(Method::get, "/healthz", [&ctx](Request&) -> Result<Response> {
    std::string db(store::to_string(ctx.db.backend()));
    if (auto s = ctx.db.ping(); !s)
      return Response::json({{"status", "unavailable"}, {"db", db}, {"error", s.error().message}}, 503);
    return Response::json({{"status", "ok"}, {"db", db}});
  });
  server.router().add(Method::get, "/metrics", [&server](Request&) -> Result<Response> {
    return Response::text(server.metrics().render(), "text/plain; version=0.0.4");
  });
  server.router().add(Method::get, "/assets/{path*}", [](Request& req) -> Result<Response> {
    auto asset = web::find_asset(req.path_param("path"));
    if (!asset) return fail(Error::not_found("no such asset"));
    Response r = Response::text(std::string(asset->data), std::string(asset->content_type));
    r.header("Cache-Control", "public, max-age=3600");
    return r;
  });
  server.router().add(Method::get, "/api/v1/openapi.json", [](Request&) -> Result<Response> {
    return Response::json(openapi_document());
  });
}

} // namespace ks::http
