// What a call board says aloud: numbers read as Vietnamese announcers read them, ticket letters spelled
// by their Vietnamese names, and the call sentence itself. Plain text only; the voice lives in
// platform/speech, which knows nothing of tickets.
#pragma once

#include <cstdint>
#include <string>

namespace kiosk {

// The northern reading ("linh", not "lẻ"), words separated by single spaces, NFC UTF-8. Every int64_t
// is read: groups of three digits with "nghìn", "triệu", "tỷ", and "tỷ" again above 999 tỷ.
// A group inside the number that is all zeros is skipped, and a non-leading group is read in full, so
// 1 000 001 is "một triệu không trăm linh một" and 1 005 is "một nghìn không trăm linh năm".
// Negative numbers are "âm " + the reading of the magnitude.
std::string read_number_vi(std::int64_t n);

// "one thousand twenty-three": no "and", hyphenated tens, short scale; negatives are "minus …".
std::string read_number_en(std::int64_t n);

// The name of a Latin letter as announcers say it: 'B' → "bê", 'W' → "vê kép", 'Y' → "i dài".
// Lowercase letters get their capital's name; anything else gives an empty string.
std::string spell_letter_vi(char c);

struct CallAnnouncement {
  std::string number;  // as printed on the slip: "B-023", or a bare "1023"
  int counter = 0;
  bool recall = false;
};

// "Mời công dân có số bê, hai mươi ba, đến quầy số ba". Letters are spelled one by one, each run of
// digits is read as one integer (leading zeros are not read), anything else is skipped; commas pause
// between the parts only when there is more than one. Never throws, whatever the number text holds.
std::string announcement_vi(const CallAnnouncement& call);

// "Number B 23, please go to counter 3" (numerals, which an English voice reads well) or
// "Reminder: number B 23, please go to counter 3".
std::string announcement_en(const CallAnnouncement& call);

}  // namespace kiosk
