#include "kiosk/raster/canvas.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace kiosk::raster {

namespace {

void check_size(int width, int height) {
  if (width < 0 || height < 0 || static_cast<long long>(width) * height > Canvas::kMaxPixels) {
    throw std::invalid_argument("canvas size " + std::to_string(width) + "x" + std::to_string(height) +
                                " is out of range");
  }
}

}  // namespace

Canvas::Canvas(int width, int height, std::uint8_t fill) : width_(width), height_(height) {
  check_size(width, height);
  pixels_.assign(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), fill);
}

std::uint8_t Canvas::at(int x, int y) const {
  if (x < 0 || y < 0 || x >= width_ || y >= height_) return kWhite;
  return pixels_[static_cast<std::size_t>(y) * width_ + x];
}

void Canvas::set(int x, int y, std::uint8_t value) {
  if (x < 0 || y < 0 || x >= width_ || y >= height_) return;
  pixels_[static_cast<std::size_t>(y) * width_ + x] = value;
}

std::span<const std::uint8_t> Canvas::row(int y) const {
  if (y < 0 || y >= height_) return {};
  return std::span<const std::uint8_t>(pixels_).subspan(static_cast<std::size_t>(y) * width_, width_);
}

void Canvas::fill_rect(int x, int y, int w, int h, std::uint8_t value) {
  // In long long: a huge w or h must clip, not overflow.
  const long long x0 = std::max<long long>(x, 0);
  const long long y0 = std::max<long long>(y, 0);
  const long long x1 = std::min<long long>(static_cast<long long>(x) + std::max(w, 0), width_);
  const long long y1 = std::min<long long>(static_cast<long long>(y) + std::max(h, 0), height_);
  for (long long row_y = y0; row_y < y1; ++row_y) {
    auto begin = pixels_.begin() + static_cast<std::ptrdiff_t>(row_y * width_);
    std::fill(begin + static_cast<std::ptrdiff_t>(x0), begin + static_cast<std::ptrdiff_t>(std::max(x0, x1)), value);
  }
}

void Canvas::blend_ink(int x, int y, std::uint8_t coverage) {
  if (x < 0 || y < 0 || x >= width_ || y >= height_ || coverage == 0) return;
  auto& pixel = pixels_[static_cast<std::size_t>(y) * width_ + x];
  pixel = static_cast<std::uint8_t>((pixel * (255u - coverage) + 127u) / 255u);
}

void Canvas::ensure_height(int height) {
  if (height <= height_) return;
  check_size(width_, height);
  pixels_.resize(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height), kWhite);
  height_ = height;
}

void Canvas::crop_height(int height) {
  if (height < 0 || height >= height_) return;
  pixels_.resize(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height));
  height_ = height;
}

bool Canvas::blank() const {
  return std::all_of(pixels_.begin(), pixels_.end(), [](std::uint8_t p) { return p == kWhite; });
}

}  // namespace kiosk::raster
