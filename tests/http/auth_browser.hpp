// A browser for the auth suites: keeps the session cookie, reads the CSRF token from the pages it
// gets, and sends the Origin header a same-site form POST carries. Plain httplib underneath.
#pragma once

#include <regex>
#include <string>

#include <gtest/gtest.h>
#include <httplib.h>

#include "support/http_support.hpp"

namespace ks::test {

class Browser {
public:
  explicit Browser(const TestServer& server) : m_server(server), m_client(server.client()) {}

  std::string cookie;     // The ks_session value, or empty.
  std::string csrf_token; // From the last page with a form.
  std::string origin;     // Sent as Origin on POST; the server's own by default.

  // GET; remembers any Set-Cookie and CSRF token.
  httplib::Result get(const std::string& path, httplib::Headers extra = {}) {
    auto res = m_client.Get(path, with_cookie(std::move(extra)));
    take(res);
    return res;
  }
  // POST a url-encoded form (csrf_token added when known and not in the form).
  httplib::Result post(const std::string& path, httplib::Params form, httplib::Headers extra = {},
                       bool add_csrf = true) {
    if (add_csrf && !csrf_token.empty() && !form.count("csrf_token")) form.emplace("csrf_token", csrf_token);
    auto headers = with_cookie(std::move(extra));
    if (!headers.count("Origin")) headers.emplace("Origin", origin.empty() ? m_server.url() : origin);
    auto res = m_client.Post(path, headers, form);
    take(res);
    return res;
  }
  // Signs in; true on the 303 that sets a session cookie. Loads "/" to learn the CSRF token.
  bool login(const std::string& username, const std::string& password) {
    auto res = post("/login", {{"username", username}, {"password", password}}, {}, false);
    if (!res || res->status != 303) return false;
    get("/");
    return !cookie.empty();
  }

private:
  httplib::Headers with_cookie(httplib::Headers h) const {
    if (!cookie.empty()) h.emplace("Cookie", "ks_session=" + cookie);
    return h;
  }
  void take(const httplib::Result& res) {
    if (!res) return;
    for (std::size_t i = 0; i < res->get_header_value_count("Set-Cookie"); ++i) {
      const auto value = res->get_header_value("Set-Cookie", i);
      static const std::regex session(R"(^ks_session=([^;]*);)");
      std::smatch m;
      if (std::regex_search(value, m, session)) cookie = value.find("Max-Age=0") != std::string::npos ? "" : m[1].str();
    }
    static const std::regex token(R"re(name="csrf_token" value="([0-9a-f]*)")re");
    std::smatch m;
    if (std::regex_search(res->body, m, token) && !m[1].str().empty()) csrf_token = m[1].str();
  }

  const TestServer& m_server;
  httplib::Client m_client;
};

} // namespace ks::test
