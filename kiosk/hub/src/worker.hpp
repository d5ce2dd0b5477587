// The store's thread: the only one that touches the centre's database. Commands queue here in arrival
// order; those that queued up while the previous ones ran share one commit (group commit: one fsync for
// many counters, each reply still sent only after that commit); slow work (PIN hashing) goes to a side
// pool and comes back; after each round the events it committed are pushed to the connections that want
// them.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "kiosk/service/service.hpp"
#include "metrics.hpp"
#include "registry.hpp"

namespace kiosk::hub {

class Worker {
 public:
  using Done = std::function<void(service::Reply)>;

  Worker(store::CentreStore store, service::Options options, Registry& registry, Metrics& metrics);
  ~Worker();

  void start();
  void stop();  // finishes the command in hand, then returns

  // `done` runs on the store thread: it must only hand the reply over (post it), never block.
  void submit(std::optional<service::Caller> caller, protocol::Request request, Done done);

  struct Pending {
    std::optional<service::Caller> caller;
    protocol::Request request;
    Done done;
  };

 private:
  void drain();
  void run_group(std::vector<Pending>& group);
  void run_outcome(service::Outcome outcome, Done done);
  void publish();
  void tick();

  store::CentreStore store_;
  service::Service service_;
  Registry& registry_;
  Metrics& metrics_;
  boost::asio::io_context context_{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  boost::asio::thread_pool slow_pool_{1};
  boost::asio::steady_timer ticker_{context_};
  std::chrono::steady_clock::time_point last_sweep_{};
  std::mutex pending_mutex_;
  std::vector<Pending> pending_;
  bool drain_posted_ = false;
  std::thread thread_;
};

}  // namespace kiosk::hub
