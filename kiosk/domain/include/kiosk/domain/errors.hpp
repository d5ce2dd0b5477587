// A refusal by the rules: the operation is not allowed in the current state. Carries a stable code for
// programs, an English message for logs and a Vietnamese one for screens.
#pragma once

#include <stdexcept>
#include <string>

namespace kiosk {

class DomainError : public std::runtime_error {
 public:
  DomainError(std::string code, const std::string& message_en, std::string message_vi)
      : std::runtime_error(message_en), code_(std::move(code)), message_vi_(std::move(message_vi)) {}
  const std::string& code() const { return code_; }
  const std::string& message_vi() const { return message_vi_; }

 private:
  std::string code_;
  std::string message_vi_;
};

}  // namespace kiosk
