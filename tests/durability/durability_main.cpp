// The durability test (issue 8): clients complete tasks through HTTP (POST
// /api/v1/tasks/{id}/complete with bearer tokens) while `ks serve` is killed with SIGKILL at
// random moments and restarted, again and again. Each acknowledged completion (HTTP 200) is
// logged. Afterwards, read from the database: every acknowledged completion is stored (the task
// completed, its history event present) and no completion appears twice.
//
//   ks_durability --ks build/src/cli/ks --db sqlite|postgresql://... --path bench/engine/vn-typical-path.json
//                 [--seconds S] (default $KS_DURABILITY_SECONDS, else 40)
//
// Cases are started beforehand through the service layer (so the test needs nothing but the task
// API); the clients take them through steps 3, 4, 5 (9 parallel answers) and 7: 12 completions
// a case. Exit status 0 when nothing was lost or duplicated; 1 otherwise (with what and where).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/log.hpp"
#include "service/accounts.hpp"
#include "service/case_service.hpp"
#include "service/knowledge_support_service.hpp"
#include "service/startup.hpp"
#include "service/structure_service.hpp"
#include "service/task_assignment.hpp"
#include "store/history_store.hpp"
#include "store/structure_store.hpp"
#include "store/task_store.hpp"

namespace {

using namespace ks;
using nlohmann::json;
namespace fs = std::filesystem;

const std::set<std::string> kSteps = {"3", "4", "5", "7"};
constexpr int kSkipped = 77; // CTest's SKIP_RETURN_CODE.

struct Options {
  std::string ks_binary;
  std::string db = "sqlite";
  std::string path_file;
  int seconds = 40;
  int clients = 4;
};

// A loopback port that was free a moment ago.
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  close(fd);
  return port;
}

// `ks serve` as a child process that can be killed and started again.
class ServerProcess {
public:
  ServerProcess(std::string binary, std::string url, int port, fs::path log)
      : m_binary(std::move(binary)), m_url(std::move(url)), m_port(port), m_log(std::move(log)) {}
  ~ServerProcess() { kill_now(); }

  bool start() {
    m_pid = fork();
    if (m_pid == 0) {
      FILE* out = std::fopen(m_log.c_str(), "a");
      if (out) {
        dup2(fileno(out), 1);
        dup2(fileno(out), 2);
      }
      const std::string port = std::to_string(m_port);
      execl(m_binary.c_str(), m_binary.c_str(), "serve", "--db", m_url.c_str(), "--host", "127.0.0.1", "--port",
            port.c_str(), "--log-level", "warn", static_cast<char*>(nullptr));
      _exit(127);
    }
    httplib::Client c("127.0.0.1", m_port);
    c.set_connection_timeout(0, 200'000);
    for (int i = 0; i < 600; ++i) {
      if (auto r = c.Get("/healthz"); r && r->status == 200) return true;
      int status = 0;
      if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_pid = -1;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  void kill_now() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGKILL);
    waitpid(m_pid, nullptr, 0);
    m_pid = -1;
  }
  void stop() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGTERM);
    waitpid(m_pid, nullptr, 0);
    m_pid = -1;
  }

private:
  std::string m_binary, m_url;
  int m_port;
  fs::path m_log;
  pid_t m_pid = -1;
};

Result<service::Actor> actor_of(store::Database& db, const std::string& username, Instant now) {
  service::Actor a;
  KS_TRY(db.read([&](store::Connection& c) -> Status {
    auto person = KS_TRY(store::structure::find_person_by_username(c, username));
    if (!person) return fail(Error::not_found("no person " + username));
    auto detail = KS_TRY(store::structure::person_detail(c, person->id, format_date(now)));
    a.account_id = 1;
    a.person_id = person->id;
    a.username = username;
    a.display_name = person->name;
    a.today = format_date(now);
    if (detail) a.functions = detail->current;
    return {};
  }));
  return a;
}

// The values the path gives a step (and scope, for step 5).
json values_for(const json& path, const std::string& step, const std::string& scope) {
  json fallback;
  for (const auto& s : path.at("steps")) {
    if (s.begin().key() != "complete") continue;
    const json& body = s.begin().value();
    if (body.value("step", "") != step) continue;
    if (body.value("scope", "") == scope) return body.value("values", json::object());
    if (fallback.is_null() && !body.contains("scope")) fallback = body.value("values", json::object());
  }
  return fallback.is_null() ? json::object() : fallback;
}

