// The hub's protocol over a blocking connection: one request at a time, pushes kept until asked for.
#pragma once

#include <chrono>
#include <deque>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "kiosk/client/ws_connection.hpp"
#include "kiosk/protocol/messages.hpp"

namespace kiosk::client {

class HubClient {
 public:
  explicit HubClient(std::chrono::milliseconds timeout = std::chrono::seconds(10));

  void connect(const std::string& url);  // throws ConnectionError (also for a malformed URL)
  // Sends and waits for the reply with the same id; throws ConnectionError on timeout or loss.
  protocol::Message call(std::string_view cmd, const nlohmann::json& args = nlohmann::json::object());
  // hello with a device token; the reply's result is the snapshot.
  protocol::Message hello(const std::string& token, std::optional<std::int64_t> last_seq = std::nullopt);
  std::optional<protocol::Message> next_push(std::chrono::milliseconds timeout);
  void send_raw(std::string_view text);  // for tests of bad input
  std::optional<protocol::Message> read_message(std::chrono::milliseconds timeout);
  void close();

 private:
  std::chrono::milliseconds timeout_;
  WsConnection connection_;
  std::deque<protocol::Message> pushes_;
  std::int64_t next_id_ = 1;
};

}  // namespace kiosk::client
