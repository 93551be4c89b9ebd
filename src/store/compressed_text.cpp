#include "store/compressed_text.hpp"

#include <zstd.h>

namespace ks::store::compressed {

namespace {
constexpr unsigned char kMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};
// A case's state is ≈12 KB; a frame claiming more than this is damaged, not a state.
constexpr unsigned long long kMaxExpanded = 64ull << 20;
} // namespace

bool is_frame(std::string_view stored) {
  return stored.size() >= 4 && static_cast<unsigned char>(stored[0]) == kMagic[0] &&
         static_cast<unsigned char>(stored[1]) == kMagic[1] && static_cast<unsigned char>(stored[2]) == kMagic[2] &&
         static_cast<unsigned char>(stored[3]) == kMagic[3];
}

std::string compress(std::string_view text, int level) {
  // Level −1 for a case's state, rewritten every change (compressed_text.hpp); kPackLevel for
  // what is written once.
  // One context per thread: creating one costs more than compressing a state.
  thread_local ZSTD_CCtx* ctx = ZSTD_createCCtx();
  // The buffer is not zero-filled first: zstd writes every byte it reports (≈9 K instructions a
  // state, issue 8).
  std::string out;
  bool failed = false;
  out.resize_and_overwrite(ZSTD_compressBound(text.size()), [&](char* buf, std::size_t size) {
    std::size_t n = ZSTD_compressCCtx(ctx, buf, size, text.data(), text.size(), level);
    failed = ZSTD_isError(n);
    return failed ? 0 : n;
  });
  if (failed) return std::string(text); // Cannot happen with a bound-sized buffer; store as text.
  return out;
}

Value stored_value(Backend backend, std::string_view text, int level) {
  if (backend == Backend::sqlite && text.size() >= kThreshold) return Blob{compress(text, level)};
  return Value(text);
}

Result<std::string> expand(std::string stored) {
  if (!is_frame(stored)) return stored;
  unsigned long long size = ZSTD_getFrameContentSize(stored.data(), stored.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxExpanded)
    return fail(Error::internal("compressed value is damaged: no valid zstd frame header"));
  thread_local ZSTD_DCtx* ctx = ZSTD_createDCtx();
  std::string out(static_cast<std::size_t>(size), '\0');
  std::size_t n = ZSTD_decompressDCtx(ctx, out.data(), out.size(), stored.data(), stored.size());
  if (ZSTD_isError(n) || n != out.size())
    return fail(Error::internal(std::string("compressed value is damaged: ") +
                                (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "shorter than its header says")));
  return out;
}

} // namespace ks::store::compressed
