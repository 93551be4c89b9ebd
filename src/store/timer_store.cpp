#include "store/timer_store.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace ks::store::timers {

namespace {

constexpr std::string_view kColumns = "id, case_id, local_id, element, due, claimed_by, claimed_until";

TimerRow from_row(const Row& r) {
  TimerRow t;
  t.id = r.integer(0);
  t.case_id = r.integer(1);
  t.local_id = r.integer(2);
  t.element = r.text(3);
  t.due = Instant{r.integer(4)};
  t.claimed_by = r.opt_text(5);
  if (auto u = r.opt_integer(6)) t.claimed_until = Instant{*u};
  return t;
}

} // namespace

Status insert(Connection& c, std::int64_t case_id, const engine::TimerEntry& timer) {
  return c.post("INSERT INTO timers (case_id, local_id, element, due) VALUES (?,?,?,?)", case_id, timer.id,
                timer.element, timer.due.ms);
}

Status remove(Connection& c, std::int64_t case_id, std::int64_t local_id) {
  return c.post("DELETE FROM timers WHERE case_id = ? AND local_id = ?", case_id, local_id);
}

Result<std::vector<TimerRow>> claim_due(Connection& c, std::string_view worker, Instant now, std::int64_t lease_ms,
                                        std::size_t limit) {
  const bool pg = c.backend() == Backend::postgres;
  auto rows = KS_TRY(c.rows(
      fmt::format("UPDATE timers SET claimed_by = ?, claimed_until = ? WHERE id IN (SELECT id FROM timers WHERE due <= ? "
                  "AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY due, id LIMIT ?{}) RETURNING {}",
                  pg ? " FOR UPDATE SKIP LOCKED" : "", kColumns),
      worker, now.ms + lease_ms, now.ms, now.ms, static_cast<std::int64_t>(limit)));
  std::vector<TimerRow> out;
  for (const auto& r : rows) out.push_back(from_row(r));
  std::sort(out.begin(), out.end(), [](const TimerRow& a, const TimerRow& b) {
    return a.due != b.due ? a.due < b.due : a.id < b.id;
  });
  return out;
}

Result<bool> take(Connection& c, std::int64_t timer_id, std::string_view worker) {
  auto n = KS_TRY(c.exec("DELETE FROM timers WHERE id = ? AND claimed_by = ?", timer_id, worker));
  return n == 1;
}

Status release(Connection& c, std::int64_t timer_id, std::string_view worker) {
  KS_TRY(c.exec("UPDATE timers SET claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?", timer_id,
                worker));
  return {};
}

Result<std::vector<TimerRow>> of_case(Connection& c, std::int64_t case_id) {
  auto rows = KS_TRY(c.rows(fmt::format("SELECT {} FROM timers WHERE case_id = ? ORDER BY due, id", kColumns), case_id));
  std::vector<TimerRow> out;
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<std::optional<Instant>> next_due(Connection& c) {
  auto row = KS_TRY(c.row("SELECT MIN(due) FROM timers"));
  if (!row || row->is_null(0)) return std::optional<Instant>();
  return std::optional<Instant>(Instant{row->integer(0)});
}

} // namespace ks::store::timers
