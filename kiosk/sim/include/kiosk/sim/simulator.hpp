// A deterministic simulator of a centre's days: arrivals over office hours, the service mix, counters
// calling and serving, dossiers received in person and online, supplements, late cases with apology slips,
// results returned, ratings. It works through the real store API, so every simulated action is a real,
// chained event. The same seed gives the same records.
#pragma once

#include <cstdint>

#include "kiosk/domain/time.hpp"
#include "kiosk/store/centre_store.hpp"

namespace kiosk::sim {

struct DayOptions {
  int visitors = 300;                  // tickets issued on a working day
  double priority_share = 0.08;        // tickets with a priority category
  double no_show_share = 0.04;         // called, never came
  double transfer_share = 0.02;        // sent to another service
  double dossier_share = 0.75;         // served visits that file a dossier
  double online_per_in_person = 0.6;   // online dossiers received per in-person one
  double postal_share = 0.03;          // of the non-online dossiers
  double digitised_share = 0.95;
  double result_digitised_share = 0.97;
  double supplement_share = 0.05;
  double late_share = 0.02;            // dossiers resolved after their appointment
  double early_share = 0.7;            // of the rest, resolved before the appointment day
  double withdrawn_share = 0.01;
  double rating_share = 0.7;           // served visits that rate
  double paid_online_share = 0.5;      // of dossiers with a fee
};

struct Summary {
  std::int64_t tickets = 0, served = 0, no_shows = 0, transfers = 0;
  std::int64_t cancelled = 0;  // still waiting when the centre closed
  std::int64_t dossiers = 0, resolved = 0, late = 0, apologies = 0, returned = 0, withdrawn = 0;
  std::int64_t supplements = 0;  // supplement requests
  std::int64_t ratings = 0;
  std::int64_t events = 0;  // events appended
  Summary& operator+=(const Summary& o);
};

// One day: counters open at the start of office hours, citizens arrive through the day (more in the
// morning), counters call, serve and close at the end; dossiers due that day are resolved. Nothing on a
// non-working day but online receipts. Runs as one batch (one commit).
//
// Keeps no state between calls: the dossiers still open are read back from the store's log, and each
// dossier's fate (withdrawn, supplement, early / on time / late, when its result is collected) follows from
// a hash of (seed, dossier code). The day's own randomness is seeded from (seed, day). An unexpected refusal
// by the store (a DomainError other than an empty queue) propagates and the day's batch is undone.
Summary simulate_day(store::CentreStore& centre, Date day, std::uint64_t seed, const DayOptions& options = {});

// Every day from `from` to `to` inclusive, each day seeded from `seed` and the date: the same records as
// calling simulate_day for each day in turn with the same seed, but reading the log only once.
Summary simulate_period(store::CentreStore& centre, Date from, Date to, std::uint64_t seed, const DayOptions& options = {});

}  // namespace kiosk::sim
