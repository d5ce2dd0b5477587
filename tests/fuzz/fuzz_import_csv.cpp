// CentreStore::import_dossiers_csv on one centre database per process (the sample district catalogue and
// holiday table, created in a temporary folder). Only ImportError may come out, and a rejected import must
// leave the log as it was (all or nothing). An accepted import is fine: later inputs then meet its codes.
#include <cstdio>
#include <sstream>

#include "fuzz_targets.hpp"
#include "kiosk/store/centre_store.hpp"

namespace {

constexpr std::string_view kTarget = "import_csv";

void check(bool ok, std::string_view what) {
  if (!ok) kiosk::fuzz::finding(kTarget, what);
}

kiosk::Instant local(const char* text) { return *kiosk::parse_instant(text, kiosk::Zone::vietnam()); }

kiosk::fuzz::ScratchCentre& centre() {
  static kiosk::fuzz::ScratchCentre c(kTarget);
  return c;
}

}  // namespace

int fuzz_import_csv(const std::uint8_t* data, std::size_t size) {
  using kiosk::fuzz::Outcome;
  kiosk::store::CentreStore& store = centre().store();
  static const kiosk::Instant now = local("2026-11-02T08:00");
  static const kiosk::store::Actor actor{"fuzz", "importer"};

  const std::string_view text = kiosk::fuzz::as_text(data, size);
  const std::int64_t before = store.last_seq();
  std::istringstream in{std::string(text)};
  try {
    const std::int64_t imported = store.import_dossiers_csv(in, now, actor);
    check(imported >= 0 && store.last_seq() == before + imported,
          "an accepted import appended a different number of events");
    kiosk::fuzz::note(Outcome::accepted);
  } catch (const kiosk::store::ImportError& e) {
    if (store.last_seq() != before) {
      std::fprintf(stderr, "ImportError: %s\n", e.what());
      kiosk::fuzz::finding(kTarget, "a rejected import changed the log (last_seq " + std::to_string(before) + " → " +
                                        std::to_string(store.last_seq()) + ")");
    }
    // "line N: why", N a line of the input.
    std::int64_t lines = 1;
    for (char ch : text) lines += ch == '\n';
    check(e.line() >= 1 && e.line() <= lines, "ImportError names a line outside the input");
    check(std::string_view(e.what()).starts_with("line " + std::to_string(e.line()) + ": "),
          "ImportError message does not start with its line");
    kiosk::fuzz::note(Outcome::rejected);
  } catch (...) {
    // Not a documented error: a finding either way. Say whether the log was at least left alone.
    std::fprintf(stderr, "import_csv: an undocumented exception escaped; the log %s\n",
                 store.last_seq() == before ? "is unchanged" : "CHANGED");
    throw;
  }
  // Now and then the whole database: integrity, chain, and the state tables against a replay of the log.
  static std::uint64_t calls = 0;
  if (++calls % 1000 == 0) {
    if (const std::string problem = fuzz_import_csv_verify(); !problem.empty())
      kiosk::fuzz::finding(kTarget, "verify() fails after " + std::to_string(calls) + " imports: " + problem);
  }
  return 0;
}

std::string fuzz_import_csv_verify() {
  const kiosk::store::VerifyReport r = centre().store().verify();
  if (r.ok()) return {};
  std::string problem = r.integrity_ok ? "" : "integrity: " + r.integrity_message + "; ";
  if (r.chain_problem) problem += "chain: " + *r.chain_problem + "; ";
  if (r.state_problem) problem += "state: " + *r.state_problem;
  return problem;
}
