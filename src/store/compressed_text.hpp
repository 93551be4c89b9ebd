// Large text kept compressed in SQLite (issue 8): a case's engine state is ≈12 KB of JSON, which
// SQLite stores as a row plus three overflow pages, all rewritten — and written to the WAL, and
// fsynced — on every task completion. Compressed with zstd at level −1 (the first of its fast
// levels) the widest state is ≈2.8 KB and fits in the row's own page. Level 1 made ≈2.6 KB, also
// one page, for ≈58 K more instructions a completion (callgrind, issue 8, session 8).
//
// A stored value is either the text itself or a zstd frame (a BLOB). The frame's magic number
// (28 B5 2F FD) cannot begin JSON text, so both read back through expand(); rows written before
// compression, by `ks bench seed` or on PostgreSQL (whose TOAST already compresses values over
// 2 KB) stay text.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "store/database.hpp"

namespace ks::store::compressed {

// Text shorter than this is stored as it is.
inline constexpr std::size_t kThreshold = 1024;

bool is_frame(std::string_view stored);

// zstd's level for a value written once and kept (a finished case's packed history and its
// archive). Level 3, zstd's default: ≈4.5 times cheaper than level 6 on a 47 KB archive (0.88 M
// against 3.84 M instructions) for ≈6 % more bytes; a finished case stores 18.4 KB against 17.3 KB
// at level 6, and a completion costs 6.9 % fewer instructions (callgrind, issue 8, session 10).
// Level 1 saves another 1 % for 0.2 KB more a case.
inline constexpr int kPackLevel = 3;

// A zstd frame holding `text`; level −1 (a case's state, rewritten every change) unless told.
std::string compress(std::string_view text, int level = -1);

// How `text` is stored on `backend`: on SQLite a zstd frame (a BLOB) at `level` once it reaches
// kThreshold; else the text (PostgreSQL's TOAST compresses values over 2 KB itself).
Value stored_value(Backend backend, std::string_view text, int level = -1);

// The text of a stored value: a frame decompressed, anything else as it is. Errors: internal,
// naming what is wrong, for a damaged frame.
Result<std::string> expand(std::string stored);

} // namespace ks::store::compressed
