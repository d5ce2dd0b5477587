#pragma once

#include <string_view>

#include "kiosk/raster/canvas.hpp"
#include "kiosk/raster/face.hpp"

namespace kiosk::slip::detail {

// A slip is laid out top to bottom in one column; the canvas grows as lines are added, so the height
// never has to be guessed beforehand.
class Column {
 public:
  Column(int width_px, int margin_px);

  int content_width() const { return content_width_; }
  void gap(int px) { y_ += px; }
  // Wrapped to the column, each line centred or flush left.
  void centred(const raster::Face& face, int pixel_size, std::string_view text);
  void left(const raster::Face& face, int pixel_size, std::string_view text);
  // One line as large as fits, up to ink_height pixels of ink above the baseline: for text without
  // accents or descenders, such as a ticket number.
  void headline(const raster::Face& face, int ink_height, std::string_view text);
  void rule(int thickness, int length);  // centred
  // Centred; module size reduced (not below 3 dots, which thermal printers still print crisply) when the
  // code is too wide for the column. Draws nothing if it cannot fit or encode.
  void qr(std::string_view payload, int module_px);
  raster::Canvas finish(int bottom_margin);

 private:
  enum class Align { centre, left };
  void lines(const raster::Face& face, int pixel_size, std::string_view text, Align align);

  raster::Canvas canvas_;
  int margin_;
  int content_width_;
  int y_ = 0;
};

}  // namespace kiosk::slip::detail
