// Every fuzz target over its seed corpus (tests/fuzz/corpus/<name>/) and a fixed number of deterministic
// mutations of it: a bounded, reproducible fuzz run for every build, including the sanitizer one. The open-
// ended search is libFuzzer's (tests/fuzz/run.sh).
//
// Seed names carry expectations: "ok-*" must be accepted, "bad-*" must be refused with the documented
// error; other seeds only must not crash. The mutations (bit flips, byte insertion and deletion, chunk
// duplication, truncation, splicing two seeds, dictionary tokens from tests/fuzz/dict/<name>.dict) come from
// std::mt19937 with a seed fixed per target, so a failure reproduces run after run. KIOSK_FUZZ_SMOKE_RUNS
// overrides the number of mutations per target (10,000).
#include <gtest/gtest.h>

#include <cxxabi.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <typeinfo>
#include <vector>

#include "fuzz_targets.hpp"

#ifndef KIOSK_FUZZ_DIR
#error "KIOSK_FUZZ_DIR must name tests/fuzz"
#endif
#ifndef KIOSK_ASSETS_DIR
#error "KIOSK_ASSETS_DIR must name the assets folder"
#endif

namespace {

namespace fs = std::filesystem;
using kiosk::fuzz::Outcome;
using TargetFn = int (*)(const std::uint8_t*, std::size_t);

struct Seed {
  std::string name;
  std::string bytes;
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t mutation_runs() {
  if (const char* env = std::getenv("KIOSK_FUZZ_SMOKE_RUNS"))
    return static_cast<std::size_t>(std::strtoull(env, nullptr, 10));
  return 10000;
}

// libFuzzer's dictionary format: one "token" per line (optionally name="token"), with \\, \" and \xNN.
std::vector<std::string> read_dictionary(const fs::path& p) {
  std::vector<std::string> tokens;
  std::istringstream in(read_file(p));
  for (std::string line; std::getline(in, line);) {
    const auto open = line.find('"');
    const auto close = line.rfind('"');
    if (line.empty() || line[0] == '#' || open == std::string::npos || close <= open) continue;
    std::string token;
    for (std::size_t i = open + 1; i < close; ++i) {
      if (line[i] != '\\' || i + 1 >= close) {
        token += line[i];
      } else if (line[i + 1] == 'x' && i + 3 < close) {
        token += static_cast<char>(std::stoi(line.substr(i + 2, 2), nullptr, 16));
        i += 3;
      } else {
        token += line[++i];
      }
    }
    if (!token.empty()) tokens.push_back(std::move(token));
  }
  return tokens;
}

std::uint32_t fnv1a(std::string_view s) {
  std::uint32_t h = 2166136261u;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

class Mutator {
 public:
  Mutator(std::string_view name, const std::vector<Seed>& seeds, std::vector<std::string> tokens, std::size_t max_len)
      : rng_(fnv1a(name)), seeds_(seeds), tokens_(std::move(tokens)), max_len_(max_len) {}

  // keep_first_line: mutate only what follows the first line (a CSV header) this time.
  std::string next(bool keep_first_line = false) {
    std::string s = seeds_[pick(seeds_.size())].bytes;
    std::string head;
    if (const auto eol = s.find('\n'); keep_first_line && eol != std::string::npos) {
      head = s.substr(0, eol + 1);
      s.erase(0, eol + 1);
    }
    const std::size_t ops = 1 + pick(4);
    for (std::size_t i = 0; i < ops; ++i) mutate(s);
    s.insert(0, head);
    if (s.size() > max_len_) s.resize(max_len_);
    return s;
  }

  bool one_in(std::size_t n) { return pick(n) == 0; }

 private:
  // 0 .. n-1 (n ≥ 1).
  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

  char interesting_byte() {
    static constexpr unsigned char bytes[] = {0x00, '\n', '\r', '"', '\'', ',', '=', '[', ']', '{', '}', '\\', '#',
                                              '.',  '-',  ':',  '0', '9',  'T', 'Z', '+', 0x7f, 0x80, 0xbf, 0xc0,
                                              0xc3, 0xe1, 0xed, 0xef, 0xf4, 0xff};
    return static_cast<char>(bytes[pick(sizeof bytes)]);
  }

  void mutate(std::string& s) {
    switch (pick(9)) {
      case 0:  // flip a bit
        if (!s.empty()) s[pick(s.size())] ^= static_cast<char>(1u << pick(8));
        break;
      case 1:  // overwrite a byte with one that matters to parsers
        if (!s.empty()) s[pick(s.size())] = interesting_byte();
        break;
      case 2:  // insert a byte, random or interesting
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(pick(s.size() + 1)),
                 pick(2) ? static_cast<char>(pick(256)) : interesting_byte());
        break;
      case 3:  // delete a few bytes
        if (!s.empty()) {
          const std::size_t at = pick(s.size());
          s.erase(at, 1 + pick(std::min<std::size_t>(8, s.size() - at)));
        }
        break;
      case 4:  // duplicate a chunk somewhere
        if (!s.empty()) {
          const std::size_t at = pick(s.size());
          const std::string chunk = s.substr(at, 1 + pick(std::min<std::size_t>(64, s.size() - at)));
          s.insert(pick(s.size() + 1), chunk);
        }
        break;
      case 5:  // truncate
        s.resize(pick(s.size() + 1));
        break;
      case 6: {  // splice: the head of this one, the tail of another seed
        const std::string& other = seeds_[pick(seeds_.size())].bytes;
        s = s.substr(0, pick(s.size() + 1)) + other.substr(pick(other.size() + 1));
        break;
      }
      case 7:  // insert a dictionary token
        if (!tokens_.empty()) s.insert(pick(s.size() + 1), tokens_[pick(tokens_.size())]);
        break;
      default:  // overwrite with a dictionary token
        if (!tokens_.empty() && !s.empty()) {
          const std::string& t = tokens_[pick(tokens_.size())];
          const std::size_t at = pick(s.size());
          s.replace(at, std::min(t.size(), s.size() - at), t);
        }
        break;
    }
  }

  std::mt19937 rng_;
  const std::vector<Seed>& seeds_;
  std::vector<std::string> tokens_;
  std::size_t max_len_;
};

struct Spec {
  const char* name;
  TargetFn fn;
  std::size_t max_len;             // as run.sh gives libFuzzer
  std::vector<fs::path> shipped;   // shipped assets used as "ok-" seeds too
  // For the CSV import: most mutants leave the header alone and get a fresh prefix on every line after it,
  // so that their dossier codes are new and the rows are checked past "already in the database".
  bool csv = false;
};

// "m<n>." at the start of every line after the first (inside the quotes of a quoted first field).
std::string with_fresh_codes(const std::string& csv, std::size_t n) {
  const std::string tag = "m" + std::to_string(n) + ".";
  std::string out;
  out.reserve(csv.size() + 64);
  for (std::size_t i = 0; i < csv.size(); ++i) {
    out += csv[i];
    if (csv[i] != '\n' || i + 1 == csv.size() || csv[i + 1] == '\n' || csv[i + 1] == '\r') continue;
    if (csv[i + 1] == '"') out += csv[++i];
    out += tag;
  }
  return out;
}

std::string type_name(const std::exception& e) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(abi::__cxa_demangle(typeid(e).name(), nullptr, nullptr, &status),
                                              std::free);
  return status == 0 && name ? std::string(name.get()) : std::string(typeid(e).name());
}

class FuzzSmoke : public ::testing::Test {
 protected:
  // Runs one input the way libFuzzer does (an exactly sized heap copy, so that reading past the end is an
  // AddressSanitizer error). Returns false after a finding.
  bool run_one(const Spec& spec, const std::string& bytes, Outcome& outcome) {
    const std::vector<std::uint8_t> copy(bytes.begin(), bytes.end());
    kiosk::fuzz::set_current_input(bytes);
    kiosk::fuzz::note(Outcome::none);
    bool ok = true;
    try {
      spec.fn(copy.data(), copy.size());
    } catch (const std::exception& e) {
      ADD_FAILURE() << spec.name << ": uncaught " << type_name(e) << ": " << e.what()
                    << "\n  input: " << kiosk::fuzz::c_literal(bytes);
      ok = false;
    } catch (...) {
      ADD_FAILURE() << spec.name << ": uncaught non-standard exception\n  input: " << kiosk::fuzz::c_literal(bytes);
      ok = false;
    }
    kiosk::fuzz::clear_current_input();
    outcome = kiosk::fuzz::last_outcome();
    return ok;
  }

