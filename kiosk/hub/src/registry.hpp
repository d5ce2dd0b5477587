// The live WebSocket connections, for pushes. Each connection filters on its own strand.
#pragma once

#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "kiosk/service/service.hpp"

namespace kiosk::hub {

using PushBatch = std::shared_ptr<const std::vector<service::Push>>;

class PushTarget {
 public:
  virtual ~PushTarget() = default;
  // Called from any thread; the target hops to its own strand.
  virtual void deliver(PushBatch batch) = 0;
  virtual void shut_down() = 0;
};

class Registry {
 public:
  void add(const std::shared_ptr<PushTarget>& target) {
    std::lock_guard lock(mutex_);
    targets_[target.get()] = target;
  }
  void remove(PushTarget* target) {
    std::lock_guard lock(mutex_);
    targets_.erase(target);
  }
  void broadcast(PushBatch batch) {
    for (auto& t : live()) t->deliver(batch);
  }
  void shut_down_all() {
    for (auto& t : live()) t->shut_down();
  }

 private:
  std::vector<std::shared_ptr<PushTarget>> live() {
    std::vector<std::shared_ptr<PushTarget>> out;
    std::lock_guard lock(mutex_);
    out.reserve(targets_.size());
    for (auto& [_, weak] : targets_)
      if (auto t = weak.lock()) out.push_back(std::move(t));
    return out;
  }
  std::mutex mutex_;
  std::unordered_map<PushTarget*, std::weak_ptr<PushTarget>> targets_;
};

}  // namespace kiosk::hub
