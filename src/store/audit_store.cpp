#include "store/audit_store.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/json_text.hpp"
#include "store/case_archive.hpp"
#include "store/packed_lines.hpp"
#include "store/task_store.hpp"

namespace ks::store::audit {

namespace {

// The row's columns, and the submitted values of the task a completion's record names.
constexpr std::string_view kSelect =
    "SELECT a.seq, a.at, a.account_id, a.person_id, a.username, a.acting_function, a.action, a.outcome, "
    "a.object_type, a.object_id, a.case_id, a.remote_addr, a.request_id, a.before_json, a.after_json, a.detail, "
    "a.hash, a.values_task, t.submitted FROM audit_log a LEFT JOIN tasks t ON t.id = a.values_task";

// A record's case_id as the id of a cases row: only a case's own id, as KS writes it ("" and
// "042": none).
std::optional<std::int64_t> case_number(std::string_view case_id) {
  std::int64_t id = 0;
  if (!packed::parse_integer(case_id, id) || std::to_string(id) != case_id) return std::nullopt;
  return id;
}

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

// The submitted values of a task a completion's record names, when they are not joined to it: a
// task row's, or a packed task's (an ended case's, store/task_store.hpp), read a case at a time —
// a case's completion records name its tasks one after another.
class TaskValues {
public:
  // nullopt when there is no such task (or its packed case does not read).
  Result<std::optional<std::string>> of(Connection& c, std::int64_t id) {
    if (auto it = m_submitted.find(id); it != m_submitted.end()) return it->second;
    // A task row's (its case has not ended), else the packed task's (its id names its case).
    if (auto row = KS_TRY(c.row("SELECT submitted FROM tasks WHERE id = ?", id))) return row->opt_text(0);
    auto case_id = KS_TRY(tasks::case_of_packed(c, id));
    if (!case_id) return std::optional<std::string>();
    if (auto archived = archive::read(c, *case_id)) add(*case_id, *archived);
    if (auto it = m_submitted.find(id); it != m_submitted.end()) return it->second;
    return std::optional<std::string>();
  }

