// Touch-first building blocks: big high-contrast tiles and buttons that register themselves as script
// targets, and text that registers what was drawn (for scripts, tests and the missing-glyph check).
#pragma once

#include <imgui.h>

#include <chrono>
#include <string>
#include <string_view>

namespace kiosk::ui {

namespace colour {
inline constexpr ImU32 background = IM_COL32(255, 255, 255, 255);
inline constexpr ImU32 ink = IM_COL32(20, 24, 32, 255);
inline constexpr ImU32 muted = IM_COL32(90, 96, 110, 255);
inline constexpr ImU32 primary = IM_COL32(0, 82, 155, 255);     // deep blue: the main action
inline constexpr ImU32 primary_ink = IM_COL32(255, 255, 255, 255);
inline constexpr ImU32 accent = IM_COL32(200, 30, 40, 255);     // red: the newest call, alarms
inline constexpr ImU32 good = IM_COL32(0, 120, 60, 255);
inline constexpr ImU32 warn = IM_COL32(180, 100, 0, 255);
inline constexpr ImU32 panel = IM_COL32(236, 240, 246, 255);
inline constexpr ImU32 disabled = IM_COL32(200, 204, 210, 255);
inline constexpr ImU32 banner = IM_COL32(255, 236, 200, 255);
}  // namespace colour

// A full-window ImGui window with no decoration; every view draws inside one.
void begin_screen(const char* id);
void end_screen();

// Text that is drawn and recorded. `wrap_width` 0 means no wrapping.
void label(ImFont* font, ImU32 colour, std::string_view text, float wrap_width = 0);
// Centred horizontally in the current window's content region at the cursor's line.
void label_centred(ImFont* font, ImU32 colour, std::string_view text);

// A big rectangular touch target of `size` at the cursor, with a title and an optional second line.
// `target` names it for scripts (defaults to the title). Returns true when tapped (and enabled).
bool tile(const char* id, ImVec2 size, ImFont* title_font, std::string_view title, ImFont* sub_font,
          std::string_view subtitle, ImU32 fill, ImU32 text_colour, bool enabled = true, std::string_view target = {});
// A button sized to its text with generous padding; registered under its text.
bool button(ImFont* font, std::string_view text, ImU32 fill = colour::primary, ImU32 text_colour = colour::primary_ink,
            bool enabled = true, float min_width = 0);

// A filled band across the window with a message (connection lost, errors).
void banner(ImFont* font, std::string_view text, ImU32 fill, ImU32 text_colour);

// Text input registered as a target named `target` (scripts tap it, then type).
bool text_input(const char* id, std::string_view target, std::string& value, float width, bool password = false);

// The centre's local time (Vietnam: UTC+7 all year, no daylight saving) formatted with strftime's `format`.
std::string local_time_text(std::chrono::system_clock::time_point wall, const char* format);
// "2026-11-23T21:35:20+07:00" (as the hub writes times) → "23/11/2026 21:35"; unparsable text is returned as is.
std::string display_time(const std::string& iso);

// Formats seconds of waiting as whole minutes, at least 1 ("Khoảng 12 phút").
int wait_minutes(int seconds);

}  // namespace kiosk::ui
