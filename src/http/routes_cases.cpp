// The case API (issue 5): knowledge supports and their documents, cases on a region's routine,
// tasks (the inbox, one task with its form, completion with optimistic concurrency), messages to
// a case, and the diary. JSON only; the pages on top of the same services live elsewhere. Access:
// the route table names the action, the services check it against the object (permissions.hpp).
#include <algorithm>
#include <charconv>
#include <utility>

#include "http/auth.hpp"
#include "http/case_json.hpp"
#include "http/routes.hpp"
#include "service/case_process.hpp"
#include "service/case_service.hpp"
#include "service/knowledge_support_service.hpp"
#include "service/task_attachments.hpp"
#include "service/task_service.hpp"

namespace ks::http {

namespace {

using nlohmann::json;
namespace sv = service;

Result<std::int64_t> id_param(const Request& req, const std::string& name = "id") {
  const std::string& text = req.path_param(name);
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0)
    return fail(Error::not_found("ingen sådan post: " + text));
  return id;
}

std::optional<std::string> text_query(const Request& req, const std::string& name) {
  auto v = req.param(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

std::optional<std::string> opt_string(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string() || it->get<std::string>().empty()) return std::nullopt;
  return it->get<std::string>();
}

Result<std::string> string_member(const json& j, const char* key, bool required) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) return fail(Error::invalid(std::string(key) + " saknas", key));
    return std::string();
  }
  if (!it->is_string()) return fail(Error::invalid(std::string(key) + " ska vara text", key));
  return it->get<std::string>();
}

// A document from a JSON member {"filename", "content_base64"}.
Result<std::optional<sv::Upload>> upload_member(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<sv::Upload>();
  if (!it->is_object()) return fail(Error::invalid(std::string(key) + " ska vara ett objekt", key));
  sv::Upload u;
  u.filename = KS_TRY(string_member(*it, "filename", true));
  u.content = KS_TRY(decode_base64(KS_TRY(string_member(*it, "content_base64", true)), std::string(key) + ".content_base64"));
  return std::optional<sv::Upload>(std::move(u));
}

// A document from a multipart field "file" (with form fields), or a JSON body with "document".
struct PostedDocument {
  sv::Upload file;
  sv::DiaryRegistration diary;
};
Result<PostedDocument> posted_document(const Request& req) {
  PostedDocument out;
  json fields = json::object();
  if (auto f = req.files.find("file"); f != req.files.end()) {
    out.file = {f->second.filename, f->second.content};
    for (const char* name : {"direction", "counterpart", "description", "region_id"})
      if (auto v = req.param(name)) fields[name] = *v;
  } else {
    fields = KS_TRY(json_object_body(req.body));
    auto upload = KS_TRY(upload_member(fields, "document"));
    if (!upload) return fail(Error::invalid("document saknas", "document"));
    out.file = std::move(*upload);
  }
  auto direction = KS_TRY(string_member(fields, "direction", false));
  if (!direction.empty()) {
    auto d = domain::parse_diary_direction(direction);
    if (!d) return fail(Error::invalid("direction är in eller out", "direction"));
    out.diary.direction = *d;
  }
  out.diary.counterpart = KS_TRY(string_member(fields, "counterpart", false));
  out.diary.description = KS_TRY(string_member(fields, "description", false));
  out.diary.region_id = KS_TRY(string_member(fields, "region_id", false));
  return out;
}

Result<domain::KnowledgeSupportInput> knowledge_support_fields(const json& b) {
  domain::KnowledgeSupportInput in;
  in.title = KS_TRY(string_member(b, "title", true));
  auto kind = KS_TRY(string_member(b, "kind", true));
  auto k = domain::parse_knowledge_support_kind(kind);
  if (!k) return fail(Error::invalid("okänd typ av kunskapsstöd: " + kind, "kind"));
  in.kind = *k;
  auto status = KS_TRY(string_member(b, "national_status", true));
  auto s = domain::parse_national_status(status);
  if (!s) return fail(Error::invalid("okänd nationell status: " + status, "national_status"));
  in.national_status = *s;
  in.owner_unit_id = opt_string(b, "owner_unit_id");
  in.version = KS_TRY(string_member(b, "version", false));
  in.consultation_from = opt_string(b, "consultation_from");
  in.consultation_to = opt_string(b, "consultation_to");
  in.summary = KS_TRY(string_member(b, "summary", false));
  return in;
}

