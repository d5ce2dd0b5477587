// A discrete-event simulation of a centre's day, driven through the real store API.
//
// Design
//  - Randomness: std::mt19937_64 with our own mappings to doubles and integers (no std:: distributions, whose
//    outputs differ between standard libraries). Each day has its own streams seeded from (seed, date), so a
//    period is exactly the sequence of its days.
//  - The simulator keeps no state between calls. The dossiers still open are found from the store's event
//    log (dossier.received / imported minus returned, withdrawn, not accepted, stopped); simulate_period
//    scans the log once and then only each day's new events, simulate_day scans it whole.
//  - Each dossier's fate (withdrawn, supplement, early / on time / late, when its result is returned) comes
//    from a hash of (seed, dossier code), so every day derives the same plan. What to do with a dossier on a
//    day is decided from its current state in the store and that plan, so the simulation stays correct even
//    over dossiers it did not create or that another seed planned differently.
//  - A day is a queue of timed actions (arrivals, counters calling / serving / closing, online receipts,
//    dossier work) executed in time order inside one store batch.
#include "kiosk/sim/simulator.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <optional>
#include <queue>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/domain/errors.hpp"
#include "kiosk/domain/queue.hpp"

namespace kiosk::sim {

Summary& Summary::operator+=(const Summary& o) {
  tickets += o.tickets;
  served += o.served;
  no_shows += o.no_shows;
  transfers += o.transfers;
  cancelled += o.cancelled;
  dossiers += o.dossiers;
  resolved += o.resolved;
  late += o.late;
  apologies += o.apologies;
  returned += o.returned;
  withdrawn += o.withdrawn;
  supplements += o.supplements;
  ratings += o.ratings;
  events += o.events;
  return *this;
}

namespace {

using std::chrono::days;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using store::Actor;
using store::CentreStore;

// ---- Randomness ------------------------------------------------------------------------------------------

constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

constexpr std::uint64_t mix(std::uint64_t a, std::uint64_t b) { return splitmix64(a ^ splitmix64(b)); }

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::uint64_t day_key(Date d) { return static_cast<std::uint64_t>(static_cast<std::int64_t>(d.time_since_epoch().count())); }

// Streams of one day.
enum Stream : std::uint64_t { kArrivals = 1, kQueue, kOnline, kWork, kPlan };

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // [0, 1) from the top 53 bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * (1.0 / 9007199254740992.0); }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  bool chance(double p) { return uniform() < p; }
  // lo..hi inclusive.
  int between(int lo, int hi) {
    if (hi <= lo) return lo;
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<int>(engine_() % span);
  }
  milliseconds duration(milliseconds lo, milliseconds hi) {
    if (hi <= lo) return lo;
    const auto span = static_cast<std::uint64_t>((hi - lo).count()) + 1;
    return lo + milliseconds{static_cast<std::int64_t>(engine_() % span)};
  }
  // Index drawn with the given (non-negative) weights; weights.size() when they are all zero.
  std::size_t pick(const std::vector<double>& weights) {
    double total = 0;
    for (double w : weights) total += w;
    if (total <= 0) return weights.size();
    double x = uniform() * total;
    std::size_t last = weights.size();
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (weights[i] <= 0) continue;
      last = i;
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return last;  // rounding
  }

 private:
  std::mt19937_64 engine_;
};

// ---- A dossier's fate ------------------------------------------------------------------------------------

struct Plan {
  bool withdraw = false;
  int withdraw_after = 1;     // working days after the clock starts
  bool supplement = false;
  int supplement_after = 1;   // working days after the clock starts
  int supplement_days = 2;    // working days the citizen takes
  Timeliness fate = Timeliness::on_time;
  int early_by = 1;           // working days before the appointment day
  int late_by = 1;            // working days after it
  int apology_lead = 0;       // the apology slip, working days before the appointment day
  int return_after = 0;       // working days from resolution to the result being collected
  bool result_digitised = true;
  std::size_t reason = 0;     // index into the reason lists
};

Plan make_plan(std::uint64_t seed, std::string_view code, const DayOptions& o) {
  Rng r(mix(mix(seed, kPlan), fnv1a(code)));
  Plan p;
  // Every draw happens whatever the branches, so one option changes nothing else.
  const double u_withdraw = r.uniform(), u_late = r.uniform(), u_early = r.uniform(), u_supplement = r.uniform();
  const double u_digitised = r.uniform();
  p.withdraw_after = r.between(1, 5);
  p.supplement_after = r.between(1, 2);
  p.supplement_days = r.between(1, 5);
  p.early_by = r.between(1, 3);
  p.late_by = r.between(1, 5);
  p.apology_lead = r.between(0, 2);
  const double u_return = r.uniform();
  p.reason = static_cast<std::size_t>(r.between(0, 1 << 20));

  p.withdraw = u_withdraw < o.withdrawn_share;
  const bool late = !p.withdraw && u_late < o.late_share;
  p.fate = late ? Timeliness::late : u_early < o.early_share ? Timeliness::early : Timeliness::on_time;
  p.supplement = !p.withdraw && !late && u_supplement < o.supplement_share;
  p.result_digitised = u_digitised < o.result_digitised_share;
  p.return_after = u_return < 0.3 ? 0 : u_return < 0.65 ? 1 : u_return < 0.85 ? 2 : 3;
  return p;
}

constexpr std::array<std::string_view, 4> kSupplementReasons = {
    "Thiếu bản sao giấy tờ tùy thân có chứng thực",
    "Đơn đề nghị chưa ghi đủ thông tin theo mẫu",
    "Cần bổ sung giấy tờ chứng minh quyền sở hữu, quyền sử dụng",
    "Bản vẽ, sơ đồ kèm theo chưa đúng quy định",
};
constexpr std::array<std::string_view, 4> kApologyReasons = {
    "Hồ sơ cần xác minh thêm thông tin tại thực địa",
    "Chờ ý kiến phối hợp của cơ quan có liên quan",
    "Số lượng hồ sơ tiếp nhận trong kỳ tăng đột biến",
    "Hệ thống phần mềm chuyên ngành gặp sự cố",
};
constexpr std::string_view kWithdrawReason = "Công dân có đơn đề nghị rút hồ sơ";
constexpr std::string_view kAcceptReason = "Hồ sơ trực tuyến hợp lệ, tiếp nhận xử lý";
constexpr std::string_view kClosingReason = "Hết giờ làm việc, công dân chưa được phục vụ";
constexpr std::array<std::string_view, 5> kLowRatingReasons = {
    "Thời gian chờ đến lượt quá lâu",
    "Hướng dẫn hồ sơ chưa rõ ràng, phải đi lại nhiều lần",
    "Thái độ tiếp đón chưa niềm nở",
    "Thủ tục còn phức tạp, nhiều giấy tờ",
    "Khu vực chờ đông, thiếu chỗ ngồi",
};

// ---- Dossiers still open, from the log --------------------------------------------------------------------

struct OpenDossiers {
  std::set<std::string> codes;
  std::int64_t scanned = 0;  // last event seq looked at

