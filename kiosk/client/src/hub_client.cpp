#include "kiosk/client/hub_client.hpp"

namespace kiosk::client {

HubClient::HubClient(std::chrono::milliseconds timeout) : timeout_(timeout), connection_(timeout) {}

void HubClient::connect(const std::string& url) {
  auto parsed = parse_hub_url(url);
  if (!parsed) throw ConnectionError("not a hub address: " + url + " (expected ws://host:port)");
  pushes_.clear();
  connection_.connect(*parsed);
}

protocol::Message HubClient::call(std::string_view cmd, const nlohmann::json& args) {
  const std::int64_t id = next_id_++;
  connection_.send(protocol::encode_request(id, cmd, args));
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw ConnectionError("no reply from the hub to " + std::string(cmd) + " in time");
    auto text = connection_.read(left);
    if (!text) continue;
    auto message = protocol::decode_message(*text);
    if (!message) throw ConnectionError("the hub sent something that is not a protocol message");
    if (message->is_push) {
      pushes_.push_back(std::move(*message));
      continue;
    }
    if (message->id == id || message->id.is_null()) return std::move(*message);
  }
}

protocol::Message HubClient::hello(const std::string& token, std::optional<std::int64_t> last_seq) {
  nlohmann::json args{{"token", token}};
  if (last_seq) args["last_seq"] = *last_seq;
  return call("hello", args);
}

std::optional<protocol::Message> HubClient::next_push(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pushes_.empty()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    auto text = connection_.read(left);
    if (!text) return std::nullopt;
    auto message = protocol::decode_message(*text);
    if (message && message->is_push) pushes_.push_back(std::move(*message));
  }
  protocol::Message m = std::move(pushes_.front());
  pushes_.pop_front();
  return m;
}

void HubClient::send_raw(std::string_view text) { connection_.send(text); }

std::optional<protocol::Message> HubClient::read_message(std::chrono::milliseconds timeout) {
  auto text = connection_.read(timeout);
  if (!text) return std::nullopt;
  return protocol::decode_message(*text);
}

void HubClient::close() { connection_.close(); }

}  // namespace kiosk::client
