// Storage of the hash-chained audit log (migration 0031). Each row's hash is SHA-256 over the
// previous row's hash and the row's own content (including its sequence number); the head — the
// number of rows and the newest hash — is kept so that a deleted newest row is detected as well as
// an edited, inserted or deleted row anywhere else. It is audit_head's row, or on SQLite since
// migration 0074 the row of the case the newest record is about (cases.audit_seq, audit_hash;
// decision 0020). Since migration 0071 a row does not store the previous hash a second time (it is
// the previous row's `hash`), and a task completion's record does not store the submitted values
// a second time (they are in the task's row, which the chain therefore covers too).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/case_archive.hpp"
#include "store/database.hpp"

namespace ks::store::audit {

struct Row {
  std::int64_t seq = 0; // 1, 2, 3... assigned when appended.
  Instant at;
  std::int64_t account_id = 0;
  std::string person_id;
  std::string username;
  std::string acting_function; // "contact@municipality-2281".
  std::string action;          // "case.answer", "auth.login", "access.denied"...
  std::string outcome;         // "ok", "denied", "failed".
  std::string object_type;
  std::string object_id;
  std::string case_id;
  std::string remote_addr;
  std::string request_id;
  std::string before_json; // "" when none.
  std::string after_json;
  std::string detail;
  std::string prev_hash; // The previous row's hash (not a column since migration 0071: it is that row's `hash`).
  std::string hash;
  // A task completion's record (migration 0071): the task (tasks.id) whose row holds the values
  // that after_json's "values" repeats. The stored after_json leaves them out; reading puts them
  // back from the task's `submitted`, so the row reads, hashes and verifies as it was written.
  // 0: after_json is stored as it is.
  std::int64_t values_task = 0;
};

// The hash a row must have: SHA-256 hex of its content (every field but `hash`) and prev_hash.
std::string hash_of(const Row& row);

// A task completion's submitted values as its task's row stores them (tasks.submitted, the same
// transaction).
struct ValuesInTask {
  std::int64_t task_id = 0;
  std::string_view submitted;
};

// Chains `row` after the record whose number is seq − 1 and whose hash is prev_hash: fills in
// seq, prev_hash and hash, and, with `values`, values_task when after_json can be stored without
// them (without_values below). Returns the after_json to store then (nullopt: as it is). What
// append() does once it has the head; `ks bench seed` chains its records with it in bulk.
std::optional<std::string> chain(Row& row, std::int64_t seq, std::string prev_hash,
                                 std::optional<ValuesInTask> values = std::nullopt);

// The chain's newest record, its number and hash (0 and "" before the first): what the next
// record is chained after. Inside a write transaction.
Result<std::pair<std::int64_t, std::string>> newest(Connection& c);

// SQLite: adds the rows of audit_time_blocks (migration 0075) that records appended without
// append() — `ks bench seed` writes them in bulk — call for: one for each block of 128 numbers
// up to the newest record. append() adds a block's row when it appends its last number.
Status add_time_blocks(Connection& c);

// Appends a row inside the caller's write transaction, chained after the head: its seq the
// head's next, its hash hash_of() with the head's hash as prev_hash. On PostgreSQL the server
// chains it, in one statement sent with COMMIT (the head's row lock queues concurrent writers and
// is held until COMMIT: no round trip while it is held); SQLite's write transaction is exclusive
// already. With `values`, and when after_json's "values" member is exactly `values.submitted`,
// the row is stored without it and names the task instead (values_task; issue 8: the values are
// stored once).
Status append(Connection& c, Row row, std::optional<ValuesInTask> values = std::nullopt);

// after_json without its "values" member when that member's text is exactly `submitted` and
// putting it back gives after_json again (nullopt otherwise); and putting it back: the text of
// the values inserted among the top-level members in name order, as dump() writes a document
// (on the text, without parsing it into one).
std::optional<std::string> without_values(std::string_view after_json, std::string_view submitted);
Result<std::string> with_values(std::string_view stored_after_json, std::string_view submitted);

struct Filter {
  std::optional<std::string> case_id;
  std::optional<std::string> person_id;
  std::optional<std::string> action;   // Exact, or a prefix ending in '.' ("case.").
  std::optional<std::string> outcome;
  std::optional<Instant> from;         // Inclusive.
  std::optional<Instant> to;           // Exclusive.
  std::int64_t before_seq = 0;         // Only rows with seq < this (paging backwards); 0: newest.
  std::size_t limit = 100;
};
// Rows matching the filter, newest first: audit_log's rows and packed records alike.
Result<std::vector<Row>> list(Connection& c, const Filter& filter);

// Packing (issue 8, migration 0072): an ended case's records are only read from then on, so they
// move out of audit_log into the case's archive (store/case_archive.hpp) — every stored field as
// it was, lines of tab-separated fields under a "ks-audit 1" header — and audit_packed_cases keeps
// what the case's records span (numbers, times) and hold (persons, actions, outcomes), which
// list() reads to unpack only the cases that may match. list() and verify() read rows and packed
// records as one log. Records appended later (a case's audit read) are rows again; packing again
// merges them in. Call inside a write transaction, after the case's last record of that
// transaction. pack_into() packs into `archived` (false: nothing to pack) for the caller to
// write; pack() reads and writes the archive itself.
Status pack(Connection& c, std::int64_t case_id);
Result<bool> pack_into(Connection& c, std::int64_t case_id, archive::Archive& archived);
// An archive's audit section for a case's records as stored (after_json without a completion's
// values), in order: lines of tab-separated fields under a "ks-audit 1" header.
std::string packed_text(const std::vector<Row>& records);
// What audit_packed_cases keeps for those records: numbers and times spanned, and the sets of
// persons, actions and outcomes, each name with the number of its newest record
// ("\tname\n12\tname\n7\t"; sets written before session 9 have no numbers, "\tname\tname\t",
// and still read).
struct PackedSummary {
  std::int64_t first_seq = 0, last_seq = 0, first_at = 0, last_at = 0;
  std::string persons, actions, outcomes;
};
PackedSummary summary_of(const std::vector<Row>& records);

// The result of walking the chain.
struct Verification {
  bool ok = true;
  std::int64_t rows = 0;        // Rows checked.
  std::int64_t head_seq = 0;    // The head: audit_head's, or the newest a case's row keeps.
  std::string head_hash;
  std::int64_t broken_seq = 0;  // The first row that does not hold (0 when ok).
  std::string reason;           // Why, in one sentence.
};
// Walks every row and packed record in order, a window of numbers at a time, checking
// numbering, links and hashes, and the head.
Result<Verification> verify(Connection& c);

} // namespace ks::store::audit
