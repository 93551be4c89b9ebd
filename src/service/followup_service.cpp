#include "service/followup_service.hpp"

#include "domain/plan.hpp"
#include "service/audit.hpp"
#include "service/followup_scope.hpp"
#include "store/indicator_store.hpp"

namespace ks::service {

namespace {

using nlohmann::json;

json opt_number(const std::optional<double>& v) { return v ? json(domain::format_number(*v)) : json(); }

} // namespace

bool is_followup_element(std::string_view element) {
  return element == "followup" || element == "ro_followup" || element == "da_followup";
}

ActivityCounts count_activities(const std::vector<PlanActivityView>& activities, bool joint) {
  ActivityCounts n;
  for (const auto& a : activities) {
    if ((a.activity.fields.scope == domain::ActivityScope::joint) != joint) continue;
    switch (a.activity.fields.status) {
    case domain::ActivityStatus::planned: ++n.planned; break;
    case domain::ActivityStatus::ongoing: ++n.ongoing; break;
    case domain::ActivityStatus::done: ++n.done; break;
    case domain::ActivityStatus::cancelled: ++n.cancelled; break;
    }
    if (a.overdue) ++n.overdue;
  }
  return n;
}

Result<std::int64_t> add_followup_entry(Context& ctx, const Actor& actor, std::int64_t case_id, const FollowupEntryInput& in) {
  if (in.text.empty()) return fail(Error::invalid("skriv vad uppföljningen visade", "text"));
  const auto on = in.on_date.empty() ? format_date(ctx.clock.now()) : in.on_date;
  if (!domain::is_date(on)) return fail(Error::invalid("inte ett datum (ÅÅÅÅ-MM-DD): \"" + on + "\"", "on_date"));
  if (in.principal_id && !domain::is_principal_id(*in.principal_id))
    return fail(Error::invalid("inte en huvudman (region-NN eller municipality-NNNN)", "principal_id"));
  return ctx.db.write([&](store::Connection& c) -> Result<std::int64_t> {
    auto cs = KS_TRY(case_scope(c, case_id));
    Scope s = cs.scope;
    if (in.principal_id) s.principal_id = *in.principal_id;
    auto g = KS_TRY(authorize(c, actor, in.principal_id ? Action::plan_report : Action::plan_edit, s));
    store::followups::Entry e;
    e.case_id = case_id;
    e.principal_id = in.principal_id;
    e.kind = std::string(in.principal_id ? store::followups::kContinuous : store::followups::kYearly);
    e.on_date = on;
    e.text = in.text;
    e.adjustments = in.adjustments;
    e.created_by = actor.username;
    e.created_at = ctx.clock.now();
    const auto id = KS_TRY(store::followups::insert(c, e));
    AuditEvent a;
    a.action = "followup.add";
    a.acting_function = g.describe();
    a.object_type = "followup_entry";
    a.object_id = std::to_string(id);
    a.case_id = std::to_string(case_id);
    a.after = {{"kind", e.kind}, {"principal_id", in.principal_id.value_or("")}, {"on_date", on}};
    KS_TRY(record_audit(c, actor, a, ctx.clock.now()));
    return id;
  });
}

Result<FollowupSummary> followup_summary(Context& ctx, const Actor& actor, std::int64_t case_id) {
  FollowupSummary s;
  s.plan = KS_TRY(plan_view(ctx, actor, case_id)); // Checks plan.read.
  s.case_id = case_id;
  s.knowledge_support_id = s.plan.case_summary.fields.knowledge_support_id;
  s.knowledge_support_title = s.plan.knowledge_support_title;
  s.today = format_date(ctx.clock.now());
  s.joint = count_activities(s.plan.activities, true);
  s.internal = count_activities(s.plan.activities, false);
  KS_TRY(ctx.db.read([&](store::Connection& c) -> Status {
    for (const auto& i : KS_TRY(store::indicators::of_knowledge_support(c, s.knowledge_support_id)))
      s.indicators.push_back(KS_TRY(indicator_series_in(c, i)));
    s.entries = KS_TRY(store::followups::of_case(c, case_id));
    return {};
  }));
  return s;
}

json followup_summary_json(const FollowupSummary& s) {
  json j;
  j["case_id"] = s.case_id;
  j["knowledge_support_id"] = s.knowledge_support_id;
  j["knowledge_support_title"] = s.knowledge_support_title;
  j["today"] = s.today;
  j["indicators"] = json::array();
  for (const auto& i : s.indicators) {
    json ij = {{"id", i.indicator.id},
               {"name", i.indicator.fields.name},
               {"unit", i.indicator.fields.unit},
               {"direction", domain::to_key(i.indicator.fields.direction)},
               {"direction_label", domain::label_sv(i.indicator.fields.direction)},
               {"target", opt_number(i.indicator.fields.target)},
               {"data_source", i.indicator.fields.data_source},
               {"principals", json::array()}};
    for (const auto& p : i.principals) {
      const auto& t = p.trend;
      ij["principals"].push_back({{"principal_id", p.principal_id},
                                  {"principal_name", p.principal_name},
                                  {"latest", opt_number(t.latest)},
                                  {"latest_period", t.latest_period ? json(*t.latest_period) : json()},
                                  {"previous", opt_number(t.previous)},
                                  {"previous_period", t.previous_period ? json(*t.previous_period) : json()},
                                  {"trend", domain::to_key(t.kind)},
                                  {"trend_label", domain::label_sv(t.kind)},
                                  {"meets_target", t.meets_target ? json(*t.meets_target) : json()},
                                  {"meets_target_yes", t.meets_target.value_or(false)},
                                  {"meets_target_no", t.meets_target.has_value() && !*t.meets_target}});
    }
    ij["has_principals"] = !i.principals.empty();
    j["indicators"].push_back(std::move(ij));
  }
  j["has_indicators"] = !s.indicators.empty();
  auto counts = [](const ActivityCounts& n) {
    return json{{"planned", n.planned}, {"ongoing", n.ongoing}, {"done", n.done},
                {"cancelled", n.cancelled}, {"overdue", n.overdue}, {"total", n.total()}};
  };
  j["joint"] = counts(s.joint);
  j["internal"] = counts(s.internal);
  j["activities"] = json::array();
  for (const auto& a : s.plan.activities) {
    const auto& f = a.activity.fields;
    j["activities"].push_back({{"id", a.activity.id},
                               {"title", f.title},
                               {"scope", domain::to_key(f.scope)},
                               {"scope_label", domain::label_sv(f.scope)},
                               {"principal_id", f.principal_id.value_or("")},
                               {"responsible", f.responsible},
                               {"end_date", f.end_date.value_or("")},
                               {"status", domain::to_key(f.status)},
                               {"status_label", domain::label_sv(f.status)},
                               {"overdue", a.overdue}});
  }
  j["has_activities"] = !s.plan.activities.empty();
  j["anchored"] = s.plan.plan && s.plan.plan->anchored_on.has_value();
  if (s.plan.plan && s.plan.plan->anchored_on)
    j["anchoring"] = {{"by", s.plan.plan->anchored_by.value_or("")}, {"on", *s.plan.plan->anchored_on}};
  j["entries"] = json::array();
  for (const auto& e : s.entries)
    j["entries"].push_back({{"on_date", e.on_date},
                            {"kind", e.kind},
                            {"yearly", e.kind == store::followups::kYearly},
                            {"principal_id", e.principal_id.value_or("")},
                            {"text", e.text},
                            {"adjustments", e.adjustments}});
  j["has_entries"] = !s.entries.empty();
  return j;
}

} // namespace ks::service
