// Real processes for the integration tests: a temporary directory, a child in its own process group (so
// that teardown reaches everything it started, however the test ends), a command run to completion, a bare
// HTTP GET on loopback, and kioskd itself started from a configuration file. Header-only and standalone:
// it needs nothing of the project's.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

extern char** environ;

namespace kiosk::integration {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

inline std::runtime_error os_error(const std::string& what) {
  return std::runtime_error(what + ": " + std::strerror(errno));
}

inline std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The last `lines` lines of a file, for failure messages.
inline std::string tail_of(const fs::path& p, std::size_t lines = 30) {
  const std::string text = read_text(p);
  std::size_t start = text.size();
  if (start > 0 && text[start - 1] == '\n') --start;  // the last line's own newline
  for (std::size_t seen = 0; start > 0 && seen < lines; ++seen) {
    const std::size_t newline = text.rfind('\n', start - 1);
    if (newline == std::string::npos) return text;
    start = newline;
  }
  return start == 0 ? text : text.substr(start + 1);
}

// Removed on destruction unless KIOSK_KEEP_TMP is set (to look at the logs and the database afterwards).
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "kiosk-it") {
    std::string tmpl = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (!::mkdtemp(tmpl.data())) throw os_error("mkdtemp");
    path_ = tmpl;
  }
  ~TempDir() {
    if (std::getenv("KIOSK_KEEP_TMP")) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// A program running in a process group of its own, stdout and stderr in files (the same file if they are
// the same path). Whatever is still running of the group when it is destroyed is killed and the leader
// reaped.
class ChildProcess {
 public:
  // argv[0] is looked up on PATH when it has no slash. `env` is added to (or overrides) this environment.
  ChildProcess(const std::vector<std::string>& argv, const fs::path& out, const fs::path& err,
               const std::map<std::string, std::string>& env = {}) {
    if (argv.empty()) throw std::invalid_argument("ChildProcess: no program");
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);

    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) {
      const std::string entry = *e;
      if (!env.contains(entry.substr(0, entry.find('=')))) env_strings.push_back(entry);
    }
    for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (err == out)
      posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    else
      posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawnattr_setpgroup(&attr, 0);
    // The test may have blocked or ignored signals; the child starts with the defaults.
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    sigdelset(&all, SIGKILL);
    sigdelset(&all, SIGSTOP);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    const int rc = ::posix_spawnp(&pid_, args[0], &actions, &attr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  }
  ~ChildProcess() {
    if (!status_) stop(SIGKILL, 5s);
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }

  // The wait status once the leader has exited; nothing while it runs. What the leader left running in its
  // group is killed as it is reaped, while the group id cannot yet have been reused.
  std::optional<int> poll() {
    if (status_) return status_;
    int status = 0;
    pid_t r;
    while ((r = ::waitpid(pid_, &status, WNOHANG)) < 0 && errno == EINTR) {
    }
    if (r == pid_) reaped(status);
    return status_;
  }

  // Waits up to `timeout` for the leader to exit by itself.
  std::optional<int> wait_for(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!poll() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
    return status_;
  }

  // Sends `signal` to the whole group, waits up to `grace` for the leader, then kills what is left of the
  // group. Returns the leader's wait status.
  int stop(int signal, std::chrono::milliseconds grace) {
    if (!poll()) {
      ::kill(-pid_, signal);
      if (!wait_for(grace)) {
        ::kill(-pid_, SIGKILL);
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        reaped(status);
      }
    }
    return *status_;
  }

 private:
  void reaped(int status) {
    status_ = status;
    ::kill(-pid_, SIGKILL);  // ESRCH when nothing is left
  }

  pid_t pid_ = -1;
  std::optional<int> status_;
};

inline std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return std::string("signal ") + ::strsignal(WTERMSIG(status));
  return "wait status " + std::to_string(status);
}

struct CommandResult {
  int status = 0;  // wait status
  std::string out, err;
  bool ok() const { return WIFEXITED(status) && WEXITSTATUS(status) == 0; }
};

// Runs a command to completion (killed after `timeout`), its output kept in `dir` under `name`.
inline CommandResult run_command(const std::vector<std::string>& argv, const fs::path& dir, const std::string& name,
                                 std::chrono::milliseconds timeout = 30s) {
  const fs::path out = dir / (name + ".out"), err = dir / (name + ".err");
  fs::remove(out);
  fs::remove(err);
  ChildProcess p(argv, out, err);
  CommandResult r;
  if (!p.wait_for(timeout)) {
    p.stop(SIGKILL, 1s);
    throw std::runtime_error(argv[0] + " did not finish within " + std::to_string(timeout.count()) + " ms");
  }
  r.status = p.stop(SIGKILL, 0ms);
  r.out = read_text(out);
  r.err = read_text(err);
  return r;
}

