#include "kiosk/ctl/kioskctl.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "kiosk/domain/errors.hpp"
#include "kiosk/domain/indicators.hpp"
#include "kiosk/sim/simulator.hpp"
#include "kiosk/store/centre_store.hpp"

namespace kiosk::ctl {
namespace {

using nlohmann::json;
using store::CentreStore;

// A usage problem found after parsing (bad time, unknown name): exit 2, nothing changed.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::filesystem::path assets_dir() {
  if (const char* env = std::getenv("KIOSK_ASSETS")) return env;
  return KIOSK_ASSETS_DIR;
}

Instant now_utc() { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); }

struct Globals {
  std::string db;
  std::string at;
  std::string device = "kioskctl";
  std::string staff;
  std::string holidays;
  bool json = false;
};

class Session {
 public:
  explicit Session(const Globals& g, std::ostream& out) : g_(g), out_(out) {}

  CentreStore& centre() {
    if (!centre_) {
      if (g_.db.empty()) throw UsageError("this command needs --db FILE");
      centre_.emplace(CentreStore::open(g_.db));
    }
    return *centre_;
  }
  Instant at() {
    if (g_.at.empty()) return now_utc();
    const Zone zone = centre_ ? centre_->zone() : Zone::vietnam();
    auto t = parse_instant(g_.at, zone);
    if (!t) throw UsageError("--at is not an ISO 8601 time: " + g_.at);
    return *t;
  }
  store::Actor actor() const { return {g_.device, g_.staff}; }
  const Zone& zone() { return centre().zone(); }

  std::int64_t ticket_ref(const std::string& ref) {
    if (!ref.empty() && std::all_of(ref.begin(), ref.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::stoll(ref);
    auto t = centre().find_ticket(ref, at());
    if (!t) throw DomainError("ticket.unknown", "no ticket " + ref + " on that day", "Không có số " + ref + " trong ngày");
    return t->id;
  }

  void print(const Ticket& t, std::string_view what) {
    if (g_.json) out_ << to_json(t, zone()).dump() << '\n';
    else
      out_ << what << ' ' << t.number << " (" << t.service << ", " << to_string(t.state)
           << (t.counter ? ", quầy " + std::to_string(*t.counter) : std::string()) << ")\n";
  }
  void print(const Dossier& d) {
    if (g_.json) out_ << to_json(d, zone()).dump() << '\n';
    else
      out_ << d.code << ' ' << static_cast<int>(d.status) << ' ' << status_name_vi(d.status)
           << " — hẹn trả " << format_instant(d.due_at, zone()) << '\n';
  }
  void print(const CounterState& c) {
    if (g_.json) out_ << to_json(c).dump() << '\n';
    else out_ << "quầy " << c.number << ": " << to_string(c.status) << '\n';
  }
  void print_json(const json& j) { out_ << j.dump() << '\n'; }
  bool json_output() const { return g_.json; }
  std::ostream& out() { return out_; }

  WorkingCalendar calendar_without_centre() {
    if (!g_.db.empty()) return centre().calendar();
    std::filesystem::path file = g_.holidays.empty() ? assets_dir() / "calendar" / "vn-holidays.toml" : std::filesystem::path(g_.holidays);
    if (!g_.holidays.empty() || std::filesystem::exists(file)) return WorkingCalendar(HolidayRules::load_toml(file));
    return WorkingCalendar();
  }

 private:
  const Globals& g_;
  std::ostream& out_;
  std::optional<CentreStore> centre_;
};

Period parse_period(const std::string& period, const std::string& from, const std::string& to) {
  if (!period.empty()) {
    auto p = Period::parse(period);
    if (!p) throw UsageError("--period must look like 2026-Q3, 2026-07, 2026, BC2026, BC2026-Q1 or FROM..TO");
    return *p;
  }
  if (from.empty() || to.empty()) throw UsageError("give --from and --to (or --period)");
  auto f = parse_date(from), t = parse_date(to);
  if (!f || !t) throw UsageError("--from and --to are dates like 2026-07-01");
  if (*t < *f) throw UsageError("--to is before --from");
  return Period{*f, *t};
}

}  // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"kioskctl — dòng lệnh của trung tâm một cửa / the one-stop centre's command line"};
  app.require_subcommand(1);
  app.fallthrough();
  Globals g;
  app.add_option("--db", g.db, "Centre database file");
  app.add_option("--at", g.at, "When it happened (ISO 8601; local time in the centre's zone if no offset); default now");
  app.add_option("--device", g.device, "Device recorded on events");
  app.add_option("--staff", g.staff, "Staff member recorded on events");
  app.add_option("--holidays", g.holidays, "Holiday table (TOML) for init, calendar and due");
  app.add_flag("--json", g.json, "Print results as JSON");

