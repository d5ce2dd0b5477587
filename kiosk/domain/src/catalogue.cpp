// The centre's catalogue, read from TOML (format: assets/catalog/district.toml, documented at its top).
//
// Every problem becomes a CatalogueError reading "<source>:<line>: <problem>", with the line of the offending
// node (for a missing key: the line of the table that lacks it). Problems that belong to no line (no
// [[service]] at all, no [centre] table) read "<source>: <problem>".
#include "kiosk/domain/catalogue.hpp"

#include <toml++/toml.h>

#include "toml_names.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>

namespace kiosk {
namespace {

using detail::toml_type_name;

std::string in_quotes(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '\'';
  out += s;
  out += '\'';
  return out;
}

bool is_ascii_upper(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool has_space(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  });
}

// Reads one parsed document into a Catalogue, failing on the first problem.
class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}

  [[noreturn]] void fail(std::uint32_t line, std::string_view problem) const {
    std::string msg(source_);
    if (line > 0) {
      msg += ':';
      msg += std::to_string(line);
    }
    msg += ": ";
    msg += problem;
    throw CatalogueError(msg);
  }
  [[noreturn]] void fail(const toml::node& at, std::string_view problem) const {
    fail(at.source().begin.line, problem);
  }

  // Optional sub-table `key` of `t`; nullptr when absent.
  const toml::table* opt_table(const toml::table& t, std::string_view key, std::string_view where) const {
    const toml::node* n = t.get(key);
    if (!n) return nullptr;
    if (!n->is_table()) type_error(*n, where, key, "a table");
    return n->as_table();
  }

  const toml::node* opt(const toml::table& t, std::string_view key, std::string_view where, toml::node_type want,
                        std::string_view want_name) const {
    const toml::node* n = t.get(key);
    if (n && n->type() != want) type_error(*n, where, key, want_name);
    return n;
  }

  const toml::node& req(const toml::table& t, std::string_view key, std::string_view where, toml::node_type want,
                        std::string_view want_name) const {
    const toml::node* n = opt(t, key, where, want, want_name);
    if (!n) fail(t, "missing required key " + in_quotes(key) + " in " + std::string(where));
    return *n;
  }

  std::optional<std::string> opt_string(const toml::table& t, std::string_view key, std::string_view where) const {
    const toml::node* n = opt(t, key, where, toml::node_type::string, "a string");
    if (!n) return std::nullopt;
    return n->as_string()->get();
  }

  // A required string that must not be empty.
  std::string req_string(const toml::table& t, std::string_view key, std::string_view where) const {
    const toml::node& n = req(t, key, where, toml::node_type::string, "a string");
    std::string s = n.as_string()->get();
    if (s.empty()) fail(n, in_quotes(key) + " in " + std::string(where) + " must not be empty");
    return s;
  }

  int to_int(const toml::node& n, std::string_view key, std::string_view where) const {
    std::int64_t v = n.as_integer()->get();
    if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
      fail(n, in_quotes(key) + " in " + std::string(where) + " is out of range");
    return static_cast<int>(v);
  }

  std::optional<int> opt_int(const toml::table& t, std::string_view key, std::string_view where) const {
    const toml::node* n = opt(t, key, where, toml::node_type::integer, "an integer");
    if (!n) return std::nullopt;
    return to_int(*n, key, where);
  }

  int req_int(const toml::table& t, std::string_view key, std::string_view where) const {
    return to_int(req(t, key, where, toml::node_type::integer, "an integer"), key, where);
  }

  // Reads `key` if present into `out` and checks it is at least `min`.
  void int_at_least(const toml::table& t, std::string_view key, std::string_view where, int min, int& out) const {
    if (auto v = opt_int(t, key, where)) {
      if (*v < min)
        fail(*t.get(key), in_quotes(key) + " in " + std::string(where) + " must be at least " + std::to_string(min) +
                              ", got " + std::to_string(*v));
      out = *v;
    }
  }

  int hhmm(const toml::node& n, std::string_view what) const {
    if (!n.is_string()) fail(n, std::string(what) + " must be a string \"HH:MM\", not " + std::string(toml_type_name(n.type())));
    const std::string& s = n.as_string()->get();
    auto m = parse_hhmm(s);
    if (!m) fail(n, std::string(what) + ": bad time " + in_quotes(s) + ", expected HH:MM (00:00 to 23:59)");
    return *m;
  }

  // An array of tables: [[service]] or inline `service = [{...}, ...]`.
  const toml::array* opt_table_array(const toml::table& root, std::string_view key) const {
    const toml::node* n = root.get(key);
    if (!n) return nullptr;
    const toml::array* arr = n->as_array();
    if (!arr) type_error(*n, "the document", key, "an array of tables ([[" + std::string(key) + "]])");
    for (const toml::node& e : *arr)
      if (!e.is_table())
        fail(e, "each " + in_quotes(key) + " entry must be a table ([[" + std::string(key) + "]]), not " +
                    std::string(toml_type_name(e.type())));
    return arr;
  }

  Catalogue read(const toml::table& root) const {
    Catalogue c;
    read_centre(root, c);
    read_office_hours(root, c);
    read_queue(root, c);
    read_services(root, c);
    read_counters(root, c);
    read_procedures(root, c);
    return c;
  }

 private:
  [[noreturn]] void type_error(const toml::node& n, std::string_view where, std::string_view key,
                               std::string_view want) const {
    fail(n, "wrong type for " + in_quotes(key) + " in " + std::string(where) + ": expected " + std::string(want) +
                ", got " + std::string(toml_type_name(n.type())));
  }

  void read_centre(const toml::table& root, Catalogue& c) const {
    const toml::table* centre = opt_table(root, "centre", "the document");
    if (!centre) fail(0, "missing required table [centre] (with agency_code)");
    constexpr std::string_view where = "[centre]";
    if (auto s = opt_string(*centre, "name_vi", where)) c.centre_name_vi = *s;
    if (auto s = opt_string(*centre, "name_en", where)) c.centre_name_en = *s;
    c.agency_code = req_string(*centre, "agency_code", where);
    if (has_space(c.agency_code))
      fail(*centre->get("agency_code"), "agency_code " + in_quotes(c.agency_code) + " must not contain spaces");
    if (auto s = opt_string(*centre, "zone", where)) {
      if (!Zone::resolve(*s)) fail(*centre->get("zone"), "unknown zone " + in_quotes(*s));
      c.zone_name = *s;
    }
    if (auto s = opt_string(*centre, "legal_version", where)) c.legal_version = *s;
  }

  void read_office_hours(const toml::table& root, Catalogue& c) const {
    const toml::table* oh = opt_table(root, "office_hours", "the document");
    if (!oh) return;
    constexpr std::string_view where = "[office_hours]";
    auto span = [&](std::string_view key, int& start, int& end) {
      const toml::node* n = opt(*oh, key, where, toml::node_type::array, "an array [\"HH:MM\", \"HH:MM\"]");
      if (!n) return;
      const toml::array& a = *n->as_array();
      if (a.size() != 2) fail(*n, in_quotes(key) + " in [office_hours] must be [\"HH:MM\", \"HH:MM\"] (start, end)");
      const std::string name = "office_hours." + std::string(key);
      start = hhmm(a[0], name + " start");
      end = hhmm(a[1], name + " end");
      if (start >= end) fail(*n, name + ": start " + format_hhmm(start) + " must be before end " + format_hhmm(end));
    };
    OfficeHours& h = c.office_hours;
    span("morning", h.morning_start, h.morning_end);
    span("afternoon", h.afternoon_start, h.afternoon_end);
    if (h.morning_end > h.afternoon_start) {
      const toml::node* at = oh->get("afternoon") ? oh->get("afternoon") : oh->get("morning");
      fail(at ? *at : static_cast<const toml::node&>(*oh),
           "the morning (" + format_hhmm(h.morning_start) + "-" + format_hhmm(h.morning_end) +
               ") must end before the afternoon starts (" + format_hhmm(h.afternoon_start) + ")");
    }
    if (const toml::node* n = opt(*oh, "weekdays", where, toml::node_type::array, "an array of integers 1..7")) {
      std::vector<int> days;
      for (const toml::node& e : *n->as_array()) {
        if (!e.is_integer()) fail(e, "office_hours.weekdays: expected integers 1 (Monday) to 7 (Sunday), got " +
                                         std::string(toml_type_name(e.type())));
        std::int64_t d = e.as_integer()->get();
        if (d < 1 || d > 7)
          fail(e, "office_hours.weekdays: weekday " + std::to_string(d) + " is not between 1 (Monday) and 7 (Sunday)");
        if (std::find(days.begin(), days.end(), static_cast<int>(d)) != days.end())
          fail(e, "office_hours.weekdays: duplicate weekday " + std::to_string(d));
        days.push_back(static_cast<int>(d));
      }
      if (days.empty()) fail(*n, "office_hours.weekdays must name at least one weekday");
      std::sort(days.begin(), days.end());
      c.office_weekdays = std::move(days);
    }
  }

  void read_queue(const toml::table& root, Catalogue& c) const {
    const toml::table* q = opt_table(root, "queue", "the document");
    if (!q) return;
    constexpr std::string_view where = "[queue]";
    QueueRules& r = c.queue;
    if (auto s = opt_string(*q, "priority", where)) {
      if (*s == "interleave") r.priority = QueueRules::Priority::interleave;
      else if (*s == "strict") r.priority = QueueRules::Priority::strict;
      else fail(*q->get("priority"), "unknown queue priority " + in_quotes(*s) + " (expected \"interleave\" or \"strict\")");
    }
    int_at_least(*q, "normal_per_priority", where, 1, r.normal_per_priority);
    int_at_least(*q, "max_recalls", where, 0, r.max_recalls);
    if (const toml::node* n = q->get("day_rollover")) r.day_rollover_minute = hhmm(*n, "queue.day_rollover");
    int_at_least(*q, "default_service_minutes", where, 1, r.default_service_minutes);
    int_at_least(*q, "estimate_window", where, 1, r.estimate_window);
  }

  void read_services(const toml::table& root, Catalogue& c) const {
    const toml::array* arr = opt_table_array(root, "service");
    if (!arr || arr->empty())
      fail(arr ? arr->source().begin.line : 0, "no service area defined: the catalogue needs at least one [[service]]");
    std::map<std::string, std::uint32_t, std::less<>> codes, prefixes;
    std::size_t index = 0;
    for (const toml::node& n : *arr) {
      const toml::table& t = *n.as_table();
      const std::string where = "[[service]] #" + std::to_string(++index);
      ServiceArea s;
      s.code = req_string(t, "code", where);
      s.prefix = req_string(t, "prefix", where);
      s.name_vi = req_string(t, "name_vi", where);
      if (auto v = opt_string(t, "name_en", where)) s.name_en = *v;
      int_at_least(t, "avg_service_minutes", where, 1, s.avg_service_minutes);

      const std::uint32_t code_line = t.get("code")->source().begin.line;
      const std::uint32_t prefix_line = t.get("prefix")->source().begin.line;
      if (auto it = codes.find(s.code); it != codes.end())
        fail(code_line, "duplicate service code " + in_quotes(s.code) + " (first defined at line " +
                            std::to_string(it->second) + ")");
      if (s.prefix.size() > 3 || !is_ascii_upper(s.prefix))
        fail(prefix_line, "service " + in_quotes(s.code) + ": ticket prefix " + in_quotes(s.prefix) +
                              " must be 1 to 3 uppercase ASCII letters (A-Z)");
      if (auto it = prefixes.find(s.prefix); it != prefixes.end())
        fail(prefix_line, "duplicate ticket prefix " + in_quotes(s.prefix) + " (first used at line " +
                              std::to_string(it->second) + ")");
      codes.emplace(s.code, code_line);
      prefixes.emplace(s.prefix, prefix_line);
      c.services.push_back(std::move(s));
    }
  }

  void read_counters(const toml::table& root, Catalogue& c) const {
    const toml::array* arr = opt_table_array(root, "counter");
    if (!arr || arr->empty())
      fail(arr ? arr->source().begin.line : 0, "no counter defined: the catalogue needs at least one [[counter]]");
    std::map<int, std::uint32_t> numbers;
    std::size_t index = 0;
    for (const toml::node& n : *arr) {
      const toml::table& t = *n.as_table();
      const std::string where = "[[counter]] #" + std::to_string(++index);
      CounterDef d;
      d.number = req_int(t, "number", where);
      const toml::node& number_node = *t.get("number");
      if (d.number < 1) fail(number_node, "counter number " + std::to_string(d.number) + " must be at least 1");
      if (auto it = numbers.find(d.number); it != numbers.end())
        fail(number_node, "duplicate counter number " + std::to_string(d.number) + " (first defined at line " +
                              std::to_string(it->second) + ")");
      numbers.emplace(d.number, number_node.source().begin.line);
      if (auto v = opt_string(t, "name_vi", where)) d.name_vi = *v;
      if (auto v = opt_string(t, "name_en", where)) d.name_en = *v;

      const std::string label = "counter " + std::to_string(d.number);
      const toml::node& list = req(t, "services", where, toml::node_type::array, "an array of service codes");
      for (const toml::node& e : *list.as_array()) {
        if (!e.is_string())
          fail(e, label + ": services must be service codes (strings), got " + std::string(toml_type_name(e.type())));
        const std::string& code = e.as_string()->get();
        if (!c.service(code)) fail(e, label + " names unknown service " + in_quotes(code));
        if (std::find(d.services.begin(), d.services.end(), code) != d.services.end())
          fail(e, label + " lists service " + in_quotes(code) + " twice (duplicate)");
        d.services.push_back(code);
      }
      if (d.services.empty()) fail(list, label + " serves no service: 'services' must not be empty");
      c.counters.push_back(std::move(d));
    }
  }

  void read_procedures(const toml::table& root, Catalogue& c) const {
    const toml::array* arr = opt_table_array(root, "procedure");
    if (!arr) return;
    std::map<std::string, std::uint32_t, std::less<>> codes;
    std::size_t index = 0;
    for (const toml::node& n : *arr) {
      const toml::table& t = *n.as_table();
      const std::string where = "[[procedure]] #" + std::to_string(++index);
      Procedure p;
      p.code = req_string(t, "code", where);
      const std::uint32_t code_line = t.get("code")->source().begin.line;
      if (auto it = codes.find(p.code); it != codes.end())
        fail(code_line, "duplicate procedure code " + in_quotes(p.code) + " (first defined at line " +
                            std::to_string(it->second) + ")");
      codes.emplace(p.code, code_line);
      const std::string label = "procedure " + in_quotes(p.code);
      p.name_vi = req_string(t, "name_vi", where);
      if (auto v = opt_string(t, "name_en", where)) p.name_en = *v;

      p.field = req_string(t, "field", where);
      if (!c.service(p.field))
        fail(*t.get("field"), label + ": unknown field " + in_quotes(p.field) + " (no [[service]] with that code)");

      p.processing_time = req_int(t, "processing_time", where);
      if (p.processing_time < 0)
        fail(*t.get("processing_time"), label + ": processing_time " + std::to_string(p.processing_time) +
                                            " must not be negative");

      const std::string unit = req_string(t, "unit", where);
      auto u = parse_time_unit(unit);
      if (!u)
        fail(*t.get("unit"), label + ": unknown unit " + in_quotes(unit) +
                                 " (expected \"working_days\", \"working_hours\" or \"days\")");
      p.unit = *u;

      if (const toml::node* f = opt(t, "fee", where, toml::node_type::integer, "an integer (VND)")) {
        p.fee = f->as_integer()->get();
        if (p.fee < 0) fail(*f, label + ": fee " + std::to_string(p.fee) + " must not be negative");
      }

      if (auto v = opt_string(t, "online", where)) {
        if (*v == "none") p.online = OnlineLevel::none;
        else if (*v == "partial") p.online = OnlineLevel::partial;
        else if (*v == "full") p.online = OnlineLevel::full;
        else
          fail(*t.get("online"), label + ": unknown online level " + in_quotes(*v) +
                                     " (expected \"none\", \"partial\" or \"full\")");
      }
      c.procedures.push_back(std::move(p));
    }
  }

  std::string_view source_;
};

}  // namespace

