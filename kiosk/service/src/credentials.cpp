#include "credentials.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "kiosk/domain/events.hpp"

namespace kiosk::service {
namespace {

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

}  // namespace

bool pin_well_formed(std::string_view pin) {
  return pin.size() >= 4 && pin.size() <= 12 && std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string hash_pin(std::string_view pin, unsigned long long opslimit, std::size_t memlimit) {
  ensure_sodium();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (opslimit == 0) opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  if (memlimit == 0) memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (crypto_pwhash_str_alg(out.data(), pin.data(), pin.size(), opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("out of memory hashing a PIN");
  return out.data();
}

bool pin_matches(const std::string& pin_hash, std::string_view pin) {
  ensure_sodium();
  return crypto_pwhash_str_verify(pin_hash.c_str(), pin.data(), pin.size()) == 0;
}

std::string new_device_token() {
  ensure_sodium();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  Hash h;
  std::copy(bytes.begin(), bytes.end(), h.begin());
  return to_hex(h);
}

std::string new_pairing_code() {
  ensure_sodium();
  std::string code(8, '0');
  for (char& c : code) c = static_cast<char>('0' + randombytes_uniform(10));
  return code;
}

std::string sha256_hex(std::string_view text) { return to_hex(sha256(text)); }

}  // namespace kiosk::service
