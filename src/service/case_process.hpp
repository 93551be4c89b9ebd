// The routine version a case runs on (issue 5): a case is pinned to the process definition row it
// started with (cases.definition_id, process_registry.hpp), so its process map is drawn from that
// deployed BPMN text, not from the newest version or the file shipped in the binary. A case started
// on version 1 keeps showing version 1 after version 2 is deployed.
#pragma once

#include <cstdint>

#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/process_store.hpp"

namespace ks::service {

// The deployed definition (id, process id, version, file name, BPMN text) the case is pinned to.
// Needs case.read on the case. Errors: not_found for an unknown case; internal when its definition
// row is missing; unauthenticated/forbidden.
Result<store::processes::Definition> case_process_definition(Context& ctx, const Actor& actor, std::int64_t case_id);

} // namespace ks::service
