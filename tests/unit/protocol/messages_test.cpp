// The LAN message envelopes: what decode_request accepts, what it refuses (with which code, echoing which
// id), and the hub → device messages round-tripping through decode_message.
#include <gtest/gtest.h>

#include <string>

#include "kiosk/protocol/messages.hpp"

namespace kiosk::protocol {
namespace {

using nlohmann::json;

// Refused with `code`, a message for the logs and one for the screen, and no request.
void expect_refused(const Decoded& d, const char* code, const json& id = nullptr) {
  ASSERT_TRUE(d.error) << "accepted, expected " << code;
  EXPECT_FALSE(d.request);
  EXPECT_EQ(d.error->code, code) << d.error->message;
  EXPECT_FALSE(d.error->message.empty());
  EXPECT_FALSE(d.error->message_vi.empty());
  EXPECT_EQ(d.id, id);
}

Request expect_accepted(const Decoded& d) {
  EXPECT_FALSE(d.error) << (d.error ? d.error->code + ": " + d.error->message : "");
  if (!d.request) {
    ADD_FAILURE() << "no request";
    return {};
  }
  EXPECT_EQ(d.id, d.request->id);
  return *d.request;
}

// {"v":1,"id":1,"cmd":"ping","args":{"a":[[...]]}}: `depth` levels of nesting in all.
std::string nested(int depth) {
  const int brackets = depth - 2;  // the message and its args are two levels
  return R"({"v":1,"id":1,"cmd":"ping","args":{"a":)" + std::string(static_cast<std::size_t>(brackets), '[') +
         std::string(static_cast<std::size_t>(brackets), ']') + "}}";
}

TEST(ProtocolDecodeRequest, AcceptsAGoodRequest) {
  Request r = expect_accepted(decode_request(R"({"v":1,"id":7,"cmd":"ticket.issue","args":{"service":"HT"}})"));
  EXPECT_EQ(r.id, 7);
  EXPECT_EQ(r.cmd, "ticket.issue");
  EXPECT_EQ(r.args, (json{{"service", "HT"}}));
}

TEST(ProtocolDecodeRequest, AcceptsAStringIdAndMissingOrNullArgsAsAnEmptyObject) {
  Request absent = expect_accepted(decode_request(R"({"v":1,"id":"req-1","cmd":"ping"})"));
  EXPECT_EQ(absent.id, "req-1");
  EXPECT_TRUE(absent.args.is_object());
  EXPECT_TRUE(absent.args.empty());
  Request null_args = expect_accepted(decode_request(R"({"cmd":"ping","args":null,"id":"x","v":1})"));
  EXPECT_TRUE(null_args.args.is_object());
  EXPECT_TRUE(null_args.args.empty());
  Request longest_id = expect_accepted(decode_request(json{{"v", 1}, {"id", std::string(kMaxIdBytes, 'i')}, {"cmd", "ping"}}.dump()));
  EXPECT_EQ(longest_id.id, std::string(kMaxIdBytes, 'i'));
}

TEST(ProtocolDecodeRequest, RefusesWhatIsNotAJsonObject) {
  expect_refused(decode_request("{not json"), error_code::malformed);
  expect_refused(decode_request(""), error_code::malformed);
  expect_refused(decode_request(R"([{"v":1,"id":1,"cmd":"ping"}])"), error_code::malformed);
  expect_refused(decode_request("42"), error_code::malformed);
  expect_refused(decode_request(R"("ping")"), error_code::malformed);
}

TEST(ProtocolDecodeRequest, RefusesInvalidUtf8InsideAString) {
  expect_refused(decode_request("{\"v\":1,\"id\":3,\"cmd\":\"ticket.issue\",\"args\":{\"service\":\"H\xff\"}}"),
                 error_code::malformed);
  // A truncated "ạ" (E1 BA A1).
  expect_refused(decode_request("{\"v\":1,\"id\":3,\"cmd\":\"ping\",\"args\":{\"name\":\"\xe1\xba\"}}"), error_code::malformed);
}

TEST(ProtocolDecodeRequest, RefusesAMissingOrUnsupportedVersionEchoingTheId) {
  expect_refused(decode_request(R"({"id":5,"cmd":"ping"})"), error_code::version, 5);
  expect_refused(decode_request(R"({"v":2,"id":"abc","cmd":"ping"})"), error_code::version, "abc");
  expect_refused(decode_request(R"({"v":"1","id":6,"cmd":"ping"})"), error_code::version, 6);
  expect_refused(decode_request(R"({"v":1.5,"id":6,"cmd":"ping"})"), error_code::version, 6);
}

TEST(ProtocolDecodeRequest, RefusesAMissingOrEmptyCommand) {
  expect_refused(decode_request(R"({"v":1,"id":8})"), error_code::bad_request, 8);
  expect_refused(decode_request(R"({"v":1,"id":8,"cmd":""})"), error_code::bad_request, 8);
  expect_refused(decode_request(R"({"v":1,"id":8,"cmd":42})"), error_code::bad_request, 8);
}

TEST(ProtocolDecodeRequest, RefusesAnIdItCannotEcho) {
  const std::string too_long(kMaxIdBytes + 1, 'i');
  expect_refused(decode_request(json{{"v", 1}, {"id", too_long}, {"cmd", "ping"}}.dump()), error_code::bad_request);
  expect_refused(decode_request(R"({"v":1,"id":{"n":1},"cmd":"ping"})"), error_code::bad_request);
  expect_refused(decode_request(R"({"v":1,"id":"","cmd":"ping"})"), error_code::bad_request);
  expect_refused(decode_request(R"({"v":1,"id":1.5,"cmd":"ping"})"), error_code::bad_request);
  expect_refused(decode_request(R"({"v":1,"cmd":"ping"})"), error_code::bad_request);
}

TEST(ProtocolDecodeRequest, RefusesArgsThatAreNotAnObject) {
  expect_refused(decode_request(R"({"v":1,"id":9,"cmd":"ping","args":[1]})"), error_code::bad_request, 9);
  expect_refused(decode_request(R"({"v":1,"id":9,"cmd":"ping","args":"service=HT"})"), error_code::bad_request, 9);
}

TEST(ProtocolDecodeRequest, RefusesAMessageOverTheLimit) {
  const std::string text = R"({"v":1,"id":1,"cmd":"ping"})";
  expect_accepted(decode_request(text, text.size()));
  expect_refused(decode_request(text, text.size() - 1), error_code::too_large);
  const std::string big = R"({"v":1,"id":1,"cmd":"ping","args":{"pad":")" + std::string(kDefaultMaxMessageBytes, 'x') + "\"}}";
  expect_refused(decode_request(big), error_code::too_large);
}

TEST(ProtocolDecodeRequest, RefusesNestingDeeperThanSixteen) {
  expect_accepted(decode_request(nested(16)));
  expect_refused(decode_request(nested(17)), error_code::malformed);
  expect_refused(decode_request(std::string(100000, '[')), error_code::malformed);
  expect_refused(decode_request(std::string(100000, '{')), error_code::malformed);
  // Brackets inside strings (escaped quotes too) are text, not nesting.
  const std::string in_string = R"({"v":1,"id":1,"cmd":"ping","args":{"s":"\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}})";
  expect_accepted(decode_request(in_string));
}

