// The announcer's promises: callers never wait, calls play strictly one after another in order, a full
// queue drops the oldest, and stopping never waits out a sentence. A fake voice makes sounds whose sample
// values say which text they came from.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <string>
#include <vector>

#include "kiosk/domain/spoken.hpp"
#include "kiosk/speech/announcer.hpp"

namespace kiosk::speech {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int rate = 22050;

// "call 7" → 0.1 s of the constant 7.
Pcm tagged(std::string_view text, double seconds = 0.1) {
  const auto tag = static_cast<std::int16_t>(std::stoi(std::string(text.substr(text.find(' ') + 1))));
  return Pcm{rate, std::vector<std::int16_t>(static_cast<std::size_t>(seconds * rate), tag)};
}

Announcer::Voice fake_voice(double seconds = 0.1) {
  return [seconds](std::string_view text) { return tagged(text, seconds); };
}

bool is_chime(const Pcm& p) { return p.samples == chime(rate).samples; }
int tag_of(const Pcm& p) { return p.samples.empty() ? -1 : p.samples.front(); }

std::unique_ptr<RecordingSink> recorder(bool real_time, RecordingSink*& observe) {
  auto sink = std::make_unique<RecordingSink>(real_time);
  observe = sink.get();
  return sink;
}

TEST(Announcer, PlaysInOrderChimeThenSpeechNeverOverlapping) {
  RecordingSink* sink = nullptr;
  Announcer announcer(recorder(true, sink), {}, fake_voice());
  const auto before = Clock::now();
  for (int i = 1; i <= 3; ++i) announcer.announce("call " + std::to_string(i));
  // Three calls take 2.4 s to play; queuing them must not wait for any of it.
  EXPECT_LT(Clock::now() - before, 500ms);
  ASSERT_TRUE(announcer.wait_idle(20s));
  EXPECT_EQ(announcer.played(), 3);
  EXPECT_EQ(announcer.pending(), 0u);

  const auto played = sink->played();
  ASSERT_EQ(played.size(), 6u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(is_chime(played[2 * i].pcm)) << i;
    EXPECT_EQ(tag_of(played[2 * i + 1].pcm), static_cast<int>(i + 1));
  }
  for (std::size_t i = 0; i + 1 < played.size(); ++i) {
    EXPECT_LE(played[i].start, played[i].end);
    EXPECT_LE(played[i].end, played[i + 1].start) << "play " << i << " overlaps the next";
  }
}

TEST(Announcer, OptionsChimeOffAndRepeat) {
  RecordingSink* sink = nullptr;
  Announcer::Options options;
  options.chime = false;
  options.repeat = 2;
  Announcer announcer(recorder(false, sink), options, fake_voice());
  announcer.announce("call 4");
  ASSERT_TRUE(announcer.wait_idle(10s));
  const auto played = sink->played();
  ASSERT_EQ(played.size(), 1u);
  const auto once = tagged("call 4").samples.size();
  const auto& s = played[0].pcm.samples;
  ASSERT_GT(s.size(), 2 * once);  // twice, with a pause between
  EXPECT_EQ(s.front(), 4);
  EXPECT_EQ(s.back(), 4);
  EXPECT_EQ(s[once], 0);
}

TEST(Announcer, FullQueueDropsTheOldestNotStarted) {
  RecordingSink* sink = nullptr;
  Announcer::Options options;
  options.max_pending = 3;
  std::promise<void> started, release;
  auto released = release.get_future().share();
  bool first = true;
  // The first text holds the worker until the queue has overflowed.
  auto voice = [&, released](std::string_view text) {
    if (std::exchange(first, false)) {
      started.set_value();
      released.wait();
    }
    return tagged(text);
  };
  Announcer announcer(recorder(false, sink), options, voice);
  announcer.announce("call 0");
  started.get_future().wait();
  for (int i = 1; i <= 7; ++i) announcer.announce("call " + std::to_string(i));
  EXPECT_EQ(announcer.pending(), 3u);
  EXPECT_EQ(announcer.dropped(), 4u);
  release.set_value();
  ASSERT_TRUE(announcer.wait_idle(10s));

  std::vector<int> said;
  for (const auto& p : sink->played())
    if (!is_chime(p.pcm)) said.push_back(tag_of(p.pcm));
  EXPECT_EQ(said, (std::vector<int>{0, 5, 6, 7}));
  EXPECT_EQ(announcer.played(), 4);
}

TEST(Announcer, StopWithPendingReturnsPromptly) {
  RecordingSink* sink = nullptr;
  Announcer announcer(recorder(true, sink), {}, fake_voice(30.0));
  for (int i = 1; i <= 5; ++i) announcer.announce("call " + std::to_string(i));
  // Wait until the first is under way, so stop() has to cut a play short.
  const auto deadline = Clock::now() + 10s;
  while (announcer.pending() == 5 && Clock::now() < deadline) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(50ms);
  const auto before = Clock::now();
  announcer.stop();
  EXPECT_LT(Clock::now() - before, 5s);
  EXPECT_EQ(announcer.pending(), 0u);
  EXPECT_EQ(announcer.played(), 0);
  announcer.announce("call 9");  // ignored once stopped
  EXPECT_EQ(announcer.pending(), 0u);
  announcer.stop();  // again: a no-op
}

TEST(Announcer, DestructorJoinsWithItemsPending) {
  RecordingSink* sink = nullptr;
  const auto before = Clock::now();
  {
    Announcer announcer(recorder(true, sink), {}, fake_voice(30.0));
    for (int i = 1; i <= 5; ++i) announcer.announce("call " + std::to_string(i));
  }
  EXPECT_LT(Clock::now() - before, 5s);
}

TEST(Announcer, AFailingVoiceStillChimes) {
  RecordingSink* sink = nullptr;
  Announcer announcer(recorder(false, sink), {},
                      [](std::string_view) -> Pcm { throw std::runtime_error("voice broke"); });
  announcer.announce("call 1");
  announcer.announce("call 2");
  ASSERT_TRUE(announcer.wait_idle(10s));
  const auto played = sink->played();
  ASSERT_EQ(played.size(), 2u);
  EXPECT_TRUE(is_chime(played[0].pcm));
  EXPECT_EQ(announcer.played(), 2);
}

TEST(Announcer, SpeaksWithEspeak) {
  RecordingSink* sink = nullptr;
  Announcer announcer(recorder(false, sink));
  announcer.announce(announcement_vi({"B-023", 3}));
  ASSERT_TRUE(announcer.wait_idle(30s));
  const auto played = sink->played();
  ASSERT_EQ(played.size(), 2u);
  EXPECT_EQ(played[0].pcm.sample_rate, played[1].pcm.sample_rate);  // the chime matches the voice's rate
  EXPECT_TRUE(played[0].pcm.samples == chime(played[0].pcm.sample_rate).samples);
  EXPECT_GT(played[1].pcm.seconds(), 1.5);
}

TEST(Announcer, AnUnknownVoiceStillChimes) {
  RecordingSink* sink = nullptr;
  Announcer::Options options;
  options.voice = "no-such-voice";
  Announcer announcer(recorder(false, sink), options);
  announcer.announce("xin chào");
  ASSERT_TRUE(announcer.wait_idle(30s));
  EXPECT_EQ(sink->played().size(), 1u);
}

TEST(Announcer, NeedsASink) { EXPECT_THROW(Announcer(nullptr), std::invalid_argument); }

}  // namespace
}  // namespace kiosk::speech
