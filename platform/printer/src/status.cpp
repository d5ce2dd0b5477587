#include "kiosk/printer/status.hpp"

namespace kiosk::printer {

std::string_view to_string(PrinterState state) {
  switch (state) {
    case PrinterState::ok: return "ok";
    case PrinterState::paper_near_end: return "paper_near_end";
    case PrinterState::paper_out: return "paper_out";
    case PrinterState::cover_open: return "cover_open";
    case PrinterState::offline: return "offline";
    case PrinterState::unknown: return "unknown";
  }
  return "unknown";
}

std::string_view label_vi(PrinterState state) {
  switch (state) {
    case PrinterState::ok: return "Máy in sẵn sàng";
    case PrinterState::paper_near_end: return "Máy in sắp hết giấy";
    case PrinterState::paper_out: return "Máy in hết giấy";
    case PrinterState::cover_open: return "Nắp máy in đang mở";
    case PrinterState::offline: return "Máy in không phản hồi";
    case PrinterState::unknown: return "Không rõ trạng thái máy in";
  }
  return "Không rõ trạng thái máy in";
}

std::string_view label_en(PrinterState state) {
  switch (state) {
    case PrinterState::ok: return "Printer ready";
    case PrinterState::paper_near_end: return "Paper running low";
    case PrinterState::paper_out: return "Out of paper";
    case PrinterState::cover_open: return "Printer cover open";
    case PrinterState::offline: return "Printer not responding";
    case PrinterState::unknown: return "Printer status unknown";
  }
  return "Printer status unknown";
}

}  // namespace kiosk::printer
