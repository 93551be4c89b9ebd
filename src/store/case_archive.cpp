#include "store/case_archive.hpp"

#include <charconv>

#include "store/compressed_text.hpp"
#include "store/pack_dictionary.hpp"

namespace ks::store::archive {

namespace {

constexpr std::string_view kHeader = "ks-archive 1\n";

Error damaged(std::int64_t case_id, std::string_view what) {
  return Error::internal("the archive of case " + std::to_string(case_id) + " is damaged: " + std::string(what));
}

} // namespace

std::string text_of(const Archive& a) {
  std::string text(kHeader);
  for (auto [name, section] : {std::pair{"state", &a.state}, std::pair{"tasks", &a.tasks}, std::pair{"audit", &a.audit}}) {
    if (!*section) continue;
    text += name;
    text += ' ';
    text += std::to_string((*section)->size());
    text += '\n';
    text += **section;
    text += '\n';
  }
  return text;
}

Result<Archive> parse(std::int64_t case_id, std::string_view text) {
  Archive a;
  if (!text.starts_with(kHeader)) return fail(damaged(case_id, "it does not begin with \"ks-archive 1\""));
  text.remove_prefix(kHeader.size());
  while (!text.empty()) {
    const auto line_end = text.find('\n');
    const auto space = text.find(' ');
    if (line_end == std::string_view::npos || space == std::string_view::npos || space > line_end)
      return fail(damaged(case_id, "a section does not begin with its name and size"));
    const std::string_view name = text.substr(0, space);
    const std::string_view digits = text.substr(space + 1, line_end - space - 1);
    std::size_t size = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), size);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty())
      return fail(damaged(case_id, "section " + std::string(name) + " has no size"));
    text.remove_prefix(line_end + 1);
    if (text.size() < size + 1 || text[size] != '\n')
      return fail(damaged(case_id, "section " + std::string(name) + " is shorter than its size"));
    std::optional<std::string>* section = name == "state"   ? &a.state
                                          : name == "tasks" ? &a.tasks
                                          : name == "audit" ? &a.audit
                                                            : nullptr;
    if (!section) return fail(damaged(case_id, "it has an unknown section " + std::string(name)));
    if (*section) return fail(damaged(case_id, "section " + std::string(name) + " is there twice"));
    section->emplace(text.substr(0, size));
    text.remove_prefix(size + 1);
  }
  return a;
}

Result<Archive> read(Connection& c, std::int64_t case_id) {
  auto row = KS_TRY(
      c.row("SELECT " + bytes_column(c.backend(), "data") + " FROM case_archive WHERE case_id = ?", case_id));
  if (!row) return Archive{};
  auto stored = bytes_of(c.backend(), *row, 0);
  if (!stored) return fail(damaged(case_id, "its bytes do not decode"));
  auto text = dictionaries::expand(c, std::move(*stored));
  if (!text) return fail(damaged(case_id, text.error().message));
  return parse(case_id, *text);
}

Value stored_value(const Archive& archive) {
  return Blob{compressed::compress(text_of(archive), compressed::Use::kept)};
}

Status write(Connection& c, std::int64_t case_id, const Archive& archive) {
  auto value = KS_TRY(dictionaries::stored_value(c, dictionaries::Kind::archive, case_id, text_of(archive)));
  return c.post("INSERT INTO case_archive (case_id, data) VALUES (?, ?) ON CONFLICT (case_id) DO UPDATE SET "
                "data = excluded.data",
                case_id, std::move(value));
}

} // namespace ks::store::archive
