// The audit log: GET /audit (HTML, filters), GET /audit/cases/{id} (one case), GET /audit.csv (the
// same rows as CSV), GET /api/v1/audit (JSON). Administrators see everything; with ?case_id= the
// per-case rules of audit.read apply
// (the cases module shows a case's log on the case's own page via service::read_audit).
#include "http/auth.hpp"
#include "http/page.hpp"
#include "http/routes.hpp"
#include "service/audit.hpp"
#include "service/audit_view.hpp"

namespace ks::http {

namespace {

using nlohmann::json;

Result<store::audit::Filter> filter_of(const Request& req, std::size_t default_limit) {
  store::audit::Filter f;
  f.limit = default_limit;
  auto text = [&](const char* name) -> std::optional<std::string> {
    auto v = req.param(name);
    if (!v || v->empty()) return std::nullopt;
    return v;
  };
  f.case_id = text("case_id");
  f.person_id = text("person_id");
  f.action = text("action");
  f.outcome = text("outcome");
  if (f.outcome && *f.outcome != "ok" && *f.outcome != "denied" && *f.outcome != "failed")
    return fail(Error::invalid("outcome is ok, denied or failed", "outcome"));
  for (auto [name, target] : {std::pair{"from", &f.from}, std::pair{"to", &f.to}}) {
    if (auto v = text(name)) {
      auto t = parse_iso(*v);
      if (!t) return fail(Error::invalid(std::string(name) + " is a date YYYY-MM-DD", name));
      *target = std::string_view(name) == "to" && v->size() == 10 ? Instant{t->ms + 86'400'000} : *t;
    }
  }
  if (auto v = text("before")) f.before_seq = std::atoll(v->c_str());
  if (auto v = text("limit")) f.limit = static_cast<std::size_t>(std::clamp(std::atoll(v->c_str()), 1LL, 10000LL));
  return f;
}

service::Scope scope_of(const store::audit::Filter& f) {
  service::Scope s;
  if (f.case_id) s.case_id = *f.case_id;
  return s;
}

std::string query_of(const Request& req, std::initializer_list<const char*> skip) {
  std::string out;
  for (const auto& [k, v] : req.query) {
    bool skipped = false;
    for (const char* s : skip) skipped = skipped || k == s;
    if (skipped || v.empty()) continue;
    out += (out.empty() ? "?" : "&") + url_encode(k) + "=" + url_encode(v);
  }
  return out;
}

} // namespace

void register_audit_routes(Server& server) {
  auto& ctx = server.context();

  server.router().add(Method::get, "/audit", [&ctx](Request& req) -> Result<Response> {
    auto filter = KS_TRY(filter_of(req, 200));
    auto rows = KS_TRY(service::read_audit(ctx, actor_of(req), scope_of(filter), filter));
    json list = json::array();
    for (const auto& r : rows) list.push_back(service::audit_json(r));
    for (auto& r : list) {
      r["before"] = r["before"].is_null() ? "" : r["before"].dump();
      r["after"] = r["after"].is_null() ? "" : r["after"].dump();
    }
    json outcomes = json::array();
    for (const char* o : {"ok", "denied", "failed"}) outcomes.push_back({{"value", o}, {"selected", filter.outcome == o}});
    json c = {{"rows", list},
              {"has_rows", !rows.empty()},
              {"outcomes", outcomes},
              {"query", query_of(req, {"before", "lang"})},
              {"filter",
               {{"case_id", req.param("case_id").value_or("")},
                {"person_id", req.param("person_id").value_or("")},
                {"action", req.param("action").value_or("")},
                {"from", req.param("from").value_or("")},
                {"to", req.param("to").value_or("")}}}};
    if (rows.size() == filter.limit && !rows.empty()) {
      auto q = query_of(req, {"before", "lang"});
      c["older"] = q + (q.empty() ? "?" : "&") + "before=" + std::to_string(rows.back().seq);
    }
    return page(req, "audit_index", web::t(req.lang, "audit_title"), std::move(c));
  });

  // One case's log: admins, and whom audit.read's case rule admits (the case's region comes from the
  // case itself). The cases pages link here.
  server.router().add(Method::get, "/audit/cases/{id}", [&ctx](Request& req) -> Result<Response> {
    auto filter = KS_TRY(filter_of(req, 1000));
    service::Scope scope;
    scope.case_id = req.path_param("id");
    auto rows = KS_TRY(service::read_audit(ctx, actor_of(req), scope, filter));
    json list = json::array();
    for (const auto& r : rows) {
      json j = service::audit_json(r);
      j["before"] = j["before"].is_null() ? "" : j["before"].dump();
      j["after"] = j["after"].is_null() ? "" : j["after"].dump();
      list.push_back(std::move(j));
    }
    json c = {{"case_id", scope.case_id}, {"rows", list}, {"has_rows", !rows.empty()}};
    return page(req, "audit_case", web::t(req.lang, "audit_case_title") + " " + scope.case_id, std::move(c));
  });

  server.router().add(Method::get, "/audit.csv", [&ctx](Request& req) -> Result<Response> {
    auto filter = KS_TRY(filter_of(req, 10000));
    auto rows = KS_TRY(service::read_audit(ctx, actor_of(req), scope_of(filter), filter));
    auto r = Response::text(service::audit_csv(rows), "text/csv; charset=utf-8");
    r.header("Content-Disposition", "attachment; filename=\"ks-audit.csv\"");
    return r;
  });

  server.router().add(Method::get, "/api/v1/audit", [&ctx](Request& req) -> Result<Response> {
    auto filter = KS_TRY(filter_of(req, 100));
    auto rows = KS_TRY(service::read_audit(ctx, actor_of(req), scope_of(filter), filter));
    json list = json::array();
    for (const auto& r : rows) list.push_back(service::audit_json(r));
    return Response::json({{"events", list}});
  });
}

} // namespace ks::http
