// PINs (Argon2id), device tokens and pairing codes. Only hashes reach the database.
#pragma once

#include <string>
#include <string_view>

namespace kiosk::service {

// 4–12 digits.
bool pin_well_formed(std::string_view pin);
// libsodium's crypto_pwhash_str (Argon2id); 0 limits mean its interactive level. Slow on purpose.
std::string hash_pin(std::string_view pin, unsigned long long opslimit, std::size_t memlimit);
bool pin_matches(const std::string& pin_hash, std::string_view pin);

std::string new_device_token();  // 64 hex characters from 32 random bytes
std::string new_pairing_code();  // 8 digits
std::string sha256_hex(std::string_view text);

}  // namespace kiosk::service
