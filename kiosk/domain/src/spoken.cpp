#include "kiosk/domain/spoken.hpp"

#include <array>
#include <string_view>
#include <vector>

namespace kiosk {
namespace {

constexpr std::array<std::string_view, 10> digit_vi = {"không", "một", "hai", "ba", "bốn",
                                                       "năm", "sáu", "bảy", "tám", "chín"};

void add_word(std::string& out, std::string_view word) {
  if (!out.empty()) out += ' ';
  out += word;
}

// 0..999. A leading group drops empty hundreds ("hai mươi mốt nghìn"); a group after a larger one keeps
// them ("một nghìn không trăm hai mươi ba"), because the listener has to hear where the digits sit.
void read_group_vi(std::string& out, unsigned g, bool leading) {
  const unsigned hundreds = g / 100, tens = g / 10 % 10, units = g % 10;
  if (hundreds != 0 || !leading) {
    add_word(out, digit_vi[hundreds]);
    add_word(out, "trăm");
  }
  if (tens == 0) {
    if (units == 0) return;
    // "linh" only stands between "trăm" and a lone unit; a leading 0..9 is just the digit.
    if (hundreds != 0 || !leading) add_word(out, "linh");
    add_word(out, digit_vi[units]);
    return;
  }
  if (tens == 1) {
    add_word(out, "mười");
  } else {
    add_word(out, digit_vi[tens]);
    add_word(out, "mươi");
  }
  switch (units) {
    case 0: break;
    case 1: add_word(out, tens >= 2 ? "mốt" : "một"); break;
    // "hai mươi tư" is how announcers say it; after "mười" it stays "bốn".
    case 4: add_word(out, tens >= 2 ? "tư" : "bốn"); break;
    case 5: add_word(out, "lăm"); break;
    default: add_word(out, digit_vi[units]);
  }
}

// Below one tỷ: up to three groups of three digits.
void read_below_billion_vi(std::string& out, std::uint64_t n, bool leading) {
  constexpr std::array<std::string_view, 3> scale = {"triệu", "nghìn", ""};
  constexpr std::array<std::uint64_t, 3> unit = {1'000'000, 1'000, 1};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto g = static_cast<unsigned>(n / unit[i] % 1000);
    if (g == 0) continue;  // an empty group is skipped, never read as "không nghìn"
    read_group_vi(out, g, leading);
    if (!scale[i].empty()) add_word(out, scale[i]);
    leading = false;
  }
}

void read_magnitude_vi(std::string& out, std::uint64_t n, bool leading) {
  constexpr std::uint64_t billion = 1'000'000'000;
  if (n >= billion) {
    // Vietnamese has no word above "tỷ": 10^18 is "một tỷ tỷ".
    read_magnitude_vi(out, n / billion, leading);
    add_word(out, "tỷ");
    read_below_billion_vi(out, n % billion, false);
    return;
  }
  read_below_billion_vi(out, n, leading);
}

std::uint64_t magnitude(std::int64_t n) {
  // Through unsigned arithmetic so that INT64_MIN has a magnitude too.
  return n < 0 ? ~static_cast<std::uint64_t>(n) + 1 : static_cast<std::uint64_t>(n);
}

constexpr std::array<std::string_view, 20> small_en = {
    "zero",    "one",     "two",       "three",    "four",     "five",    "six",
    "seven",   "eight",   "nine",      "ten",      "eleven",   "twelve",  "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
constexpr std::array<std::string_view, 10> tens_en = {"",      "",      "twenty",  "thirty", "forty",
                                                      "fifty", "sixty", "seventy", "eighty", "ninety"};

void read_group_en(std::string& out, unsigned g) {
  if (g >= 100) {
    add_word(out, small_en[g / 100]);
    add_word(out, "hundred");
    g %= 100;
  }
  if (g == 0) return;
  if (g < 20) {
    add_word(out, small_en[g]);
    return;
  }
  add_word(out, tens_en[g / 10]);
  if (g % 10 != 0) {
    out += '-';
    out += small_en[g % 10];
  }
}

struct Part {
  enum class Kind { letters, digits } kind;
  std::string text;  // capital letters, or digits without leading zeros ("0" when all were zeros)
};

// Splits whatever is printed on the slip into runs of letters and of digits, dropping everything else,
// so that a garbled number still gives something sayable.
std::vector<Part> parse_number(std::string_view s) {
  std::vector<Part> parts;
  bool in_run = false;  // a separator ends a run: "B-1-2" is three parts, not "B" and twelve
  for (char c : s) {
    Part::Kind kind;
    if (c >= '0' && c <= '9') {
      kind = Part::Kind::digits;
    } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      kind = Part::Kind::letters;
      if (c >= 'a') c = static_cast<char>(c - 'a' + 'A');
    } else {
      in_run = false;
      continue;
    }
    if (!in_run || parts.back().kind != kind) parts.push_back({kind, {}});
    parts.back().text += c;
    in_run = true;
  }
  for (auto& p : parts) {
    if (p.kind != Part::Kind::digits) continue;
    const auto first = p.text.find_first_not_of('0');
    p.text = first == std::string::npos ? "0" : p.text.substr(first);
  }
  return parts;
}

// Over 18 significant digits would not fit an int64_t: such a run is read digit by digit.
constexpr std::size_t max_integer_digits = 18;

std::string say_part_vi(const Part& p) {
  std::string out;
  if (p.kind == Part::Kind::letters) {
    for (char c : p.text) add_word(out, spell_letter_vi(c));
  } else if (p.text.size() > max_integer_digits) {
    for (char c : p.text) add_word(out, digit_vi[static_cast<std::size_t>(c - '0')]);
  } else {
    out = read_number_vi(std::stoll(p.text));
  }
  return out;
}

std::string say_part_en(const Part& p) {
  std::string out;
  // Letters apart so that a voice spells "AB" rather than trying to pronounce it as a word.
  if (p.kind == Part::Kind::letters) {
    for (char c : p.text) add_word(out, std::string(1, c));
  } else {
    out = p.text;
  }
  return out;
}

}  // namespace

std::string read_number_vi(std::int64_t n) {
  if (n == 0) return std::string(digit_vi[0]);
  std::string out;
  if (n < 0) out = "âm";
  read_magnitude_vi(out, magnitude(n), true);
  return out;
}

std::string read_number_en(std::int64_t n) {
  if (n == 0) return std::string(small_en[0]);
  constexpr std::array<std::string_view, 7> scale = {"",         "thousand",    "million",    "billion",
                                                     "trillion", "quadrillion", "quintillion"};
  std::uint64_t m = magnitude(n);
  std::array<unsigned, 7> groups{};
  for (auto& g : groups) {
    g = static_cast<unsigned>(m % 1000);
    m /= 1000;
  }
  std::string out;
  if (n < 0) out = "minus";
  for (std::size_t i = groups.size(); i-- > 0;) {
    if (groups[i] == 0) continue;
    read_group_en(out, groups[i]);
    if (!scale[i].empty()) add_word(out, scale[i]);
  }
  return out;
}

std::string spell_letter_vi(char c) {
  static constexpr std::array<std::string_view, 26> names = {
      "a",  "bê", "xê",    "dê", "e",    "ép",   "giê", "hát", "i",  "gi", "ca",     "e lờ",  "em mờ",
      "en nờ", "o", "pê", "quy", "e rờ", "ét", "tê",  "u",   "vê", "vê kép", "ích", "i dài", "dét"};
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c < 'A' || c > 'Z') return {};
  return std::string(names[static_cast<std::size_t>(c - 'A')]);
}

std::string announcement_vi(const CallAnnouncement& call) {
  const auto parts = parse_number(call.number);
  std::string out = call.recall ? "Xin nhắc lại: mời công dân" : "Mời công dân";
  if (!parts.empty()) {
    out += " có số ";
    // Commas make the voice pause between letters and number, which is what makes "bê, hai mươi ba"
    // hard to mishear; a bare number needs none.
    const bool pauses = parts.size() > 1;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) out += ", ";
      out += say_part_vi(parts[i]);
    }
    if (pauses) out += ',';
  }
  out += " đến quầy số ";
  out += read_number_vi(call.counter);
  return out;
}

std::string announcement_en(const CallAnnouncement& call) {
  const auto parts = parse_number(call.number);
  std::string out;
  if (parts.empty()) {
    out = call.recall ? "Reminder: please go to counter " : "Please go to counter ";
  } else {
    out = call.recall ? "Reminder: number" : "Number";
    for (const auto& p : parts) add_word(out, say_part_en(p));
    out += ", please go to counter ";
  }
  out += std::to_string(call.counter);
  return out;
}

}  // namespace kiosk