Result<Response> post_knowledge_support(sv::Context& ctx, Request& req) {
  const json b = KS_TRY(json_object_body(req.body));
  sv::RegisterKnowledgeSupport in;
  in.fields = KS_TRY(knowledge_support_fields(b));
  in.document = KS_TRY(upload_member(b, "document"));
  if (auto region = opt_string(b, "region_id")) {
    sv::DiaryRegistration d;
    d.region_id = *region;
    d.counterpart = KS_TRY(string_member(b, "counterpart", false));
    d.description = in.fields.title;
    in.diary = d;
  }
  auto r = KS_TRY(sv::register_knowledge_support(ctx, actor_of(req), in));
  json out = {{"id", r.id}, {"href", "/api/v1/knowledge-supports/" + std::to_string(r.id)}};
  out["document_id"] = r.document_id ? json(*r.document_id) : json(nullptr);
  out["diary_number"] = r.diary_number ? json(*r.diary_number) : json(nullptr);
  return Response::json(out, 201);
}

Result<Response> list_knowledge_supports(sv::Context& ctx, Request& req) {
  store::knowledge_supports::Query q;
  q.text = req.param("q").value_or("");
  if (auto kind = text_query(req, "kind")) {
    q.kind = domain::parse_knowledge_support_kind(*kind);
    if (!q.kind) return fail(Error::invalid("okänd typ av kunskapsstöd: " + *kind, "kind"));
  }
  if (auto status = text_query(req, "national_status")) {
    q.national_status = domain::parse_national_status(*status);
    if (!q.national_status) return fail(Error::invalid("okänd nationell status: " + *status, "national_status"));
  }
  q.owner_unit_id = text_query(req, "owner_unit_id");
  if (auto limit = KS_TRY(req.int_param("limit"))) q.limit = static_cast<std::size_t>(std::clamp<std::int64_t>(*limit, 1, 500));
  if (auto offset = KS_TRY(req.int_param("offset"))) q.offset = static_cast<std::size_t>(std::max<std::int64_t>(*offset, 0));
  auto found = KS_TRY(sv::search_knowledge_supports(ctx, actor_of(req), q));
  json list = json::array();
  for (const auto& k : found) list.push_back(knowledge_support_json(k));
  return Response::json({{"knowledge_supports", list}, {"count", list.size()}});
}

Result<Response> get_knowledge_support(sv::Context& ctx, Request& req) {
  auto d = KS_TRY(sv::knowledge_support_detail(ctx, actor_of(req), KS_TRY(id_param(req))));
  json j = knowledge_support_json(d.support);
  j["documents"] = json::array();
  for (const auto& doc : d.documents) j["documents"].push_back(document_json(doc));
  return Response::json(j);
}

Result<Response> post_document(sv::Context& ctx, Request& req, bool for_case) {
  const auto id = KS_TRY(id_param(req));
  auto posted = KS_TRY(posted_document(req));
  sv::AddDocument in;
  if (for_case) in.owner.case_id = id;
  else in.owner.knowledge_support_id = id;
  in.file = std::move(posted.file);
  in.diary = std::move(posted.diary);
  auto r = KS_TRY(sv::add_document(ctx, actor_of(req), in));
  return Response::json({{"document_id", r.document_id}, {"diary_number", r.diary_number},
                         {"href", "/api/v1/documents/" + std::to_string(r.document_id)}},
                        201);
}

Result<Response> get_document(sv::Context& ctx, Request& req) {
  auto d = KS_TRY(sv::document_content(ctx, actor_of(req), KS_TRY(id_param(req))));
  std::string safe_name;
  for (char c : d.info.filename) safe_name += (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) ? '_' : c;
  return std::move(Response::text(std::move(d.content), d.info.media_type)
                       .header("Content-Disposition", "attachment; filename=\"" + safe_name + "\"")
                       .header("X-Content-Type-Options", "nosniff"));
}

