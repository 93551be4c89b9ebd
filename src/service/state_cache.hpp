// Engine states of recently changed cases, ready for their next completion (issue 8). Completing
// a task used to parse the case's ≈12 KB state JSON every time (a third of a completion's
// instructions, callgrind) only to rebuild the state the previous completion of the same case had
// in memory a moment before.
//
// An entry is keyed by the database (Database::instance_id), the case and the case's version, and
// is put only after the transaction that stored that version committed. It is taken only when the
// case row read under the case lock has that very version; every change of a case's state
// increments the version (store::cases::update_state), so a change made by anything else — another
// `ks serve` process on the same PostgreSQL, another use case — makes a miss, never a stale state.
// A miss reads the stored text as before (engine::state_from_text: ≈0.5 M instructions more than a
// hit for the widest state). Bounded: kBudgetBytes of states (engine::heap_bytes) and kCapacity
// cases, the least recently put evicted; nothing else is held between requests. Thread-safe.
//
// A state is kept settled (engine::Variables::settle): its variables as text, none parsed, so an
// entry costs about 1.3 times the size of the state's text (≈15 KB at the widest step of the
// Västernorrland routine). The budget holds ≈70 of those: more than the cases that 32 clients
// keep busy at once, and it keeps memory per waiting case small when hundreds wait (issue 8).
#pragma once

#include <cstdint>
#include <optional>

#include "engine/runtime/state.hpp"
#include "store/database.hpp"

namespace ks::service::state_cache {

inline constexpr std::size_t kCapacity = 256;
inline constexpr std::size_t kBudgetBytes = std::size_t{1} << 20;

// The state of `case_id` at `version`, moved out of the cache; nullopt when it holds no such state.
std::optional<engine::InstanceState> take(const store::Database& db, std::int64_t case_id, std::int64_t version);

// Keeps `state`, settled, as the case's state at `version` (a newer version than the one held
// replaces it); one larger than the whole budget is not kept.
void put(const store::Database& db, std::int64_t case_id, std::int64_t version, engine::InstanceState state);

// Forgets every state held (benchmarks that measure memory from an empty cache).
void clear();

// Counters since the start of the process, for tests and benchmarks.
struct Counts {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::size_t entries = 0; // Held now,
  std::size_t bytes = 0;   // and their engine::heap_bytes.
};
Counts counts();

// Turns the cache off (every take() misses, put() keeps nothing) while it lives: for tests that
// compare both paths.
class Disabled {
public:
  Disabled();
  ~Disabled();
  Disabled(const Disabled&) = delete;
  Disabled& operator=(const Disabled&) = delete;
};

} // namespace ks::service::state_cache
