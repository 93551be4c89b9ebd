#include "service/timer_worker.hpp"

#include <unistd.h>

#include "core/log.hpp"
#include "engine/runtime/runtime.hpp"
#include "service/actor.hpp"
#include "service/audit_sink.hpp"
#include "service/case_changes.hpp"
#include "service/case_variables.hpp"
#include "service/process_registry.hpp"
#include "store/case_store.hpp"
#include "store/timer_store.hpp"

namespace ks::service {

namespace {

namespace cs = store::cases;

// Fires one claimed timer in its own transaction; false when another worker had it.
Result<bool> fire_one(Context& ctx, const std::string& worker, const store::timers::TimerRow& timer) {
  return ctx.db.write([&](store::Connection& c) -> Result<bool> {
    auto record = KS_TRY(cs::lock(c, timer.case_id));
    if (!KS_TRY(store::timers::take(c, timer.id, worker))) return false;
    if (!record || record->fields.status != "running") return true; // Nothing left to fire into.
    auto lib = KS_TRY(library_for_definition(c, record->fields.definition_id));
    auto state = KS_TRY(state_of(*record));
    if (!state.find_timer(timer.local_id)) return true; // Already gone from the case.
    const Instant now = ctx.clock.now();
    auto changes = KS_TRY(engine::fire_timer(lib->definitions, state, timer.local_id, now));
    PersistOptions options{.actor = "system", .now = now};
    KS_TRY(persist_changes(c, *record, *lib, changes, options));
    Actor system;
    system.username = "system";
    KS_TRY(audit(ctx, c, system,
                 AuditEvent{.action = "case.timer", .acting_function = "system", .object_type = "timer",
                            .object_id = std::to_string(timer.id), .case_id = std::to_string(record->id),
                            .after = {{"element", timer.element}, {"due", format_iso(timer.due)}}}));
    KS_TRY(archive_if_ended(c, record->id, changes.state.status));
    return true;
  });
}

} // namespace

Result<TimerRun> fire_due_timers(Context& ctx, const std::string& worker, std::size_t limit) {
  const Instant now = ctx.clock.now();
  auto claimed = KS_TRY(ctx.db.write([&](store::Connection& c) {
    return store::timers::claim_due(c, worker, now, kTimerLeaseMs, limit);
  }));
  TimerRun run;
  run.claimed = claimed.size();
  for (const auto& t : claimed) {
    auto fired = fire_one(ctx, worker, t);
    if (!fired) {
      ++run.failed;
      log::error("timer failed to fire", {{"timer", t.id}, {"case", t.case_id}, {"error", fired.error().describe()}});
      continue;
    }
    if (*fired) ++run.fired;
  }
  return run;
}

std::string new_worker_name() {
  static std::atomic<int> counter{0};
  char host[128] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + std::to_string(counter++);
}

TimerWorker::TimerWorker(Context& ctx, int interval_ms)
    : m_ctx(ctx), m_interval_ms(interval_ms > 0 ? interval_ms : 1000), m_name(new_worker_name()) {}

TimerWorker::~TimerWorker() { stop(); }

void TimerWorker::start() {
  if (m_thread.joinable()) return;
  {
    std::lock_guard lock(m_mutex);
    m_stopping = false;
  }
  m_thread = std::thread([this] { loop(); });
}

void TimerWorker::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

void TimerWorker::loop() {
  for (;;) {
    auto run = fire_due_timers(m_ctx, m_name);
    if (!run) log::warn("timer claim failed", {{"error", run.error().describe()}});
    else if (run->fired > 0) log::info("timers fired", {{"fired", run->fired}, {"worker", m_name}});
    std::unique_lock lock(m_mutex);
    if (m_wake.wait_for(lock, std::chrono::milliseconds(m_interval_ms), [this] { return m_stopping; })) return;
  }
}

} // namespace ks::service
