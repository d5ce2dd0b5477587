#include "kiosk/raster/utf8.hpp"

#include <cstdint>

namespace kiosk::raster {

std::u32string decode_utf8(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(utf8[i]); };
  std::size_t i = 0;
  while (i < utf8.size()) {
    const std::uint8_t lead = byte(i);
    if (lead < 0x80) {
      out.push_back(lead);
      ++i;
      continue;
    }
    int length = 0;
    char32_t cp = 0;
    // The first continuation byte's range rules out overlong forms, surrogates and values past U+10FFFF.
    std::uint8_t low = 0x80;
    std::uint8_t high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      cp = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      cp = lead & 0x0Fu;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      cp = lead & 0x07u;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      out.push_back(kReplacementChar);
      ++i;
      continue;
    }
    std::size_t consumed = 1;
    bool valid = true;
    for (int k = 1; k < length; ++k) {
      if (i + consumed >= utf8.size()) {
        valid = false;
        break;
      }
      const std::uint8_t next = byte(i + consumed);
      const std::uint8_t min = k == 1 ? low : std::uint8_t{0x80};
      const std::uint8_t max = k == 1 ? high : std::uint8_t{0xBF};
      if (next < min || next > max) {
        valid = false;
        break;
      }
      cp = (cp << 6) | (next & 0x3Fu);
      ++consumed;
    }
    // A broken sequence gives one U+FFFD for the bytes that looked right so far (the "maximal subpart"),
    // and decoding resumes at the byte that broke it.
    out.push_back(valid ? cp : kReplacementChar);
    i += consumed;
  }
  return out;
}

std::string encode_utf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t cp : text) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacementChar;
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

}  // namespace kiosk::raster