  void update(const CentreStore& centre) {
    centre.for_each_event(scanned + 1, [&](const Event& e) {
      scanned = e.seq;
      const std::string_view type = e.type;
      if (!type.starts_with("dossier.")) return true;
      if (type == event_type::dossier_received || type == event_type::dossier_imported) {
        auto status = dossier_status_from_int(static_cast<int>(payload_int(e, "status")));
        if (status && *status != DossierStatus::returned && !is_closed_unresolved(*status))
          codes.insert(payload_string(e, "code"));
      } else if (type == event_type::dossier_returned) {
        codes.erase(payload_string(e, "code"));
      } else if (type == event_type::dossier_status_changed) {
        auto to = dossier_status_from_int(static_cast<int>(payload_int(e, "to")));
        if (to && (*to == DossierStatus::returned || is_closed_unresolved(*to))) codes.erase(payload_string(e, "code"));
      }
      return true;
    });
  }
};

// ---- One day ---------------------------------------------------------------------------------------------

class DaySim {
 public:
  DaySim(CentreStore& centre, Date day, std::uint64_t seed, const DayOptions& options)
      : centre_(centre),
        catalogue_(centre.catalogue()),
        calendar_(centre.calendar()),
        zone_(centre.zone()),
        hours_(centre.settings().office_hours),  // as a manager may have changed them
        day_(day),
        seed_(seed),
        options_(options),
        midnight_(zone_.at_local(day, 0)),
        working_(calendar_.is_working_day(day)),
        arrivals_rng_(mix(mix(seed, day_key(day)), kArrivals)),
        queue_rng_(mix(mix(seed, day_key(day)), kQueue)),
        online_rng_(mix(mix(seed, day_key(day)), kOnline)),
        work_rng_(mix(mix(seed, day_key(day)), kWork)) {
    build_sessions();
    build_weights();
  }

  Summary run(const std::set<std::string>& open) {
    const std::int64_t before = centre_.last_seq();
    centre_.batch([&] {
      if (working_ && !sessions_.empty()) {
        schedule_counters();
        schedule_arrivals();
        schedule_open_dossiers(open);
        push(at_time(sessions_.back().end, Kind::close_queue));
      }
      schedule_online();
      while (!queue_.empty()) {
        Item item = queue_.top();
        queue_.pop();
        handle(item);
      }
    });
    summary_.events = centre_.last_seq() - before;
    return summary_;
  }

 private:
  enum class Kind {
    open_counter, try_call, recall, no_show, start, finish, transfer, receive, rate, session_end, overtime_end,
    stop, arrival, online, work, close_queue
  };
  struct Item {
    Instant at;
    std::uint64_t order = 0;  // ties: first scheduled first
    Kind kind = Kind::arrival;
    int counter = 0;          // index into counters_
    std::uint64_t gen = 0;    // counter generation: stale wake-ups are dropped
    std::int64_t ticket = 0;
    std::size_t index = 0;    // arrival / online receipt / session / work step
    std::string code;         // dossier
  };
  static Item at_time(Instant at, Kind kind) {
    Item item;
    item.at = at;
    item.kind = kind;
    return item;
  }
  struct Later {
    bool operator()(const Item& a, const Item& b) const {
      return a.at != b.at ? a.at > b.at : a.order > b.order;
    }
  };
  struct Window {
    Instant start, end;
  };
  enum class Phase { closed, idle, busy, paused };
  struct CounterSim {
    const CounterDef* def = nullptr;
    Actor actor;
    Phase phase = Phase::closed;
    std::uint64_t gen = 0;
    std::size_t session = 0;
    bool draining = false;  // past a break: serves whoever still waits, then pauses
    bool stopping = false;  // stops once the current visit is over
    std::int64_t ticket = 0;
    std::string service;  // of the ticket being served
    bool absent = false;  // the citizen called will not come
    bool until_limit = false;
    int recalls_left = 0;
    std::string transfer_to;
  };
  struct Arrival {
    Instant at;
    std::size_t service = 0;
    Priority priority = Priority::none;
  };
  enum class Step { none, accept, withdraw, request_supplement, supplement_received, apology, resolve, pay, give_back };
  struct Decision {
    Decision() = default;
    Decision(Step s, Instant due = Instant{}) : step(s), new_due(due) {}
    Step step = Step::none;
    Instant new_due{};
  };

