#include "engine/runtime/variables.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace ks::engine {

using nlohmann::json;

Variables::Variables(json object) {
  if (!object.is_object()) return;
  for (auto& [name, value] : object.get_ref<json::object_t&>()) set(name, std::move(value));
}

Variables::Variables(const Variables& other)
    : m_text(other.m_text), m_index(other.m_index), m_erased(other.m_erased) { // Text no entry points to is copied too.
  m_parsed.reserve(other.m_parsed.size());
  for (const auto& v : other.m_parsed) m_parsed.push_back(v ? std::make_unique<json>(*v) : nullptr);
}

Variables& Variables::operator=(const Variables& other) {
  if (this != &other) *this = Variables(other);
  return *this;
}

Result<Variables> Variables::from_text(std::string_view object_text) {
  return from_members(KS_TRY(json_text::members(object_text)));
}

Result<Variables> Variables::from_members(std::vector<json_text::Member> members) {
  // By name, the last of a repeated name kept (as parse() keeps it).
  std::stable_sort(members.begin(), members.end(),
                   [](const json_text::Member& a, const json_text::Member& b) { return a.name < b.name; });
  Variables out;
  std::size_t bytes = 0;
  for (const auto& m : members) bytes += m.name.size() + m.text.size();
  if (bytes > std::numeric_limits<std::uint32_t>::max())
    return fail(Error::invalid("the variables are larger than 4 GB"));
  out.m_text.reserve(bytes);
  out.m_index.reserve(members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto& m = members[i];
    if (i + 1 < members.size() && members[i + 1].name == m.name) continue;
    if (m.canonical) {
      out.m_index.push_back(out.append(m.name, m.text));
      continue;
    }
    // Kept as dump() writes it, so that the state's text stays canonical.
    Entry e = out.append(m.name, {});
    try {
      out.m_parsed.push_back(std::make_unique<json>(json::parse(m.text)));
    } catch (const json::exception& x) { // A number beyond a double.
      return fail(Error::invalid(fmt::format("variable '{}': {}", m.name, x.what())));
    }
    e.parsed = static_cast<std::int32_t>(out.m_parsed.size() - 1);
    e.changed = true;
    out.m_index.push_back(e);
  }
  return out;
}

Variables::Entry Variables::append(std::string_view name, std::string_view text) {
  Entry e;
  e.name_at = static_cast<std::uint32_t>(m_text.size());
  e.name_size = static_cast<std::uint32_t>(name.size());
  m_text += name;
  e.text_at = static_cast<std::uint32_t>(m_text.size());
  e.text_size = static_cast<std::uint32_t>(text.size());
  m_text += text;
  return e;
}

std::size_t Variables::locate(std::string_view name) const {
  auto it = std::lower_bound(m_index.begin(), m_index.end(), name,
                             [this](const Entry& e, std::string_view n) { return name_of(e) < n; });
  if (it == m_index.end() || name_of(*it) != name) return m_index.size();
  return static_cast<std::size_t>(it - m_index.begin());
}

json& Variables::parsed(std::size_t i) const {
  Entry& e = m_index[i];
  if (e.parsed < 0) {
    // from_members() checked the text (a canonical one holds no number beyond 64 bits); only
    // memory can run out here.
    m_parsed.push_back(std::make_unique<json>(json::parse(text_of(e))));
    e.parsed = static_cast<std::int32_t>(m_parsed.size() - 1);
  }
  return *m_parsed[static_cast<std::size_t>(e.parsed)];
}

const json* Variables::find(std::string_view name) const {
  const std::size_t i = locate(name);
  return i == m_index.size() ? nullptr : &parsed(i);
}

json& Variables::write(std::string_view name) {
  std::size_t i = locate(name);
  if (i == m_index.size()) {
    auto at = std::lower_bound(m_index.begin(), m_index.end(), name,
                               [this](const Entry& e, std::string_view n) { return name_of(e) < n; });
    Entry e = append(name, {});
    m_parsed.push_back(std::make_unique<json>());
    e.parsed = static_cast<std::int32_t>(m_parsed.size() - 1);
    auto inserted = m_index.insert(at, e); // Before begin(): it may move the entries.
    i = static_cast<std::size_t>(inserted - m_index.begin());
  }
  json& value = parsed(i);
  m_index[i].changed = true;
  return value;
}

