#include "worker.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace kiosk::hub {

namespace asio = boost::asio;

namespace {
service::Options with_connections(service::Options options, Registry& registry) {
  options.connections = [&registry] { return registry.connections(); };
  return options;
}
}  // namespace

Worker::Worker(store::CentreStore store, service::Options options, Registry& registry, Metrics& metrics)
    : store_(std::move(store)),
      service_(store_, with_connections(std::move(options), registry)),
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
  {
    std::lock_guard lock(pending_mutex_);
    pending_.push_back({std::move(caller), std::move(request), std::move(done)});
    if (drain_posted_) return;
    drain_posted_ = true;
  }
  asio::post(context_, [this] { drain(); });
}

namespace {
// Commands that must not run inside a shared transaction: a backup copies committed pages, verify and the
// health of the file are read as committed, an import is a transaction of its own size.
bool runs_alone(const protocol::Request& r) { return r.cmd.starts_with("store.") || r.cmd == "dossier.import_csv"; }
}  // namespace

void Worker::drain() {
  std::vector<Pending> all;
  {
    std::lock_guard lock(pending_mutex_);
    all.swap(pending_);
    drain_posted_ = false;
  }
  std::vector<Pending> group;
  for (auto& p : all) {
    if (runs_alone(p.request)) {
      run_group(group);
      group.push_back(std::move(p));
      run_group(group);
    } else {
      group.push_back(std::move(p));
    }
  }
  run_group(group);
  publish();
}

// One commit for the group; replies go out only after it. Each command stays all-or-nothing on its own (a
// refused one rolls back to its savepoint); if the shared commit fails, every reply says so.
void Worker::run_group(std::vector<Pending>& group) {
  if (group.empty()) return;
  std::vector<service::Outcome> outcomes;
  outcomes.reserve(group.size());
  auto run_all = [&] {
    for (auto& p : group) outcomes.push_back(service_.handle(p.caller, p.request));
  };
  if (group.size() == 1) {
    run_all();
  } else {
    try {
      store_.batch(run_all);
    } catch (const std::exception& e) {
      spdlog::error("a group commit of {} commands failed: {}", group.size(), e.what());
      for (auto& o : outcomes) {
        if (!std::holds_alternative<service::Reply>(o)) continue;
        service::Reply failed;
        failed.ok = false;
        failed.result = nullptr;
        failed.error = protocol::make_error(protocol::error_code::unavailable, std::string("database error: ") + e.what(),
                                            "Lỗi cơ sở dữ liệu; thao tác chưa được ghi nhận, xin thử lại");
        o = std::move(failed);
      }
    }
  }
  for (std::size_t i = 0; i < group.size(); ++i) run_outcome(std::move(outcomes[i]), std::move(group[i].done));
  group.clear();
}

void Worker::run_outcome(service::Outcome outcome, Done done) {
  if (auto* reply = std::get_if<service::Reply>(&outcome)) {
    done(std::move(*reply));
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
