#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "face_impl.hpp"

namespace kiosk::raster {

namespace {

constexpr std::size_t kMaxRememberedMissing = 32;

int pixels_from_26_6(FT_Pos value) { return static_cast<int>(std::lround(static_cast<double>(value) / 64.0)); }

}  // namespace

Face::Impl::~Impl() {
  if (face != nullptr) FT_Done_Face(face);
  if (library != nullptr) FT_Done_FreeType(library);
}

bool Face::Impl::use_size(int size) {
  if (size <= 0) return false;
  if (size == pixel_size) return true;
  if (FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(size)) != 0) return false;
  pixel_size = size;
  return true;
}

void Face::Impl::note_missing(char32_t code_point) {
  ++missing;
  if (missing_code_points.size() < kMaxRememberedMissing &&
      std::find(missing_code_points.begin(), missing_code_points.end(), code_point) == missing_code_points.end()) {
    missing_code_points.push_back(code_point);
  }
}

Face::Face(const std::string& font_path) : impl_(std::make_unique<Impl>()) {
  impl_->path = font_path;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(font_path, ec)) throw std::runtime_error("font file not found: " + font_path);
  if (FT_Init_FreeType(&impl_->library) != 0) throw std::runtime_error("cannot start FreeType for font " + font_path);
  if (const FT_Error error = FT_New_Face(impl_->library, font_path.c_str(), 0, &impl_->face); error != 0) {
    impl_->face = nullptr;
    throw std::runtime_error("cannot load font " + font_path + " (FreeType error " + std::to_string(error) + ")");
  }
  // Sizes are set in pixels and characters looked up by Unicode: a bitmap-only or symbol font cannot do both.
  if (!FT_IS_SCALABLE(impl_->face) || FT_Select_Charmap(impl_->face, FT_ENCODING_UNICODE) != 0) {
    throw std::runtime_error("font " + font_path + " is not a scalable Unicode font");
  }
}

Face::~Face() = default;
Face::Face(Face&&) noexcept = default;
Face& Face::operator=(Face&&) noexcept = default;

const std::string& Face::path() const {
  static const std::string none;
  return impl_ ? impl_->path : none;
}

FontMetrics Face::metrics(int pixel_size) const {
  if (!impl_ || !impl_->use_size(pixel_size)) return {};
  const FT_Size_Metrics& m = impl_->face->size->metrics;
  FontMetrics out;
  out.ascent = pixels_from_26_6(m.ascender);
  out.descent = pixels_from_26_6(-m.descender);
  out.line_height = std::max(pixels_from_26_6(m.height), out.ascent + out.descent);
  return out;
}

bool Face::has_glyph(char32_t code_point) const {
  return impl_ && FT_Get_Char_Index(impl_->face, static_cast<FT_ULong>(code_point)) != 0;
}

std::size_t Face::missing_glyphs() const { return impl_ ? impl_->missing : 0; }

std::vector<char32_t> Face::missing_code_points() const { return impl_ ? impl_->missing_code_points : std::vector<char32_t>{}; }

void Face::reset_missing_glyphs() {
  if (!impl_) return;
  impl_->missing = 0;
  impl_->missing_code_points.clear();
}

}  // namespace kiosk::raster
