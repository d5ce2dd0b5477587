// The hub's HTTP and WebSocket sessions driven over Beast's test::stream: bytes arriving one at a time,
// streams failing at every step, malformed and oversized messages, floods. The store behind them is real.
#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "http_session.hpp"
#include "kiosk/domain/events.hpp"

namespace kiosk::hub {
namespace {

namespace asio = boost::asio;
namespace test = boost::beast::test;
using nlohmann::json;

constexpr const char* kManagerCode = "12345678";

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A hub without its listener: the worker on a real database, and sessions on in-memory streams.
class Harness {
 public:
  explicit Harness(Limits limits = {}) {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("hub-session-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    const auto db = dir_ / "centre.db";
    const std::filesystem::path assets = KIOSK_ASSETS_DIR;
    const Instant now = service::Service::system_clock_ms();
    store::CentreStore::initialise(db, {"H15", read_file(assets / "catalog/district.toml"), "", "test"}, now);
    auto store = store::CentreStore::open(db);
    store.create_pairing({to_hex(sha256(kManagerCode)), "manager", std::nullopt, now + std::chrono::hours(1)}, now, {"test", ""});
    service::Options options;
    options.pin_opslimit = 1;
    options.pin_memlimit = 8192 * 1024;
    worker_ = std::make_unique<Worker>(std::move(store), options, registry_, metrics_);
    worker_->start();
    shared_ = std::make_shared<Shared>(Shared{*worker_, registry_, metrics_, limits, page_});
    thread_ = std::thread([this] { context_.run(); });
  }
  ~Harness() {
    work_.reset();
    context_.stop();
    thread_.join();
    worker_->stop();
    std::filesystem::remove_all(dir_);
  }

  // A session on `server`; returns the client's end.
  test::stream connect(test::stream server) {
    test::stream client(context_);
    client.connect(server);
    std::make_shared<HttpSession<test::stream>>(std::move(server), shared_)->run();
    return client;
  }
  test::stream connect() { return connect(test::stream(context_)); }

  asio::io_context& context() { return context_; }
  Metrics& metrics() { return metrics_; }
  std::int64_t last_seq() { return store::CentreStore::open(dir_ / "centre.db").last_seq(); }
  std::int64_t tickets() {
    auto s = store::CentreStore::open(dir_ / "centre.db");
    std::int64_t n = 0;
    s.for_each_event(1, [&](const Event& e) {
      n += e.type == event_type::ticket_issued;
      return true;
    });
    return n;
  }

 private:
  std::filesystem::path dir_;
  Registry registry_;
  Metrics metrics_;
  std::string page_ = "<!doctype html><title>Bảng gọi số</title>";
  std::unique_ptr<Worker> worker_;
  std::shared_ptr<Shared> shared_;
  asio::io_context context_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(context_);
  std::thread thread_;
};

// A device's side of the WebSocket, synchronous (the hub runs on the harness's thread).
class Device {
 public:
  explicit Device(test::stream client) : ws_(std::move(client)) { ws_.handshake("hub", "/ws"); }

  json request(const std::string& cmd, json args = json::object()) {
    send(protocol::encode_request(next_id_, cmd, args));
    return reply_to(next_id_++);
  }
  void send(const std::string& text, bool binary = false) {
    ws_.binary(binary);
    ws_.write(asio::buffer(text));
  }
  // The next reply (pushes are kept aside).
  json read() {
    while (true) {
      json m = read_any();
      if (!m.contains("push")) return m;
      pushes.push_back(m);
    }
  }
  json read_any() {
    boost::beast::flat_buffer buffer;
    ws_.read(buffer);
    return json::parse(boost::beast::buffers_to_string(buffer.data()));
  }
  json reply_to(std::int64_t id) {
    while (true) {
      json m = read();
      if (m["id"] == id || m["id"].is_null()) return m;
    }
  }
  std::string pair_and_hello_as_manager() {
    json paired = request("pair", {{"code", kManagerCode}, {"name", "test"}});
    EXPECT_TRUE(paired["ok"]) << paired.dump();
    return paired["result"]["token"];
  }
  boost::beast::websocket::stream<test::stream>& ws() { return ws_; }
  std::vector<json> pushes;

