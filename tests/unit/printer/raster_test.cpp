// The slip image toolkit: UTF-8 that never crashes, Vietnamese text with no missing glyphs, wrapping,
// QR codes a phone reads back, 1-bit bitmaps, PNG files.
#include <gtest/gtest.h>
#include <png.h>

#include <cstring>
#include <fstream>

#include "kiosk/raster/canvas.hpp"
#include "kiosk/raster/face.hpp"
#include "kiosk/raster/mono.hpp"
#include "kiosk/raster/png.hpp"
#include "kiosk/raster/qr.hpp"
#include "kiosk/raster/text.hpp"
#include "kiosk/raster/utf8.hpp"
#include "test_support.hpp"

namespace kiosk::raster {
namespace {

using test::font_dir;

Face regular() { return Face(font_dir() + "/NotoSans-Regular.ttf"); }
Face bold() { return Face(font_dir() + "/NotoSans-Bold.ttf"); }

// Every Vietnamese letter with every tone, both cases (NFC, as keyboards and databases give it).
const char* const kVietnameseLetters =
    "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
    "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬEÈÉẺẼẸÊỀẾỂỄỆIÌÍỈĨỊOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢUÙÚỦŨỤƯỪỨỬỮỰYỲÝỶỸỴĐ";

struct InkBounds {
  int left = -1, right = -1, top = -1, bottom = -1;
  bool any() const { return left >= 0; }
};

InkBounds ink(const Canvas& canvas, std::uint8_t darker_than = 128) {
  InkBounds b;
  for (int y = 0; y < canvas.height(); ++y) {
    for (int x = 0; x < canvas.width(); ++x) {
      if (canvas.at(x, y) >= darker_than) continue;
      if (!b.any()) {
        b = {x, x, y, y};
      } else {
        b.left = std::min(b.left, x);
        b.right = std::max(b.right, x);
        b.top = std::min(b.top, y);
        b.bottom = std::max(b.bottom, y);
      }
    }
  }
  return b;
}

TEST(RasterUtf8, DecodesVietnameseAndReplacesEachMalformedSequence) {
  EXPECT_EQ(decode_utf8("Hộ tịch"), U"Hộ tịch");
  EXPECT_EQ(encode_utf8(decode_utf8(kVietnameseLetters)), kVietnameseLetters);
  EXPECT_EQ(decode_utf8("a\xFF" "b"), U"a\uFFFDb");
  EXPECT_EQ(decode_utf8("\xC3"), U"\uFFFD");                   // truncated at the end
  EXPECT_EQ(decode_utf8("\xE1\xBB" "x"), U"\uFFFDx");          // truncated in the middle
  EXPECT_EQ(decode_utf8("\xC0\xAF"), U"\uFFFD\uFFFD");         // overlong '/'
  EXPECT_EQ(decode_utf8("\xED\xA0\x80"), U"\uFFFD\uFFFD\uFFFD");  // a surrogate
  EXPECT_EQ(decode_utf8("\xF4\x90\x80\x80").size(), 4u);       // past U+10FFFF
  EXPECT_EQ(decode_utf8("\xF0\x9F\x98\x80"), U"\U0001F600");
}

TEST(RasterUtf8, RandomBytesAlwaysDecodeToSomethingThatEncodesBackValid) {
  for (unsigned seed = 0; seed < 200; ++seed) {
    const auto bytes = test::random_bytes(seed % 64, seed);
    const std::string text(bytes.begin(), bytes.end());
    const std::string clean = encode_utf8(decode_utf8(text));
    EXPECT_EQ(encode_utf8(decode_utf8(clean)), clean) << "seed " << seed;
  }
}

TEST(RasterFace, MissingFontFileThrowsNamingThePath) {
  try {
    Face face("/nonexistent/fonts/NotoSans-Regular.ttf");
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/fonts/NotoSans-Regular.ttf"), std::string::npos) << e.what();
  }
}

TEST(RasterFace, NotoSansHasEveryVietnameseLetterInBothWeights) {
  const Face faces[] = {regular(), bold()};
  for (const Face& face : faces) {
    for (char32_t letter : decode_utf8(kVietnameseLetters)) {
      EXPECT_TRUE(face.has_glyph(letter)) << face.path() << " lacks U+" << std::hex << static_cast<unsigned>(letter);
    }
  }
}

TEST(RasterText, DrawsBlackTextAsWideAsMeasured) {
  Face face = regular();
  Canvas canvas(400, 80);
  const int width = measure_text(face, 32, "Hộ tịch");
  const int advance = draw_text(canvas, face, 32, "Hộ tịch", 10, 50);
  EXPECT_EQ(advance, width);
  EXPECT_GT(advance, 80);
  const InkBounds b = ink(canvas);
  ASSERT_TRUE(b.any());
  EXPECT_GE(b.left, 10);
  EXPECT_LE(b.right, 10 + advance + 2);
  EXPECT_LT(b.top, 50 - 20);  // the dot below ộ and the accents reach well above and below x-height
  EXPECT_GT(b.bottom, 50);    // the dot below ị and ộ
  EXPECT_EQ(face.missing_glyphs(), 0u);
}

TEST(RasterText, CountsCharactersTheFontCannotDraw) {
  Face face = regular();
  Canvas canvas(300, 60);
  draw_text(canvas, face, 24, "Phường Đống Đa", 0, 40);
  EXPECT_EQ(face.missing_glyphs(), 0u);
  draw_text(canvas, face, 24, "中文 \U0001F600", 0, 40);
  EXPECT_EQ(face.missing_glyphs(), 3u);
  EXPECT_EQ(face.missing_code_points(), (std::vector<char32_t>{U'中', U'文', U'\U0001F600'}));
  measure_text(face, 24, "中");  // measuring is not drawing: not counted again
  EXPECT_EQ(face.missing_glyphs(), 3u);
  face.reset_missing_glyphs();
  EXPECT_EQ(face.missing_glyphs(), 0u);
}

TEST(RasterText, MalformedUtf8AndControlCharactersDrawWithoutCrashing) {
  Face face = regular();
  Canvas canvas(300, 60);
  draw_text(canvas, face, 24, "a\xFF\xC3 b\x01\t\r\n\xE1\xBB", -50, 40);
  draw_text(canvas, face, 24, "clipped everywhere", 250, 5);
  draw_text(canvas, face, 0, "zero size", 0, 40);
  EXPECT_EQ(measure_text(face, 0, "zero size"), 0);
  EXPECT_EQ(measure_text(face, 24, ""), 0);
  EXPECT_EQ(measure_text(face, 24, "a\tb"), measure_text(face, 24, "a b"));
}

TEST(RasterText, CentredTextHasEqualMarginsOnBothSides) {
  Face face = bold();
  Canvas canvas(576, 80);
  const int x = draw_text_centred(canvas, face, 40, "Số thứ tự", 0, 576, 60);
  const InkBounds b = ink(canvas);
  ASSERT_TRUE(b.any());
  EXPECT_GT(x, 0);
  EXPECT_NEAR(b.left, 575 - b.right, 6);
}

TEST(RasterText, WrapKeepsEveryLineWithinTheWidthAndEveryWordInOrder) {
  Face face = regular();
  const std::string text =
      "Trung tâm Phục vụ hành chính công huyện Thanh Trì tiếp nhận và trả kết quả giải quyết thủ tục hành chính "
      "cho tổ chức,   cá nhân trên địa bàn";
  const auto lines = wrap_text(face, 28, text, 300);
  ASSERT_GT(lines.size(), 2u);
  std::string joined;
  for (const auto& line : lines) {
    EXPECT_LE(measure_text(face, 28, line), 300) << line;
    EXPECT_FALSE(line.empty());
    joined += (joined.empty() ? "" : " ") + line;
  }
  EXPECT_EQ(joined, "Trung tâm Phục vụ hành chính công huyện Thanh Trì tiếp nhận và trả kết quả giải quyết thủ tục hành "
                    "chính cho tổ chức, cá nhân trên địa bàn");
}

TEST(RasterText, WrapCutsAWordTooLongForALine) {
  Face face = regular();
  const std::string word(200, 'W');
  const auto lines = wrap_text(face, 28, "Mã: " + word, 250);
  ASSERT_GT(lines.size(), 3u);
  std::string joined;
  for (const auto& line : lines) {
    EXPECT_LE(measure_text(face, 28, line), 250);
    joined += line;
  }
  EXPECT_EQ(joined, "Mã:" + word);
  // Narrower than one glyph: one character a line, and it still ends.
  EXPECT_EQ(wrap_text(face, 28, "WWW", 1).size(), 3u);
}

TEST(RasterText, WrapKeepsLineBreaksAndDropsBlankEnds) {
  Face face = regular();
  EXPECT_TRUE(wrap_text(face, 24, "", 300).empty());
  EXPECT_TRUE(wrap_text(face, 24, "  \n \n", 300).empty());
  EXPECT_EQ(wrap_text(face, 24, "\nMột\n\nHai  \n", 300), (std::vector<std::string>{"Một", "", "Hai"}));
  EXPECT_EQ(wrap_text(face, 24, "a\xFF" "b", 300), (std::vector<std::string>{"a\xEF\xBF\xBD" "b"}));
}

TEST(RasterCanvas, DrawingOutsideClipsAndTheCanvasGrowsWhiteBelow) {
  Canvas canvas(10, 4);
  canvas.fill_rect(-5, -5, 8, 7);
  canvas.fill_rect(8, 3, 1000000000, 1000000000, 100);
  EXPECT_EQ(canvas.at(0, 0), kBlack);
  EXPECT_EQ(canvas.at(2, 1), kBlack);
  EXPECT_EQ(canvas.at(3, 1), kWhite);
  EXPECT_EQ(canvas.at(9, 3), 100);
  EXPECT_EQ(canvas.at(-1, 0), kWhite);
  canvas.ensure_height(6);
  EXPECT_EQ(canvas.height(), 6);
  EXPECT_EQ(canvas.at(0, 0), kBlack);
  EXPECT_EQ(canvas.at(0, 5), kWhite);
  canvas.crop_height(2);
  EXPECT_EQ(canvas.height(), 2);
  EXPECT_FALSE(canvas.blank());
  EXPECT_THROW(Canvas(-1, 5), std::invalid_argument);
}

TEST(RasterQr, AQrCodeReadsBackWithItsQuietZone) {
  const std::string payload = "https://dichvucong.gov.vn/tra-cuu?ma=000.00.17.H26-261123-0042";
  const int size = qr_size(payload, 6);
  ASSERT_GT(size, 0);
  EXPECT_EQ(size % 6, 0);
  Canvas canvas(size + 40, size + 40);
  EXPECT_EQ(draw_qr(canvas, payload, 20, 20, 6), size);
  EXPECT_EQ(test::read_qr_codes(canvas), (std::vector<std::string>{payload}));
  // Four white modules on every side of the code.
  const InkBounds b = ink(canvas);
  EXPECT_EQ(b.left, 20 + 4 * 6);
  EXPECT_EQ(b.top, 20 + 4 * 6);
  EXPECT_EQ(b.right, 20 + size - 4 * 6 - 1);
  EXPECT_EQ(b.bottom, 20 + size - 4 * 6 - 1);
}

TEST(RasterQr, NothingToEncodeDrawsNothing) {
  Canvas canvas(100, 100);
  EXPECT_EQ(qr_size("", 6), 0);
  EXPECT_EQ(draw_qr(canvas, "", 0, 0, 6), 0);
  EXPECT_EQ(qr_size("x", 0), 0);
  const std::string too_long(8000, 'x');  // more than version 40 holds
  EXPECT_EQ(qr_size(too_long, 1), 0);
  EXPECT_EQ(draw_qr(canvas, too_long, 0, 0, 1), 0);
  EXPECT_TRUE(canvas.blank());
}

TEST(RasterMono, DarkPixelsBecomeSetBitsMostSignificantFirst) {
  Canvas canvas(10, 2);
  canvas.set(0, 0, 0);
  canvas.set(7, 0, 127);   // just dark enough
  canvas.set(8, 0, 128);   // just light enough
  canvas.set(9, 1, 10);
  const MonoBitmap mono = to_mono(canvas);
  EXPECT_EQ(mono.width, 10);
  EXPECT_EQ(mono.height, 2);
  EXPECT_EQ(mono.row_bytes(), 2);
  EXPECT_EQ(mono.bits, (std::vector<std::uint8_t>{0x81, 0x00, 0x00, 0x40}));
  const Canvas back = to_canvas(mono);
  EXPECT_EQ(back.at(0, 0), kBlack);
  EXPECT_EQ(back.at(8, 0), kWhite);
  EXPECT_EQ(to_mono(back), mono);
  // A bitmap whose bits are too short reads as white past their end instead of overrunning.
  MonoBitmap short_bits{16, 4, {0xFF}};
  const Canvas partial = to_canvas(short_bits);
  EXPECT_EQ(partial.at(7, 0), kBlack);
  EXPECT_EQ(partial.at(8, 0), kWhite);
  EXPECT_EQ(partial.at(0, 3), kWhite);
}

TEST(RasterPng, WrittenAndReadBackPixelForPixel) {
  test::TempDir dir;
  Canvas canvas(37, 23);
  for (int y = 0; y < canvas.height(); ++y) {
    for (int x = 0; x < canvas.width(); ++x) canvas.set(x, y, static_cast<std::uint8_t>((x * 7 + y * 13) % 256));
  }
  const std::string path = dir.file("preview.png");
  write_png(path, canvas);
  EXPECT_EQ(read_png(path), canvas);
  write_png(path, Canvas(3, 3, kBlack));  // replaces the previous preview
  EXPECT_EQ(read_png(path), Canvas(3, 3, kBlack));
  EXPECT_EQ(dir.names(), (std::vector<std::string>{"preview.png"}));  // no partial file left behind
  const auto bytes = encode_png(canvas);
  ASSERT_GE(bytes.size(), 8u);
  EXPECT_EQ(std::memcmp(bytes.data(), "\x89PNG\r\n\x1a\n", 8), 0);
}

TEST(RasterPng, ColourAndTransparencyReadAsGrayOnPaper) {
  test::TempDir dir;
  const std::string path = dir.file("rgba.png");
  // black opaque, white opaque, transparent black, mid gray
  const std::uint8_t rgba[] = {0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 0, 128, 128, 128, 255};
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = 4;
  image.height = 1;
  image.format = PNG_FORMAT_RGBA;
  ASSERT_TRUE(png_image_write_to_file(&image, path.c_str(), 0, rgba, 0, nullptr)) << image.message;
  const Canvas gray = read_png(path);
  ASSERT_EQ(gray.width(), 4);
  EXPECT_EQ(gray.at(0, 0), 0);
  EXPECT_EQ(gray.at(1, 0), 255);
  EXPECT_EQ(gray.at(2, 0), 255);
  EXPECT_NEAR(gray.at(3, 0), 128, 2);
}

TEST(RasterPng, UnreadableFilesThrowNamingThePath) {
  test::TempDir dir;
  const std::string missing = dir.file("missing.png");
  EXPECT_THROW(read_png(missing), std::runtime_error);
  const std::string garbage = dir.file("garbage.png");
  std::ofstream(garbage) << "not a png";
  try {
    read_png(garbage);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(garbage), std::string::npos) << e.what();
  }
  EXPECT_THROW(write_png(dir.file("no/such/dir/x.png"), Canvas(2, 2)), std::runtime_error);
}

}  // namespace
}  // namespace kiosk::raster
