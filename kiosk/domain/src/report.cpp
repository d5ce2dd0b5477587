// Output forms of the indicators: JSON for programs, CSV for spreadsheets, prose for printed reports.
#include <cmath>
#include <cstdio>
#include <sstream>

#include "kiosk/domain/indicators.hpp"

namespace kiosk {
namespace {

using nlohmann::json;

json rate_json(std::optional<double> r) { return r ? json(*r) : json(nullptr); }

template <typename T>
json optional_json(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json queue_json(const QueueFigures& q) {
  return json{{"issued", q.issued},
              {"served", q.served},
              {"no_show", q.no_show},
              {"cancelled", q.cancelled},
              {"waiting", q.waiting},
              {"avg_wait_s", optional_json(q.avg_wait_s)},
              {"p90_wait_s", optional_json(q.p90_wait_s)},
              {"avg_service_s", optional_json(q.avg_service_s)},
              {"p90_service_s", optional_json(q.p90_service_s)}};
}

json dossier_json(const DossierFigures& f) {
  return json{{"received", f.received}, {"carried_over", f.carried_over}, {"new", f.new_},
              {"resolved", f.resolved}, {"early", f.early},               {"on_time", f.on_time},
              {"late", f.late},         {"on_time_rate", rate_json(f.on_time_rate())},
              {"pending", f.pending},   {"not_due", f.not_due},           {"overdue", f.overdue},
              {"closed_unresolved", f.closed_unresolved}};
}

// Flattens nested objects into dotted keys for the CSV.
void flatten(const json& j, const std::string& prefix, std::ostringstream& out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) flatten(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), out);
    return;
  }
  out << prefix << ',';
  if (!j.is_null()) {
    if (j.is_string()) out << j.get<std::string>();
    else out << j.dump();
  }
  out << '\n';
}

std::string fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string format_percent_en(std::optional<double> rate, int decimals = 1) {
  if (!rate) return "n/a";
  return fixed(*rate * 100.0, decimals) + "%";
}

std::string minutes_en(std::optional<double> seconds) {
  if (!seconds) return "n/a";
  return fixed(*seconds / 60.0, 1) + " min";
}

}  // namespace

std::string format_count_vi(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  int count = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (count > 0 && count % 3 == 0) out.insert(out.begin(), '.');
    out.insert(out.begin(), *it);
    ++count;
  }
  return n < 0 ? "-" + out : out;
}

std::string format_percent_vi(std::optional<double> rate, int decimals) {
  if (!rate) return "không có số liệu";
  std::string s = fixed(*rate * 100.0, decimals);
  if (auto dot = s.find('.'); dot != std::string::npos) s[dot] = ',';
  return s + "%";
}