  void run(const Spec& spec) {
    const auto start = std::chrono::steady_clock::now();
    const fs::path dir = fs::path(KIOSK_FUZZ_DIR) / "corpus" / spec.name;
    std::vector<Seed> seeds;
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.is_regular_file()) seeds.push_back({entry.path().filename().string(), read_file(entry.path())});
    std::sort(seeds.begin(), seeds.end(), [](const Seed& a, const Seed& b) { return a.name < b.name; });
    for (const fs::path& p : spec.shipped) seeds.push_back({"ok-shipped-" + p.filename().string(), read_file(p)});
    ASSERT_FALSE(seeds.empty()) << "no seeds in " << dir;

    int findings = 0;
    std::size_t accepted = 0;
    for (const Seed& seed : seeds) {
      Outcome outcome = Outcome::none;
      if (!run_one(spec, seed.bytes, outcome)) {
        ++findings;
        continue;
      }
      EXPECT_NE(outcome, Outcome::none) << spec.name << "/" << seed.name << ": the target noted no outcome";
      if (seed.name.starts_with("ok-")) {
        EXPECT_EQ(outcome, Outcome::accepted) << spec.name << "/" << seed.name << " was refused";
      } else if (seed.name.starts_with("bad-")) {
        EXPECT_EQ(outcome, Outcome::rejected) << spec.name << "/" << seed.name << " was accepted";
      }
      accepted += outcome == Outcome::accepted;
    }

