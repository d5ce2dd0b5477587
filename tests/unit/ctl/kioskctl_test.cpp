// kioskctl's contract, driven in-process through the same entry point as the binary.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "kiosk/ctl/kioskctl.hpp"
#include "kiosk/domain/events.hpp"

namespace {

using nlohmann::json;

struct Result {
  int code;
  std::string out, err;
};

class Kioskctl : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("kioskctl-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "centre.db").string();
    auto r = run({"--at", "2026-10-01T07:00", "init", "--catalog", std::string(KIOSK_ASSETS_DIR) + "/catalog/district.toml",
                  "--centre", "H15.50.05.13"});
    ASSERT_EQ(r.code, 0) << r.err;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Result run(std::vector<std::string> args, bool with_db = true) {
    std::vector<std::string> all{"kioskctl"};
    if (with_db) all.insert(all.end(), {"--db", db_});
    all.insert(all.end(), args.begin(), args.end());
    std::vector<const char*> argv;
    for (auto& a : all) argv.push_back(a.c_str());
    std::ostringstream out, err;
    int code = kiosk::ctl::run(static_cast<int>(argv.size()), argv.data(), out, err);
    return {code, out.str(), err.str()};
  }
  json run_json(std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    auto r = run(args);
    EXPECT_EQ(r.code, 0) << r.err;
    return json::parse(r.out);
  }
  std::string path(const char* name) const { return (dir_ / name).string(); }

  std::filesystem::path dir_;
  std::string db_;
};

TEST_F(Kioskctl, AWholeVisitThroughTheCommandLine) {
  json ticket = run_json({"--at", "2026-10-08T08:00", "issue", "--service", "HT"});
  EXPECT_EQ(ticket["number"], "B-001");
  EXPECT_EQ(ticket["people_ahead"], 0);
  ASSERT_EQ(run({"--at", "2026-10-08T07:30", "--staff", "cb01", "open", "--counter", "3"}).code, 0);
  json called = run_json({"--at", "2026-10-08T08:05", "call", "--counter", "3"});
  EXPECT_EQ(called["number"], "B-001");
  EXPECT_EQ(called["state"], "called");
  ASSERT_EQ(run({"--at", "2026-10-08T08:06", "start", "--counter", "3"}).code, 0);
  json dossier = run_json({"--at", "2026-10-08T08:10", "dossier", "receive", "--procedure", "1.001022", "--ticket", "B-001",
                           "--digitised"});
  EXPECT_EQ(dossier["code"], "H15.50.05.13-261008-0001");
  json done = run_json({"--at", "2026-10-08T08:15", "finish", "--counter", "3"});
  EXPECT_EQ(done["state"], "served");
  EXPECT_EQ(done["dossiers"][0], dossier["code"]);
  json rating = run_json({"--at", "2026-10-08T08:16", "rate", "--ticket", "B-001", "--level", "5"});
  EXPECT_EQ(rating["level_name_vi"], "Rất hài lòng");
  auto again = run({"--at", "2026-10-08T08:17", "rate", "--ticket", "B-001", "--level", "1"});
  EXPECT_EQ(again.code, kiosk::ctl::refused);
  EXPECT_NE(again.err.find("đã được đánh giá"), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("already been rated"), std::string::npos) << again.err;

  json report = json::parse(run({"--at", "2026-10-31T23:00", "report", "--from", "2026-10-01", "--to", "2026-10-31",
                                 "--format", "json"}).out);
  EXPECT_EQ(report["received"]["total"], 1);
  EXPECT_EQ(report["received"]["by_channel"]["in_person"], 1);
  EXPECT_EQ(report["queue"]["issued"], 1);
  EXPECT_EQ(report["queue"]["served"], 1);
  EXPECT_EQ(report["queue"]["avg_wait_s"], 300.0);
  EXPECT_EQ(report["satisfaction"]["rate"], 1.0);
  EXPECT_EQ(report["digitised"]["received_rate"], 1.0);
  EXPECT_TRUE(report["resolved"]["on_time_rate"].is_null());
  for (const char* key : {"total", "not_due", "overdue"}) EXPECT_TRUE(report["pending"].contains(key));
  EXPECT_TRUE(report.contains("apology_slips"));
  EXPECT_TRUE(report.contains("online_payment_rate"));

  auto text = run({"--at", "2026-10-31T23:00", "report", "--period", "2026-10"});
  EXPECT_EQ(text.code, 0);
  EXPECT_NE(text.out.find("Trong kỳ, đã tiếp nhận 1 hồ sơ"), std::string::npos) << text.out;
  auto csv = run({"report", "--period", "2026-10", "--format", "csv"});
  EXPECT_NE(csv.out.find("received.total,1\n"), std::string::npos) << csv.out;
}

TEST_F(Kioskctl, ExportedEventsFormAVerifiableChain) {
  run({"--at", "2026-10-08T08:00", "issue", "--service", "HT"});
  run({"--at", "2026-10-08T08:01", "issue", "--service", "DD", "--priority", "elderly"});
  auto r = run({"export", "events"});
  ASSERT_EQ(r.code, 0);
  std::vector<kiosk::Event> events;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) events.push_back(kiosk::event_from_json(json::parse(line)));
  ASSERT_EQ(events.size(), 3u);
  EXPECT_FALSE(kiosk::verify_chain(events, kiosk::Hash{}, 0));
  EXPECT_EQ(run({"verify"}).code, 0);
}

