#include "kiosk/domain/events.hpp"

#include <sodium.h>

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

template <typename T>
T require(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) throw EventError(std::string("event field missing: ") + key);
  try {
    return it->get<T>();
  } catch (const json::exception&) {
    throw EventError(std::string("event field has the wrong type: ") + key);
  }
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
  e.seq = require<std::int64_t>(j, "seq");
  e.centre = require<std::string>(j, "centre");
  e.device = require<std::string>(j, "device");
  e.at = from_millis(require<std::int64_t>(j, "at"));
  e.recorded = from_millis(require<std::int64_t>(j, "recorded"));
  e.zone = require<std::string>(j, "zone");
  e.type = require<std::string>(j, "type");
  e.schema = require<int>(j, "schema");
  auto payload = j.find("payload");
  if (payload == j.end() || !payload->is_object()) throw EventError("event field missing: payload");
  e.payload = *payload;
  auto hash = hash_from_hex(require<std::string>(j, "hash"));
  if (!hash) throw EventError("event hash is not 64 hex digits");
  e.hash = *hash;
  if (e.seq < 1) throw EventError("event sequence must be positive");
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
