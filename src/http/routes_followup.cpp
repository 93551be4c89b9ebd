// Implementation plans, indicators and reports (issue 7): the Swedish pages (plan with timeline,
// indicators with charts, situation analysis, overview, national view), XLSX exports, and the JSON
// API under /api/v1 (src/http/openapi/followup.json). Browser forms answer 303 to the page they
// came from; errors go through http/errors.cpp like everywhere else.
#include <charconv>
#include <cstring>
#include <map>

#include "domain/measurement_import.hpp"
#include "domain/plan.hpp"
#include "http/auth.hpp"
#include "http/page.hpp"
#include "http/routes.hpp"
#include "service/followup_service.hpp"
#include "service/followup_xlsx.hpp"
#include "service/indicator_service.hpp"
#include "service/permissions.hpp"
#include "service/plan_service.hpp"
#include "service/report_service.hpp"
#include "service/structure_service.hpp"
#include "web/followup_view.hpp"

namespace ks::http {

namespace {

using nlohmann::json;

Result<std::int64_t> id_param(const Request& req, const std::string& name) {
  const auto& text = req.path_param(name);
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0)
    return fail(Error::not_found("no such " + name + ": " + text));
  return v;
}

Result<std::int64_t> id_field(const std::optional<std::string>& text, const std::string& field) {
  std::int64_t v = 0;
  const std::string s = text.value_or("");
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return fail(Error::invalid("välj ett", field));
  return v;
}

std::optional<std::string> opt(const std::optional<std::string>& v) {
  if (!v || v->empty()) return std::nullopt;
  return v;
}

// From form fields or a JSON body (the API).
struct Fields {
  const Request& req;
  json body;
  explicit Fields(const Request& r) : req(r) {
    if (r.wants_json() && !r.body.empty()) body = json::parse(r.body, nullptr, false);
  }
  std::optional<std::string> get(const std::string& name) const {
    if (body.is_object()) {
      auto it = body.find(name);
      if (it == body.end() || it->is_null()) return std::nullopt;
      if (it->is_string()) return it->get<std::string>();
      if (it->is_number()) return it->dump();
      return std::nullopt;
    }
    return req.param(name);
  }
  std::string text(const std::string& name) const { return get(name).value_or(""); }
};

Result<domain::ActivityInput> activity_from(const Fields& f) {
  domain::ActivityInput a;
  a.title = f.text("title");
  a.description = f.text("description");
  const auto scope = f.get("scope").value_or("joint");
  auto s = domain::parse_activity_scope(scope);
  if (!s) return fail(Error::invalid("gemensam eller intern", "scope"));
  a.scope = *s;
  a.principal_id = opt(f.get("principal_id"));
  a.responsible = f.text("responsible");
  a.start_date = opt(f.get("start_date"));
  a.end_date = opt(f.get("end_date"));
  auto st = domain::parse_activity_status(f.get("status").value_or("planned"));
  if (!st) return fail(Error::invalid("planerad, pågår, klar eller avbruten", "status"));
  a.status = *st;
  a.gap_finding = f.text("gap_finding");
  return a;
}

Result<domain::IndicatorInput> indicator_from(const Fields& f) {
  domain::IndicatorInput in;
  in.name = f.text("name");
  in.definition = f.text("definition");
  in.unit = f.text("unit");
  auto d = domain::parse_direction(f.get("direction").value_or("higher"));
  if (!d) return fail(Error::invalid("högre eller lägre", "direction"));
  in.direction = *d;
  if (auto t = opt(f.get("target"))) {
    in.target = domain::parse_decimal(*t);
    if (!in.target) return fail(Error::invalid("inte ett tal: \"" + *t + "\"", "target"));
  }
  in.data_source = f.text("data_source");
  in.kolada_kpi = opt(f.get("kolada_kpi"));
  return in;
}

json statuses_json() {
  json a = json::array();
  for (auto s : {domain::ActivityStatus::planned, domain::ActivityStatus::ongoing, domain::ActivityStatus::done,
                 domain::ActivityStatus::cancelled})
    a.push_back({{"key", domain::to_key(s)}, {"label", domain::label_sv(s)}});
  return a;
}

// The county's principals (the region and its municipalities) for the plan's select boxes.
Result<json> principals_json(service::Context& ctx, const std::string& region_id) {
  json a = json::array();
  if (!region_id.starts_with("region-")) return a;
  service::UnitListQuery q{{"region", "municipality"}, region_id.substr(7), std::nullopt};
  for (const auto& u : KS_TRY(service::list_units(ctx, q))) a.push_back({{"id", u.id}, {"name", u.name}});
  return a;
}

Response xlsx(std::string bytes, const std::string& filename) {
  Response r = Response::text(std::move(bytes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  r.header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

std::string plan_url(std::int64_t case_id) { return "/cases/" + std::to_string(case_id) + "/plan"; }

Result<Response> plan_page(service::Context& ctx, Request& req, std::int64_t case_id, json extra = json::object(),
                           int status = 200) {
  const auto actor = actor_of(req);
  auto plan = KS_TRY(service::plan_view(ctx, actor, case_id));
  auto summary = KS_TRY(service::followup_summary(ctx, actor, case_id));
  json j = std::move(extra);
  j["plan"] = web::plan_page_json(plan);
  j["followup"] = service::followup_summary_json(summary);
  j["statuses"] = statuses_json();
  j["principals"] = KS_TRY(principals_json(ctx, plan.case_summary.fields.region_id));
  // Each activity's and phase-out's principal by name ("Intern: Sundsvall").
  std::map<std::string, std::string> names;
  for (const auto& p : j["principals"]) names.emplace(p["id"].get<std::string>(), p["name"].get<std::string>());
  for (const char* list : {"activities", "phase_outs"})
    for (auto& row : j["plan"][list]) {
      const auto id = row.value("principal_id", "");
      auto name = names.find(id);
      row["principal_name"] = name == names.end() ? id : name->second;
    }
  return page(req, "followup_plan", web::t(req.lang, "fu_plan_title"), j, status);
}

Result<Response> indicators_page(service::Context& ctx, Request& req, std::int64_t ks_id, json extra = json::object(),
                                 int status = 200) {
  const auto actor = actor_of(req);
  auto data = KS_TRY(service::indicators_with_series(ctx, actor, ks_id));
  json j = extra;
  j["knowledge_support"] = {{"id", data.knowledge_support_id}, {"title", data.title}};
  j["indicators"] = json::array();
  for (const auto& s : data.indicators) j["indicators"].push_back(web::indicator_charts_json(s));
  j["has_indicators"] = !data.indicators.empty();
  j["may_import"] = service::may_somewhere(actor, service::Action::indicator_import);
  return page(req, "followup_indicators", web::t(req.lang, "fu_indicators") + ": " + data.title, j, status);
}

// The element id of each field of the browser forms on the plan and indicator pages, so that an
// error can link to the field it names (WCAG 3.3.1); a field not listed links to the form's first.
const std::map<std::string, std::map<std::string, std::string>, std::less<>>& form_field_ids() {
  static const std::map<std::string, std::map<std::string, std::string>, std::less<>> ids{
      {"activity", {{"", "a-title"}, {"title", "a-title"}, {"scope", "a-scope-joint"}, {"principal_id", "a-principal"},
                    {"responsible", "a-responsible"}, {"start_date", "a-start"}, {"end_date", "a-end"},
                    {"status", "a-status"}, {"gap_finding", "a-gap"}, {"description", "a-description"}}},
      {"report", {{"", "report-activity"}, {"activity_id", "report-activity"}, {"status", "report-status"},
                  {"note", "report-note"}}},
      {"communication", {{"", "c-audience"}, {"audience", "c-audience"}, {"channel", "c-channel"},
                         {"planned_on", "c-when"}, {"message", "c-message"}}},
      {"phaseout", {{"", "p-practice"}, {"practice", "p-practice"}, {"replaced_by", "p-replaced"},
                    {"principal_id", "p-principal"}, {"by_date", "p-by"}}},
      {"anchoring", {{"", "an-by"}, {"by", "an-by"}, {"on", "an-on"}, {"note", "an-note"}}},
      {"assignment", {{"", "as-activity"}, {"activity_id", "as-activity"}, {"to", "as-to"}, {"by", "as-by"}, {"on", "as-on"}}},
      {"entry", {{"", "e-text"}, {"principal_id", "e-principal"}, {"on_date", "e-date"}, {"text", "e-text"},
                 {"adjustments", "e-adj"}}},
      {"indicator", {{"", "n-name"}, {"name", "n-name"}, {"definition", "n-definition"}, {"unit", "n-unit"},
                     {"direction", "n-higher"}, {"target", "n-target"}, {"data_source", "n-source"}, {"kolada_kpi", "n-kpi"}}},
      {"import", {{"", "i-file"}}},
  };
  return ids;
}

// What a page needs to show a browser form again after a validation error: the message above
// the form, linking to the field it names (which is marked aria-invalid), and every value that
// was sent, so nothing typed is lost. Context: {"form_error": {FORM: {...}}, "fv": {FORM: {...}}}.
json form_failure_context(const Request& req, const std::string& form, const Error& e) {
  const auto& ids = form_field_ids().at(form);
  auto id = ids.find(e.field);
  if (id == ids.end()) id = ids.find("");
  std::string where = ids.contains(e.field) ? "" : e.field; // A place in a file: "line 3, column 4 (value)".
  if (req.lang == "sv") {
    for (auto [en, sv] : {std::pair{"line ", "rad "}, std::pair{"column ", "kolumn "}})
      for (auto at = where.find(en); at != std::string::npos; at = where.find(en, at)) where.replace(at, std::strlen(en), sv);
  }
  json err{{"message", e.message}, {"field_id", id->second}, {"where", where}};
  err["invalid"] = json::object();
  if (ids.contains(e.field) && !e.field.empty()) err["invalid"][e.field] = true;
  json values = json::object();
  for (const auto& [k, v] : req.query)
    if (k != "csrf_token" && !values.contains(k)) values[k] = v;
  if (form == "activity") values["internal"] = req.param("scope").value_or("") == "internal";
  if (form == "indicator") values["lower"] = req.param("direction").value_or("") == "lower";
  if (form == "import") values["kolada"] = req.param("format").value_or("") == "kolada";
  return {{"form_error", {{form, err}}}, {"fv", {{form, values}}}, {"has_form_error", true}};
}

// A browser form's validation error shows the form again (422); the API and every other error
// take the usual way through http/errors.cpp.
bool shows_form_again(const Request& req, const Error& e) { return !req.wants_json() && e.code == ErrorCode::invalid_input; }

Result<Response> plan_form_failed(service::Context& ctx, Request& req, std::int64_t case_id, const std::string& form,
                                  Error e) {
  if (!shows_form_again(req, e)) return fail(std::move(e));
  return plan_page(ctx, req, case_id, form_failure_context(req, form, e), 422);
}

Result<Response> indicators_form_failed(service::Context& ctx, Request& req, std::int64_t ks_id, const std::string& form,
                                        Error e) {
  if (!shows_form_again(req, e)) return fail(std::move(e));
  return indicators_page(ctx, req, ks_id, form_failure_context(req, form, e), 422);
}

int year_param(const Request& req, Instant now) {
  int y = 0;
  const auto text = req.param("year").value_or("");
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), y);
  if (text.empty() || ec != std::errc()) {
    int year = 0;
    unsigned m = 0, d = 0;
    civil_from_days(now.ms / 86'400'000, year, m, d);
    return year;
  }
  return y;
}

Result<json> units_json(service::Context& ctx, std::vector<std::string> kinds, const std::string& selected) {
  json a = json::array();
  for (const auto& u : KS_TRY(service::list_units(ctx, {std::move(kinds), std::nullopt, std::nullopt})))
    a.push_back({{"id", u.id}, {"name", u.name}, {"selected", u.id == selected}});
  return a;
}

Result<service::SituationAnalysis> situation(service::Context& ctx, const Request& req) {
  const auto area = req.param("area").value_or("");
  if (area.empty()) return fail(Error::invalid("choose a programme area (an LPO or NPO unit id)", "area"));
  return service::situation_analysis(ctx, actor_of(req), area, year_param(req, ctx.clock.now()));
}

} // namespace

void register_followup_routes(Server& server) {
  auto& r = server.router();
  auto& ctx = server.context();

  // Plan pages and forms.
  r.add(Method::get, "/cases/{id}/plan", [&ctx](Request& req) -> Result<Response> {
    return plan_page(ctx, req, KS_TRY(id_param(req, "id")));
  });
  r.add(Method::get, "/cases/{id}/plan.xlsx", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(id_param(req, "id"));
    auto plan = KS_TRY(service::plan_view(ctx, actor_of(req), id));
    return xlsx(KS_TRY(service::plan_xlsx(plan)), "plan-" + std::to_string(id) + ".xlsx");
  });
  r.add(Method::post, "/cases/{id}/plan/activities", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(id_param(req, "id"));
    const Fields f(req);
    auto in = activity_from(f);
    if (!in) return plan_form_failed(ctx, req, id, "activity", std::move(in).error());
    auto aid = service::add_activity(ctx, actor_of(req), id, *in);
    if (!aid) return plan_form_failed(ctx, req, id, "activity", std::move(aid).error());
    if (req.wants_json()) return Response::json({{"id", *aid}}, 201);
    return Response::redirect(plan_url(id) + "#activity-" + std::to_string(*aid));
  });
  r.add(Method::post, "/cases/{id}/plan/activities/{activity}/delete", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(id_param(req, "id"));
    KS_TRY(service::delete_activity(ctx, actor_of(req), id, KS_TRY(id_param(req, "activity"))));
    return Response::redirect(plan_url(id));
  });
  r.add(Method::post, "/cases/{id}/plan/reports", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(id_param(req, "id"));
    auto aid = id_field(req.param("activity_id"), "activity_id");
    if (!aid) return plan_form_failed(ctx, req, id, "report", std::move(aid).error());
    auto st = domain::parse_activity_status(req.param("status").value_or(""));
    if (!st) return plan_form_failed(ctx, req, id, "report", Error::invalid("planerad, pågår, klar eller avbruten", "status"));
    auto done = service::report_activity(ctx, actor_of(req), id, *aid, *st, req.param("note").value_or(""));
    if (!done) return plan_form_failed(ctx, req, id, "report", std::move(done).error());
    return Response::redirect(plan_url(id) + "#activity-" + std::to_string(*aid));
  });
  r.add(Method::post, "/cases/{id}/plan/assignments", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(id_param(req, "id"));
    auto aid = id_field(req.param("activity_id"), "activity_id");
    if (!aid) return plan_form_failed(ctx, req, id, "assignment", std::move(aid).error());
    service::Assignment31 in{req.param("to").value_or(""), req.param("by").value_or(""), req.param("on").value_or("")};
    auto done = service::assign_activity(ctx, actor_of(req), id, *aid, in);
    if (!done) return plan_form_failed(ctx, req, id, "assignment", std::move(done).error());
    return Response::redirect(plan_url(id) + "#activity-" + std::to_string(*aid));
  });
  r.add(Method::post, "/cases/{id}/plan/communications", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(id_param(req, "id"));
    const Fields f(req);
    domain::CommunicationInput in{f.text("audience"), f.text("channel"), opt(f.get("planned_on")), f.text("message")};
    auto cid = service::add_communication(ctx, actor_of(req), id, in);
    if (!cid) return plan_form_failed(ctx, req, id, "communication", std::move(cid).error());
    if (req.wants_json()) return Response::json({{"id", *cid}}, 201);
    return Response::redirect(plan_url(id) + "#fu-comm-title");
  });
  r.add(Method::post, "/cases/{id}/plan/phase-outs", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(id_param(req, "id"));
    const Fields f(req);
    domain::PhaseOutInput in{f.text("practice"), f.text("replaced_by"), opt(f.get("principal_id")), opt(f.get("by_date"))};
    auto pid = service::add_phase_out(ctx, actor_of(req), id, in);
    if (!pid) return plan_form_failed(ctx, req, id, "phaseout", std::move(pid).error());
    if (req.wants_json()) return Response::json({{"id", *pid}}, 201);
    return Response::redirect(plan_url(id) + "#fu-phaseout-title");
  });
  r.add(Method::post, "/cases/{id}/plan/anchoring", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(id_param(req, "id"));
    const Fields f(req);
    auto done = service::anchor_plan(ctx, actor_of(req), id, {f.text("by"), f.text("on"), f.text("note")});
    if (!done) return plan_form_failed(ctx, req, id, "anchoring", std::move(done).error());
    if (req.wants_json()) return Response::json({{"anchored", true}});
    return Response::redirect(plan_url(id));
  });
  r.add(Method::post, "/cases/{id}/followups", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(id_param(req, "id"));
    const Fields f(req);
    service::FollowupEntryInput in{opt(f.get("principal_id")), f.text("on_date"), f.text("text"), f.text("adjustments")};
    auto eid = service::add_followup_entry(ctx, actor_of(req), id, in);
    if (!eid) return plan_form_failed(ctx, req, id, "entry", std::move(eid).error());
    if (req.wants_json()) return Response::json({{"id", *eid}}, 201);
    return Response::redirect(plan_url(id) + "#fu-summary-title");
  });

  // Indicators.
  r.add(Method::get, "/knowledge-supports/{id}/indicators", [&ctx](Request& req) -> Result<Response> {
    return indicators_page(ctx, req, KS_TRY(id_param(req, "id")));
  });
  r.add(Method::post, "/knowledge-supports/{id}/indicators", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(id_param(req, "id"));
    auto in = indicator_from(Fields(req));
    if (!in) return indicators_form_failed(ctx, req, id, "indicator", std::move(in).error());
    auto iid = service::add_indicator(ctx, actor_of(req), id, *in);
    if (!iid) return indicators_form_failed(ctx, req, id, "indicator", std::move(iid).error());
    if (req.wants_json()) return Response::json({{"id", *iid}}, 201);
    return Response::redirect("/knowledge-supports/" + std::to_string(id) + "/indicators#indicator-" + std::to_string(*iid));
  });
  r.add(Method::post, "/knowledge-supports/{id}/indicators/import", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(id_param(req, "id"));
    std::string text = req.param("text").value_or("");
    if (auto it = req.files.find("file"); it != req.files.end() && !it->second.content.empty()) text = it->second.content;
    if (text.empty())
      return indicators_form_failed(ctx, req, id, "import", Error::invalid("välj en fil eller klistra in dess innehåll", "file"));
    const auto format = req.param("format").value_or("csv") == "kolada" ? service::ImportFormat::kolada : service::ImportFormat::csv;
    auto done = service::import_measurements(ctx, actor_of(req), id, format, text);
    if (!done) return indicators_form_failed(ctx, req, id, "import", std::move(done).error());
    return indicators_page(ctx, req, id, {{"import_result", {{"stored", done->stored}, {"missing", done->missing}}}});
  });

  // Reports.
  r.add(Method::get, "/reports/situation", [&ctx](Request& req) -> Result<Response> {
    json j;
    j["areas"] = KS_TRY(units_json(ctx, {"lpo", "npo", "rpo"}, req.param("area").value_or("")));
    if (!req.param("area")) {
      j["report"] = {{"year", year_param(req, ctx.clock.now())}, {"has_supports", false}, {"area_name", ""}};
      return page(req, "followup_situation", web::t(req.lang, "fu_situation_title"), j);
    }
    auto s = KS_TRY(situation(ctx, req));
    j["report"] = service::situation_analysis_json(s);
    return page(req, "followup_situation", web::t(req.lang, "fu_situation_title") + ": " + s.area_name, j);
  });
  r.add(Method::get, "/reports/situation.xlsx", [&ctx](Request& req) -> Result<Response> {
    auto s = KS_TRY(situation(ctx, req));
    return xlsx(KS_TRY(service::situation_analysis_xlsx(s)), "lagesanalys-" + s.area_id + "-" + std::to_string(s.year) + ".xlsx");
  });
  r.add(Method::get, "/reports/overview", [&ctx](Request& req) -> Result<Response> {
    const auto region = req.param("region").value_or("region-22");
    json j;
    j["regions"] = KS_TRY(units_json(ctx, {"region"}, region));
    j["overview"] = service::region_overview_json(KS_TRY(service::region_overview(ctx, actor_of(req), region)));
    return page(req, "followup_overview", web::t(req.lang, "fu_overview_title"), j);
  });
  r.add(Method::get, "/reports/national", [&ctx](Request& req) -> Result<Response> {
    json j;
    j["national"] = service::national_view_json(KS_TRY(service::national_view(ctx, actor_of(req))));
    return page(req, "followup_national", web::t(req.lang, "fu_national_title"), j);
  });

  // JSON API.
  r.add(Method::get, "/api/v1/cases/{id}/plan", [&ctx](Request& req) -> Result<Response> {
    auto plan = KS_TRY(service::plan_view(ctx, actor_of(req), KS_TRY(id_param(req, "id"))));
    return Response::json(web::plan_page_json(plan));
  });
  r.add(Method::post, "/api/v1/cases/{id}/plan/activities", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(id_param(req, "id"));
    const auto aid = KS_TRY(service::add_activity(ctx, actor_of(req), id, KS_TRY(activity_from(Fields(req)))));
    return Response::json({{"id", aid}}, 201);
  });
  r.add(Method::put, "/api/v1/cases/{id}/plan/activities/{activity}", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(id_param(req, "id"));
    const auto aid = KS_TRY(id_param(req, "activity"));
    KS_TRY(service::update_activity(ctx, actor_of(req), id, aid, KS_TRY(activity_from(Fields(req)))));
    return Response::json({{"id", aid}});
  });
  r.add(Method::post, "/api/v1/cases/{id}/plan/activities/{activity}/reports", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(id_param(req, "id"));
    const auto aid = KS_TRY(id_param(req, "activity"));
    const Fields f(req);
    auto st = domain::parse_activity_status(f.text("status"));
    if (!st) return fail(Error::invalid("planerad, pågår, klar eller avbruten", "status"));
    const auto rid = KS_TRY(service::report_activity(ctx, actor_of(req), id, aid, *st, f.text("note")));
    return Response::json({{"id", rid}}, 201);
  });
  r.add(Method::get, "/api/v1/cases/{id}/followup-summary", [&ctx](Request& req) -> Result<Response> {
    auto s = KS_TRY(service::followup_summary(ctx, actor_of(req), KS_TRY(id_param(req, "id"))));
    return Response::json(service::followup_summary_json(s));
  });
  r.add(Method::get, "/api/v1/knowledge-supports/{id}/indicators", [&ctx](Request& req) -> Result<Response> {
    auto data = KS_TRY(service::indicators_with_series(ctx, actor_of(req), KS_TRY(id_param(req, "id"))));
    json a = json::array();
    for (const auto& s : data.indicators) a.push_back(service::indicator_series_json(s));
    return Response::json({{"knowledge_support_id", data.knowledge_support_id}, {"indicators", a}});
  });
  r.add(Method::post, "/api/v1/knowledge-supports/{id}/indicators", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(id_param(req, "id"));
    const auto iid = KS_TRY(service::add_indicator(ctx, actor_of(req), id, KS_TRY(indicator_from(Fields(req)))));
    return Response::json({{"id", iid}}, 201);
  });
  r.add(Method::post, "/api/v1/knowledge-supports/{id}/measurements", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(id_param(req, "id"));
    const auto type = req.header("content-type");
    const auto format = type.starts_with("application/json") ? service::ImportFormat::kolada : service::ImportFormat::csv;
    auto done = KS_TRY(service::import_measurements(ctx, actor_of(req), id, format, req.body));
    return Response::json({{"stored", done.stored}, {"missing", done.missing}});
  });
  r.add(Method::get, "/api/v1/indicators/{id}/series", [&ctx](Request& req) -> Result<Response> {
    auto s = KS_TRY(service::indicator_series(ctx, actor_of(req), KS_TRY(id_param(req, "id")), opt(req.param("principal"))));
    return Response::json(service::indicator_series_json(s));
  });
  r.add(Method::get, "/api/v1/reports/situation", [&ctx](Request& req) -> Result<Response> {
    return Response::json(service::situation_analysis_json(KS_TRY(situation(ctx, req))));
  });
  r.add(Method::get, "/api/v1/reports/overview", [&ctx](Request& req) -> Result<Response> {
    const auto region = req.param("region").value_or("");
    if (region.empty()) return fail(Error::invalid("name a region (region-NN)", "region"));
    return Response::json(service::region_overview_json(KS_TRY(service::region_overview(ctx, actor_of(req), region))));
  });
  r.add(Method::get, "/api/v1/reports/national", [&ctx](Request& req) -> Result<Response> {
    return Response::json(service::national_view_json(KS_TRY(service::national_view(ctx, actor_of(req)))));
  });
}

} // namespace ks::http