Zone Catalogue::zone() const {
  if (auto z = Zone::resolve(zone_name)) return *z;
  throw CatalogueError("catalogue: unknown zone " + in_quotes(zone_name));
}

const ServiceArea* Catalogue::service(std::string_view code) const {
  auto it = std::find_if(services.begin(), services.end(), [&](const ServiceArea& s) { return s.code == code; });
  return it == services.end() ? nullptr : &*it;
}

const ServiceArea* Catalogue::service_by_prefix(std::string_view prefix) const {
  auto it = std::find_if(services.begin(), services.end(), [&](const ServiceArea& s) { return s.prefix == prefix; });
  return it == services.end() ? nullptr : &*it;
}

const CounterDef* Catalogue::counter(int number) const {
  auto it = std::find_if(counters.begin(), counters.end(), [&](const CounterDef& d) { return d.number == number; });
  return it == counters.end() ? nullptr : &*it;
}

const Procedure* Catalogue::procedure(std::string_view code) const {
  auto it = std::find_if(procedures.begin(), procedures.end(), [&](const Procedure& p) { return p.code == code; });
  return it == procedures.end() ? nullptr : &*it;
}

Catalogue Catalogue::parse_toml(std::string_view text, std::string_view source_name) {
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    Reader(source_name).fail(e.source().begin.line, "TOML syntax error: " + std::string(e.description()));
  }
  return Reader(source_name).read(root);
}

Catalogue Catalogue::load_toml(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) throw CatalogueError(name + ": is a directory, not a catalogue file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw CatalogueError(name + ": cannot open catalogue file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw CatalogueError(name + ": cannot read catalogue file");
  return parse_toml(text.str(), name);
}

}  // namespace kiosk
