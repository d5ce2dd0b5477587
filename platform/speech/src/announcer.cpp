#include "kiosk/speech/announcer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "kiosk/speech/synthesiser.hpp"

namespace kiosk::speech {
namespace {

// Between two repeats of one call: long enough to hear them as two sayings.
constexpr double repeat_pause_seconds = 0.8;
// The chime's rate when the voice gave nothing to match it to.
constexpr int fallback_rate = 22050;

}  // namespace

Announcer::Announcer(std::unique_ptr<AudioSink> sink) : Announcer(std::move(sink), Options{}) {}

Announcer::Announcer(std::unique_ptr<AudioSink> sink, Options options)
    : Announcer(std::move(sink), std::move(options), Voice{}) {}

Announcer::Announcer(std::unique_ptr<AudioSink> sink, Options options, Voice voice)
    : options_(std::move(options)), voice_(std::move(voice)), sink_(std::move(sink)) {
  if (!sink_) throw std::invalid_argument("Announcer needs an audio sink");
  options_.repeat = std::max(1, options_.repeat);
  options_.max_pending = std::max<std::size_t>(1, options_.max_pending);
  if (!voice_) {
    // Built per text on the worker: a board whose espeak-ng is broken still starts and still chimes.
    voice_ = [name = options_.voice, rate = options_.rate_wpm](std::string_view text) {
      return Synthesiser().synthesise(text, name, rate);
    };
  }
  worker_ = std::thread([this] { run(); });
}

Announcer::~Announcer() { stop(); }

void Announcer::announce(std::string text) {
  std::string dropped;
  std::size_t waiting = 0;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    queue_.push_back(std::move(text));
    if (queue_.size() > options_.max_pending) {
      dropped = std::move(queue_.front());
      queue_.pop_front();
      ++dropped_;
      waiting = queue_.size();
    }
  }
  changed_.notify_all();
  if (waiting > 0) spdlog::warn("announcer behind ({} waiting): dropped the oldest, \"{}\"", waiting, dropped);
}

std::size_t Announcer::pending() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

int Announcer::played() const {
  std::lock_guard lock(mutex_);
  return played_;
}

std::size_t Announcer::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

bool Announcer::wait_idle(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [this] { return queue_.empty() && !busy_; });
}

void Announcer::stop() {
  std::call_once(stop_once_, [this] {
    std::size_t discarded = 0;
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      discarded = queue_.size();
      queue_.clear();
    }
    changed_.notify_all();
    sink_->cancel();
    if (worker_.joinable()) worker_.join();
    if (discarded > 0) spdlog::info("announcer stopped with {} announcements not yet played", discarded);
  });
}

bool Announcer::stopping() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

const Pcm& Announcer::chime_at(int sample_rate) {
  if (chime_.sample_rate != sample_rate) chime_ = chime(sample_rate);
  return chime_;
}

void Announcer::run() {
  for (;;) {
    std::string text;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      text = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
    }
    try {
      say(text);
    } catch (const std::exception& e) {
      spdlog::error("announcement failed: {}", e.what());
    }
    {
      std::lock_guard lock(mutex_);
      busy_ = false;
    }
    changed_.notify_all();
  }
}

void Announcer::say(const std::string& text) {
  // Synthesised before the chime sounds, so that no pause for synthesis falls between the two.
  Pcm speech;
  try {
    speech = voice_(text);
  } catch (const std::exception& e) {
    spdlog::error("cannot synthesise \"{}\": {}; only the chime plays", text, e.what());
  }
  if (options_.repeat > 1 && !speech.samples.empty()) {
    const Pcm once = speech;
    const Pcm pause = silence(once.sample_rate, repeat_pause_seconds);
    for (int i = 1; i < options_.repeat; ++i) {
      speech.samples.insert(speech.samples.end(), pause.samples.begin(), pause.samples.end());
      speech.samples.insert(speech.samples.end(), once.samples.begin(), once.samples.end());
    }
  }
  if (options_.chime) {
    if (stopping()) return;
    sink_->play(chime_at(speech.sample_rate > 0 ? speech.sample_rate : fallback_rate));
  }
  if (!speech.samples.empty()) {
    if (stopping()) return;
    sink_->play(speech);
  }
  std::lock_guard lock(mutex_);
  if (!stopping_) ++played_;
}

}  // namespace kiosk::speech
