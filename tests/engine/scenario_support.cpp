#include "scenario_runner.hpp"

#include "engine/bpmn/parse.hpp"
#include "engine/bpmn/validate.hpp"
#include "engine/duration.hpp"
#include "engine/forms/form.hpp"
#include "engine/runtime/runtime.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace ks::engine::testing {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Failure {
  std::string message;
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Failure{fmt::format("cannot read {}", p.string())};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// True when every member of `expected` is in `actual` with a matching value: objects may have more
// members, arrays must have the same length with each element matching, numbers compare by value.
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
  Runner(fs::path file, const ScenarioDirs& dirs) : m_file(std::move(file)), m_dirs(dirs) {}

  ScenarioOutcome run() {
    try {
      json scenario = json::parse(read_file(m_file));
      only_keys(scenario, {"description", "processes", "start", "steps"}, "the scenario");
      only_keys(scenario.at("start"), {"process", "variables", "at"}, "start");
      m_what = "load";
      load(scenario);
      m_what = "start";
      start(scenario.at("start"));
      const json& steps = scenario.at("steps");
      for (std::size_t i = 0; i < steps.size(); ++i) {
        m_step = static_cast<int>(i) + 1;
        step(steps[i]);
      }
      return {true, fmt::format("{}: {} steps, status {}", m_file.filename().string(), steps.size(),
                                to_string(m_state.status))};
    } catch (const Failure& f) {
      return {false, where() + f.message};
    } catch (const json::exception& e) {
      return {false, where() + "malformed scenario: " + e.what()};
    }
  }

