#include "kiosk/ui/widgets.hpp"

#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <ctime>
#include <string>

#include "kiosk/window/targets.hpp"

namespace kiosk::ui {

void begin_screen(const char* id) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->Pos);
  ImGui::SetNextWindowSize(viewport->Size);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, colour::background);
  ImGui::PushStyleColor(ImGuiCol_Text, colour::ink);
  ImGui::Begin(id, nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
}

void end_screen() {
  ImGui::End();
  ImGui::PopStyleColor(2);
}

void label(ImFont* font, ImU32 text_colour, std::string_view text, float wrap_width) {
  if (font != nullptr) ImGui::PushFont(font);
  ImGui::PushStyleColor(ImGuiCol_Text, text_colour);
  if (wrap_width > 0) ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap_width);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  if (wrap_width > 0) ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  if (font != nullptr) ImGui::PopFont();
  window::targets().add_text(std::string(text));
}

void label_centred(ImFont* font, ImU32 text_colour, std::string_view text) {
  if (font != nullptr) ImGui::PushFont(font);
  const float width = ImGui::CalcTextSize(text.data(), text.data() + text.size()).x;
  const float avail = ImGui::GetContentRegionAvail().x;
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (avail - width) / 2));
  if (font != nullptr) ImGui::PopFont();
  label(font, text_colour, text);
}

namespace {

// Draws `text` centred in [min, max] on one or more lines, shrinking nothing: long names wrap.
void centred_text_in(ImDrawList* draw, ImFont* font, float px, ImU32 text_colour, std::string_view text, ImVec2 min,
                     ImVec2 max, float top) {
  const float wrap = max.x - min.x - px;
  const ImVec2 size = font->CalcTextSizeA(px, FLT_MAX, wrap, text.data(), text.data() + text.size());
  const float x = min.x + (max.x - min.x - size.x) / 2;
  draw->AddText(font, px, ImVec2(x, top), text_colour, text.data(), text.data() + text.size(), wrap);
}

}  // namespace

bool tile(const char* id, ImVec2 size, ImFont* title_font, std::string_view title, ImFont* sub_font,
          std::string_view subtitle, ImU32 fill, ImU32 text_colour, bool enabled, std::string_view target) {
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImVec2 max(min.x + size.x, min.y + size.y);
  ImGui::PushID(id);
  const bool pressed = ImGui::InvisibleButton("##tile", size) && enabled;
  const bool held = ImGui::IsItemActive() && enabled;
  ImGui::PopID();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 body = enabled ? fill : colour::disabled;
  const float rounding = std::min(size.x, size.y) * 0.08f;
  draw->AddRectFilled(min, max, body, rounding);
  if (held) draw->AddRectFilled(min, max, IM_COL32(0, 0, 0, 60), rounding);
  // Title and subtitle as one centred block. A long name ("Lao động - Thương binh và Xã hội") is drawn
  // smaller rather than spilling out of its tile.
  const float sub_height =
      !subtitle.empty() && sub_font != nullptr
          ? sub_font->CalcTextSizeA(sub_font->FontSize, FLT_MAX, size.x - sub_font->FontSize, subtitle.data(),
                                    subtitle.data() + subtitle.size()).y
          : 0.0f;
  float title_px = title_font->FontSize;
  ImVec2 title_size;
  for (int attempt = 0; attempt < 6; ++attempt) {
    title_size = title_font->CalcTextSizeA(title_px, FLT_MAX, size.x - title_px, title.data(), title.data() + title.size());
    if (title_size.y + sub_height + title_px * 0.25f <= size.y * 0.92f) break;
    title_px *= 0.85f;
  }
  const float gap = subtitle.empty() ? 0 : title_px * 0.25f;
  const float block = title_size.y + gap + sub_height;
  const float top = min.y + std::max(0.0f, (size.y - block) / 2);
  const ImU32 ink = enabled ? text_colour : colour::muted;
  centred_text_in(draw, title_font, title_px, ink, title, min, max, top);
  if (!subtitle.empty() && sub_font != nullptr)
    centred_text_in(draw, sub_font, sub_font->FontSize, ink, subtitle, min, max, top + title_size.y + gap);
  window::targets().add_target(std::string(target.empty() ? title : target), min, max, enabled);
  window::targets().add_text(std::string(title));
  if (!subtitle.empty()) window::targets().add_text(std::string(subtitle));
  return pressed;
}

bool button(ImFont* font, std::string_view text, ImU32 fill, ImU32 text_colour, bool enabled, float min_width) {
  ImFont* f = font != nullptr ? font : ImGui::GetFont();
  const ImVec2 text_size = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, text.data(), text.data() + text.size());
  const float pad = f->FontSize * 0.8f;
  const ImVec2 size(std::max(min_width, text_size.x + 2 * pad), text_size.y + 1.2f * pad);
  std::string id(text);
  return tile(id.c_str(), size, f, text, nullptr, {}, fill, text_colour, enabled);
}

void banner(ImFont* font, std::string_view text, ImU32 fill, ImU32 text_colour) {
  ImFont* f = font != nullptr ? font : ImGui::GetFont();
  const float width = ImGui::GetContentRegionAvail().x;
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const float wrap = width - 2 * f->FontSize;
  const ImVec2 text_size = f->CalcTextSizeA(f->FontSize, FLT_MAX, wrap, text.data(), text.data() + text.size());
  const ImVec2 max(min.x + width, min.y + text_size.y + f->FontSize);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, fill, f->FontSize * 0.2f);
  draw->AddText(f, f->FontSize, ImVec2(min.x + f->FontSize, min.y + f->FontSize / 2), text_colour, text.data(),
                text.data() + text.size(), wrap);
  ImGui::Dummy(ImVec2(width, max.y - min.y));
  window::targets().add_text(std::string(text));
}

bool text_input(const char* id, std::string_view target, std::string& value, float width, bool password) {
  ImGui::PushID(id);
  ImGui::SetNextItemWidth(width);
  const float pad = ImGui::GetFontSize() * 0.5f;
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(pad, pad));
  ImGui::PushStyleColor(ImGuiCol_FrameBg, colour::panel);
  const bool changed = ImGui::InputText("##input", &value, password ? ImGuiInputTextFlags_Password : 0);
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
  ImGui::PopID();
  window::targets().add_target(std::string(target), ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  if (!password) window::targets().add_text(value);
  return changed;
}

std::string local_time_text(std::chrono::system_clock::time_point wall, const char* format) {
  const std::time_t t = std::chrono::system_clock::to_time_t(wall + std::chrono::hours(7));
  std::tm parts{};
  gmtime_r(&t, &parts);
  char buffer[64];
  const std::size_t n = std::strftime(buffer, sizeof buffer, format, &parts);
  return std::string(buffer, n);
}

std::string display_time(const std::string& iso) {
  // yyyy-mm-ddThh:mm…
  if (iso.size() < 16 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' || iso[13] != ':') return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) + " " + iso.substr(11, 5);
}

int wait_minutes(int seconds) { return std::max(1, (seconds + 59) / 60); }

}  // namespace kiosk::ui
