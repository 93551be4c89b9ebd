// Knowledge supports, the diary and documents as pages (issue 5):
//   GET  /knowledge-supports           list with Swedish full-text search and filters
//   GET  /knowledge-supports/new       register a knowledge support with its document
//   POST /knowledge-supports           303 to it; 422: the form again with the message
//   GET  /knowledge-supports/{id}      detail: facts, documents, cases
//   GET  /diary                        diary entries with search and filters
//   GET  /documents/{id}               a stored document (PDF, DOCX)
#include "http/auth.hpp"
#include "http/casework_view.hpp"
#include "http/page.hpp"
#include "http/routes.hpp"
#include "service/structure_service.hpp"

namespace ks::http {

namespace {

using nlohmann::json;

Result<std::int64_t> number_param(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return fail(Error::not_found("Det finns ingen sådan post"));
  return std::stoll(text);
}

json kinds_json(const std::string& chosen) {
  json out = json::array();
  for (const auto& k : domain::knowledge_support_kinds())
    out.push_back({{"key", k.key}, {"label", k.label_sv}, {"selected", k.key == chosen}});
  return out;
}

json statuses_json(const std::string& chosen) {
  json out = json::array();
  for (auto s : {domain::NationalStatus::on_consultation, domain::NationalStatus::decided, domain::NationalStatus::published,
                 domain::NationalStatus::under_revision})
    out.push_back({{"key", domain::to_key(s)}, {"label", domain::label_sv(s)}, {"selected", domain::to_key(s) == chosen}});
  return out;
}

Result<json> register_form_context(service::Context& ctx, const Request& req) {
  json j;
  for (const char* f : {"title", "version", "consultation_from", "consultation_to", "summary", "counterpart"})
    j["values"][f] = req.param(f).value_or("");
  j["kinds"] = kinds_json(req.param("kind").value_or(""));
  j["statuses"] = statuses_json(req.param("national_status").value_or("on_consultation"));
  json owners = json::array();
  const auto owner = req.param("owner_unit_id").value_or("");
  for (const auto& u : KS_TRY(service::list_units(ctx, {{"npo", "nag"}, std::nullopt, std::nullopt})))
    owners.push_back({{"id", u.id}, {"name", u.name}, {"selected", u.id == owner}});
  j["owners"] = owners;
  json regions = json::array();
  const auto region = req.param("region_id").value_or("region-22");
  for (const auto& u : KS_TRY(service::list_units(ctx, {{"region"}, std::nullopt, std::nullopt})))
    regions.push_back({{"id", u.id}, {"name", u.name}, {"selected", u.id == region}});
  j["regions"] = regions;
  return j;
}

std::optional<std::string> non_empty(const Request& req, const std::string& name) {
  auto v = req.param(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

} // namespace

void register_ks_pages(Server& server) {
  auto& ctx = server.context();
  auto& r = server.router();

  r.add(Method::get, "/knowledge-supports", [&ctx](Request& req) -> Result<Response> {
    store::knowledge_supports::Query q;
    q.text = req.param("q").value_or("");
    const auto kind = req.param("kind").value_or("");
    const auto status = req.param("status").value_or("");
    q.kind = domain::parse_knowledge_support_kind(kind);
    q.national_status = domain::parse_national_status(status);
    json list = json::array();
    for (const auto& k : KS_TRY(service::search_knowledge_supports(ctx, actor_of(req), q))) list.push_back(ks_view(k));
    return page(req, "ks_list", web::t(req.lang, "cw_ks_title"),
                {{"supports", list}, {"has_supports", !list.empty()}, {"q", q.text}, {"kinds", kinds_json(kind)},
                 {"statuses", statuses_json(status)}, {"count", list.size()}, {"searched", !q.text.empty()}});
  });

  r.add(Method::get, "/knowledge-supports/new", [&ctx](Request& req) -> Result<Response> {
    return page(req, "ks_new", web::t(req.lang, "cw_ks_new"), KS_TRY(register_form_context(ctx, req)));
  });

  r.add(Method::post, "/knowledge-supports", [&ctx](Request& req) -> Result<Response> {
    service::RegisterKnowledgeSupport in;
    auto& f = in.fields;
    f.title = req.param("title").value_or("");
    f.kind = domain::parse_knowledge_support_kind(req.param("kind").value_or("")).value_or(domain::KnowledgeSupportKind::other);
    f.owner_unit_id = non_empty(req, "owner_unit_id");
    f.version = req.param("version").value_or("");
    f.national_status = domain::parse_national_status(req.param("national_status").value_or("")).value_or(domain::NationalStatus::on_consultation);
    f.consultation_from = non_empty(req, "consultation_from");
    f.consultation_to = non_empty(req, "consultation_to");
    f.summary = req.param("summary").value_or("");
    if (auto file = req.files.find("file"); file != req.files.end() && !file->second.content.empty()) {
      in.document = service::Upload{file->second.filename, file->second.content};
      service::DiaryRegistration diary;
      diary.region_id = req.param("region_id").value_or("region-22");
      diary.direction = domain::DiaryDirection::in;
      diary.counterpart = non_empty(req, "counterpart").value_or("SKR");
      diary.description = "Kunskapsstöd på remiss: " + f.title;
      in.diary = diary;
    }
    auto done = service::register_knowledge_support(ctx, actor_of(req), in);
    if (!done) {
      const auto code = done.error().code;
      if (code != ErrorCode::invalid_input && code != ErrorCode::too_large) return fail(done.error());
      json j = KS_TRY(register_form_context(ctx, req));
      j["error"] = done.error().message;
      j["error_field"] = done.error().field;
      return page(req, "ks_new", web::t(req.lang, "cw_ks_new"), j, code == ErrorCode::too_large ? 413 : 422);
    }
    std::string flash = web::t(req.lang, "cw_ks_registered") + (done->diary_number ? " " + *done->diary_number : "");
    return Response::redirect("/knowledge-supports/" + std::to_string(done->id) + "?flash=" + url_encode(flash));
  });

  r.add(Method::get, "/knowledge-supports/{id}", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(number_param(req.path_param("id")));
    const auto actor = actor_of(req);
    auto d = KS_TRY(service::knowledge_support_detail(ctx, actor, id));
    json j = {{"ks", ks_view(d.support)}};
    json docs = json::array();
    for (const auto& doc : d.documents) docs.push_back(document_view(doc));
    j["documents"] = docs;
    j["has_documents"] = !docs.empty();
    store::cases::Filter f;
    f.knowledge_support_id = id;
    const auto found = KS_TRY(service::list_cases(ctx, actor, f)).cases;
    // The owner and the cases' regions by name.
    std::set<std::string> units;
    if (d.support.fields.owner_unit_id) units.insert(*d.support.fields.owner_unit_id);
    for (const auto& c : found) units.insert(c.fields.region_id);
    const auto names = KS_TRY(service::unit_names(ctx, units));
    auto name_of = [&](const std::string& unit) {
      auto n = names.find(unit);
      return n == names.end() ? unit : n->second;
    };
    if (d.support.fields.owner_unit_id) j["ks"]["owner_unit_name"] = name_of(*d.support.fields.owner_unit_id);
    json cases = json::array();
    for (const auto& c : found) {
      json k = case_view(c);
      k["region_name"] = name_of(c.fields.region_id);
      cases.push_back(std::move(k));
    }
    j["cases"] = cases;
    j["has_cases"] = !cases.empty();
    return page(req, "ks_detail", d.support.fields.title, j);
  });

  r.add(Method::get, "/diary", [&ctx](Request& req) -> Result<Response> {
    store::diary::Query q;
    q.text = req.param("q").value_or("");
    const auto direction = req.param("direction").value_or("");
    q.direction = domain::parse_diary_direction(direction);
    const auto year = req.param("year").value_or("");
    if (year.size() == 4 && year.find_first_not_of("0123456789") == std::string::npos) q.year = std::stoi(year);
    json entries = json::array();
    for (const auto& e : KS_TRY(service::list_diary(ctx, actor_of(req), q))) entries.push_back(diary_view(e));
    return page(req, "diary_list", web::t(req.lang, "cw_diary"),
                {{"entries", entries}, {"has_entries", !entries.empty()}, {"q", q.text}, {"year", year},
                 {"dir_in", direction == "in"}, {"dir_out", direction == "out"}, {"count", entries.size()}});
  });

  r.add(Method::get, "/documents/{id}", [&ctx](Request& req) -> Result<Response> {
    auto doc = KS_TRY(service::document_content(ctx, actor_of(req), KS_TRY(number_param(req.path_param("id")))));
    Response resp = Response::text(std::move(doc.content), doc.info.media_type);
    std::string safe;
    for (char c : doc.info.filename) safe += (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) ? '_' : c;
    resp.header("Content-Disposition", "attachment; filename=\"" + safe + "\"");
    return resp;
  });
}

} // namespace ks::http