std::string format_duration_vi(std::optional<double> seconds) {
  if (!seconds) return "không có số liệu";
  auto total = static_cast<std::int64_t>(std::llround(*seconds));
  std::int64_t h = total / 3600, m = total % 3600 / 60, s = total % 60;
  std::string out;
  if (h > 0) out += std::to_string(h) + " giờ ";
  if (h > 0 || m > 0) out += std::to_string(m) + " phút";
  if (h == 0) out += (out.empty() ? "" : " ") + std::to_string(s) + " giây";
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

json to_json(const Indicators& ind) {
  const DossierFigures& d = ind.dossiers;
  json by_channel = json::object();
  for (auto [channel, n] : ind.new_by_channel) by_channel[std::string(to_string(channel))] = n;
  json by_level = json::object();
  for (auto [level, n] : ind.ratings_by_level) by_level[std::to_string(level)] = n;
  json by_service = json::object();
  for (const auto& [code, q] : ind.queue_by_service) by_service[code] = queue_json(q);
  json by_counter = json::object();
  for (const auto& [number, q] : ind.queue_by_counter) by_counter[std::to_string(number)] = queue_json(q);
  json by_field = json::object();
  for (const auto& [field, f] : ind.dossiers_by_field) by_field[field] = dossier_json(f);

  json queue = queue_json(ind.queue);
  queue["by_service"] = by_service;
  queue["by_counter"] = by_counter;
  return json{
      {"period", {{"from", format_date(ind.period.from)}, {"to", format_date(ind.period.to)}}},
      {"received",
       {{"total", d.received},
        {"carried_over", d.carried_over},
        {"new", d.new_},
        {"by_channel", by_channel},
        {"online", ind.new_online},
        {"inter_agency", ind.inter_agency}}},
      {"resolved",
       {{"total", d.resolved},
        {"early", d.early},
        {"on_time", d.on_time},
        {"late", d.late},
        {"on_time_rate", rate_json(d.on_time_rate())}}},
      {"pending", {{"total", d.pending}, {"not_due", d.not_due}, {"overdue", d.overdue}}},
      {"closed_unresolved", d.closed_unresolved},
      {"apology_slips", ind.apology_slips},
      {"digitised",
       {{"received", ind.new_digitised},
        {"received_rate", rate_json(ind.digitised_received_rate())},
        {"result", ind.resolved_result_digitised},
        {"result_rate", rate_json(ind.digitised_result_rate())}}},
      {"online_payment", {{"with_fee", ind.with_fee}, {"paid_online", ind.paid_online}}},
      {"online_payment_rate", rate_json(ind.online_payment_rate())},
      {"satisfaction",
       {{"ratings", ind.ratings},
        {"satisfied", ind.satisfied},
        {"rate", rate_json(ind.satisfaction_rate())},
        {"by_level", by_level},
        {"abandoned", ind.ratings_abandoned}}},
      {"queue", queue},
      {"by_field", by_field},
  };
}

std::string to_csv(const Indicators& ind) {
  std::ostringstream out;
  out << "metric,value\n";
  flatten(to_json(ind), "", out);
  return out.str();
}

std::string to_text(const Indicators& ind, std::string_view centre_name, std::string_view lang) {
  const DossierFigures& d = ind.dossiers;
  const auto& ch = ind.new_by_channel;
  std::ostringstream out;
  if (lang == "en") {
    out << centre_name << ", " << format_date(ind.period.from) << " to " << format_date(ind.period.to) << ".\n"
        << "In the period, " << d.received << " dossiers were received (" << d.carried_over << " carried over, "
        << d.new_ << " new: online full-process " << ch.at(Channel::online_full) << ", online partial "
        << ch.at(Channel::online_partial) << ", in person " << ch.at(Channel::in_person) << ", postal "
        << ch.at(Channel::postal) << "); " << d.resolved << " were resolved, of which early or on time "
        << d.early + d.on_time << " (" << format_percent_en(d.on_time_rate()) << "), late " << d.late << "; "
        << d.pending << " are in progress (" << d.not_due << " not yet due, " << d.overdue << " overdue); "
        << d.closed_unresolved << " withdrawn, not accepted or stopped; " << ind.apology_slips
        << " apology slips issued.\n"
        << "Digitised on receipt: " << format_percent_en(ind.digitised_received_rate(), 2) << " (" << ind.new_digitised
        << "/" << d.new_ << "); results digitised: " << format_percent_en(ind.digitised_result_rate(), 2) << " ("
        << ind.resolved_result_digitised << "/" << d.resolved << "); paid online: "
        << format_percent_en(ind.online_payment_rate()) << " (" << ind.paid_online << "/" << ind.with_fee << ").\n"
        << "Satisfaction: " << format_percent_en(ind.satisfaction_rate()) << " (" << ind.satisfied << " of "
        << ind.ratings << " ratings).\n"
        << "Queue: " << ind.queue.issued << " tickets issued, " << ind.queue.served << " served, "
        << ind.queue.no_show << " no-shows; average wait " << minutes_en(ind.queue.avg_wait_s)
        << ", average service " << minutes_en(ind.queue.avg_service_s) << ".\n";
    return out.str();
  }
  auto n = format_count_vi;
  out << centre_name << ", từ ngày " << format_date_vi(ind.period.from) << " đến ngày " << format_date_vi(ind.period.to)
      << ".\n"
      << "Trong kỳ, đã tiếp nhận " << n(d.received) << " hồ sơ (kỳ trước chuyển sang " << n(d.carried_over)
      << ", mới tiếp nhận " << n(d.new_) << ", trong đó trực tuyến toàn trình " << n(ch.at(Channel::online_full))
      << ", trực tuyến một phần " << n(ch.at(Channel::online_partial)) << ", trực tiếp " << n(ch.at(Channel::in_person))
      << ", qua bưu chính công ích " << n(ch.at(Channel::postal)) << "); đã giải quyết " << n(d.resolved)
      << " hồ sơ, trong đó trước hạn và đúng hạn " << n(d.early + d.on_time) << " hồ sơ ("
      << format_percent_vi(d.on_time_rate()) << "), trễ hạn " << n(d.late) << " hồ sơ; đang giải quyết "
      << n(d.pending) << " hồ sơ (chưa đến hạn " << n(d.not_due) << ", quá hạn " << n(d.overdue) << "); rút, không tiếp nhận hoặc dừng xử lý "
      << n(d.closed_unresolved) << " hồ sơ; đã ban hành " << n(ind.apology_slips) << " phiếu xin lỗi và hẹn lại ngày trả kết quả.\n"
      << "Tỷ lệ hồ sơ được số hóa khi tiếp nhận đạt " << format_percent_vi(ind.digitised_received_rate(), 2) << " ("
      << n(ind.new_digitised) << "/" << n(d.new_) << "); tỷ lệ kết quả được số hóa đạt "
      << format_percent_vi(ind.digitised_result_rate(), 2) << " (" << n(ind.resolved_result_digitised) << "/"
      << n(d.resolved) << "); tỷ lệ thanh toán trực tuyến đạt " << format_percent_vi(ind.online_payment_rate()) << " ("
      << n(ind.paid_online) << "/" << n(ind.with_fee) << " hồ sơ có phí, lệ phí).\n"
      << "Mức độ hài lòng: " << format_percent_vi(ind.satisfaction_rate()) << " (" << n(ind.satisfied) << "/"
      << n(ind.ratings) << " lượt đánh giá hài lòng trở lên).\n"
      << "Hàng đợi: đã cấp " << n(ind.queue.issued) << " số thứ tự, đã phục vụ " << n(ind.queue.served)
      << ", vắng mặt " << n(ind.queue.no_show) << "; thời gian chờ trung bình " << format_duration_vi(ind.queue.avg_wait_s)
      << ", thời gian phục vụ trung bình " << format_duration_vi(ind.queue.avg_service_s) << ".\n";
  return out.str();
}

}  // namespace kiosk
