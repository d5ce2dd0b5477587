#pragma once

#include <ft2build.h>
#include FT_FREETYPE_H

#include <cstddef>
#include <string>
#include <vector>

#include "kiosk/raster/face.hpp"

namespace kiosk::raster {

struct Face::Impl {
  FT_Library library = nullptr;
  FT_Face face = nullptr;
  std::string path;
  int pixel_size = 0;  // the size FreeType is set to now, so switching sizes only costs when it changes
  std::size_t missing = 0;
  std::vector<char32_t> missing_code_points;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl();

  bool use_size(int size);
  void note_missing(char32_t code_point);
};

}  // namespace kiosk::raster
