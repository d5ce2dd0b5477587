#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>

#include "io.hpp"

namespace kiosk::printer {

namespace {

using detail::Clock;

struct AddrInfoFree {
  void operator()(addrinfo* info) const { ::freeaddrinfo(info); }
};
using AddrInfoPtr = std::unique_ptr<addrinfo, AddrInfoFree>;

// getaddrinfo has no time limit of its own (a dead DNS server costs seconds), so a host name is looked up
// on a thread of its own that the caller stops waiting for at the deadline; a late answer is freed there.
struct Lookup {
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  bool abandoned = false;
  int result = 0;
  addrinfo* addresses = nullptr;
};

AddrInfoPtr resolve(const std::string& host, const std::string& port, Clock::time_point deadline, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  addrinfo* addresses = nullptr;
  // Printers are configured by address almost always: that needs no lookup and no thread.
  if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &addresses) == 0) return AddrInfoPtr(addresses);
  hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
  auto lookup = std::make_shared<Lookup>();
  try {
    std::thread([lookup, host, port, hints] {
      addrinfo* found = nullptr;
      const int result = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found);
      const std::lock_guard lock(lookup->mutex);
      if (lookup->abandoned) {
        if (result == 0) ::freeaddrinfo(found);
        return;
      }
      lookup->result = result;
      lookup->addresses = found;
      lookup->done = true;
      lookup->finished.notify_one();
    }).detach();
  } catch (const std::system_error& e) {
    error = std::string("cannot start the name lookup: ") + e.what();
    return nullptr;
  }
  std::unique_lock lock(lookup->mutex);
  if (!lookup->finished.wait_until(lock, deadline, [&] { return lookup->done; })) {
    lookup->abandoned = true;
    error = "name lookup timed out";
    return nullptr;
  }
  if (lookup->result != 0) {
    error = std::string("cannot resolve host: ") + ::gai_strerror(lookup->result);
    return nullptr;
  }
  return AddrInfoPtr(lookup->addresses);
}

struct Connected {
  detail::UniqueFd fd;
  std::string error;  // why not, when fd is empty
};

Connected connect_to(const std::string& host, int port, Clock::time_point deadline, std::chrono::milliseconds timeout) {
  Connected out;
  const AddrInfoPtr addresses = resolve(host, std::to_string(port), deadline, out.error);
  if (!addresses) return out;
  int last_error = ECONNREFUSED;
  for (const addrinfo* a = addresses.get(); a != nullptr; a = a->ai_next) {
    detail::UniqueFd fd(::socket(a->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) {
      last_error = errno;
      continue;
    }
    if (::connect(fd.get(), a->ai_addr, a->ai_addrlen) == 0) {
      out.fd = std::move(fd);
      return out;
    }
    if (errno != EINPROGRESS) {
      last_error = errno;
      continue;
    }
    pollfd p{fd.get(), POLLOUT, 0};
    int ready = 0;
    do {
      ready = ::poll(&p, 1, detail::poll_timeout_ms(deadline));
    } while (ready < 0 && errno == EINTR);
    if (ready == 0) {
      out.error = "timed out after " + detail::milliseconds_text(timeout);
      return out;
    }
    int so_error = 0;
    socklen_t length = sizeof so_error;
    if (ready < 0) {
      last_error = errno;
    } else if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &so_error, &length) != 0) {
      last_error = errno;
    } else if (so_error != 0) {
      last_error = so_error;
    } else {
      out.fd = std::move(fd);
      return out;
    }
  }
  out.error = detail::errno_text(last_error);
  return out;
}

// After the job: say we are done and wait briefly for the printer to close its side. Closing with unread
// bytes (a late status reply) would make the kernel send a reset, on which a printer may drop the part of
// the job still in its buffer.
void finish(int fd, Clock::time_point deadline) {
  ::shutdown(fd, SHUT_WR);
  const auto linger_until = std::min(deadline, Clock::now() + std::chrono::milliseconds(200));
  std::uint8_t discard[256];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, detail::poll_timeout_ms(linger_until));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return;
    const ssize_t n = ::recv(fd, discard, sizeof discard, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
    if (n <= 0) return;
  }
}

}  // namespace

TcpPrinter::TcpPrinter(std::string host, int port, std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), timeout_(timeout) {}

PrintResult TcpPrinter::print(std::span<const std::uint8_t> job) {
  const std::string name = host_ + ":" + std::to_string(port_);
  if (job.empty()) return detail::empty_job_refused(name);
  if (host_.empty() || port_ < 1 || port_ > 65535) {
    return detail::failure(PrinterState::offline, "invalid printer address " + name, detail::kBadConfigVi);
  }
  const auto start = Clock::now();
  const auto deadline = start + timeout_;
  Connected connection = connect_to(host_, port_, deadline, timeout_);
  if (!connection.fd) {
    return detail::failure(PrinterState::offline, "printer " + name + " unreachable: " + connection.error,
                           detail::kNoResponseVi);
  }
  const int fd = connection.fd.get();
  const PrinterState state = detail::query_paper(fd, detail::reply_deadline(Clock::now(), deadline, timeout_), true);
  if (state == PrinterState::paper_out) return detail::paper_out_refused(name);
  const detail::IoOutcome sent = detail::write_all(fd, job, deadline, true);
  if (sent.timed_out) {
    return detail::failure(PrinterState::offline,
                           "printer " + name + " did not take the job within " + detail::milliseconds_text(timeout_),
                           detail::kNoResponseVi);
  }
  if (!sent.ok) {
    return detail::failure(PrinterState::offline, "sending the job to printer " + name + " failed: " + detail::errno_text(sent.error),
                           detail::kConnectionLostVi);
  }
  finish(fd, deadline);
  return PrintResult{true, state, {}, {}};
}

PrinterState TcpPrinter::status() {
  if (host_.empty() || port_ < 1 || port_ > 65535) return PrinterState::offline;
  const auto start = Clock::now();
  const auto deadline = start + timeout_;
  Connected connection = connect_to(host_, port_, deadline, timeout_);
  if (!connection.fd) return PrinterState::offline;
  const PrinterState state = detail::query_paper(connection.fd.get(), detail::reply_deadline(Clock::now(), deadline, timeout_), true);
  finish(connection.fd.get(), deadline);
  return state;
}

}  // namespace kiosk::printer
