#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace kiosk::raster {

// Line metrics at one pixel size, in whole pixels; descent is measured downwards from the baseline.
struct FontMetrics {
  int ascent = 0;
  int descent = 0;
  int line_height = 0;
};

// One TrueType/OpenType face (FreeType), owning its FT_Library so faces are independent of each other.
// Not thread-safe: FreeType keeps the current size and glyph in the face, so one thread draws with it.
class Face {
 public:
  // Throws std::runtime_error naming the path when the file is missing or not a scalable font.
  explicit Face(const std::string& font_path);
  ~Face();
  Face(Face&&) noexcept;
  Face& operator=(Face&&) noexcept;
  Face(const Face&) = delete;
  Face& operator=(const Face&) = delete;

  const std::string& path() const;
  FontMetrics metrics(int pixel_size) const;
  bool has_glyph(char32_t code_point) const;

  // Characters drawn without a glyph in this face (they print as an empty box, "tofu"): a Vietnamese
  // slip must keep this at zero. Counted by draw_text only, not by measuring or wrapping.
  std::size_t missing_glyphs() const;
  // The distinct missing code points, first ones first (at most 32), for a log line or a test message.
  std::vector<char32_t> missing_code_points() const;
  void reset_missing_glyphs();

  // FreeType state, defined in the library's sources; null after the face was moved from.
  struct Impl;
  Impl* impl() const { return impl_.get(); }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace kiosk::raster
