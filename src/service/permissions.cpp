#include "service/permissions.hpp"

#include <algorithm>
#include <initializer_list>
#include <set>

#include "service/followup_permissions.hpp"
#include "service/settings.hpp"

namespace ks::service {

namespace {

using store::structure::Holding;

struct ActionName {
  Action action;
  std::string_view name;
};
constexpr ActionName kActions[] = {
    {Action::structure_read, "structure.read"},
    {Action::structure_manage, "structure.manage"},
    {Action::accounts_manage, "accounts.manage"},
    {Action::routines_manage, "routines.manage"},
    {Action::audit_read, "audit.read"},
    {Action::case_read, "case.read"},
    {Action::case_register, "case.register"},
    {Action::case_manage, "case.manage"},
    {Action::lpo_act, "lpo.act"},
    {Action::municipality_answer, "municipality.answer"},
    {Action::decision_decide, "decision.decide"},
    {Action::principal_decision_record, "principal_decision.record"},
    {Action::task_complete, "task.complete"},
    {Action::plan_read, "plan.read"},
    {Action::plan_edit, "plan.edit"},
    {Action::plan_report, "plan.report"},
    {Action::indicator_import, "indicator.import"},
    {Action::report_read, "report.read"},
};
constexpr Action kAll[] = {
    Action::structure_read, Action::structure_manage, Action::accounts_manage, Action::routines_manage,
    Action::audit_read,     Action::case_read,        Action::case_register,   Action::case_manage,
    Action::lpo_act,        Action::municipality_answer, Action::decision_decide,
    Action::principal_decision_record, Action::task_complete,
    Action::plan_read, Action::plan_edit, Action::plan_report, Action::indicator_import, Action::report_read,
};

bool in(std::string_view f, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), f) != set.end();
}

// The first current function of the actor in one of `functions` held in `unit_id`.
const Holding* holding(const Actor& a, std::initializer_list<std::string_view> functions, std::string_view unit_id) {
  if (unit_id.empty()) return nullptr;
  for (const auto& h : a.functions)
    if (h.unit.id == unit_id && in(h.function, functions)) return &h;
  return nullptr;
}

Grant grant_of(const Holding& h) { return Grant{h.function, h.unit.id}; }

Error denied(Action action, std::string_view why) {
  return Error::forbidden(std::string("not allowed: ") + std::string(to_string(action)) + " (" + std::string(why) + ")");
}

Error needs(Action action, std::string_view field) {
  return Error::invalid(std::string(to_string(action)) + " needs the object's " + std::string(field), std::string(field));
}

// The county code ("22") of a unit, or "" when the unit is unknown or national.
Result<std::string> county_of(store::Connection& c, std::string_view unit_id) {
  auto r = KS_TRY(c.row("SELECT county FROM units WHERE id = ?", unit_id));
  return r ? r->text(0) : std::string();
}

// A coordinator of the region itself, or of a municipalities' association in the region's county.
Result<std::optional<Grant>> coordinator_for_region(store::Connection& c, const Actor& a, std::string_view region_id,
                                                    bool registrar_too) {
  if (const auto* h = holding(a, {"coordinator"}, region_id)) return std::optional<Grant>(grant_of(*h));
  if (registrar_too)
    if (const auto* h = holding(a, {"registrar"}, region_id)) return std::optional<Grant>(grant_of(*h));
  const auto county = KS_TRY(county_of(c, region_id));
  if (county.empty()) return std::optional<Grant>();
  for (const auto& h : a.functions)
    if (h.function == "coordinator" && h.unit.kind == domain::UnitKind::association && h.unit.county == county)
      return std::optional<Grant>(grant_of(h));
  return std::optional<Grant>();
}

Result<Grant> case_read(store::Connection& c, const Actor& a, const Scope& s) {
  if (a.administrator()) return Grant{"admin", ""};
  const auto setting = KS_TRY(get_setting(c, std::string(kCaseReadSetting))).value_or("region");
  if (setting == "signed_in") return Grant{"signed_in", ""};
  if (setting == "participants") {
    for (const auto* unit : {&s.region_id, &s.lpo_id, &s.municipality_id, &s.body_id, &s.unit_id})
      for (const auto& h : a.functions)
        if (!unit->empty() && h.unit.id == *unit) return grant_of(h);
    return fail(denied(Action::case_read, "no function in the case's units"));
  }
  // "region" (the default, also for an unknown value: the narrower of the two open settings).
  if (s.region_id.empty()) return fail(needs(Action::case_read, "region_id"));
  const auto county = KS_TRY(county_of(c, s.region_id));
  for (const auto& h : a.functions)
    if (!county.empty() && h.unit.county == county) return grant_of(h);
  return fail(denied(Action::case_read, "no function in the case's region"));
}

} // namespace

Result<CaseReadFilter> case_read_filter(store::Connection& c, const Actor& actor) {
  using By = CaseReadFilter::By;
  if (actor.administrator()) return CaseReadFilter{};
  const auto setting = KS_TRY(get_setting(c, std::string(kCaseReadSetting))).value_or("region");
  if (setting == "signed_in") return CaseReadFilter{};
  if (setting == "participants") {
    std::set<std::string> units;
    for (const auto& h : actor.functions) units.insert(h.unit.id);
    return CaseReadFilter{By::participation, {units.begin(), units.end()}};
  }
  std::set<std::string> counties;
  for (const auto& h : actor.functions)
    if (h.unit.county && !h.unit.county->empty()) counties.insert(*h.unit.county);
  CaseReadFilter out{By::regions, {}};
  for (const auto& county : counties)
    for (const auto& r : KS_TRY(c.rows("SELECT id FROM units WHERE kind = 'region' AND county = ?", county)))
      out.units.push_back(r.text(0));
  return out;
}

