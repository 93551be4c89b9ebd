#include "http/page.hpp"
#include "http/routes.hpp"
#include "web/pages.hpp"

namespace ks::http {

void register_home_routes(Server& server) {
  server.router().add(Method::get, "/", [](Request& req) -> Result<Response> {
    return page(req, "home", web::t(req.lang, "app_name"), nlohmann::json::object());
  });
}

} // namespace ks::http