 private:
  boost::beast::websocket::stream<test::stream> ws_;
  std::int64_t next_id_ = 1;
};

std::string http_get(test::stream& client, const std::string& request) {
  boost::beast::http::response<boost::beast::http::string_body> res;
  client.write_some(asio::buffer(request));
  boost::beast::flat_buffer buffer;
  boost::beast::http::read(client, buffer, res);
  return std::to_string(res.result_int()) + " " + res.body();
}

TEST(HubSession, AnswersHealthMetricsAndTheBoardPage) {
  Harness hub;
  auto client = hub.connect();
  // The worker's first tick sets the health; give it a moment.
  for (int i = 0; i < 100 && !hub.metrics().healthy(std::chrono::steady_clock::now()); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(http_get(client, "GET /healthz HTTP/1.1\r\nHost: hub\r\n\r\n"), "200 ok\n");
  EXPECT_NE(http_get(client, "GET /metrics HTTP/1.1\r\nHost: hub\r\n\r\n").find("kiosk_queue_waiting{service=\"HT\"} 0"), std::string::npos);
  EXPECT_NE(http_get(client, "GET /board HTTP/1.1\r\nHost: hub\r\n\r\n").find("Bảng gọi số"), std::string::npos);
  EXPECT_EQ(http_get(client, "GET /nothing HTTP/1.1\r\nHost: hub\r\n\r\n").substr(0, 3), "404");
  EXPECT_EQ(http_get(client, "DELETE /board HTTP/1.1\r\nHost: hub\r\n\r\n").substr(0, 3), "405");
}

TEST(HubSession, RefusesAnOversizedOrGarbledHttpRequest) {
  Harness hub;
  auto big = hub.connect();
  EXPECT_EQ(http_get(big, "POST /board HTTP/1.1\r\nHost: hub\r\nContent-Length: 100000\r\n\r\n" + std::string(100000, 'x')).substr(0, 3), "413");
  auto garbled = hub.connect();
  EXPECT_EQ(http_get(garbled, "HELLO THERE\r\n\r\n").substr(0, 3), "400");
}

TEST(HubSession, WorksWhenEveryByteArrivesAlone) {
  Harness hub;
  test::stream server(hub.context());
  server.read_size(1);
  Device device(hub.connect(std::move(server)));
  device.pair_and_hello_as_manager();
  json issued = device.request("ticket.issue", {{"service", "HT"}});
  ASSERT_TRUE(issued["ok"]) << issued.dump();
  EXPECT_EQ(issued["result"]["number"], "B-001");
}

TEST(HubSession, KeepsTheConnectionAfterMalformedMessages) {
  Harness hub;
  Device device(hub.connect());
  device.send("{not json");
  EXPECT_EQ(device.read()["error"]["code"], "protocol.malformed");
  device.send(R"({"v":9,"id":4,"cmd":"ping"})");
  json wrong_version = device.read();
  EXPECT_EQ(wrong_version["error"]["code"], "protocol.version");
  EXPECT_EQ(wrong_version["id"], 4);
  device.send("binary", /*binary=*/true);
  EXPECT_EQ(device.read()["error"]["code"], "protocol.malformed");
  EXPECT_EQ(device.request("ticket.issue", {{"service", "HT"}})["error"]["code"], "auth.required");
  device.pair_and_hello_as_manager();
  EXPECT_EQ(device.request("no.such.command")["error"]["code"], "protocol.unknown_command");
  EXPECT_TRUE(device.request("ticket.issue", {{"service", "HT"}})["ok"]);
  EXPECT_EQ(hub.tickets(), 1);
}

TEST(HubSession, AnOversizedMessageIsRefusedAndTheConnectionGoesOn) {
  Limits limits;
  limits.max_message_bytes = 4096;
  Harness hub(limits);
  Device device(hub.connect());
  device.pair_and_hello_as_manager();
  const auto before = hub.last_seq();
  device.send(protocol::encode_request(7, "ticket.issue", {{"service", "HT"}, {"padding", std::string(100000, 'x')}}));
  EXPECT_EQ(device.read()["error"]["code"], "protocol.too_large");
  EXPECT_EQ(hub.last_seq(), before);
  EXPECT_TRUE(device.request("ticket.issue", {{"service", "HT"}})["ok"]);
}

TEST(HubSession, AFloodIsRateLimitedWithoutHarmingTheHub) {
  Limits limits;
  limits.requests_per_second = 5;
  limits.request_burst = 10;
  Harness hub(limits);
  Device device(hub.connect());
  const std::string token = device.pair_and_hello_as_manager();
  for (int i = 0; i < 60; ++i) device.send(protocol::encode_request(100 + i, "ticket.issue", {{"service", "HT"}}));
  int ok = 0, limited = 0;
  for (int i = 0; i < 60; ++i) {
    json m = device.read();
    ok += m["ok"].get<bool>();
    limited += m["error"]["code"] == "rate.limited";
  }
  EXPECT_EQ(ok + limited, 60);
  EXPECT_GE(limited, 40);
  EXPECT_EQ(hub.tickets(), ok);  // a refused request wrote nothing
  // Another device is not affected.
  Device other(hub.connect());
  ASSERT_TRUE(other.request("hello", {{"token", token}})["ok"]);
  EXPECT_TRUE(other.request("ticket.issue", {{"service", "HT"}})["ok"]);
}

TEST(HubSession, AMessageThatNeverCompletesIsCutOffAtItsDeadline) {
  Limits limits;
  limits.message_deadline = std::chrono::milliseconds(200);
  Harness hub(limits);
  Device device(hub.connect());
  // A text frame announcing 100 bytes, of which 10 arrive (client frames are masked).
  std::string frame = {'\x81', static_cast<char>(0x80 | 100), 1, 2, 3, 4};
  frame += std::string(10, 'a');
  boost::beast::get_lowest_layer(device.ws()).write_some(asio::buffer(frame));
  boost::beast::flat_buffer buffer;
  boost::system::error_code ec;
  device.ws().read(buffer, ec);
  EXPECT_TRUE(ec) << "the hub should have closed the connection";
}

// Fails the server's stream at its 1st, 2nd, … operation: handshake, reads of the request, the reply's
// write. Whatever breaks, the hub goes on, and every acknowledged ticket is in the log.
TEST(HubSession, FailuresAtEveryStepLeaveTheHubWorkingAndAcknowledgedMeansCommitted) {
  Harness hub;
  std::string token;
  {
    Device setup(hub.connect());
    token = setup.pair_and_hello_as_manager();
  }
  int acknowledged = 0;
  for (std::size_t n = 1; n <= 60; ++n) {
    test::fail_count fc(n);
    test::stream server(hub.context(), fc);
    server.read_size(16);
    try {
      Device device(hub.connect(std::move(server)));
      json hello = device.request("hello", {{"token", token}});
      if (!hello["ok"]) continue;
      json issued = device.request("ticket.issue", {{"service", "HT"}});
      acknowledged += issued["ok"].get<bool>();
    } catch (const boost::system::system_error&) {
      // The connection broke where the failure was injected.
    }
  }
  Device after(hub.connect());
  EXPECT_TRUE(after.request("hello", {{"token", token}})["ok"]);
  EXPECT_TRUE(after.request("ticket.issue", {{"service", "HT"}})["ok"]);
  EXPECT_GE(hub.tickets(), acknowledged + 1);
  EXPECT_GT(acknowledged, 0);
}

TEST(HubSession, RequestsPipelinedBehindHelloRunAsTheDeviceItNames) {
  Harness hub;
  std::string token;
  {
    Device setup(hub.connect());
    token = setup.pair_and_hello_as_manager();
  }
  Device device(hub.connect());
  device.send(protocol::encode_request(1, "hello", {{"token", token}}));
  device.send(protocol::encode_request(2, "ticket.issue", {{"service", "HT"}}));
  device.send(protocol::encode_request(3, "hello", {{"token", "not-a-token"}}));
  device.send(protocol::encode_request(4, "ticket.issue", {{"service", "HT"}}));
  EXPECT_TRUE(device.reply_to(1)["ok"]);
  EXPECT_TRUE(device.reply_to(2)["ok"]);
  EXPECT_EQ(device.reply_to(3)["error"]["code"], "auth.invalid_token");
  // A refused hello leaves the connection speaking for nobody.
  EXPECT_EQ(device.reply_to(4)["error"]["code"], "auth.required");
  EXPECT_EQ(hub.tickets(), 1);
}

TEST(HubSession, PushesReachSubscribersOnly) {
  Harness hub;
  Device manager(hub.connect());
  manager.pair_and_hello_as_manager();
  json board_code = manager.request("pairing.create", {{"role", "board"}});
  json ticket_code = manager.request("pairing.create", {{"role", "ticket"}});
  Device board(hub.connect()), kiosk(hub.connect());
  ASSERT_TRUE(board.request("pair", {{"code", board_code["result"]["code"]}})["ok"]);
  ASSERT_TRUE(kiosk.request("pair", {{"code", ticket_code["result"]["code"]}})["ok"]);
  EXPECT_EQ(kiosk.request("counter.call", {{"counter", 3}})["error"]["code"], "auth.forbidden");
  ASSERT_TRUE(kiosk.request("ticket.issue", {{"service", "HT"}})["ok"]);
  ASSERT_TRUE(manager.request("staff.add", {{"staff", "nv01"}, {"name", "Lan"}, {"pin", "1234"}})["ok"]);
  ASSERT_TRUE(manager.request("staff.sign_in", {{"counter", 3}, {"staff", "nv01"}, {"pin", "1234"}})["ok"]);
  ASSERT_TRUE(manager.request("counter.open", {{"counter", 3}})["ok"]);
  ASSERT_TRUE(manager.request("counter.call", {{"counter", 3}})["ok"]);
  // The board hears the call (and queue summaries), never the ticket's issue or the staff sign-in.
  bool heard_call = false;
  while (!heard_call) {
    json m = board.read_any();
    ASSERT_TRUE(m.contains("push"));
    if (m["push"] == "event") {
      EXPECT_EQ(m["event"]["type"], "ticket.called") << m.dump();
      heard_call = m["event"]["payload"]["number"] == "B-001" && m["event"]["payload"]["counter"] == 3;
    }
  }
}

json device_entry(const json& list, const std::string& device) {
  for (const json& d : list["result"]["devices"])
    if (d["device"] == device) return d;
  ADD_FAILURE() << "device.list lacks " << device << ": " << list.dump();
  return json();
}

TEST(HubSession, DeviceListSaysWhichDevicesAreConnectedNow) {
  Harness hub;
  Device manager(hub.connect());
  manager.pair_and_hello_as_manager();
  const json board_code = manager.request("pairing.create", {{"role", "board"}});
  const json ticket_code = manager.request("pairing.create", {{"role", "ticket"}});
  Device board(hub.connect());
  const std::string board_id = board.request("pair", {{"code", board_code["result"]["code"]}})["result"]["device"];
  std::string kiosk_id, kiosk_token;
  {
    Device kiosk(hub.connect());
    const json paired = kiosk.request("pair", {{"code", ticket_code["result"]["code"]}});
    kiosk_id = paired["result"]["device"];
    kiosk_token = paired["result"]["token"];
    ASSERT_TRUE(kiosk.request("device.status", {{"printer", "paper_near_end"}, {"printer_error", "Sắp hết giấy"}})["ok"]);
    const json kiosk_now = device_entry(manager.request("device.list"), kiosk_id);
    EXPECT_EQ(kiosk_now["connected"], true);
    EXPECT_TRUE(kiosk_now["last_seen"].is_string());
    // The manager's screen heard of the printer before its answer.
    const auto heard = std::find_if(manager.pushes.begin(), manager.pushes.end(), [&](const json& p) {
      return p["push"] == "device" && p["device"]["device"] == kiosk_id;
    });
    ASSERT_NE(heard, manager.pushes.end());
    EXPECT_EQ((*heard)["device"]["printer"], "paper_near_end");
  }  // the kiosk is unplugged
  json kiosk_after;
  for (int i = 0; i < 500; ++i) {
    kiosk_after = device_entry(manager.request("device.list"), kiosk_id);
    if (kiosk_after["connected"] == false) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(kiosk_after["connected"], false);
  EXPECT_TRUE(kiosk_after["last_seen"].is_string());
  EXPECT_EQ(kiosk_after["printer"], "paper_near_end");  // the last report stands until the next
  EXPECT_EQ(kiosk_after["printer_error"], "Sắp hết giấy");
  const json list = manager.request("device.list");
  EXPECT_EQ(device_entry(list, board_id)["connected"], true);
  EXPECT_TRUE(device_entry(list, board_id)["printer"].is_null());
  // The manager's own connection counts too (its id is the only other one).
  for (const json& d : list["result"]["devices"]) {
    if (d["device"] != board_id && d["device"] != kiosk_id) {
      EXPECT_EQ(d["connected"], true) << d.dump();
    }
  }

  // Back on a new connection it is connected again; after a refused hello that connection speaks for nobody.
  Device again(hub.connect());
  ASSERT_TRUE(again.request("hello", {{"token", kiosk_token}})["ok"]);
  EXPECT_EQ(device_entry(manager.request("device.list"), kiosk_id)["connected"], true);
  EXPECT_EQ(again.request("hello", {{"token", "not-a-token"}})["error"]["code"], "auth.invalid_token");
  EXPECT_EQ(device_entry(manager.request("device.list"), kiosk_id)["connected"], false);
}

}  // namespace
}  // namespace kiosk::hub
