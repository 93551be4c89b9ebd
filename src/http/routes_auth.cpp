// Sign-in and sign-out (GET/POST /login, POST /logout), and what the signed-in person is and may do
// (GET /api/v1/me, GET /api/v1/permissions/check). Works without JavaScript: plain forms, 303
// redirects after POST.
#include "http/auth.hpp"
#include "http/page.hpp"
#include "http/routes.hpp"
#include "service/accounts.hpp"
#include "service/auth.hpp"
#include "service/permissions.hpp"

namespace ks::http {

namespace {

using nlohmann::json;

Result<Response> login_page(service::Context& ctx, const Request& req, const std::string& error,
                            const std::string& username, int status) {
  json c = {{"next", safe_next(req.param("next").value_or("/"))}, {"username", username}, {"error", error},
            {"demo", ctx.config.demo}};
  if (ctx.config.demo) {
    json list = json::array();
    for (const auto& d : KS_TRY(service::demo_accounts(ctx)))
      list.push_back({{"username", d.username}, {"name", d.name}, {"functions", d.functions}});
    c["demo_accounts"] = list;
    c["demo_password"] = std::string(service::kDemoPassword);
  }
  auto meta = page_meta(req, web::t(req.lang, "auth_login_title"), ctx.config.demo);
  return Response::html(web::render_page("auth_login", meta, std::move(c)), status);
}

json functions_json(const service::Actor& a) {
  json out = json::array();
  for (const auto& h : a.functions) {
    json f = {{"function", h.function}, {"unit", {{"id", h.unit.id}, {"name", h.unit.name}}}, {"valid_from", h.valid_from}};
    if (h.principal) f["principal"] = {{"id", h.principal->id}, {"name", h.principal->name}};
    if (h.valid_to) f["valid_to"] = *h.valid_to;
    out.push_back(std::move(f));
  }
  return out;
}

} // namespace

void register_auth_routes(Server& server) {
  auto& ctx = server.context();

  server.router().add(Method::get, "/login", [&ctx](Request& req) -> Result<Response> {
    if (req.principal.user_id != 0) return Response::redirect(safe_next(req.param("next").value_or("/")));
    return login_page(ctx, req, "", "", 200);
  });

  server.router().add(Method::post, "/login", [&ctx](Request& req) -> Result<Response> {
    const auto username = req.param("username").value_or("");
    const auto password = req.param("password").value_or("");
    const service::Origin origin{req.remote_addr, req.request_id};
    // Whatever session the browser had before ends here; sign-in always issues a new one.
    if (auto old = req.cookies.find(session_cookie_name(ctx.config)); old != req.cookies.end())
      KS_TRY(service::logout(ctx, old->second, origin));
    auto session = service::login_with_password(ctx, username, password, origin);
    if (!session) {
      const auto& e = session.error();
      if (e.code == ErrorCode::unauthenticated) return login_page(ctx, req, e.message, username, 401);
      if (e.code == ErrorCode::rate_limited) return login_page(ctx, req, e.message, username, 429);
      return fail(e);
    }
    auto r = Response::redirect(safe_next(req.param("next").value_or("/")));
    r.header("Set-Cookie", session_cookie(ctx.config, session->token));
    return r;
  });

  server.router().add(Method::post, "/logout", [&ctx](Request& req) -> Result<Response> {
    if (auto c = req.cookies.find(session_cookie_name(ctx.config)); c != req.cookies.end())
      KS_TRY(service::logout(ctx, c->second, {req.remote_addr, req.request_id}));
    auto r = Response::redirect("/");
    r.header("Set-Cookie", clear_session_cookie(ctx.config));
    return r;
  });

  server.router().add(Method::get, "/api/v1/me", [](Request& req) -> Result<Response> {
    const auto a = actor_of(req);
    return Response::json({{"username", a.username},
                           {"person", {{"id", a.person_id}, {"name", a.display_name}}},
                           {"administrator", a.administrator()},
                           {"via_token", a.via_token},
                           {"today", a.today},
                           {"functions", functions_json(a)}});
  });

  // Whether the signed-in person may do an action on an object given by its units; for the UI
  // (which buttons to show) and integrations. A "no" here is an answer, not an access attempt, so it
  // is not audited.
  server.router().add(Method::get, "/api/v1/permissions/check", [&ctx](Request& req) -> Result<Response> {
    const auto name = req.param("action").value_or("");
    const auto action = service::parse_action(name);
    if (!action) return fail(Error::invalid("unknown action '" + name + "'", "action"));
    service::Scope s;
    s.region_id = req.param("region_id").value_or("");
    s.lpo_id = req.param("lpo_id").value_or("");
    s.municipality_id = req.param("municipality_id").value_or("");
    s.principal_id = req.param("principal_id").value_or("");
    s.body_id = req.param("body_id").value_or("");
    s.function = req.param("function").value_or("");
    s.unit_id = req.param("unit_id").value_or("");
    s.case_id = req.param("case_id").value_or("");
    const auto actor = actor_of(req);
    auto grant = ctx.db.read([&](store::Connection& c) { return service::authorize(c, actor, *action, s); });
    if (grant) return Response::json({{"action", name}, {"allowed", true}, {"acting_function", grant->describe()}});
    if (grant.error().code != ErrorCode::forbidden) return fail(grant.error());
    return Response::json({{"action", name}, {"allowed", false}, {"reason", grant.error().message}});
  });
}

} // namespace ks::http
