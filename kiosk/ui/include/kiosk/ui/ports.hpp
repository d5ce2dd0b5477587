// What the views may ask of the world outside the UI thread: the hub, the printer and the loudspeaker.
// Every answer comes back on the UI thread (the app posts it there), so views never lock anything.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace kiosk::ui {

struct Reply {
  bool ok = false;
  nlohmann::json result;
  std::string error_code;  // "queue.empty", "hub.unreachable", …
  std::string error_vi;    // for the screen
  std::string error_en;    // for logs and the English screen
};

class HubPort {
 public:
  virtual ~HubPort() = default;
  // Sends a command; `done` runs on the UI thread with the reply (or hub.unreachable at once when the link
  // is down).
  virtual void request(const std::string& cmd, nlohmann::json args, std::function<void(const Reply&)> done) = 0;
};

struct TicketToPrint {
  std::string centre_name, service_name, number, issued_at, priority_label, qr_payload;
  int people_ahead = 0;
  int estimated_wait_minutes = 0;
};

struct ApologyToPrint {
  std::string centre_name, dossier_code, procedure_name, received_at, due_at, new_due_at, reason, staff_name, issued_at;
};

struct PrintOutcome {
  bool ok = false;
  std::string printer_state;  // ok, paper_near_end, paper_out, cover_open, offline, unknown
  std::string error_vi, error_en;
};

class Peripherals {
 public:
  virtual ~Peripherals() = default;
  // Printing runs off the UI thread; `done` runs on the UI thread.
  virtual void print_ticket(const TicketToPrint& ticket, std::function<void(const PrintOutcome&)> done) = 0;
  virtual void print_apology(const ApologyToPrint& slip, std::function<void(const PrintOutcome&)> done) = 0;
  // Queued behind any announcement still playing; never blocks.
  virtual void announce(const std::string& text) = 0;
};

}  // namespace kiosk::ui
