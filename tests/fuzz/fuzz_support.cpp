#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>

#include "fuzz_targets.hpp"
#include "kiosk/store/centre_store.hpp"

#ifndef KIOSK_ASSETS_DIR
#error "KIOSK_ASSETS_DIR must name the assets folder"
#endif

namespace kiosk::fuzz {
namespace {

Outcome g_outcome = Outcome::none;
std::optional<std::string> g_input;

std::string read_asset(std::string_view target, const char* relative) {
  const std::filesystem::path path = std::filesystem::path(KIOSK_ASSETS_DIR) / relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) finding(target, "cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

ScratchCentre::ScratchCentre(std::string_view target) {
  std::random_device rd;
  dir_ = std::filesystem::temp_directory_path() /
         ("kiosk-fuzz-" + std::string(target) + "-" + std::to_string(rd()) + std::to_string(rd()));
  std::filesystem::create_directories(dir_);
  const std::filesystem::path db = dir_ / "centre.db";
  kiosk::store::CentreStore::initialise(db,
                                        {"FUZZ01", read_asset(target, "catalog/district.toml"),
                                         read_asset(target, "calendar/vn-holidays.toml"), "hub"},
                                        *kiosk::parse_instant("2026-10-01T07:00", kiosk::Zone::vietnam()));
  store_ = std::make_unique<kiosk::store::CentreStore>(kiosk::store::CentreStore::open(db));
}

ScratchCentre::~ScratchCentre() {
  store_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void note(Outcome o) { g_outcome = o; }
Outcome last_outcome() { return g_outcome; }

void set_current_input(std::string_view bytes) { g_input.emplace(bytes); }
void clear_current_input() { g_input.reset(); }

void finding(std::string_view target, std::string_view what) {
  std::fprintf(stderr, "\n*** fuzz finding in %.*s: %.*s\n", static_cast<int>(target.size()), target.data(),
               static_cast<int>(what.size()), what.data());
  if (g_input) std::fprintf(stderr, "*** input (%zu bytes): %s\n", g_input->size(), c_literal(*g_input).c_str());
  std::fflush(stderr);
  std::abort();
}

std::string c_literal(std::string_view bytes) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "\"";
  bool after_hex = false;  // a hex escape swallows following hex digits: split the literal there
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    const bool is_hex_digit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (after_hex && is_hex_digit) out += "\"\"";
    after_hex = false;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c >= 0x20 && c < 0x7f) {
          out += static_cast<char>(c);
        } else {
          out += "\\x";
          out += hex[c >> 4];
          out += hex[c & 0x0f];
          after_hex = true;
        }
    }
  }
  out += '"';
  return out;
}

}  // namespace kiosk::fuzz