  Session s(g, out);
  std::function<void()> action;

  // ---- init
  std::string catalog, centre_code;
  auto* init = app.add_subcommand("init", "Create a centre database from a catalogue");
  init->add_option("--catalog,--catalogue", catalog, "Catalogue TOML")->required();
  init->add_option("--centre,--center", centre_code, "Centre code")->required();
  init->callback([&] {
    action = [&] {
      if (g.db.empty()) throw UsageError("init needs --db FILE");
      std::string holidays = g.holidays.empty() ? std::string() : read_text_file(g.holidays);
      if (g.holidays.empty() && std::filesystem::exists(assets_dir() / "calendar" / "vn-holidays.toml"))
        holidays = read_text_file((assets_dir() / "calendar" / "vn-holidays.toml").string());
      CentreStore::initialise(g.db, {centre_code, read_text_file(catalog), holidays, g.device}, s.at());
      out << "initialised " << g.db << " for centre " << centre_code << '\n';
    };
  });

  // ---- queue
  std::string service, priority = "none", ticket_ref, to_service, reason;
  int counter = 0;
  auto* issue = app.add_subcommand("issue", "Issue a ticket");
  issue->add_option("--service", service, "Service area code")->required();
  issue->add_option("--priority", priority, "none, elderly, disabled, pregnant, infant, veteran");
  issue->callback([&] {
    action = [&] {
      auto p = parse_priority(priority);
      if (!p) throw UsageError("unknown priority " + priority);
      auto issued = s.centre().issue_ticket(service, *p, s.at(), s.actor());
      if (s.json_output()) {
        json j = to_json(issued.ticket, s.zone());
        j["people_ahead"] = issued.people_ahead;
        j["estimated_wait_s"] = issued.estimated_wait_s;
        j["seq"] = issued.seq;
        s.print_json(j);
      } else {
        out << issued.ticket.number << " — " << issued.people_ahead << " người đang chờ trước, ước tính "
            << format_duration_vi(static_cast<double>(issued.estimated_wait_s)) << '\n';
      }
    };
  });

  using CounterOp = Ticket (CentreStore::*)(int, Instant, const store::Actor&);
  auto counter_command = [&](const char* name, const char* help, CounterOp op, const char* verb) {
    auto* sub = app.add_subcommand(name, help);
    sub->add_option("--counter", counter, "Counter number")->required();
    sub->callback([&, op, verb] { action = [&, op, verb] { s.print((s.centre().*op)(counter, s.at(), s.actor()), verb); }; });
  };
  counter_command("call", "Call the next ticket to a counter", &CentreStore::call_next, "called");
  counter_command("recall", "Call the current ticket again (past the limit: no-show)", &CentreStore::recall, "recalled");
  counter_command("start", "Start serving the current ticket", &CentreStore::start_service, "serving");
  counter_command("finish", "Finish serving the current ticket", &CentreStore::finish_service, "finished");
  counter_command("no-show", "Mark the current ticket as not present", &CentreStore::mark_no_show, "no-show");

  auto* transfer = app.add_subcommand("transfer", "Send the current ticket to another service");
  transfer->add_option("--counter", counter, "Counter number")->required();
  transfer->add_option("--to", to_service, "Service area code")->required();
  transfer->callback([&] {
    action = [&] { s.print(s.centre().transfer(counter, to_service, s.at(), s.actor()), "transferred"); };
  });

  auto* cancel = app.add_subcommand("cancel", "Cancel a waiting ticket");
  cancel->add_option("--ticket", ticket_ref, "Ticket number (B-023, that day) or id")->required();
  cancel->add_option("--reason", reason, "Why");
  cancel->callback([&] {
    action = [&] { s.print(s.centre().cancel_ticket(s.ticket_ref(ticket_ref), reason, s.at(), s.actor()), "cancelled"); };
  });

