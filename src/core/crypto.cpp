#include "core/crypto.hpp"

#include <sodium.h>

namespace ks::crypto {

namespace {
constexpr std::size_t kMaxPassword = 1024;

std::string to_hex(const unsigned char* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}
} // namespace

Status init() {
  static const int rc = sodium_init(); // 0 first time, 1 when already done, -1 on failure.
  if (rc < 0) return fail(Error::internal("libsodium could not be initialised"));
  return {};
}

std::string random_hex(std::size_t bytes) {
  (void)init();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  auto out = to_hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string sha256_hex(std::string_view data) {
  (void)init();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return to_hex(digest, sizeof digest);
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<std::string> hash_password(std::string_view password) {
  KS_TRY(init());
  if (password.empty()) return fail(Error::invalid("the password is empty", "password"));
  if (password.size() > kMaxPassword) return fail(Error::invalid("the password is longer than 1024 bytes", "password"));
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return fail(Error::internal("out of memory while hashing a password"));
  return std::string(out);
}

bool verify_password(std::string_view hash, std::string_view password) {
  if (!init() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES || password.size() > kMaxPassword) return false;
  std::string h(hash); // NUL-terminated copy.
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

} // namespace ks::crypto
