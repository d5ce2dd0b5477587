// Numbers and calls as the board says them. The readings in the tables are how announcers in Hà Nội say
// them; the property tests walk every number below 100 000 so that no rule holds only for the examples.
#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "kiosk/domain/spoken.hpp"

namespace kiosk {
namespace {

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// Reads a reading back into a number: an independent check that every digit landed in its place.
std::int64_t parse_vi(const std::vector<std::string>& ws) {
  static const std::map<std::string, int> digit = {
      {"không", 0}, {"một", 1}, {"mốt", 1}, {"hai", 2}, {"ba", 3}, {"bốn", 4}, {"tư", 4},
      {"năm", 5},   {"lăm", 5}, {"sáu", 6}, {"bảy", 7}, {"tám", 8}, {"chín", 9}};
  std::int64_t total = 0, group = 0, last = 0;
  for (const auto& w : ws) {
    if (auto it = digit.find(w); it != digit.end()) {
      last = it->second;
    } else if (w == "trăm") {
      group += last * 100;
      last = 0;
    } else if (w == "mươi") {
      group += last * 10;
      last = 0;
    } else if (w == "mười") {
      group += 10;
    } else if (w == "nghìn") {
      total += (group + last) * 1000;
      group = last = 0;
    } else if (w != "linh") {
      ADD_FAILURE() << "unexpected word " << w;
    }
  }
  return total + group + last;
}

TEST(ReadNumberVi, Table) {
  const std::vector<std::pair<std::int64_t, std::string>> table = {
      {0, "không"},
      {1, "một"},
      {4, "bốn"},
      {5, "năm"},
      {10, "mười"},
      {11, "mười một"},
      {14, "mười bốn"},
      {15, "mười lăm"},
      {20, "hai mươi"},
      {21, "hai mươi mốt"},
      {24, "hai mươi tư"},
      {25, "hai mươi lăm"},
      {55, "năm mươi lăm"},
      {91, "chín mươi mốt"},
      {100, "một trăm"},
      {101, "một trăm linh một"},
      {104, "một trăm linh bốn"},
      {105, "một trăm linh năm"},
      {110, "một trăm mười"},
      {111, "một trăm mười một"},
      {115, "một trăm mười lăm"},
      {124, "một trăm hai mươi tư"},
      {1000, "một nghìn"},
      {1005, "một nghìn không trăm linh năm"},
      {1010, "một nghìn không trăm mười"},
      {1023, "một nghìn không trăm hai mươi ba"},
      {1100, "một nghìn một trăm"},
      {2021, "hai nghìn không trăm hai mươi mốt"},
      {10000, "mười nghìn"},
      {15000, "mười lăm nghìn"},
      {21000, "hai mươi mốt nghìn"},
      {24024, "hai mươi tư nghìn không trăm hai mươi tư"},
      {99999, "chín mươi chín nghìn chín trăm chín mươi chín"},
      {100000, "một trăm nghìn"},
      {105000, "một trăm linh năm nghìn"},
      {1000000, "một triệu"},
      {1000001, "một triệu không trăm linh một"},
      {1001000, "một triệu không trăm linh một nghìn"},
      {1000100, "một triệu một trăm"},
      {2500000, "hai triệu năm trăm nghìn"},
      {999999999, "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín"},
      {1000000000, "một tỷ"},
      {2000000005, "hai tỷ không trăm linh năm"},
      {1000000000000000000, "một tỷ tỷ"},
      {-5, "âm năm"},
      {-1023, "âm một nghìn không trăm hai mươi ba"},
  };
  for (const auto& [n, text] : table) EXPECT_EQ(read_number_vi(n), text) << n;
}

TEST(ReadNumberVi, ExtremesDoNotOverflow) {
  const auto min = read_number_vi(std::numeric_limits<std::int64_t>::min());
  const auto max = read_number_vi(std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(min, "âm " + max.substr(0, max.size() - std::string("bảy").size()) + "tám");  // …808 vs …807
  EXPECT_EQ(words(max).front(), "chín");
}

TEST(ReadNumberVi, EveryNumberBelowOneHundredThousandFollowsTheRules) {
  const std::set<std::string> vocabulary = {"không", "một", "hai",  "ba",   "bốn",  "năm",  "sáu",
                                            "bảy",   "tám", "chín", "mười", "mươi", "mốt",  "tư",
                                            "lăm",   "linh", "trăm", "nghìn"};
  for (std::int64_t n = 0; n < 100'000; ++n) {
    const auto s = read_number_vi(n);
    SCOPED_TRACE(std::to_string(n) + ": " + s);
    ASSERT_FALSE(s.empty());
    ASSERT_FALSE(contains(s, "  "));
    ASSERT_NE(s.front(), ' ');
    ASSERT_NE(s.back(), ' ');
    // NFC: precomposed letters only, no combining marks (U+0300–U+036F, lead bytes CC and CD).
    ASSERT_EQ(s.find_first_of("\xCC\xCD"), std::string::npos);
    const auto ws = words(s);
    for (const auto& w : ws) ASSERT_TRUE(vocabulary.count(w)) << w;
    ASSERT_EQ(parse_vi(ws), n);

    const auto units = n % 10, tens = n / 10 % 10, hundreds = n / 100 % 10;
    if (units == 5 && n % 100 >= 15) { ASSERT_EQ(ws.back(), "lăm"); }
    if (units == 5 && n % 100 == 5) { ASSERT_EQ(ws.back(), "năm"); }
    if (units == 1 && tens >= 2) { ASSERT_EQ(ws.back(), "mốt"); }
    if (units == 1 && tens < 2) { ASSERT_EQ(ws.back(), "một"); }
    if (units == 4 && tens >= 2) { ASSERT_EQ(ws.back(), "tư"); }
    if (units == 4 && tens < 2) { ASSERT_EQ(ws.back(), "bốn"); }
    if (n >= 100 && n % 100 >= 1 && n % 100 <= 9) { ASSERT_EQ(ws[ws.size() - 2], "linh"); }
    if (n % 100 >= 10 || n < 100) { ASSERT_FALSE(contains(s, "linh")); }
    if (n >= 1000 && hundreds == 0 && n % 1000 != 0) { ASSERT_TRUE(contains(s, "nghìn không trăm")); }
    if (n >= 1000 && n % 1000 == 0) { ASSERT_EQ(ws.back(), "nghìn"); }
    // "không" is only ever a lone zero or the empty hundreds after "nghìn".
    for (std::size_t i = 0; i < ws.size(); ++i) {
      if (ws[i] != "không") continue;
      ASSERT_TRUE(n == 0 || (i + 1 < ws.size() && ws[i + 1] == "trăm" && i > 0 && ws[i - 1] == "nghìn"));
    }
    if (n >= 10) { ASSERT_NE(ws.front(), "không"); }
  }
}

TEST(ReadNumberEn, SpotChecks) {
  EXPECT_EQ(read_number_en(0), "zero");
  EXPECT_EQ(read_number_en(7), "seven");
  EXPECT_EQ(read_number_en(13), "thirteen");
  EXPECT_EQ(read_number_en(20), "twenty");
  EXPECT_EQ(read_number_en(21), "twenty-one");
  EXPECT_EQ(read_number_en(100), "one hundred");
  EXPECT_EQ(read_number_en(105), "one hundred five");
  EXPECT_EQ(read_number_en(1023), "one thousand twenty-three");
  EXPECT_EQ(read_number_en(15000), "fifteen thousand");
  EXPECT_EQ(read_number_en(1000001), "one million one");
  EXPECT_EQ(read_number_en(999999999),
            "nine hundred ninety-nine million nine hundred ninety-nine thousand nine hundred ninety-nine");
  EXPECT_EQ(read_number_en(-42), "minus forty-two");
  EXPECT_EQ(words(read_number_en(std::numeric_limits<std::int64_t>::max())).front(), "nine");
  EXPECT_EQ(words(read_number_en(std::numeric_limits<std::int64_t>::min()))[1], "nine");
}

TEST(SpellLetterVi, EveryCapital) {
  const std::vector<std::string> names = {"a",  "bê", "xê",    "dê", "e",    "ép",   "giê", "hát", "i",
                                          "gi", "ca", "e lờ",  "em mờ", "en nờ", "o",  "pê",  "quy", "e rờ",
                                          "ét", "tê", "u",     "vê", "vê kép", "ích", "i dài", "dét"};
  for (char c = 'A'; c <= 'Z'; ++c) EXPECT_EQ(spell_letter_vi(c), names[static_cast<std::size_t>(c - 'A')]) << c;
  EXPECT_EQ(spell_letter_vi('b'), "bê");
  EXPECT_EQ(spell_letter_vi('-'), "");
  EXPECT_EQ(spell_letter_vi('7'), "");
  EXPECT_EQ(spell_letter_vi('\0'), "");
}

TEST(AnnouncementVi, LetterAndNumber) {
  EXPECT_EQ(announcement_vi({"B-023", 3}), "Mời công dân có số bê, hai mươi ba, đến quầy số ba");
  EXPECT_EQ(announcement_vi({"AB-100", 12}), "Mời công dân có số a bê, một trăm, đến quầy số mười hai");
  EXPECT_EQ(announcement_vi({"W-005", 21}), "Mời công dân có số vê kép, năm, đến quầy số hai mươi mốt");
  EXPECT_EQ(announcement_vi({"L-000", 1}), "Mời công dân có số e lờ, không, đến quầy số một");
}

TEST(AnnouncementVi, BareNumber) {
  EXPECT_EQ(announcement_vi({"1023", 3}), "Mời công dân có số một nghìn không trăm hai mươi ba đến quầy số ba");
  EXPECT_EQ(announcement_vi({"0015", 4}), "Mời công dân có số mười lăm đến quầy số bốn");
}

TEST(AnnouncementVi, Recall) {
  EXPECT_EQ(announcement_vi({"B-023", 3, true}),
            "Xin nhắc lại: mời công dân có số bê, hai mươi ba, đến quầy số ba");
  EXPECT_EQ(announcement_vi({"1023", 3, true}),
            "Xin nhắc lại: mời công dân có số một nghìn không trăm hai mươi ba đến quầy số ba");
}

TEST(AnnouncementVi, MalformedNumbersAreSaidAsFarAsTheyGo) {
  EXPECT_EQ(announcement_vi({"", 3}), "Mời công dân đến quầy số ba");
  EXPECT_EQ(announcement_vi({"--?", 3}), "Mời công dân đến quầy số ba");
  EXPECT_EQ(announcement_vi({"b-023", 3}), announcement_vi({"B-023", 3}));
  EXPECT_EQ(announcement_vi({" B 023 ", 3}), announcement_vi({"B-023", 3}));
  // "Đ" is not a Latin letter: its bytes are skipped rather than misread.
  EXPECT_EQ(announcement_vi({"Đ-12", 3}), "Mời công dân có số mười hai đến quầy số ba");
  EXPECT_EQ(announcement_vi({"B1-2", 3}), "Mời công dân có số bê, một, hai, đến quầy số ba");
  EXPECT_EQ(announcement_vi({"B", 3}), "Mời công dân có số bê đến quầy số ba");
  // Too long for an integer: digit by digit, no exception.
  EXPECT_EQ(announcement_vi({"1234567890123456789", 3}),
            "Mời công dân có số một hai ba bốn năm sáu bảy tám chín không một hai ba bốn năm sáu bảy tám chín "
            "đến quầy số ba");
  EXPECT_EQ(announcement_vi({"000000000000000000000000007", 3}), "Mời công dân có số bảy đến quầy số ba");
}

TEST(AnnouncementVi, AnyBytesGiveASentence) {
  std::mt19937 rng(20240601);
  std::uniform_int_distribution<int> byte(0, 255), len(0, 40);
  for (int i = 0; i < 5000; ++i) {
    std::string number(static_cast<std::size_t>(len(rng)), '\0');
    for (auto& c : number) c = static_cast<char>(byte(rng));
    std::string vi, en;
    ASSERT_NO_THROW(vi = announcement_vi({number, 7, i % 2 == 0}));
    ASSERT_NO_THROW(en = announcement_en({number, 7}));
    ASSERT_TRUE(ends_with(vi, " đến quầy số bảy")) << vi;
    ASSERT_FALSE(contains(vi, "  ")) << vi;
    ASSERT_TRUE(ends_with(en, "go to counter 7")) << en;
  }
}

TEST(AnnouncementEn, Sentences) {
  EXPECT_EQ(announcement_en({"B-023", 3}), "Number B 23, please go to counter 3");
  EXPECT_EQ(announcement_en({"B-023", 3, true}), "Reminder: number B 23, please go to counter 3");
  EXPECT_EQ(announcement_en({"1023", 3}), "Number 1023, please go to counter 3");
  EXPECT_EQ(announcement_en({"AB-007", 12}), "Number A B 7, please go to counter 12");
  EXPECT_EQ(announcement_en({"", 3}), "Please go to counter 3");
  EXPECT_EQ(announcement_en({"", 3, true}), "Reminder: please go to counter 3");
}

}  // namespace
}  // namespace kiosk
