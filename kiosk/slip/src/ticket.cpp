#include "column.hpp"
#include "kiosk/slip/slip.hpp"

namespace kiosk::slip {

namespace {

constexpr int kMargin = 20;
constexpr int kCentreSize = 28;
constexpr int kServiceSize = 36;
constexpr int kLabelSize = 26;
constexpr int kDetailSize = 26;
constexpr int kPrioritySize = 30;
// Ink height of the number: about 19 mm at 203 dpi, readable from the waiting seats when the number is
// called and the citizen checks the slip.
constexpr int kNumberInkHeight = 150;
constexpr int kQrModule = 6;

}  // namespace

raster::Canvas render_ticket(const TicketSlip& ticket, const SlipFonts& fonts, const SlipLabels& labels, int width_px) {
  detail::Column column(width_px, kMargin);
  column.gap(24);
  column.centred(fonts.bold, kCentreSize, ticket.centre_name);
  column.gap(12);
  column.rule(3, column.content_width());
  column.gap(16);
  column.centred(fonts.regular, kServiceSize, ticket.service_name);
  column.gap(16);
  column.centred(fonts.regular, kLabelSize, labels.number);
  column.gap(14);
  column.headline(fonts.bold, kNumberInkHeight, ticket.number);
  column.gap(24);
  if (!ticket.priority_label.empty()) {
    column.centred(fonts.bold, kPrioritySize, ticket.priority_label);
    column.gap(8);
  }
  column.rule(1, column.content_width() * 2 / 3);
  column.gap(12);
  if (!ticket.issued_at.empty()) column.centred(fonts.regular, kDetailSize, labels.issued_at + ": " + ticket.issued_at);
  if (ticket.people_ahead >= 0) {
    column.centred(fonts.regular, kDetailSize, labels.people_ahead + ": " + std::to_string(ticket.people_ahead));
  }
  if (ticket.estimated_wait_minutes >= 0) {
    column.centred(fonts.regular, kDetailSize, labels.estimated_wait + ": " + std::to_string(ticket.estimated_wait_minutes) + " " + labels.minutes);
  }
  if (!ticket.qr_payload.empty()) {
    column.gap(12);
    column.qr(ticket.qr_payload, kQrModule);
  }
  column.gap(12);
  column.centred(fonts.regular, kDetailSize, ticket.footer);
  // Room below the last line for the cutter: the printer cuts a few millimetres above the print head.
  return column.finish(32);
}

}  // namespace kiosk::slip
