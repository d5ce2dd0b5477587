#include "kiosk/raster/mono.hpp"

#include <algorithm>

namespace kiosk::raster {

bool MonoBitmap::black(int x, int y) const {
  if (x < 0 || y < 0 || x >= width || y >= height) return false;
  const std::size_t index = static_cast<std::size_t>(y) * row_bytes() + static_cast<std::size_t>(x / 8);
  return index < bits.size() && (bits[index] & (0x80u >> (x % 8))) != 0;
}

MonoBitmap to_mono(const Canvas& canvas, std::uint8_t threshold) {
  MonoBitmap out;
  out.width = canvas.width();
  out.height = canvas.height();
  const std::size_t row_bytes = static_cast<std::size_t>(out.row_bytes());
  out.bits.assign(row_bytes * static_cast<std::size_t>(out.height), 0);
  for (int y = 0; y < out.height; ++y) {
    const auto row = canvas.row(y);
    std::uint8_t* dst = out.bits.data() + static_cast<std::size_t>(y) * row_bytes;
    for (int x = 0; x < out.width; ++x) {
      if (row[x] < threshold) dst[x / 8] = static_cast<std::uint8_t>(dst[x / 8] | (0x80u >> (x % 8)));
    }
  }
  return out;
}

Canvas to_canvas(const MonoBitmap& bitmap) {
  Canvas out(std::max(bitmap.width, 0), std::max(bitmap.height, 0));
  for (int y = 0; y < out.height(); ++y) {
    for (int x = 0; x < out.width(); ++x) {
      if (bitmap.black(x, y)) out.set(x, y, kBlack);
    }
  }
  return out;
}

}  // namespace kiosk::raster