  using CounterStateOp = CounterState (CentreStore::*)(int, Instant, const store::Actor&);
  auto counter_state_command = [&](const char* name, const char* help, CounterStateOp op) {
    auto* sub = app.add_subcommand(name, help);
    sub->add_option("--counter", counter, "Counter number")->required();
    sub->callback([&, op] { action = [&, op] { s.print((s.centre().*op)(counter, s.at(), s.actor())); }; });
  };
  counter_state_command("open", "Open a counter", &CentreStore::open_counter);
  counter_state_command("pause", "Pause a counter", &CentreStore::pause_counter);
  counter_state_command("close", "Close a counter", &CentreStore::close_counter);

  auto* queue = app.add_subcommand("queue", "Who is waiting, per service, and the counters");
  queue->callback([&] {
    action = [&] {
      auto status = s.centre().queue_status(s.at());
      auto counters = s.centre().counters();
      if (s.json_output()) {
        json j{{"services", json::array()}, {"counters", json::array()}};
        for (const auto& q : status)
          j["services"].push_back({{"service", q.service}, {"waiting", q.waiting}, {"priority_waiting", q.priority_waiting},
                                   {"open_counters", q.open_counters}, {"estimated_wait_s", q.estimated_wait_s}});
        for (const auto& c : counters) j["counters"].push_back(to_json(c));
        s.print_json(j);
        return;
      }
      for (const auto& q : status) {
        const ServiceArea* area = s.centre().catalogue().service(q.service);
        out << q.service << "  " << (area ? area->name_vi : "") << ": " << q.waiting << " đang chờ, "
            << q.open_counters << " quầy mở, ước tính " << format_duration_vi(static_cast<double>(q.estimated_wait_s)) << '\n';
      }
    };
  });

  auto* show_ticket = app.add_subcommand("ticket", "Show a ticket");
  show_ticket->add_option("ticket", ticket_ref, "Ticket number (that day) or id")->required();
  show_ticket->callback([&] {
    action = [&] {
      auto t = s.centre().ticket(s.ticket_ref(ticket_ref));
      if (!t) throw DomainError("ticket.unknown", "unknown ticket " + ticket_ref, "Không tìm thấy số " + ticket_ref);
      s.print_json(to_json(*t, s.zone()));
    };
  });

