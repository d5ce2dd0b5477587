#include "io.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

#include "kiosk/printer/escpos.hpp"

namespace kiosk::printer::detail {

void UniqueFd::reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::string errno_text(int error) { return std::generic_category().message(error); }

int poll_timeout_ms(Clock::time_point deadline) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 24LL * 3600 * 1000));
}

std::string milliseconds_text(std::chrono::milliseconds timeout) { return std::to_string(timeout.count()) + " ms"; }

IoOutcome write_all(int fd, std::span<const std::uint8_t> bytes, Clock::time_point deadline, bool is_socket) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = is_socket ? ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL)
                                : ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return {false, false, errno};
    // Full buffers: wait until the other side takes more, but not past the deadline.
    const int wait = poll_timeout_ms(deadline);
    if (wait == 0) return {false, true, 0};
    pollfd p{fd, POLLOUT, 0};
    const int ready = ::poll(&p, 1, wait);
    if (ready < 0 && errno != EINTR) return {false, false, errno};
    if (ready == 0) return {false, true, 0};
  }
  return {true, false, 0};
}

std::optional<std::uint8_t> read_byte(int fd, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, poll_timeout_ms(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return std::nullopt;
    std::uint8_t byte = 0;
    const ssize_t n = ::read(fd, &byte, 1);
    if (n == 1) return byte;
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (poll_timeout_ms(deadline) == 0) return std::nullopt;
      continue;
    }
    return std::nullopt;
  }
}

PrinterState query_paper(int fd, Clock::time_point reply_deadline, bool is_socket) {
  const auto query = escpos::status_query(escpos::kStatusPaperSensor);
  if (!write_all(fd, query, reply_deadline, is_socket).ok) return PrinterState::unknown;
  const auto reply = read_byte(fd, reply_deadline);
  return reply ? escpos::parse_status(escpos::kStatusPaperSensor, *reply) : PrinterState::unknown;
}

Clock::time_point reply_deadline(Clock::time_point start, Clock::time_point deadline, std::chrono::milliseconds timeout) {
  // At most a third of the whole time limit, so a silent printer still leaves time for the job.
  const auto wait = std::min<std::chrono::milliseconds>(kStatusReplyWait, timeout / 3);
  return std::min(deadline, start + wait);
}

PrintResult failure(PrinterState state, std::string error, std::string error_vi) {
  return PrintResult{false, state, std::move(error), std::move(error_vi)};
}

PrintResult empty_job_refused(const std::string& printer) {
  return failure(PrinterState::unknown, "empty print job for " + printer + " not sent", kEmptyJobVi);
}

PrintResult paper_out_refused(const std::string& printer) {
  return failure(PrinterState::paper_out, "printer " + printer + " reports paper out; job not sent", kPaperOutVi);
}

}  // namespace kiosk::printer::detail