  // ---- Setup

  void build_sessions() {
    std::vector<std::pair<int, int>> windows;
    if (hours_.morning_start < hours_.morning_end) windows.emplace_back(hours_.morning_start, hours_.morning_end);
    if (hours_.afternoon_start < hours_.afternoon_end) {
      if (!windows.empty() && windows.back().second >= hours_.afternoon_start)
        windows.back().second = std::max(windows.back().second, hours_.afternoon_end);
      else
        windows.emplace_back(hours_.afternoon_start, hours_.afternoon_end);
    }
    for (auto [from, to] : windows) sessions_.push_back({midnight_ + minutes{from}, midnight_ + minutes{to}});
  }

  void build_weights() {
    // The service mix follows the counters' capacity: an area served by more counters, or with shorter
    // services, sees more citizens (shared counters count in part), which keeps every queue near balance.
    const auto& services = catalogue_.services;
    std::vector<double> share(services.size(), 0.0);
    for (const CounterDef& c : catalogue_.counters) {
      if (c.services.empty()) continue;
      for (const std::string& code : c.services)
        for (std::size_t i = 0; i < services.size(); ++i)
          if (services[i].code == code) share[i] += 1.0 / static_cast<double>(c.services.size());
    }
    for (std::size_t i = 0; i < services.size(); ++i) {
      const double per_hour = 60.0 / std::max(1, services[i].avg_service_minutes);
      service_weights_.push_back(share[i] * per_hour);
      std::vector<const Procedure*> all, online;
      for (const Procedure& p : catalogue_.procedures) {
        if (p.field != services[i].code) continue;
        all.push_back(&p);
        if (p.online != OnlineLevel::none) online.push_back(&p);
      }
      online_weights_.push_back(online.empty() ? 0.0 : std::max(service_weights_.back(), 0.5));
      procedures_.push_back(std::move(all));
      online_procedures_.push_back(std::move(online));
    }
  }

  std::size_t service_index(std::string_view code) const {
    for (std::size_t i = 0; i < catalogue_.services.size(); ++i)
      if (catalogue_.services[i].code == code) return i;
    return catalogue_.services.size();
  }