Result<Response> post_case(sv::Context& ctx, Request& req) {
  const json b = KS_TRY(json_object_body(req.body));
  sv::StartCase in;
  auto ks = b.find("knowledge_support_id");
  if (ks == b.end() || !ks->is_number_integer())
    return fail(Error::invalid("knowledge_support_id saknas", "knowledge_support_id"));
  in.knowledge_support_id = ks->get<std::int64_t>();
  in.routine = KS_TRY(string_member(b, "routine", true));
  in.region_id = KS_TRY(string_member(b, "region_id", true));
  in.lpo_id = opt_string(b, "lpo_id");
  if (auto v = b.find("variables"); v != b.end() && !v->is_null()) in.variables = *v;
  auto r = KS_TRY(sv::start_case(ctx, actor_of(req), in));
  return Response::json({{"id", r.case_id}, {"diary_number", r.diary_number},
                         {"href", "/api/v1/cases/" + std::to_string(r.case_id)}},
                        201);
}

// The cases the caller may read, newest first, a page at a time (100 unless `limit` says
// otherwise, up to 500): with how many match on every page, and the next page's address while
// there is one.
Result<Response> list_cases(sv::Context& ctx, Request& req) {
  store::cases::Filter f;
  f.region_id = text_query(req, "region_id");
  f.status = text_query(req, "status");
  f.routine = text_query(req, "routine");
  f.phase = text_query(req, "phase");
  f.knowledge_support_id = KS_TRY(req.int_param("knowledge_support_id"));
  if (auto limit = KS_TRY(req.int_param("limit"))) f.limit = static_cast<std::size_t>(std::clamp<std::int64_t>(*limit, 1, 500));
  if (auto offset = KS_TRY(req.int_param("offset"))) f.offset = static_cast<std::size_t>(std::max<std::int64_t>(*offset, 0));
  auto found = KS_TRY(sv::list_cases(ctx, actor_of(req), f));
  json list = json::array();
  for (const auto& k : found.cases) list.push_back(case_summary_json(k));
  json next = nullptr;
  if (const std::size_t after = f.offset + f.limit; std::cmp_less(after, found.total)) {
    std::string query; // The filters, kept from page to page.
    for (const auto& [name, value] : {std::pair{"region_id", &f.region_id}, std::pair{"status", &f.status},
                                      std::pair{"routine", &f.routine}, std::pair{"phase", &f.phase}})
      if (*value) query += std::string(name) + "=" + url_encode(**value) + "&";
    if (f.knowledge_support_id) query += "knowledge_support_id=" + std::to_string(*f.knowledge_support_id) + "&";
    next = "/api/v1/cases?" + query + "offset=" + std::to_string(after) + "&limit=" + std::to_string(f.limit);
  }
  return Response::json({{"cases", list},
                         {"count", list.size()},
                         {"total", found.total},
                         {"offset", f.offset},
                         {"limit", f.limit},
                         {"next", next}});
}

Result<Response> get_case(sv::Context& ctx, Request& req) {
  auto d = KS_TRY(sv::case_detail(ctx, actor_of(req), KS_TRY(id_param(req))));
  return Response::json(case_detail_json(d));
}

Result<Response> get_case_history(sv::Context& ctx, Request& req) {
  auto events = KS_TRY(sv::case_history(ctx, actor_of(req), KS_TRY(id_param(req))));
  json list = json::array();
  for (const auto& e : events) list.push_back(history_json(e));
  return Response::json({{"history", list}, {"count", list.size()}});
}

// The BPMN XML of the deployed routine version the case is pinned to (not the newest version).
Result<Response> get_case_bpmn(sv::Context& ctx, Request& req) {
  auto d = KS_TRY(sv::case_process_definition(ctx, actor_of(req), KS_TRY(id_param(req))));
  return std::move(Response::text(std::move(d.bpmn), "application/xml; charset=utf-8")
                       .header("X-KS-Definition-Id", std::to_string(d.id))
                       .header("X-KS-Process-Version", d.process_id + " v" + std::to_string(d.version)));
}

Result<Response> post_message(sv::Context& ctx, Request& req) {
  const json b = KS_TRY(json_object_body(req.body));
  sv::CaseMessage in;
  in.case_id = KS_TRY(id_param(req));
  in.name = KS_TRY(string_member(b, "name", true));
  if (auto p = b.find("payload"); p != b.end() && !p->is_null()) in.payload = *p;
  in.document = KS_TRY(upload_member(b, "document"));
  auto r = KS_TRY(sv::correlate_message(ctx, actor_of(req), in));
  return Response::json({{"case_id", r.case_id}, {"status", r.status}, {"phase", r.phase},
                         {"diary_numbers", r.diary_numbers}});
}

