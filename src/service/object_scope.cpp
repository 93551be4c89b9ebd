#include "service/object_scope.hpp"

#include <charconv>

#include "store/case_store.hpp"
#include "store/task_store.hpp"

namespace ks::service {

Result<std::optional<Scope>> scope_of_case(store::Connection& c, std::string_view case_id) {
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(case_id.data(), case_id.data() + case_id.size(), id);
  if (ec != std::errc() || end != case_id.data() + case_id.size()) return std::optional<Scope>();
  auto found = KS_TRY(store::cases::find_summary(c, id));
  if (!found) return std::optional<Scope>();
  Scope s;
  s.case_id = std::string(case_id);
  s.region_id = found->fields.region_id;
  return std::optional<Scope>(std::move(s));
}

Result<std::optional<Scope>> scope_of_task(store::Connection& c, std::int64_t task_id) {
  auto task = KS_TRY(store::tasks::find(c, task_id));
  if (!task) return std::optional<Scope>();
  auto s = KS_TRY(scope_of_case(c, std::to_string(task->case_id))).value_or(Scope{});
  s.case_id = std::to_string(task->case_id);
  s.function = task->function;
  s.unit_id = task->scope_unit;
  if (task->scope_unit.starts_with("municipality-")) s.municipality_id = task->scope_unit;
  return std::optional<Scope>(std::move(s));
}

} // namespace ks::service
