// The chime made in code and WAV files in and out, including files that are not what they claim.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "kiosk/speech/pcm.hpp"

namespace kiosk::speech {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "kiosk-speech-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

int peak(const Pcm& pcm) {
  int p = 0;
  for (auto s : pcm.samples) p = std::max(p, std::abs(int{s}));
  return p;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void spill(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

TEST(Chime, TwoTonesWithinRangeAtAnyRate) {
  for (int rate : {8000, 16000, 22050, 44100, 48000}) {
    SCOPED_TRACE(rate);
    const Pcm c = chime(rate);
    EXPECT_EQ(c.sample_rate, rate);
    EXPECT_GE(c.seconds(), 0.6);
    EXPECT_LE(c.seconds(), 0.8);
    EXPECT_LT(peak(c), 32767);
    EXPECT_GT(peak(c), 8000);  // audible in a hall
    // Ramped in and out: no click at either end.
    EXPECT_LT(std::abs(int{c.samples.front()}), 100);
    EXPECT_LT(std::abs(int{c.samples.back()}), 100);
  }
  EXPECT_THROW(chime(0), std::invalid_argument);
  EXPECT_THROW(chime(-22050), std::invalid_argument);
}

TEST(Chime, SecondToneIsLower) {
  // Count zero crossings in each half: 880 Hz crosses more often than 660 Hz.
  const Pcm c = chime(22050);
  const auto half = c.samples.size() / 2;
  auto crossings = [&](std::size_t from, std::size_t to) {
    int n = 0;
    for (std::size_t i = from + 1; i < to; ++i) n += (c.samples[i - 1] < 0) != (c.samples[i] < 0);
    return n;
  };
  EXPECT_GT(crossings(0, half), crossings(half, c.samples.size()) * 12 / 10);
}

TEST(Silence, LengthAndContent) {
  const Pcm s = silence(22050, 0.5);
  EXPECT_EQ(s.samples.size(), 11025u);
  EXPECT_EQ(peak(s), 0);
  EXPECT_TRUE(silence(22050, -1).samples.empty());
  EXPECT_DOUBLE_EQ(Pcm{}.seconds(), 0.0);
}

TEST(Wav, RoundTrip) {
  TempDir dir;
  Pcm pcm{16000, {0, 1, -1, 32767, -32768, 1234, -4321}};
  write_wav(dir.file("a.wav"), pcm);
  EXPECT_EQ(fs::file_size(dir.file("a.wav")), 44u + 2 * pcm.samples.size());
  const auto back = read_wav(dir.file("a.wav"));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->sample_rate, 16000);
  EXPECT_EQ(back->samples, pcm.samples);
  // Exactly one file: the temporary one was renamed, not left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(Wav, OverwritesWholeAndEmptySoundIsValid) {
  TempDir dir;
  write_wav(dir.file("a.wav"), chime(22050));
  write_wav(dir.file("a.wav"), Pcm{8000, {}});
  const auto back = read_wav(dir.file("a.wav"));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->sample_rate, 8000);
  EXPECT_TRUE(back->samples.empty());
}

TEST(Wav, WriteFailuresThrow) {
  TempDir dir;
  EXPECT_THROW(write_wav(dir.file("missing/a.wav"), chime(8000)), std::runtime_error);
  EXPECT_THROW(write_wav(dir.file("a.wav"), Pcm{0, {1, 2}}), std::runtime_error);
  EXPECT_FALSE(fs::exists(dir.file("a.wav")));
}

TEST(Wav, SkipsOtherChunks) {
  TempDir dir;
  write_wav(dir.file("a.wav"), Pcm{8000, {5, 6}});
  std::string bytes = slurp(dir.file("a.wav"));
  // Insert an odd-sized LIST chunk (padded) between "fmt " and "data", fixing the RIFF size.
  const std::string list = std::string("LIST") + std::string("\x03\0\0\0", 4) + "abc" + std::string(1, '\0');
  bytes.insert(36, list);
  const auto riff = static_cast<std::uint32_t>(bytes.size() - 8);
  for (int i = 0; i < 4; ++i) bytes[4 + static_cast<std::size_t>(i)] = static_cast<char>((riff >> (8 * i)) & 0xff);
  spill(dir.file("b.wav"), bytes);
  const auto back = read_wav(dir.file("b.wav"));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->samples, (std::vector<std::int16_t>{5, 6}));
}

TEST(Wav, RejectsWhatItDidNotWrite) {
  TempDir dir;
  EXPECT_FALSE(read_wav(dir.file("nothing.wav")));
  EXPECT_FALSE(read_wav(dir.path().string()));  // a directory

  write_wav(dir.file("good.wav"), Pcm{8000, {1, 2, 3, 4, 5, 6, 7, 8}});
  const std::string good = slurp(dir.file("good.wav"));
  // Every truncation, and every single corrupted header byte that matters.
  for (std::size_t n = 0; n < good.size(); ++n) {
    spill(dir.file("bad.wav"), good.substr(0, n));
    EXPECT_FALSE(read_wav(dir.file("bad.wav"))) << "truncated to " << n;
  }
  auto patched = [&](std::size_t at, char value) {
    std::string b = good;
    b[at] = value;
    spill(dir.file("bad.wav"), b);
    return read_wav(dir.file("bad.wav"));
  };
  EXPECT_FALSE(patched(0, 'X'));      // RIFF
  EXPECT_FALSE(patched(8, 'X'));      // WAVE
  EXPECT_FALSE(patched(20, 3));       // float format
  EXPECT_FALSE(patched(22, 2));       // stereo
  EXPECT_FALSE(patched(34, 8));       // 8-bit
  EXPECT_FALSE(patched(40, '\x7f'));  // data size beyond the file
  EXPECT_FALSE(patched(43, '\x7f'));
  EXPECT_FALSE(patched(7, '\x7f'));   // RIFF size beyond the file
  spill(dir.file("bad.wav"), good + "trailing");
  EXPECT_FALSE(read_wav(dir.file("bad.wav")));

  std::mt19937 rng(7);
  for (int i = 0; i < 300; ++i) {
    std::string b = good;
    const int flips = 1 + i % 4;
    for (int k = 0; k < flips; ++k) b[rng() % b.size()] = static_cast<char>(rng());
    spill(dir.file("bad.wav"), b);
    const auto r = read_wav(dir.file("bad.wav"));  // whatever it says, it must not read out of bounds
    if (r) { EXPECT_LE(r->samples.size(), 8u); }
  }
}

}  // namespace
}  // namespace kiosk::speech
