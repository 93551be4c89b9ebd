#include "world.hpp"

#include <unistd.h>

#include <filesystem>

#include "service/knowledge_support_service.hpp"
#include "service/process_registry.hpp"
#include "service/structure_service.hpp"
#include "service/task_assignment.hpp"
#include "store/migrate.hpp"
#include "store/structure_store.hpp"

namespace ks::bench {

namespace st = store::structure;

Result<std::unique_ptr<World>> World::create(const WorldOptions& options) {
  auto w = std::make_unique<World>();
  store::DatabaseOptions o;
  o.url = options.url;
  o.pool_size = options.pool_size;
  o.group_commit = options.group_commit;
  if (o.url.starts_with("sqlite:")) {
    const std::string path = o.url.substr(7);
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ec);
  } else {
    w->m_schema = "bench_" + std::to_string(getpid()) + "_" + std::to_string(SystemClock().now().ms % 1'000'000'000);
    o.pg_schema = w->m_schema;
  }
  w->m_db = KS_TRY(store::Database::open(o));
  KS_TRY(store::migrate(*w->m_db, w->m_clock));
  KS_TRY(service::ensure_shipped_structure(*w->m_db, w->m_clock, service::WithDemo::yes));
  KS_TRY(service::deploy_shipped_processes(*w->m_db, w->m_clock));
  return w;
}

Result<service::Actor> World::actor(const std::string& username) {
  service::Actor a;
  KS_TRY(m_db->read([&](store::Connection& c) -> Status {
    auto person = KS_TRY(st::find_person_by_username(c, username));
    if (!person) return fail(Error::not_found("no person " + username));
    auto detail = KS_TRY(st::person_detail(c, person->id, format_date(m_clock.now())));
    a.account_id = 1;
    a.person_id = person->id;
    a.username = username;
    a.display_name = person->name;
    a.today = format_date(m_clock.now());
    if (detail) a.functions = detail->current;
    return {};
  }));
  return a;
}

service::Actor World::holder_of(const std::string& function, const std::string& unit_id) {
  service::Actor a;
  a.account_id = 2;
  a.person_id = "bench-" + function + "-" + unit_id;
  a.username = a.person_id;
  a.display_name = a.person_id;
  a.today = format_date(m_clock.now());
  st::Holding h;
  h.function = function;
  h.unit.id = unit_id;
  h.person_id = a.person_id;
  h.username = a.username;
  h.valid_from = "2020-01-01";
  a.functions.push_back(h);
  return a;
}

service::Actor World::coordinator() {
  auto a = assignee_of("coordinator", "region-22");
  return a ? *a : holder_of("coordinator", "region-22");
}

Result<service::Actor> World::assignee_of(const std::string& function, const std::string& scope_unit) {
  const std::string key = function + "@" + scope_unit;
  {
    std::lock_guard lock(m_mutex);
    if (auto it = m_actors.find(key); it != m_actors.end()) return it->second;
  }
  auto people = KS_TRY(m_db->read([&](store::Connection& c) {
    return service::assignees(c, function, scope_unit, format_date(m_clock.now()));
  }));
  service::Actor a = people.empty() ? holder_of(function, scope_unit) : KS_TRY(actor(people.front().username));
  std::lock_guard lock(m_mutex);
  return m_actors.emplace(key, std::move(a)).first->second;
}

Result<std::int64_t> World::add_knowledge_support(int n) {
  service::RegisterKnowledgeSupport in;
  in.fields.title = "Vårdförlopp depression och ångestsyndrom " + std::to_string(n);
  in.fields.kind = domain::KnowledgeSupportKind::care_pathway;
  in.fields.national_status = domain::NationalStatus::on_consultation;
  in.fields.consultation_from = "2026-01-01";
  in.fields.consultation_to = "2026-03-31";
  in.fields.summary = "Nationellt personcentrerat och sammanhållet vårdförlopp.";
  service::Context ctx{*m_db, m_clock, m_config};
  return KS_TRY(service::register_knowledge_support(ctx, coordinator(), in)).id;
}

Result<std::map<std::string, std::int64_t>> World::stored_bytes() {
  auto conn = KS_TRY(m_db->acquire());
  std::map<std::string, std::int64_t> bytes;
  if (conn->backend() == store::Backend::sqlite) {
    KS_TRY(conn->execute_script("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;"));
    // dbstat names tables and indexes; an index counts with its table.
    auto rows = KS_TRY(conn->rows("SELECT coalesce(s.tbl_name, d.name), sum(d.pgsize) FROM dbstat d "
                                  "LEFT JOIN sqlite_schema s ON s.name = d.name GROUP BY 1"));
    for (const auto& r : rows) bytes[r.text(0)] += r.integer(1);
    return bytes;
  }
  auto tables = KS_TRY(conn->rows("SELECT tablename FROM pg_tables WHERE schemaname = ?", m_schema));
  for (const auto& t : tables) {
    const std::string name = "\"" + m_schema + "\".\"" + t.text(0) + "\"";
    KS_TRY(conn->execute_script("VACUUM FULL " + name));
    auto r = KS_TRY(conn->row("SELECT pg_total_relation_size(?::regclass)", name));
    if (r) bytes[t.text(0)] = r->integer(0);
  }
  return bytes;
}

} // namespace ks::bench
