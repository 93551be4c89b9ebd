#include "domain/structure.hpp"

#include <gtest/gtest.h>

namespace ks::domain {
namespace {

Unit lag(LagStatus status) {
  Unit u;
  u.id = "vn-lag-test";
  u.kind = UnitKind::lag;
  u.name = "LAG Test";
  u.parent_id = "vn-lpo-psykisk-halsa";
  u.commission = "Gapanalys.";
  u.start_date = "2023-01-01";
  u.end_date = "2023-12-31";
  u.status = status;
  return u;
}

TEST(UnitKinds, ParseIsCaseInsensitiveAndKeysRoundTrip) {
  EXPECT_EQ(parse_unit_kind("LPO"), UnitKind::lpo);
  EXPECT_EQ(parse_unit_kind("lpo"), UnitKind::lpo);
  EXPECT_EQ(parse_unit_kind("Healthcare_Region"), UnitKind::healthcare_region);
  EXPECT_FALSE(parse_unit_kind("lpx"));
  for (const auto& k : unit_kinds()) EXPECT_EQ(parse_unit_kind(k.key), k.kind);
}

TEST(UnitKinds, PrincipalsAreRegionsAndMunicipalities) {
  for (const auto& k : unit_kinds())
    EXPECT_EQ(is_principal(k.kind), k.kind == UnitKind::region || k.kind == UnitKind::municipality) << k.key;
}

TEST(UnitKinds, CouncilLevelFollowsItsParent) {
  EXPECT_EQ(level_of(UnitKind::council, UnitKind::healthcare_region), Level::healthcare_regional);
  EXPECT_EQ(level_of(UnitKind::council, UnitKind::npo), Level::national);
  EXPECT_EQ(level_of(UnitKind::lpo, UnitKind::region), Level::local);
  EXPECT_EQ(level_of(UnitKind::rpo, std::nullopt), Level::healthcare_regional);
}

TEST(UnitKinds, ParentRules) {
  EXPECT_TRUE(allowed_parent(UnitKind::lpo_area, UnitKind::lpo));
  EXPECT_FALSE(allowed_parent(UnitKind::lpo_area, UnitKind::region));
  EXPECT_TRUE(allowed_parent(UnitKind::lpo, UnitKind::region));
  EXPECT_TRUE(allowed_parent(UnitKind::lag, UnitKind::lpo));
  EXPECT_FALSE(allowed_parent(UnitKind::region, UnitKind::healthcare_region));
  // A region's division sits under the region, and nowhere else.
  EXPECT_EQ(parse_unit_kind("division"), UnitKind::division);
  EXPECT_TRUE(allowed_parent(UnitKind::division, UnitKind::region));
  EXPECT_FALSE(allowed_parent(UnitKind::division, UnitKind::lpo));
  EXPECT_TRUE(requires_parent(UnitKind::lag));
  EXPECT_FALSE(requires_parent(UnitKind::lpo));
}

TEST(Unit, ValidRegionAndMunicipality) {
  Unit r{.id = "region-22", .kind = UnitKind::region, .name = "Region Västernorrland", .county = "22", .code = "22"};
  EXPECT_TRUE(validate(r));
  Unit m{.id = "municipality-2281", .kind = UnitKind::municipality, .name = "Sundsvall", .county = "22",
         .code = "2281"};
  EXPECT_TRUE(validate(m));
}

TEST(Unit, MunicipalityCodeMustMatchIdAndCounty) {
  Unit m{.id = "municipality-2281", .kind = UnitKind::municipality, .name = "Sundsvall", .county = "22",
         .code = "2280"};
  auto s = validate(m);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "code");
  m.code = "2281";
  m.county = "23";
  EXPECT_EQ(validate(m).error().field, "county");
}

TEST(Unit, IdsAreLowerCaseAsciiWithDashes) {
  EXPECT_TRUE(is_valid_id("vn-lpo-psykisk-halsa"));
  EXPECT_FALSE(is_valid_id("vn-lpo-psykisk-hälsa"));
  EXPECT_FALSE(is_valid_id("VN"));
  EXPECT_FALSE(is_valid_id(""));
  EXPECT_FALSE(is_valid_id("-x"));
}

TEST(Unit, OnlyALagHasStatusCommissionAndDates) {
  Unit lpo{.id = "vn-lpo-x", .kind = UnitKind::lpo, .name = "LPO X", .status = LagStatus::active};
  EXPECT_EQ(validate(lpo).error().field, "status");
  lpo.status.reset();
  lpo.commission = "x";
  EXPECT_EQ(validate(lpo).error().field, "commission");
  auto l = lag(LagStatus::active);
  EXPECT_TRUE(validate(l));
  l.status.reset();
  EXPECT_EQ(validate(l).error().field, "status");
}

TEST(Unit, LagEndDateNotBeforeStartDate) {
  auto l = lag(LagStatus::active);
  l.end_date = "2022-12-31";
  EXPECT_EQ(validate(l).error().field, "end_date");
  l.end_date = "2023-02-30";
  EXPECT_EQ(validate(l).error().field, "end_date");
}

TEST(LagStatus, Transitions) {
  EXPECT_TRUE(check_lag_transition(LagStatus::active, LagStatus::dormant));
  EXPECT_TRUE(check_lag_transition(LagStatus::active, LagStatus::closed));
  EXPECT_TRUE(check_lag_transition(LagStatus::dormant, LagStatus::active));
  EXPECT_TRUE(check_lag_transition(LagStatus::dormant, LagStatus::closed));
  EXPECT_EQ(check_lag_transition(LagStatus::closed, LagStatus::active).error().code, ErrorCode::conflict);
  EXPECT_EQ(check_lag_transition(LagStatus::closed, LagStatus::dormant).error().code, ErrorCode::conflict);
  EXPECT_FALSE(check_lag_transition(LagStatus::active, LagStatus::active));
}

TEST(LagStatus, ReactivateDormantWithoutAdditions) {
  auto r = reactivate_lag(lag(LagStatus::dormant), std::nullopt, "2026-03-01");
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->status, LagStatus::active);
  EXPECT_EQ(r->commission, "Gapanalys.");
  EXPECT_FALSE(r->end_date); // It had passed.
}

