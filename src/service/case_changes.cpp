#include "service/case_changes.hpp"

#include <algorithm>

#include "domain/knowledge_support.hpp"
#include "store/audit_store.hpp"
#include "store/diary_store.hpp"
#include "store/document_store.hpp"
#include "store/history_store.hpp"
#include "store/knowledge_support_store.hpp"
#include "store/notification_store.hpp"
#include "store/task_store.hpp"
#include "store/timer_store.hpp"

namespace ks::service {

namespace {

using nlohmann::json;

std::string param_text(const json& params, const char* key) {
  auto it = params.find(key);
  return it != params.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Numbers compare as numbers ("2" < "11"); letters after ("R1", "D3").
bool step_before(const std::string& a, const std::string& b) {
  auto num = [](const std::string& s) -> long {
    long n = 0;
    std::size_t i = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) n = n * 10 + (s[i] - '0');
    return i == 0 ? 1'000'000 : n;
  };
  return num(a) != num(b) ? num(a) < num(b) : a < b;
}

} // namespace

std::optional<std::string> lpo_variable(const engine::InstanceState& state) {
  const auto* lpo = state.variables.find("lpo");
  if (!lpo || !lpo->is_string()) return std::nullopt;
  return lpo->get<std::string>();
}

std::string phase_of(const engine::ProcessLibrary& lib, const engine::InstanceState& state) {
  if (state.status == engine::CaseStatus::completed) return "completed";
  if (state.status == engine::CaseStatus::terminated) return "terminated";
  std::string lowest;
  auto consider = [&](const std::string& step) {
    if (!step.empty() && (lowest.empty() || step_before(step, lowest))) lowest = step;
  };
  for (const auto& t : state.tasks) consider(t.step);
  if (lowest.empty()) {
    for (const auto& token : state.tokens) {
      for (const auto& scope : state.scopes) {
        if (scope.id != token.scope) continue;
        if (const auto* p = lib.definitions.find(scope.process))
          if (const auto* n = p->find_node(token.element)) consider(n->ks_attr("step"));
      }
    }
  }
  return domain::phase_of_step(lowest);
}

Result<std::vector<std::string>> persist_changes(store::Connection& c, const store::cases::Case& record,
                                                 const engine::ProcessLibrary& lib, engine::Changes& changes,
                                                 const PersistOptions& o) {
  namespace tasks = store::tasks;
  const std::int64_t case_id = record.id;
  std::vector<engine::HistoryEvent> history = std::move(changes.history);
  changes.history.clear(); // Moved from: empty, as a caller that looked would expect.
  const std::string submitted = o.completed_local_task ? std::string(o.submitted) : std::string();

  // Opened first: a task may open and close within one operation.
  KS_TRY(tasks::insert_opened(c, case_id, record.task_blocks, changes.tasks_opened));
  for (const auto& closed : changes.tasks_closed) {
    tasks::Close how;
    how.status = closed.how == engine::TaskEnd::completed ? tasks::kCompleted : tasks::kCancelled;
    if (o.completed_local_task && *o.completed_local_task == closed.id) {
      how.expected_version = o.completed_version;
      how.completed_by = o.actor;
      how.submitted = submitted;
    }
    KS_TRY(tasks::close(c, case_id, closed.id, how, o.now));
  }
  for (const auto& t : changes.timers_set) KS_TRY(store::timers::insert(c, case_id, t));
  for (auto id : changes.timers_cancelled) KS_TRY(store::timers::remove(c, case_id, id));

  std::vector<std::string> numbers;
  std::string diary_number = record.diary_number;
  for (const auto& e : changes.effects) {
    if (e.action == "diary.register") {
      store::diary::NewEntry entry;
      entry.region_id = record.fields.region_id;
      entry.entry_date = format_date(o.now);
      entry.direction =
          domain::parse_diary_direction(param_text(e.params, "direction")).value_or(domain::DiaryDirection::in);
      entry.description = param_text(e.params, "description");
      if (entry.description.empty()) entry.description = e.element;
      entry.counterpart = param_text(e.params, "counterpart");
      if (entry.counterpart.empty()) entry.counterpart = "SKR";
      entry.knowledge_support_id = record.fields.knowledge_support_id;
      entry.case_id = case_id;
      entry.document_id = o.document_id;
      if (!entry.document_id && entry.direction == domain::DiaryDirection::in && diary_number.empty()) {
        // The case's first registration: the knowledge support's newest document arrived with it.
        auto docs = KS_TRY(store::documents::for_knowledge_support(c, record.fields.knowledge_support_id));
        if (!docs.empty()) entry.document_id = docs.back().id;
      }
      entry.created_by = o.actor;
      auto stored = KS_TRY(store::diary::register_entry(c, entry, o.now));
      numbers.push_back(stored.number);
      history.push_back({"diary_registered", e.element, e.step,
                         {{"number", stored.number}, {"direction", domain::to_key(entry.direction)}}});
      if (diary_number.empty() && entry.direction == domain::DiaryDirection::in) {
        diary_number = stored.number;
        KS_TRY(store::cases::set_diary_number(c, case_id, diary_number));
      }
    } else if (e.action == "notify") {
      store::notifications::Notification n;
      n.case_id = case_id;
      n.element = e.element;
      n.step = e.step;
      if (auto to = e.params.find("to"); to != e.params.end() && to->is_object()) {
        n.function = to->value("function", "");
        n.scope_unit = to->value("scope", "");
      }
      n.message = param_text(e.params, "message");
      n.created_at = o.now;
      KS_TRY(store::notifications::insert(c, n));
    }
  }

  // What the task rows just written hold is not stored a second time in the history (issue 8).
  std::vector<store::history::TaskRowFacts> rows;
  rows.reserve(changes.tasks_opened.size() + 1);
  for (const auto& t : changes.tasks_opened) {
    store::history::TaskRowFacts f{t.id, t.function, t.scope_unit, t.due, std::nullopt, std::nullopt};
    if (!t.item.is_null()) f.item = t.item.dump();
    rows.push_back(std::move(f));
  }
  if (o.completed_local_task) {
    auto it = std::find_if(rows.begin(), rows.end(), [&](const auto& f) { return f.local_id == *o.completed_local_task; });
    if (it == rows.end()) it = rows.insert(rows.end(), {*o.completed_local_task, {}, {}, std::nullopt, std::nullopt, std::nullopt});
    it->submitted = submitted;
  }
  store::history::compact_task_events(history, rows);
  KS_TRY(store::history::append(c, case_id, history, o.actor, o.now));
  // An ended case's history is only read from now on: packed into one row (issue 8). Its state,
  // tasks and audit records are archived after the operation's audit record (archive_if_ended).
  if (changes.state.status == engine::CaseStatus::completed || changes.state.status == engine::CaseStatus::terminated)
    KS_TRY(store::history::pack(c, case_id));
  const auto status = engine::to_string(changes.state.status);
  const auto phase = phase_of(lib, changes.state);
  const store::cases::StatusChange change{record.fields.status, status};
  // The state's open tasks listed beside it, so that reading them takes no closed task's row.
  std::vector<std::int64_t> open_ids;
  open_ids.reserve(changes.state.tasks.size());
  for (const auto& t : changes.state.tasks)
    open_ids.push_back(t.id);
  const std::string open = store::cases::open_tasks_text(open_ids);
  // The LPO column lists read (migration 0081), when the operation set the variable to another.
  if (auto lpo = lpo_variable(changes.state); lpo != record.fields.lpo_id)
    KS_TRY(store::cases::set_lpo(c, case_id, lpo));
  if (o.stored_state) {
    KS_TRY(
        store::cases::update_state(c, case_id, record.version, change, phase, *o.stored_state, o.now, open));
  } else {
    KS_TRY(store::cases::update_state(c, case_id, record.version, change, phase,
                                      engine::to_json_text(changes.state), o.now, open));
  }
  return numbers;
}

Result<bool> archive_case(store::Connection& c, std::int64_t case_id) {
  auto archived = KS_TRY(store::archive::read(c, case_id));
  const bool state = KS_TRY(store::cases::pack_state_into(c, case_id, archived));
  const bool tasks = KS_TRY(store::tasks::pack_into(c, case_id, archived));
  const bool audit = KS_TRY(store::audit::pack_into(c, case_id, archived));
  if (!state && !tasks && !audit) return false;
  KS_TRY(store::archive::write(c, case_id, archived));
  return true;
}

Status archive_if_ended(store::Connection& c, std::int64_t case_id, engine::CaseStatus status) {
  if (status != engine::CaseStatus::completed && status != engine::CaseStatus::terminated) return {};
  KS_TRY(archive_case(c, case_id));
  return {};
}

} // namespace ks::service
