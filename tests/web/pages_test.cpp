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

} // namespace
