// Fuzz targets for every parser of the centre (DESIGN.md, "Quality bars": every parser fuzzed; malformed
// input gives a clear error and changes nothing).
//
// Each target feeds the bytes to one parser and lets through only the error that parser documents; any
// other exception escapes and any broken invariant aborts (kiosk::fuzz::finding), so both libFuzzer
// (tests/fuzz/run.sh) and the deterministic smoke test (fuzz_smoke_tests) report them as findings.
// The signature is libFuzzer's: the return value is always 0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

// kiosk::Catalogue::parse_toml → CatalogueError.
int fuzz_catalogue(const std::uint8_t* data, std::size_t size);
// kiosk::HolidayRules::parse_toml → CalendarError; an accepted table must work in a WorkingCalendar.
int fuzz_holidays(const std::uint8_t* data, std::size_t size);
// nlohmann::json::parse → parse_error (out_of_range.406 for a number beyond double), then
// kiosk::event_from_json → EventError; an accepted event must round-trip through to_json.
int fuzz_event_json(const std::uint8_t* data, std::size_t size);
// kiosk::parse_instant (in several zones), parse_date and parse_hhmm → empty optional.
int fuzz_time(const std::uint8_t* data, std::size_t size);
// kiosk::Period::parse → empty optional.
int fuzz_period(const std::uint8_t* data, std::size_t size);
// CentreStore::import_dossiers_csv on one centre database per process → ImportError, after which the log
// must be unchanged.
int fuzz_import_csv(const std::uint8_t* data, std::size_t size);
// The whole-database check for the import target (integrity, chain, replay); empty when all is well.
// Cheap enough for the end of a run, not for every input.
std::string fuzz_import_csv_verify();
// kiosk::protocol::decode_request → an Error with one of the protocol's own codes (never an exception); a
// decoded request then goes through a kiosk::service::Service on one centre database per process, as the
// local operator, a board device and a connection that has not said hello: never an exception, never an
// internal or database error, and a refused request leaves the log unchanged (except a failed sign-in,
// which is recorded by design).
int fuzz_message(const std::uint8_t* data, std::size_t size);

namespace kiosk::store {
class CentreStore;
}

namespace kiosk::fuzz {

// What the last call of a target did with its input: for the smoke test's corpus checks and statistics.
enum class Outcome { none, accepted, rejected };
void note(Outcome o);
Outcome last_outcome();

// The input being run, when the caller (the smoke test) wants it printed with a finding.
void set_current_input(std::string_view bytes);
void clear_current_input();

// Prints "fuzz finding in <target>: <what>" (and the current input as a C string literal) and aborts.
[[noreturn]] void finding(std::string_view target, std::string_view what);

// The bytes as a C string literal: printable ASCII as is, everything else as escapes.
std::string c_literal(std::string_view bytes);

// A centre database for one target (the shipped district catalogue and holiday table) in a temporary
// folder, removed with the folder when it is destroyed (at the normal exit of the process).
class ScratchCentre {
 public:
  explicit ScratchCentre(std::string_view target);
  ~ScratchCentre();
  ScratchCentre(const ScratchCentre&) = delete;
  ScratchCentre& operator=(const ScratchCentre&) = delete;
  kiosk::store::CentreStore& store() { return *store_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<kiosk::store::CentreStore> store_;
};

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return size == 0 ? std::string_view{} : std::string_view(reinterpret_cast<const char*>(data), size);
}

}  // namespace kiosk::fuzz
