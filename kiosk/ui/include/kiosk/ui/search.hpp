// Searching Vietnamese names the way staff type them: without diacritics and in any case. "dat dai"
// finds "Đất đai", "HO TICH" finds "Hộ tịch", "đ" and "d" are the same letter.
#pragma once

#include <string>
#include <string_view>

namespace kiosk::ui {

// Lower-cases ASCII and strips Vietnamese diacritics from UTF-8 text: precomposed (NFC) letters become
// their base letter, combining marks U+0300–U+0323 (NFD input) are dropped, and đ/Đ become d. Anything
// else is kept as it is.
std::string fold_vietnamese(std::string_view utf8);

// True when every whitespace-separated word of `query`, folded, is a substring of the folded `haystack`
// (an empty query matches everything). Put everything a search should find into the haystack: a
// procedure's names, its code and its field.
bool matches_search(std::string_view haystack, std::string_view query);

}  // namespace kiosk::ui
