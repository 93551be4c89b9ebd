#include "store/task_store.hpp"

#include <algorithm>

#include <fmt/format.h>

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

} // namespace

Status insert_opened(Connection& c, std::int64_t case_id, std::span<const engine::Task> opened) {
  constexpr std::size_t kRowsPerStatement = 32;
  std::vector<Value> params;
  for (std::size_t from = 0; from < opened.size(); from += kRowsPerStatement) {
    const std::size_t n = std::min(kRowsPerStatement, opened.size() - from);
    std::string sql = "INSERT INTO tasks (case_id, local_id, element, step, function, scope_unit, form_id, item, "
                      "opened_at, due, status, version) VALUES ";
    params.clear();
    params.reserve(n * 11);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& task = opened[from + i];
      sql += i ? ",(?,?,?,?,?,?,?,?,?,?,?,1)" : "(?,?,?,?,?,?,?,?,?,?,?,1)";
      params.insert(params.end(), {Value(case_id), Value(task.id), Value(task.element), Value(task.step),
                                   Value(task.function), Value(task.scope_unit), Value(task.form),
                                   task.item.is_null() ? Value() : Value(task.item.dump()), Value(task.opened.ms),
                                   task.due ? Value(task.due->ms) : Value(), Value(kOpen)});
    }
    KS_TRY(c.send(sql, params, std::nullopt));
  }
  return {};
}

Result<std::int64_t> insert(Connection& c, std::int64_t case_id, const engine::Task& task) {
  KS_TRY(insert_opened(c, case_id, std::span<const engine::Task>(&task, 1)));
  auto row = KS_TRY(c.row("SELECT id FROM tasks WHERE case_id = ? AND local_id = ?", case_id, task.id));
  if (!row) return fail(Error::internal("the task just stored is missing"));
  return row->integer(0);
}

Result<std::optional<TaskRow>> find(Connection& c, std::int64_t id) {
  auto row = KS_TRY(c.row(fmt::format("SELECT {} FROM tasks WHERE id = ?", kColumns), id));
  if (!row) return std::optional<TaskRow>();
  return std::optional<TaskRow>(from_row(*row));
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
  auto rows = KS_TRY(c.rows(fmt::format("SELECT {} FROM tasks WHERE case_id = ?{} ORDER BY id", kColumns,
                                        open_only ? " AND status = 'open'" : ""),
                            case_id));
  std::vector<TaskRow> out;
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<std::vector<TaskRow>> for_assignments(Connection& c, const std::vector<Assignment>& assignments,
                                             std::string_view status, std::size_t limit) {
  std::vector<TaskRow> out;
  if (assignments.empty()) return out;
  std::string where;
  std::vector<Value> params;
  // Open tasks are asked for with the literal, so that the planner may use the partial index
  // tasks_open_inbox (migration 0060), which holds open tasks only.
  const bool open = status == kOpen;
  for (const auto& a : assignments) {
    where += fmt::format("{}(function = ? AND scope_unit = ? AND status = {})", where.empty() ? "" : " OR ",
                         open ? "'open'" : "?");
    params.emplace_back(a.function);
    params.emplace_back(a.scope_unit);
    if (!open) params.emplace_back(status);
  }
  params.emplace_back(static_cast<std::int64_t>(limit));
  auto rows = KS_TRY(c.query(fmt::format("SELECT {} FROM tasks WHERE {} ORDER BY CASE WHEN due IS NULL THEN 1 ELSE 0 "
                                         "END, due, id LIMIT ?",
                                         kColumns, where),
                             params));
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

} // namespace ks::store::tasks
