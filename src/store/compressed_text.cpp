#include "store/compressed_text.hpp"

#include <lz4frame.h>
#include <zstd.h>

namespace ks::store::compressed {

namespace {

constexpr unsigned char kZstdMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};
constexpr unsigned char kLz4Magic[4] = {0x04, 0x22, 0x4D, 0x18};
// A case's state is ≈12 KB; a frame claiming more than this is damaged, not a state.
constexpr unsigned long long kMaxExpanded = 64ull << 20;

bool starts_with(std::string_view stored, const unsigned char (&magic)[4]) {
  return stored.size() >= 4 && static_cast<unsigned char>(stored[0]) == magic[0] &&
         static_cast<unsigned char>(stored[1]) == magic[1] && static_cast<unsigned char>(stored[2]) == magic[2] &&
         static_cast<unsigned char>(stored[3]) == magic[3];
}

Error damaged(std::string_view what) { return Error::internal("compressed value is damaged: " + std::string(what)); }

// `text` as the frame `write(buffer, capacity)` writes into a buffer of `bound` bytes, returning
// its size, or 0 when it failed; then `text` itself, to be stored as text (which cannot happen
// with a bound-sized buffer). The buffer is not zero-filled first: the codec writes every byte it
// reports (≈9 K instructions a state, issue 8).
template <typename Write> std::string framed(std::string_view text, std::size_t bound, Write write) {
  std::string out;
  out.resize_and_overwrite(bound, write);
  return out.empty() ? std::string(text) : out;
}

std::string zstd_frame(std::string_view text, int level) {
  // One context per thread: creating one costs more than compressing a state.
  thread_local ZSTD_CCtx* ctx = ZSTD_createCCtx();
  return framed(text, ZSTD_compressBound(text.size()), [&](char* buf, std::size_t capacity) {
    std::size_t n = ZSTD_compressCCtx(ctx, buf, capacity, text.data(), text.size(), level);
    return ZSTD_isError(n) ? 0 : n;
  });
}

std::string lz4_frame(std::string_view text) {
  LZ4F_preferences_t prefs{};
  prefs.frameInfo.contentSize = text.size();                         // expand() sizes its buffer from it
  prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled; // a damaged state is named, not read
  return framed(text, LZ4F_compressFrameBound(text.size(), &prefs), [&](char* buf, std::size_t capacity) {
    std::size_t n = LZ4F_compressFrame(buf, capacity, text.data(), text.size(), &prefs);
    return LZ4F_isError(n) ? 0 : n;
  });
}

Result<std::string> expand_zstd(const std::string& stored) {
  unsigned long long size = ZSTD_getFrameContentSize(stored.data(), stored.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxExpanded)
    return fail(damaged("no valid zstd frame header"));
  thread_local ZSTD_DCtx* ctx = ZSTD_createDCtx();
  std::string out(static_cast<std::size_t>(size), '\0');
  std::size_t n = ZSTD_decompressDCtx(ctx, out.data(), out.size(), stored.data(), stored.size());
  if (ZSTD_isError(n) || n != out.size())
    return fail(damaged(ZSTD_isError(n) ? ZSTD_getErrorName(n) : "shorter than its header says"));
  return out;
}

Result<std::string> expand_lz4(const std::string& stored) {
  thread_local LZ4F_dctx* ctx = [] {
    LZ4F_dctx* d = nullptr;
    LZ4F_createDecompressionContext(&d, LZ4F_VERSION);
    return d;
  }();
  if (!ctx) return fail(Error::internal("no memory for an lz4 decompression context"));
  LZ4F_resetDecompressionContext(ctx); // A frame that failed before may have left it mid-frame.
  LZ4F_frameInfo_t info{};
  std::size_t used = stored.size();
  std::size_t hint = LZ4F_getFrameInfo(ctx, &info, stored.data(), &used);
  if (LZ4F_isError(hint)) return fail(damaged(std::string("lz4 frame header: ") + LZ4F_getErrorName(hint)));
  if (info.contentSize == 0 || info.contentSize > kMaxExpanded)
    return fail(damaged("the lz4 frame does not say a plausible size"));
  std::string out(static_cast<std::size_t>(info.contentSize), '\0');
  std::size_t in_pos = used, out_pos = 0;
  while (hint != 0) {
    std::size_t in_size = stored.size() - in_pos, out_size = out.size() - out_pos;
    if (in_size == 0) return fail(damaged("shorter than its lz4 frame"));
    hint = LZ4F_decompress(ctx, out.data() + out_pos, &out_size, stored.data() + in_pos, &in_size, nullptr);
    if (LZ4F_isError(hint)) return fail(damaged(std::string("lz4: ") + LZ4F_getErrorName(hint)));
    if (in_size == 0 && out_size == 0) return fail(damaged("the lz4 frame holds more than its header says"));
    in_pos += in_size;
    out_pos += out_size;
  }
  if (out_pos != out.size()) return fail(damaged("shorter than its lz4 frame header says"));
  if (in_pos != stored.size()) return fail(damaged("bytes after the end of the lz4 frame"));
  return out;
}

} // namespace

std::string compress(std::string_view text, Use use) {
  return use == Use::rewritten ? lz4_frame(text) : zstd_frame(text, kPackLevel);
}

Value stored_value(Backend backend, std::string_view text, Use use) {
  if (backend == Backend::sqlite && text.size() >= kThreshold) return Blob{compress(text, use)};
  return Value(text);
}

Result<std::string> expand(std::string stored) {
  if (starts_with(stored, kZstdMagic)) return expand_zstd(stored);
  if (starts_with(stored, kLz4Magic)) return expand_lz4(stored);
  return stored;
}

} // namespace ks::store::compressed
