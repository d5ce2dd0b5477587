// The printers as a kiosk uses them: a job reaches a network printer, a device node or a file exactly; a
// printer out of paper gets no job; a dead or silent printer costs no more than the timeout and is
// reported in words a screen can show.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>

#include "kiosk/printer/escpos.hpp"
#include "kiosk/printer/printer.hpp"
#include "kiosk/raster/mono.hpp"
#include "test_support.hpp"

namespace kiosk::printer {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::vector<std::uint8_t> sample_job() {
  raster::Canvas canvas(576, 300);
  canvas.fill_rect(40, 40, 496, 220);
  canvas.fill_rect(60, 60, 456, 180, raster::kWhite);
  return escpos::raster_job(raster::to_mono(canvas));
}

std::vector<std::uint8_t> query_then(const std::vector<std::uint8_t>& job) {
  std::vector<std::uint8_t> bytes = escpos::status_query(escpos::kStatusPaperSensor);
  bytes.insert(bytes.end(), job.begin(), job.end());
  return bytes;
}

std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::chrono::milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

TEST(PrinterTcp, ThePrinterGetsTheStatusQueryThenExactlyTheJob) {
  test::FakeNetworkPrinter fake({.reply = 0x12});
  TcpPrinter printer("127.0.0.1", fake.port(), 3000ms);
  const auto job = sample_job();
  const PrintResult result = printer.print(job);
  EXPECT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.state, PrinterState::ok);
  EXPECT_TRUE(result.error.empty());
  EXPECT_EQ(fake.received(), query_then(job));
}

TEST(PrinterTcp, PaperOutMeansTheJobIsNotSent) {
  test::FakeNetworkPrinter fake({.reply = 0x72});
  TcpPrinter printer("127.0.0.1", fake.port(), 3000ms);
  const PrintResult result = printer.print(sample_job());
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.state, PrinterState::paper_out);
  EXPECT_EQ(result.error_vi, "Máy in hết giấy");
  EXPECT_NE(result.error.find("paper out"), std::string::npos) << result.error;
  EXPECT_EQ(fake.received(), escpos::status_query(escpos::kStatusPaperSensor));
}

TEST(PrinterTcp, PaperNearEndStillPrintsAndSaysSo) {
  test::FakeNetworkPrinter fake({.reply = 0x1E});
  TcpPrinter printer("127.0.0.1", fake.port(), 3000ms);
  const auto job = sample_job();
  const PrintResult result = printer.print(job);
  EXPECT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.state, PrinterState::paper_near_end);
  EXPECT_EQ(fake.received(), query_then(job));
}

TEST(PrinterTcp, AClosedPortIsOfflineWithTheVietnameseErrorWithinTheTimeout) {
  const int port = test::closed_loopback_port();
  TcpPrinter printer("127.0.0.1", port, 1000ms);
  const auto start = Clock::now();
  const PrintResult result = printer.print(sample_job());
  EXPECT_LT(since(start), 1000ms);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.state, PrinterState::offline);
  EXPECT_EQ(result.error, "printer 127.0.0.1:" + std::to_string(port) + " unreachable: Connection refused");
  EXPECT_EQ(result.error_vi, "Máy in không phản hồi");
  EXPECT_EQ(printer.status(), PrinterState::offline);
}

TEST(PrinterTcp, APrinterThatNeverAnswersTheStatusQueryStillGetsTheJob) {
  test::FakeNetworkPrinter fake({});
  TcpPrinter printer("127.0.0.1", fake.port(), 2000ms);
  const auto job = sample_job();
  const auto start = Clock::now();
  const PrintResult result = printer.print(job);
  const auto elapsed = since(start);
  EXPECT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.state, PrinterState::unknown);
  EXPECT_GE(elapsed, 400ms);  // it did wait for an answer
  EXPECT_LT(elapsed, 2000ms);
  EXPECT_EQ(fake.received(), query_then(job));
}

TEST(PrinterTcp, APrinterThatStopsTakingDataFailsWithinTheTimeout) {
  // Listening but never accepting: the kernel completes the connection, then the buffers fill up.
  int port = 0;
  test::UniqueFd listener(test::bound_loopback_socket(port));
  ASSERT_EQ(::listen(listener.get(), 1), 0);
  const std::vector<std::uint8_t> huge(32u << 20, 0);
  TcpPrinter printer("127.0.0.1", port, 1500ms);
  const auto start = Clock::now();
  const PrintResult result = printer.print(huge);
  EXPECT_LT(since(start), 1500ms + 250ms);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.state, PrinterState::offline);
  EXPECT_NE(result.error.find("did not take the job within 1500 ms"), std::string::npos) << result.error;
  EXPECT_EQ(result.error_vi, "Máy in không phản hồi");
}

