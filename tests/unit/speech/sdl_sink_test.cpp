// SDL output without a sound card: the dummy driver plays into nothing at real speed; a driver that does
// not exist makes the sink silent but still paced. Nothing here asserts timings: CI machines stall.
#include <gtest/gtest.h>

#include <cstdlib>
#include <thread>

#include "kiosk/speech/audio_sink.hpp"

namespace kiosk::speech {
namespace {

using namespace std::chrono_literals;

TEST(SdlAudioSink, PlaysUnderTheDummyDriver) {
  ::setenv("SDL_AUDIODRIVER", "dummy", 1);
  SdlAudioSink sink;
  EXPECT_TRUE(sink.has_device());
  sink.play(chime(22050));
  sink.play(Pcm{16000, std::vector<std::int16_t>(1600, 0)});  // another rate: the device is reopened
  sink.play(Pcm{});                                           // nothing to play
}

TEST(SdlAudioSink, CancelCutsAPlayShort) {
  ::setenv("SDL_AUDIODRIVER", "dummy", 1);
  SdlAudioSink sink;
  std::thread player([&] { sink.play(silence(22050, 60.0)); });
  std::this_thread::sleep_for(100ms);
  sink.cancel();
  player.join();  // would take a minute without the cancel
  sink.play(chime(22050));  // cancelled for good: returns at once
}

TEST(SdlAudioSink, WithoutADeviceItIsSilent) {
  ::setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
  SdlAudioSink sink;
  sink.play(Pcm{22050, std::vector<std::int16_t>(2205, 100)});
  EXPECT_FALSE(sink.has_device());
}

}  // namespace
}  // namespace kiosk::speech
