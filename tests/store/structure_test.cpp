// The structure store on both backends (KS_TEST_DB): the shipped data loads, lists and details
// answer the questions, and a bad import changes nothing.
#include "store/structure_store.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "domain/shipped_structure.hpp"
#include "support/db_support.hpp"

namespace ks::store::structure {
namespace {

using domain::UnitKind;

constexpr Instant kNow{1'767'225'600'000}; // 2026-01-01
constexpr std::string_view kToday = "2026-01-01";

class StructureStore : public ::testing::Test {
protected:
  void SetUp() override {
    db = test::open_test_database();
    ASSERT_TRUE(db);
  }

  ImportReport load_shipped(bool with_demo = true) {
    auto batch = domain::shipped_structure();
    EXPECT_TRUE(batch) << batch.error().describe();
    if (with_demo) batch->append(*domain::shipped_demo());
    auto r = db->write([&](Connection& c) { return import_batch(c, *batch, kNow); });
    EXPECT_TRUE(r) << r.error().describe();
    return r.value_or(ImportReport{});
  }

  Result<ImportReport> import_text(std::string_view csv) {
    auto batch = domain::parse_structure_csv(csv, "import.csv");
    if (!batch) return fail(batch.error());
    return db->write([&](Connection& c) { return import_batch(c, *batch, kNow); });
  }

  std::size_t count(std::string_view table) {
    auto n = db->read([&](Connection& c) -> Result<std::int64_t> {
      auto r = KS_TRY(c.row(std::string("SELECT COUNT(*) FROM ") + std::string(table)));
      return r ? r->integer(0) : 0;
    });
    EXPECT_TRUE(n);
    return static_cast<std::size_t>(n.value_or(-1));
  }

