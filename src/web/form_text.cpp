#include "web/form_text.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "web/form_html.hpp"

namespace ks::web {

namespace {

// **bold** and *italic* inside escaped text.
std::string inline_html(std::string_view line) {
  std::string text = html_escape(line);
  std::string out;
  bool bold = false, italic = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "**") == 0) {
      out += bold ? "</strong>" : "<strong>";
      bold = !bold;
      ++i;
    } else if (text[i] == '*') {
      out += italic ? "</em>" : "<em>";
      italic = !italic;
    } else {
      out += text[i];
    }
  }
  if (italic) out += "</em>";
  if (bold) out += "</strong>";
  return out;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(pos, end - pos);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    out.push_back(line);
    pos = end + 1;
  }
  return out;
}

} // namespace

std::string form_text_html(std::string_view markdown, int heading_level) {
  std::string out, paragraph;
  bool in_list = false;
  auto flush = [&] {
    if (!paragraph.empty()) out += "<p>" + paragraph + "</p>\n";
    paragraph.clear();
    if (in_list) out += "</ul>\n";
    in_list = false;
  };
  for (auto line : lines_of(markdown)) {
    if (line.empty()) {
      flush();
      continue;
    }
    if (line.front() == '#') {
      flush();
      std::size_t hashes = line.find_first_not_of('#');
      if (hashes == std::string_view::npos) continue;
      // "#" and "##" both become the form's top level; deeper headings follow.
      int level = std::clamp(heading_level + std::max<int>(0, static_cast<int>(hashes) - 2), 2, 6);
      auto title = line.substr(hashes);
      while (!title.empty() && title.front() == ' ') title.remove_prefix(1);
      out += fmt::format("<h{0}>{1}</h{0}>\n", level, inline_html(title));
      continue;
    }
    if (line.starts_with("- ") || line.starts_with("* ")) {
      if (!paragraph.empty()) {
        out += "<p>" + paragraph + "</p>\n";
        paragraph.clear();
      }
      if (!in_list) out += "<ul>\n";
      in_list = true;
      out += "<li>" + inline_html(line.substr(2)) + "</li>\n";
      continue;
    }
    if (in_list) flush();
    if (!paragraph.empty()) paragraph += ' ';
    paragraph += inline_html(line);
  }
  flush();
  return out;
}

} // namespace ks::web
