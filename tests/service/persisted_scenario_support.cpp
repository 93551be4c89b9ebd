#include "persisted_scenario.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "engine/duration.hpp"
#include "service/case_service.hpp"
#include "service/task_service.hpp"
#include "service/timer_worker.hpp"
#include "store/case_store.hpp"
#include "store/history_store.hpp"
#include "store/task_store.hpp"
#include "store/timer_store.hpp"

namespace ks::test {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Failure {
  std::string message;
};

template <class T>
T must(Result<T> r, std::string_view what) {
  if (!r) throw Failure{fmt::format("{} failed: {} ({})", what, r.error().describe(), to_string(r.error().code))};
  return std::move(*r);
}

// Every member of `expected` is in `actual` with a matching value (as the engine's runner).
bool subset(const json& expected, const json& actual, std::string& where) {
  if (expected.is_object()) {
    if (!actual.is_object()) return false;
    for (const auto& [k, v] : expected.items()) {
      auto it = actual.find(k);
      if (it == actual.end()) {
        where = k + " (missing)";
        return false;
      }
      std::string inner;
      if (!subset(v, *it, inner)) {
        where = inner.empty() ? k : k + "." + inner;
        return false;
      }
    }
    return true;
  }
  if (expected.is_array()) {
    if (!actual.is_array() || actual.size() != expected.size()) return false;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      std::string inner;
      if (!subset(expected[i], actual[i], inner)) {
        where = fmt::format("[{}]{}", i, inner.empty() ? "" : "." + inner);
        return false;
      }
    }
    return true;
  }
  if (expected.is_number() && actual.is_number()) return expected.get<double>() == actual.get<double>();
  return expected == actual;
}

class Runner {
public:
  Runner(CaseFixture& f, service::Context& ctx, ManualClock& clock) : m_f(f), m_ctx(ctx), m_clock(clock) {}

  PersistedOutcome run(const fs::path& file) {
    try {
      std::ifstream in(file);
      std::stringstream ss;
      ss << in.rdbuf();
      json scenario = json::parse(ss.str());
      start(scenario.at("start"));
      const json& steps = scenario.at("steps");
      for (std::size_t i = 0; i < steps.size(); ++i) {
        m_step = static_cast<int>(i) + 1;
        const std::string kind = steps[i].begin().key();
        const json& body = steps[i].begin().value();
        m_what = kind;
        if (kind == "complete") complete(body);
        else if (kind == "message") message(body);
        else if (kind == "advance") advance(body.get<std::string>());
        else if (kind == "expect") expect(body);
        else throw Failure{"unknown step " + kind};
      }
      return {true, fmt::format("{}: {} steps, status {}", file.filename().string(), steps.size(), stored().fields.status),
              m_case};
    } catch (const Failure& e) {
      return {false, fmt::format("{}: step {} ({}): {}", file.filename().string(), m_step, m_what, e.message), m_case};
    } catch (const json::exception& e) {
      return {false, fmt::format("{}: step {}: malformed: {}", file.filename().string(), m_step, e.what()), m_case};
    }
  }

private:
  void start(const json& s) {
    m_clock.set(kCaseStart);
    if (s.contains("at")) m_clock.set(*parse_iso(s.at("at").get<std::string>()));
    const json vars = s.value("variables", json::object());
    m_region = vars.value("region", std::string());
    service::StartCase in;
    in.knowledge_support_id = m_f.add_knowledge_support();
    in.routine = s.at("process").get<std::string>();
    in.region_id = m_region;
    if (vars.contains("lpo")) in.lpo_id = vars.at("lpo").get<std::string>();
    in.variables = vars;
    auto started = must(service::start_case(m_ctx, coordinator(), in), "start_case");
    m_case = started.case_id;
    if (started.diary_number.empty()) throw Failure{"the case has no diary number"};
  }

  service::Actor coordinator() {
    return m_region == "region-22" ? m_f.actor("samordnare") : m_f.holder_of("coordinator", m_region);
  }

  store::cases::Case stored() {
    auto k = must(m_ctx.db.read([&](store::Connection& c) { return store::cases::find(c, m_case); }), "find case");
    if (!k) throw Failure{"case vanished"};
    return *k;
  }

  std::vector<store::tasks::TaskRow> open_tasks() {
    return must(m_ctx.db.read([&](store::Connection& c) { return store::tasks::of_case(c, m_case, true); }), "tasks");
  }

  std::string open_tasks_text() {
    std::string out;
    for (const auto& t : open_tasks())
      out += fmt::format("{}[{} {}@{}]", out.empty() ? "" : ", ", t.step.empty() ? t.element : "step " + t.step,
                         t.function, t.scope_unit);
    return out.empty() ? "none" : out;
  }

  void complete(const json& body) {
    std::string step = body.value("step", std::string());
    std::string element = body.value("element", std::string());
    std::string scope = body.value("scope", std::string());
    m_what = fmt::format("complete {}{}", step.empty() ? element : "step " + step, scope.empty() ? "" : "@" + scope);
    for (const auto& t : open_tasks()) {
      if (!step.empty() && t.step != step) continue;
      if (!element.empty() && t.element != element) continue;
      if (!scope.empty() && t.scope_unit != scope) continue;
      service::CompleteTask in{t.id, t.version, body.value("values", json::object())};
      must(service::complete_task(m_ctx, m_f.assignee_of(t.function, t.scope_unit), in), "complete_task");
      return;
    }
    throw Failure{"no such open task; open: " + open_tasks_text()};
  }

  void message(const json& body) {
    service::CaseMessage in;
    in.case_id = m_case;
    in.name = body.at("name").get<std::string>();
    in.payload = body.value("payload", json::object());
    m_what = "message " + in.name;
    must(service::correlate_message(m_ctx, coordinator(), in), "correlate_message");
  }

