// The HTTP server: cpp-httplib underneath (only this file's .cpp includes it), our router,
// the before/after hooks (authentication, CSRF, security headers), metrics, structured request logs
// with a request id, and graceful shutdown (stop() lets in-flight requests finish).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "service/context.hpp"

namespace ks::http {

// Runs before the handler; returning a Response answers the request without calling it (a
// refusal), returning an Error answers with that error.
using BeforeHook = std::function<Result<std::optional<Response>>(Request&, const Route&)>;
// Runs on every response, after the handler (or after a refusal).
using AfterHook = std::function<void(const Request&, Response&)>;

class Server {
public:
  explicit Server(service::Context& context);
  ~Server();

  Router& router() { return m_router; }
  Metrics& metrics() { return m_metrics; }
  service::Context& context() { return m_context; }
  void add_before(BeforeHook hook) { m_before.push_back(std::move(hook)); }
  void add_after(AfterHook hook) { m_after.push_back(std::move(hook)); }

  // Binds host:port (port 0: any free port). Errors: unavailable with a clear message when the
  // port is in use or the address is not ours; internal when the route table is incomplete.
  Status bind(const std::string& host, int port);
  int port() const { return m_port; }
  // Serves until stop(); returns when every in-flight request has finished.
  void run();
  // Stops accepting; may be called from any thread (e.g. a signal watcher).
  void stop();
  // True once run() accepts connections (and until stop()).
  bool running() const;

  // Dispatches one request through hooks, router and error mapping (used by run(); public for
  // in-process tests).
  Response handle(Request& request);

private:
  struct Impl;
  service::Context& m_context;
  Router m_router;
  Metrics m_metrics;
  std::vector<BeforeHook> m_before;
  std::vector<AfterHook> m_after;
  std::unique_ptr<Impl> m_impl;
  int m_port = 0;
};

// Checks that host:port can be bound right now (no one listens there). Errors: unavailable with a
// clear message naming the address.
Status probe_port(const std::string& host, int port);

// Registers the operational routes: /healthz, /metrics, /assets/..., the OpenAPI document.
void register_operational_routes(Server& server);

} // namespace ks::http
