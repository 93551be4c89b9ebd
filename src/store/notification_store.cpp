#include "store/notification_store.hpp"

#include <fmt/format.h>

namespace ks::store::notifications {

namespace {

constexpr std::string_view kColumns = "id, case_id, element, step, function, scope_unit, message, created_at";

Notification from_row(const Row& r) {
  return {r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6), Instant{r.integer(7)}};
}

} // namespace

Status insert(Connection& c, const Notification& n) {
  return c.post("INSERT INTO notifications (case_id, element, step, function, scope_unit, message, created_at) "
                "VALUES (?,?,?,?,?,?,?)",
                n.case_id, n.element, n.step, n.function, n.scope_unit, n.message, n.created_at.ms);
}

Result<std::vector<Notification>> of_case(Connection& c, std::int64_t case_id) {
  auto rows = KS_TRY(c.rows(fmt::format("SELECT {} FROM notifications WHERE case_id = ? ORDER BY id", kColumns), case_id));
  std::vector<Notification> out;
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<std::vector<Notification>> for_assignments(Connection& c, const std::vector<tasks::Assignment>& assignments,
                                                  std::size_t limit) {
  std::vector<Notification> out;
  if (assignments.empty()) return out;
  std::string where;
  std::vector<Value> params;
  for (const auto& a : assignments) {
    where += fmt::format("{}(function = ? AND scope_unit = ?)", where.empty() ? "" : " OR ");
    params.emplace_back(a.function);
    params.emplace_back(a.scope_unit);
  }
  params.emplace_back(static_cast<std::int64_t>(limit));
  auto rows = KS_TRY(c.query(
      fmt::format("SELECT {} FROM notifications WHERE {} ORDER BY created_at DESC, id DESC LIMIT ?", kColumns, where),
      params));
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

} // namespace ks::store::notifications
