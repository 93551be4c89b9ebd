// The routines cases run: deploying the shipped BPMN files and forms into the database, and the
// process library (engine definitions + forms) a case needs, built from what is deployed.
//
// A case is pinned to the definition row it started with (cases.definition_id); call activities
// and forms resolve to the newest deployed version of the other processes. Libraries are cached in
// memory by a fingerprint of what is deployed (ids and hashes), so a deployment by another
// `ks serve` process is seen at the next operation and nothing else needs to be shared.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "engine/library.hpp"
#include "store/database.hpp"

namespace ks::service {

struct DeployReport {
  std::vector<std::string> processes_added; // "vasternorrland v2"
  std::size_t forms_added = 0;
};

// Checks the processes compiled into the binary (processes/, engine::load_shipped_library) and
// stores every process and form whose text differs from its newest deployed version, in one
// transaction. Safe to call at every start. Errors: invalid_input listing every problem when the
// shipped files do not validate (nothing is deployed then); the database's.
Result<DeployReport> deploy_shipped_processes(store::Database& db, const Clock& clock);

// The library for a case pinned to definition row `definition_id`: that version of its process
// (and its file's other processes), the newest version of every other process, the newest forms.
// Errors: not_found for an unknown definition; invalid_input when the deployed texts do not
// validate together; the database's.
Result<std::shared_ptr<const engine::ProcessLibrary>> library_for_definition(store::Connection& c,
                                                                            std::int64_t definition_id);

// The library library_for_definition() last returned for `definition_id` in this process (for any
// database), read from memory only; nullptr when there is none. For work done ahead of a write
// transaction that compares it with library_for_definition() inside before using it (issue 8:
// the fingerprint's two reads were ≈2 % of the CPU with 32 clients, on connections whose pages
// every commit had made stale); a deployment since makes that work be done again inside.
std::shared_ptr<const engine::ProcessLibrary> last_library_for_definition(std::int64_t definition_id);

// The newest deployed definition row of a process id (what a new case is pinned to), or nullopt.
Result<std::optional<std::int64_t>> newest_definition_id(store::Connection& c, std::string_view process_id);

} // namespace ks::service
