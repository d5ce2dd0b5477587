#include "kiosk/window/targets.hpp"

namespace kiosk::window {

void Targets::begin_frame() {
  targets_.clear();
  texts_.clear();
}

void Targets::end_frame() {
  shown_targets_.swap(targets_);
  shown_texts_.swap(texts_);
}

void Targets::add_target(std::string label, ImVec2 min, ImVec2 max, bool enabled) {
  targets_.push_back(Target{std::move(label), min, max, enabled});
}

void Targets::add_text(std::string text) { texts_.push_back(std::move(text)); }

std::optional<Target> Targets::find_target(std::string_view label) const {
  for (const auto& target : shown_targets_)
    if (target.label == label) return target;
  for (const auto& target : shown_targets_)
    if (target.label.find(label) != std::string::npos) return target;
  return std::nullopt;
}

bool Targets::shows(std::string_view text) const {
  for (const auto& shown : shown_texts_)
    if (shown.find(text) != std::string::npos) return true;
  for (const auto& target : shown_targets_)
    if (target.label.find(text) != std::string::npos) return true;
  return false;
}

Targets& targets() {
  static Targets registry;
  return registry;
}

}  // namespace kiosk::window
