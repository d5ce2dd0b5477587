#include "kiosk/client/device_link.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <atomic>
#include <deque>
#include <map>
#include <random>
#include <thread>

#include "kiosk/client/url.hpp"

namespace kiosk::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using nlohmann::json;

namespace {
protocol::Message unreachable() {
  protocol::Message m;
  m.ok = false;
  m.error = protocol::make_error("hub.unreachable", "not connected to the hub", "Mất kết nối tới máy chủ; xin thử lại");
  return m;
}
}  // namespace

struct DeviceLink::Impl : std::enable_shared_from_this<DeviceLink::Impl> {
  std::string url_text;
  std::string token;
  Handlers handlers;
  Options options;
  asio::io_context context;
  asio::steady_timer retry{context};
  tcp::resolver resolver{context};
  std::unique_ptr<websocket::stream<beast::tcp_stream>> ws;
  beast::flat_buffer buffer;
  std::deque<std::string> outbox;
  bool writing = false;
  std::map<std::int64_t, std::function<void(const protocol::Message&)>> waiting;
  std::int64_t next_id = 1;
  std::int64_t hello_id = 0;
  int attempt = 0;
  std::mt19937_64 random;
  std::atomic<bool> is_connected{false};
  std::atomic<bool> refused{false};  // unknown or revoked token: no more attempts
  std::atomic<std::int64_t> seq{0};
  std::atomic<int> hellos{0};
  bool stopping = false;
  std::thread thread;

  void connect() {
    if (stopping) return;
    auto url = parse_hub_url(url_text);
    if (!url) return lost("not a hub address: " + url_text, "Địa chỉ máy chủ không hợp lệ");
    ws = std::make_unique<websocket::stream<beast::tcp_stream>>(context);
    buffer.consume(buffer.size());
    resolver.async_resolve(url->host, url->port, [self = shared_from_this(), url = *url, socket = ws.get()](beast::error_code ec, tcp::resolver::results_type results) {
      if (ec || socket != self->ws.get()) return self->lost("cannot resolve the hub: " + ec.message(), "Không tìm thấy máy chủ");
      auto& stream = beast::get_lowest_layer(*self->ws);
      stream.expires_after(self->options.connect_timeout);
      stream.async_connect(results, [self, url, socket](beast::error_code ec2, const tcp::endpoint&) {
        if (socket != self->ws.get()) return;
        if (ec2) return self->lost("cannot connect to the hub: " + ec2.message(), "Không kết nối được tới máy chủ");
        beast::error_code ignored;
        beast::get_lowest_layer(*self->ws).socket().set_option(tcp::no_delay(true), ignored);
        self->ws->async_handshake(url.host + ":" + url.port, url.path, [self, socket](beast::error_code ec3) {
          if (socket != self->ws.get()) return;
          if (ec3) return self->lost("WebSocket handshake failed: " + ec3.message(), "Không kết nối được tới máy chủ");
          beast::get_lowest_layer(*self->ws).expires_never();
          // A hub that loses power closes nothing: ping when quiet, and give up on a silent link, so the screen
          // says it is disconnected within seconds rather than when it next writes.
          websocket::stream_base::timeout timeouts{self->options.connect_timeout, self->options.idle_timeout, true};
          self->ws->set_option(timeouts);
          self->read();
          json args{{"token", self->token}};
          if (self->seq.load() > 0) args["last_seq"] = self->seq.load();
          self->hello_id = self->next_id++;
          self->send(protocol::encode_request(self->hello_id, "hello", args));
        });
      });
    });
  }

  void read() {
    ws->async_read(buffer, [self = shared_from_this(), socket = ws.get()](beast::error_code ec, std::size_t) {
      if (socket != self->ws.get()) return;
      if (ec) return self->lost("connection to the hub lost: " + ec.message(), "Mất kết nối tới máy chủ; đang thử lại…");
      std::string text = beast::buffers_to_string(self->buffer.data());
      self->buffer.consume(self->buffer.size());
      self->on_message(text);
      if (self->ws && socket == self->ws.get()) self->read();
    });
  }

