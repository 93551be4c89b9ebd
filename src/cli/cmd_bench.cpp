// `ks bench seed --scale F [--measure]`: fills the database with the national 10-year dataset
// (service/bench_seed.hpp) and, with --measure, times the reads a user waits for on it — the inbox,
// a case page, a search and the overview — through the service layer, printing one line per
// figure, `name: value unit` (bench/run.sh collects them).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "service/accounts.hpp"
#include "service/audit.hpp"
#include "service/bench_seed.hpp"
#include "service/case_service.hpp"
#include "service/knowledge_support_service.hpp"
#include "service/permissions.hpp"
#include "service/settings.hpp"
#include "service/startup.hpp"
#include "service/structure_service.hpp"
#include "service/task_assignment.hpp"
#include "service/task_service.hpp"
#include "store/structure_store.hpp"

namespace ks::cli {

namespace {

void figure(const std::string& name, double value, const char* unit) {
  std::printf("%s: %s %s\n", name.c_str(),
              (value >= 100 ? fmt::format("{:.0f}", value) : fmt::format("{:.3g}", value)).c_str(), unit);
  std::fflush(stdout);
}

Result<service::Actor> actor_of(store::Database& db, const std::string& username, Instant now) {
  service::Actor a;
  KS_TRY(db.read([&](store::Connection& c) -> Status {
    auto person = KS_TRY(store::structure::find_person_by_username(c, username));
    if (!person) return fail(Error::not_found("no person " + username + " (the demo people are loaded by seed)"));
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

// Runs fn `n` times and prints its p50 and p99 in milliseconds as NAME_p50, NAME_p99.
template <class F>
Status timed(const std::string& name, int n, F&& fn) {
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    KS_TRY(fn(i));
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  auto at = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1) + 0.5))]; };
  figure(name + "_p50", at(0.5), "ms");
  figure(name + "_p99", at(0.99), "ms");
  return {};
}

Status measure(store::Database& db, const Config& config, const std::string& prefix, int n) {
  SystemClock clock;
  service::Context ctx{db, clock, config};
  const Instant now = clock.now();
  auto chair = KS_TRY(actor_of(db, "lpo-ordf", now));
  auto coordinator = KS_TRY(actor_of(db, "samordnare", now));
  auto case_ids = KS_TRY(db.read([&](store::Connection& c) -> Result<std::vector<std::int64_t>> {
    auto rows = KS_TRY(c.rows("SELECT id FROM cases WHERE region_id = 'region-22' ORDER BY id"));
    std::vector<std::int64_t> out;
    for (const auto& r : rows) out.push_back(r.integer(0));
    return out;
  }));
  if (case_ids.empty()) return fail(Error::not_found("no cases in region-22: seed first"));
  std::mt19937 rng(7);
  // The inbox as the product serves it (web and API): a page of 25 with the inbox's counts; the
  // first page and the last (OFFSET reads past the pages before it).
  std::int64_t inbox_size = 0;
  KS_TRY(timed(prefix + ".inbox_page", n, [&](int) -> Status {
    inbox_size = KS_TRY(service::my_tasks(ctx, chair)).total;
    return {};
  }));
  figure(prefix + ".inbox_items", static_cast<double>(inbox_size), "tasks");
  const auto last_page = static_cast<std::size_t>(std::max<std::int64_t>(0, inbox_size - 1)) /
                         service::kInboxPageSize * service::kInboxPageSize;
  KS_TRY(timed(prefix + ".inbox_last_page", n, [&](int) -> Status {
    KS_TRY(service::my_tasks(ctx, chair, last_page));
    return {};
  }));
  KS_TRY(timed(prefix + ".case_page", n, [&](int) -> Status {
    const auto id = case_ids[rng() % case_ids.size()];
    KS_TRY(service::case_detail(ctx, coordinator, id));
    KS_TRY(service::case_history(ctx, coordinator, id));
    return {};
  }));
  const char* words[] = {"depression", "demenssjukdom", "hjärtsvikt", "vårdförloppen", "stroke", "diabetes"};
  KS_TRY(timed(prefix + ".search", n, [&](int i) -> Status {
    store::knowledge_supports::Query q;
    q.text = words[static_cast<std::size_t>(i) % std::size(words)];
    q.limit = 25;
    KS_TRY(service::search_knowledge_supports(ctx, coordinator, q));
    return {};
  }));
  KS_TRY(timed(prefix + ".overview", n, [&](int) -> Status {
    store::cases::Filter f;
    f.region_id = "region-22";
    f.status = "running";
    f.limit = 50;
    KS_TRY(service::list_cases(ctx, coordinator, f));
    return {};
  }));
  // The case list as the product serves it (web /cases): a page of 50 of the cases the reader may
  // read, with how many there are; the first page and the last.
  std::int64_t listed = 0;
  KS_TRY(timed(prefix + ".case_list_page", n, [&](int) -> Status {
    store::cases::Filter f;
    f.limit = 50;
    listed = KS_TRY(service::list_cases(ctx, coordinator, f)).total;
    return {};
  }));
  figure(prefix + ".case_list_items", static_cast<double>(listed), "cases");
  KS_TRY(timed(prefix + ".case_list_last_page", n, [&](int) -> Status {
    store::cases::Filter f;
    f.limit = 50;
    f.offset = static_cast<std::size_t>(std::max<std::int64_t>(0, listed - 1)) / 50 * 50;
    KS_TRY(service::list_cases(ctx, coordinator, f));
    return {};
  }));
  // The case list under the setting "participants" (docs/cases.md): the LPO chair's, the cases
  // whose LPO is one of theirs (cases.lpo_id, migration 0081). The setting is put back after.
  const std::string read_setting(service::kCaseReadSetting);
  const auto before = KS_TRY(db.read([&](store::Connection& c) { return service::get_setting(c, read_setting); }));
  KS_TRY(db.write([&](store::Connection& c) { return service::set_setting(c, read_setting, "participants"); }));
  std::int64_t participated = 0;
  auto by_participation = timed(prefix + ".case_list_participant_page", n, [&](int) -> Status {
    store::cases::Filter f;
    f.limit = 50;
    participated = KS_TRY(service::list_cases(ctx, chair, f)).total;
    return {};
  });
  KS_TRY(db.write([&](store::Connection& c) -> Status {
    if (before) return service::set_setting(c, read_setting, *before);
    KS_TRY(c.exec("DELETE FROM settings WHERE key = ?", read_setting));
    return {};
  }));
  KS_TRY(by_participation);
  figure(prefix + ".case_list_participant_items", static_cast<double>(participated), "cases");
  // The audit view (100 records, newest first) over rows and archived cases' records alike
  // (decision 0018): unfiltered, one case's, one person's (the region's coordinator, in every
  // case), an action each case has once (its start), and a week.
  std::size_t audit_rows = 0;
  auto audit_query = [&](const std::string& name, auto make_filter) -> Status {
    return timed(prefix + ".audit_" + name, n, [&](int) -> Status {
      store::audit::Filter filter = make_filter();
      filter.limit = 100;
      audit_rows = KS_TRY(service::list_audit(ctx, filter)).size();
      return {};
    });
  };
  KS_TRY(audit_query("newest", [] { return store::audit::Filter{}; }));
  KS_TRY(audit_query("case", [&] { return store::audit::Filter{.case_id = std::to_string(case_ids[rng() % case_ids.size()])}; }));
  KS_TRY(audit_query("person", [] { return store::audit::Filter{.person_id = std::string("coordinator-region-22")}; }));
  KS_TRY(audit_query("case_starts", [] { return store::audit::Filter{.action = std::string("case.start")}; }));
  figure(prefix + ".audit_case_starts_records", static_cast<double>(audit_rows), "records");
  // A week a month before the newest record (found on SQLite through audit_time_blocks, decision 0021).
  // The newest by number: SQLite has no index on `at` (migration 0075), and MAX(at) read every row.
  auto newest_at = KS_TRY(db.read([&](store::Connection& c) -> Result<std::int64_t> {
    auto r = KS_TRY(c.row("SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1"));
    return r ? r->integer(0) : now.ms;
  }));
  constexpr std::int64_t kDay = 86'400'000;
  KS_TRY(audit_query("period", [&] {
    return store::audit::Filter{.from = Instant{newest_at - 30 * kDay}, .to = Instant{newest_at - 23 * kDay}};
  }));
  figure(prefix + ".audit_period_records", static_cast<double>(audit_rows), "records");
  return {};
}

// The values the path gives a step (for step 5, the scope's own).
nlohmann::json values_for(const nlohmann::json& path, const std::string& step, const std::string& scope) {
  nlohmann::json fallback;
  for (const auto& s : path.at("steps")) {
    if (s.begin().key() != "complete") continue;
    const auto& body = s.begin().value();
    if (body.value("step", "") != step) continue;
    if (body.value("scope", "") == scope) return body.value("values", nlohmann::json::object());
    if (fallback.is_null() && !body.contains("scope")) fallback = body.value("values", nlohmann::json::object());
  }
  return fallback.is_null() ? nlohmann::json::object() : fallback;
}

// Starts `count` cases on the path's routine and takes each to step 5 (its 9 answers open); writes
// one line per open step-5 task: id, a bearer token of an assignee, the JSON body completing it.
Status open_tasks(store::Database& db, const Config& config, const std::string& path_file, int count,
                  const std::string& out_file) {
  std::ifstream in(path_file);
  std::stringstream ss;
  ss << in.rdbuf();
  auto path = nlohmann::json::parse(ss.str(), nullptr, false);
  if (path.is_discarded() || !path.contains("start")) return fail(Error::invalid("cannot read " + path_file, "path"));
  SystemClock clock;
  service::Context ctx{db, clock, config};
  auto coordinator = KS_TRY(actor_of(db, "samordnare", clock.now()));
  std::map<std::string, std::pair<service::Actor, std::string>> people; // function@scope → actor, token
  auto person_for = [&](const std::string& function, const std::string& scope) -> Result<std::pair<service::Actor, std::string>> {
    const std::string key = function + "@" + scope;
    if (auto it = people.find(key); it != people.end()) return it->second;
    auto holders = KS_TRY(db.read([&](store::Connection& c) { return service::assignees(c, function, scope, format_date(clock.now())); }));
    if (holders.empty()) return fail(Error::not_found("nobody holds " + key));
    auto actor = KS_TRY(actor_of(db, holders.front().username, clock.now()));
    auto token = KS_TRY(service::create_token(ctx, service::command_line_actor(), holders.front().username, "bench"));
    return people[key] = {actor, token.token};
  };
  const auto& start = path.at("start");
  std::ofstream out(out_file);
  for (int i = 0; i < count; ++i) {
    service::RegisterKnowledgeSupport k;
    k.fields.title = fmt::format("Vårdförlopp för lasttest {}", i);
    k.fields.kind = domain::KnowledgeSupportKind::care_pathway;
    k.fields.national_status = domain::NationalStatus::on_consultation;
    k.fields.consultation_from = "2026-01-01";
    k.fields.consultation_to = "2026-03-31";
    auto support = KS_TRY(service::register_knowledge_support(ctx, coordinator, k));
    service::StartCase sc;
    sc.knowledge_support_id = support.id;
    sc.routine = start.at("process").get<std::string>();
    sc.region_id = start.at("variables").at("region").get<std::string>();
    sc.lpo_id = start.at("variables").at("lpo").get<std::string>();
    sc.variables = start.at("variables");
    auto started = KS_TRY(service::start_case(ctx, coordinator, sc));
    for (int round = 0; round < 4; ++round) {
      auto open = KS_TRY(db.read([&](store::Connection& c) { return store::tasks::of_case(c, started.case_id, true); }));
      bool at_five = false;
      for (const auto& t : open) {
        if (t.step == "5") {
          at_five = true;
          auto who = KS_TRY(person_for(t.function, t.scope_unit));
          nlohmann::json body = {{"version", t.version}, {"values", values_for(path, t.step, t.scope_unit)}};
          out << t.id << '\t' << who.second << '\t' << body.dump() << '\n';
          continue;
        }
        auto who = KS_TRY(person_for(t.function, t.scope_unit));
        KS_TRY(service::complete_task(ctx, who.first, {t.id, t.version, values_for(path, t.step, t.scope_unit)}));
        break;
      }
      if (at_five) break;
    }
  }
  return {};
}

} // namespace

