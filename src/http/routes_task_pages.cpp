// The task inbox and the task page (issue 5), server-rendered and usable without JavaScript:
//   GET  /inbox                    my tasks and my functions' tasks, due dates, overdue marked,
//                                  25 a page (?page=N)
//   GET  /tasks/{id}               the step, its case, the form as accessible HTML, attachments
//   POST /tasks/{id}               complete (303 to the case); 422: the form again with messages
//                                  (the fields', or the routine's refusal of the values);
//                                  a stale version: the page again with a conflict message (409);
//                                  "add row"/"remove row" buttons of dynamic lists: the form again
//   POST /tasks/{id}/attachments   a file on the task, registered in the diary (303 back)

#include <algorithm>

#include "engine/forms/form.hpp"
#include "http/auth.hpp"
#include "http/casework_view.hpp"
#include "http/page.hpp"
#include "http/routes.hpp"
#include "service/field_errors.hpp"
#include "service/followup_service.hpp"
#include "service/structure_service.hpp"
#include "service/task_attachments.hpp"
#include "web/form_html.hpp"

namespace ks::http {

namespace {

using nlohmann::json;

Result<std::int64_t> id_param(const Request& req, const std::string& name) {
  try {
    std::size_t used = 0;
    const auto& text = req.path_param(name);
    auto id = std::stoll(text, &used);
    if (used == text.size() && id > 0) return id;
  } catch (const std::exception&) {
  }
  return fail(Error::not_found("Det finns ingen sådan uppgift"));
}

// How the page shows the form this time.
struct FormState {
  std::optional<json> values; // Submitted values to keep; nullopt: the case's variables.
  std::vector<engine::forms::FieldError> errors;
  std::string conflict; // A conflict message instead of the form's own errors.
  std::string refused;  // Why the routine cannot go on with these values (no single field's fault).
};

Result<Response> task_page(service::Context& ctx, const Request& req, std::int64_t id, const FormState& state,
                           int status = 200) {
  const auto actor = actor_of(req);
  auto d = KS_TRY(service::task_detail(ctx, actor, id));
  const auto map = routine_map(d.case_summary.fields.routine);
  json j = {{"task", task_view(d.view, map, req.lang)},
            {"case", case_view(d.case_summary)},
            {"knowledge_support_title", d.knowledge_support_title},
            {"may_complete", d.may_complete && d.view.task.status == store::tasks::kOpen}};
  if (d.view.task.item) {
    auto item = json::parse(*d.view.task.item, nullptr, false);
    if (item.is_string()) j["item"] = item.get<std::string>();
  }
  if (!d.form.is_null()) {
    auto form = engine::forms::parse_form(d.form.dump());
    if (!form) return fail(form.error());
    web::FormView view;
    view.lang = req.lang;
    view.variables = d.variables;
    view.errors = state.errors;
    if (d.view.task.status != store::tasks::kOpen) {
      view.readonly = true;
      view.values = d.view.task.submitted ? json::parse(*d.view.task.submitted, nullptr, false) : json::object();
    } else {
      view.values = state.values ? *state.values : d.variables;
      view.readonly = !d.may_complete;
    }
    // Units of the case's county a field suggests (a LAG, an LPO), read now: one set up after the
    // case began is among them.
    if (const auto kinds = web::suggested_unit_kinds(*form); !view.readonly && !kinds.empty())
      view.unit_suggestions = KS_TRY(service::county_unit_options(ctx, d.case_summary.fields.region_id, kinds));
    auto rendered = web::render_form(*form, view);
    j["form_fields"] = rendered.fields;
    j["error_summary"] = rendered.error_summary;
    j["has_form"] = true;
  }
  if (!state.conflict.empty()) j["conflict"] = state.conflict;
  if (!state.refused.empty()) j["refused"] = state.refused;
  // Documents attached to this task, and whether this person may add one.
  json docs = json::array();
  for (const auto& doc : d.documents) docs.push_back(document_view(doc));
  j["documents"] = docs;
  j["may_attach"] = d.may_attach;
  j["has_documents"] = !docs.empty();
  // The yearly follow-up task shows indicator trends and activity status (issue 7).
  if (service::is_followup_element(d.view.task.element))
    j["followup"] = service::followup_summary_json(KS_TRY(service::followup_summary(ctx, actor, d.view.task.case_id)));
  std::string title = (d.view.task.step.empty() ? "" : web::t(req.lang, "cw_step") + " " + d.view.task.step + ": ") +
                      j["task"]["name"].get<std::string>();
  return page(req, "task_page", title, j, status);
}

} // namespace

void register_task_pages(Server& server) {
  auto& ctx = server.context();
  auto& r = server.router();

  // The inbox, 25 tasks a page (?page=N, from 1; a page past the last shows the last).
  r.add(Method::get, "/inbox", [&ctx](Request& req) -> Result<Response> {
    const auto wanted = KS_TRY(page_param(req));
    constexpr auto size = service::kInboxPageSize;
    const auto actor = actor_of(req);
    auto inbox = KS_TRY(service::my_tasks(ctx, actor, static_cast<std::size_t>(wanted - 1) * size, size));
    const auto at = page_of(wanted, inbox.total, static_cast<std::int64_t>(size));
    if (at.page != wanted) inbox = KS_TRY(service::my_tasks(ctx, actor, at.offset, size));
    json tasks = json::array();
    for (const auto& item : inbox.items) {
      json t = task_view(item.view, routine_map(item.case_summary.fields.routine), req.lang);
      t["knowledge_support_title"] = item.knowledge_support_title;
      t["diary_number"] = item.case_summary.diary_number;
      tasks.push_back(std::move(t));
    }
    json c = {{"tasks", tasks},
              {"has_tasks", !tasks.empty()},
              {"count", web::count_text(req.lang, inbox.total)},
              {"count_label", web::t(req.lang, inbox.total == 1 ? "cw_open_tasks_one" : "cw_open_tasks")},
              {"overdue", web::count_text(req.lang, inbox.overdue)},
              {"has_overdue", inbox.overdue > 0}};
    auto pager = pager_view(req.lang, "cw_inbox_pages", at, inbox.items.size(),
                            [](std::int64_t n) { return "/inbox?page=" + std::to_string(n); });
    if (!pager.is_null()) c["pager"] = std::move(pager);
    return page(req, "task_inbox", web::t(req.lang, "cw_inbox_title"), std::move(c));
  });

  r.add(Method::get, "/tasks/{id}", [&ctx](Request& req) -> Result<Response> {
    return task_page(ctx, req, KS_TRY(id_param(req, "id")), {});
  });

  r.add(Method::post, "/tasks/{id}", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(id_param(req, "id"));
    const auto actor = actor_of(req);
    auto d = KS_TRY(service::task_detail(ctx, actor, id));
    std::optional<engine::forms::Form> form;
    if (!d.form.is_null()) {
      auto f = engine::forms::parse_form(d.form.dump());
      if (!f) return fail(f.error());
      form = std::move(*f);
      if (auto changed = web::apply_row_action(*form, req.query)) return task_page(ctx, req, id, {.values = *changed});
    }
    service::CompleteTask in;
    in.task_id = id;
    in.version = std::stoll(req.param("version").value_or("0"));
    in.values = form ? web::form_submission(*form, req.query) : json::object();
    auto done = service::complete_task(ctx, actor, in);
    if (done) {
      const std::string flash = web::t(req.lang, "cw_task_done");
      return Response::redirect("/cases/" + std::to_string(d.view.task.case_id) + "?flash=" + url_encode(flash));
    }
    const Error& e = done.error();
    if (auto errors = service::field_errors_of(e); !errors.empty())
      return task_page(ctx, req, id, {.values = in.values, .errors = errors}, 422);
    if (e.code == ErrorCode::conflict)
      return task_page(ctx, req, id, {.values = in.values, .conflict = e.message}, 409);
    // The engine's refusal (a task that would be nobody's, a gateway with no way): the form
    // again with what the user entered, and why.
    if (e.code == ErrorCode::invalid_input)
      return task_page(ctx, req, id, {.values = in.values, .refused = e.message}, 422);
    return fail(e);
  });

  // The same rule as the API (service/task_attachments.hpp): the task's assignees or case.manage.
  r.add(Method::post, "/tasks/{id}/attachments", [&ctx](Request& req) -> Result<Response> {
    const auto id = KS_TRY(id_param(req, "id"));
    auto file = req.files.find("file");
    if (file == req.files.end() || file->second.content.empty())
      return fail(Error::invalid(web::t(req.lang, "cw_choose_file"), "file"));
    service::AttachToTask in;
    in.task_id = id;
    in.file = {file->second.filename, file->second.content};
    in.description = req.param("description").value_or("");
    auto added = KS_TRY(service::attach_to_task(ctx, actor_of(req), in));
    return Response::redirect("/tasks/" + std::to_string(id) + "?flash=" +
                              url_encode(web::t(req.lang, "cw_attached") + " " + added.diary_number));
  });
}

} // namespace ks::http
