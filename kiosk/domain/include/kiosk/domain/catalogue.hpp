// The centre's catalogue: who it is, its service areas (with ticket prefixes), its counters and the
// procedures it receives. Loaded from TOML (assets/catalog/*.toml); forms and codes are data, not code.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/domain/calendar.hpp"
#include "kiosk/domain/time.hpp"

namespace kiosk {

class CatalogueError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// How the next ticket is chosen among priority and normal tickets.
struct QueueRules {
  enum class Priority { strict, interleave };
  Priority priority = Priority::interleave;
  int normal_per_priority = 3;   // interleave: one priority ticket after every N normal calls
  int max_recalls = 3;           // a recall past this marks the ticket as a no-show
  int day_rollover_minute = 0;   // local minute of the day at which ticket numbers restart
  int default_service_minutes = 10;  // estimate before a service has recent history
  int estimate_window = 20;      // recent finished services used for the estimate
};

struct ServiceArea {
  std::string code;     // "GPLX"
  std::string prefix;   // "B" — ticket numbers are B-001, B-002, ...
  std::string name_vi;  // "Giấy phép lái xe"
  std::string name_en;  // "Driving licences"
  int avg_service_minutes = 10;
};

struct CounterDef {
  int number = 0;                     // quầy số 3
  std::string name_vi;
  std::string name_en;
  std::vector<std::string> services;  // service area codes
};

enum class OnlineLevel { none, partial, full };

struct Procedure {
  std::string code;      // mã TTHC, "1.001612"
  std::string name_vi;
  std::string name_en;
  std::string field;     // service area code
  int processing_time = 0;
  TimeUnit unit = TimeUnit::working_days;
  std::int64_t fee = 0;  // VND
  OnlineLevel online = OnlineLevel::none;
};

struct Catalogue {
  std::string centre_name_vi;  // "Trung tâm Phục vụ hành chính công huyện ..."
  std::string centre_name_en;
  std::string agency_code;     // prefix of dossier codes: "H15.50.05.13"
  std::string zone_name = "Asia/Ho_Chi_Minh";
  std::string legal_version;   // rules the dossiers are handled under, e.g. "ND61/2018+ND118/2025"
  OfficeHours office_hours;
  std::vector<int> office_weekdays = {1, 2, 3, 4, 5};  // Monday = 1 … Sunday = 7
  QueueRules queue;
  std::vector<ServiceArea> services;
  std::vector<CounterDef> counters;
  std::vector<Procedure> procedures;

  Zone zone() const;
  const ServiceArea* service(std::string_view code) const;
  const ServiceArea* service_by_prefix(std::string_view prefix) const;
  const CounterDef* counter(int number) const;
  const Procedure* procedure(std::string_view code) const;

  // Throws CatalogueError naming the file, the line and the problem (unknown service in a counter,
  // duplicate prefix, bad time unit, ...).
  static Catalogue parse_toml(std::string_view text, std::string_view source_name = "catalogue");
  static Catalogue load_toml(const std::filesystem::path& file);
};

}  // namespace kiosk
