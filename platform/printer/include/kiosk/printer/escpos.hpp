#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kiosk/printer/status.hpp"
#include "kiosk/raster/mono.hpp"

namespace kiosk::printer::escpos {

// Rows per GS v 0 band: many printers cannot buffer a taller raster image (yL yH beyond 255).
inline constexpr int kMaxBandRows = 255;
inline constexpr std::uint8_t kFeedLines = 4;  // brings the last printed row past the cutter

// ESC @, the image as GS v 0 bands, ESC d kFeedLines, and (when cut) a partial cut GS V 66 0.
// Empty when the bitmap cannot be sent: bits shorter than its size needs, or rows over 65535 bytes.
std::vector<std::uint8_t> raster_job(const raster::MonoBitmap& bitmap, bool cut = true);

// Reads back exactly what raster_job writes, joining the bands into one image; anything else (other
// commands, inconsistent bands, truncation, trailing bytes) gives nullopt and, if error is given, why.
// GS v 0 carries whole bytes a row, so the width comes back rounded up to a multiple of 8.
std::optional<raster::MonoBitmap> decode_raster_job(std::span<const std::uint8_t> job, std::string* error = nullptr);

// DLE EOT n: the real-time status query; the printer answers one byte.
inline constexpr std::uint8_t kStatusPrinter = 1;
inline constexpr std::uint8_t kStatusOfflineCause = 2;
inline constexpr std::uint8_t kStatusPaperSensor = 4;
std::vector<std::uint8_t> status_query(std::uint8_t n);
// The state a reply byte reports for query n; a byte with the wrong fixed bits (not a status byte) or
// an n other than 1, 2, 4 gives unknown.
PrinterState parse_status(std::uint8_t n, std::uint8_t byte);

}  // namespace kiosk::printer::escpos
