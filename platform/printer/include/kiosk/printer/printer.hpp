#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "kiosk/printer/status.hpp"

namespace kiosk::printer {

// The outcome of one job. error is for the log (English, names the printer and the cause); error_vi is
// what the kiosk screen or the counter shows. state is what the printer reported (unknown when it did not
// answer; ok = true with unknown means the bytes went out but nobody confirmed the paper).
struct PrintResult {
  bool ok = false;
  PrinterState state = PrinterState::unknown;
  std::string error;
  std::string error_vi;
};

// Where a job goes. Both calls block, at most for the printer's timeout, and never throw: run them off
// the screen's thread. One job at a time: a Printer is not thread-safe.
class Printer {
 public:
  virtual ~Printer() = default;
  // Sends a complete ESC/POS job (escpos::raster_job). An empty job is refused, not sent.
  virtual PrintResult print(std::span<const std::uint8_t> job) = 0;
  virtual PrinterState status() = 0;
};

inline constexpr std::chrono::milliseconds kDefaultPrinterTimeout{3000};

// A regular file (previews, tests, a spool directory): overwritten by each job, written beside it and
// renamed so a reader sees a whole job or the previous one. A character device (/dev/usb/lp0, a serial
// port) is written directly, as a stream. Anything else at the path (a directory, a FIFO) is refused.
class FilePrinter final : public Printer {
 public:
  explicit FilePrinter(std::string path, std::chrono::milliseconds timeout = kDefaultPrinterTimeout);
  PrintResult print(std::span<const std::uint8_t> job) override;
  // ok when a job could be written now (the directory is writable, the device opens), else offline.
  PrinterState status() override;

 private:
  std::string path_;
  std::chrono::milliseconds timeout_;
};

// A printer on the Linux usblp driver (/dev/usb/lp0). Asks the paper sensor (DLE EOT 4) before each job
// and refuses to print on paper out; a printer that does not answer within 500 ms still gets the job.
class UsbPrinter final : public Printer {
 public:
  explicit UsbPrinter(std::string device_path, std::chrono::milliseconds timeout = kDefaultPrinterTimeout);
  PrintResult print(std::span<const std::uint8_t> job) override;
  PrinterState status() override;

 private:
  std::string device_path_;
  std::chrono::milliseconds timeout_;
};

// A network printer on its raw port (9100). Each job is one connection: connect, ask the paper sensor,
// send the job unless the paper is out. print() and status() return within `timeout` in all, name lookup
// included.
class TcpPrinter final : public Printer {
 public:
  explicit TcpPrinter(std::string host, int port = 9100, std::chrono::milliseconds timeout = kDefaultPrinterTimeout);
  PrintResult print(std::span<const std::uint8_t> job) override;
  PrinterState status() override;

 private:
  std::string host_;
  int port_;
  std::chrono::milliseconds timeout_;
};

// As the configuration names a printer. kind: "file" (path), "usb" (path of the device), "tcp" (host,
// port), "none" or empty: a printer that refuses every job with "Chưa cấu hình máy in". An unknown kind
// gives a printer that refuses every job saying so, so a typo shows on the first print, not as a crash.
struct PrinterSpec {
  // The {} let callers write PrinterSpec{.kind = "tcp", .host = ...} without -Wextra's missing-initializer warning.
  std::string kind{};
  std::string path{};
  std::string host{};
  int port = 9100;
  std::chrono::milliseconds timeout{kDefaultPrinterTimeout};
};
std::unique_ptr<Printer> make_printer(const PrinterSpec& spec);

}  // namespace kiosk::printer