  // ---- dossiers
  auto* dossier = app.add_subcommand("dossier", "Dossier commands");
  dossier->require_subcommand(1);
  std::string procedure, channel = "in_person", code, status_text, new_date;
  bool inter_agency = false, digitised = false, data_reused = false, paid_online = false, registered = false,
       result_digitised = false, online = false;
  std::optional<std::int64_t> fee;
  auto* receive = dossier->add_subcommand("receive", "Receive a dossier");
  receive->add_option("--procedure", procedure, "Procedure code (mã TTHC)")->required();
  receive->add_option("--channel", channel, "in_person, online_full, online_partial, postal");
  receive->add_flag("--inter-agency", inter_agency, "Inter-agency (liên thông)");
  receive->add_flag("--digitised", digitised, "Every submitted component digitised");
  receive->add_flag("--data-reused", data_reused, "Data reused from national databases");
  receive->add_option("--fee", fee, "Fee in VND (default: the procedure's)");
  receive->add_flag("--paid-online", paid_online, "Fee paid online");
  receive->add_option("--ticket", ticket_ref, "The visit's ticket (number that day, or id)");
  receive->add_flag("--registered", registered, "Registered only (status 1), not yet accepted");
  receive->callback([&] {
    action = [&] {
      auto ch = parse_channel(channel);
      if (!ch) throw UsageError("unknown channel " + channel);
      store::DossierIntake in;
      in.procedure = procedure;
      in.channel = *ch;
      in.inter_agency = inter_agency;
      in.digitised = digitised;
      in.data_reused = data_reused;
      in.fee = fee;
      in.paid_online = paid_online;
      if (!ticket_ref.empty()) in.ticket = s.ticket_ref(ticket_ref);
      in.initial = registered ? DossierStatus::registered : DossierStatus::accepted;
      s.print(s.centre().receive_dossier(in, s.at(), s.actor()));
    };
  });
  auto* status = dossier->add_subcommand("status", "Move a dossier to a status of the national list");
  status->add_option("code", code)->required();
  status->add_option("--to", status_text, "1–10 or its name")->required();
  status->add_option("--reason", reason);
  status->callback([&] {
    action = [&] {
      auto to = parse_dossier_status(status_text);
      if (!to) throw UsageError("unknown status " + status_text);
      s.print(s.centre().change_dossier_status(code, *to, reason, s.at(), s.actor()));
    };
  });
  auto* supplement = dossier->add_subcommand("supplement", "Request a supplement (the clock pauses)");
  supplement->add_option("code", code)->required();
  supplement->add_option("--reason", reason, "What is missing")->required();
  supplement->callback([&] { action = [&] { s.print(s.centre().request_supplement(code, reason, s.at(), s.actor())); }; });
  auto* supplemented = dossier->add_subcommand("supplemented", "The supplement arrived (the clock resumes)");
  supplemented->add_option("code", code)->required();
  supplemented->callback([&] { action = [&] { s.print(s.centre().supplement_received(code, s.at(), s.actor())); }; });
  auto* resolve = dossier->add_subcommand("resolve", "The dossier is processed (status 9)");
  resolve->add_option("code", code)->required();
  resolve->add_flag("--result-digitised", result_digitised, "The result was digitised");
  resolve->callback([&] {
    action = [&] { s.print(s.centre().resolve_dossier(code, result_digitised, s.at(), s.actor())); };
  });
  auto* apology = dossier->add_subcommand("apology", "Issue an apology slip with a new appointment");
  apology->add_option("code", code)->required();
  apology->add_option("--reason", reason, "Why it is late")->required();
  apology->add_option("--new-date", new_date, "New appointment (date or time)")->required();
  apology->callback([&] {
    action = [&] {
      auto t = parse_instant(new_date, s.zone());
      if (!t) throw UsageError("--new-date is not a date or time: " + new_date);
      // A date alone means the end of office hours that day.
      if (new_date.size() == 10) t = s.zone().at_local(s.zone().local_date(*t), s.centre().catalogue().office_hours.afternoon_end);
      s.print(s.centre().issue_apology(code, reason, *t, s.at(), s.actor()));
    };
  });
  auto* give_back = dossier->add_subcommand("return", "The result is returned to the citizen (status 10)");
  give_back->add_option("code", code)->required();
  give_back->callback([&] { action = [&] { s.print(s.centre().return_result(code, s.at(), s.actor())); }; });
  auto* pay = dossier->add_subcommand("pay", "Record the fee as paid");
  pay->add_option("code", code)->required();
  pay->add_flag("--online", online, "Paid online");
  pay->callback([&] { action = [&] { s.print(s.centre().record_payment(code, online, s.at(), s.actor())); }; });
  auto* show = dossier->add_subcommand("show", "Show a dossier");
  show->add_option("code", code)->required();
  show->callback([&] {
    action = [&] {
      auto d = s.centre().dossier(code);
      if (!d) throw DomainError("dossier.unknown", "unknown dossier " + code, "Không tìm thấy hồ sơ " + code);
      s.print_json(to_json(*d, s.zone()));
    };
  });

  // ---- ratings
  int level = 0, scale = 5;
  std::string criteria_text, comment;
  auto* rate = app.add_subcommand("rate", "Record a citizen's rating of a served ticket");
  rate->add_option("--ticket", ticket_ref, "Ticket number (that day) or id")->required();
  rate->add_option("--level", level, "5 Rất hài lòng … 1 Rất không hài lòng (with --scale 3: 3 Hài lòng, 2 Bình thường, 1 Không hài lòng)")
      ->required();
  rate->add_option("--scale", scale, "5 or 3");
  rate->add_option("--criteria", criteria_text, "Nine scores 0–2, comma-separated ('-' for unanswered)");
  rate->add_option("--reason", reason);
  rate->add_option("--comment", comment);
  rate->callback([&] {
    action = [&] {
      store::RatingInput in;
      in.ticket = s.ticket_ref(ticket_ref);
      in.scale = scale;
      in.level = scale == 3 ? level_from_three(level) : level;
      in.reason = reason;
      in.comment = comment;
      if (!criteria_text.empty()) {
        std::array<int, kCriteriaCount> c{};
        std::stringstream ss(criteria_text);
        std::string item;
        std::size_t i = 0;
        while (std::getline(ss, item, ',')) {
          if (i >= c.size()) throw UsageError("--criteria takes nine scores");
          if (item == "-") c[i++] = -1;
          else if (item.size() == 1 && item[0] >= '0' && item[0] <= '2') c[i++] = item[0] - '0';
          else throw UsageError("each criterion is 0, 1, 2 or -");
        }
        if (i != c.size()) throw UsageError("--criteria takes nine scores");
        in.criteria = c;
      }
      Rating r = s.centre().submit_rating(in, s.at(), s.actor());
      if (s.json_output()) s.print_json(to_json(r, s.zone()));
      else out << "rated " << level_name_vi(r.level) << '\n';
    };
  });

