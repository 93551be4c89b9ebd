#include "store/history_store.hpp"

#include <algorithm>
#include <map>

#include "store/compressed_text.hpp"
#include "store/packed_lines.hpp"
#include "store/task_store.hpp"

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

namespace {

constexpr std::string_view kEventColumns = "seq, at, kind, element, step, actor, data";

Event event_of(const store::Row& r) {
  return Event{r.integer(0), Instant{r.integer(1)}, r.text(2), r.text(3), r.text(4), r.text(5), r.text(6)};
}

struct Packed {
  std::int64_t through_seq = 0; // 0: the case has no packed events.
  std::vector<Event> events;
};

Error damaged(std::int64_t case_id, std::string_view what) {
  return Error::internal("the packed history of case " + std::to_string(case_id) + " is damaged: " + std::string(what));
}

constexpr std::string_view kPackedHeader = "ks-history 1\n";

Result<Packed> read_packed(Connection& c, std::int64_t case_id) {
  Packed p;
  auto row = KS_TRY(c.row("SELECT through_seq, events FROM case_history_packed WHERE case_id = ?", case_id));
  if (!row) return p;
  p.through_seq = row->integer(0);
  auto expanded = compressed::expand(row->text(1));
  if (!expanded) return fail(damaged(case_id, expanded.error().message));
  std::string_view text = *expanded;
  if (!text.starts_with(kPackedHeader)) return fail(damaged(case_id, "it does not begin with \"ks-history 1\""));
  text.remove_prefix(kPackedHeader.size());
  p.events.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
  std::string_view fields[7];
  auto complaint = packed::each_line(text, fields, [&](const std::string& where) -> std::string {
    Event e;
    std::int64_t at = 0;
    if (!packed::parse_integer(fields[0], e.seq) || !packed::parse_integer(fields[1], at))
      return where + " does not begin with two numbers (seq, at)";
    e.at = Instant{at};
    std::string* texts[] = {&e.kind, &e.element, &e.step, &e.actor, &e.data};
    for (std::size_t i = 0; i < 5; ++i)
      if (!packed::unescape(fields[i + 2], *texts[i])) return where + " has an unknown escape";
    if (!p.events.empty() && e.seq <= p.events.back().seq)
      return where + " is event " + std::to_string(e.seq) + ", not after " + std::to_string(p.events.back().seq);
    p.events.push_back(std::move(e));
    return {};
  });
  if (!complaint.empty()) return fail(damaged(case_id, complaint));
  if (p.events.empty() || p.events.back().seq != p.through_seq)
    return fail(damaged(case_id, "its last event is " + std::to_string(p.events.empty() ? 0 : p.events.back().seq) +
                                     ", not " + std::to_string(p.through_seq)));
  return p;
}

// Compact task events with their data put back from the case's task rows (read once, at the
// first compact event).
Status restore_task_events(Connection& c, std::int64_t case_id, std::vector<Event>& events) {
  std::optional<std::map<std::int64_t, TaskRowFacts>> facts;
  for (auto& e : events) {
    if ((e.kind != kOpened && e.kind != kCompleted) || e.data.size() >= 40) continue;
    auto data = json::parse(e.data, nullptr, false);
    if (!is_compact(e.kind, data)) continue;
    if (!facts) {
      facts.emplace();
      // Rows or packed (an ended case's tasks are packed with its history).
      auto rows = KS_TRY(tasks::of_case(c, case_id, false));
      for (auto& t : rows) {
        TaskRowFacts f{t.local_id, std::move(t.function), std::move(t.scope_unit), t.due, std::move(t.item),
                       std::move(t.submitted)};
        facts->emplace(f.local_id, std::move(f));
      }
    }
    if (auto it = facts->find(data["task"].get<std::int64_t>()); it != facts->end())
      e.data = task_event_data(e.kind, it->second).dump();
  }
  return {};
}

} // namespace

std::string packed_text(const std::vector<Event>& events) {
  std::string text(kPackedHeader);
  std::size_t size = text.size();
  for (const auto& e : events)
    size += 24 + e.kind.size() + e.element.size() + e.step.size() + e.actor.size() + e.data.size() * 9 / 8;
  text.reserve(size);
  for (const auto& e : events) {
    text += std::to_string(e.seq);
    text += '\t';
    text += std::to_string(e.at.ms);
    for (const std::string* f : {&e.kind, &e.element, &e.step, &e.actor, &e.data}) {
      text += '\t';
      packed::append_field(text, std::string_view(*f));
    }
    text += '\n';
  }
  return text;
}

Value packed_value(Backend backend, std::string_view text) {
  return compressed::stored_value(backend, text, compressed::Use::kept);
}

