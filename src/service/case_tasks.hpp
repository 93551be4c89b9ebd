// Every task of a case, open and closed, with who holds it: what the case page needs to show each
// municipality's answer (step 5), the answers side by side (step 7) and each principal's decision
// with "n of m" (step 24). Reading needs case.read on the case, as case_detail.
#pragma once

#include <cstdint>
#include <vector>

#include "service/case_service.hpp"

namespace ks::service {

Result<std::vector<TaskView>> case_tasks(Context& ctx, const Actor& actor, std::int64_t case_id);

} // namespace ks::service
