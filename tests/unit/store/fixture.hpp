// A fresh centre database in a temporary folder, from a small catalogue written for the tests.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "kiosk/domain/errors.hpp"
#include "kiosk/store/centre_store.hpp"

namespace kiosk::store::testing {

inline const char* kCatalogue = R"toml(
[centre]
name_vi = "Bộ phận Một cửa xã Thử Nghiệm"
name_en = "Test commune one-stop desk"
agency_code = "X01.02.03"
zone = "Asia/Ho_Chi_Minh"
legal_version = "ND118/2025"

[office_hours]
morning = ["07:30", "11:30"]
afternoon = ["13:30", "17:00"]

[queue]
priority = "interleave"
normal_per_priority = 2
max_recalls = 2
day_rollover = "00:00"
default_service_minutes = 10
estimate_window = 5

[[service]]
code = "GPLX"
prefix = "A"
name_vi = "Giấy phép lái xe"
name_en = "Driving licences"
avg_service_minutes = 10

[[service]]
code = "HT"
prefix = "B"
name_vi = "Hộ tịch"
name_en = "Civil status"
avg_service_minutes = 6

[[counter]]
number = 1
name_vi = "Quầy 1"
services = ["GPLX", "HT"]

[[counter]]
number = 2
name_vi = "Quầy 2"
services = ["HT"]

[[procedure]]
code = "1.002804"
name_vi = "Đổi giấy phép lái xe"
field = "GPLX"
processing_time = 3
unit = "working_days"
fee = 135000
online = "full"

[[procedure]]
code = "1.001193"
name_vi = "Đăng ký khai sinh"
field = "HT"
processing_time = 5
unit = "working_days"
fee = 0
online = "partial"

[[procedure]]
code = "2.000815"
name_vi = "Chứng thực bản sao từ bản chính"
field = "HT"
processing_time = 4
unit = "working_hours"
fee = 2000
online = "none"
)toml";

inline Instant at(const char* local) { return *parse_instant(local, Zone::vietnam()); }

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("kiosk-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class CentreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_path = dir.path() / "centre.db";
    CentreStore::initialise(db_path, {"TEST01", kCatalogue, "", "hub"}, at("2026-10-01T07:00"));
    centre.emplace(CentreStore::open(db_path));
  }
  CentreStore& c() { return *centre; }
  Actor staff(const char* name = "cb01") { return Actor{"counter-1", name}; }

  TempDir dir;
  std::filesystem::path db_path;
  std::optional<CentreStore> centre;
};

// Asserts `f` throws a DomainError with `code` and changes nothing in the log.
#define EXPECT_REFUSED(store, code_text, statement)                                    \
  do {                                                                                 \
    const std::int64_t before_ = (store).last_seq();                                   \
    try {                                                                              \
      statement;                                                                       \
      ADD_FAILURE() << "expected refusal " << code_text;                               \
    } catch (const ::kiosk::DomainError& e_) {                                         \
      EXPECT_EQ(e_.code(), code_text) << e_.what();                                    \
      EXPECT_FALSE(e_.message_vi().empty());                                           \
    }                                                                                  \
    EXPECT_EQ((store).last_seq(), before_) << "a refused operation appended an event"; \
  } while (0)

}  // namespace kiosk::store::testing