TEST_F(Kioskctl, BackupThenVerifyTheCopy) {
  run({"--at", "2026-10-08T08:00", "issue", "--service", "HT"});
  ASSERT_EQ(run({"backup", path("copy.db")}).code, 0);
  auto verify = run({"--db", path("copy.db"), "verify"}, false);
  EXPECT_EQ(verify.code, 0) << verify.err;
  EXPECT_NE(verify.out.find("events: 2"), std::string::npos) << verify.out;
  EXPECT_EQ(run({"backup", path("copy.db")}).code, kiosk::ctl::store_failure);
}

TEST_F(Kioskctl, CalendarAndDueDate) {
  auto cal = run({"calendar", "2026"}, false);
  ASSERT_EQ(cal.code, 0) << cal.err;
  EXPECT_NE(cal.out.find("2026-02-17 Tết Nguyên đán"), std::string::npos) << cal.out;
  EXPECT_NE(cal.out.find("2026-04-26 Giỗ Tổ Hùng Vương"), std::string::npos) << cal.out;
  EXPECT_NE(cal.out.find("2026-09-02 Quốc khánh"), std::string::npos) << cal.out;
  auto due = run({"due", "--from", "2026-10-08T09:00", "--working-days", "5"}, false);
  EXPECT_EQ(due.out, "2026-10-15\n");
  auto tet = run({"due", "--from", "2026-02-13T09:00", "--working-days", "3"}, false);
  EXPECT_EQ(tet.code, 0);
  EXPECT_GT(tet.out, std::string("2026-02-21")) << "three working days over Tết must end after the holiday";
  EXPECT_EQ(run({"due", "--from", "yesterday", "--working-days", "5"}, false).code, kiosk::ctl::usage);
  EXPECT_EQ(run({"due", "--from", "2026-10-08T09:00"}, false).code, kiosk::ctl::usage);
}

TEST_F(Kioskctl, ImportIsAllOrNothingWithTheLineNumber) {
  std::ofstream(path("bad.csv"))
      << "code,procedure,channel,inter_agency,received_at,due_at,finished_at,returned_at,status,digitised,"
         "result_digitised,fee,paid_online\n"
      << "A-1,1.001022,in_person,0,2026-07-02T09:00:00+07:00,,,,4,1,0,0,0\n"
      << "A-2,1.001022,fax,0,2026-07-02T09:00:00+07:00,,,,4,1,0,0,0\n";
  auto r = run({"import", "dossiers", path("bad.csv")});
  EXPECT_EQ(r.code, kiosk::ctl::refused);
  EXPECT_NE(r.err.find("line 3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing was imported"), std::string::npos) << r.err;
  EXPECT_EQ(run({"dossier", "show", "A-1"}).code, kiosk::ctl::refused);
}