void add_bench_commands(CLI::App& app, GlobalOptions& options) {
  auto* bench = app.add_subcommand("bench", "Benchmark helpers (see docs/performance.md)");
  bench->require_subcommand(1);
  auto* seed = bench->add_subcommand("seed", "Add the national 10-year dataset (scale 1: 105,000 cases) to the database");
  auto scale = std::make_shared<double>(0.01);
  auto do_measure = std::make_shared<bool>(false);
  auto iterations = std::make_shared<int>(200);
  auto measure_only = std::make_shared<bool>(false);
  seed->add_option("--scale", *scale, "F: 1 is 21 regions × 5,000 knowledge supports over 10 years")->required();
  seed->add_flag("--measure", *do_measure, "then time inbox, case page, search, overview and the audit view");
  seed->add_option("--iterations", *iterations, "requests per measured read (default 200)");
  seed->add_flag("--measure-only", *measure_only, "time the reads of a database seeded before; add nothing");
  seed->callback([&options, scale, do_measure, iterations, measure_only] {
    auto config = resolve_config(options);
    if (!config) throw CLI::RuntimeError(kExitInvalid);
    SystemClock clock;
    auto db = open_database(*config, clock, Prepare::yes);
    if (!db) throw CLI::RuntimeError(report(db.error()));
    if (auto s = service::ensure_shipped_structure(**db, clock, service::WithDemo::yes); !s)
      throw CLI::RuntimeError(report(s.error()));
    service::Context accounts_ctx{**db, clock, *config};
    if (auto s = service::ensure_demo_accounts(accounts_ctx); !s) throw CLI::RuntimeError(report(s.error())); // For tokens.
    const std::string prefix = fmt::format("seed.{}.{}", (*db)->backend() == store::Backend::sqlite ? "sqlite" : "postgres",
                                           fmt::format("f{}", *scale));
    if (*measure_only) {
      if (auto s = measure(**db, *config, prefix, *iterations); !s) throw CLI::RuntimeError(report(s.error()));
      return;
    }
    service::SeedOptions o;
    o.scale = *scale;
    o.progress = [](std::int64_t done, std::int64_t total) {
      if (done % 10000 == 0) std::fprintf(stderr, "seed: %lld of %lld cases\n", static_cast<long long>(done),
                                          static_cast<long long>(total));
    };
    auto r = service::seed_national_dataset(**db, clock, o);
    if (!r) throw CLI::RuntimeError(report(r.error()));
    figure(prefix + ".cases", static_cast<double>(r->cases), "cases");
    figure(prefix + ".running_cases", static_cast<double>(r->running_cases), "cases");
    figure(prefix + ".tasks", static_cast<double>(r->tasks), "tasks");
    figure(prefix + ".open_tasks", static_cast<double>(r->open_tasks), "tasks");
    figure(prefix + ".history_rows", static_cast<double>(r->history), "rows");
    figure(prefix + ".audit_records", static_cast<double>(r->audit_records), "records");
    figure(prefix + ".seed_seconds", r->seconds, "s");
    figure(prefix + ".seed_rows_per_s",
           static_cast<double>(r->cases + r->tasks + r->history + r->knowledge_supports + r->audit_records) / r->seconds,
           "rows/s");
    if (*do_measure)
      if (auto s = measure(**db, *config, prefix, *iterations); !s) throw CLI::RuntimeError(report(s.error()));
  });

  auto* open = bench->add_subcommand("open-tasks", "Start cases and list their open step-5 tasks for the HTTP benchmark");
  auto cases = std::make_shared<int>(100);
  auto path_file = std::make_shared<std::string>("bench/engine/vn-typical-path.json");
  auto out_file = std::make_shared<std::string>();
  open->add_option("--cases", *cases, "cases to start (9 open tasks each)");
  open->add_option("--path", *path_file, "the path whose values complete the tasks");
  open->add_option("--out", *out_file, "file for lines: task id, bearer token, JSON body")->required();
  open->callback([&options, cases, path_file, out_file] {
    auto config = resolve_config(options);
    if (!config) throw CLI::RuntimeError(kExitInvalid);
    SystemClock clock;
    auto db = open_database(*config, clock, Prepare::yes);
    if (!db) throw CLI::RuntimeError(report(db.error()));
    if (auto s = open_tasks(**db, *config, *path_file, *cases, *out_file); !s) throw CLI::RuntimeError(report(s.error()));
  });
}

} // namespace ks::cli