// The inbox, a page at a time (100 tasks unless `limit` says otherwise, up to 500): with how many
// open and overdue tasks it has in all, and the next page's address while there is one.
Result<Response> list_tasks(sv::Context& ctx, Request& req) {
  auto mine = req.param("mine").value_or("true");
  if (mine != "true" && mine != "1")
    return fail(Error::invalid("endast mine=true stöds: mina funktioners uppgifter", "mine"));
  std::size_t limit = 100, offset = 0;
  if (auto l = KS_TRY(req.int_param("limit")))
    limit = static_cast<std::size_t>(std::clamp<std::int64_t>(*l, 1, sv::kInboxMaxPageSize));
  if (auto o = KS_TRY(req.int_param("offset"))) offset = static_cast<std::size_t>(std::max<std::int64_t>(*o, 0));
  auto inbox = KS_TRY(sv::my_tasks(ctx, actor_of(req), offset, limit));
  json list = json::array();
  for (const auto& i : inbox.items) {
    json t = task_json(i.view);
    t["case"] = case_summary_json(i.case_summary);
    t["knowledge_support_title"] = i.knowledge_support_title;
    list.push_back(std::move(t));
  }
  const std::size_t next = offset + limit;
  return Response::json({{"tasks", list},
                         {"count", list.size()},
                         {"total", inbox.total},
                         {"overdue", inbox.overdue},
                         {"offset", offset},
                         {"limit", limit},
                         {"next", std::cmp_less(next, inbox.total)
                                      ? json("/api/v1/tasks?mine=true&offset=" + std::to_string(next) +
                                             "&limit=" + std::to_string(limit))
                                      : json(nullptr)}});
}

Result<Response> get_task(sv::Context& ctx, Request& req) {
  auto d = KS_TRY(sv::task_detail(ctx, actor_of(req), KS_TRY(id_param(req))));
  json t = task_json(d.view);
  t["form"] = d.form;
  t["variables"] = d.variables;
  t["may_complete"] = d.may_complete;
  t["may_attach"] = d.may_attach;
  t["documents"] = json::array();
  for (const auto& doc : d.documents) t["documents"].push_back(document_json(doc));
  t["case"] = case_summary_json(d.case_summary);
  t["knowledge_support_title"] = d.knowledge_support_title;
  return Response::json(t);
}

Result<Response> post_complete(sv::Context& ctx, Request& req) {
  const json b = KS_TRY(json_object_body(req.body));
  sv::CompleteTask in;
  in.task_id = KS_TRY(id_param(req));
  auto version = b.find("version");
  if (version == b.end() || !version->is_number_integer())
    return fail(Error::invalid("version saknas: ange uppgiftens version som du såg den", "version"));
  in.version = version->get<std::int64_t>();
  in.values = b.value("values", json::object());
  auto r = KS_TRY(sv::complete_task(ctx, actor_of(req), in));
  return Response::json({{"task_id", r.task_id}, {"case_id", r.step.case_id}, {"case_status", r.step.status},
                         {"phase", r.step.phase}, {"diary_numbers", r.step.diary_numbers}});
}

// A document on a task: multipart/form-data with "file" and optional "description" (or a JSON
// body {"document": {"filename", "content_base64"}, "description"}), registered in the diary.
Result<Response> post_task_attachment(sv::Context& ctx, Request& req) {
  sv::AttachToTask in;
  in.task_id = KS_TRY(id_param(req));
  if (auto f = req.files.find("file"); f != req.files.end()) {
    in.file = {f->second.filename, f->second.content};
    in.description = req.param("description").value_or("");
  } else if (!req.files.empty() || !req.body.starts_with("{")) {
    return fail(Error::invalid("file saknas: skicka dokumentet som multipart-fältet file", "file"));
  } else {
    const json b = KS_TRY(json_object_body(req.body));
    auto upload = KS_TRY(upload_member(b, "document"));
    if (!upload) return fail(Error::invalid("document saknas", "document"));
    in.file = std::move(*upload);
    in.description = KS_TRY(string_member(b, "description", false));
  }
  auto r = KS_TRY(sv::attach_to_task(ctx, actor_of(req), in));
  return Response::json({{"task_id", in.task_id}, {"document_id", r.document_id}, {"diary_number", r.diary_number},
                         {"href", "/api/v1/documents/" + std::to_string(r.document_id)}},
                        201);
}

