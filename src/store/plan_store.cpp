#include "store/plan_store.hpp"

namespace ks::store::plans {

namespace {

constexpr std::string_view kPlanCols =
    "id, case_id, anchored_by, anchored_on, anchoring_note, version, created_by, created_at, updated_at";
constexpr std::string_view kActivityCols =
    "id, plan_id, title, description, scope, principal_id, responsible, start_date, end_date, status, gap_finding, "
    "assigned_to, assigned_by, assigned_on, updated_at";

std::string sql(std::string_view head, std::string_view cols, std::string_view tail) {
  return std::string(head) + std::string(cols) + std::string(tail);
}

Plan plan_of(const Row& r) {
  return Plan{r.integer(0), r.integer(1), r.opt_text(2), r.opt_text(3), r.text(4), r.integer(5), r.text(6),
              Instant{r.integer(7)}, Instant{r.integer(8)}};
}

Activity activity_of(const Row& r) {
  Activity a;
  a.id = r.integer(0);
  a.plan_id = r.integer(1);
  a.fields.title = r.text(2);
  a.fields.description = r.text(3);
  a.fields.scope = domain::parse_activity_scope(r.text(4)).value_or(domain::ActivityScope::joint);
  a.fields.principal_id = r.opt_text(5);
  a.fields.responsible = r.text(6);
  a.fields.start_date = r.opt_text(7);
  a.fields.end_date = r.opt_text(8);
  a.fields.status = domain::parse_activity_status(r.text(9)).value_or(domain::ActivityStatus::planned);
  a.fields.gap_finding = r.text(10);
  a.assigned_to = r.opt_text(11);
  a.assigned_by = r.opt_text(12);
  a.assigned_on = r.opt_text(13);
  a.updated_at = Instant{r.integer(14)};
  return a;
}

Status changed_one(Result<std::int64_t> n, std::string_view what, std::int64_t id) {
  if (!n) return fail(std::move(n).error());
  if (*n == 0) return fail(Error::not_found("no " + std::string(what) + " has id " + std::to_string(id)));
  return {};
}

} // namespace

Result<std::optional<Plan>> find(Connection& c, std::int64_t plan_id) {
  auto r = KS_TRY(c.row(sql("SELECT ", kPlanCols, " FROM plans WHERE id = ?"), plan_id));
  return r ? std::optional<Plan>(plan_of(*r)) : std::nullopt;
}

Result<std::optional<Plan>> for_case(Connection& c, std::int64_t case_id) {
  auto r = KS_TRY(c.row(sql("SELECT ", kPlanCols, " FROM plans WHERE case_id = ?"), case_id));
  return r ? std::optional<Plan>(plan_of(*r)) : std::nullopt;
}

Result<Plan> ensure_for_case(Connection& c, std::int64_t case_id, std::string_view created_by, Instant now) {
  if (auto p = KS_TRY(for_case(c, case_id))) return *p;
  KS_TRY(c.insert("INSERT INTO plans (case_id, created_by, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id",
                  case_id, created_by, now.ms, now.ms));
  auto p = KS_TRY(for_case(c, case_id));
  if (!p) return fail(Error::internal("the plan just created is missing"));
  return *p;
}

Status touch(Connection& c, std::int64_t plan_id, Instant now) {
  return changed_one(c.exec("UPDATE plans SET version = version + 1, updated_at = ? WHERE id = ?", now.ms, plan_id),
                     "plan", plan_id);
}

Status set_anchoring(Connection& c, std::int64_t plan_id, std::string_view by, std::string_view on,
                     std::string_view note, Instant now) {
  return changed_one(c.exec("UPDATE plans SET anchored_by = ?, anchored_on = ?, anchoring_note = ?, version = version + 1, "
                            "updated_at = ? WHERE id = ?",
                            by, on, note, now.ms, plan_id),
                     "plan", plan_id);
}

Result<std::int64_t> add_activity(Connection& c, std::int64_t plan_id, const domain::ActivityInput& in, Instant now) {
  return c.insert("INSERT INTO plan_activities (plan_id, title, description, scope, principal_id, responsible, start_date, "
                  "end_date, status, gap_finding, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  plan_id, in.title, in.description, domain::to_key(in.scope), in.principal_id, in.responsible,
                  in.start_date, in.end_date, domain::to_key(in.status), in.gap_finding, now.ms);
}

Status update_activity(Connection& c, std::int64_t activity_id, const domain::ActivityInput& in, Instant now) {
  return changed_one(c.exec("UPDATE plan_activities SET title = ?, description = ?, scope = ?, principal_id = ?, responsible = ?, "
                            "start_date = ?, end_date = ?, status = ?, gap_finding = ?, updated_at = ? WHERE id = ?",
                            in.title, in.description, domain::to_key(in.scope), in.principal_id, in.responsible,
                            in.start_date, in.end_date, domain::to_key(in.status), in.gap_finding, now.ms, activity_id),
                     "activity", activity_id);
}

Status set_activity_status(Connection& c, std::int64_t activity_id, domain::ActivityStatus status, Instant now) {
  return changed_one(c.exec("UPDATE plan_activities SET status = ?, updated_at = ? WHERE id = ?", domain::to_key(status),
                            now.ms, activity_id),
                     "activity", activity_id);
}

Status assign_activity(Connection& c, std::int64_t activity_id, std::string_view to, std::string_view by,
                       std::string_view on, Instant now) {
  return changed_one(c.exec("UPDATE plan_activities SET assigned_to = ?, assigned_by = ?, assigned_on = ?, updated_at = ? "
                            "WHERE id = ?",
                            to, by, on, now.ms, activity_id),
                     "activity", activity_id);
}

Status delete_activity(Connection& c, std::int64_t activity_id) {
  KS_TRY(c.exec("DELETE FROM activity_reports WHERE activity_id = ?", activity_id));
  return changed_one(c.exec("DELETE FROM plan_activities WHERE id = ?", activity_id), "activity", activity_id);
}

Result<std::optional<Activity>> find_activity(Connection& c, std::int64_t activity_id) {
  auto r = KS_TRY(c.row(sql("SELECT ", kActivityCols, " FROM plan_activities WHERE id = ?"), activity_id));
  return r ? std::optional<Activity>(activity_of(*r)) : std::nullopt;
}

Result<std::vector<Activity>> activities(Connection& c, std::int64_t plan_id) {
  auto rows = KS_TRY(c.rows(sql("SELECT ", kActivityCols,
                                " FROM plan_activities WHERE plan_id = ? "
                                "ORDER BY CASE WHEN start_date IS NULL THEN 1 ELSE 0 END, start_date, id"),
                            plan_id));
  std::vector<Activity> out;
  for (const auto& r : rows) out.push_back(activity_of(r));
  return out;
}

Result<std::int64_t> add_report(Connection& c, const Report& r) {
  return c.insert("INSERT INTO activity_reports (activity_id, status, note, reported_by, reported_at) VALUES (?, ?, ?, ?, ?) "
                  "RETURNING id",
                  r.activity_id, domain::to_key(r.status), r.note, r.reported_by, r.reported_at.ms);
}

Result<std::vector<Report>> reports(Connection& c, std::int64_t plan_id) {
  auto rows = KS_TRY(c.rows("SELECT r.id, r.activity_id, r.status, r.note, r.reported_by, r.reported_at "
                            "FROM activity_reports r JOIN plan_activities a ON a.id = r.activity_id "
                            "WHERE a.plan_id = ? ORDER BY r.reported_at, r.id",
                            plan_id));
  std::vector<Report> out;
  for (const auto& r : rows)
    out.push_back(Report{r.integer(0), r.integer(1),
                         domain::parse_activity_status(r.text(2)).value_or(domain::ActivityStatus::ongoing), r.text(3),
                         r.text(4), Instant{r.integer(5)}});
  return out;
}

Result<std::int64_t> add_communication(Connection& c, std::int64_t plan_id, const domain::CommunicationInput& in) {
  return c.insert("INSERT INTO plan_communications (plan_id, audience, channel, planned_on, message) VALUES (?, ?, ?, ?, ?) "
                  "RETURNING id",
                  plan_id, in.audience, in.channel, in.planned_on, in.message);
}

Status delete_communication(Connection& c, std::int64_t plan_id, std::int64_t id) {
  return changed_one(c.exec("DELETE FROM plan_communications WHERE id = ? AND plan_id = ?", id, plan_id),
                     "communication item", id);
}

Result<std::vector<Communication>> communications(Connection& c, std::int64_t plan_id) {
  auto rows = KS_TRY(c.rows("SELECT id, audience, channel, planned_on, message FROM plan_communications WHERE plan_id = ? "
                            "ORDER BY CASE WHEN planned_on IS NULL THEN 1 ELSE 0 END, planned_on, id",
                            plan_id));
  std::vector<Communication> out;
  for (const auto& r : rows) out.push_back(Communication{r.integer(0), {r.text(1), r.text(2), r.opt_text(3), r.text(4)}});
  return out;
}

Result<std::int64_t> add_phase_out(Connection& c, std::int64_t plan_id, const domain::PhaseOutInput& in) {
  return c.insert("INSERT INTO plan_phase_outs (plan_id, practice, replaced_by, principal_id, by_date) VALUES (?, ?, ?, ?, ?) "
                  "RETURNING id",
                  plan_id, in.practice, in.replaced_by, in.principal_id, in.by_date);
}

Status delete_phase_out(Connection& c, std::int64_t plan_id, std::int64_t id) {
  return changed_one(c.exec("DELETE FROM plan_phase_outs WHERE id = ? AND plan_id = ?", id, plan_id), "phase-out item", id);
}

Result<std::vector<PhaseOut>> phase_outs(Connection& c, std::int64_t plan_id) {
  auto rows = KS_TRY(c.rows("SELECT id, practice, replaced_by, principal_id, by_date FROM plan_phase_outs WHERE plan_id = ? "
                            "ORDER BY id",
                            plan_id));
  std::vector<PhaseOut> out;
  for (const auto& r : rows) out.push_back(PhaseOut{r.integer(0), {r.text(1), r.text(2), r.opt_text(3), r.opt_text(4)}});
  return out;
}

} // namespace ks::store::plans
