// Storing what one engine operation did (engine::Changes) for a case, inside the operation's
// transaction: the new state and version, tasks opened and closed, timers set and cancelled, the
// history with its actor, and the effects the routine asks for (docs/bpmn-subset.md):
//   diary.register  a diary entry in the case's region, today, with the effect's direction,
//                   description and counterpart (ks:counterpart, else "SKR"); the case's first
//                   incoming entry gives the case its diary number
//   notify          a notification row for ks:to (function@unit) with ks:message
//   compile, set    nothing more (the engine has already set the variables)
// Every diary registration also gets a history event "diary_registered" {number, direction}.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "engine/library.hpp"
#include "engine/runtime/changes.hpp"
#include "store/case_store.hpp"
#include "store/database.hpp"

namespace ks::service {

struct PersistOptions {
  std::string actor; // Username, or "system".
  Instant now;
  // The task the actor completed (engine-local id), the version they saw and their values as the
  // JSON text the task's row keeps (tasks.submitted).
  std::optional<std::int64_t> completed_local_task;
  std::optional<std::int64_t> completed_version;
  std::string_view submitted;
  // A document the operation brought (the national decision's), linked to its diary entries.
  std::optional<std::int64_t> document_id;
  // The new state as it is to be stored, when made beforehand from changes.state (a completion
  // computed ahead of its write transaction); else it is written here.
  const store::cases::StoredState* stored_state = nullptr;
};

// Archives an ended case (issue 8, migration 0072, store/case_archive.hpp): its final state, its
// closed tasks and its audit records move into one compressed row, read as before (its history is
// packed by persist_changes). Call after the operation's last audit record, in its write
// transaction. archive_case() does it for any case, merging what was added since it was archived;
// false when there was nothing to archive.
Status archive_if_ended(store::Connection& c, std::int64_t case_id, engine::CaseStatus status);
Result<bool> archive_case(store::Connection& c, std::int64_t case_id);

// Stores `changes` for the (locked) case `record` as it was before the operation. Returns the
// diary numbers registered, in order. Takes `changes.history` (moved out, not copied: issue 8);
// the rest of `changes` is left as it was. Errors: conflict when the case or the completed task
// changed since it was read; the database's.
Result<std::vector<std::string>> persist_changes(store::Connection& c, const store::cases::Case& record,
                                                 const engine::ProcessLibrary& lib, engine::Changes& changes,
                                                 const PersistOptions& options);

// The state's variable "lpo" when it is text (the case's LPO, kept in cases.lpo_id for lists).
std::optional<std::string> lpo_variable(const engine::InstanceState& state);

// The phase key of a case's state (domain::phase_of_step of the lowest step it waits at;
// "completed" or "terminated" when it has ended).
std::string phase_of(const engine::ProcessLibrary& lib, const engine::InstanceState& state);

} // namespace ks::service
