// Sound in memory: 16-bit mono samples at a rate, as espeak-ng makes them and SDL plays them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::speech {

struct Pcm {
  int sample_rate = 0;
  std::vector<std::int16_t> samples;  // mono
  double seconds() const;
};

// A two-tone "ding-dong" (880 Hz, then 660 Hz, 0.35 s each, decaying) made in code, so a board needs no
// sound file on disk. Throws std::invalid_argument unless sample_rate > 0.
Pcm chime(int sample_rate);

// Silence of the given length, e.g. between two repeats of a call.
Pcm silence(int sample_rate, double seconds);

// RIFF/WAVE, 16-bit PCM mono. Written to a temporary file beside `path` and renamed over it, so a reader
// never sees half a file. Throws std::runtime_error on I/O failure or a Pcm without a sample rate.
void write_wav(const std::string& path, const Pcm& pcm);

// Reads only what write_wav writes (16-bit PCM mono, other chunks skipped); anything else, truncated or
// inconsistent gives std::nullopt.
std::optional<Pcm> read_wav(const std::string& path);

}  // namespace kiosk::speech
