#include "kiosk/protocol/roles.hpp"

#include <array>
#include <utility>

namespace kiosk::protocol {
namespace {

struct RoleName {
  Role role;
  std::string_view name;
  std::string_view name_vi;
};
constexpr std::array<RoleName, 5> kRoles{{
    {Role::ticket, "ticket", "Máy lấy số"},
    {Role::counter, "counter", "Quầy"},
    {Role::rating, "rating", "Màn hình đánh giá"},
    {Role::board, "board", "Bảng hiển thị"},
    {Role::manager, "manager", "Quản lý"},
}};

}  // namespace

std::string_view to_string(Role role) { return kRoles[static_cast<std::size_t>(role)].name; }
std::string_view role_name_vi(Role role) { return kRoles[static_cast<std::size_t>(role)].name_vi; }

std::optional<Role> parse_role(std::string_view text) {
  for (const auto& r : kRoles)
    if (r.name == text) return r.role;
  return std::nullopt;
}

bool role_has_counter(Role role) { return role == Role::counter || role == Role::rating; }

}  // namespace kiosk::protocol
