#include "kiosk/domain/records.hpp"

namespace kiosk {
namespace {

using nlohmann::json;

json time_json(const std::optional<Instant>& t, const Zone& zone) {
  return t ? json(format_instant(*t, zone)) : json(nullptr);
}

}  // namespace

json to_json(const Ticket& t, const Zone& zone) {
  return json{{"id", t.id},
              {"number", t.number},
              {"service", t.service},
              {"first_service", t.first_service},
              {"day", format_date(t.day)},
              {"priority", std::string(to_string(t.priority))},
              {"state", std::string(to_string(t.state))},
              {"issued_at", format_instant(t.issued_at, zone)},
              {"called_at", time_json(t.called_at, zone)},
              {"started_at", time_json(t.started_at, zone)},
              {"finished_at", time_json(t.finished_at, zone)},
              {"counter", t.counter ? json(*t.counter) : json(nullptr)},
              {"staff", t.staff},
              {"recalls", t.recalls},
              {"transfers", t.transfers},
              {"dossiers", t.dossiers}};
}

json to_json(const Dossier& d, const Zone& zone) {
  auto timeliness = d.timeliness(zone);
  return json{{"code", d.code},
              {"procedure", d.procedure},
              {"field", d.field},
              {"channel", std::string(to_string(d.channel))},
              {"inter_agency", d.inter_agency},
              {"status", static_cast<int>(d.status)},
              {"status_name", std::string(to_string(d.status))},
              {"status_name_vi", std::string(status_name_vi(d.status))},
              {"received_at", format_instant(d.received_at, zone)},
              {"due_at", format_instant(d.due_at, zone)},
              {"finished_at", time_json(d.finished_at, zone)},
              {"returned_at", time_json(d.returned_at, zone)},
              {"closed_at", time_json(d.closed_at, zone)},
              {"paused_at", time_json(d.paused_at, zone)},
              {"timeliness", timeliness ? json(std::string(to_string(*timeliness))) : json(nullptr)},
              {"supplements", d.supplements},
              {"digitised", d.digitised},
              {"result_digitised", d.result_digitised},
              {"data_reused", d.data_reused},
              {"fee", d.fee},
              {"fee_paid", d.fee_paid},
              {"paid_online", d.paid_online},
              {"apology_slips", d.apology_slips},
              {"promised_at", time_json(d.promised_at, zone)},
              {"ticket", d.ticket ? json(*d.ticket) : json(nullptr)},
              {"legal_version", d.legal_version}};
}

json to_json(const Rating& r, const Zone& zone) {
  json criteria = json::array();
  for (int c : r.criteria) criteria.push_back(c < 0 ? json(nullptr) : json(c));
  return json{{"ticket", r.ticket},
              {"dossier", r.dossier},
              {"level", r.level},
              {"level_name_vi", std::string(level_name_vi(r.level))},
              {"scale", r.scale},
              {"criteria", criteria},
              {"reason", r.reason},
              {"comment", r.comment},
              {"counter", r.counter ? json(*r.counter) : json(nullptr)},
              {"staff", r.staff},
              {"service", r.service},
              {"at", format_instant(r.at, zone)}};
}

json to_json(const RatingAbandonment& a, const Zone& zone) {
  return json{{"ticket", a.ticket},
              {"abandoned", true},
              {"dossier", a.dossier},
              {"counter", a.counter ? json(*a.counter) : json(nullptr)},
              {"staff", a.staff},
              {"service", a.service},
              {"at", format_instant(a.at, zone)}};
}

json to_json(const CounterState& c) {
  return json{{"number", c.number},
              {"status", std::string(to_string(c.status))},
              {"staff", c.staff},
              {"current_ticket", c.current_ticket ? json(*c.current_ticket) : json(nullptr)}};
}

}  // namespace kiosk
