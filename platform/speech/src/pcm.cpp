#include "kiosk/speech/pcm.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace kiosk::speech {

double Pcm::seconds() const {
  if (sample_rate <= 0) return 0.0;
  return static_cast<double>(samples.size()) / static_cast<double>(sample_rate);
}

Pcm chime(int sample_rate) {
  if (sample_rate <= 0) throw std::invalid_argument("chime: sample rate must be positive");
  constexpr double tone_seconds = 0.35;
  constexpr double tones[] = {880.0, 660.0};
  // Decays to about 5% by the end of a tone; a faint octave above makes it a bell rather than a beep.
  constexpr double decay_seconds = 0.12;
  constexpr double overtone = 0.15;
  // Peak ≤ 0.6 × 1.15 of full scale: loud enough to turn heads, nowhere near clipping.
  constexpr double amplitude = 0.6 * 32767.0;
  // Linear ramps in and out: an instant start or stop of a sine clicks in the speakers.
  constexpr double attack_seconds = 0.005, release_seconds = 0.015;

  const double rate = sample_rate;
  const auto per_tone = static_cast<std::size_t>(std::lround(tone_seconds * rate));
  Pcm pcm{sample_rate, {}};
  pcm.samples.reserve(per_tone * std::size(tones));
  for (double f : tones) {
    for (std::size_t i = 0; i < per_tone; ++i) {
      const double t = static_cast<double>(i) / rate;
      double envelope = std::exp(-t / decay_seconds);
      envelope *= std::min(1.0, t / attack_seconds);
      envelope *= std::min(1.0, (tone_seconds - t) / release_seconds);
      const double w = 2.0 * std::numbers::pi * f * t;
      const double v = amplitude * envelope * (std::sin(w) + overtone * std::sin(2.0 * w));
      pcm.samples.push_back(static_cast<std::int16_t>(std::lround(v)));
    }
  }
  return pcm;
}

Pcm silence(int sample_rate, double seconds) {
  if (sample_rate <= 0) throw std::invalid_argument("silence: sample rate must be positive");
  const auto n = seconds > 0 ? static_cast<std::size_t>(std::lround(seconds * sample_rate)) : 0;
  return Pcm{sample_rate, std::vector<std::int16_t>(n, 0)};
}

}  // namespace kiosk::speech
