// Searching Vietnamese the way staff type it: no diacritics, any case.
#include "kiosk/ui/search.hpp"

#include <gtest/gtest.h>

namespace kiosk::ui {
namespace {

TEST(FoldVietnamese, StripsTonesAndLetterMarksAndLowercases) {
  EXPECT_EQ(fold_vietnamese("Đất đai"), "dat dai");
  EXPECT_EQ(fold_vietnamese("Hộ tịch"), "ho tich");
  EXPECT_EQ(fold_vietnamese("HỘ TỊCH"), "ho tich");
  EXPECT_EQ(fold_vietnamese("Nguyễn Thị Lan"), "nguyen thi lan");
  EXPECT_EQ(fold_vietnamese("Ưu tiên Ơn Ăn Ẩm Ỹ"), "uu tien on an am y");
}

TEST(FoldVietnamese, EveryVietnameseLetterBecomesAscii) {
  const std::string lower =
      "aàáảãạăằắẳẵặâầấẩẫậ eèéẻẽẹêềếểễệ iìíỉĩị oòóỏõọôồốổỗộơờớởỡợ uùúủũụưừứửữự yỳýỷỹỵ đ";
  const std::string upper =
      "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ EÈÉẺẼẸÊỀẾỂỄỆ IÌÍỈĨỊ OÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ UÙÚỦŨỤƯỪỨỬỮỰ YỲÝỶỸỴ Đ";
  const std::string expected =
      "aaaaaaaaaaaaaaaaaa eeeeeeeeeeee iiiiii oooooooooooooooooo uuuuuuuuuuuu yyyyyy d";
  EXPECT_EQ(fold_vietnamese(lower), expected);
  EXPECT_EQ(fold_vietnamese(upper), expected);
}

TEST(FoldVietnamese, DropsCombiningMarksOfDecomposedText) {
  // "Hộ tịch" typed in NFD: o + circumflex + dot below, i + dot below.
  EXPECT_EQ(fold_vietnamese("Ho\xCC\x82\xCC\xA3 ti\xCC\xA3\x63h"), "ho tich");
  // ư as u + horn (U+031B), ơ as o + horn.
  EXPECT_EQ(fold_vietnamese("u\xCC\x9B\xCC\x81 o\xCC\x9B"), "u o");
}

TEST(FoldVietnamese, KeepsWhatIsNotAVietnameseLetter) {
  EXPECT_EQ(fold_vietnamese("1.004227 – 75.000 ₫"), "1.004227 – 75.000 ₫");
  EXPECT_EQ(fold_vietnamese("中文"), "中文");
  EXPECT_EQ(fold_vietnamese(std::string("a\xFF") + "b"), "a\xFF" "b");  // a stray byte stays as it was
  EXPECT_EQ(fold_vietnamese(""), "");
}

TEST(MatchesSearch, FindsWordsWithoutDiacriticsInAnyCase) {
  const std::string land = "1.004227 Đăng ký đất đai lần đầu DD Đất đai Land";
  EXPECT_TRUE(matches_search(land, "dat dai"));
  EXPECT_TRUE(matches_search(land, "DAT DAI"));
  EXPECT_TRUE(matches_search(land, "đất"));
  EXPECT_TRUE(matches_search(land, "dai   dat"));  // any order, any spacing
  EXPECT_TRUE(matches_search(land, "dang ky dat"));
  EXPECT_FALSE(matches_search(land, "dat ho"));
  EXPECT_TRUE(matches_search("Cấp bản sao Trích lục hộ tịch", "HO TICH"));
  EXPECT_TRUE(matches_search("Hộ tịch", "ho tich"));
  EXPECT_FALSE(matches_search("Hộ tịch", "ho tich khai sinh"));
}

TEST(MatchesSearch, DFoldsBothWays) {
  EXPECT_TRUE(matches_search("Đính chính Giấy chứng nhận", "dinh chinh"));
  EXPECT_TRUE(matches_search("Dinh chinh", "đính"));
}

TEST(MatchesSearch, MatchesTheProcedureCodeAndAnEmptyQuery) {
  const std::string haystack = "1.001695 Đăng ký khai sinh có yếu tố nước ngoài";
  EXPECT_TRUE(matches_search(haystack, "1.0016"));
  EXPECT_TRUE(matches_search(haystack, "1.001695 khai sinh"));
  EXPECT_FALSE(matches_search(haystack, "1.004"));
  EXPECT_TRUE(matches_search(haystack, ""));
  EXPECT_TRUE(matches_search(haystack, "   "));
}

}  // namespace
}  // namespace kiosk::ui
