// The `text` component of a form: Camunda's markdown subset as HTML (headings "#", "##", "###",
// paragraphs, "- " lists, **bold**, *italic*). Everything is escaped; no links, no raw HTML.
#pragma once

#include <string>
#include <string_view>

namespace ks::web {

// `heading_level` is the level a "#" heading gets (the form sits below the page's h1: 2);
// deeper headings follow ("###" one level below), never above h6.
std::string form_text_html(std::string_view markdown, int heading_level = 2);

} // namespace ks::web
