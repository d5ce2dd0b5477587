#include "kiosk/hub/hub.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include "board_page.hpp"
#include "kiosk/store/checkpointer.hpp"
#include "http_session.hpp"

namespace kiosk::hub {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Limits limits_from(const HubConfig& c) {
  Limits l;
  l.max_message_bytes = c.max_message_bytes;
  l.message_deadline = c.message_deadline;
  l.send_queue_messages = c.send_queue_messages;
  l.requests_per_second = c.requests_per_second;
  l.request_burst = c.request_burst;
  l.max_in_flight = c.max_in_flight;
  return l;
}

HttpAnswer route(const Shared& shared, http::verb method, std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  if (method != http::verb::get && method != http::verb::head)
    return {http::status::method_not_allowed, "text/plain; charset=utf-8", "only GET\n"};
  if (path == "/healthz") {
    if (shared.metrics.healthy(std::chrono::steady_clock::now())) return {http::status::ok, "text/plain; charset=utf-8", "ok\n"};
    return {http::status::service_unavailable, "text/plain; charset=utf-8", "database unavailable\n"};
  }
  if (path == "/metrics") return {http::status::ok, "text/plain; version=0.0.4; charset=utf-8", shared.metrics.render()};
  if (path == "/board" || path == "/board/") return {http::status::ok, "text/html; charset=utf-8", shared.board_page};
  if (path == "/")
    return {http::status::ok, "text/html; charset=utf-8",
            "<!doctype html><meta charset=utf-8><title>kioskd</title><p><a href=\"/board\">Bảng gọi số / Board</a> · "
            "<a href=\"/metrics\">/metrics</a> · <a href=\"/healthz\">/healthz</a>\n"};
  return {http::status::not_found, "text/plain; charset=utf-8", "not found\n"};
}

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw ConfigError("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

store::CentreStore open_or_create(const HubConfig& c) {
  if (!std::filesystem::exists(c.database)) {
    if (c.catalogue.empty() || c.centre_code.empty())
      throw ConfigError("database " + c.database.string() + " does not exist; give [centre] code and catalogue to create it");
    store::CentreStore::InitOptions init{c.centre_code, read_file(c.catalogue), c.holidays.empty() ? std::string() : read_file(c.holidays), "kioskd"};
    store::CentreStore::initialise(c.database, init, service::Service::system_clock_ms());
    spdlog::info("created centre database {} for centre {}", c.database.string(), c.centre_code);
  }
  auto store = store::CentreStore::open(c.database);
  store.set_checkpoint_on_commit(false);  // the hub's checkpointer thread does it, off the commit path
  return store;
}

service::Options service_options(const HubConfig& c) {
  service::Options o;
  o.max_pin_failures = c.max_pin_failures;
  o.lock_for = c.lock_for;
  o.pairing_ttl = c.pairing_ttl;
  o.pin_opslimit = c.pin_opslimit;
  o.pin_memlimit = c.pin_memlimit_kib * 1024;
  o.board_calls = c.board_calls;
  o.backup_dir = c.backup_dir;
  // Missed events go out one message each after hello: they must fit in the send queue with room to spare,
  // or a device far behind would be dropped again as it resyncs.
  o.max_replay_events = static_cast<int>(std::min<std::size_t>(500, c.send_queue_messages / 2));
  return o;
}

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& context, tcp::endpoint endpoint, std::shared_ptr<Shared> shared)
      : context_(context), acceptor_(asio::make_strand(context)), shared_(std::move(shared)) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  void run() { do_accept(); }
  void stop() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      self->acceptor_.close(ignored);
    });
  }

 private:
  void do_accept() {
    acceptor_.async_accept(asio::make_strand(context_), beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
  }
  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (!ec) {
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<HttpSession<beast::tcp_stream>>(beast::tcp_stream(std::move(socket)), shared_)->run();
    } else {
      spdlog::warn("accept failed: {}", ec.message());
    }
    if (acceptor_.is_open()) do_accept();
  }

  asio::io_context& context_;
  tcp::acceptor acceptor_;
  std::shared_ptr<Shared> shared_;
};

}  // namespace

struct Hub::Impl {
  HubConfig config;
  Registry registry;
  Metrics metrics;
  std::string board_page = kiosk::hub::board_page();
  Worker worker;
  asio::io_context context;
  std::shared_ptr<Shared> shared;
  std::shared_ptr<Listener> listener;
  std::vector<std::thread> threads;
  std::mutex stop_mutex;
  std::condition_variable stopped_cv;
  bool stopped = false;
  std::thread checkpointer;

  // Once a second, the log's new pages go into the database file from a connection of its own.
  void run_checkpoints() {
    std::optional<store::WalCheckpointer> wal;
    std::unique_lock lock(stop_mutex);
    while (!stopped_cv.wait_for(lock, std::chrono::seconds(1), [&] { return stopped; })) {
      lock.unlock();
      try {
        if (!wal) wal.emplace(config.database);
        wal->run();
      } catch (const std::exception& e) {
        spdlog::warn("checkpoint: {}", e.what());
        wal.reset();
      }
      lock.lock();
    }
  }

  explicit Impl(HubConfig c)
      : config(std::move(c)),
        worker(open_or_create(config), service_options(config), registry, metrics),
        context(config.threads) {}
};

Hub::Hub(HubConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}

Hub::~Hub() {
  stop();
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  if (impl_->checkpointer.joinable()) impl_->checkpointer.join();
  impl_->worker.stop();
}

std::uint16_t Hub::start() {
  Impl& m = *impl_;
  m.worker.start();
  m.checkpointer = std::thread([&m] { m.run_checkpoints(); });
  m.shared = std::make_shared<Shared>(Shared{m.worker, m.registry, m.metrics, limits_from(m.config), m.board_page});
  tcp::endpoint endpoint(asio::ip::make_address(m.config.address), m.config.port);
  m.listener = std::make_shared<Listener>(m.context, endpoint, m.shared);
  m.listener->run();
  for (int i = 0; i < m.config.threads; ++i) m.threads.emplace_back([&m] { m.context.run(); });
  const auto port = m.listener->port();
  spdlog::info("kioskd listening on {}:{} (database {})", m.config.address, port, m.config.database.string());
  return port;
}

void Hub::wait() {
  std::unique_lock lock(impl_->stop_mutex);
  impl_->stopped_cv.wait(lock, [&] { return impl_->stopped; });
}

void Hub::stop() {
  Impl& m = *impl_;
  {
    std::lock_guard lock(m.stop_mutex);
    if (m.stopped) return;
    m.stopped = true;
  }
  if (m.listener) m.listener->stop();
  m.registry.shut_down_all();
  // Give the goodbyes a moment, then stop the network threads.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  m.context.stop();
  m.stopped_cv.notify_all();
}

bool Hub::healthy() const { return impl_->metrics.healthy(std::chrono::steady_clock::now()); }

}  // namespace kiosk::hub
