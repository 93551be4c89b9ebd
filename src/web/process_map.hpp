// The process map of a routine, read from its BPMN XML: the lanes (with their colour: region,
// municipality, joint) and the steps in document order, for the accessible text alternative that
// stands beside the bpmn-js drawing (static/process-map.js) and works without JavaScript.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace ks::web {

struct MapLane {
  std::string id;
  std::string name;
  std::string color; // "region", "municipality" or "joint".
};

struct MapStep {
  std::string element_id;
  std::string name;
  std::string step;     // ks:step ("5", "11a"); empty for elements outside the numbered steps.
  std::string kind;     // "user_task", "service_task", "start_event", "end_event", "catch_event", "call_activity".
  std::string lane_id;
  std::string assignee; // ks:assignee ("chair@lpo").
  std::string form;
  std::string deadline; // ISO 8601 duration.
  bool per_item = false; // Multi-instance: one task per municipality/principal.
};

struct ProcessMap {
  std::string process_id;
  std::string name;
  std::string title;
  std::vector<MapLane> lanes;
  std::vector<MapStep> steps;
};

// Errors: invalid_input when the XML does not parse; not_found when it has no such process.
Result<ProcessMap> read_process_map(std::string_view bpmn_xml, std::string_view process_id);

// Where a case stands, by element id: "active" (open tasks, waiting events) or "done".
using MapStates = std::map<std::string, std::string, std::less<>>;

// The template context for partials/process_map.mustache: lanes, steps with their lane, state and
// readable assignee, and the data-* values for the drawing (xml_url, active and done element ids).
nlohmann::json process_map_context(const ProcessMap& map, std::string_view lang, std::string_view xml_url,
                                   const MapStates& states = {});

} // namespace ks::web
