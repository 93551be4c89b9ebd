// The case page's context: facts, current steps, the answers of step 5 side by side (step 7),
// the principals' decisions with "n of m" (step 24), the process map with where the case stands,
// the timeline, documents, diary entries and variables in readable form.
#pragma once

#include <map>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/case_service.hpp"
#include "web/process_map.hpp"

namespace ks::http {

// `map`: the process map of the definition the case is pinned to (casework_view.hpp definition_map);
// `actor_names`: username → name of those who acted in the history, `unit_names`: id → name of the
// units the variables name (variable_unit_ids); each shown by name when known.
nlohmann::json case_page_context(const service::CaseDetail& detail, const std::vector<store::history::Event>& history,
                                 const std::vector<service::TaskView>& tasks, std::string_view lang,
                                 const std::optional<web::ProcessMap>& map,
                                 const std::map<std::string, std::string>& actor_names = {},
                                 const std::map<std::string, std::string>& unit_names = {});

// The strings among a case's variables that are shaped as unit ids, alone or in a list (not the
// *_options lists): the region, the LPO, a LAG, the municipalities concerned.
std::set<std::string> variable_unit_ids(const nlohmann::json& variables);

} // namespace ks::http
