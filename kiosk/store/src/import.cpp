// Historical dossiers from CSV: every row is checked before anything is written, then all rows go in one
// transaction, one dossier.imported event each.
#include <istream>
#include <set>
#include <unordered_map>

#include "store_impl.hpp"

namespace kiosk::store {
namespace {

using nlohmann::json;

constexpr std::array<const char*, 13> kColumns = {"code",        "procedure",   "channel",   "inter_agency", "received_at",
                                                  "due_at",      "finished_at", "returned_at", "status",     "digitised",
                                                  "result_digitised", "fee",   "paid_online"};

// Reads one CSV record (RFC 4180: quotes, doubled quotes, newlines inside quotes). Returns false at end of
// input. `lines` counts the physical lines consumed.
bool read_record(std::istream& in, std::vector<std::string>& fields, std::int64_t& lines, std::int64_t line_no) {
  fields.clear();
  std::string field;
  bool quoted = false, any = false, was_quoted = false;
  lines = 0;
  char c;
  while (in.get(c)) {
    any = true;
    if (quoted) {
      if (c == '"') {
        if (in.peek() == '"') {
          in.get(c);
          field += '"';
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++lines;
        field += c;
      }
      continue;
    }
    if (c == '"') {
      if (!field.empty() || was_quoted) throw ImportError(line_no, "a quote inside an unquoted field");
      quoted = was_quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\r') {
      if (in.peek() != '\n') field += c;
    } else if (c == '\n') {
      ++lines;
      fields.push_back(std::move(field));
      return true;
    } else {
      field += c;
    }
  }
  if (quoted) throw ImportError(line_no, "a quoted field is not closed");
  if (!any) return false;
  ++lines;
  fields.push_back(std::move(field));
  return true;
}

bool parse_flag(const std::string& s, bool& out) {
  if (s == "0") return out = false, true;
  if (s == "1") return out = true, true;
  return false;
}


std::optional<Instant> optional_time(const std::string& text, const Zone& zone, std::int64_t line, const char* column) {
  if (text.empty()) return std::nullopt;
  auto t = parse_instant(text, zone);
  if (!t) throw ImportError(line, std::string(column) + " is not an ISO 8601 time: '" + text + "'");
  return t;
}

}  // namespace

std::int64_t CentreStore::import_dossiers_csv(std::istream& in, Instant now, const Actor& actor) {
  Impl& m = *impl_;
  std::vector<std::string> fields;
  std::int64_t line = 1, consumed = 0;
  if (!read_record(in, fields, consumed, line)) throw ImportError(1, "the file is empty; expected a header row");
  if (!fields.empty() && fields[0].starts_with("\xEF\xBB\xBF")) fields[0].erase(0, 3);  // spreadsheet BOM
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (!index.emplace(fields[i], i).second) throw ImportError(1, "column '" + fields[i] + "' appears twice");
  }
  for (const char* column : kColumns)
    if (!index.contains(column)) throw ImportError(1, std::string("missing column '") + column + "'");
  if (index.size() != kColumns.size()) {
    for (const auto& [name, i] : index)
      if (std::find_if(kColumns.begin(), kColumns.end(), [&n = name](const char* c) { return n == c; }) == kColumns.end())
        throw ImportError(1, "unknown column '" + name + "'");
  }
  auto col = [&](const char* name) -> const std::string& { return fields[index.at(name)]; };

