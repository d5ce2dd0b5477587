// Every role of the real kiosk program on its own X display (Xvfb + Mesa), driven by scripts through real
// SDL events, against a real kioskd: a whole visit from the entrance to the rating, the hub going away
// mid-visit, a wrong PIN, a printer that is gone. Screenshots are kept in the test's directory (set
// KIOSK_KEEP_TMP=1 to keep them) and read back with OCR.
#include <gtest/gtest.h>

#include "../unit/printer/test_support.hpp"
#include "kiosk/client/hub_client.hpp"
#include "kiosk/printer/escpos.hpp"
#include "kiosk/raster/mono.hpp"
#include "kiosk/store/centre_store.hpp"
#include "screens.hpp"

namespace kiosk::screens {
namespace {

using integration::HubProcess;
using integration::TempDir;

constexpr const char* kStaffPin = "482913";

class ScreensTest : public ::testing::Test {
 protected:
  void SetUp() override {
    hub_.emplace(HubProcess::Options{KIOSK_KIOSKD, dir_.path(), all_day_catalogue(dir_.path()), {}, "H15.50.05.13", ""});
    hub_->start();
    kioskctl(dir_.path(), hub_->database(), {"staff", "add", "--id", "nv01", "--name", "Nguyễn Thị Lan", "--pin", kStaffPin});
  }

  // Pairs a device as the manager would (a code from kioskctl, `pair` over the LAN) and keeps its token.
  fs::path pair(const std::string& role, int counter = 0) {
    std::vector<std::string> args = {"pairing", "create", "--role", role};
    if (counter > 0) {
      args.push_back("--counter");
      args.push_back(std::to_string(counter));
    }
    const std::string out = kioskctl(dir_.path(), hub_->database(), args);
    const std::string code = out.substr(0, out.find_first_of(" \n"));
    client::HubClient client;
    client.connect(hub_->ws_url());
    const auto reply = client.call("pair", {{"code", code}, {"name", "test " + role}});
    if (!reply.ok) throw std::runtime_error("pair failed: " + reply.error.message);
    const fs::path token = dir_.path() / (role + std::to_string(counter) + ".token");
    write_file(token, reply.result.value("token", "") + "\n");
    return token;
  }

  std::unique_ptr<Kiosk> start(const std::string& name, const std::string& role, const fs::path& token,
                               const std::string& script, const std::string& config = "") {
    const fs::path script_file = dir_.path() / (name + ".script");
    write_file(script_file, script);
    return std::make_unique<Kiosk>(Kiosk::Options{role, hub_->ws_url(), token, script_file, dir_.path(), name, {}, config});
  }

  static void expect_done(Kiosk& kiosk, std::chrono::milliseconds within, const std::string& what) {
    const auto result = kiosk.wait(within);
    ASSERT_TRUE(result.has_value()) << what << " did not finish:\n" << kiosk.log_text();
    EXPECT_EQ(*result, 0) << what << " failed:\n" << kiosk.log_text();
  }

  fs::path shot(const std::string& name) const { return dir_.path() / (name + ".png"); }

  // The screenshots are the test's artefacts: copied where CI and people can look at them afterwards.
  void TearDown() override {
    const fs::path keep = fs::path(KIOSK_SCREENSHOT_DIR) / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::error_code ec;
    fs::create_directories(keep, ec);
    for (const auto& entry : fs::directory_iterator(dir_.path(), ec))
      if (entry.path().extension() == ".png") fs::copy_file(entry.path(), keep / entry.path().filename(), fs::copy_options::overwrite_existing, ec);
  }

