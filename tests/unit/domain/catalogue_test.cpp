// The catalogue: the shipped sample, and one test per validation rule of the TOML reader.
#include "kiosk/domain/catalogue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <regex>
#include <set>
#include <string>
#include <string_view>

namespace kiosk {
namespace {

const std::filesystem::path kSample = std::filesystem::path(KIOSK_ASSETS_DIR) / "catalog" / "district.toml";

// The smallest valid catalogue; tests append to it or replace one line. Line numbers matter below.
constexpr std::string_view kBase =
    "[centre]\n"              // 1
    "agency_code = \"X.1\"\n"  // 2
    "[[service]]\n"           // 3
    "code = \"S\"\n"          // 4
    "prefix = \"A\"\n"        // 5
    "name_vi = \"Hộ tịch\"\n"  // 6
    "[[counter]]\n"           // 7
    "number = 1\n"            // 8
    "services = [\"S\"]\n";   // 9

// kBase with line `line` (1-based) replaced by `text` (which may span several lines or be empty).
std::string replace_line(int line, std::string_view text) {
  std::string out;
  int n = 1;
  std::size_t pos = 0;
  while (pos < kBase.size()) {
    std::size_t end = kBase.find('\n', pos);
    std::string_view current = kBase.substr(pos, end - pos);
    if (n == line) {
      out += text;
      if (!text.empty()) out += '\n';
    } else {
      out += current;
      out += '\n';
    }
    pos = end + 1;
    ++n;
  }
  return out;
}

// kBase followed by one [[procedure]] (its header on line 10, `body` from line 11).
std::string with_procedure(std::string_view body) { return std::string(kBase) + "[[procedure]]\n" + std::string(body); }

constexpr std::string_view kProcedure =
    "code = \"1.000001\"\n"        // 11
    "name_vi = \"Thủ tục mẫu\"\n"  // 12
    "field = \"S\"\n"              // 13
    "processing_time = 5\n"        // 14
    "unit = \"working_days\"\n";   // 15

// Parses `text` as "t.toml", expects a CatalogueError at `line` (0: no line) whose message holds every word.
void expect_error(const std::string& text, int line, std::initializer_list<std::string_view> words) {
  try {
    Catalogue::parse_toml(text, "t.toml");
    ADD_FAILURE() << "no CatalogueError for:\n" << text;
  } catch (const CatalogueError& e) {
    const std::string msg = e.what();
    const std::string where = line > 0 ? "t.toml:" + std::to_string(line) + ": " : "t.toml: ";
    EXPECT_EQ(msg.rfind(where, 0), 0u) << "message: " << msg << "\nexpected it to start with: " << where;
    for (std::string_view w : words) EXPECT_NE(msg.find(w), std::string::npos) << "message: " << msg << "\nlacks: " << w;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The shipped sample

TEST(CatalogueSample, LoadsWithExpectedCounts) {
  const Catalogue c = Catalogue::load_toml(kSample);
  EXPECT_EQ(c.services.size(), 8u);
  EXPECT_EQ(c.counters.size(), 8u);
  EXPECT_GE(c.procedures.size(), 25u);
  EXPECT_LE(c.procedures.size(), 35u);
  EXPECT_EQ(c.procedures.size(), 34u);
  EXPECT_EQ(c.agency_code, "H15.50.05.13");
  EXPECT_EQ(c.centre_name_vi, "Trung tâm Phục vụ hành chính công huyện Thanh Trì");
  EXPECT_FALSE(c.centre_name_en.empty());
  EXPECT_FALSE(c.legal_version.empty());
  EXPECT_EQ(c.zone().offset, std::chrono::minutes(7 * 60));
}

TEST(CatalogueSample, VietnameseNamesKeepTheirDiacritics) {
  const Catalogue c = Catalogue::load_toml(kSample);
  const ServiceArea* ht = c.service("HT");
  ASSERT_NE(ht, nullptr);
  EXPECT_EQ(ht->name_vi, "Hộ tịch");
  // NFC bytes: "ộ" U+1ED9 and "ị" U+1ECB, precomposed.
  EXPECT_EQ(ht->name_vi, "H\xE1\xBB\x99 t\xE1\xBB\x8B" "ch");
  EXPECT_EQ(ht->name_en, "Civil status");
  const ServiceArea* ldtbxh = c.service("LDTBXH");
  ASSERT_NE(ldtbxh, nullptr);
  EXPECT_EQ(ldtbxh->name_vi, "Lao động - Thương binh và Xã hội");
  const Procedure* p = c.procedure("2.000720");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name_vi, "Đăng ký thành lập hộ kinh doanh");
}

TEST(CatalogueSample, ServicesHaveUniqueSingleLetterPrefixes) {
  const Catalogue c = Catalogue::load_toml(kSample);
  std::set<std::string> prefixes;
  for (const ServiceArea& s : c.services) {
    EXPECT_EQ(s.prefix.size(), 1u) << s.code;
    EXPECT_TRUE(prefixes.insert(s.prefix).second) << s.prefix;
    EXPECT_EQ(c.service_by_prefix(s.prefix), &s);
    EXPECT_GE(s.avg_service_minutes, 1);
  }
  const ServiceArea* a = c.service_by_prefix("A");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->code, "DD");
  EXPECT_EQ(a->name_vi, "Đất đai");
}

TEST(CatalogueSample, CountersMapToServices) {
  const Catalogue c = Catalogue::load_toml(kSample);
  std::set<std::string> served;
  int two_area_counters = 0;
  for (const CounterDef& d : c.counters) {
    EXPECT_GE(d.number, 1);
    EXPECT_FALSE(d.services.empty());
    for (const std::string& code : d.services) {
      EXPECT_NE(c.service(code), nullptr) << "counter " << d.number << " serves " << code;
      served.insert(code);
    }
    if (d.services.size() == 2) ++two_area_counters;
  }
  EXPECT_GE(two_area_counters, 1);
  for (const ServiceArea& s : c.services) EXPECT_TRUE(served.count(s.code)) << s.code << " has no counter";

  const CounterDef* four = c.counter(4);
  ASSERT_NE(four, nullptr);
  EXPECT_EQ(four->name_vi, "Quầy 4");
  EXPECT_EQ(four->name_en, "Counter 4");
  EXPECT_EQ(four->services, (std::vector<std::string>{"CT", "HT"}));
  EXPECT_EQ(c.counter(9), nullptr);
}

TEST(CatalogueSample, OfficeHoursAndQueueRules) {
  const Catalogue c = Catalogue::load_toml(kSample);
  EXPECT_EQ(c.office_hours.morning_start, 7 * 60 + 30);
  EXPECT_EQ(c.office_hours.morning_end, 11 * 60 + 30);
  EXPECT_EQ(c.office_hours.afternoon_start, 13 * 60 + 30);
  EXPECT_EQ(c.office_hours.afternoon_end, 17 * 60);
  EXPECT_EQ(c.office_weekdays, (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(c.queue.priority, QueueRules::Priority::interleave);
  EXPECT_EQ(c.queue.normal_per_priority, 3);
  EXPECT_EQ(c.queue.max_recalls, 3);
  EXPECT_EQ(c.queue.day_rollover_minute, 0);
  EXPECT_EQ(c.queue.default_service_minutes, 10);
  EXPECT_EQ(c.queue.estimate_window, 20);
}

TEST(CatalogueSample, ProceduresAreWellFormed) {
  const Catalogue c = Catalogue::load_toml(kSample);
  const std::regex national_code(R"([123]\.\d{6})");
  int hours = 0, calendar_days = 0, full = 0, with_fee = 0;
  for (const Procedure& p : c.procedures) {
    EXPECT_TRUE(std::regex_match(p.code, national_code)) << p.code;
    EXPECT_NE(c.service(p.field), nullptr) << p.code;
    EXPECT_FALSE(p.name_vi.empty()) << p.code;
    EXPECT_FALSE(p.name_en.empty()) << p.code;
    EXPECT_GE(p.processing_time, 0) << p.code;
    EXPECT_GE(p.fee, 0) << p.code;
    if (p.unit == TimeUnit::working_hours) ++hours;
    if (p.unit == TimeUnit::days) ++calendar_days;
    if (p.online == OnlineLevel::full) ++full;
    if (p.fee > 0) ++with_fee;
  }
  EXPECT_GE(hours, 2);
  EXPECT_EQ(calendar_days, 1);
  EXPECT_GE(full, 1);
  EXPECT_GE(with_fee, 1);
  for (const ServiceArea& s : c.services)
    EXPECT_TRUE(std::any_of(c.procedures.begin(), c.procedures.end(), [&](const Procedure& p) { return p.field == s.code; }))
        << s.code << " has no procedure";

  const Procedure* copy = c.procedure("2.000815");
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(copy->field, "CT");
  EXPECT_EQ(copy->unit, TimeUnit::working_hours);
  EXPECT_EQ(copy->online, OnlineLevel::none);
  const Procedure* permit = c.procedure("1.009994");
  ASSERT_NE(permit, nullptr);
  EXPECT_EQ(permit->unit, TimeUnit::days);
  EXPECT_EQ(permit->processing_time, 15);
  EXPECT_EQ(permit->fee, 75000);
  EXPECT_EQ(permit->online, OnlineLevel::partial);
  EXPECT_EQ(c.procedure("9.999999"), nullptr);
}

// ---------------------------------------------------------------------------------------------------------
// Parsing and defaults

TEST(CatalogueParse, MinimalCatalogueTakesTheHeaderDefaults) {
  const Catalogue c = Catalogue::parse_toml(kBase);
  const Catalogue defaults;
  EXPECT_EQ(c.agency_code, "X.1");
  EXPECT_EQ(c.zone_name, "Asia/Ho_Chi_Minh");
  EXPECT_EQ(c.zone().offset, std::chrono::minutes(420));
  EXPECT_TRUE(c.centre_name_vi.empty());
  EXPECT_TRUE(c.legal_version.empty());
  EXPECT_EQ(c.office_hours.morning_start, defaults.office_hours.morning_start);
  EXPECT_EQ(c.office_hours.afternoon_end, defaults.office_hours.afternoon_end);
  EXPECT_EQ(c.office_weekdays, defaults.office_weekdays);
  EXPECT_EQ(c.queue.priority, QueueRules::Priority::interleave);
  EXPECT_EQ(c.queue.normal_per_priority, 3);
  EXPECT_EQ(c.queue.max_recalls, 3);
  EXPECT_EQ(c.queue.day_rollover_minute, 0);
  EXPECT_EQ(c.queue.default_service_minutes, 10);
  EXPECT_EQ(c.queue.estimate_window, 20);
  ASSERT_EQ(c.services.size(), 1u);
  EXPECT_EQ(c.services[0].avg_service_minutes, 10);
  EXPECT_TRUE(c.services[0].name_en.empty());
  ASSERT_EQ(c.counters.size(), 1u);
  EXPECT_TRUE(c.counters[0].name_vi.empty());
  EXPECT_TRUE(c.procedures.empty());
}

TEST(CatalogueParse, ProcedureDefaultsAndOptionalKeys) {
  const Catalogue c = Catalogue::parse_toml(with_procedure(kProcedure));
  ASSERT_EQ(c.procedures.size(), 1u);
  const Procedure& p = c.procedures[0];
  EXPECT_EQ(p.fee, 0);
  EXPECT_EQ(p.online, OnlineLevel::none);
  EXPECT_EQ(p.unit, TimeUnit::working_days);
  EXPECT_EQ(p.processing_time, 5);
  EXPECT_EQ(p.name_vi, "Thủ tục mẫu");

  const Catalogue d = Catalogue::parse_toml(with_procedure(std::string(kProcedure) +
                                                           "fee = 135000\nonline = \"partial\"\nname_en = \"Sample\"\n"));
  EXPECT_EQ(d.procedures[0].fee, 135000);
  EXPECT_EQ(d.procedures[0].online, OnlineLevel::partial);
  EXPECT_EQ(d.procedures[0].name_en, "Sample");
}

TEST(CatalogueParse, QueueAndHoursOverrides) {
  const Catalogue c = Catalogue::parse_toml(std::string(kBase) +
                                            "[queue]\n"
                                            "priority = \"strict\"\n"
                                            "normal_per_priority = 5\n"
                                            "max_recalls = 0\n"
                                            "day_rollover = \"03:00\"\n"
                                            "default_service_minutes = 7\n"
                                            "estimate_window = 50\n"
                                            "[office_hours]\n"
                                            "morning = [\"08:00\", \"12:00\"]\n"
                                            "afternoon = [\"12:00\", \"16:30\"]\n"
                                            "weekdays = [6, 1, 2, 3, 4, 5]\n");
  EXPECT_EQ(c.queue.priority, QueueRules::Priority::strict);
  EXPECT_EQ(c.queue.normal_per_priority, 5);
  EXPECT_EQ(c.queue.max_recalls, 0);
  EXPECT_EQ(c.queue.day_rollover_minute, 180);
  EXPECT_EQ(c.queue.default_service_minutes, 7);
  EXPECT_EQ(c.queue.estimate_window, 50);
  EXPECT_EQ(c.office_hours.morning_start, 480);
  EXPECT_EQ(c.office_hours.afternoon_start, 720);
  EXPECT_EQ(c.office_hours.afternoon_end, 990);
  EXPECT_EQ(c.office_weekdays, (std::vector<int>{1, 2, 3, 4, 5, 6}));
}

TEST(CatalogueParse, InlineArraysOfTablesWork) {
  const Catalogue c = Catalogue::parse_toml(
      "centre = { agency_code = \"X\" }\n"
      "service = [{ code = \"S\", prefix = \"AB\", name_vi = \"Đất đai\" }]\n"
      "counter = [{ number = 2, services = [\"S\"] }]\n");
  EXPECT_EQ(c.services.at(0).prefix, "AB");
  EXPECT_EQ(c.counters.at(0).number, 2);
}

TEST(CatalogueParse, ZoneAliasesResolve) {
  const Catalogue c = Catalogue::parse_toml(replace_line(2, "agency_code = \"X\"\nzone = \"UTC+07:00\""));
  EXPECT_EQ(c.zone_name, "UTC+07:00");
  EXPECT_EQ(c.zone().offset, std::chrono::minutes(420));
}

TEST(CatalogueParse, ZoneOfAHandBuiltCatalogueWithABadNameThrows) {
  Catalogue c;
  c.zone_name = "Nowhere/Atlantis";
  EXPECT_THROW((void)c.zone(), CatalogueError);
}

// ---------------------------------------------------------------------------------------------------------
// Validation: one test per rule. Each message reads "t.toml:<line>: <problem>".

TEST(CatalogueValidation, TomlSyntaxErrorGivesItsLine) {
  expect_error(std::string(kBase) + "[queue]\nmax_recalls = = 3\n", 11, {"syntax"});
}

TEST(CatalogueValidation, MissingCentreTable) {
  expect_error(replace_line(1, ""), 0, {"missing", "[centre]"});  // agency_code now sits at the root
}

TEST(CatalogueValidation, MissingAgencyCode) {
  expect_error(replace_line(2, "name_vi = \"Trung tâm\""), 1, {"missing", "agency_code"});
}

TEST(CatalogueValidation, EmptyAgencyCode) {
  expect_error(replace_line(2, "agency_code = \"\""), 2, {"agency_code", "empty"});
}

TEST(CatalogueValidation, AgencyCodeWithSpaces) {
  expect_error(replace_line(2, "agency_code = \"H15 50\""), 2, {"agency_code", "spaces"});
}

TEST(CatalogueValidation, MissingServiceKeys) {
  for (int line : {4, 5, 6}) {
    SCOPED_TRACE(line);
    const std::string key = line == 4 ? "'code'" : line == 5 ? "'prefix'" : "'name_vi'";
    expect_error(replace_line(line, ""), 3, {"missing", key, "[[service]]"});
  }
}

TEST(CatalogueValidation, MissingCounterKeys) {
  expect_error(replace_line(8, ""), 7, {"missing", "'number'", "[[counter]]"});
  expect_error(replace_line(9, ""), 7, {"missing", "'services'", "[[counter]]"});
}

TEST(CatalogueValidation, MissingProcedureKeys) {
  const char* keys[] = {"code", "name_vi", "field", "processing_time", "unit"};
  for (int i = 0; i < 5; ++i) {
    SCOPED_TRACE(keys[i]);
    std::string body;
    int line = 11;
    for (std::string_view rest = kProcedure; !rest.empty(); ++line) {
      std::size_t end = rest.find('\n');
      if (line - 11 != i) body += std::string(rest.substr(0, end + 1));
      rest.remove_prefix(end + 1);
    }
    expect_error(with_procedure(body), 10, {"missing", "'" + std::string(keys[i]) + "'", "[[procedure]]"});
  }
}

TEST(CatalogueValidation, WrongTypes) {
  expect_error(replace_line(2, "agency_code = 1513"), 2, {"wrong type", "agency_code", "string", "integer"});
  expect_error(replace_line(8, "number = \"1\""), 8, {"wrong type", "number", "integer"});
  expect_error(replace_line(9, "services = \"S\""), 9, {"wrong type", "services", "array"});
  expect_error(replace_line(9, "services = [1]"), 9, {"service codes", "integer"});
  expect_error(replace_line(1, "centre = \"X\""), 1, {"wrong type", "centre", "table"});
  expect_error("service = 3\n[centre]\nagency_code = \"X\"\n", 1, {"wrong type", "service", "array of tables"});
  expect_error(with_procedure("code = \"1.000001\"\nname_vi = \"T\"\nfield = \"S\"\nprocessing_time = 2.5\n"
                              "unit = \"days\"\n"),
               14, {"wrong type", "processing_time", "integer", "floating-point"});
  expect_error(with_procedure(std::string(kProcedure) + "fee = \"135000\"\n"), 16, {"wrong type", "fee"});
  expect_error(std::string(kBase) + "[queue]\nmax_recalls = true\n", 11, {"wrong type", "max_recalls", "boolean"});
}

TEST(CatalogueValidation, ServiceEntriesMustBeTables) {
  expect_error("service = [\"S\"]\n[centre]\nagency_code = \"X\"\n", 1, {"service", "table"});
}

TEST(CatalogueValidation, UnknownZone) {
  expect_error(replace_line(2, "agency_code = \"X\"\nzone = \"Mars/Olympus\""), 3, {"unknown zone", "Mars/Olympus"});
}

TEST(CatalogueValidation, BadHhmm) {
  expect_error(std::string(kBase) + "[office_hours]\nmorning = [\"7:30\", \"11:30\"]\n", 11, {"HH:MM", "7:30"});
  expect_error(std::string(kBase) + "[office_hours]\nafternoon = [\"13:30\", \"24:00\"]\n", 11, {"HH:MM", "24:00"});
  expect_error(std::string(kBase) + "[office_hours]\nmorning = [\"07:30\", 1130]\n", 11, {"HH:MM", "integer"});
  expect_error(std::string(kBase) + "[office_hours]\nmorning = [\"07:30\"]\n", 11, {"HH:MM", "morning"});
  expect_error(std::string(kBase) + "[queue]\nday_rollover = \"midnight\"\n", 11, {"HH:MM", "day_rollover"});
}

TEST(CatalogueValidation, MorningMustBeBeforeAfternoon) {
  expect_error(std::string(kBase) + "[office_hours]\nmorning = [\"07:30\", \"13:00\"]\nafternoon = [\"12:00\", \"17:00\"]\n",
               12, {"morning", "afternoon"});
  // Only the morning given, running into the default afternoon.
  expect_error(std::string(kBase) + "[office_hours]\nmorning = [\"08:00\", \"14:00\"]\n", 11, {"morning", "afternoon"});
  // A span that ends before it starts.
  expect_error(std::string(kBase) + "[office_hours]\nmorning = [\"11:30\", \"07:30\"]\n", 11, {"morning", "before"});
}

TEST(CatalogueValidation, BadWeekdays) {
  expect_error(std::string(kBase) + "[office_hours]\nweekdays = [1, 2, 8]\n", 11, {"weekday", "8"});
  expect_error(std::string(kBase) + "[office_hours]\nweekdays = [1, 1]\n", 11, {"duplicate", "weekday"});
  expect_error(std::string(kBase) + "[office_hours]\nweekdays = []\n", 11, {"weekdays", "at least one"});
}

TEST(CatalogueValidation, DuplicateServiceCode) {
  expect_error(std::string(kBase) + "[[service]]\ncode = \"S\"\nprefix = \"B\"\nname_vi = \"Khác\"\n", 11,
               {"duplicate service code", "'S'", "line 4"});
}

TEST(CatalogueValidation, DuplicatePrefix) {
  expect_error(std::string(kBase) + "[[service]]\ncode = \"T\"\nprefix = \"A\"\nname_vi = \"Khác\"\n", 12,
               {"duplicate", "prefix", "'A'", "line 5"});
}

TEST(CatalogueValidation, PrefixMustBeOneToThreeUppercaseLetters) {
  for (std::string_view bad : {"a", "ABCD", "A1", "Đ", "A-"}) {
    SCOPED_TRACE(bad);
    expect_error(replace_line(5, "prefix = \"" + std::string(bad) + "\""), 5, {"prefix", "uppercase"});
  }
  expect_error(replace_line(5, "prefix = \"\""), 5, {"prefix", "empty"});
  EXPECT_NO_THROW(Catalogue::parse_toml(replace_line(5, "prefix = \"ABC\"")));
}

TEST(CatalogueValidation, DuplicateCounterNumber) {
  expect_error(std::string(kBase) + "[[counter]]\nnumber = 1\nservices = [\"S\"]\n", 11,
               {"duplicate counter number", "1", "line 8"});
}

TEST(CatalogueValidation, CounterNumberBelowOne) {
  expect_error(replace_line(8, "number = 0"), 8, {"counter number", "at least 1"});
  expect_error(replace_line(8, "number = -3"), 8, {"counter number", "-3"});
}

TEST(CatalogueValidation, CounterNamesUnknownService) {
  expect_error(replace_line(9, "services = [\"S\",\n  \"GPLX\"]"), 10, {"counter 1", "unknown service", "'GPLX'"});
}

TEST(CatalogueValidation, CounterWithNoServices) {
  expect_error(replace_line(9, "services = []"), 9, {"counter 1", "no service"});
}

TEST(CatalogueValidation, ProcedureWithUnknownField) {
  expect_error(with_procedure("code = \"1.000001\"\nname_vi = \"T\"\nfield = \"GPLX\"\nprocessing_time = 1\n"
                              "unit = \"days\"\n"),
               13, {"unknown field", "'GPLX'", "1.000001"});
}

TEST(CatalogueValidation, DuplicateProcedureCode) {
  expect_error(with_procedure(std::string(kProcedure) + "[[procedure]]\n" + std::string(kProcedure)), 17,
               {"duplicate procedure code", "1.000001", "line 11"});
}

TEST(CatalogueValidation, NegativeProcessingTime) {
  expect_error(with_procedure("code = \"1.000001\"\nname_vi = \"T\"\nfield = \"S\"\nprocessing_time = -1\n"
                              "unit = \"days\"\n"),
               14, {"processing_time", "negative"});
  EXPECT_NO_THROW(Catalogue::parse_toml(with_procedure(
      "code = \"1.000001\"\nname_vi = \"T\"\nfield = \"S\"\nprocessing_time = 0\nunit = \"days\"\n")));
}

TEST(CatalogueValidation, UnknownUnit) {
  expect_error(with_procedure("code = \"1.000001\"\nname_vi = \"T\"\nfield = \"S\"\nprocessing_time = 1\n"
                              "unit = \"weeks\"\n"),
               15, {"unknown unit", "'weeks'"});
}

TEST(CatalogueValidation, UnknownOnlineLevel) {
  expect_error(with_procedure(std::string(kProcedure) + "online = \"toàn trình\"\n"), 16,
               {"unknown online level", "toàn trình"});
}

TEST(CatalogueValidation, NegativeFee) {
  expect_error(with_procedure(std::string(kProcedure) + "fee = -5000\n"), 16, {"fee", "negative"});
}

TEST(CatalogueValidation, NegativeMaxRecalls) {
  expect_error(std::string(kBase) + "[queue]\nmax_recalls = -1\n", 11, {"max_recalls", "at least 0"});
}

TEST(CatalogueValidation, NormalPerPriorityBelowOne) {
  expect_error(std::string(kBase) + "[queue]\nnormal_per_priority = 0\n", 11, {"normal_per_priority", "at least 1"});
}

TEST(CatalogueValidation, OtherQueueBounds) {
  expect_error(std::string(kBase) + "[queue]\npriority = \"fifo\"\n", 11, {"priority", "'fifo'"});
  expect_error(std::string(kBase) + "[queue]\ndefault_service_minutes = 0\n", 11, {"default_service_minutes"});
  expect_error(std::string(kBase) + "[queue]\nestimate_window = 0\n", 11, {"estimate_window"});
  expect_error(replace_line(6, "name_vi = \"X\"\navg_service_minutes = 0"), 7, {"avg_service_minutes"});
  expect_error(replace_line(8, "number = 4294967297"), 8, {"number", "out of range"});
}

TEST(CatalogueValidation, NoServiceAtAll) {
  const std::string text = "[centre]\nagency_code = \"X\"\n[[counter]]\nnumber = 1\nservices = [\"S\"]\n";
  expect_error(text, 0, {"no service"});
  expect_error("service = []\n[centre]\nagency_code = \"X\"\n", 1, {"no service"});
}

TEST(CatalogueValidation, NoCounterAtAll) {
  const std::string without_counters(kBase.substr(0, kBase.find("[[counter]]")));
  expect_error(without_counters, 0, {"no counter"});
  expect_error("counter = []\n" + without_counters, 1, {"no counter"});
}

TEST(CatalogueValidation, MissingFileNamesThePath) {
  const auto path = std::filesystem::path(KIOSK_ASSETS_DIR) / "catalog" / "no-such-centre.toml";
  try {
    Catalogue::load_toml(path);
    ADD_FAILURE() << "no CatalogueError";
  } catch (const CatalogueError& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("cannot open"), std::string::npos) << e.what();
  }
}

TEST(CatalogueValidation, LoadedFileErrorsNameTheFile) {
  const auto path = std::filesystem::temp_directory_path() / "kiosk_catalogue_test_bad.toml";
  {
    std::ofstream out(path, std::ios::binary);
    out << replace_line(5, "prefix = \"b\"");
  }
  try {
    Catalogue::load_toml(path);
    ADD_FAILURE() << "no CatalogueError";
  } catch (const CatalogueError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(path.string() + ":5: ", 0), 0u) << e.what();
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace kiosk
