#pragma once

// What the printers share: file descriptors, deadlines, writing and reading with a time limit, and the
// messages a screen shows.

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "kiosk/printer/printer.hpp"

namespace kiosk::printer::detail {

using Clock = std::chrono::steady_clock;

inline constexpr const char* kNotFoundVi = "Không tìm thấy máy in";
inline constexpr const char* kNoResponseVi = "Máy in không phản hồi";
inline constexpr const char* kPaperOutVi = "Máy in hết giấy";
inline constexpr const char* kConnectionLostVi = "Mất kết nối với máy in";
inline constexpr const char* kNotConfiguredVi = "Chưa cấu hình máy in";
inline constexpr const char* kBadConfigVi = "Cấu hình máy in không hợp lệ";
inline constexpr const char* kEmptyJobVi = "Không có nội dung để in";
inline constexpr const char* kCannotWriteVi = "Không ghi được lệnh in";

// A printer that answers at all answers a status query within milliseconds; one that is not
// bidirectional never does, and should not cost the citizen more than this per ticket.
inline constexpr std::chrono::milliseconds kStatusReplyWait{500};

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = other.release();
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset();

 private:
  int fd_ = -1;
};

std::string errno_text(int error);
int poll_timeout_ms(Clock::time_point deadline);  // what is left, rounded up, never negative
std::string milliseconds_text(std::chrono::milliseconds timeout);  // "3000 ms"

struct IoOutcome {
  bool ok = false;
  bool timed_out = false;
  int error = 0;  // errno when neither ok nor timed out
};
// All bytes, or why not by the deadline. On a socket with MSG_NOSIGNAL: a peer gone away is an error,
// not a SIGPIPE that ends the process. fd must be non-blocking.
IoOutcome write_all(int fd, std::span<const std::uint8_t> bytes, Clock::time_point deadline, bool is_socket);
// One byte if one comes by the deadline; nullopt on timeout, end of stream or error.
std::optional<std::uint8_t> read_byte(int fd, Clock::time_point deadline);

// Asks the paper sensor (DLE EOT 4) and waits for the reply until reply_deadline; unknown without one.
PrinterState query_paper(int fd, Clock::time_point reply_deadline, bool is_socket);
Clock::time_point reply_deadline(Clock::time_point start, Clock::time_point deadline, std::chrono::milliseconds timeout);

PrintResult failure(PrinterState state, std::string error, std::string error_vi);
PrintResult empty_job_refused(const std::string& printer);
PrintResult paper_out_refused(const std::string& printer);

}  // namespace kiosk::printer::detail