    const fs::path dictionary = fs::path(KIOSK_FUZZ_DIR) / "dict" / (std::string(spec.name) + ".dict");
    Mutator mutator(spec.name, seeds, read_dictionary(dictionary), spec.max_len);
    const std::size_t runs = mutation_runs();
    std::size_t mutants_accepted = 0;
    for (std::size_t i = 0; i < runs && findings < 5; ++i) {
      Outcome outcome = Outcome::none;
      std::string input = mutator.next(spec.csv && !mutator.one_in(4));
      if (spec.csv && !mutator.one_in(4)) input = with_fresh_codes(input, i);
      if (!run_one(spec, input, outcome)) ++findings;
      mutants_accepted += outcome == Outcome::accepted;
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    std::cout << "[ fuzz     ] " << spec.name << ": " << seeds.size() << " seeds (" << accepted << " accepted), "
              << runs << " mutations (" << mutants_accepted << " accepted), " << ms.count() << " ms\n";
  }
};

const fs::path kAssets{KIOSK_ASSETS_DIR};

TEST_F(FuzzSmoke, Catalogue) { run({"catalogue", fuzz_catalogue, 20000, {kAssets / "catalog" / "district.toml"}}); }
TEST_F(FuzzSmoke, Holidays) { run({"holidays", fuzz_holidays, 8192, {kAssets / "calendar" / "vn-holidays.toml"}}); }
TEST_F(FuzzSmoke, EventJson) { run({"event_json", fuzz_event_json, 4096, {}}); }
TEST_F(FuzzSmoke, Time) { run({"time", fuzz_time, 64, {}}); }
TEST_F(FuzzSmoke, Period) { run({"period", fuzz_period, 64, {}}); }
TEST_F(FuzzSmoke, Message) { run({"message", fuzz_message, 4096, {}}); }
TEST_F(FuzzSmoke, ImportCsv) {
  run({"import_csv", fuzz_import_csv, 4096, {}, true});
  EXPECT_EQ(fuzz_import_csv_verify(), "") << "the database after the run does not verify";
}

}  // namespace