std::string_view to_string(Action action) {
  for (const auto& a : kActions)
    if (a.action == action) return a.name;
  return "unknown";
}

std::optional<Action> parse_action(std::string_view name) {
  for (const auto& a : kActions)
    if (a.name == name) return a.action;
  return std::nullopt;
}

std::span<const Action> all_actions() { return kAll; }

std::string Grant::describe() const { return unit_id.empty() ? function : function + "@" + unit_id; }

Result<Grant> authorize(store::Connection& c, const Actor& a, Action action, const Scope& s) {
  if (a.anonymous()) return fail(Error::unauthenticated("sign in to " + std::string(to_string(action))));
  switch (action) {
  case Action::structure_read: return Grant{"signed_in", ""};
  case Action::structure_manage:
  case Action::accounts_manage:
  case Action::routines_manage:
    if (a.administrator()) return Grant{"admin", ""};
    return fail(denied(action, "administrators only"));
  case Action::audit_read: {
    if (a.administrator()) return Grant{"admin", ""};
    if (s.case_id.empty()) return fail(denied(action, "the whole log is for administrators"));
    if (const auto* h = holding(a, {"coordinator"}, s.region_id)) return grant_of(*h);
    return fail(denied(action, "not a coordinator of the case's region"));
  }
  case Action::case_read: return case_read(c, a, s);
  case Action::case_register:
  case Action::case_manage: {
    if (s.region_id.empty()) return fail(needs(action, "region_id"));
    auto g = KS_TRY(coordinator_for_region(c, a, s.region_id, action == Action::case_register));
    if (g) return *g;
    return fail(denied(action, "not a coordinator of the case's region"));
  }
  case Action::lpo_act:
    if (s.lpo_id.empty()) return fail(needs(action, "lpo_id"));
    if (const auto* h = holding(a, {"chair", "vice_chair"}, s.lpo_id)) return grant_of(*h);
    return fail(denied(action, "not chair of the case's LPO"));
  case Action::municipality_answer:
    if (s.municipality_id.empty()) return fail(needs(action, "municipality_id"));
    if (const auto* h = holding(a, {"contact"}, s.municipality_id)) return grant_of(*h);
    return fail(denied(action, "not the contact of this municipality"));
  case Action::decision_decide:
    if (s.body_id.empty()) return fail(needs(action, "body_id"));
    if (const auto* h = holding(a, {"chair", "vice_chair", "member", "representative"}, s.body_id)) return grant_of(*h);
    return fail(denied(action, "not a member of the deciding body"));
  case Action::principal_decision_record:
    if (s.principal_id.empty()) return fail(needs(action, "principal_id"));
    for (const auto& h : a.functions)
      if (h.function == "representative" && h.principal && h.principal->id == s.principal_id)
        return Grant{"representative", h.unit.id};
    return fail(denied(action, "not the representative of this principal"));
  case Action::task_complete:
    if (s.function.empty()) return fail(needs(action, "function"));
    if (s.unit_id.empty()) return fail(needs(action, "unit_id"));
    for (const auto& h : a.functions) {
      // FUNCTION in the unit itself, or FUNCTION held elsewhere on behalf of the unit as principal
      // (a municipality's representative in Länsledningen answers representative@municipality-NNNN);
      // the same rule as the inbox (service/task_assignment).
      const bool in_unit = h.unit.id == s.unit_id || (h.principal && h.principal->id == s.unit_id);
      if (h.function != s.function || !in_unit) continue;
      if (!s.principal_id.empty() && (!h.principal || h.principal->id != s.principal_id)) continue;
      return grant_of(h);
    }
    return fail(denied(action, "the task is for " + s.function + "@" + s.unit_id));
  case Action::plan_read:
  case Action::plan_edit:
  case Action::plan_report:
  case Action::indicator_import:
  case Action::report_read: return authorize_followup(c, a, action, s);
  }
  return fail(denied(action, "unknown action"));
}

bool may_somewhere(const Actor& a, Action action) {
  if (a.anonymous()) return false;
  auto holds = [&](std::initializer_list<std::string_view> fs, auto&& unit_ok) {
    return std::any_of(a.functions.begin(), a.functions.end(),
                       [&](const Holding& h) { return in(h.function, fs) && unit_ok(h); });
  };
  auto any_unit = [](const Holding&) { return true; };
  switch (action) {
  case Action::structure_read:
  case Action::case_read: return true;
  case Action::structure_manage:
  case Action::accounts_manage:
  case Action::routines_manage: return a.administrator();
  case Action::audit_read: return a.administrator() || holds({"coordinator"}, any_unit);
  case Action::case_register: return holds({"coordinator", "registrar"}, any_unit);
  case Action::case_manage: return holds({"coordinator"}, any_unit);
  case Action::lpo_act:
    return holds({"chair", "vice_chair"}, [](const Holding& h) { return h.unit.kind == domain::UnitKind::lpo; });
  case Action::municipality_answer:
    return holds({"contact"}, [](const Holding& h) { return h.unit.kind == domain::UnitKind::municipality; });
  case Action::decision_decide:
    return holds({"chair", "vice_chair", "member", "representative"}, [](const Holding& h) {
      return h.unit.kind == domain::UnitKind::collaboration_body || h.unit.kind == domain::UnitKind::steering_group;
    });
  case Action::principal_decision_record:
    return holds({"representative"}, [](const Holding& h) { return h.principal.has_value(); });
  case Action::task_complete: return !a.functions.empty();
  case Action::plan_read:
  case Action::plan_edit:
  case Action::plan_report:
  case Action::indicator_import:
  case Action::report_read: return may_somewhere_followup(a, action);
  }
  return false;
}

} // namespace ks::service
