// A plain PDF document from text: a title and paragraphs, A4, Helvetica, wrapped lines and as many
// pages as needed. Enough for documents KS produces itself (the formal consultation answer), so
// they are stored and registered like any received PDF. Text is encoded as WinAnsi (Swedish
// letters are kept; characters outside it become '?').
#pragma once

#include <string>
#include <vector>

namespace ks::service {

std::string text_pdf(const std::string& title, const std::vector<std::string>& paragraphs);

} // namespace ks::service
