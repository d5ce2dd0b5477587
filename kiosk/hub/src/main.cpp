// kioskd: the centre's hub. Thin: configuration, signals and the systemd handshake; the rest is kiosk_hub.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <functional>
#include <thread>

#ifdef KIOSK_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "kiosk/domain/errors.hpp"
#include "kiosk/hub/hub.hpp"
#include "kiosk/store/errors.hpp"

namespace {

void notify_systemd([[maybe_unused]] const char* state) {
#ifdef KIOSK_HAVE_SYSTEMD
  sd_notify(0, state);
#endif
}

// Half the watchdog interval systemd asked for, or nothing when it asked for none.
std::chrono::microseconds watchdog_interval() {
#ifdef KIOSK_HAVE_SYSTEMD
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) return std::chrono::microseconds(usec / 2);
#endif
  return std::chrono::microseconds(0);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kioskd — máy chủ của trung tâm một cửa / the one-stop centre's hub"};
  std::string config_path, log_level = "info";
  app.add_option("--config", config_path, "Configuration file (TOML)")->required();
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::from_str(log_level));

  try {
    kiosk::hub::Hub hub(kiosk::hub::HubConfig::load(config_path));
    hub.start();

    boost::asio::io_context control;
    boost::asio::signal_set signals(control, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      spdlog::info("signal {}: stopping", signal);
      notify_systemd("STOPPING=1");
      hub.stop();
    });
    // The watchdog is fed only while the store thread answers: a hung hub is restarted by systemd.
    boost::asio::steady_timer watchdog(control);
    const auto interval = watchdog_interval();
    std::function<void()> feed = [&] {
      if (hub.healthy()) notify_systemd("WATCHDOG=1");
      watchdog.expires_after(interval);
      watchdog.async_wait([&](const boost::system::error_code& ec) {
        if (!ec) feed();
      });
    };
    if (interval.count() > 0) feed();
    notify_systemd("READY=1");
    std::thread control_thread([&] { control.run(); });
    hub.wait();
    control.stop();
    control_thread.join();
    spdlog::info("stopped");
    return 0;
  } catch (const kiosk::hub::ConfigError& e) {
    spdlog::error("configuration: {}", e.what());
    return 2;
  } catch (const kiosk::store::StoreError& e) {
    spdlog::error("database: {}", e.what());
    return 3;
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
}
