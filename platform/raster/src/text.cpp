#include "kiosk/raster/text.hpp"

#include <algorithm>
#include <cstdint>

#include "face_impl.hpp"
#include "kiosk/raster/utf8.hpp"

namespace kiosk::raster {

namespace {

// FreeType positions are 26.6 fixed point; floor division keeps glyphs left of the origin correct.
long floor_pixels(FT_Pos value) { return value >= 0 ? value / 64 : -((-value + 63) / 64); }
long ceil_pixels(FT_Pos value) { return -floor_pixels(-value); }
int round_pixels(FT_Pos value) { return static_cast<int>(floor_pixels(value + 32)); }

char32_t printable(char32_t cp) {
  if (cp == U'\t') return U' ';
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 0;
  return cp;
}

void blit(Canvas& canvas, const FT_Bitmap& bitmap, int left, int top) {
  if (bitmap.buffer == nullptr || bitmap.rows == 0 || bitmap.width == 0) return;
  const long pitch = bitmap.pitch;
  // With an upward flow (negative pitch) the buffer starts at the bottom row.
  const std::uint8_t* top_row = bitmap.buffer;
  if (pitch < 0) top_row -= pitch * static_cast<long>(bitmap.rows - 1);
  for (unsigned r = 0; r < bitmap.rows; ++r) {
    const std::uint8_t* src = top_row + pitch * static_cast<long>(r);
    const int y = top + static_cast<int>(r);
    if (y < 0 || y >= canvas.height()) continue;
    for (unsigned c = 0; c < bitmap.width; ++c) {
      std::uint8_t coverage = 0;
      if (bitmap.pixel_mode == FT_PIXEL_MODE_GRAY) {
        coverage = src[c];
        if (bitmap.num_grays != 256 && bitmap.num_grays > 1) {
          coverage = static_cast<std::uint8_t>(coverage * 255u / (bitmap.num_grays - 1u));
        }
      } else if (bitmap.pixel_mode == FT_PIXEL_MODE_MONO) {
        coverage = (src[c / 8] & (0x80u >> (c % 8))) != 0 ? 255 : 0;
      } else {
        return;  // colour (emoji) bitmaps: not for a thermal printer
      }
      canvas.blend_ink(left + static_cast<int>(c), y, coverage);
    }
  }
}

struct Run {
  TextBox box;
  // The pen position (26.6) after each character, for breaking a word that is too wide for a line.
  std::vector<FT_Pos> ends;
};

// The one loop behind drawing, measuring and wrapping, so all three agree on every advance.
Run run_text(const Face& face, int pixel_size, std::u32string_view text, Canvas* canvas, int x, int baseline_y,
             bool want_ends) {
  Run run;
  Face::Impl* impl = face.impl();
  if (impl == nullptr || !impl->use_size(pixel_size)) return run;
  FT_Face ft = impl->face;
  const bool kerning = FT_HAS_KERNING(ft);
  const FT_Int32 load_flags = FT_LOAD_DEFAULT | FT_LOAD_TARGET_LIGHT;
  FT_Pos pen = 0;
  FT_UInt previous = 0;
  long ink_top = 0;
  long ink_bottom = 0;
  if (want_ends) run.ends.reserve(text.size());
  for (char32_t raw : text) {
    const char32_t cp = printable(raw);
    if (cp == 0) {
      if (want_ends) run.ends.push_back(pen);
      continue;
    }
    const FT_UInt index = FT_Get_Char_Index(ft, static_cast<FT_ULong>(cp));
    if (index == 0 && canvas != nullptr) impl->note_missing(cp);
    if (kerning && previous != 0 && index != 0) {
      FT_Vector delta{};
      if (FT_Get_Kerning(ft, previous, index, FT_KERNING_DEFAULT, &delta) == 0) pen += delta.x;
    }
    if (FT_Load_Glyph(ft, index, load_flags) == 0) {
      FT_GlyphSlot slot = ft->glyph;
      const FT_Glyph_Metrics& m = slot->metrics;
      if (m.height > 0) {
        ink_top = std::max(ink_top, ceil_pixels(m.horiBearingY));
        ink_bottom = std::max(ink_bottom, ceil_pixels(m.height - m.horiBearingY));
      }
      if (canvas != nullptr && (slot->format == FT_GLYPH_FORMAT_BITMAP ||
                                FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL) == 0)) {
        const int origin = x + round_pixels(pen);
        blit(*canvas, slot->bitmap, origin + slot->bitmap_left, baseline_y - slot->bitmap_top);
      }
      pen += slot->advance.x;
      previous = index;
    } else {
      previous = 0;
    }
    if (want_ends) run.ends.push_back(pen);
  }
  run.box.advance = round_pixels(pen);
  run.box.ink_top = static_cast<int>(ink_top);
  run.box.ink_bottom = static_cast<int>(ink_bottom);
  return run;
}

int width_of(const Face& face, int pixel_size, std::u32string_view text) {
  return run_text(face, pixel_size, text, nullptr, 0, 0, false).box.advance;
}

bool is_space(char32_t cp) { return cp == U' ' || cp == U'\t' || cp == U'\r'; }

// Greedy filling of one paragraph (no '\n' inside).
void wrap_paragraph(const Face& face, int pixel_size, std::u32string_view paragraph, int max_width,
                    std::vector<std::string>& lines) {
  std::vector<std::u32string_view> words;
  std::size_t i = 0;
  while (i < paragraph.size()) {
    while (i < paragraph.size() && is_space(paragraph[i])) ++i;
    const std::size_t start = i;
    while (i < paragraph.size() && !is_space(paragraph[i])) ++i;
    if (i > start) words.push_back(paragraph.substr(start, i - start));
  }
  if (words.empty()) {
    lines.emplace_back();
    return;
  }
  std::u32string line;
  for (std::u32string_view word : words) {
    std::u32string candidate = line;
    if (!candidate.empty()) candidate += U' ';
    candidate += word;
    if (width_of(face, pixel_size, candidate) <= max_width) {
      line = std::move(candidate);
      continue;
    }
    if (!line.empty()) {
      lines.push_back(encode_utf8(line));
      line.clear();
    }
    const Run run = run_text(face, pixel_size, word, nullptr, 0, 0, true);
    if (run.box.advance <= max_width) {
      line = word;
      continue;
    }
    // A word wider than the line (a long code, a URL): cut between characters, at least one per line so
    // the loop always progresses even when a single glyph is wider than max_width.
    const FT_Pos limit = static_cast<FT_Pos>(max_width) * 64;
    std::size_t start = 0;
    while (start < word.size()) {
      const FT_Pos origin = start == 0 ? 0 : run.ends[start - 1];
      std::size_t end = start + 1;
      while (end < word.size() && run.ends[end] - origin <= limit) ++end;
      const std::u32string_view piece = word.substr(start, end - start);
      if (end == word.size()) {
        line = piece;
      } else {
        lines.push_back(encode_utf8(piece));
      }
      start = end;
    }
  }
  if (!line.empty()) lines.push_back(encode_utf8(line));
}

}  // namespace

