// A device with no token: whoever sets it up types the manager's one-time pairing code on a keypad.
#include <string>

#include "kiosk/ui/pairing_view.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {
namespace {

constexpr std::size_t kCodeDigits = 8;

class PairingView : public View {
 public:
  explicit PairingView(PairFunction pair) : pair_(std::move(pair)) {}

  void draw(UiContext& ui) override {
    begin_screen("##pairing");
    const float unit = ui.fonts.unit;
    label_centred(ui.fonts.title, colour::primary, tr("pairing.title"));
    label_centred(ui.fonts.body, colour::ink, tr("pairing.explain"));
    ImGui::Dummy(ImVec2(0, unit));
    std::string shown = code_;
    while (shown.size() < kCodeDigits) shown += "·";
    label_centred(ui.fonts.large, colour::ink, std::string(tr("pairing.code")) + ": " + shown);
    if (!error_.empty()) label_centred(ui.fonts.body_bold, colour::accent, error_);
    if (busy_) label_centred(ui.fonts.body_bold, colour::muted, tr("pairing.pairing"));
    ImGui::Dummy(ImVec2(0, unit * 0.5f));

    const float key = unit * 3.2f;
    const float gap = unit * 0.4f;
    const float pad_width = key * 3 + gap * 2;
    const char* keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", nullptr, "0", nullptr};
    for (int row = 0; row < 4; ++row) {
      ImGui::SetCursorPosX((ImGui::GetContentRegionAvail().x - pad_width) / 2);
      for (int column = 0; column < 3; ++column) {
        const char* digit = keys[row * 3 + column];
        if (column > 0) ImGui::SameLine(0, gap);
        if (digit == nullptr) {
          ImGui::Dummy(ImVec2(key, key));
          continue;
        }
        if (tile(digit, ImVec2(key, key), ui.fonts.large, digit, nullptr, {}, colour::panel, colour::ink, !busy_) &&
            code_.size() < kCodeDigits)
          code_ += digit;
      }
      ImGui::Dummy(ImVec2(0, gap * 0.5f));
    }
    ImGui::SetCursorPosX((ImGui::GetContentRegionAvail().x - pad_width) / 2);
    if (button(ui.fonts.title, tr("pairing.erase"), colour::panel, colour::ink, !busy_ && !code_.empty(), key) && !code_.empty())
      code_.pop_back();
    ImGui::SameLine(0, gap);
    if (button(ui.fonts.title, tr("pairing.pair"), colour::primary, colour::primary_ink, !busy_ && code_.size() == kCodeDigits,
               key * 2 + gap)) {
      busy_ = true;
      error_.clear();
      pair_(code_, [this](bool ok, const std::string& error_vi) {
        busy_ = false;
        if (!ok) {
          error_ = error_vi;
          code_.clear();
        }
      });
    }
    end_screen();
  }

 private:
  PairFunction pair_;
  std::string code_;
  std::string error_;
  bool busy_ = false;
};

}  // namespace

std::unique_ptr<View> make_pairing_view(PairFunction pair) { return std::make_unique<PairingView>(std::move(pair)); }

}  // namespace kiosk::ui
