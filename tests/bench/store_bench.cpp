// store_bench: the centre store against the quality bars of DESIGN.md. Not a test: it measures and prints.
//
//   fsync_floor      what the disk under the database costs: 4 KiB write + fdatasync, per call
//   durable_append   issue_ticket on a real file (WAL, synchronous=FULL): each call's latency, p50/p99/max
//                    (bar: p99 <= 5 ms on SSD, including fsync)
//   import_100k      import_dossiers_csv of 100,000 historical dossiers from a generated CSV: time and rows/s
//   year_report      indicators(Period::year(2025)) over 1,000,000 dossiers (imported in chunks of 100,000)
//                    plus a year of tickets, services and ratings (~62,000 tickets): ms per report; the
//                    median of the repetitions is the figure
//   counter_cycle_1M call + start + finish at a counter on that database, each durable (finish p50/p99)
//
// The databases live in a fresh directory under $KIOSK_BENCH_DIR (default: the system temp directory, which
// must be on the disk you want to measure) and are deleted at exit. The data is generated from a fixed seed.
// Usual Google Benchmark flags apply (--benchmark_filter=durable, --benchmark_format=json, ...).
// KIOSK_BENCH_DOSSIERS overrides the 1,000,000 of year_report.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "kiosk/domain/errors.hpp"
#include "kiosk/store/centre_store.hpp"

namespace {

namespace fs = std::filesystem;
using kiosk::Instant;
using kiosk::store::Actor;
using kiosk::store::CentreStore;
using Clock = std::chrono::steady_clock;

constexpr const char* kCentre = "H15.50.05.13";

Instant wall_now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// ---- Shared state -------------------------------------------------------------------------------------------

struct Workspace {
  fs::path dir;
  std::string catalogue_text;
  kiosk::Catalogue catalogue;
  int next_db = 0;

  Workspace() {
    const char* base = std::getenv("KIOSK_BENCH_DIR");
    std::string tmpl = ((base ? fs::path(base) : fs::temp_directory_path()) / "kiosk-bench-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) {
      std::perror("mkdtemp");
      std::exit(1);
    }
    dir = tmpl;
    std::ifstream in(fs::path(KIOSK_ASSETS_DIR) / "catalog" / "district.toml", std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    catalogue_text = s.str();
    catalogue = kiosk::Catalogue::parse_toml(catalogue_text);
  }
  ~Workspace() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  // A freshly initialised centre database.
  fs::path fresh_database(const std::string& name) {
    const fs::path db = dir / (name + "-" + std::to_string(++next_db) + ".db");
    CentreStore::InitOptions init;
    init.centre_code = kCentre;
    init.catalogue_toml = catalogue_text;
    CentreStore::initialise(db, init, wall_now());
    return db;
  }

  void remove_database(const fs::path& db) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix, ec);
  }
};

Workspace& workspace() {
  static Workspace w;
  return w;
}

struct Percentiles {
  double p50 = 0, p90 = 0, p99 = 0, max = 0, mean = 0;
};

Percentiles percentiles(std::vector<double> v) {
  Percentiles p;
  if (v.empty()) return p;
  std::sort(v.begin(), v.end());
  auto at = [&](double q) {
    auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
    return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
  };
  p.p50 = at(0.50);
  p.p90 = at(0.90);
  p.p99 = at(0.99);
  p.max = v.back();
  double sum = 0;
  for (double x : v) sum += x;
  p.mean = sum / static_cast<double>(v.size());
  return p;
}

void set_latency_counters(benchmark::State& state, const std::vector<double>& ms) {
  const Percentiles p = percentiles(ms);
  state.counters["p50_ms"] = p.p50;
  state.counters["p90_ms"] = p.p90;
  state.counters["p99_ms"] = p.p99;
  state.counters["max_ms"] = p.max;
  state.counters["mean_ms"] = p.mean;
}

// ---- fsync floor ---------------------------------------------------------------------------------------------

