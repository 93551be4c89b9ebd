// Storage of pending timers (migration 0023) and how workers claim them so that each fires once,
// also with several `ks serve` processes on one PostgreSQL: claim_due marks due, unclaimed (or
// expired-claim) rows as claimed by one worker for a lease, skipping rows another transaction has
// locked (FOR UPDATE SKIP LOCKED; on SQLite the write lock serialises claims). The worker then
// fires each timer in a transaction of its own and removes it there with take(), which succeeds
// only for the worker that holds the claim. Functions take a Connection& inside the caller's
// transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "engine/runtime/state.hpp"
#include "store/database.hpp"

namespace ks::store::timers {

struct TimerRow {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::int64_t local_id = 0;
  std::string element;
  Instant due;
  std::optional<std::string> claimed_by;
  std::optional<Instant> claimed_until;
};

Status insert(Connection& c, std::int64_t case_id, const engine::TimerEntry& timer);
// Removes the timer (case_id, local_id) if it is stored (cancelled by the engine).
Status remove(Connection& c, std::int64_t case_id, std::int64_t local_id);

// Claims up to `limit` timers due at `now` for `worker` until now + lease_ms, earliest first.
Result<std::vector<TimerRow>> claim_due(Connection& c, std::string_view worker, Instant now, std::int64_t lease_ms,
                                        std::size_t limit);
// Deletes the claimed timer row; true when `worker` held the claim (and so may fire it), false
// when the row is gone or claimed by another worker.
Result<bool> take(Connection& c, std::int64_t timer_id, std::string_view worker);
// Gives a claim back (the timer could not fire now; another worker may try).
Status release(Connection& c, std::int64_t timer_id, std::string_view worker);

Result<std::vector<TimerRow>> of_case(Connection& c, std::int64_t case_id);
// The earliest due time of any stored timer.
Result<std::optional<Instant>> next_due(Connection& c);

} // namespace ks::store::timers
