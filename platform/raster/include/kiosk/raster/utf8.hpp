#pragma once

#include <string>
#include <string_view>

namespace kiosk::raster {

inline constexpr char32_t kReplacementChar = U'\uFFFD';

// Text comes from configuration files and the network: every malformed sequence (stray continuation,
// truncation, overlong form, surrogate, past U+10FFFF) becomes one U+FFFD rather than an error.
std::u32string decode_utf8(std::string_view utf8);
std::string encode_utf8(std::u32string_view text);

}  // namespace kiosk::raster
