#include "kiosk/client/url.hpp"

namespace kiosk::client {

std::optional<HubUrl> parse_hub_url(std::string_view text) {
  HubUrl url;
  for (std::string_view scheme : {"ws://", "http://"}) {
    if (text.starts_with(scheme)) {
      text.remove_prefix(scheme.size());
      break;
    }
  }
  if (text.find("://") != std::string_view::npos) return std::nullopt;  // wss/https: not on the LAN yet
  const auto slash = text.find('/');
  std::string_view authority = text.substr(0, slash);
  if (slash != std::string_view::npos && slash + 1 < text.size()) url.path = std::string(text.substr(slash));
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos) {
    url.port = std::string(authority.substr(colon + 1));
    authority = authority.substr(0, colon);
    if (url.port.empty() || url.port.size() > 5 || url.port.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  }
  if (authority.empty()) return std::nullopt;
  url.host = std::string(authority);
  return url;
}

}  // namespace kiosk::client
