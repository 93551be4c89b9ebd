// The shipped data (data/structure, data/demo) parses, holds together, and has the facts the
// issue promises.
#include "domain/shipped_structure.hpp"

#include <algorithm>

#include <gtest/gtest.h>

namespace ks::domain {
namespace {

std::size_t count_units(const StructureBatch& b, auto pred) {
  return static_cast<std::size_t>(
      std::count_if(b.units.begin(), b.units.end(), [&](const auto& s) { return pred(s.value); }));
}

TEST(ShippedStructure, ParsesAndReferencesHold) {
  auto b = shipped_structure();
  ASSERT_TRUE(b) << b.error().describe();
  EXPECT_TRUE(check_references(*b, {})) << check_references(*b, {}).error().describe();
  auto demo = shipped_demo();
  ASSERT_TRUE(demo) << demo.error().describe();
  auto both = *b;
  both.append(*demo);
  auto s = check_references(both, {});
  EXPECT_TRUE(s) << s.error().describe();
}

TEST(ShippedStructure, RegionsHealthcareRegionsAndHalland) {
  auto b = *shipped_structure();
  EXPECT_EQ(count_units(b, [](const Unit& u) { return u.kind == UnitKind::region; }), 21u);
  EXPECT_EQ(count_units(b, [](const Unit& u) { return u.kind == UnitKind::healthcare_region; }), 6u);
  const auto halland = std::count_if(b.relations.begin(), b.relations.end(), [](const auto& r) {
    return r.value.unit_id == "region-13" && r.value.kind == RelationKind::belongs_to;
  });
  EXPECT_EQ(halland, 2);
}

TEST(ShippedStructure, VasternorrlandHasSevenMunicipalitiesAndSixteenLpos) {
  auto b = *shipped_structure();
  EXPECT_EQ(count_units(b, [](const Unit& u) { return u.kind == UnitKind::municipality && u.county == "22"; }), 7u);
  EXPECT_EQ(count_units(b, [](const Unit& u) { return u.kind == UnitKind::lpo && u.county == "22"; }), 16u);
  // The routine (003_) marks five LPOs with municipal participation: barn och unga, äldres hälsa,
  // psykisk hälsa, primärvård och levnadsvanor (two national areas in one LPO), rehabilitering.
  EXPECT_EQ(count_units(b,
                        [](const Unit& u) {
                          return u.kind == UnitKind::lpo && u.county == "22" && u.municipal_participation;
                        }),
            5u);
  EXPECT_EQ(count_units(b, [](const Unit& u) { return u.kind == UnitKind::lsg && u.county == "22"; }), 6u);
  EXPECT_EQ(count_units(b, [](const Unit& u) { return u.id == "vn-lpo-psykisk-halsa" || u.id == "vn-lpo-aldres-halsa" ||
                                                      u.id == "vn-kfvn" || u.id == "vn-lansledningen"; }),
            4u);
}

TEST(ShippedStructure, TwentySixNposSixWithMunicipalities) {
  auto b = *shipped_structure();
  EXPECT_EQ(count_units(b, [](const Unit& u) { return u.kind == UnitKind::npo; }), 26u);
  EXPECT_EQ(count_units(b, [](const Unit& u) { return u.kind == UnitKind::npo && u.municipal_participation; }), 6u);
  const auto hosted = std::count_if(b.relations.begin(), b.relations.end(), [](const auto& r) {
    return r.value.kind == RelationKind::hosted_by && r.value.related_id == "hcr-stockholm-gotland";
  });
  EXPECT_EQ(hosted, 6);
}

TEST(ShippedStructure, DemoHasTheRoutinesPeople) {
  auto d = *shipped_demo();
  for (const auto* id : {"samordnare", "lpo-ordf", "kfvn", "kontakt-2281", "samverkanskoordinator", "kfvn-chef",
                         "omradesdirektor", "ll-region-22", "ll-2281"})
    EXPECT_TRUE(std::any_of(d.people.begin(), d.people.end(), [&](const auto& p) { return p.value.username == id; }))
        << id;
}

} // namespace
} // namespace ks::domain
