// A centre on loopback with real processes: kioskd, twenty counters and five boards. Every call reaches
// every board; kill -9 of the hub in a burst of calls loses no acknowledged call, and every device comes
// back and converges; a board that stops reading is dropped without delaying the others.
#include <gtest/gtest.h>

#include <netinet/tcp.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "hub_process.hpp"
#include "kiosk/client/device_link.hpp"
#include "kiosk/client/hub_client.hpp"
#include "kiosk/domain/events.hpp"
#include "kiosk/store/centre_store.hpp"

namespace kiosk::integration {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kCounters = 20;
constexpr int kBoards = 5;
constexpr int kFirstCounter = 101;

json must(const protocol::Message& m, const std::string& what) {
  if (!m.ok) throw std::runtime_error(what + ": " + m.error.code + " " + m.error.message);
  return m.result;
}

// What a board shows, rebuilt from its snapshots and pushes as a screen would.
struct BoardView {
  std::mutex mutex;
  std::vector<std::string> shown;      // newest first
  std::set<std::string> heard_live;    // calls pushed while connected
  void on_snapshot(const json& s) {
    std::lock_guard lock(mutex);
    shown.clear();
    for (const auto& c : s["calls"]) shown.push_back(c["number"]);
  }
  void on_push(const protocol::Message& m) {
    if (m.push != "event" || m.body["event"]["type"] != "ticket.called" || m.body.value("replay", false)) return;
    std::lock_guard lock(mutex);
    const std::string number = m.body["event"]["payload"]["number"];
    heard_live.insert(number);
    std::erase(shown, number);
    shown.insert(shown.begin(), number);
  }
  std::string newest() {
    std::lock_guard lock(mutex);
    return shown.empty() ? std::string() : shown.front();
  }
  bool heard(const std::string& number) {
    std::lock_guard lock(mutex);
    return heard_live.contains(number);
  }
};

class HubCentre : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string catalogue = read_text(fs::path(KIOSK_ASSETS_DIR) / "catalog/district.toml");
    for (int i = 0; i < kCounters; ++i)
      catalogue += "\n[[counter]]\nnumber = " + std::to_string(kFirstCounter + i) + "\nname_vi = \"Quầy " +
                   std::to_string(kFirstCounter + i) + "\"\nname_en = \"Counter\"\nservices = [\"HT\"]\n";
    std::ofstream(dir_.path() / "catalogue.toml") << catalogue;
    hub_.start();
    {
      auto store = store::CentreStore::open(hub_.database());
      const Instant now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
      store.create_pairing({to_hex(sha256("20000002")), "manager", std::nullopt, now + std::chrono::hours(1)}, now, {"test", ""});
    }
    manager_.connect(hub_.ws_url());
    manager_token_ = must(manager_.call("pair", {{"code", "20000002"}}), "pair manager")["token"];
    ticket_token_ = pair_device("ticket", std::nullopt);
    for (int i = 0; i < kCounters; ++i) {
      const int number = kFirstCounter + i;
      must(manager_.call("staff.add", {{"staff", "nv" + std::to_string(number)}, {"name", "Cán bộ"}, {"pin", "2468"}}), "staff.add");
      counter_tokens_.push_back(pair_device("counter", number));
    }
    for (int b = 0; b < kBoards; ++b) {
      views_.push_back(std::make_unique<BoardView>());
      BoardView* view = views_.back().get();
      client::DeviceLink::Options o;
      o.seed = static_cast<std::uint64_t>(b + 1);
      boards_.push_back(std::make_unique<client::DeviceLink>(
          hub_.ws_url(), pair_device("board", std::nullopt),
          client::DeviceLink::Handlers{[view](const json& s) { view->on_snapshot(s); },
                                       [view](const protocol::Message& m) { view->on_push(m); }, nullptr},
          o));
      boards_.back()->start();
    }
    for (auto& b : boards_) wait_until([&] { return b->connected(); }, std::chrono::seconds(10));
  }
  void TearDown() override {
    for (auto& b : boards_) b->stop();
  }

  std::string pair_device(const char* role, std::optional<int> counter) {
    json args{{"role", role}};
    if (counter) args["counter"] = *counter;
    const std::string code = must(manager_.call("pairing.create", args), "pairing.create")["code"];
    client::HubClient device;
    device.connect(hub_.ws_url());
    return must(device.call("pair", {{"code", code}}), "pair")["token"];
  }

  void issue(int n) {
    client::HubClient kiosk;
    kiosk.connect(hub_.ws_url());
    must(kiosk.hello(ticket_token_), "hello kiosk");
    for (int i = 0; i < n; ++i) {
      auto r = kiosk.call("ticket.issue", {{"service", "HT"}});
      if (!r.ok && r.error.code == "rate.limited") {
        std::this_thread::sleep_for(std::chrono::milliseconds(60));
        --i;
        continue;
      }
      must(r, "issue");
    }
  }

  template <class Condition>
  static bool wait_until(Condition done, std::chrono::milliseconds within) {
    const auto deadline = Clock::now() + within;
    while (!done()) {
      if (Clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
  }

  // The calls recorded in the log, as "number@counter".
  std::set<std::string> logged_calls() {
    std::set<std::string> out;
    auto store = store::CentreStore::open(hub_.database());
    store.for_each_event(1, [&](const Event& e) {
      if (e.type == event_type::ticket_called)
        out.insert(e.payload["number"].get<std::string>() + "@" + std::to_string(e.payload["counter"].get<int>()));
      return true;
    });
    return out;
  }

  TempDir dir_{"hub-it"};
  HubProcess hub_{{KIOSK_KIOSKD, dir_.path(), dir_.path() / "catalogue.toml", fs::path(KIOSK_ASSETS_DIR) / "calendar/vn-holidays.toml", "H15.50.05.13",
                   // Tickets are issued at a test's pace, not a citizen's; a short send queue makes a stalled board
                   // fall behind quickly.
                   "[limits]\nrequests_per_second = 1000\nrequest_burst = 1000\nsend_queue_messages = 64\n"}};
  client::HubClient manager_;
  std::string manager_token_, ticket_token_;
  std::vector<std::string> counter_tokens_;
  std::vector<std::unique_ptr<BoardView>> views_;
  std::vector<std::unique_ptr<client::DeviceLink>> boards_;
};

// A counter that keeps working through a hub that disappears: reconnects, says hello, goes on.
class Desk {
 public:
  Desk(std::string url, std::string token, int counter) : url_(std::move(url)), token_(std::move(token)), counter_(counter) {}

  protocol::Message call(const char* cmd, json args = json::object()) {
    for (int attempt = 0;; ++attempt) {
      try {
        if (!client_) {
          client_ = std::make_unique<client::HubClient>(std::chrono::seconds(3));
          client_->connect(url_);
          must(client_->hello(token_), "hello counter");
        }
        return client_->call(cmd, args);
      } catch (const std::exception&) {
        client_.reset();  // the hub is away: try again shortly (an unacknowledged command may or may not be in)
        if (attempt > 200) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(50 + 10 * std::min(attempt, 20)));
      }
    }
  }
  int counter() const { return counter_; }

 private:
  std::string url_, token_;
  int counter_;
  std::unique_ptr<client::HubClient> client_;
};

