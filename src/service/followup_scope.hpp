// The scope (service/permissions.hpp) of a case for plans and follow-up: its region, and from its
// variables its LPO ("lpo") and LAG ("lag"), so that checks use the case's own units.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "service/permissions.hpp"
#include "store/case_store.hpp"

namespace ks::service {

struct CaseScope {
  store::cases::Case record; // fields.state holds the engine state JSON.
  nlohmann::json variables;  // The case's variables (an object).
  Scope scope;               // region_id, lpo_id, unit_id (the LAG), case_id.
};

// not_found for an unknown case.
Result<CaseScope> case_scope(store::Connection& c, std::int64_t case_id);

// A string variable of the case, or "".
std::string variable_text(const nlohmann::json& vars, std::string_view name);

} // namespace ks::service
