#include "http/server.hpp"

#include <httplib.h>

#include <chrono>
#include <random>

#include "core/log.hpp"
#include "http/errors.hpp"
#include "http/socket_options.hpp"

namespace ks::http {

struct Server::Impl {
  httplib::Server server;
  int listening_socket = -1; // Seen by the socket options callback before httplib binds it.
};

namespace {

std::string new_request_id() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

std::optional<Method> parse_method(const std::string& m) {
  if (m == "GET" || m == "HEAD") return Method::get;
  if (m == "POST") return Method::post;
  if (m == "PUT") return Method::put;
  if (m == "PATCH") return Method::patch;
  if (m == "DELETE") return Method::del;
  return std::nullopt;
}

void parse_cookies(const std::string& header, std::map<std::string, std::string>& out) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    auto end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string part = header.substr(pos, end - pos);
    auto eq = part.find('=');
    if (eq != std::string::npos) {
      auto trim = [](std::string s) {
        while (!s.empty() && s.front() == ' ') s.erase(s.begin());
        while (!s.empty() && s.back() == ' ') s.pop_back();
        return s;
      };
      out[trim(part.substr(0, eq))] = trim(part.substr(eq + 1));
    }
    pos = end + 1;
  }
}

void add_security_headers(Response& r) {
  auto has = [&](std::string_view name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return true;
    return false;
  };
  if (!has("Content-Security-Policy"))
    r.header("Content-Security-Policy",
             "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
             "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
  r.header("X-Content-Type-Options", "nosniff");
  r.header("Referrer-Policy", "same-origin");
  r.header("X-Frame-Options", "DENY");
  if (!has("Cache-Control")) r.header("Cache-Control", "no-store");
}

} // namespace

Server::Server(service::Context& context) : m_context(context), m_impl(std::make_unique<Impl>()) {}
Server::~Server() = default;

Response Server::handle(Request& req) {
  std::map<std::string, std::string> params;
  bool method_mismatch = false;
  const Route* route = m_router.match(req.method, req.path, params, method_mismatch);
  Response resp;
  if (!route) {
    req.route = "(none)";
    resp = method_mismatch ? error_response(req, Error{ErrorCode::invalid_input, "method not allowed", ""})
                           : error_response(req, Error::not_found("no such page: " + req.path));
    if (method_mismatch) resp.status = 405;
  } else {
    req.route = route->pattern;
    req.path_params = std::move(params);
    std::optional<Response> early;
    for (const auto& hook : m_before) {
      auto r = hook(req, *route);
      if (!r) {
        early = error_response(req, r.error());
        break;
      }
      if (*r) {
        early = std::move(**r);
        break;
      }
    }
    if (early) {
      resp = std::move(*early);
    } else {
      Result<Response> r = [&]() -> Result<Response> {
        try {
          return route->handler(req);
        } catch (const std::exception& e) {
          return fail(Error::internal(std::string("unhandled exception: ") + e.what()));
        }
      }();
      if (r) {
        resp = std::move(*r);
      } else {
        if (r.error().code == ErrorCode::internal)
          log::error("request failed", {{"request_id", req.request_id}, {"route", req.route}, {"error", r.error().message}});
        m_metrics.count_error(req.route, to_string(r.error().code));
        resp = error_response(req, r.error());
      }
    }
  }
  for (const auto& hook : m_after) hook(req, resp);
  add_security_headers(resp);
  resp.header("X-Request-Id", req.request_id);
  return resp;
}

Status Server::bind(const std::string& host, int port) {
  KS_TRY(m_router.verify());
  auto& svr = m_impl->server;
  int threads = std::max(2, m_context.config.threads);
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  svr.set_payload_max_length(static_cast<size_t>(m_context.config.max_upload_bytes) + 1024 * 1024);
  // A worker serves one keep-alive connection at a time: after 100 requests the connection is
  // closed (the client reconnects) so that connections waiting for a worker get their turn.
  svr.set_keep_alive_max_count(100);
  svr.set_socket_options([impl = m_impl.get()](socket_t sock) {
    (void)configure_listening_socket(sock);
    impl->listening_socket = sock;
  });
  auto dispatch = [this](const httplib::Request& hreq, httplib::Response& hres) {
    auto started = std::chrono::steady_clock::now();
    Request req;
    req.method = parse_method(hreq.method).value_or(Method::get);
    req.path = hreq.path;
    req.body = hreq.body;
    req.remote_addr = hreq.remote_addr;
    req.request_id = hreq.get_header_value("X-Request-Id");
    if (req.request_id.empty() || req.request_id.size() > 64) req.request_id = new_request_id();
    for (const auto& [k, v] : hreq.headers) {
      std::string lower = k;
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers[lower] = v;
    }
    for (const auto& [k, v] : hreq.params) req.query.emplace(k, v);
    for (const auto& [k, f] : hreq.files) {
      if (f.filename.empty()) req.query.emplace(k, f.content);
      else req.files[k] = UploadedFile{f.filename, f.content_type, f.content};
    }
    parse_cookies(hreq.get_header_value("Cookie"), req.cookies);
    if (auto lang = req.param("lang"); lang && (*lang == "en" || *lang == "sv")) req.lang = *lang;
    else if (auto it = req.cookies.find("ks_lang"); it != req.cookies.end() && it->second == "en") req.lang = "en";

    Response resp = handle(req);

    hres.status = resp.status;
    for (const auto& [k, v] : resp.headers) hres.set_header(k, v);
    hres.set_content(std::move(resp.body), resp.content_type);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    m_metrics.observe(to_string(req.method), req.route, resp.status, seconds);
    log::info("request", {{"request_id", req.request_id},
                          {"method", hreq.method},
                          {"route", req.route},
                          {"status", resp.status},
                          {"ms", static_cast<int>(seconds * 1000)},
                          {"user", req.principal.username},
                          {"remote", req.remote_addr}});
  };
  svr.Get(".*", dispatch);
  svr.Post(".*", dispatch);
  svr.Put(".*", dispatch);
  svr.Patch(".*", dispatch);
  svr.Delete(".*", dispatch);

  if (port == 0) {
    int p = svr.bind_to_any_port(host);
    if (p <= 0) return fail(Error::unavailable("cannot listen on " + host + ": no free port"));
    m_port = p;
  } else {
    if (!svr.bind_to_port(host, port))
      return fail(Error::unavailable("cannot listen on " + host + ":" + std::to_string(port) +
                                     " (port already in use, or not an address of this machine)"));
    m_port = port;
  }
  if (m_impl->listening_socket >= 0 && !widen_listen_backlog(m_impl->listening_socket))
    log::warn("listen backlog not widened", {{"backlog", 5}});
  return {};
}

Status probe_port(const std::string& host, int port) {
  if (port == 0) return {};
  auto in_use = [&] {
    return fail(Error::unavailable("cannot listen on " + host + ":" + std::to_string(port) +
                                   " (port already in use, or not an address of this machine)"));
  };
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || !found) return in_use();
  int fd = ::socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  bool ok = false;
  if (fd >= 0) {
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    ok = ::bind(fd, found->ai_addr, found->ai_addrlen) == 0 && ::listen(fd, 1) == 0;
    ::close(fd);
  }
  freeaddrinfo(found);
  if (!ok) return in_use();
  return {};
}

void Server::run() { m_impl->server.listen_after_bind(); }

void Server::stop() { m_impl->server.stop(); }

bool Server::running() const { return m_impl->server.is_running(); }

} // namespace ks::http
