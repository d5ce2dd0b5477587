#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace kiosk::raster {

inline constexpr std::uint8_t kWhite = 255;
inline constexpr std::uint8_t kBlack = 0;

// An 8-bit grayscale image, row after row, 255 = paper, 0 = full ink. Everything drawn is clipped to it,
// so layout code may draw partly outside without checking.
class Canvas {
 public:
  Canvas() = default;
  // Throws std::invalid_argument for a negative size or one past kMaxPixels.
  Canvas(int width, int height, std::uint8_t fill = kWhite);

  static constexpr long long kMaxPixels = 1LL << 28;

  int width() const { return width_; }
  int height() const { return height_; }
  bool empty() const { return width_ == 0 || height_ == 0; }

  // Outside the canvas reads as paper.
  std::uint8_t at(int x, int y) const;
  void set(int x, int y, std::uint8_t value);
  std::span<const std::uint8_t> pixels() const { return pixels_; }
  std::span<const std::uint8_t> row(int y) const;

  void fill_rect(int x, int y, int w, int h, std::uint8_t value = kBlack);
  // Lays ink of the given coverage (0 none … 255 full) over what is there, as ink on paper does.
  void blend_ink(int x, int y, std::uint8_t coverage);

  // Adds white rows at the bottom, so a slip can grow while it is laid out. Never shrinks.
  void ensure_height(int height);
  // Drops rows past `height` (the unused tail of a slip).
  void crop_height(int height);

  bool blank() const;  // all paper

  bool operator==(const Canvas&) const = default;

 private:
  int width_ = 0;
  int height_ = 0;
  std::vector<std::uint8_t> pixels_;
};

}  // namespace kiosk::raster