void BM_FsyncFloor(benchmark::State& state) {
  const fs::path f = workspace().dir / "fsync-floor.bin";
  const int fd = ::open(f.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    state.SkipWithError("cannot create the fsync probe file");
    return;
  }
  std::string page(4096, 'k');
  std::vector<double> ms;
  std::int64_t n = 0;
  for (auto _ : state) {
    const auto t0 = Clock::now();
    const auto offset = static_cast<off_t>((n++ % 256) * 4096);
    if (::pwrite(fd, page.data(), page.size(), offset) != static_cast<ssize_t>(page.size()) || ::fdatasync(fd) != 0) {
      state.SkipWithError("write/fdatasync failed");
      break;
    }
    const double s = seconds_since(t0);
    state.SetIterationTime(s);
    ms.push_back(s * 1e3);
  }
  ::close(fd);
  std::error_code ec;
  fs::remove(f, ec);
  set_latency_counters(state, ms);
}
BENCHMARK(BM_FsyncFloor)->Name("fsync_floor")->Iterations(500)->UseManualTime()->Unit(benchmark::kMicrosecond);

// ---- Durable append --------------------------------------------------------------------------------------------

// One ticket per call, as the entrance kiosk does: the call returns after the commit reached the disk.
// Services rotate over the catalogue; one in eight is a priority ticket. Nobody is called, so the queue the
// wait estimate scans grows to the whole run (2,000 waiting on one day: more than any real centre).
void BM_DurableAppend(benchmark::State& state) {
  Workspace& w = workspace();
  const fs::path db = w.fresh_database("append");
  std::vector<double> ms;
  {
    CentreStore store = CentreStore::open(db);
    std::vector<std::string> services;
    for (const auto& s : store.catalogue().services) services.push_back(s.code);
    const Actor kiosk{"kiosk-1", ""};
    std::size_t i = 0;
    for (auto _ : state) {
      const std::string& service = services[i % services.size()];
      const auto priority = i % 8 == 5 ? kiosk::Priority::elderly : kiosk::Priority::none;
      ++i;
      const auto t0 = Clock::now();
      auto issued = store.issue_ticket(service, priority, wall_now(), kiosk);
      const double s = seconds_since(t0);
      benchmark::DoNotOptimize(issued.seq);
      state.SetIterationTime(s);
      ms.push_back(s * 1e3);
    }
    if (!store.verify().ok()) state.SkipWithError("the chain does not verify after the run");
  }
  w.remove_database(db);
  set_latency_counters(state, ms);
}
BENCHMARK(BM_DurableAppend)->Name("durable_append")->Iterations(2000)->UseManualTime()->Unit(benchmark::kMicrosecond);

// ---- Generated historical dossiers ------------------------------------------------------------------------------

// Dossiers received on the working days of `year`, `per_day` a day (the remainder on the first days), with
// the catalogue's procedures and a realistic spread of channels, statuses and processing times. Rows are
// generated in receipt order; `first` and `count` select a slice, so chunks of one year can be generated
// one after another. Codes are {agency}-{yymmdd}-{n}.
class DossierGenerator {
 public:
  DossierGenerator(const kiosk::Catalogue& catalogue, const kiosk::WorkingCalendar& calendar, int year,
                   std::int64_t total, std::uint64_t seed)
      : catalogue_(catalogue), zone_(catalogue.zone()), rng_(seed) {
    using namespace std::chrono;
    for (sys_days d = sys_days{std::chrono::year{year} / January / 1}; d <= sys_days{std::chrono::year{year} / December / 31};
         d += days{1})
      if (calendar.is_working_day(d)) days_.push_back(d);
    per_day_ = total / static_cast<std::int64_t>(days_.size());
    extra_ = total % static_cast<std::int64_t>(days_.size());
    total_ = total;
  }

  static constexpr const char* kHeader =
      "code,procedure,channel,inter_agency,received_at,due_at,finished_at,returned_at,status,digitised,"
      "result_digitised,fee,paid_online\n";

  // The next `count` rows (fewer at the end) as CSV with its header.
  std::string next_csv(std::int64_t count, std::int64_t& rows) {
    std::string out = kHeader;
    out.reserve(static_cast<std::size_t>(count) * 190);
    rows = 0;
    while (rows < count && produced_ < total_) {
      append_row(out);
      ++rows;
      ++produced_;
    }
    return out;
  }

 private:
  std::int64_t on_day(std::size_t day) const { return per_day_ + (static_cast<std::int64_t>(day) < extra_ ? 1 : 0); }

