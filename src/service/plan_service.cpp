#include "service/plan_service.hpp"

#include "service/audit.hpp"
#include "service/followup_scope.hpp"
#include "store/knowledge_support_store.hpp"

namespace ks::service {

namespace {

using nlohmann::json;
namespace plans = store::plans;

json activity_json(const domain::ActivityInput& a) {
  return {{"title", a.title},
          {"scope", domain::to_key(a.scope)},
          {"principal_id", a.principal_id ? json(*a.principal_id) : json()},
          {"responsible", a.responsible},
          {"start_date", a.start_date ? json(*a.start_date) : json()},
          {"end_date", a.end_date ? json(*a.end_date) : json()},
          {"status", domain::to_key(a.status)},
          {"gap_finding", a.gap_finding}};
}

Status audit(store::Connection& c, Context& ctx, const Actor& actor, const Grant& g, std::string action,
             std::string object_type, std::string object_id, std::int64_t case_id, json before, json after) {
  AuditEvent e;
  e.action = std::move(action);
  e.acting_function = g.describe();
  e.object_type = std::move(object_type);
  e.object_id = std::move(object_id);
  e.case_id = std::to_string(case_id);
  e.before = std::move(before);
  e.after = std::move(after);
  return record_audit(c, actor, e, ctx.clock.now());
}

// The case's plan, created when missing, after checking `action` on the case's scope.
struct Authorized {
  CaseScope cs;
  Grant grant;
  plans::Plan plan;
};
Result<Authorized> for_change(store::Connection& c, Context& ctx, const Actor& actor, std::int64_t case_id,
                              Action action = Action::plan_edit) {
  auto cs = KS_TRY(case_scope(c, case_id));
  auto grant = KS_TRY(authorize(c, actor, action, cs.scope));
  auto plan = KS_TRY(plans::ensure_for_case(c, case_id, actor.username, ctx.clock.now()));
  return Authorized{std::move(cs), std::move(grant), std::move(plan)};
}

Result<plans::Activity> activity_of_plan(store::Connection& c, std::int64_t plan_id, std::int64_t activity_id) {
  auto a = KS_TRY(plans::find_activity(c, activity_id));
  if (!a || a->plan_id != plan_id) return fail(Error::not_found("the plan has no activity with id " + std::to_string(activity_id)));
  return *a;
}

} // namespace

Result<PlanView> plan_view(Context& ctx, const Actor& actor, std::int64_t case_id) {
  return ctx.db.read([&](store::Connection& c) -> Result<PlanView> {
    auto cs = KS_TRY(case_scope(c, case_id));
    KS_TRY(authorize(c, actor, Action::plan_read, cs.scope));
    PlanView v;
    v.case_summary = cs.record;
    v.case_summary.fields.state.clear();
    if (auto ks = KS_TRY(store::knowledge_supports::find(c, cs.record.fields.knowledge_support_id)))
      v.knowledge_support_title = ks->fields.title;
    v.may_edit = authorize(c, actor, Action::plan_edit, cs.scope).has_value();
    v.plan = KS_TRY(plans::for_case(c, case_id));
    if (!v.plan) return v;
    const auto today = format_date(ctx.clock.now());
    auto reports = KS_TRY(plans::reports(c, v.plan->id));
    for (auto& a : KS_TRY(plans::activities(c, v.plan->id))) {
      PlanActivityView av;
      av.overdue = domain::activity_overdue(a.fields.status, a.fields.end_date, today);
      for (const auto& r : reports)
        if (r.activity_id == a.id) av.reports.push_back(r);
      av.activity = std::move(a);
      v.activities.push_back(std::move(av));
    }
    v.communications = KS_TRY(plans::communications(c, v.plan->id));
    v.phase_outs = KS_TRY(plans::phase_outs(c, v.plan->id));
    return v;
  });
}

Result<std::int64_t> add_activity(Context& ctx, const Actor& actor, std::int64_t case_id, const domain::ActivityInput& in) {
  KS_TRY(domain::check_activity(in));
  return ctx.db.write([&](store::Connection& c) -> Result<std::int64_t> {
    auto a = KS_TRY(for_change(c, ctx, actor, case_id));
    const auto id = KS_TRY(plans::add_activity(c, a.plan.id, in, ctx.clock.now()));
    KS_TRY(plans::touch(c, a.plan.id, ctx.clock.now()));
    KS_TRY(audit(c, ctx, actor, a.grant, "plan.activity.add", "plan_activity", std::to_string(id), case_id, nullptr,
                 activity_json(in)));
    return id;
  });
}

Status update_activity(Context& ctx, const Actor& actor, std::int64_t case_id, std::int64_t activity_id,
                       const domain::ActivityInput& in) {
  KS_TRY(domain::check_activity(in));
  return ctx.db.write([&](store::Connection& c) -> Status {
    auto a = KS_TRY(for_change(c, ctx, actor, case_id));
    auto before = KS_TRY(activity_of_plan(c, a.plan.id, activity_id));
    KS_TRY(plans::update_activity(c, activity_id, in, ctx.clock.now()));
    KS_TRY(plans::touch(c, a.plan.id, ctx.clock.now()));
    return audit(c, ctx, actor, a.grant, "plan.activity.update", "plan_activity", std::to_string(activity_id), case_id,
                 activity_json(before.fields), activity_json(in));
  });
}

Status delete_activity(Context& ctx, const Actor& actor, std::int64_t case_id, std::int64_t activity_id) {
  return ctx.db.write([&](store::Connection& c) -> Status {
    auto a = KS_TRY(for_change(c, ctx, actor, case_id));
    auto before = KS_TRY(activity_of_plan(c, a.plan.id, activity_id));
    KS_TRY(plans::delete_activity(c, activity_id));
    KS_TRY(plans::touch(c, a.plan.id, ctx.clock.now()));
    return audit(c, ctx, actor, a.grant, "plan.activity.delete", "plan_activity", std::to_string(activity_id), case_id,
                 activity_json(before.fields), nullptr);
  });
}

Result<std::int64_t> add_communication(Context& ctx, const Actor& actor, std::int64_t case_id,
                                       const domain::CommunicationInput& in) {
  KS_TRY(domain::check_communication(in));
  return ctx.db.write([&](store::Connection& c) -> Result<std::int64_t> {
    auto a = KS_TRY(for_change(c, ctx, actor, case_id));
    const auto id = KS_TRY(plans::add_communication(c, a.plan.id, in));
    KS_TRY(plans::touch(c, a.plan.id, ctx.clock.now()));
    KS_TRY(audit(c, ctx, actor, a.grant, "plan.communication.add", "plan_communication", std::to_string(id), case_id,
                 nullptr, {{"audience", in.audience}, {"channel", in.channel}, {"planned_on", in.planned_on.value_or("")}}));
    return id;
  });
}

Status delete_communication(Context& ctx, const Actor& actor, std::int64_t case_id, std::int64_t id) {
  return ctx.db.write([&](store::Connection& c) -> Status {
    auto a = KS_TRY(for_change(c, ctx, actor, case_id));
    KS_TRY(plans::delete_communication(c, a.plan.id, id));
    KS_TRY(plans::touch(c, a.plan.id, ctx.clock.now()));
    return audit(c, ctx, actor, a.grant, "plan.communication.delete", "plan_communication", std::to_string(id), case_id,
                 nullptr, nullptr);
  });
}

Result<std::int64_t> add_phase_out(Context& ctx, const Actor& actor, std::int64_t case_id, const domain::PhaseOutInput& in) {
  KS_TRY(domain::check_phase_out(in));
  return ctx.db.write([&](store::Connection& c) -> Result<std::int64_t> {
    auto a = KS_TRY(for_change(c, ctx, actor, case_id));
    const auto id = KS_TRY(plans::add_phase_out(c, a.plan.id, in));
    KS_TRY(plans::touch(c, a.plan.id, ctx.clock.now()));
    KS_TRY(audit(c, ctx, actor, a.grant, "plan.phase_out.add", "plan_phase_out", std::to_string(id), case_id, nullptr,
                 {{"practice", in.practice}, {"replaced_by", in.replaced_by}, {"by_date", in.by_date.value_or("")}}));
    return id;
  });
}

Status delete_phase_out(Context& ctx, const Actor& actor, std::int64_t case_id, std::int64_t id) {
  return ctx.db.write([&](store::Connection& c) -> Status {
    auto a = KS_TRY(for_change(c, ctx, actor, case_id));
    KS_TRY(plans::delete_phase_out(c, a.plan.id, id));
    KS_TRY(plans::touch(c, a.plan.id, ctx.clock.now()));
    return audit(c, ctx, actor, a.grant, "plan.phase_out.delete", "plan_phase_out", std::to_string(id), case_id, nullptr,
                 nullptr);
  });
}

Status anchor_plan(Context& ctx, const Actor& actor, std::int64_t case_id, const Anchoring& in) {
  if (in.by.empty()) return fail(Error::invalid("ange vem som förankrade planen i LPO", "by"));
  if (!domain::is_date(in.on)) return fail(Error::invalid("inte ett datum (ÅÅÅÅ-MM-DD): \"" + in.on + "\"", "on"));
  return ctx.db.write([&](store::Connection& c) -> Status {
    auto cs = KS_TRY(case_scope(c, case_id));
    auto grant = authorize(c, actor, Action::lpo_act, cs.scope);
    if (!grant && actor.administrator()) grant = Grant{"admin", ""};
    if (!grant) return fail(std::move(grant).error());
    auto plan = KS_TRY(plans::ensure_for_case(c, case_id, actor.username, ctx.clock.now()));
    KS_TRY(plans::set_anchoring(c, plan.id, in.by, in.on, in.note, ctx.clock.now()));
    return audit(c, ctx, actor, *grant, "plan.anchor", "plan", std::to_string(plan.id), case_id, nullptr,
                 {{"by", in.by}, {"on", in.on}, {"note", in.note}});
  });
}

Status assign_activity(Context& ctx, const Actor& actor, std::int64_t case_id, std::int64_t activity_id,
                       const Assignment31& in) {
  if (in.to.empty()) return fail(Error::invalid("ange vilken gruppering aktiviteten ges till", "to"));
  if (in.by.empty()) return fail(Error::invalid("ange Länsledningen eller den styrgrupp som ger uppdraget", "by"));
  if (!domain::is_date(in.on)) return fail(Error::invalid("inte ett datum (ÅÅÅÅ-MM-DD): \"" + in.on + "\"", "on"));
  return ctx.db.write([&](store::Connection& c) -> Status {
    auto cs = KS_TRY(case_scope(c, case_id));
    Scope body = cs.scope;
    body.body_id = in.by;
    auto grant = authorize(c, actor, Action::decision_decide, body);
    if (!grant && actor.administrator()) grant = Grant{"admin", ""};
    if (!grant) return fail(std::move(grant).error());
    auto plan = KS_TRY(plans::for_case(c, case_id));
    if (!plan) return fail(Error::not_found("the case has no plan yet"));
    auto act = KS_TRY(activity_of_plan(c, plan->id, activity_id));
    if (act.fields.scope != domain::ActivityScope::joint)
      return fail(Error::invalid("bara gemensamma aktiviteter ges i uppdrag av Länsledningen eller en styrgrupp", "activity_id"));
    KS_TRY(plans::assign_activity(c, activity_id, in.to, in.by, in.on, ctx.clock.now()));
    KS_TRY(plans::touch(c, plan->id, ctx.clock.now()));
    return audit(c, ctx, actor, *grant, "plan.activity.assign", "plan_activity", std::to_string(activity_id), case_id,
                 nullptr, {{"to", in.to}, {"by", in.by}, {"on", in.on}});
  });
}

Result<std::int64_t> report_activity(Context& ctx, const Actor& actor, std::int64_t case_id, std::int64_t activity_id,
                                     domain::ActivityStatus status, const std::string& note) {
  return ctx.db.write([&](store::Connection& c) -> Result<std::int64_t> {
    auto cs = KS_TRY(case_scope(c, case_id));
    auto plan = KS_TRY(plans::for_case(c, case_id));
    if (!plan) return fail(Error::not_found("the case has no plan yet"));
    auto act = KS_TRY(activity_of_plan(c, plan->id, activity_id));
    Scope s = cs.scope;
    s.principal_id = act.fields.principal_id.value_or("");
    s.body_id = act.assigned_to.value_or("");
    auto grant = KS_TRY(authorize(c, actor, Action::plan_report, s));
    const auto now = ctx.clock.now();
    const auto id = KS_TRY(plans::add_report(c, {0, activity_id, status, note, actor.username, now}));
    KS_TRY(plans::set_activity_status(c, activity_id, status, now));
    KS_TRY(plans::touch(c, plan->id, now));
    KS_TRY(audit(c, ctx, actor, grant, "plan.activity.report", "plan_activity", std::to_string(activity_id), case_id,
                 {{"status", domain::to_key(act.fields.status)}}, {{"status", domain::to_key(status)}, {"note", note}}));
    return id;
  });
}

} // namespace ks::service
