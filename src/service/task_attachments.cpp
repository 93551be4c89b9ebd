#include "service/task_attachments.hpp"

#include <nlohmann/json.hpp>

#include "service/audit_sink.hpp"
#include "service/case_variables.hpp"
#include "service/task_assignment.hpp"
#include "service/task_service.hpp"
#include "store/history_store.hpp"

namespace ks::service {

namespace cs = store::cases;

Result<Grant> authorize_task_attachment(store::Connection& c, const Actor& actor, const store::tasks::TaskRow& task,
                                        const cs::Case& record) {
  if (matching_holding(actor.functions, task.function, task.scope_unit))
    return authorize(c, actor, Action::task_complete, task_complete_scope(actor, task, record));
  return authorize(c, actor, Action::case_manage, case_scope(record));
}

Result<AddedDocument> attach_to_task(Context& ctx, const Actor& actor, const AttachToTask& in) {
  if (actor.anonymous()) return fail(Error::unauthenticated("logga in för att fortsätta"));
  AuditEvent event{.action = "task.attach", .object_type = "task", .object_id = std::to_string(in.task_id)};
  return write_audited(ctx, actor, event, [&](store::Connection& c) -> Result<AddedDocument> {
    // The case locked: the history is appended after its last event.
    auto locked = KS_TRY(lock_task(c, in.task_id));
    // The case's variables decide who manages it (case_scope): its state is needed here.
    locked.record.fields.state = KS_TRY(cs::state_text(c, locked.record.id));
    const auto* record = &locked.record;
    const auto* task = &locked.task;
    auto grant = KS_TRY(authorize_task_attachment(c, actor, *task, *record));
    if (task->status != store::tasks::kOpen)
      return fail(Error::conflict("uppgiften är avslutad (" + task->status + "); bifoga dokumentet till ärendet i stället"));
    if (in.file.content.empty() && in.file.filename.empty()) return fail(Error::invalid("välj en fil att bifoga", "file"));

    DiaryRegistration diary;
    diary.region_id = record->fields.region_id;
    diary.direction = domain::DiaryDirection::in;
    diary.counterpart = actor.display_name.empty() ? actor.username : actor.display_name;
    diary.description = in.description.empty() ? in.file.filename : in.description;
    store::documents::Owner owner{.case_id = record->id, .task_id = task->id};
    auto stored = store_document_with_diary(c, ctx, actor, owner, in.file, diary);
    if (!stored) {
      Error e = stored.error();
      // The upload arrives as the field "file"; name it, not the check's internal part.
      if (e.field == "content" || e.field == "filename") e.field = "file";
      return fail(std::move(e));
    }
    const Instant now = ctx.clock.now();
    KS_TRY(store::history::append(c, record->id,
                                  {{"diary_registered", task->element, task->step,
                                    {{"number", stored->diary_number}, {"direction", "in"},
                                     {"document_id", stored->document_id}, {"task_id", task->id}}}},
                                  actor.username, now));
    AuditEvent done = event;
    done.acting_function = grant.describe();
    done.case_id = std::to_string(record->id);
    done.after = {{"document_id", stored->document_id}, {"filename", in.file.filename},
                  {"size", in.file.content.size()}, {"diary_number", stored->diary_number}};
    KS_TRY(audit(ctx, c, actor, done));
    return AddedDocument{stored->document_id, stored->diary_number};
  });
}

} // namespace ks::service
