// Deployed process definitions and forms (migration 0022). A routine is deployed per process id:
// a new version is stored only when its BPMN text differs from the newest stored version, so
// deploying the shipped files at every start is cheap and idempotent. Functions take a
// Connection& inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace ks::store::processes {

struct Definition {
  std::int64_t id = 0; // Row id: what a case pins.
  std::string process_id;
  int version = 0;
  std::string file_name;
  std::string bpmn;
  std::string hash;
  Instant deployed_at;
};

struct FormVersion {
  std::int64_t id = 0;
  std::string form_id;
  int version = 0;
  std::string form_json;
  std::string hash;
};

// FNV-1a 64 of the text, 16 hex digits: a change detector, not a security measure.
std::string text_hash(std::string_view text);

// Stores `bpmn` as the next version of `process_id` unless the newest version has the same hash.
// Returns the newest definition (new or existing) and whether it was added.
struct Deployed {
  Definition definition;
  bool added = false;
};
Result<Deployed> deploy_definition(Connection& c, std::string_view process_id, std::string_view file_name,
                                   std::string_view bpmn, Instant now);
// The same for a form (its JSON text).
Result<bool> deploy_form(Connection& c, std::string_view form_id, std::string_view form_json, Instant now);

// The newest version of every process, by process id.
Result<std::vector<Definition>> latest_definitions(Connection& c);
Result<std::optional<Definition>> find_definition(Connection& c, std::int64_t id);
// The newest version of every form.
Result<std::vector<FormVersion>> latest_forms(Connection& c);
Result<std::optional<FormVersion>> latest_form(Connection& c, std::string_view form_id);
// The highest row id of process_definitions and process_forms together (0 when empty): changes
// whenever anything is deployed, so caches can tell they are stale.
Result<std::int64_t> deployment_mark(Connection& c);

} // namespace ks::store::processes
