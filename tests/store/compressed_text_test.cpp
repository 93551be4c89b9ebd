// How large text is kept compressed (store/compressed_text.hpp, issue 8): a case's state as an LZ4
// frame, what is kept as a zstd frame, both read back through expand() with the text, and any
// damage to a frame an error that says so, never a different text.
#include <string>

#include <gtest/gtest.h>

#include "store/compressed_text.hpp"

namespace ks::store::compressed {
namespace {

// ≈11 KB of JSON shaped like a case's state: repeated keys, some varying values.
std::string state_like() {
  std::string s = R"({"def":"vasternorrland","tasks":[)";
  for (int i = 0; i < 60; ++i) {
    if (i) s += ',';
    s += R"({"at":"principal_decision","due":17750304)" + std::to_string(10000 + i * 37) +
         R"(,"fn":"representative","id":)" + std::to_string(i) + R"(,"unit":"municipality-22)" + std::to_string(60 + i % 8) +
         R"(","views":"Inga invändningar; önskar stöd i implementeringen."})";
  }
  return s + "]}";
}

std::string magic(const std::string& frame) { return frame.substr(0, 4); }

TEST(CompressedText, EachUseWritesItsFrameAndReadsBackTheText) {
  const std::string text = state_like();
  ASSERT_GT(text.size(), 10'000u);
  const std::string fast = compress(text, Use::rewritten);
  const std::string kept = compress(text, Use::kept);
  EXPECT_EQ(magic(fast), std::string("\x04\x22\x4D\x18", 4)); // LZ4 frame
  EXPECT_EQ(magic(kept), std::string("\x28\xB5\x2F\xFD", 4)); // zstd frame
  EXPECT_LT(fast.size(), text.size() / 3);
  EXPECT_LT(kept.size(), fast.size());
  for (const auto& frame : {fast, kept}) {
    auto back = expand(frame);
    ASSERT_TRUE(back) << back.error().describe();
    EXPECT_EQ(*back, text);
  }
  // Text is text: JSON cannot begin with either magic number.
  EXPECT_EQ(expand(text).value_or(""), text);
}

TEST(CompressedText, StoredAsFramesOnSqliteFromTheThresholdAndAsTextOtherwise) {
  const std::string small(kThreshold - 1, 'a');
  const std::string large = state_like();
  EXPECT_TRUE(std::holds_alternative<std::string>(stored_value(Backend::sqlite, small, Use::rewritten).v));
  EXPECT_TRUE(std::holds_alternative<Blob>(stored_value(Backend::sqlite, large, Use::rewritten).v));
  EXPECT_TRUE(std::holds_alternative<Blob>(stored_value(Backend::sqlite, large, Use::kept).v));
  EXPECT_TRUE(std::holds_alternative<std::string>(stored_value(Backend::postgres, large, Use::rewritten).v));
}

// Every byte of an LZ4 frame changed, and the frame cut at every length: each is refused with an
// error naming the damage. The frame carries its content's checksum, so even a changed literal
// (which LZ4 itself would decode without complaint) is caught.
TEST(CompressedText, EveryDamageToAnLz4FrameIsAnError) {
  const std::string text = state_like();
  const std::string frame = compress(text, Use::rewritten);
  for (std::size_t i = 4; i < frame.size(); ++i) {
    std::string bad = frame;
    bad[i] = static_cast<char>(bad[i] ^ 0x20);
    auto r = expand(bad);
    ASSERT_FALSE(r) << "byte " << i << " of " << frame.size() << " changed, yet it read";
    EXPECT_NE(r.error().message.find("damaged"), std::string::npos) << r.error().message;
  }
  for (std::size_t n = 4; n < frame.size(); ++n) {
    auto r = expand(frame.substr(0, n));
    ASSERT_FALSE(r) << "cut to " << n << " bytes of " << frame.size() << ", yet it read";
    EXPECT_NE(r.error().message.find("damaged"), std::string::npos) << r.error().message;
  }
  auto longer = expand(frame + "x");
  ASSERT_FALSE(longer);
  EXPECT_NE(longer.error().message.find("after the end"), std::string::npos) << longer.error().message;
  // A frame that failed leaves nothing behind for the next.
  EXPECT_EQ(expand(frame).value_or(""), text);
}

TEST(CompressedText, ADamagedZstdFrameIsAnError) {
  const std::string frame = compress(state_like(), Use::kept);
  auto cut = expand(frame.substr(0, frame.size() / 2));
  ASSERT_FALSE(cut);
  EXPECT_NE(cut.error().message.find("damaged"), std::string::npos) << cut.error().message;
}

// A value compressed with a dictionary of a similar value: smaller than alone, it names the
// dictionary by the id its text gives, reads back only with that dictionary, and any byte changed
// after the header is refused (the frame carries its content's checksum).
TEST(CompressedText, AValueWrittenWithADictionaryNamesItAndReadsOnlyWithIt) {
  const std::string reference = state_like();
  std::string text = reference;
  text.replace(text.find("Inga invändningar"), 17, "Vi tillstyrker ej");
  const auto dict = Dictionary::make(reference);
  EXPECT_EQ(dict->id(), dictionary_id(reference));
  EXPECT_GT(dict->id(), 0);
  EXPECT_NE(dict->id(), dictionary_id(text));

  const std::string frame = compress(text, *dict);
  EXPECT_EQ(magic(frame), std::string("\xB5\x4B\x53\x44", 4));
  EXPECT_EQ(dictionary_of(frame), dict->id());
  EXPECT_LT(frame.size() * 4, compress(text, Use::kept).size()) << "the dictionary did not help";
  auto back = expand(frame, *dict);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(*back, text);
  // Other values read with expand(…, dict) as without it; none names a dictionary.
  EXPECT_EQ(expand(compress(text, Use::kept), *dict).value_or(""), text);
  EXPECT_EQ(expand(text, *dict).value_or(""), text);
  EXPECT_FALSE(dictionary_of(compress(text, Use::kept)));
  EXPECT_FALSE(dictionary_of(text));

  // Without its dictionary, or with another, it is an error naming the one it needs.
  auto alone = expand(frame);
  ASSERT_FALSE(alone);
  EXPECT_NE(alone.error().message.find("dictionary " + std::to_string(dict->id())), std::string::npos)
      << alone.error().message;
  const auto other = Dictionary::make(text);
  auto wrong = expand(frame, *other);
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("written with dictionary " + std::to_string(dict->id()) + ", not " +
                                       std::to_string(other->id())),
            std::string::npos)
      << wrong.error().message;

  for (std::size_t i = 12; i < frame.size(); ++i) {
    std::string bad = frame;
    bad[i] = static_cast<char>(bad[i] ^ 0x20);
    auto r = expand(bad, *dict);
    ASSERT_FALSE(r) << "byte " << i << " of " << frame.size() << " changed, yet it read";
    EXPECT_NE(r.error().message.find("damaged"), std::string::npos) << r.error().message;
  }
  auto cut = expand(frame.substr(0, frame.size() - 1), *dict);
  EXPECT_FALSE(cut);
}

} // namespace
} // namespace ks::store::compressed
