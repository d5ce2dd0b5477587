#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "io.hpp"

namespace kiosk::printer {

namespace {

using detail::Clock;

struct Opened {
  detail::UniqueFd fd;
  int error = 0;
};

Opened open_device(const std::string& path) {
  // Read and write: the status reply comes back on the same device. Non-blocking, so neither a printer
  // that never answers nor one that stopped taking data holds the caller past its deadline.
  detail::UniqueFd fd(::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
  return Opened{std::move(fd), errno};
}

PrintResult open_failed(const std::string& path, int error) {
  const bool missing = error == ENOENT || error == ENODEV || error == ENXIO || error == ENOTDIR;
  if (missing) {
    return detail::failure(PrinterState::offline, "printer " + path + " not found: " + detail::errno_text(error),
                           detail::kNotFoundVi);
  }
  return detail::failure(PrinterState::offline, "cannot open printer " + path + ": " + detail::errno_text(error),
                         detail::kNoResponseVi);
}

}  // namespace

UsbPrinter::UsbPrinter(std::string device_path, std::chrono::milliseconds timeout)
    : device_path_(std::move(device_path)), timeout_(timeout) {}

PrintResult UsbPrinter::print(std::span<const std::uint8_t> job) {
  if (job.empty()) return detail::empty_job_refused(device_path_);
  const auto start = Clock::now();
  const auto deadline = start + timeout_;
  Opened device = open_device(device_path_);
  if (!device.fd) return open_failed(device_path_, device.error);
  const PrinterState state =
      detail::query_paper(device.fd.get(), detail::reply_deadline(start, deadline, timeout_), false);
  if (state == PrinterState::paper_out) return detail::paper_out_refused(device_path_);
  const detail::IoOutcome sent = detail::write_all(device.fd.get(), job, deadline, false);
  if (sent.timed_out) {
    return detail::failure(PrinterState::offline,
                           "printer " + device_path_ + " did not take the job within " + detail::milliseconds_text(timeout_),
                           detail::kNoResponseVi);
  }
  if (!sent.ok) {
    return detail::failure(PrinterState::offline,
                           "sending the job to printer " + device_path_ + " failed: " + detail::errno_text(sent.error),
                           detail::kConnectionLostVi);
  }
  return PrintResult{true, state, {}, {}};
}

PrinterState UsbPrinter::status() {
  const auto start = Clock::now();
  Opened device = open_device(device_path_);
  if (!device.fd) return PrinterState::offline;
  return detail::query_paper(device.fd.get(), detail::reply_deadline(start, start + timeout_, timeout_), false);
}

}  // namespace kiosk::printer
