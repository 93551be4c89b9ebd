// The permission model's rules on both backends, on the demo structure: scoped to the unit a
// function belongs to, current functions only, deny by default, read access configurable.
#include "service/permissions.hpp"

#include <gtest/gtest.h>

#include "service/settings.hpp"
#include "support/auth_world.hpp"

namespace ks::service {
namespace {

class Permissions : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_TRUE(world.open()); }

  Result<Grant> check(const std::string& user, Action action, const Scope& scope) {
    const auto a = world.actor(user);
    return world.db->read([&](store::Connection& c) { return authorize(c, a, action, scope); });
  }
  bool allowed(const std::string& user, Action action, const Scope& scope) { return check(user, action, scope).has_value(); }

  test::AuthWorld world;
};

Scope region(std::string id) {
  Scope s;
  s.region_id = std::move(id);
  return s;
}

TEST_F(Permissions, EveryActionHasANameThatParsesBack) {
  for (auto a : all_actions()) EXPECT_EQ(parse_action(to_string(a)), a) << to_string(a);
  EXPECT_FALSE(parse_action("case.delete"));
}

TEST_F(Permissions, AnonymousIsUnauthenticatedForEveryAction) {
  const Actor nobody;
  for (auto a : all_actions()) {
    auto r = world.db->read([&](store::Connection& c) { return authorize(c, nobody, a, region("region-22")); });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::unauthenticated) << to_string(a);
  }
}

TEST_F(Permissions, MunicipalityContactAnswersForOwnMunicipalityOnly) {
  Scope own;
  own.municipality_id = "municipality-2281";
  Scope other;
  other.municipality_id = "municipality-2262";
  auto g = check("kontakt-2281", Action::municipality_answer, own);
  ASSERT_TRUE(g) << g.error().describe();
  EXPECT_EQ(g->describe(), "contact@municipality-2281");
  auto denied = check("kontakt-2281", Action::municipality_answer, other);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::forbidden);
}

TEST_F(Permissions, AnotherMunicipalitysDraftTaskIsRefusedWhateverIdIsSent) {
  // The task's scope comes from the task (object_scope.hpp), so the contact of 2281 holding the id
  // of 2262's answer task still meets 2262's scope.
  Scope task_2262;
  task_2262.function = "contact";
  task_2262.unit_id = "municipality-2262";
  task_2262.municipality_id = "municipality-2262";
  EXPECT_FALSE(allowed("kontakt-2281", Action::task_complete, task_2262));
  EXPECT_TRUE(allowed("kontakt-2262", Action::task_complete, task_2262));
  EXPECT_FALSE(allowed("kontakt-2281", Action::municipality_answer, task_2262));
}

TEST_F(Permissions, RepresentativeTaskScopedToThePrincipal) {
  Scope s;
  s.function = "representative";
  s.unit_id = "municipality-2281";
  auto g = check("ll-2281", Action::task_complete, s);
  ASSERT_TRUE(g) << g.error().describe();
  EXPECT_EQ(g->describe(), "representative@vn-lansledningen");
  EXPECT_FALSE(allowed("ll-2262", Action::task_complete, s));
  Scope p;
  p.principal_id = "municipality-2281";
  EXPECT_TRUE(allowed("ll-2281", Action::principal_decision_record, p));
  EXPECT_FALSE(allowed("ll-2262", Action::principal_decision_record, p));
  EXPECT_FALSE(allowed("kontakt-2281", Action::principal_decision_record, p));
}

TEST_F(Permissions, PastAssignmentsGrantNothing) {
  EXPECT_TRUE(allowed("samordnare", Action::case_manage, region("region-22")));
  EXPECT_FALSE(allowed("samordnare-tidigare", Action::case_manage, region("region-22")));
  Scope lpo;
  lpo.lpo_id = "vn-lpo-psykisk-halsa";
  EXPECT_TRUE(allowed("lpo-ordf", Action::lpo_act, lpo));
  EXPECT_FALSE(allowed("lpo-ordf-tidigare", Action::lpo_act, lpo));
}

TEST_F(Permissions, AssignmentsFollowTheClock) {
  // lag-medlem-1 left the depression LAG on 2024-06-30; on 2024-01-01 they still held it.
  Scope s;
  s.function = "member";
  s.unit_id = "vn-lag-demo-depression";
  EXPECT_FALSE(allowed("lag-medlem-1", Action::task_complete, s));
  world.clock.set(*parse_iso("2024-01-01T10:00Z"));
  EXPECT_TRUE(allowed("lag-medlem-1", Action::task_complete, s));
}

TEST_F(Permissions, CaseReadIsConfigurable) {
  const auto r22 = region("region-22");
  // Default "region": functions in the case's county.
  EXPECT_TRUE(allowed("kontakt-2281", Action::case_read, r22));
  EXPECT_FALSE(allowed("kontakt-2281", Action::case_read, region("region-20")));
  EXPECT_FALSE(allowed("samordnare-tidigare", Action::case_read, r22));
  auto set = [&](const char* v) {
    ASSERT_TRUE(world.db->write([&](store::Connection& c) { return set_setting(c, std::string(kCaseReadSetting), v); }));
  };
  set("signed_in");
  EXPECT_TRUE(allowed("samordnare-tidigare", Action::case_read, region("region-20")));
  set("participants");
  Scope s = r22;
  s.municipality_id = "municipality-2281";
  EXPECT_TRUE(allowed("kontakt-2281", Action::case_read, s));
  EXPECT_FALSE(allowed("kontakt-2262", Action::case_read, s));
  EXPECT_TRUE(allowed("admin", Action::case_read, s));
}

TEST_F(Permissions, AdministratorsManageButDoNotActInCases) {
  for (auto a : {Action::structure_manage, Action::accounts_manage, Action::routines_manage, Action::audit_read})
    EXPECT_TRUE(allowed("admin", a, {})) << to_string(a);
  for (auto a : {Action::structure_manage, Action::accounts_manage, Action::routines_manage, Action::audit_read})
    EXPECT_FALSE(allowed("samordnare", a, {})) << to_string(a);
  EXPECT_FALSE(allowed("admin", Action::case_manage, region("region-22")));
  Scope m;
  m.municipality_id = "municipality-2281";
  EXPECT_FALSE(allowed("admin", Action::municipality_answer, m));
}

TEST_F(Permissions, MissingScopeIsInvalidNotAllowed) {
  auto r = check("samordnare", Action::case_manage, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  auto t = check("kontakt-2281", Action::task_complete, {});
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::invalid_input);
}

TEST_F(Permissions, RouteLevelCheckIsNecessaryNotSufficient) {
  EXPECT_TRUE(may_somewhere(world.actor("kontakt-2281"), Action::municipality_answer));
  EXPECT_FALSE(may_somewhere(world.actor("samordnare"), Action::municipality_answer));
  EXPECT_FALSE(may_somewhere(world.actor("kontakt-2281"), Action::accounts_manage));
  EXPECT_TRUE(may_somewhere(world.actor("admin"), Action::accounts_manage));
  EXPECT_FALSE(may_somewhere(Actor{}, Action::structure_read));
}

} // namespace
} // namespace ks::service
