// Case pages (issue 5), server-rendered:
//   GET  /cases                          the cases I may read, filtered by status and phase
//   GET  /cases/new, POST /cases         start a case: knowledge support, routine, region, LPO
//   GET  /cases/{id}                     where it stands: current steps with who and by when, the
//                                        answers (step 5, 7) and decisions (step 24), the process
//                                        map, the timeline, documents, diary and variables
//   GET  /cases/{id}/bpmn                the BPMN XML the drawing is made from: the deployed version
//                                        the case was started on (cases.definition_id)
//   POST /cases/{id}/messages            the national decision arrives (step 8 → 9)
//   POST /cases/{id}/consultation-answer produce the formal consultation answer (step 7)
#include <set>

#include "http/auth.hpp"
#include "http/case_page_view.hpp"
#include "http/casework_view.hpp"
#include "http/page.hpp"
#include "http/routes.hpp"
#include "service/case_process.hpp"
#include "service/case_tasks.hpp"
#include "service/consultation_answer.hpp"
#include "service/structure_service.hpp"

namespace ks::http {

namespace {

using nlohmann::json;

Result<std::int64_t> case_id_of(const Request& req) {
  const auto& text = req.path_param("id");
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return fail(Error::not_found("Det finns inget sådant ärende"));
  return std::stoll(text);
}

std::string redirect_to_case(std::int64_t id, const Request& req, const std::string& flash_key, const std::string& extra = {}) {
  return "/cases/" + std::to_string(id) + "?flash=" + url_encode(web::t(req.lang, flash_key) + extra);
}

Result<json> start_form_context(service::Context& ctx, const Request& req) {
  const auto actor = actor_of(req);
  store::knowledge_supports::Query q;
  q.limit = 500;
  json supports = json::array();
  const auto chosen = req.param("knowledge_support_id").value_or("");
  for (const auto& k : KS_TRY(service::search_knowledge_supports(ctx, actor, q)))
    supports.push_back({{"id", k.id}, {"title", k.fields.title}, {"selected", std::to_string(k.id) == chosen}});
  json routines = json::array();
  const auto routine = req.param("routine").value_or("vasternorrland");
  for (const char* id : {"vasternorrland", "region-only", "dalarna"}) {
    auto map = routine_map(id);
    if (map) routines.push_back({{"id", id}, {"name", map->name}, {"selected", routine == id}});
  }
  json regions = json::array();
  const auto region = req.param("region_id").value_or("region-22");
  for (const auto& u : KS_TRY(service::list_units(ctx, {{"region"}, std::nullopt, std::nullopt})))
    regions.push_back({{"id", u.id}, {"name", u.name}, {"selected", u.id == region}});
  json lpos = json::array();
  const auto lpo = req.param("lpo_id").value_or("");
  for (const auto& u : KS_TRY(service::list_units(ctx, {{"lpo"}, std::nullopt, std::nullopt})))
    lpos.push_back({{"id", u.id}, {"name", u.name + (u.county ? " (" + *u.county + ")" : "")}, {"selected", u.id == lpo}});
  return json{{"supports", supports}, {"routines", routines}, {"regions", regions}, {"lpos", lpos}};
}

} // namespace

void register_case_pages(Server& server) {
  auto& ctx = server.context();
  auto& r = server.router();

  // The cases the reader may read, newest first, 50 a page (?page=N, from 1; a page past the last
  // shows the last), with how many there are.
  r.add(Method::get, "/cases", [&ctx](Request& req) -> Result<Response> {
    constexpr std::int64_t kPageSize = 50;
    store::cases::Filter f;
    if (auto s = req.param("status"); s && !s->empty()) f.status = *s;
    if (auto p = req.param("phase"); p && !p->empty()) f.phase = *p;
    const auto wanted = KS_TRY(page_param(req));
    f.offset = static_cast<std::size_t>(wanted - 1) * kPageSize;
    f.limit = kPageSize;
    const auto actor = actor_of(req);
    auto list = KS_TRY(service::list_cases(ctx, actor, f));
    const auto at = page_of(wanted, list.total, kPageSize);
    if (at.page != wanted) {
      f.offset = at.offset;
      list = KS_TRY(service::list_cases(ctx, actor, f));
    }
    const auto& found = list.cases;
    json cases = json::array();
    for (const auto& c : found) {
      json j = case_view(c);
      auto map = routine_map(c.fields.routine);
      j["routine_name"] = map ? map->name : c.fields.routine;
      cases.push_back(std::move(j));
    }
    const std::string status = req.param("status").value_or("");
    json statuses = json::array();
    for (const auto& [value, key] : {std::pair{"running", "cw_status_running"}, std::pair{"completed", "cw_status_completed"}})
      statuses.push_back({{"value", value}, {"label", web::t(req.lang, key)}, {"selected", status == value}});
    json c = {{"cases", cases},
              {"has_cases", !cases.empty()},
              {"count", web::count_text(req.lang, list.total)},
              {"count_label", web::t(req.lang, list.total == 1 ? "cw_cases_count_one" : "cw_cases_count")},
              {"status", status},
              {"statuses", statuses}};
    std::string query; // The filters, kept from page to page.
    if (!status.empty()) query += "status=" + url_encode(status) + "&";
    if (f.phase) query += "phase=" + url_encode(*f.phase) + "&";
    auto pager = pager_view(req.lang, "cw_cases_pages", at, found.size(),
                            [&](std::int64_t n) { return "/cases?" + query + "page=" + std::to_string(n); });
    if (!pager.is_null()) c["pager"] = std::move(pager);
    return page(req, "case_list", web::t(req.lang, "cw_cases_title"), std::move(c));
  });

  r.add(Method::get, "/cases/new", [&ctx](Request& req) -> Result<Response> {
    return page(req, "case_new", web::t(req.lang, "cw_start_title"), KS_TRY(start_form_context(ctx, req)));
  });

  r.add(Method::post, "/cases", [&ctx](Request& req) -> Result<Response> {
    service::StartCase in;
    const auto ks_id = req.param("knowledge_support_id").value_or("");
    if (!ks_id.empty() && ks_id.find_first_not_of("0123456789") == std::string::npos && ks_id.size() < 18)
      in.knowledge_support_id = std::stoll(ks_id);
    in.routine = req.param("routine").value_or("");
    in.region_id = req.param("region_id").value_or("");
    if (auto lpo = req.param("lpo_id"); lpo && !lpo->empty()) in.lpo_id = *lpo;
    auto started = service::start_case(ctx, actor_of(req), in);
    if (!started) {
      if (started.error().code != ErrorCode::invalid_input && started.error().code != ErrorCode::not_found)
        return fail(started.error());
      json j = KS_TRY(start_form_context(ctx, req));
      j["error"] = started.error().message;
      return page(req, "case_new", web::t(req.lang, "cw_start_title"), j, 422);
    }
    return Response::redirect(redirect_to_case(started->case_id, req, "cw_case_started", " " + started->diary_number));
  });

  r.add(Method::get, "/cases/{id}", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(case_id_of(req));
    const auto actor = actor_of(req);
    auto detail = KS_TRY(service::case_detail(ctx, actor, id));
    auto history = KS_TRY(service::case_history(ctx, actor, id));
    auto tasks = KS_TRY(service::case_tasks(ctx, actor, id));
    // The map of the routine version the case runs on, not of the newest or the shipped file.
    auto map = cached_definition_map(detail.record.fields.definition_id);
    if (!map) map = definition_map(KS_TRY(service::case_process_definition(ctx, actor, id)));
    std::set<std::string> actors; // Who acted, shown by name.
    for (const auto& e : history) actors.insert(e.actor);
    json j = case_page_context(detail, history, tasks, req.lang, *map, KS_TRY(service::person_names(ctx, actors)),
                               KS_TRY(service::unit_names(ctx, variable_unit_ids(detail.variables))));
    return page(req, "case_page", web::t(req.lang, "cw_case") + " " + detail.record.diary_number, j);
  });

