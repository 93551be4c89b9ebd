#include "service/case_service.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "engine/runtime/runtime.hpp"
#include "service/audit_sink.hpp"
#include "service/case_changes.hpp"
#include "service/case_variables.hpp"
#include "service/process_registry.hpp"
#include "service/task_assignment.hpp"
#include "store/history_store.hpp"
#include "store/packed_lines.hpp"
#include "store/task_store.hpp"

namespace ks::service {

namespace {

namespace cs = store::cases;
using nlohmann::json;

Status require_signed_in(const Actor& actor) {
  if (actor.anonymous()) return fail(Error::unauthenticated("logga in för att fortsätta"));
  return {};
}

json case_summary_json(const cs::Case& k) {
  return {{"id", k.id}, {"status", k.fields.status}, {"phase", k.fields.current_phase},
          {"diary_number", k.diary_number}, {"version", k.version}};
}

} // namespace

Result<std::vector<TaskView>> task_views(store::Connection& c, std::vector<store::tasks::TaskRow> rows,
                                         std::string_view today, Instant now) {
  std::vector<TaskView> out;
  out.reserve(rows.size());
  // Tasks for the same function in the same unit have the same assignees (an inbox's tasks are
  // those of a few functions): each pair is looked up once.
  std::map<std::pair<std::string, std::string>, std::vector<store::structure::Holding>> known;
  for (auto& t : rows) {
    TaskView v;
    auto key = std::make_pair(t.function, t.scope_unit);
    auto it = known.find(key);
    if (it == known.end()) it = known.emplace(std::move(key), KS_TRY(assignees(c, t.function, t.scope_unit, today))).first;
    v.assignees = it->second;
    v.overdue = t.status == store::tasks::kOpen && t.due && *t.due < now;
    v.task = std::move(t);
    out.push_back(std::move(v));
  }
  return out;
}

Result<StartedCase> start_case(Context& ctx, const Actor& actor, const StartCase& in) {
  KS_TRY(require_signed_in(actor));
  AuditEvent event{.action = "case.start", .object_type = "case"};
  return write_audited(ctx, actor, event, [&](store::Connection& c) -> Result<StartedCase> {
    auto grant = KS_TRY(authorize(c, actor, Action::case_register, Scope{.region_id = in.region_id}));
    auto support = KS_TRY(store::knowledge_supports::find(c, in.knowledge_support_id));
    if (!support)
      return fail(Error::not_found("kunskapsstöd " + std::to_string(in.knowledge_support_id) + " finns inte"));
    auto definition_id = KS_TRY(newest_definition_id(c, in.routine));
    if (!definition_id) return fail(Error::invalid("okänd rutin: " + in.routine, "routine"));
    auto lib = KS_TRY(library_for_definition(c, *definition_id));

    const Instant now = ctx.clock.now();
    CaseStartInput start{in.routine, in.region_id, in.lpo_id, in.knowledge_support_id, support->fields.title,
                         in.variables};
    auto variables = KS_TRY(start_variables(c, start, format_date(now)));
    auto changes = KS_TRY(engine::start(lib->definitions, in.routine, variables, now));

    cs::NewCase row{in.knowledge_support_id, in.region_id, in.routine, *definition_id,
                    std::string(engine::to_string(changes.state.status)), phase_of(*lib, changes.state),
                    engine::to_json_text(changes.state), actor.username, lpo_variable(changes.state)};
    const auto case_id = KS_TRY(cs::insert(c, row, now));
    auto record = KS_TRY(cs::lock(c, case_id));
    if (!record) return fail(Error::internal("the new case is missing"));
    PersistOptions options{.actor = actor.username, .now = now};
    auto numbers = KS_TRY(persist_changes(c, *record, *lib, changes, options));

    std::string number;
    auto after = KS_TRY(cs::find_summary(c, case_id));
    if (after && !after->diary_number.empty()) {
      number = after->diary_number;
    } else {
      store::diary::NewEntry entry{.region_id = in.region_id, .entry_date = format_date(now),
                                   .direction = domain::DiaryDirection::in, .counterpart = "SKR",
                                   .description = "Ärende: " + support->fields.title,
                                   .knowledge_support_id = in.knowledge_support_id, .case_id = case_id,
                                   .created_by = actor.username};
      number = KS_TRY(store::diary::register_entry(c, entry, now)).number;
      KS_TRY(cs::set_diary_number(c, case_id, number));
    }
    AuditEvent done = event;
    done.acting_function = grant.describe();
    done.object_id = done.case_id = std::to_string(case_id);
    done.after = {{"knowledge_support_id", in.knowledge_support_id}, {"routine", in.routine},
                  {"region_id", in.region_id}, {"diary_number", number}};
    KS_TRY(audit(ctx, c, actor, done));
    return StartedCase{case_id, number};
  });
}

Result<CaseStep> correlate_message(Context& ctx, const Actor& actor, const CaseMessage& in) {
  KS_TRY(require_signed_in(actor));
  if (!in.payload.is_object()) return fail(Error::invalid("payload ska vara ett JSON-objekt", "payload"));
  if (in.name.empty()) return fail(Error::invalid("meddelandets namn saknas", "name"));
  AuditEvent event{.action = "case.message", .object_type = "case", .object_id = std::to_string(in.case_id),
                   .case_id = std::to_string(in.case_id)};
  return write_audited(ctx, actor, event, [&](store::Connection& c) -> Result<CaseStep> {
    auto record = KS_TRY(cs::lock(c, in.case_id));
    if (!record) return fail(Error::not_found("ärende " + std::to_string(in.case_id) + " finns inte"));
    auto grant = KS_TRY(authorize(c, actor, Action::case_register, case_scope(*record, variables_of(*record))));
    auto lib = KS_TRY(library_for_definition(c, record->fields.definition_id));
    auto state = KS_TRY(state_of(*record));
    const Instant now = ctx.clock.now();
    auto changes = KS_TRY(engine::correlate_message(lib->definitions, state, in.name, in.payload, now));

    PersistOptions options{.actor = actor.username, .now = now};
    if (in.document) {
      const auto type = KS_TRY(domain::check_document(in.document->filename, in.document->content,
                                                      ctx.config.max_upload_bytes));
      options.document_id = KS_TRY(store::documents::insert(c, {record->fields.knowledge_support_id, record->id, {}},
                                                            in.document->filename, domain::media_type(type),
                                                            in.document->content, actor.username, now));
    }
    CaseStep out{record->id, std::string(engine::to_string(changes.state.status)), phase_of(*lib, changes.state), {}};
    out.diary_numbers = KS_TRY(persist_changes(c, *record, *lib, changes, options));
    if (out.diary_numbers.empty()) {
      store::diary::NewEntry entry{.region_id = record->fields.region_id, .entry_date = format_date(now),
                                   .direction = domain::DiaryDirection::in,
                                   .counterpart = in.payload.value("sender", std::string("SKR")),
                                   .description = "Meddelande: " + in.name,
                                   .knowledge_support_id = record->fields.knowledge_support_id,
                                   .case_id = record->id, .document_id = options.document_id,
                                   .created_by = actor.username};
      out.diary_numbers.push_back(KS_TRY(store::diary::register_entry(c, entry, now)).number);
    }
    AuditEvent done = event;
    done.acting_function = grant.describe();
    done.before = case_summary_json(*record);
    done.after = {{"message", in.name}, {"payload", in.payload}, {"status", out.status}, {"phase", out.phase},
                  {"diary_numbers", out.diary_numbers}};
    KS_TRY(audit(ctx, c, actor, done));
    KS_TRY(archive_if_ended(c, record->id, changes.state.status));
    return out;
  });
}

Result<CaseDetail> case_detail(Context& ctx, const Actor& actor, std::int64_t case_id) {
  KS_TRY(require_signed_in(actor));
  return ctx.db.read([&](store::Connection& c) -> Result<CaseDetail> {
    auto record = KS_TRY(cs::find(c, case_id));
    if (!record) return fail(Error::not_found("ärende " + std::to_string(case_id) + " finns inte"));
    CaseDetail d;
    d.variables = variables_of(*record);
    KS_TRY(authorize(c, actor, Action::case_read, case_scope(*record, d.variables)));
    auto support = KS_TRY(store::knowledge_supports::find(c, record->fields.knowledge_support_id));
    if (support) d.knowledge_support = std::move(*support);
    const Instant now = ctx.clock.now();
    d.open_tasks = KS_TRY(task_views(c, KS_TRY(store::tasks::of_case(c, case_id, true)), format_date(now), now));
    d.timers = KS_TRY(store::timers::of_case(c, case_id));
    if (auto state = state_of(*record))
      for (const auto& s : state->subscriptions) d.waiting_for_messages.push_back(s.message);
    d.documents = KS_TRY(store::documents::for_case(c, case_id));
    store::diary::Query q;
    q.case_id = case_id;
    d.diary = KS_TRY(store::diary::list(c, q));
    d.notifications = KS_TRY(store::notifications::of_case(c, case_id));
    d.record = std::move(*record);
    return d;
  });
}

Result<CaseList> list_cases(Context& ctx, const Actor& actor, const cs::Filter& filter) {
  KS_TRY(require_signed_in(actor));
  return ctx.db.read([&](store::Connection& c) -> Result<CaseList> {
    // A page of the cases the actor may read, and how many there are. Not a page of every region's
    // cases with those the actor may not read taken out: at national scale the newest 100 held 4 of
    // the reader's region (issue 8). The matching cases are counted by region (the regions the
    // actor may read, when the setting names them) and the page is read with its offset in the
    // query — its offset and the total count the cases the actor can see, both in the same
    // snapshot. By the setting "region" the scope of a list's case is its region alone, so the
    // decision is the region's: case.read is asked once for each region that has any. By
    // "participants" it is the region's or the LPO's (case_scope()): the query asks for the
    // cases whose region or LPO (cases.lpo_id, migration 0081) is the actor's, as authorize()
    // decides them one by one, and counts them in all (by region, SQLite read every case).
    const auto readable = KS_TRY(case_read_filter(c, actor));
    using By = CaseReadFilter::By;
    cs::Filter scoped = filter;
    if (readable.by == By::regions) {
      const auto& regions = readable.units;
      const bool asked_for_another =
          filter.region_id && std::find(regions.begin(), regions.end(), *filter.region_id) == regions.end();
      if (regions.empty() || asked_for_another) return CaseList{};
      if (!filter.region_id) scoped.region_ids = regions;
    } else if (readable.by == By::participation) {
      if (readable.units.empty()) return CaseList{};
      scoped.participant_units = readable.units;
      CaseList out;
      out.total = KS_TRY(cs::count(c, scoped));
      if (out.total > 0) out.cases = KS_TRY(cs::list(c, scoped));
      return out;
    }
    CaseList out;
    const auto counts = KS_TRY(cs::count_by_region(c, scoped));
    std::vector<std::string> granted;
    for (const auto& [region, cases] : counts) {
      auto decided = authorize(c, actor, Action::case_read, Scope{.region_id = region});
      if (!decided && decided.error().code != ErrorCode::forbidden) return fail(decided.error());
      if (!decided) continue;
      granted.push_back(region);
      out.total += cases;
    }
    if (granted.empty()) return out;
    if (granted.size() < counts.size()) scoped.region_ids = std::move(granted);
    out.cases = KS_TRY(cs::list(c, scoped));
    return out;
  });
}

Result<std::vector<store::history::Event>> case_history(Context& ctx, const Actor& actor, std::int64_t case_id) {
  KS_TRY(require_signed_in(actor));
  return ctx.db.read([&](store::Connection& c) -> Result<std::vector<store::history::Event>> {
    auto record = KS_TRY(cs::find(c, case_id));
    if (!record) return fail(Error::not_found("ärende " + std::to_string(case_id) + " finns inte"));
    KS_TRY(authorize(c, actor, Action::case_read, case_scope(*record, variables_of(*record))));
    return store::history::of_case(c, case_id);
  });
}

namespace {

// Packs what `ended` lists with `pack`, `batch` cases a write transaction, each batch audited.
Result<std::int64_t> pack_ended(Context& ctx, std::size_t batch, const std::function<void(std::int64_t)>& progress,
                                decltype(&store::history::ended_with_rows) ended,
                                const std::function<Status(store::Connection&, std::int64_t)>& pack,
                                std::string_view action, std::string_view what) {
  std::int64_t packed = 0, after_id = 0;
  Actor system;
  system.username = "system";
  for (;;) {
    auto done = KS_TRY(ctx.db.write([&](store::Connection& c) -> Result<std::vector<std::int64_t>> {
      auto ids = KS_TRY(ended(c, after_id, std::max<std::size_t>(batch, 1)));
      if (ids.empty()) return ids;
      for (auto id : ids) KS_TRY(pack(c, id));
      KS_TRY(audit(ctx, c, system,
                   AuditEvent{.action = std::string(action), .acting_function = "system", .object_type = "case",
                              .after = {{"cases", ids}},
                              .detail = std::string(what) + " of " + std::to_string(ids.size()) + " ended cases"}));
      return ids;
    }));
    if (done.empty()) break;
    packed += static_cast<std::int64_t>(done.size());
    after_id = done.back();
    if (progress) progress(packed);
  }
  return packed;
}

// Ended cases with anything left to archive: a state in their row, closed task rows, audit rows.
Result<std::vector<std::int64_t>> unarchived(store::Connection& c, std::int64_t after_id, std::size_t limit) {
  return store::packed::ended_cases(c,
                                    "(state <> '' OR EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = cases.id AND "
                                    "t.status <> 'open') OR EXISTS (SELECT 1 FROM audit_log a WHERE a.case_id = "
                                    "CAST(cases.id AS TEXT)))",
                                    after_id, limit);
}

} // namespace

Result<PackedCases> pack_ended_cases(Context& ctx, std::size_t batch, const std::function<void(std::int64_t)>& progress) {
  PackedCases out;
  out.histories = KS_TRY(pack_ended(ctx, batch, progress, &store::history::ended_with_rows, &store::history::pack,
                                    "history.pack", "the history packed (migration 0070; every event kept)"));
  out.archived = KS_TRY(pack_ended(
      ctx, batch, progress, &unarchived,
      [](store::Connection& c, std::int64_t id) -> Status {
        KS_TRY(archive_case(c, id));
        return {};
      },
      "case.archive", "the state, closed tasks and audit records archived (migration 0072; everything kept)"));
  return out;
}

Result<std::vector<store::notifications::Notification>> my_notifications(Context& ctx, const Actor& actor,
                                                                         std::size_t limit) {
  KS_TRY(require_signed_in(actor));
  return ctx.db.read([&](store::Connection& c) {
    return store::notifications::for_assignments(c, assignments_of(actor.functions), limit);
  });
}

} // namespace ks::service
