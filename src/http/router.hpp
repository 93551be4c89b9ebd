// Routes: method + path pattern ("/api/v1/groups/{id}") → handler. Deny by default: every route
// must appear in the permission table (route_table.cpp) with the action it needs; a route that is
// registered without an entry makes Router::verify() fail, and `ks serve` refuses to start.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "http/request.hpp"

namespace ks::http {

using Handler = std::function<Result<Response>(Request&)>;

struct Route {
  Method method;
  std::string pattern;
  std::string permission; // From the permission table; "public" means no sign-in needed.
  Handler handler;
};

// The permission an action needs, for each route. Defined in route_table.cpp, the one place where
// access to every route is declared.
struct RoutePermission {
  Method method;
  std::string_view pattern;
  std::string_view permission;
};
std::span<const RoutePermission> route_permissions();

class Router {
public:
  // Registers a route; its permission comes from the permission table.
  void add(Method method, std::string pattern, Handler handler);

  // The route for a request path, with its path parameters filled in; nullptr when none matches.
  // `method_mismatch` is set when the path exists for another method (405).
  const Route* match(Method method, std::string_view path, std::map<std::string, std::string>& params,
                     bool& method_mismatch) const;

  // Errors (listing every offender) when a registered route has no permission-table entry.
  Status verify() const;

  const std::vector<Route>& routes() const { return m_routes; }

private:
  std::vector<Route> m_routes;
  std::vector<std::string> m_unlisted; // Registered without a permission entry.
};

} // namespace ks::http
