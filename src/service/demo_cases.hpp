// Demo cases for `ks serve --demo` on a database without knowledge supports: a dozen knowledge
// supports in different national statuses, most with a case on Västernorrland's routine advanced
// to a different step — by completing its tasks through the service layer as the demo user who
// holds each task's function (data/demo/vn-path.json: the routine's typical path and its form
// values), and registering the national decision as the coordinator. So `make run` shows a
// lived-in system: inboxes with work, answers and decisions part-way, cases in every phase.
#pragma once

#include <cstddef>

#include "service/context.hpp"

namespace ks::service {

// The number of cases started; 0 when the database already has knowledge supports (nothing is
// done then). Errors: the services'.
Result<std::size_t> ensure_demo_cases(Context& ctx);

} // namespace ks::service
