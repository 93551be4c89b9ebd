#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "http/auth.hpp"
#include "service/audit_sink.hpp"
#include "service/auth.hpp"
#include "service/permissions.hpp"

namespace ks::http {

namespace {

service::Origin origin_of(const Request& req) { return {req.remote_addr, req.request_id}; }

void set_principal(Request& req, service::Actor actor, std::string session_token, std::string csrf) {
  req.principal.user_id = actor.account_id;
  req.principal.username = actor.username;
  req.principal.display_name = actor.display_name;
  req.principal.via_token = actor.via_token;
  req.principal.session_id = std::move(session_token);
  req.principal.csrf_token = std::move(csrf);
  req.principal.actor = std::make_shared<const service::Actor>(std::move(actor));
}

// The part of a URL up to its path: "https://ks.example.se", "http://127.0.0.1:8080".
std::string origin_part(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  auto slash = url.find('/', scheme + 3);
  std::string out(url.substr(0, slash));
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Whether the Origin (or, without one, the Referer) names this server. nullopt: neither was sent.
std::optional<bool> same_origin(const Request& req, const Config& config) {
  std::string claimed = req.header("origin");
  if (claimed.empty() || claimed == "null") {
    const auto referer = req.header("referer");
    if (referer.empty()) return claimed == "null" ? std::optional<bool>(false) : std::nullopt;
    claimed = referer;
  }
  const auto got = origin_part(claimed);
  if (!config.public_url.empty()) return got == origin_part(config.public_url);
  // No public URL configured: the Host the client addressed, over either scheme.
  auto host = req.header("host");
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return !host.empty() && (got == "http://" + host || got == "https://" + host);
}

void record_refusal(service::Context& ctx, const Request& req, std::string_view what, const Error& error) {
  service::AuditEvent e{.action = "access.denied", .object_type = "route",
                        .object_id = std::string(to_string(req.method)) + " " + req.route, .detail = std::string(what)};
  service::audit_refusal(ctx, actor_of(req), std::move(e), error);
}

Result<std::optional<Response>> refuse(service::Context& ctx, const Request& req, std::string_view what, Error error) {
  record_refusal(ctx, req, what, error);
  return fail(std::move(error));
}

Result<std::optional<Response>> authenticate(service::Context& ctx, Request& req) {
  const auto authorization = req.header("authorization");
  if (authorization.size() > 7 && (authorization.starts_with("Bearer ") || authorization.starts_with("bearer "))) {
    auto actor = KS_TRY(service::authenticate_token(ctx, authorization.substr(7), origin_of(req)));
    if (!actor) return refuse(ctx, req, "invalid or revoked API token", Error::unauthenticated("ogiltig eller återkallad API-nyckel"));
    set_principal(req, std::move(*actor), "", "");
    return std::optional<Response>();
  }
  auto cookie = req.cookies.find(session_cookie_name(ctx.config));
  if (cookie == req.cookies.end() || cookie->second.empty()) return std::optional<Response>();
  auto state = KS_TRY(service::resume_session(ctx, cookie->second, origin_of(req)));
  if (state) set_principal(req, std::move(state->actor), cookie->second, std::move(state->csrf_token));
  return std::optional<Response>();
}

Result<std::optional<Response>> check_csrf(service::Context& ctx, Request& req) {
  if (req.method == Method::get || req.principal.via_token) return std::optional<Response>();
  const bool has_cookie = req.cookies.contains(session_cookie_name(ctx.config));
  const auto same = same_origin(req, ctx.config);
  if (same && !*same) return refuse(ctx, req, "cross-site request (Origin/Referer)", Error::forbidden("begäran kom från en annan webbplats"));
  if (!has_cookie) return std::optional<Response>(); // Nothing a forged request could ride on.
  if (!same) return refuse(ctx, req, "no Origin or Referer", Error::forbidden("begäran saknar Origin och Referer"));
  // Sign-in replaces whatever session the cookie names (a planted one included), so it needs only
  // the Origin check: a form from an old or foreign session must not stop anyone signing in.
  if (req.principal.user_id != 0 && req.route != "/login") {
    auto sent = req.param("csrf_token").value_or(req.header("x-csrf-token"));
    if (!crypto::equal_constant_time(sent, req.principal.csrf_token) || sent.empty())
      return refuse(ctx, req, "missing or wrong CSRF token", Error::forbidden("formuläret har gått ut: ladda om sidan och försök igen"));
  }
  return std::optional<Response>();
}

std::string query_string(const Request& req) {
  std::string out;
  for (const auto& [k, v] : req.query) {
    if (k == "csrf_token" || k == "password") continue;
    out += (out.empty() ? "?" : "&") + url_encode(k) + "=" + url_encode(v);
  }
  return out;
}

Result<std::optional<Response>> check_permission(service::Context& ctx, Request& req, const Route& route) {
  if (route.permission == "public") return std::optional<Response>();
  if (req.principal.user_id == 0) {
    // Refused and audited: an API call without credentials and any change attempted without a
    // session. A page opened before signing in is the ordinary way to the sign-in form, not
    // recorded (it would fill the log with every expired session).
    auto refusal = Error::unauthenticated("logga in eller använd en API-nyckel");
    if (req.wants_json()) return refuse(ctx, req, "not signed in", std::move(refusal));
    if (req.method != Method::get) { // A form sent after the session expired: sign in again.
      record_refusal(ctx, req, "not signed in", refusal);
      return std::optional<Response>(Response::redirect("/login?next=%2F"));
    }
    return std::optional<Response>(Response::redirect("/login?next=" + url_encode(req.path + query_string(req))));
  }
  if (route.permission == "signed_in") return std::optional<Response>();
  const auto action = service::parse_action(route.permission);
  if (!action) return fail(Error::internal("unknown action '" + route.permission + "' in the permission table"));
  if (!service::may_somewhere(actor_of(req), *action))
    return refuse(ctx, req, route.permission, Error::forbidden("du saknar behörighet för detta (" + route.permission + ")"));
  return std::optional<Response>();
}

bool ends_with_ci(std::string name, std::string_view suffix) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name.ends_with(suffix);
}

// PDF, Office Open XML and OpenDocument (zip), CSV and plain text, and JSON data (Kolada-style
// measurements), recognised by name and content.
bool allowed_upload(const UploadedFile& f) {
  const auto& c = f.content;
  if (ends_with_ci(f.filename, ".pdf")) return c.starts_with("%PDF-");
  for (auto ext : {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"})
    if (ends_with_ci(f.filename, ext)) return c.starts_with(std::string_view("PK\x03\x04", 4));
  if (ends_with_ci(f.filename, ".csv") || ends_with_ci(f.filename, ".txt"))
    return c.find('\0') == std::string::npos;
  if (ends_with_ci(f.filename, ".json")) return nlohmann::json::accept(c);
  return false;
}

Result<std::optional<Response>> check_uploads(service::Context& ctx, Request& req) {
  const auto limit = ctx.config.max_upload_bytes;
  for (const auto& [field, f] : req.files) {
    if (static_cast<long>(f.content.size()) > limit)
      return fail(Error{ErrorCode::too_large,
                        "filen " + f.filename + " är " + std::to_string(f.content.size() / (1024 * 1024)) +
                            " MB; största tillåtna storlek är " + std::to_string(limit / (1024 * 1024)) + " MB",
                        field});
    if (!allowed_upload(f))
      return fail(Error::invalid("filtypen för " + f.filename +
                                     " tillåts inte: ladda upp PDF, Word/Excel (docx, xlsx), OpenDocument, CSV, JSON eller text",
                                 field));
  }
  return std::optional<Response>();
}

} // namespace

service::Actor actor_of(const Request& req) {
  if (req.principal.actor) return *req.principal.actor;
  service::Actor a;
  a.remote_addr = req.remote_addr;
  a.request_id = req.request_id;
  return a;
}

std::string session_cookie_name(const Config& config) {
  return config.public_url.starts_with("https://") ? "__Host-ks_session" : "ks_session";
}

std::string session_cookie(const Config& config, const std::string& token) {
  std::string c = session_cookie_name(config) + "=" + token + "; Path=/; HttpOnly; SameSite=Lax";
  if (config.public_url.starts_with("https://")) c += "; Secure";
  return c;
}

std::string clear_session_cookie(const Config& config) {
  std::string c = session_cookie_name(config) + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
  if (config.public_url.starts_with("https://")) c += "; Secure";
  return c;
}

std::string safe_next(const std::string& next) {
  if (next.empty() || next[0] != '/' || next.starts_with("//") || next.find('\\') != std::string::npos ||
      next.find_first_of("\r\n") != std::string::npos)
    return "/";
  return next;
}

void install_auth_hooks(Server& server) {
  auto& ctx = server.context();
  server.add_before([&ctx](Request& req, const Route&) { return authenticate(ctx, req); });
  server.add_before([&ctx](Request& req, const Route&) { return check_csrf(ctx, req); });
  server.add_before([&ctx](Request& req, const Route& route) { return check_permission(ctx, req, route); });
  server.add_before([&ctx](Request& req, const Route&) { return check_uploads(ctx, req); });
}

} // namespace ks::http
