// Firing due timers (deadlines, reminders, the 90-day recheck, the yearly follow-up). Several
// workers — threads or `ks serve` processes on one PostgreSQL — may run at once: each claims due
// timers (store/timer_store.hpp: FOR UPDATE SKIP LOCKED) and fires each in a transaction of its own
// that locks the case and removes the timer only if it still holds the claim, so a timer fires
// once. Time is the context's Clock, so a test fires a timer a year ahead in milliseconds.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>

#include "core/result.hpp"
#include "service/context.hpp"

namespace ks::service {

// How long a claim holds before another worker may take the timer over (a crashed worker).
inline constexpr std::int64_t kTimerLeaseMs = 60'000;

struct TimerRun {
  std::size_t claimed = 0;
  std::size_t fired = 0;
  std::size_t failed = 0; // Left claimed; retried after the lease (logged).
};

// Claims up to `limit` timers due by the context's clock for `worker` and fires them, earliest
// first. History events of a fired timer have the actor "system". Errors: the database's (of the
// claim); a timer that fails to fire is counted and logged, not returned.
Result<TimerRun> fire_due_timers(Context& ctx, const std::string& worker, std::size_t limit = 100);

// A unique worker name for this process: "host:pid:n".
std::string new_worker_name();

// A background thread calling fire_due_timers every interval (config.timer_interval_ms in
// `ks serve`) until stop() (also called by the destructor).
class TimerWorker {
public:
  TimerWorker(Context& ctx, int interval_ms);
  ~TimerWorker();
  TimerWorker(const TimerWorker&) = delete;
  TimerWorker& operator=(const TimerWorker&) = delete;
  void start();
  void stop();

private:
  void loop();
  Context& m_ctx;
  int m_interval_ms;
  std::string m_name;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stopping = false; // GUARDED_BY(m_mutex)
  std::thread m_thread;
};

} // namespace ks::service
