// Parsed engine states of recently changed cases (issue 8). Completing a task used to parse the
// case's ≈12 KB state JSON every time — a third of a completion's instructions (callgrind) — only
// to rebuild the state the previous completion of the same case had in memory a moment before.
//
// An entry is keyed by the database (Database::instance_id), the case and the case's version, and
// is put only after the transaction that stored that version committed. It is taken only when the
// case row read under the case lock has that very version; every change of a case's state
// increments the version (store::cases::update_state), so a change made by anything else — another
// `ks serve` process on the same PostgreSQL, another use case — makes a miss, never a stale state.
// A miss parses the stored text as before. Bounded: kCapacity cases (≈130 KB each), the least
// recently put evicted; nothing else is held between requests. Thread-safe.
//
// Beside the state it keeps the text of each of its variables as stored, so that the next
// completion serialises only the variables it changed (engine::to_json_text with VariableTexts).
#pragma once

#include <cstdint>
#include <optional>

#include "engine/runtime/state.hpp"
#include "store/database.hpp"

namespace ks::service::state_cache {

inline constexpr std::size_t kCapacity = 256;

// A case's parsed state, and the texts of its variables as last stored (engine::VariableTexts).
struct Cached {
  engine::InstanceState state;
  engine::VariableTexts texts;
};

// The state of `case_id` at `version`, moved out of the cache; nullopt when it holds no such state.
std::optional<Cached> take(const store::Database& db, std::int64_t case_id, std::int64_t version);

// Keeps `state` as the case's state at `version` (a newer version than the one held replaces it).
void put(const store::Database& db, std::int64_t case_id, std::int64_t version, engine::InstanceState state,
         engine::VariableTexts texts = {});

// Counters since the start of the process, for tests and benchmarks.
struct Counts {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
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
