// The durability test (issue 8): clients complete tasks through HTTP (POST
// /api/v1/tasks/{id}/complete with bearer tokens) while `ks serve` is killed with SIGKILL at
// random moments and restarted, again and again. Each acknowledged completion (HTTP 200) is
// logged. Afterwards, read from the database: every acknowledged completion is stored (the task
// completed, its history event present, its audit record in the chain) and no completion appears
// twice; the audit chain verifies; each case's list of open tasks (decision 0022) names exactly
// its open task rows; and each case whose end was acknowledged is ended and archived (decision
// 0018), its tasks and records packed.
//
//   ks_durability --ks build/src/cli/ks --db sqlite|postgresql://... --path bench/engine/vn-typical-path.json
//                 [--ending tests/durability/vn-ends-at-13a.json] [--seconds S] (default
//                 $KS_DURABILITY_SECONDS, else 40)
//
// Cases are started beforehand through the service layer (so the test needs nothing but the HTTP
// API); the clients take them through steps 3, 4, 5 (9 parallel answers) and 7: 12 completions
// a case. With --ending, every second case then goes on to its end: the national decision
// (POST /api/v1/cases/{id}/messages) and 5 more completions, the last of which ends and archives
// the case, so that kills also fall on the transactions that end a case. Exit status 0 when
// nothing was lost or duplicated and everything read back whole; 1 otherwise (with what and where).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
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
#include <fmt/ranges.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/log.hpp"
#include "service/accounts.hpp"
#include "service/case_service.hpp"
#include "service/knowledge_support_service.hpp"
#include "service/startup.hpp"
#include "service/structure_service.hpp"
#include "service/task_assignment.hpp"
#include "store/audit_store.hpp"
#include "store/case_store.hpp"
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
  std::string ending_file; // Optional: how every second case goes on to its end.
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

// A JSON file's document (discarded when it cannot be read or parsed).
json read_json(const std::string& file) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  return in ? json::parse(ss.str(), nullptr, false) : json(json::value_t::discarded);
}

struct Shared {
  std::mutex mutex;
  std::set<std::int64_t> acknowledged; // GUARDED_BY(mutex): task ids answered 200.
  std::set<std::int64_t> messages;     // GUARDED_BY(mutex): cases whose national decision was answered 200.
  std::set<std::int64_t> ended;        // GUARDED_BY(mutex): cases whose last completion was answered 200.
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
  const json path = read_json(o.path_file);
  if (path.is_discarded()) {
    std::fprintf(stderr, "durability: cannot read %s\n", o.path_file.c_str());
    return 2;
  }
  const json ending = o.ending_file.empty() ? json() : read_json(o.ending_file);
  if (ending.is_discarded() || (!ending.is_null() && (!ending.contains("message") || !ending.contains("complete") ||
                                                      !ending.value("ends_with", json()).is_string()))) {
    std::fprintf(stderr, "durability: cannot read %s (a \"message\", \"complete\" by element and \"ends_with\")\n",
                 o.ending_file.c_str());
    return 2;
  }
  // The element whose completion ends a case.
  const std::string last_element = ending.is_null() ? std::string() : ending.at("ends_with").get<std::string>();

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

  // Cases, enough to keep the clients busy for the run (12 completions each, 18 and a message
  // for those that end): ≈500 completions a second through HTTP on 2 cores, 4 clients.
  const int cases = std::max(20, o.seconds * 40);
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

  // The national decision is registered by the coordinator (case.register).
  std::string coordinator_token;
  if (!ending.is_null()) {
    auto t = service::create_token(ctx, service::command_line_actor(), "samordnare", "durability test");
    check(t, "coordinator's token");
    coordinator_token = t->token;
  }
  // With --ending, every second case goes on to its end.
  auto ends = [&](std::size_t i) { return !ending.is_null() && i % 2 == 1; };

