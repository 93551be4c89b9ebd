#include "web/process_map.hpp"

#include <pugixml.hpp>

#include "domain/functions.hpp"
#include "web/pages.hpp"

namespace ks::web {

using nlohmann::json;

namespace {

// The local name of a namespaced element or attribute ("bpmn:userTask" → "userTask").
std::string_view local(std::string_view name) {
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string ks_attr(const pugi::xml_node& n, std::string_view key) {
  for (auto a : n.attributes()) {
    std::string_view name = a.name();
    if (name.starts_with("ks:") && name.substr(3) == key) return a.value();
  }
  return {};
}

std::string kind_of(std::string_view element) {
  if (element == "userTask") return "user_task";
  if (element == "serviceTask") return "service_task";
  if (element == "startEvent") return "start_event";
  if (element == "endEvent") return "end_event";
  if (element == "intermediateCatchEvent") return "catch_event";
  if (element == "callActivity") return "call_activity";
  if (element == "subProcess") return "sub_process";
  return {};
}

void collect(const pugi::xml_node& parent, ProcessMap& map) {
  for (auto n : parent.children()) {
    std::string kind = kind_of(local(n.name()));
    if (kind.empty()) continue;
    MapStep s;
    s.element_id = n.attribute("id").value();
    s.name = n.attribute("name").value();
    s.kind = kind;
    s.step = ks_attr(n, "step");
    s.assignee = ks_attr(n, "assignee");
    s.form = ks_attr(n, "form");
    s.deadline = ks_attr(n, "deadline");
    for (auto c : n.children())
      if (local(c.name()) == "multiInstanceLoopCharacteristics") s.per_item = true;
    map.steps.push_back(std::move(s));
    if (kind == "sub_process") collect(n, map);
  }
}

// "P21D" → "21 dagar"; other durations as written.
std::string readable_duration(std::string_view iso, std::string_view lang) {
  if (iso.size() < 3 || iso.front() != 'P') return std::string(iso);
  auto number = std::string(iso.substr(1, iso.size() - 2));
  if (number.find_first_not_of("0123456789") != std::string::npos) return std::string(iso);
  const bool en = lang == "en";
  switch (iso.back()) {
  case 'D': return number + (en ? (number == "1" ? " day" : " days") : (number == "1" ? " dag" : " dagar"));
  case 'W': return number + (en ? (number == "1" ? " week" : " weeks") : (number == "1" ? " vecka" : " veckor"));
  case 'M': return number + (en ? (number == "1" ? " month" : " months") : (number == "1" ? " månad" : " månader"));
  case 'Y': return number + (en ? (number == "1" ? " year" : " years") : " år");
  default: return std::string(iso);
  }
}

} // namespace

Result<ProcessMap> read_process_map(std::string_view bpmn_xml, std::string_view process_id) {
  pugi::xml_document doc;
  // No DTD or entity expansion: parse_default without parse_doctype handling of entities.
  auto ok = doc.load_buffer(bpmn_xml.data(), bpmn_xml.size(), pugi::parse_default & ~pugi::parse_doctype);
  if (!ok) return fail(Error::invalid(std::string("the BPMN file does not parse: ") + ok.description()));
  for (auto process : doc.document_element().children()) {
    if (local(process.name()) != "process" || process_id != process.attribute("id").value()) continue;
    ProcessMap map;
    map.process_id = process.attribute("id").value();
    map.name = process.attribute("name").value();
    map.title = ks_attr(process, "title");
    std::map<std::string, std::string> lane_of;
    for (auto set : process.children()) {
      if (local(set.name()) != "laneSet") continue;
      for (auto lane : set.children()) {
        if (local(lane.name()) != "lane") continue;
        MapLane l{lane.attribute("id").value(), lane.attribute("name").value(), ks_attr(lane, "color")};
        if (l.color != "region" && l.color != "municipality") l.color = "joint";
        for (auto ref : lane.children())
          if (local(ref.name()) == "flowNodeRef") lane_of[ref.text().get()] = l.id;
        map.lanes.push_back(std::move(l));
      }
    }
    collect(process, map);
    for (auto& s : map.steps)
      if (auto it = lane_of.find(s.element_id); it != lane_of.end()) s.lane_id = it->second;
    return map;
  }
  return fail(Error::not_found("the BPMN file has no process " + std::string(process_id)));
}

json process_map_context(const ProcessMap& map, std::string_view lang, std::string_view xml_url, const MapStates& states) {
  json lanes = json::array();
  std::map<std::string, const MapLane*> lane_by_id;
  for (const auto& l : map.lanes) {
    lane_by_id[l.id] = &l;
    lanes.push_back({{"id", l.id}, {"name", l.name}, {"color", l.color},
                     {"color_name", t(lang, "map_color_" + l.color)}});
  }
  json steps = json::array();
  std::string active, done;
  for (const auto& s : map.steps) {
    // Gateways are left out above; unnamed elements (a bare start) add nothing to the list.
    if (s.name.empty()) continue;
    json j = {{"element_id", s.element_id}, {"name", s.name}, {"kind", t(lang, "map_kind_" + s.kind)},
              {"per_item", s.per_item}};
    if (!s.step.empty()) j["step"] = s.step; // Absent, not empty: mustache sections test presence.
    if (auto it = lane_by_id.find(s.lane_id); it != lane_by_id.end()) {
      j["lane"] = it->second->name;
      j["lane_color"] = it->second->color;
    }
    if (!s.assignee.empty()) {
      auto at = s.assignee.find('@');
      std::string fn = s.assignee.substr(0, at);
      std::string label = fn;
      if (auto f = domain::find_function(fn)) label = std::string(lang == "en" ? f->label_en : f->label_sv);
      if (at != std::string::npos) label += " (" + s.assignee.substr(at + 1) + ")";
      j["assignee"] = label;
    }
    if (!s.deadline.empty()) j["deadline"] = readable_duration(s.deadline, lang);
    std::string state = "waiting";
    if (auto it = states.find(s.element_id); it != states.end()) state = it->second;
    j["state"] = state;
    j["state_label"] = t(lang, "map_state_" + state);
    j["is_active"] = state == "active";
    j["is_done"] = state == "done";
    if (state == "active") active += (active.empty() ? "" : " ") + s.element_id;
    if (state == "done") done += (done.empty() ? "" : " ") + s.element_id;
    steps.push_back(std::move(j));
  }
  return {{"process_id", map.process_id}, {"name", map.name}, {"title", map.title}, {"lanes", lanes},
          {"steps", steps}, {"xml_url", xml_url}, {"active", active}, {"done", done},
          {"has_states", !states.empty()}};
}

} // namespace ks::web
