// Says texts aloud one after another on a worker thread: a chime, then the speech. Callers (a screen's UI
// thread) only enqueue and never wait.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "kiosk/speech/audio_sink.hpp"
#include "kiosk/speech/pcm.hpp"

namespace kiosk::speech {

class Announcer {
 public:
  struct Options {
    std::string voice = "vi";
    int rate_wpm = 150;
    bool chime = true;
    // How many times each text is spoken after its one chime, with a short pause between.
    int repeat = 1;
    // Announcements waiting beyond this drop the oldest not yet started: a board that falls minutes
    // behind calls people who have long gone to their counter.
    std::size_t max_pending = 20;
  };

  // Turns a text into sound; the default is a Synthesiser with the options' voice and rate. A throwing
  // voice is logged and only the chime plays.
  using Voice = std::function<Pcm(std::string_view text)>;

  explicit Announcer(std::unique_ptr<AudioSink> sink);
  Announcer(std::unique_ptr<AudioSink> sink, Options options);
  Announcer(std::unique_ptr<AudioSink> sink, Options options, Voice voice);
  ~Announcer();
  Announcer(const Announcer&) = delete;
  Announcer& operator=(const Announcer&) = delete;

  // Queues a text; never blocks on playback. Ignored after stop().
  void announce(std::string text);

  // Texts queued and not yet started.
  std::size_t pending() const;
  // Texts played to the end (or only chimed, when the voice failed for them).
  int played() const;
  // Texts dropped because the queue was full.
  std::size_t dropped() const;

  // Waits until nothing is queued or playing; false if `timeout` passed first.
  bool wait_idle(std::chrono::milliseconds timeout) const;

  // Drops what is queued, cuts off what is playing and joins the worker. Idempotent; a second caller
  // waits for the first to finish.
  void stop();

 private:
  void run();
  void say(const std::string& text);
  bool stopping() const;
  const Pcm& chime_at(int sample_rate);

  Options options_;
  Voice voice_;
  std::unique_ptr<AudioSink> sink_;
  Pcm chime_;  // cached at the rate of the last speech, so the device is never reopened for it

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::deque<std::string> queue_;
  bool busy_ = false;
  bool stopping_ = false;
  int played_ = 0;
  std::size_t dropped_ = 0;
  std::once_flag stop_once_;
  std::thread worker_;
};

}  // namespace kiosk::speech
