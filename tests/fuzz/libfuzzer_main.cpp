// The libFuzzer entry point of one target, chosen at compile time (KIOSK_FUZZ_TARGET=fuzz_<name>).
#include "fuzz_targets.hpp"

#ifndef KIOSK_FUZZ_TARGET
#error "KIOSK_FUZZ_TARGET must name the target function"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return KIOSK_FUZZ_TARGET(data, size);
}
