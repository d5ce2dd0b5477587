// The words on the screens, in Vietnamese and English, from assets/i18n/*.toml. Vietnamese is the
// default; staff and citizens may switch to English. A key missing from the file shows as the key itself
// (and is logged once), never as an empty button.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::ui {

enum class Lang { vi, en };

class Texts {
 public:
  // Throws std::runtime_error ("ui.toml:12: …") when the file is unreadable or an entry lacks a language.
  static Texts load(const std::string& path);
  // Every *.toml in `dir` (assets/i18n: one file per screen); a key defined twice is an error.
  static Texts load_dir(const std::string& dir);
  static Texts parse(std::string_view toml, const std::string& source_name);
  void merge(const Texts& other, const std::string& source_name);  // throws on a key defined twice

  const std::string& get(std::string_view key, Lang lang) const;
  bool has(std::string_view key) const;
  std::vector<std::string> keys() const;
  std::vector<std::string> all_strings() const;  // every phrase in both languages (for the font's glyphs)

 private:
  struct Phrase {
    std::string vi, en;
  };
  std::map<std::string, Phrase, std::less<>> phrases_;
  mutable std::map<std::string, std::string, std::less<>> missing_;
};

// The screens' current texts and language (one window per process).
void set_texts(Texts texts);
const Texts& texts();
void set_lang(Lang lang);
Lang lang();
const char* tr(std::string_view key);
// Picks the Vietnamese or English of a pair that came from the hub (service names, centre name).
const std::string& pick(const std::string& vi, const std::string& en);

}  // namespace kiosk::ui
