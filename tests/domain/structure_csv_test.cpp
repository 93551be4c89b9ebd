#include "domain/structure_csv.hpp"

#include <gtest/gtest.h>

namespace ks::domain {
namespace {

constexpr std::string_view kHeader = "record,id,kind,name,parent,county,code,municipal_participation,status\n";

ExistingStructure regions() {
  ExistingStructure e;
  e.units["region-22"] = {UnitKind::region, std::nullopt};
  e.units["hcr-norra"] = {UnitKind::healthcare_region, std::nullopt};
  return e;
}

TEST(StructureCsv, ParsesEveryRecordKind) {
  const std::string text = std::string("record,id,kind,name,parent,county,code,municipal_participation,purpose,"
                                       "status,unit,related,function,principal,person,valid_from,valid_to\n") +
                           "unit,vn-lpo-x,LPO,\"LPO X, Y\",region-22,22,,ja,Syfte,,,,,,,,\n"
                           "relation,,belongs_to,,,,,,,,region-22,hcr-norra,,,,,\n"
                           "function,,,,,,,,,,vn-lpo-x,,chair,,,,\n"
                           "person,anna,,Anna Demo,,,,,,,,,,,,,\n"
                           "assignment,,,,,,,,,,vn-lpo-x,,chair,,anna,2025-01-01,\n";
  auto b = parse_structure_csv(text, "t.csv");
  ASSERT_TRUE(b) << b.error().describe();
  ASSERT_EQ(b->units.size(), 1u);
  EXPECT_EQ(b->units[0].value.kind, UnitKind::lpo);
  EXPECT_EQ(b->units[0].value.name, "LPO X, Y");
  EXPECT_TRUE(b->units[0].value.municipal_participation);
  EXPECT_EQ(b->units[0].origin.line, 2u);
  EXPECT_EQ(b->relations.size(), 1u);
  EXPECT_EQ(b->functions.size(), 1u);
  ASSERT_EQ(b->people.size(), 1u);
  EXPECT_EQ(b->people[0].value.username, "anna");
  ASSERT_EQ(b->assignments.size(), 1u);
  EXPECT_FALSE(b->assignments[0].value.valid_to);
  EXPECT_TRUE(check_references(*b, regions()));
}

TEST(StructureCsv, ErrorOnLineFiveNamesLineColumnAndValue) {
  const std::string text = std::string(kHeader) +
                           "unit,vn-lpo-a,lpo,LPO A,region-22,22,,no,\n"
                           "unit,vn-lpo-b,lpo,LPO B,region-22,22,,no,\n"
                           "unit,vn-lpo-c,lpo,LPO C,region-22,22,,no,\n"
                           "unit,vn-lpo-d,lpx,LPO D,region-22,22,,no,\n"
                           "unit,vn-lpo-e,lpo,LPO E,region-22,22,,no,\n";
  auto b = parse_structure_csv(text, "import.csv");
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(b.error().field, "import.csv: line 5, column 3 (kind)");
  EXPECT_NE(b.error().message.find("\"lpx\""), std::string::npos) << b.error().message;
}

TEST(StructureCsv, UnknownColumnIsNamed) {
  auto b = parse_structure_csv("record,id,colour\n", "x.csv");
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().field, "x.csv: line 1, column 3");
  EXPECT_NE(b.error().message.find("colour"), std::string::npos);
}

TEST(StructureCsv, RecordColumnIsRequired) {
  EXPECT_FALSE(parse_structure_csv("id,kind\n", ""));
  EXPECT_FALSE(parse_structure_csv("", ""));
}

TEST(StructureCsv, WrongFieldCountIsAnError) {
  auto b = parse_structure_csv(std::string(kHeader) + "unit,vn-lpo-a,lpo\n", "");
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().field.find("line 2"), std::string::npos);
}

TEST(StructureCsv, ColumnThatDoesNotApplyIsAnError) {
  auto b = parse_structure_csv("record,unit,kind,related,name\nrelation,a,member_of,b,Namn\n", "");
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().field, "line 2, column 5 (name)");
}

TEST(StructureCsv, MissingRequiredValue) {
  auto b = parse_structure_csv(std::string(kHeader) + "unit,vn-lpo-a,lpo,,region-22,22,,no,\n", "");
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().field, "line 2, column 4 (name)");
}

TEST(StructureCsv, BadYesNoAndStatus) {
  auto b = parse_structure_csv(std::string(kHeader) + "unit,vn-lpo-a,lpo,A,region-22,22,,kanske,\n", "");
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().field, "line 2, column 8 (municipal_participation)");
  EXPECT_NE(b.error().message.find("kanske"), std::string::npos);
  b = parse_structure_csv(std::string(kHeader) + "unit,vn-lag-a,lag,A,vn-lpo-a,22,,no,sleeping\n", "");
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().field, "line 2, column 9 (status)");
}

TEST(StructureCsv, ValidationErrorsLandOnTheirColumn) {
  auto b = parse_structure_csv(std::string(kHeader) + "unit,municipality-2281,municipality,Sundsvall,,22,2280,,\n",
                               "");
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().field, "line 2, column 7 (code)");
  EXPECT_NE(b.error().message.find("2280"), std::string::npos);
}

