// Work that background threads (the hub link, the printer) hand to the UI thread. post() wakes the
// window's loop; the loop runs everything posted before it draws.
#pragma once

#include <functional>
#include <mutex>
#include <vector>

#include "kiosk/window/loop.hpp"

namespace kiosk::app {

class UiQueue {
 public:
  void post(std::function<void()> work) {
    {
      std::lock_guard lock(mutex_);
      if (closed_) return;
      work_.push_back(std::move(work));
    }
    window::wake_loop();
  }
  // On the UI thread: runs what was posted; true if anything ran.
  bool drain() {
    std::vector<std::function<void()>> work;
    {
      std::lock_guard lock(mutex_);
      work.swap(work_);
    }
    for (auto& w : work) w();
    return !work.empty();
  }
  // At shutdown: nothing posted from now on runs (the views it would touch are going away).
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    work_.clear();
  }

 private:
  std::mutex mutex_;
  std::vector<std::function<void()>> work_;
  bool closed_ = false;
};

}  // namespace kiosk::app
