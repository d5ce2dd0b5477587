#pragma once

#include <functional>
#include <memory>
#include <string>

#include "kiosk/ui/view.hpp"

namespace kiosk::ui {

// Pairs with `code`; calls `done` on the UI thread with the outcome (error_vi for the screen).
using PairFunction = std::function<void(const std::string& code, std::function<void(bool ok, const std::string& error_vi)> done)>;

std::unique_ptr<View> make_pairing_view(PairFunction pair);

}  // namespace kiosk::ui
