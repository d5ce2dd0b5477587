#include "io.hpp"

namespace kiosk::printer {

namespace {

// Refuses every job with one reason: no printer configured, or a configuration that names none we know.
class RefusingPrinter final : public Printer {
 public:
  RefusingPrinter(std::string error, std::string error_vi) : error_(std::move(error)), error_vi_(std::move(error_vi)) {}
  PrintResult print(std::span<const std::uint8_t>) override {
    return detail::failure(PrinterState::offline, error_, error_vi_);
  }
  PrinterState status() override { return PrinterState::offline; }

 private:
  std::string error_;
  std::string error_vi_;
};

}  // namespace

std::unique_ptr<Printer> make_printer(const PrinterSpec& spec) {
  if (spec.kind == "file") return std::make_unique<FilePrinter>(spec.path, spec.timeout);
  if (spec.kind == "usb") return std::make_unique<UsbPrinter>(spec.path, spec.timeout);
  if (spec.kind == "tcp") return std::make_unique<TcpPrinter>(spec.host, spec.port, spec.timeout);
  if (spec.kind == "none" || spec.kind.empty()) {
    return std::make_unique<RefusingPrinter>("no printer configured", detail::kNotConfiguredVi);
  }
  return std::make_unique<RefusingPrinter>("unknown printer kind '" + spec.kind + "' (file, usb, tcp or none)",
                                           detail::kBadConfigVi);
}

}  // namespace kiosk::printer
