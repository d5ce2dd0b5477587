// The centre's hub: owns the database (through one store thread), serves HTTP and WebSocket on one port
// (Boost.Beast): /healthz, /metrics, /board and the device protocol at /ws (docs/protocol.md).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "kiosk/hub/config.hpp"

namespace kiosk::hub {

class Hub {
 public:
  // Opens (or, with [centre] catalogue and code, creates) the database. Throws on failure.
  explicit Hub(HubConfig config);
  ~Hub();
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  // Binds and starts serving; returns the bound port (useful with port 0).
  std::uint16_t start();
  // Blocks until stop() (from any thread or a signal handler's strand).
  void wait();
  void stop();
  // True while the store thread answers and the database takes a write lock (also what /healthz says).
  bool healthy() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kiosk::hub
