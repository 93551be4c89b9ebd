// json_text::append_string writes a string exactly as nlohmann::json::dump() does (issue 8's hand
// written JSON: the audit hash's text and a case's stored state depend on those bytes).
#include <gtest/gtest.h>

#include <algorithm>
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

// members() reads an object's members without building their values (a case's variables).
// append_string skips plain ASCII 8 bytes at a time: every byte it must look at, at every place
// of a word and across words' edges, as dump() writes it.
TEST(JsonText, FindsEveryByteToEscapeWhereverItIsInAWord) {
  const std::string odd[] = {"\"", "\\", "\n", std::string(1, '\0'), "\x1f", "\x7f", "å", "€", "😀", "\xC3", "\xE2\x82",
                             "\xFF"};
  for (std::size_t length = 1; length <= 24; ++length)
    for (std::size_t at = 0; at < length; ++at)
      for (const auto& o : odd) {
        std::string t(length, 'a');
        t.replace(at, 1, o);
        EXPECT_EQ(by_hand(t, json_text::Invalid::replace), by_dump(t)) << "length " << length << ", at " << at;
      }
}

TEST(JsonTextMembers, SplitsAnObjectIntoItsMembersTexts) {
  auto m = json_text::members(R"({"b":[1,{"x":"}],\"{"}],"a\"b\\":"c\u00e5","e":{},"n":null})");
  ASSERT_TRUE(m) << m.error().message;
  ASSERT_EQ(m->size(), 4u);
  EXPECT_EQ((*m)[0].name, "b");
  EXPECT_EQ((*m)[0].text, R"([1,{"x":"}],\"{"}])");
  EXPECT_EQ((*m)[1].name, "a\"b\\");
  EXPECT_EQ((*m)[1].text, R"("c\u00e5")");
  EXPECT_FALSE((*m)[1].canonical); // dump() writes å itself.
  EXPECT_EQ((*m)[2].text, "{}");
  EXPECT_EQ((*m)[3].text, "null");
  EXPECT_TRUE((*m)[0].canonical && (*m)[2].canonical && (*m)[3].canonical);
  EXPECT_TRUE(json_text::members(" { } ")->empty());
  // In one pass, the members of one member's object too.
  std::vector<json_text::Member> inner;
  auto outer = json_text::members(R"({"v":1,"vars":{"a":[ 1 ],"b":"x"},"z":2})", "vars", inner);
  ASSERT_TRUE(outer);
  ASSERT_EQ(outer->size(), 3u);
  EXPECT_EQ((*outer)[1].text, R"({"a":[ 1 ],"b":"x"})");
  EXPECT_FALSE((*outer)[1].canonical);
  ASSERT_EQ(inner.size(), 2u);
  EXPECT_EQ(inner[0].text, "[ 1 ]");
  EXPECT_FALSE(inner[0].canonical);
  EXPECT_EQ(inner[1].text, R"("x")");
  EXPECT_TRUE(inner[1].canonical);
}

// members() accepts exactly the text nlohmann::json accepts, checked on every one-byte change of
// a document that uses all of JSON: each byte replaced by each of a set of telling bytes, and
// each byte removed. A member whose text dump() writes back byte for byte is canonical.
TEST(JsonTextMembers, AcceptsWhatParseAcceptsOnEveryOneByteChange) {
  const std::string doc =
      R"({"s":"a\"\\\/\b\f\n\r\tå\u00e5\ud83d\ude00","n":[0,-1,12,-0.5,1.5e3,2E-2,1e+2],"l":[true,false,null],)"
      R"("o":{"k":{"":[]}},"e":"", "w" : [ 1 , 2 ] })";
  const std::string bytes = std::string("\"\\{}[],: 0-+.eEuatfnl/x\t\x01\x7f\xC3\xA5\xED\xFF", 33);
  auto agree = [](const std::string& text) {
    const bool parsed = json::accept(text) && json::parse(text, nullptr, false).is_object();
    auto m = json_text::members(text);
    EXPECT_EQ(static_cast<bool>(m), parsed) << text;
    if (!m || !parsed) return;
    const json whole = json::parse(text);
    for (std::size_t k = 0; k < m->size(); ++k) {
      const auto& member = (*m)[k];
      const json value = json::parse(member.text);
      const bool repeated = std::any_of(m->begin() + static_cast<std::ptrdiff_t>(k) + 1, m->end(),
                                        [&](const json_text::Member& later) { return later.name == member.name; });
      if (!repeated) { // The last of a name counts.
        EXPECT_EQ(value, whole.at(member.name)) << text;
      }
      if (member.canonical) {
        EXPECT_EQ(value.dump(), member.text) << text;
      }
    }
  };
  agree(doc);
  for (std::size_t i = 0; i < doc.size(); ++i) {
    for (char b : bytes) {
      std::string changed = doc;
      changed[i] = b;
      agree(changed);
    }
    agree(doc.substr(0, i) + doc.substr(i + 1));
  }
}

// Faults are named by byte offset and what was expected there.
TEST(JsonTextMembers, NamesTheByteOfAFault) {
  EXPECT_EQ(json_text::members(R"({"a":[1,2})").error().message, "malformed JSON at byte 9: expected ',' or ']'");
  EXPECT_EQ(json_text::members(R"({"a" 1})").error().message, "malformed JSON at byte 5: expected ':'");
  EXPECT_EQ(json_text::members("[]").error().message, "malformed JSON at byte 0: expected '{'");
  EXPECT_EQ(json_text::members(R"({"a":"x)").error().message,
            "malformed JSON at byte 7 (the end): expected '\"' closing the string");
}

} // namespace
} // namespace ks
