// The variables a case starts with, derived from the structure (docs/process-map.md, "Start a
// case with"), so that whoever starts a case names only the knowledge support, the routine, the
// region and (for Västernorrland and region-only) the concerned LPO:
//
//   region                 the region's unit id (the request)
//   lpo                    the LPO's unit id (the request; required by vasternorrland, region-only)
//   kfvn                   the region's county's municipalities' association (kind association)
//   lansledning            the county's collaboration body where a collaboration_coordinator sits
//   ksgb, lghs             the county's preparation group and steering group (Dalarna)
//   municipality_options   [{label, value}] of the county's municipalities, by code
//   principal_options      the region followed by the municipalities
//   division_options       [] unless given (the shipped structure has no divisions yet)
//   knowledge_support_id, knowledge_support_title
//
// Members of `overrides` (a JSON object from the request) replace derived ones.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "engine/runtime/state.hpp"
#include "service/permissions.hpp"
#include "store/case_store.hpp"
#include "store/database.hpp"

namespace ks::service {

struct CaseStartInput {
  std::string routine;
  std::string region_id;
  std::optional<std::string> lpo_id;
  std::int64_t knowledge_support_id = 0;
  std::string knowledge_support_title;
  nlohmann::json overrides = nlohmann::json::object();
};

// Errors: invalid_input "region_id" when the unit is not a region, "lpo_id" when the LPO is missing
// (for a routine that needs one) or not an LPO of that region, "variables" when overrides is not
// an object; the database's.
Result<nlohmann::json> start_variables(store::Connection& c, const CaseStartInput& in, std::string_view today);

// A stored case's engine state, parsed. Errors: internal when the stored text is not a state.
Result<engine::InstanceState> state_of(const store::cases::Case& k);

// A stored case's variables: the "vars" of its engine state (an empty object when it has none).
nlohmann::json variables_of(const store::cases::Case& k);

// The scope of a case for permission checks: its region, its LPO (the variable "lpo") and its id.
Scope case_scope(const store::cases::Case& k, const nlohmann::json& variables);
inline Scope case_scope(const store::cases::Case& k) { return case_scope(k, variables_of(k)); }

} // namespace ks::service
