// Figures for a small quarter worked out by hand (see the comments by each record).
#include <gtest/gtest.h>

#include "kiosk/domain/indicators.hpp"

namespace kiosk {
namespace {

const Zone vn = Zone::vietnam();

Instant t(const char* local) { return *parse_instant(local, vn); }

Dossier dossier(const char* code, Channel ch, const char* received, const char* due) {
  Dossier d;
  d.code = code;
  d.procedure = "P";
  d.field = "HT";
  d.channel = ch;
  d.received_at = t(received);
  d.due_at = t(due);
  return d;
}

Dossier finished(Dossier d, const char* when) {
  d.finished_at = t(when);
  d.status = DossierStatus::processed;
  return d;
}

Dossier closed(Dossier d, const char* when, DossierStatus s) {
  d.closed_at = t(when);
  d.status = s;
  return d;
}

Ticket ticket(std::int64_t id, const char* service, const char* issued) {
  Ticket tk;
  tk.id = id;
  tk.service = service;
  tk.first_service = service;
  tk.issued_at = t(issued);
  return tk;
}

Ticket served(Ticket tk, int counter, const char* called, const char* started, const char* done) {
  tk.counter = counter;
  tk.called_at = t(called);
  tk.started_at = t(started);
  tk.finished_at = t(done);
  tk.state = TicketState::served;
  return tk;
}

Rating rating(int level, const char* at) {
  Rating r;
  r.level = level;
  r.at = t(at);
  return r;
}

class QuarterFigures : public ::testing::Test {
 protected:
  Indicators compute() {
    IndicatorBuilder b(Period::quarter(2026, 3), vn, t("2026-11-01T00:00"));
    // Carried over (received before 1 July, unfinished on it), resolved early.
    b.add(finished(dossier("D1", Channel::in_person, "2026-06-20T09:00", "2026-07-05T17:00"), "2026-07-03T10:00"));
    // Finished before the period: not counted.
    b.add(finished(dossier("D2", Channel::in_person, "2026-06-25T09:00", "2026-07-10T17:00"), "2026-06-30T10:00"));
    // New, on time (on the appointment day), online full-process, digitised, result digitised, paid online.
    Dossier d3 = finished(dossier("D3", Channel::online_full, "2026-07-02T09:00", "2026-07-09T17:00"), "2026-07-09T15:00");
    d3.digitised = d3.result_digitised = true;
    d3.fee = 100000;
    d3.paid_online = true;
    b.add(d3);
    // New, late, result digitised, fee paid at the counter.
    Dossier d4 = finished(dossier("D4", Channel::in_person, "2026-07-15T09:00", "2026-07-20T17:00"), "2026-07-22T10:00");
    d4.result_digitised = true;
    d4.fee = 50000;
    b.add(d4);
    // New by post, digitised, withdrawn in the period: received, neither resolved nor pending.
    Dossier d5 = closed(dossier("D5", Channel::postal, "2026-08-01T09:00", "2026-08-10T17:00"), "2026-08-03T09:00",
                        DossierStatus::withdrawn);
    d5.digitised = true;
    b.add(d5);
    // New, online partial, digitised, still in progress and not yet due at the end.
    Dossier d6 = dossier("D6", Channel::online_partial, "2026-09-20T09:00", "2026-10-05T17:00");
    d6.digitised = true;
    b.add(d6);
    // New, digitised, in progress and overdue.
    Dossier d7 = dossier("D7", Channel::in_person, "2026-09-01T09:00", "2026-09-15T17:00");
    d7.digitised = true;
    b.add(d7);
    // Carried over and finished after the period: pending at the end, overdue.
    b.add(finished(dossier("D8", Channel::in_person, "2026-06-01T09:00", "2026-06-20T17:00"), "2026-10-02T10:00"));
    // Received after the period: not counted.
    b.add(dossier("D9", Channel::in_person, "2026-10-05T09:00", "2026-10-10T17:00"));
    // New, resolved on the appointment day in the morning: on time.
    b.add(finished(dossier("D10", Channel::in_person, "2026-07-10T09:00", "2026-07-20T17:00"), "2026-07-20T08:00"));
    // New online, not accepted on the last day.
    b.add(closed(dossier("D11", Channel::online_full, "2026-09-29T09:00", "2026-10-06T17:00"), "2026-09-29T10:00",
                 DossierStatus::not_accepted));
    // Withdrawn before the period: not counted.
    b.add(closed(dossier("D12", Channel::in_person, "2026-06-10T09:00", "2026-06-20T17:00"), "2026-06-15T09:00",
                 DossierStatus::withdrawn));

    b.add(ApologySlip{"D4", t("2026-07-20T16:00"), "chờ ý kiến liên thông", t("2026-07-20T17:00"), t("2026-07-23T17:00")});
    b.add(ApologySlip{"D8", t("2026-06-19T16:00"), "hồ sơ phức tạp", t("2026-06-20T17:00"), t("2026-07-20T17:00")});

    b.add(rating(5, "2026-07-02T10:00"));
    b.add(rating(4, "2026-07-03T10:00"));
    b.add(rating(3, "2026-08-01T10:00"));
    b.add(rating(1, "2026-09-30T23:30"));  // 16:30 UTC on 30 September: inside
    b.add(rating(5, "2026-10-01T00:30"));  // still 30 September in UTC, but 1 October in Vietnam: outside

    b.add(served(ticket(1, "GPLX", "2026-07-01T08:00"), 1, "2026-07-01T08:10", "2026-07-01T08:11", "2026-07-01T08:21"));
    b.add(served(ticket(2, "HT", "2026-07-01T08:05"), 2, "2026-07-01T08:25", "2026-07-01T08:26", "2026-07-01T08:46"));
    Ticket t3 = ticket(3, "HT", "2026-07-01T08:06");
    t3.counter = 2;
    t3.called_at = t("2026-07-01T08:30");
    t3.finished_at = t("2026-07-01T08:35");
    t3.state = TicketState::no_show;
    b.add(t3);
    b.add(ticket(4, "HT", "2026-06-30T16:00"));  // before the period
    b.add(ticket(5, "HT", "2026-09-30T16:00"));  // never called
    return b.finish();
  }
};

TEST_F(QuarterFigures, ReceivedSplitsCarriedOverAndNewByChannel) {
  Indicators ind = compute();
  EXPECT_EQ(ind.dossiers.carried_over, 2);  // D1, D8
  EXPECT_EQ(ind.dossiers.new_, 7);          // D3 D4 D5 D6 D7 D10 D11
  EXPECT_EQ(ind.dossiers.received, 9);
  EXPECT_EQ(ind.new_by_channel[Channel::in_person], 3);
  EXPECT_EQ(ind.new_by_channel[Channel::online_full], 2);
  EXPECT_EQ(ind.new_by_channel[Channel::online_partial], 1);
  EXPECT_EQ(ind.new_by_channel[Channel::postal], 1);
  EXPECT_EQ(ind.new_online, 3);
}

TEST_F(QuarterFigures, ResolvedByTimelinessAndPendingAtTheEnd) {
  Indicators ind = compute();
  EXPECT_EQ(ind.dossiers.resolved, 4);
  EXPECT_EQ(ind.dossiers.early, 1);
  EXPECT_EQ(ind.dossiers.on_time, 2);
  EXPECT_EQ(ind.dossiers.late, 1);
  EXPECT_DOUBLE_EQ(*ind.dossiers.on_time_rate(), 0.75);
  EXPECT_EQ(ind.dossiers.pending, 3);
  EXPECT_EQ(ind.dossiers.not_due, 1);
  EXPECT_EQ(ind.dossiers.overdue, 2);
  EXPECT_EQ(ind.dossiers.closed_unresolved, 2);
  EXPECT_EQ(ind.dossiers.received, ind.dossiers.resolved + ind.dossiers.pending + ind.dossiers.closed_unresolved);
}

TEST_F(QuarterFigures, RatesDigitisationPaymentSatisfaction) {
  Indicators ind = compute();
  EXPECT_EQ(ind.apology_slips, 1);
  EXPECT_DOUBLE_EQ(*ind.digitised_received_rate(), 4.0 / 7.0);
  EXPECT_DOUBLE_EQ(*ind.digitised_result_rate(), 0.5);
  EXPECT_EQ(ind.with_fee, 2);
  EXPECT_DOUBLE_EQ(*ind.online_payment_rate(), 0.5);
  EXPECT_EQ(ind.ratings, 4);
  EXPECT_EQ(ind.satisfied, 2);
  EXPECT_DOUBLE_EQ(*ind.satisfaction_rate(), 0.5);
}

TEST_F(QuarterFigures, QueueFigures) {
  Indicators ind = compute();
  EXPECT_EQ(ind.queue.issued, 4);
  EXPECT_EQ(ind.queue.served, 2);
  EXPECT_EQ(ind.queue.no_show, 1);
  EXPECT_EQ(ind.queue.waiting, 1);
  EXPECT_DOUBLE_EQ(*ind.queue.avg_wait_s, 1080.0);  // (600 + 1200 + 1440) / 3
  EXPECT_EQ(*ind.queue.p90_wait_s, 1440);
  EXPECT_DOUBLE_EQ(*ind.queue.avg_service_s, 900.0);
  EXPECT_EQ(ind.queue_by_service.at("GPLX").served, 1);
  EXPECT_EQ(ind.queue_by_service.at("HT").issued, 3);
  EXPECT_EQ(ind.queue_by_service.at("HT").no_show, 1);
  EXPECT_EQ(ind.queue_by_counter.at(2).issued, 2);
}

TEST_F(QuarterFigures, JsonHasTheContractKeys) {
  nlohmann::json j = to_json(compute());
  EXPECT_EQ(j["received"]["total"], 9);
  EXPECT_EQ(j["received"]["carried_over"], 2);
  EXPECT_EQ(j["received"]["new"], 7);
  EXPECT_EQ(j["received"]["by_channel"]["postal"], 1);
  EXPECT_EQ(j["resolved"]["late"], 1);
  EXPECT_DOUBLE_EQ(j["resolved"]["on_time_rate"].get<double>(), 0.75);
  EXPECT_EQ(j["pending"]["overdue"], 2);
  EXPECT_EQ(j["apology_slips"], 1);
  EXPECT_DOUBLE_EQ(j["digitised"]["result_rate"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(j["online_payment_rate"].get<double>(), 0.5);
  EXPECT_EQ(j["satisfaction"]["ratings"], 4);
  EXPECT_EQ(j["queue"]["p90_wait_s"], 1440);
  EXPECT_EQ(j["queue"]["no_show"], 1);
}

TEST_F(QuarterFigures, TextReadsLikeAProvincialReport) {
  std::string text = to_text(compute(), "Trung tâm thử nghiệm");
  EXPECT_NE(text.find("đã tiếp nhận 9 hồ sơ"), std::string::npos) << text;
  EXPECT_NE(text.find("trước hạn và đúng hạn 3 hồ sơ (75,0%), trễ hạn 1 hồ sơ"), std::string::npos) << text;
  EXPECT_NE(text.find("trực tuyến toàn trình 2"), std::string::npos) << text;
  EXPECT_NE(text.find("từ ngày 01/07/2026 đến ngày 30/09/2026"), std::string::npos) << text;
  std::string en = to_text(compute(), "Test centre", "en");
  EXPECT_NE(en.find("9 dossiers were received"), std::string::npos) << en;
}

TEST(Indicators, EmptyPeriodHasNullRates) {
  IndicatorBuilder b(Period::month(2026, 2), vn, t("2026-11-01T00:00"));
  nlohmann::json j = to_json(b.finish());
  EXPECT_TRUE(j["resolved"]["on_time_rate"].is_null());
  EXPECT_TRUE(j["satisfaction"]["rate"].is_null());
  EXPECT_TRUE(j["queue"]["avg_wait_s"].is_null());
  EXPECT_EQ(j["received"]["total"], 0);
}

TEST(Indicators, PendingIsAsOfNowWithinACurrentPeriod) {
  // Due today, unfinished, at 10:00 today: not yet overdue.
  IndicatorBuilder b(Period::month(2026, 11), vn, t("2026-11-23T10:00"));
  b.add(dossier("X", Channel::in_person, "2026-11-16T09:00", "2026-11-23T17:00"));
  b.add(dossier("Y", Channel::in_person, "2026-11-23T11:00", "2026-11-30T17:00"));  // after "now": not yet received
  Indicators ind = b.finish();
  EXPECT_EQ(ind.dossiers.received, 1);
  EXPECT_EQ(ind.dossiers.not_due, 1);
  EXPECT_EQ(ind.dossiers.overdue, 0);
}

TEST(VietnameseFormat, NumbersAndPercents) {
  EXPECT_EQ(format_count_vi(14911), "14.911");
  EXPECT_EQ(format_count_vi(1250), "1.250");
  EXPECT_EQ(format_count_vi(999), "999");
  EXPECT_EQ(format_count_vi(1000000), "1.000.000");
  EXPECT_EQ(format_percent_vi(0.992), "99,2%");
  EXPECT_EQ(format_percent_vi(0.9985, 2), "99,85%");
  EXPECT_EQ(format_percent_vi(std::nullopt), "không có số liệu");
  EXPECT_EQ(format_duration_vi(750.0), "12 phút 30 giây");
}

TEST(Periods, CalendarAndReportingShortcuts) {
  auto d = [](const char* s) { return *parse_date(s); };
  EXPECT_EQ(Period::quarter(2026, 3).from, d("2026-07-01"));
  EXPECT_EQ(Period::quarter(2026, 3).to, d("2026-09-30"));
  EXPECT_EQ(Period::month(2028, 2).to, d("2028-02-29"));
  EXPECT_EQ(Period::reporting_year(2026).from, d("2025-12-15"));
  EXPECT_EQ(Period::reporting_year(2026).to, d("2026-12-14"));
  EXPECT_EQ(Period::reporting_quarter(2026, 1).from, d("2025-12-15"));
  EXPECT_EQ(Period::reporting_quarter(2026, 1).to, d("2026-03-14"));
  EXPECT_EQ(Period::reporting_quarter(2026, 2).from, d("2026-03-15"));
  EXPECT_EQ(Period::reporting_quarter(2026, 4).to, d("2026-12-14"));
  EXPECT_EQ(Period::parse("2026-Q3")->to, d("2026-09-30"));
  EXPECT_EQ(Period::parse("BC2026-Q1")->from, d("2025-12-15"));
  EXPECT_EQ(Period::parse("2026-02")->to, d("2026-02-28"));
  EXPECT_EQ(Period::parse("2026-07-01..2026-07-15")->to, d("2026-07-15"));
  EXPECT_FALSE(Period::parse("2026-13"));
  EXPECT_FALSE(Period::parse("2026-Q5"));
  EXPECT_FALSE(Period::parse("2026-07-15..2026-07-01"));
  EXPECT_FALSE(Period::parse("soon"));
}

}  // namespace
}  // namespace kiosk
