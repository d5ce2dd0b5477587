// One WebSocket connection of a device (docs/protocol.md). Templated on the byte stream so the unit tests
// drive it over Beast's test::stream (partial reads, failures mid-message) and the hub over TCP.
//
// Reads frame by frame so that an oversized message costs no memory and leaves the connection usable;
// every message must arrive within a deadline; replies and pushes go out through one bounded queue, and a
// client that falls too far behind is dropped (it reconnects and resyncs).
#pragma once

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <spdlog/spdlog.h>

#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "shared.hpp"

namespace kiosk::hub {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

template <class Stream>
concept HasDeadline = requires(Stream s) { s.expires_never(); };

template <class Stream>
class WsSession : public PushTarget, public std::enable_shared_from_this<WsSession<Stream>> {
 public:
  WsSession(Stream&& stream, std::shared_ptr<Shared> shared)
      : ws_(std::move(stream)),
        shared_(std::move(shared)),
        bucket_(shared_->limits.requests_per_second, shared_->limits.request_burst),
        deadline_(ws_.get_executor()) {}

  ~WsSession() override {
    shared_->registry.remove(this);
    if (accepted_) shared_->metrics.connected(role(), -1);
  }

  template <class Body, class Allocator>
  void run(http::request<Body, http::basic_fields<Allocator>> request) {
    if constexpr (HasDeadline<Stream>) beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "kioskd"); }));
    ws_.read_message_max(0);  // bounded by our own accounting below, which keeps the connection usable
    ws_.async_accept(request, beast::bind_front_handler(&WsSession::on_accept, this->shared_from_this()));
  }

  void deliver(PushBatch batch) override {
    boost::asio::post(ws_.get_executor(), [self = this->shared_from_this(), batch] { self->on_pushes(*batch); });
  }

  void shut_down() override {
    boost::asio::post(ws_.get_executor(), [self = this->shared_from_this()] { self->close_after_flush(websocket::close_code::going_away); });
  }

 private:
  std::optional<protocol::Role> role() const { return caller_ ? std::optional(caller_->role) : std::nullopt; }

  void on_accept(beast::error_code ec) {
    if (ec) return;
    accepted_ = true;
    shared_->metrics.connected(std::nullopt, +1);
    shared_->registry.add(this->shared_from_this());
    do_read();
  }

  void do_read() {
    ws_.async_read_some(buffer_, 64 * 1024, beast::bind_front_handler(&WsSession::on_read, this->shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) {
      deadline_.cancel();
      closing_ = true;
      return;  // closed, timed out or broken: the last reference goes with this handler
    }
    if (!in_message_) {
      in_message_ = true;
      arm_deadline();
    }
    if (oversized_ || buffer_.size() > shared_->limits.max_message_bytes) {
      oversized_ = true;
      buffer_.consume(buffer_.size());
    }
    if (!ws_.is_message_done()) return do_read();
    in_message_ = false;
    deadline_.cancel();
    if (oversized_) {
      oversized_ = false;
      shared_->metrics.count_malformed();
      send(protocol::encode_error(nullptr, protocol::make_error(protocol::error_code::too_large,
                                                                 "message exceeds the limit of " + std::to_string(shared_->limits.max_message_bytes) + " bytes",
                                                                 "Yêu cầu quá lớn")));
    } else if (!ws_.got_text()) {
      shared_->metrics.count_malformed();
      send(protocol::encode_error(nullptr, protocol::make_error(protocol::error_code::malformed, "binary messages are not accepted",
                                                                 "Yêu cầu không hợp lệ")));
    } else {
      on_message(beast::buffers_to_string(buffer_.data()));
    }
    buffer_.consume(buffer_.size());
    if (!closing_) do_read();
  }

  void arm_deadline() {
    deadline_.expires_after(shared_->limits.message_deadline);
    deadline_.async_wait([weak = this->weak_from_this()](beast::error_code ec) {
      auto self = weak.lock();
      if (ec || !self || !self->in_message_) return;
      spdlog::warn("closing a connection whose message did not complete within its deadline");
      self->drop();
    });
  }

  void on_message(std::string text) {
    const auto now = std::chrono::steady_clock::now();
    protocol::Decoded decoded = protocol::decode_request(text, shared_->limits.max_message_bytes);
    if (!bucket_.take(now) || in_flight_ >= shared_->limits.max_in_flight) {
      shared_->metrics.count_rate_limited();
      // A flood that ignores its refusals is cut off; a burst that backs off is not.
      if (++refused_in_a_row_ > 4 * static_cast<int>(shared_->limits.request_burst) + 100) {
        spdlog::warn("closing a connection that keeps flooding the hub ({})", caller_ ? caller_->device : "unauthenticated");
        return close_after_flush(websocket::close_code::policy_error);
      }
      return send(protocol::encode_error(decoded.id, protocol::make_error(protocol::error_code::rate_limited,
                                                                          "too many requests; slow down",
                                                                          "Thao tác quá nhanh, xin thử lại sau giây lát")));
    }
    refused_in_a_row_ = 0;
    if (decoded.error) {
      shared_->metrics.count_malformed();
      return send(protocol::encode_error(decoded.id, *decoded.error));
    }
    ++in_flight_;
    // Requests sent right behind a hello (or pair) wait for its answer, so that they run as the device it
    // names: a device may pipeline hello and its first commands.
    if (authenticating_) return held_.push_back({std::move(*decoded.request), now});
    submit(std::move(*decoded.request), now);
  }

  void submit(protocol::Request request, std::chrono::steady_clock::time_point arrived) {
    const bool authenticates = request.cmd == "hello" || request.cmd == "pair";
    authenticating_ = authenticating_ || authenticates;
    nlohmann::json id = request.id;
    shared_->worker.submit(caller_, std::move(request),
                           [self = this->shared_from_this(), id = std::move(id), arrived, authenticates](service::Reply reply) mutable {
                             auto executor = self->ws_.get_executor();
                             boost::asio::post(executor, [self = std::move(self), id = std::move(id), arrived, authenticates,
                                                          reply = std::move(reply)]() mutable {
                               self->on_reply(id, arrived, authenticates, std::move(reply));
                             });
                           });
  }

  void on_reply(const nlohmann::json& id, std::chrono::steady_clock::time_point started, bool authenticates, service::Reply reply) {
    --in_flight_;
    shared_->metrics.observe_request(std::chrono::steady_clock::now() - started, reply.ok);
    if (authenticates) {
      // A refused hello leaves the connection speaking for nobody, not for whoever it was before.
      shared_->metrics.connected(role(), -1);
      caller_ = reply.ok ? std::move(reply.authenticated) : std::nullopt;
      shared_->metrics.connected(role(), +1);
      shared_->registry.identify(this, caller_ ? caller_->device : std::string());
    }
    if (reply.subscription) subscription_ = *reply.subscription;
    send(reply.ok ? protocol::encode_result(id, reply.result) : protocol::encode_error(id, reply.error));
    for (auto& text : reply.follow_up) send(std::move(text));
    if (authenticates) {
      authenticating_ = false;
      while (!held_.empty() && !authenticating_) {
        auto [request, arrived] = std::move(held_.front());
        held_.pop_front();
        submit(std::move(request), arrived);
      }
    }
  }

  void on_pushes(const std::vector<service::Push>& pushes) {
    if (!caller_) return;
    for (const auto& p : pushes) {
      if (p.revoked_device && *p.revoked_device == caller_->device) {
        send(protocol::encode_push("bye", {{"reason", "revoked"}, {"message_vi", "Thiết bị đã bị thu hồi quyền truy cập"}}));
        return close_after_flush(websocket::close_code::policy_error);
      }
      if (!service::wants(subscription_, p)) continue;
      // Only the newest queue summary matters: one still waiting to be written is replaced, not followed.
      if (p.is_queue && queued_summary_) {
        queue_.back() = p.text;
        continue;
      }
      enqueue(p.text);
      queued_summary_ = p.is_queue && queue_.size() > 1;  // alone in the queue, it is already being written
    }
  }

  void send(std::string text) { enqueue(std::make_shared<const std::string>(std::move(text))); }

  void enqueue(std::shared_ptr<const std::string> text) {
    if (closing_) return;
    if (queue_.size() >= shared_->limits.send_queue_messages) {
      shared_->metrics.count_dropped_slow();
      spdlog::warn("dropping a connection {} messages behind ({}); it will resync", queue_.size(),
                   caller_ ? caller_->device : "unauthenticated");
      return drop();
    }
    queue_.push_back(std::move(text));
    queued_summary_ = false;
    if (!writing_) do_write();
  }

  void do_write() {
    writing_ = true;
    if (queue_.size() == 1) queued_summary_ = false;  // the last message is now in flight
    ws_.text(true);
    // The handler holds the message: a drop may empty the queue while the write is in flight.
    auto message = queue_.front();
    ws_.async_write(boost::asio::buffer(*message),
                    [self = this->shared_from_this(), message](beast::error_code ec, std::size_t n) { self->on_write(ec, n); });
  }

  void on_write(beast::error_code ec, std::size_t) {
    writing_ = false;
    if (ec) return drop();  // also ends the pending read, so the session goes
    if (queue_.empty()) return;  // dropped while this write was in flight
    queue_.pop_front();
    if (!queue_.empty()) return do_write();
    if (close_code_) do_close();
  }

  void close_after_flush(websocket::close_code code) {
    if (closing_) return;
    close_code_ = code;
    if (!writing_) do_close();
  }

  void do_close() {
    closing_ = true;
    ws_.async_close(*close_code_, [self = this->shared_from_this()](beast::error_code) {});
  }

  // No goodbye: the peer is not reading, or broke the rules of the wire.
  void drop() {
    closing_ = true;
    queue_.clear();
    queued_summary_ = false;
    beast::get_lowest_layer(ws_).close();
  }

  websocket::stream<Stream> ws_;
  std::shared_ptr<Shared> shared_;
  beast::flat_buffer buffer_;
  TokenBucket bucket_;
  boost::asio::steady_timer deadline_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::optional<service::Caller> caller_;
  bool authenticating_ = false;  // a hello or pair is with the worker
  std::deque<std::pair<protocol::Request, std::chrono::steady_clock::time_point>> held_;
  service::Subscription subscription_;
  std::optional<websocket::close_code> close_code_;
  bool queued_summary_ = false;  // the queue's last message is a queue summary not yet being written
  bool accepted_ = false, writing_ = false, closing_ = false, in_message_ = false, oversized_ = false;
  int in_flight_ = 0;
  int refused_in_a_row_ = 0;
};

}  // namespace kiosk::hub
