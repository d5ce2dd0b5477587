#include "kiosk/raster/qr.hpp"

#include <qrencode.h>

#include <climits>
#include <memory>

namespace kiosk::raster {

namespace {

constexpr int kQuietZoneModules = 4;

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};
using QrPtr = std::unique_ptr<QRcode, QrFree>;

QrPtr encode(std::string_view data) {
  if (data.empty() || data.size() > static_cast<std::size_t>(INT_MAX)) return nullptr;
  // encodeData, not encodeString8bit: the payload is a string_view, not NUL-terminated.
  return QrPtr(QRcode_encodeData(static_cast<int>(data.size()), reinterpret_cast<const unsigned char*>(data.data()),
                                 0, QR_ECLEVEL_M));
}

int side(const QRcode& code, int module_px) { return (code.width + 2 * kQuietZoneModules) * module_px; }

}  // namespace

int qr_size(std::string_view data, int module_px) {
  if (module_px < 1) return 0;
  const QrPtr code = encode(data);
  return code ? side(*code, module_px) : 0;
}

int draw_qr(Canvas& canvas, std::string_view data, int x, int y, int module_px) {
  if (module_px < 1) return 0;
  const QrPtr code = encode(data);
  if (!code) return 0;
  const int size = side(*code, module_px);
  canvas.fill_rect(x, y, size, size, kWhite);
  const int origin_x = x + kQuietZoneModules * module_px;
  const int origin_y = y + kQuietZoneModules * module_px;
  for (int row = 0; row < code->width; ++row) {
    for (int col = 0; col < code->width; ++col) {
      // Bit 0 of each module byte is the colour; the other bits describe what the module is for.
      if ((code->data[row * code->width + col] & 1u) != 0) {
        canvas.fill_rect(origin_x + col * module_px, origin_y + row * module_px, module_px, module_px, kBlack);
      }
    }
  }
  return size;
}

}  // namespace kiosk::raster
