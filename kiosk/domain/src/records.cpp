#include "kiosk/domain/records.hpp"

#include <algorithm>
#include <cstdio>

namespace kiosk {
namespace {

using nlohmann::json;

template <typename Enum, std::size_t N>
std::optional<Enum> parse_named(std::string_view s, const std::array<std::string_view, N>& names) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<Enum>(i);
  return std::nullopt;
}

constexpr std::array<std::string_view, 6> kPriorityNames = {"none", "elderly", "disabled", "pregnant", "infant", "veteran"};
constexpr std::array<std::string_view, 6> kPriorityNamesVi = {"Thường", "Người cao tuổi", "Người khuyết tật",
                                                              "Phụ nữ mang thai", "Người có con nhỏ", "Người có công"};
constexpr std::array<std::string_view, 6> kTicketStates = {"waiting", "called", "serving", "served", "no_show", "cancelled"};
constexpr std::array<std::string_view, 3> kCounterStatuses = {"closed", "open", "paused"};
constexpr std::array<std::string_view, 4> kChannels = {"in_person", "online_full", "online_partial", "postal"};
constexpr std::array<std::string_view, 4> kChannelsVi = {"trực tiếp", "trực tuyến toàn trình", "trực tuyến một phần",
                                                         "bưu chính công ích"};
constexpr std::array<std::string_view, 10> kStatuses = {"registered", "accepted", "not_accepted", "processing",
                                                        "supplement_requested", "financial_obligation", "withdrawn",
                                                        "stopped", "processed", "returned"};
constexpr std::array<std::string_view, 10> kStatusesVi = {
    "Mới đăng ký",       "Được tiếp nhận", "Không được tiếp nhận",       "Đang xử lý", "Yêu cầu bổ sung",
    "Yêu cầu thực hiện nghĩa vụ tài chính", "Công dân yêu cầu rút hồ sơ", "Dừng xử lý", "Đã xử lý xong",
    "Đã trả kết quả"};
constexpr std::array<std::string_view, 3> kTimeliness = {"early", "on_time", "late"};
constexpr std::array<std::string_view, 5> kLevelsVi = {"Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng",
                                                       "Rất hài lòng"};
constexpr std::array<std::string_view, 5> kLevelsEn = {"Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied",
                                                       "Very satisfied"};
constexpr std::array<std::string_view, kCriteriaCount> kCriteriaVi = {
    "Thời gian giải quyết so với quy định",
    "Thời gian tại các cơ quan",
    "Số lần đi lại",
    "Số cơ quan phải liên hệ",
    "Giải quyết trọn vẹn tại Bộ phận Một cửa",
    "Công khai thủ tục hành chính",
    "Thái độ của công chức",
    "Tiếp nhận và xử lý phản ánh, kiến nghị",
    "Chất lượng dịch vụ công trực tuyến"};

const json& field(const Event& e, const char* key) {
  auto it = e.payload.find(key);
  if (it == e.payload.end()) throw EventError(e.type + ": payload field missing: " + key);
  return *it;
}

bool payload_bool(const Event& e, const char* key, bool fallback = false) {
  auto it = e.payload.find(key);
  if (it == e.payload.end()) return fallback;
  if (!it->is_boolean()) throw EventError(e.type + ": payload field is not a boolean: " + key);
  return it->get<bool>();
}

std::optional<Instant> payload_instant(const Event& e, const char* key) {
  auto it = e.payload.find(key);
  if (it == e.payload.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) throw EventError(e.type + ": payload field is not a time: " + key);
  return from_millis(it->get<std::int64_t>());
}

std::string optional_string(const Event& e, const char* key) {
  auto it = e.payload.find(key);
  if (it == e.payload.end() || it->is_null()) return {};
  if (!it->is_string()) throw EventError(e.type + ": payload field is not text: " + key);
  return it->get<std::string>();
}

bool counter_matches(const Event& e, int number) {
  auto it = e.payload.find("counter");
  return it != e.payload.end() && it->is_number_integer() && it->get<int>() == number;
}

}  // namespace

std::string payload_string(const Event& e, const char* key) {
  const json& v = field(e, key);
  if (!v.is_string()) throw EventError(e.type + ": payload field is not text: " + key);
  return v.get<std::string>();
}

std::int64_t payload_int(const Event& e, const char* key) {
  const json& v = field(e, key);
  if (!v.is_number_integer()) throw EventError(e.type + ": payload field is not an integer: " + key);
  return v.get<std::int64_t>();
}

