#include "kiosk/ctl/kioskctl.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "kiosk/client/hub_client.hpp"
#include "kiosk/domain/errors.hpp"
#include "kiosk/domain/indicators.hpp"
#include "kiosk/service/service.hpp"
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

// A command the centre refused (or could not do): its error as the protocol carries it.
struct CommandFailed : std::runtime_error {
  explicit CommandFailed(protocol::Error e) : std::runtime_error(e.message), error(std::move(e)) {}
  protocol::Error error;
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
  std::string hub;
  std::string token;
  std::string at;
  std::string device = "kioskctl";
  std::string staff;
  std::string holidays;
  bool json = false;
};

// Where the centre's commands go: the database file in this process (as the operator at the hub
// machine), or the hub over the LAN as a paired device. Both speak the same commands (docs/protocol.md).
class Session {
 public:
  Session(const Globals& g, std::ostream& out) : g_(g), out_(out) {}

  bool remote() const { return !g_.hub.empty(); }

  CentreStore& centre() {
    if (remote()) throw UsageError("this command works on the database file only (--db), not through --hub");
    if (!centre_) {
      if (g_.db.empty()) throw UsageError("this command needs --db FILE (or --hub URL --token T)");
      centre_.emplace(CentreStore::open(g_.db));
    }
    return *centre_;
  }

  json call(std::string_view cmd, json args = json::object()) {
    if (!g_.at.empty()) args["at"] = g_.at;
    protocol::Message m;
    if (remote()) {
      m = hub().call(cmd, args);
    } else {
      if (!g_.staff.empty()) args["acting_staff"] = g_.staff;
      if (!service_) service_.emplace(centre(), service::Options{});
      service::Caller caller{g_.device, service::Role::manager, std::nullopt, "kioskctl", /*local_operator=*/true};
      protocol::Request request{1, std::string(cmd), args};
      service::Reply r = service_->handle_now(caller, request);
      m.ok = r.ok;
      m.result = std::move(r.result);
      m.error = std::move(r.error);
    }
    if (!m.ok) throw CommandFailed(m.error);
    return m.result;
  }

  client::HubClient& hub() {
    if (!hub_) {
      hub_.emplace();
      hub_->connect(g_.hub);
      if (!g_.token.empty()) {
        auto hello = hub_->hello(g_.token);
        if (!hello.ok) throw CommandFailed(hello.error);
      }
    }
    return *hub_;
  }

  Instant at() {
    if (g_.at.empty()) return now_utc();
    const Zone zone = centre_ ? centre_->zone() : Zone::vietnam();
    auto t = parse_instant(g_.at, zone);
    if (!t) throw UsageError("--at is not an ISO 8601 time: " + g_.at);
    return *t;
  }

