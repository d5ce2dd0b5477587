#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/raster/canvas.hpp"
#include "kiosk/raster/face.hpp"

namespace kiosk::raster {

// One line of UTF-8 text, left to right, one glyph per character (no shaping: Vietnamese in NFC has a
// precomposed glyph for every letter). Control characters draw nothing; a tab draws as a space.

// Draws anti-aliased black text with its baseline at baseline_y; returns the advance in pixels, which is
// what measure_text returns for the same text.
int draw_text(Canvas& canvas, const Face& face, int pixel_size, std::string_view utf8, int x, int baseline_y);
int measure_text(const Face& face, int pixel_size, std::string_view utf8);

// The advance and how far the ink reaches above (ink_top) and below (ink_bottom) the baseline: for laying
// out text tightly, e.g. a ticket number that has no accents.
struct TextBox {
  int advance = 0;
  int ink_top = 0;
  int ink_bottom = 0;
};
TextBox text_box(const Face& face, int pixel_size, std::string_view utf8);

// Centred between left and left + width (the text may overhang both sides when wider); returns its x.
int draw_text_centred(Canvas& canvas, const Face& face, int pixel_size, std::string_view utf8, int left, int width,
                      int baseline_y);

// Breaks text into lines no wider than max_width: at spaces, and inside a word only when the word alone is
// too wide. '\n' starts a new line; runs of spaces collapse; blank text gives no lines. Lines come back as
// valid UTF-8 (malformed input bytes as U+FFFD).
std::vector<std::string> wrap_text(const Face& face, int pixel_size, std::string_view utf8, int max_width);

}  // namespace kiosk::raster
