#include "store/task_store.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "store/case_archive.hpp"
#include "store/case_store.hpp"
#include "store/packed_lines.hpp"

namespace ks::store::tasks {

namespace {

constexpr std::string_view kColumns =
    "id, case_id, local_id, element, step, function, scope_unit, form_id, item, opened_at, due, status, "
    "completed_by, completed_at, submitted, version";

TaskRow from_row(const Row& r) {
  TaskRow t;
  t.id = r.integer(0);
  t.case_id = r.integer(1);
  t.local_id = r.integer(2);
  t.element = r.text(3);
  t.step = r.text(4);
  t.function = r.text(5);
  t.scope_unit = r.text(6);
  t.form_id = r.text(7);
  t.item = r.opt_text(8);
  t.opened_at = Instant{r.integer(9)};
  if (auto d = r.opt_integer(10)) t.due = Instant{*d};
  t.status = r.text(11);
  t.completed_by = r.opt_text(12);
  if (auto a = r.opt_integer(13)) t.completed_at = Instant{*a};
  t.submitted = r.opt_text(14);
  t.version = r.integer(15);
  return t;
}

constexpr std::string_view kPackedHeader = "ks-tasks 1\n";
// Every column but case_id, in kColumns' order.
constexpr std::size_t kPackedFields = 15;

Error damaged(std::int64_t case_id, std::string_view what) {
  return Error::internal("the packed tasks of case " + std::to_string(case_id) + " are damaged: " + std::string(what));
}

std::optional<std::string> optional_number(const std::optional<Instant>& at) {
  return at ? std::optional<std::string>(std::to_string(at->ms)) : std::nullopt;
}

bool by_id(const TaskRow& a, const TaskRow& b) { return a.id < b.id; }

// The first ids of the case's blocks of task ids (cases.task_blocks, migration 0082), in order.
Result<std::vector<std::int64_t>> blocks_of(Connection& c, std::int64_t case_id) {
  auto row = KS_TRY(c.row("SELECT task_blocks FROM cases WHERE id = ?", case_id));
  return cases::open_tasks_of_text(row ? row->opt_text(0) : std::nullopt).value_or(std::vector<std::int64_t>{});
}

} // namespace

std::string packed_text(const std::vector<TaskRow>& tasks) {
  std::string text(kPackedHeader);
  std::size_t size = text.size();
  for (const auto& t : tasks)
    size += 80 + t.element.size() + t.step.size() + t.function.size() + t.scope_unit.size() + t.form_id.size() +
            t.status.size() + t.item.value_or("").size() + t.completed_by.value_or("").size() +
            t.submitted.value_or("").size() * 9 / 8;
  text.reserve(size);
  for (const auto& t : tasks) {
    text += std::to_string(t.id);
    text += '\t';
    text += std::to_string(t.local_id);
    for (std::string_view f : {std::string_view(t.element), std::string_view(t.step), std::string_view(t.function),
                               std::string_view(t.scope_unit), std::string_view(t.form_id)}) {
      text += '\t';
      packed::append_field(text, f);
    }
    const std::optional<std::string> fields[] = {t.item,
                                                 std::to_string(t.opened_at.ms),
                                                 optional_number(t.due),
                                                 t.status,
                                                 t.completed_by,
                                                 optional_number(t.completed_at),
                                                 t.submitted,
                                                 std::to_string(t.version)};
    for (const auto& f : fields) {
      text += '\t';
      packed::append_field(text, f);
    }
    text += '\n';
  }
  return text;
}

namespace {

// The tasks of an archive's tasks section, in id order.
Result<std::vector<TaskRow>> parse_packed(std::int64_t case_id, const std::optional<std::string>& section) {
  std::vector<TaskRow> out;
  if (!section) return out;
  std::string_view text = *section;
  if (!text.starts_with(kPackedHeader)) return fail(damaged(case_id, "they do not begin with \"ks-tasks 1\""));
  text.remove_prefix(kPackedHeader.size());
  out.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
  std::string_view f[kPackedFields];
  auto complaint = packed::each_line(text, f, [&](const std::string& where) -> std::string {
    TaskRow t;
    t.case_id = case_id;
    std::optional<std::int64_t> opened, due, completed_at;
    if (!packed::parse_integer(f[0], t.id) || !packed::parse_integer(f[1], t.local_id) ||
        !packed::parse_optional_integer(f[8], opened) || !opened || !packed::parse_optional_integer(f[9], due) ||
        !packed::parse_optional_integer(f[12], completed_at) || !packed::parse_integer(f[14], t.version))
      return where + " has a number that is not one (id, local id, times or version)";
    t.opened_at = Instant{*opened};
    if (due) t.due = Instant{*due};
    if (completed_at) t.completed_at = Instant{*completed_at};
    if (!packed::unescape(f[2], t.element) || !packed::unescape(f[3], t.step) || !packed::unescape(f[4], t.function) ||
        !packed::unescape(f[5], t.scope_unit) || !packed::unescape(f[6], t.form_id) ||
        !packed::unescape_optional(f[7], t.item) || !packed::unescape(f[10], t.status) ||
        !packed::unescape_optional(f[11], t.completed_by) || !packed::unescape_optional(f[13], t.submitted))
      return where + " has an unknown escape";
    if (!out.empty() && t.id <= out.back().id)
      return where + " is task " + std::to_string(t.id) + ", not after " + std::to_string(out.back().id);
    out.push_back(std::move(t));
    return {};
  });
  if (!complaint.empty()) return fail(damaged(case_id, complaint));
  return out;
}

Result<std::vector<TaskRow>> read_packed(Connection& c, std::int64_t case_id) {
  auto archived = KS_TRY(archive::read(c, case_id));
  return parse_packed(case_id, archived.tasks);
}

} // namespace

Result<std::vector<TaskRow>> of_archive(std::int64_t case_id, const archive::Archive& archived) {
  return parse_packed(case_id, archived.tasks);
}

Status pack(Connection& c, std::int64_t case_id) {
  auto archived = KS_TRY(archive::read(c, case_id));
  if (!KS_TRY(pack_into(c, case_id, archived))) return {};
  return archive::write(c, case_id, archived);
}

Result<bool> pack_into(Connection& c, std::int64_t case_id, archive::Archive& archived) {
  auto rows = KS_TRY(c.rows(fmt::format("SELECT {} FROM tasks WHERE case_id = ? AND status <> 'open' ORDER BY id",
                                        kColumns),
                            case_id));
  if (rows.empty()) return false;
  auto all = KS_TRY(parse_packed(case_id, archived.tasks));
  all.reserve(all.size() + rows.size());
  for (const auto& r : rows) all.push_back(from_row(r));
  std::sort(all.begin(), all.end(), by_id);
  archived.tasks = packed_text(all);
  // Where each packed task is, for find() by its global id: the case's id blocks, and a row in
  // packed_tasks for a task whose id no block of the case gives (from before migration 0082).
  const auto blocks = KS_TRY(blocks_of(c, case_id));
  auto from_a_block = [&](std::int64_t id, std::int64_t local_id) {
    const auto k = static_cast<std::size_t>((local_id - 1) / kIdBlock);
    return local_id >= 1 && k < blocks.size() && blocks[k] + (local_id - 1) % kIdBlock == id;
  };
  constexpr std::size_t kRowsPerStatement = 100;
  std::vector<Value> params;
  std::string sql;
  std::size_t n = 0;
  auto flush = [&]() -> Status {
    if (n == 0) return {};
    KS_TRY(c.send(sql, params, std::nullopt));
    n = 0;
    return {};
  };
  for (const auto& r : rows) {
    const auto id = r.integer(0), local_id = r.integer(2);
    if (from_a_block(id, local_id)) continue;
    if (n == 0) {
      sql = "INSERT INTO packed_tasks (id, case_id) VALUES ";
      params.clear();
    }
    sql += n ? ",(?,?)" : "(?,?)";
    params.insert(params.end(), {Value(id), Value(case_id)});
    if (++n == kRowsPerStatement) KS_TRY(flush());
  }
  KS_TRY(flush());
  KS_TRY(c.post("DELETE FROM tasks WHERE case_id = ? AND status <> 'open'", case_id));
  return true;
}

namespace {

struct PackedWhere {
  std::int64_t case_id = 0;
  bool own_row = false; // packed_tasks names the task itself (else only its id block does).
};

Result<std::optional<PackedWhere>> packed_where(Connection& c, std::int64_t task_id) {
  // A row of its own first (an id from before migration 0082), then the block the id is in.
  if (auto row = KS_TRY(c.row("SELECT case_id FROM packed_tasks WHERE id = ?", task_id)))
    return std::optional<PackedWhere>(PackedWhere{row->integer(0), true});
  auto block = KS_TRY(c.row("SELECT first_id, case_id FROM task_blocks WHERE first_id <= ? ORDER BY first_id DESC "
                            "LIMIT 1",
                            task_id));
  if (block && task_id < block->integer(0) + kIdBlock)
    return std::optional<PackedWhere>(PackedWhere{block->integer(1), false});
  return std::optional<PackedWhere>();
}

// Whether the case has opened the task that an id of one of its blocks gives: its local id is
// below the engine's next one (a state that does not say counts as opened).
Result<bool> taken(Connection& c, std::int64_t case_id, std::int64_t id) {
  const auto blocks = KS_TRY(blocks_of(c, case_id));
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    if (id < blocks[k] || id >= blocks[k] + kIdBlock) continue;
    const auto local_id = static_cast<std::int64_t>(k) * kIdBlock + (id - blocks[k]) + 1;
    const auto next = cases::next_task_of_state(KS_TRY(cases::state_text(c, case_id)));
    return !next || local_id < *next;
  }
  return false;
}

} // namespace