  void print_ticket(const json& t, std::string_view what) {
    if (g_.json) return print_json(t);
    out_ << what << ' ' << t.value("number", "") << " (" << t.value("service", "") << ", " << t.value("state", "")
         << (t.contains("counter") && t["counter"].is_number() ? ", quầy " + std::to_string(t["counter"].get<int>()) : std::string())
         << ")\n";
  }
  void print_dossier(const json& d) {
    if (g_.json) return print_json(d);
    out_ << d.value("code", "") << ' ' << d.value("status", 0) << ' ' << d.value("status_name_vi", "") << " — hẹn trả "
         << d.value("due_at", "") << '\n';
  }
  void print_counter(const json& c) {
    if (g_.json) return print_json(c);
    out_ << "quầy " << c.value("number", 0) << ": " << c.value("status", "")
         << (c.value("staff", "").empty() ? std::string() : " (" + c.value("staff", "") + ")") << '\n';
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
  std::optional<service::Service> service_;
  std::optional<client::HubClient> hub_;
};

int exit_code_for(const protocol::Error& e) {
  if (e.code == protocol::error_code::bad_args || e.code == protocol::error_code::bad_request) return ExitCode::usage;
  if (e.code == protocol::error_code::unavailable || e.code == protocol::error_code::internal) return ExitCode::store_failure;
  return ExitCode::refused;
}

}  // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"kioskctl — dòng lệnh của trung tâm một cửa / the one-stop centre's command line"};
  app.require_subcommand(1);
  app.fallthrough();
  Globals g;
  app.add_option("--db", g.db, "Centre database file (commands run in this process)");
  app.add_option("--hub", g.hub, "Hub address, ws://host:port (commands run through the hub)");
  app.add_option("--token", g.token, "Device token for --hub (from 'pair')");
  app.add_option("--at", g.at, "When it happened (ISO 8601; local time in the centre's zone if no offset); default now");
  app.add_option("--device", g.device, "Device recorded on events (--db)");
  app.add_option("--staff", g.staff, "Staff member recorded on events (--db)");
  app.add_option("--holidays", g.holidays, "Holiday table (TOML) for init, calendar and due");
  app.add_flag("--json", g.json, "Print results as JSON");

  Session s(g, out);
  std::function<void()> action;
  int result_code = ExitCode::ok;

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
      json t = s.call("ticket.issue", {{"service", service}, {"priority", priority}});
      if (s.json_output()) return s.print_json(t);
      out << t.value("number", "") << " — " << t.value("people_ahead", 0) << " người đang chờ trước, ước tính "
          << format_duration_vi(static_cast<double>(t.value("estimated_wait_s", 0))) << '\n';
    };
  });

  auto counter_command = [&](const char* name, const char* help, const char* cmd, const char* verb) {
    auto* sub = app.add_subcommand(name, help);
    sub->add_option("--counter", counter, "Counter number")->required();
    sub->callback([&, cmd, verb] { action = [&, cmd, verb] { s.print_ticket(s.call(cmd, {{"counter", counter}}), verb); }; });
  };
  counter_command("call", "Call the next ticket to a counter", "counter.call", "called");
  counter_command("recall", "Call the current ticket again (past the limit: no-show)", "counter.recall", "recalled");
  counter_command("start", "Start serving the current ticket", "counter.start", "serving");
  counter_command("finish", "Finish serving the current ticket", "counter.finish", "finished");
  counter_command("no-show", "Mark the current ticket as not present", "counter.no_show", "no-show");

  auto* transfer = app.add_subcommand("transfer", "Send the current ticket to another service");
  transfer->add_option("--counter", counter, "Counter number")->required();
  transfer->add_option("--to", to_service, "Service area code")->required();
  transfer->callback([&] {
    action = [&] { s.print_ticket(s.call("counter.transfer", {{"counter", counter}, {"to", to_service}}), "transferred"); };
  });

  auto* cancel = app.add_subcommand("cancel", "Cancel a waiting ticket");
  cancel->add_option("--ticket", ticket_ref, "Ticket number (B-023, that day) or id")->required();
  cancel->add_option("--reason", reason, "Why");
  cancel->callback([&] {
    action = [&] { s.print_ticket(s.call("ticket.cancel", {{"ticket", ticket_ref}, {"reason", reason}}), "cancelled"); };
  });

  auto counter_state_command = [&](const char* name, const char* help, const char* cmd) {
    auto* sub = app.add_subcommand(name, help);
    sub->add_option("--counter", counter, "Counter number")->required();
    sub->callback([&, cmd] { action = [&, cmd] { s.print_counter(s.call(cmd, {{"counter", counter}})); }; });
  };
  counter_state_command("open", "Open a counter", "counter.open");
  counter_state_command("pause", "Pause a counter", "counter.pause");
  counter_state_command("close", "Close a counter", "counter.close");

  auto* queue = app.add_subcommand("queue", "Who is waiting, per service, and the counters");
  queue->callback([&] {
    action = [&] {
      json status = s.call("queue.status");
      if (s.json_output()) return s.print_json(status);
      const json catalogue = s.call("catalogue.get");
      json names = json::object();
      for (const auto& area : catalogue["services"]) names[area["code"].get<std::string>()] = area["name_vi"];
      for (const auto& q : status["services"]) {
        const std::string code = q.value("service", "");
        out << code << "  " << names.value(code, "") << ": " << q.value("waiting", 0) << " đang chờ, "
            << q.value("open_counters", 0) << " quầy mở, ước tính "
            << format_duration_vi(static_cast<double>(q.value("estimated_wait_s", 0)))
            << (q.value("closed", false) ? " (tạm ngừng cấp số)" : "") << '\n';
      }
      if (const json& office = status["office"]; office.is_object()) {
        if (office.value("open", false)) out << "đang trong giờ làm việc\n";
        else
          out << "ngoài giờ làm việc"
              << (office["next_open"].is_string() ? "; mở cửa lúc " + office["next_open"].get<std::string>() : std::string()) << '\n';
      }
    };
  });

  auto* show_ticket = app.add_subcommand("ticket", "Show a ticket");
  show_ticket->add_option("ticket", ticket_ref, "Ticket number (that day) or id")->required();
  show_ticket->callback([&] { action = [&] { s.print_json(s.call("ticket.get", {{"ticket", ticket_ref}})); }; });

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
  receive->add_option("--counter", counter, "The counter receiving it (through --hub as a manager: not needed)");
  receive->add_flag("--registered", registered, "Registered only (status 1), not yet accepted");
  receive->callback([&] {
    action = [&] {
      json args{{"procedure", procedure}, {"channel", channel}, {"inter_agency", inter_agency}, {"digitised", digitised},
                {"data_reused", data_reused}, {"paid_online", paid_online}, {"registered", registered}};
      if (fee) args["fee"] = *fee;
      if (!ticket_ref.empty()) args["ticket"] = ticket_ref;
      if (counter > 0) args["counter"] = counter;
      s.print_dossier(s.call("dossier.receive", args));
    };
  });
  auto* status = dossier->add_subcommand("status", "Move a dossier to a status of the national list");
  status->add_option("code", code)->required();
  status->add_option("--to", status_text, "1–10 or its name")->required();
  status->add_option("--reason", reason);
  status->callback([&] {
    action = [&] { s.print_dossier(s.call("dossier.status", {{"code", code}, {"to", status_text}, {"reason", reason}})); };
  });
  auto* supplement = dossier->add_subcommand("supplement", "Request a supplement (the clock pauses)");
  supplement->add_option("code", code)->required();
  supplement->add_option("--reason", reason, "What is missing")->required();
  supplement->callback([&] { action = [&] { s.print_dossier(s.call("dossier.supplement", {{"code", code}, {"reason", reason}})); }; });
  auto* supplemented = dossier->add_subcommand("supplemented", "The supplement arrived (the clock resumes)");
  supplemented->add_option("code", code)->required();
  supplemented->callback([&] { action = [&] { s.print_dossier(s.call("dossier.supplemented", {{"code", code}})); }; });
  auto* resolve = dossier->add_subcommand("resolve", "The dossier is processed (status 9)");
  resolve->add_option("code", code)->required();
  resolve->add_flag("--result-digitised", result_digitised, "The result was digitised");
  resolve->callback([&] {
    action = [&] { s.print_dossier(s.call("dossier.resolve", {{"code", code}, {"result_digitised", result_digitised}})); };
  });
  auto* apology = dossier->add_subcommand("apology", "Issue an apology slip with a new appointment");
  apology->add_option("code", code)->required();
  apology->add_option("--reason", reason, "Why it is late")->required();
  apology->add_option("--new-date", new_date, "New appointment (date or time)")->required();
  apology->callback([&] {
    action = [&] { s.print_dossier(s.call("dossier.apology", {{"code", code}, {"reason", reason}, {"new_due", new_date}})); };
  });
  auto* give_back = dossier->add_subcommand("return", "The result is returned to the citizen (status 10)");
  give_back->add_option("code", code)->required();
  give_back->callback([&] { action = [&] { s.print_dossier(s.call("dossier.return", {{"code", code}})); }; });
  auto* pay = dossier->add_subcommand("pay", "Record the fee as paid");
  pay->add_option("code", code)->required();
  pay->add_flag("--online", online, "Paid online");
  pay->callback([&] { action = [&] { s.print_dossier(s.call("dossier.pay", {{"code", code}, {"online", online}})); }; });
  auto* show = dossier->add_subcommand("show", "Show a dossier");
  show->add_option("code", code)->required();
  show->callback([&] { action = [&] { s.print_json(s.call("dossier.get", {{"code", code}})); }; });

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
      json args{{"ticket", ticket_ref}, {"level", level}, {"scale", scale}, {"reason", reason}, {"comment", comment}};
      if (!criteria_text.empty()) {
        json c = json::array();
        std::stringstream ss(criteria_text);
        std::string item;
        while (std::getline(ss, item, ',')) {
          if (item == "-") c.push_back(nullptr);
          else if (item.size() == 1 && item[0] >= '0' && item[0] <= '2') c.push_back(item[0] - '0');
          else throw UsageError("each criterion is 0, 1, 2 or -");
        }
        if (c.size() != kCriteriaCount) throw UsageError("--criteria takes nine scores");
        args["criteria"] = c;
      }
      json r = s.call("rating.submit", args);
      if (s.json_output()) s.print_json(r);
      else out << "rated " << r.value("level_name_vi", "") << '\n';
    };
  });

  // ---- staff and devices
  std::string staff_id, staff_name, pin, role, device_id, pairing_code, device_name;
  auto* staff = app.add_subcommand("staff", "Staff members and counter sign-in");
  staff->require_subcommand(1);
  auto* staff_add = staff->add_subcommand("add", "Add a staff member with a PIN");
  staff_add->add_option("--id", staff_id, "Staff id (nv01)")->required();
  staff_add->add_option("--name", staff_name, "Full name")->required();
  staff_add->add_option("--pin", pin, "4–12 digits")->required();
  staff_add->callback([&] {
    action = [&] { s.print_json(s.call("staff.add", {{"staff", staff_id}, {"name", staff_name}, {"pin", pin}})); };
  });
  auto* staff_pin = staff->add_subcommand("pin", "Set a staff member's PIN (also lifts a lock)");
  staff_pin->add_option("--id", staff_id)->required();
  staff_pin->add_option("--pin", pin)->required();
  staff_pin->callback([&] { action = [&] { s.print_json(s.call("staff.set_pin", {{"staff", staff_id}, {"pin", pin}})); }; });
  auto* staff_list = staff->add_subcommand("list", "Staff members");
  staff_list->callback([&] {
    action = [&] {
      json list = s.call("staff.list")["staff"];
      if (s.json_output()) return s.print_json(list);
      for (const auto& m : list) out << m.value("id", "") << "  " << m.value("name", "") << (m["locked_until"].is_string() ? "  (khoá đến " + m["locked_until"].get<std::string>() + ")" : "") << '\n';
    };
  });
  auto* sign_in = staff->add_subcommand("sign-in", "Sign a staff member in at a counter");
  sign_in->add_option("--counter", counter)->required();
  sign_in->add_option("--id", staff_id)->required();
  sign_in->add_option("--pin", pin)->required();
  sign_in->callback([&] {
    action = [&] { s.print_counter(s.call("staff.sign_in", {{"counter", counter}, {"staff", staff_id}, {"pin", pin}})); };
  });
  auto* sign_out = staff->add_subcommand("sign-out", "Sign the staff member at a counter out");
  sign_out->add_option("--counter", counter)->required();
  sign_out->callback([&] { action = [&] { s.print_counter(s.call("staff.sign_out", {{"counter", counter}})); }; });

  auto* pairing = app.add_subcommand("pairing", "One-time codes that pair devices");
  pairing->require_subcommand(1);
  auto* pairing_create = pairing->add_subcommand("create", "A code for a new device of a role");
  pairing_create->add_option("--role", role, "ticket, counter, rating, board, manager")->required();
  pairing_create->add_option("--counter", counter, "For counter and rating devices");
  pairing_create->callback([&] {
    action = [&] {
      json args{{"role", role}};
      if (counter > 0) args["counter"] = counter;
      json r = s.call("pairing.create", args);
      if (s.json_output()) return s.print_json(r);
      out << r.value("code", "") << "  (" << r.value("role", "") << ", hết hạn " << r.value("expires_at", "") << ")\n";
    };
  });
  auto* device = app.add_subcommand("device", "Paired devices");
  device->require_subcommand(1);
  auto* device_list = device->add_subcommand("list", "Paired devices");
  device_list->callback([&] {
    action = [&] {
      json list = s.call("device.list")["devices"];
      if (s.json_output()) return s.print_json(list);
      auto text = [](const json& d, const char* key) { return d.contains(key) && d[key].is_string() ? d[key].get<std::string>() : std::string(); };
      for (const auto& d : list) {
        out << d.value("device", "") << "  " << d.value("role", "") << "  " << d.value("name", "");
        if (d["revoked_at"].is_string()) out << "  (đã thu hồi)";
        // Only the hub knows who is connected: through --db every device reads as not connected.
        if (d.value("connected", false)) out << "  đang kết nối";
        else if (!text(d, "last_seen").empty()) out << "  mất kết nối, thấy lần cuối " << text(d, "last_seen");
        if (!text(d, "printer").empty()) {
          out << "  máy in: " << text(d, "printer");
          if (!text(d, "printer_error").empty()) out << " (" << text(d, "printer_error") << ")";
        }
        out << '\n';
      }
    };
  });
  auto* device_revoke = device->add_subcommand("revoke", "Revoke a device: it is disconnected and its token refused");
  device_revoke->add_option("device", device_id)->required();
  device_revoke->callback([&] { action = [&] { s.print_json(s.call("device.revoke", {{"device", device_id}})); }; });
  auto* pair = app.add_subcommand("pair", "Exchange a pairing code for a device token (--hub)");
  pair->add_option("--code", pairing_code)->required();
  pair->add_option("--name", device_name, "What to call this device");
  pair->callback([&] {
    action = [&] {
      if (!s.remote()) throw UsageError("pair needs --hub URL");
      json r = s.call("pair", {{"code", pairing_code}, {"name", device_name}});
      if (s.json_output()) return s.print_json(r);
      out << r.value("token", "") << '\n';
    };
  });

  // ---- settings
  std::string morning, afternoon, weekdays, queue_priority, closed;
  std::optional<std::int64_t> normal_per_priority, max_recalls;
  auto print_settings = [&](const json& st) {
    const json& h = st["office_hours"];
    const json& q = st["queue"];
    std::string days, closed_list;
    for (const auto& d : h["weekdays"]) days += (days.empty() ? "" : ",") + std::to_string(d.get<int>());
    for (const auto& c : st["closed_services"]) closed_list += (closed_list.empty() ? "" : ",") + c.get<std::string>();
    out << "office_hours  morning " << h.value("morning", "") << "  afternoon " << h.value("afternoon", "") << "  weekdays "
        << days << '\n'
        << "queue         priority " << q.value("priority", "") << "  normal_per_priority " << q.value("normal_per_priority", 0)
        << "  max_recalls " << q.value("max_recalls", 0) << '\n'
        << "closed        " << (closed_list.empty() ? "-" : closed_list) << '\n';
  };
  auto* settings = app.add_subcommand("settings", "Office hours, queue rules and closed service areas (manager)");
  settings->require_subcommand(1);
  auto* settings_get = settings->add_subcommand("get", "The settings in force");
  settings_get->callback([&] {
    action = [&] {
      json st = s.call("settings.get");
      if (s.json_output()) return s.print_json(st);
      print_settings(st);
    };
  });
  auto* settings_set = settings->add_subcommand("set", "Change some settings (recorded as settings.changed)");
  settings_set->add_option("--morning", morning, "Morning hours, HH:MM-HH:MM");
  settings_set->add_option("--afternoon", afternoon, "Afternoon hours, HH:MM-HH:MM");
  settings_set->add_option("--weekdays", weekdays, "Days the centre opens, 1 (Monday) to 7 (Sunday), comma-separated");
  settings_set->add_option("--priority", queue_priority, "interleave or strict");
  settings_set->add_option("--normal-per-priority", normal_per_priority, "interleave: normal calls between priority ones");
  settings_set->add_option("--max-recalls", max_recalls, "Recalls before a ticket becomes a no-show");
  settings_set->add_option("--closed", closed, "Service areas issuing no tickets, comma-separated; 'none' reopens all");
  settings_set->callback([&] {
    action = [&] {
      json args = json::object();
      if (!morning.empty()) args["office_hours"]["morning"] = morning;
      if (!afternoon.empty()) args["office_hours"]["afternoon"] = afternoon;
      if (!weekdays.empty()) {
        json days = json::array();
        std::stringstream ss(weekdays);
        std::string item;
        while (std::getline(ss, item, ',')) {
          if (item.size() != 1 || item[0] < '0' || item[0] > '9') throw UsageError("--weekdays takes digits 1-7, comma-separated");
          days.push_back(item[0] - '0');
        }
        args["office_hours"]["weekdays"] = days;
      }
      if (!queue_priority.empty()) args["queue"]["priority"] = queue_priority;
      if (normal_per_priority) args["queue"]["normal_per_priority"] = *normal_per_priority;
      if (max_recalls) args["queue"]["max_recalls"] = *max_recalls;
      if (!closed.empty()) {
        json codes = json::array();
        std::stringstream ss(closed);
        std::string item;
        while (closed != "none" && std::getline(ss, item, ',')) codes.push_back(item);
        args["closed_services"] = codes;
      }
      json st = s.call("settings.set", args);
      if (s.json_output()) return s.print_json(st);
      std::string changed;
      for (const auto& f : st["changed"]) changed += (changed.empty() ? "" : ", ") + f.get<std::string>();
      out << (changed.empty() ? "no change" : "changed: " + changed) << '\n';
      print_settings(st);
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
      json r = s.call("dossier.import_csv", {{"csv", read_text_file(csv_path)}});
      out << "imported " << r.value("imported", 0) << " dossiers\n";
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
      json args{{"format", format}, {"lang", lang}};
      if (!period.empty()) args["period"] = period;
      else if (!from.empty() && !to.empty()) args["from"] = from, args["to"] = to;
      else throw UsageError("give --from and --to (or --period)");
      json r = s.call("report.indicators", args);
      if (format == "json") {
        json j = r["indicators"];
        j["centre"] = r["centre"];
        out << j.dump(2) << '\n';
      } else {
        out << r.value(format == "csv" ? "csv" : "text", "");
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
      if (!s.remote()) {
        s.centre().for_each_event(from_seq, [&](const Event& e) {
          out << to_json(e).dump() << '\n';
          return true;
        });
        return;
      }
      for (std::int64_t next = from_seq;;) {
        json page = s.call("log.events", {{"from_seq", next}, {"limit", 1000}});
        for (const auto& e : page["events"]) out << e.dump() << '\n';
        if (page["events"].empty() || page["next_seq"].get<std::int64_t>() > page["last_seq"].get<std::int64_t>()) break;
        next = page["next_seq"].get<std::int64_t>();
      }
    };
  });
  auto* verify = app.add_subcommand("verify", "Check the database's integrity and the event chain");
  verify->callback([&] {
    action = [&] {
      json r = s.call("store.verify");
      if (s.json_output()) {
        s.print_json(r);
      } else {
        out << "integrity: " << r.value("integrity", "") << '\n' << "events: " << r.value("events", 0) << '\n';
        out << "chain: " << (r["chain_problem"].is_string() ? r["chain_problem"].get<std::string>() : "ok") << '\n';
        out << "state tables: "
            << (r["state_problem"].is_string() ? r["state_problem"].get<std::string>() : r["chain_problem"].is_string() ? "not checked" : "match the log")
            << '\n';
      }
      if (!r.value("ok", false)) result_code = ExitCode::verify_failed;
    };
  });
  std::string backup_path;
  auto* backup = app.add_subcommand("backup", "Online backup: to a new FILE (--db), or into the hub's backup directory (--hub)");
  backup->add_option("file", backup_path);
  backup->callback([&] {
    action = [&] {
      if (s.remote()) {
        if (!backup_path.empty()) throw UsageError("through --hub the hub writes the backup into its own backup directory; give no FILE");
        out << "backup written to " << s.call("store.backup").value("path", "") << " (on the hub)\n";
        return;
      }
      if (backup_path.empty()) throw UsageError("backup needs a FILE");
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
      const Zone zone = g.db.empty() ? Zone::vietnam() : s.centre().zone();
      const OfficeHours hours = g.db.empty() ? OfficeHours{} : s.centre().settings().office_hours;
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
  if (!g.hub.empty() && !g.db.empty()) {
    err << "error: give --db or --hub, not both\n";
    return ExitCode::usage;
  }
  try {
    if (action) action();
    return result_code;
  } catch (const CommandFailed& e) {
    err << "lỗi: " << e.error.message_vi << "\nerror: " << e.error.message << " [" << e.error.code << "]\n";
    return exit_code_for(e.error);
  } catch (const client::ConnectionError& e) {
    err << "lỗi: không kết nối được tới máy chủ\nerror: hub unreachable: " << e.what() << '\n';
    return ExitCode::hub_unreachable;
  } catch (const DomainError& e) {
    err << "lỗi: " << e.message_vi() << "\nerror: " << e.what() << " [" << e.code() << "]\n";
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