Status pack(Connection& c, std::int64_t case_id) {
  auto packed = KS_TRY(read_packed(c, case_id));
  auto rows = KS_TRY(c.rows("SELECT " + std::string(kEventColumns) + " FROM case_history WHERE case_id = ? ORDER BY seq",
                            case_id));
  if (rows.empty()) return {};
  packed.events.reserve(packed.events.size() + rows.size());
  for (const auto& r : rows) packed.events.push_back(event_of(r));
  const std::int64_t through = packed.events.back().seq;
  KS_TRY(c.post("INSERT INTO case_history_packed (case_id, through_seq, events) VALUES (?, ?, ?) "
                "ON CONFLICT (case_id) DO UPDATE SET through_seq = excluded.through_seq, events = excluded.events",
                case_id, through, packed_value(c.backend(), packed_text(packed.events))));
  return c.post("DELETE FROM case_history WHERE case_id = ? AND seq <= ?", case_id, through);
}

Result<std::vector<std::int64_t>> ended_with_rows(Connection& c, std::int64_t after_id, std::size_t limit) {
  return packed::ended_cases(c, "EXISTS (SELECT 1 FROM case_history h WHERE h.case_id = cases.id)", after_id,
                             limit);
}

Status append(Connection& c, std::int64_t case_id, const std::vector<engine::HistoryEvent>& events,
              std::string_view actor, Instant at) {
  if (events.empty()) return {};
  // Several rows a statement (issue 8), numbered on from the case's last event, a row or packed.
  // PostgreSQL numbers them in the statement itself, which is then sent without a round trip of its
  // own. SQLite has no round trips, and an INSERT that reads its own table copies what it reads
  // into a temporary table first: there the last number is read before.
  constexpr std::size_t kRowsPerStatement = 32;
  // The case's last event number (two parameters: the case, twice).
  constexpr std::string_view kLastSeq = "COALESCE((SELECT MAX(seq) FROM case_history WHERE case_id = ?), "
                                        "(SELECT through_seq FROM case_history_packed WHERE case_id = ?), 0)";
  const bool numbered_here = c.backend() == Backend::sqlite;
  std::int64_t seq = 0;
  if (numbered_here) {
    auto row = KS_TRY(c.row("SELECT " + std::string(kLastSeq), case_id, case_id));
    seq = row ? row->integer(0) : 0;
  }
  std::vector<Value> params;
  for (std::size_t from = 0; from < events.size(); from += kRowsPerStatement) {
    const std::size_t n = std::min(kRowsPerStatement, events.size() - from);
    std::string sql = "INSERT INTO case_history (case_id, seq, at, kind, element, step, actor, data) ";
    params.clear();
    if (numbered_here) {
      sql += "VALUES ";
      params.reserve(n * 8);
      for (std::size_t i = 0; i < n; ++i) {
        const auto& e = events[from + i];
        sql += i ? ",(?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?)";
        params.insert(params.end(), {Value(case_id), Value(++seq), Value(at.ms), Value(e.kind), Value(e.element),
                                     Value(e.step), Value(actor), Value(e.data.dump())});
      }
    } else {
      sql += "SELECT CAST(? AS BIGINT), base.seq + v.column1, CAST(? AS BIGINT), v.column2, v.column3, v.column4, ?, "
             "v.column5 FROM (SELECT ";
      sql += kLastSeq;
      sql += " AS seq) AS base, (VALUES ";
      params.reserve(5 + n * 4);
      params.insert(params.end(), {Value(case_id), Value(at.ms), Value(actor), Value(case_id), Value(case_id)});
      for (std::size_t i = 0; i < n; ++i) {
        const auto& e = events[from + i];
        if (i) sql += ',';
        sql += '(';
        sql += std::to_string(i + 1);
        sql += ",?,?,?,?)";
        params.insert(params.end(), {Value(e.kind), Value(e.element), Value(e.step), Value(e.data.dump())});
      }
      sql += ") AS v";
    }
    KS_TRY(c.send(sql, params, std::nullopt));
  }
  return {};
}

Result<std::vector<Event>> of_case(Connection& c, std::int64_t case_id) {
  auto packed = KS_TRY(read_packed(c, case_id));
  std::vector<Event> out = std::move(packed.events);
  auto rows = KS_TRY(c.rows("SELECT " + std::string(kEventColumns) + " FROM case_history WHERE case_id = ? AND seq > ? "
                            "ORDER BY seq",
                            case_id, packed.through_seq));
  out.reserve(out.size() + rows.size());
  for (const auto& r : rows) out.push_back(event_of(r));
  KS_TRY(restore_task_events(c, case_id, out));
  return out;
}

Result<std::int64_t> count(Connection& c, std::int64_t case_id, std::string_view kind) {
  auto packed = KS_TRY(read_packed(c, case_id));
  std::int64_t n = std::count_if(packed.events.begin(), packed.events.end(), [&](const Event& e) { return e.kind == kind; });
  auto row = KS_TRY(c.row("SELECT COUNT(*) FROM case_history WHERE case_id = ? AND seq > ? AND kind = ?", case_id,
                          packed.through_seq, kind));
  return n + (row ? row->integer(0) : 0);
}

} // namespace ks::store::history
