// ESC/POS raster jobs as the printer receives them, read back by the strict decoder; DLE EOT status
// replies.
#include <gtest/gtest.h>

#include <algorithm>

#include "kiosk/printer/escpos.hpp"
#include "test_support.hpp"

namespace kiosk::printer {
namespace {

using raster::MonoBitmap;

MonoBitmap random_bitmap(int width, int height, unsigned seed) {
  MonoBitmap bitmap{width, height, {}};
  bitmap.bits = test::random_bytes(static_cast<std::size_t>(bitmap.row_bytes()) * height, seed);
  // Padding bits past the width are 0, as to_mono leaves them.
  if (width % 8 != 0) {
    const auto keep = static_cast<std::uint8_t>(0xFF00u >> (width % 8));
    for (int y = 0; y < height; ++y) bitmap.bits[static_cast<std::size_t>(y) * bitmap.row_bytes() + bitmap.row_bytes() - 1] &= keep;
  }
  return bitmap;
}

std::vector<std::size_t> band_offsets(const std::vector<std::uint8_t>& job, std::size_t row_bytes) {
  std::vector<std::size_t> offsets;
  std::size_t at = 2;
  while (at + 8 <= job.size() && job[at] == 0x1D && job[at + 1] == 'v') {
    offsets.push_back(at);
    at += 8 + row_bytes * (job[at + 6] | job[at + 7] << 8);
  }
  return offsets;
}

TEST(PrinterEscPos, JobIsInitImageFeedAndPartialCut) {
  const MonoBitmap bitmap = random_bitmap(576, 10, 1);
  const auto job = escpos::raster_job(bitmap);
  ASSERT_GE(job.size(), 2u + 8u + 72u * 10u + 3u + 4u);
  EXPECT_EQ(job[0], 0x1B);
  EXPECT_EQ(job[1], '@');
  // GS v 0, m = 0, 72 bytes a row, 10 rows
  EXPECT_EQ(std::vector<std::uint8_t>(job.begin() + 2, job.begin() + 10),
            (std::vector<std::uint8_t>{0x1D, 0x76, 0x30, 0x00, 72, 0, 10, 0}));
  EXPECT_EQ(std::vector<std::uint8_t>(job.end() - 7, job.end()),
            (std::vector<std::uint8_t>{0x1B, 'd', escpos::kFeedLines, 0x1D, 'V', 66, 0}));
  const auto without_cut = escpos::raster_job(bitmap, false);
  EXPECT_EQ(without_cut.size(), job.size() - 4);
  EXPECT_EQ(escpos::decode_raster_job(without_cut), bitmap);
}

TEST(PrinterEscPos, SevenHundredRowsGoAsThreeBandsAndComeBackWhole) {
  const MonoBitmap bitmap = random_bitmap(576, 700, 2);
  const auto job = escpos::raster_job(bitmap);
  const auto bands = band_offsets(job, 72);
  ASSERT_EQ(bands.size(), 3u);
  const int rows[] = {255, 255, 190};
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(job[bands[i] + 6] | job[bands[i] + 7] << 8, rows[i]) << "band " << i;
  std::string error;
  const auto decoded = escpos::decode_raster_job(job, &error);
  ASSERT_TRUE(decoded) << error;
  EXPECT_EQ(decoded->width, 576);
  EXPECT_EQ(decoded->height, 700);
  EXPECT_EQ(decoded->bits, bitmap.bits);
}

TEST(PrinterEscPos, ExactlyTwoFullBandsAndAnEmptyImage) {
  const MonoBitmap bitmap = random_bitmap(64, 510, 3);
  const auto job = escpos::raster_job(bitmap);
  EXPECT_EQ(band_offsets(job, 8).size(), 2u);
  EXPECT_EQ(escpos::decode_raster_job(job), bitmap);
  const auto empty = escpos::raster_job(MonoBitmap{});
  EXPECT_EQ(empty, (std::vector<std::uint8_t>{0x1B, '@', 0x1B, 'd', escpos::kFeedLines, 0x1D, 'V', 66, 0}));
  EXPECT_EQ(escpos::decode_raster_job(empty), MonoBitmap{});
}

TEST(PrinterEscPos, WidthComesBackInWholeBytes) {
  const MonoBitmap bitmap = random_bitmap(100, 20, 4);
  const auto decoded = escpos::decode_raster_job(escpos::raster_job(bitmap));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->width, 104);
  EXPECT_EQ(decoded->height, 20);
  for (int y = 0; y < 20; ++y) {
    for (int x = 0; x < 104; ++x) EXPECT_EQ(decoded->black(x, y), bitmap.black(x, y)) << x << "," << y;
  }
}

TEST(PrinterEscPos, ABitmapThatCannotBeSentGivesNoJob) {
  EXPECT_TRUE(escpos::raster_job(MonoBitmap{16, 4, {0xFF, 0xFF}}).empty());  // bits for 1 row of 4
  EXPECT_TRUE(escpos::raster_job(MonoBitmap{-8, 4, {}}).empty());
  MonoBitmap too_wide{0x10000 * 8, 1, {}};
  too_wide.bits.assign(0x10000, 0);
  EXPECT_TRUE(escpos::raster_job(too_wide).empty());
}

TEST(PrinterEscPos, EveryTruncationIsRefusedWithoutReadingPastTheEnd) {
  const MonoBitmap bitmap = random_bitmap(40, 600, 5);
  const auto job = escpos::raster_job(bitmap);
  const std::size_t without_cut = job.size() - 4;
  for (std::size_t length = 0; length < job.size(); ++length) {
    // A copy of exactly `length` bytes, so AddressSanitizer catches any read past it.
    const std::vector<std::uint8_t> prefix(job.begin(), job.begin() + static_cast<std::ptrdiff_t>(length));
    std::string error;
    const auto decoded = escpos::decode_raster_job(prefix, &error);
    if (length == without_cut) {
      EXPECT_EQ(decoded, bitmap) << "the job without its cut is a whole job";
    } else {
      EXPECT_FALSE(decoded) << "prefix of " << length << " bytes";
      EXPECT_FALSE(error.empty());
    }
  }
}

TEST(PrinterEscPos, GarbageIsRefused) {
  for (unsigned seed = 0; seed < 500; ++seed) {
    auto bytes = test::random_bytes(seed % 300, seed);
    EXPECT_FALSE(escpos::decode_raster_job(bytes)) << "seed " << seed;
    bytes.insert(bytes.begin(), {0x1B, '@', 0x1D, 'v', '0', 0});  // a plausible start, then noise
    EXPECT_FALSE(escpos::decode_raster_job(bytes)) << "seed " << seed;
  }
}

TEST(PrinterEscPos, RefusesWhatRasterJobNeverWrites) {
  const auto good = escpos::raster_job(random_bitmap(16, 300, 6));
  ASSERT_TRUE(escpos::decode_raster_job(good));
  const auto refused = [](std::vector<std::uint8_t> job, const char* why) {
    std::string error;
    EXPECT_FALSE(escpos::decode_raster_job(job, &error)) << why;
    EXPECT_FALSE(error.empty()) << why;
  };
  auto trailing = good;
  trailing.push_back(0x0A);
  refused(trailing, "a byte after the cut");
  auto other_command = good;
  other_command.insert(other_command.begin() + 2, {0x1B, 'a', 1});
  refused(other_command, "ESC a before the image");
  auto tall_band = good;
  tall_band[2 + 6] = 0;  // first band: 256 rows
  tall_band[2 + 7] = 1;
  refused(tall_band, "a band of more than 255 rows");
  auto double_density = good;
  double_density[2 + 3] = 3;
  refused(double_density, "m = 3");
  const std::vector<std::uint8_t> short_then_full = [] {
    std::vector<std::uint8_t> job{0x1B, '@'};
    for (int rows : {10, 20}) {
      job.insert(job.end(), {0x1D, 'v', '0', 0, 1, 0, static_cast<std::uint8_t>(rows), 0});
      job.insert(job.end(), static_cast<std::size_t>(rows), 0xAA);
    }
    job.insert(job.end(), {0x1B, 'd', escpos::kFeedLines});
    return job;
  }();
  refused(short_then_full, "a short band before the last");
  std::vector<std::uint8_t> width_changes{0x1B, '@', 0x1D, 'v', '0', 0, 1, 0, 255, 0};
  width_changes.insert(width_changes.end(), 255, 0);
  width_changes.insert(width_changes.end(), {0x1D, 'v', '0', 0, 2, 0, 1, 0, 0, 0, 0x1B, 'd', escpos::kFeedLines});
  refused(width_changes, "bands of different widths");
  refused({0x1B, '@', 0x1D, 'v', '0', 0, 0, 0, 0, 0, 0x1B, 'd', escpos::kFeedLines}, "an empty band");
  refused({0x1B, '@', 0x1B, 'd', 9}, "another feed");
}

TEST(PrinterStatus, ReadsThePaperSensor) {
  EXPECT_EQ(escpos::status_query(4), (std::vector<std::uint8_t>{0x10, 0x04, 0x04}));
  EXPECT_EQ(escpos::parse_status(4, 0x12), PrinterState::ok);
  EXPECT_EQ(escpos::parse_status(4, 0x1E), PrinterState::paper_near_end);
  EXPECT_EQ(escpos::parse_status(4, 0x72), PrinterState::paper_out);
  EXPECT_EQ(escpos::parse_status(4, 0x7E), PrinterState::paper_out);  // out is also near its end
  EXPECT_EQ(escpos::parse_status(4, 0x16), PrinterState::paper_near_end);  // one of the two sensors
}

TEST(PrinterStatus, ReadsThePrinterAndOfflineCauseReplies) {
  EXPECT_EQ(escpos::parse_status(1, 0x16), PrinterState::ok);  // drawer pin high: not our business
  EXPECT_EQ(escpos::parse_status(1, 0x1A), PrinterState::offline);
  EXPECT_EQ(escpos::parse_status(2, 0x12), PrinterState::ok);
  EXPECT_EQ(escpos::parse_status(2, 0x16), PrinterState::cover_open);
  EXPECT_EQ(escpos::parse_status(2, 0x32), PrinterState::paper_out);
  EXPECT_EQ(escpos::parse_status(2, 0x52), PrinterState::offline);
}

TEST(PrinterStatus, AByteWithWrongFixedBitsIsUnknown) {
  for (std::uint8_t byte : std::initializer_list<std::uint8_t>{0x00, 0xFF, 0x92, 0x13, 0x02, 0x10, 0x72 | 0x80}) {
    EXPECT_EQ(escpos::parse_status(4, byte), PrinterState::unknown) << std::hex << int{byte};
    EXPECT_EQ(escpos::parse_status(1, byte), PrinterState::unknown) << std::hex << int{byte};
  }
  EXPECT_EQ(escpos::parse_status(3, 0x12), PrinterState::unknown);  // a query we never send
}

TEST(PrinterStatus, EveryStateHasANameAndLabelsInBothLanguages) {
  const PrinterState all[] = {PrinterState::ok,         PrinterState::paper_near_end, PrinterState::paper_out,
                              PrinterState::cover_open, PrinterState::offline,        PrinterState::unknown};
  std::vector<std::string_view> names;
  for (PrinterState state : all) {
    names.push_back(to_string(state));
    EXPECT_FALSE(label_vi(state).empty());
    EXPECT_FALSE(label_en(state).empty());
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::unique(names.begin(), names.end()), names.end());
  EXPECT_EQ(to_string(PrinterState::paper_out), "paper_out");
  EXPECT_EQ(label_vi(PrinterState::paper_out), "Máy in hết giấy");
  EXPECT_EQ(label_en(PrinterState::paper_out), "Out of paper");
}

}  // namespace
}  // namespace kiosk::printer