TEST(ProtocolEncode, ARequestDecodesBackToItself) {
  Request r = expect_accepted(decode_request(encode_request("id-1", "counter.call", {{"counter", 3}})));
  EXPECT_EQ(r.id, "id-1");
  EXPECT_EQ(r.cmd, "counter.call");
  EXPECT_EQ(r.args, (json{{"counter", 3}}));
  EXPECT_TRUE(expect_accepted(decode_request(encode_request(2, "ping", nullptr))).args.empty());
}

TEST(ProtocolDecodeMessage, AResultRoundTrips) {
  const json result{{"number", "B-001"}, {"people_ahead", 0}, {"service_name_vi", "Hộ tịch"}};
  auto m = decode_message(encode_result(7, result));
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->is_push);
  EXPECT_TRUE(m->ok);
  EXPECT_EQ(m->id, 7);
  EXPECT_EQ(m->result, result);
}

TEST(ProtocolDecodeMessage, AnErrorRoundTrips) {
  const Error e = make_error("queue.empty", "nobody is waiting", "Không có công dân đang chờ");
  auto m = decode_message(encode_error("abc", e));
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->is_push);
  EXPECT_FALSE(m->ok);
  EXPECT_EQ(m->id, "abc");
  EXPECT_EQ(m->error.code, e.code);
  EXPECT_EQ(m->error.message, e.message);
  EXPECT_EQ(m->error.message_vi, e.message_vi);
  // The reply to a message whose id could not be read.
  auto anonymous = decode_message(encode_error(nullptr, e));
  ASSERT_TRUE(anonymous);
  EXPECT_TRUE(anonymous->id.is_null());
}

TEST(ProtocolDecodeMessage, APushRoundTrips) {
  const json body{{"event", {{"seq", 12}, {"type", "ticket.called"}, {"payload", {{"counter", 3}}}}}};
  auto m = decode_message(encode_push("event", body));
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->is_push);
  EXPECT_EQ(m->push, "event");
  EXPECT_EQ(m->body["event"], body["event"]);
  EXPECT_EQ(m->body["v"], kVersion);
}

TEST(ProtocolDecodeMessage, TextThatIsNotValidUtf8IsReplacedNotThrown) {
  std::string text;
  ASSERT_NO_THROW(text = encode_result(1, json{{"name", "H\xff"}}));
  auto m = decode_message(text);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->ok);
  EXPECT_TRUE(m->result["name"].is_string());
}

TEST(ProtocolDecodeMessage, RefusesOtherVersionsAndNonMessages) {
  EXPECT_FALSE(decode_message(R"({"v":2,"id":1,"ok":true,"result":{}})"));
  EXPECT_FALSE(decode_message(R"({"v":2,"push":"event"})"));
  EXPECT_FALSE(decode_message(R"({"id":1,"ok":true,"result":{}})"));
  EXPECT_FALSE(decode_message(R"({"v":1,"id":1})"));
  EXPECT_FALSE(decode_message(R"({"v":1,"id":1,"ok":false,"error":"oops"})"));
  EXPECT_FALSE(decode_message("[1]"));
  EXPECT_FALSE(decode_message("not json"));
}

}  // namespace
}  // namespace kiosk::protocol
