// The live WebSocket connections, for pushes, and which device each speaks for (device.list's
// "connected"). Each connection filters pushes on its own strand.
#pragma once

#include <memory>
#include <mutex>
#include <string>
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
    speak_for(target, {});
    targets_.erase(target);
  }
  // The connection now speaks for `device` (after a hello or pair), or for nobody (empty: refused hello).
  void identify(PushTarget* target, const std::string& device) {
    std::lock_guard lock(mutex_);
    speak_for(target, device);
  }
  // For device.list, from the store's thread.
  service::ConnectionMap connections() const {
    std::lock_guard lock(mutex_);
    return devices_;
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
  void speak_for(PushTarget* target, const std::string& device) {
    auto it = device_of_.find(target);
    if (it != device_of_.end()) {
      if (it->second == device) return;
      service::DeviceConnections& before = devices_[it->second];
      --before.open;
      before.last_closed = service::Service::system_clock_ms();
      device_of_.erase(it);
    }
    if (device.empty()) return;
    device_of_[target] = device;
    ++devices_[device].open;
  }

  mutable std::mutex mutex_;
  std::unordered_map<PushTarget*, std::weak_ptr<PushTarget>> targets_;
  std::unordered_map<PushTarget*, std::string> device_of_;
  service::ConnectionMap devices_;
};

}  // namespace kiosk::hub
