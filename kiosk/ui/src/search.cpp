#include "kiosk/ui/search.hpp"

#include <vector>

namespace kiosk::ui {
namespace {

// U+00C0…U+00FF: the base letter, or '*' to keep the character (Æ × Þ ß æ ÷ þ).
constexpr std::string_view kLatin1 = "aaaaaa*ceeeeiiiidnooooo*ouuuuy**aaaaaa*ceeeeiiiidnooooo*ouuuuy*y";

// U+1EA0…U+1EF9 (Latin Extended Additional, the Vietnamese tone-marked letters) in block order:
// 24 a, 16 e, 4 i, 24 o, 14 u, 8 y.
char extended_additional_base(char32_t c) {
  const auto i = static_cast<int>(c - 0x1EA0);
  if (i < 24) return 'a';
  if (i < 40) return 'e';
  if (i < 44) return 'i';
  if (i < 68) return 'o';
  if (i < 82) return 'u';
  return 'y';
}

// The base letter of `c`, 0 to drop it (a combining mark), or -1 to keep it unchanged.
int fold_char(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? static_cast<int>(c - 'A' + 'a') : static_cast<int>(c);
  if (c >= 0xC0 && c <= 0xFF) {
    const char base = kLatin1[c - 0xC0];
    return base == '*' ? -1 : base;
  }
  if (c >= 0x300 && c <= 0x323) return 0;
  if (c >= 0x1EA0 && c <= 0x1EF9) return extended_additional_base(c);
  switch (c) {
    case 0x102: case 0x103: return 'a';  // Ă ă
    case 0x110: case 0x111: return 'd';  // Đ đ
    case 0x128: case 0x129: return 'i';  // Ĩ ĩ
    case 0x168: case 0x169: return 'u';  // Ũ ũ
    case 0x1A0: case 0x1A1: return 'o';  // Ơ ơ
    case 0x1AF: case 0x1B0: return 'u';  // Ư ư
    default: return -1;
  }
}

// Decodes one UTF-8 sequence at `text[i]`; returns its length (1 for a malformed byte, taken as is).
std::size_t decode(std::string_view text, std::size_t i, char32_t& out) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size()) {
    out = lead;
    return 1;
  }
  char32_t c = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) {
      out = lead;
      return 1;
    }
    c = (c << 6) | (next & 0x3F);
  }
  out = c;
  return length;
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!word.empty()) out.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

}  // namespace

std::string fold_vietnamese(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t c = 0;
    const std::size_t length = decode(utf8, i, c);
    const int folded = length == 1 && c >= 0x80 ? -1 : fold_char(c);
    if (folded > 0) out += static_cast<char>(folded);
    else if (folded < 0) out.append(utf8.substr(i, length));
    i += length;
  }
  return out;
}

bool matches_search(std::string_view haystack, std::string_view query) {
  const std::string folded = fold_vietnamese(haystack);
  for (const auto& word : words(fold_vietnamese(query)))
    if (folded.find(word) == std::string::npos) return false;
  return true;
}

}  // namespace kiosk::ui
