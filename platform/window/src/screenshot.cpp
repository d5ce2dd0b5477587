#include <SDL_opengl.h>
#include <png.h>

#include <cstdio>
#include <filesystem>
#include <vector>

#include "kiosk/window/window.hpp"

namespace kiosk::window {

void write_framebuffer_png(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) throw WindowError("screenshot: empty framebuffer");
  const auto stride = static_cast<std::size_t>(width) * 3;
  std::vector<unsigned char> pixels(stride * static_cast<std::size_t>(height));
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  if (glGetError() != GL_NO_ERROR) throw WindowError("screenshot: glReadPixels failed");

  // Written beside the target and renamed, so a reader never sees half a picture.
  const std::string temp = path + ".part";
  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) throw WindowError("screenshot: cannot write " + path);
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png != nullptr ? png_create_info_struct(png) : nullptr;
  if (png == nullptr || info == nullptr || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    std::fclose(file);
    std::remove(temp.c_str());
    throw WindowError("screenshot: PNG encoding failed for " + path);
  }
  png_init_io(png, file);
  png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8, PNG_COLOR_TYPE_RGB,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  // GL's rows run bottom-up.
  for (int row = height - 1; row >= 0; --row) png_write_row(png, pixels.data() + stride * static_cast<std::size_t>(row));
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  if (std::fclose(file) != 0) {
    std::remove(temp.c_str());
    throw WindowError("screenshot: cannot write " + path);
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) throw WindowError("screenshot: cannot rename to " + path + ": " + ec.message());
}

}  // namespace kiosk::window
