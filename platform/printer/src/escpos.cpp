#include "kiosk/printer/escpos.hpp"

#include <algorithm>

namespace kiosk::printer::escpos {

namespace {

constexpr std::uint8_t ESC = 0x1B;
constexpr std::uint8_t GS = 0x1D;
constexpr std::uint8_t DLE = 0x10;
constexpr std::uint8_t EOT = 0x04;

constexpr std::uint8_t kInit[] = {ESC, '@'};
constexpr std::uint8_t kFeed[] = {ESC, 'd', kFeedLines};
constexpr std::uint8_t kPartialCut[] = {GS, 'V', 66, 0};
constexpr std::uint8_t kRasterCommand[] = {GS, 'v', '0', 0};  // m = 0: normal density
constexpr std::size_t kBandHeaderSize = 8;                      // GS v 0 m xL xH yL yH

bool starts_with(std::span<const std::uint8_t> bytes, std::size_t at, std::span<const std::uint8_t> prefix) {
  return bytes.size() - at >= prefix.size() && std::equal(prefix.begin(), prefix.end(), bytes.begin() + at);
}

std::optional<raster::MonoBitmap> refuse(std::string* error, std::string why) {
  if (error != nullptr) *error = std::move(why);
  return std::nullopt;
}

}  // namespace

std::vector<std::uint8_t> raster_job(const raster::MonoBitmap& bitmap, bool cut) {
  if (bitmap.width < 0 || bitmap.height < 0) return {};
  const std::size_t row_bytes = static_cast<std::size_t>(bitmap.row_bytes());
  const std::size_t height = static_cast<std::size_t>(bitmap.height);
  if (row_bytes > 0xFFFF || bitmap.bits.size() < row_bytes * height) return {};
  std::vector<std::uint8_t> job(std::begin(kInit), std::end(kInit));
  if (row_bytes > 0) {
    job.reserve(job.size() + row_bytes * height + (height / kMaxBandRows + 1) * kBandHeaderSize + 16);
    for (std::size_t top = 0; top < height; top += kMaxBandRows) {
      const std::size_t rows = std::min<std::size_t>(kMaxBandRows, height - top);
      job.insert(job.end(), std::begin(kRasterCommand), std::end(kRasterCommand));
      job.push_back(static_cast<std::uint8_t>(row_bytes & 0xFF));
      job.push_back(static_cast<std::uint8_t>(row_bytes >> 8));
      job.push_back(static_cast<std::uint8_t>(rows & 0xFF));
      job.push_back(static_cast<std::uint8_t>(rows >> 8));
      const auto first = bitmap.bits.begin() + static_cast<std::ptrdiff_t>(top * row_bytes);
      job.insert(job.end(), first, first + static_cast<std::ptrdiff_t>(rows * row_bytes));
    }
  }
  job.insert(job.end(), std::begin(kFeed), std::end(kFeed));
  if (cut) job.insert(job.end(), std::begin(kPartialCut), std::end(kPartialCut));
  return job;
}

std::optional<raster::MonoBitmap> decode_raster_job(std::span<const std::uint8_t> job, std::string* error) {
  if (!starts_with(job, 0, kInit)) return refuse(error, "job does not start with ESC @");
  std::size_t at = std::size(kInit);
  raster::MonoBitmap image;
  std::size_t row_bytes = 0;
  std::size_t previous_rows = 0;
  std::size_t height = 0;
  while (job.size() - at >= 2 && job[at] == GS && job[at + 1] == 'v') {
    const std::string where = " at byte " + std::to_string(at);
    if (job.size() - at < kBandHeaderSize) return refuse(error, "truncated GS v 0 header" + where);
    if (job[at + 2] != '0' || job[at + 3] != 0) return refuse(error, "not a GS v 0 normal-density band" + where);
    const std::size_t x = job[at + 4] | static_cast<std::size_t>(job[at + 5]) << 8;
    const std::size_t y = job[at + 6] | static_cast<std::size_t>(job[at + 7]) << 8;
    if (x == 0 || y == 0) return refuse(error, "empty band" + where);
    if (y > kMaxBandRows) return refuse(error, "band of " + std::to_string(y) + " rows, more than 255" + where);
    if (row_bytes != 0 && x != row_bytes) return refuse(error, "band width changes" + where);
    if (previous_rows != 0 && previous_rows != kMaxBandRows) return refuse(error, "a short band before the last" + where);
    at += kBandHeaderSize;
    if ((job.size() - at) / x < y) return refuse(error, "truncated band data" + where);
    image.bits.insert(image.bits.end(), job.begin() + static_cast<std::ptrdiff_t>(at),
                      job.begin() + static_cast<std::ptrdiff_t>(at + x * y));
    at += x * y;
    row_bytes = x;
    previous_rows = y;
    height += y;
  }
  if (!starts_with(job, at, kFeed)) return refuse(error, "expected ESC d " + std::to_string(kFeedLines) + " at byte " + std::to_string(at));
  at += std::size(kFeed);
  if (starts_with(job, at, kPartialCut)) at += std::size(kPartialCut);
  if (at != job.size()) return refuse(error, std::to_string(job.size() - at) + " unexpected bytes at byte " + std::to_string(at));
  // GS v 0 allows 65535 bytes by 255 rows a band; the job's own length bounds the number of bands, so
  // the image fits in memory whenever the job did.
  image.width = static_cast<int>(row_bytes * 8);
  image.height = static_cast<int>(height);
  return image;
}

std::vector<std::uint8_t> status_query(std::uint8_t n) { return {DLE, EOT, n}; }

PrinterState parse_status(std::uint8_t n, std::uint8_t byte) {
  // Every DLE EOT reply has bit 1 and bit 4 set, bits 0 and 7 clear: anything else is not a status byte
  // (line noise, an automatic status block, a printer speaking another protocol).
  if ((byte & 0x93u) != 0x12u) return PrinterState::unknown;
  switch (n) {
    case kStatusPrinter:
      return (byte & 0x08u) != 0 ? PrinterState::offline : PrinterState::ok;
    case kStatusOfflineCause:
      if ((byte & 0x04u) != 0) return PrinterState::cover_open;
      if ((byte & 0x20u) != 0) return PrinterState::paper_out;
      // Bit 6: stopped on an error (cutter jam, overheating); it prints nothing until someone clears it.
      if ((byte & 0x40u) != 0) return PrinterState::offline;
      return PrinterState::ok;
    case kStatusPaperSensor:
      // Each condition has two bits (two sensors on some models); either one set is enough.
      if ((byte & 0x60u) != 0) return PrinterState::paper_out;
      if ((byte & 0x0Cu) != 0) return PrinterState::paper_near_end;
      return PrinterState::ok;
    default:
      return PrinterState::unknown;
  }
}

}  // namespace kiosk::printer::escpos