Result<std::optional<std::int64_t>> case_of_packed(Connection& c, std::int64_t task_id) {
  auto where = KS_TRY(packed_where(c, task_id));
  return where ? std::optional<std::int64_t>(where->case_id) : std::nullopt;
}

namespace {

// The first id of a new block of task ids for the case, its row in task_blocks written. SQLite:
// after the highest id of the blocks, the tasks and the packed tasks (the table's own would be the
// highest row's + 1). PostgreSQL: the next value of tasks.id's identity sequence, which counts in
// steps of kIdBlock (migration 0082) and never gives a value twice.
Result<std::int64_t> take_block(Connection& c, std::int64_t case_id) {
  std::int64_t first = 0;
  if (c.backend() == Backend::sqlite) {
    auto top = KS_TRY(c.row(fmt::format("SELECT MAX(m) FROM (SELECT MAX(first_id) + {} - 1 AS m FROM task_blocks "
                                        "UNION ALL SELECT MAX(id) FROM tasks UNION ALL SELECT MAX(id) FROM packed_tasks)",
                                        kIdBlock)));
    first = (top && !top->is_null(0) ? top->integer(0) : 0) + 1;
  } else {
    auto next = KS_TRY(c.row("SELECT nextval(pg_get_serial_sequence('tasks', 'id'))"));
    if (!next) return fail(Error::internal("no next value of the tasks' id sequence"));
    first = next->integer(0);
  }
  KS_TRY(c.post("INSERT INTO task_blocks (first_id, case_id) VALUES (?, ?)", first, case_id));
  return first;
}

} // namespace