Result<Response> list_diary(sv::Context& ctx, Request& req) {
  store::diary::Query q;
  q.text = req.param("q").value_or("");
  q.region_id = text_query(req, "region_id");
  if (auto d = text_query(req, "direction")) {
    q.direction = domain::parse_diary_direction(*d);
    if (!q.direction) return fail(Error::invalid("direction är in eller out", "direction"));
  }
  if (auto y = KS_TRY(req.int_param("year"))) q.year = static_cast<int>(*y);
  q.case_id = KS_TRY(req.int_param("case_id"));
  if (auto limit = KS_TRY(req.int_param("limit"))) q.limit = static_cast<std::size_t>(std::clamp<std::int64_t>(*limit, 1, 1000));
  if (auto offset = KS_TRY(req.int_param("offset"))) q.offset = static_cast<std::size_t>(std::max<std::int64_t>(*offset, 0));
  auto entries = KS_TRY(sv::list_diary(ctx, actor_of(req), q));
  json list = json::array();
  for (const auto& e : entries) list.push_back(diary_entry_json(e));
  return Response::json({{"entries", list}, {"count", list.size()}});
}

Result<Response> list_notifications(sv::Context& ctx, Request& req) {
  std::size_t limit = 100;
  if (auto l = KS_TRY(req.int_param("limit"))) limit = static_cast<std::size_t>(std::clamp<std::int64_t>(*l, 1, 500));
  auto items = KS_TRY(sv::my_notifications(ctx, actor_of(req), limit));
  json list = json::array();
  for (const auto& n : items)
    list.push_back({{"id", n.id}, {"case_id", n.case_id}, {"step", n.step}, {"element", n.element},
                    {"function", n.function}, {"scope_unit", n.scope_unit}, {"message", n.message},
                    {"created_at", format_iso(n.created_at)}});
  return Response::json({{"notifications", list}, {"count", list.size()}});
}

} // namespace

void register_case_routes(Server& server) {
  auto& ctx = server.context();
  auto& r = server.router();
  auto bind = [&ctx](Result<Response> (*fn)(sv::Context&, Request&)) {
    return [&ctx, fn](Request& req) { return fn(ctx, req); };
  };
  r.add(Method::post, "/api/v1/knowledge-supports", bind(post_knowledge_support));
  r.add(Method::get, "/api/v1/knowledge-supports", bind(list_knowledge_supports));
  r.add(Method::get, "/api/v1/knowledge-supports/{id}", bind(get_knowledge_support));
  r.add(Method::post, "/api/v1/knowledge-supports/{id}/documents",
        [&ctx](Request& req) { return post_document(ctx, req, false); });
  r.add(Method::get, "/api/v1/documents/{id}", bind(get_document));
  r.add(Method::post, "/api/v1/cases", bind(post_case));
  r.add(Method::get, "/api/v1/cases", bind(list_cases));
  r.add(Method::get, "/api/v1/cases/{id}", bind(get_case));
  r.add(Method::get, "/api/v1/cases/{id}/history", bind(get_case_history));
  r.add(Method::get, "/api/v1/cases/{id}/bpmn", bind(get_case_bpmn));
  r.add(Method::post, "/api/v1/cases/{id}/messages", bind(post_message));
  r.add(Method::post, "/api/v1/cases/{id}/documents", [&ctx](Request& req) { return post_document(ctx, req, true); });
  r.add(Method::get, "/api/v1/tasks", bind(list_tasks));
  r.add(Method::get, "/api/v1/tasks/{id}", bind(get_task));
  r.add(Method::post, "/api/v1/tasks/{id}/complete", bind(post_complete));
  r.add(Method::post, "/api/v1/tasks/{id}/attachments", bind(post_task_attachment));
  r.add(Method::get, "/api/v1/diary", bind(list_diary));
  r.add(Method::get, "/api/v1/notifications", bind(list_notifications));
}

} // namespace ks::http
