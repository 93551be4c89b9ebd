#include "store/history_store.hpp"

#include <algorithm>
#include <map>

namespace ks::store::history {

using nlohmann::json;

namespace {

constexpr std::string_view kOpened = "task_opened";
constexpr std::string_view kCompleted = "task_completed";

// A stored event's data is compact when it lacks what the engine always writes.
bool is_compact(std::string_view kind, const json& data) {
  if (!data.is_object() || !data.contains("task") || !data["task"].is_number_integer()) return false;
  if (kind == kOpened) return !data.contains("function");
  if (kind == kCompleted) return !data.contains("values");
  return false;
}

} // namespace

json task_event_data(std::string_view kind, const TaskRowFacts& row) {
  json data = {{"task", row.local_id}};
  if (kind == kOpened) {
    data["function"] = row.function;
    data["scope"] = row.scope_unit;
    if (row.due) data["due"] = format_iso(*row.due);
    if (row.item) data["item"] = json::parse(*row.item, nullptr, false);
  } else if (kind == kCompleted) {
    data["values"] = row.submitted ? json::parse(*row.submitted, nullptr, false) : json();
  }
  return data;
}

namespace {

// True when the event's data is what task_event_data writes back from the row — compared by
// text, without parsing the row's JSON again (issue 8). Equal text implies equal JSON, so an event
// compacted here reads back equal; a value written differently (1.0 for 1) is just kept in full.
bool restorable_from_row(const engine::HistoryEvent& e, const TaskRowFacts& row) {
  const json& d = e.data;
  if (e.kind == kCompleted) {
    auto values = d.find("values");
    return d.size() == 2 && values != d.end() && row.submitted && values->dump() == *row.submitted;
  }
  auto text_is = [&](const char* key, std::string_view expected) {
    auto it = d.find(key);
    return it != d.end() && it->is_string() && it->get_ref<const std::string&>() == expected;
  };
  std::size_t keys = 3;
  if (!text_is("function", row.function) || !text_is("scope", row.scope_unit)) return false;
  if (row.due) {
    if (!text_is("due", format_iso(*row.due))) return false;
    ++keys;
  }
  if (row.item) {
    auto item = d.find("item");
    if (item == d.end() || item->dump() != *row.item) return false;
    ++keys;
  }
  return d.size() == keys;
}

} // namespace

void compact_task_events(std::vector<engine::HistoryEvent>& events, const std::vector<TaskRowFacts>& rows) {
  for (auto& e : events) {
    if (e.kind != kOpened && e.kind != kCompleted) continue;
    if (!e.data.is_object()) continue;
    auto id = e.data.find("task");
    if (id == e.data.end() || !id->is_number_integer()) continue;
    const std::int64_t local_id = id->get<std::int64_t>();
    for (const auto& row : rows) {
      if (row.local_id != local_id) continue;
      if (restorable_from_row(e, row)) e.data = json{{"task", local_id}};
      break;
    }
  }
}

Status append(Connection& c, std::int64_t case_id, const std::vector<engine::HistoryEvent>& events,
              std::string_view actor, Instant at) {
  if (events.empty()) return {};
  auto row = KS_TRY(c.row("SELECT COALESCE(MAX(seq), 0) FROM case_history WHERE case_id = ?", case_id));
  std::int64_t seq = row ? row->integer(0) : 0;
  // Several rows a statement: one round trip to PostgreSQL instead of one an event (issue 8).
  constexpr std::size_t kRowsPerStatement = 32;
  constexpr std::string_view kInsert = "INSERT INTO case_history (case_id, seq, at, kind, element, step, actor, data) VALUES ";
  std::vector<Value> params;
  for (std::size_t from = 0; from < events.size(); from += kRowsPerStatement) {
    const std::size_t n = std::min(kRowsPerStatement, events.size() - from);
    std::string sql(kInsert);
    params.clear();
    params.reserve(n * 8);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& e = events[from + i];
      sql += i ? ",(?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?)";
      params.insert(params.end(), {Value(case_id), Value(++seq), Value(at.ms), Value(e.kind), Value(e.element),
                                   Value(e.step), Value(actor), Value(e.data.dump())});
    }
    KS_TRY(c.execute(sql, params));
  }
  return {};
}

Result<std::vector<Event>> of_case(Connection& c, std::int64_t case_id) {
  auto rows = KS_TRY(c.rows("SELECT seq, at, kind, element, step, actor, data FROM case_history WHERE case_id = ? "
                            "ORDER BY seq",
                            case_id));
  std::vector<Event> out;
  out.reserve(rows.size());
  std::optional<std::map<std::int64_t, TaskRowFacts>> tasks; // Read once, at the first compact event.
  for (const auto& r : rows) {
    Event e{r.integer(0), Instant{r.integer(1)}, r.text(2), r.text(3), r.text(4), r.text(5), r.text(6)};
    if ((e.kind == kOpened || e.kind == kCompleted) && e.data.size() < 40) {
      auto data = json::parse(e.data, nullptr, false);
      if (is_compact(e.kind, data)) {
        if (!tasks) {
          tasks.emplace();
          auto task_rows = KS_TRY(c.rows("SELECT local_id, function, scope_unit, due, item, submitted FROM tasks "
                                         "WHERE case_id = ?",
                                         case_id));
          for (const auto& t : task_rows) {
            TaskRowFacts f{t.integer(0), t.text(1), t.text(2), std::nullopt, t.opt_text(4), t.opt_text(5)};
            if (auto due = t.opt_integer(3)) f.due = Instant{*due};
            tasks->emplace(f.local_id, std::move(f));
          }
        }
        if (auto it = tasks->find(data["task"].get<std::int64_t>()); it != tasks->end())
          e.data = task_event_data(e.kind, it->second).dump();
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::int64_t> count(Connection& c, std::int64_t case_id, std::string_view kind) {
  auto row = KS_TRY(c.row("SELECT COUNT(*) FROM case_history WHERE case_id = ? AND kind = ?", case_id, kind));
  return row ? row->integer(0) : 0;
}

} // namespace ks::store::history
