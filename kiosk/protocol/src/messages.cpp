#include "kiosk/protocol/messages.hpp"

namespace kiosk::protocol {
namespace {

using nlohmann::json;

// Requests are shallow; refusing deep nesting before parsing keeps a hostile frame from costing stack.
constexpr int kMaxDepth = 16;

bool nesting_within(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if (c == ']' || c == '}') --depth;
  }
  return true;
}

bool valid_id(const json& id) {
  if (id.is_number_integer()) return true;
  return id.is_string() && !id.get_ref<const std::string&>().empty() &&
         id.get_ref<const std::string&>().size() <= kMaxIdBytes;
}

Decoded fail(json id, const char* code, std::string en, std::string vi) {
  Decoded d;
  d.id = std::move(id);
  d.error = make_error(code, std::move(en), std::move(vi));
  return d;
}

}  // namespace

Error make_error(std::string code, std::string message, std::string message_vi) {
  return Error{std::move(code), std::move(message), std::move(message_vi)};
}

Decoded decode_request(std::string_view text, std::size_t max_bytes) {
  if (text.size() > max_bytes)
    return fail(nullptr, error_code::too_large, "message of " + std::to_string(text.size()) + " bytes exceeds the limit of " + std::to_string(max_bytes),
                "Yêu cầu quá lớn");
  if (!nesting_within(text, kMaxDepth))
    return fail(nullptr, error_code::malformed, "message nested too deeply", "Yêu cầu không hợp lệ");
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    return fail(nullptr, error_code::malformed, "message is not JSON (or not UTF-8)", "Yêu cầu không đọc được");
  if (!j.is_object()) return fail(nullptr, error_code::malformed, "message is not a JSON object", "Yêu cầu không hợp lệ");

  json id = nullptr;
  if (auto it = j.find("id"); it != j.end() && valid_id(*it)) id = *it;

  auto v = j.find("v");
  if (v == j.end() || !v->is_number_integer())
    return fail(id, error_code::version, "missing protocol version \"v\"", "Thiếu phiên bản giao thức");
  if (v->get<std::int64_t>() != kVersion)
    return fail(id, error_code::version,
                "protocol version " + v->dump() + " is not supported; this hub speaks " + std::to_string(kVersion),
                "Phiên bản giao thức không được hỗ trợ; cần cập nhật thiết bị");
  if (id.is_null())
    return fail(nullptr, error_code::bad_request, "missing or invalid \"id\" (a string of 1–64 bytes or an integer)",
                "Yêu cầu thiếu mã số");
  auto cmd = j.find("cmd");
  if (cmd == j.end() || !cmd->is_string() || cmd->get_ref<const std::string&>().empty())
    return fail(id, error_code::bad_request, "missing \"cmd\"", "Yêu cầu thiếu lệnh");
  Request r;
  r.id = id;
  r.cmd = cmd->get<std::string>();
  if (auto args = j.find("args"); args != j.end() && !args->is_null()) {
    if (!args->is_object()) return fail(id, error_code::bad_request, "\"args\" must be an object", "Tham số không hợp lệ");
    r.args = std::move(*args);
  }
  Decoded d;
  d.id = std::move(id);
  d.request = std::move(r);
  return d;
}

std::string encode_request(const json& id, std::string_view cmd, const json& args) {
  return json{{"v", kVersion}, {"id", id}, {"cmd", cmd}, {"args", args.is_null() ? json::object() : args}}.dump();
}

std::string encode_result(const json& id, const json& result) {
  return json{{"v", kVersion}, {"id", id}, {"ok", true}, {"result", result}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string encode_error(const json& id, const Error& error) {
  return json{{"v", kVersion},
              {"id", id},
              {"ok", false},
              {"error", {{"code", error.code}, {"message", error.message}, {"message_vi", error.message_vi}}}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string encode_push(std::string_view kind, const json& body) {
  json j = body.is_object() ? body : json::object();
  j["v"] = kVersion;
  j["push"] = kind;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<Message> decode_message(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  auto v = j.find("v");
  if (v == j.end() || !v->is_number_integer() || v->get<std::int64_t>() != kVersion) return std::nullopt;
  Message m;
  if (auto push = j.find("push"); push != j.end() && push->is_string()) {
    m.is_push = true;
    m.push = push->get<std::string>();
    m.body = std::move(j);
    return m;
  }
  auto ok = j.find("ok");
  if (ok == j.end() || !ok->is_boolean()) return std::nullopt;
  m.id = j.value("id", json(nullptr));
  m.ok = ok->get<bool>();
  if (m.ok) {
    m.result = j.value("result", json(nullptr));
  } else {
    const json e = j.value("error", json::object());
    if (!e.is_object()) return std::nullopt;
    auto text_of = [&](const char* key) {
      auto it = e.find(key);
      return it != e.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    m.error = make_error(text_of("code"), text_of("message"), text_of("message_vi"));
  }
  return m;
}

}  // namespace kiosk::protocol