  r.add(Method::get, "/cases/{id}/bpmn", [&ctx](Request& req) -> Result<Response> {
    // The BPMN text of the deployed version the case was started on (service/case_process.hpp).
    auto definition = KS_TRY(service::case_process_definition(ctx, actor_of(req), KS_TRY(case_id_of(req))));
    return std::move(Response::text(std::move(definition.bpmn), "application/xml; charset=utf-8")
                         .header("X-KS-Definition-Id", std::to_string(definition.id))
                         .header("X-KS-Process-Version", definition.process_id + " v" + std::to_string(definition.version)));
  });

  r.add(Method::post, "/cases/{id}/messages", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(case_id_of(req));
    service::CaseMessage in;
    in.case_id = id;
    in.name = req.param("message").value_or("national_decision");
    in.payload = json::object();
    if (auto v = req.param("national_decision_date"); v && !v->empty()) in.payload["national_decision_date"] = *v;
    if (auto v = req.param("national_decision_summary"); v && !v->empty()) in.payload["national_decision_summary"] = *v;
    if (auto f = req.files.find("file"); f != req.files.end() && !f->second.content.empty())
      in.document = service::Upload{f->second.filename, f->second.content};
    auto step = KS_TRY(service::correlate_message(ctx, actor_of(req), in));
    std::string numbers;
    for (const auto& n : step.diary_numbers) numbers += " " + n;
    return Response::redirect(redirect_to_case(id, req, "cw_message_registered", numbers));
  });

  r.add(Method::post, "/cases/{id}/consultation-answer", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(case_id_of(req));
    auto added = KS_TRY(service::produce_consultation_answer(ctx, actor_of(req), id));
    return Response::redirect(redirect_to_case(id, req, "cw_answer_produced", " " + added.diary_number));
  });
}

} // namespace ks::http
