#include "store/compressed_text.hpp"

#include <lz4frame.h>
#include <zstd.h>

#include <cstring>
#include <mutex>

#include "core/crypto.hpp"

namespace ks::store::compressed {

namespace {

constexpr unsigned char kZstdMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};
constexpr unsigned char kLz4Magic[4] = {0x04, 0x22, 0x4D, 0x18};
// A value written with a dictionary: this, the dictionary's id, a zstd frame. 0xB5 is a UTF-8
// continuation byte, so no text begins with it.
constexpr unsigned char kDictMagic[4] = {0xB5, 0x4B, 0x53, 0x44};
constexpr std::size_t kDictHeader = 4 + 8;
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

// The zstd frame in `frame` decompressed, with `ddict` when given.
Result<std::string> expand_zstd(std::string_view frame, const ZSTD_DDict* ddict = nullptr) {
  unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxExpanded)
    return fail(damaged("no valid zstd frame header"));
  thread_local ZSTD_DCtx* ctx = ZSTD_createDCtx();
  std::string out(static_cast<std::size_t>(size), '\0');
  std::size_t n = ddict ? ZSTD_decompress_usingDDict(ctx, out.data(), out.size(), frame.data(), frame.size(), ddict)
                        : ZSTD_decompressDCtx(ctx, out.data(), out.size(), frame.data(), frame.size());
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
  if (auto id = dictionary_of(stored))
    return fail(damaged("it was written with dictionary " + std::to_string(*id) + ", which was not given"));
  return stored;
}

struct Dictionary::Codec {
  std::once_flag made_c, made_d;
  ZSTD_CDict* c = nullptr;
  ZSTD_DDict* d = nullptr;
  ~Codec() {
    ZSTD_freeCDict(c);
    ZSTD_freeDDict(d);
  }
};

std::int64_t dictionary_id(std::string_view text) {
  // 15 hex digits: 60 bits, a positive BIGINT on both backends.
  return static_cast<std::int64_t>(std::stoull(crypto::sha256_hex(text).substr(0, 15), nullptr, 16));
}

Dictionary::Dictionary(std::string text)
    : m_id(dictionary_id(text)), m_text(std::move(text)), m_codec(std::make_unique<Codec>()) {}

Dictionary::~Dictionary() = default;

std::shared_ptr<const Dictionary> Dictionary::make(std::string text) {
  return std::shared_ptr<const Dictionary>(new Dictionary(std::move(text)));
}

std::string compress(std::string_view text, const Dictionary& dict) {
  auto& codec = *dict.m_codec;
  std::call_once(codec.made_c, [&] {
    // Text that does not begin with zstd's dictionary magic is taken as raw content.
    codec.c = ZSTD_createCDict(dict.m_text.data(), dict.m_text.size(), kPackLevel);
  });
  thread_local ZSTD_CCtx* ctx = ZSTD_createCCtx();
  std::string out(kDictHeader + ZSTD_compressBound(text.size()), '\0');
  std::memcpy(out.data(), kDictMagic, 4);
  for (int i = 0; i < 8; ++i)
    out[4 + static_cast<std::size_t>(i)] = static_cast<char>((static_cast<std::uint64_t>(dict.m_id) >> (8 * i)) & 0xFF);
  bool made = false;
  if (codec.c) {
    ZSTD_CCtx_reset(ctx, ZSTD_reset_session_and_parameters);
    ZSTD_CCtx_setParameter(ctx, ZSTD_c_checksumFlag, 1); // a value read with the wrong text is named
    ZSTD_CCtx_refCDict(ctx, codec.c);
    const std::size_t n =
        ZSTD_compress2(ctx, out.data() + kDictHeader, out.size() - kDictHeader, text.data(), text.size());
    ZSTD_CCtx_refCDict(ctx, nullptr);
    if (!ZSTD_isError(n)) {
      out.resize(kDictHeader + n);
      made = true;
    }
  }
  // Without memory for the dictionary's tables, a frame of its own (which expand() reads too).
  return made ? out : zstd_frame(text, kPackLevel);
}

std::optional<std::int64_t> dictionary_of(std::string_view stored) {
  if (stored.size() < kDictHeader || !starts_with(stored, kDictMagic)) return std::nullopt;
  std::uint64_t id = 0;
  for (int i = 7; i >= 0; --i)
    id = (id << 8) | static_cast<unsigned char>(stored[4 + static_cast<std::size_t>(i)]);
  return static_cast<std::int64_t>(id);
}

Result<std::string> expand(std::string stored, const Dictionary& dict) {
  const auto id = dictionary_of(stored);
  if (!id) return expand(std::move(stored));
  if (*id != dict.m_id)
    return fail(damaged("it was written with dictionary " + std::to_string(*id) + ", not " + std::to_string(dict.m_id)));
  auto& codec = *dict.m_codec;
  std::call_once(codec.made_d, [&] {
    codec.d = ZSTD_createDDict(dict.m_text.data(), dict.m_text.size());
  });
  if (!codec.d) return fail(Error::internal("no memory for a zstd dictionary"));
  return expand_zstd(std::string_view(stored).substr(kDictHeader), codec.d);
}

} // namespace ks::store::compressed