  // ---- import
  std::string csv_path;
  auto* import = app.add_subcommand("import", "Import historical records");
  import->require_subcommand(1);
  auto* import_dossiers = import->add_subcommand("dossiers", "Historical dossiers from CSV (all or nothing)");
  import_dossiers->add_option("file", csv_path, "CSV file")->required();
  import_dossiers->callback([&] {
    action = [&] {
      std::ifstream in(csv_path, std::ios::binary);
      if (!in) throw UsageError("cannot read " + csv_path);
      auto n = s.centre().import_dossiers_csv(in, s.at(), s.actor());
      out << "imported " << n << " dossiers\n";
    };
  });

  // ---- report
  std::string from, to, period, format = "text", lang = "vi";
  auto* report = app.add_subcommand("report", "The figures for a period");
  report->add_option("--from", from, "First day (YYYY-MM-DD)");
  report->add_option("--to", to, "Last day (YYYY-MM-DD)");
  report->add_option("--period", period, "2026-Q3, 2026-07, 2026, BC2026 (reporting year 15/12–14/12), BC2026-Q1");
  report->add_option("--format", format, "text, json or csv")->check(CLI::IsMember({"text", "json", "csv"}));
  report->add_option("--lang", lang, "vi or en (text)")->check(CLI::IsMember({"vi", "en"}));
  report->callback([&] {
    action = [&] {
      Period p = parse_period(period, from, to);
      Indicators ind = s.centre().indicators(p, s.at());
      if (format == "json") {
        json j = to_json(ind);
        j["centre"] = s.centre().centre_code();
        out << j.dump(2) << '\n';
      } else if (format == "csv") {
        out << to_csv(ind);
      } else {
        const Catalogue& c = s.centre().catalogue();
        out << to_text(ind, lang == "en" && !c.centre_name_en.empty() ? c.centre_name_en : c.centre_name_vi, lang);
      }
    };
  });

  // ---- log
  std::int64_t from_seq = 1;
  auto* export_cmd = app.add_subcommand("export", "Export records");
  export_cmd->require_subcommand(1);
  auto* export_events = export_cmd->add_subcommand("events", "The event log as JSON lines");
  export_events->add_option("--from-seq", from_seq, "First sequence");
  export_events->callback([&] {
    action = [&] {
      s.centre().for_each_event(from_seq, [&](const Event& e) {
        out << to_json(e).dump() << '\n';
        return true;
      });
    };
  });
  int verify_code = ExitCode::ok;
  auto* verify = app.add_subcommand("verify", "Check the database's integrity and the event chain");
  verify->callback([&] {
    action = [&] {
      auto r = s.centre().verify();
      if (s.json_output()) {
        s.print_json({{"ok", r.ok()}, {"integrity", r.integrity_message}, {"events", r.events},
                      {"chain_problem", r.chain_problem ? json(*r.chain_problem) : json(nullptr)},
                      {"state_problem", r.state_problem ? json(*r.state_problem) : json(nullptr)}});
      } else {
        out << "integrity: " << r.integrity_message << '\n' << "events: " << r.events << '\n';
        out << "chain: " << (r.chain_problem ? *r.chain_problem : "ok") << '\n';
        out << "state tables: " << (r.state_problem ? *r.state_problem : r.chain_problem ? "not checked" : "match the log") << '\n';
      }
      if (!r.ok()) verify_code = ExitCode::verify_failed;
    };
  });
  std::string backup_path;
  auto* backup = app.add_subcommand("backup", "Online backup to a new file");
  backup->add_option("file", backup_path)->required();
  backup->callback([&] {
    action = [&] {
      s.centre().backup(backup_path);
      out << "backup written to " << backup_path << '\n';
    };
  });