struct Shared {
  std::mutex mutex;
  std::set<std::int64_t> acknowledged; // GUARDED_BY(mutex): task ids answered 200.
  std::int64_t conflicts = 0;          // GUARDED_BY(mutex): 409 (completed by an unacknowledged try).
  std::int64_t failures = 0;           // GUARDED_BY(mutex): connection lost, 5xx: outcome unknown.
  std::int64_t other = 0;              // GUARDED_BY(mutex): other statuses (a bug in the test).
  std::string first_other;             // GUARDED_BY(mutex)
  std::ofstream ack_log;               // GUARDED_BY(mutex)
};

int run(const Options& o) {
  log::set_level("warn");
  const fs::path work = fs::temp_directory_path() / fmt::format("ks-durability-{}", getpid());
  fs::create_directories(work);
  std::ifstream path_in(o.path_file);
  std::stringstream ss;
  ss << path_in.rdbuf();
  const json path = json::parse(ss.str(), nullptr, false);
  if (path.is_discarded()) {
    std::fprintf(stderr, "durability: cannot read %s\n", o.path_file.c_str());
    return 2;
  }

  // The database (migrated, shipped structure and routines, demo people with accounts) and the URL the server gets.
  store::DatabaseOptions dbo;
  std::string server_url;
  if (o.db == "sqlite") {
    dbo.url = "sqlite:" + (work / "ks.db").string();
    server_url = dbo.url;
  } else {
    dbo.pg_schema = fmt::format("ks_durability_{}", getpid());
    dbo.url = o.db;
    server_url = o.db + (o.db.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + dbo.pg_schema;
  }
  auto opened = store::Database::open(dbo);
  if (!opened) {
    std::fprintf(stderr, "durability: %s\n", opened.error().describe().c_str());
    return 1;
  }
  auto& db = **opened;
  SystemClock clock;
  Config config; // Not demo mode: the demo cases would share the inboxes; the demo people and accounts suffice.
  service::Context ctx{db, clock, config};
  auto check = [](const auto& r, const char* what) {
    if (!r) {
      std::fprintf(stderr, "durability: %s: %s\n", what, r.error().describe().c_str());
      std::exit(1);
    }
  };
  check(service::prepare_database(db, config, clock), "prepare");
  check(service::ensure_shipped_structure(db, clock, service::WithDemo::yes), "demo people");
  check(service::ensure_demo_accounts(ctx), "demo accounts");

  // Cases, enough to keep the clients busy for the run (12 completions each).
  const int cases = std::max(20, o.seconds * 8);
  auto coordinator = actor_of(db, "samordnare", clock.now());
  check(coordinator, "coordinator");
  const json& start = path.at("start");
  std::vector<std::int64_t> case_ids;
  for (int i = 0; i < cases; ++i) {
    service::RegisterKnowledgeSupport k;
    k.fields.title = fmt::format("Vårdförlopp durability {}", i);
    k.fields.kind = domain::KnowledgeSupportKind::care_pathway;
    k.fields.national_status = domain::NationalStatus::on_consultation;
    k.fields.consultation_from = "2026-01-01";
    k.fields.consultation_to = "2026-03-31";
    auto support = service::register_knowledge_support(ctx, *coordinator, k);
    check(support, "knowledge support");
    service::StartCase in;
    in.knowledge_support_id = support->id;
    in.routine = start.at("process").get<std::string>();
    in.region_id = start.at("variables").at("region").get<std::string>();
    in.lpo_id = start.at("variables").at("lpo").get<std::string>();
    in.variables = start.at("variables");
    auto started = service::start_case(ctx, *coordinator, in);
    check(started, "start case");
    case_ids.push_back(started->case_id);
  }

  // A token for whoever holds each task's function (resolved as the server will).
  std::map<std::string, std::string> tokens; // function@scope → token
  std::mutex tokens_mutex;
  auto token_for = [&](const std::string& function, const std::string& scope) -> std::string {
    std::lock_guard lock(tokens_mutex);
    const std::string key = function + "@" + scope;
    if (auto it = tokens.find(key); it != tokens.end()) return it->second;
    auto people = db.read([&](store::Connection& c) {
      return service::assignees(c, function, scope, format_date(clock.now()));
    });
    std::string token;
    if (people && !people->empty()) {
      auto t = service::create_token(ctx, service::command_line_actor(), people->front().username, "durability test");
      if (t) token = t->token;
      else std::fprintf(stderr, "durability: token for %s: %s\n", people->front().username.c_str(), t.error().describe().c_str());
    }
    return tokens[key] = token;
  };

  const int port = free_port();
  ServerProcess server(o.ks_binary, server_url, port, work / "serve.log");
  if (!server.start()) {
    std::fprintf(stderr, "durability: ks serve does not start; its log:\n");
    std::ifstream l(work / "serve.log");
    std::fprintf(stderr, "%s\n", std::string(std::istreambuf_iterator<char>(l), {}).c_str());
    return 1;
  }
  {
    // The task API is another issue's work; until it is served, there is nothing to test.
    httplib::Client probe("127.0.0.1", port);
    auto spec = probe.Get("/api/v1/openapi.json");
    auto doc = spec && spec->status == 200 ? json::parse(spec->body, nullptr, false) : json();
    if (!doc.is_object() || !doc.contains("paths") || !doc["paths"].contains("/api/v1/tasks/{id}/complete")) {
      std::printf("durability: SKIPPED: ks serve has no POST /api/v1/tasks/{id}/complete yet\n");
      server.stop();
      fs::remove_all(work);
      return kSkipped;
    }
  }
  Shared shared;
  shared.ack_log.open(work / "acknowledged.log");
  std::atomic<bool> stop{false};
  std::atomic<int> finished_clients{0};

  // Clients: each takes every `clients`-th case through steps 3, 4, 5 and 7, completing one open
  // task after another as the database shows them.
  std::vector<std::thread> clients;
  for (int n = 0; n < o.clients; ++n) {
    clients.emplace_back([&, n] {
      httplib::Client http("127.0.0.1", port);
      http.set_connection_timeout(1, 0);
      http.set_read_timeout(10, 0);
      std::set<std::int64_t> skip; // Tasks this client must not try again (acknowledged or refused).
      while (!stop) {
        bool any = false;
        for (std::size_t i = static_cast<std::size_t>(n); i < case_ids.size() && !stop; i += static_cast<std::size_t>(o.clients)) {
          auto open = db.read([&](store::Connection& c) { return store::tasks::of_case(c, case_ids[i], true); });
          if (!open) continue;
          for (const auto& t : *open) {
            if (!kSteps.contains(t.step) || skip.contains(t.id)) continue;
            any = true;
            const std::string token = token_for(t.function, t.scope_unit);
            if (token.empty()) {
              skip.insert(t.id);
              continue;
            }
            const json body = {{"version", t.version}, {"values", values_for(path, t.step, t.scope_unit)}};
            httplib::Headers headers = {{"Authorization", "Bearer " + token}};
            auto r = http.Post(fmt::format("/api/v1/tasks/{}/complete", t.id), headers, body.dump(), "application/json");
            std::unique_lock lock(shared.mutex);
            if (!r || r->status >= 500) {
              ++shared.failures; // Unknown outcome: the next read of the task decides.
              lock.unlock();
              std::this_thread::sleep_for(std::chrono::milliseconds(20)); // The server is restarting.
            } else if (r->status == 200) {
              if (!shared.acknowledged.insert(t.id).second) ++shared.other;
              shared.ack_log << t.id << '\n';
              shared.ack_log.flush();
              skip.insert(t.id);
            } else if (r->status == 409) {
              ++shared.conflicts;
              skip.insert(t.id);
            } else {
              if (shared.other++ == 0)
                shared.first_other = fmt::format("task {} step {}: HTTP {} {}", t.id, t.step, r->status, r->body.substr(0, 300));
              skip.insert(t.id);
            }
            break; // One completion per case per round: the next task depends on this one.
          }
        }
        if (!any) break;
      }
      ++finished_clients;
    });
  }

  // The killer: SIGKILL at a random moment, restart, again, until the time is up.
  std::mt19937 rng(static_cast<unsigned>(getpid()));
  int kills = 0;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(o.seconds);
  bool restart_failed = false;
  while (std::chrono::steady_clock::now() < until && finished_clients < o.clients) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + rng() % 1400));
    server.kill_now();
    ++kills;
    if (!server.start()) {
      restart_failed = true;
      break;
    }
  }
  stop = true;
  for (auto& t : clients) t.join();
  server.stop();

  // Verification, from the database.
  std::int64_t lost = 0, missing_history = 0, duplicated = 0, completed_tasks = 0;
  std::string first_problem;
  auto verified = db.read([&](store::Connection& c) -> Status {
    std::map<std::pair<std::int64_t, std::int64_t>, int> events; // (case, local task) → task_completed events
    for (auto id : case_ids) {
      // Through the history's reader: a case that ended has its events packed (migration 0070).
      for (const auto& e : KS_TRY(store::history::of_case(c, id))) {
        if (e.kind != "task_completed") continue;
        auto d = json::parse(e.data, nullptr, false);
        if (d.is_object() && d.contains("task")) ++events[{id, d["task"].get<std::int64_t>()}];
      }
      auto tasks = KS_TRY(store::tasks::of_case(c, id, false));
      for (const auto& t : tasks)
        if (t.status == store::tasks::kCompleted) ++completed_tasks;
    }
    for (const auto& [key, n] : events)
      if (n > 1) {
        ++duplicated;
        if (first_problem.empty()) first_problem = fmt::format("case {} task {} completed {} times", key.first, key.second, n);
      }
    for (auto task_id : shared.acknowledged) {
      auto t = KS_TRY(store::tasks::find(c, task_id));
      if (!t || t->status != store::tasks::kCompleted) {
        ++lost;
        if (first_problem.empty()) first_problem = fmt::format("acknowledged task {} is not completed", task_id);
        continue;
      }
      if (events[{t->case_id, t->local_id}] == 0) {
        ++missing_history;
        if (first_problem.empty()) first_problem = fmt::format("acknowledged task {} has no history event", task_id);
      }
    }
    return {};
  });
  if (!verified) {
    std::fprintf(stderr, "durability: verification failed: %s\n", verified.error().describe().c_str());
    return 1;
  }
  std::printf("durability.%s.kills: %d kills\n", o.db == "sqlite" ? "sqlite" : "postgres", kills);
  std::printf("durability.%s.acknowledged: %zu completions\n", o.db == "sqlite" ? "sqlite" : "postgres",
              shared.acknowledged.size());
  std::printf("durability.%s.unknown_outcome: %lld requests\n", o.db == "sqlite" ? "sqlite" : "postgres",
              static_cast<long long>(shared.failures));
  std::printf("durability.%s.conflicts: %lld requests\n", o.db == "sqlite" ? "sqlite" : "postgres",
              static_cast<long long>(shared.conflicts));
  std::printf("durability.%s.completed_in_db: %lld tasks\n", o.db == "sqlite" ? "sqlite" : "postgres",
              static_cast<long long>(completed_tasks));
  std::printf("durability.%s.lost: %lld completions\n", o.db == "sqlite" ? "sqlite" : "postgres",
              static_cast<long long>(lost + missing_history));
  std::printf("durability.%s.duplicated: %lld completions\n", o.db == "sqlite" ? "sqlite" : "postgres",
              static_cast<long long>(duplicated));
  int rc = 0;
  if (!first_problem.empty()) {
    std::fprintf(stderr, "durability: FAILED: %s (work directory kept: %s)\n", first_problem.c_str(), work.c_str());
    rc = 1;
  }
  if (shared.other > 0) {
    std::fprintf(stderr, "durability: unexpected answers (%lld), first: %s\n", static_cast<long long>(shared.other),
                 shared.first_other.c_str());
    rc = 1;
  }
  if (restart_failed) {
    std::fprintf(stderr, "durability: ks serve did not come back after kill %d (log in %s)\n", kills, work.c_str());
    rc = 1;
  }
  if (shared.acknowledged.empty() || kills == 0) {
    std::fprintf(stderr, "durability: nothing was tested (%zu acknowledged, %d kills)\n", shared.acknowledged.size(), kills);
    rc = 1;
  }
  if (rc == 0) fs::remove_all(work);
  return rc;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"ks_durability: kill ks serve under load; nothing acknowledged may be lost or doubled"};
  Options o;
  if (const char* s = std::getenv("KS_DURABILITY_SECONDS")) o.seconds = std::atoi(s);
  app.add_option("--ks", o.ks_binary, "the ks binary")->required();
  app.add_option("--db", o.db, "sqlite, or a postgresql:// URL (a new schema is used)");
  app.add_option("--path", o.path_file, "bench/engine/vn-typical-path.json")->required();
  app.add_option("--seconds", o.seconds, "how long to kill and restart (default $KS_DURABILITY_SECONDS or 40)");
  app.add_option("--clients", o.clients, "concurrent clients");
  CLI11_PARSE(app, argc, argv);
  return run(o);
}