std::string_view to_string(Priority p) { return kPriorityNames[static_cast<std::size_t>(p)]; }
std::optional<Priority> parse_priority(std::string_view s) { return parse_named<Priority>(s, kPriorityNames); }
std::string_view priority_name_vi(Priority p) { return kPriorityNamesVi[static_cast<std::size_t>(p)]; }
std::string_view to_string(TicketState s) { return kTicketStates[static_cast<std::size_t>(s)]; }
std::optional<TicketState> parse_ticket_state(std::string_view s) { return parse_named<TicketState>(s, kTicketStates); }
std::string_view to_string(CounterStatus s) { return kCounterStatuses[static_cast<std::size_t>(s)]; }
std::string_view to_string(Channel c) { return kChannels[static_cast<std::size_t>(c)]; }
std::optional<Channel> parse_channel(std::string_view s) { return parse_named<Channel>(s, kChannels); }
std::string_view channel_name_vi(Channel c) { return kChannelsVi[static_cast<std::size_t>(c)]; }
std::string_view to_string(Timeliness t) { return kTimeliness[static_cast<std::size_t>(t)]; }

std::optional<DossierStatus> dossier_status_from_int(int n) {
  if (n < 1 || n > 10) return std::nullopt;
  return static_cast<DossierStatus>(n);
}
std::optional<DossierStatus> parse_dossier_status(std::string_view s) {
  if (s.size() <= 2 && !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return dossier_status_from_int(std::stoi(std::string(s)));
  auto idx = parse_named<int>(s, kStatuses);
  if (!idx) return std::nullopt;
  return static_cast<DossierStatus>(*idx + 1);
}
std::string_view to_string(DossierStatus s) { return kStatuses[static_cast<std::size_t>(s) - 1]; }
std::string_view status_name_vi(DossierStatus s) { return kStatusesVi[static_cast<std::size_t>(s) - 1]; }

bool transition_allowed(DossierStatus from, DossierStatus to) {
  using S = DossierStatus;
  switch (from) {
    case S::registered: return to == S::accepted || to == S::not_accepted || to == S::withdrawn;
    case S::accepted:
    case S::processing:
      return to == S::processing || to == S::supplement_requested || to == S::financial_obligation ||
             to == S::withdrawn || to == S::stopped || to == S::processed;
    case S::supplement_requested: return to == S::processing || to == S::withdrawn || to == S::stopped;
    case S::financial_obligation:
      return to == S::processing || to == S::withdrawn || to == S::stopped || to == S::processed;
    case S::processed: return to == S::returned;
    case S::not_accepted:
    case S::withdrawn:
    case S::stopped:
    case S::returned: return false;
  }
  return false;
}

// ---- Tickets ---------------------------------------------------------------------------------------------

std::string format_ticket_number(std::string_view prefix, int day_seq) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%03d", day_seq);
  return std::string(prefix) + "-" + buf;
}

std::optional<std::int64_t> Ticket::wait_seconds() const {
  if (!called_at) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::seconds>(*called_at - issued_at).count();
}

std::optional<std::int64_t> Ticket::service_seconds() const {
  if (!started_at || !finished_at || state != TicketState::served) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::seconds>(*finished_at - *started_at).count();
}

Ticket ticket_from_issued(const Event& e) {
  if (e.type != event_type::ticket_issued) throw EventError("not a ticket.issued event: " + e.type);
  Ticket t;
  t.id = payload_int(e, "ticket");
  t.number = payload_string(e, "number");
  t.service = payload_string(e, "service");
  t.first_service = t.service;
  auto day = parse_date(payload_string(e, "day"));
  if (!day) throw EventError("ticket.issued: bad day");
  t.day = *day;
  t.day_seq = static_cast<int>(payload_int(e, "day_seq"));
  auto p = parse_priority(payload_string(e, "priority"));
  if (!p) throw EventError("ticket.issued: unknown priority");
  t.priority = *p;
  t.issued_at = e.at;
  return t;
}

void apply_ticket_event(Ticket& t, const Event& e) {
  const std::string_view type = e.type;
  if (type == event_type::ticket_called) {
    t.state = TicketState::called;
    if (!t.called_at) t.called_at = e.at;
    t.counter = static_cast<int>(payload_int(e, "counter"));
    t.staff = optional_string(e, "staff");
  } else if (type == event_type::ticket_recalled) {
    t.recalls = static_cast<int>(payload_int(e, "recalls"));
  } else if (type == event_type::ticket_service_started) {
    t.state = TicketState::serving;
    t.started_at = e.at;
  } else if (type == event_type::ticket_finished) {
    t.state = TicketState::served;
    t.finished_at = e.at;
    if (auto it = e.payload.find("dossiers"); it != e.payload.end() && it->is_array())
      for (const auto& code : *it)
        if (code.is_string() && std::find(t.dossiers.begin(), t.dossiers.end(), code.get<std::string>()) == t.dossiers.end())
          t.dossiers.push_back(code.get<std::string>());
  } else if (type == event_type::ticket_no_show) {
    t.state = TicketState::no_show;
    t.finished_at = e.at;
  } else if (type == event_type::ticket_transferred) {
    t.service = payload_string(e, "to");
    t.state = TicketState::waiting;
    t.called_at.reset();
    t.started_at.reset();
    t.counter.reset();
    t.recalls = 0;
    ++t.transfers;
  } else if (type == event_type::ticket_cancelled) {
    t.state = TicketState::cancelled;
    t.finished_at = e.at;
  } else {
    throw EventError("not a ticket event: " + e.type);
  }
}

