#include "service/case_tasks.hpp"

namespace ks::service {

Result<std::vector<TaskView>> case_tasks(Context& ctx, const Actor& actor, std::int64_t case_id) {
  KS_TRY(case_detail(ctx, actor, case_id)); // not_found and case.read, as for the case itself.
  return ctx.db.read([&](store::Connection& c) -> Result<std::vector<TaskView>> {
    const Instant now = ctx.clock.now();
    return task_views(c, KS_TRY(store::tasks::of_case(c, case_id, false)), format_date(now), now);
  });
}

} // namespace ks::service
