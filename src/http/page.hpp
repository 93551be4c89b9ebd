// Helpers for handlers that answer with HTML pages.
#pragma once

#include "http/request.hpp"
#include "web/pages.hpp"

namespace ks::http {

// The layout's view of a request: language, signed-in user, CSRF token, path.
web::PageMeta page_meta(const Request& request, std::string title, bool demo = false);

// Renders templates/<name>.mustache inside the layout as a 200 HTML response.
Response page(const Request& request, std::string_view name, std::string title, nlohmann::json context,
              int status = 200);

} // namespace ks::http