void apply_counter_event(CounterState& c, const Event& e) {
  const std::string_view type = e.type;
  if (!counter_matches(e, c.number)) {
    // A cancelled ticket names no counter but may be the one this counter holds.
    if (type == event_type::ticket_cancelled && c.current_ticket == payload_int(e, "ticket")) c.current_ticket.reset();
    return;
  }
  if (type == event_type::counter_opened) {
    c.status = CounterStatus::open;
    c.staff = optional_string(e, "staff");
  } else if (type == event_type::counter_paused) {
    c.status = CounterStatus::paused;
  } else if (type == event_type::counter_closed) {
    c.status = CounterStatus::closed;
    c.staff.clear();
  } else if (type == event_type::staff_signed_in) {
    c.staff = payload_string(e, "staff");
  } else if (type == event_type::staff_signed_out) {
    c.staff.clear();
  } else if (type == event_type::ticket_called) {
    c.current_ticket = payload_int(e, "ticket");
    if (payload_string(e, "priority") == to_string(Priority::none))
      ++c.normal_since_priority;
    else
      c.normal_since_priority = 0;
  } else if (type == event_type::ticket_finished || type == event_type::ticket_no_show ||
             type == event_type::ticket_transferred || type == event_type::ticket_cancelled) {
    if (c.current_ticket == payload_int(e, "ticket")) c.current_ticket.reset();
  }
}

// ---- Dossiers --------------------------------------------------------------------------------------------

std::optional<Timeliness> Dossier::timeliness(const Zone& zone) const {
  if (!finished_at) return std::nullopt;
  Date done = zone.local_date(*finished_at), due = zone.local_date(due_at);
  if (done < due) return Timeliness::early;
  if (done == due) return Timeliness::on_time;
  return Timeliness::late;
}

bool Dossier::late_at(Instant now, const Zone& zone) const {
  if (finished_at) return timeliness(zone) == Timeliness::late;
  return zone.local_date(now) > zone.local_date(due_at);
}

std::string format_dossier_code(std::string_view agency, Date day, int seq) {
  std::chrono::year_month_day ymd{day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "-%02d%02u%02u-%04d", static_cast<int>(ymd.year()) % 100,
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), seq);
  return std::string(agency) + buf;
}

Dossier dossier_from_received(const Event& e) {
  const bool imported = e.type == event_type::dossier_imported;
  if (!imported && e.type != event_type::dossier_received) throw EventError("not a dossier.received event: " + e.type);
  Dossier d;
  d.code = payload_string(e, "code");
  d.procedure = payload_string(e, "procedure");
  d.field = payload_string(e, "field");
  auto ch = parse_channel(payload_string(e, "channel"));
  if (!ch) throw EventError(e.type + ": unknown channel");
  d.channel = *ch;
  d.inter_agency = payload_bool(e, "inter_agency");
  auto st = dossier_status_from_int(static_cast<int>(payload_int(e, "status")));
  if (!st) throw EventError(e.type + ": unknown status");
  d.status = *st;
  d.received_at = imported ? payload_instant(e, "received_at").value_or(e.at) : e.at;
  d.due_at = from_millis(payload_int(e, "due_at"));
  d.digitised = payload_bool(e, "digitised");
  d.data_reused = payload_bool(e, "data_reused");
  d.fee = payload_int(e, "fee");
  d.paid_online = payload_bool(e, "paid_online");
  d.fee_paid = payload_bool(e, "fee_paid", d.paid_online);
  if (auto it = e.payload.find("ticket"); it != e.payload.end() && it->is_number_integer()) d.ticket = it->get<std::int64_t>();
  d.legal_version = optional_string(e, "legal_version");
  if (imported) {
    d.finished_at = payload_instant(e, "finished_at");
    d.returned_at = payload_instant(e, "returned_at");
    d.closed_at = payload_instant(e, "closed_at");
    d.result_digitised = payload_bool(e, "result_digitised");
  }
  return d;
}

