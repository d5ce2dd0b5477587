// The figures a province publishes, computed from records for a period of local dates. One implementation,
// fed record by record, so the centre (from its tables) and the province (from synced events) agree.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/domain/records.hpp"
#include "kiosk/domain/time.hpp"

namespace kiosk {

struct Period {
  Date from;  // inclusive, local dates in the centre's zone
  Date to;    // inclusive

  static Period month(int year, unsigned month);
  static Period quarter(int year, unsigned quarter);
  static Period year(int year);
  // The government reporting year: 15/12 of the previous year to 14/12 (quarters likewise from the 15th).
  static Period reporting_year(int year);
  static Period reporting_quarter(int year, unsigned quarter);
  // "2026-07-01..2026-09-30", "2026-Q3", "2026-07", "2026", "BC2026" (reporting year), "BC2026-Q1"; empty
  // when malformed.
  static std::optional<Period> parse(std::string_view text);
  bool contains(Date d) const { return d >= from && d <= to; }
};

struct QueueFigures {
  std::int64_t issued = 0;
  std::int64_t served = 0;
  std::int64_t no_show = 0;
  std::int64_t cancelled = 0;
  std::int64_t waiting = 0;  // still waiting or being served at the cut-off
  std::optional<double> avg_wait_s;
  std::optional<std::int64_t> p90_wait_s;
  std::optional<double> avg_service_s;
  std::optional<std::int64_t> p90_service_s;
};

struct DossierFigures {
  std::int64_t received = 0, carried_over = 0, new_ = 0;
  std::int64_t resolved = 0, early = 0, on_time = 0, late = 0;
  std::int64_t pending = 0, not_due = 0, overdue = 0;
  std::int64_t closed_unresolved = 0;  // withdrawn, not accepted or stopped within the period
  std::optional<double> on_time_rate() const;
};

struct Indicators {
  Period period;
  Instant as_of;  // pending figures are as of this instant (the period's end, or now if earlier)
  DossierFigures dossiers;
  std::map<Channel, std::int64_t> new_by_channel;  // every channel present, zero when none
  std::int64_t new_online = 0;
  std::int64_t inter_agency = 0;
  std::int64_t apology_slips = 0;
  std::int64_t new_digitised = 0;
  std::int64_t resolved_result_digitised = 0;
  std::int64_t with_fee = 0, paid_online = 0;
  std::int64_t ratings = 0, satisfied = 0;
  // Visits whose rating screen asked and got no answer: neither ratings nor satisfied, so the satisfaction
  // rate is over the ratings given; reported beside them for the centre to see how many citizens answer.
  std::int64_t ratings_abandoned = 0;
  std::map<int, std::int64_t> ratings_by_level;
  QueueFigures queue;
  std::map<std::string, QueueFigures> queue_by_service;
  std::map<int, QueueFigures> queue_by_counter;
  std::map<std::string, DossierFigures> dossiers_by_field;

  std::optional<double> digitised_received_rate() const;
  std::optional<double> digitised_result_rate() const;
  std::optional<double> online_payment_rate() const;
  std::optional<double> satisfaction_rate() const;
};

class IndicatorBuilder {
 public:
  IndicatorBuilder(Period period, Zone zone, Instant now);
  void add(const Dossier& d);
  void add(const Ticket& t);
  void add(const Rating& r);
  void add(const RatingAbandonment& a);
  void add(const ApologySlip& s);
  Indicators finish();

  // The instants bounding what can matter: records ending before `start()` or beginning at or after
  // `end()` change nothing, so a store may filter on them.
  Instant start() const { return start_; }
  Instant end() const { return end_; }

 private:
  struct QueueSamples {
    QueueFigures figures;
    std::vector<std::int64_t> waits, services;
  };
  static void add_ticket_to(QueueSamples& q, const Ticket& t, Instant as_of);
  static void finish_queue(QueueSamples& q);
  Indicators out_;
  Zone zone_;
  Instant start_, end_;
  QueueSamples queue_;
  std::map<std::string, QueueSamples> by_service_;
  std::map<int, QueueSamples> by_counter_;
};

// Vietnamese number style: 14.911; 99,2%.
std::string format_count_vi(std::int64_t n);
std::string format_percent_vi(std::optional<double> rate, int decimals = 1);
std::string format_duration_vi(std::optional<double> seconds);  // "12 phút 30 giây"

nlohmann::json to_json(const Indicators& ind);
// The report paragraph in the style of a provincial report, Vietnamese ("vi") or English ("en").
std::string to_text(const Indicators& ind, std::string_view centre_name, std::string_view lang = "vi");
// Long form: "metric,value" rows with dotted metric names, rates as fractions.
std::string to_csv(const Indicators& ind);

}  // namespace kiosk