TEST(PrinterTcp, APrinterHangingUpMidJobIsAnErrorNotASignal) {
  // Without MSG_NOSIGNAL the write after the hang-up raises SIGPIPE, which ends the test program.
  test::FakeNetworkPrinter fake({.reply = 0x12, .hang_up_after_reply = true});
  TcpPrinter printer("127.0.0.1", fake.port(), 3000ms);
  const std::vector<std::uint8_t> huge(32u << 20, 0);
  const PrintResult result = printer.print(huge);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.state, PrinterState::offline);
  EXPECT_EQ(result.error_vi, "Mất kết nối với máy in");
  EXPECT_NE(result.error.find("failed"), std::string::npos) << result.error;
}

TEST(PrinterTcp, StatusIsWhatThePaperSensorSays) {
  test::FakeNetworkPrinter fake({.reply = 0x1E});
  TcpPrinter printer("127.0.0.1", fake.port(), 2000ms);
  EXPECT_EQ(printer.status(), PrinterState::paper_near_end);
  EXPECT_EQ(fake.received(), escpos::status_query(escpos::kStatusPaperSensor));
}

TEST(PrinterTcp, ConnectingGivesUpWithinTheTimeout) {
  // A listener whose accept queue is full drops further connection requests, as a printer that is
  // switched off or cut from the network does: the connection is never refused, it just never comes.
  int port = 0;
  test::UniqueFd listener(test::bound_loopback_socket(port));
  ASSERT_EQ(::listen(listener.get(), 0), 0);
  std::vector<std::unique_ptr<test::UniqueFd>> queued;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  for (int i = 0; i < 4; ++i) {
    queued.push_back(std::make_unique<test::UniqueFd>(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)));
    ::connect(queued.back()->get(), reinterpret_cast<sockaddr*>(&address), sizeof address);
  }
  TcpPrinter printer("127.0.0.1", port, 300ms);
  const auto start = Clock::now();
  const PrintResult result = printer.print(sample_job());
  const auto elapsed = since(start);
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 300ms + 200ms);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.state, PrinterState::offline);
  EXPECT_EQ(result.error, "printer 127.0.0.1:" + std::to_string(port) + " unreachable: timed out after 300 ms");
  EXPECT_EQ(result.error_vi, "Máy in không phản hồi");
}

TEST(PrinterTcp, AHostNameIsLookedUp) {
  test::FakeNetworkPrinter fake({.reply = 0x12});
  TcpPrinter printer("localhost", fake.port(), 3000ms);
  const auto job = sample_job();
  const PrintResult result = printer.print(job);
  EXPECT_TRUE(result.ok) << result.error;
  EXPECT_EQ(fake.received(), query_then(job));
}

TEST(PrinterTcp, ABadAddressOrAnEmptyJobIsRefusedBeforeConnecting) {
  const PrintResult bad_port = TcpPrinter("127.0.0.1", 0).print(sample_job());
  EXPECT_FALSE(bad_port.ok);
  EXPECT_EQ(bad_port.error_vi, "Cấu hình máy in không hợp lệ");
  const PrintResult empty = TcpPrinter("127.0.0.1", test::closed_loopback_port()).print({});
  EXPECT_FALSE(empty.ok);
  EXPECT_EQ(empty.error_vi, "Không có nội dung để in");
}

TEST(PrinterFile, WritesTheJobAndReplacesThePreviousOne) {
  test::TempDir dir;
  const std::string path = dir.file("ticket.bin");
  FilePrinter printer(path);
  EXPECT_EQ(printer.status(), PrinterState::ok);
  const auto first = sample_job();
  PrintResult result = printer.print(first);
  EXPECT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.state, PrinterState::ok);
  EXPECT_EQ(read_file(path), first);
  const std::vector<std::uint8_t> second{0x1B, '@', 0x1B, 'd', 4};
  EXPECT_TRUE(printer.print(second).ok);
  EXPECT_EQ(read_file(path), second);
  EXPECT_EQ(dir.names(), (std::vector<std::string>{"ticket.bin"}));  // nothing half-written left behind
}

TEST(PrinterFile, AMissingDirectoryIsOfflineWithoutAnException) {
  test::TempDir dir;
  const std::string path = dir.file("no-such-dir/ticket.bin");
  FilePrinter printer(path);
  PrintResult result;
  EXPECT_NO_THROW(result = printer.print(sample_job()));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.state, PrinterState::offline);
  EXPECT_NE(result.error.find(path), std::string::npos) << result.error;
  EXPECT_EQ(result.error_vi, "Không tìm thấy máy in");
  EXPECT_EQ(printer.status(), PrinterState::offline);
}

TEST(PrinterFile, ADirectoryAtThePathOrAnEmptyJobIsRefused) {
  test::TempDir dir;
  FilePrinter directory(dir.path().string());
  const PrintResult result = directory.print(sample_job());
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.error_vi, "Cấu hình máy in không hợp lệ");
  EXPECT_EQ(directory.status(), PrinterState::offline);
  FilePrinter file(dir.file("ticket.bin"));
  EXPECT_FALSE(file.print({}).ok);
  EXPECT_EQ(dir.names().size(), 0u);
}

