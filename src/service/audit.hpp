// The audit log as the use cases see it: record_audit() inside the transaction of the change it
// describes (so that the change and its record commit or roll back together), record_denial() in a
// transaction of its own for refusals and failures (whose own transaction rolled back). Rows are
// hash-chained (store/audit_store.hpp); verify_audit() walks the chain.
//
// Never put a password, token or session id in an event: before/after are the object's state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/audit_store.hpp"

namespace ks::service {

enum class AuditOutcome { ok, denied, failed };
std::string_view to_string(AuditOutcome outcome);

struct AuditEvent {
  std::string action;              // What was done: "case.answer", "auth.login", "user.add"...
  AuditOutcome outcome = AuditOutcome::ok;
  std::string acting_function;     // Grant::describe() from authorize(): "contact@municipality-2281".
  std::string object_type;         // "case", "task", "account"...
  std::string object_id;
  std::string case_id;             // The case the event belongs to, for the per-case view.
  nlohmann::json before;           // The object's state before (null: none, e.g. on creation).
  nlohmann::json after;            // ...and after (null: none, e.g. on deletion or denial).
  std::string detail;              // A short sentence: why it was denied, what failed.
  // A task completion: the task (tasks.id) whose row, written in the same transaction, holds
  // after["values"] as this text (tasks.submitted); the record then does not store them again
  // (issue 8).
  std::optional<store::audit::ValuesInTask> values_in_task;
};

// Appends the event, by actor at `at`, inside the caller's write transaction.
Status record_audit(store::Connection& c, const Actor& actor, const AuditEvent& event, Instant at);

// Appends the event in a transaction of its own (for denials and failures). Must not be called
// while the same thread holds a write transaction (SQLite would wait for itself).
Status record_denial(store::Database& db, const Actor& actor, const AuditEvent& event, Instant at);

// Reading the log. Filters as store::audit::Filter.
Result<std::vector<store::audit::Row>> list_audit(Context& ctx, const store::audit::Filter& filter);

// Walks the whole chain; the result names the first broken row.
Result<store::audit::Verification> verify_audit(store::Database& db);

// The rows as CSV (header line, then one line per row, RFC 4180 quoting).
std::string audit_csv(const std::vector<store::audit::Row>& rows);
// One row as JSON for the API.
nlohmann::json audit_json(const store::audit::Row& row);

} // namespace ks::service
