#include "drive.hpp"

#include <chrono>
#include <thread>

#include "engine/duration.hpp"
#include "service/case_service.hpp"
#include "service/task_service.hpp"
#include "service/timer_worker.hpp"
#include "store/case_store.hpp"
#include "store/task_store.hpp"
#include "store/timer_store.hpp"

namespace ks::bench {

using nlohmann::json;

namespace {

Error at_step(const Error& e, const std::string& what) {
  Error out = e;
  out.message = what + ": " + e.message;
  return out;
}

} // namespace

Driver::Driver(World& world, const json& path, int client)
    : m_world(world), m_path(path), m_worker("bench-worker-" + std::to_string(client)) {}

Status Driver::run_case(std::int64_t knowledge_support_id, ClientTally& tally, std::string_view stop_at) {
  m_clock.set(kCaseStart);
  service::Context ctx{m_world.db(), m_clock, m_world.config()};
  const json& start = m_path.at("start");
  const json& vars = start.at("variables");
  service::StartCase in;
  in.knowledge_support_id = knowledge_support_id;
  in.routine = start.at("process").get<std::string>();
  in.region_id = vars.at("region").get<std::string>();
  in.lpo_id = vars.at("lpo").get<std::string>();
  in.variables = vars;
  auto started = service::start_case(ctx, m_world.coordinator(), in);
  if (!started) return fail(at_step(started.error(), "start_case"));
  ++tally.other_transitions;
  const std::int64_t case_id = started->case_id;
  for (const auto& step : m_path.at("steps")) {
    const std::string kind = step.begin().key();
    const json& body = step.begin().value();
    if (kind == "complete") {
      if (!stop_at.empty() && body.value("step", std::string()) == stop_at) return {};
      KS_TRY(complete(case_id, body, tally));
    } else if (kind == "message") {
      service::CaseMessage m;
      m.case_id = case_id;
      m.name = body.at("name").get<std::string>();
      m.payload = body.value("payload", json::object());
      if (auto r = service::correlate_message(ctx, m_world.coordinator(), m); !r)
        return fail(at_step(r.error(), "message " + m.name));
      ++tally.other_transitions;
    } else if (kind == "advance") {
      KS_TRY(advance(case_id, body.get<std::string>(), tally));
    }
  }
  ++tally.cases;
  return {};
}

Status Driver::complete(std::int64_t case_id, const json& body, ClientTally& tally) {
  service::Context ctx{m_world.db(), m_clock, m_world.config()};
  const std::string step = body.value("step", std::string());
  const std::string scope = body.value("scope", std::string());
  // What a client would have on screen: the case's open tasks (a read, not timed).
  auto open = KS_TRY(m_world.db().read([&](store::Connection& c) { return store::tasks::of_case(c, case_id, true); }));
  if (step == "24" && tally.widest_state.empty() && open.size() >= 8) {
    auto k = KS_TRY(m_world.db().read([&](store::Connection& c) { return store::cases::find(c, case_id); }));
    if (k) tally.widest_state = k->fields.state;
  }
  for (const auto& t : open) {
    if (!step.empty() && t.step != step) continue;
    if (!scope.empty() && t.scope_unit != scope) continue;
    auto actor = KS_TRY(m_world.assignee_of(t.function, t.scope_unit));
    service::CompleteTask in{t.id, t.version, body.value("values", json::object())};
    const auto t0 = std::chrono::steady_clock::now();
    auto done = service::complete_task(ctx, actor, in);
    const auto t1 = std::chrono::steady_clock::now();
    if (!done) {
      if (done.error().code == ErrorCode::conflict) ++tally.conflicts;
      return fail(at_step(done.error(), "complete step " + step + (scope.empty() ? "" : "@" + scope)));
    }
    tally.completion_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    ++tally.completions;
    return {};
  }
  return fail(Error::internal("complete step " + step + ": no such open task on case " + std::to_string(case_id)));
}

Status Driver::advance(std::int64_t case_id, const std::string& duration, ClientTally& tally) {
  auto d = engine::parse_duration(duration);
  if (!d) return fail(d.error());
  // A minute past the timer's due time. Other clients' due timers fire too (any worker may fire
  // any case's timer); this case's timer may already have been fired by another client.
  m_clock.set(Instant{engine::add_duration(m_clock.now(), *d).ms + 60'000});
  service::Context ctx{m_world.db(), m_clock, m_world.config()};
  // Another client's worker may have claimed this case's timer with others (claims are leased,
  // FOR UPDATE SKIP LOCKED on PostgreSQL) and fire it a moment later: wait for it.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < give_up) {
    auto timers = KS_TRY(m_world.db().read([&](store::Connection& c) { return store::timers::of_case(c, case_id); }));
    bool due = false;
    for (const auto& t : timers) due = due || t.due <= m_clock.now();
    if (!due) return {};
    auto run = KS_TRY(service::fire_due_timers(ctx, m_worker));
    tally.other_transitions += static_cast<std::int64_t>(run.fired);
    if (run.fired == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return fail(Error::internal("advance: timers of case " + std::to_string(case_id) + " do not fire"));
}

} // namespace ks::bench
