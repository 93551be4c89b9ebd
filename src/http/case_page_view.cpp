#include "http/case_page_view.hpp"

#include <set>

#include "domain/structure.hpp"
#include "http/casework_view.hpp"
#include "web/pages.hpp"

namespace ks::http {

namespace {

using nlohmann::json;

json parse_or_null(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  return json::parse(*text, nullptr, false);
}

std::string text_at(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return {};
  return readable_value(j[key]);
}

// "municipality-2281" → "Sundsvall", from the options the case started with.
std::string unit_label(const json& vars, const std::string& id) {
  for (const char* key : {"principal_options", "municipality_options"}) {
    if (!vars.contains(key) || !vars[key].is_array()) continue;
    for (const auto& o : vars[key])
      if (o.is_object() && o.value("value", "") == id) return o.value("label", id);
  }
  return id;
}

std::string item_of(const service::TaskView& t) {
  json item = parse_or_null(t.task.item);
  return item.is_string() ? item.get<std::string>() : std::string();
}

// One row per task of `element`: the unit it is for, its state, and chosen submitted fields.
json per_item(const std::vector<service::TaskView>& tasks, const std::string& element, const json& vars,
              std::initializer_list<const char*> fields, std::string_view lang, std::size_t& done, std::size_t& total) {
  json rows = json::array();
  done = total = 0;
  for (const auto& t : tasks) {
    if (t.task.element != element || t.task.status == store::tasks::kCancelled) continue;
    ++total;
    json row = {{"task_id", t.task.id}, {"unit", unit_label(vars, item_of(t))}};
    const bool completed = t.task.status == store::tasks::kCompleted;
    if (completed) ++done;
    row["completed"] = completed;
    row["state_label"] = web::t(lang, completed ? "cw_answered" : "cw_waiting");
    json submitted = parse_or_null(t.task.submitted);
    for (const char* f : fields) {
      auto v = text_at(submitted, f);
      if (!v.empty()) row[f] = v;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string history_text(const store::history::Event& e, const std::optional<web::ProcessMap>& map, std::string_view lang) {
  const json data = json::parse(e.data, nullptr, false);
  const std::string name = element_name(map, e.element);
  const std::string step = e.step.empty() ? "" : web::t(lang, "cw_step") + " " + e.step + ": ";
  if (e.kind == "started") return web::t(lang, "cw_h_started");
  if (e.kind == "task_opened") return web::t(lang, "cw_h_task_opened") + " " + step + name;
  if (e.kind == "task_completed") return web::t(lang, "cw_h_task_completed") + " " + step + name;
  if (e.kind == "message_received") return web::t(lang, "cw_h_message") + " " + step + name;
  if (e.kind == "timer_fired") return web::t(lang, "cw_h_timer") + " " + step + name;
  if (e.kind == "diary_registered")
    return web::t(lang, "cw_h_diary") + " " + (data.is_object() ? data.value("number", "") : "") + " (" +
           (data.is_object() && data.value("direction", "") == "out" ? web::t(lang, "cw_out") : web::t(lang, "cw_in")) + ")";
  if (e.kind == "completed") return web::t(lang, "cw_h_completed");
  if (e.kind == "terminated") return web::t(lang, "cw_h_terminated");
  if (e.kind == "multi_instance_completed") return web::t(lang, "cw_h_all_answered") + " " + step + name;
  return {};
}

} // namespace

json case_page_context(const service::CaseDetail& d, const std::vector<store::history::Event>& history,
                       const std::vector<service::TaskView>& tasks, std::string_view lang,
                       const std::optional<web::ProcessMap>& map,
                       const std::map<std::string, std::string>& actor_names,
                       const std::map<std::string, std::string>& unit_names) {
  const json& vars = d.variables;
  json j;
  j["case"] = case_view(d.record);
  j["case"]["routine_name"] = map ? map->name : d.record.fields.routine;
  j["case"]["open"] = !d.record.ended_at.has_value();
  j["knowledge_support"] = ks_view(d.knowledge_support);

  json current = json::array();
  for (const auto& t : d.open_tasks) {
    json tj = task_view(t, map, lang);
    auto item = item_of(t);
    if (!item.empty()) tj["item"] = unit_label(vars, item);
    current.push_back(std::move(tj));
  }
  j["current"] = current;
  j["has_current"] = !current.empty();

  const bool waiting_decision =
      std::find(d.waiting_for_messages.begin(), d.waiting_for_messages.end(), "national_decision") != d.waiting_for_messages.end();
  j["waiting_national_decision"] = waiting_decision;
  json waits = json::array();
  for (const auto& tm : d.timers) waits.push_back({{"name", element_name(map, tm.element)}, {"due", date_of(tm.due)}});
  j["timers"] = waits;
  j["has_timers"] = !waits.empty();

  // Step 5: each municipality's answer; step 7: every answer side by side.
  std::size_t done = 0, total = 0;
  json answers = per_item(tasks, "municipality_answer", vars, {"views", "prepared_in", "answered_by"}, lang, done, total);
  if (total > 0) {
    j["answers"] = {{"rows", answers}, {"done", done}, {"total", total}};
    json side = json::array();
    if (auto a = text_at(vars, "lpo_answer"); !a.empty()) side.push_back({{"who", web::t(lang, "cw_lpo_experts")}, {"text", a}});
    if (auto a = text_at(vars, "municipal_answer"); !a.empty()) side.push_back({{"who", web::t(lang, "cw_kfvn_compilation")}, {"text", a}});
    for (const auto& row : answers)
      if (row.contains("views")) side.push_back({{"who", row["unit"]}, {"text", row["views"]}});
    if (auto a = text_at(vars, "consultation_answer"); !a.empty()) side.push_back({{"who", web::t(lang, "cw_region_answer")}, {"text", a}});
    j["side_by_side"] = side;
  }
  bool at_step_7 = false;
  for (const auto& t : tasks)
    if (t.task.element == "region_compile") at_step_7 = true;
  j["may_produce_answer"] = at_step_7;

  // Step 24: each principal's decision, "n of m".
  json decisions = per_item(tasks, "principal_decision", vars, {"decision", "decided_by", "decision_date", "decision_level", "decision_comment"},
                            lang, done, total);
  if (total > 0) j["decisions"] = {{"rows", decisions}, {"done", done}, {"total", total}};

  // The map: done = entered; active = open tasks, waiting events and timers.
  std::set<std::string> active, entered;
  for (const auto& e : history) {
    if (e.kind == "entered" || e.kind == "task_completed") entered.insert(e.element);
    if (e.kind == "message_waiting" || e.kind == "timer_set") active.insert(e.element);
    if (e.kind == "message_received" || e.kind == "timer_fired") active.erase(e.element);
  }
  for (const auto& t : d.open_tasks) active.insert(t.task.element);
  for (const auto& tm : d.timers) active.insert(tm.element);
  web::MapStates states;
  for (const auto& e : entered) states[e] = "done";
  for (const auto& a : active) states[a] = "active";
  if (map) j["map"] = web::process_map_context(*map, lang, "/cases/" + std::to_string(d.record.id) + "/bpmn", states);
  j["has_map"] = map.has_value();

  json timeline = json::array();
  for (const auto& e : history) {
    auto text = history_text(e, map, lang);
    if (text.empty()) continue;
    auto name = actor_names.find(e.actor);
    timeline.push_back({{"at", date_time_of(e.at)},
                        {"text", text},
                        {"actor", e.actor == "system" ? "" : name != actor_names.end() ? name->second : e.actor}});
  }
  j["timeline"] = timeline;

  json docs = json::array();
  for (const auto& doc : d.documents) docs.push_back(document_view(doc));
  j["documents"] = docs;
  j["has_documents"] = !docs.empty();
  json diary = json::array();
  for (const auto& e : d.diary) diary.push_back(diary_view(e));
  j["diary"] = diary;

  json variables = json::array();
  const auto& labels = field_labels();
  for (const auto& [k, v] : vars.items()) {
    if (k.ends_with("_options") || k == "knowledge_support_id") continue;
    auto label = labels.find(k);
    variables.push_back(
        {{"key", k}, {"label", label != labels.end() ? label->second : k}, {"value", readable_value(v, unit_names)}});
  }
  j["variables"] = variables;
  return j;
}

std::set<std::string> variable_unit_ids(const json& variables) {
  std::set<std::string> ids;
  auto add = [&](const json& v) {
    if (v.is_string() && domain::is_valid_id(v.get_ref<const std::string&>())) ids.insert(v.get<std::string>());
  };
  for (const auto& [key, v] : variables.items()) {
    if (key.ends_with("_options")) continue;
    add(v);
    if (v.is_array())
      for (const auto& e : v) add(e);
  }
  return ids;
}

} // namespace ks::http
