// ks_bench_engine: completes N cases of the Västernorrland routine on its typical path through the
// service layer, every transition a durable transaction, with C concurrent clients; then measures
// the raw durable-commit rate of the same database (the limit). Prints one line per figure,
// `name: value unit`. Usage: bench/run.sh, or
//   ks_bench_engine --db sqlite:/tmp/b.db --label sqlite --cases 64 --clients 1,32
#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <numeric>
#include <optional>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "core/log.hpp"
#include "drive.hpp"
#include "engine/runtime/state.hpp"
#include "raw_commit.hpp"
#include "service/state_cache.hpp"
#include "service/task_service.hpp"

namespace {

using namespace ks;
using nlohmann::json;

void figure(const std::string& name, double value, const std::string& unit) {
  fmt::print("{}: {} {}\n", name, value >= 100 ? fmt::format("{:.0f}", value) : fmt::format("{:.3g}", value), unit);
  std::fflush(stdout);
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

// CPU time (user + system) of the whole process so far, in µs.
double cpu_us() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e6 +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

long peak_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

// Heap bytes one engine InstanceState of this JSON occupies, read from its text as a cache miss
// reads it (its variables unparsed, as the state cache keeps them), averaged over 1000 copies held
// at once.
double memory_per_live_case(const std::string& state_json) {
  std::vector<engine::InstanceState> held;
  held.reserve(1000);
  const auto before = mallinfo2().uordblks;
  for (int i = 0; i < 1000; ++i) {
    auto s = engine::state_from_text(state_json);
    if (!s) return 0;
    held.push_back(std::move(*s));
  }
  const auto after = mallinfo2().uordblks;
  return static_cast<double>(after - before) / 1000.0;
}

struct Run {
  std::string url;
  std::string label;
  int cases = 64;
  int clients = 1;
  bool group_commit = true;
  double raw_seconds = 5;
  int held = 200;
};

// Heap bytes of this process per live case, measured as the peer measures its own: `held` more
// cases started and left waiting at the principals' decisions (step 24, eight open tasks, the
// widest state), heap in use after against before, divided by `held`. KS keeps nothing of a case
// between requests but the bounded state cache (service/state_cache.hpp), emptied before, so that
// the figure counts all the cache holds when `held` cases fill it (as the peer's counts all its
// instances), and falls as `held` grows past the cache's budget.
Result<double> heap_per_held_case(bench::World& w, const json& path, int held, int first_support) {
  std::vector<std::int64_t> supports;
  for (int i = 0; i < held; ++i) supports.push_back(KS_TRY(w.add_knowledge_support(first_support + i)));
  service::state_cache::clear();
  malloc_trim(0);
  const auto before = mallinfo2().uordblks;
  bench::Driver driver(w, path, 0);
  bench::ClientTally tally;
  for (auto id : supports) KS_TRY(driver.run_case(id, tally, "24"));
  const auto after = mallinfo2().uordblks;
  return (static_cast<double>(after) - static_cast<double>(before)) / held;
}

int run_one(const Run& r, const json& path) {
  const std::string prefix = fmt::format("engine.{}.c{}", r.label, r.clients);
  auto world = bench::World::create({r.url, r.group_commit, std::max(8, r.clients + 8)});
  if (!world) {
    fmt::print(stderr, "{}: cannot prepare the database: {}\n", prefix, world.error().describe());
    return 1;
  }
  auto& w = **world;
  std::vector<std::int64_t> supports;
  for (int i = 0; i < r.cases; ++i) {
    auto id = w.add_knowledge_support(i);
    if (!id) {
      fmt::print(stderr, "{}: knowledge support: {}\n", prefix, id.error().describe());
      return 1;
    }
    supports.push_back(*id);
  }
  const auto bytes_before = w.stored_bytes();
  const auto pages_before = w.db().pages_written();
  const std::size_t commits_before = w.db().group_commit() ? w.db().group_commit()->commits() : 0;
  std::vector<bench::ClientTally> tallies(static_cast<std::size_t>(r.clients));
  std::vector<std::string> errors(static_cast<std::size_t>(r.clients));
  std::atomic<int> next{0};
  const double cpu0 = cpu_us();
  const auto ahead0 = service::completion_counts();
  const auto cache0 = service::state_cache::counts();
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < r.clients; ++c) {
    threads.emplace_back([&, c] {
      bench::Driver driver(w, path, c);
      for (;;) {
        const int i = next.fetch_add(1);
        if (i >= r.cases) return;
        if (auto s = driver.run_case(supports[static_cast<std::size_t>(i)], tallies[static_cast<std::size_t>(c)]); !s) {
          errors[static_cast<std::size_t>(c)] = s.error().describe();
          return;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = cpu_us() - cpu0;
  bench::ClientTally all;
  for (auto& t : tallies) {
    all.cases += t.cases;
    all.completions += t.completions;
    all.other_transitions += t.other_transitions;
    all.conflicts += t.conflicts;
    all.completion_us.insert(all.completion_us.end(), t.completion_us.begin(), t.completion_us.end());
    if (all.widest_state.empty()) all.widest_state = t.widest_state;
  }
  for (const auto& e : errors)
    if (!e.empty()) {
      fmt::print(stderr, "{}: a client failed: {}\n", prefix, e);
      return 1;
    }
  const std::size_t grouped_tx = w.db().group_commit() ? w.db().group_commit()->transactions() : 0;
  const std::size_t grouped_commits = w.db().group_commit() ? w.db().group_commit()->commits() : 0;
  const double completions_per_s = static_cast<double>(all.completions) / elapsed;
  figure(prefix + ".cases", static_cast<double>(all.cases), "cases");
  figure(prefix + ".cases_per_s", static_cast<double>(all.cases) / elapsed, "cases/s");
  figure(prefix + ".completions_per_s", completions_per_s, "completions/s");
  figure(prefix + ".transitions_per_s", static_cast<double>(all.completions + all.other_transitions) / elapsed,
         "transitions/s");
  figure(prefix + ".completion_p50", percentile(all.completion_us, 0.50) / 1000.0, "ms");
  figure(prefix + ".completion_p99", percentile(all.completion_us, 0.99) / 1000.0, "ms");
  // CPU of the whole process (every client, the leader's commits, the clients' reads of their
  // open tasks) per completion: less dependent on the disk and the machine's load than the rates.
  figure(prefix + ".cpu_per_completion", cpu / static_cast<double>(std::max<std::int64_t>(1, all.completions)), "us");
  // Completions computed ahead of the write transaction while the writer was busy (task_service.hpp).
  const auto ahead = service::completion_counts();
  figure(prefix + ".completions_computed_ahead",
         100.0 * static_cast<double>(ahead.ahead_used - ahead0.ahead_used) /
             static_cast<double>(std::max<std::int64_t>(1, all.completions)),
         "%");
  figure(prefix + ".completions_computed_ahead_discarded",
         static_cast<double>(ahead.ahead_discarded - ahead0.ahead_discarded), "completions");
  // Completions that found the case's state in the state cache (a miss reads and parses it).
  const auto cache = service::state_cache::counts();
  const auto looked = (cache.hits - cache0.hits) + (cache.misses - cache0.misses);
  figure(prefix + ".state_cache_hits",
         100.0 * static_cast<double>(cache.hits - cache0.hits) / static_cast<double>(std::max<std::uint64_t>(1, looked)),
         "%");
  if (grouped_commits > 0)
    figure(prefix + ".transactions_per_commit", static_cast<double>(grouped_tx) / static_cast<double>(grouped_commits),
           "tx/commit");
  // WAL pages each durable commit wrote (each a frame to checksum, write and fsync), from the
  // clients' first write on: their case starts, completions and timers.
  if (auto pages = w.db().pages_written(); pages && pages_before && grouped_commits > commits_before)
    figure(prefix + ".wal_pages_per_commit",
           static_cast<double>(*pages - *pages_before) / static_cast<double>(grouped_commits - commits_before),
           "pages");
  if (auto after = w.stored_bytes(); after && bytes_before) {
    std::map<std::string, std::int64_t> grew; // Each table that grew, with its indexes.
    std::int64_t grown = 0;
    for (const auto& [table, bytes] : *after) {
      const auto it = bytes_before->find(table);
      const auto delta = bytes - (it == bytes_before->end() ? 0 : it->second);
      grown += delta;
      if (delta > 0) grew[table] = delta;
    }
    figure(prefix + ".bytes_per_finished_case", static_cast<double>(grown) / all.cases, "bytes");
    for (const auto& [table, delta] : grew)
      figure(prefix + ".bytes_per_finished_case." + table, static_cast<double>(delta) / all.cases, "bytes");
  }
  if (r.clients == 1 && !all.widest_state.empty()) {
    figure(prefix + ".state_json_widest", static_cast<double>(all.widest_state.size()), "bytes");
    figure(prefix + ".memory_per_live_case", memory_per_live_case(all.widest_state), "bytes");
    // What the state cache counts for the same state (engine::heap_bytes), to compare.
    if (auto s = engine::state_from_text(all.widest_state))
      figure(prefix + ".state_heap_estimate", static_cast<double>(engine::heap_bytes(*s)), "bytes");
    if (r.held > 0) {
      auto heap = heap_per_held_case(w, path, r.held, r.cases);
      if (!heap) {
        fmt::print(stderr, "{}: held cases: {}\n", prefix, heap.error().describe());
        return 1;
      }
      figure(prefix + ".heap_per_held_case", *heap, "bytes");
    }
  }
  auto raw = bench::raw_commit_rate(w.db(), r.clients, r.raw_seconds, all.widest_state.empty() ? 2048 : all.widest_state.size());
  if (!raw) {
    fmt::print(stderr, "{}: raw commit rate: {}\n", prefix, raw.error().describe());
    return 1;
  }
  figure(prefix + ".raw_commits_per_s", raw->commits_per_s, "commits/s");
  figure(prefix + ".completions_vs_raw", 100.0 * completions_per_s / raw->commits_per_s, "%");
  if (r.clients == 1 && !all.completion_us.empty()) {
    // completions_per_s divides by the whole run: it includes what the client does between
    // completions (starting cases, reading its open tasks, firing timers), which the raw loop
    // does not. One client's completion calls alone, back to back, against the raw loop:
    const double in_calls_s = std::accumulate(all.completion_us.begin(), all.completion_us.end(), 0.0) / 1e6;
    const double calls_per_s = static_cast<double>(all.completion_us.size()) / in_calls_s;
    figure(prefix + ".completion_calls_per_s", calls_per_s, "completions/s");
    figure(prefix + ".completion_calls_vs_raw", 100.0 * calls_per_s / raw->commits_per_s, "%");
  }
  figure(prefix + ".peak_rss", static_cast<double>(peak_rss_kb()), "KB");
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"ks_bench_engine: the Västernorrland routine through the service layer, durably"};
  std::string url = "sqlite:/tmp/ks-bench-engine.db";
  std::string label = "sqlite";
  std::string path_file = std::string(KS_BENCH_DIR) + "/engine/vn-typical-path.json";
  std::vector<int> clients{1, 32};
  int cases = 64;
  double raw_seconds = 5;
  bool no_group_commit = false;
  int held = 200;
  app.add_option("--db", url, "sqlite:PATH (removed first) or postgresql://... (a new schema per run)");
  app.add_option("--label", label, "name in the figures: engine.LABEL.cN.*");
  app.add_option("--cases", cases, "cases to complete per client count");
  app.add_option("--clients", clients, "client counts, e.g. 1,32")->delimiter(',');
  app.add_option("--raw-seconds", raw_seconds, "seconds of the raw durable-commit measurement");
  app.add_option("--path", path_file, "the path to drive (scenario JSON)");
  app.add_flag("--no-group-commit", no_group_commit, "SQLite: commit each transaction alone");
  app.add_option("--held", held, "cases left waiting at step 24 to measure heap per live case (1 client; 0: none)");
  bool no_state_cache = false;
  app.add_flag("--no-state-cache", no_state_cache, "read every case's state from the database (service/state_cache.hpp)");
  CLI11_PARSE(app, argc, argv);
  std::optional<service::state_cache::Disabled> cache_off;
  if (no_state_cache) cache_off.emplace();
  log::set_level("warn");

  std::ifstream in(path_file);
  std::stringstream ss;
  ss << in.rdbuf();
  auto path = json::parse(ss.str(), nullptr, false);
  if (path.is_discarded()) {
    fmt::print(stderr, "cannot read the path {}\n", path_file);
    return 2;
  }
  int rc = 0;
  for (int c : clients) {
    Run r{url, label, cases, c, !no_group_commit, raw_seconds, held};
    rc |= run_one(r, path);
  }
  return rc;
}