  TempDir dir_{"kiosk-screens"};
  std::optional<HubProcess> hub_;
};

struct EventSeen {
  std::string type;
  nlohmann::json payload;
};

std::vector<EventSeen> read_events(const fs::path& db) {
  std::vector<EventSeen> seen;
  auto store = store::CentreStore::open(db);
  store.for_each_event(1, [&](const Event& e) {
    seen.push_back({e.type, e.payload});
    return true;
  });
  return seen;
}

const EventSeen* find_event(const std::vector<EventSeen>& events, const std::string& type) {
  for (const auto& e : events)
    if (e.type == type) return &e;
  return nullptr;
}

TEST_F(ScreensTest, AWholeVisitFromTheEntranceToTheRatingReachesEveryScreenAndTheLog) {
  const auto board_token = pair("board");
  const auto rating_token = pair("rating", 3);
  const auto ticket_token = pair("ticket");
  const auto counter_token = pair("counter", 3);

  // The board and the rating screen wait for what the others will do.
  auto board = start("board", "board", board_token,
                     "wait_for \"Chưa có số nào được gọi\" 30000\n"
                     "wait_for \"B-001\" 120000\n"
                     "wait 500\n"
                     "screenshot \"" + shot("board").string() + "\"\n");
  auto rating = start("rating", "rating", rating_token,
                      "wait_for \"Quầy số 3\" 30000\n"
                      "screenshot \"" + shot("rating-idle").string() + "\"\n"
                      "wait_for \"hài lòng với\" 120000\n"
                      "screenshot \"" + shot("rating-ask").string() + "\"\n"
                      "tap \"Hài lòng\"\n"
                      "wait_for \"Cảm ơn\" 15000\n"
                      "screenshot \"" + shot("rating-thanks").string() + "\"\n");

  // A citizen takes a ticket for civil status (counter 3 serves it); the slip goes to a file printer.
  const fs::path slip_bytes = dir_.path() / "slip.bin";
  auto ticket = start("ticket", "ticket", ticket_token,
                      "wait_for \"Hộ tịch\" 30000\n"
                      "screenshot \"" + shot("ticket-home").string() + "\"\n"
                      "tap \"Hộ tịch\"\n"
                      "wait_for \"B-001\" 15000\n"
                      "wait_for \"Mời Ông/Bà nhận phiếu\" 15000\n"
                      "screenshot \"" + shot("ticket-issued").string() + "\"\n",
                      "[printer]\nkind = \"file\"\npath = \"" + slip_bytes.string() + "\"\n");
  expect_done(*ticket, 90s, "the ticket kiosk");

  // The staff member signs in, opens, calls, serves and finishes.
  auto counter = start("counter", "counter", counter_token,
                       "wait_for \"Đăng nhập\" 30000\n"
                       "tap \"Mã nhân viên\"\n"
                       "type \"nv01\"\n"
                       "tap \"4\"\ntap \"8\"\ntap \"2\"\ntap \"9\"\ntap \"1\"\ntap \"3\"\n"
                       "tap \"Đăng nhập\"\n"
                       "wait_for \"Nguyễn Thị Lan\" 15000\n"
                       "tap \"Mở quầy\"\n"
                       "wait 300\n"
                       "tap \"Gọi số tiếp theo\"\n"
                       "wait_for \"B-001\" 15000\n"
                       "screenshot \"" + shot("counter-called").string() + "\"\n"
                       "tap \"Bắt đầu\"\n"
                       "wait 300\n"
                       "tap \"Hoàn thành\"\n"
                       "wait 500\n"
                       "screenshot \"" + shot("counter-finished").string() + "\"\n");
  expect_done(*counter, 90s, "the counter");
  expect_done(*rating, 60s, "the rating screen");
  expect_done(*board, 60s, "the board");

  // The log holds the whole visit, by the devices that did it.
  const auto log = read_events(hub_->database());
  for (const char* type : {"ticket.issued", "staff.signed_in", "counter.opened", "ticket.called", "ticket.service_started",
                           "ticket.finished", "rating.submitted"})
    EXPECT_NE(find_event(log, type), nullptr) << type << " missing from the log";
  if (const auto* rated = find_event(log, "rating.submitted")) {
    EXPECT_EQ(rated->payload.value("level", 0), 4) << rated->payload.dump();
    EXPECT_EQ(rated->payload.value("staff", ""), "nv01");
  }

  // The board announced the call (the speech itself is tested in kiosk_speech_tests; here the sound device
  // is SDL's dummy one).
  EXPECT_NE(integration::read_text(board->log()).find("announce: Mời công dân có số bê, một, đến quầy số ba"),
            std::string::npos)
      << board->log_text();

  // What each screen drew, read back from its pixels.
  EXPECT_NE(ocr(shot("ticket-issued")).find("B-001"), std::string::npos);
  EXPECT_NE(ocr(shot("ticket-issued")).find("Hộ tịch"), std::string::npos);
  EXPECT_NE(ocr(shot("ticket-home")).find("Mời Ông/Bà chọn lĩnh vực"), std::string::npos);
  EXPECT_NE(ocr(shot("board")).find("B-001"), std::string::npos);
  EXPECT_NE(ocr(shot("board")).find("Mời công dân có số"), std::string::npos);
  EXPECT_NE(ocr(shot("counter-called")).find("B-001"), std::string::npos);
  EXPECT_NE(ocr(shot("counter-called")).find("Nguyễn Thị Lan"), std::string::npos);
  EXPECT_NE(ocr(shot("rating-ask")).find("hài lòng"), std::string::npos);
  EXPECT_NE(ocr(shot("rating-thanks")).find("Cảm ơn"), std::string::npos);

  // The printed slip: ESC/POS raster bytes that decode to an 80 mm image whose QR code names the ticket.
  const std::string bytes = integration::read_text(slip_bytes);
  std::string error;
  const auto image = printer::escpos::decode_raster_job(
      std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), &error);
  ASSERT_TRUE(image.has_value()) << error;
  EXPECT_EQ(image->width, 576);
  EXPECT_GT(image->height, 600);
  const auto issued = find_event(log, "ticket.issued");
  ASSERT_NE(issued, nullptr);
  const auto codes = kiosk::test::read_qr_codes(raster::to_canvas(*image));
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes.front(), "kiosk:ticket:H15.50.05.13:" + std::to_string(issued->payload.value("ticket", 0)));
}