TEST(PrinterFile, ACharacterDeviceIsWrittenDirectly) {
  test::RawPty pty;
  ASSERT_TRUE(pty.ok());
  const auto job = sample_job();
  std::vector<std::uint8_t> received;
  std::thread device([&] { received = test::play_printer(pty.master(), {.stop_after = job.size(), .idle = 2000ms}); });
  FilePrinter printer(pty.slave_path());
  EXPECT_EQ(printer.status(), PrinterState::ok);
  const PrintResult result = printer.print(job);
  device.join();
  EXPECT_TRUE(result.ok) << result.error;
  EXPECT_EQ(received, job);
}

TEST(PrinterUsb, AMissingDeviceIsOfflineAndSaysThePrinterIsNotFound) {
  UsbPrinter printer("/dev/usb/lp-kiosk-test-missing");
  const PrintResult result = printer.print(sample_job());
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.state, PrinterState::offline);
  EXPECT_EQ(result.error_vi, "Không tìm thấy máy in");
  EXPECT_NE(result.error.find("/dev/usb/lp-kiosk-test-missing"), std::string::npos) << result.error;
  EXPECT_EQ(printer.status(), PrinterState::offline);
}

TEST(PrinterUsb, AsksThePaperSensorThenSendsTheJob) {
  test::RawPty pty;
  ASSERT_TRUE(pty.ok());
  const auto job = sample_job();
  std::vector<std::uint8_t> received;
  std::thread device([&] {
    received = test::play_printer(pty.master(), {.reply = 0x12, .stop_after = 3 + job.size(), .idle = 2000ms});
  });
  UsbPrinter printer(pty.slave_path(), 3000ms);
  const PrintResult result = printer.print(job);
  device.join();
  EXPECT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.state, PrinterState::ok);
  EXPECT_EQ(received, query_then(job));
}

TEST(PrinterUsb, PaperOutMeansTheJobIsNotSent) {
  test::RawPty pty;
  ASSERT_TRUE(pty.ok());
  std::vector<std::uint8_t> received;
  std::thread device([&] { received = test::play_printer(pty.master(), {.reply = 0x72, .idle = 500ms}); });
  UsbPrinter printer(pty.slave_path(), 3000ms);
  const PrintResult result = printer.print(sample_job());
  device.join();
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.state, PrinterState::paper_out);
  EXPECT_EQ(result.error_vi, "Máy in hết giấy");
  EXPECT_EQ(received, escpos::status_query(escpos::kStatusPaperSensor));
}

TEST(PrinterUsb, ADeviceThatNeverAnswersStillGetsTheJob) {
  test::RawPty pty;
  ASSERT_TRUE(pty.ok());
  const auto job = sample_job();
  std::vector<std::uint8_t> received;
  std::thread device([&] {
    received = test::play_printer(pty.master(), {.stop_after = 3 + job.size(), .idle = 2000ms});
  });
  UsbPrinter printer(pty.slave_path(), 3000ms);
  const PrintResult result = printer.print(job);
  device.join();
  EXPECT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.state, PrinterState::unknown);
  EXPECT_EQ(received, query_then(job));
}

TEST(PrinterSpec, NoPrinterRefusesEveryJobInWordsTheScreenCanShow) {
  for (const char* kind : {"none", ""}) {
    const auto printer = make_printer(PrinterSpec{.kind = kind});
    ASSERT_TRUE(printer);
    const PrintResult result = printer->print(sample_job());
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.state, PrinterState::offline);
    EXPECT_EQ(result.error_vi, "Chưa cấu hình máy in");
    EXPECT_EQ(printer->status(), PrinterState::offline);
  }
}

TEST(PrinterSpec, EachKindReachesItsPrinter) {
  test::TempDir dir;
  const auto job = sample_job();
  const auto file = make_printer(PrinterSpec{.kind = "file", .path = dir.file("out.bin")});
  EXPECT_TRUE(file->print(job).ok);
  EXPECT_EQ(read_file(dir.file("out.bin")), job);

  test::FakeNetworkPrinter fake({.reply = 0x12});
  const auto tcp = make_printer(PrinterSpec{.kind = "tcp", .host = "127.0.0.1", .port = fake.port(), .timeout = 2000ms});
  EXPECT_TRUE(tcp->print(job).ok);
  EXPECT_EQ(fake.received(), query_then(job));

  const auto usb = make_printer(PrinterSpec{.kind = "usb", .path = "/dev/usb/lp-kiosk-test-missing"});
  EXPECT_EQ(usb->print(job).error_vi, "Không tìm thấy máy in");

  const auto typo = make_printer(PrinterSpec{.kind = "tpc"});
  const PrintResult result = typo->print(job);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.error_vi, "Cấu hình máy in không hợp lệ");
  EXPECT_NE(result.error.find("'tpc'"), std::string::npos) << result.error;
}

}  // namespace
}  // namespace kiosk::printer
