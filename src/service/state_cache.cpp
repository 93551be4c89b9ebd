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
  Cached cached;
  std::list<Key>::iterator age; // Its place in Cache::order.
};

struct Cache {
  std::mutex mutex;
  std::map<Key, Entry> entries; // GUARDED_BY(mutex)
  std::list<Key> order;         // GUARDED_BY(mutex); least recently put first.
  Counts counts;                // GUARDED_BY(mutex)
};

Cache& cache() {
  static Cache c;
  return c;
}

std::atomic<int> g_disabled{0};

} // namespace

std::optional<Cached> take(const store::Database& db, std::int64_t case_id, std::int64_t version) {
  auto& c = cache();
  std::lock_guard lock(c.mutex);
  auto it = g_disabled ? c.entries.end() : c.entries.find(Key{db.instance_id(), case_id});
  if (it == c.entries.end() || it->second.version != version) {
    ++c.counts.misses;
    return std::nullopt;
  }
  ++c.counts.hits;
  std::optional<Cached> out(std::move(it->second.cached));
  c.order.erase(it->second.age);
  c.entries.erase(it);
  return out;
}

void put(const store::Database& db, std::int64_t case_id, std::int64_t version, engine::InstanceState state,
         engine::VariableTexts texts) {
  if (g_disabled) return;
  auto& c = cache();
  const Key key{db.instance_id(), case_id};
  std::lock_guard lock(c.mutex);
  if (auto it = c.entries.find(key); it != c.entries.end()) {
    if (it->second.version > version) return;
    c.order.erase(it->second.age);
    c.entries.erase(it);
  }
  while (c.entries.size() >= kCapacity && !c.order.empty()) {
    c.entries.erase(c.order.front());
    c.order.pop_front();
  }
  auto age = c.order.insert(c.order.end(), key);
  c.entries.emplace(key, Entry{version, Cached{std::move(state), std::move(texts)}, age});
}

Counts counts() {
  auto& c = cache();
  std::lock_guard lock(c.mutex);
  return c.counts;
}

Disabled::Disabled() { ++g_disabled; }
Disabled::~Disabled() { --g_disabled; }

} // namespace ks::service::state_cache