  void append_row(std::string& out) {
    while (seq_in_day_ >= on_day(day_)) {
      ++day_;
      seq_in_day_ = 0;
    }
    const kiosk::Date day = days_[day_];
    const int n = static_cast<int>(++seq_in_day_);
    std::uniform_real_distribution<double> u(0, 1);
    // Received during office hours: 60 % in the morning.
    const auto& h = catalogue_.office_hours;
    int minute = u(rng_) < 0.6 ? h.morning_start + static_cast<int>(u(rng_) * (h.morning_end - h.morning_start))
                               : h.afternoon_start + static_cast<int>(u(rng_) * (h.afternoon_end - h.afternoon_start));
    const Instant received = zone_.at_local(day, minute) + std::chrono::seconds(static_cast<int>(u(rng_) * 60));
    const kiosk::Procedure& proc = catalogue_.procedures[rng_() % catalogue_.procedures.size()];

    const char* channel = "in_person";
    const double c = u(rng_);
    if (proc.online == kiosk::OnlineLevel::full && c < 0.55) channel = "online_full";
    else if (proc.online != kiosk::OnlineLevel::none && c < 0.35) channel = "online_partial";
    else if (c > 0.97) channel = "postal";

    // Processing time: certifications within hours, the rest within days (sometimes late).
    const bool hours = proc.unit == kiosk::TimeUnit::working_hours;
    const double take = hours ? u(rng_) * 3 * 3600 : u(rng_) * 1.15 * proc.processing_time * 1.4 * 86400;
    const Instant finished = received + std::chrono::seconds(static_cast<std::int64_t>(take) + 600);
    const Instant returned = finished + std::chrono::seconds(static_cast<std::int64_t>(u(rng_) * 3 * 86400));

    // 85 % returned, 7 % resolved and not yet collected, 4 % still in process, 2 % accepted, 2 % withdrawn.
    const double s = u(rng_);
    int status = 10;
    if (s > 0.98) status = 7;
    else if (s > 0.96) status = 2;
    else if (s > 0.92) status = 4;
    else if (s > 0.85) status = 9;
    const bool has_finish = status == 9 || status == 10 || status == 7;
    const bool paid_online = proc.fee > 0 && u(rng_) < 0.4;

    char date[16];
    const auto ymd = std::chrono::year_month_day{day};
    std::snprintf(date, sizeof date, "%02d%02u%02u", static_cast<int>(ymd.year()) % 100,
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    out += catalogue_.agency_code;
    out += '-';
    out += date;
    out += '-';
    out += std::to_string(n);
    out += ',';
    out += proc.code;
    out += ',';
    out += channel;
    out += u(rng_) < 0.1 ? ",1," : ",0,";
    out += kiosk::format_instant(received, zone_);
    out += ",,";  // due_at: computed by the store from the procedure and the working-day calendar
    if (has_finish) out += kiosk::format_instant(finished, zone_);
    out += ',';
    if (status == 10) out += kiosk::format_instant(returned, zone_);
    out += ',';
    out += std::to_string(status);
    out += u(rng_) < 0.95 ? ",1" : ",0";
    out += u(rng_) < 0.9 ? ",1," : ",0,";
    out += std::to_string(proc.fee);
    out += paid_online ? ",1\n" : ",0\n";
  }

  const kiosk::Catalogue& catalogue_;
  kiosk::Zone zone_;
  std::mt19937_64 rng_;
  std::vector<kiosk::Date> days_;
  std::int64_t per_day_ = 0, extra_ = 0, total_ = 0, produced_ = 0, seq_in_day_ = 0;
  std::size_t day_ = 0;
};

// ---- Import -------------------------------------------------------------------------------------------------

// 100,000 dossiers of 2024 from one CSV, into a fresh database, as `kioskctl import` does: parse, check every
// row, then one transaction with one event per dossier and one commit. The CSV is in memory (generating it is
// not timed); opening the database is not timed.
void BM_Import100k(benchmark::State& state) {
  Workspace& w = workspace();
  static std::string csv;
  static std::int64_t rows = 0;
  if (csv.empty()) {
    const fs::path probe_db = w.fresh_database("probe");
    {
      CentreStore probe = CentreStore::open(probe_db);
      DossierGenerator gen(w.catalogue, probe.calendar(), 2024, 100'000, 2024);
      csv = gen.next_csv(100'000, rows);
    }
    w.remove_database(probe_db);
  }
  double imported = 0;
  for (auto _ : state) {
    const fs::path db = w.fresh_database("import");
    {
      CentreStore store = CentreStore::open(db);
      std::istringstream in(csv);
      const auto t0 = Clock::now();
      imported = static_cast<double>(store.import_dossiers_csv(in, wall_now(), Actor{"import", ""}));
      const double s = seconds_since(t0);
      state.SetIterationTime(s);
      state.counters["rows_per_s"] = imported / s;
      state.counters["seconds"] = s;
    }
    w.remove_database(db);
  }
  state.counters["rows"] = imported;
  state.counters["csv_MB"] = static_cast<double>(csv.size()) / 1e6;
}
BENCHMARK(BM_Import100k)->Name("import_100k")->Iterations(1)->Repetitions(3)->UseManualTime()->Unit(benchmark::kMillisecond);

// ---- Year report ----------------------------------------------------------------------------------------------

// A year of queue traffic through the real API, one batch (one commit) per day: counters open, each
// ticket is issued, called, served and finished, and 70 % are rated.
std::int64_t add_year_of_tickets(CentreStore& store, int year, int per_day, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const auto& cat = store.catalogue();
  const kiosk::Zone zone = store.zone();
  // For each service, the first counter serving it.
  std::vector<std::pair<std::string, int>> routes;
  for (const auto& s : cat.services)
    for (const auto& c : cat.counters)
      if (std::find(c.services.begin(), c.services.end(), s.code) != c.services.end()) {
        routes.emplace_back(s.code, c.number);
        break;
      }
  const Actor kiosk{"kiosk-1", ""}, rating{"rating", ""};
  std::int64_t tickets = 0;
  bool opened = false;
  using namespace std::chrono;
  for (sys_days d = sys_days{std::chrono::year{year} / January / 1}; d <= sys_days{std::chrono::year{year} / December / 31};
       d += days{1}) {
    if (!store.calendar().is_working_day(d)) continue;
    store.batch([&] {
      if (!opened) {
        for (const auto& c : cat.counters) store.open_counter(c.number, zone.at_local(d, 7 * 60 + 25), Actor{"c", "nv"});
        opened = true;
      }
      for (int i = 0; i < per_day; ++i) {
        const auto& [service, counter] = routes[rng() % routes.size()];
        const Actor staff{"counter-" + std::to_string(counter), "nv" + std::to_string(counter)};
        // Spread over the office hours: 240 minutes in the morning, 210 in the afternoon.
        const int offset = i * 450 / per_day;
        const int minute = offset < 240 ? cat.office_hours.morning_start + offset
                                        : cat.office_hours.afternoon_start + (offset - 240);
        const Instant issued_at = zone.at_local(d, minute);
        const Instant called_at = issued_at + minutes(static_cast<int>(rng() % 25));
        const Instant started_at = called_at + seconds(30 + static_cast<int>(rng() % 90));
        const Instant finished_at = started_at + minutes(3 + static_cast<int>(rng() % 20));
        const auto priority = rng() % 12 == 0 ? kiosk::Priority::elderly : kiosk::Priority::none;
        auto t = store.issue_ticket(service, priority, issued_at, kiosk);
        store.call_next(counter, called_at, staff);
        store.start_service(counter, started_at, staff);
        store.finish_service(counter, finished_at, staff);
        if (rng() % 10 < 7) {
          const int level = rng() % 20 == 0 ? 2 : rng() % 4 == 0 ? 4 : 5;
          store.submit_rating({t.ticket.id, level, 5, std::nullopt, "", ""}, finished_at + seconds(20), rating);
        }
        ++tickets;
      }
    });
  }
  return tickets;
}

struct YearDatabase {
  fs::path path;
  std::int64_t dossiers = 0, tickets = 0, events = 0;
  double build_s = 0, bytes = 0;
};

const YearDatabase& year_database() {
  static std::optional<YearDatabase> built;
  if (built) return *built;
  Workspace& w = workspace();
  YearDatabase y;
  std::int64_t total = 1'000'000;
  if (const char* env = std::getenv("KIOSK_BENCH_DOSSIERS")) total = std::max<std::int64_t>(1000, std::atoll(env));
  const auto t0 = Clock::now();
  y.path = w.fresh_database("year");
  {
    CentreStore store = CentreStore::open(y.path);
    y.tickets = add_year_of_tickets(store, 2025, 240, 7);
    DossierGenerator gen(w.catalogue, store.calendar(), 2025, total, 2025);
    for (;;) {
      std::int64_t rows = 0;
      std::string csv = gen.next_csv(100'000, rows);
      if (rows == 0) break;
      std::istringstream in(csv);
      y.dossiers += store.import_dossiers_csv(in, wall_now(), Actor{"import", ""});
    }
    y.events = store.last_seq();
  }
  y.build_s = seconds_since(t0);
  std::error_code ec;
  y.bytes = static_cast<double>(fs::file_size(y.path, ec));
  std::fprintf(stderr, "year_report: built %lld dossiers, %lld tickets, %lld events, %.0f MB in %.1f s\n",
               static_cast<long long>(y.dossiers), static_cast<long long>(y.tickets), static_cast<long long>(y.events),
               y.bytes / 1e6, y.build_s);
  built = y;
  return *built;
}

// One report of the whole year 2025, through a freshly opened store (as a manager screen or `kioskctl
// report` would), with the database file in the OS page cache after the first run.
void BM_YearReport(benchmark::State& state) {
  const YearDatabase& y = year_database();
  CentreStore store = CentreStore::open(y.path);
  const auto now = kiosk::Zone::vietnam().at_local(kiosk::Date{std::chrono::year{2026} / 1 / 15}, 9 * 60);
  kiosk::Indicators result;
  for (auto _ : state) {
    const auto t0 = Clock::now();
    result = store.indicators(kiosk::Period::year(2025), now);
    state.SetIterationTime(seconds_since(t0));
  }
  state.counters["dossiers_db"] = static_cast<double>(y.dossiers);
  state.counters["tickets_db"] = static_cast<double>(y.tickets);
  state.counters["received"] = static_cast<double>(result.dossiers.received);
  state.counters["resolved"] = static_cast<double>(result.dossiers.resolved);
  state.counters["issued"] = static_cast<double>(result.queue.issued);
  state.counters["ratings"] = static_cast<double>(result.ratings);
  state.counters["build_s"] = y.build_s;
}
BENCHMARK(BM_YearReport)->Name("year_report")->Iterations(1)->Repetitions(5)->UseManualTime()->Unit(benchmark::kMillisecond);

// ---- A counter's day on the big database ---------------------------------------------------------------------

// The counter side on the year database (1,000,000 dossiers): each iteration a ticket is issued (not
// timed), then called, started and finished at a counter, each a durable operation of its own; the time
// is that of the three. finish_service looks up the dossiers received during the visit, so this is where a
// missing index on a big dossiers table shows. Runs after year_report (it adds to the database).
void BM_CounterCycle(benchmark::State& state) {
  const YearDatabase& y = year_database();
  CentreStore store = CentreStore::open(y.path);
  const Actor kiosk{"kiosk-1", ""}, staff{"counter-3", "nv03"};
  std::vector<double> finish_ms;
  for (auto _ : state) {
    store.issue_ticket("HT", kiosk::Priority::none, wall_now(), kiosk);
    const auto t0 = Clock::now();
    store.call_next(3, wall_now(), staff);
    store.start_service(3, wall_now(), staff);
    const auto t1 = Clock::now();
    store.finish_service(3, wall_now(), staff);
    const double finish = seconds_since(t1);
    state.SetIterationTime(seconds_since(t0));
    finish_ms.push_back(finish * 1e3);
  }
  const Percentiles p = percentiles(finish_ms);
  state.counters["finish_p50_ms"] = p.p50;
  state.counters["finish_p99_ms"] = p.p99;
  state.counters["finish_max_ms"] = p.max;
}
BENCHMARK(BM_CounterCycle)->Name("counter_cycle_1M")->Iterations(200)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  try {
    workspace();
    std::fprintf(stderr, "store_bench: databases in %s\n", workspace().dir.c_str());
    benchmark::RunSpecifiedBenchmarks();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "store_bench: %s\n", e.what());
    benchmark::Shutdown();
    return 1;
  }
  benchmark::Shutdown();
  return 0;
}