// A TCP port on 127.0.0.1 that was free a moment ago (whoever binds it next may still lose a race).
inline std::uint16_t free_local_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw os_error("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const auto e = os_error("bind 127.0.0.1:0");
    ::close(fd);
    throw e;
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

struct HttpResponse {
  int status = 0;
  std::string body;
};

// GET http://127.0.0.1:port/path with "Connection: close"; nothing when it cannot connect, times out or
// gets something that is not HTTP.
inline std::optional<HttpResponse> http_get(std::uint16_t port, const std::string& path,
                                            std::chrono::milliseconds timeout = 2s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return std::nullopt;
  const std::string request =
      "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\nConnection: close\r\n\r\n";
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) return std::nullopt;

  std::string data;
  std::optional<std::size_t> header_end, content_length;
  for (;;) {
    if (header_end && content_length && data.size() >= *header_end + *content_length) break;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd p{fd, POLLIN, 0};
    const int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return std::nullopt;
    char chunk[8192];
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::nullopt;
    if (n == 0) break;  // closed: the body is what came
    data.append(chunk, static_cast<std::size_t>(n));
    if (!header_end) {
      const auto pos = data.find("\r\n\r\n");
      if (pos == std::string::npos) continue;
      header_end = pos + 4;
      std::string headers = data.substr(0, pos);
      for (auto& c : headers) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (const auto cl = headers.find("\r\ncontent-length:"); cl != std::string::npos)
        content_length = std::strtoull(headers.c_str() + cl + 17, nullptr, 10);
    }
  }
  if (!header_end || !data.starts_with("HTTP/1.") || data.size() < 12) return std::nullopt;
  HttpResponse response;
  response.status = std::atoi(data.c_str() + 9);
  response.body = data.substr(*header_end, content_length.value_or(std::string::npos));
  return response;
}

// kioskd on 127.0.0.1, started from a configuration that creates the centre's database on the first start
// and keeps Argon2 cheap. The port is chosen on the first start and kept on restarts (the devices know it).
class HubProcess {
 public:
  struct Options {
    fs::path kioskd;     // the binary
    fs::path dir;        // configuration, database and log go here
    fs::path catalogue;  // for the first start
    fs::path holidays;   // optional
    std::string centre_code = "H15.50.05.13";
    std::string extra_config;  // more TOML tables, e.g. "[limits]\nsend_queue_messages = 16\n"
  };

  explicit HubProcess(Options options) : o_(std::move(options)) {}

  // Starts kioskd and waits until /healthz answers 200. On the first start a port that another process took
  // between our probe and kioskd's bind is retried with another.
  void start(std::chrono::milliseconds ready_within = 20s) {
    if (process_ && !process_->poll()) throw std::logic_error("kioskd is already running");
    const bool choose_port = port_ == 0;
    for (int attempt = 1;; ++attempt) {
      if (choose_port) port_ = free_local_port();
      write_config();
      process_.emplace(std::vector<std::string>{o_.kioskd.string(), "--config", config().string()}, log(), log());
      const auto deadline = std::chrono::steady_clock::now() + ready_within;
      while (std::chrono::steady_clock::now() < deadline) {
        if (auto status = process_->poll()) {
          if (choose_port && attempt < 5) break;
          throw std::runtime_error("kioskd exited at start (" + describe_status(*status) + "):\n" + tail_of(log()));
        }
        if (auto r = http_get(port_, "/healthz", 500ms); r && r->status == 200) return;
        std::this_thread::sleep_for(20ms);
      }
      if (!process_->poll()) {
        process_->stop(SIGKILL, 1s);
        throw std::runtime_error("kioskd did not answer /healthz within " + std::to_string(ready_within.count()) +
                                 " ms:\n" + tail_of(log()));
      }
    }
  }

  // SIGTERM, as systemd stops it; returns the wait status (SIGKILL after `grace`).
  int stop(std::chrono::milliseconds grace = 10s) {
    if (!process_) return 0;
    return process_->stop(SIGTERM, grace);
  }

  // kill -9, as a power cut or a crash would end it; returns the wait status.
  int kill() {
    if (!process_) return 0;
    return process_->stop(SIGKILL, 0ms);
  }
  pid_t pid() const { return process_ ? process_->pid() : 0; }

  std::uint16_t port() const { return port_; }
  std::string ws_url() const { return "ws://127.0.0.1:" + std::to_string(port_); }
  std::string http_url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  fs::path database() const { return o_.dir / "centre.db"; }
  fs::path config() const { return o_.dir / "kioskd.toml"; }
  fs::path log() const { return o_.dir / "kioskd.log"; }

 private:
  static std::string quoted(const fs::path& p) {
    std::string out = "\"";
    for (char c : p.string()) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  }

  void write_config() const {
    std::ofstream f(config(), std::ios::binary | std::ios::trunc);
    f << "[centre]\ncode = \"" << o_.centre_code << "\"\ncatalogue = " << quoted(o_.catalogue) << "\n";
    if (!o_.holidays.empty()) f << "holidays = " << quoted(o_.holidays) << "\n";
    f << "\n[database]\npath = " << quoted(database()) << "\n"
      << "\n[listen]\naddress = \"127.0.0.1\"\nport = " << port_ << "\n"
      << "\n[staff]\npin_opslimit = 1\npin_memlimit_kib = 8192\n"
      << o_.extra_config;
    if (!f) throw std::runtime_error("cannot write " + config().string());
  }

  Options o_;
  std::uint16_t port_ = 0;
  std::optional<ChildProcess> process_;
};

}  // namespace kiosk::integration
