#pragma once

#include "kiosk/domain/events.hpp"
#include "kiosk/service/service.hpp"

namespace kiosk::service {

// What a device sees of an event: no hash, no centre, times in the centre's zone.
nlohmann::json event_view(const Event& e, const Zone& zone);
Push event_push(const Event& e, const Zone& zone, bool replay = false);
Push queue_push(const std::vector<store::ServiceQueue>& queues);
nlohmann::json queue_json(const std::vector<store::ServiceQueue>& queues);
// {"push":"device","device":{…}}: a device's reported state changed (managers).
Push device_push(const nlohmann::json& device);
// Events that may change who waits where.
bool changes_queue(const Event& e);

}  // namespace kiosk::service