  std::unique_ptr<Database> db;
};

TEST_F(StructureStore, ShippedDataLoadsAndLoadingTwiceChangesNothing) {
  const auto first = load_shipped();
  EXPECT_GT(first.units_added, 200u);
  EXPECT_EQ(first.units_updated, 0u);
  const auto units = count("units");
  const auto second = load_shipped();
  EXPECT_EQ(second.units_added, 0u);
  EXPECT_EQ(second.units_updated, first.units_added);
  EXPECT_EQ(second.relations_added, 0u);
  EXPECT_EQ(second.assignments_added, 0u);
  EXPECT_EQ(count("units"), units);
}

TEST_F(StructureStore, VasternorrlandsSevenMunicipalitiesWithCodes) {
  load_shipped(false);
  auto list = db->read([](Connection& c) {
    return list_units(c, UnitFilter{{UnitKind::municipality}, "22", std::nullopt});
  });
  ASSERT_TRUE(list) << list.error().describe();
  std::vector<std::string> codes;
  for (const auto& u : *list) codes.push_back(u.code.value_or(""));
  EXPECT_EQ(codes, (std::vector<std::string>{"2260", "2262", "2280", "2281", "2282", "2283", "2284"}));
  EXPECT_EQ((*list)[0].name, "Ånge");
}

TEST_F(StructureStore, SixteenLposInRegion22) {
  load_shipped(false);
  auto list = db->read([](Connection& c) { return list_units(c, UnitFilter{{UnitKind::lpo}, "22", std::nullopt}); });
  ASSERT_TRUE(list);
  EXPECT_EQ(list->size(), 16u);
  EXPECT_EQ(std::count_if(list->begin(), list->end(), [](const auto& u) { return u.municipal_participation; }), 5);
}

TEST_F(StructureStore, RegionHallandListsTwoHealthcareRegions) {
  load_shipped(false);
  auto d = db->read([](Connection& c) { return unit_detail(c, "region-13", kToday); });
  ASSERT_TRUE(d && *d);
  std::vector<std::string> hcr;
  for (const auto& r : (*d)->relations)
    if (r.kind == domain::RelationKind::belongs_to && r.outgoing) hcr.push_back(r.other.id);
  std::sort(hcr.begin(), hcr.end());
  EXPECT_EQ(hcr, (std::vector<std::string>{"hcr-sodra", "hcr-vastra"}));
}

TEST_F(StructureStore, UnitDetailHasParentChildrenRelationsAndMembers) {
  load_shipped();
  auto d = db->read([](Connection& c) { return unit_detail(c, "vn-lpo-psykisk-halsa", kToday); });
  ASSERT_TRUE(d && *d) << (d ? "" : d.error().describe());
  const auto& u = **d;
  ASSERT_TRUE(u.parent);
  EXPECT_EQ(u.parent->id, "region-22");
  EXPECT_TRUE(u.unit.municipal_participation);
  // Three sub-areas and the demo LAGs (the dormant one and the demo case's, 2026).
  EXPECT_EQ(u.children.size(), 5u);
  ASSERT_EQ(u.functions.size(), 1u);
  EXPECT_EQ(u.functions[0].function, "chair");
  ASSERT_EQ(u.functions[0].current.size(), 1u);
  EXPECT_EQ(u.functions[0].current[0].username, "lpo-ordf");
  // The former chair is history, not current.
  ASSERT_EQ(u.past.size(), 1u);
  EXPECT_EQ(u.past[0].username, "lpo-ordf-tidigare");
  EXPECT_EQ(u.past[0].valid_to, "2024-12-31");

  auto kfvn = db->read([](Connection& c) { return unit_detail(c, "vn-kfvn", kToday); });
  ASSERT_TRUE(kfvn && *kfvn);
  const auto members = std::count_if((*kfvn)->relations.begin(), (*kfvn)->relations.end(), [](const auto& r) {
    return r.kind == domain::RelationKind::member_of && !r.outgoing;
  });
  EXPECT_EQ(members, 7);
}

TEST_F(StructureStore, RepresentativesPerPrincipalInLansledningen) {
  load_shipped();
  auto h = db->read([](Connection& c) {
    return holders(c, "representative", "vn-lansledningen", kToday, std::string_view("municipality-2281"));
  });
  ASSERT_TRUE(h);
  ASSERT_EQ(h->size(), 1u);
  EXPECT_EQ((*h)[0].username, "ll-2281");
  ASSERT_TRUE((*h)[0].principal);
  EXPECT_EQ((*h)[0].principal->name, "Sundsvall");
  auto all = db->read([](Connection& c) { return holders(c, "representative", "vn-lansledningen", kToday); });
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 8u);
}

TEST_F(StructureStore, AssignmentsOutsideTheirPeriodAreNotCurrentButKept) {
  load_shipped();
  auto now = db->read([](Connection& c) { return holders(c, "coordinator", "region-22", "2026-01-01"); });
  ASSERT_TRUE(now);
  ASSERT_EQ(now->size(), 1u);
  EXPECT_EQ((*now)[0].username, "samordnare");
  auto then = db->read([](Connection& c) { return holders(c, "coordinator", "region-22", "2024-06-01"); });
  ASSERT_TRUE(then);
  ASSERT_EQ(then->size(), 1u);
  EXPECT_EQ((*then)[0].username, "samordnare-tidigare");
  auto before = db->read([](Connection& c) { return holders(c, "coordinator", "region-22", "2020-06-01"); });
  ASSERT_TRUE(before);
  EXPECT_TRUE(before->empty());

  auto p = db->read([](Connection& c) { return person_detail(c, "samordnare-tidigare", kToday); });
  ASSERT_TRUE(p && *p);
  EXPECT_TRUE((*p)->current.empty());
  ASSERT_EQ((*p)->past.size(), 1u);
  EXPECT_EQ((*p)->past[0].unit.id, "region-22");
}

TEST_F(StructureStore, ErrorOnLineFiveImportsNothing) {
  load_shipped(false);
  const auto units_before = count("units");
  const auto people_before = count("people");
  // Lines 2–4 are fine and refer to stored units; line 5 names a parent that does not exist.
  auto r = import_text("record,id,kind,name,parent,county,municipal_participation,status\n"
                       "unit,vn-lag-a,lag,LAG A,vn-lpo-psykisk-halsa,22,yes,active\n"
                       "unit,vn-lag-b,lag,LAG B,vn-lpo-aldres-halsa,22,yes,active\n"
                       "person,test-person,,Test Person (demo),,,,\n"
                       "unit,vn-lag-c,lag,LAG C,vn-lpo-finns-inte,22,yes,active\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(r.error().field, "import.csv: line 5, column 5 (parent)");
  EXPECT_NE(r.error().message.find("vn-lpo-finns-inte"), std::string::npos);
  EXPECT_EQ(count("units"), units_before);
  EXPECT_EQ(count("people"), people_before);
}

TEST_F(StructureStore, UsernameClashRollsBackTheWholeImport) {
  load_shipped();
  const auto units_before = count("units");
  auto r = import_text("record,id,kind,name,parent,county,municipal_participation,status,username\n"
                       "unit,vn-lag-x,lag,LAG X,vn-lpo-psykisk-halsa,22,yes,active,\n"
                       "person,annan,,Annan Person,,,,,samordnare\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "import.csv: line 3, column 9 (username)");
  EXPECT_EQ(count("units"), units_before);
}

TEST_F(StructureStore, ImportUpdatesAndAddsHistory) {
  load_shipped();
  // The demo chair leaves at the end of January; a new chair takes over.
  auto r = import_text("record,id,name,person,function,unit,valid_from,valid_to\n"
                       "person,ny-ordf,Nina Ny (demo),,,,,\n"
                       "assignment,,,lpo-ordf,chair,vn-lpo-psykisk-halsa,2025-01-01,2026-01-31\n"
                       "assignment,,,ny-ordf,chair,vn-lpo-psykisk-halsa,2026-02-01,\n");
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->assignments_updated, 1u);
  EXPECT_EQ(r->assignments_added, 1u);
  auto jan = db->read([](Connection& c) { return holders(c, "chair", "vn-lpo-psykisk-halsa", "2026-01-31"); });
  auto feb = db->read([](Connection& c) { return holders(c, "chair", "vn-lpo-psykisk-halsa", "2026-02-01"); });
  ASSERT_TRUE(jan && feb);
  ASSERT_EQ(jan->size(), 1u);
  EXPECT_EQ((*jan)[0].username, "lpo-ordf");
  ASSERT_EQ(feb->size(), 1u);
  EXPECT_EQ((*feb)[0].username, "ny-ordf");
  auto d = db->read([](Connection& c) { return unit_detail(c, "vn-lpo-psykisk-halsa", "2026-03-01"); });
  ASSERT_TRUE(d && *d);
  EXPECT_EQ((*d)->past.size(), 2u);
}

TEST_F(StructureStore, SearchIsCaseInsensitiveWithSwedishLetters) {
  load_shipped();
  auto s = db->read([](Connection& c) { return search(c, "ÖRNSKÖLDS", 20); });
  ASSERT_TRUE(s);
  ASSERT_EQ(s->units.size(), 1u);
  EXPECT_EQ(s->units[0].id, "municipality-2284");
  s = db->read([](Connection& c) { return search(c, "äldres hälsa", 50); });
  ASSERT_TRUE(s);
  EXPECT_TRUE(std::any_of(s->units.begin(), s->units.end(), [](const auto& u) { return u.id == "vn-lpo-aldres-halsa"; }));
  s = db->read([](Connection& c) { return search(c, "samordnare", 20); });
  ASSERT_TRUE(s);
  EXPECT_TRUE(std::any_of(s->people.begin(), s->people.end(), [](const auto& p) { return p.id == "samordnare"; }));
  s = db->read([](Connection& c) { return search(c, "100%_", 20); });
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->units.empty());
}

TEST_F(StructureStore, SnapshotExportsWhatWasImported) {
  load_shipped();
  auto snap = db->read([](Connection& c) { return snapshot(c); });
  ASSERT_TRUE(snap);
  EXPECT_EQ(snap->units.size(), count("units"));
  EXPECT_EQ(snap->assignments.size(), count("function_assignments"));
  // Re-importing the export into the same database adds nothing.
  auto again = import_text(domain::format_structure_csv(*snap));
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_EQ(again->units_added, 0u);
  EXPECT_EQ(again->relations_added, 0u);
  EXPECT_EQ(again->assignments_added, 0u);
}

TEST_F(StructureStore, LagStatusAndReactivation) {
  load_shipped();
  auto r = db->write([](Connection& c) {
    return reactivate_lag(c, "vn-lag-demo-depression", std::string_view("Lägg till kommunal sjuksköterska."), kToday,
                          kNow);
  });
  ASSERT_TRUE(r) << r.error().describe();
  auto u = db->read([](Connection& c) { return find_unit(c, "vn-lag-demo-depression"); });
  ASSERT_TRUE(u && *u);
  EXPECT_EQ((*u)->status, domain::LagStatus::active);
  EXPECT_NE((*u)->commission.find("Komplettering 2026-01-01"), std::string::npos);
  auto twice = db->write([](Connection& c) {
    return reactivate_lag(c, "vn-lag-demo-depression", std::nullopt, kToday, kNow);
  });
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::conflict);
  EXPECT_TRUE(db->write([](Connection& c) {
    return set_lag_status(c, "vn-lag-demo-depression", domain::LagStatus::closed, kNow);
  }));
  auto reopen = db->write([](Connection& c) {
    return set_lag_status(c, "vn-lag-demo-depression", domain::LagStatus::active, kNow);
  });
  ASSERT_FALSE(reopen);
  EXPECT_EQ(reopen.error().code, ErrorCode::conflict);
}

} // namespace
} // namespace ks::store::structure
