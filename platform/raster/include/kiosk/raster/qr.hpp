#pragma once

#include <string_view>

#include "kiosk/raster/canvas.hpp"

namespace kiosk::raster {

// QR codes at error correction level M (a crumpled slip still reads), data encoded as 8-bit bytes,
// surrounded by the 4-module white quiet zone scanners need. Sizes are the side of the square in pixels,
// quiet zone included; 0 when there is nothing to draw (empty data, more than a QR code holds, or
// module_px < 1).
int qr_size(std::string_view data, int module_px);
// Draws with the top-left corner of the quiet zone at (x, y); returns the side drawn (0: nothing drawn).
int draw_qr(Canvas& canvas, std::string_view data, int x, int y, int module_px);

}  // namespace kiosk::raster