private:
  std::string where() const {
    if (m_step == 0) return fmt::format("{}: {}: ", m_file.string(), m_what);
    return fmt::format("{}: step {} ({}): ", m_file.string(), m_step, m_what);
  }

  fs::path find_process_file(const std::string& name) {
    for (const auto& dir : m_dirs.process_dirs)
      if (fs::exists(dir / name)) return dir / name;
    throw Failure{fmt::format("process file '{}' not found", name)};
  }

  void load(const json& scenario) {
    for (const auto& dir : m_dirs.form_dirs) {
      if (!fs::is_directory(dir)) continue;
      for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".form") continue;
        auto form = forms::parse_form(read_file(entry.path()));
        if (!form) throw Failure{fmt::format("form {}: {}", entry.path().string(), form.error().describe())};
        m_forms[form->id] = *form;
      }
    }
    bpmn::ValidationContext ctx;
    for (const auto& [id, f] : m_forms) ctx.known_forms.insert(id);
    std::vector<std::pair<std::string, std::string>> texts;
    for (const auto& name : scenario.at("processes")) {
      std::string n = name.get<std::string>();
      texts.emplace_back(n, read_file(find_process_file(n)));
      for (const auto& p : bpmn::parse_bpmn(texts.back().second).definitions.processes) ctx.known_processes.insert(p.id);
    }
    for (const auto& [name, text] : texts) {
      auto defs = bpmn::load_bpmn(text, ctx);
      if (!defs) throw Failure{fmt::format("{} is not valid:\n{}", name, defs.error().message)};
      if (auto s = m_defs.add(std::move(*defs)); !s) throw Failure{s.error().describe()};
    }
  }

  void apply(Result<Changes> r, const char* op) {
    if (!r) throw Failure{fmt::format("{} failed: {} ({})", op, r.error().describe(), to_string(r.error().code))};
    m_state = std::move(r->state);
    for (auto& h : r->history) m_history.push_back(std::move(h));
    for (auto& e : r->effects) m_effects.push_back(std::move(e));
    // Every state must survive a JSON round trip unchanged.
    json once = to_json(m_state);
    auto back = state_from_json(once);
    if (!back) throw Failure{"state does not read back: " + back.error().describe()};
    if (to_json(*back) != once) throw Failure{"state changes in a JSON round trip"};
    // And through its stored text, read back with every variable unparsed, then settled.
    const std::string text = to_json_text(m_state);
    auto read = state_from_text(text);
    if (!read) throw Failure{"state text does not read back: " + read.error().describe()};
    if (to_json_text(*read) != text) throw Failure{"state text changes when read back"};
    read->variables.settle();
    if (to_json_text(*read) != text || to_json(*read) != once) throw Failure{"state changes when settled"};
  }

  void start(const json& s) {
    m_now = *parse_iso("2026-01-01T08:00:00Z");
    if (s.contains("at")) {
      auto at = parse_iso(s.at("at").get<std::string>());
      if (!at) throw Failure{"bad start.at"};
      m_now = *at;
    }
    apply(engine::start(m_defs, s.at("process").get<std::string>(), s.value("variables", json::object()), m_now),
          "start");
  }

  std::string open_tasks_text() const {
    std::string out;
    for (const auto& t : m_state.tasks)
      out += fmt::format("{}[{} {} {}@{}]", out.empty() ? "" : ", ", t.id, t.step.empty() ? t.element : "step " + t.step,
                         t.function, t.scope_unit);
    return out.empty() ? "none" : out;
  }

  void step(const json& s) {
    if (!s.is_object() || s.size() != 1) throw Failure{"a step is an object with one member"};
    const std::string kind = s.begin().key();
    const json& body = s.begin().value();
    m_what = kind;
    if (kind == "complete") complete(body);
    else if (kind == "message") message(body);
    else if (kind == "advance") advance(body);
    else if (kind == "expect") expect(body);
    else if (kind == "expect_error") expect_error(body);
    else throw Failure{fmt::format("unknown step '{}'", kind)};
  }

  const Task& find_task(const json& body) {
    only_keys(body, {"step", "element", "scope", "values"}, "complete");
    std::string step = body.value("step", std::string());
    std::string element = body.value("element", std::string());
    std::string scope = body.value("scope", std::string());
    m_what = fmt::format("complete {}{}", step.empty() ? element : "step " + step, scope.empty() ? "" : "@" + scope);
    for (const auto& t : m_state.tasks) {
      if (!step.empty() && t.step != step) continue;
      if (!element.empty() && t.element != element) continue;
      if (!scope.empty() && t.scope_unit != scope) continue;
      return t;
    }
    throw Failure{fmt::format("no such open task; open: {}", open_tasks_text())};
  }

  Result<Changes> do_complete(const json& body) {
    const Task& task = find_task(body);
    json values = body.value("values", json::object());
    if (!task.form.empty()) {
      auto form = m_forms.find(task.form);
      if (form == m_forms.end()) throw Failure{fmt::format("form '{}' is not loaded", task.form)};
      auto checked = forms::validate_submission(form->second, values, m_state.variables);
      if (!checked) {
        std::string list;
        for (const auto& e : checked.error()) list += fmt::format("\n  {}: {} (value {})", e.key, e.message, e.value.dump());
        throw Failure{fmt::format("values do not pass form '{}':{}", task.form, list)};
      }
      values = *checked;
    }
    return engine::complete_task(m_defs, m_state, task.id, values, m_now);
  }

  void complete(const json& body) { apply(do_complete(body), "complete_task"); }

  void message(const json& body) {
    std::string name = body.at("name").get<std::string>();
    m_what = "message " + name;
    apply(correlate_message(m_defs, m_state, name, body.value("payload", json::object()), m_now), "correlate_message");
  }

  // Moves the clock, firing each timer at its due time, earliest first.
  void advance(const json& body) {
    std::string text = body.get<std::string>();
    m_what = "advance " + text;
    auto d = parse_duration(text);
    if (!d) throw Failure{d.error().message};
    Instant target = add_duration(m_now, *d);
    for (int fired = 0;; ++fired) {
      if (fired > 1000) throw Failure{"more than 1000 timers fired in one advance"};
      const TimerEntry* next = nullptr;
      for (const auto& t : m_state.timers)
        if (t.due <= target && (!next || t.due < next->due)) next = &t;
      if (!next || m_state.status != CaseStatus::running) break;
      m_now = std::max(m_now, next->due);
      apply(fire_timer(m_defs, m_state, next->id, m_now), "fire_timer");
    }
    m_now = target;
  }

  void expect_error(const json& body) {
    std::string code = body.at("code").get<std::string>();
    Result<Changes> r = fail(Error::internal("no operation"));
    if (body.contains("complete")) r = do_complete(body.at("complete"));
    else if (body.contains("message"))
      r = correlate_message(m_defs, m_state, body.at("message").at("name").get<std::string>(),
                            body.at("message").value("payload", json::object()), m_now);
    else if (body.contains("task_id")) r = engine::complete_task(m_defs, m_state, body.at("task_id").get<std::int64_t>(),
                                                                  json::object(), m_now);
    else throw Failure{"expect_error needs complete, message or task_id"};
    if (r) throw Failure{fmt::format("expected error {}, but the operation succeeded", code)};
    if (to_string(r.error().code) != code)
      throw Failure{fmt::format("expected error {}, got {}: {}", code, to_string(r.error().code), r.error().message)};
  }

  std::vector<std::string> steps_entered() const {
    std::vector<std::string> out;
    for (const auto& h : m_history)
      if (h.kind == "entered" && !h.step.empty()) out.push_back(h.step);
    return out;
  }

  static void only_keys(const json& obj, std::initializer_list<std::string_view> keys, std::string_view what) {
    if (!obj.is_object()) throw Failure{fmt::format("{} must be an object", what)};
    for (const auto& [k, v] : obj.items())
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) throw Failure{fmt::format("unknown key '{}' in {}", k, what)};
  }

  void expect(const json& e) {
    only_keys(e, {"status", "open_steps", "open_tasks", "only", "variables", "history_steps", "history_contains", "effects",
                  "timers", "now"},
              "expect");
    if (e.contains("status")) {
      std::string want = e.at("status").get<std::string>();
      if (want != to_string(m_state.status))
        throw Failure{fmt::format("status is {}, expected {}; open tasks: {}", to_string(m_state.status), want,
                                  open_tasks_text())};
    }
    if (e.contains("open_steps")) {
      std::vector<std::string> want = e.at("open_steps").get<std::vector<std::string>>();
      std::vector<std::string> have;
      for (const auto& t : m_state.tasks) have.push_back(t.step);
      std::sort(want.begin(), want.end());
      std::sort(have.begin(), have.end());
      if (want != have)
        throw Failure{fmt::format("open steps are [{}], expected [{}]; open tasks: {}", fmt::join(have, ", "),
                                  fmt::join(want, ", "), open_tasks_text())};
    }
    if (e.contains("open_tasks")) {
      // Each expected {step, element, function, scope, form, due} matches a different open task.
      std::vector<bool> used(m_state.tasks.size(), false);
      for (const auto& want : e.at("open_tasks")) {
        bool found = false;
        for (std::size_t i = 0; i < m_state.tasks.size() && !found; ++i) {
          if (used[i]) continue;
          const Task& t = m_state.tasks[i];
          json have = {{"step", t.step}, {"element", t.element}, {"function", t.function}, {"scope", t.scope_unit},
                       {"form", t.form}, {"due", t.due ? json(format_iso(*t.due)) : json(nullptr)}};
          std::string where;
          if (subset(want, have, where)) used[i] = found = true;
        }
        if (!found) throw Failure{fmt::format("no open task matches {}; open: {}", want.dump(), open_tasks_text())};
      }
      if (e.value("only", false) && e.at("open_tasks").size() != m_state.tasks.size())
        throw Failure{fmt::format("more open tasks than expected: {}", open_tasks_text())};
    }
    if (e.contains("variables")) {
      std::string where;
      const json variables = m_state.variables.to_json();
      if (!subset(e.at("variables"), variables, where))
        throw Failure{fmt::format("variable {} differs; variables are {}", where, variables.dump())};
    }
    if (e.contains("history_steps")) {
      auto want = e.at("history_steps").get<std::vector<std::string>>();
      auto have = steps_entered();
      if (want != have)
        throw Failure{fmt::format("steps so far are [{}], expected [{}]", fmt::join(have, ", "), fmt::join(want, ", "))};
    }
    if (e.contains("history_contains")) {
      // An ordered subsequence of the steps entered.
      auto want = e.at("history_contains").get<std::vector<std::string>>();
      auto have = steps_entered();
      std::size_t i = 0;
      for (const auto& s : have)
        if (i < want.size() && s == want[i]) ++i;
      if (i < want.size())
        throw Failure{fmt::format("step {} not found in order in [{}]", want[i], fmt::join(have, ", "))};
    }
    if (e.contains("effects")) {
      // Each expected effect (subset of {action, element, step, params}) in order among those emitted.
      std::size_t i = 0;
      const json& want = e.at("effects");
      for (const auto& eff : m_effects) {
        if (i >= want.size()) break;
        json have = {{"action", eff.action}, {"element", eff.element}, {"step", eff.step}, {"params", eff.params}};
        std::string where;
        if (subset(want[i], have, where)) ++i;
      }
      if (i < want.size()) {
        std::string all;
        for (const auto& eff : m_effects) all += fmt::format("\n  {} {} {}", eff.action, eff.element, eff.params.dump());
        throw Failure{fmt::format("effect {} not emitted (in order); effects:{}", want[i].dump(), all)};
      }
    }
    if (e.contains("timers")) {
      // Due dates of pending timers, sorted, as "YYYY-MM-DD" or full ISO instants.
      std::vector<std::string> want = e.at("timers").get<std::vector<std::string>>();
      std::vector<std::string> have;
      for (const auto& t : m_state.timers) {
        bool date_only = std::any_of(want.begin(), want.end(), [](const std::string& w) { return w.size() == 10; });
        have.push_back(date_only ? format_date(t.due) : format_iso(t.due));
      }
      std::sort(want.begin(), want.end());
      std::sort(have.begin(), have.end());
      if (want != have)
        throw Failure{fmt::format("timers due [{}], expected [{}]", fmt::join(have, ", "), fmt::join(want, ", "))};
    }
    if (e.contains("now")) {
      if (format_iso(m_now).substr(0, e.at("now").get<std::string>().size()) != e.at("now").get<std::string>())
        throw Failure{fmt::format("now is {}", format_iso(m_now))};
    }
  }

  fs::path m_file;
  const ScenarioDirs& m_dirs;
  DefinitionSet m_defs;
  std::map<std::string, forms::Form> m_forms;
  InstanceState m_state;
  std::vector<HistoryEvent> m_history;
  std::vector<Effect> m_effects;
  Instant m_now;
  int m_step = 0;
  std::string m_what;
};

} // namespace

ScenarioOutcome run_scenario(const fs::path& file, const ScenarioDirs& dirs) { return Runner(file, dirs).run(); }

} // namespace ks::engine::testing