TEST_F(ScreensTest, AWrongPinIsRefusedOnScreenAndNobodyIsSignedIn) {
  auto counter = start("counter", "counter", pair("counter", 3),
                       "wait_for \"Đăng nhập\" 30000\n"
                       "tap \"Mã nhân viên\"\n"
                       "type \"nv01\"\n"
                       "tap \"1\"\ntap \"1\"\ntap \"1\"\ntap \"1\"\n"
                       "tap \"Đăng nhập\"\n"
                       "wait_for \"không đúng\" 15000\n"
                       "screenshot \"" + shot("wrong-pin").string() + "\"\n"
                       "expect_not \"Nguyễn Thị Lan\"\n");
  expect_done(*counter, 60s, "the counter");
  EXPECT_NE(ocr(shot("wrong-pin")).find("không đúng"), std::string::npos);
  const auto log = read_events(hub_->database());
  EXPECT_NE(find_event(log, "staff.sign_in_failed"), nullptr);
  EXPECT_EQ(find_event(log, "staff.signed_in"), nullptr);
}

TEST_F(ScreensTest, TheHubDisappearsMidVisitTheScreenSaysSoAndCarriesOnWhenItIsBack) {
  auto ticket = start("ticket", "ticket", pair("ticket"),
                      "wait_for \"Hộ tịch\" 30000\n"
                      "wait_for \"Mất kết nối\" 60000\n"
                      "screenshot \"" + shot("hub-lost").string() + "\"\n"
                      "wait_gone \"Mất kết nối\" 60000\n"
                      "tap \"Hộ tịch\"\n"
                      "wait_for \"B-001\" 15000\n");
  // Once the kiosk is up, the hub dies as in a power cut and comes back a few seconds later.
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (integration::read_text(dir_.path() / "ticket.log").find("hub: connected") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  std::this_thread::sleep_for(1s);
  hub_->kill();
  std::this_thread::sleep_for(3s);
  hub_->start();
  expect_done(*ticket, 90s, "the ticket kiosk");
  EXPECT_NE(ocr(shot("hub-lost")).find("Mất kết nối"), std::string::npos);
  EXPECT_NE(find_event(read_events(hub_->database()), "ticket.issued"), nullptr);
}

TEST_F(ScreensTest, APrinterThatIsGoneStillGivesTheNumberAndSaysWhatToDo) {
  const int closed_port = kiosk::test::closed_loopback_port();
  auto ticket = start("ticket", "ticket", pair("ticket"),
                      "wait_for \"Hộ tịch\" 30000\n"
                      "tap \"Hộ tịch\"\n"
                      "wait_for \"B-001\" 15000\n"
                      "wait_for \"Không in được phiếu\" 15000\n"
                      "screenshot \"" + shot("printer-gone").string() + "\"\n",
                      "[printer]\nkind = \"tcp\"\nhost = \"127.0.0.1\"\nport = " + std::to_string(closed_port) +
                          "\ntimeout_ms = 1000\n");
  expect_done(*ticket, 60s, "the ticket kiosk");
  const std::string text = ocr(shot("printer-gone"));
  EXPECT_NE(text.find("B-001"), std::string::npos) << text;
  EXPECT_NE(text.find("Không in được phiếu"), std::string::npos) << text;
}

TEST_F(ScreensTest, TheManagerSeesTodaysFiguresAndWhichDevicesAreConnected) {
  // A ticket taken and a printer gone: both reach the manager's screen.
  auto ticket = start("ticket", "ticket", pair("ticket"),
                      "wait_for \"Hộ tịch\" 30000\n"
                      "tap \"Hộ tịch\"\n"
                      "wait_for \"Không in được phiếu\" 15000\n",
                      "[printer]\nkind = \"tcp\"\nhost = \"127.0.0.1\"\nport = " +
                          std::to_string(kiosk::test::closed_loopback_port()) + "\ntimeout_ms = 1000\n");
  expect_done(*ticket, 60s, "the ticket kiosk");
  auto manager = start("manager", "manager", pair("manager"),
                       "wait_for \"Số liệu hôm nay\" 30000\n"
                       "wait_for \"Số phiếu đã cấp\" 15000\n"
                       "wait 500\n"
                       "screenshot \"" + shot("manager-today").string() + "\"\n"
                       "tap \"Thiết bị\"\n"
                       "wait_for \"Mất kết nối\" 15000\n"
                       "screenshot \"" + shot("manager-devices").string() + "\"\n");
  expect_done(*manager, 60s, "the manager screen");
  const std::string today = ocr(shot("manager-today"));
  EXPECT_NE(today.find("Số liệu hôm nay"), std::string::npos) << today;
  EXPECT_NE(today.find("Số phiếu đã cấp"), std::string::npos) << today;
  const std::string devices = ocr(shot("manager-devices"));
  EXPECT_NE(devices.find("Thiết bị"), std::string::npos) << devices;
}

}  // namespace
}  // namespace kiosk::screens