  // ---- calendar
  int year = 0;
  auto* calendar = app.add_subcommand("calendar", "A year's non-working days (holidays, swaps) as 'YYYY-MM-DD name'");
  calendar->add_option("year", year)->required()->check(CLI::Range(1900, 2199));
  calendar->callback([&] {
    action = [&] {
      WorkingCalendar cal = s.calendar_without_centre();
      for (const NamedDay& d : cal.non_working_days(year)) {
        if (s.json_output())
          s.print_json({{"date", format_date(d.date)}, {"name_vi", d.name_vi}, {"name_en", d.name_en},
                        {"working", cal.is_working_day(d.date)}});
        else
          out << format_date(d.date) << ' ' << d.name_vi << '\n';
      }
    };
  });
  std::string due_from;
  std::optional<int> working_days, working_hours, days;
  auto* due = app.add_subcommand("due", "The appointment date for a receipt and a legal processing time");
  due->add_option("--from", due_from, "Receipt time (ISO 8601)")->required();
  auto* wd = due->add_option("--working-days", working_days);
  auto* wh = due->add_option("--working-hours", working_hours);
  auto* cd = due->add_option("--days", days);
  wd->excludes(wh)->excludes(cd);
  wh->excludes(cd);
  due->callback([&] {
    action = [&] {
      const Zone zone = g.db.empty() ? Zone::vietnam() : s.zone();
      const OfficeHours hours = g.db.empty() ? OfficeHours{} : s.centre().catalogue().office_hours;
      auto received = parse_instant(due_from, zone);
      if (!received) throw UsageError("--from is not an ISO 8601 time: " + due_from);
      int amount = 0;
      TimeUnit unit = TimeUnit::working_days;
      if (working_days) amount = *working_days;
      else if (working_hours) amount = *working_hours, unit = TimeUnit::working_hours;
      else if (days) amount = *days, unit = TimeUnit::days;
      else throw UsageError("give --working-days, --working-hours or --days");
      if (amount < 0) throw UsageError("the processing time cannot be negative");
      Instant t = s.calendar_without_centre().due(*received, amount, unit, zone, hours);
      if (s.json_output()) s.print_json({{"due_at", format_instant(t, zone)}, {"due_date", format_date(zone.local_date(t))}});
      else out << format_date(zone.local_date(t)) << '\n';
    };
  });

  // ---- simulate
  std::string sim_from, sim_to;
  std::uint64_t seed = 1;
  int visitors = 300;
  auto* simulate = app.add_subcommand("simulate", "Add simulated days of a centre's work (demo and benchmark data)");
  simulate->add_option("--from", sim_from, "First day")->required();
  simulate->add_option("--to", sim_to, "Last day (default: --from)");
  simulate->add_option("--seed", seed, "Random seed (same seed, same records)");
  simulate->add_option("--visitors", visitors, "Tickets per working day")->check(CLI::Range(0, 100000));
  simulate->callback([&] {
    action = [&] {
      auto f = parse_date(sim_from), t = parse_date(sim_to.empty() ? sim_from : sim_to);
      if (!f || !t || *t < *f) throw UsageError("--from/--to must be dates, --to not before --from");
      sim::DayOptions options;
      options.visitors = visitors;
      sim::Summary sum = sim::simulate_period(s.centre(), *f, *t, seed, options);
      out << "simulated " << format_date(*f) << ".." << format_date(*t) << ": " << sum.tickets << " tickets, "
          << sum.dossiers << " dossiers, " << sum.ratings << " ratings, " << sum.events << " events\n";
    };
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e, out, err) == 0 ? ExitCode::ok : ExitCode::usage;
  }
  try {
    if (action) action();
    return verify_code;
  } catch (const DomainError& e) {
    err << "lỗi: " << e.message_vi() << "\nerror: " << e.what() << " [" << e.code() << "]\n";
    return ExitCode::refused;
  } catch (const store::ImportError& e) {
    err << "lỗi nhập dữ liệu: dòng " << e.line() << "; không có hồ sơ nào được nhập\nerror: import failed at "
        << e.what() << "; nothing was imported\n";
    return ExitCode::refused;
  } catch (const UsageError& e) {
    err << "error: " << e.what() << '\n';
    return ExitCode::usage;
  } catch (const CatalogueError& e) {
    err << "lỗi danh mục: " << e.what() << "\nerror: catalogue: " << e.what() << '\n';
    return ExitCode::refused;
  } catch (const CalendarError& e) {
    err << "error: holiday table: " << e.what() << '\n';
    return ExitCode::refused;
  } catch (const store::StoreError& e) {
    err << "lỗi cơ sở dữ liệu / database error: " << e.what() << '\n';
    return ExitCode::store_failure;
  } catch (const EventError& e) {
    err << "error: " << e.what() << '\n';
    return ExitCode::refused;
  }
}

}  // namespace kiosk::ctl
