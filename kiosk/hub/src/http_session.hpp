// One HTTP connection: /healthz, /metrics, /board, and the upgrade to the device protocol at /ws.
#pragma once

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <memory>
#include <optional>
#include <string>

#include "shared.hpp"
#include "ws_session.hpp"

namespace kiosk::hub {

struct HttpAnswer {
  http::status status = http::status::ok;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};
// The plain-HTTP routes (everything but the WebSocket upgrade).
HttpAnswer route(const Shared& shared, http::verb method, std::string_view target);

template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  HttpSession(Stream&& stream, std::shared_ptr<Shared> shared) : stream_(std::move(stream)), shared_(std::move(shared)) {}

  void run() {
    boost::asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&HttpSession::do_read, this->shared_from_this()));
  }

 private:
  void do_read() {
    parser_.emplace();
    parser_->body_limit(shared_->limits.http_body_bytes);
    parser_->header_limit(16 * 1024);
    if constexpr (HasDeadline<Stream>) stream_.expires_after(shared_->limits.http_deadline);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, this->shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return do_close();
    if (ec == http::error::body_limit || ec == http::error::header_limit)
      return send(make_response(http::status::payload_too_large, "text/plain; charset=utf-8", "request too large\n", false));
    if (ec) {
      if (ec.category() == http::make_error_code(http::error::bad_target).category())
        return send(make_response(http::status::bad_request, "text/plain; charset=utf-8", "bad request\n", false));
      return;  // timed out or reset: nothing to answer
    }
    auto request = parser_->release();
    if (websocket::is_upgrade(request)) {
      if (path_of(as_std(request.target())) == "/ws") {
        std::make_shared<WsSession<Stream>>(std::move(stream_), shared_)->run(std::move(request));
        return;
      }
      return send(make_response(http::status::not_found, "text/plain; charset=utf-8", "not found\n", false));
    }
    HttpAnswer a = route(*shared_, request.method(), as_std(request.target()));
    send(make_response(a.status, a.content_type, std::move(a.body), request.keep_alive(), request.version(),
                       request.method() == http::verb::head));
  }

  static std::string_view path_of(std::string_view target) { return target.substr(0, target.find('?')); }
  static std::string_view as_std(beast::string_view s) { return {s.data(), s.size()}; }

  http::response<http::string_body> make_response(http::status status, std::string_view type, std::string body, bool keep_alive,
                                                  unsigned version = 11, bool head = false) {
    http::response<http::string_body> res{status, version};
    res.set(http::field::server, "kioskd");
    res.set(http::field::content_type, beast::string_view(type.data(), type.size()));
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(keep_alive);
    res.body() = std::move(body);
    res.prepare_payload();
    if (head) res.body().clear();
    return res;
  }

  void send(http::response<http::string_body> response) {
    auto res = std::make_shared<http::response<http::string_body>>(std::move(response));
    http::async_write(stream_, *res, [self = this->shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec) return;
      if (!res->keep_alive()) return self->do_close();
      self->do_read();
    });
  }

  void do_close() {
    if constexpr (HasDeadline<Stream>) {
      beast::error_code ignored;
      stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
    } else {
      stream_.close();
    }
  }

  Stream stream_;
  std::shared_ptr<Shared> shared_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
};

}  // namespace kiosk::hub
