#include "domain/csv.hpp"

#include <gtest/gtest.h>

namespace ks::domain {
namespace {

TEST(Csv, SplitsPlainAndQuotedFields) {
  auto r = parse_csv("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n");
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[1].fields, (std::vector<std::string>{"1", "x, y", "say \"hi\""}));
  EXPECT_EQ((*r)[1].line, 2u);
}

TEST(Csv, QuotedFieldMaySpanLinesAndLineNumbersFollow) {
  auto r = parse_csv("h\r\n\"one\r\ntwo\"\r\nthree\r\n");
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[1].fields[0], "one\r\ntwo");
  EXPECT_EQ((*r)[1].line, 2u);
  EXPECT_EQ((*r)[2].line, 4u);
}

TEST(Csv, SkipsByteOrderMarkAndBlankLines) {
  auto r = parse_csv("\xEF\xBB\xBFid,namn\n\nx,Ånge\n");
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].fields[0], "id");
  EXPECT_EQ((*r)[1].fields[1], "Ånge");
  EXPECT_EQ((*r)[1].line, 3u);
}

TEST(Csv, EmptyTrailingFieldIsKept) {
  auto r = parse_csv("a,b,\n");
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].fields.size(), 3u);
}

TEST(Csv, QuoteInUnquotedFieldNamesLineColumnAndValue) {
  auto r = parse_csv("a,b\nx,y\"z\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(r.error().field, "line 2, column 2");
  EXPECT_NE(r.error().message.find("y\"z"), std::string::npos);
}

TEST(Csv, UnclosedQuoteIsAnError) {
  auto r = parse_csv("a\n\"open\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "line 2, column 1");
}

TEST(Csv, TextAfterClosingQuoteIsAnError) {
  auto r = parse_csv("\"a\"b,c\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "line 1, column 1");
}

TEST(Csv, RejectsBytesThatAreNotUtf8) {
  auto r = parse_csv("a,b\nok,H\xE4rn\xF6sand\n"); // Latin-1, not UTF-8.
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "line 2, column 2");
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF")); // Overlong.
  EXPECT_TRUE(is_valid_utf8("Örnsköldsvik"));
}

TEST(Csv, FormatQuotesOnlyWhenNeededAndRoundTrips) {
  const std::vector<std::string> fields = {"plain", "a,b", "say \"x\"", "two\nlines", ""};
  const auto line = format_csv_record(fields);
  EXPECT_EQ(line, "plain,\"a,b\",\"say \"\"x\"\"\",\"two\nlines\",\n");
  auto back = parse_csv(line);
  ASSERT_TRUE(back);
  EXPECT_EQ((*back)[0].fields, fields);
}

} // namespace
} // namespace ks::domain
