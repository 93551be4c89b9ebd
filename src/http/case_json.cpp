#include "http/case_json.hpp"

namespace ks::http {

using nlohmann::json;

namespace {

json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }
json opt_id(const std::optional<std::int64_t>& i) { return i ? json(*i) : json(nullptr); }
json opt_time(const std::optional<Instant>& t) { return t ? json(format_iso(*t)) : json(nullptr); }

json holding_json(const store::structure::Holding& h) {
  json j = {{"person_id", h.person_id}, {"name", h.person_name}, {"username", h.username},
            {"function", h.function}, {"unit_id", h.unit.id}};
  if (h.principal) j["principal_id"] = h.principal->id;
  return j;
}

} // namespace

json knowledge_support_json(const store::knowledge_supports::KnowledgeSupport& k) {
  const auto& f = k.fields;
  return {{"id", k.id},
          {"title", f.title},
          {"kind", domain::to_key(f.kind)},
          {"kind_label", domain::label_sv(f.kind)},
          {"owner_unit_id", opt(f.owner_unit_id)},
          {"version", f.version},
          {"national_status", domain::to_key(f.national_status)},
          {"national_status_label", domain::label_sv(f.national_status)},
          {"consultation_from", opt(f.consultation_from)},
          {"consultation_to", opt(f.consultation_to)},
          {"summary", f.summary},
          {"created_by", k.created_by},
          {"created_at", format_iso(k.created_at)},
          {"updated_at", format_iso(k.updated_at)}};
}

json document_json(const store::documents::DocumentInfo& d) {
  return {{"id", d.id},
          {"knowledge_support_id", opt_id(d.owner.knowledge_support_id)},
          {"case_id", opt_id(d.owner.case_id)},
          {"task_id", opt_id(d.owner.task_id)},
          {"filename", d.filename},
          {"media_type", d.media_type},
          {"size_bytes", d.size_bytes},
          {"uploaded_by", d.uploaded_by},
          {"uploaded_at", format_iso(d.uploaded_at)},
          {"href", "/api/v1/documents/" + std::to_string(d.id)}};
}

json diary_entry_json(const store::diary::Entry& e) {
  const auto& f = e.fields;
  return {{"id", e.id},
          {"number", e.number},
          {"region_id", f.region_id},
          {"year", e.year},
          {"seq", e.seq},
          {"date", f.entry_date},
          {"direction", domain::to_key(f.direction)},
          {"counterpart", f.counterpart},
          {"description", f.description},
          {"knowledge_support_id", opt_id(f.knowledge_support_id)},
          {"case_id", opt_id(f.case_id)},
          {"document_id", opt_id(f.document_id)},
          {"created_by", f.created_by}};
}

json case_summary_json(const store::cases::Case& k) {
  return {{"id", k.id},
          {"knowledge_support_id", k.fields.knowledge_support_id},
          {"region_id", k.fields.region_id},
          {"routine", k.fields.routine},
          {"definition_id", k.fields.definition_id},
          {"diary_number", k.diary_number},
          {"status", k.fields.status},
          {"phase", k.fields.current_phase},
          {"phase_label", domain::phase_label_sv(k.fields.current_phase)},
          {"version", k.version},
          {"started_by", k.fields.started_by},
          {"started_at", format_iso(k.started_at)},
          {"updated_at", format_iso(k.updated_at)},
          {"ended_at", opt_time(k.ended_at)}};
}

json task_json(const service::TaskView& v) {
  const auto& t = v.task;
  json assignees = json::array();
  for (const auto& h : v.assignees) assignees.push_back(holding_json(h));
  json item = nullptr;
  if (t.item) item = json::parse(*t.item, nullptr, false);
  json j = {{"id", t.id},
            {"case_id", t.case_id},
            {"step", t.step},
            {"element", t.element},
            {"function", t.function},
            {"scope_unit", t.scope_unit},
            {"form_id", t.form_id},
            {"item", item},
            {"opened_at", format_iso(t.opened_at)},
            {"due", opt_time(t.due)},
            {"overdue", v.overdue},
            {"status", t.status},
            {"version", t.version},
            {"completed_by", opt(t.completed_by)},
            {"completed_at", opt_time(t.completed_at)},
            {"assignees", std::move(assignees)}};
  if (t.submitted) j["values"] = json::parse(*t.submitted, nullptr, false);
  return j;
}

json case_detail_json(const service::CaseDetail& d) {
  json j = case_summary_json(d.record);
  j["knowledge_support"] = knowledge_support_json(d.knowledge_support);
  j["variables"] = d.variables;
  j["current_steps"] = json::array();
  for (const auto& t : d.open_tasks) j["current_steps"].push_back(task_json(t));
  j["timers"] = json::array();
  for (const auto& t : d.timers) j["timers"].push_back({{"element", t.element}, {"due", format_iso(t.due)}});
  j["waiting_for_messages"] = d.waiting_for_messages;
  j["documents"] = json::array();
  for (const auto& doc : d.documents) j["documents"].push_back(document_json(doc));
  j["diary"] = json::array();
  for (const auto& e : d.diary) j["diary"].push_back(diary_entry_json(e));
  j["notifications"] = json::array();
  for (const auto& n : d.notifications)
    j["notifications"].push_back({{"step", n.step}, {"element", n.element}, {"function", n.function},
                                  {"scope_unit", n.scope_unit}, {"message", n.message},
                                  {"created_at", format_iso(n.created_at)}});
  return j;
}

json history_json(const store::history::Event& e) {
  return {{"seq", e.seq},
          {"at", format_iso(e.at)},
          {"kind", e.kind},
          {"element", e.element},
          {"step", e.step},
          {"actor", e.actor},
          {"data", json::parse(e.data, nullptr, false)}};
}

Result<std::string> decode_base64(std::string_view text, std::string_view field) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  bool padding = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '=') {
      padding = true;
      continue;
    }
    int v = value(c);
    if (v < 0 || padding) return fail(Error::invalid("ogiltig base64", std::string(field)));
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

Result<json> json_object_body(std::string_view body) {
  auto j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail(Error::invalid("kroppen ska vara ett JSON-objekt", "body"));
  return j;
}

} // namespace ks::http
