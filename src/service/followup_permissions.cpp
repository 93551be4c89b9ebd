#include "service/followup_permissions.hpp"

#include <algorithm>

namespace ks::service {

namespace {

using store::structure::Holding;

Error denied(Action action, std::string_view why) {
  return Error::forbidden(std::string("not allowed: ") + std::string(to_string(action)) + " (" + std::string(why) + ")");
}

const Holding* find_holding(const Actor& a, auto&& pred) {
  auto it = std::find_if(a.functions.begin(), a.functions.end(), pred);
  return it == a.functions.end() ? nullptr : &*it;
}

Grant grant_of(const Holding& h) { return Grant{h.function, h.unit.id}; }

bool is_one_of(std::string_view f, std::initializer_list<std::string_view> fs) {
  return std::find(fs.begin(), fs.end(), f) != fs.end();
}

Result<std::optional<Grant>> edit_grant(store::Connection& c, const Actor& a, const Scope& s) {
  if (a.administrator()) return std::optional<Grant>(Grant{"admin", ""});
  if (!s.region_id.empty())
    if (auto g = authorize(c, a, Action::case_manage, s)) return std::optional<Grant>(*g);
  if (const auto* h = find_holding(a, [&](const Holding& h) {
        return !s.lpo_id.empty() && h.unit.id == s.lpo_id && is_one_of(h.function, {"chair", "vice_chair", "member", "secretary"});
      }))
    return std::optional<Grant>(grant_of(*h));
  if (const auto* h = find_holding(a, [&](const Holding& h) { return !s.unit_id.empty() && h.unit.id == s.unit_id; }))
    return std::optional<Grant>(grant_of(*h));
  return std::optional<Grant>();
}

} // namespace

Result<Grant> authorize_followup(store::Connection& c, const Actor& a, Action action, const Scope& s) {
  switch (action) {
  case Action::plan_read: {
    auto g = authorize(c, a, Action::case_read, s);
    if (!g && g.error().code == ErrorCode::forbidden) return fail(denied(action, "may not read the case"));
    return g;
  }
  case Action::plan_edit: {
    if (auto g = KS_TRY(edit_grant(c, a, s))) return *g;
    return fail(denied(action, "not in the case's LPO or LAG, nor a coordinator of its region"));
  }
  case Action::plan_report: {
    if (auto g = KS_TRY(edit_grant(c, a, s))) return *g;
    if (const auto* h = find_holding(a, [&](const Holding& h) {
          return !s.principal_id.empty() && (h.unit.id == s.principal_id || (h.principal && h.principal->id == s.principal_id));
        }))
      return grant_of(*h);
    if (const auto* h = find_holding(a, [&](const Holding& h) { return !s.body_id.empty() && h.unit.id == s.body_id; }))
      return grant_of(*h);
    return fail(denied(action, "not for the activity's principal or grouping"));
  }
  case Action::indicator_import: {
    if (a.administrator()) return Grant{"admin", ""};
    if (const auto* h = find_holding(a, [](const Holding& h) { return is_one_of(h.function, {"analyst", "coordinator"}); }))
      return grant_of(*h);
    return fail(denied(action, "analysts and coordinators only"));
  }
  case Action::report_read: {
    if (a.administrator()) return Grant{"admin", ""};
    if (!a.functions.empty()) return grant_of(a.functions.front());
    return fail(denied(action, "no current function"));
  }
  default: return fail(denied(action, "not a follow-up action"));
  }
}

bool may_somewhere_followup(const Actor& a, Action action) {
  if (a.anonymous()) return false;
  switch (action) {
  case Action::plan_read: return true;
  case Action::plan_edit:
  case Action::plan_report:
  case Action::report_read: return a.administrator() || !a.functions.empty();
  case Action::indicator_import:
    return a.administrator() || find_holding(a, [](const Holding& h) { return is_one_of(h.function, {"analyst", "coordinator"}); });
  default: return false;
  }
}

} // namespace ks::service
