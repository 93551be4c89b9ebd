#include "store/history_store.hpp"

#include <algorithm>
#include <map>

#include "store/compressed_text.hpp"
#include "store/pack_dictionary.hpp"
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

Error damaged(std::int64_t case_id, std::string_view what) {
  return Error::internal("the packed history of case " + std::to_string(case_id) + " is damaged: " + std::string(what));
}

Error damaged_row(std::int64_t case_id, std::int64_t through_seq, std::string_view what) {
  return Error::internal("the history of case " + std::to_string(case_id) + " is damaged: in its row through event " +
                         std::to_string(through_seq) + ", " + std::string(what));
}

constexpr std::string_view kPackedHeader = "ks-history 1\n";

struct Packed {
  std::int64_t through_seq = 0; // 0: the case has no packed events.
  std::vector<Event> events;
};

Result<Packed> read_packed(Connection& c, std::int64_t case_id) {
  Packed p;
  auto row = KS_TRY(c.row("SELECT through_seq, " + bytes_column(c.backend(), "events") +
                              " FROM case_history_packed WHERE case_id = ?",
                          case_id));
  if (!row) return p;
  p.through_seq = row->integer(0);
  auto stored = bytes_of(c.backend(), *row, 1);
  if (!stored) return fail(damaged(case_id, "its bytes do not decode"));
  auto expanded = dictionaries::expand(c, std::move(*stored));
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

// A row of case_history: one operation's events, through_seq the last one's number.
struct OperationRow {
  std::int64_t through_seq = 0;
  std::int64_t first_seq = 0; // From the number of its lines.
  Instant at;
  std::string actor;
  std::string events; // kOperationFields fields a line.
};

constexpr std::size_t kOperationFields = 4; // kind, element, step, data.

// The case's rows after event `after_seq`, in order, each checked to follow the one before.
Result<std::vector<OperationRow>> read_rows(Connection& c, std::int64_t case_id, std::int64_t after_seq) {
  auto rows = KS_TRY(c.rows("SELECT through_seq, at, actor, events FROM case_history "
                            "WHERE case_id = ? AND through_seq > ? ORDER BY through_seq",
                            case_id, after_seq));
  std::vector<OperationRow> out;
  out.reserve(rows.size());
  std::int64_t last = after_seq;
  for (auto& r : rows) {
    OperationRow op{r.integer(0), 0, Instant{r.integer(1)}, r.text(2), r.text(3)};
    const auto n = static_cast<std::int64_t>(std::count(op.events.begin(), op.events.end(), '\n'));
    op.first_seq = op.through_seq - n + 1;
    if (!op.events.empty() && op.events.back() != '\n')
      return fail(damaged_row(case_id, op.through_seq, "its last line does not end"));
    if (n == 0 || op.through_seq - n != last)
      return fail(damaged_row(case_id, op.through_seq,
                              std::to_string(n) + " events follow event " + std::to_string(op.through_seq - n) +
                                  ", not event " + std::to_string(last)));
    last = op.through_seq;
    out.push_back(std::move(op));
  }
  return out;
}

// The events of `rows` appended to `out`.
Status events_of_rows(std::int64_t case_id, const std::vector<OperationRow>& rows, std::vector<Event>& out) {
  std::string_view fields[kOperationFields];
  for (const auto& row : rows) {
    std::int64_t seq = row.first_seq;
    auto complaint = packed::each_line(
        row.events, fields,
        [&](const std::string& where) -> std::string {
          Event e;
          e.seq = seq++;
          e.at = row.at;
          e.actor = row.actor;
          std::string* texts[] = {&e.kind, &e.element, &e.step, &e.data};
          for (std::size_t i = 0; i < kOperationFields; ++i)
            if (!packed::unescape(fields[i], *texts[i])) return where + " has an unknown escape";
          out.push_back(std::move(e));
          return {};
        },
        static_cast<std::size_t>(row.first_seq), "event");
    if (!complaint.empty()) return fail(damaged_row(case_id, row.through_seq, complaint));
  }
  return {};
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

void append_packed_prefix(std::string& text, std::int64_t seq, Instant at) {
  text += std::to_string(seq);
  text += '\t';
  text += std::to_string(at.ms);
  text += '\t';
}

} // namespace

void append_operation_line(std::string& text, std::string_view kind, std::string_view element, std::string_view step,
                           std::string_view data) {
  for (std::string_view f : {kind, element, step}) {
    packed::append_field(text, f);
    text += '\t';
  }
  packed::append_field(text, data);
  text += '\n';
}

std::string packed_text(const std::vector<Event>& events) {
  std::string text(kPackedHeader);
  std::size_t size = text.size();
  for (const auto& e : events)
    size += 24 + e.kind.size() + e.element.size() + e.step.size() + e.actor.size() + e.data.size() * 9 / 8;
  text.reserve(size);
  for (const auto& e : events) {
    append_packed_prefix(text, e.seq, e.at);
    for (const std::string* f : {&e.kind, &e.element, &e.step, &e.actor}) {
      packed::append_field(text, std::string_view(*f));
      text += '\t';
    }
    packed::append_field(text, std::string_view(e.data));
    text += '\n';
  }
  return text;
}

Status pack(Connection& c, std::int64_t case_id) {
  auto packed = KS_TRY(read_packed(c, case_id));
  auto rows = KS_TRY(read_rows(c, case_id, packed.through_seq));
  if (rows.empty()) return {};
  // The rows' fields are already escaped as the packed form's are: each line becomes the packed
  // line with its number and time before it and the row's actor before its data (the fourth field).
  std::string text = packed.events.empty() ? std::string(kPackedHeader) : packed_text(packed.events);
  std::size_t size = text.size();
  for (const auto& row : rows)
    size += row.events.size() + static_cast<std::size_t>(row.through_seq - row.first_seq + 1) * (36 + row.actor.size());
  text.reserve(size);
  std::string actor;
  std::string_view fields[kOperationFields];
  for (const auto& row : rows) {
    actor.clear();
    packed::append_field(actor, std::string_view(row.actor));
    std::int64_t seq = row.first_seq;
    // Each line checked as of_case() reads it, so that nothing is packed that would not read back.
    auto complaint = packed::each_line(
        row.events, fields,
        [&](const std::string& where) -> std::string {
          for (auto f : fields)
            if (!packed::escapes_known(f)) return where + " has an unknown escape";
          append_packed_prefix(text, seq++, row.at);
          for (std::size_t i = 0; i + 1 < kOperationFields; ++i) {
            text += fields[i];
            text += '\t';
          }
          text += actor;
          text += '\t';
          text += fields[kOperationFields - 1];
          text += '\n';
          return {};
        },
        static_cast<std::size_t>(row.first_seq), "event");
    if (!complaint.empty()) return fail(damaged_row(case_id, row.through_seq, complaint));
  }
  const std::int64_t through = rows.back().through_seq;
  auto value = KS_TRY(dictionaries::stored_value(c, dictionaries::Kind::history, case_id, text));
  KS_TRY(c.post("INSERT INTO case_history_packed (case_id, through_seq, events) VALUES (?, ?, ?) "
                "ON CONFLICT (case_id) DO UPDATE SET through_seq = excluded.through_seq, events = excluded.events",
                case_id, through, std::move(value)));
  return c.post("DELETE FROM case_history WHERE case_id = ? AND through_seq <= ?", case_id, through);
}

Result<std::vector<std::int64_t>> ended_with_rows(Connection& c, std::int64_t after_id, std::size_t limit) {
  return packed::ended_cases(c, "EXISTS (SELECT 1 FROM case_history h WHERE h.case_id = cases.id)", after_id,
                             limit);
}

Status append(Connection& c, std::int64_t case_id, const std::vector<engine::HistoryEvent>& events,
              std::string_view actor, Instant at) {
  if (events.empty()) return {};
  // One row for the operation's events (issue 8, migration 0073), numbered on from the case's last
  // event, a row or packed, in the statement itself (on PostgreSQL sent without a round trip).
  std::string text;
  for (const auto& e : events) append_operation_line(text, e.kind, e.element, e.step, e.data.dump());
  return c.post("INSERT INTO case_history (case_id, through_seq, at, actor, events) VALUES (?, "
                "COALESCE((SELECT MAX(through_seq) FROM case_history WHERE case_id = ?), "
                "(SELECT through_seq FROM case_history_packed WHERE case_id = ?), 0) + ?, ?, ?, ?)",
                case_id, case_id, case_id, static_cast<std::int64_t>(events.size()), at.ms, actor, text);
}

namespace {

// The case's events as stored, packed ones first (compact task events as they are).
Result<std::vector<Event>> stored_events(Connection& c, std::int64_t case_id) {
  auto packed = KS_TRY(read_packed(c, case_id));
  std::vector<Event> out = std::move(packed.events);
  KS_TRY(events_of_rows(case_id, KS_TRY(read_rows(c, case_id, packed.through_seq)), out));
  return out;
}

} // namespace

Result<std::vector<Event>> of_case(Connection& c, std::int64_t case_id) {
  auto out = KS_TRY(stored_events(c, case_id));
  KS_TRY(restore_task_events(c, case_id, out));
  return out;
}

Result<std::int64_t> count(Connection& c, std::int64_t case_id, std::string_view kind) {
  const auto events = KS_TRY(stored_events(c, case_id));
  return std::count_if(events.begin(), events.end(), [&](const Event& e) { return e.kind == kind; });
}

} // namespace ks::store::history
