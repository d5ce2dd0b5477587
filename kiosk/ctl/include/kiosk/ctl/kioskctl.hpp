// kioskctl: the operators' and scripts' command line. Its commands, options, outputs and exit codes are a
// contract (docs/kioskctl.md): the province's scripts call it.
#pragma once

#include <iosfwd>

namespace kiosk::ctl {

enum ExitCode : int {
  ok = 0,
  refused = 1,       // the rules refused the operation, or the input data is invalid; nothing changed
  usage = 2,         // bad command line
  store_failure = 3, // the database could not be read or written
  verify_failed = 4, // integrity or chain check failed
  hub_unreachable = 5, // --hub: no connection, or no reply in time
};

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace kiosk::ctl
