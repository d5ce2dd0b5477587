#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kiosk::client {

// ws://host:port/path or http://host:port (the hub's address as operators write it; path defaults to /ws,
// port to kioskd's 8080).
struct HubUrl {
  std::string host;
  std::string port = "8080";
  std::string path = "/ws";
};
std::optional<HubUrl> parse_hub_url(std::string_view text);

}  // namespace kiosk::client
