#include "web/followup_view.hpp"

#include <algorithm>
#include <cstdio>

#include "domain/indicator.hpp"
#include "domain/plan.hpp"

namespace ks::web {

namespace {

using nlohmann::json;

constexpr int kMaxMonths = 36;
constexpr const char* kMonthsSv[] = {"jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"};

// Months since year 0 of a "YYYY-MM-DD" date.
int month_index(const std::string& date) {
  return std::stoi(date.substr(0, 4)) * 12 + std::stoi(date.substr(5, 2)) - 1;
}

} // namespace

json plan_page_json(const service::PlanView& v) {
  json j;
  j["case_id"] = v.case_summary.id;
  j["diary_number"] = v.case_summary.diary_number;
  j["knowledge_support_title"] = v.knowledge_support_title;
  j["knowledge_support_id"] = v.case_summary.fields.knowledge_support_id;
  j["may_edit"] = v.may_edit;
  j["has_plan"] = v.plan.has_value();
  j["plan_version"] = v.plan ? v.plan->version : 0;
  j["anchored"] = v.plan && v.plan->anchored_on;
  if (v.plan && v.plan->anchored_on)
    j["anchoring"] = {{"by", v.plan->anchored_by.value_or("")}, {"on", *v.plan->anchored_on}, {"note", v.plan->anchoring_note}};

  // Timeline range over dated activities.
  int first = 0, last = -1;
  for (const auto& a : v.activities) {
    const auto& f = a.activity.fields;
    if (!f.start_date || !f.end_date) continue;
    const int s = month_index(*f.start_date), e = month_index(*f.end_date);
    if (last < first) first = s, last = e;
    first = std::min(first, s);
    last = std::max(last, e);
  }
  if (last >= first) last = std::min(last, first + kMaxMonths - 1);
  json months = json::array();
  for (int m = first; m <= last; ++m) {
    const int month = m % 12;
    months.push_back({{"label", std::string(kMonthsSv[month]) + (month == 0 || m == first ? " " + std::to_string(m / 12) : "")}});
  }
  j["timeline"] = {{"months", months}, {"columns", months.size()}, {"has_rows", last >= first}};

  j["activities"] = json::array();
  for (const auto& a : v.activities) {
    const auto& f = a.activity.fields;
    json aj = {{"id", a.activity.id},
               {"title", f.title},
               {"description", f.description},
               {"scope", domain::to_key(f.scope)},
               {"scope_label", domain::label_sv(f.scope)},
               {"joint", f.scope == domain::ActivityScope::joint},
               {"principal_id", f.principal_id.value_or("")},
               {"responsible", f.responsible},
               {"start_date", f.start_date.value_or("")},
               {"end_date", f.end_date.value_or("")},
               {"status", domain::to_key(f.status)},
               {"status_label", domain::label_sv(f.status)},
               {"gap_finding", f.gap_finding},
               {"assigned_to", a.activity.assigned_to.value_or("")},
               {"assigned_by", a.activity.assigned_by.value_or("")},
               {"assigned_on", a.activity.assigned_on.value_or("")},
               {"assigned", a.activity.assigned_to.has_value()},
               {"overdue", a.overdue},
               {"reports", json::array()}};
    for (const auto& r : a.reports)
      aj["reports"].push_back({{"status_label", domain::label_sv(r.status)}, {"note", r.note}, {"by", r.reported_by},
                               {"on", format_date(r.reported_at)}});
    aj["has_reports"] = !a.reports.empty();
    if (f.start_date && f.end_date && last >= first) {
      const int s = std::clamp(month_index(*f.start_date) - first, 0, last - first);
      const int e = std::clamp(month_index(*f.end_date) - first, 0, last - first);
      aj["bar"] = {{"start", s + 1}, {"span", e - s + 1}};
    }
    j["activities"].push_back(std::move(aj));
  }
  j["has_activities"] = !v.activities.empty();
  j["communications"] = json::array();
  for (const auto& c : v.communications)
    j["communications"].push_back({{"id", c.id}, {"audience", c.fields.audience}, {"channel", c.fields.channel},
                                   {"planned_on", c.fields.planned_on.value_or("")}, {"message", c.fields.message}});
  j["has_communications"] = !v.communications.empty();
  j["phase_outs"] = json::array();
  for (const auto& p : v.phase_outs)
    j["phase_outs"].push_back({{"id", p.id}, {"practice", p.fields.practice}, {"replaced_by", p.fields.replaced_by},
                               {"principal_id", p.fields.principal_id.value_or("")}, {"by_date", p.fields.by_date.value_or("")}});
  j["has_phase_outs"] = !v.phase_outs.empty();
  return j;
}

json indicator_charts_json(const service::IndicatorSeries& s) {
  json j = service::indicator_series_json(s);
  const json periods = s.periods;
  for (std::size_t p = 0; p < s.principals.size(); ++p) {
    const auto& ps = s.principals[p];
    json values = json::array();
    json rows = json::array();
    for (std::size_t i = 0; i < s.periods.size(); ++i) {
      const auto& v = ps.values[i];
      values.push_back(v ? json(*v) : json());
      rows.push_back({{"period", s.periods[i]}, {"value", v ? domain::format_number(*v) : ""}, {"missing", !v}});
    }
    j["principals"][p]["chart"] = {
        {"id", "chart-" + std::to_string(s.indicator.id) + "-" + ps.principal_id},
        {"periods_json", periods.dump()},
        {"values_json", values.dump()},
        {"target", s.indicator.fields.target ? domain::format_number(*s.indicator.fields.target) : ""},
        {"has_target", s.indicator.fields.target.has_value()},
        {"label", s.indicator.fields.name + " – " + ps.principal_name},
        {"rows", rows}};
  }
  return j;
}

} // namespace ks::web