  // The values of an archive's tasks. Its audit records name them, so when those records are
  // read from it, it is not read again for them. Packed tasks that do not read (damaged) are
  // values that are not there: verify() names the record that needs them.
  void add(std::int64_t case_id, const archive::Archive& archived) {
    if (m_submitted.size() > 100'000) m_submitted.clear(); // Bounded: verify() walks every record.
    auto rows = tasks::of_archive(case_id, archived);
    if (!rows) return;
    for (auto& t : *rows) m_submitted.insert_or_assign(t.id, std::move(t.submitted));
  }

private:
  std::unordered_map<std::int64_t, std::optional<std::string>> m_submitted;
};

// The record as written: a completion's values put back, from `joined` (its task's row, read with
// it) or else looked up. nullopt when they are nowhere.
Result<std::optional<Row>> as_written(Connection& c, Row a, std::optional<std::string> joined, TaskValues& values) {
  if (a.values_task == 0) return std::optional<Row>(std::move(a));
  if (!joined) joined = KS_TRY(values.of(c, a.values_task));
  if (!joined) return std::optional<Row>();
  auto after = with_values(a.after_json, *joined);
  if (!after) return std::optional<Row>();
  a.after_json = std::move(*after);
  return std::optional<Row>(std::move(a));
}

// --- Packed records (migration 0072) ---

constexpr std::string_view kPackedHeader = "ks-audit 1\n";
// Every stored column but case_id (the packed row's key).
constexpr std::size_t kPackedFields = 17;

Error damaged(std::int64_t case_id, std::string_view what) {
  return Error::internal("the packed audit records of case " + std::to_string(case_id) + " are damaged: " +
                         std::string(what));
}

} // namespace

std::string packed_text(const std::vector<Row>& records) {
  std::string text(kPackedHeader);
  for (const auto& r : records) {
    text += std::to_string(r.seq);
    for (std::int64_t n : {r.at.ms, r.account_id}) {
      text += '\t';
      text += std::to_string(n);
    }
    for (const std::string* f : {&r.person_id, &r.username, &r.acting_function, &r.action, &r.outcome, &r.object_type,
                                 &r.object_id, &r.remote_addr, &r.request_id, &r.before_json, &r.after_json, &r.detail,
                                 &r.hash}) {
      text += '\t';
      packed::append_field(text, std::string_view(*f));
    }
    text += '\t';
    packed::append_field(text, r.values_task ? std::optional<std::string>(std::to_string(r.values_task)) : std::nullopt);
    text += '\n';
  }
  return text;
}

namespace {

// The records of an archive's audit section as stored (after_json without a completion's
// values), in order.
Result<std::vector<Row>> parse_packed(std::int64_t case_id, const std::optional<std::string>& section) {
  std::vector<Row> out;
  if (!section) return out;
  std::string_view text = *section;
  if (!text.starts_with(kPackedHeader)) return fail(damaged(case_id, "they do not begin with \"ks-audit 1\""));
  text.remove_prefix(kPackedHeader.size());
  const std::string key = std::to_string(case_id);
  std::string_view f[kPackedFields];
  auto complaint = packed::each_line(text, f, [&](const std::string& where) -> std::string {
    Row r;
    r.case_id = key;
    std::int64_t at = 0;
    std::optional<std::int64_t> values_task;
    if (!packed::parse_integer(f[0], r.seq) || !packed::parse_integer(f[1], at) ||
        !packed::parse_integer(f[2], r.account_id) || !packed::parse_optional_integer(f[16], values_task))
      return where + " has a number that is not one (seq, at, account or task)";
    r.at = Instant{at};
    r.values_task = values_task.value_or(0);
    std::string* texts[] = {&r.person_id, &r.username,    &r.acting_function, &r.action,     &r.outcome,
                            &r.object_type, &r.object_id, &r.remote_addr,     &r.request_id, &r.before_json,
                            &r.after_json,  &r.detail,    &r.hash};
    for (std::size_t i = 0; i < std::size(texts); ++i)
      if (!packed::unescape(f[i + 3], *texts[i])) return where + " has an unknown escape";
    if (!out.empty() && r.seq <= out.back().seq)
      return where + " is record " + std::to_string(r.seq) + ", not after " + std::to_string(out.back().seq);
    out.push_back(std::move(r));
    return {};
  });
  if (!complaint.empty()) return fail(damaged(case_id, complaint));
  return out;
}

// The case's archived records, and its tasks' values into `values`, from one read of its archive.
Result<std::vector<Row>> read_packed(Connection& c, std::int64_t case_id, TaskValues& values) {
  auto archived = KS_TRY(archive::read(c, case_id));
  values.add(case_id, archived);
  return parse_packed(case_id, archived.audit);
}

// A set of names as audit_packed_cases keeps it: each escaped, with the number of its newest
// record after a newline (which an escaped name cannot hold), between tabs ("\tp1\n12\tp2\n7\t").
// Sets written before the numbers ("\tp1\tp2\t") still read: list() then bounds by the case's
// last record.
std::string name_set(const std::vector<std::pair<std::string, std::int64_t>>& names) {
  std::map<std::string, std::int64_t> newest;
  for (const auto& [name, seq] : names) {
    auto [it, added] = newest.emplace(name, seq);
    if (!added) it->second = std::max(it->second, seq);
  }
  std::string out = "\t";
  for (const auto& [name, seq] : newest) {
    packed::append_field(out, std::string_view(name));
    out += '\n';
    out += std::to_string(seq);
    out += '\t';
  }
  return out;
}

// What a name set contains when it may hold `name` (or, with prefix, a name beginning with it):
// the SQL filter; newest_in_set() then looks at the names themselves.
std::string name_in_set(std::string_view name) {
  std::string out = "\t";
  packed::append_field(out, name);
  return out;
}

// The newest number of a record of a name (or, with prefix, of a name beginning with it) in a
// name set, the name given as name_in_set() writes it: nullopt when the set holds no such name;
// `unknown` for a name written before the numbers.
std::optional<std::int64_t> newest_in_set(std::string_view set, std::string_view in_set, bool prefix,
                                          std::int64_t unknown) {
  const std::string_view escaped = in_set.substr(1);
  std::optional<std::int64_t> newest;
  std::size_t at = 0;
  while (at + 1 < set.size()) {
    std::size_t end = set.find('\t', at + 1);
    if (end == std::string_view::npos) end = set.size();
    const std::string_view entry = set.substr(at + 1, end - at - 1);
    at = end;
    const std::size_t nl = entry.find('\n');
    const std::string_view entry_name = entry.substr(0, nl);
    if (prefix ? !entry_name.starts_with(escaped) : entry_name != escaped) continue;
    std::int64_t seq = unknown;
    if (nl != std::string_view::npos && !packed::parse_integer(entry.substr(nl + 1), seq)) seq = unknown;
    newest = std::max(newest.value_or(seq), seq);
  }
  return newest;
}

bool matches(const Filter& f, const Row& r) {
  if (f.person_id && r.person_id != *f.person_id) return false;
  if (f.action && (f.action->ends_with(".") ? !r.action.starts_with(*f.action) : r.action != *f.action)) return false;
  if (f.outcome && r.outcome != *f.outcome) return false;
  if (f.from && r.at.ms < f.from->ms) return false;
  if (f.to && r.at.ms >= f.to->ms) return false;
  if (f.before_seq > 0 && r.seq >= f.before_seq) return false;
  return true;
}

bool newer(const Row& a, const Row& b) { return a.seq > b.seq; }

// Adds the packed records that match `f` to `out` (rows matching it, newest first, at most
// `limit`), keeping it so: unpacks the packed cases that may hold a match, newest last record
// first, until no further one can hold a record newer than the `limit`-th.
Status add_packed(Connection& c, const Filter& f, std::size_t limit, std::vector<Row>& out, TaskValues& values) {
  std::string where;
  std::vector<Value> params;
  if (f.case_id) {
    const auto id = case_number(*f.case_id);
    if (!id) return {}; // Only a case's own id can name packed records.
    where += " AND case_id = ?";
    params.emplace_back(*id);
  }
  const std::string_view contains = c.backend() == Backend::sqlite ? "instr" : "strpos";
  // Each name as its set holds it, once: for the SQL filter and for newest_in_set().
  std::string person, action, outcome;
  auto in_set = [&](std::string_view column, std::string_view name, std::string& pattern) {
    pattern = name_in_set(name);
    where += fmt::format(" AND {}({}, ?) > 0", contains, column);
    params.emplace_back(pattern);
  };
  if (f.person_id) in_set("persons", *f.person_id, person);
  if (f.action) in_set("actions", *f.action, action);
  if (f.outcome) in_set("outcomes", *f.outcome, outcome);
  if (f.from) where += " AND last_at >= ?", params.emplace_back(f.from->ms);
  if (f.to) where += " AND first_at < ?", params.emplace_back(f.to->ms);
  if (f.before_seq > 0) where += " AND first_seq < ?", params.emplace_back(f.before_seq);
  // The newest record a case can hold that matches: its last, or less when its name sets say;
  // nullopt when they say it holds none (a name that only begins like the one asked for).
  auto newest_match = [&](const store::Row& k) -> std::optional<std::int64_t> {
    std::optional<std::int64_t> bound = k.integer(1);
    auto narrow = [&](std::size_t column, std::string_view pattern, bool prefix) {
      if (!bound) return;
      auto newest = newest_in_set(k.text(column), pattern, prefix, *bound);
      bound = newest ? std::optional<std::int64_t>(std::min(*bound, *newest)) : std::nullopt;
    };
    if (f.person_id) narrow(2, person, false);
    if (f.action) narrow(3, action, f.action->ends_with("."));
    if (f.outcome) narrow(4, outcome, false);
    return bound;
  };
  // Visits a case, newest last record first; false once no case after it can hold a record newer
  // than the limit-th found.
  auto visit = [&](const store::Row& k) -> Result<bool> {
    if (out.size() >= limit && out.back().seq > k.integer(1)) return false;
    // One whose matches are all older than the limit-th is not unpacked (at F=0.01, the
    // `case.start` filter unpacked ≈100 archives for nothing).
    const auto newest = newest_match(k);
    if (!newest || (out.size() >= limit && out.back().seq > *newest)) return true;
    auto records = KS_TRY(read_packed(c, k.integer(0), values));
    for (auto& r : records) {
      if (!matches(f, r)) continue;
      auto written = KS_TRY(as_written(c, r, std::nullopt, values));
      out.push_back(written ? std::move(*written) : std::move(r));
    }
    std::sort(out.begin(), out.end(), newer);
    if (out.size() > limit) out.resize(limit);
    return true;
  };
  const std::string columns = "SELECT case_id, last_seq, persons, actions, outcomes FROM audit_packed_cases ";
  // A period whose start only a few cases' last records reach: those cases, found by that time
  // (migration 0080) and put in order here. In the order of their last record every case after
  // them had to be passed over one by one when none of them matched — every archived case for a
  // week a month back at national scale (65 ms; issue 8, session 17). When many reach it, that
  // order is kept: it stops once it has the newest records, and any order reads those cases.
  constexpr std::int64_t kFewCases = 2000;
  if (f.from) {
    auto reaching = KS_TRY(c.row("SELECT COUNT(*) FROM (SELECT 1 FROM audit_packed_cases WHERE last_at >= ? LIMIT ?) "
                                 "AS reaching",
                                 f.from->ms, kFewCases + 1));
    if (reaching && reaching->integer(0) <= kFewCases) {
      auto cases = KS_TRY(c.query(columns + "WHERE 1 = 1" + where, params));
      std::sort(cases.begin(), cases.end(), [](const auto& a, const auto& b) { return a.integer(1) > b.integer(1); });
      for (const auto& k : cases)
        if (!KS_TRY(visit(k))) return {};
      return {};
    }
  }
  constexpr std::size_t kCasesAQuery = 32;
  const std::string sql =
      columns + "WHERE last_seq < ?" + where + " ORDER BY last_seq DESC LIMIT " + std::to_string(kCasesAQuery);
  std::int64_t below = std::numeric_limits<std::int64_t>::max();
  for (;;) {
    params.insert(params.begin(), Value(below));
    auto cases = KS_TRY(c.query(sql, params));
    params.erase(params.begin());
    for (const auto& k : cases) {
      below = k.integer(1);
      if (!KS_TRY(visit(k))) return {};
    }
    if (cases.size() < kCasesAQuery) return {};
  }
}

} // namespace

namespace {

// The text hashed, between the record's number and the previous hash: ",at,account_id,\"person_id\",
// ...,\"detail\"," (see hash_of).
std::string hashed_middle(const Row& r) {
  std::string text;
  text.reserve(256 + r.before_json.size() + r.after_json.size() + r.detail.size());
  for (std::int64_t n : {r.at.ms, r.account_id}) {
    text += ',';
    text += std::to_string(n);
  }
  for (const std::string* s : {&r.person_id, &r.username, &r.acting_function, &r.action, &r.outcome, &r.object_type,
                               &r.object_id, &r.case_id, &r.remote_addr, &r.request_id, &r.before_json, &r.after_json,
                               &r.detail}) {
    text += ',';
    json_text::append_string(text, *s);
  }
  text += ',';
  return text;
}

} // namespace

std::string hash_of(const Row& r) {
  // The text hashed is the JSON array [seq, at, account_id, person_id, ..., prev_hash] as
  // nlohmann::json writes it (unambiguous field boundaries, the same bytes on every platform),
  // written here without building the array (issue 8: it was 4 % of a task completion);
  // tests/store/audit_hash_test.cpp holds it to the array's bytes.
  std::string text = "[" + std::to_string(r.seq);
  text += hashed_middle(r);
  json_text::append_string(text, r.prev_hash);
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
  // Only when reading gives back exactly what was hashed (a "values" found deeper, or out of
  // its place in name order, would not).
  auto back = with_values(out, submitted);
  if (!back || *back != after) return std::nullopt;
  return out;
}

Result<std::string> with_values(std::string_view stored, std::string_view submitted) {
  // Put back where record_audit's dump() wrote it: among the top-level members in name order.
  // On the text, without building the document (issue 8: parsing and writing after_json again
  // was 6 % of a task completion); for a record stored since migration 0071 this is the same text
  // as the document would give, since without_values() stores it only when it is.
  auto members = json_text::members(stored);
  if (!members) return fail(Error::internal("an audit record's after_json is not a JSON object"));
  if (!json_text::members(submitted)) return fail(Error::internal("a task's submitted values are not a JSON object"));
  static const std::string kName = "values";
  std::size_t at = stored.find('{') + 1; // After the brace: first, when every member's name is after "values".
  bool first = true;
  for (const auto& m : *members) {
    if (m.name == kName) return fail(Error::internal("an audit record's after_json has its values already"));
    if (kName < m.name) break;
    at = static_cast<std::size_t>(m.text.data() + m.text.size() - stored.data());
    first = false;
  }
  std::string out;
  out.reserve(stored.size() + submitted.size() + 10);
  out += stored.substr(0, at);
  if (!first) out += ',';
  out += "\"values\":";
  out += submitted;
  if (first && !members->empty()) out += ',';
  out += stored.substr(at);
  return out;
}

namespace {

// With `values`, sets values_task when after_json can be stored without them; returns the
// after_json to store then (nullopt: as it is).
std::optional<std::string> store_values_once(Row& row, const std::optional<ValuesInTask>& values) {
  std::optional<std::string> stored_after;
  if (values) stored_after = without_values(row.after_json, values->submitted);
  row.values_task = stored_after ? values->task_id : 0;
  return stored_after;
}

} // namespace

std::optional<std::string> chain(Row& row, std::int64_t seq, std::string prev_hash, std::optional<ValuesInTask> values) {
  row.seq = seq;
  row.prev_hash = std::move(prev_hash);
  row.hash = hash_of(row);
  return store_values_once(row, values);
}

namespace {

// SQLite's audit_time_blocks (migration 0075): for each block of kBlock numbers, 1–128, 129–256…,
// the earliest and latest time of its records in audit_log when its last number was appended
// (NULL when none was left). A period's records are among the blocks whose times meet it and the
// numbers after the last block.
constexpr std::int64_t kBlock = 128;

// Adds the row of the block whose first number is `first`.
Status add_time_block(Connection& c, std::int64_t first) {
  return c.post("INSERT INTO audit_time_blocks (first_seq, last_seq, min_at, max_at) SELECT ?, ?, MIN(at), MAX(at) "
                "FROM audit_log WHERE seq BETWEEN ? AND ?",
                first, first + kBlock - 1, first, first + kBlock - 1);
}

// The ranges of numbers, newest first, whose records may lie in [from, to).
Result<std::vector<std::pair<std::int64_t, std::int64_t>>> numbers_in_period(Connection& c, std::optional<Instant> from,
                                                                            std::optional<Instant> to) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  auto last = KS_TRY(c.row("SELECT MAX(last_seq) FROM audit_time_blocks"));
  const std::int64_t blocks_end = last && !last->is_null(0) ? last->integer(0) : 0;
  out.emplace_back(blocks_end + 1, std::numeric_limits<std::int64_t>::max());
  auto blocks = KS_TRY(c.rows("SELECT first_seq, last_seq FROM audit_time_blocks WHERE max_at >= ? AND min_at < ? "
                              "ORDER BY first_seq DESC",
                              from ? from->ms : std::numeric_limits<std::int64_t>::min(),
                              to ? to->ms : std::numeric_limits<std::int64_t>::max()));
  for (const auto& b : blocks) {
    // Adjacent blocks make one range (a period's blocks are adjacent while times go forward).
    if (out.back().first == b.integer(1) + 1) out.back().first = b.integer(0);
    else out.emplace_back(b.integer(0), b.integer(1));
  }
  return out;
}

} // namespace

Status add_time_blocks(Connection& c) {
  if (c.backend() != Backend::sqlite) return {};
  const auto newest_seq = KS_TRY(newest(c)).first;
  auto last = KS_TRY(c.row("SELECT COALESCE(MAX(last_seq), 0) FROM audit_time_blocks"));
  for (std::int64_t first = last->integer(0) + 1; first + kBlock - 1 <= newest_seq; first += kBlock)
    KS_TRY(add_time_block(c, first));
  return {};
}

Result<std::pair<std::int64_t, std::string>> newest(Connection& c) {
  // On SQLite audit_log's newest row when it is newer than audit_head (append() below), as it is
  // unless a case's records were just packed; PostgreSQL writes audit_head with every record.
  if (c.backend() == Backend::sqlite) {
    auto row = KS_TRY(c.row("SELECT seq, hash FROM audit_log WHERE seq > (SELECT seq FROM audit_head WHERE id = 1) "
                            "ORDER BY seq DESC LIMIT 1"));
    if (row) return std::pair{row->integer(0), row->text(1)};
  }
  auto head = KS_TRY(c.row("SELECT seq, hash FROM audit_head WHERE id = 1"));
  if (!head) return fail(Error::internal("audit_head is missing (migration 0031)"));
  return std::pair{head->integer(0), head->text(1)};
}

Status append(Connection& c, Row row, std::optional<ValuesInTask> values) {
  constexpr std::string_view kColumns =
      "INSERT INTO audit_log (seq, at, account_id, person_id, username, acting_function, action, outcome, "
      "object_type, object_id, case_id, remote_addr, request_id, before_json, after_json, detail, hash, values_task) ";
  if (c.backend() == Backend::postgres) {
    // PostgreSQL: the head's row lock queues concurrent writers, and is held until COMMIT. So the
    // record is chained by the server, in one statement sent with COMMIT: the head's next number
    // and hash (sha256 over the text hash_of() writes, the previous hash in it being hex, which
    // JSON writes as it is) and the row. No round trip while the lock is held (issue 8: with 32
    // clients, writers waited on it most of the time). ks audit verify checks every hash in C++.
    const auto stored_after = store_values_once(row, values); // seq and hash are the server's.
    static const std::string kServerChained =
        "WITH head AS (UPDATE audit_head SET seq = seq + 1, "
        "hash = encode(sha256(convert_to('[' || (seq + 1) || ? || '\"' || hash || '\"]', 'UTF8')), 'hex') "
        "WHERE id = 1 RETURNING seq, hash) " +
        std::string(kColumns) +
        "SELECT head.seq, CAST(? AS BIGINT), CAST(? AS BIGINT), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, head.hash, "
        "CAST(? AS BIGINT) FROM head";
    const Value params[] = {hashed_middle(row), row.at.ms,        row.account_id, row.person_id,  row.username,
                            row.acting_function, row.action,     row.outcome,    row.object_type, row.object_id,
                            row.case_id,         row.remote_addr, row.request_id, row.before_json,
                            stored_after ? Value(*stored_after) : Value(row.after_json), row.detail,
                            row.values_task ? Value(row.values_task) : Value()};
    return c.send(kServerChained, params,
                  Connection::Expect{1, Error::internal("audit_head is missing (migration 0031)")});
  }
  // SQLite: a write transaction (BEGIN IMMEDIATE) holds the database's one write lock from its
  // start, so the head is read, and written once with the row. The head is the newer of audit_head
  // and audit_log's newest row: a record of a case keeps the head in its case's row
  // (cases.audit_seq, audit_hash, migration 0074) instead of audit_head, since a change of a case
  // rewrites that row's page anyway — one WAL page fewer a completion (issue 8). Packing raises
  // audit_head before it moves newest rows out of audit_log (pack_into), and verify() takes the
  // newest of every case's head and audit_head as the head.
  auto [seq, hash] = KS_TRY(newest(c));
  const auto stored_after = chain(row, seq + 1, std::move(hash), values);
  static const std::string kInsert =
      std::string(kColumns) + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  KS_TRY(c.post(kInsert, row.seq, row.at.ms, row.account_id, row.person_id, row.username, row.acting_function,
                row.action, row.outcome, row.object_type, row.object_id, row.case_id, row.remote_addr,
                row.request_id, row.before_json, stored_after ? Value(*stored_after) : Value(row.after_json),
                row.detail, row.hash, row.values_task ? Value(row.values_task) : Value()));
  if (row.seq % kBlock == 0) KS_TRY(add_time_block(c, row.seq - kBlock + 1));
  if (const auto id = case_number(row.case_id)) {
    if (KS_TRY(c.exec("UPDATE cases SET audit_seq = ?, audit_hash = ? WHERE id = ?", row.seq, row.hash, *id)) == 1)
      return {};
  }
  return c.post("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", row.seq, row.hash);
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
  const std::size_t limit = std::min<std::size_t>(f.limit, 10000);
  Rows rows;
  if (c.backend() == Backend::sqlite && (f.from || f.to)) {
    // No index on `at` on SQLite (migration 0075): the numbers a period's records can have come
    // from audit_time_blocks, newest first, each range read as the rowid range it is.
    sql += " AND a.seq BETWEEN ? AND ? ORDER BY a.seq DESC LIMIT ?";
    for (const auto& [first, last] : KS_TRY(numbers_in_period(c, f.from, f.to))) {
      params.emplace_back(first);
      params.emplace_back(last);
      params.emplace_back(static_cast<std::int64_t>(limit - rows.size()));
      for (auto& r : KS_TRY(c.query(sql, params))) rows.push_back(std::move(r));
      params.resize(params.size() - 3);
      if (rows.size() >= limit) break;
    }
  } else {
    sql += " ORDER BY a.seq DESC LIMIT " + std::to_string(limit);
    rows = KS_TRY(c.query(sql, params));
  }
  std::vector<Row> out;
  out.reserve(rows.size());
  TaskValues values;
  // A record whose task's values are gone reads as stored, without them (verify() names it).
  for (const auto& r : rows) {
    auto row = KS_TRY(as_written(c, stored_row_of(r), r.opt_text(18), values));
    out.push_back(row ? std::move(*row) : stored_row_of(r));
  }
  KS_TRY(add_packed(c, f, limit, out, values));
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
  // On SQLite a record of a case keeps the head in its case's row (migration 0074): the newest of
  // those and audit_head is the head, and each must name a record of the chain, with its hash.
  std::map<std::int64_t, std::pair<std::int64_t, std::string>> case_heads; // seq → (case, hash)
  if (c.backend() == Backend::sqlite) {
    for (const auto& r : KS_TRY(c.rows("SELECT id, audit_seq, audit_hash FROM cases WHERE audit_seq IS NOT NULL"))) {
      const auto seq = r.integer(1);
      case_heads[seq] = {r.integer(0), r.text(2)};
      if (seq > v.head_seq) v.head_seq = seq, v.head_hash = r.text(2);
    }
  }
  auto broken = [&](std::int64_t seq, std::string why) {
    v.ok = false;
    v.broken_seq = seq;
    v.reason = std::move(why);
    return v;
  };
  // Rows and packed records (migration 0072) are walked together, a window of numbers at a time.
  std::int64_t last = v.head_seq;
  for (const char* sql : {"SELECT MAX(seq) FROM audit_log", "SELECT MAX(last_seq) FROM audit_packed_cases"}) {
    auto max = KS_TRY(c.row(sql));
    if (max && !max->is_null(0)) last = std::max(last, max->integer(0));
  }
  struct Entry {
    Row row;
    std::optional<std::string> joined; // A row's task's values, read with it.
    bool in_log = false;               // A row of audit_log (not a packed record).
  };
  // SQLite: the times of each block's rows, for audit_time_blocks (migration 0075).
  std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> block_times; // first number → (min, max)
  constexpr std::int64_t kWindow = 50'000;
  std::int64_t expected = 1;
  std::string prev_hash;
  TaskValues values;
  std::vector<Entry> window;
  for (std::int64_t from = 1; from <= last; from += kWindow) {
    const std::int64_t to = from + kWindow;
    window.clear();
    auto rows = KS_TRY(c.rows(std::string(kSelect) + " WHERE a.seq >= ? AND a.seq < ? ORDER BY a.seq", from, to));
    for (const auto& r : rows) window.push_back({stored_row_of(r), r.opt_text(18), true});
    auto cases = KS_TRY(c.rows("SELECT case_id, first_seq FROM audit_packed_cases WHERE last_seq >= ? AND first_seq < ?",
                               from, to));
    for (const auto& k : cases) {
      auto records = read_packed(c, k.integer(0), values);
      if (!records) return broken(std::max(k.integer(1), from), records.error().message);
      for (auto& r : *records)
        if (r.seq >= from && r.seq < to) window.push_back({std::move(r), std::nullopt, false});
    }
    if (!cases.empty())
      std::stable_sort(window.begin(), window.end(), [](const Entry& x, const Entry& y) { return x.row.seq < y.row.seq; });
    for (std::size_t i = 0; i < window.size(); ++i) {
      auto& e = window[i];
      const auto seq = e.row.seq;
      if (i + 1 < window.size() && window[i + 1].row.seq == seq)
        return broken(seq, "row " + std::to_string(seq) + " is there twice (a row and a packed record)");
      if (seq != expected)
        return broken(expected, "row " + std::to_string(expected) + " is missing (the next row is " +
                                    std::to_string(seq) + ")");
      if (e.in_log) {
        const auto at = e.row.at.ms;
        auto [b, fresh] = block_times.try_emplace((seq - 1) / kBlock * kBlock + 1, at, at);
        if (!fresh) b->second = {std::min(b->second.first, at), std::max(b->second.second, at)};
      }
      const auto task = std::to_string(e.row.values_task);
      auto r = KS_TRY(as_written(c, std::move(e.row), std::move(e.joined), values));
      if (!r)
        return broken(seq, "row " + std::to_string(seq) + " records the values submitted to task " + task +
                               ", whose row is missing or unreadable");
      r->prev_hash = prev_hash;
      if (hash_of(*r) != r->hash)
        return broken(seq, "row " + std::to_string(seq) + " does not match its hash: it was changed" +
                               (r->values_task ? ", or the values submitted to task " + task + " that it records were" : "") +
                               (seq > 1 ? ", or row " + std::to_string(seq - 1) + " was changed and its hash rewritten" : ""));
      if (auto h = case_heads.find(seq); h != case_heads.end() && h->second.second != r->hash)
        return broken(seq, "row " + std::to_string(seq) + " does not match the head kept in case " +
                               std::to_string(h->second.first) + "'s row");
      prev_hash = std::move(r->hash);
      ++expected;
      ++v.rows;
    }
  }
  // Rows before seq 1 (negative or zero numbers) are insertions too.
  for (const char* sql : {"SELECT MIN(seq) FROM audit_log WHERE seq < 1",
                          "SELECT MIN(first_seq) FROM audit_packed_cases WHERE first_seq < 1"}) {
    auto stray = KS_TRY(c.row(sql));
    if (stray && !stray->is_null(0))
      return broken(stray->integer(0), "row " + std::to_string(stray->integer(0)) + " was inserted");
  }
  if (v.rows < v.head_seq)
    return broken(v.rows + 1, "row " + std::to_string(v.rows + 1) + " is missing (the log ends at row " +
                                  std::to_string(v.rows) + ", the head says " + std::to_string(v.head_seq) + ")");
  if (v.rows > v.head_seq)
    return broken(v.head_seq + 1, "row " + std::to_string(v.head_seq + 1) + " was inserted after the head (row " +
                                      std::to_string(v.head_seq) + ")");
  if (prev_hash != v.head_hash) return broken(v.rows, "row " + std::to_string(v.rows) + " does not match the head's hash");
  if (c.backend() == Backend::sqlite) {
    // Every block of numbers up to the newest has its row, and its times hold its rows' times: a
    // search by period reads only the blocks whose times meet it.
    auto stored = KS_TRY(c.rows("SELECT first_seq, last_seq, min_at, max_at FROM audit_time_blocks ORDER BY first_seq"));
    std::size_t i = 0;
    for (std::int64_t first = 1; first + kBlock - 1 <= v.rows; first += kBlock, ++i) {
      const auto span = std::to_string(first) + "–" + std::to_string(first + kBlock - 1);
      if (i >= stored.size() || stored[i].integer(0) != first || stored[i].integer(1) != first + kBlock - 1)
        return broken(first, "audit_time_blocks has no row for records " + span +
                                  ": a search by period would not find them");
      auto t = block_times.find(first);
      if (t == block_times.end()) continue;
      const auto min_at = stored[i].opt_integer(2), max_at = stored[i].opt_integer(3);
      if (!min_at || !max_at || *min_at > t->second.first || *max_at < t->second.second)
        return broken(first, "the times audit_time_blocks keeps for records " + span +
                                  " do not hold those records' times: a search by period would miss some");
    }
  }
  return v;
}

PackedSummary summary_of(const std::vector<Row>& records) {
  PackedSummary out;
  if (records.empty()) return out;
  std::vector<std::pair<std::string, std::int64_t>> persons, actions, outcomes;
  out.first_seq = records.front().seq;
  out.last_seq = records.back().seq;
  out.first_at = out.last_at = records.front().at.ms;
  for (const auto& r : records) {
    persons.emplace_back(r.person_id, r.seq);
    actions.emplace_back(r.action, r.seq);
    outcomes.emplace_back(r.outcome, r.seq);
    out.first_at = std::min(out.first_at, r.at.ms);
    out.last_at = std::max(out.last_at, r.at.ms);
  }
  out.persons = name_set(persons);
  out.actions = name_set(actions);
  out.outcomes = name_set(outcomes);
  return out;
}

Status pack(Connection& c, std::int64_t case_id) {
  auto archived = KS_TRY(archive::read(c, case_id));
  if (!KS_TRY(pack_into(c, case_id, archived))) return {};
  return archive::write(c, case_id, archived);
}

Result<bool> pack_into(Connection& c, std::int64_t case_id, archive::Archive& archived) {
  const std::string key = std::to_string(case_id);
  auto rows = KS_TRY(c.rows(std::string(kSelect) + " WHERE a.case_id = ? ORDER BY a.seq", key));
  if (rows.empty()) return false;
  auto records = KS_TRY(parse_packed(case_id, archived.audit));
  records.reserve(records.size() + rows.size());
  for (const auto& r : rows) records.push_back(stored_row_of(r));
  std::sort(records.begin(), records.end(), [](const Row& a, const Row& b) { return a.seq < b.seq; });
  archived.audit = packed_text(records);
  const auto summary = summary_of(records);
  KS_TRY(c.post("INSERT INTO audit_packed_cases (case_id, first_seq, last_seq, first_at, last_at, persons, actions, "
                "outcomes) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (case_id) DO UPDATE SET "
                "first_seq = excluded.first_seq, last_seq = excluded.last_seq, first_at = excluded.first_at, "
                "last_at = excluded.last_at, persons = excluded.persons, actions = excluded.actions, "
                "outcomes = excluded.outcomes",
                case_id, summary.first_seq, summary.last_seq, summary.first_at, summary.last_at, summary.persons,
                summary.actions, summary.outcomes));
  // SQLite keeps the head in audit_log's newest row or a case's row (append()): audit_head takes
  // it first, so that the next record still finds its predecessor when the newest rows leave.
  if (c.backend() == Backend::sqlite) {
    const auto [seq, hash] = KS_TRY(newest(c));
    KS_TRY(c.post("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1 AND seq < ?", seq, hash, seq));
  }
  // Exactly the rows read: a record appended since (numbered after them) stays a row.
  KS_TRY(c.post("DELETE FROM audit_log WHERE case_id = ? AND seq <= ?", key, rows.back().integer(0)));
  return true;
}

} // namespace ks::store::audit
