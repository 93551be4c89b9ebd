// The Scope (service/permissions.hpp) of stored objects, so that object-level checks use the
// object's own units and never a unit the caller sends: a case's region, a task's function and scope
// unit (plus its case's region). Handlers and use cases take an id from the request, load the scope
// here, and authorize against it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "service/permissions.hpp"
#include "store/database.hpp"

namespace ks::service {

// nullopt when the case does not exist (or the id is not a number).
Result<std::optional<Scope>> scope_of_case(store::Connection& c, std::string_view case_id);
// The task's function and scope unit as Scope::function/unit_id; municipality_id too when the scope
// unit is a municipality (a municipality's answer); nullopt when the task does not exist.
Result<std::optional<Scope>> scope_of_task(store::Connection& c, std::int64_t task_id);

} // namespace ks::service