TEST_F(HubCentre, EveryCallReachesEveryBoard) {
  issue(40);
  std::vector<std::string> called;
  for (int i = 0; i < kCounters; ++i) {
    Desk desk(hub_.ws_url(), counter_tokens_[static_cast<std::size_t>(i)], kFirstCounter + i);
    must(desk.call("staff.sign_in", {{"staff", "nv" + std::to_string(desk.counter())}, {"pin", "2468"}}), "sign in");
    must(desk.call("counter.open"), "open");
    for (int c = 0; c < 2; ++c) {
      called.push_back(must(desk.call("counter.call"), "call")["number"]);
      must(desk.call("counter.start"), "start");
      must(desk.call("counter.finish"), "finish");
    }
  }
  ASSERT_EQ(called.size(), 40u);
  for (auto& view : views_)
    for (const auto& number : called)
      EXPECT_TRUE(wait_until([&] { return view->heard(number); }, std::chrono::seconds(5))) << "a board never heard " << number;
  for (auto& view : views_) EXPECT_EQ(view->newest(), called.back());
}

TEST_F(HubCentre, KillNineDuringABurstLosesNoAcknowledgedCallAndEveryoneConverges) {
  issue(300);
  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::vector<std::thread> desks;
  for (int i = 0; i < kCounters; ++i)
    desks.emplace_back([&, i] {
      Desk desk(hub_.ws_url(), counter_tokens_[static_cast<std::size_t>(i)], kFirstCounter + i);
      must(desk.call("staff.sign_in", {{"staff", "nv" + std::to_string(desk.counter())}, {"pin", "2468"}}), "sign in");
      // The hub may die after committing the open and before its reply: the retry then finds it open.
      if (auto opened = desk.call("counter.open"); !opened.ok && opened.error.code != "counter.already_open") must(opened, "open");
      while (!stop) {
        auto called = desk.call("counter.call");
        if (!called.ok) {
          if (called.error.code == "queue.empty") return;
          // A call acknowledged before the kill may have been lost with its reply: finish what the counter holds.
          if (called.error.code == "counter.busy") desk.call("counter.finish"), desk.call("counter.no_show");
          continue;
        }
        {
          std::lock_guard lock(mutex);
          acknowledged.insert(called.result["number"].get<std::string>() + "@" + std::to_string(desk.counter()));
        }
        desk.call("counter.start");
        desk.call("counter.finish");
      }
    });
  wait_until([&] {
    std::lock_guard lock(mutex);
    return acknowledged.size() >= 60;
  }, std::chrono::seconds(30));
  const int status = hub_.kill();
  EXPECT_TRUE(WIFSIGNALED(status)) << describe_status(status);
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  hub_.start();
  for (auto& t : desks) t.join();

  // Acknowledged = committed.
  const auto logged = logged_calls();
  for (const auto& call : acknowledged) EXPECT_TRUE(logged.contains(call)) << "acknowledged call lost: " << call;
  EXPECT_TRUE(store::CentreStore::open(hub_.database()).verify().ok());

  // Every board noticed, came back, and shows the same newest call as the hub after one more call.
  for (auto& b : boards_) EXPECT_TRUE(wait_until([&] { return b->connected() && b->reconnects() >= 1; }, std::chrono::seconds(20)));
  issue(1);
  Desk last(hub_.ws_url(), counter_tokens_[0], kFirstCounter);
  const std::string final_call = must(last.call("counter.call"), "final call")["number"];
  for (auto& view : views_)
    EXPECT_TRUE(wait_until([&] { return view->newest() == final_call; }, std::chrono::seconds(5))) << "board shows " << view->newest();
  client::HubClient check;
  check.connect(hub_.ws_url());
  must(check.hello(manager_token_), "hello manager");
  EXPECT_EQ(must(check.call("board.snapshot"), "snapshot")["calls"][0]["number"], final_call);
}

