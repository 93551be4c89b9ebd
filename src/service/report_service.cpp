#include "service/report_service.hpp"

#include <algorithm>
#include <set>

#include "domain/knowledge_support.hpp"
#include "domain/plan.hpp"
#include "service/followup_scope.hpp"
#include "store/case_store.hpp"
#include "store/history_store.hpp"
#include "store/indicator_store.hpp"
#include "store/plan_store.hpp"
#include "store/structure_store.hpp"
#include "store/task_store.hpp"

namespace ks::service {

namespace {

using nlohmann::json;
constexpr double kDayMs = 86'400'000.0;

Result<std::string> unit_name(store::Connection& c, std::string_view id) {
  auto r = KS_TRY(c.row("SELECT name FROM units WHERE id = ?", id));
  return r ? r->text(0) : std::string(id);
}

std::string phase_of(const store::cases::Case& k) {
  if (k.fields.status != "running") return k.fields.status == "completed" ? "completed" : k.fields.status;
  return k.fields.current_phase;
}

// The series cut at the end of `year`, with trends over the points up to then.
IndicatorSeries up_to_year(IndicatorSeries s, int year) {
  const auto last = std::to_string(year);
  std::size_t keep = 0;
  while (keep < s.periods.size() && s.periods[keep].substr(0, 4) <= last) ++keep;
  s.periods.resize(keep);
  for (auto& p : s.principals) {
    p.values.resize(keep);
    std::vector<domain::Point> pts;
    for (std::size_t i = 0; i < keep; ++i)
      if (p.values[i]) pts.push_back({s.periods[i], *p.values[i]});
    p.trend = domain::trend_of(pts, s.indicator.fields.direction, s.indicator.fields.target);
  }
  std::erase_if(s.principals, [](const PrincipalSeries& p) {
    return std::none_of(p.values.begin(), p.values.end(), [](const auto& v) { return v.has_value(); });
  });
  return s;
}

Result<std::vector<OverdueItem>> overdue_tasks_of_case(store::Connection& c, std::int64_t case_id, Instant now) {
  std::vector<OverdueItem> out;
  for (const auto& t : KS_TRY(store::tasks::of_case(c, case_id, true)))
    if (t.due && *t.due < now)
      out.push_back({t.element + (t.step.empty() ? "" : " (steg " + t.step + ")"), "task", format_date(*t.due),
                     t.function + "@" + t.scope_unit});
  return out;
}

Result<CaseInArea> case_in_area(store::Connection& c, const store::cases::Case& k, Instant now) {
  CaseInArea out;
  out.case_id = k.id;
  out.region_id = k.fields.region_id;
  auto region = KS_TRY(store::structure::find_unit(c, k.fields.region_id));
  out.region_name = region ? region->name : k.fields.region_id;
  out.phase = phase_of(k);
  out.overdue = KS_TRY(overdue_tasks_of_case(c, k.id, now));
  auto plan = KS_TRY(store::plans::for_case(c, k.id));
  if (!plan) return out;
  out.anchored = plan->anchored_on.has_value();
  out.phase_outs = KS_TRY(store::plans::phase_outs(c, plan->id)).size();
  const auto today = format_date(now);
  std::vector<PlanActivityView> views;
  for (auto& a : KS_TRY(store::plans::activities(c, plan->id))) {
    PlanActivityView v;
    v.overdue = domain::activity_overdue(a.fields.status, a.fields.end_date, today);
    if (v.overdue)
      out.overdue.push_back({a.fields.title, "activity", a.fields.end_date.value_or(""),
                             a.fields.principal_id.value_or("gemensam")});
    v.activity = std::move(a);
    views.push_back(std::move(v));
  }
  out.joint = count_activities(views, true);
  std::set<std::string> principals;
  for (const auto& v : views)
    if (v.activity.fields.principal_id) principals.insert(*v.activity.fields.principal_id);
  for (const auto& p : principals) {
    std::vector<PlanActivityView> mine;
    for (const auto& v : views)
      if (v.activity.fields.principal_id == p) mine.push_back(v);
    out.principals.push_back({p, KS_TRY(unit_name(c, p)), count_activities(mine, false)});
  }
  return out;
}

json counts_json(const ActivityCounts& n) {
  return {{"planned", n.planned}, {"ongoing", n.ongoing}, {"done", n.done}, {"cancelled", n.cancelled},
          {"overdue", n.overdue}, {"total", n.total()}};
}

json overdue_json(const std::vector<OverdueItem>& items) {
  json a = json::array();
  for (const auto& o : items)
    a.push_back({{"what", o.what}, {"kind", o.kind}, {"is_task", o.kind == "task"}, {"due", o.due}, {"assignee", o.assignee}});
  return a;
}

} // namespace

const std::vector<std::string>& phase_order() {
  static const std::vector<std::string> kOrder{"consultation", "national_decision", "local_handling", "preparation",
                                               "region_internal", "analysis", "decision", "implementation",
                                               "followup", "completed"};
  return kOrder;
}

Result<SituationAnalysis> situation_analysis(Context& ctx, const Actor& actor, const std::string& area_id, int year) {
  if (year < 2000 || year > 2200) return fail(Error::invalid("a year between 2000 and 2200", "year"));
  return ctx.db.read([&](store::Connection& c) -> Result<SituationAnalysis> {
    KS_TRY(authorize(c, actor, Action::report_read, {}));
    auto unit = KS_TRY(c.row("SELECT name FROM units WHERE id = ?", area_id));
    if (!unit) return fail(Error::not_found("no unit has id " + area_id));
    SituationAnalysis s;
    s.area_id = area_id;
    s.area_name = unit->text(0);
    s.year = year;
    const auto now = ctx.clock.now();
    s.made_on = format_date(now);
    // Knowledge supports owned by the area, and cases whose LPO is the area.
    std::set<std::int64_t> support_ids;
    for (const auto& r : KS_TRY(c.rows("SELECT id FROM knowledge_supports WHERE owner_unit_id = ?", area_id)))
      support_ids.insert(r.integer(0));
    std::vector<std::int64_t> case_ids;
    for (const auto& r : KS_TRY(c.rows("SELECT id, knowledge_support_id FROM cases ORDER BY id"))) {
      auto cs = KS_TRY(case_scope(c, r.integer(0)));
      if (cs.scope.lpo_id == area_id || support_ids.contains(r.integer(1))) {
        support_ids.insert(r.integer(1));
        case_ids.push_back(r.integer(0));
      }
    }
    for (auto ks_id : support_ids) {
      SupportInArea sup;
      sup.knowledge_support_id = ks_id;
      auto t = KS_TRY(c.row("SELECT title FROM knowledge_supports WHERE id = ?", ks_id));
      sup.title = t ? t->text(0) : "";
      for (auto case_id : case_ids) {
        auto k = KS_TRY(store::cases::find_summary(c, case_id));
        if (k && k->fields.knowledge_support_id == ks_id) sup.cases.push_back(KS_TRY(case_in_area(c, *k, now)));
      }
      for (const auto& i : KS_TRY(store::indicators::of_knowledge_support(c, ks_id)))
        sup.indicators.push_back(up_to_year(KS_TRY(indicator_series_in(c, i)), year));
      s.supports.push_back(std::move(sup));
    }
    std::sort(s.supports.begin(), s.supports.end(), [](const auto& a, const auto& b) { return a.title < b.title; });
    return s;
  });
}

json situation_analysis_json(const SituationAnalysis& s) {
  json j = {{"area_id", s.area_id}, {"area_name", s.area_name}, {"year", s.year}, {"made_on", s.made_on},
            {"supports", json::array()}, {"has_supports", !s.supports.empty()}};
  for (const auto& sup : s.supports) {
    json sj = {{"id", sup.knowledge_support_id}, {"title", sup.title}, {"cases", json::array()},
               {"indicators", json::array()}, {"has_indicators", !sup.indicators.empty()}};
    for (const auto& k : sup.cases) {
      json kj = {{"case_id", k.case_id},
                 {"region_id", k.region_id},
                 {"region_name", k.region_name},
                 {"phase", k.phase},
                 {"phase_label", std::string(domain::phase_label_sv(k.phase))},
                 {"joint", counts_json(k.joint)},
                 {"anchored", k.anchored},
                 {"phase_outs", k.phase_outs},
                 {"principals", json::array()},
                 {"has_principals", !k.principals.empty()},
                 {"overdue", overdue_json(k.overdue)},
                 {"has_overdue", !k.overdue.empty()}};
      for (const auto& p : k.principals)
        kj["principals"].push_back({{"principal_id", p.principal_id}, {"principal_name", p.principal_name},
                                    {"internal", counts_json(p.internal)}});
      sj["cases"].push_back(std::move(kj));
    }
    sj["has_cases"] = !sup.cases.empty();
    for (const auto& i : sup.indicators) sj["indicators"].push_back(indicator_series_json(i));
    j["supports"].push_back(std::move(sj));
  }
  return j;
}

Result<RegionOverview> region_overview(Context& ctx, const Actor& actor, const std::string& region_id) {
  return ctx.db.read([&](store::Connection& c) -> Result<RegionOverview> {
    KS_TRY(authorize(c, actor, Action::report_read, {}));
    auto unit = KS_TRY(c.row("SELECT name FROM units WHERE id = ?", region_id));
    RegionOverview o;
    o.region_id = region_id;
    o.region_name = unit ? unit->text(0) : region_id;
    const auto now = ctx.clock.now();
    std::map<std::string, std::size_t> now_in;
    std::map<std::string, std::vector<double>> stays;
    for (const auto& r : KS_TRY(c.rows("SELECT id, status, current_phase FROM cases WHERE region_id = ? ORDER BY id", region_id))) {
      store::cases::Case k;
      k.id = r.integer(0);
      k.fields.status = r.text(1);
      k.fields.current_phase = r.text(2);
      ++now_in[phase_of(k)];
      std::vector<domain::PhaseMark> marks;
      for (const auto& e : KS_TRY(store::history::of_case(c, k.id))) {
        if (e.kind == "completed" || e.kind == "terminated") marks.push_back({"completed", e.at});
        else if (!e.step.empty()) marks.push_back({domain::phase_of_step(e.step), e.at});
      }
      for (const auto& [phase, ms] : domain::phase_durations(marks)) stays[phase].push_back(static_cast<double>(ms) / kDayMs);
      for (auto& t : KS_TRY(overdue_tasks_of_case(c, k.id, now))) o.overdue_tasks.push_back(std::move(t));
    }
    // The region's cases (cases_region_status_started), each one's tasks through UNIQUE (case_id,
    // local_id): those still in the table are its open ones and, until it ends, its closed ones.
    auto open = KS_TRY(c.row("SELECT COUNT(*) FROM tasks t JOIN cases c ON c.id = t.case_id WHERE c.region_id = ? AND "
                             "t.status = 'open'",
                             region_id));
    o.open_tasks = open ? static_cast<std::size_t>(open->integer(0)) : 0;
    for (const auto& p : phase_order()) {
      PhaseLeadTime pl;
      pl.phase = p;
      pl.label = std::string(domain::phase_label_sv(p));
      pl.cases_now = now_in.contains(p) ? now_in[p] : 0;
      if (stays.contains(p) && p != "completed") pl.days = domain::distribution(stays[p]);
      if (pl.cases_now > 0 || pl.days) o.phases.push_back(std::move(pl));
    }
    return o;
  });
}

json region_overview_json(const RegionOverview& o) {
  json j = {{"region_id", o.region_id}, {"region_name", o.region_name}, {"open_tasks", o.open_tasks},
            {"overdue_tasks", overdue_json(o.overdue_tasks)}, {"overdue_count", o.overdue_tasks.size()},
            {"has_overdue", !o.overdue_tasks.empty()}, {"phases", json::array()}, {"has_phases", !o.phases.empty()}};
  auto days = [](double d) { return domain::format_number(d); };
  for (const auto& p : o.phases) {
    json pj = {{"phase", p.phase}, {"label", p.label}, {"cases_now", p.cases_now}, {"has_lead_time", p.days.has_value()}};
    if (p.days) {
      pj["finished"] = p.days->count;
      pj["median_days"] = days(p.days->median);
      pj["p90_days"] = days(p.days->p90);
    }
    j["phases"].push_back(std::move(pj));
  }
  return j;
}

Result<NationalView> national_view(Context& ctx, const Actor& actor) {
  return ctx.db.read([&](store::Connection& c) -> Result<NationalView> {
    KS_TRY(authorize(c, actor, Action::report_read, {}));
    NationalView v;
    for (const auto& r : KS_TRY(c.rows("SELECT id, name FROM units WHERE kind = 'region' ORDER BY code, name")))
      v.regions.emplace_back(r.text(0), r.text(1));
    std::map<std::int64_t, NationalRow> rows;
    for (const auto& r : KS_TRY(c.rows("SELECT c.knowledge_support_id, k.title, c.region_id, c.status, c.current_phase "
                                       "FROM cases c JOIN knowledge_supports k ON k.id = c.knowledge_support_id "
                                       "ORDER BY c.started_at, c.id"))) {
      auto& row = rows[r.integer(0)];
      row.knowledge_support_id = r.integer(0);
      row.title = r.text(1);
      store::cases::Case k;
      k.fields.status = r.text(3);
      k.fields.current_phase = r.text(4);
      row.phase_by_region[r.text(2)] = phase_of(k); // The newest case wins.
      const bool known = std::any_of(v.regions.begin(), v.regions.end(), [&](const auto& p) { return p.first == r.text(2); });
      if (!known) v.regions.emplace_back(r.text(2), r.text(2));
    }
    for (auto& [id, row] : rows) v.rows.push_back(std::move(row));
    std::sort(v.rows.begin(), v.rows.end(), [](const auto& a, const auto& b) { return a.title < b.title; });
    return v;
  });
}

json national_view_json(const NationalView& v) {
  json j = {{"regions", json::array()}, {"rows", json::array()}, {"has_rows", !v.rows.empty()}};
  for (const auto& [id, name] : v.regions) j["regions"].push_back({{"id", id}, {"name", name}});
  for (const auto& r : v.rows) {
    json cells = json::array();
    for (const auto& [id, name] : v.regions) {
      auto it = r.phase_by_region.find(id);
      const std::string phase = it == r.phase_by_region.end() ? "" : it->second;
      cells.push_back({{"region_id", id},
                       {"region_name", name},
                       {"phase", phase.empty() ? "none" : phase},
                       {"label", phase.empty() ? std::string("Ej påbörjat") : std::string(domain::phase_label_sv(phase))}});
    }
    j["rows"].push_back({{"id", r.knowledge_support_id}, {"title", r.title}, {"cells", cells}});
  }
  return j;
}

} // namespace ks::service