  void on_message(const std::string& text) {
    auto m = protocol::decode_message(text);
    if (!m) return;
    if (m->is_push) {
      if (m->push == "event") {
        const json& e = m->body["event"];
        if (e.is_object() && e.contains("seq") && e["seq"].is_number_integer())
          seq.store(std::max(seq.load(), e["seq"].get<std::int64_t>()));
      }
      if (m->push == "bye") {
        refused = true;  // revoked: the token will not work again; pairing anew is the manager's call
        return lost("the hub closed this device: " + m->body.value("reason", std::string()),
                    m->body.value("message_vi", std::string("Máy chủ đã ngắt kết nối")));
      }
      if (handlers.on_push) handlers.on_push(*m);
      return;
    }
    if (m->id.is_number_integer() && m->id.get<std::int64_t>() == hello_id) {
      if (!m->ok) {
        refused = m->error.code == protocol::error_code::auth_invalid;
        return lost("the hub refused this device: " + m->error.message, m->error.message_vi);
      }
      attempt = 0;
      is_connected = true;
      if (m->result.contains("seq") && m->result["seq"].is_number_integer())
        seq.store(std::max(seq.load(), m->result["seq"].get<std::int64_t>()));
      hellos.fetch_add(1);
      if (handlers.on_snapshot) handlers.on_snapshot(m->result);
      return;
    }
    if (m->id.is_number_integer()) {
      auto it = waiting.find(m->id.get<std::int64_t>());
      if (it != waiting.end()) {
        auto done = std::move(it->second);
        waiting.erase(it);
        if (done) done(*m);
      }
    }
  }

  void send(std::string text) {
    outbox.push_back(std::move(text));
    if (!writing) write_next();
  }

  void write_next() {
    if (outbox.empty() || !ws) return;
    writing = true;
    ws->text(true);
    ws->async_write(asio::buffer(outbox.front()), [self = shared_from_this(), socket = ws.get()](beast::error_code ec, std::size_t) {
      if (socket != self->ws.get()) return;
      self->writing = false;
      if (ec) return self->lost("sending to the hub failed: " + ec.message(), "Mất kết nối tới máy chủ; đang thử lại…");
      self->outbox.pop_front();
      self->write_next();
    });
  }

  // Drops the connection (if any), fails what waits for a reply, and schedules the next attempt.
  void lost(const std::string& why, const std::string& why_vi) {
    const bool was_connected = is_connected.exchange(false);
    if (ws) {
      beast::get_lowest_layer(*ws).close();
      // Freed after the handler running now returns; handlers of the old stream see another pointer.
      std::shared_ptr<websocket::stream<beast::tcp_stream>> old(std::move(ws));
      asio::post(context, [old] {});
    }
    outbox.clear();
    writing = false;
    auto failed = std::move(waiting);
    waiting.clear();
    for (auto& [_, done] : failed)
      if (done) done(unreachable());
    if (handlers.on_lost && (was_connected || attempt == 0 || refused)) handlers.on_lost(why, why_vi);
    if (stopping || refused) return;
    // Full jitter: anywhere between 0 and the capped exponential step, so many devices do not return together.
    const auto cap = std::min<std::int64_t>(options.backoff_cap.count(), options.backoff_base.count() << std::min(attempt, 16));
    ++attempt;
    std::uniform_int_distribution<std::int64_t> pick(0, std::max<std::int64_t>(cap, 1));
    retry.expires_after(std::chrono::milliseconds(pick(random)));
    retry.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->connect();
    });
  }
};

DeviceLink::DeviceLink(std::string url, std::string token, Handlers handlers, Options options) : impl_(std::make_shared<Impl>()) {
  impl_->url_text = std::move(url);
  impl_->token = std::move(token);
  impl_->handlers = std::move(handlers);
  impl_->options = options;
  impl_->random.seed(options.seed ? options.seed : static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
}

DeviceLink::DeviceLink(std::string url, std::string token, Handlers handlers)
    : DeviceLink(std::move(url), std::move(token), std::move(handlers), Options{}) {}

DeviceLink::~DeviceLink() { stop(); }

void DeviceLink::start() {
  auto impl = impl_;
  impl->thread = std::thread([impl] {
    auto guard = asio::make_work_guard(impl->context);
    asio::post(impl->context, [impl] { impl->connect(); });
    impl->context.run();
  });
}

void DeviceLink::stop() {
  auto impl = impl_;
  if (!impl->thread.joinable()) return;
  asio::post(impl->context, [impl] {
    impl->stopping = true;
    impl->retry.cancel();
    impl->resolver.cancel();
    if (impl->ws) {
      beast::get_lowest_layer(*impl->ws).close();
      impl->ws.reset();
    }
    impl->is_connected = false;
    impl->context.stop();
  });
  impl->thread.join();
}

void DeviceLink::request(std::string cmd, json args, std::function<void(const protocol::Message&)> done) {
  asio::post(impl_->context, [impl = impl_, cmd = std::move(cmd), args = std::move(args), done = std::move(done)]() mutable {
    if (!impl->is_connected) {
      if (done) done(unreachable());
      return;
    }
    const std::int64_t id = impl->next_id++;
    impl->waiting[id] = std::move(done);
    impl->send(protocol::encode_request(id, cmd, args));
  });
}

bool DeviceLink::connected() const { return impl_->is_connected.load(); }
bool DeviceLink::refused() const { return impl_->refused.load(); }
std::int64_t DeviceLink::last_seq() const { return impl_->seq.load(); }
int DeviceLink::reconnects() const { return std::max(0, impl_->hellos.load() - 1); }

}  // namespace kiosk::client
