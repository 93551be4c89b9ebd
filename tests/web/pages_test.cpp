// The template layer: sections, escaping, strings per language.
#include <gtest/gtest.h>

#include "web/pages.hpp"

namespace {

TEST(Pages, AnEmptyStringIsFalsyInSectionsAndRendersAsNothing) {
  ks::web::PageMeta meta;
  // templates/error.mustache shows "(field)" only when a field is given.
  std::string without = ks::web::render("error", meta, {{"heading", "H"}, {"message", "M"}, {"field", ""}});
  EXPECT_EQ(without.find("class=\"field\""), std::string::npos) << without;
  std::string with = ks::web::render("error", meta, {{"heading", "H"}, {"message", "M"}, {"field", "namn"}});
  EXPECT_NE(with.find("(namn)"), std::string::npos) << with;
}

TEST(Pages, ValuesAreHtmlEscaped) {
  ks::web::PageMeta meta;
  std::string html = ks::web::render("error", meta, {{"heading", "H"}, {"message", "<script>x</script>"}});
  EXPECT_EQ(html.find("<script>x"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
}

TEST(Pages, SwedishFirstEnglishAvailable) {
  EXPECT_EQ(ks::web::t("sv", "nav_inbox"), "Mina uppgifter");
  EXPECT_EQ(ks::web::t("en", "nav_inbox"), "My tasks");
  ks::web::PageMeta meta;
  meta.lang = "en";
  std::string page = ks::web::render_page("home", meta, nlohmann::json::object());
  EXPECT_NE(page.find("<html lang=\"en\">"), std::string::npos);
}

// Counts in the pagers: "Visar 4 951–5 000 av 5 000 ärenden" (no-break spaces), "5,000 cases".
TEST(Pages, CountsAreWrittenAsTheLanguageWritesThem) {
  EXPECT_EQ(ks::web::count_text("sv", 5000), "5\u00a0000");
  EXPECT_EQ(ks::web::count_text("sv", 1234567), "1\u00a0234\u00a0567");
  EXPECT_EQ(ks::web::count_text("sv", 999), "999");
  EXPECT_EQ(ks::web::count_text("sv", 0), "0");
  EXPECT_EQ(ks::web::count_text("en", 105000), "105,000");
  EXPECT_EQ(ks::web::count_text("en", -4951), "-4,951");
}

} // namespace
