#include "http/structure_json.hpp"

#include "domain/functions.hpp"

namespace ks::http {

namespace st = store::structure;
using nlohmann::json;

namespace {

json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

std::string function_label(std::string_view key, std::string_view own_label) {
  if (!own_label.empty()) return std::string(own_label);
  if (auto f = domain::find_function(key)) return std::string(f->label_sv);
  return std::string(key);
}

std::string_view period_key(domain::AssignmentPeriod p) {
  switch (p) {
  case domain::AssignmentPeriod::current: return "current";
  case domain::AssignmentPeriod::past: return "past";
  case domain::AssignmentPeriod::future: return "upcoming";
  }
  return "current";
}

} // namespace

json unit_json(const domain::Unit& u) {
  json j = {{"id", u.id},
            {"kind", domain::to_key(u.kind)},
            {"kind_label", domain::info(u.kind).label_sv},
            {"name", u.name},
            {"parent", opt(u.parent_id)},
            {"county", opt(u.county)},
            {"code", opt(u.code)},
            {"principal", domain::is_principal(u.kind)},
            {"municipal_participation", u.municipal_participation},
            {"purpose", u.purpose}};
  if (u.kind == domain::UnitKind::lag) {
    j["commission"] = u.commission;
    j["start_date"] = opt(u.start_date);
    j["end_date"] = opt(u.end_date);
    j["status"] = u.status ? json(domain::to_key(*u.status)) : json(nullptr);
    j["status_label"] = u.status ? json(domain::label_sv(*u.status)) : json(nullptr);
  }
  return j;
}

json unit_ref_json(const st::UnitRef& r) {
  return {{"id", r.id},
          {"kind", domain::to_key(r.kind)},
          {"kind_label", domain::info(r.kind).label_sv},
          {"name", r.name},
          {"county", opt(r.county)},
          {"code", opt(r.code)},
          {"municipal_participation", r.municipal_participation}};
}

json holding_json(const st::Holding& h) {
  return {{"function", h.function},
          {"function_label", function_label(h.function, h.label)},
          {"unit", unit_ref_json(h.unit)},
          {"principal", h.principal ? unit_ref_json(*h.principal) : json(nullptr)},
          {"person", {{"id", h.person_id}, {"name", h.person_name}, {"username", h.username}}},
          {"valid_from", h.valid_from},
          {"valid_to", opt(h.valid_to)},
          {"period", period_key(h.period)}};
}

json unit_detail_json(const st::UnitDetail& d, ShowPeople people) {
  json j = unit_json(d.unit);
  j["level"] = domain::to_key(d.level);
  j["level_label"] = domain::label_sv(d.level);
  j["parent"] = d.parent ? unit_ref_json(*d.parent) : json(nullptr);
  j["children"] = json::array();
  for (const auto& c : d.children) j["children"].push_back(unit_ref_json(c));
  j["relations"] = json::array();
  for (const auto& r : d.relations)
    j["relations"].push_back({{"kind", domain::to_key(r.kind)},
                              {"direction", r.outgoing ? "outgoing" : "incoming"},
                              {"label", r.outgoing ? domain::label_sv(r.kind) : domain::inverse_label_sv(r.kind)},
                              {"unit", unit_ref_json(r.other)}});
  if (d.unit.kind == domain::UnitKind::region) {
    j["healthcare_regions"] = json::array();
    for (const auto& r : d.relations)
      if (r.kind == domain::RelationKind::belongs_to && r.outgoing) j["healthcare_regions"].push_back(unit_ref_json(r.other));
  }
  if (people == ShowPeople::no) return j;
  j["functions"] = json::array();
  for (const auto& f : d.functions) {
    json holders = json::array();
    for (const auto& h : f.current) holders.push_back(holding_json(h));
    j["functions"].push_back({{"function", f.function},
                              {"function_label", function_label(f.function, f.label)},
                              {"principal", f.principal ? unit_ref_json(*f.principal) : json(nullptr)},
                              {"holders", holders},
                              {"vacant", f.current.empty()}});
  }
  j["past_assignments"] = json::array();
  for (const auto& h : d.past) j["past_assignments"].push_back(holding_json(h));
  j["upcoming_assignments"] = json::array();
  for (const auto& h : d.upcoming) j["upcoming_assignments"].push_back(holding_json(h));
  return j;
}

json person_detail_json(const st::PersonDetail& d) {
  json j = {{"id", d.person.id},
            {"name", d.person.name},
            {"username", d.person.username},
            {"email", d.person.email},
            {"current_assignments", json::array()},
            {"past_assignments", json::array()},
            {"upcoming_assignments", json::array()}};
  for (const auto& h : d.current) j["current_assignments"].push_back(holding_json(h));
  for (const auto& h : d.past) j["past_assignments"].push_back(holding_json(h));
  for (const auto& h : d.upcoming) j["upcoming_assignments"].push_back(holding_json(h));
  return j;
}

} // namespace ks::http
