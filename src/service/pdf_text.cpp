#include "service/pdf_text.hpp"

#include <fmt/format.h>

namespace ks::service {

namespace {

// UTF-8 → WinAnsi (Latin-1 for the letters that matter here).
std::string win_ansi(const std::string& utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if ((c & 0xE0) == 0xC0 && i + 1 < utf8.size()) {
      unsigned code = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu);
      out += code >= 0xA0 && code <= 0xFF ? static_cast<char>(code) : '?';
      ++i;
    } else {
      // Three- and four-byte sequences: en dash → '-', others '?'.
      std::size_t len = (c & 0xF0) == 0xE0 ? 3 : 4;
      out += (len == 3 && utf8.compare(i, 3, "\xE2\x80\x93") == 0) ? '-' : '?';
      i += len - 1;
    }
  }
  return out;
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '(' || c == ')' || c == '\\') out += '\\';
    if (c == '\n' || c == '\r') continue;
    out += c;
  }
  return out;
}

std::vector<std::string> wrap(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto nl = text.find('\n', start);
    std::string para = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    std::string line;
    std::size_t pos = 0;
    while (pos < para.size()) {
      auto sp = para.find(' ', pos);
      std::string word = para.substr(pos, sp == std::string::npos ? std::string::npos : sp - pos);
      if (!line.empty() && line.size() + 1 + word.size() > width) {
        lines.push_back(line);
        line.clear();
      }
      line += (line.empty() ? "" : " ") + word;
      if (sp == std::string::npos) break;
      pos = sp + 1;
    }
    lines.push_back(line);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return lines;
}

} // namespace

std::string text_pdf(const std::string& title, const std::vector<std::string>& paragraphs) {
  struct Line {
    std::string text;
    bool heading;
  };
  std::vector<Line> lines;
  for (const auto& l : wrap(win_ansi(title), 60)) lines.push_back({l, true});
  lines.push_back({"", false});
  for (const auto& p : paragraphs) {
    for (const auto& l : wrap(win_ansi(p), 90)) lines.push_back({l, false});
    lines.push_back({"", false});
  }
  const std::size_t per_page = 48;
  std::vector<std::string> streams;
  for (std::size_t i = 0; i < lines.size(); i += per_page) {
    std::string s = "BT\n/F1 11 Tf\n14 TL\n56 780 Td\n";
    for (std::size_t k = i; k < std::min(lines.size(), i + per_page); ++k)
      s += fmt::format("{}({}) Tj T*\n", lines[k].heading ? "/F2 15 Tf " : "/F1 11 Tf ", escape(lines[k].text));
    s += "ET\n";
    streams.push_back(std::move(s));
  }
  // Objects: 1 catalog, 2 pages, 3 font, 4 bold font, then per page: page, contents.
  std::vector<std::string> objects;
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  std::string kids;
  for (std::size_t p = 0; p < streams.size(); ++p) kids += fmt::format("{} 0 R ", 5 + 2 * p);
  objects.push_back(fmt::format("<< /Type /Pages /Kids [{}] /Count {} >>", kids, streams.size()));
  objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
  for (std::size_t p = 0; p < streams.size(); ++p) {
    objects.push_back(fmt::format("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R "
                                  "/F2 4 0 R >> >> /Contents {} 0 R >>",
                                  6 + 2 * p));
    objects.push_back(fmt::format("<< /Length {} >>\nstream\n{}endstream", streams[p].size(), streams[p]));
  }
  std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += fmt::format("{} 0 obj\n{}\nendobj\n", i + 1, objects[i]);
  }
  const std::size_t xref = out.size();
  out += fmt::format("xref\n0 {}\n0000000000 65535 f \n", objects.size() + 1);
  for (auto o : offsets) out += fmt::format("{:010} 00000 n \n", o);
  out += fmt::format("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{}\n%%EOF\n", objects.size() + 1, xref);
  return out;
}

} // namespace ks::service
