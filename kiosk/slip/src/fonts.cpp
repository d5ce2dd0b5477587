#include <filesystem>

#include "kiosk/slip/slip.hpp"

namespace kiosk::slip {

SlipFonts SlipFonts::load(const std::string& dir) {
  const std::filesystem::path base(dir);
  return SlipFonts{raster::Face((base / "NotoSans-Regular.ttf").string()), raster::Face((base / "NotoSans-Bold.ttf").string())};
}

SlipLabels SlipLabels::english() {
  SlipLabels labels;
  labels.number = "Your number";
  labels.people_ahead = "People waiting ahead of you";
  labels.estimated_wait = "Estimated wait";
  labels.minutes = "min";
  labels.issued_at = "Issued at";
  return labels;
}

}  // namespace kiosk::slip
