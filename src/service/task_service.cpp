#include "service/task_service.hpp"

#include <atomic>
#include <map>
#include <span>

#include <fmt/format.h>

#include "engine/runtime/runtime.hpp"
#include "service/audit_sink.hpp"
#include "service/case_changes.hpp"
#include "service/case_variables.hpp"
#include "service/process_registry.hpp"
#include "service/state_cache.hpp"
#include "service/task_assignment.hpp"
#include "service/task_attachments.hpp"
#include "store/process_store.hpp"
#include "store/structure_store.hpp"

namespace ks::service {

namespace {

namespace cs = store::cases;
using nlohmann::json;

Status require_signed_in(const Actor& actor) {
  if (actor.anonymous()) return fail(Error::unauthenticated("logga in för att fortsätta"));
  return {};
}

Result<std::string> support_title(store::Connection& c, std::int64_t id) {
  auto k = KS_TRY(store::knowledge_supports::find(c, id));
  return k ? k->fields.title : std::string();
}

} // namespace

Result<InboxPage> my_tasks(Context& ctx, const Actor& actor, std::size_t offset, std::size_t limit) {
  KS_TRY(require_signed_in(actor));
  if (limit < 1 || limit > kInboxMaxPageSize)
    return fail(Error::invalid(fmt::format("en sida rymmer 1–{} uppgifter", kInboxMaxPageSize), "limit"));
  return ctx.db.read([&](store::Connection& c) -> Result<InboxPage> {
    const Instant now = ctx.clock.now();
    const auto assignments = assignments_of(actor.functions);
    InboxPage page;
    page.offset = offset;
    page.limit = limit;
    const auto counts = KS_TRY(store::tasks::count_open_for_assignments(c, assignments, now));
    page.total = counts.total;
    page.overdue = counts.overdue;
    auto rows = KS_TRY(store::tasks::for_assignments(c, assignments, store::tasks::kOpen, limit, offset));
    auto views = KS_TRY(task_views(c, std::move(rows), format_date(now), now));
    std::map<std::int64_t, std::pair<cs::Case, std::string>> cases;
    for (auto& v : views) {
      auto it = cases.find(v.task.case_id);
      if (it == cases.end()) {
        auto k = KS_TRY(cs::find_summary(c, v.task.case_id));
        if (!k) continue;
        std::string title = KS_TRY(support_title(c, k->fields.knowledge_support_id));
        it = cases.emplace(v.task.case_id, std::make_pair(std::move(*k), std::move(title))).first;
      }
      page.items.push_back({std::move(v), it->second.first, it->second.second});
    }
    return page;
  });
}

Result<TaskDetail> task_detail(Context& ctx, const Actor& actor, std::int64_t task_id) {
  KS_TRY(require_signed_in(actor));
  return ctx.db.read([&](store::Connection& c) -> Result<TaskDetail> {
    auto task = KS_TRY(store::tasks::find(c, task_id));
    if (!task) return fail(Error::not_found("uppgift " + std::to_string(task_id) + " finns inte"));
    auto record = KS_TRY(cs::find(c, task->case_id));
    if (!record) return fail(Error::internal("task " + std::to_string(task_id) + " without its case"));
    TaskDetail d;
    d.variables = variables_of(*record);
    const bool may_complete = matching_holding(actor.functions, task->function, task->scope_unit).has_value();
    if (!may_complete) {
      // An open task addressed to one municipality holds that municipality's answer in the making:
      // besides its holders, only those who run the case (the region's and the association's
      // coordinators) may see it — not another municipality that may read the case.
      const bool municipal_draft =
          task->status == store::tasks::kOpen && task->scope_unit.starts_with("municipality-");
      KS_TRY(authorize(c, actor, municipal_draft ? Action::case_manage : Action::case_read,
                       case_scope(*record, d.variables)));
    }
    d.may_complete = may_complete && task->status == store::tasks::kOpen;
    if (task->status == store::tasks::kOpen) {
      auto attach = authorize_task_attachment(c, actor, *task, *record);
      if (!attach && attach.error().code != ErrorCode::forbidden) return fail(attach.error());
      d.may_attach = attach.has_value();
    }
    for (auto& doc : KS_TRY(store::documents::for_case(c, task->case_id)))
      if (doc.owner.task_id && *doc.owner.task_id == task->id) d.documents.push_back(std::move(doc));
    if (!task->form_id.empty()) {
      if (auto form = KS_TRY(store::processes::latest_form(c, task->form_id)))
        d.form = json::parse(form->form_json, nullptr, false);
    }
    const Instant now = ctx.clock.now();
    auto views = KS_TRY(task_views(c, {std::move(*task)}, format_date(now), now));
    d.view = std::move(views.front());
    d.knowledge_support_title = KS_TRY(support_title(c, record->fields.knowledge_support_id));
    record->fields.state.clear();
    d.case_summary = std::move(*record);
    return d;
  });
}

Result<LockedTask> lock_task(store::Connection& c, std::int64_t task_id) {
  auto first = KS_TRY(store::tasks::find(c, task_id));
  if (!first) return fail(Error::not_found("uppgift " + std::to_string(task_id) + " finns inte"));
  auto record = KS_TRY(cs::lock_summary(c, first->case_id));
  if (!record) return fail(Error::internal("task " + std::to_string(task_id) + " without its case"));
  // SQLite's write transaction held the whole database before the first read: nothing can have
  // changed since. On PostgreSQL, read again under the case lock: another change may have
  // committed meanwhile.
  if (c.backend() == store::Backend::sqlite) return LockedTask{std::move(*record), std::move(*first)};
  auto task = KS_TRY(store::tasks::find(c, task_id));
  if (!task) return fail(Error::not_found("uppgift " + std::to_string(task_id) + " finns inte"));
  return LockedTask{std::move(*record), std::move(*task)};
}

Scope task_complete_scope(const Actor& actor, const store::tasks::TaskRow& task, const cs::Case& record) {
  // Which of the actor's functions makes them an assignee (a representative acts for a
  // principal from the unit where the representation is held).
  Scope scope{.region_id = record.fields.region_id, .function = task.function, .unit_id = task.scope_unit,
              .case_id = std::to_string(record.id)};
  if (auto h = matching_holding(actor.functions, task.function, task.scope_unit); h && h->unit.id != task.scope_unit) {
    scope.unit_id = h->unit.id;
    scope.principal_id = task.scope_unit;
  }
  return scope;
}

namespace {

std::atomic<CompletionPath> g_path{CompletionPath::adaptive};
std::atomic<std::uint64_t> g_ahead_used{0};
std::atomic<std::uint64_t> g_ahead_discarded{0};

// The case's state at the version read: the one the state cache holds for it, else read from the
// stored text, which is read only then.
Result<engine::InstanceState> current_state(Context& ctx, store::Connection& c, cs::Case& record) {
  if (auto cached = state_cache::take(ctx.db, record.id, record.version)) return std::move(*cached);
  record.fields.state = KS_TRY(cs::state_text(c, record.id));
  return state_of(record);
}

// A task opened for a unit the structure does not have would be nobody's task: a unit id typed
// into a form ("id i strukturen": step 16's LAG, step 31's group, Dalarna's LPO and LAG) that names
// no unit. Refused as that field's error. (Units that come from elsewhere — derived start
// variables, a list's options — are not looked up here.)
Status check_units_of(store::Connection& c, std::span<const engine::Task> opened, const json& values) {
  for (const auto& t : opened) {
    if (t.scope_unit.empty()) continue;
    for (const auto& [key, v] : values.items()) {
      if (!v.is_string() || v.get_ref<const std::string&>() != t.scope_unit) continue;
      if (KS_TRY(store::structure::find_unit(c, t.scope_unit))) break;
      return fail(field_errors_error(
          {{.key = key,
            .message = fmt::format("Det finns ingen enhet med id ”{}” i strukturen; steg {} skulle inte tilldelas någon.",
                                   t.scope_unit, t.step.empty() ? t.element : t.step),
            .value = v}}));
    }
  }
  return {};
}

// Validates the values against the task's form and runs the engine on the case's current state.
// Errors: invalid_input with the fields when the values do not validate (the state goes back to
// the cache: nothing changed), or when a task it opens is for a typed unit id that names no unit
// (check_units_of); the engine's.
Result<ComputedCompletion> compute_completion(Context& ctx, store::Connection& c, const store::tasks::TaskRow& task,
                                              cs::Case& record, const engine::ProcessLibrary& lib, const json& values) {
  ComputedCompletion out;
  auto state = KS_TRY(current_state(ctx, c, record));
  out.values = values;
  if (!task.form_id.empty()) {
    const auto* form = lib.find_form(task.form_id);
    if (!form) return fail(Error::internal("form " + task.form_id + " is not deployed"));
    auto checked = engine::forms::validate_submission(*form, values, state.variables);
    if (!checked) {
      // Nothing changed: the case is still at the version its state was taken for.
      state_cache::put(ctx.db, record.id, record.version, std::move(state));
      return fail(field_errors_error(checked.error()));
    }
    out.values = std::move(*checked);
  }
  out.now = ctx.clock.now();
  out.changes = KS_TRY(engine::complete_task(lib.definitions, std::move(state), task.local_id, out.values, out.now));
  KS_TRY(check_units_of(c, out.changes.tasks_opened, out.values));
  // The changed variables to text now, once, for both the stored state and the cache.
  out.changes.state.variables.settle();
  return out;
}

} // namespace

CompletionPathFor::CompletionPathFor(CompletionPath path) : m_before(g_path.exchange(path)) {}
CompletionPathFor::~CompletionPathFor() { g_path.store(m_before); }

CompletionCounts completion_counts() { return {g_ahead_used.load(), g_ahead_discarded.load()}; }

std::optional<PreparedCompletion> prepare_completion(Context& ctx, const CompleteTask& in) {
  if (!in.values.is_object()) return std::nullopt;
  auto prepared = ctx.db.read([&](store::Connection& c) -> Result<PreparedCompletion> {
    auto task = KS_TRY(store::tasks::find(c, in.task_id));
    // Whatever is wrong (here or in computing it) is found and answered inside, as always.
    if (!task || task->status != store::tasks::kOpen || task->version != in.version)
      return fail(Error::conflict("not ahead"));
    auto record = KS_TRY(cs::find_summary(c, task->case_id));
    if (!record) return fail(Error::conflict("not ahead"));
    PreparedCompletion p{.task_id = task->id, .task_version = task->version, .case_id = record->id,
                         .case_version = record->version};
    // The library the writer last used for this definition, else read; the writer checks it.
    p.library = last_library_for_definition(record->fields.definition_id);
    if (!p.library) p.library = KS_TRY(library_for_definition(c, record->fields.definition_id));
    p.computed = KS_TRY(compute_completion(ctx, c, *task, *record, *p.library, in.values));
    p.stored = cs::stored_state(c.backend(), engine::to_json_text(p.computed.changes.state));
    return p;
  });
  if (!prepared) return std::nullopt;
  return std::move(*prepared);
}

Result<CompletedTask> complete_task(Context& ctx, const Actor& actor, const CompleteTask& in) {
  std::optional<PreparedCompletion> prepared;
  const auto path = g_path.load();
  if (path == CompletionPath::ahead ||
      (path == CompletionPath::adaptive && ctx.db.group_commit() && ctx.db.group_commit()->busy()))
    prepared = prepare_completion(ctx, in);
  return complete_task(ctx, actor, in, std::move(prepared));
}

Result<CompletedTask> complete_task(Context& ctx, const Actor& actor, const CompleteTask& in,
                                    std::optional<PreparedCompletion> prepared) {
  KS_TRY(require_signed_in(actor));
  if (!in.values.is_object()) return fail(Error::invalid("values ska vara ett JSON-objekt", "values"));
  AuditEvent event{.action = "task.complete", .object_type = "task", .object_id = std::to_string(in.task_id)};
  // The case's new state and version, kept for its next completion once they are committed.
  struct Next {
    std::int64_t case_id;
    std::int64_t version;
    engine::InstanceState state;
  };
  std::optional<Next> next;
  auto done = write_audited(ctx, actor, event, [&](store::Connection& c) -> Result<CompletedTask> {
    next.reset();
    auto locked = KS_TRY(lock_task(c, in.task_id));
    auto* record = &locked.record;
    auto* task = &locked.task;

    auto grant = KS_TRY(authorize(c, actor, Action::task_complete, task_complete_scope(actor, *task, *record)));

    if (task->status != store::tasks::kOpen)
      return fail(Error::conflict("uppgiften är redan avslutad (" + task->status + ")"));
    if (task->version != in.version)
      return fail(Error::conflict("uppgiften har ändrats (version " + std::to_string(task->version) +
                                  ", du hade " + std::to_string(in.version) + "); ladda om och försök igen"));

    auto lib = KS_TRY(library_for_definition(c, record->fields.definition_id));
    // Computed ahead from this very task, case state and library: use it. (Taken out once: a
    // retried transaction computes inside.)
    std::optional<PreparedCompletion> ahead = std::move(prepared);
    prepared.reset();
    if (ahead && (ahead->task_id != task->id || ahead->task_version != task->version ||
                  ahead->case_id != record->id || ahead->case_version != record->version || ahead->library != lib)) {
      ahead.reset();
      ++g_ahead_discarded;
    }
    if (ahead) ++g_ahead_used;
    auto [now, values, changes] =
        ahead ? std::move(ahead->computed) : KS_TRY(compute_completion(ctx, c, *task, *record, *lib, in.values));
    // The values' text, once: the task's row keeps it, and the audit record names it there.
    const std::string submitted = values.dump();
    PersistOptions options{.actor = actor.username, .now = now, .completed_local_task = task->local_id,
                           .completed_version = task->version, .submitted = submitted,
                           .stored_state = ahead ? &ahead->stored : nullptr};
    CompletedTask out{task->id, {record->id, std::string(engine::to_string(changes.state.status)),
                                 phase_of(*lib, changes.state), {}}};
    out.step.diary_numbers = KS_TRY(persist_changes(c, *record, *lib, changes, options));

    AuditEvent record_of = event;
    record_of.acting_function = grant.describe();
    record_of.case_id = std::to_string(record->id);
    record_of.before = {{"status", task->status}, {"version", task->version}, {"step", task->step}};
    record_of.after = {{"status", "completed"}, {"version", task->version + 1}, {"values", std::move(values)}};
    record_of.values_in_task = store::audit::ValuesInTask{task->id, submitted};
    KS_TRY(audit(ctx, c, actor, record_of));
    KS_TRY(archive_if_ended(c, record->id, changes.state.status));
    // update_state stored version + 1.
    next.emplace(Next{record->id, record->version + 1, std::move(changes.state)});
    return out;
  });
  if (done && next)
    state_cache::put(ctx.db, next->case_id, next->version, std::move(next->state));
  return done;
}

} // namespace ks::service
