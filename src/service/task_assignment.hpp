// Who a task is for. A task assigned to FUNCTION in unit U (engine::Task function and scope_unit)
// is in the inbox of every person who, today by the clock, holds FUNCTION in U — or holds FUNCTION
// on behalf of principal U elsewhere (a principal's representative in Länsledningen holds
// `representative` in vn-lansledningen for municipality-2281, and the step-24 task for that
// municipality is scoped to municipality-2281). The same rule decides the inbox, the assignees
// shown on a case, and which of the actor's functions completes a task.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/database.hpp"
#include "store/structure_store.hpp"
#include "store/task_store.hpp"

namespace ks::service {

// True when holding `h` makes its holder an assignee of FUNCTION@scope_unit.
bool holds_task(const store::structure::Holding& h, std::string_view function, std::string_view scope_unit);

// The (function, unit) pairs a person's current holdings answer in the inbox query.
std::vector<store::tasks::Assignment> assignments_of(const std::vector<store::structure::Holding>& holdings);

// The people who hold FUNCTION@scope_unit on `today` (YYYY-MM-DD), without duplicates.
Result<std::vector<store::structure::Holding>> assignees(store::Connection& c, std::string_view function,
                                                         std::string_view scope_unit, std::string_view today);

// The first of `holdings` that makes its holder an assignee of the task, or nullopt.
std::optional<store::structure::Holding> matching_holding(const std::vector<store::structure::Holding>& holdings,
                                                          std::string_view function, std::string_view scope_unit);

} // namespace ks::service
