#include "http/casework_view.hpp"

#include <map>
#include <mutex>

#include "domain/functions.hpp"
#include "domain/knowledge_support.hpp"
#include "engine/library.hpp"
#include "web/pages.hpp"

namespace ks::http {

using nlohmann::json;

std::string date_of(Instant t) { return format_date(t); }

std::string date_time_of(Instant t) {
  auto iso = format_iso(t); // 2026-11-23T14:05:00.000Z
  return iso.size() >= 16 ? iso.substr(0, 10) + " " + iso.substr(11, 5) : iso;
}

namespace {
const Result<engine::ProcessLibrary>& shipped_library() {
  static const auto library = engine::load_shipped_library();
  return library;
}
} // namespace

std::optional<std::string_view> routine_xml(const std::string& routine) {
  const auto& library = shipped_library();
  if (!library) return std::nullopt;
  return library->process_xml(routine);
}

const std::map<std::string, std::string>& field_labels() {
  static const std::map<std::string, std::string> labels = [] {
    std::map<std::string, std::string> out;
    const auto& library = shipped_library();
    if (!library) return out;
    for (const auto& [id, form] : library->forms)
      for (const auto* c : engine::forms::input_fields(form))
        if (!c->label.empty()) out.emplace(c->key.empty() ? c->path : c->key, c->label);
    return out;
  }();
  return labels;
}

std::optional<web::ProcessMap> routine_map(const std::string& routine) {
  static std::mutex mutex;
  static std::map<std::string, std::optional<web::ProcessMap>> cache;
  const auto& library = shipped_library();
  std::lock_guard lock(mutex);
  if (auto it = cache.find(routine); it != cache.end()) return it->second;
  std::optional<web::ProcessMap> out;
  if (library) {
    if (auto xml = library->process_xml(routine)) {
      if (auto m = web::read_process_map(*xml, routine)) out = std::move(*m);
    }
  }
  cache[routine] = out;
  return out;
}

namespace {
struct DefinitionMaps {
  std::mutex mutex;
  std::map<std::int64_t, std::optional<web::ProcessMap>> by_id; // GUARDED_BY(mutex)
};
DefinitionMaps& definition_maps() {
  static DefinitionMaps maps;
  return maps;
}
} // namespace

std::optional<std::optional<web::ProcessMap>> cached_definition_map(std::int64_t definition_id) {
  auto& maps = definition_maps();
  std::lock_guard lock(maps.mutex);
  if (auto it = maps.by_id.find(definition_id); it != maps.by_id.end()) return it->second;
  return std::nullopt;
}

std::optional<web::ProcessMap> definition_map(const store::processes::Definition& definition) {
  if (auto cached = cached_definition_map(definition.id)) return *cached;
  std::optional<web::ProcessMap> out;
  if (auto m = web::read_process_map(definition.bpmn, definition.process_id)) out = std::move(*m);
  auto& maps = definition_maps();
  std::lock_guard lock(maps.mutex);
  maps.by_id.emplace(definition.id, out);
  return out;
}

std::string element_name(const std::optional<web::ProcessMap>& map, const std::string& element) {
  if (!map) return {};
  for (const auto& s : map->steps)
    if (s.element_id == element) return s.name;
  return {};
}

json task_view(const service::TaskView& view, const std::optional<web::ProcessMap>& map, std::string_view lang) {
  const auto& t = view.task;
  json j = {{"id", t.id}, {"case_id", t.case_id}, {"step", t.step}, {"element", t.element},
            {"name", element_name(map, t.element)}, {"version", t.version}, {"overdue", view.overdue},
            {"open", t.status == store::tasks::kOpen}, {"status", t.status}};
  if (j["name"] == "") j["name"] = t.element;
  if (t.due) j["due"] = date_of(*t.due);
  std::string function = t.function;
  if (auto f = domain::find_function(t.function)) function = std::string(lang == "en" ? f->label_en : f->label_sv);
  j["function"] = function;
  j["scope_unit"] = t.scope_unit;
  json people = json::array();
  std::string unit_name;
  for (const auto& h : view.assignees) {
    people.push_back(h.person_name);
    // A representative acts for a principal (step 24: "Länsledningen för Ånge").
    unit_name = h.principal ? h.unit.name + " – " + h.principal->name : h.unit.name;
  }
  j["unit_name"] = unit_name.empty() ? t.scope_unit : unit_name;
  std::string who;
  for (const auto& p : people) who += (who.empty() ? "" : ", ") + p.get<std::string>();
  j["assignees"] = who.empty() ? web::t(lang, "cw_vacant") : who;
  if (t.completed_by) j["completed_by"] = *t.completed_by;
  if (t.completed_at) j["completed_at"] = date_time_of(*t.completed_at);
  return j;
}

json ks_view(const store::knowledge_supports::KnowledgeSupport& ks) {
  const auto& f = ks.fields;
  json j = {{"id", ks.id},
            {"title", f.title},
            {"kind", domain::to_key(f.kind)},
            {"kind_label", domain::label_sv(f.kind)},
            {"version", f.version},
            {"status", domain::to_key(f.national_status)},
            {"status_label", domain::label_sv(f.national_status)},
            {"summary", f.summary},
            {"created_at", date_of(ks.created_at)}};
  if (f.owner_unit_id) j["owner_unit_id"] = *f.owner_unit_id;
  if (f.consultation_from) j["consultation_from"] = *f.consultation_from;
  if (f.consultation_to) j["consultation_to"] = *f.consultation_to;
  return j;
}

json document_view(const store::documents::DocumentInfo& d) {
  return {{"id", d.id},
          {"filename", d.filename},
          {"media_type", d.media_type},
          {"size_kb", (d.size_bytes + 1023) / 1024},
          {"uploaded_by", d.uploaded_by},
          {"uploaded_at", date_time_of(d.uploaded_at)}};
}

json diary_view(const store::diary::Entry& e) {
  const auto& f = e.fields;
  json j = {{"id", e.id},
            {"number", e.number},
            {"date", f.entry_date},
            {"direction", domain::to_key(f.direction)},
            {"incoming", f.direction == domain::DiaryDirection::in},
            {"counterpart", f.counterpart},
            {"description", f.description},
            {"region_id", f.region_id}};
  if (f.case_id) j["case_id"] = *f.case_id;
  if (f.document_id) j["document_id"] = *f.document_id;
  if (f.knowledge_support_id) j["knowledge_support_id"] = *f.knowledge_support_id;
  return j;
}

PageOf page_of(std::int64_t wanted, std::int64_t total, std::int64_t size) {
  PageOf p;
  p.pages = std::max<std::int64_t>(1, (total + size - 1) / size);
  p.page = std::clamp<std::int64_t>(wanted, 1, p.pages);
  p.offset = static_cast<std::size_t>((p.page - 1) * size);
  return p;
}

Result<std::int64_t> page_param(const Request& req) {
  const auto wanted = KS_TRY(req.int_param("page")).value_or(1);
  if (wanted < 1) return fail(Error::invalid("page ska vara 1 eller mer", "page"));
  return std::min<std::int64_t>(wanted, 1'000'000'000); // Past any list's last page; no overflow in offsets.
}

json pager_view(std::string_view lang, std::string_view label_key, const PageOf& p, std::size_t items_shown,
                const std::function<std::string(std::int64_t)>& at) {
  if (p.pages <= 1) return nullptr;
  auto count = [&](auto n) { return web::count_text(lang, static_cast<std::int64_t>(n)); };
  return {{"label", web::t(lang, label_key)},
          {"current", web::t(lang, "cw_pager_page") + " " + count(p.page) + " " + web::t(lang, "cw_pager_of") + " " +
                          count(p.pages)},
          {"prev", p.page > 1 ? json(at(p.page - 1)) : json(false)},
          {"next", p.page < p.pages ? json(at(p.page + 1)) : json(false)},
          {"page", count(p.page)},
          {"pages", count(p.pages)},
          {"first", count(p.offset + 1)},
          {"last", count(p.offset + items_shown)}};
}

json case_view(const store::cases::Case& c) {
  return {{"id", c.id},
          {"diary_number", c.diary_number},
          {"routine", c.fields.routine},
          {"region_id", c.fields.region_id},
          {"status", c.fields.status},
          {"phase", c.fields.current_phase},
          {"phase_label", std::string(domain::phase_label_sv(c.fields.current_phase))},
          {"started_at", date_of(c.started_at)},
          {"updated_at", date_time_of(c.updated_at)},
          {"knowledge_support_id", c.fields.knowledge_support_id}};
}

namespace {

std::string readable(const json& v, const std::map<std::string, std::string>& unit_names, bool in_list) {
  if (v.is_null()) return "–";
  if (v.is_string()) {
    const auto& text = v.get_ref<const std::string&>();
    auto name = unit_names.find(text);
    if (name == unit_names.end()) return text;
    return in_list ? name->second : name->second + " (" + text + ")";
  }
  if (v.is_boolean()) return v.get<bool>() ? "ja" : "nej";
  if (v.is_number()) return v.dump();
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) {
      std::string item = readable(e, unit_names, true);
      if (e.is_object()) out += (out.empty() ? "" : "\n\n") + item;
      else out += (out.empty() ? "" : ", ") + item;
    }
    return out.empty() ? "–" : out;
  }
  std::string out;
  for (const auto& [k, e] : v.items()) out += (out.empty() ? "" : "\n") + k + ": " + readable(e, unit_names, false);
  return out;
}

} // namespace

std::string readable_value(const json& v, const std::map<std::string, std::string>& unit_names) {
  return readable(v, unit_names, false);
}

} // namespace ks::http
