#include "args.hpp"

namespace kiosk::service {
namespace {
const nlohmann::json kNull = nullptr;
}

void refuse_request(const char* code, std::string en, std::string vi) {
  throw Refusal(protocol::make_error(code, std::move(en), std::move(vi)));
}

void Args::bad(const char* key, const char* what) const {
  refuse_request(protocol::error_code::bad_args, std::string("argument \"") + key + "\" " + what,
                 std::string("Tham số \"") + key + "\" không hợp lệ");
}

bool Args::has(const char* key) const { return j_.contains(key) && !j_.at(key).is_null(); }

const nlohmann::json& Args::raw(const char* key) const {
  auto it = j_.find(key);
  return it == j_.end() ? kNull : *it;
}

std::string Args::text(const char* key) const {
  const auto& v = raw(key);
  if (v.is_null()) bad(key, "is required");
  if (!v.is_string()) bad(key, "must be a string");
  if (v.get_ref<const std::string&>().empty()) bad(key, "must not be empty");
  return v.get<std::string>();
}

std::string Args::text_or(const char* key, std::string fallback) const {
  const auto& v = raw(key);
  if (v.is_null()) return fallback;
  if (!v.is_string()) bad(key, "must be a string");
  return v.get<std::string>();
}

std::int64_t Args::integer(const char* key) const {
  auto v = optional_integer(key);
  if (!v) bad(key, "is required");
  return *v;
}

std::optional<std::int64_t> Args::optional_integer(const char* key) const {
  const auto& v = raw(key);
  if (v.is_null()) return std::nullopt;
  if (!v.is_number_integer()) bad(key, "must be an integer");
  return v.get<std::int64_t>();
}

int Args::small_integer(const char* key, int min, int max) const {
  std::int64_t v = integer(key);
  if (v < min || v > max) bad(key, ("must be between " + std::to_string(min) + " and " + std::to_string(max)).c_str());
  return static_cast<int>(v);
}

bool Args::flag(const char* key, bool fallback) const {
  const auto& v = raw(key);
  if (v.is_null()) return fallback;
  if (!v.is_boolean()) bad(key, "must be true or false");
  return v.get<bool>();
}

}  // namespace kiosk::service
