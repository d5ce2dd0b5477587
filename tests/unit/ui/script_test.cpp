#include <gtest/gtest.h>

#include "kiosk/window/script.hpp"

namespace kiosk::window {
namespace {

TEST(Script, ParsesEveryStep) {
  std::string error;
  const auto steps = parse_script(
      "# a visit\n"
      "tap \"Hộ tịch\"\n"
      "type \"dat dai\"\n"
      "key Backspace\n"
      "wait 500\n"
      "wait_for \"B-001\" 15000\n"
      "wait_gone \"Đang kết nối\"\n"
      "expect \"Quầy số 3\"\n"
      "expect_not \"Lỗi\"\n"
      "screenshot \"out/x.png\"\n"
      "\n"
      "quit\n",
      &error);
  ASSERT_TRUE(steps) << error;
  ASSERT_EQ(steps->size(), 10u);
  using K = ScriptStep::Kind;
  EXPECT_EQ((*steps)[0].kind, K::tap);
  EXPECT_EQ((*steps)[0].text, "Hộ tịch");
  EXPECT_EQ((*steps)[0].line, 2);
  EXPECT_EQ((*steps)[1].text, "dat dai");
  EXPECT_EQ((*steps)[2].kind, K::key);
  EXPECT_EQ((*steps)[3].duration, std::chrono::milliseconds(500));
  EXPECT_EQ((*steps)[4].kind, K::wait_for);
  EXPECT_EQ((*steps)[4].duration, std::chrono::milliseconds(15000));
  EXPECT_EQ((*steps)[5].duration, std::chrono::milliseconds(10000));  // the default timeout
  EXPECT_EQ((*steps)[8].text, "out/x.png");
  EXPECT_EQ((*steps)[9].kind, K::quit);
}

TEST(Script, QuotesMayHoldEscapedQuotes) {
  std::string error;
  const auto steps = parse_script("expect \"say \\\"hi\\\"\"\n", &error);
  ASSERT_TRUE(steps) << error;
  EXPECT_EQ(steps->front().text, "say \"hi\"");
}

TEST(Script, AMalformedLineIsRefusedWithItsNumber) {
  const std::pair<const char*, const char*> cases[] = {
      {"tap Hộ tịch\n", "line 1"},
      {"wait soon\n", "line 1"},
      {"\nwait_for \"x\" -5\n", "line 2"},
      {"key NoSuchKey\n", "unknown key"},
      {"dance\n", "unknown step"},
      {"tap \"x\" extra\n", "unexpected text"},
      {"type \"unterminated\n", "line 1"},
  };
  for (const auto& [text, expected] : cases) {
    std::string error;
    EXPECT_FALSE(parse_script(text, &error)) << text;
    EXPECT_NE(error.find(expected), std::string::npos) << text << " → " << error;
  }
}

TEST(Script, AMissingFileIsAClearError) {
  std::string error;
  EXPECT_FALSE(load_script("/nonexistent/script.txt", &error));
  EXPECT_NE(error.find("/nonexistent/script.txt"), std::string::npos);
}

}  // namespace
}  // namespace kiosk::window
