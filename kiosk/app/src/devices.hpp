// The kiosk's printer and loudspeaker behind ui::Peripherals: printing runs on a worker thread (a TCP
// printer may take seconds to answer), speech on the announcer's own thread; results return through the
// UI queue.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "config.hpp"
#include "kiosk/ui/ports.hpp"
#include "ui_queue.hpp"

namespace kiosk::printer {
class Printer;
}
namespace kiosk::speech {
class Announcer;
}
namespace kiosk::slip {
struct SlipFonts;
}

namespace kiosk::app {

class AppDevices : public ui::Peripherals {
 public:
  AppDevices(const KioskConfig& config, UiQueue& queue);
  ~AppDevices() override;

  void print_ticket(const ui::TicketToPrint& ticket, std::function<void(const ui::PrintOutcome&)> done) override;
  void print_apology(const ui::ApologyToPrint& slip, std::function<void(const ui::PrintOutcome&)> done) override;
  void announce(const std::string& text) override;
  // Asks the printer how it is (DLE EOT) off the UI thread.
  void query_printer(std::function<void(const ui::PrintOutcome&)> done);
  bool has_printer() const;

 private:
  void run_on_worker(std::function<void()> job);
  void worker();

  const KioskConfig& config_;
  UiQueue& queue_;
  std::unique_ptr<printer::Printer> printer_;
  std::unique_ptr<slip::SlipFonts> fonts_;
  std::unique_ptr<speech::Announcer> announcer_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kiosk::app
