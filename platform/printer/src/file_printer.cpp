#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <filesystem>

#include "io.hpp"

namespace kiosk::printer {

namespace {

using detail::Clock;

bool is_character_device(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISCHR(st.st_mode);
}

// Something other than a regular file already at the path, which renaming over would destroy.
bool is_other_than_a_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode);
}

PrintResult open_failed(const std::string& path, int error) {
  const bool missing = error == ENOENT || error == ENOTDIR || error == ENODEV || error == ENXIO;
  return detail::failure(PrinterState::offline, "cannot write print job to " + path + ": " + detail::errno_text(error),
                         missing ? detail::kNotFoundVi : detail::kCannotWriteVi);
}

PrintResult write_to_device(const std::string& path, std::span<const std::uint8_t> job,
                            std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  // Non-blocking so a stalled device (no paper, unplugged mid-job) cannot hold the caller past the timeout.
  detail::UniqueFd fd(::open(path.c_str(), O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
  if (!fd) return open_failed(path, errno);
  const detail::IoOutcome sent = detail::write_all(fd.get(), job, deadline, false);
  if (sent.timed_out) {
    return detail::failure(PrinterState::offline,
                           "printer " + path + " did not take the job within " + detail::milliseconds_text(timeout),
                           detail::kNoResponseVi);
  }
  if (!sent.ok) {
    return detail::failure(PrinterState::offline, "sending the job to " + path + " failed: " + detail::errno_text(sent.error),
                           detail::kConnectionLostVi);
  }
  return PrintResult{true, PrinterState::ok, {}, {}};
}

PrintResult replace_file(const std::string& path, std::span<const std::uint8_t> job) {
  static std::atomic<unsigned> sequence{0};
  const std::string partial = path + ".partial-" + std::to_string(::getpid()) + "-" + std::to_string(sequence++);
  detail::UniqueFd fd(::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (!fd) return open_failed(path, errno);
  // A regular file never makes write wait, so the deadline is only a formality here.
  const detail::IoOutcome written = detail::write_all(fd.get(), job, Clock::now() + std::chrono::hours(1), false);
  const int close_result = ::close(fd.release());
  const int error = !written.ok ? written.error : (close_result != 0 ? errno : 0);
  if (error == 0 && ::rename(partial.c_str(), path.c_str()) == 0) return PrintResult{true, PrinterState::ok, {}, {}};
  const int cause = error != 0 ? error : errno;
  ::unlink(partial.c_str());
  return detail::failure(PrinterState::offline, "cannot write print job to " + path + ": " + detail::errno_text(cause),
                         detail::kCannotWriteVi);
}

}  // namespace

FilePrinter::FilePrinter(std::string path, std::chrono::milliseconds timeout)
    : path_(std::move(path)), timeout_(timeout) {}

PrintResult FilePrinter::print(std::span<const std::uint8_t> job) {
  if (job.empty()) return detail::empty_job_refused(path_);
  if (path_.empty()) return detail::failure(PrinterState::offline, "no file path for the file printer", detail::kBadConfigVi);
  if (is_character_device(path_)) return write_to_device(path_, job, timeout_);
  if (is_other_than_a_file(path_)) {
    return detail::failure(PrinterState::offline, "printer path " + path_ + " is neither a file nor a device",
                           detail::kBadConfigVi);
  }
  return replace_file(path_, job);
}

PrinterState FilePrinter::status() {
  if (path_.empty()) return PrinterState::offline;
  if (is_character_device(path_)) {
    detail::UniqueFd fd(::open(path_.c_str(), O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    return fd ? PrinterState::ok : PrinterState::offline;
  }
  if (is_other_than_a_file(path_)) return PrinterState::offline;
  std::filesystem::path directory = std::filesystem::path(path_).parent_path();
  if (directory.empty()) directory = ".";
  return ::access(directory.c_str(), W_OK) == 0 ? PrinterState::ok : PrinterState::offline;
}

}  // namespace kiosk::printer
