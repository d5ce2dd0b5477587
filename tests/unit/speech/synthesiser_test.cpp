// espeak-ng through the library, as the boards use it: Vietnamese voices to memory, then to a WAV file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/domain/spoken.hpp"
#include "kiosk/speech/synthesiser.hpp"

namespace kiosk::speech {
namespace {

namespace fs = std::filesystem;

const std::string call_1023 = "Mời công dân có số một nghìn không trăm hai mươi ba đến quầy số ba";

double rms(const Pcm& pcm) {
  double sum = 0;
  for (auto s : pcm.samples) sum += static_cast<double>(s) * static_cast<double>(s);
  return pcm.samples.empty() ? 0.0 : std::sqrt(sum / static_cast<double>(pcm.samples.size()));
}

TEST(Synthesiser, SpeaksACallIntoAWavFile) {
  ASSERT_EQ(announcement_vi({"1023", 3}), call_1023);
  Synthesiser synth;
  const Pcm speech = synth.synthesise(call_1023);
  EXPECT_EQ(speech.sample_rate, synth.sample_rate());

  std::string dir = (fs::temp_directory_path() / "kiosk-synth-XXXXXX").string();
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  const std::string file = dir + "/call.wav";
  write_wav(file, speech);
  ASSERT_TRUE(fs::exists(file));
  const auto back = read_wav(file);
  fs::remove_all(dir);

  ASSERT_TRUE(back);
  ASSERT_FALSE(back->samples.empty());
  EXPECT_EQ(back->samples, speech.samples);
  EXPECT_GT(back->seconds(), 1.5);
  EXPECT_LT(back->seconds(), 12.0);
  EXPECT_GT(rms(*back), 300.0) << "sounds silent";
}

TEST(Synthesiser, AllThreeVietnameseVoices) {
  Synthesiser synth;
  for (const char* voice : {"vi", "vi-vn-x-central", "vi-vn-x-south"}) {
    const Pcm p = synth.synthesise("Mời công dân có số bê, hai mươi ba, đến quầy số ba", voice);
    EXPECT_GT(p.seconds(), 1.0) << voice;
    EXPECT_GT(rms(p), 300.0) << voice;
  }
}

TEST(Synthesiser, UnknownVoiceThrowsNamingIt) {
  Synthesiser synth;
  try {
    synth.synthesise("xin chào", "no-such-voice");
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-voice"), std::string::npos) << e.what();
  }
  // A failed choice leaves the synthesiser usable.
  EXPECT_FALSE(synth.synthesise("xin chào").samples.empty());
}

TEST(Synthesiser, RateChangesLength) {
  Synthesiser synth;
  const double slow = synth.synthesise(call_1023, "vi", 100).seconds();
  const double fast = synth.synthesise(call_1023, "vi", 300).seconds();
  EXPECT_GT(slow, fast * 1.5);
  // Out-of-range rates are clamped, not refused.
  EXPECT_FALSE(synth.synthesise("ba", "vi", 5).samples.empty());
  EXPECT_FALSE(synth.synthesise("ba", "vi", 5000).samples.empty());
}

TEST(Synthesiser, EmptyTextIsEmptySound) {
  Synthesiser synth;
  const Pcm p = synth.synthesise("");
  EXPECT_TRUE(p.samples.empty());
  EXPECT_EQ(p.sample_rate, synth.sample_rate());
}

TEST(Synthesiser, ThreadsTakeTurns) {
  // espeak-ng adds a little randomness (breath noise), so sounds are compared by length: two syntheses
  // sharing its global buffers would give one sound twice as long and another empty.
  const char* voices[] = {"vi", "vi-vn-x-south"};
  double alone[2];
  for (int v = 0; v < 2; ++v) alone[v] = Synthesiser().synthesise(call_1023, voices[v]).seconds();
  std::vector<std::thread> threads;
  std::vector<std::vector<double>> lengths(4);
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    threads.emplace_back([&, i] {
      Synthesiser synth;
      for (int k = 0; k < 3; ++k) lengths[i].push_back(synth.synthesise(call_1023, voices[i % 2]).seconds());
    });
  }
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    ASSERT_EQ(lengths[i].size(), 3u);
    for (double l : lengths[i]) EXPECT_NEAR(l, alone[i % 2], alone[i % 2] * 0.05) << voices[i % 2];
  }
}

}  // namespace
}  // namespace kiosk::speech
