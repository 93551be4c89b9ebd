#include "service/task_assignment.hpp"

#include <algorithm>

namespace ks::service {

namespace st = store::structure;

bool holds_task(const st::Holding& h, std::string_view function, std::string_view scope_unit) {
  if (h.function != function || scope_unit.empty()) return false;
  return h.unit.id == scope_unit || (h.principal && h.principal->id == scope_unit);
}

std::vector<store::tasks::Assignment> assignments_of(const std::vector<st::Holding>& holdings) {
  std::vector<store::tasks::Assignment> out;
  auto add = [&](const std::string& f, const std::string& u) {
    auto same = [&](const store::tasks::Assignment& a) { return a.function == f && a.scope_unit == u; };
    if (std::none_of(out.begin(), out.end(), same)) out.push_back({f, u});
  };
  for (const auto& h : holdings) {
    add(h.function, h.unit.id);
    if (h.principal) add(h.function, h.principal->id);
  }
  return out;
}

Result<std::vector<st::Holding>> assignees(store::Connection& c, std::string_view function, std::string_view scope_unit,
                                           std::string_view today) {
  std::vector<st::Holding> out;
  if (function.empty() || scope_unit.empty()) return out;
  auto add = [&](st::Holding h) {
    auto same = [&](const st::Holding& o) { return o.person_id == h.person_id; };
    if (std::none_of(out.begin(), out.end(), same)) out.push_back(std::move(h));
  };
  for (auto& h : KS_TRY(st::holders(c, function, scope_unit, today))) add(std::move(h));
  for (auto& h : KS_TRY(st::holdings_for_principal(c, scope_unit, today)))
    if (h.function == function) add(std::move(h));
  return out;
}

std::optional<st::Holding> matching_holding(const std::vector<st::Holding>& holdings, std::string_view function,
                                            std::string_view scope_unit) {
  for (const auto& h : holdings)
    if (holds_task(h, function, scope_unit)) return h;
  return std::nullopt;
}

} // namespace ks::service
