#pragma once

#include <stdexcept>
#include <string>

namespace kiosk::store {

// A failure of the database itself (as opposed to a DomainError, a refusal by the rules).
class StoreError : public std::runtime_error {
 public:
  enum class Kind { io, corrupt, disk_full, busy, constraint, not_initialised, already_initialised, bad_input, newer_schema };
  StoreError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

}  // namespace kiosk::store
