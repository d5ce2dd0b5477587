// Text to speech with the espeak-ng library, synthesised to memory.
#pragma once

#include <string_view>

#include "kiosk/speech/pcm.hpp"

namespace kiosk::speech {

// espeak-ng keeps one global state per process and is not thread-safe: every Synthesiser shares one
// process-wide lock and one initialisation, so any number of them may be used from any threads; calls
// simply take turns.
class Synthesiser {
 public:
  // Initialises espeak-ng on first use. Throws std::runtime_error if it cannot (no espeak-ng data).
  Synthesiser();

  // Voices: "vi" (northern), "vi-vn-x-central", "vi-vn-x-south", or any other espeak-ng voice name.
  // rate_wpm is clamped to espeak-ng's 80..450. Throws std::runtime_error naming the voice if espeak-ng
  // does not have it, or if synthesis fails.
  Pcm synthesise(std::string_view text, std::string_view voice = "vi", int rate_wpm = 150);

  int sample_rate() const { return sample_rate_; }

 private:
  int sample_rate_ = 0;
};

}  // namespace kiosk::speech