TEST_F(Kioskctl, ErrorsAreClearAndChangeNothing) {
  auto before = run({"export", "events"}).out;
  auto refused = run({"--at", "2026-10-08T08:05", "call", "--counter", "3"});
  EXPECT_EQ(refused.code, kiosk::ctl::refused);
  EXPECT_NE(refused.err.find("lỗi:"), std::string::npos);
  EXPECT_NE(refused.err.find("[counter.not_open]"), std::string::npos) << refused.err;
  EXPECT_EQ(run({"issue"}).code, kiosk::ctl::usage);
  EXPECT_EQ(run({"issue", "--service", "HT", "--priority", "vip"}).code, kiosk::ctl::usage);
  EXPECT_EQ(run({"--at", "not-a-time", "issue", "--service", "HT"}).code, kiosk::ctl::usage);
  EXPECT_EQ(run({"frobnicate"}).code, kiosk::ctl::usage);
  EXPECT_EQ(run({"report", "--period", "2026-Q9"}).code, kiosk::ctl::usage);
  EXPECT_EQ(run({"export", "events"}).out, before);

  std::ofstream(path("junk.db")) << std::string(4096, 'j');
  auto corrupt = run({"--db", path("junk.db"), "verify"}, false);
  EXPECT_EQ(corrupt.code, kiosk::ctl::store_failure);
  EXPECT_NE(corrupt.err.find("database"), std::string::npos) << corrupt.err;
  EXPECT_EQ(run({"--db", path("missing.db"), "queue"}, false).code, kiosk::ctl::store_failure);
  EXPECT_EQ(run({"--db", path("other.db"), "init", "--catalog", path("nope.toml"), "--centre", "X"}, false).code,
            kiosk::ctl::usage);
}

}  // namespace

namespace {
// --staff names who acts; it must not replace the staff member a staff command is about.
TEST_F(Kioskctl, StaffCommandsAreAboutTheirIdNotTheActingStaff) {
  auto added = run({"--staff", "nv05", "--json", "staff", "add", "--id", "nv09", "--name", "Trần Văn Bình", "--pin", "2580"});
  ASSERT_EQ(added.code, 0) << added.err;
  EXPECT_EQ(json::parse(added.out)["id"], "nv09");
  auto signed_in = run({"--staff", "nv05", "--json", "staff", "sign-in", "--counter", "3", "--id", "nv09", "--pin", "2580"});
  ASSERT_EQ(signed_in.code, 0) << signed_in.err;
  EXPECT_EQ(json::parse(signed_in.out)["staff"], "nv09");
  auto wrong = run({"staff", "sign-in", "--counter", "3", "--id", "nv09", "--pin", "0000"});
  EXPECT_EQ(wrong.code, 1);
  EXPECT_NE(wrong.err.find("còn 4 lần thử"), std::string::npos) << wrong.err;
}
}  // namespace

namespace {
// The manager's settings from the command line: what holds, a change, and what the queue then shows.
TEST_F(Kioskctl, SettingsGetAndSet) {
  auto got = run({"settings", "get"});
  ASSERT_EQ(got.code, 0) << got.err;
  EXPECT_EQ(got.out,
            "office_hours  morning 07:30-11:30  afternoon 13:30-17:00  weekdays 1,2,3,4,5\n"
            "queue         priority interleave  normal_per_priority 3  max_recalls 3\n"
            "closed        -\n");
  auto set = run({"--at", "2026-10-08T07:00", "settings", "set", "--afternoon", "13:00-16:30", "--weekdays", "1,2,3,4,5,6",
                  "--max-recalls", "2", "--closed", "DD,HT"});
  ASSERT_EQ(set.code, 0) << set.err;
  EXPECT_EQ(set.out,
            "changed: office_hours.afternoon, office_hours.weekdays, queue.max_recalls, closed_services\n"
            "office_hours  morning 07:30-11:30  afternoon 13:00-16:30  weekdays 1,2,3,4,5,6\n"
            "queue         priority interleave  normal_per_priority 3  max_recalls 2\n"
            "closed        DD,HT\n");
  auto issue = run({"--at", "2026-10-08T08:00", "issue", "--service", "HT"});
  EXPECT_EQ(issue.code, kiosk::ctl::refused);
  EXPECT_NE(issue.err.find("[service.closed]"), std::string::npos) << issue.err;
  auto queue = run({"queue"});
  EXPECT_NE(queue.out.find("(tạm ngừng cấp số)"), std::string::npos) << queue.out;
  EXPECT_EQ(run_json({"settings", "set", "--closed", "none"})["closed_services"], json::array());
  EXPECT_EQ(run({"settings", "set", "--max-recalls", "2"}).out.substr(0, 10), "no change\n");

  auto bad = run({"settings", "set", "--morning", "11:30-07:30"});
  EXPECT_EQ(bad.code, kiosk::ctl::refused);
  EXPECT_NE(bad.err.find("[settings.invalid]"), std::string::npos) << bad.err;
  EXPECT_EQ(run({"settings", "set"}).code, kiosk::ctl::usage);
  EXPECT_EQ(run({"settings", "set", "--weekdays", "mon"}).code, kiosk::ctl::usage);
  EXPECT_EQ(run({"verify"}).code, 0);
}

}  // namespace
