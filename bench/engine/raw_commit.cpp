#include "raw_commit.hpp"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace ks::bench {

Result<RawRate> raw_commit_rate(store::Database& db, int clients, double seconds, std::size_t payload_bytes) {
  {
    auto conn = KS_TRY(db.acquire());
    const bool lite = conn->backend() == store::Backend::sqlite;
    const std::string id = lite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY";
    KS_TRY(conn->execute_script("CREATE TABLE IF NOT EXISTS bench_raw (id " + id +
                                ", case_id BIGINT NOT NULL, payload TEXT NOT NULL, updated_at BIGINT NOT NULL);"
                                "CREATE TABLE IF NOT EXISTS bench_raw_history (id " + id +
                                ", raw_id BIGINT NOT NULL, seq INTEGER NOT NULL, at BIGINT NOT NULL, kind TEXT NOT NULL,"
                                " data TEXT NOT NULL);"));
  }
  const std::string payload(payload_bytes, 'x');
  std::atomic<bool> stop{false};
  std::atomic<std::int64_t> commits{0};
  std::atomic<bool> failed{false};
  Error first_error;
  std::mutex error_mutex;
  std::vector<std::thread> threads;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      std::int64_t seq = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        auto r = db.write([&](store::Connection& c) -> Status {
          auto id = KS_TRY(c.insert("INSERT INTO bench_raw (case_id, payload, updated_at) VALUES (?, ?, ?) RETURNING id",
                                    i, payload, seq));
          KS_TRY(c.exec("INSERT INTO bench_raw_history (raw_id, seq, at, kind, data) VALUES (?, ?, ?, ?, ?)", id, seq,
                        seq, "task_completed", R"({"task":1,"values":{"answer":"Inga invändningar."}})"));
          return {};
        });
        if (!r) {
          std::lock_guard lock(error_mutex);
          if (!failed.exchange(true)) first_error = r.error();
          return;
        }
        ++seq;
        commits.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (failed) return fail(first_error);
  return RawRate{static_cast<double>(commits.load()) / elapsed, commits.load()};
}

} // namespace ks::bench
