// Where sound goes: the sound card through SDL2, or a recorder for tests.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <vector>

#include "kiosk/speech/pcm.hpp"

namespace kiosk::speech {

class AudioSink {
 public:
  virtual ~AudioSink() = default;
  // Blocks until the sound has been played (or cancel() was called).
  virtual void play(const Pcm& pcm) = 0;
  // From now on play() returns promptly, cutting off whatever is playing: for an owner that is shutting
  // down and must not wait out a sentence. Irreversible; may be called from any thread.
  virtual void cancel() noexcept {}
};

// Plays through SDL2's audio queue. Without a usable sound device (none fitted, SDL_AUDIODRIVER unusable)
// it logs once and stays silent, but still takes as long as the sound would, so that whatever paces itself
// on playback behaves the same with and without speakers.
class SdlAudioSink final : public AudioSink {
 public:
  // Initialises SDL's audio subsystem (reference-counted by SDL; call from the thread that set SDL up, if
  // any). The device is opened on the first play, at that Pcm's rate, and reopened if the rate changes.
  SdlAudioSink();
  ~SdlAudioSink() override;
  SdlAudioSink(const SdlAudioSink&) = delete;
  SdlAudioSink& operator=(const SdlAudioSink&) = delete;

  void play(const Pcm& pcm) override;
  void cancel() noexcept override;

  // False once the sink has fallen back to silence.
  bool has_device() const { return !silent_; }

 private:
  bool open_device(int sample_rate);
  void close_device();
  // Sleeps up to `d`, waking early on cancel(); false when cancelled.
  bool wait_for(std::chrono::steady_clock::duration d);

  bool subsystem_ = false;  // SDL_InitSubSystem succeeded and needs its SDL_QuitSubSystem
  bool silent_ = false;
  std::uint32_t device_ = 0;  // SDL_AudioDeviceID, 0 when closed
  int device_rate_ = 0;
  int device_buffer_frames_ = 0;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool cancelled_ = false;
};

// Records what would have been played and when, for tests. By default returns at once; with real_time it
// takes as long as the sound lasts (cut short by cancel()).
class RecordingSink final : public AudioSink {
 public:
  struct Played {
    Pcm pcm;
    std::chrono::steady_clock::time_point start;
    std::chrono::steady_clock::time_point end;
  };

  explicit RecordingSink(bool real_time = false) : real_time_(real_time) {}

  void play(const Pcm& pcm) override;
  void cancel() noexcept override;

  std::vector<Played> played() const;

 private:
  const bool real_time_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool cancelled_ = false;
  std::vector<Played> played_;
};

}  // namespace kiosk::speech