TEST(StructureCsv, UnknownFunction) {
  auto b = parse_structure_csv("record,unit,function\nfunction,region-22,king\n", "");
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().field, "line 2, column 3 (function)");
}

TEST(StructureReferences, UnknownParent) {
  auto b = parse_structure_csv(std::string(kHeader) + "unit,vn-lpo-a,lpo,A,region-99,22,,no,\n", "f.csv");
  ASSERT_TRUE(b);
  auto s = check_references(*b, regions());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "f.csv: line 2, column 5 (parent)");
  EXPECT_NE(s.error().message.find("region-99"), std::string::npos);
}

TEST(StructureReferences, ParentMayComeLaterInTheBatch) {
  auto b = parse_structure_csv(std::string(kHeader) + "unit,vn-lpo-a-x,lpo_area,X,vn-lpo-a,22,,no,\n" +
                                   "unit,vn-lpo-a,lpo,A,region-22,22,,no,\n",
                               "");
  ASSERT_TRUE(b);
  EXPECT_TRUE(check_references(*b, regions()));
}

TEST(StructureReferences, WrongParentKindRequiredParentAndCycles) {
  auto b = parse_structure_csv(std::string(kHeader) + "unit,vn-lpo-a-x,lpo_area,X,region-22,22,,no,\n", "");
  ASSERT_TRUE(b);
  EXPECT_EQ(check_references(*b, regions()).error().field, "line 2, column 5 (parent)");

  b = parse_structure_csv(std::string(kHeader) + "unit,vn-lag-a,lag,A,,22,,no,active\n", "");
  ASSERT_TRUE(b);
  EXPECT_EQ(check_references(*b, regions()).error().field, "line 2, column 5 (parent)");

  b = parse_structure_csv(std::string(kHeader) + "unit,c-a,collaboration_body,A,c-b,22,,,\n" +
                              "unit,c-b,collaboration_body,B,c-a,22,,,\n",
                          "");
  ASSERT_TRUE(b);
  auto s = check_references(*b, regions());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("cycle"), std::string::npos);
}

TEST(StructureReferences, DuplicatesInOneImport) {
  auto b = parse_structure_csv(std::string(kHeader) + "unit,vn-lpo-a,lpo,A,region-22,22,,no,\n" +
                                   "unit,vn-lpo-a,lpo,A,region-22,22,,no,\n",
                               "");
  ASSERT_TRUE(b);
  EXPECT_EQ(check_references(*b, regions()).error().field, "line 3, column 2 (id)");
}

TEST(StructureReferences, RelationKindMustFitUnits) {
  auto b = parse_structure_csv("record,unit,kind,related\nrelation,region-22,hosted_by,hcr-norra\n", "");
  ASSERT_TRUE(b);
  auto s = check_references(*b, regions());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "line 2, column 2 (unit)");
}

TEST(StructureReferences, AssignmentNeedsPersonAndPrincipalMustBeAPrincipal) {
  auto b = parse_structure_csv("record,person,function,unit,valid_from\nassignment,nobody,chair,region-22,2025-01-01\n",
                               "");
  ASSERT_TRUE(b);
  EXPECT_EQ(check_references(*b, regions()).error().field, "line 2, column 2 (person)");

  b = parse_structure_csv("record,unit,function,principal\nfunction,region-22,representative,hcr-norra\n", "");
  ASSERT_TRUE(b);
  EXPECT_EQ(check_references(*b, regions()).error().field, "line 2, column 4 (principal)");
}

TEST(StructureCsv, ExportRoundTrips) {
  StructureSnapshot s;
  s.units.push_back({.id = "vn-lag-a", .kind = UnitKind::lag, .name = "LAG \"A\", test", .parent_id = "vn-lpo-a",
                     .county = "22", .municipal_participation = true, .purpose = "Rad 1\nRad 2",
                     .commission = "Uppdrag", .start_date = "2025-01-01", .end_date = std::nullopt,
                     .status = LagStatus::dormant});
  s.relations.push_back({"municipality-2281", RelationKind::member_of, "vn-kfvn"});
  s.functions.push_back({"representative", "vn-lansledningen", "municipality-2281", ""});
  s.people.push_back({"anna", "Anna Demo", "anna", "anna@example.org"});
  s.assignments.push_back({"anna", "chair", "vn-lpo-a", std::nullopt, "2025-01-01", "2025-12-31"});
  const auto text = format_structure_csv(s);
  auto b = parse_structure_csv(text, "export.csv");
  ASSERT_TRUE(b) << b.error().describe();
  ASSERT_EQ(b->units.size(), 1u);
  const auto& u = b->units[0].value;
  EXPECT_EQ(u.name, "LAG \"A\", test");
  EXPECT_EQ(u.purpose, "Rad 1\nRad 2");
  EXPECT_EQ(u.status, LagStatus::dormant);
  EXPECT_EQ(u.start_date, "2025-01-01");
  EXPECT_FALSE(u.end_date);
  EXPECT_EQ(b->functions[0].value.principal_id, "municipality-2281");
  EXPECT_EQ(b->assignments[0].value.valid_to, "2025-12-31");
  EXPECT_EQ(b->people[0].value.email, "anna@example.org");
}

} // namespace
} // namespace ks::domain
