// The formal consultation answer (Västernorrland step 7): a PDF produced from the answers the case
// has gathered — the LPO's experts (step 5), each municipality's views and KFVN's compilation
// (step 5), and the region's compiled answer (step 7, when given) — stored on the case and
// registered in the region's diary as outgoing to SKR, in one transaction (add_document).
// Needs what add_document needs (case.register in the case's region); not_found for an unknown
// case.
#pragma once

#include <cstdint>

#include "service/knowledge_support_service.hpp"

namespace ks::service {

Result<AddedDocument> produce_consultation_answer(Context& ctx, const Actor& actor, std::int64_t case_id);

} // namespace ks::service
