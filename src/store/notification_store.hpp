// Notifications (migration 0023): a notice from a case to whoever holds a function in a unit
// (the routine's `notify` action), resolved to people when read, like tasks. Functions take a
// Connection& inside the caller's transaction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/task_store.hpp"

namespace ks::store::notifications {

struct Notification {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string element;
  std::string step;
  std::string function;
  std::string scope_unit;
  std::string message;
  Instant created_at;
};

// Sent without waiting for the new row (Connection::send).
Status insert(Connection& c, const Notification& n);
Result<std::vector<Notification>> of_case(Connection& c, std::int64_t case_id);
// Notifications to any of the assignments, newest first.
Result<std::vector<Notification>> for_assignments(Connection& c, const std::vector<tasks::Assignment>& assignments,
                                                  std::size_t limit);

} // namespace ks::store::notifications
