#include "kiosk/domain/indicators.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace kiosk {
namespace {

using namespace std::chrono;

std::optional<double> ratio(std::int64_t num, std::int64_t den) {
  if (den == 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

Date ymd_date(int y, unsigned m, unsigned d) { return sys_days{year{y} / month{m} / day{d}}; }
Date last_of_month(int y, unsigned m) { return sys_days{year{y} / month{m} / std::chrono::last}; }

std::optional<int> read_year(std::string_view s) {
  if (s.size() != 4 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  return std::stoi(std::string(s));
}

std::optional<std::int64_t> percentile90(std::vector<std::int64_t>& v) {
  if (v.empty()) return std::nullopt;
  // Nearest rank: the smallest value with at least 90% of the samples at or below it.
  auto rank = static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(v.size())));
  auto nth = v.begin() + static_cast<std::ptrdiff_t>(std::max<std::size_t>(rank, 1) - 1);
  std::nth_element(v.begin(), nth, v.end());
  return *nth;
}

std::optional<double> mean(const std::vector<std::int64_t>& v) {
  if (v.empty()) return std::nullopt;
  return static_cast<double>(std::accumulate(v.begin(), v.end(), std::int64_t{0})) / static_cast<double>(v.size());
}

}  // namespace

// ---- Periods ---------------------------------------------------------------------------------------------

Period Period::month(int y, unsigned m) { return {ymd_date(y, m, 1), last_of_month(y, m)}; }
Period Period::quarter(int y, unsigned q) { return {ymd_date(y, 3 * q - 2, 1), last_of_month(y, 3 * q)}; }
Period Period::year(int y) { return {ymd_date(y, 1, 1), ymd_date(y, 12, 31)}; }
Period Period::reporting_year(int y) { return {ymd_date(y - 1, 12, 15), ymd_date(y, 12, 14)}; }
Period Period::reporting_quarter(int y, unsigned q) {
  Date from = q == 1 ? ymd_date(y - 1, 12, 15) : ymd_date(y, 3 * (q - 1), 15);
  return {from, ymd_date(y, 3 * q, 14)};
}

std::optional<Period> Period::parse(std::string_view s) {
  if (auto dots = s.find(".."); dots != std::string_view::npos) {
    auto from = parse_date(s.substr(0, dots)), to = parse_date(s.substr(dots + 2));
    if (!from || !to || *to < *from) return std::nullopt;
    return Period{*from, *to};
  }
  bool reporting = s.starts_with("BC");
  if (reporting) s.remove_prefix(2);
  auto y = read_year(s.substr(0, std::min<std::size_t>(4, s.size())));
  if (!y) return std::nullopt;
  if (s.size() == 4) return reporting ? reporting_year(*y) : year(*y);
  if (s.size() == 7 && s[4] == '-' && s[5] == 'Q' && s[6] >= '1' && s[6] <= '4') {
    auto q = static_cast<unsigned>(s[6] - '0');
    return reporting ? reporting_quarter(*y, q) : quarter(*y, q);
  }
  if (!reporting && s.size() == 7 && s[4] == '-') {
    int m = 0;
    if (s[5] < '0' || s[5] > '1' || s[6] < '0' || s[6] > '9') return std::nullopt;
    m = (s[5] - '0') * 10 + (s[6] - '0');
    if (m < 1 || m > 12) return std::nullopt;
    return month(*y, static_cast<unsigned>(m));
  }
  return std::nullopt;
}

std::optional<double> DossierFigures::on_time_rate() const { return ratio(early + on_time, resolved); }
std::optional<double> Indicators::digitised_received_rate() const { return ratio(new_digitised, dossiers.new_); }
std::optional<double> Indicators::digitised_result_rate() const {
  return ratio(resolved_result_digitised, dossiers.resolved);
}
std::optional<double> Indicators::online_payment_rate() const { return ratio(paid_online, with_fee); }
std::optional<double> Indicators::satisfaction_rate() const { return ratio(satisfied, ratings); }

// ---- Builder ---------------------------------------------------------------------------------------------

IndicatorBuilder::IndicatorBuilder(Period period, Zone zone, Instant now) : zone_(std::move(zone)) {
  out_.period = period;
  start_ = zone_.at_local(period.from, 0);
  end_ = zone_.at_local(period.to + days{1}, 0);
  out_.as_of = std::min(end_, now);
  for (Channel c : {Channel::in_person, Channel::online_full, Channel::online_partial, Channel::postal})
    out_.new_by_channel[c] = 0;
  for (int level = 1; level <= 5; ++level) out_.ratings_by_level[level] = 0;
}

void IndicatorBuilder::add(const Dossier& d) {
  const Period& p = out_.period;
  const Instant as_of = out_.as_of;
  if (d.received_at >= as_of) return;
  const Date received = zone_.local_date(d.received_at);
  // When its processing ended: resolved (finished) or closed without a result.
  std::optional<Instant> ended = d.finished_at ? d.finished_at : d.closed_at;
  const bool ended_before_period = ended && *ended < start_;
  const bool is_new = p.contains(received);
  const bool carried_over = received < p.from && !ended_before_period;
  if (!is_new && !carried_over) return;

  DossierFigures& by_field = out_.dossiers_by_field[d.field];
  for (DossierFigures* f : {&out_.dossiers, &by_field}) {
    ++f->received;
    ++(is_new ? f->new_ : f->carried_over);
  }
  if (is_new) {
    ++out_.new_by_channel[d.channel];
    if (d.channel == Channel::online_full || d.channel == Channel::online_partial) ++out_.new_online;
    if (d.inter_agency) ++out_.inter_agency;
    if (d.digitised) ++out_.new_digitised;
    if (d.fee > 0) {
      ++out_.with_fee;
      if (d.paid_online) ++out_.paid_online;
    }
  }

  if (d.finished_at && *d.finished_at >= start_ && *d.finished_at < as_of) {
    const Timeliness t = *d.timeliness(zone_);
    for (DossierFigures* f : {&out_.dossiers, &by_field}) {
      ++f->resolved;
      ++(t == Timeliness::early ? f->early : t == Timeliness::on_time ? f->on_time : f->late);
    }
    if (d.result_digitised) ++out_.resolved_result_digitised;
  } else if (d.closed_at && !d.finished_at && *d.closed_at < as_of) {
    for (DossierFigures* f : {&out_.dossiers, &by_field}) ++f->closed_unresolved;
  } else if (!ended || *ended >= as_of) {
    // Still in progress at the cut-off: overdue once its appointment day has passed.
    const bool overdue = zone_.at_local(zone_.local_date(d.due_at) + days{1}, 0) <= as_of;
    for (DossierFigures* f : {&out_.dossiers, &by_field}) {
      ++f->pending;
      ++(overdue ? f->overdue : f->not_due);
    }
  }
}

void IndicatorBuilder::add_ticket_to(QueueSamples& q, const Ticket& t, Instant as_of) {
  ++q.figures.issued;
  const bool ended = t.finished_at && *t.finished_at < as_of;
  if (t.state == TicketState::served && ended) ++q.figures.served;
  else if (t.state == TicketState::no_show && ended) ++q.figures.no_show;
  else if (t.state == TicketState::cancelled && ended) ++q.figures.cancelled;
  else ++q.figures.waiting;
  if (t.called_at && *t.called_at < as_of) q.waits.push_back(*t.wait_seconds());
  if (ended)
    if (auto s = t.service_seconds()) q.services.push_back(*s);
}

void IndicatorBuilder::add(const Ticket& t) {
  if (t.issued_at < start_ || t.issued_at >= out_.as_of) return;
  add_ticket_to(queue_, t, out_.as_of);
  add_ticket_to(by_service_[t.service], t, out_.as_of);
  if (t.counter) add_ticket_to(by_counter_[*t.counter], t, out_.as_of);
}

void IndicatorBuilder::add(const Rating& r) {
  if (r.at < start_ || r.at >= out_.as_of) return;
  ++out_.ratings;
  ++out_.ratings_by_level[r.level];
  if (is_satisfied(r.level)) ++out_.satisfied;
}

void IndicatorBuilder::add(const RatingAbandonment& a) {
  if (a.at >= start_ && a.at < out_.as_of) ++out_.ratings_abandoned;
}

void IndicatorBuilder::add(const ApologySlip& s) {
  if (s.issued_at >= start_ && s.issued_at < out_.as_of) ++out_.apology_slips;
}

void IndicatorBuilder::finish_queue(QueueSamples& q) {
  q.figures.avg_wait_s = mean(q.waits);
  q.figures.p90_wait_s = percentile90(q.waits);
  q.figures.avg_service_s = mean(q.services);
  q.figures.p90_service_s = percentile90(q.services);
}

Indicators IndicatorBuilder::finish() {
  finish_queue(queue_);
  out_.queue = queue_.figures;
  for (auto& [code, q] : by_service_) {
    finish_queue(q);
    out_.queue_by_service[code] = q.figures;
  }
  for (auto& [number, q] : by_counter_) {
    finish_queue(q);
    out_.queue_by_counter[number] = q.figures;
  }
  return out_;
}

}  // namespace kiosk