  std::vector<json> payloads;
  std::set<std::string> codes;
  const OfficeHours hours = m.settings().office_hours;
  line += consumed;
  for (std::int64_t row_line = line; read_record(in, fields, consumed, row_line); row_line += consumed) {
    if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
    if (fields.size() != kColumns.size())
      throw ImportError(row_line, "expected " + std::to_string(kColumns.size()) + " fields, found " + std::to_string(fields.size()));
    for (const auto& f : fields)
      if (!is_valid_utf8(f)) throw ImportError(row_line, "text is not valid UTF-8");
    const std::string& code = col("code");
    if (code.empty()) throw ImportError(row_line, "code is empty");
    if (!codes.insert(code).second) throw ImportError(row_line, "dossier " + code + " appears twice in the file");
    if (tables::load_dossier(m.cache, code)) throw ImportError(row_line, "dossier " + code + " is already in the database");
    const Procedure* proc = m.catalogue.procedure(col("procedure"));
    if (!proc) throw ImportError(row_line, "unknown procedure '" + col("procedure") + "'");
    auto channel = parse_channel(col("channel"));
    if (!channel)
      throw ImportError(row_line, "channel must be in_person, online_full, online_partial or postal, not '" + col("channel") + "'");
    bool inter_agency = false, digitised = false, result_digitised = false, paid_online = false;
    for (auto [name, out] : {std::pair{"inter_agency", &inter_agency}, {"digitised", &digitised},
                             {"result_digitised", &result_digitised}, {"paid_online", &paid_online}})
      if (!parse_flag(col(name), *out)) throw ImportError(row_line, std::string(name) + " must be 0 or 1, not '" + col(name) + "'");
    auto received = optional_time(col("received_at"), m.zone, row_line, "received_at");
    if (!received) throw ImportError(row_line, "received_at is required");
    auto due = optional_time(col("due_at"), m.zone, row_line, "due_at");
    if (!due) due = m.calendar.due(*received, proc->processing_time, proc->unit, m.zone, hours);
    auto finished = optional_time(col("finished_at"), m.zone, row_line, "finished_at");
    auto returned = optional_time(col("returned_at"), m.zone, row_line, "returned_at");
    const std::string& status_text = col("status");
    auto status = status_text.size() <= 2 ? parse_dossier_status(status_text) : std::nullopt;
    if (!status) throw ImportError(row_line, "status must be a number from 1 to 10, not '" + status_text + "'");
    std::int64_t fee = 0;
    {
      const std::string& f = col("fee");
      if (f.empty() || f.size() > 15 || !std::all_of(f.begin(), f.end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw ImportError(row_line, "fee must be a whole, non-negative number of dong, not '" + f + "'");
      fee = std::stoll(f);
    }
    if (*due < *received) throw ImportError(row_line, "due_at is before received_at");
    if (finished && *finished < *received) throw ImportError(row_line, "finished_at is before received_at");
    if (returned && !finished) throw ImportError(row_line, "returned_at is given but finished_at is empty");
    if (returned && *returned < *finished) throw ImportError(row_line, "returned_at is before finished_at");
    const bool resolved = *status == DossierStatus::processed || *status == DossierStatus::returned;
    if (resolved && !finished) throw ImportError(row_line, "status " + status_text + " needs finished_at");
    if (*status == DossierStatus::returned && !returned) throw ImportError(row_line, "status 10 needs returned_at");
    if (*status != DossierStatus::returned && returned)
      throw ImportError(row_line, "returned_at is given but status is " + status_text + ", not 10");
    if (!resolved && !is_closed_unresolved(*status) && finished)
      throw ImportError(row_line, "finished_at is given but status " + status_text + " is not finished");
    if (paid_online && fee == 0) throw ImportError(row_line, "paid_online is 1 but the fee is 0");

    json p{{"code", code},
           {"procedure", proc->code},
           {"field", proc->field},
           {"channel", std::string(to_string(*channel))},
           {"inter_agency", inter_agency},
           {"status", static_cast<int>(*status)},
           {"received_at", to_millis(*received)},
           {"due_at", to_millis(*due)},
           {"digitised", digitised},
           {"result_digitised", result_digitised},
           {"fee", fee},
           {"paid_online", paid_online},
           {"fee_paid", paid_online}};
    if (resolved) p["finished_at"] = to_millis(*finished);
    if (returned) p["returned_at"] = to_millis(*returned);
    // A withdrawn, refused or stopped dossier closed when finished_at says, else on receipt.
    if (is_closed_unresolved(*status)) p["closed_at"] = to_millis(finished.value_or(*received));
    payloads.push_back(std::move(p));
  }

  sql::Transaction tx(m.db);
  for (auto& p : payloads) m.append(event_type::dossier_imported, std::move(p), now, actor);
  tx.commit();
  return static_cast<std::int64_t>(payloads.size());
}

}  // namespace kiosk::store
