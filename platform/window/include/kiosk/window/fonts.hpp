// The screens' fonts: Noto Sans (regular and bold) rendered by FreeType at sizes that follow the display,
// with every glyph Vietnamese needs, so no diacritic ever shows as "?" or a box.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

namespace kiosk::window {

struct FontSet {
  float unit = 24.0f;  // body text height in pixels; everything else is a multiple of it
  ImFont* body = nullptr;
  ImFont* body_bold = nullptr;
  ImFont* title = nullptr;   // 1.5 units, bold
  ImFont* large = nullptr;   // 2.4 units, bold: buttons a citizen reads from a step away
  ImFont* huge = nullptr;    // 6 units, bold: the number on a ticket or a board, digits and capitals only
};

// The body size for a display: a 1366×768 counter gets ~26 px, a 1080×1920 kiosk or a 1920×1080 board ~36.
float font_unit_for(int width, int height);

// Loads NotoSans-Regular.ttf and NotoSans-Bold.ttf from `dir` into ImGui's atlas. `extra_text` holds every
// string the screens may show beyond Vietnamese and Latin-1 (punctuation such as "—", arrows, symbols).
// Throws WindowError when a font is missing.
FontSet load_fonts(const std::string& dir, float unit, const std::vector<std::string>& extra_text);

// Counts the characters of `utf8` that `font` has no glyph for (0 means it will draw as written).
int missing_glyphs(const ImFont* font, const std::string& utf8);

}  // namespace kiosk::window
