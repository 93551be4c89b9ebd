// The HTTP request and response as the rest of KS sees them, independent of the HTTP library
// (only src/http/server.cpp touches cpp-httplib).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace ks::service {
struct Actor; // service/actor.hpp
}

namespace ks::http {

enum class Method { get, post, put, patch, del };
std::string_view to_string(Method m);

struct UploadedFile {
  std::string filename;
  std::string content_type; // As claimed by the client; check the content itself.
  std::string content;
};

// Who is asking, filled in by the authentication step before the handler runs.
struct Principal {
  std::int64_t user_id = 0; // 0: anonymous.
  std::string username;
  std::string display_name;
  bool via_token = false; // Bearer token (API integration) rather than a browser session.
  std::string session_id; // Internal; never logged.
  std::string csrf_token;
  // The person with their current functions (set by the authentication hook, http/auth.hpp);
  // null for anonymous requests. Use http::actor_of(request).
  std::shared_ptr<const service::Actor> actor;
};

struct Request {
  Method method = Method::get;
  std::string path;
  std::string route;                             // The matched route pattern, e.g. /api/v1/groups/{id}.
  std::map<std::string, std::string> path_params;
  std::multimap<std::string, std::string> query; // Query string, and url-encoded form fields for POST.
  std::map<std::string, std::string> headers;    // Lower-case names.
  std::map<std::string, std::string> cookies;
  std::map<std::string, UploadedFile> files;     // multipart/form-data file parts, by field name.
  std::string body;
  std::string remote_addr;
  std::string request_id;
  Principal principal;
  std::string lang = "sv"; // "sv" or "en".

  // The first value of a query or form field, if present.
  std::optional<std::string> param(const std::string& name) const;
  // A query or form field that must be a whole number, if present and not empty. Errors:
  // invalid_input naming the field.
  Result<std::optional<std::int64_t>> int_param(const std::string& name) const;
  // All values of a repeated field (checkboxes).
  std::vector<std::string> params(const std::string& name) const;
  std::string header(const std::string& lower_name) const;
  const std::string& path_param(const std::string& name) const;
  bool wants_json() const; // /api/ paths, or Accept: application/json without text/html.
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response json(const nlohmann::json& body, int status = 200);
  static Response html(std::string body, int status = 200);
  static Response text(std::string body, std::string content_type, int status = 200);
  // 303 See Other: the answer to a browser form POST.
  static Response redirect(const std::string& location);
  Response& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// Decodes %XX and '+' in a URL component.
std::string url_decode(std::string_view s);
// Encodes a URL component.
std::string url_encode(std::string_view s);

} // namespace ks::http
