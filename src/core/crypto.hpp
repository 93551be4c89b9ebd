// Cryptographic primitives from libsodium, in one place: random tokens, SHA-256, and Argon2id
// password hashes. Nothing here logs; callers must never log a token, a password or a hash input.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ks::crypto {

// Initialises libsodium (idempotent, thread-safe). Every function below calls it.
Status init();

// `bytes` random bytes from the operating system's CSPRNG, as lower-case hex (2 × bytes characters).
std::string random_hex(std::size_t bytes);

// SHA-256 of data as lower-case hex (64 characters).
std::string sha256_hex(std::string_view data);

// Compares two strings in time independent of where they differ (same length required for true).
bool equal_constant_time(std::string_view a, std::string_view b);

// Argon2id hash of a password in libsodium's self-describing string form ($argon2id$v=19$m=...),
// with opslimit/memlimit INTERACTIVE (t=2, m=64 MiB: above OWASP's m=19 MiB, t=2). Errors:
// invalid_input for an empty password or one longer than 1024 bytes; internal when out of memory.
Result<std::string> hash_password(std::string_view password);

// True when password matches a hash made by hash_password. A malformed hash is simply no match.
bool verify_password(std::string_view hash, std::string_view password);

} // namespace ks::crypto
