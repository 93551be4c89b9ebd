// Large text kept compressed in SQLite (issue 8): a case's engine state is ≈12 KB of JSON, which
// SQLite stores as a row plus three overflow pages, all rewritten — and written to the WAL, and
// fsynced — on every task completion. Compressed, the widest state (≈11.5 KB) takes ≈3.2 KB and
// fits in the row's own page.
//
// Two uses, two codecs:
// - A value rewritten on every change (a case's state): an LZ4 frame, with its content size and
//   checksum. ≈85 K instructions for a 11.3 KB state, against ≈150 K for zstd at level −1 (the
//   state's codec until session 10), for ≈13 % more bytes (3.2 against 2.8 KB), still one page
//   (callgrind, issue 8, session 10; decision 0013).
// - A value written once and kept (a finished case's packed history and archive): a zstd frame at
//   kPackLevel.
//
// A stored value is the text itself, a zstd frame or an LZ4 frame (a BLOB); each frame's magic
// number (28 B5 2F FD, 04 22 4D 18) cannot begin JSON text, so all three read back through
// expand(). Rows written before compression, or by `ks bench seed`, or on PostgreSQL (whose TOAST
// already compresses values over 2 KB) stay text; states written as zstd frames still read.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "store/database.hpp"

namespace ks::store::compressed {

// Text shorter than this is stored as it is.
inline constexpr std::size_t kThreshold = 1024;

// zstd's level for a value written once and kept (a finished case's packed history and its
// archive). Level 3, zstd's default: ≈4.5 times cheaper than level 6 on a 47 KB archive (0.88 M
// against 3.84 M instructions) for ≈6 % more bytes; a finished case stores 18.4 KB against 17.3 KB
// at level 6, and a completion costs 6.9 % fewer instructions (callgrind, issue 8, session 10).
// Level 1 saves another 1 % for 0.2 KB more a case.
inline constexpr int kPackLevel = 3;

enum class Use {
  rewritten, // rewritten on every change: fast (LZ4)
  kept,      // written once and kept: small (zstd at kPackLevel)
};

// A frame holding `text`, by its use.
std::string compress(std::string_view text, Use use);

// How `text` is stored on `backend`: on SQLite a frame (a BLOB) for `use` once it reaches
// kThreshold; else the text (PostgreSQL's TOAST compresses values over 2 KB itself).
Value stored_value(Backend backend, std::string_view text, Use use);

// The text of a stored value: a zstd or LZ4 frame decompressed, anything else as it is. Errors:
// internal, naming what is wrong, for a damaged frame or one written with a dictionary.
Result<std::string> expand(std::string stored);

// A dictionary for values written once and kept (decision 0023): the text of an earlier value of
// the same kind, used as zstd's "raw content" dictionary, so that what a value shares with it —
// the routine's element ids, task and variable names, form keys, the values most cases answer
// alike — costs a few bytes. Its id is derived from its text (the first 60 bits of its SHA-256),
// so a value names exactly the text it was written with, and a dictionary loaded once serves
// every database the process opens. Immutable; shared between threads.
class Dictionary {
public:
  static std::shared_ptr<const Dictionary> make(std::string text);
  ~Dictionary();
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;

  std::int64_t id() const { return m_id; }
  const std::string& text() const { return m_text; }

  struct Codec; // zstd's prepared forms, made when first needed.

private:
  explicit Dictionary(std::string text);
  std::int64_t m_id;
  std::string m_text;
  std::unique_ptr<Codec> m_codec;
  friend std::string compress(std::string_view text, const Dictionary& dict);
  friend Result<std::string> expand(std::string stored, const Dictionary& dict);
};

// The id a dictionary of `text` has.
std::int64_t dictionary_id(std::string_view text);

// `text` compressed with `dict`: 4 bytes of magic (B5 4B 53 44, which no UTF-8 text and no other
// frame begins with), the dictionary's id (8 bytes, little-endian), then a zstd frame at
// kPackLevel with its content size and checksum.
std::string compress(std::string_view text, const Dictionary& dict);

// The id of the dictionary a stored value was written with; nullopt for any other value.
std::optional<std::int64_t> dictionary_of(std::string_view stored);

// The text of a stored value that may have been written with `dict` (anything else as expand()
// reads it). Errors: internal, for a damaged frame or one that names another dictionary.
Result<std::string> expand(std::string stored, const Dictionary& dict);

} // namespace ks::store::compressed
