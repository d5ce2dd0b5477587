#pragma once

#include <cstdint>
#include <vector>

#include "kiosk/raster/canvas.hpp"

namespace kiosk::raster {

// What a thermal printer prints: 1 bit a dot, rows of row_bytes() bytes, most significant bit leftmost,
// 1 = black. Padding bits past `width` at the end of a row are 0.
struct MonoBitmap {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> bits;

  int row_bytes() const { return width > 0 ? (width + 7) / 8 : 0; }
  // Outside the image, or past the end of a short `bits`, reads as white.
  bool black(int x, int y) const;
  bool operator==(const MonoBitmap&) const = default;
};

// A pixel darker than threshold (value < threshold) prints black.
MonoBitmap to_mono(const Canvas& canvas, std::uint8_t threshold = 128);
Canvas to_canvas(const MonoBitmap& bitmap);

}  // namespace kiosk::raster
