#include "worker.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace kiosk::hub {

namespace asio = boost::asio;

Worker::Worker(store::CentreStore store, service::Options options, Registry& registry, Metrics& metrics)
    : store_(std::move(store)),
      service_(store_, std::move(options)),
      registry_(registry),
      metrics_(metrics),
      work_(asio::make_work_guard(context_)) {}

Worker::~Worker() { stop(); }

void Worker::start() {
  thread_ = std::thread([this] {
    asio::post(context_, [this] { tick(); });
    context_.run();
  });
}

void Worker::stop() {
  if (!thread_.joinable()) return;
  asio::post(context_, [this] {
    ticker_.cancel();
    work_.reset();
  });
  slow_pool_.join();
  context_.stop();
  thread_.join();
}

void Worker::submit(std::optional<service::Caller> caller, protocol::Request request, Done done) {
  asio::post(context_, [this, caller = std::move(caller), request = std::move(request), done = std::move(done)]() mutable {
    run_outcome(service_.handle(caller, request), std::move(done));
  });
}

void Worker::run_outcome(service::Outcome outcome, Done done) {
  if (auto* reply = std::get_if<service::Reply>(&outcome)) {
    done(std::move(*reply));
    publish();
    return;
  }
  auto deferred = std::make_shared<service::Deferred>(std::move(std::get<service::Deferred>(outcome)));
  asio::post(slow_pool_, [this, deferred, done = std::move(done)]() mutable {
    deferred->slow();
    asio::post(context_, [this, deferred, done = std::move(done)]() mutable {
      done(deferred->finish());
      publish();
    });
  });
}

void Worker::publish() {
  auto pushes = service_.take_pushes();
  if (pushes.empty()) return;
  registry_.broadcast(std::make_shared<const std::vector<service::Push>>(std::move(pushes)));
}

// Once a second: events written by another process (kioskctl on the file), the day-end sweep, the figures
// for /metrics and the health check.
void Worker::tick() {
  publish();
  // The sweep is idempotent and cheap when there is nothing to close; once a minute it follows the service
  // day whatever the catalogue's rollover time.
  const auto now = std::chrono::steady_clock::now();
  if (now - last_sweep_ >= std::chrono::minutes(1) || last_sweep_ == std::chrono::steady_clock::time_point{}) {
    last_sweep_ = now;
    try {
      if (int n = service_.close_past_days(); n > 0) spdlog::info("day end: cancelled {} unfinished tickets of earlier days", n);
      publish();
    } catch (const std::exception& e) {
      spdlog::error("day-end sweep failed: {}", e.what());
    }
  }
  metrics_.set_figures(service_.figures());
  metrics_.set_health(service_.healthy());
  ticker_.expires_after(std::chrono::seconds(1));
  ticker_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) tick();
  });
}

}  // namespace kiosk::hub
