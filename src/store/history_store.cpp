#include "store/history_store.hpp"

namespace ks::store::history {

Status append(Connection& c, std::int64_t case_id, const std::vector<engine::HistoryEvent>& events,
              std::string_view actor, Instant at) {
  if (events.empty()) return {};
  auto row = KS_TRY(c.row("SELECT COALESCE(MAX(seq), 0) FROM case_history WHERE case_id = ?", case_id));
  std::int64_t seq = row ? row->integer(0) : 0;
  for (const auto& e : events)
    KS_TRY(c.exec("INSERT INTO case_history (case_id, seq, at, kind, element, step, actor, data) VALUES (?,?,?,?,?,?,?,?)",
                  case_id, ++seq, at.ms, e.kind, e.element, e.step, actor, e.data.dump()));
  return {};
}

Result<std::vector<Event>> of_case(Connection& c, std::int64_t case_id) {
  auto rows = KS_TRY(c.rows("SELECT seq, at, kind, element, step, actor, data FROM case_history WHERE case_id = ? "
                            "ORDER BY seq",
                            case_id));
  std::vector<Event> out;
  for (const auto& r : rows)
    out.push_back({r.integer(0), Instant{r.integer(1)}, r.text(2), r.text(3), r.text(4), r.text(5), r.text(6)});
  return out;
}

Result<std::int64_t> count(Connection& c, std::int64_t case_id, std::string_view kind) {
  auto row = KS_TRY(c.row("SELECT COUNT(*) FROM case_history WHERE case_id = ? AND kind = ?", case_id, kind));
  return row ? row->integer(0) : 0;
}

} // namespace ks::store::history
