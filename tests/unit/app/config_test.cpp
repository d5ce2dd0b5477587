#include <gtest/gtest.h>

#include "config.hpp"

namespace kiosk::app {
namespace {

TEST(KioskConfig, TheShippedExampleLoadsAndIsValid) {
  const auto config = KioskConfig::load(std::string(KIOSK_SOURCE_DIR) + "/platform/linux/kiosk.example.toml");
  EXPECT_EQ(config.role, "ticket");
  EXPECT_EQ(config.hub_url, "ws://192.168.1.10:8080/ws");
  EXPECT_EQ(config.token_file, "/var/lib/kiosk/device.token");
  EXPECT_EQ(config.printer_kind, "none");
  EXPECT_EQ(config.rating_scale, 5);
  EXPECT_EQ(config.citizen_timeout, std::chrono::seconds(30));
  EXPECT_NO_THROW(config.validate());
}

TEST(KioskConfig, RelativePathsAreResolvedAgainstTheFile) {
  const auto config = KioskConfig::parse("role = \"board\"\n[hub]\nurl = \"ws://h:8080/ws\"\ntoken_file = \"board.token\"\n"
                                         "[printer]\nkind = \"file\"\npath = \"out/slip.bin\"\n",
                                         "/etc/kiosk");
  EXPECT_EQ(config.token_file, "/etc/kiosk/board.token");
  EXPECT_EQ(config.printer_path, "/etc/kiosk/out/slip.bin");
}

TEST(KioskConfig, AMisspeltKeyIsRefusedNotIgnored) {
  try {
    KioskConfig::parse("role = \"ticket\"\n[printr]\nkind = \"tcp\"\n", "/etc", "kiosk.toml");
    FAIL() << "accepted an unknown table";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("printr"), std::string::npos) << e.what();
  }
}

TEST(KioskConfig, BadValuesAreRefusedWithTheirName) {
  auto refused = [](const std::string& toml, const std::string& word) {
    try {
      KioskConfig::parse(toml, "/etc", "kiosk.toml").validate();
      ADD_FAILURE() << "accepted: " << toml;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(word), std::string::npos) << e.what();
    }
  };
  const std::string hub = "[hub]\nurl = \"ws://h/ws\"\ntoken_file = \"t\"\n";
  refused("role = \"cashier\"\n" + hub, "role");
  refused("role = \"ticket\"\n" + hub + "[rating]\nscale = 4\n", "rating.scale");
  refused("role = \"ticket\"\n" + hub + "[printer]\nkind = \"tcp\"\n", "printer.host");
  refused("role = \"ticket\"\n" + hub + "[printer]\nkind = \"lpt\"\n", "printer.kind");
  refused("role = \"ticket\"\n", "hub");
  refused("role = \"counter\"\n[local]\nhub_config = \"kioskd.toml\"\n", "counter");
  refused("role = \"ticket\"\n" + hub + "[screen]\ncitizen_timeout_s = 1\n", "citizen_timeout");
  refused("role = 5\n", "role");
  refused("role = \"ticket\"\n[display\n", "kiosk.toml");
}

}  // namespace
}  // namespace kiosk::app
