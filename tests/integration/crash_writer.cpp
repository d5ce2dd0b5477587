// crash_writer DB_PATH
//
// The process the power-loss test kills with SIGKILL at a random instant. It opens an initialised centre
// database and works it for ever: issues a ticket (cycling over the catalogue's services, now and then with
// a priority) and, only after issue_ticket has returned (that is, after its commit), acknowledges it on
// stdout with one line
//
//     seq ticket_id number day
//
// written with a single write(2), so the test sees a line only for a ticket whose commit has returned.
// Every few tickets it also works a counter (open, call, start, receive a dossier, finish, rate, now and
// then close), so that other event types and the counters, dossiers and ratings tables are written too;
// refusals by the rules (DomainError) are expected there, after a kill left a counter half-way, and ignored.
//
// Exit status: 2 usage, 3 store error, 4 unexpected refusal or other error. A healthy run never exits.
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "kiosk/domain/errors.hpp"
#include "kiosk/store/centre_store.hpp"

namespace {

using kiosk::Instant;
using kiosk::Priority;
using kiosk::store::Actor;
using kiosk::store::CentreStore;

Instant now() { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); }

// One write(2) for the whole line when the pipe has room; loops on short writes and EINTR otherwise.
void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::fprintf(stderr, "crash_writer: write: %s\n", std::strerror(errno));
      std::_Exit(4);
    }
    done += static_cast<std::size_t>(n);
  }
}

template <typename F>
void allowed_to_refuse(F&& f) {
  try {
    f();
  } catch (const kiosk::DomainError&) {
    // The rules said no (counter already open, nobody waiting, a kill left the counter mid-service ...).
  }
}

// Moves one counter a step further through its work; each call is its own committed operation.
void work_counter(CentreStore& store, const std::vector<int>& counters, std::uint64_t i, const Actor& actor) {
  const int counter = counters[(i / 4) % counters.size()];
  allowed_to_refuse([&] { store.open_counter(counter, now(), actor); });
  allowed_to_refuse([&] { store.call_next(counter, now(), actor); });
  allowed_to_refuse([&] {
    kiosk::Ticket t = store.start_service(counter, now(), actor);
    if (i % 3 == 0) {
      for (const auto& p : store.catalogue().procedures) {
        if (p.field != t.service) continue;
        kiosk::store::DossierIntake intake;
        intake.procedure = p.code;
        intake.ticket = t.id;
        intake.digitised = true;
        store.receive_dossier(intake, now(), actor);
        break;
      }
    }
  });
  allowed_to_refuse([&] {
    kiosk::Ticket t = store.finish_service(counter, now(), actor);
    if (i % 2 == 0) {
      kiosk::store::RatingInput r;
      r.ticket = t.id;
      r.level = static_cast<int>(i % 5) + 1;
      store.submit_rating(r, now(), actor);
    }
  });
  if (i % 40 == 39) allowed_to_refuse([&] { store.close_counter(counter, now(), actor); });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: crash_writer DB_PATH\n");
    return 2;
  }
  try {
    CentreStore store = CentreStore::open(argv[1]);
    std::vector<std::string> services;
    for (const auto& s : store.catalogue().services) services.push_back(s.code);
    std::vector<int> counters;
    for (const auto& c : store.catalogue().counters) counters.push_back(c.number);
    if (services.empty() || counters.empty()) {
      std::fprintf(stderr, "crash_writer: the catalogue has no services or no counters\n");
      return 4;
    }
    const Priority priorities[] = {Priority::elderly, Priority::disabled, Priority::pregnant, Priority::infant,
                                   Priority::veteran};
    Actor kiosk{"crash-kiosk", ""};
    Actor staff{"crash-counter", "nv01"};
    // Continue the rotation where the previous (killed) writer left it.
    for (auto i = static_cast<std::uint64_t>(store.last_seq());; ++i) {
      const std::string& service = services[i % services.size()];
      const Priority priority = i % 7 == 3 ? priorities[(i / 7) % std::size(priorities)] : Priority::none;
      const kiosk::store::IssuedTicket issued = store.issue_ticket(service, priority, now(), kiosk);
      // Committed: acknowledge it.
      write_all(STDOUT_FILENO, std::to_string(issued.seq) + ' ' + std::to_string(issued.ticket.id) + ' ' +
                                   issued.ticket.number + ' ' + kiosk::format_date(issued.ticket.day) + '\n');
      if (i % 4 == 1) work_counter(store, counters, i, staff);
    }
  } catch (const kiosk::store::StoreError& e) {
    std::fprintf(stderr, "crash_writer: store error: %s\n", e.what());
    return 3;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crash_writer: %s\n", e.what());
    return 4;
  }
}
