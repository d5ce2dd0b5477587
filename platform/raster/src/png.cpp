#include "kiosk/raster/png.hpp"

#include <fcntl.h>
#include <png.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace kiosk::raster {

namespace {

std::string errno_text(int error) { return std::generic_category().message(error); }

// The simplified libpng API reports errors through image.message instead of longjmp, which would skip
// C++ destructors.
png_image image_for(const Canvas& canvas) {
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(canvas.width());
  image.height = static_cast<png_uint_32>(canvas.height());
  image.format = PNG_FORMAT_GRAY;
  return image;
}

void write_all_or_throw(int fd, const std::vector<std::uint8_t>& bytes, const std::string& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("cannot write " + path + ": " + errno_text(errno));
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

std::vector<std::uint8_t> encode_png(const Canvas& canvas) {
  if (canvas.empty()) throw std::runtime_error("cannot encode an empty canvas as PNG");
  png_image image = image_for(canvas);
  png_alloc_size_t size = 0;
  if (!png_image_write_get_memory_size(image, size, 0, canvas.pixels().data(), canvas.width(), nullptr)) {
    const std::string message = image.message;
    png_image_free(&image);
    throw std::runtime_error("cannot encode PNG: " + message);
  }
  std::vector<std::uint8_t> out(size);
  image = image_for(canvas);
  if (!png_image_write_to_memory(&image, out.data(), &size, 0, canvas.pixels().data(), canvas.width(), nullptr)) {
    const std::string message = image.message;
    png_image_free(&image);
    throw std::runtime_error("cannot encode PNG: " + message);
  }
  out.resize(size);
  return out;
}

void write_png(const std::string& path, const Canvas& canvas) {
  const std::vector<std::uint8_t> bytes = encode_png(canvas);
  static std::atomic<unsigned> sequence{0};
  const std::string partial = path + ".partial-" + std::to_string(::getpid()) + "-" + std::to_string(sequence++);
  const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot write " + path + ": " + errno_text(errno));
  try {
    write_all_or_throw(fd, bytes, path);
  } catch (...) {
    ::close(fd);
    ::unlink(partial.c_str());
    throw;
  }
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(partial.c_str());
    throw std::runtime_error("cannot write " + path + ": " + errno_text(error));
  }
  if (::rename(partial.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(partial.c_str());
    throw std::runtime_error("cannot write " + path + ": " + errno_text(error));
  }
}

Canvas read_png(const std::string& path) {
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, path.c_str())) {
    const std::string message = image.message;
    png_image_free(&image);
    throw std::runtime_error("cannot read PNG " + path + ": " + message);
  }
  if (static_cast<long long>(image.width) * image.height > Canvas::kMaxPixels) {
    png_image_free(&image);
    throw std::runtime_error("PNG " + path + " is too large");
  }
  image.format = PNG_FORMAT_GRAY;
  Canvas canvas(static_cast<int>(image.width), static_cast<int>(image.height));
  std::vector<std::uint8_t> buffer(PNG_IMAGE_SIZE(image));
  const png_color paper{255, 255, 255};
  if (!png_image_finish_read(&image, &paper, buffer.data(), 0, nullptr)) {
    const std::string message = image.message;
    png_image_free(&image);
    throw std::runtime_error("cannot read PNG " + path + ": " + message);
  }
  for (int y = 0; y < canvas.height(); ++y) {
    for (int x = 0; x < canvas.width(); ++x) {
      canvas.set(x, y, buffer[static_cast<std::size_t>(y) * canvas.width() + x]);
    }
  }
  return canvas;
}

}  // namespace kiosk::raster
