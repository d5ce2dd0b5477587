// What kind of device is asking, and therefore what it may do (docs/protocol.md, "Roles").
#pragma once

#include <optional>
#include <string_view>

namespace kiosk::protocol {

enum class Role { ticket, counter, rating, board, manager };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);
// Counter and rating devices belong to one counter.
bool role_has_counter(Role role);
std::string_view role_name_vi(Role role);

}  // namespace kiosk::protocol