void apply_dossier_event(Dossier& d, const Event& e) {
  const std::string_view type = e.type;
  if (type == event_type::dossier_status_changed) {
    auto to = dossier_status_from_int(static_cast<int>(payload_int(e, "to")));
    if (!to) throw EventError("dossier.status_changed: unknown status");
    d.status = *to;
    // Accepting a registered dossier starts its clock: the event carries the appointment.
    if (auto due = payload_instant(e, "due_at")) d.due_at = *due;
    if (is_closed_unresolved(*to)) {
      d.closed_at = e.at;
      d.paused_at.reset();
    }
  } else if (type == event_type::dossier_supplement_requested) {
    d.status = DossierStatus::supplement_requested;
    d.paused_at = e.at;
    ++d.supplements;
  } else if (type == event_type::dossier_supplement_received) {
    d.status = DossierStatus::processing;
    d.paused_at.reset();
    d.due_at = from_millis(payload_int(e, "due_at"));
  } else if (type == event_type::dossier_resolved) {
    d.status = DossierStatus::processed;
    d.finished_at = e.at;
    d.result_digitised = payload_bool(e, "result_digitised");
  } else if (type == event_type::dossier_returned) {
    d.status = DossierStatus::returned;
    d.returned_at = e.at;
  } else if (type == event_type::dossier_apology_issued) {
    ++d.apology_slips;
    d.promised_at = from_millis(payload_int(e, "new_due"));
  } else if (type == event_type::dossier_fee_paid) {
    d.fee_paid = true;
    d.paid_online = payload_bool(e, "online");
  } else {
    throw EventError("not a dossier event: " + e.type);
  }
}

ApologySlip apology_from_event(const Event& e) {
  if (e.type != event_type::dossier_apology_issued) throw EventError("not an apology event: " + e.type);
  return ApologySlip{payload_string(e, "code"), e.at, payload_string(e, "reason"), from_millis(payload_int(e, "old_due")),
                     from_millis(payload_int(e, "new_due"))};
}

// ---- Ratings ---------------------------------------------------------------------------------------------

int level_from_three(int three_level) {
  switch (three_level) {
    case 3: return 4;
    case 2: return 3;
    case 1: return 2;
    default: return 0;
  }
}

std::string_view level_name_vi(int level) {
  return level >= 1 && level <= 5 ? kLevelsVi[static_cast<std::size_t>(level - 1)] : std::string_view{};
}
std::string_view level_name_en(int level) {
  return level >= 1 && level <= 5 ? kLevelsEn[static_cast<std::size_t>(level - 1)] : std::string_view{};
}
std::string_view criterion_name_vi(int index) {
  return index >= 0 && index < kCriteriaCount ? kCriteriaVi[static_cast<std::size_t>(index)] : std::string_view{};
}

Rating rating_from_event(const Event& e) {
  if (e.type != event_type::rating_submitted) throw EventError("not a rating event: " + e.type);
  Rating r;
  r.ticket = payload_int(e, "ticket");
  r.dossier = optional_string(e, "dossier");
  r.level = static_cast<int>(payload_int(e, "level"));
  r.scale = static_cast<int>(payload_int(e, "scale"));
  if (r.level < 1 || r.level > 5) throw EventError("rating.submitted: level out of range");
  if (auto it = e.payload.find("criteria"); it != e.payload.end() && it->is_array()) {
    if (it->size() != kCriteriaCount) throw EventError("rating.submitted: criteria must have 9 entries");
    for (std::size_t i = 0; i < kCriteriaCount; ++i) r.criteria[i] = (*it)[i].is_number_integer() ? (*it)[i].get<int>() : -1;
  }
  r.reason = optional_string(e, "reason");
  r.comment = optional_string(e, "comment");
  if (auto it = e.payload.find("counter"); it != e.payload.end() && it->is_number_integer()) r.counter = it->get<int>();
  r.staff = optional_string(e, "staff");
  r.service = optional_string(e, "service");
  r.at = e.at;
  return r;
}

RatingAbandonment abandonment_from_event(const Event& e) {
  if (e.type != event_type::rating_abandoned) throw EventError("not a rating.abandoned event: " + e.type);
  RatingAbandonment a;
  a.ticket = payload_int(e, "ticket");
  a.dossier = optional_string(e, "dossier");
  if (auto it = e.payload.find("counter"); it != e.payload.end() && it->is_number_integer()) a.counter = it->get<int>();
  a.staff = optional_string(e, "staff");
  a.service = optional_string(e, "service");
  a.at = e.at;
  return a;
}

}  // namespace kiosk
