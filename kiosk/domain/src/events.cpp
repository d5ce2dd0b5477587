#include "kiosk/domain/events.hpp"

#include <sodium.h>

#include <limits>

namespace kiosk {
namespace {

using nlohmann::json;

// libsodium asks for one init before use; hashing is safe after it from any thread.
const bool sodium_ready = sodium_init() >= 0;

json canonical_json(const Event& e) {
  return json{{"at", to_millis(e.at)},     {"centre", e.centre}, {"device", e.device},
              {"payload", e.payload},      {"recorded", to_millis(e.recorded)},
              {"schema", e.schema},        {"seq", e.seq},       {"type", e.type},
              {"zone", e.zone}};
}

// Strict: a field must have exactly its JSON type, and an integer must fit, so no two different documents
// decode to the same event (and hash alike).
std::int64_t require_int(const json& j, const char* key, std::int64_t min, std::int64_t max) {
  auto it = j.find(key);
  if (it == j.end()) throw EventError(std::string("event field missing: ") + key);
  if (!it->is_number_integer()) throw EventError(std::string("event field is not an integer: ") + key);
  // The parser keeps non-negative integers as unsigned: one past int64's range must not wrap.
  if (it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(max))
    throw EventError(std::string("event field is out of range: ") + key);
  const std::int64_t v = it->get<std::int64_t>();
  if (v < min || v > max) throw EventError(std::string("event field is out of range: ") + key);
  return v;
}

std::string require_string(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) throw EventError(std::string("event field missing: ") + key);
  if (!it->is_string()) throw EventError(std::string("event field is not text: ") + key);
  return it->get<std::string>();
}

}  // namespace

std::string to_hex(const Hash& h) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(64, '0');
  for (std::size_t i = 0; i < h.size(); ++i) {
    out[2 * i] = digits[h[i] >> 4];
    out[2 * i + 1] = digits[h[i] & 0x0f];
  }
  return out;
}

std::optional<Hash> hash_from_hex(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  Hash h{};
  for (std::size_t i = 0; i < h.size(); ++i) {
    int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    h[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return h;
}

Hash sha256(std::string_view bytes) {
  (void)sodium_ready;
  Hash h{};
  crypto_hash_sha256(h.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return h;
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c < 0x80) n = 1;
    else if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c == 0xE0) n = 3, lo = 0xA0;                 // no overlong forms
    else if (c == 0xED) n = 3, hi = 0x9F;                 // no surrogates
    else if (c >= 0xE1 && c <= 0xEF) n = 3;
    else if (c == 0xF0) n = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) n = 4;
    else if (c == 0xF4) n = 4, hi = 0x8F;                 // nothing past U+10FFFF
    else return false;
    if (i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return false;
    }
    i += n;
  }
  return true;
}

std::string canonical_bytes(const Event& e) {
  try {
    return canonical_json(e).dump(-1, ' ', false, json::error_handler_t::strict);
  } catch (const json::type_error& err) {
    throw EventError(std::string("event text is not valid UTF-8: ") + err.what());
  }
}

Hash chain_hash(const Hash& previous, const Event& e) {
  std::string bytes = canonical_bytes(e);
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  crypto_hash_sha256_update(&st, previous.data(), previous.size());
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  Hash h{};
  crypto_hash_sha256_final(&st, h.data());
  return h;
}

json to_json(const Event& e) {
  json j = canonical_json(e);
  j["hash"] = to_hex(e.hash);
  return j;
}

Event event_from_json(const json& j) {
  if (!j.is_object()) throw EventError("event is not a JSON object");
  Event e;
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  // Instants within ±10,000 years of 1970 in milliseconds: far inside chrono's range.
  constexpr std::int64_t kMaxMillis = 315'537'897'600'000LL;
  e.seq = require_int(j, "seq", 1, kMax);
  e.centre = require_string(j, "centre");
  e.device = require_string(j, "device");
  e.at = from_millis(require_int(j, "at", -kMaxMillis, kMaxMillis));
  e.recorded = from_millis(require_int(j, "recorded", -kMaxMillis, kMaxMillis));
  e.zone = require_string(j, "zone");
  e.type = require_string(j, "type");
  e.schema = static_cast<int>(require_int(j, "schema", 1, std::numeric_limits<int>::max()));
  auto payload = j.find("payload");
  if (payload == j.end() || !payload->is_object()) throw EventError("event field missing: payload");
  e.payload = *payload;
  auto hash = hash_from_hex(require_string(j, "hash"));
  if (!hash) throw EventError("event hash is not 64 hex digits");
  e.hash = *hash;
  return e;
}

std::optional<ChainBreak> verify_chain(std::span<const Event> events, const Hash& previous, std::int64_t previous_seq) {
  Hash prev = previous;
  std::int64_t seq = previous_seq;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    if (e.seq != seq + 1)
      return ChainBreak{i, "sequence " + std::to_string(e.seq) + " follows " + std::to_string(seq)};
    if (chain_hash(prev, e) != e.hash) return ChainBreak{i, "hash mismatch at sequence " + std::to_string(e.seq)};
    prev = e.hash;
    seq = e.seq;
  }
  return std::nullopt;
}

}  // namespace kiosk
