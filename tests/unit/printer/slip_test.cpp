// The slips as a citizen holds them: every Vietnamese letter printed (no empty boxes), the number large,
// the QR code readable from what the printer actually receives, long names wrapped instead of cut.
#include <gtest/gtest.h>

#include "kiosk/printer/escpos.hpp"
#include "kiosk/raster/mono.hpp"
#include "kiosk/raster/png.hpp"
#include "kiosk/slip/slip.hpp"
#include "test_support.hpp"

namespace kiosk::slip {
namespace {

TicketSlip thanh_tri_ticket() {
  TicketSlip t;
  t.centre_name = "Trung tâm Phục vụ hành chính công huyện Thanh Trì";
  t.service_name = "Hộ tịch";
  t.number = "B-023";
  t.issued_at = "23/11/2026 08:15";
  t.people_ahead = 5;
  t.estimated_wait_minutes = 20;
  t.qr_payload = "https://dichvucong.thanhtri.hanoi.gov.vn/ve/B-023?ngay=2026-11-23&ma=7F3K9Q";
  t.priority_label = "Ưu tiên: người cao tuổi";
  t.footer = "Vui lòng chờ gọi số";
  return t;
}

ApologySlip late_birth_certificate() {
  ApologySlip a;
  a.centre_name = "Trung tâm Phục vụ hành chính công huyện Thanh Trì";
  a.dossier_code = "000.00.17.H26-261115-0042";
  a.procedure_name = "Đăng ký khai sinh kết hợp đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi";
  a.citizen_name = "Nguyễn Thị Hường";
  a.received_at = "15/11/2026";
  a.due_at = "20/11/2026 17:00";
  a.new_due_at = "25/11/2026 17:00";
  a.reason = "Cần xác minh thông tin cư trú với Công an xã Ngũ Hiệp";
  a.staff_name = "Trần Văn Đức";
  a.issued_at = "Thanh Trì, ngày 19 tháng 11 năm 2026";
  return a;
}

void expect_no_missing_glyphs(const SlipFonts& fonts) {
  EXPECT_EQ(fonts.regular.missing_glyphs(), 0u);
  EXPECT_EQ(fonts.bold.missing_glyphs(), 0u);
  for (const raster::Face* face : {&fonts.regular, &fonts.bold}) {
    for (char32_t cp : face->missing_code_points()) ADD_FAILURE() << face->path() << " lacks U+" << std::hex << static_cast<unsigned>(cp);
  }
}

int ink_rows(const raster::Canvas& canvas) {
  int rows = 0;
  for (int y = 0; y < canvas.height(); ++y) {
    const auto row = canvas.row(y);
    rows += std::any_of(row.begin(), row.end(), [](std::uint8_t p) { return p < 128; }) ? 1 : 0;
  }
  return rows;
}

bool ink_in_columns(const raster::Canvas& canvas, int from, int to) {
  for (int y = 0; y < canvas.height(); ++y) {
    for (int x = from; x < to; ++x) {
      if (canvas.at(x, y) < 128) return true;
    }
  }
  return false;
}

TEST(SlipTicket, AVietnameseTicketPrintsWhole) {
  SlipFonts fonts = SlipFonts::load(test::font_dir());
  const TicketSlip ticket = thanh_tri_ticket();
  const raster::Canvas canvas = render_ticket(ticket, fonts, SlipLabels{});
  expect_no_missing_glyphs(fonts);
  EXPECT_EQ(canvas.width(), 576);
  EXPECT_GT(canvas.height(), 600);
  EXPECT_FALSE(canvas.blank());
  EXPECT_FALSE(ink_in_columns(canvas, 0, 8)) << "ink in the left margin";
  EXPECT_FALSE(ink_in_columns(canvas, 568, 576)) << "ink in the right margin";

  // What the printer receives, read back the way the printer would.
  const raster::MonoBitmap mono = raster::to_mono(canvas);
  const std::vector<std::uint8_t> job = printer::escpos::raster_job(mono);
  ASSERT_GE(job.size(), 2u);
  EXPECT_EQ(job[0], 0x1B);
  EXPECT_EQ(job[1], '@');
  const std::vector<std::uint8_t> raster_command{0x1D, 0x76, 0x30, 0x00};
  EXPECT_NE(std::search(job.begin(), job.end(), raster_command.begin(), raster_command.end()), job.end());
  std::string error;
  const auto decoded = printer::escpos::decode_raster_job(job, &error);
  ASSERT_TRUE(decoded) << error;
  EXPECT_EQ(decoded->width, mono.width);
  EXPECT_EQ(decoded->height, mono.height);
  EXPECT_EQ(decoded->bits, mono.bits);

  const raster::Canvas printed = raster::to_canvas(*decoded);
  {
    EXPECT_EQ(test::read_qr_codes(printed), (std::vector<std::string>{ticket.qr_payload}));
  }
  // The PNG preview shows exactly what was printed.
  test::TempDir dir;
  raster::write_png(dir.file("ticket.png"), printed);
  EXPECT_EQ(raster::read_png(dir.file("ticket.png")), printed);
}

TEST(SlipTicket, TheNumberIsAboutOneHundredFiftyPixelsTall) {
  SlipFonts fonts = SlipFonts::load(test::font_dir());
  TicketSlip ticket = thanh_tri_ticket();
  const raster::Canvas with_number = render_ticket(ticket, fonts);
  ticket.number.clear();
  const raster::Canvas without_number = render_ticket(ticket, fonts);
  const int number_rows = ink_rows(with_number) - ink_rows(without_number);
  EXPECT_GE(number_rows, 140);
  EXPECT_LE(number_rows, 160);
}

TEST(SlipTicket, EnglishLabelsAndA58mmPrinter) {
  SlipFonts fonts = SlipFonts::load(test::font_dir());
  const TicketSlip ticket = thanh_tri_ticket();
  const raster::Canvas english = render_ticket(ticket, fonts, SlipLabels::english());
  EXPECT_NE(english, render_ticket(ticket, fonts, SlipLabels::vietnamese()));
  const raster::Canvas narrow = render_ticket(ticket, fonts, SlipLabels{}, kWidth58mm);
  expect_no_missing_glyphs(fonts);
  EXPECT_EQ(narrow.width(), 384);
  EXPECT_GT(narrow.height(), 600);
  {
    EXPECT_EQ(test::read_qr_codes(raster::to_canvas(raster::to_mono(narrow))), (std::vector<std::string>{ticket.qr_payload}));
  }
}

TEST(SlipTicket, NoQrCodeAndAVeryLongServiceNameStillRender) {
  SlipFonts fonts = SlipFonts::load(test::font_dir());
  TicketSlip ticket = thanh_tri_ticket();
  ticket.qr_payload.clear();
  ticket.service_name =
      "Cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất lần đầu cho hộ gia "
      "đình, cá nhân đã được giao đất không đúng thẩm quyền " + std::string(120, 'X');
  ticket.number = "B-10023";
  ticket.people_ahead = -1;
  ticket.estimated_wait_minutes = -1;
  raster::Canvas canvas;
  EXPECT_NO_THROW(canvas = render_ticket(ticket, fonts));
  expect_no_missing_glyphs(fonts);
  EXPECT_EQ(canvas.width(), 576);
  EXPECT_GT(canvas.height(), 600);
  EXPECT_FALSE(ink_in_columns(canvas, 0, 8));
  EXPECT_FALSE(ink_in_columns(canvas, 568, 576));
  {
    EXPECT_TRUE(test::read_qr_codes(canvas).empty());
  }
}

TEST(SlipTicket, AnEmptyTicketAndAnAbsurdWidthDoNotThrow) {
  SlipFonts fonts = SlipFonts::load(test::font_dir());
  EXPECT_NO_THROW(render_ticket(TicketSlip{}, fonts));
  raster::Canvas tiny;
  EXPECT_NO_THROW(tiny = render_ticket(thanh_tri_ticket(), fonts, SlipLabels{}, 0));
  EXPECT_GT(tiny.width(), 0);
}

TEST(SlipApology, TheApologySlipPrintsEveryFieldWithoutMissingGlyphs) {
  SlipFonts fonts = SlipFonts::load(test::font_dir());
  const raster::Canvas canvas = render_apology(late_birth_certificate(), fonts);
  expect_no_missing_glyphs(fonts);
  EXPECT_EQ(canvas.width(), 576);
  EXPECT_GT(canvas.height(), 900);
  EXPECT_FALSE(ink_in_columns(canvas, 0, 8));
  EXPECT_FALSE(ink_in_columns(canvas, 568, 576));
  const auto decoded = printer::escpos::decode_raster_job(printer::escpos::raster_job(raster::to_mono(canvas)));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->height, canvas.height());
}

TEST(SlipApology, AnAnonymousCitizenAndALongReasonStillRender) {
  SlipFonts fonts = SlipFonts::load(test::font_dir());
  ApologySlip apology = late_birth_certificate();
  const raster::Canvas usual = render_apology(apology, fonts);
  apology.citizen_name.clear();
  apology.reason = std::string(3, ' ') + "Hệ thống cơ sở dữ liệu quốc gia về dân cư gián đoạn kết nối trong nhiều ngày; " +
                   "hồ sơ phải chờ xác minh bổ sung từ Ủy ban nhân dân xã nơi đăng ký thường trú trước đây.";
  raster::Canvas canvas;
  EXPECT_NO_THROW(canvas = render_apology(apology, fonts));
  expect_no_missing_glyphs(fonts);
  EXPECT_GT(canvas.height(), usual.height());
}

TEST(SlipFonts, AMissingFontDirectoryThrowsNamingTheFile) {
  try {
    SlipFonts::load("/nonexistent/fonts");
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/fonts/NotoSans-Regular.ttf"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace kiosk::slip
