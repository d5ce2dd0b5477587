#pragma once

#include <string>

#include "kiosk/raster/canvas.hpp"
#include "kiosk/raster/face.hpp"

namespace kiosk::slip {

// Printable width in dots: 80 mm paper at 203 dpi (72 mm printable); 58 mm paper has 384.
inline constexpr int kWidth80mm = 576;
inline constexpr int kWidth58mm = 384;

struct SlipFonts {
  raster::Face regular;
  raster::Face bold;
  // NotoSans-Regular.ttf and NotoSans-Bold.ttf from dir (KIOSK_FONT_DIR); throws std::runtime_error
  // naming the missing file.
  static SlipFonts load(const std::string& dir);
};

// The words around the ticket's values, in the language the citizen chose on the kiosk.
struct SlipLabels {
  std::string number = "Số thứ tự";
  std::string people_ahead = "Số người đang chờ trước bạn";
  std::string estimated_wait = "Thời gian chờ dự kiến";
  std::string minutes = "phút";
  std::string issued_at = "Giờ lấy số";

  static SlipLabels vietnamese() { return {}; }
  static SlipLabels english();
};

// Everything already formatted by the caller, who knows the centre's zone and what the QR code should
// open (a status page, a rating form); this only lays it out.
struct TicketSlip {
  std::string centre_name;
  std::string service_name;
  std::string number;     // "B-023"
  std::string issued_at;  // "23/11/2026 08:15"
  int people_ahead = -1;  // negative: unknown, the line is left out
  int estimated_wait_minutes = -1;
  std::string qr_payload;      // empty: no QR code
  std::string priority_label;  // "" or e.g. "Ưu tiên: người cao tuổi"
  std::string footer;          // e.g. "Vui lòng chờ gọi số"
};

// The ticket as the kiosk prints it: centre, service, the number large enough to read at arm's length,
// waiting figures, QR code, footer. The height grows with the content; nothing is cut off, long names wrap.
raster::Canvas render_ticket(const TicketSlip& ticket, const SlipFonts& fonts, const SlipLabels& labels = {},
                             int width_px = kWidth80mm);

// The apology and new appointment for a result that is (or will be) late, as the counter hands it to the
// citizen (the form of the one-stop rules: the agency apologises, gives the reason and the new date).
struct ApologySlip {
  std::string centre_name;
  std::string dossier_code;
  std::string procedure_name;
  std::string citizen_name;  // may be empty
  std::string received_at;
  std::string due_at;
  std::string new_due_at;
  std::string reason;
  std::string staff_name;
  std::string issued_at;
};

inline constexpr const char* kApologyTitle = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ";

raster::Canvas render_apology(const ApologySlip& apology, const SlipFonts& fonts, int width_px = kWidth80mm);

}  // namespace kiosk::slip
