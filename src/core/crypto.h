// Secrets: random tokens, SHA-256 digests for storing tokens, and argon2id password hashes
// (libsodium). Thread-safe after InitCrypto() has run once at start-up.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace magpie::core {

// Must be called before any other function here; safe to call more than once.
void InitCrypto();

// `bytes` random bytes from the OS CSPRNG, encoded URL-safe base64 without padding.
std::string RandomToken(size_t bytes = 32);
// Lower-case hex SHA-256 of `data`: tokens are stored only as this digest.
std::string Sha256Hex(std::string_view data);
// Constant-time comparison of two equal-length strings.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

struct PasswordHashCost {
  unsigned long long ops;
  size_t mem_bytes;
};
// libsodium's "interactive" argon2id cost: about 0.1 s and 64 MiB per hash.
PasswordHashCost InteractiveCost();
// The cheapest cost libsodium allows; only for tests and benchmark data generation.
PasswordHashCost MinimalCost();

// An encoded argon2id hash ("$argon2id$v=19$m=...").
Result<std::string> HashPassword(std::string_view password, PasswordHashCost cost);
bool VerifyPassword(std::string_view encoded_hash, std::string_view password);

}  // namespace magpie::core