  std::string staff_name(int number) const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "cb%02d", number);
    return buf;
  }

  // The back office of an area: the staff of the first counter serving it.
  Actor back_office(std::string_view field) const {
    for (const CounterDef& c : catalogue_.counters)
      if (std::find(c.services.begin(), c.services.end(), field) != c.services.end()) return Actor{"sim", staff_name(c.number)};
    return Actor{"sim", "cb00"};
  }

  void push(Item item) {
    item.order = next_order_++;
    queue_.push(std::move(item));
  }

  // A time within today's sessions, `t` or later: a time in a gap moves into the next session (by at most
  // half an hour); empty when no session is left (keeping a margin before the end of the day).
  std::optional<Instant> office_time(Instant t, milliseconds margin = minutes{2}) const {
    for (std::size_t i = 0; i < sessions_.size(); ++i) {
      const Window& w = sessions_[i];
      if (t < w.start) {
        const milliseconds late = i == 0 ? milliseconds{0} : std::min<milliseconds>(t - sessions_[i - 1].end, minutes{30});
        t = w.start + late;
      }
      const Instant limit = i + 1 == sessions_.size() ? w.end - margin : w.end;
      if (t < limit) return t;
    }
    return std::nullopt;
  }

  // A random time within today's sessions, away from their very start and end.
  Instant random_office_time(Rng& rng) const {
    milliseconds total{0};
    for (const Window& w : sessions_) total += w.end - w.start;
    const milliseconds trim = std::min<milliseconds>(minutes{10}, total / 4);
    milliseconds offset = rng.duration(trim, total - trim - milliseconds{1});
    for (const Window& w : sessions_) {
      if (offset < w.end - w.start) return w.start + offset;
      offset -= w.end - w.start;
    }
    return sessions_.back().end - trim;
  }

  void schedule_counters() {
    for (const CounterDef& def : catalogue_.counters) {
      CounterSim c;
      c.def = &def;
      c.actor = Actor{"sim", staff_name(def.number)};
      counters_.push_back(c);
    }
    for (std::size_t s = 0; s < sessions_.size(); ++s) {
      for (std::size_t i = 0; i < counters_.size(); ++i) {
        Item open = at_time(sessions_[s].start + queue_rng_.duration(seconds{0}, minutes{4}), Kind::open_counter);
        open.counter = static_cast<int>(i);
        open.index = s;
        push(open);
        Item end = at_time(sessions_[s].end, Kind::session_end);
        end.counter = static_cast<int>(i);
        end.index = s;
        push(end);
      }
    }
  }

  void schedule_arrivals() {
    if (options_.visitors <= 0) return;
    // Citizens take tickets until shortly before each session ends; the first session (the morning) is
    // busier per hour.
    std::vector<Window> windows;
    std::vector<double> weight;
    for (std::size_t s = 0; s < sessions_.size(); ++s) {
      const Window& w = sessions_[s];
      const milliseconds margin = s + 1 == sessions_.size() ? minutes{30} : minutes{15};
      Instant end = w.end - margin;
      if (end <= w.start + minutes{1}) end = w.start + std::max<milliseconds>((w.end - w.start) / 2, milliseconds{1});
      windows.push_back({w.start, end});
      const double hours = std::chrono::duration<double>(end - w.start).count() / 3600.0;
      weight.push_back(hours * (s == 0 && sessions_.size() > 1 ? 1.3 : 1.0));
    }
    std::vector<Arrival> arrivals;
    for (int n = 0; n < options_.visitors; ++n) {
      Arrival a;
      const std::size_t s = arrivals_rng_.pick(weight);
      const Window& w = windows[std::min(s, windows.size() - 1)];
      // Half spread evenly, half gathered around the middle of the session.
      double x = arrivals_rng_.uniform();
      const double y = arrivals_rng_.uniform(), z = arrivals_rng_.uniform();
      if (arrivals_rng_.chance(0.5)) x = (y + z) / 2.0;
      const auto span = static_cast<double>((w.end - w.start).count());
      a.at = w.start + milliseconds{static_cast<std::int64_t>(x * span) / 1000 * 1000};
      a.service = arrivals_rng_.pick(service_weights_);
      if (a.service >= catalogue_.services.size()) a.service = 0;
      if (arrivals_rng_.chance(options_.priority_share)) {
        static const std::vector<double> kPriorityWeights = {0.45, 0.15, 0.12, 0.18, 0.10};
        a.priority = static_cast<Priority>(1 + arrivals_rng_.pick(kPriorityWeights));
      }
      arrivals.push_back(a);
    }
    std::stable_sort(arrivals.begin(), arrivals.end(), [](const Arrival& a, const Arrival& b) { return a.at < b.at; });
    arrivals_ = std::move(arrivals);
    for (std::size_t i = 0; i < arrivals_.size(); ++i) {
      Item item = at_time(arrivals_[i].at, Kind::arrival);
      item.index = i;
      push(item);
    }
  }

  void schedule_online() {
    if (options_.online_per_in_person <= 0) return;
    bool any = false;
    for (double w : online_weights_) any = any || w > 0;
    if (!any) return;
    // Relative to the in-person dossiers a working day is expected to bring.
    const double in_person = std::max(0, options_.visitors) * (1.0 - options_.no_show_share) * options_.dossier_share * 1.1;
    double expected = options_.online_per_in_person * in_person * online_rng_.uniform(0.85, 1.15);
    if (!working_) expected *= 0.2;
    const int n = static_cast<int>(expected + 0.5);
    std::vector<Instant> times;
    for (int i = 0; i < n; ++i) {
      // Mostly in the daytime, some late in the evening or at night.
      const double u = online_rng_.uniform();
      const int from = u < 0.75 ? 7 * 60 : u < 0.95 ? 17 * 60 : 0;
      const int to = u < 0.75 ? 17 * 60 + 30 : u < 0.95 ? 23 * 60 + 30 : 7 * 60;
      times.push_back(midnight_ + minutes{from} + online_rng_.duration(milliseconds{0}, minutes{to - from} - milliseconds{1}) / 1000 * 1000);
    }
    std::sort(times.begin(), times.end());
    for (std::size_t i = 0; i < times.size(); ++i) {
      Item item = at_time(times[i], Kind::online);
      item.index = i;
      push(item);
    }
  }

  void schedule_open_dossiers(const std::set<std::string>& open) {
    const Instant day_start = sessions_.front().start;
    for (const std::string& code : open) {
      auto d = centre_.dossier(code);
      if (!d || d->received_at >= day_start) continue;
      const Plan plan = make_plan(seed_, code, options_);
      if (decide(*d, plan, day_start).step == Step::none) continue;
      Item item = at_time(random_office_time(work_rng_), Kind::work);
      item.code = code;
      push(item);
    }
  }

  // ---- Queue

  void handle(const Item& item) {
    switch (item.kind) {
      case Kind::arrival: on_arrival(item); break;
      case Kind::open_counter: on_open(item); break;
      case Kind::session_end: on_session_end(item); break;
      case Kind::overtime_end: on_overtime_end(item); break;
      case Kind::try_call: on_try_call(item); break;
      case Kind::recall: on_recall(item); break;
      case Kind::no_show: on_no_show(item); break;
      case Kind::start: on_start(item); break;
      case Kind::finish: on_finish(item); break;
      case Kind::transfer: on_transfer(item); break;
      case Kind::receive: on_receive(item); break;
      case Kind::rate: on_rate(item); break;
      case Kind::stop: on_stop(item); break;
      case Kind::online: on_online(item); break;
      case Kind::work: on_work(item); break;
      case Kind::close_queue: on_close_queue(item); break;
    }
  }

  void wake(std::string_view service, Instant at) {
    for (std::size_t i = 0; i < counters_.size(); ++i) {
      CounterSim& c = counters_[i];
      if (c.phase != Phase::idle || c.stopping) continue;
      const auto& served = c.def->services;
      if (std::find(served.begin(), served.end(), service) == served.end()) continue;
      Item item = at_time(at + queue_rng_.duration(seconds{3}, seconds{20}), Kind::try_call);
      item.counter = static_cast<int>(i);
      item.gen = ++c.gen;
      push(item);
    }
  }

  void on_arrival(const Item& item) {
    const Arrival& a = arrivals_[item.index];
    const std::string& service = catalogue_.services[a.service].code;
    if (centre_.settings().closed(service)) return;  // a manager closed the area: no number for anyone
    centre_.issue_ticket(service, a.priority, item.at, Actor{"sim", ""});
    ++summary_.tickets;
    wake(service, item.at);
  }

  void on_open(const Item& item) {
    CounterSim& c = counters_[static_cast<std::size_t>(item.counter)];
    c.session = item.index;
    c.stopping = false;
    c.draining = false;
    if (c.phase == Phase::busy) return;  // still serving from before: it calls when done
    if (c.phase == Phase::closed || c.phase == Phase::paused) {
      try {
        centre_.open_counter(c.def->number, item.at, c.actor);
      } catch (const DomainError& e) {
        if (e.code() != "counter.already_open") throw;  // left open by an earlier run: carry on
      }
    }
    c.phase = Phase::idle;
    call_soon(item.counter, item.at, seconds{0}, seconds{20});
  }

  void call_soon(int index, Instant at, milliseconds lo, milliseconds hi) {
    CounterSim& c = counters_[static_cast<std::size_t>(index)];
    Item next = at_time(at + queue_rng_.duration(lo, hi), c.stopping ? Kind::stop : Kind::try_call);
    next.counter = index;
    next.gen = ++c.gen;
    push(next);
  }

  // Before a break (lunch) the counters serve whoever already holds a ticket, for up to half an hour, then
  // pause; at the end of the day they close once the current visit is over.
  void on_session_end(const Item& item) {
    CounterSim& c = counters_[static_cast<std::size_t>(item.counter)];
    if (c.session != item.index || c.phase == Phase::closed || c.phase == Phase::paused) return;
    if (item.index + 1 < sessions_.size()) {
      c.draining = true;
      if (c.phase == Phase::idle) call_soon(item.counter, item.at, seconds{0}, seconds{5});
      const milliseconds gap = sessions_[item.index + 1].start - sessions_[item.index].end;
      Item overtime = at_time(item.at + std::min<milliseconds>(minutes{30}, gap / 2), Kind::overtime_end);
      overtime.counter = item.counter;
      overtime.index = item.index;
      push(overtime);
      return;
    }
    on_overtime_end(item);
  }

  void on_overtime_end(const Item& item) {
    CounterSim& c = counters_[static_cast<std::size_t>(item.counter)];
    if (c.session != item.index || c.phase == Phase::closed || c.phase == Phase::paused) return;
    c.stopping = true;
    if (c.phase == Phase::idle) {
      ++c.gen;
      stop(c, item.at);
    }
  }

  void on_stop(const Item& item) {
    CounterSim& c = counters_[static_cast<std::size_t>(item.counter)];
    if (item.gen != c.gen || c.phase != Phase::idle || !c.stopping) return;
    stop(c, item.at);
  }

  void stop(CounterSim& c, Instant at) {
    if (c.session + 1 < sessions_.size()) {
      centre_.pause_counter(c.def->number, at, c.actor);
      c.phase = Phase::paused;
    } else {
      centre_.close_counter(c.def->number, at, c.actor);
      c.phase = Phase::closed;
    }
  }

  // The visit is over for this counter: call the next citizen, or stop at the end of the session.
  void visit_over(int index, Instant at) {
    CounterSim& c = counters_[static_cast<std::size_t>(index)];
    c.phase = Phase::idle;
    c.ticket = 0;
    call_soon(index, at, seconds{5}, seconds{25});
  }

  void on_try_call(const Item& item) {
    CounterSim& c = counters_[static_cast<std::size_t>(item.counter)];
    if (item.gen != c.gen || c.phase != Phase::idle) return;
    if (c.stopping) {
      stop(c, item.at);
      return;
    }
    Ticket t;
    try {
      t = centre_.call_next(c.def->number, item.at, c.actor);
    } catch (const DomainError& e) {
      if (e.code() != "queue.empty") throw;
      if (c.draining) stop(c, item.at);  // nobody left from before the break
      return;                            // else woken again by the next arrival

    }
    c.phase = Phase::busy;
    c.ticket = t.id;
    c.service = t.service;
    const int max_recalls = centre_.settings().max_recalls;
    Item next = at_time(item.at, Kind::start);
    next.counter = item.counter;
    c.absent = queue_rng_.chance(options_.no_show_share);
    if (c.absent) {
      c.until_limit = queue_rng_.chance(0.5);
      c.recalls_left = c.until_limit ? 0 : queue_rng_.between(0, std::min(2, std::max(0, max_recalls)));
      next.kind = c.until_limit || c.recalls_left > 0 ? Kind::recall : Kind::no_show;
      next.at += queue_rng_.duration(seconds{45}, seconds{120});
    } else if (max_recalls >= 1 && queue_rng_.chance(0.08)) {
      c.until_limit = false;
      c.recalls_left = 1;
      next.kind = Kind::recall;  // slow to come: called once more, then arrives
      next.at += queue_rng_.duration(seconds{45}, seconds{90});
    } else {
      next.at += queue_rng_.duration(seconds{15}, seconds{60});
    }
    push(next);
  }

  void on_recall(const Item& item) {
    CounterSim& c = counters_[static_cast<std::size_t>(item.counter)];
    const Ticket t = centre_.recall(c.def->number, item.at, c.actor);
    if (t.state == TicketState::no_show) {  // past the recall limit
      ++summary_.no_shows;
      visit_over(item.counter, item.at);
      return;
    }
    Item next = at_time(item.at, Kind::recall);
    next.counter = item.counter;
    if (!c.absent) {
      next.kind = Kind::start;
      next.at += queue_rng_.duration(seconds{15}, seconds{60});
    } else if (c.until_limit || --c.recalls_left > 0) {
      next.at += queue_rng_.duration(seconds{45}, seconds{90});
    } else {
      next.kind = Kind::no_show;
      next.at += queue_rng_.duration(seconds{45}, seconds{90});
    }
    push(next);
  }

  void on_no_show(const Item& item) {
    CounterSim& c = counters_[static_cast<std::size_t>(item.counter)];
    centre_.mark_no_show(c.def->number, item.at, c.actor);
    ++summary_.no_shows;
    visit_over(item.counter, item.at);
  }

  void on_start(const Item& item) {
    CounterSim& c = counters_[static_cast<std::size_t>(item.counter)];
    const Ticket t = centre_.start_service(c.def->number, item.at, c.actor);
    c.service = t.service;
    const std::size_t here = service_index(t.service);

    const bool transfer = queue_rng_.chance(options_.transfer_share);
    const double u1 = queue_rng_.uniform(), u2 = queue_rng_.uniform(), u3 = queue_rng_.uniform();
    const bool file = queue_rng_.chance(options_.dossier_share);
    const bool two = queue_rng_.chance(0.1);
    if (transfer) {
      // Another area, by the same weights; none when this is the only one served.
      std::vector<double> weights = service_weights_;
      if (here < weights.size()) weights[here] = 0;
      const std::size_t to = queue_rng_.pick(weights);
      if (to < weights.size()) {
        c.transfer_to = catalogue_.services[to].code;
        Item next = at_time(item.at + queue_rng_.duration(minutes{1}, minutes{4}), Kind::transfer);
        next.counter = item.counter;
        push(next);
        return;
      }
    }
    // Around the area's average: from half of it to twice it, skewed towards the short side (mean 1).
    const int avg = here < catalogue_.services.size() ? catalogue_.services[here].avg_service_minutes
                                                      : catalogue_.queue.default_service_minutes;
    const double factor = 0.5 + 0.5 * u1 + u2 * u3;
    const milliseconds length{static_cast<std::int64_t>(factor * avg * 60.0) * 1000};
    if (file && here < procedures_.size() && !procedures_[here].empty()) {
      for (int i = 0; i < (two ? 2 : 1); ++i) {
        Item receive = at_time(item.at + milliseconds{static_cast<std::int64_t>(static_cast<double>(length.count()) *
                                                                      queue_rng_.uniform(0.3, 0.9))}, Kind::receive);
        receive.counter = item.counter;
        receive.ticket = t.id;
        push(receive);
      }
    }
    Item finish = at_time(item.at + length, Kind::finish);
    finish.counter = item.counter;
    push(finish);
  }

  void on_transfer(const Item& item) {
    CounterSim& c = counters_[static_cast<std::size_t>(item.counter)];
    const Ticket t = centre_.transfer(c.def->number, c.transfer_to, item.at, c.actor);
    ++summary_.transfers;
    if (queue_closed_) {  // sent on after closing time: nobody will call it today
      centre_.cancel_ticket(t.id, kClosingReason, item.at, Actor{"sim", ""});
      ++summary_.cancelled;
    }
    wake(c.transfer_to, item.at);
    visit_over(item.counter, item.at);
  }

  void on_receive(const Item& item) {
    CounterSim& c = counters_[static_cast<std::size_t>(item.counter)];
    const std::size_t here = service_index(c.service);
    const auto& procs = procedures_[here];
    const Procedure& proc = *procs[static_cast<std::size_t>(queue_rng_.between(0, static_cast<int>(procs.size()) - 1))];
    store::DossierIntake in;
    in.procedure = proc.code;
    in.channel = queue_rng_.chance(options_.postal_share) ? Channel::postal : Channel::in_person;
    in.digitised = queue_rng_.chance(options_.digitised_share);
    in.data_reused = queue_rng_.chance(0.4);
    const bool online_payment = queue_rng_.chance(options_.paid_online_share);
    in.paid_online = proc.fee > 0 && online_payment;
    in.fee_paid = proc.fee > 0;  // at the counter when not online
    in.ticket = item.ticket;
    const Dossier d = centre_.receive_dossier(in, item.at, c.actor);
    ++summary_.dossiers;
    check_later(d.code, item.at);
  }

  void on_finish(const Item& item) {
    CounterSim& c = counters_[static_cast<std::size_t>(item.counter)];
    const Ticket t = centre_.finish_service(c.def->number, item.at, c.actor);
    ++summary_.served;
    if (queue_rng_.chance(options_.rating_share)) {
      Item rate = at_time(item.at + queue_rng_.duration(seconds{5}, seconds{40}), Kind::rate);
      rate.ticket = t.id;
      push(rate);
    }
    visit_over(item.counter, item.at);
  }

  void on_rate(const Item& item) {
    store::RatingInput in;
    in.ticket = item.ticket;
    const double u = queue_rng_.uniform();
    in.level = u < 0.72 ? 5 : u < 0.965 ? 4 : u < 0.99 ? 3 : u < 0.997 ? 2 : 1;
    in.scale = 5;
    const std::size_t reason = static_cast<std::size_t>(queue_rng_.between(0, static_cast<int>(kLowRatingReasons.size()) - 1));
    if (in.level <= 3) in.reason = std::string(kLowRatingReasons[reason]);
    if (queue_rng_.chance(0.3)) {  // some fill in the nine criteria
      std::array<int, kCriteriaCount> criteria{};
      for (int& score : criteria) {
        const double v = queue_rng_.uniform();
        score = in.level >= 4 ? (v < 0.9 ? 2 : 1) : (v < 0.4 ? 2 : v < 0.85 ? 1 : 0);
      }
      in.criteria = criteria;
    }
    centre_.submit_rating(in, item.at, Actor{"sim", ""});
    ++summary_.ratings;
  }

  void on_close_queue(const Item& item) {
    // Whoever is still waiting when the centre closes goes home: their tickets are cancelled.
    queue_closed_ = true;
    const Date ticket_day = service_day(item.at, zone_, catalogue_.queue.day_rollover_minute);
    for (const ServiceArea& area : catalogue_.services) {
      for (const Ticket& t : centre_.waiting_tickets(area.code, item.at)) {
        if (t.day != ticket_day || t.issued_at > item.at) continue;
        centre_.cancel_ticket(t.id, kClosingReason, item.at, Actor{"sim", ""});
        ++summary_.cancelled;
      }
    }
  }

  // ---- Dossiers

  void on_online(const Item& item) {
    const std::size_t s = online_rng_.pick(online_weights_);
    if (s >= online_procedures_.size() || online_procedures_[s].empty()) return;
    const auto& procs = online_procedures_[s];
    const Procedure& proc = *procs[static_cast<std::size_t>(online_rng_.between(0, static_cast<int>(procs.size()) - 1))];
    store::DossierIntake in;
    in.procedure = proc.code;
    in.channel = proc.online == OnlineLevel::full ? Channel::online_full : Channel::online_partial;
    in.digitised = online_rng_.chance(std::max(options_.digitised_share, 0.98));
    in.data_reused = online_rng_.chance(0.6);
    in.paid_online = proc.fee > 0 && online_rng_.chance(options_.paid_online_share);
    in.fee_paid = in.paid_online;  // otherwise paid when the result is collected
    const Dossier d = centre_.receive_dossier(in, item.at, Actor{"sim", ""});
    ++summary_.dossiers;
    check_later(d.code, item.at);
  }

  // A dossier received today is looked at again later today, when there is office time left.
  void check_later(const std::string& code, Instant received) {
    if (!working_ || sessions_.empty()) return;
    const Instant last = sessions_.back().end - work_rng_.duration(minutes{3}, minutes{12});
    Instant at = received + work_rng_.duration(minutes{20}, minutes{150});
    if (at > last) at = last;
    if (at <= received) return;
    auto when = office_time(at);
    if (!when || *when <= received) return;
    Item item = at_time(*when, Kind::work);
    item.code = code;
    push(item);
  }

  Date start_day(const Dossier& d) const {
    const Date received = zone_.local_date(d.received_at);
    return calendar_.is_working_day(received) && zone_.local_minute_of_day(d.received_at) < hours_.afternoon_end
               ? received
               : calendar_.next_working_day(received);
  }

  // `n` working days before `d`, not before `floor`.
  Date working_days_before(Date d, int n, Date floor) const {
    while (n > 0 && d > floor) {
      d -= days{1};
      if (calendar_.is_working_day(d)) --n;
    }
    return std::max(d, floor);
  }

  // What to do with a dossier now, from its state and its plan.
  Decision decide(const Dossier& d, const Plan& p, Instant now) const {
    const Date today = zone_.local_date(now);
    if (now < d.received_at) return {};
    switch (d.status) {
      case DossierStatus::returned:
      case DossierStatus::withdrawn:
      case DossierStatus::not_accepted:
      case DossierStatus::stopped: return {};
      case DossierStatus::registered: return {Step::accept};
      case DossierStatus::supplement_requested: {
        if (p.withdraw && today >= calendar_.add_working_days(start_day(d), p.withdraw_after)) return {Step::withdraw};
        if (d.paused_at && now > *d.paused_at &&
            today >= calendar_.add_working_days(zone_.local_date(*d.paused_at), p.supplement_days))
          return {Step::supplement_received};
        return {};
      }
      case DossierStatus::processed: {
        if (!d.finished_at || now <= *d.finished_at) return {};
        if (d.timeliness(zone_) == Timeliness::late && d.apology_slips == 0)
          return {Step::apology, new_due(today, d, now)};  // not planned so; the rules need the slip first
        if (today < calendar_.add_working_days(zone_.local_date(*d.finished_at), p.return_after)) return {};
        if (d.fee > 0 && !d.fee_paid) return {Step::pay};
        return {Step::give_back};
      }
      case DossierStatus::accepted:
      case DossierStatus::processing:
      case DossierStatus::financial_obligation: break;
    }
    const Date start = start_day(d);
    const Date due_day = zone_.local_date(d.due_at);
    if (p.withdraw) {
      if (today >= std::min(calendar_.add_working_days(start, p.withdraw_after), due_day)) return {Step::withdraw};
      return {};
    }
    if (p.supplement && d.supplements == 0) {
      // Asked for before the appointment day where there is one, so some time is left once it arrives.
      const Date last = working_days_before(due_day, 1, start);
      if (today >= std::min(calendar_.add_working_days(start, p.supplement_after), last)) return {Step::request_supplement};
      return {};
    }
    // The day it is resolved. A due day that is not a working day (not expected) counts back to one.
    Date on_time = due_day;
    while (on_time > start && !calendar_.is_working_day(on_time)) on_time -= days{1};
    Date target = on_time;
    if (p.fate == Timeliness::early) {
      const Date early = working_days_before(due_day, p.early_by, start);
      if (early < due_day) target = early;
    } else if (p.fate == Timeliness::late) {
      target = calendar_.add_working_days(due_day, p.late_by);
    }
    // Late: the apology slip with the new date is issued on or before the appointment day; and any dossier
    // found past its appointment (or past the date promised on its slip) gets one before anything else.
    const bool past_promise = d.promised_at.has_value() && today > zone_.local_date(d.promised_at.value());
    const bool planned = p.fate == Timeliness::late && d.apology_slips == 0 &&
                         today >= working_days_before(due_day, p.apology_lead, start);
    const bool overdue = today > due_day && (d.apology_slips == 0 || past_promise);
    if (planned || overdue) return {Step::apology, new_due(std::max(target, today), d, now)};
    if (today >= target) return {Step::resolve};
    return {};
  }

  // The end of office hours on `day` or, if that is not later than the current promise and now, the next
  // working day that is.
  Instant new_due(Date day, const Dossier& d, Instant now) const {
    const Instant floor = std::max(d.promised_at.value_or(d.due_at), now);
    Instant due = zone_.at_local(day, hours_.afternoon_end);
    while (due <= floor) {
      day = calendar_.next_working_day(day);
      due = zone_.at_local(day, hours_.afternoon_end);
    }
    return due;
  }

  void on_work(const Item& item) {
    auto d = centre_.dossier(item.code);
    if (!d) return;
    const Plan plan = make_plan(seed_, item.code, options_);
    const Decision decision = decide(*d, plan, item.at);
    if (decision.step == Step::none) return;
    const Actor actor = back_office(d->field);
    const std::string& code = item.code;
    switch (decision.step) {
      case Step::none: return;
      case Step::accept: centre_.change_dossier_status(code, DossierStatus::accepted, kAcceptReason, item.at, actor); break;
      case Step::withdraw:
        centre_.change_dossier_status(code, DossierStatus::withdrawn, kWithdrawReason, item.at, actor);
        ++summary_.withdrawn;
        break;
      case Step::request_supplement:
        centre_.request_supplement(code, kSupplementReasons[plan.reason % kSupplementReasons.size()], item.at, actor);
        ++summary_.supplements;
        break;
      case Step::supplement_received: centre_.supplement_received(code, item.at, actor); break;
      case Step::apology:
        centre_.issue_apology(code, kApologyReasons[plan.reason % kApologyReasons.size()], decision.new_due, item.at, actor);
        ++summary_.apologies;
        break;
      case Step::resolve: {
        const Dossier done = centre_.resolve_dossier(code, plan.result_digitised, item.at, actor);
        ++summary_.resolved;
        if (done.timeliness(zone_) == Timeliness::late) ++summary_.late;
        break;
      }
      case Step::pay: centre_.record_payment(code, false, item.at, actor); break;
      case Step::give_back:
        centre_.return_result(code, item.at, actor);
        ++summary_.returned;
        break;
    }
    // Perhaps more today (the result handed back the same day, a resolution after the slip, ...).
    // The next look is within the day's remaining office time, so a step due today (a resolution after a
    // supplement arriving on the appointment day) still happens today.
    if (item.index + 1 >= kMaxStepsPerDay) return;
    const milliseconds left = sessions_.back().end - minutes{1} - item.at;
    if (left <= milliseconds{0}) return;
    milliseconds delay = work_rng_.duration(minutes{5}, minutes{90});
    const milliseconds squeezed{static_cast<std::int64_t>(static_cast<double>(left.count()) * work_rng_.uniform(0.3, 1.0))};
    delay = std::max(std::min(delay, squeezed), milliseconds{1000});
    auto when = office_time(item.at + delay, minutes{0});
    if (!when) return;
    Item next = at_time(*when, Kind::work);
    next.code = code;
    next.index = item.index + 1;
    push(next);
  }

  static constexpr std::size_t kMaxStepsPerDay = 8;

  CentreStore& centre_;
  const Catalogue& catalogue_;
  const WorkingCalendar& calendar_;
  const Zone& zone_;
  const OfficeHours hours_;  // a copy: the settings in force when the day is simulated
  Date day_;
  std::uint64_t seed_;
  const DayOptions& options_;
  Instant midnight_;
  bool working_;
  Rng arrivals_rng_, queue_rng_, online_rng_, work_rng_;

  std::vector<Window> sessions_;
  std::vector<double> service_weights_, online_weights_;
  std::vector<std::vector<const Procedure*>> procedures_, online_procedures_;
  std::vector<CounterSim> counters_;
  std::vector<Arrival> arrivals_;
  std::priority_queue<Item, std::vector<Item>, Later> queue_;
  std::uint64_t next_order_ = 0;
  bool queue_closed_ = false;
  Summary summary_;
};

}  // namespace

Summary simulate_day(store::CentreStore& centre, Date day, std::uint64_t seed, const DayOptions& options) {
  OpenDossiers open;
  open.update(centre);
  return DaySim(centre, day, seed, options).run(open.codes);
}

Summary simulate_period(store::CentreStore& centre, Date from, Date to, std::uint64_t seed, const DayOptions& options) {
  Summary total;
  OpenDossiers open;
  for (Date day = from; day <= to; day += days{1}) {
    open.update(centre);  // the whole log once, then each day's events
    total += DaySim(centre, day, seed, options).run(open.codes);
  }
  return total;
}

}  // namespace kiosk::sim
