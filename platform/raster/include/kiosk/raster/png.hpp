#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/raster/canvas.hpp"

namespace kiosk::raster {

// 8-bit grayscale PNG, for previews of what a printer would print and for tests. All throw
// std::runtime_error (naming the path) when they fail.
std::vector<std::uint8_t> encode_png(const Canvas& canvas);
// Written beside the target and renamed over it, so a viewer never opens a half-written preview.
void write_png(const std::string& path, const Canvas& canvas);
// Gray, palette or RGB(A) files; colour becomes gray, transparency shows the paper (white).
Canvas read_png(const std::string& path);

}  // namespace kiosk::raster