void Variables::push_back(std::string_view name, json item) {
  const std::size_t i = locate(name);
  if (i != m_index.size()) {
    Entry& e = m_index[i];
    const std::string_view text = text_of(e);
    if (e.parsed < 0 && !e.changed && text.size() >= 2 && text.front() == '[' && text.back() == ']') {
      std::string longer(text.substr(0, text.size() - 1));
      if (text.size() > 2) longer += ',';
      longer += item.dump();
      longer += ']';
      // The old text stays in m_text until settle(), which writes the buffer anew (as after erase()).
      e.text_at = static_cast<std::uint32_t>(m_text.size());
      e.text_size = static_cast<std::uint32_t>(longer.size());
      m_text += longer;
      m_erased = true;
      return;
    }
  }
  json& list = write(name);
  if (!list.is_array()) list = json::array();
  list.push_back(std::move(item));
}

bool Variables::erase(std::string_view name) {
  const std::size_t i = locate(name);
  if (i == m_index.size()) return false;
  // Its text and parsed value stay where they are until settle().
  m_index.erase(m_index.begin() + static_cast<std::ptrdiff_t>(i));
  m_erased = true;
  return true;
}

json Variables::to_json() const {
  json out = json::object();
  for (const auto& e : m_index)
    out[std::string(name_of(e))] = e.parsed >= 0 ? *m_parsed[static_cast<std::size_t>(e.parsed)] : json::parse(text_of(e));
  return out;
}

void Variables::append_text(std::string& out) const {
  out += '{';
  bool first = true;
  for (const auto& e : m_index) {
    if (!first) out += ',';
    first = false;
    json_text::append_string(out, name_of(e), json_text::Invalid::throw_);
    out += ':';
    if (e.changed) out += m_parsed[static_cast<std::size_t>(e.parsed)]->dump();
    else out += text_of(e);
  }
  out += '}';
}

void Variables::settle() {
  if (m_parsed.empty() && !m_erased) return; // Nothing read, written or erased since the last time.
  if (!m_erased && std::none_of(m_index.begin(), m_index.end(), [](const Entry& e) { return e.changed; })) {
    for (auto& e : m_index) e.parsed = -1; // Only read: the texts stay as they are.
    m_parsed.clear();
    m_parsed.shrink_to_fit();
    return;
  }
  // Written anew, exactly as large as it needs to be: a state is kept settled in the state cache.
  // (Appending changed texts instead saved 1 % of a completion's instructions but let the buffer's
  // capacity double.) The changed values' texts first, to size the new buffer.
  std::vector<std::string> dumped;
  std::size_t bytes = 0;
  for (const auto& e : m_index) {
    if (e.changed) bytes += dumped.emplace_back(m_parsed[static_cast<std::size_t>(e.parsed)]->dump()).size();
    else bytes += e.text_size;
    bytes += e.name_size;
  }
  Variables out;
  out.m_text.reserve(bytes);
  out.m_index.reserve(m_index.size());
  auto next = dumped.begin();
  for (const auto& e : m_index) out.m_index.push_back(out.append(name_of(e), e.changed ? *next++ : text_of(e)));
  *this = std::move(out);
}

std::size_t Variables::heap_bytes() const {
  std::size_t n = heap_bytes_of(m_text) + heap_bytes_of(m_index) + heap_bytes_of(m_parsed);
  for (const auto& v : m_parsed)
    if (v) n += sizeof(json) + kHeapBlockOverhead + heap_bytes_of(*v);
  return n;
}

std::size_t heap_bytes_of(const std::string& s) {
  return s.capacity() > 15 ? s.capacity() + 1 + kHeapBlockOverhead : 0;
}

std::size_t heap_bytes_of(const json& j) {
  constexpr std::size_t kBlock = kHeapBlockOverhead;
  switch (j.type()) {
  case json::value_t::object: {
    std::size_t n = sizeof(json::object_t) + kBlock;
    for (const auto& [k, v] : j.get_ref<const json::object_t&>())
      n += 32 + sizeof(std::pair<const std::string, json>) + kBlock + heap_bytes_of(k) + heap_bytes_of(v);
    return n;
  }
  case json::value_t::array: {
    const auto& a = j.get_ref<const json::array_t&>();
    std::size_t n = sizeof(json::array_t) + kBlock + heap_bytes_of(a);
    for (const auto& v : a) n += heap_bytes_of(v);
    return n;
  }
  case json::value_t::string: return sizeof(std::string) + kBlock + heap_bytes_of(j.get_ref<const std::string&>());
  case json::value_t::binary: return sizeof(json::binary_t) + kBlock + j.get_binary().capacity() + kBlock;
  default: return 0;
  }
}

} // namespace ks::engine
