#include "kiosk/window/fonts.hpp"

#include <imgui_freetype.h>
#include <imgui_internal.h>

#include <algorithm>
#include <filesystem>

#include "kiosk/window/window.hpp"

namespace kiosk::window {
namespace {

// Vietnamese letters live in Latin-1, Latin Extended-A/B and Latin Extended Additional; ImGui's own
// Vietnamese range leaves out punctuation such as "—" and "…", and combining marks typed in NFD.
// Only the letters Vietnamese uses are taken from the Latin Extended blocks: every glyph costs atlas memory
// at each of the five sizes.
const ImWchar kTextRanges[] = {
    0x0020, 0x00FF,  // Basic Latin, Latin-1 (À Á Â Ã È É Ê Ì Í Ò Ó Ô Õ Ù Ú Ý …)
    0x0102, 0x0103,  // Ă ă
    0x0110, 0x0111,  // Đ đ
    0x0128, 0x0129,  // Ĩ ĩ
    0x0168, 0x0169,  // Ũ ũ
    0x01A0, 0x01A1,  // Ơ ơ
    0x01AF, 0x01B0,  // Ư ư
    0x0300, 0x0301,  // combining grave, acute (NFD input)
    0x0303, 0x0303,  // combining tilde
    0x0309, 0x0309,  // combining hook above
    0x0323, 0x0323,  // combining dot below
    0x1EA0, 0x1EF9,  // Latin Extended Additional: Ạ ạ … Ỹ ỹ
    0x2013, 0x2014,  // – —
    0x2018, 0x201D,  // ‘ ’ “ ”
    0x2022, 0x2022,  // •
    0x2026, 0x2026,  // …
    0x2190, 0x2193,  // arrows
    0x20AB, 0x20AB,  // ₫
    0,
};
// The huge size shows ticket numbers ("B-023") and counter numbers only.
const ImWchar kNumberRanges[] = {0x0020, 0x005A, 0};

ImFont* add_font(ImFontAtlas* atlas, const std::string& path, float size, const ImWchar* ranges) {
  if (!std::filesystem::exists(path)) throw WindowError("font not found: " + path + " (install fonts-noto-core)");
  ImFontConfig config;
  config.OversampleH = 1;  // FreeType hints; oversampling only grows the atlas
  config.OversampleV = 1;
  ImFont* font = atlas->AddFontFromFileTTF(path.c_str(), size, &config, ranges);
  if (font == nullptr) throw WindowError("cannot load font " + path);
  return font;
}

}  // namespace

float font_unit_for(int width, int height) {
  const int shorter = std::min(width, height);
  return std::clamp(static_cast<float>(shorter) / 30.0f, 16.0f, 72.0f);
}

FontSet load_fonts(const std::string& dir, float unit, const std::vector<std::string>& extra_text) {
  ImGuiIO& io = ImGui::GetIO();
  ImFontAtlas* atlas = io.Fonts;
  atlas->Clear();
  atlas->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();

  // The ranges must outlive the atlas build, which happens at the first frame: keep them in a static.
  static ImVector<ImWchar> ranges;
  ranges.clear();
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(kTextRanges);
  for (const auto& text : extra_text) builder.AddText(text.c_str());
  builder.BuildRanges(&ranges);

  const std::string regular = dir + "/NotoSans-Regular.ttf";
  const std::string bold = dir + "/NotoSans-Bold.ttf";
  FontSet set;
  set.unit = unit;
  set.body = add_font(atlas, regular, unit, ranges.Data);
  set.body_bold = add_font(atlas, bold, unit, ranges.Data);
  set.title = add_font(atlas, bold, unit * 1.5f, ranges.Data);
  set.large = add_font(atlas, bold, unit * 2.4f, ranges.Data);
  set.huge = add_font(atlas, bold, unit * 6.0f, kNumberRanges);
  if (!atlas->Build()) throw WindowError("cannot build the font atlas");
  io.FontDefault = set.body;
  return set;
}

int missing_glyphs(const ImFont* font, const std::string& utf8) {
  int missing = 0;
  const char* text = utf8.c_str();
  const char* end = text + utf8.size();
  while (text < end) {
    unsigned int c = 0;
    const int length = ImTextCharFromUtf8(&c, text, end);
    if (length <= 0) break;
    text += length;
    if (c == '\n' || c == '\r' || c == '\t') continue;
    if (const_cast<ImFont*>(font)->FindGlyphNoFallback(static_cast<ImWchar>(c)) == nullptr) ++missing;
  }
  return missing;
}

}  // namespace kiosk::window