Status insert_opened(Connection& c, std::int64_t case_id, const std::optional<std::string>& task_blocks,
                     std::span<const engine::Task> opened) {
  if (opened.empty()) return {};
  auto blocks = cases::open_tasks_of_text(task_blocks).value_or(std::vector<std::int64_t>{});
  const std::size_t had = blocks.size();
  std::vector<std::int64_t> ids;
  ids.reserve(opened.size());
  for (const auto& task : opened) {
    if (task.id < 1) return fail(Error::internal("case " + std::to_string(case_id) + ": a task without a local id"));
    const auto k = static_cast<std::size_t>((task.id - 1) / kIdBlock);
    while (blocks.size() <= k) blocks.push_back(KS_TRY(take_block(c, case_id)));
    ids.push_back(blocks[k] + (task.id - 1) % kIdBlock);
  }
  if (blocks.size() != had)
    KS_TRY(c.post("UPDATE cases SET task_blocks = ? WHERE id = ?", cases::open_tasks_text(blocks), case_id));
  constexpr std::size_t kRowsPerStatement = 32;
  std::vector<Value> params;
  for (std::size_t from = 0; from < opened.size(); from += kRowsPerStatement) {
    const std::size_t n = std::min(kRowsPerStatement, opened.size() - from);
    std::string sql = "INSERT INTO tasks (id, case_id, local_id, element, step, function, scope_unit, form_id, item, "
                      "opened_at, due, status, version) VALUES ";
    params.clear();
    params.reserve(n * 12);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& task = opened[from + i];
      sql += i ? ",(?,?,?,?,?,?,?,?,?,?,?,?,1)" : "(?,?,?,?,?,?,?,?,?,?,?,?,1)";
      params.insert(params.end(), {Value(ids[from + i]), Value(case_id), Value(task.id), Value(task.element),
                                   Value(task.step), Value(task.function), Value(task.scope_unit), Value(task.form),
                                   task.item.is_null() ? Value() : Value(task.item.dump()), Value(task.opened.ms),
                                   task.due ? Value(task.due->ms) : Value(), Value(kOpen)});
    }
    KS_TRY(c.send(sql, params, std::nullopt));
  }
  return {};
}

