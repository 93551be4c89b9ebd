// The process map's text version: lanes with colours and steps with their lane, read from the
// shipped Västernorrland routine; states for a case.
#include <gtest/gtest.h>

#include "engine/library.hpp"
#include "web/process_map.hpp"

namespace {

using namespace ks;

TEST(ProcessMap, ReadsLanesAndStepsOfTheShippedRoutine) {
  auto lib = engine::load_shipped_library();
  ASSERT_TRUE(lib.has_value());
  auto xml = lib->process_xml("vasternorrland");
  ASSERT_TRUE(xml.has_value());
  auto map = web::read_process_map(*xml, "vasternorrland");
  ASSERT_TRUE(map.has_value()) << map.error().describe();
  ASSERT_EQ(map->lanes.size(), 5u);
  EXPECT_EQ(map->lanes[0].color, "region");
  EXPECT_EQ(map->lanes[2].color, "municipality");
  EXPECT_EQ(map->lanes[1].color, "joint");
  const web::MapStep* answer = nullptr;
  for (const auto& s : map->steps)
    if (s.element_id == "municipality_answer") answer = &s;
  ASSERT_NE(answer, nullptr);
  EXPECT_EQ(answer->step, "5");
  EXPECT_EQ(answer->lane_id, "Lane_municipalities");
  EXPECT_TRUE(answer->per_item);
  EXPECT_EQ(answer->assignee, "contact@municipality");

  auto ctx = web::process_map_context(*map, "sv", "/x.bpmn", {{"assess_concern", "active"}, {"forward_remiss", "done"}});
  EXPECT_EQ(ctx["active"], "assess_concern");
  EXPECT_EQ(ctx["done"], "forward_remiss");
  bool found = false;
  for (const auto& s : ctx["steps"])
    if (s["element_id"] == "assess_concern") {
      found = true;
      EXPECT_EQ(s["state_label"], "Pågår");
      EXPECT_EQ(s["deadline"], "10 dagar");
      EXPECT_EQ(s["lane_color"], "joint");
    }
  EXPECT_TRUE(found);
}

TEST(ProcessMap, UnknownProcessAndBadXml) {
  EXPECT_EQ(web::read_process_map("<a/>", "x").error().code, ErrorCode::not_found);
  EXPECT_EQ(web::read_process_map("<a", "x").error().code, ErrorCode::invalid_input);
}

} // namespace
