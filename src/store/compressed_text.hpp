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

// zstd's level for a value written once and kept (a finished case's packed history): 16 %
// smaller than level 1 (24.8 KB of events: 4.0 KB against 4.75 KB), ≈0.3 ms against ≈0.07 ms,
// paid once a case; level 9 gains 2 % more at 1.5× the time.
inline constexpr int kPackLevel = 6;

// A zstd frame holding `text`; level −1 (a case's state, rewritten every change) unless told.
std::string compress(std::string_view text, int level = -1);

// How `text` is stored on `backend`: on SQLite a zstd frame (a BLOB) at `level` once it reaches
// kThreshold; else the text (PostgreSQL's TOAST compresses values over 2 KB itself).
Value stored_value(Backend backend, std::string_view text, int level = -1);

// The text of a stored value: a frame decompressed, anything else as it is. Errors: internal,
// naming what is wrong, for a damaged frame.
Result<std::string> expand(std::string stored);

} // namespace ks::store::compressed