Result<std::int64_t> insert(Connection& c, std::int64_t case_id, const engine::Task& task) {
  auto blocks = KS_TRY(c.row("SELECT task_blocks FROM cases WHERE id = ?", case_id));
  KS_TRY(insert_opened(c, case_id, blocks ? blocks->opt_text(0) : std::nullopt, std::span<const engine::Task>(&task, 1)));
  auto row = KS_TRY(c.row("SELECT id FROM tasks WHERE case_id = ? AND local_id = ?", case_id, task.id));
  if (!row) return fail(Error::internal("the task just stored is missing"));
  return row->integer(0);
}

Result<std::optional<TaskRow>> find(Connection& c, std::int64_t id) {
  auto row = KS_TRY(c.row(fmt::format("SELECT {} FROM tasks WHERE id = ?", kColumns), id));
  if (row) return std::optional<TaskRow>(from_row(*row));
  auto where = KS_TRY(packed_where(c, id));
  if (!where) return std::optional<TaskRow>();
  const auto case_id = where->case_id;
  auto packed = KS_TRY(read_packed(c, case_id));
  auto it = std::lower_bound(packed.begin(), packed.end(), id, [](const TaskRow& t, std::int64_t v) { return t.id < v; });
  if (it == packed.end() || it->id != id) {
    // An id of the case's block that no task took is no task; one packed_tasks names, or one
    // whose local id the case has opened, must be there.
    if (!where->own_row && !KS_TRY(taken(c, case_id, id))) return std::optional<TaskRow>();
    return fail(damaged(case_id, "task " + std::to_string(id) + " is not among them"));
  }
  return std::optional<TaskRow>(std::move(*it));
}

Status close(Connection& c, std::int64_t case_id, std::int64_t local_id, const Close& how, Instant now) {
  std::optional<std::int64_t> at;
  if (how.status == kCompleted) at = now.ms;
  std::string sql = "UPDATE tasks SET status = ?, completed_by = ?, completed_at = ?, submitted = ?, "
                    "version = version + 1 WHERE case_id = ? AND local_id = ? AND status = 'open'";
  if (how.expected_version)
    return c.post_expecting({1, Error::conflict("uppgiften har redan ändrats eller avslutats; ladda om och försök igen")},
                            sql + " AND version = ?", how.status, how.completed_by, at, how.submitted, case_id, local_id,
                            *how.expected_version);
  return c.post(sql, how.status, how.completed_by, at, how.submitted, case_id, local_id);
}

Result<std::vector<TaskRow>> of_case(Connection& c, std::int64_t case_id, bool open_only) {
  if (open_only) {
    // The case's row lists its open tasks (migration 0078): only their rows are read.
    auto listed = KS_TRY(c.row("SELECT open_tasks FROM cases WHERE id = ?", case_id));
    if (!listed) return std::vector<TaskRow>();
    if (auto ids = cases::open_tasks_of_text(listed->opt_text(0))) {
      std::vector<TaskRow> out;
      if (ids->empty()) return out;
      // The key's range from the first to the last listed (open tasks were mostly opened together),
      // without an IN list or ORDER BY, for which SQLite builds a temporary B-tree each: the rows
      // come in local_id order and the few not listed are dropped here.
      std::sort(ids->begin(), ids->end());
      static const std::string range =
          fmt::format("SELECT {} FROM tasks WHERE case_id = ? AND local_id BETWEEN ? AND ?", kColumns);
      auto rows = KS_TRY(c.rows(range, case_id, ids->front(), ids->back()));
      for (const auto& r : rows) {
        auto t = from_row(r);
        if (t.status == kOpen && std::binary_search(ids->begin(), ids->end(), t.local_id))
          out.push_back(std::move(t));
      }
      std::sort(out.begin(), out.end(), by_id);
      return out;
    }
  }
  auto rows = KS_TRY(c.rows(fmt::format("SELECT {} FROM tasks WHERE case_id = ?{} ORDER BY id", kColumns,
                                        open_only ? " AND status = 'open'" : ""),
                            case_id));
  // Packed tasks are closed ones.
  std::vector<TaskRow> out;
  if (!open_only) out = KS_TRY(read_packed(c, case_id));
  const bool merge = !out.empty();
  out.reserve(out.size() + rows.size());
  for (const auto& r : rows) out.push_back(from_row(r));
  if (merge) std::sort(out.begin(), out.end(), by_id);
  return out;
}

