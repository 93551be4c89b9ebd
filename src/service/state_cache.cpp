#include "service/state_cache.hpp"

#include <atomic>
#include <list>
#include <map>
#include <mutex>

namespace ks::service::state_cache {

namespace {

struct Key {
  std::uint64_t db = 0;
  std::int64_t case_id = 0;
  auto operator<=>(const Key&) const = default;
};

struct Entry {
  std::int64_t version = 0;
  std::size_t bytes = 0; // engine::heap_bytes(state)
  engine::InstanceState state;
  std::list<Key>::iterator age; // Its place in Cache::order.
};

struct Cache {
  std::mutex mutex;
  std::map<Key, Entry> entries; // GUARDED_BY(mutex)
  std::list<Key> order;         // GUARDED_BY(mutex); least recently put first.
  Counts counts;                // GUARDED_BY(mutex)

  void erase(std::map<Key, Entry>::iterator it) {
    counts.bytes -= it->second.bytes;
    order.erase(it->second.age);
    entries.erase(it);
  }
};

Cache& cache() {
  static Cache c;
  return c;
}

std::atomic<int> g_disabled{0};

} // namespace

std::optional<engine::InstanceState> take(const store::Database& db, std::int64_t case_id, std::int64_t version) {
  auto& c = cache();
  std::lock_guard lock(c.mutex);
  auto it = g_disabled ? c.entries.end() : c.entries.find(Key{db.instance_id(), case_id});
  if (it == c.entries.end() || it->second.version != version) {
    ++c.counts.misses;
    return std::nullopt;
  }
  ++c.counts.hits;
  std::optional<engine::InstanceState> out(std::move(it->second.state));
  c.erase(it);
  return out;
}

void put(const store::Database& db, std::int64_t case_id, std::int64_t version, engine::InstanceState state) {
  if (g_disabled) return;
  state.variables.settle();
  const std::size_t bytes = engine::heap_bytes(state);
  auto& c = cache();
  const Key key{db.instance_id(), case_id};
  std::lock_guard lock(c.mutex);
  if (auto it = c.entries.find(key); it != c.entries.end()) {
    if (it->second.version > version) return;
    c.erase(it);
  }
  if (bytes > kBudgetBytes) return;
  while (!c.order.empty() && (c.entries.size() >= kCapacity || c.counts.bytes + bytes > kBudgetBytes))
    c.erase(c.entries.find(c.order.front()));
  auto age = c.order.insert(c.order.end(), key);
  c.entries.emplace(key, Entry{version, bytes, std::move(state), age});
  c.counts.bytes += bytes;
}

void clear() {
  auto& c = cache();
  std::lock_guard lock(c.mutex);
  c.entries.clear();
  c.order.clear();
  c.counts.bytes = 0;
}

Counts counts() {
  auto& c = cache();
  std::lock_guard lock(c.mutex);
  Counts out = c.counts;
  out.entries = c.entries.size();
  return out;
}

Disabled::Disabled() { ++g_disabled; }
Disabled::~Disabled() { --g_disabled; }

} // namespace ks::service::state_cache
