#include "service/bench_seed.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <random>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "domain/knowledge_support.hpp"
#include "service/process_registry.hpp"
#include "store/audit_store.hpp"
#include "store/case_archive.hpp"
#include "store/case_store.hpp"
#include "store/compressed_text.hpp"
#include "store/history_store.hpp"
#include "store/pack_dictionary.hpp"
#include "store/task_store.hpp"

namespace ks::service {

namespace {

using store::Connection;
using store::Value;

constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kYearMs = 365 * kDayMs;
constexpr int kYears = 10;
constexpr int kSupportsPerYear = 500;
constexpr int kRegions = 21;
constexpr int kMunicipalities = 290;
constexpr int kCasesPerTransaction = 500;

// Who a task of the routine goes to, resolved per case.
enum class Scope { region, lpo, kfvn, lansledning, forum, lag, joint_group, municipality, principal };

// The Västernorrland routine's typical path (bench/engine/vn-typical-path.json), one entry per user
// task or multi-instance group: 7 municipality answers and 8 principals in Västernorrland, here the
// case's concerned municipalities (and the region for principals).
struct TemplateTask {
  const char* element;
  const char* step;
  const char* function;
  Scope scope;
  const char* form;
};
constexpr TemplateTask kPath[] = {
    {"forward_remiss", "3", "coordinator", Scope::region, "vn-03-vidarebefordra"},
    {"assess_concern", "4", "chair", Scope::lpo, "vn-04-bedomning"},
    {"lpo_experts", "5", "chair", Scope::lpo, "vn-05-lpo-sakkunniga"},
    {"municipality_answer", "5", "contact", Scope::municipality, "vn-05-kommunens-svar"},
    {"kfvn_compile", "5", "coordinator", Scope::kfvn, "vn-05-kfvn-sammanstallning"},
    {"region_compile", "7", "coordinator", Scope::region, "vn-07-remissvar"},
    {"prioritise", "11", "chair", Scope::lpo, "vn-11-prioritering"},
    {"decision_basis", "12", "chair", Scope::lpo, "vn-12-beslutsunderlag"},
    {"route_matter", "13", "collaboration_coordinator", Scope::lansledning, "vn-13-fordelning"},
    {"collab_decision", "13", "chair", Scope::forum, "vn-13-beslut-samverkan"},
    {"resourcing", "14", "chair", Scope::forum, "vn-14-resurssattning"},
    {"appoint_experts", "15", "verksamhetschef", Scope::principal, "vn-15-utse-sakkunniga"},
    {"form_lag", "16", "chair", Scope::lpo, "vn-16-lag"},
    {"gap_analysis", "17", "member", Scope::lag, "vn-17-gap-konsekvensanalys"},
    {"lpo_review", "17", "chair", Scope::lpo, "vn-17-lpo-synpunkter"},
    {"send_consultation", "18", "chair", Scope::lpo, "vn-18-remiss-lsg"},
    {"lsg_consultation", "19", "collaboration_coordinator", Scope::lansledning, "vn-19-lsg-svar"},
    {"lpo_adjust", "20", "chair", Scope::lpo, "vn-20-justering"},
    {"submit_matter", "21", "chair", Scope::lpo, "vn-21-anmalan"},
    {"present_analysis", "22", "chair", Scope::forum, "vn-22-presentation"},
    {"lpo_adjust", "20", "chair", Scope::lpo, "vn-20-justering"},
    {"submit_matter", "21", "chair", Scope::lpo, "vn-21-anmalan"},
    {"present_analysis", "22", "chair", Scope::forum, "vn-22-presentation"},
    {"recommendation", "23", "chair", Scope::lansledning, "vn-23-rekommendation"},
    {"principal_decision", "24", "representative", Scope::principal, "vn-24-huvudmannens-beslut"},
    {"implementation_decision", "25", "chair", Scope::lansledning, "vn-25-genomforande"},
    {"inventory", "26", "chair", Scope::lpo, "vn-26-kompetens"},
    {"commission", "27", "chair", Scope::lpo, "vn-27-uppdrag"},
    {"activity_plan", "28", "member", Scope::lag, "vn-28-aktivitetsplan"},
    {"anchor_plan", "29", "chair", Scope::lpo, "vn-29-forankring"},
    {"assign_joint", "31", "chair", Scope::forum, "vn-31-fordela"},
    {"perform_joint", "32", "chair", Scope::joint_group, "vn-32-aterrapport"},
    {"internal_activities", "30", "representative", Scope::principal, "vn-30-interna-aktiviteter"},
    {"followup", "33", "chair", Scope::lpo, "vn-33-uppfoljning"},
};

const char* const kConditions[] = {
    "depression och ångestsyndrom", "demenssjukdom", "hjärtsvikt", "stroke", "diabetes typ 2", "KOL",
    "reumatoid artrit", "bröstcancer", "prostatacancer", "schizofreni", "adhd hos vuxna", "höftfraktur",
    "sepsis", "ätstörningar", "kronisk njursvikt", "multipel skleros", "Parkinsons sjukdom", "astma hos barn",
    "endometrios", "långvarig smärta", "psoriasis", "förmaksflimmer", "epilepsi", "missbruk och beroende",
    "självskadebeteende", "osteoporos", "venösa bensår", "trycksår", "fetma", "tinnitus"};
const char* const kKinds[] = {"Vårdförlopp", "Nationellt kliniskt kunskapsstöd", "Personcentrerat vårdförlopp",
                              "Rekommendation om", "Nationell riktlinje för"};

// The units a region's cases go to.
struct RegionUnits {
  std::string region;
  std::vector<std::string> municipalities;
  std::vector<std::string> lpos;
  std::string kfvn, lansledning, forum, joint_group;
};

Result<std::vector<RegionUnits>> region_units(Connection& c) {
  auto regions = KS_TRY(c.rows("SELECT id, COALESCE(county, '') FROM units WHERE kind = 'region' ORDER BY id"));
  auto municipalities = KS_TRY(c.rows("SELECT id, COALESCE(county, '') FROM units WHERE kind = 'municipality' ORDER BY id"));
  auto vn_lpos = KS_TRY(c.rows("SELECT id FROM units WHERE kind = 'lpo' AND id LIKE 'vn-%' ORDER BY id"));
  std::vector<RegionUnits> out;
  std::map<std::string, std::size_t> by_county;
  for (const auto& r : regions) {
    if (out.size() == kRegions) break;
    by_county[r.text(1)] = out.size();
    out.push_back({r.text(0), {}, {}, {}, {}, {}, {}});
  }
  for (int i = static_cast<int>(out.size()); i < kRegions; ++i) out.push_back({fmt::format("region-s{:02}", i), {}, {}, {}, {}, {}, {}});
  int municipality_count = 0;
  for (const auto& m : municipalities) {
    auto it = by_county.find(m.text(1));
    if (it == by_county.end() || municipality_count == kMunicipalities) continue;
    out[it->second].municipalities.push_back(m.text(0));
    ++municipality_count;
  }
  for (int i = 0; municipality_count < kMunicipalities; ++i, ++municipality_count)
    out[static_cast<std::size_t>(i % kRegions)].municipalities.push_back(fmt::format("municipality-s{:04}", i));
  for (auto& r : out) {
    if (r.region == "region-22") {
      for (const auto& l : vn_lpos) r.lpos.push_back(l.text(0));
      r.kfvn = "vn-kfvn";
      r.lansledning = "vn-lansledningen";
      r.forum = "vn-lansledningen-styrgrupp";
      r.joint_group = "vn-lsg-halsam-vuxna";
    }
    if (r.lpos.empty())
      for (int k = 0; k < 16; ++k) r.lpos.push_back(fmt::format("{}-lpo-{:02}", r.region, k));
    if (r.kfvn.empty()) r.kfvn = r.region + "-kommunforbund";
    if (r.lansledning.empty()) r.lansledning = r.region + "-lansledning";
    if (r.forum.empty()) r.forum = r.region + "-styrgrupp";
    if (r.joint_group.empty()) r.joint_group = r.region + "-lsg";
  }
  return out;
}

// Rows for one table, written as multi-row INSERTs of `per_statement` rows (one prepared statement
// per size, cached by the connection).
class Batch {
public:
  Batch(Connection& c, std::string head, int columns, int per_statement, std::vector<Batch*> parents = {})
      : m_c(c), m_head(std::move(head)), m_columns(columns), m_per(per_statement), m_parents(std::move(parents)) {}
  template <class... A>
  Status add(A&&... a) {
    static_assert(sizeof...(A) > 0);
    (m_values.emplace_back(std::forward<A>(a)), ...);
    if (static_cast<int>(m_values.size()) >= m_columns * m_per) return flush();
    return {};
  }
  // Writes what is pending, after the pending rows of the tables this one refers to.
  Status flush() {
    for (auto* p : m_parents) KS_TRY(p->flush());
    const int rows = static_cast<int>(m_values.size()) / m_columns;
    if (rows == 0) return {};
    std::string sql = m_head;
    std::string one = "(";
    for (int i = 0; i < m_columns; ++i) one += i ? ",?" : "?";
    one += ")";
    for (int r = 0; r < rows; ++r) {
      if (r) sql += ',';
      sql += one;
    }
    KS_TRY(m_c.execute(sql, m_values));
    m_values.clear();
    return {};
  }

private:
  Connection& m_c;
  std::string m_head;
  int m_columns;
  int m_per;
  std::vector<Batch*> m_parents;
  std::vector<Value> m_values;
};

struct Ids {
  std::int64_t support = 0, kase = 0, task = 0, history = 0;
};

Result<Ids> next_ids(Connection& c) {
  auto next = [&](const char* table) -> Result<std::int64_t> {
    auto r = KS_TRY(c.row(fmt::format("SELECT COALESCE(MAX(id), 0) + 1 FROM {}", table)));
    return r ? r->integer(0) : 1;
  };
  // History rows take their key from the database (on SQLite the table has no id since
  // migration 0060); `history` only counts them.
  // Packed tasks (migration 0072) left `tasks` but keep their ids; a block of task ids (migration
  // 0082) is taken whole.
  auto after_blocks = KS_TRY(c.row(fmt::format("SELECT COALESCE(MAX(first_id), 0) + {} FROM task_blocks",
                                               store::tasks::kIdBlock)));
  return Ids{KS_TRY(next("knowledge_supports")), KS_TRY(next("cases")),
             std::max({KS_TRY(next("tasks")), KS_TRY(next("packed_tasks")), after_blocks ? after_blocks->integer(0) : 1}),
             0};
}

std::string scope_unit(Scope s, const RegionUnits& u, const std::string& lpo, const std::string& lag) {
  switch (s) {
  case Scope::region: return u.region;
  case Scope::lpo: return lpo;
  case Scope::kfvn: return u.kfvn;
  case Scope::lansledning: return u.lansledning;
  case Scope::forum: return u.forum;
  case Scope::lag: return lag;
  case Scope::joint_group: return u.joint_group;
  default: return {};
  }
}

// One expanded task of a case.
struct CaseTask {
  const TemplateTask* t;
  std::string scope;
  std::string item; // JSON of the multi-instance item, or empty.
  int group;        // Tasks of one multi-instance group open together.
};

} // namespace

Result<SeedReport> seed_national_dataset(store::Database& db, const Clock& clock, const SeedOptions& o) {
  if (!(o.scale > 0 && o.scale <= 10)) return fail(Error::invalid("scale must be in (0, 10]", "scale"));
  const auto started = std::chrono::steady_clock::now();
  auto conn = KS_TRY(db.acquire());
  Connection& c = *conn;
  const bool lite = c.backend() == store::Backend::sqlite;
  const auto definition = KS_TRY(newest_definition_id(c, "vasternorrland"));
  if (!definition) return fail(Error::not_found("the Västernorrland routine is not deployed"));
  auto regions = KS_TRY(region_units(c));
  Ids ids = KS_TRY(next_ids(c));
  std::string synchronous = "FULL";
  if (lite) {
    if (auto r = KS_TRY(c.row("PRAGMA synchronous"))) synchronous = std::to_string(r->integer(0));
    KS_TRY(c.execute_script("PRAGMA synchronous=OFF"));
  }
  else KS_TRY(c.execute_script("SET synchronous_commit = off"));

  const std::int64_t supports = std::max<std::int64_t>(1, std::llround(kYears * kSupportsPerYear * o.scale));
  const Instant end = clock.now();
  const std::int64_t begin = end.ms - kYears * kYearMs;
  std::mt19937_64 rng(o.random_seed);
  SeedReport report;
  report.knowledge_supports = supports;
  const std::int64_t total_cases = supports * kRegions;

  auto run = [&]() -> Status {
    std::shared_ptr<const store::compressed::Dictionary> archive_dict, history_dict;
    Batch ks_rows(c, "INSERT INTO knowledge_supports (id, title, kind, national_status, consultation_from, consultation_to, "
                     "summary, created_by, created_at, updated_at) VALUES ", 10, 50);
    Batch case_rows(
        c,
        "INSERT INTO cases (id, knowledge_support_id, region_id, routine, definition_id, diary_number, "
        "status, current_phase, state, version, started_by, started_at, updated_at, ended_at, "
        "open_tasks, lpo_id, task_blocks) VALUES ",
        17, 40, {&ks_rows});
    Batch task_rows(c, "INSERT INTO tasks (id, case_id, local_id, element, step, function, scope_unit, form_id, item, "
                       "opened_at, due, status, completed_by, completed_at, submitted, version) VALUES ", 16, 60, {&case_rows});
    // A running case's history, a row an event (migration 0073).
    Batch history_rows(c, "INSERT INTO case_history (case_id, through_seq, at, actor, events) VALUES ", 5, 100,
                       {&case_rows});
    // A finished case's history packed, as the product packs a case's when it ends (migration 0070).
    Batch packed_rows(c, "INSERT INTO case_history_packed (case_id, through_seq, events) VALUES ", 3, 20, {&case_rows});
    // And its state and tasks archived (migration 0072).
    Batch archive_rows(c, "INSERT INTO case_archive (case_id, data) VALUES ", 2, 20, {&case_rows});
    // A case's blocks of task ids (migration 0082): its tasks' ids name it, packed or not.
    Batch task_blocks(c, "INSERT INTO task_blocks (first_id, case_id) VALUES ", 2, 200, {&case_rows});
    std::vector<store::history::Event> packed;
    std::vector<store::tasks::TaskRow> packed_tasks;
    // Audit records: each case's start and completions, chained as audit::append chains them; a
    // finished case's archived, a running case's rows. A transaction's cases are numbered and
    // chained together in time order, so that their records interleave as a real log's do.
    Batch audit_rows(c, "INSERT INTO audit_log (seq, at, account_id, person_id, username, acting_function, action, "
                        "outcome, object_type, object_id, case_id, remote_addr, request_id, before_json, after_json, "
                        "detail, hash, values_task) VALUES ", 18, 50);
    Batch audit_summaries(c, "INSERT INTO audit_packed_cases (case_id, first_seq, last_seq, first_at, last_at, persons, "
                             "actions, outcomes) VALUES ", 8, 50, {&case_rows});
    struct PendingRecord {
      store::audit::Row row; // after_json with the values, as written.
      std::optional<store::audit::ValuesInTask> values;
      std::int64_t case_id;
    };
    struct PendingArchive {
      std::string state, tasks;
      std::vector<store::audit::Row> records;
    };
    std::vector<PendingRecord> records;
    std::map<std::int64_t, PendingArchive> archives; // The transaction's finished cases.
    // An ended case's archive and history as the product stores them (decision 0023): the first
    // long one of each kind is the definition's dictionary, the others are written with it.
    auto kept = [&](store::dictionaries::Kind kind, std::int64_t case_id, const std::string& text) -> Result<Value> {
      auto& dict = kind == store::dictionaries::Kind::archive ? archive_dict : history_dict;
      if (!dict && text.size() >= store::dictionaries::min_reference(kind))
        dict = KS_TRY(store::dictionaries::made_of(c, kind, *definition, case_id, text));
      return Value(store::Blob{dict ? store::compressed::compress(text, *dict)
                                    : store::compressed::compress(text, store::compressed::Use::kept)});
    };
    KS_TRY(c.begin(true));
    auto [audit_seq, audit_hash] = KS_TRY(store::audit::newest(c));
    auto flush_audit = [&]() -> Status {
      std::stable_sort(records.begin(), records.end(),
                       [](const PendingRecord& a, const PendingRecord& b) { return a.row.at.ms < b.row.at.ms; });
      for (auto& p : records) {
        auto& r = p.row;
        if (auto stored = store::audit::chain(r, ++audit_seq, audit_hash, p.values)) r.after_json = std::move(*stored);
        audit_hash = r.hash;
        ++report.audit_records;
        if (auto it = archives.find(p.case_id); it != archives.end()) {
          it->second.records.push_back(std::move(r));
          continue;
        }
        KS_TRY(audit_rows.add(r.seq, r.at.ms, r.account_id, r.person_id, r.username, r.acting_function, r.action,
                              r.outcome, r.object_type, r.object_id, r.case_id, r.remote_addr, r.request_id,
                              r.before_json, r.after_json, r.detail, r.hash,
                              r.values_task ? Value(r.values_task) : Value()));
      }
      records.clear();
      for (auto& [id, a] : archives) {
        const auto sum = store::audit::summary_of(a.records);
        KS_TRY(audit_summaries.add(id, sum.first_seq, sum.last_seq, sum.first_at, sum.last_at, sum.persons, sum.actions,
                                   sum.outcomes));
        const store::archive::Archive archived{std::move(a.state), std::move(a.tasks),
                                               store::audit::packed_text(a.records)};
        KS_TRY(archive_rows.add(id, KS_TRY(kept(store::dictionaries::Kind::archive, id, store::archive::text_of(archived)))));
      }
      archives.clear();
      return {};
    };
    std::int64_t cases_in_tx = 0;
    for (std::int64_t s = 0; s < supports; ++s) {
      const std::int64_t support_id = ids.support++;
      const std::int64_t support_at = begin + s * (kYears * kYearMs) / supports;
      const std::string condition = kConditions[static_cast<std::size_t>(s) % std::size(kConditions)];
      const std::string title = fmt::format("{} {}{}", kKinds[static_cast<std::size_t>(s / 7) % std::size(kKinds)],
                                            condition, s >= static_cast<std::int64_t>(std::size(kConditions))
                                                           ? fmt::format(" ({})", 2016 + (support_at - begin) / kYearMs)
                                                           : std::string());
      const std::string date = format_date(Instant{support_at});
      KS_TRY(ks_rows.add(support_id, title, "care_pathway",
                         end.ms - support_at > kYearMs ? "adopted" : "on_consultation", date,
                         format_date(Instant{support_at + 90 * kDayMs}),
                         "Nationellt personcentrerat och sammanhållet vårdförlopp för " + condition + ".", "seed",
                         support_at, support_at));
      for (const auto& u : regions) {
        const std::int64_t case_id = ids.kase++;
        // Started within two weeks of the support's arrival, never after now.
        const Instant start{std::min(end.ms, support_at + static_cast<std::int64_t>(rng() % (14 * kDayMs)))};
        const std::string lpo = u.lpos[rng() % u.lpos.size()];
        const std::string lag = fmt::format("lag-{}", case_id);
        // 3-7 concerned municipalities; principals are the region and those.
        std::vector<std::string> concerned = u.municipalities;
        std::shuffle(concerned.begin(), concerned.end(), rng);
        concerned.resize(std::min<std::size_t>(concerned.size(), 3 + rng() % 5));
        std::vector<CaseTask> tasks;
        int group = 0;
        for (const auto& t : kPath) {
          ++group;
          if (t.scope == Scope::municipality) {
            for (const auto& m : concerned) tasks.push_back({&t, m, fmt::format(R"({{"value":"{}"}})", m), group});
          } else if (t.scope == Scope::principal) {
            tasks.push_back({&t, u.region, fmt::format(R"({{"value":"{}"}})", u.region), group});
            for (const auto& m : concerned) tasks.push_back({&t, m, fmt::format(R"({{"value":"{}"}})", m), group});
          } else {
            tasks.push_back({&t, scope_unit(t.scope, u, lpo, lag), {}, group});
          }
        }
        // Finished cases took about 300 days; a younger case stands where its age puts it.
        const std::int64_t age = end.ms - start.ms;
        const bool finished = age > kYearMs;
        const std::int64_t span = 300 * kDayMs;
        std::size_t open_from = tasks.size();
        if (!finished) {
          const auto reached = static_cast<std::size_t>(static_cast<double>(tasks.size()) *
                                                        std::clamp(static_cast<double>(age) / static_cast<double>(kYearMs), 0.0, 0.99));
          open_from = reached;
          while (open_from > 0 && tasks[open_from - 1].group == tasks[reached].group) --open_from;
        }
        const int open_group = finished ? -1 : tasks[open_from].group;
        const std::string phase = finished ? "completed" : domain::phase_of_step(tasks[open_from].t->step);
        // The case row first (tasks and history refer to it): how far it got and when it last moved.
        auto opened_at = [&](std::size_t i) {
          return Instant{start.ms + static_cast<std::int64_t>(i) * span / static_cast<std::int64_t>(tasks.size())};
        };
        auto done_at = [&](std::size_t i) {
          return Instant{opened_at(i).ms + span / static_cast<std::int64_t>(tasks.size()) / 2};
        };
        std::size_t created = tasks.size();
        if (!finished) {
          created = open_from;
          while (created < tasks.size() && tasks[created].group == open_group) ++created;
        }
        const std::size_t closed = finished ? tasks.size() : open_from;
        const std::int64_t last_at = closed > 0 ? done_at(closed - 1).ms : start.ms;
        const std::string state = fmt::format(
            R"({{"status":"{}","vars":{{"region":"{}","lpo":"{}","knowledge_support_id":{},"knowledge_support_title":"{}",)"
            R"("concerns":"municipalities","concerned_municipalities":["{}"]}},"tokens":[],"tasks":[],"timers":[],)"
            R"("subscriptions":[],"scopes":[]}})",
            finished ? "completed" : "running", u.region, lpo, support_id, title, fmt::join(concerned, "\",\""));
        // The open tasks' local ids (tasks are numbered from 1 in order), as a case's row lists them.
        std::vector<std::int64_t> open_locals;
        for (std::size_t i = closed; i < created; ++i)
          open_locals.push_back(static_cast<std::int64_t>(i) + 1);
        const std::string open_list = store::cases::open_tasks_text(open_locals);
        // Its task ids, a block of kIdBlock at a time as tasks::insert_opened takes them: the
        // task with local id L is first_task + L - 1.
        constexpr auto kBlock = store::tasks::kIdBlock;
        const std::int64_t first_task = ids.task;
        const auto block_count = (static_cast<std::int64_t>(created) + kBlock - 1) / kBlock;
        std::vector<std::int64_t> blocks;
        for (std::int64_t k = 0; k < block_count; ++k) blocks.push_back(first_task + k * kBlock);
        ids.task += block_count * kBlock;
        KS_TRY(case_rows.add(case_id, support_id, u.region, "vasternorrland", *definition,
                             fmt::format("R{} {}/{:05}", u.region.substr(u.region.size() - 2),
                                         2016 + (start.ms - begin) / kYearMs, case_id % 100000),
                             finished ? "completed" : "running", phase, finished ? std::string() : state,
                             static_cast<std::int64_t>(created) + 2, "seed", start.ms, last_at,
                             finished ? std::optional<std::int64_t>(last_at) : std::nullopt, open_list, lpo,
                             blocks.empty() ? std::nullopt
                                            : std::optional<std::string>(store::cases::open_tasks_text(blocks))));
        for (const auto first : blocks) KS_TRY(task_blocks.add(first, case_id));
        std::int64_t seq = 0;
        packed.clear();
        packed_tasks.clear();
        auto history = [&](Instant at, const char* kind, const char* element, const char* step, const std::string& actor,
                           std::string data) -> Status {
          ++ids.history;
          if (!finished) {
            std::string line;
            store::history::append_operation_line(line, kind, element, step, data);
            return history_rows.add(case_id, ++seq, at.ms, actor, std::move(line));
          }
          packed.push_back({++seq, at, kind, element, step, actor, std::move(data)});
          return {};
        };
        KS_TRY(history(start, "started", "start", "1", "seed", "{}"));
        // Who did what, as the audit log says it.
        auto audit = [&](Instant at, std::string person, std::string acting, const char* action, std::string object_id,
                         std::string before, std::string after, std::optional<store::audit::ValuesInTask> values) {
          store::audit::Row r;
          r.at = at;
          r.username = person;
          r.person_id = std::move(person);
          r.acting_function = std::move(acting);
          r.action = action;
          r.outcome = "ok";
          r.object_type = object_id.empty() ? "case" : "task";
          r.object_id = object_id.empty() ? std::to_string(case_id) : std::move(object_id);
          r.case_id = std::to_string(case_id);
          r.before_json = std::move(before);
          r.after_json = std::move(after);
          records.push_back({std::move(r), values, case_id});
        };
        audit(start, "coordinator-" + u.region, "coordinator@" + u.region, "case.start", "", "",
              R"({"status":"running"})", std::nullopt);
        std::int64_t local = 0;
        for (std::size_t i = 0; i < tasks.size(); ++i) {
          const auto& t = tasks[i];
          if (!finished && i >= open_from && t.group != open_group) break;
          const bool open = !finished && i >= open_from;
          const Instant opened = opened_at(i);
          const Instant done = done_at(i);
          ++local;
          if (local > block_count * kBlock) return fail(Error::internal("bench seed: a case's tasks outgrew its id blocks"));
          const std::int64_t task_id = first_task + local - 1;
          const std::string actor = fmt::format("{}@{}", t.t->function, t.scope);
          KS_TRY(history(opened, "entered", t.t->element, t.t->step, "seed", "{}"));
          KS_TRY(history(opened, "task_opened", t.t->element, t.t->step, "seed", fmt::format(R"({{"task":{}}})", local)));
          const std::optional<std::string> item = t.item.empty() ? std::nullopt : std::optional<std::string>(t.item);
          if (open) {
            KS_TRY(task_rows.add(task_id, case_id, local, t.t->element, t.t->step, t.t->function, t.scope, t.t->form, item,
                                 opened.ms, opened.ms + 30 * kDayMs, "open", nullptr, nullptr, nullptr, 1));
            ++report.open_tasks;
          } else {
            constexpr std::string_view kSubmitted =
                R"({"answer":"Inga invändningar; stöd önskas i implementeringen.","decided":"yes"})";
            if (finished) {
              packed_tasks.push_back({task_id, case_id, local, t.t->element, t.t->step, t.t->function, t.scope,
                                      t.t->form, item, opened, Instant{opened.ms + 30 * kDayMs}, "completed", actor,
                                      done, std::string(kSubmitted), 2});
            } else {
              KS_TRY(task_rows.add(task_id, case_id, local, t.t->element, t.t->step, t.t->function, t.scope, t.t->form,
                                   item, opened.ms, opened.ms + 30 * kDayMs, "completed", actor, done.ms,
                                   std::string(kSubmitted), 2));
            }
            audit(done, fmt::format("{}-{}", t.t->function, t.scope), actor, "task.complete", std::to_string(task_id),
                  fmt::format(R"({{"status":"open","step":"{}","version":1}})", t.t->step),
                  fmt::format(R"({{"status":"completed","values":{},"version":2}})", kSubmitted),
                  store::audit::ValuesInTask{task_id, kSubmitted});
            KS_TRY(history(done, "task_completed", t.t->element, t.t->step, actor,
                           fmt::format(R"({{"task":{},"values":{{"decided":"yes"}}}})", local)));
            KS_TRY(history(done, "left", t.t->element, t.t->step, actor, "{}"));
          }
          ++report.tasks;
        }
        if (finished) {
          KS_TRY(history(Instant{last_at}, "completed", "end", "33", "system", "{}"));
          KS_TRY(packed_rows.add(
              case_id, seq, KS_TRY(kept(store::dictionaries::Kind::history, case_id, store::history::packed_text(packed)))));
          archives[case_id] = {state, store::tasks::packed_text(packed_tasks), {}};
        }
        ++report.cases;
        if (!finished) ++report.running_cases;
        if (++cases_in_tx == kCasesPerTransaction) {
          KS_TRY(flush_audit());
          KS_TRY(ks_rows.flush());
          KS_TRY(case_rows.flush());
          KS_TRY(task_rows.flush());
          KS_TRY(history_rows.flush());
          KS_TRY(packed_rows.flush());
          KS_TRY(archive_rows.flush());
          KS_TRY(task_blocks.flush());
          KS_TRY(audit_rows.flush());
          KS_TRY(audit_summaries.flush());
          KS_TRY(c.commit());
          KS_TRY(c.begin(true));
          cases_in_tx = 0;
          if (o.progress) o.progress(report.cases, total_cases);
        }
      }
    }
    KS_TRY(flush_audit());
    KS_TRY(ks_rows.flush());
    KS_TRY(case_rows.flush());
    KS_TRY(task_rows.flush());
    KS_TRY(history_rows.flush());
    KS_TRY(packed_rows.flush());
    KS_TRY(archive_rows.flush());
    KS_TRY(task_blocks.flush());
    KS_TRY(audit_rows.flush());
    KS_TRY(audit_summaries.flush());
    KS_TRY(c.exec("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", audit_seq, audit_hash));
    KS_TRY(store::audit::add_time_blocks(c));
    // (A block of task ids taken later comes after these: on SQLite tasks::insert_opened takes it
    // after the highest block, task and packed task, migration 0082; PostgreSQL's sequence is set
    // below.)
    KS_TRY(c.commit());
    return {};
  };
  const std::int64_t history_before = ids.history;
  auto s = run();
  if (!s) c.rollback();
  if (lite) (void)c.execute_script("PRAGMA synchronous=" + synchronous);
  else (void)c.execute_script("SET synchronous_commit = on");
  KS_TRY(s);
  report.history = ids.history - history_before;
  if (lite) {
    KS_TRY(c.execute_script("PRAGMA analysis_limit=1000; ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);"));
  } else {
    for (const char* table : {"knowledge_supports", "cases"})
      KS_TRY(c.row(fmt::format("SELECT setval(pg_get_serial_sequence('{0}', 'id'), (SELECT MAX(id) FROM {0}))", table)));
    // A block of task ids taken later comes after every id given (the sequence counts in blocks).
    KS_TRY(c.row(fmt::format("SELECT setval(pg_get_serial_sequence('tasks', 'id'), GREATEST((SELECT MAX(id) FROM "
                             "tasks), (SELECT MAX(id) FROM packed_tasks), (SELECT MAX(first_id) + {} - 1 FROM "
                             "task_blocks)))",
                             store::tasks::kIdBlock)));
    KS_TRY(c.execute_script("ANALYZE"));
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

} // namespace ks::service
