// Attachments on tasks (issue 5): a PDF or DOCX added to an open task, checked by content and
// registered in the case region's diary (incoming, the sender being the person who attached it) in
// the same transaction that stores it, with a `diary_registered` history event on the case.
//
// Who may attach: someone who may work on the task — holds its function in its unit, or on behalf
// of its unit as principal (task.complete, task_assignment.hpp) — or someone who runs the case
// (case.manage: the region's coordinator, the county association's coordinator). Reading the case
// is not enough: another municipality's contact is refused and nothing is stored. The browser form
// (POST /tasks/{id}/attachments) and the API (POST /api/v1/tasks/{id}/attachments) both use this.
#pragma once

#include <cstdint>
#include <string>

#include "service/actor.hpp"
#include "service/context.hpp"
#include "service/knowledge_support_service.hpp"
#include "service/permissions.hpp"
#include "store/case_store.hpp"
#include "store/task_store.hpp"

namespace ks::service {

struct AttachToTask {
  std::int64_t task_id = 0;
  Upload file;
  std::string description; // The diary entry's description; defaults to the file name.
};

// Errors: not_found for an unknown task; invalid_input "file" without a file, for a bad file name
// or for content that is not PDF/DOCX (domain::check_document); too_large "file" over
// config.max_upload_bytes; conflict when the task is no longer open; unauthenticated/forbidden
// (audited). A refused attachment stores nothing.
Result<AddedDocument> attach_to_task(Context& ctx, const Actor& actor, const AttachToTask& in);

// The rule above for one task of one case, inside the caller's transaction: the grant, or
// forbidden naming the action.
Result<Grant> authorize_task_attachment(store::Connection& c, const Actor& actor, const store::tasks::TaskRow& task,
                                        const store::cases::Case& record);

} // namespace ks::service
