#include "store/sqlite/swedish_tokenizer.hpp"

#include <libstemmer.h>

#include <cstring>
#include <new>

namespace ks::store {

namespace {

// Length of the UTF-8 sequence that starts with byte c (1 for invalid lead bytes).
int utf8_len(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

// A word character: ASCII letters and digits, and every non-ASCII code point except the
// Latin-1 punctuation block U+0080..U+00BF and U+00D7/U+00F7 (× ÷).
bool is_word_char(const unsigned char* p, int len) {
  if (len == 1) return (p[0] >= '0' && p[0] <= '9') || ((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z');
  if (len == 2 && p[0] == 0xC2) return false;
  if (len == 2 && p[0] == 0xC3 && (p[1] == 0x97 || p[1] == 0xB7)) return false;
  if (len == 3 && p[0] == 0xE2 && p[1] == 0x80) return false; // General punctuation: dashes, quotes.
  return true;
}

struct Tokenizer {
  sb_stemmer* stemmer = nullptr;
};

int x_create(void*, const char**, int, Fts5Tokenizer** out) {
  auto* t = new (std::nothrow) Tokenizer;
  if (!t) return SQLITE_NOMEM;
  t->stemmer = sb_stemmer_new("swedish", "UTF_8");
  if (!t->stemmer) {
    delete t;
    return SQLITE_ERROR;
  }
  *out = reinterpret_cast<Fts5Tokenizer*>(t);
  return SQLITE_OK;
}

void x_delete(Fts5Tokenizer* p) {
  auto* t = reinterpret_cast<Tokenizer*>(p);
  sb_stemmer_delete(t->stemmer);
  delete t;
}

int x_tokenize(Fts5Tokenizer* p, void* ctx, int, const char* text, int n,
               int (*token)(void*, int, const char*, int, int, int)) {
  auto* t = reinterpret_cast<Tokenizer*>(p);
  const auto* s = reinterpret_cast<const unsigned char*>(text);
  int i = 0;
  while (i < n) {
    int len = utf8_len(s[i]);
    if (i + len > n) break;
    if (!is_word_char(s + i, len)) {
      i += len;
      continue;
    }
    int start = i;
    while (i < n) {
      int l = utf8_len(s[i]);
      if (i + l > n || !is_word_char(s + i, l)) break;
      i += l;
    }
    std::string word = fold_case_utf8(std::string_view(text + start, static_cast<std::size_t>(i - start)));
    const sb_symbol* stem = sb_stemmer_stem(t->stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                            static_cast<int>(word.size()));
    int rc = stem ? token(ctx, 0, reinterpret_cast<const char*>(stem), sb_stemmer_length(t->stemmer), start, i)
                  : token(ctx, 0, word.data(), static_cast<int>(word.size()), start, i);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

fts5_api* fts5_api_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(stmt, 1, reinterpret_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

} // namespace

std::string fold_case_utf8(std::string_view text) {
  std::string out(text);
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      auto d = static_cast<unsigned char>(out[i + 1]);
      // U+00C0..U+00DE (except U+00D7) → +0x20.
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
      ++i;
    }
  }
  return out;
}

Status register_swedish_tokenizer(sqlite3* db) {
  fts5_api* api = fts5_api_of(db);
  if (!api) return fail(Error::internal("sqlite: FTS5 is not available in this SQLite build"));
  static fts5_tokenizer tokenizer = {x_create, x_delete, x_tokenize};
  if (api->xCreateTokenizer(api, "swedish", nullptr, &tokenizer, nullptr) != SQLITE_OK)
    return fail(Error::internal("sqlite: cannot register the Swedish tokenizer"));
  return {};
}

} // namespace ks::store
