// The event log's record: what happened, where, when, and its place in the centre's hash chain.
//
// hash = SHA-256(previous hash ‖ canonical bytes), the first event chaining from 32 zero bytes. The
// canonical bytes are the event as JSON with sorted keys and no whitespace, without the hash, so the
// centre and the province compute the same bytes from the same event.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kiosk/domain/time.hpp"

namespace kiosk {

using Hash = std::array<std::uint8_t, 32>;
std::string to_hex(const Hash& h);
std::optional<Hash> hash_from_hex(std::string_view hex);
Hash sha256(std::string_view bytes);

inline constexpr int kEventSchema = 1;

namespace event_type {
inline constexpr std::string_view centre_initialised = "centre.initialised";
inline constexpr std::string_view ticket_issued = "ticket.issued";
inline constexpr std::string_view ticket_called = "ticket.called";
inline constexpr std::string_view ticket_recalled = "ticket.recalled";
inline constexpr std::string_view ticket_service_started = "ticket.service_started";
inline constexpr std::string_view ticket_finished = "ticket.finished";
inline constexpr std::string_view ticket_no_show = "ticket.no_show";
inline constexpr std::string_view ticket_transferred = "ticket.transferred";
inline constexpr std::string_view ticket_cancelled = "ticket.cancelled";
inline constexpr std::string_view counter_opened = "counter.opened";
inline constexpr std::string_view counter_paused = "counter.paused";
inline constexpr std::string_view counter_closed = "counter.closed";
inline constexpr std::string_view dossier_received = "dossier.received";
inline constexpr std::string_view dossier_imported = "dossier.imported";
inline constexpr std::string_view dossier_status_changed = "dossier.status_changed";
inline constexpr std::string_view dossier_supplement_requested = "dossier.supplement_requested";
inline constexpr std::string_view dossier_supplement_received = "dossier.supplement_received";
inline constexpr std::string_view dossier_resolved = "dossier.resolved";
inline constexpr std::string_view dossier_returned = "dossier.returned";
inline constexpr std::string_view dossier_apology_issued = "dossier.apology_issued";
inline constexpr std::string_view dossier_fee_paid = "dossier.fee_paid";
inline constexpr std::string_view rating_submitted = "rating.submitted";
inline constexpr std::string_view rating_abandoned = "rating.abandoned";
inline constexpr std::string_view settings_changed = "settings.changed";
inline constexpr std::string_view staff_added = "staff.added";
inline constexpr std::string_view staff_pin_changed = "staff.pin_changed";
inline constexpr std::string_view staff_signed_in = "staff.signed_in";
inline constexpr std::string_view staff_signed_out = "staff.signed_out";
inline constexpr std::string_view staff_sign_in_failed = "staff.sign_in_failed";
inline constexpr std::string_view staff_locked = "staff.locked";
inline constexpr std::string_view pairing_created = "pairing.created";
inline constexpr std::string_view device_paired = "device.paired";
inline constexpr std::string_view device_revoked = "device.revoked";
}  // namespace event_type

struct Event {
  std::int64_t seq = 0;
  std::string centre;
  std::string device;
  Instant at;        // when it happened (may be back-dated by an operator)
  Instant recorded;  // when the hub committed it
  std::string zone;  // the centre's zone name
  std::string type;
  int schema = kEventSchema;
  nlohmann::json payload = nlohmann::json::object();
  Hash hash{};
};

class EventError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or code points past U+10FFFF), as the
// canonical bytes require.
bool is_valid_utf8(std::string_view s);

// Throws EventError if a string is not valid UTF-8.
std::string canonical_bytes(const Event& e);
Hash chain_hash(const Hash& previous, const Event& e);

// The exported form: the canonical fields plus "hash" as lowercase hex.
nlohmann::json to_json(const Event& e);
// Throws EventError naming the missing or mistyped field.
Event event_from_json(const nlohmann::json& j);

// Checks that `events` continue a chain whose last hash is `previous` and last sequence `previous_seq`:
// consecutive sequences and each stored hash equal to the recomputed one. Returns the index of the first
// event that breaks the chain, or empty when all hold.
struct ChainBreak {
  std::size_t index;
  std::string reason;
};
std::optional<ChainBreak> verify_chain(std::span<const Event> events, const Hash& previous, std::int64_t previous_seq);

}  // namespace kiosk