  // Moves the clock to each due timer in turn and lets the worker fire it, as the engine's runner.
  void advance(const std::string& text) {
    m_what = "advance " + text;
    auto d = engine::parse_duration(text);
    if (!d) throw Failure{d.error().message};
    const Instant target = engine::add_duration(m_clock.now(), *d);
    for (int round = 0;; ++round) {
      if (round > 1000) throw Failure{"more than 1000 timers in one advance"};
      auto timers = must(m_ctx.db.read([&](store::Connection& c) { return store::timers::of_case(c, m_case); }), "timers");
      if (timers.empty() || timers.front().due > target || stored().fields.status != "running") break;
      m_clock.set(std::max(m_clock.now(), timers.front().due));
      auto run = must(service::fire_due_timers(m_ctx, "scenario-worker"), "fire_due_timers");
      if (run.failed > 0) throw Failure{"a timer failed to fire (see the log)"};
    }
    m_clock.set(target);
  }

  std::vector<std::string> steps_entered() {
    auto events = must(m_ctx.db.read([&](store::Connection& c) { return store::history::of_case(c, m_case); }), "history");
    std::vector<std::string> out;
    for (const auto& e : events)
      if (e.kind == "entered" && !e.step.empty()) out.push_back(e.step);
    return out;
  }

  void expect(const json& e) {
    const auto k = stored();
    // The LPO column lists read follows the variable (migration 0081), wherever it was set: at
    // the start, or at Dalarna's D3.
    if (const auto lpo = store::cases::lpo_of_state(k.fields.state); lpo != k.fields.lpo_id)
      throw Failure{fmt::format("cases.lpo_id is {}, the variable lpo {}", k.fields.lpo_id.value_or("NULL"),
                                lpo.value_or("not set"))};
    if (e.contains("status") && e.at("status").get<std::string>() != k.fields.status)
      throw Failure{fmt::format("status is {}, expected {}; open tasks: {}", k.fields.status,
                                e.at("status").get<std::string>(), open_tasks_text())};
    const auto tasks = open_tasks();
    if (e.contains("open_steps")) {
      auto want = e.at("open_steps").get<std::vector<std::string>>();
      std::vector<std::string> have;
      for (const auto& t : tasks) have.push_back(t.step);
      std::sort(want.begin(), want.end());
      std::sort(have.begin(), have.end());
      if (want != have)
        throw Failure{fmt::format("open steps are [{}], expected [{}]", fmt::join(have, ", "), fmt::join(want, ", "))};
    }
    if (e.contains("open_tasks")) {
      std::vector<bool> used(tasks.size(), false);
      for (const auto& want : e.at("open_tasks")) {
        bool found = false;
        for (std::size_t i = 0; i < tasks.size() && !found; ++i) {
          if (used[i]) continue;
          const auto& t = tasks[i];
          json have = {{"step", t.step}, {"element", t.element}, {"function", t.function}, {"scope", t.scope_unit},
                       {"form", t.form_id}, {"due", t.due ? json(format_iso(*t.due)) : json(nullptr)}};
          std::string where;
          if (subset(want, have, where)) used[i] = found = true;
        }
        if (!found) throw Failure{fmt::format("no open task matches {}; open: {}", want.dump(), open_tasks_text())};
      }
      if (e.value("only", false) && e.at("open_tasks").size() != tasks.size())
        throw Failure{"more open tasks than expected: " + open_tasks_text()};
    }
    if (e.contains("variables")) {
      auto state = json::parse(k.fields.state);
      std::string where;
      if (!subset(e.at("variables"), state.at("vars"), where))
        throw Failure{fmt::format("variable {} differs; variables are {}", where, state.at("vars").dump())};
    }
    if (e.contains("history_steps")) {
      auto want = e.at("history_steps").get<std::vector<std::string>>();
      auto have = steps_entered();
      if (want != have)
        throw Failure{fmt::format("steps so far are [{}], expected [{}]", fmt::join(have, ", "), fmt::join(want, ", "))};
    }
    if (e.contains("history_contains")) {
      auto want = e.at("history_contains").get<std::vector<std::string>>();
      auto have = steps_entered();
      std::size_t i = 0;
      for (const auto& s : have)
        if (i < want.size() && s == want[i]) ++i;
      if (i < want.size()) throw Failure{fmt::format("step {} not found in order in [{}]", want[i], fmt::join(have, ", "))};
    }
    if (e.contains("timers")) {
      auto timers = must(m_ctx.db.read([&](store::Connection& c) { return store::timers::of_case(c, m_case); }), "timers");
      auto want = e.at("timers").get<std::vector<std::string>>();
      std::vector<std::string> have;
      bool date_only = std::any_of(want.begin(), want.end(), [](const std::string& w) { return w.size() == 10; });
      for (const auto& t : timers) have.push_back(date_only ? format_date(t.due) : format_iso(t.due));
      std::sort(want.begin(), want.end());
      std::sort(have.begin(), have.end());
      if (want != have) throw Failure{fmt::format("timers due [{}], expected [{}]", fmt::join(have, ", "), fmt::join(want, ", "))};
    }
  }

  CaseFixture& m_f;
  service::Context& m_ctx;
  ManualClock& m_clock;
  std::int64_t m_case = 0;
  std::string m_region;
  int m_step = 0;
  std::string m_what = "start";
};

} // namespace

PersistedOutcome run_persisted_scenario(CaseFixture& fixture, service::Context& ctx, ManualClock& clock,
                                        const fs::path& file) {
  return Runner(fixture, ctx, clock).run(file);
}

} // namespace ks::test
