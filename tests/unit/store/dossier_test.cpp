#include "fixture.hpp"

namespace kiosk::store::testing {
namespace {

class Dossiers : public CentreTest {
 protected:
  Dossier receive(const char* when, const char* procedure = "1.001193") {
    DossierIntake in;
    in.procedure = procedure;
    in.digitised = true;
    return c().receive_dossier(in, at(when), staff());
  }
};

TEST_F(Dossiers, CodeAndAppointmentOnReceipt) {
  // Thursday 8 October 2026, 5 working days: Friday, Monday … Thursday 15 October, end of office hours.
  Dossier d = receive("2026-10-08T09:00");
  EXPECT_EQ(d.code, "X01.02.03-261008-0001");
  EXPECT_EQ(d.status, DossierStatus::accepted);
  EXPECT_EQ(format_instant(d.due_at, c().zone()), "2026-10-15T17:00:00+07:00");
  EXPECT_EQ(receive("2026-10-08T10:00").code, "X01.02.03-261008-0002");
  EXPECT_EQ(receive("2026-10-09T10:00").code, "X01.02.03-261009-0001");
  EXPECT_EQ(d.legal_version, "ND118/2025");
}

TEST_F(Dossiers, AfterHoursCountsFromTheNextWorkingDay) {
  Dossier late_evening = receive("2026-10-09T17:30");  // Friday after closing
  EXPECT_EQ(c().zone().local_date(late_evening.due_at), *parse_date("2026-10-19"));  // Monday + 5 working days
}

TEST_F(Dossiers, UnknownProcedureAndInvalidTransitionsChangeNothing) {
  DossierIntake in;
  in.procedure = "9.999999";
  EXPECT_REFUSED(c(), "procedure.unknown", c().receive_dossier(in, at("2026-10-08T09:00"), staff()));
  Dossier d = receive("2026-10-08T09:00");
  EXPECT_REFUSED(c(), "dossier.invalid_transition", c().return_result(d.code, at("2026-10-09T09:00"), staff()));
  EXPECT_REFUSED(c(), "dossier.invalid_transition",
                 c().change_dossier_status(d.code, DossierStatus::registered, "", at("2026-10-09T09:00"), staff()));
  EXPECT_REFUSED(c(), "dossier.unknown", c().resolve_dossier("nope", false, at("2026-10-09T09:00"), staff()));
  EXPECT_EQ(c().dossier(d.code)->status, DossierStatus::accepted);
}

TEST_F(Dossiers, SupplementPausesTheClock) {
  Dossier d = receive("2026-10-08T09:00");  // due Thu 15 Oct
  c().request_supplement(d.code, "thiếu bản sao CCCD", at("2026-10-09T10:00"), staff());  // Friday
  EXPECT_EQ(c().dossier(d.code)->status, DossierStatus::supplement_requested);
  EXPECT_REFUSED(c(), "dossier.invalid_transition", c().resolve_dossier(d.code, false, at("2026-10-12T10:00"), staff()));
  // Back on Wednesday 14 Oct: Mon, Tue, Wed = 3 working days paused.
  Dossier back = c().supplement_received(d.code, at("2026-10-14T09:00"), staff());
  EXPECT_EQ(back.status, DossierStatus::processing);
  EXPECT_EQ(c().zone().local_date(back.due_at), *parse_date("2026-10-20"));
  EXPECT_EQ(back.supplements, 1);
  EXPECT_REFUSED(c(), "dossier.not_paused", c().supplement_received(d.code, at("2026-10-14T10:00"), staff()));
}

TEST_F(Dossiers, EarlyOnTimeLate) {
  Dossier a = receive("2026-10-08T09:00");
  Dossier b = receive("2026-10-08T09:10");
  Dossier l = receive("2026-10-08T09:20");
  EXPECT_EQ(c().resolve_dossier(a.code, true, at("2026-10-14T09:00"), staff()).timeliness(c().zone()), Timeliness::early);
  EXPECT_EQ(c().resolve_dossier(b.code, true, at("2026-10-15T16:00"), staff()).timeliness(c().zone()), Timeliness::on_time);
  EXPECT_EQ(c().resolve_dossier(l.code, false, at("2026-10-16T08:00"), staff()).timeliness(c().zone()), Timeliness::late);
}

TEST_F(Dossiers, LateResultNeedsAnApologyBeforeItIsReturned) {
  Dossier d = receive("2026-10-08T09:00");
  c().resolve_dossier(d.code, true, at("2026-10-16T10:00"), staff());
  EXPECT_REFUSED(c(), "dossier.apology_required", c().return_result(d.code, at("2026-10-16T11:00"), staff()));
  EXPECT_REFUSED(c(), "apology.reason_required",
                 c().issue_apology(d.code, "", at("2026-10-19T17:00"), at("2026-10-16T10:30"), staff()));
  EXPECT_REFUSED(c(), "apology.bad_date",
                 c().issue_apology(d.code, "chờ xác minh", at("2026-10-14T17:00"), at("2026-10-16T10:30"), staff()));
  Dossier apologised = c().issue_apology(d.code, "chờ xác minh", at("2026-10-19T17:00"), at("2026-10-16T10:30"), staff());
  EXPECT_EQ(apologised.apology_slips, 1);
  EXPECT_EQ(*apologised.promised_at, at("2026-10-19T17:00"));
  Dossier returned = c().return_result(d.code, at("2026-10-19T09:00"), staff());
  EXPECT_EQ(returned.status, DossierStatus::returned);
  EXPECT_EQ(returned.timeliness(c().zone()), Timeliness::late);  // the apology does not make it on time
}

TEST_F(Dossiers, OnTimeResultIsReturnedWithoutApology) {
  Dossier d = receive("2026-10-08T09:00");
  c().resolve_dossier(d.code, true, at("2026-10-12T10:00"), staff());
  EXPECT_EQ(c().return_result(d.code, at("2026-10-13T09:00"), staff()).status, DossierStatus::returned);
}

TEST_F(Dossiers, RegisteredOnlineStartsItsClockWhenAccepted) {
  DossierIntake in;
  in.procedure = "1.001193";
  in.channel = Channel::online_full;
  in.initial = DossierStatus::registered;
  Dossier d = c().receive_dossier(in, at("2026-10-10T21:00"), {});  // Saturday night
  Dossier accepted = c().change_dossier_status(d.code, DossierStatus::accepted, "", at("2026-10-13T08:00"), staff());
  EXPECT_EQ(accepted.status, DossierStatus::accepted);
  EXPECT_EQ(c().zone().local_date(accepted.due_at), *parse_date("2026-10-20"));  // Tue + 5 working days
}

TEST_F(Dossiers, WithdrawnIsClosed) {
  Dossier d = receive("2026-10-08T09:00");
  Dossier w = c().change_dossier_status(d.code, DossierStatus::withdrawn, "công dân rút", at("2026-10-09T09:00"), staff());
  EXPECT_EQ(w.status, DossierStatus::withdrawn);
  EXPECT_TRUE(w.closed_at);
  EXPECT_REFUSED(c(), "dossier.invalid_transition", c().resolve_dossier(d.code, false, at("2026-10-10T09:00"), staff()));
}

TEST_F(Dossiers, FeesAndPayment) {
  Dossier licence = receive("2026-10-08T09:00", "1.002804");
  EXPECT_EQ(licence.fee, 135000);
  EXPECT_FALSE(licence.fee_paid);
  Dossier paid = c().record_payment(licence.code, true, at("2026-10-08T09:30"), staff());
  EXPECT_TRUE(paid.fee_paid);
  EXPECT_TRUE(paid.paid_online);
  EXPECT_REFUSED(c(), "dossier.already_paid", c().record_payment(licence.code, false, at("2026-10-08T09:31"), staff()));
  Dossier free = receive("2026-10-08T09:00");
  EXPECT_REFUSED(c(), "dossier.no_fee", c().record_payment(free.code, false, at("2026-10-08T09:31"), staff()));
}

TEST_F(Dossiers, WorkingHoursProcedure) {
  // Certification, 4 working hours: received 10:30, 1 h before lunch, 3 h after 13:30 → 16:30 the same day.
  Dossier d = receive("2026-10-08T10:30", "2.000815");
  EXPECT_EQ(format_instant(d.due_at, c().zone()), "2026-10-08T16:30:00+07:00");
}

}  // namespace
}  // namespace kiosk::store::testing
