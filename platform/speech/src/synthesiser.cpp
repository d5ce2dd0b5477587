#include "kiosk/speech/synthesiser.hpp"

#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace kiosk::speech {
namespace {

// espeak-ng's one global state, only ever touched with lock() held.
struct Engine {
  bool tried = false;
  int sample_rate = 0;
  std::string voice;  // the voice espeak-ng has selected, to skip reselecting it for every call
  std::vector<std::int16_t>* collecting = nullptr;  // where the callback puts samples during a synthesis
  // No espeak_Terminate at exit: its tables stay reachable (LeakSanitizer is quiet without it), and freeing
  // them under a thread still speaking during static destruction would crash the exit.
};

std::mutex& lock() {
  static std::mutex m;
  return m;
}

Engine& engine() {
  static Engine e;
  return e;
}

int collect(short* wav, int count, espeak_EVENT*) {
  auto* out = engine().collecting;
  if (wav != nullptr && count > 0 && out != nullptr) out->insert(out->end(), wav, wav + count);
  return 0;
}

}  // namespace

Synthesiser::Synthesiser() {
  std::lock_guard guard(lock());
  Engine& e = engine();
  if (!e.tried) {
    e.tried = true;
    // DONT_EXIT: without it espeak-ng calls exit() when its data is missing, taking the board with it.
    const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
    if (rate > 0) {
      espeak_SetSynthCallback(collect);
      e.sample_rate = rate;
    }
  }
  if (e.sample_rate <= 0) throw std::runtime_error("espeak-ng could not be initialised (is espeak-ng-data installed?)");
  sample_rate_ = e.sample_rate;
}

Pcm Synthesiser::synthesise(std::string_view text, std::string_view voice, int rate_wpm) {
  std::lock_guard guard(lock());
  Engine& e = engine();
  if (e.voice != voice) {
    e.voice.clear();
    const std::string name(voice);
    if (espeak_SetVoiceByName(name.c_str()) != EE_OK)
      throw std::runtime_error("espeak-ng has no voice '" + name + "'");
    e.voice = name;
  }
  espeak_SetParameter(espeakRATE, std::clamp(rate_wpm, espeakRATE_MINIMUM, espeakRATE_MAXIMUM), 0);

  Pcm pcm{e.sample_rate, {}};
  if (text.empty()) return pcm;
  const std::string terminated(text);
  e.collecting = &pcm.samples;
  const auto result = espeak_Synth(terminated.c_str(), terminated.size() + 1, 0, POS_CHARACTER, 0,
                                   espeakCHARS_UTF8, nullptr, nullptr);
  e.collecting = nullptr;
  if (result != EE_OK)
    throw std::runtime_error("espeak-ng failed to synthesise with voice '" + std::string(voice) + "'");
  return pcm;
}

}  // namespace kiosk::speech