int draw_text(Canvas& canvas, const Face& face, int pixel_size, std::string_view utf8, int x, int baseline_y) {
  return run_text(face, pixel_size, decode_utf8(utf8), &canvas, x, baseline_y, false).box.advance;
}

int measure_text(const Face& face, int pixel_size, std::string_view utf8) {
  return width_of(face, pixel_size, decode_utf8(utf8));
}

TextBox text_box(const Face& face, int pixel_size, std::string_view utf8) {
  return run_text(face, pixel_size, decode_utf8(utf8), nullptr, 0, 0, false).box;
}

int draw_text_centred(Canvas& canvas, const Face& face, int pixel_size, std::string_view utf8, int left, int width,
                      int baseline_y) {
  const std::u32string text = decode_utf8(utf8);
  const int x = left + (width - width_of(face, pixel_size, text)) / 2;
  run_text(face, pixel_size, text, &canvas, x, baseline_y, false);
  return x;
}

std::vector<std::string> wrap_text(const Face& face, int pixel_size, std::string_view utf8, int max_width) {
  std::vector<std::string> lines;
  const std::u32string text = decode_utf8(utf8);
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(U'\n', start);
    if (end == std::u32string::npos) end = text.size();
    wrap_paragraph(face, pixel_size, std::u32string_view(text).substr(start, end - start), max_width, lines);
    start = end + 1;
  }
  // Blank lines between paragraphs stay; blank lines at either end carry nothing.
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  const auto first = std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return !l.empty(); });
  lines.erase(lines.begin(), first);
  return lines;
}

}  // namespace kiosk::raster
