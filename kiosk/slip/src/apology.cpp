#include "column.hpp"
#include "kiosk/slip/slip.hpp"

namespace kiosk::slip {

namespace {

constexpr int kMargin = 24;
constexpr int kHeaderSize = 22;
constexpr int kTitleSize = 30;
constexpr int kBodySize = 24;
constexpr int kDateSize = 30;
constexpr int kSignatureSpace = 72;

}  // namespace

raster::Canvas render_apology(const ApologySlip& apology, const SlipFonts& fonts, int width_px) {
  // Worded after the one-stop form: who received what and when, the promised date, the reason, the
  // apology, the new date, then who issued it. The centre speaks as the agency.
  detail::Column column(width_px, kMargin);
  column.gap(24);
  column.centred(fonts.bold, kHeaderSize, apology.centre_name);
  column.gap(10);
  column.centred(fonts.bold, kHeaderSize, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  column.centred(fonts.bold, kHeaderSize, "Độc lập - Tự do - Hạnh phúc");
  column.gap(4);
  column.rule(2, column.content_width() / 2);
  column.gap(24);
  column.centred(fonts.bold, kTitleSize, kApologyTitle);
  column.gap(20);

  const std::string addressee = apology.citizen_name.empty() ? "Ông/Bà" : "Ông/Bà " + apology.citizen_name;
  column.left(fonts.regular, kBodySize, "Kính gửi: " + addressee + ".");
  column.gap(8);
  column.left(fonts.regular, kBodySize,
              "Ngày " + apology.received_at + ", " + apology.centre_name +
                  " tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính: " + apology.procedure_name + ".");
  column.left(fonts.regular, kBodySize, "Mã hồ sơ: " + apology.dossier_code);
  column.left(fonts.regular, kBodySize, "Thời hạn trả kết quả theo giấy hẹn: " + apology.due_at + ".");
  column.gap(8);
  column.left(fonts.regular, kBodySize,
              "Tuy nhiên, " + apology.centre_name + " chưa thể trả kết quả giải quyết hồ sơ của Ông/Bà đúng hẹn.");
  if (!apology.reason.empty()) column.left(fonts.regular, kBodySize, "Lý do: " + apology.reason);
  column.gap(8);
  column.left(fonts.regular, kBodySize,
              "Sự chậm trễ này đã gây phiền hà cho Ông/Bà. " + apology.centre_name +
                  " xin lỗi Ông/Bà và hẹn trả kết quả vào:");
  column.gap(8);
  column.centred(fonts.bold, kDateSize, apology.new_due_at);
  column.gap(8);
  column.left(fonts.regular, kBodySize, "Xin trân trọng cảm ơn sự hợp tác của Ông/Bà.");
  column.gap(24);
  column.centred(fonts.regular, kBodySize, apology.issued_at);
  column.centred(fonts.bold, kBodySize, "Người lập phiếu");
  column.gap(kSignatureSpace);
  column.centred(fonts.bold, kBodySize, apology.staff_name);
  return column.finish(40);
}

}  // namespace kiosk::slip
