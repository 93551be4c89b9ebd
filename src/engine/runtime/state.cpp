#include "engine/runtime/state.hpp"

#include "engine/runtime/changes.hpp"

#include <charconv>

#include <fmt/format.h>

#include "core/json_text.hpp"

namespace ks::engine {

using nlohmann::json;

std::string_view to_string(CaseStatus status) {
  switch (status) {
  case CaseStatus::running: return "running";
  case CaseStatus::completed: return "completed";
  case CaseStatus::terminated: return "terminated";
  }
  return "?";
}

std::string_view to_string(TaskEnd how) { return how == TaskEnd::completed ? "completed" : "cancelled"; }

const Task* InstanceState::find_task(std::int64_t id) const {
  for (const auto& t : tasks)
    if (t.id == id) return &t;
  return nullptr;
}

const TimerEntry* InstanceState::find_timer(std::int64_t id) const {
  for (const auto& t : timers)
    if (t.id == id) return &t;
  return nullptr;
}

std::size_t heap_bytes(const InstanceState& s) {
  std::size_t n = s.variables.heap_bytes() + heap_bytes_of(s.definition_id) + heap_bytes_of(s.tokens) +
                  heap_bytes_of(s.scopes) + heap_bytes_of(s.tasks) + heap_bytes_of(s.timers) +
                  heap_bytes_of(s.subscriptions);
  for (const auto& t : s.tokens) n += heap_bytes_of(t.element) + heap_bytes_of(t.via) + heap_bytes_of(t.mi_items);
  for (const auto& x : s.scopes) n += heap_bytes_of(x.process) + heap_bytes_of(x.container);
  for (const auto& t : s.tasks)
    n += heap_bytes_of(t.element) + heap_bytes_of(t.step) + heap_bytes_of(t.function) + heap_bytes_of(t.scope_unit) +
         heap_bytes_of(t.form) + heap_bytes_of(t.item);
  for (const auto& t : s.timers) n += heap_bytes_of(t.element);
  for (const auto& x : s.subscriptions) n += heap_bytes_of(x.element) + heap_bytes_of(x.message);
  return n;
}

namespace {

// Everything but "vars".
json without_variables(const InstanceState& s) {
  json out = {{"v", 1},
              {"def", s.definition_id},
              {"status", to_string(s.status)},
              {"next", s.next_id},
              {"next_task", s.next_task}};
  json tokens = json::array();
  for (const auto& t : s.tokens) {
    json j = {{"id", t.id}, {"s", t.scope}, {"at", t.element}};
    if (!t.via.empty()) j["via"] = t.via;
    if (t.mi_total != 0 || t.mi_completed != 0) j["mi"] = {t.mi_total, t.mi_completed, t.mi_next};
    if (!t.mi_items.is_null()) j["items"] = t.mi_items;
    tokens.push_back(std::move(j));
  }
  out["tokens"] = std::move(tokens);
  json scopes = json::array();
  for (const auto& sc : s.scopes) {
    json j = {{"id", sc.id}, {"p", sc.process}};
    if (sc.parent_token != 0) j["pt"] = sc.parent_token;
    if (!sc.container.empty()) j["in"] = sc.container;
    scopes.push_back(std::move(j));
  }
  out["scopes"] = std::move(scopes);
  json tasks = json::array();
  for (const auto& t : s.tasks) {
    json j = {{"id", t.id}, {"tok", t.token}, {"at", t.element}, {"fn", t.function}, {"unit", t.scope_unit},
              {"opened", t.opened.ms}};
    if (!t.step.empty()) j["step"] = t.step;
    if (!t.form.empty()) j["form"] = t.form;
    if (t.due) j["due"] = t.due->ms;
    if (t.instance >= 0) {
      j["i"] = t.instance;
      j["item"] = t.item;
    }
    tasks.push_back(std::move(j));
  }
  out["tasks"] = std::move(tasks);
  json timers = json::array();
  for (const auto& t : s.timers) {
    json j = {{"id", t.id}, {"tok", t.token}, {"at", t.element}, {"due", t.due.ms}};
    if (t.repeats_left != -1) j["left"] = t.repeats_left;
    timers.push_back(std::move(j));
  }
  out["timers"] = std::move(timers);
  json subs = json::array();
  for (const auto& x : s.subscriptions) subs.push_back({{"id", x.id}, {"tok", x.token}, {"at", x.element}, {"msg", x.message}});
  out["subs"] = std::move(subs);
  return out;
}

} // namespace

json to_json(const InstanceState& s) {
  json out = without_variables(s);
  out["vars"] = s.variables.to_json();
  return out;
}

namespace {

// Writes without_variables(s).dump() up to its closing brace, then ,"vars": — by hand, without
// building the document (issue 8: building and dumping it was 12 % of a task completion). Keys
// in the sorted order nlohmann::json's objects keep; "vars" sorts last. Held to the document's
// text by tests/engine/state_text_test.cpp.
class StateWriter {
public:
  explicit StateWriter(std::string& out) : m_out(out) {}
  StateWriter& open() { return m_out += '{', m_first = true, *this; }
  StateWriter& close() { return m_out += '}', m_first = false, *this; }
  StateWriter& open_array() { return m_out += '[', m_first = true, *this; }
  StateWriter& close_array() { return m_out += ']', m_first = false, *this; }
  StateWriter& key(std::string_view k) {
    if (!m_first) m_out += ',';
    m_first = false;
    m_out += '"';
    m_out += k; // Keys here are plain ASCII words.
    m_out += "\":";
    return *this;
  }
  StateWriter& item() { // Before an element of an array.
    if (!m_first) m_out += ',';
    m_first = false;
    return *this;
  }
  StateWriter& number(std::int64_t n) {
    char buf[24];
    auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
    m_out.append(buf, end);
    m_first = false;
    return *this;
  }
  StateWriter& text(std::string_view t) {
    json_text::append_string(m_out, t, json_text::Invalid::throw_);
    m_first = false;
    return *this;
  }
  StateWriter& value(const json& j) {
    m_out += j.dump();
    m_first = false;
    return *this;
  }

private:
  std::string& m_out;
  bool m_first = true;
};

std::string text_up_to_variables(const InstanceState& s) {
  std::string out;
  out.reserve(2048);
  StateWriter w(out);
  w.open();
  w.key("def").text(s.definition_id);
  w.key("next").number(s.next_id);
  w.key("next_task").number(s.next_task);
  w.key("scopes").open_array();
  for (const auto& sc : s.scopes) {
    w.item().open().key("id").number(sc.id);
    if (!sc.container.empty()) w.key("in").text(sc.container);
    w.key("p").text(sc.process);
    if (sc.parent_token != 0) w.key("pt").number(sc.parent_token);
    w.close();
  }
  w.close_array();
  w.key("status").text(to_string(s.status));
  w.key("subs").open_array();
  for (const auto& x : s.subscriptions)
    w.item().open().key("at").text(x.element).key("id").number(x.id).key("msg").text(x.message).key("tok").number(x.token).close();
  w.close_array();
  w.key("tasks").open_array();
  for (const auto& t : s.tasks) {
    w.item().open().key("at").text(t.element);
    if (t.due) w.key("due").number(t.due->ms);
    w.key("fn").text(t.function);
    if (!t.form.empty()) w.key("form").text(t.form);
    if (t.instance >= 0) w.key("i").number(t.instance);
    w.key("id").number(t.id);
    if (t.instance >= 0) w.key("item").value(t.item);
    w.key("opened").number(t.opened.ms);
    if (!t.step.empty()) w.key("step").text(t.step);
    w.key("tok").number(t.token).key("unit").text(t.scope_unit).close();
  }
  w.close_array();
  w.key("timers").open_array();
  for (const auto& t : s.timers) {
    w.item().open().key("at").text(t.element).key("due").number(t.due.ms).key("id").number(t.id);
    if (t.repeats_left != -1) w.key("left").number(t.repeats_left);
    w.key("tok").number(t.token).close();
  }
  w.close_array();
  w.key("tokens").open_array();
  for (const auto& t : s.tokens) {
    w.item().open().key("at").text(t.element).key("id").number(t.id);
    if (!t.mi_items.is_null()) w.key("items").value(t.mi_items);
    if (t.mi_total != 0 || t.mi_completed != 0) {
      w.key("mi").open_array();
      w.item().number(t.mi_total).item().number(t.mi_completed).item().number(t.mi_next);
      w.close_array();
    }
    w.key("s").number(t.scope);
    if (!t.via.empty()) w.key("via").text(t.via);
    w.close();
  }
  w.close_array();
  w.key("v").number(1);
  out += ",\"vars\":";
  return out;
}

} // namespace

std::string to_json_text(const InstanceState& s) {
  std::string out = text_up_to_variables(s);
  s.variables.append_text(out);
  out += '}';
  return out;
}

namespace {

// The variables are moved from *given when it is set, else read from j's "vars".
Result<InstanceState> read_state(const json& j, Variables* given) {
  InstanceState s;
  std::string where = "state";
  try {
    if (!j.is_object()) return fail(Error::invalid("case state must be a JSON object"));
    if (j.value("v", 0) != 1) return fail(Error::invalid("case state has an unknown version", "v"));
    where = "def";
    s.definition_id = j.at("def").get<std::string>();
    where = "status";
    std::string status = j.at("status").get<std::string>();
    if (status == "running") s.status = CaseStatus::running;
    else if (status == "completed") s.status = CaseStatus::completed;
    else if (status == "terminated") s.status = CaseStatus::terminated;
    else return fail(Error::invalid(fmt::format("unknown case status '{}'", status), "status"));
    where = "vars";
    if (given) {
      s.variables = std::move(*given);
    } else {
      const json& vars = j.at("vars");
      if (!vars.is_object()) return fail(Error::invalid("case variables must be an object", "vars"));
      s.variables = Variables(vars);
    }
    where = "next";
    s.next_id = j.at("next").get<std::int64_t>();
    s.next_task = j.at("next_task").get<std::int64_t>();
    where = "tokens";
    for (const auto& t : j.at("tokens")) {
      Token x;
      x.id = t.at("id").get<std::int64_t>();
      x.scope = t.at("s").get<std::int64_t>();
      x.element = t.at("at").get<std::string>();
      x.via = t.value("via", std::string());
      if (t.contains("mi")) {
        const json& mi = t.at("mi");
        x.mi_total = mi.at(0).get<std::int64_t>();
        x.mi_completed = mi.at(1).get<std::int64_t>();
        x.mi_next = mi.at(2).get<std::int64_t>();
      }
      if (t.contains("items")) x.mi_items = t.at("items");
      s.tokens.push_back(std::move(x));
    }
    where = "scopes";
    for (const auto& t : j.at("scopes")) {
      ScopeInstance x;
      x.id = t.at("id").get<std::int64_t>();
      x.process = t.at("p").get<std::string>();
      x.parent_token = t.value("pt", std::int64_t{0});
      x.container = t.value("in", std::string());
      s.scopes.push_back(std::move(x));
    }
    where = "tasks";
    for (const auto& t : j.at("tasks")) {
      Task x;
      x.id = t.at("id").get<std::int64_t>();
      x.token = t.at("tok").get<std::int64_t>();
      x.element = t.at("at").get<std::string>();
      x.function = t.at("fn").get<std::string>();
      x.scope_unit = t.at("unit").get<std::string>();
      x.opened = Instant{t.at("opened").get<std::int64_t>()};
      x.step = t.value("step", std::string());
      x.form = t.value("form", std::string());
      if (t.contains("due")) x.due = Instant{t.at("due").get<std::int64_t>()};
      if (t.contains("i")) {
        x.instance = t.at("i").get<std::int64_t>();
        x.item = t.value("item", json());
      }
      s.tasks.push_back(std::move(x));
    }
    where = "timers";
    for (const auto& t : j.at("timers")) {
      TimerEntry x;
      x.id = t.at("id").get<std::int64_t>();
      x.token = t.at("tok").get<std::int64_t>();
      x.element = t.at("at").get<std::string>();
      x.due = Instant{t.at("due").get<std::int64_t>()};
      x.repeats_left = t.value("left", std::int64_t{-1});
      s.timers.push_back(std::move(x));
    }
    where = "subs";
    for (const auto& t : j.at("subs")) {
      Subscription x;
      x.id = t.at("id").get<std::int64_t>();
      x.token = t.at("tok").get<std::int64_t>();
      x.element = t.at("at").get<std::string>();
      x.message = t.at("msg").get<std::string>();
      s.subscriptions.push_back(std::move(x));
    }
  } catch (const json::exception& e) {
    return fail(Error::invalid(fmt::format("malformed case state in '{}': {}", where, e.what()), where));
  }
  return s;
}

} // namespace

Result<InstanceState> state_from_json(const json& j) { return read_state(j, nullptr); }

Result<InstanceState> state_from_text(std::string_view text) {
  std::vector<json_text::Member> var_members;
  auto members = json_text::members(text, "vars", var_members);
  if (!members) return fail(Error::invalid("malformed case state: " + members.error().message, "state"));
  json rest = json::object();
  const json_text::Member* vars_member = nullptr; // The last one, as parse() would keep.
  for (const auto& m : *members) {
    if (m.name == "vars") {
      vars_member = &m;
      continue;
    }
    try {
      rest[m.name] = json::parse(m.text);
    } catch (const json::exception& e) { // A number beyond a double.
      return fail(Error::invalid(fmt::format("malformed case state in '{}': {}", m.name, e.what()), m.name));
    }
  }
  if (!vars_member) return fail(Error::invalid("malformed case state in 'vars': it is missing", "vars"));
  if (!vars_member->text.starts_with('{')) return fail(Error::invalid("case variables must be an object", "vars"));
  auto vars = Variables::from_members(std::move(var_members));
  if (!vars) return fail(Error::invalid("malformed case variables: " + vars.error().message, "vars"));
  return read_state(rest, &*vars);
}

} // namespace ks::engine
