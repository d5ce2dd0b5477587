#pragma once

#include <string_view>

namespace kiosk::printer {

// What a kiosk screen and a manager need to know about a printer; unknown = it gave no (usable) answer,
// which many printers do when they are fine but not bidirectional.
enum class PrinterState { ok, paper_near_end, paper_out, cover_open, offline, unknown };

std::string_view to_string(PrinterState state);  // "paper_out": logs, JSON
std::string_view label_vi(PrinterState state);   // for the screens
std::string_view label_en(PrinterState state);

}  // namespace kiosk::printer
