// An exported event (docs/events.md) read back: nlohmann::json::parse may refuse the text (parse_error, or
// out_of_range.406 for a number beyond a double), event_from_json may refuse the document (EventError);
// nothing else may come out. An accepted event must survive the way back: to_json, event_from_json again,
// the same canonical bytes and the same chain hash.
#include "fuzz_targets.hpp"
#include "kiosk/domain/events.hpp"

namespace {

constexpr std::string_view kTarget = "event_json";

void check(bool ok, std::string_view what) {
  if (!ok) kiosk::fuzz::finding(kTarget, what);
}

}  // namespace

int fuzz_event_json(const std::uint8_t* data, std::size_t size) {
  using kiosk::fuzz::Outcome;
  using nlohmann::json;
  const std::string_view text = kiosk::fuzz::as_text(data, size);
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error&) {
    kiosk::fuzz::note(Outcome::rejected);
    return 0;
  } catch (const json::out_of_range& e) {
    if (e.id != 406) throw;
    kiosk::fuzz::note(Outcome::rejected);
    return 0;
  }

  kiosk::Event event;
  try {
    event = kiosk::event_from_json(doc);
  } catch (const kiosk::EventError& e) {
    check(std::string_view(e.what()).size() > 0, "EventError without a message");
    kiosk::fuzz::note(Outcome::rejected);
    return 0;
  }
  kiosk::fuzz::note(Outcome::accepted);
  check(event.seq >= 1, "accepted a sequence below 1");

  // The parser accepted only valid UTF-8, so the canonical form exists.
  std::string bytes;
  try {
    bytes = kiosk::canonical_bytes(event);
  } catch (const kiosk::EventError& e) {
    kiosk::fuzz::finding(kTarget, std::string("accepted event has no canonical bytes: ") + e.what());
  }
  const kiosk::Hash hash = kiosk::chain_hash(kiosk::Hash{}, event);

  kiosk::Event again;
  try {
    again = kiosk::event_from_json(kiosk::to_json(event));
  } catch (const kiosk::EventError& e) {
    kiosk::fuzz::finding(kTarget, std::string("to_json of an accepted event is refused: ") + e.what());
  }
  check(kiosk::canonical_bytes(again) == bytes, "canonical bytes change across to_json / event_from_json");
  check(again.hash == event.hash, "hash changes across to_json / event_from_json");
  check(kiosk::chain_hash(kiosk::Hash{}, again) == hash, "chain hash changes across to_json / event_from_json");
  return 0;
}
