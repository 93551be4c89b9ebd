#include "http/page.hpp"

namespace ks::http {

web::PageMeta page_meta(const Request& request, std::string title, bool demo) {
  web::PageMeta meta;
  meta.lang = request.lang;
  meta.title = std::move(title);
  meta.path = request.path;
  meta.user = request.principal.display_name.empty() ? request.principal.username : request.principal.display_name;
  meta.csrf_token = request.principal.csrf_token;
  meta.demo = demo;
  if (auto f = request.param("flash")) meta.flash.push_back(*f);
  return meta;
}

Response page(const Request& request, std::string_view name, std::string title, nlohmann::json context, int status) {
  Response r = Response::html(web::render_page(name, page_meta(request, std::move(title)), std::move(context)), status);
  if (request.param("lang")) r.header("Set-Cookie", "ks_lang=" + request.lang + "; Path=/; SameSite=Lax; Max-Age=31536000");
  return r;
}

} // namespace ks::http
