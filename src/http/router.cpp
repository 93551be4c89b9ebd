#include "http/router.hpp"

namespace ks::http {

namespace {

// Matches "/a/{x}/b" against "/a/42/b"; a final "{path*}" takes the rest of the path.
bool match_pattern(std::string_view pattern, std::string_view path, std::map<std::string, std::string>& params) {
  std::size_t pi = 0, si = 0;
  while (pi < pattern.size()) {
    if (pattern[pi] == '{') {
      auto close = pattern.find('}', pi);
      std::string name(pattern.substr(pi + 1, close - pi - 1));
      pi = close + 1;
      if (name.ends_with("*")) {
        name.pop_back();
        if (si >= path.size()) return false;
        params[name] = url_decode(path.substr(si));
        return pi == pattern.size();
      }
      auto end = path.find('/', si);
      if (end == std::string_view::npos) end = path.size();
      if (end == si) return false;
      params[name] = url_decode(path.substr(si, end - si));
      si = end;
    } else {
      if (si >= path.size() || path[si] != pattern[pi]) return false;
      ++pi, ++si;
    }
  }
  return si == path.size();
}

} // namespace

void Router::add(Method method, std::string pattern, Handler handler) {
  std::string permission;
  for (const auto& p : route_permissions())
    if (p.method == method && p.pattern == pattern) permission = p.permission;
  if (permission.empty()) m_unlisted.push_back(std::string(to_string(method)) + " " + pattern);
  m_routes.push_back(Route{method, std::move(pattern), std::move(permission), std::move(handler)});
}

const Route* Router::match(Method method, std::string_view path, std::map<std::string, std::string>& params,
                           bool& method_mismatch) const {
  method_mismatch = false;
  for (const auto& r : m_routes) {
    std::map<std::string, std::string> found;
    if (!match_pattern(r.pattern, path, found)) continue;
    if (r.method != method) {
      method_mismatch = true;
      continue;
    }
    params = std::move(found);
    return &r;
  }
  return nullptr;
}

Status Router::verify() const {
  if (m_unlisted.empty()) return {};
  std::string msg = "routes without an entry in the permission table (src/http/route_table.cpp):";
  for (const auto& r : m_unlisted) msg += " " + r + ";";
  return fail(Error::internal(msg));
}

} // namespace ks::http
