// A device's message to the hub: kiosk::protocol::decode_request, then, for what decodes, the service's
// command handling on one centre database per process (the sample district catalogue, created in a
// temporary folder; a fixed clock; cheap Argon2id). Each decoded request is sent as the local operator
// (who may do everything), as a board device (which may do little) and before hello.
//
// Decoding refuses with one of the protocol's own codes and never throws; an accepted request re-encodes
// to itself. The service never throws, never answers with an internal or database error (malformed input
// gets a clear error), and a refused request leaves the log as it was. The one refusal that writes is a
// failed sign-in (staff.bad_credentials, staff.locked): every attempt is recorded by design.
#include <optional>
#include <string>

#include "fuzz_targets.hpp"
#include "kiosk/protocol/messages.hpp"
#include "kiosk/service/service.hpp"

namespace {

using nlohmann::json;
namespace protocol = kiosk::protocol;
namespace service = kiosk::service;
namespace ec = protocol::error_code;

constexpr std::string_view kTarget = "message";

void check(bool ok, std::string_view what) {
  if (!ok) kiosk::fuzz::finding(kTarget, what);
}

struct Hub {
  static service::Options options() {
    service::Options o;
    o.pin_opslimit = 1;
    o.pin_memlimit = 8192 * 1024;
    return o;
  }
  kiosk::fuzz::ScratchCentre centre{kTarget};
  service::Service service{centre.store(), options(),
                           [] { return *kiosk::parse_instant("2026-10-08T08:00", kiosk::Zone::vietnam()); }};
};

Hub& hub() {
  static Hub h;
  return h;
}

bool echoable(const json& id) {
  return id.is_number_integer() || (id.is_string() && !id.get_ref<const std::string&>().empty() &&
                                    id.get_ref<const std::string&>().size() <= protocol::kMaxIdBytes);
}

void check_decoded(const protocol::Decoded& d) {
  check(d.request.has_value() != d.error.has_value(), "decode_request gave both or neither a request and an error");
  check(d.id.is_null() || echoable(d.id), "decode_request echoes an id a reply cannot carry");
  if (d.error) {
    const std::string& code = d.error->code;
    if (code != ec::malformed && code != ec::too_large && code != ec::version && code != ec::bad_request)
      kiosk::fuzz::finding(kTarget, "decode_request refused with a code that is not the protocol's: " + code);
    check(!d.error->message.empty() && !d.error->message_vi.empty(), "a refusal without its messages");
    return;
  }
  const protocol::Request& r = *d.request;
  check(echoable(r.id) && r.id == d.id, "an accepted request has an id a reply cannot carry");
  check(!r.cmd.empty() && r.args.is_object(), "an accepted request without a command or with args not an object");
  const protocol::Decoded again = protocol::decode_request(protocol::encode_request(r.id, r.cmd, r.args));
  check(again.request && again.request->id == r.id && again.request->cmd == r.cmd && again.request->args == r.args,
        "an accepted request does not re-encode to itself");
}

void check_reply(const protocol::Request& request, const service::Reply& reply, std::int64_t seq_before) {
  kiosk::store::CentreStore& store = hub().centre.store();
  const std::string& code = reply.error.code;
  if (!reply.ok) {
    check(!code.empty() && !reply.error.message_vi.empty(), "an error reply without a code or a Vietnamese message");
    if (code == ec::internal || code == ec::unavailable)
      kiosk::fuzz::finding(kTarget, "malformed input met a " + code + " error: " + reply.error.message);
    const bool records_attempt = request.cmd == "staff.sign_in" && (code == "staff.bad_credentials" || code == "staff.locked");
    if (!records_attempt && store.last_seq() != seq_before)
      kiosk::fuzz::finding(kTarget, "refused request " + request.cmd + " (" + code + ") changed the log");
  }
  const std::string text = reply.ok ? protocol::encode_result(request.id, reply.result) : protocol::encode_error(request.id, reply.error);
  const auto m = protocol::decode_message(text);
  check(m && !m->is_push && m->ok == reply.ok && m->id == request.id && (reply.ok || m->error.code == code),
        "a reply does not decode back to itself");
  for (const std::string& follow_up : reply.follow_up) {
    const auto push = protocol::decode_message(follow_up);
    check(push && push->is_push, "a follow-up message is not a push");
  }
}

void run_as(const std::optional<service::Caller>& caller, const protocol::Request& request) {
  Hub& h = hub();
  const std::int64_t before = h.centre.store().last_seq();
  const service::Reply reply = h.service.handle_now(caller, request);
  check_reply(request, reply, before);
  for (const service::Push& p : h.service.take_pushes()) {
    check(p.text != nullptr, "a push without text");
    const auto m = protocol::decode_message(*p.text);
    check(m && m->is_push, "a push does not decode");
  }
}

}  // namespace

int fuzz_message(const std::uint8_t* data, std::size_t size) {
  using kiosk::fuzz::Outcome;
  static const service::Caller manager{"kioskctl", service::Role::manager, std::nullopt, "fuzz", true};
  static const service::Caller board{"d-fuzz", service::Role::board, std::nullopt, "bảng", false};

  const protocol::Decoded decoded = protocol::decode_request(kiosk::fuzz::as_text(data, size));
  check_decoded(decoded);
  if (!decoded.request) {
    kiosk::fuzz::note(Outcome::rejected);
    return 0;
  }
  kiosk::fuzz::note(Outcome::accepted);
  run_as(std::nullopt, *decoded.request);
  run_as(board, *decoded.request);
  run_as(manager, *decoded.request);
  return 0;
}
