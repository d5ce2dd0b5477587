#include "column.hpp"

#include <algorithm>

#include "kiosk/raster/qr.hpp"
#include "kiosk/raster/text.hpp"

namespace kiosk::slip::detail {

namespace {

// Narrower than this there is no room for a readable line of text; layout widens to it instead of failing.
constexpr int kMinWidth = 128;
constexpr int kMinQrModule = 3;

}  // namespace

Column::Column(int width_px, int margin_px) : canvas_(std::max(width_px, kMinWidth), 0) {
  margin_ = std::clamp(margin_px, 0, canvas_.width() / 4);
  content_width_ = canvas_.width() - 2 * margin_;
}

void Column::lines(const raster::Face& face, int pixel_size, std::string_view text, Align align) {
  const raster::FontMetrics metrics = face.metrics(pixel_size);
  for (const std::string& line : raster::wrap_text(face, pixel_size, text, content_width_)) {
    canvas_.ensure_height(y_ + metrics.line_height);
    const int baseline = y_ + metrics.ascent;
    if (align == Align::centre) {
      raster::draw_text_centred(canvas_, face, pixel_size, line, margin_, content_width_, baseline);
    } else {
      raster::draw_text(canvas_, face, pixel_size, line, margin_, baseline);
    }
    y_ += metrics.line_height;
  }
}

void Column::centred(const raster::Face& face, int pixel_size, std::string_view text) {
  lines(face, pixel_size, text, Align::centre);
}

void Column::left(const raster::Face& face, int pixel_size, std::string_view text) {
  lines(face, pixel_size, text, Align::left);
}

void Column::headline(const raster::Face& face, int ink_height, std::string_view text) {
  if (text.empty()) return;
  // Cap height is about 0.71 em in Noto Sans: start there, correct by what the text really measures, then
  // shrink until it fits the width (a longer number, a narrow slip).
  int size = std::max(ink_height * 10 / 7, 1);
  raster::TextBox box = raster::text_box(face, size, text);
  if (box.ink_top > 0) size = std::max(size * ink_height / box.ink_top, 1);
  box = raster::text_box(face, size, text);
  for (int attempt = 0; attempt < 8 && box.advance > content_width_ && size > 8; ++attempt) {
    size = std::max(size * content_width_ / box.advance - 1, 8);
    box = raster::text_box(face, size, text);
  }
  canvas_.ensure_height(y_ + box.ink_top + box.ink_bottom);
  raster::draw_text_centred(canvas_, face, size, text, margin_, content_width_, y_ + box.ink_top);
  y_ += box.ink_top + box.ink_bottom;
}

void Column::rule(int thickness, int length) {
  length = std::min(length, content_width_);
  canvas_.ensure_height(y_ + thickness);
  canvas_.fill_rect(margin_ + (content_width_ - length) / 2, y_, length, thickness);
  y_ += thickness;
}

void Column::qr(std::string_view payload, int module_px) {
  if (payload.empty()) return;
  int module = module_px;
  int size = raster::qr_size(payload, module);
  while (size > content_width_ && module > kMinQrModule) size = raster::qr_size(payload, --module);
  if (size == 0 || size > content_width_) return;
  canvas_.ensure_height(y_ + size);
  raster::draw_qr(canvas_, payload, margin_ + (content_width_ - size) / 2, y_, module);
  y_ += size;
}

raster::Canvas Column::finish(int bottom_margin) {
  canvas_.ensure_height(y_ + bottom_margin);
  raster::Canvas out = std::move(canvas_);
  canvas_ = raster::Canvas();
  return out;
}

}  // namespace kiosk::slip::detail