namespace {

// `columns` of the tasks of each of `assignments` with `status`, one index range each, joined by
// UNION ALL (an assignment listed twice counts once). Not one WHERE with an OR per assignment:
// for that SQLite reads every matching row of the table and merges them in a RowSet before it
// sorts (≈13 M instructions for a page of an inbox of 1,179 tasks over HTTP, issue 8). Open tasks
// are asked for with the literal, so that the planner uses the partial index tasks_open_inbox
// (function, scope_unit, due; migration 0060), which holds open tasks only.
std::string each_assignment(const std::vector<Assignment>& assignments, std::string_view status,
                            std::string_view columns, std::vector<Value>& params) {
  std::set<std::pair<std::string_view, std::string_view>> seen;
  std::string sql;
  const bool open = status == kOpen;
  for (const auto& a : assignments) {
    if (!seen.emplace(a.function, a.scope_unit).second) continue;
    sql += fmt::format("{}SELECT {} FROM tasks WHERE function = ? AND scope_unit = ? AND status = {}",
                       sql.empty() ? "" : " UNION ALL ", columns, open ? "'open'" : "?");
    params.emplace_back(a.function);
    params.emplace_back(a.scope_unit);
    if (!open) params.emplace_back(status);
  }
  return sql;
}

} // namespace

Result<std::vector<TaskRow>> for_assignments(Connection& c, const std::vector<Assignment>& assignments,
                                             std::string_view status, std::size_t limit, std::size_t offset) {
  std::vector<TaskRow> out;
  if (assignments.empty() || limit == 0) return out;
  // The page's ids first (a sort of each task's id and due); then only those rows.
  std::vector<Value> params;
  const std::string each = each_assignment(assignments, status, "id, due", params);
  params.emplace_back(static_cast<std::int64_t>(limit));
  params.emplace_back(static_cast<std::int64_t>(offset));
  auto ids = KS_TRY(c.query(fmt::format("SELECT id FROM ({}) AS inbox ORDER BY CASE WHEN due IS NULL THEN 1 ELSE 0 "
                                        "END, due, id LIMIT ? OFFSET ?",
                                        each),
                            params));
  if (ids.empty()) return out;
  std::string in;
  params.clear();
  for (const auto& r : ids) {
    in += in.empty() ? "?" : ",?";
    params.emplace_back(r.integer(0));
  }
  auto rows = KS_TRY(c.query(fmt::format("SELECT {} FROM tasks WHERE id IN ({})", kColumns, in), params));
  std::map<std::int64_t, TaskRow> found;
  for (const auto& r : rows) {
    auto t = from_row(r);
    found.emplace(t.id, std::move(t));
  }
  out.reserve(ids.size());
  for (const auto& r : ids)
    if (auto it = found.find(r.integer(0)); it != found.end()) out.push_back(std::move(it->second));
  return out;
}

Result<OpenCounts> count_open_for_assignments(Connection& c, const std::vector<Assignment>& assignments, Instant now) {
  if (assignments.empty()) return OpenCounts{};
  std::vector<Value> params{Value(now.ms)};
  const std::string each = each_assignment(assignments, kOpen, "due", params);
  auto row = KS_TRY(c.query(
      fmt::format("SELECT COUNT(*), COALESCE(SUM(CASE WHEN due < ? THEN 1 ELSE 0 END), 0) FROM ({}) AS inbox", each),
      params));
  if (row.empty()) return OpenCounts{};
  return OpenCounts{row[0].integer(0), row[0].integer(1)};
}

} // namespace ks::store::tasks
