#include "kiosk/client/ws_connection.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <deque>

namespace kiosk::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

struct WsConnection::Impl {
  std::chrono::milliseconds timeout;
  asio::io_context context;
  std::unique_ptr<websocket::stream<beast::tcp_stream>> ws;
  beast::flat_buffer buffer;
  std::deque<std::string> incoming;
  bool read_pending = false;
  beast::error_code read_error;

  // Runs the context until `done` or the deadline; false on timeout.
  template <class Done>
  bool run_until(Done done, std::chrono::steady_clock::time_point deadline) {
    while (!done()) {
      const auto now = std::chrono::steady_clock::now();
      if (now >= deadline) return false;
      context.restart();
      context.run_one_for(deadline - now);
    }
    return true;
  }

  // A timed-out write or handshake cannot be resumed: close, and let the handlers finish.
  template <class Done>
  void abandon(Done done) {
    if (ws) beast::get_lowest_layer(*ws).close();
    while (!done()) {
      context.restart();
      context.run_one();
    }
  }

  void start_read() {
    if (read_pending || read_error) return;
    read_pending = true;
    ws->async_read(buffer, [this](beast::error_code ec, std::size_t) {
      read_pending = false;
      if (ec) {
        read_error = ec;
        return;
      }
      incoming.push_back(beast::buffers_to_string(buffer.data()));
      buffer.consume(buffer.size());
    });
  }
};

WsConnection::WsConnection(std::chrono::milliseconds timeout) : impl_(std::make_unique<Impl>()) { impl_->timeout = timeout; }

WsConnection::~WsConnection() {
  try {
    close();
  } catch (...) {
  }
}

bool WsConnection::is_open() const { return impl_->ws && impl_->ws->is_open() && !impl_->read_error; }

void WsConnection::connect(const HubUrl& url) {
  Impl& m = *impl_;
  m.ws = std::make_unique<websocket::stream<beast::tcp_stream>>(m.context);
  m.incoming.clear();
  m.read_error = {};
  m.read_pending = false;
  const auto deadline = std::chrono::steady_clock::now() + m.timeout;
  beast::error_code ec;
  tcp::resolver resolver(m.context);
  auto endpoints = resolver.resolve(url.host, url.port, ec);
  if (ec) throw ConnectionError("cannot resolve " + url.host + ": " + ec.message());
  auto& stream = beast::get_lowest_layer(*m.ws);
  stream.expires_after(m.timeout);
  bool done = false;
  stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) {
    ec = e;
    done = true;
  });
  if (!m.run_until([&] { return done; }, deadline)) m.abandon([&] { return done; });
  if (ec) throw ConnectionError("cannot connect to " + url.host + ":" + url.port + ": " + ec.message());
  done = false;
  m.ws->async_handshake(url.host + ":" + url.port, url.path, [&](beast::error_code e) {
    ec = e;
    done = true;
  });
  if (!m.run_until([&] { return done; }, deadline)) m.abandon([&] { return done; });
  if (ec) throw ConnectionError("WebSocket handshake with " + url.host + ":" + url.port + " failed: " + ec.message());
  stream.expires_never();
  tcp::no_delay nodelay(true);
  stream.socket().set_option(nodelay, ec);
  m.ws->set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
  m.ws->read_message_max(64 << 20);
}

void WsConnection::send(std::string_view text) {
  Impl& m = *impl_;
  if (!m.ws || m.read_error) throw ConnectionError("not connected");
  bool done = false;
  beast::error_code ec;
  m.ws->text(true);
  m.ws->async_write(asio::buffer(text.data(), text.size()), [&](beast::error_code e, std::size_t) {
    ec = e;
    done = true;
  });
  if (!m.run_until([&] { return done; }, std::chrono::steady_clock::now() + m.timeout)) {
    m.abandon([&] { return done; });
    throw ConnectionError("sending timed out");
  }
  if (ec) throw ConnectionError("sending failed: " + ec.message());
}

std::optional<std::string> WsConnection::read(std::chrono::milliseconds timeout) {
  Impl& m = *impl_;
  if (!m.ws) throw ConnectionError("not connected");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (m.incoming.empty()) {
    if (m.read_error) throw ConnectionError("connection closed: " + m.read_error.message());
    m.start_read();
    if (!m.run_until([&] { return !m.incoming.empty() || m.read_error; }, deadline)) return std::nullopt;
  }
  std::string out = std::move(m.incoming.front());
  m.incoming.pop_front();
  return out;
}

void WsConnection::close() {
  Impl& m = *impl_;
  if (!m.ws) return;
  if (m.ws->is_open() && !m.read_error) {
    bool done = false;
    m.ws->async_close(websocket::close_code::normal, [&](beast::error_code) { done = true; });
    if (!m.run_until([&] { return done && !m.read_pending; }, std::chrono::steady_clock::now() + std::chrono::milliseconds(500)))
      m.abandon([&] { return done && !m.read_pending; });
  } else if (m.read_pending) {
    m.abandon([&] { return !m.read_pending; });
  }
  m.ws.reset();
}

}  // namespace kiosk::client
