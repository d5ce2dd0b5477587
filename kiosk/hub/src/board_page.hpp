#pragma once

#include <string>

namespace kiosk::hub {
// assets/board/board.html, built into the program so a hub needs no files beside it to serve boards.
std::string board_page();
}  // namespace kiosk::hub