TEST(LagStatus, ReactivateDormantWithAdditions) {
  auto r = reactivate_lag(lag(LagStatus::dormant), "Komplettera med kommunal sjuksköterska.", "2026-03-01");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->commission, "Gapanalys.\n\nKomplettering 2026-03-01: Komplettera med kommunal sjuksköterska.");
}

TEST(LagStatus, OnlyADormantLagCanBeReactivated) {
  EXPECT_EQ(reactivate_lag(lag(LagStatus::active), std::nullopt, "2026-03-01").error().code, ErrorCode::conflict);
  EXPECT_EQ(reactivate_lag(lag(LagStatus::closed), std::nullopt, "2026-03-01").error().code, ErrorCode::conflict);
  Unit lpo{.id = "vn-lpo-x", .kind = UnitKind::lpo, .name = "LPO X"};
  EXPECT_EQ(reactivate_lag(lpo, std::nullopt, "2026-03-01").error().code, ErrorCode::invalid_input);
}

TEST(Assignment, CurrentOnlyWithinItsPeriod) {
  Assignment a{"p", "chair", "vn-lpo-x", std::nullopt, "2024-01-01", "2024-12-31"};
  EXPECT_EQ(period_of(a, "2023-12-31"), AssignmentPeriod::future);
  EXPECT_TRUE(is_current(a, "2024-01-01"));
  EXPECT_TRUE(is_current(a, "2024-12-31")); // valid_to is inclusive.
  EXPECT_EQ(period_of(a, "2025-01-01"), AssignmentPeriod::past);
  EXPECT_FALSE(is_current(a, "2025-01-01"));
  a.valid_to.reset();
  EXPECT_TRUE(is_current(a, "2099-01-01"));
}

TEST(Assignment, Validation) {
  Assignment a{"p", "chair", "u", std::nullopt, "2024-01-01", std::nullopt};
  EXPECT_TRUE(validate(a));
  a.function = "king";
  EXPECT_EQ(validate(a).error().field, "function");
  a.function = "chair";
  a.valid_to = "2023-01-01";
  EXPECT_EQ(validate(a).error().field, "valid_to");
  a.valid_from = "2024-13-01";
  EXPECT_EQ(validate(a).error().field, "valid_from");
}

TEST(Relation, KindRules) {
  EXPECT_TRUE(check_relation(RelationKind::belongs_to, UnitKind::region, UnitKind::healthcare_region));
  EXPECT_EQ(check_relation(RelationKind::belongs_to, UnitKind::municipality, UnitKind::healthcare_region)
                .error()
                .field,
            "unit");
  EXPECT_TRUE(check_relation(RelationKind::hosted_by, UnitKind::npo, UnitKind::healthcare_region));
  EXPECT_EQ(check_relation(RelationKind::hosted_by, UnitKind::npo, UnitKind::region).error().field, "related");
  EXPECT_TRUE(check_relation(RelationKind::member_of, UnitKind::municipality, UnitKind::association));
  EXPECT_TRUE(check_relation(RelationKind::represented_in, UnitKind::association, UnitKind::nag));
}

TEST(Dates, IsoDates) {
  EXPECT_TRUE(is_iso_date("2024-02-29"));
  EXPECT_FALSE(is_iso_date("2023-02-29"));
  EXPECT_FALSE(is_iso_date("2024-2-29"));
  EXPECT_FALSE(is_iso_date("2024-02-29T00:00"));
}

} // namespace
} // namespace ks::domain

namespace ks::domain {
namespace {
TEST(Search, FoldsSwedishCapitals) {
  EXPECT_EQ(fold_for_search("ÖRNSKÖLDSVIK Ånge ÄLDRES Hälsa"), "örnsköldsvik ånge äldres hälsa");
  EXPECT_EQ(fold_for_search("Région"), "région");
}
} // namespace
} // namespace ks::domain

namespace ks::domain {
namespace {
TEST(Search, SwedishSortOrder) {
  EXPECT_LT(swedish_sort_key("Zinkgruvan"), swedish_sort_key("Ånge"));
  EXPECT_LT(swedish_sort_key("Ånge"), swedish_sort_key("Älvdalen"));
  EXPECT_LT(swedish_sort_key("Älvdalen"), swedish_sort_key("Örnsköldsvik"));
  EXPECT_LT(swedish_sort_key("arjeplog"), swedish_sort_key("Boden"));
}
} // namespace
} // namespace ks::domain
