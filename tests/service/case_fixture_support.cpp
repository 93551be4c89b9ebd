#include "case_fixture.hpp"

#include "service/knowledge_support_service.hpp"
#include "service/process_registry.hpp"
#include "service/structure_service.hpp"
#include "service/task_assignment.hpp"
#include "store/structure_store.hpp"
#include "support/db_support.hpp"

namespace ks::test {

namespace st = store::structure;

void CaseFixture::SetUp() {
  db = open_test_database();
  ASSERT_TRUE(db);
  clock = std::make_unique<ManualClock>(kCaseStart);
  ctx = std::make_unique<service::Context>(service::Context{*db, *clock, config});
  auto loaded = service::ensure_shipped_structure(*db, *clock, service::WithDemo::yes);
  ASSERT_TRUE(loaded) << loaded.error().describe();
  auto deployed = service::deploy_shipped_processes(*db, *clock);
  ASSERT_TRUE(deployed) << deployed.error().describe();
}

service::Actor CaseFixture::actor(const std::string& username) {
  service::Actor a;
  auto r = db->read([&](store::Connection& c) -> Status {
    auto person = KS_TRY(st::find_person_by_username(c, username));
    if (!person) return fail(Error::not_found("no person " + username));
    auto detail = KS_TRY(st::person_detail(c, person->id, format_date(clock->now())));
    a.account_id = 1;
    a.person_id = person->id;
    a.username = username;
    a.display_name = person->name;
    a.today = format_date(clock->now());
    if (detail) a.functions = detail->current;
    return {};
  });
  EXPECT_TRUE(r) << r.error().describe();
  return a;
}

service::Actor CaseFixture::holder_of(const std::string& function, const std::string& unit_id,
                                      const std::string& principal_id) {
  service::Actor a;
  a.account_id = 2;
  a.person_id = "test-" + function + "-" + unit_id;
  a.username = a.person_id;
  a.display_name = a.person_id;
  a.today = format_date(clock->now());
  st::Holding h;
  h.function = function;
  h.unit.id = unit_id;
  h.person_id = a.person_id;
  h.username = a.username;
  h.valid_from = "2020-01-01";
  if (!principal_id.empty()) {
    st::UnitRef p;
    p.id = principal_id;
    h.principal = p;
  }
  a.functions.push_back(h);
  return a;
}

service::Actor CaseFixture::assignee_of(const std::string& function, const std::string& scope_unit) {
  auto people = db->read([&](store::Connection& c) {
    return service::assignees(c, function, scope_unit, format_date(clock->now()));
  });
  EXPECT_TRUE(people) << people.error().describe();
  if (people && !people->empty()) return actor(people->front().username);
  return holder_of(function, scope_unit);
}

std::int64_t CaseFixture::add_knowledge_support(const std::string& title) {
  service::RegisterKnowledgeSupport in;
  in.fields.title = title;
  in.fields.kind = domain::KnowledgeSupportKind::care_pathway;
  in.fields.national_status = domain::NationalStatus::on_consultation;
  in.fields.consultation_from = "2026-01-01";
  in.fields.consultation_to = "2026-03-31";
  in.fields.summary = "Nationellt personcentrerat och sammanhållet vårdförlopp.";
  auto r = service::register_knowledge_support(*ctx, actor("samordnare"), in);
  EXPECT_TRUE(r) << r.error().describe();
  return r ? r->id : 0;
}

} // namespace ks::test
