// The structure as JSON, one shape for the API (/api/v1/organisations, /groups, /people) and for
// the web templates (which add nothing but the Swedish labels already included here).
#pragma once

#include <nlohmann/json.hpp>

#include "store/structure_store.hpp"

namespace ks::http {

enum class ShowPeople { no, yes };

nlohmann::json unit_json(const domain::Unit& unit);
nlohmann::json unit_ref_json(const store::structure::UnitRef& ref);
nlohmann::json holding_json(const store::structure::Holding& h);
// The unit with level, parent, children, relations (outgoing and incoming), and, when people may
// be shown, its functions with current holders and its past and upcoming assignments.
nlohmann::json unit_detail_json(const store::structure::UnitDetail& d, ShowPeople people);
nlohmann::json person_detail_json(const store::structure::PersonDetail& d);

} // namespace ks::http
