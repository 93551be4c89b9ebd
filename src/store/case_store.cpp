#include "store/case_store.hpp"

#include <charconv>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "store/case_archive.hpp"
#include "store/compressed_text.hpp"

namespace ks::store::cases {

namespace {

constexpr std::string_view kSummaryColumns =
    "id, knowledge_support_id, region_id, routine, definition_id, status, current_phase, started_by, diary_number, "
    "version, started_at, updated_at, ended_at, lpo_id, task_blocks";

Case from_row(const Row& r, bool with_state) {
  Case k;
  k.id = r.integer(0);
  k.fields.knowledge_support_id = r.integer(1);
  k.fields.region_id = r.text(2);
  k.fields.routine = r.text(3);
  k.fields.definition_id = r.integer(4);
  k.fields.status = r.text(5);
  k.fields.current_phase = r.text(6);
  k.fields.started_by = r.text(7);
  k.diary_number = r.text(8);
  k.version = r.integer(9);
  k.started_at = Instant{r.integer(10)};
  k.updated_at = Instant{r.integer(11)};
  if (auto e = r.opt_integer(12)) k.ended_at = Instant{*e};
  if (!r.is_null(13)) k.fields.lpo_id = r.text(13);
  k.task_blocks = r.opt_text(14);
  if (with_state) k.fields.state = r.text(15);
  return k;
}

// The state as text: the column's, decompressed, or an ended case's archived one (the column is
// then empty).
Result<std::string> expanded(Connection& c, std::int64_t id, std::string stored) {
  if (stored.empty()) {
    auto archived = KS_TRY(archive::read(c, id));
    return archived.state ? std::move(*archived.state) : std::string();
  }
  auto state = compressed::expand(std::move(stored));
  if (!state) return fail(Error::internal("case " + std::to_string(id) + ": state: " + state.error().message));
  return std::move(*state);
}

Result<std::optional<Case>> select_one(Connection& c, std::int64_t id, bool for_update, bool with_state) {
  const bool lock = for_update && c.backend() == Backend::postgres;
  auto row = KS_TRY(c.row(fmt::format("SELECT {}{} FROM cases WHERE id = ?{}", kSummaryColumns,
                                      with_state ? ", state" : "", lock ? " FOR UPDATE" : ""),
                          id));
  if (!row) return std::optional<Case>();
  Case k = from_row(*row, with_state);
  if (with_state) k.fields.state = KS_TRY(expanded(c, id, std::move(k.fields.state)));
  return std::optional<Case>(std::move(k));
}

} // namespace

StoredState stored_state(Backend backend, std::string_view state) {
  return {compressed::stored_value(backend, state, compressed::Use::rewritten)};
}

Result<std::int64_t> insert(Connection& c, const NewCase& in, Instant now) {
  return c.insert("INSERT INTO cases (knowledge_support_id, region_id, routine, definition_id, status, current_phase, "
                  "state, version, started_by, started_at, updated_at, lpo_id) VALUES (?,?,?,?,?,?,?,1,?,?,?,?) RETURNING id",
                  in.knowledge_support_id, in.region_id, in.routine, in.definition_id, in.status, in.current_phase,
                  stored_state(c.backend(), in.state).value, in.started_by, now.ms, now.ms, in.lpo_id);
}

Result<std::optional<Case>> find(Connection& c, std::int64_t id) { return select_one(c, id, false, true); }
Result<std::optional<Case>> lock(Connection& c, std::int64_t id) { return select_one(c, id, true, true); }
Result<std::optional<Case>> find_summary(Connection& c, std::int64_t id) { return select_one(c, id, false, false); }
Result<std::optional<Case>> lock_summary(Connection& c, std::int64_t id) { return select_one(c, id, true, false); }

Result<std::string> state_text(Connection& c, std::int64_t id) {
  auto row = KS_TRY(c.row("SELECT state FROM cases WHERE id = ?", id));
  if (!row) return fail(Error::not_found("ärende " + std::to_string(id) + " finns inte"));
  return expanded(c, id, row->text(0));
}

Result<bool> pack_state_into(Connection& c, std::int64_t id, archive::Archive& archived) {
  auto row = KS_TRY(c.row("SELECT state FROM cases WHERE id = ?", id));
  if (!row || row->text(0).empty()) return false;
  archived.state = KS_TRY(expanded(c, id, row->text(0)));
  KS_TRY(c.post("UPDATE cases SET state = '' WHERE id = ?", id));
  return true;
}

std::string open_tasks_text(std::span<const std::int64_t> local_ids) {
  return fmt::format("{}", fmt::join(local_ids, " "));
}

std::optional<std::vector<std::int64_t>> open_tasks_of_text(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  std::vector<std::int64_t> ids;
  const char* p = text->data();
  const char* const end = p + text->size();
  while (p != end) {
    if (!ids.empty() && *p++ != ' ') return std::nullopt;
    std::int64_t id = 0;
    auto [next, ec] = std::from_chars(p, end, id);
    if (ec != std::errc() || next == p || id <= 0) return std::nullopt;
    ids.push_back(id);
    p = next;
  }
  return ids;
}

Status update_state(Connection& c, std::int64_t id, std::int64_t expected_version, const StatusChange& status,
                    std::string_view current_phase, std::string_view state, Instant now,
                    std::optional<std::string_view> open_tasks) {
  return update_state(c, id, expected_version, status, current_phase, stored_state(c.backend(), state), now,
                      open_tasks);
}

Status update_state(Connection& c, std::int64_t id, std::int64_t expected_version, const StatusChange& status,
                    std::string_view current_phase, const StoredState& state, Instant now,
                    std::optional<std::string_view> open_tasks) {
  std::optional<std::int64_t> ended;
  if (status.now != "running") ended = now.ms;
  Error changed = Error::conflict("ärendet har ändrats av någon annan; ladda om och försök igen");
  // Assigning status, even its own value, rewrites the row's entry in cases_region_status_started
  // (SQLite updates every index on an assigned column): a page more on every completion. The
  // version check makes `before` the status the row has.
  if (status.now == status.before)
    return c.post_expecting(
        {1, std::move(changed)},
        "UPDATE cases SET current_phase = ?, state = ?, open_tasks = ?, version = version + 1, "
        "updated_at = ?, ended_at = COALESCE(ended_at, ?) WHERE id = ? AND version = ?",
        current_phase, state.value, open_tasks, now.ms, ended, id, expected_version);
  return c.post_expecting({1, std::move(changed)},
                          "UPDATE cases SET status = ?, current_phase = ?, state = ?, open_tasks = ?, "
                          "version = version + 1, updated_at = ?, ended_at = COALESCE(ended_at, ?) "
                          "WHERE id = ? AND version = ?",
                          status.now, current_phase, state.value, open_tasks, now.ms, ended, id,
                          expected_version);
}

Status set_diary_number(Connection& c, std::int64_t id, std::string_view number) {
  KS_TRY(c.exec("UPDATE cases SET diary_number = ? WHERE id = ?", number, id));
  return {};
}

Status set_lpo(Connection& c, std::int64_t id, const std::optional<std::string>& lpo_id) {
  KS_TRY(c.exec("UPDATE cases SET lpo_id = ? WHERE id = ?", lpo_id, id));
  return {};
}

std::optional<std::string> lpo_of_state(std::string_view state) {
  auto json = nlohmann::json::parse(state, nullptr, false);
  if (!json.is_object()) return std::nullopt;
  auto vars = json.find("vars");
  if (vars == json.end() || !vars->is_object()) return std::nullopt;
  auto lpo = vars->find("lpo");
  if (lpo == vars->end() || !lpo->is_string()) return std::nullopt;
  return lpo->get<std::string>();
}

std::optional<std::int64_t> next_task_of_state(std::string_view state) {
  auto json = nlohmann::json::parse(state, nullptr, false);
  if (!json.is_object()) return std::nullopt;
  auto next = json.find("next_task");
  if (next == json.end() || !next->is_number_integer()) return std::nullopt;
  return next->get<std::int64_t>();
}

Result<std::int64_t> fill_lpo_ids(Connection& c) {
  // A thousand cases at a time, by id, so that a national database's states are not all held.
  constexpr std::int64_t kBatch = 1000;
  std::int64_t after = 0, with_lpo = 0;
  for (;;) {
    auto rows = KS_TRY(c.rows("SELECT id, state FROM cases WHERE id > ? ORDER BY id LIMIT ?", after, kBatch));
    for (const auto& r : rows) {
      after = r.integer(0);
      const auto lpo = lpo_of_state(KS_TRY(expanded(c, after, r.text(1))));
      if (!lpo) continue;
      KS_TRY(set_lpo(c, after, lpo));
      ++with_lpo;
    }
    if (static_cast<std::int64_t>(rows.size()) < kBatch) return with_lpo;
  }
}

namespace {

// The WHERE clause of a filter (its limit and offset aside), with its parameters.
std::string where_of(const Filter& f, std::vector<Value>& params) {
  std::string where = "1=1";
  auto add = [&](std::string_view column, const auto& value) {
    if (!value) return;
    where += fmt::format(" AND {} = ?", column);
    params.emplace_back(*value);
  };
  add("region_id", f.region_id);
  add("status", f.status);
  add("routine", f.routine);
  add("current_phase", f.phase);
  add("knowledge_support_id", f.knowledge_support_id);
  if (!f.region_ids.empty()) {
    where += " AND region_id IN (";
    for (std::size_t i = 0; i < f.region_ids.size(); ++i) {
      where += i ? ",?" : "?";
      params.emplace_back(f.region_ids[i]);
    }
    where += ")";
  }
  if (!f.participant_units.empty()) {
    std::string in = "(";
    for (std::size_t i = 0; i < f.participant_units.size(); ++i) in += i ? ",?" : "?";
    in += ")";
    where += fmt::format(" AND (region_id IN {0} OR lpo_id IN {0})", in);
    for (int twice = 0; twice < 2; ++twice)
      for (const auto& unit : f.participant_units) params.emplace_back(unit);
  }
  return where;
}

} // namespace

Result<std::vector<Case>> list(Connection& c, const Filter& f) {
  std::vector<Value> params;
  const std::string where = where_of(f, params);
  params.emplace_back(static_cast<std::int64_t>(f.limit));
  params.emplace_back(static_cast<std::int64_t>(f.offset));
  auto rows = KS_TRY(c.query(
      fmt::format("SELECT {} FROM cases WHERE {} ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?", kSummaryColumns,
                  where),
      params));
  std::vector<Case> out;
  for (const auto& r : rows) out.push_back(from_row(r, false));
  return out;
}

Result<std::vector<RegionCount>> count_by_region(Connection& c, const Filter& f) {
  std::vector<Value> params;
  const std::string where = where_of(f, params);
  auto rows = KS_TRY(
      c.query(fmt::format("SELECT region_id, COUNT(*) FROM cases WHERE {} GROUP BY region_id ORDER BY region_id", where),
              params));
  std::vector<RegionCount> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(RegionCount{r.text(0), r.integer(1)});
  return out;
}

Result<std::int64_t> count(Connection& c, const Filter& f) {
  std::vector<Value> params;
  const std::string where = where_of(f, params);
  auto rows = KS_TRY(c.query(fmt::format("SELECT COUNT(*) FROM cases WHERE {}", where), params));
  return rows.empty() ? 0 : rows.front().integer(0);
}

} // namespace ks::store::cases