// A board that connects, says hello and then never reads again (a TV whose browser froze), with a small
// receive buffer so that the hub's pushes back up quickly.
int stalled_board(std::uint16_t port, const std::string& token) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int small = 2048;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw os_error("connect");
  const std::string upgrade = "GET /ws HTTP/1.1\r\nHost: hub\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  ::send(fd, upgrade.data(), upgrade.size(), MSG_NOSIGNAL);
  std::string response;
  char c;
  while (!response.ends_with("\r\n\r\n") && ::recv(fd, &c, 1, 0) == 1) response += c;
  if (!response.starts_with("HTTP/1.1 101")) throw std::runtime_error("no upgrade: " + response);
  // One masked text frame (a client must mask), then silence.
  const std::string hello = protocol::encode_request(1, "hello", {{"token", token}});
  std::string frame{'\x81'};
  if (hello.size() < 126) {
    frame += static_cast<char>(0x80 | hello.size());
  } else {
    frame += static_cast<char>(0x80 | 126);
    frame += static_cast<char>((hello.size() >> 8) & 0xff);
    frame += static_cast<char>(hello.size() & 0xff);
  }
  const char mask[4] = {1, 2, 3, 4};
  frame.append(mask, 4);
  for (std::size_t i = 0; i < hello.size(); ++i) frame += static_cast<char>(hello[i] ^ mask[i % 4]);
  ::send(fd, frame.data(), frame.size(), MSG_NOSIGNAL);
  return fd;
}

TEST_F(HubCentre, ABoardThatStopsReadingIsDroppedAndTheOthersHearEveryCall) {
  const int stalled = stalled_board(hub_.port(), pair_device("board", std::nullopt));
  std::vector<std::unique_ptr<Desk>> desks;
  for (int i = 0; i < kCounters; ++i) {
    desks.push_back(std::make_unique<Desk>(hub_.ws_url(), counter_tokens_[static_cast<std::size_t>(i)], kFirstCounter + i));
    must(desks.back()->call("staff.sign_in", {{"staff", "nv" + std::to_string(kFirstCounter + i)}, {"pin", "2468"}}), "sign in");
    must(desks.back()->call("counter.open"), "open");
  }
  auto dropped = [&] {
    auto metrics = http_get(hub_.port(), "/metrics");
    return metrics && metrics->body.find("kiosk_clients_dropped_total 0") == std::string::npos;
  };
  // Rounds of calls until the stalled board's backlog passes the hub's limit (the kernel's socket buffers
  // take the first part of it, and their size varies).
  std::vector<std::string> called;
  std::mutex mutex;
  for (int round = 0; round < 10 && !dropped(); ++round) {
    issue(10 * kCounters);
    std::vector<std::thread> threads;
    for (auto& desk : desks)
      threads.emplace_back([&, d = desk.get()] {
        for (int c = 0; c < 10; ++c) {
          const std::string number = must(d->call("counter.call"), "call")["number"];
          {
            std::lock_guard lock(mutex);
            called.push_back(number);
          }
          must(d->call("counter.start"), "start");
          must(d->call("counter.finish"), "finish");
        }
      });
    for (auto& t : threads) t.join();
  }
  EXPECT_TRUE(dropped()) << "the stalled board was never dropped";
  for (auto& view : views_)
    for (const auto& number : called)
      ASSERT_TRUE(wait_until([&] { return view->heard(number); }, std::chrono::seconds(5))) << "a board never heard " << number;
  for (auto& b : boards_) EXPECT_EQ(b->reconnects(), 0) << "a board that kept reading was dropped too";
  ::close(stalled);
}

}  // namespace
}  // namespace kiosk::integration
