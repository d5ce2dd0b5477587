#include "kiosk/ui/text.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <toml++/toml.h>

namespace kiosk::ui {
namespace {

Texts& current_texts() {
  static Texts texts;
  return texts;
}
Lang current_lang = Lang::vi;

void collect(const toml::table& table, const std::string& prefix, std::map<std::string, std::pair<std::string, std::string>>& out,
             const std::string& source) {
  for (const auto& [key, node] : table) {
    const std::string name = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    const auto* sub = node.as_table();
    if (sub == nullptr) {
      const auto line = node.source().begin.line;
      throw std::runtime_error(source + ":" + std::to_string(line) + ": \"" + name + "\" must be a table");
    }
    const auto vi = (*sub)["vi"].value<std::string>();
    const auto en = (*sub)["en"].value<std::string>();
    if (vi || en) {
      if (!vi || !en || vi->empty() || en->empty()) {
        const auto line = sub->source().begin.line;
        throw std::runtime_error(source + ":" + std::to_string(line) + ": \"" + name + "\" needs both vi and en");
      }
      out[name] = {*vi, *en};
    } else {
      collect(*sub, name, out, source);
    }
  }
}

}  // namespace

Texts Texts::parse(std::string_view text, const std::string& source_name) {
  toml::table table;
  try {
    table = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    throw std::runtime_error(source_name + ":" + std::to_string(e.source().begin.line) + ": " +
                             std::string(e.description()));
  }
  std::map<std::string, std::pair<std::string, std::string>> phrases;
  collect(table, "", phrases, source_name);
  Texts texts;
  for (auto& [key, pair] : phrases) texts.phrases_[key] = Phrase{std::move(pair.first), std::move(pair.second)};
  return texts;
}

Texts Texts::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), path);
}

Texts Texts::load_dir(const std::string& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  if (ec) throw std::runtime_error("cannot read " + dir + ": " + ec.message());
  if (files.empty()) throw std::runtime_error("no texts (*.toml) in " + dir);
  std::sort(files.begin(), files.end());
  Texts all;
  for (const auto& file : files) all.merge(load(file.string()), file.string());
  return all;
}

void Texts::merge(const Texts& other, const std::string& source_name) {
  for (const auto& [key, phrase] : other.phrases_) {
    if (phrases_.count(key) != 0) throw std::runtime_error(source_name + ": \"" + key + "\" is defined twice");
    phrases_[key] = phrase;
  }
}

const std::string& Texts::get(std::string_view key, Lang which) const {
  const auto it = phrases_.find(key);
  if (it != phrases_.end()) return which == Lang::vi ? it->second.vi : it->second.en;
  auto missing = missing_.find(key);
  if (missing == missing_.end()) {
    spdlog::warn("ui text \"{}\" is missing from ui.toml", key);
    missing = missing_.emplace(std::string(key), std::string(key)).first;
  }
  return missing->second;
}

bool Texts::has(std::string_view key) const { return phrases_.find(key) != phrases_.end(); }

std::vector<std::string> Texts::keys() const {
  std::vector<std::string> out;
  for (const auto& [key, phrase] : phrases_) out.push_back(key);
  return out;
}

std::vector<std::string> Texts::all_strings() const {
  std::vector<std::string> out;
  for (const auto& [key, phrase] : phrases_) {
    out.push_back(phrase.vi);
    out.push_back(phrase.en);
  }
  return out;
}

void set_texts(Texts texts) { current_texts() = std::move(texts); }
const Texts& texts() { return current_texts(); }
void set_lang(Lang which) { current_lang = which; }
Lang lang() { return current_lang; }
const char* tr(std::string_view key) { return current_texts().get(key, current_lang).c_str(); }
const std::string& pick(const std::string& vi, const std::string& en) {
  return current_lang == Lang::en && !en.empty() ? en : vi;
}

}  // namespace kiosk::ui
