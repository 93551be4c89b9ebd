// engine::Variables: a case's variables as their stored text, each parsed when read (decision
// 0017). The state's text is covered by state_text_test.cpp; these hold the container's own
// promises.
#include <vector>

#include <gtest/gtest.h>

#include "engine/runtime/variables.hpp"

namespace ks::engine {
namespace {

using nlohmann::json;

Variables read(std::string_view text) {
  auto v = Variables::from_text(text);
  EXPECT_TRUE(v) << (v ? "" : v.error().message);
  return v ? std::move(*v) : Variables();
}

std::string text_of(const Variables& v) {
  std::string out;
  v.append_text(out);
  return out;
}

TEST(Variables, FindsSetsAndErasesByName) {
  auto v = read(R"({"b":[1,2],"a":"x","c":{"d":null}})");
  EXPECT_EQ(v.size(), 3u);
  EXPECT_TRUE(v.contains("a"));
  EXPECT_FALSE(v.contains("ab"));
  EXPECT_EQ(v.find("zz"), nullptr);
  ASSERT_NE(v.find("b"), nullptr);
  EXPECT_EQ(*v.find("b"), json::array({1, 2}));
  EXPECT_EQ(text_of(v), R"({"a":"x","b":[1,2],"c":{"d":null}})"); // Sorted, as dump() writes.
  v.set("aa", true);
  EXPECT_TRUE(v.erase("a"));
  EXPECT_FALSE(v.erase("a"));
  EXPECT_EQ(v.size(), 3u);
  EXPECT_EQ(text_of(v), R"({"aa":true,"b":[1,2],"c":{"d":null}})");
  v.set("a", "back");
  EXPECT_EQ(*v.find("a"), "back");
  EXPECT_EQ(v.to_json(), json::parse(R"({"a":"back","aa":true,"b":[1,2],"c":{"d":null}})"));
}

// A reference from write() stays good while other variables are added (the interpreter appends
// to a multi-instance output collection in place).
TEST(Variables, AWrittenValueStaysPutWhileOthersAreAdded) {
  Variables v;
  json& list = v.write("answers");
  for (int i = 0; i < 200; ++i) v.set("v" + std::to_string(i), i);
  list.push_back("first");
  EXPECT_EQ(*v.find("answers"), json::array({"first"}));
  EXPECT_EQ(v.size(), 201u);
}

// push_back() on a variable not read gives the text that write() and push_back() on its value
// would, byte for byte, for collections of every kind of entry; read first, or not an array, or
// not set, it works on the value. Twice in a row, on the text both times.
TEST(Variables, PushBackOnTheTextWritesWhatTheValueWould) {
  const std::vector<json> items = {
      json::object(), json(7), json(-2.5), json("ö \"q\" \n 😀"), json(nullptr),
      json::parse(R"({"municipality":"municipality-2260","views":"Inga invändningar.","n":[1,{"a":true}]})"),
      json::array({1, "two", json::array()})};
  for (std::size_t start = 0; start <= items.size(); ++start) {
    json list = json::array();
    for (std::size_t k = 0; k < start; ++k) list.push_back(items[k]);
    for (const auto& item : items) {
      json object = {{"a", 1}, {"answers", list}, {"z", "x"}};
      auto v = read(object.dump());
      v.push_back("answers", item);
      v.push_back("answers", item);
      object["answers"].push_back(item);
      object["answers"].push_back(item);
      EXPECT_EQ(text_of(v), object.dump()) << list.dump();
      ASSERT_NE(v.find("answers"), nullptr);
      EXPECT_EQ(*v.find("answers"), object["answers"]);
      Variables copy = v; // Copied with the text the entry no longer points to.
      v.settle();
      EXPECT_EQ(text_of(v), object.dump());
      copy.settle();
      EXPECT_EQ(text_of(copy), object.dump());
    }
  }
  // Read before: on the value.
  auto read_first = read(R"({"answers":[1]})");
  ASSERT_NE(read_first.find("answers"), nullptr);
  read_first.push_back("answers", 2);
  read_first.settle();
  EXPECT_EQ(text_of(read_first), R"({"answers":[1,2]})");
  // Not an array, or not set: an array of the item alone.
  auto other = read(R"({"answers":5,"b":"[x]"})");
  other.push_back("answers", "a");
  other.push_back("c", json::object({{"k", 1}}));
  other.settle();
  EXPECT_EQ(text_of(other), R"({"answers":["a"],"b":"[x]","c":[{"k":1}]})");
}

// settle() writes changed values back, drops what was parsed and what was erased, and the text is
// the same before and after.
TEST(Variables, SettleKeepsTheTextAndFreesTheRest) {
  std::string big = R"({"keep":")" + std::string(5000, 'k') + R"(","drop":")" + std::string(5000, 'd') + R"("})";
  auto v = read(big);
  const std::size_t as_read = v.heap_bytes();
  (void)v.find("keep");
  v.write("n") = 1;
  EXPECT_GT(v.heap_bytes(), as_read); // A parsed copy and a new value.
  EXPECT_TRUE(v.erase("drop"));
  const std::string before = text_of(v);
  v.settle();
  EXPECT_EQ(text_of(v), before);
  EXPECT_LT(v.heap_bytes(), as_read); // Neither the parsed copy nor the erased text stays.
  EXPECT_EQ(*v.find("n"), 1);
  EXPECT_EQ(v.find("keep")->get<std::string>().size(), 5000u);
}

// A copy owns its parsed values: changing one leaves the other as it was.
TEST(Variables, CopiesAreIndependent) {
  auto a = read(R"({"list":[1]})");
  a.write("list").push_back(2);
  Variables b = a;
  b.write("list").push_back(3);
  b.set("new", 1);
  EXPECT_EQ(*a.find("list"), json::array({1, 2}));
  EXPECT_FALSE(a.contains("new"));
  EXPECT_EQ(*b.find("list"), json::array({1, 2, 3}));
  a = b;
  EXPECT_EQ(text_of(a), text_of(b));
}

// Values dump() would write otherwise are parsed when read and written canonically; a value no
// double holds is refused naming the variable; the last of a repeated name counts.
TEST(Variables, ReadsAnyJsonObjectAndWritesItCanonically) {
  auto v = read(R"({ "n" : 1.50 , "s" : "\u00e5" , "n2" : 2, "n2" : 3 })");
  EXPECT_EQ(text_of(v), R"({"n":1.5,"n2":3,"s":"å"})");
  auto refused = Variables::from_text(R"({"ok":1,"huge":1e400})");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("variable 'huge'"), std::string::npos);
  EXPECT_FALSE(Variables::from_text(R"({"a":)"));
}

} // namespace
} // namespace ks::engine
