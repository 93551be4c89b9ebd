// A case variable as the case page shows it: unit ids by name (with the id when alone, the name
// in a list), everything else as it is.
#include <gtest/gtest.h>

#include "http/casework_view.hpp"

namespace {

using nlohmann::json;

TEST(CaseworkView, AUnitIdIsShownByItsName) {
  const std::map<std::string, std::string> names = {{"region-22", "Region Västernorrland"},
                                                    {"municipality-2281", "Sundsvall"},
                                                    {"municipality-2262", "Timrå"}};
  using ks::http::readable_value;
  EXPECT_EQ(readable_value(json("region-22"), names), "Region Västernorrland (region-22)");
  EXPECT_EQ(readable_value(json::array({"municipality-2281", "municipality-2262", "municipality-9999"}), names),
            "Sundsvall, Timrå, municipality-9999");
  EXPECT_EQ(readable_value(json::array({json{{"principal", "municipality-2281"}, {"responsible", "MAS"}}}), names),
            "principal: Sundsvall (municipality-2281)\nresponsible: MAS");
  EXPECT_EQ(readable_value(json("region-22")), "region-22") << "no names: the id";
  EXPECT_EQ(readable_value(json(true), names), "ja");
  EXPECT_EQ(readable_value(json::array(), names), "–");
}

} // namespace
