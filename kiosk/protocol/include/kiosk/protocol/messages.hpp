// The JSON messages of the centre's LAN (docs/protocol.md). A device sends requests; the hub answers each
// with a reply carrying the same id, and pushes events to the devices that subscribed to them.
//
//   request  {"v":1,"id":7,"cmd":"ticket.issue","args":{"service":"B"}}
//   reply    {"v":1,"id":7,"ok":true,"result":{...}}
//            {"v":1,"id":7,"ok":false,"error":{"code":"queue.empty","message":"…","message_vi":"…"}}
//   push     {"v":1,"push":"event","event":{...}}   {"v":1,"push":"queue","services":[...]}
//
// Decoding never throws: anything malformed becomes an Error to send back.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace kiosk::protocol {

inline constexpr int kVersion = 1;
// A whole message, after reassembly of its frames.
inline constexpr std::size_t kDefaultMaxMessageBytes = 1 << 20;
inline constexpr std::size_t kMaxIdBytes = 64;

struct Error {
  std::string code;        // stable, for programs: "protocol.malformed", "queue.empty", …
  std::string message;     // English, for logs
  std::string message_vi;  // Vietnamese, for screens
};

// Error codes the protocol itself produces (the rules' own codes pass through from the core).
namespace error_code {
inline constexpr const char* malformed = "protocol.malformed";        // not JSON, not an object, bad UTF-8
inline constexpr const char* too_large = "protocol.too_large";
inline constexpr const char* version = "protocol.version";            // missing or unsupported "v"
inline constexpr const char* bad_request = "protocol.bad_request";    // missing cmd, bad id, args not an object
inline constexpr const char* unknown_command = "protocol.unknown_command";
inline constexpr const char* bad_args = "protocol.bad_args";          // a missing or mistyped argument
inline constexpr const char* auth_required = "auth.required";         // hello first
inline constexpr const char* auth_invalid = "auth.invalid_token";     // unknown or revoked token
inline constexpr const char* forbidden = "auth.forbidden";            // the device's role may not do that
inline constexpr const char* staff_required = "staff.required";       // nobody signed in at the counter
inline constexpr const char* rate_limited = "rate.limited";
inline constexpr const char* unavailable = "hub.unavailable";         // the database failed; nothing changed
inline constexpr const char* internal = "hub.internal";
}  // namespace error_code

Error make_error(std::string code, std::string message, std::string message_vi);

struct Request {
  nlohmann::json id;  // a string (≤ 64 bytes) or an integer, echoed in the reply
  std::string cmd;
  nlohmann::json args = nlohmann::json::object();
};

struct Decoded {
  std::optional<Request> request;
  std::optional<Error> error;
  nlohmann::json id;  // the request's id when it could be read, else null: for the error reply
};
Decoded decode_request(std::string_view text, std::size_t max_bytes = kDefaultMaxMessageBytes);

std::string encode_request(const nlohmann::json& id, std::string_view cmd, const nlohmann::json& args);
std::string encode_result(const nlohmann::json& id, const nlohmann::json& result);
std::string encode_error(const nlohmann::json& id, const Error& error);
// {"v":1,"push":kind} merged with the fields of `body` (an object).
std::string encode_push(std::string_view kind, const nlohmann::json& body);

// What a client reads from the hub.
struct Message {
  bool is_push = false;
  nlohmann::json id;       // replies
  bool ok = false;         // replies
  nlohmann::json result;   // replies with ok
  Error error;             // replies without ok
  std::string push;        // pushes: "event", "queue", "bye", …
  nlohmann::json body;     // pushes: the whole message
};
// Empty when the text is not a message of this version.
std::optional<Message> decode_message(std::string_view text);

}  // namespace kiosk::protocol
