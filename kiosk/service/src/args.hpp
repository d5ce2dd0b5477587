// Typed access to a request's "args", naming the argument in the error when it is missing or mistyped.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "kiosk/protocol/messages.hpp"

namespace kiosk::service {

// A request refused before it reached the rules: bad arguments, a role that may not, no staff signed in.
struct Refusal : std::exception {
  explicit Refusal(protocol::Error e) : error(std::move(e)) {}
  const char* what() const noexcept override { return error.message.c_str(); }
  protocol::Error error;
};

[[noreturn]] void refuse_request(const char* code, std::string en, std::string vi);

class Args {
 public:
  explicit Args(const nlohmann::json& args) : j_(args) {}

  bool has(const char* key) const;
  std::string text(const char* key) const;  // required, non-empty
  std::string text_or(const char* key, std::string fallback) const;
  std::int64_t integer(const char* key) const;
  std::optional<std::int64_t> optional_integer(const char* key) const;
  int small_integer(const char* key, int min, int max) const;
  bool flag(const char* key, bool fallback = false) const;
  const nlohmann::json& raw(const char* key) const;  // null when absent

 private:
  [[noreturn]] void bad(const char* key, const char* what) const;
  const nlohmann::json& j_;
};

}  // namespace kiosk::service
