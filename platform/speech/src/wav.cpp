#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string_view>

#include "kiosk/speech/pcm.hpp"

namespace kiosk::speech {
namespace {

// WAV is little-endian whatever the machine: bytes are placed one by one.
void put_u16(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v & 0xff);
  out += static_cast<char>((v >> 8) & 0xff);
}
void put_u32(std::string& out, std::uint32_t v) {
  put_u16(out, v & 0xffff);
  put_u16(out, v >> 16);
}
std::uint32_t get_u16(std::string_view s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8;
}
std::uint32_t get_u32(std::string_view s, std::size_t at) { return get_u16(s, at) | get_u16(s, at + 2) << 16; }

std::string os_error(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

void write_all(int fd, const std::string& data, const std::string& path) {
  std::size_t done = 0;
  while (done < data.size()) {
    const auto n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(os_error("cannot write", path));
    }
    done += static_cast<std::size_t>(n);
  }
}

// Files bigger than this are not something write_wav made (over three hours at 44.1 kHz).
constexpr std::size_t max_wav_bytes = 1u << 30;

}  // namespace

void write_wav(const std::string& path, const Pcm& pcm) {
  if (pcm.sample_rate <= 0) throw std::runtime_error("cannot write " + path + ": the sound has no sample rate");
  const std::size_t data_bytes = pcm.samples.size() * 2;
  if (data_bytes > std::numeric_limits<std::uint32_t>::max() - 36u)
    throw std::runtime_error("cannot write " + path + ": too long for a WAV file");

  std::string out;
  out.reserve(44 + data_bytes);
  out += "RIFF";
  put_u32(out, static_cast<std::uint32_t>(36 + data_bytes));
  out += "WAVEfmt ";
  put_u32(out, 16);
  put_u16(out, 1);  // PCM
  put_u16(out, 1);  // mono
  const auto rate = static_cast<std::uint32_t>(pcm.sample_rate);
  put_u32(out, rate);
  put_u32(out, rate * 2);  // bytes per second
  put_u16(out, 2);         // bytes per frame
  put_u16(out, 16);        // bits per sample
  out += "data";
  put_u32(out, static_cast<std::uint32_t>(data_bytes));
  for (auto s : pcm.samples) put_u16(out, static_cast<std::uint16_t>(s));

  // A name no other writer in this process or another uses, in the same directory so rename is atomic.
  static std::atomic<unsigned> serial{0};
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(serial++);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(os_error("cannot create", tmp));
  try {
    write_all(fd, out, tmp);
    if (::fsync(fd) != 0) throw std::runtime_error(os_error("cannot sync", tmp));
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (::close(fd) != 0) {
    const auto message = os_error("cannot close", tmp);
    ::unlink(tmp.c_str());
    throw std::runtime_error(message);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const auto message = os_error("cannot rename " + tmp + " to", path);
    ::unlink(tmp.c_str());
    throw std::runtime_error(message);
  }
}

std::optional<Pcm> read_wav(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes;
  {
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
      bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
      if (bytes.size() > max_wav_bytes) return std::nullopt;
    }
    if (in.bad()) return std::nullopt;
  }
  const std::string_view s = bytes;
  if (s.size() < 12 || s.substr(0, 4) != "RIFF" || s.substr(8, 4) != "WAVE") return std::nullopt;
  // The RIFF size must match the file: a truncated or padded file is not one write_wav wrote.
  if (std::size_t{get_u32(s, 4)} + 8 != s.size()) return std::nullopt;

  std::optional<int> rate;
  std::size_t at = 12;
  while (s.size() - at >= 8) {
    const auto id = s.substr(at, 4);
    const std::size_t size = get_u32(s, at + 4);
    at += 8;
    if (size > s.size() - at) return std::nullopt;
    if (id == "fmt ") {
      if (size < 16 || rate) return std::nullopt;
      const auto format = get_u16(s, at), channels = get_u16(s, at + 2), sample_rate = get_u32(s, at + 4),
                 byte_rate = get_u32(s, at + 8), block_align = get_u16(s, at + 12), bits = get_u16(s, at + 14);
      if (format != 1 || channels != 1 || bits != 16 || block_align != 2) return std::nullopt;
      if (sample_rate == 0 || sample_rate > 768000 || byte_rate != sample_rate * 2) return std::nullopt;
      rate = static_cast<int>(sample_rate);
    } else if (id == "data") {
      if (!rate || size % 2 != 0) return std::nullopt;
      Pcm pcm{*rate, std::vector<std::int16_t>(size / 2)};
      for (std::size_t i = 0; i < pcm.samples.size(); ++i)
        pcm.samples[i] = static_cast<std::int16_t>(static_cast<std::uint16_t>(get_u16(s, at + 2 * i)));
      return pcm;
    }
    // Chunks are padded to an even length.
    at += size + (size % 2);
    if (at > s.size()) return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace kiosk::speech
