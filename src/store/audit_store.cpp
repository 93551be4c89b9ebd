#include "store/audit_store.hpp"

#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/json_text.hpp"
#include "store/task_store.hpp"

namespace ks::store::audit {

namespace {

// The row's columns, and the submitted values of the task a completion's record names.
constexpr std::string_view kSelect =
    "SELECT a.seq, a.at, a.account_id, a.person_id, a.username, a.acting_function, a.action, a.outcome, "
    "a.object_type, a.object_id, a.case_id, a.remote_addr, a.request_id, a.before_json, a.after_json, a.detail, "
    "a.hash, a.values_task, t.submitted FROM audit_log a LEFT JOIN tasks t ON t.id = a.values_task";

// The row as stored: after_json without the values when values_task is set.
Row stored_row_of(const store::Row& r) {
  Row a;
  a.seq = r.integer(0);
  a.at = Instant{r.integer(1)};
  a.account_id = r.integer(2);
  a.person_id = r.text(3);
  a.username = r.text(4);
  a.acting_function = r.text(5);
  a.action = r.text(6);
  a.outcome = r.text(7);
  a.object_type = r.text(8);
  a.object_id = r.text(9);
  a.case_id = r.text(10);
  a.remote_addr = r.text(11);
  a.request_id = r.text(12);
  a.before_json = r.text(13);
  a.after_json = r.text(14);
  a.detail = r.text(15);
  a.hash = r.text(16);
  a.values_task = r.opt_integer(17).value_or(0);
  return a;
}

// The submitted values of tasks that are packed (an ended case's, store/task_store.hpp), read a
// case at a time: a case's completion records name its tasks one after another.
class PackedValues {
public:
  // The values of task `id`; nullopt when it is not a packed task either.
  Result<std::optional<std::string>> of(Connection& c, std::int64_t id) {
    if (auto it = m_submitted.find(id); it != m_submitted.end()) return it->second;
    auto case_id = KS_TRY(tasks::case_of_packed(c, id));
    if (!case_id) return std::optional<std::string>();
    if (m_submitted.size() > 100'000) m_submitted.clear(); // Bounded: verify() walks every record.
    // Packed tasks that do not read (damaged) are values that are not there: verify() names the
    // record that needs them.
    auto rows = tasks::of_case(c, *case_id, false);
    if (!rows) return std::optional<std::string>();
    for (auto& t : *rows) m_submitted.insert_or_assign(t.id, std::move(t.submitted));
    if (auto it = m_submitted.find(id); it != m_submitted.end()) return it->second;
    return std::optional<std::string>();
  }

private:
  std::unordered_map<std::int64_t, std::optional<std::string>> m_submitted;
};

// The submitted values a completion's record names: the task's row's (joined), else the packed
// task's. nullopt when the task is in neither.
Result<std::optional<std::string>> submitted_of(Connection& c, const store::Row& r, PackedValues& packed) {
  if (auto submitted = r.opt_text(18)) return submitted;
  return packed.of(c, r.integer(17));
}

// The row as written: the values put back from the task's row. nullopt when that row is gone.
std::optional<Row> row_of(const store::Row& r, const std::optional<std::string>& submitted) {
  Row a = stored_row_of(r);
  if (a.values_task == 0) return a;
  if (!submitted) return std::nullopt;
  auto after = with_values(a.after_json, *submitted);
  if (!after) return std::nullopt;
  a.after_json = std::move(*after);
  return a;
}

// The row as written, reading a packed task's values when its row is not joined.
Result<std::optional<Row>> read_row(Connection& c, const store::Row& r, PackedValues& packed) {
  if (r.opt_integer(17).value_or(0) == 0) return std::optional<Row>(stored_row_of(r));
  auto submitted = KS_TRY(submitted_of(c, r, packed));
  return row_of(r, submitted);
}

} // namespace

std::string hash_of(const Row& r) {
  // The text hashed is the JSON array [seq, at, account_id, person_id, ..., prev_hash] as
  // nlohmann::json writes it (unambiguous field boundaries, the same bytes on every platform),
  // written here without building the array (issue 8: it was 4 % of a task completion);
  // tests/store/audit_hash_test.cpp holds it to the array's bytes.
  std::string text;
  text.reserve(256 + r.before_json.size() + r.after_json.size() + r.detail.size());
  text += '[';
  for (std::int64_t n : {r.seq, r.at.ms, r.account_id}) {
    text += std::to_string(n);
    text += ',';
  }
  bool first = true;
  for (const std::string* s : {&r.person_id, &r.username, &r.acting_function, &r.action, &r.outcome, &r.object_type,
                               &r.object_id, &r.case_id, &r.remote_addr, &r.request_id, &r.before_json, &r.after_json,
                               &r.detail, &r.prev_hash}) {
    if (!first) text += ',';
    first = false;
    json_text::append_string(text, *s);
  }
  text += ']';
  return crypto::sha256_hex(text);
}

std::optional<std::string> without_values(std::string_view after, std::string_view submitted) {
  std::string member = "\"values\":";
  member += submitted;
  const auto pos = after.find(member);
  if (pos == std::string_view::npos || pos == 0 || (after[pos - 1] != '{' && after[pos - 1] != ',')) return std::nullopt;
  // The member goes with one comma: the one after it, or else the one before it.
  std::size_t from = pos, to = pos + member.size();
  if (to < after.size() && after[to] == ',') ++to;
  else if (after[pos - 1] == ',') --from;
  std::string out(after.substr(0, from));
  out += after.substr(to);
  // Only when reading gives back exactly what was hashed (a "values" found deeper would not).
  auto back = with_values(out, submitted);
  if (!back || *back != after) return std::nullopt;
  return out;
}

Result<std::string> with_values(std::string_view stored, std::string_view submitted) {
  auto after = nlohmann::json::parse(stored, nullptr, false);
  if (!after.is_object()) return fail(Error::internal("an audit record's after_json is not a JSON object"));
  auto values = nlohmann::json::parse(submitted, nullptr, false);
  if (values.is_discarded()) return fail(Error::internal("a task's submitted values are not JSON"));
  after["values"] = std::move(values);
  // As service::record_audit writes after_json.
  return after.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<Row> append(Connection& c, Row row, std::optional<ValuesInTask> values) {
  // The UPDATE takes the head's row lock first, so that concurrent writers queue here.
  auto head = KS_TRY(c.row("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash"));
  if (!head) return fail(Error::internal("audit_head is missing (migration 0031)"));
  row.seq = head->integer(0);
  row.prev_hash = head->text(1);
  row.hash = hash_of(row);
  std::optional<std::string> stored_after;
  if (values) stored_after = without_values(row.after_json, values->submitted);
  row.values_task = stored_after ? values->task_id : 0;
  // On PostgreSQL the head's new hash and the row go in one statement (one round trip fewer a
  // change, issue 8); SQLite has no data-modifying WITH, and no round trips.
  const bool together = c.backend() == Backend::postgres;
  constexpr std::string_view kInsert =
      "INSERT INTO audit_log (seq, at, account_id, person_id, username, acting_function, action, outcome, "
      "object_type, object_id, case_id, remote_addr, request_id, before_json, after_json, detail, hash, "
      "values_task) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static const std::string kWithHead = "WITH head AS (UPDATE audit_head SET hash = ? WHERE id = 1) " + std::string(kInsert);
  const Value params[] = {row.hash,        row.seq,          row.at.ms,         row.account_id,  row.person_id,
                          row.username,    row.acting_function, row.action,     row.outcome,     row.object_type,
                          row.object_id,   row.case_id,      row.remote_addr,   row.request_id,  row.before_json,
                          stored_after ? Value(*stored_after) : Value(row.after_json), row.detail, row.hash,
                          row.values_task ? Value(row.values_task) : Value()};
  // Sent: on PostgreSQL it travels with COMMIT.
  if (together) {
    KS_TRY(c.send(kWithHead, params, std::nullopt));
  } else {
    KS_TRY(c.send(kInsert, std::span<const Value>(params).subspan(1), std::nullopt));
    KS_TRY(c.post("UPDATE audit_head SET hash = ? WHERE id = 1", row.hash));
  }
  return row;
}

Result<std::vector<Row>> list(Connection& c, const Filter& f) {
  std::string sql = std::string(kSelect) + " WHERE 1 = 1";
  std::vector<Value> params;
  if (f.case_id) sql += " AND a.case_id = ?", params.emplace_back(*f.case_id);
  if (f.person_id) sql += " AND a.person_id = ?", params.emplace_back(*f.person_id);
  if (f.action) {
    if (f.action->ends_with(".")) sql += " AND substr(a.action, 1, ?) = ?", params.emplace_back(static_cast<long>(f.action->size()));
    else sql += " AND a.action = ?";
    params.emplace_back(*f.action);
  }
  if (f.outcome) sql += " AND a.outcome = ?", params.emplace_back(*f.outcome);
  if (f.from) sql += " AND a.at >= ?", params.emplace_back(f.from->ms);
  if (f.to) sql += " AND a.at < ?", params.emplace_back(f.to->ms);
  if (f.before_seq > 0) sql += " AND a.seq < ?", params.emplace_back(f.before_seq);
  sql += " ORDER BY a.seq DESC LIMIT " + std::to_string(std::min<std::size_t>(f.limit, 10000));
  auto rows = KS_TRY(c.query(sql, params));
  std::vector<Row> out;
  out.reserve(rows.size());
  PackedValues packed;
  // A record whose task's row is gone reads as stored, without the values (verify() names it).
  for (const auto& r : rows) {
    auto row = KS_TRY(read_row(c, r, packed));
    out.push_back(row ? std::move(*row) : stored_row_of(r));
  }
  return out;
}

Result<Verification> verify(Connection& c) {
  Verification v;
  auto head = KS_TRY(c.row("SELECT seq, hash FROM audit_head WHERE id = 1"));
  if (!head) {
    v.ok = false;
    v.reason = "audit_head is missing";
    return v;
  }
  v.head_seq = head->integer(0);
  v.head_hash = head->text(1);
  auto broken = [&](std::int64_t seq, std::string why) {
    v.ok = false;
    v.broken_seq = seq;
    v.reason = std::move(why);
    return v;
  };
  std::int64_t expected = 1;
  std::string prev_hash;
  PackedValues packed;
  constexpr int kBatch = 1000;
  for (;;) {
    auto rows = KS_TRY(c.rows(std::string(kSelect) + " WHERE a.seq >= ? ORDER BY a.seq LIMIT " + std::to_string(kBatch),
                              expected));
    for (const auto& raw : rows) {
      const auto seq = raw.integer(0);
      if (seq != expected)
        return broken(expected, "row " + std::to_string(expected) + " is missing (the next row is " +
                                    std::to_string(seq) + ")");
      auto r = KS_TRY(read_row(c, raw, packed));
      auto task = [&] { return std::to_string(raw.opt_integer(17).value_or(0)); };
      if (!r)
        return broken(seq, "row " + std::to_string(seq) + " records the values submitted to task " + task() +
                               ", whose row is missing or unreadable");
      r->prev_hash = prev_hash;
      if (hash_of(*r) != r->hash)
        return broken(seq, "row " + std::to_string(seq) + " does not match its hash: it was changed" +
                               (r->values_task ? ", or the values submitted to task " + task() + " that it records were" : "") +
                               (seq > 1 ? ", or row " + std::to_string(seq - 1) + " was changed and its hash rewritten" : ""));
      prev_hash = r->hash;
      ++expected;
      ++v.rows;
    }
    if (rows.size() < static_cast<std::size_t>(kBatch)) break;
  }
  // Rows before seq 1 (negative or zero numbers) are insertions too.
  auto stray = KS_TRY(c.row("SELECT MIN(seq) FROM audit_log WHERE seq < 1"));
  if (stray && !stray->is_null(0)) return broken(stray->integer(0), "row " + std::to_string(stray->integer(0)) + " was inserted");
  if (v.rows < v.head_seq)
    return broken(v.rows + 1, "row " + std::to_string(v.rows + 1) + " is missing (the log ends at row " +
                                  std::to_string(v.rows) + ", the head says " + std::to_string(v.head_seq) + ")");
  if (v.rows > v.head_seq)
    return broken(v.head_seq + 1, "row " + std::to_string(v.head_seq + 1) + " was inserted after the head (row " +
                                      std::to_string(v.head_seq) + ")");
  if (prev_hash != v.head_hash) return broken(v.rows, "row " + std::to_string(v.rows) + " does not match the head's hash");
  return v;
}

} // namespace ks::store::audit
