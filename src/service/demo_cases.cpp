#include "service/demo_cases.hpp"

#include <nlohmann/json.hpp>

#include "core/embedded.hpp"
#include "domain/shipped_structure.hpp"
#include "service/case_service.hpp"
#include "service/knowledge_support_service.hpp"
#include "service/task_service.hpp"
#include "store/account_store.hpp"

namespace ks::service {

namespace {

using nlohmann::json;
using domain::KnowledgeSupportKind;
using domain::NationalStatus;

struct DemoSupport {
  const char* title;
  KnowledgeSupportKind kind;
  NationalStatus status;
  const char* lpo;
  int steps; // Entries of the path to take; -1: no case.
};

// Titles after the national system's real kinds of knowledge support; the cases stand at steps
// 3, 4, 5 (part-answered), 7, 8 (waiting for the national decision), 11, 13, 17, 24 (n of m), 28, 31.
constexpr DemoSupport kSupports[] = {
    {"Personcentrerat och sammanhållet vårdförlopp: Depression och ångestsyndrom hos vuxna", KnowledgeSupportKind::care_pathway,
     NationalStatus::on_consultation, "vn-lpo-psykisk-halsa", 0},
    {"Nationellt vårdprogram för demenssjukdom", KnowledgeSupportKind::care_programme, NationalStatus::on_consultation,
     "vn-lpo-aldres-halsa", 1},
    {"Vårdförlopp hjärtsvikt – nydebuterad", KnowledgeSupportKind::care_pathway, NationalStatus::on_consultation,
     "vn-lpo-medicin-och-hjartsjukdomar", 6},
    {"Nationellt vårdprogram för bröstcancer", KnowledgeSupportKind::care_programme, NationalStatus::on_consultation,
     "vn-lpo-cancersjukdomar", 11},
    {"Vårdförlopp höftledsartros", KnowledgeSupportKind::care_pathway, NationalStatus::on_consultation, "vn-lpo-ortopedi", 12},
    {"Riktlinje för förebyggande av undernäring hos äldre", KnowledgeSupportKind::guideline, NationalStatus::decided,
     "vn-lpo-aldres-halsa", 13},
    {"Vård- och insatsprogram för adhd", KnowledgeSupportKind::care_and_support_programme, NationalStatus::decided,
     "vn-lpo-psykisk-halsa", 16},
    {"Vårdförlopp stroke och TIA – tidig rehabilitering", KnowledgeSupportKind::care_pathway, NationalStatus::published,
     "vn-lpo-rehabilitering-habilitering-och-forsakringsmedicin", 29},
    {"Nationellt vårdprogram för KOL", KnowledgeSupportKind::care_programme, NationalStatus::published,
     "vn-lpo-infektion-hud-lung-och-allergisjukdomar", 42},
    {"Rekommendation om levnadsvanor vid diabetes typ 2", KnowledgeSupportKind::recommendation, NationalStatus::published,
     "vn-lpo-primarvard-och-levnadsvanor", 49},
    {"Kliniskt kunskapsstöd: sepsis hos vuxna", KnowledgeSupportKind::clinical_support, NationalStatus::published,
     "vn-lpo-akutvard", 52},
    {"Vårdförlopp graviditetsdiabetes", KnowledgeSupportKind::care_pathway, NationalStatus::under_revision,
     "vn-lpo-kvinnosjukdomar-och-forlossning", -1},
};

Result<json> demo_path() {
  auto text = find_embedded(data::embedded_files(), "demo/vn-path.json");
  if (!text) return fail(Error::internal("data/demo/vn-path.json is not compiled in"));
  auto j = json::parse(*text, nullptr, false);
  if (!j.is_object() || !j.contains("steps")) return fail(Error::internal("data/demo/vn-path.json is not a path"));
  return j;
}

Result<Actor> actor_named(Context& ctx, const std::string& username) {
  return ctx.db.read([&](store::Connection& c) -> Result<Actor> {
    auto account = KS_TRY(store::accounts::find_by_username(c, username));
    if (!account) return fail(Error::not_found("demo account " + username + " is missing"));
    return actor_for_account(c, account->id, ctx.clock.now());
  });
}

bool matches(const TaskView& t, const std::string& step, const std::string& scope) {
  if (t.task.step != step) return false;
  if (scope.empty()) return true;
  if (scope == t.task.scope_unit || (t.task.item && *t.task.item == json(scope).dump())) return true;
  return scope.starts_with("vn-lpo-") && t.task.scope_unit.starts_with("vn-lpo-");
}

// Takes one entry of the path: completes the matching open task as a demo user who holds it.
Status take(Context& ctx, const Actor& coordinator, std::int64_t case_id, const json& entry, const std::string& lag) {
  if (entry.contains("message")) {
    CaseMessage m;
    m.case_id = case_id;
    m.name = entry["message"].value("name", "national_decision");
    m.payload = entry["message"].value("payload", json::object());
    KS_TRY(correlate_message(ctx, coordinator, m));
    return {};
  }
  const json& c = entry["complete"];
  const std::string step = c.value("step", "");
  const std::string scope = c.value("scope", "");
  json values = c.value("values", json::object());
  if (step == "16") values["lag"] = lag; // The demo LAG, whose members are demo people.
  if (values.contains("forum_type")) { // Länsledningen, whose chair is a demo person.
    values["forum_type"] = "lansledningen";
    values.erase("steering_group");
  }
  if (step == "31") {
    values["joint_group_type"] = "lansledningen"; // Its chair (a demo person) reports at step 32.
    values["joint_group"] = "vn-lansledningen";
  }
  auto detail = KS_TRY(case_detail(ctx, coordinator, case_id));
  for (const auto& t : detail.open_tasks) {
    if (!matches(t, step, scope)) continue;
    for (const auto& holder : t.assignees) {
      auto actor = actor_named(ctx, holder.username);
      if (!actor) continue;
      CompleteTask in{t.task.id, t.task.version, values};
      KS_TRY(complete_task(ctx, *actor, in));
      return {};
    }
    return fail(Error::internal("demo: nobody holds the task of step " + step + " " + scope));
  }
  return fail(Error::internal("demo: no open task for step " + step + " " + scope));
}

} // namespace

Result<std::size_t> ensure_demo_cases(Context& ctx) {
  auto coordinator = KS_TRY(actor_named(ctx, "samordnare"));
  store::knowledge_supports::Query any;
  any.limit = 1;
  if (!KS_TRY(search_knowledge_supports(ctx, coordinator, any)).empty()) return 0;
  const json path = KS_TRY(demo_path());
  std::size_t started = 0;
  for (const auto& s : kSupports) {
    RegisterKnowledgeSupport in;
    in.fields.title = s.title;
    in.fields.kind = s.kind;
    in.fields.national_status = s.status;
    in.fields.version = "1.0";
    in.fields.consultation_from = "2026-09-01";
    in.fields.consultation_to = "2026-12-15";
    in.fields.summary = std::string("Demo: ") + s.title + ". Nationellt kunskapsstöd inom det nationella systemet för kunskapsstyrning.";
    auto ks = KS_TRY(register_knowledge_support(ctx, coordinator, in));
    if (s.steps < 0) continue;
    StartCase start;
    start.knowledge_support_id = ks.id;
    start.routine = "vasternorrland";
    start.region_id = "region-22";
    start.lpo_id = s.lpo;
    auto c = KS_TRY(start_case(ctx, coordinator, start));
    ++started;
    const auto& steps = path["steps"];
    for (int i = 0; i < s.steps && i < static_cast<int>(steps.size()); ++i)
      KS_TRY(take(ctx, coordinator, c.case_id, steps[i], "vn-lag-demo-demens"));
  }
  return started;
}

} // namespace ks::service