  // Clients: each takes every `clients`-th case through steps 3, 4, 5 and 7 (and on to its end,
  // as above), completing one open task after another as the database shows them.
  std::vector<std::thread> clients;
  for (int n = 0; n < o.clients; ++n) {
    clients.emplace_back([&, n] {
      httplib::Client http("127.0.0.1", port);
      http.set_connection_timeout(1, 0);
      http.set_read_timeout(10, 0);
      std::set<std::int64_t> skip;     // Tasks this client must not try again (acknowledged or refused).
      std::set<std::int64_t> informed; // Cases whose national decision is in (answered 200 or 409).
      // An answer to a request: its outcome counted; true when the server answered (not 5xx).
      auto answered = [&](const httplib::Result& r) {
        if (r && r->status < 500) return true;
        {
          std::lock_guard lock(shared.mutex);
          ++shared.failures; // Unknown outcome: the next read of the database decides.
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20)); // The server is restarting.
        return false;
      };
      auto unexpected = [&](const httplib::Result& r, const std::string& what) {
        std::lock_guard lock(shared.mutex);
        if (shared.other++ == 0)
          shared.first_other = fmt::format("{}: HTTP {} {}", what, r->status, r->body.substr(0, 300));
      };
      // A few cases at a time, each taken on to its end before the next ones start: every case
      // gets there within the run however many there are, and the kills fall on every kind of
      // transaction from the start.
      constexpr int kCasesAtATime = 8;
      std::set<std::int64_t> finished; // Cases with nothing left for this client.
      while (!stop) {
        bool any = false;
        int at_work = 0;
        for (std::size_t i = static_cast<std::size_t>(n);
             i < case_ids.size() && !stop && at_work < kCasesAtATime; i += static_cast<std::size_t>(o.clients)) {
          const std::int64_t case_id = case_ids[i];
          if (finished.contains(case_id)) continue;
          auto open = db.read([&](store::Connection& c) { return store::tasks::of_case(c, case_id, true); });
          if (!open) continue;
          const store::tasks::TaskRow* task = nullptr;
          json values;
          for (const auto& t : *open) {
            if (skip.contains(t.id)) continue;
            if (kSteps.contains(t.step)) values = values_for(path, t.step, t.scope_unit);
            else if (ends(i) && ending.at("complete").contains(t.element)) values = ending.at("complete").at(t.element);
            else continue;
            task = &t;
            break; // One completion per case per round: the next task depends on this one.
          }
          if (task) {
            any = true;
            ++at_work;
            const std::string token = token_for(task->function, task->scope_unit);
            if (token.empty()) {
              skip.insert(task->id);
              continue;
            }
            const json body = {{"version", task->version}, {"values", values}};
            httplib::Headers headers = {{"Authorization", "Bearer " + token}};
            auto r = http.Post(fmt::format("/api/v1/tasks/{}/complete", task->id), headers, body.dump(), "application/json");
            if (!answered(r)) continue;
            const std::string what = fmt::format("task {} step {}", task->id, task->step);
            std::unique_lock lock(shared.mutex);
            if (r->status == 200) {
              if (!shared.acknowledged.insert(task->id).second) ++shared.other;
              if (task->element == last_element) shared.ended.insert(case_id);
              shared.ack_log << task->id << '\n';
              shared.ack_log.flush();
              skip.insert(task->id);
            } else if (r->status == 409) {
              ++shared.conflicts;
              skip.insert(task->id);
            } else {
              lock.unlock();
              unexpected(r, what);
              skip.insert(task->id);
            }
            continue;
          }
          // Past step 7 with nothing open: a case that goes on waits for the national decision
          // (unless it has ended already).
          if (!ends(i) || !open->empty() || informed.contains(case_id)) {
            finished.insert(case_id); // Nothing of it is this client's any more.
            continue;
          }
          auto k = db.read([&](store::Connection& c) { return store::cases::find_summary(c, case_id); });
          if (!k || !*k) continue;
          if ((*k)->fields.status != "running") {
            finished.insert(case_id);
            continue;
          }
          any = true;
          ++at_work;
          httplib::Headers headers = {{"Authorization", "Bearer " + coordinator_token}};
          auto r = http.Post(fmt::format("/api/v1/cases/{}/messages", case_id), headers, ending.at("message").dump(),
                             "application/json");
          if (!answered(r)) continue;
          if (r->status == 200 || r->status == 201) {
            std::lock_guard lock(shared.mutex);
            if (!shared.messages.insert(case_id).second) ++shared.other;
            informed.insert(case_id);
          } else if (r->status == 409) { // Delivered by a try whose answer was lost.
            std::lock_guard lock(shared.mutex);
            ++shared.conflicts;
            informed.insert(case_id);
          } else {
            unexpected(r, fmt::format("message to case {}", case_id));
            informed.insert(case_id);
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
  std::int64_t lost = 0, duplicated = 0, completed_tasks = 0, unaudited = 0, lists_wrong = 0, not_archived = 0;
  std::int64_t archived = 0; // Cases ended and archived whole.
  std::string first_problem;
  auto problem = [&](std::int64_t& counter, std::string what) {
    ++counter;
    if (first_problem.empty()) first_problem = std::move(what);
  };
  store::audit::Verification chain;
  auto verified = db.read([&](store::Connection& c) -> Status {
    std::map<std::pair<std::int64_t, std::int64_t>, int> events; // (case, local task) → task_completed events
    std::map<std::int64_t, int> audited;                          // task id → its task.complete records, outcome ok
    for (auto id : case_ids) {
      // Through the history's reader: a case that ended has its events packed (migration 0070).
      int received = 0;
      for (const auto& e : KS_TRY(store::history::of_case(c, id))) {
        if (e.kind == "message_received") ++received;
        if (e.kind != "task_completed") continue;
        auto d = json::parse(e.data, nullptr, false);
        if (d.is_object() && d.contains("task")) ++events[{id, d["task"].get<std::int64_t>()}];
      }
      if (received > 1) problem(duplicated, fmt::format("case {} received the national decision {} times", id, received));
      if (received == 0 && shared.messages.contains(id))
        problem(lost, fmt::format("case {}: the acknowledged national decision has no history event", id));
      // The case's completion records, packed ones too (store/audit_store.hpp).
      store::audit::Filter f;
      f.case_id = std::to_string(id);
      f.action = "task.complete";
      f.outcome = "ok";
      f.limit = 10000;
      for (const auto& r : KS_TRY(store::audit::list(c, f))) ++audited[std::stoll(r.object_id)];
      // The case's list of its open tasks against its open task rows.
      std::vector<std::int64_t> open_rows;
      for (const auto& t : KS_TRY(store::tasks::of_case(c, id, false))) {
        if (t.status == store::tasks::kCompleted) ++completed_tasks;
        if (t.status == store::tasks::kOpen) open_rows.push_back(t.local_id);
      }
      std::sort(open_rows.begin(), open_rows.end());
      auto row = KS_TRY(c.row("SELECT open_tasks FROM cases WHERE id = ?", id));
      const auto listed = store::cases::open_tasks_of_text(row ? row->opt_text(0) : std::nullopt);
      if (!listed || *listed != open_rows)
        problem(lists_wrong, fmt::format("case {}: its row lists open tasks \"{}\", its open task rows are {}", id,
                                         row ? row->opt_text(0).value_or("NULL") : "no row", fmt::join(open_rows, " ")));
      // A case that ended (acknowledged or not): archived, nothing of it left in the task rows;
      // and a case whose end was acknowledged has ended.
      auto k = KS_TRY(store::cases::find_summary(c, id));
      const bool completed = k && k->fields.status == "completed";
      if (completed || shared.ended.contains(id)) {
        auto a = KS_TRY(c.row("SELECT (SELECT COUNT(*) FROM case_archive WHERE case_id = ?), "
                              "(SELECT COUNT(*) FROM tasks WHERE case_id = ?)",
                              id, id));
        if (!completed || !a || a->integer(0) != 1 || a->integer(1) != 0)
          problem(not_archived, fmt::format("case {} ended but is {}, {} archive row(s), {} task row(s)", id,
                                            k ? k->fields.status : "missing", a ? a->integer(0) : 0, a ? a->integer(1) : 0));
        else ++archived;
      }
    }
    for (const auto& [key, n] : events)
      if (n > 1) problem(duplicated, fmt::format("case {} task {} completed {} times", key.first, key.second, n));
    for (const auto& [task_id, n] : audited)
      if (n > 1) problem(duplicated, fmt::format("task {} has {} audit records of its completion", task_id, n));
    for (auto task_id : shared.acknowledged) {
      auto t = KS_TRY(store::tasks::find(c, task_id));
      if (!t || t->status != store::tasks::kCompleted) {
        problem(lost, fmt::format("acknowledged task {} is not completed", task_id));
        continue;
      }
      if (events[{t->case_id, t->local_id}] == 0)
        problem(lost, fmt::format("acknowledged task {} has no history event", task_id));
      if (audited[task_id] == 0) problem(unaudited, fmt::format("acknowledged task {} has no audit record", task_id));
    }
    chain = KS_TRY(store::audit::verify(c));
    return {};
  });
  if (!verified) {
    std::fprintf(stderr, "durability: verification failed: %s\n", verified.error().describe().c_str());
    return 1;
  }
  const char* label = o.db == "sqlite" ? "sqlite" : "postgres";
  auto figure = [&](const char* name, long long value, const char* unit) {
    std::printf("durability.%s.%s: %lld %s\n", label, name, value, unit);
  };
  figure("kills", kills, "kills");
  figure("acknowledged", static_cast<long long>(shared.acknowledged.size()), "completions");
  figure("acknowledged_messages", static_cast<long long>(shared.messages.size()), "messages");
  figure("acknowledged_ends", static_cast<long long>(shared.ended.size()), "cases");
  figure("ended_and_archived", archived, "cases");
  figure("unknown_outcome", shared.failures, "requests");
  figure("conflicts", shared.conflicts, "requests");
  figure("completed_in_db", completed_tasks, "tasks");
  figure("lost", lost, "completions");
  figure("duplicated", duplicated, "completions");
  figure("without_audit_record", unaudited, "completions");
  figure("open_task_lists_wrong", lists_wrong, "cases");
  figure("ended_not_archived", not_archived, "cases");
  figure("audit_records_verified", chain.rows, "records");
  if (!chain.ok && first_problem.empty())
    first_problem = fmt::format("the audit chain does not verify at record {}: {}", chain.broken_seq, chain.reason);
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
  if (!ending.is_null() && shared.ended.empty()) {
    std::fprintf(stderr, "durability: no case was taken to its end (%zu national decisions acknowledged)\n",
                 shared.messages.size());
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
  app.add_option("--ending", o.ending_file, "tests/durability/vn-ends-at-13a.json: every second case goes on to its end");
  app.add_option("--seconds", o.seconds, "how long to kill and restart (default $KS_DURABILITY_SECONDS or 40)");
  app.add_option("--clients", o.clients, "concurrent clients");
  CLI11_PARSE(app, argc, argv);
  return run(o);
}
