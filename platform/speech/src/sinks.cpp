#include <SDL.h>
#include <spdlog/spdlog.h>

#include <limits>
#include <thread>

#include "kiosk/speech/audio_sink.hpp"

namespace kiosk::speech {
namespace {

using Clock = std::chrono::steady_clock;

Clock::duration duration_of(const Pcm& pcm) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(pcm.seconds()));
}

}  // namespace

SdlAudioSink::SdlAudioSink() {
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) == 0) {
    subsystem_ = true;
  } else {
    spdlog::warn("no sound: SDL audio did not start ({}); announcements will be silent", SDL_GetError());
    silent_ = true;
  }
}

SdlAudioSink::~SdlAudioSink() {
  close_device();
  if (subsystem_) SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

bool SdlAudioSink::open_device(int sample_rate) {
  close_device();
  SDL_AudioSpec want{};
  want.freq = sample_rate;
  want.format = AUDIO_S16SYS;
  want.channels = 1;
  // About 46 ms at 22 050 Hz: small enough that the wait for the last buffer is not noticed.
  want.samples = 1024;
  SDL_AudioSpec have{};
  // No allowed changes: SDL converts to whatever the hardware takes, so the queue always holds our format.
  const SDL_AudioDeviceID device = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
  if (device == 0) {
    spdlog::warn("no sound: cannot open an audio device at {} Hz ({}); announcements will be silent", sample_rate,
                 SDL_GetError());
    silent_ = true;
    return false;
  }
  device_ = device;
  device_rate_ = sample_rate;
  device_buffer_frames_ = have.samples;
  SDL_PauseAudioDevice(device_, 0);
  spdlog::info("audio device open: {} Hz mono, driver {}", sample_rate, SDL_GetCurrentAudioDriver());
  return true;
}

void SdlAudioSink::close_device() {
  if (device_ == 0) return;
  SDL_CloseAudioDevice(device_);
  device_ = 0;
  device_rate_ = 0;
}

bool SdlAudioSink::wait_for(Clock::duration d) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, d, [this] { return cancelled_; });
}

void SdlAudioSink::play(const Pcm& pcm) {
  if (pcm.samples.empty() || pcm.sample_rate <= 0) return;
  {
    std::lock_guard lock(mutex_);
    if (cancelled_) return;
  }
  if (!silent_ && (device_ == 0 || device_rate_ != pcm.sample_rate)) open_device(pcm.sample_rate);
  const auto length = duration_of(pcm);
  const std::size_t bytes = pcm.samples.size() * sizeof(std::int16_t);
  if (silent_ || bytes > std::numeric_limits<Uint32>::max()) {
    wait_for(length);
    return;
  }
  if (SDL_QueueAudio(device_, pcm.samples.data(), static_cast<Uint32>(bytes)) != 0) {
    spdlog::warn("cannot queue audio ({}); this announcement is silent", SDL_GetError());
    wait_for(length);
    return;
  }
  // A device that stops pulling (unplugged, driver hung) must not hold the announcer for ever.
  const auto deadline = Clock::now() + length + std::chrono::seconds(2);
  while (SDL_GetQueuedAudioSize(device_) > 0) {
    if (Clock::now() > deadline) {
      spdlog::warn("the audio device stopped playing; dropping the rest of the sound");
      SDL_ClearQueuedAudio(device_);
      return;
    }
    if (!wait_for(std::chrono::milliseconds(10))) {
      SDL_ClearQueuedAudio(device_);
      return;
    }
  }
  // The queue is empty once SDL has taken the last buffer, which the device has still to play.
  wait_for(std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(static_cast<double>(device_buffer_frames_) / device_rate_)));
}

void SdlAudioSink::cancel() noexcept {
  std::lock_guard lock(mutex_);
  cancelled_ = true;
  wake_.notify_all();
}

void RecordingSink::play(const Pcm& pcm) {
  const auto start = Clock::now();
  if (real_time_) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, duration_of(pcm), [this] { return cancelled_; });
  }
  const auto end = Clock::now();
  std::lock_guard lock(mutex_);
  played_.push_back({pcm, start, end});
}

void RecordingSink::cancel() noexcept {
  std::lock_guard lock(mutex_);
  cancelled_ = true;
  wake_.notify_all();
}

std::vector<RecordingSink::Played> RecordingSink::played() const {
  std::lock_guard lock(mutex_);
  return played_;
}

}  // namespace kiosk::speech
