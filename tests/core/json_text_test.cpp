// json_text::append_string writes a string exactly as nlohmann::json::dump() does (issue 8's hand
// written JSON: the audit hash's text and a case's stored state depend on those bytes).
#include <gtest/gtest.h>

#include <random>

#include <nlohmann/json.hpp>

#include "core/json_text.hpp"

namespace ks {
namespace {

using nlohmann::json;

std::string by_hand(std::string_view s, json_text::Invalid invalid) {
  std::string out = "x";
  json_text::append_string(out, s, invalid);
  return out.substr(1);
}

std::string by_dump(const std::string& s) { return json(s).dump(-1, ' ', false, json::error_handler_t::replace); }

TEST(JsonText, WritesStringsAsDumpDoes) {
  const std::vector<std::string> texts = {
      "", "plain", "Västernorrland åäö ÅÄÖ", "quote \" backslash \\ slash /", std::string("nul \0 x", 7),
      "\b\f\n\r\t\x01\x1f\x7f", "\xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF \xE0\xA0\x80 \xED\x9F\xBF \xEF\xBF\xBF"};
  for (const auto& t : texts) {
    EXPECT_EQ(by_hand(t, json_text::Invalid::replace), by_dump(t));
    EXPECT_EQ(by_hand(t, json_text::Invalid::throw_), json(t).dump());
    EXPECT_TRUE(json_text::well_formed_utf8(t));
  }
}

TEST(JsonText, TextThatIsNotUtf8IsReplacedOrRefusedAsDumpDoes) {
  for (const std::string t : {"\x80", "\xC0\x80", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "ok \xE2\x82",
                              "\xFF\xFE"}) {
    EXPECT_FALSE(json_text::well_formed_utf8(t));
    EXPECT_EQ(by_hand(t, json_text::Invalid::replace), by_dump(t));
    EXPECT_THROW((void)by_hand(t, json_text::Invalid::throw_), json::exception);
  }
}

TEST(JsonText, AgreesWithDumpOnRandomBytes) {
  std::mt19937 random(6);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 5000; ++i) {
    std::string t;
    for (int k = 0; k < i % 24; ++k) t += static_cast<char>(byte(random) % 3 ? 0x20 + byte(random) % 0x60 : byte(random));
    ASSERT_EQ(by_hand(t, json_text::Invalid::replace), by_dump(t)) << "case " << i;
  }
}

} // namespace
} // namespace ks
