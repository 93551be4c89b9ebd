// The case page's context: facts, current steps, the answers of step 5 side by side (step 7),
// the principals' decisions with "n of m" (step 24), the process map with where the case stands,
// the timeline, documents, diary entries and variables in readable form.
#pragma once

#include <map>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/case_service.hpp"
#include "web/process_map.hpp"

namespace ks::http {

// `map`: the process map of the definition the case is pinned to (casework_view.hpp definition_map);
// `actor_names`: username → name of those who acted in the history (shown by name when known).
nlohmann::json case_page_context(const service::CaseDetail& detail, const std::vector<store::history::Event>& history,
                                 const std::vector<service::TaskView>& tasks, std::string_view lang,
                                 const std::optional<web::ProcessMap>& map,
                                 const std::map<std::string, std::string>& actor_names = {});

} // namespace ks::http
