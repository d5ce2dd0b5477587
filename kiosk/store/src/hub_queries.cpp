// Reads the hub needs for its screens and its health check.
#include "store_impl.hpp"

namespace kiosk::store {

std::vector<Ticket> CentreStore::recent_calls(Instant now, int limit) const {
  static const std::string select = std::string("SELECT ") + tables::kTicketColumns +
                                    " FROM tickets WHERE day = ?1 AND called_at IS NOT NULL ORDER BY called_at DESC, id DESC LIMIT ?2";
  auto& st = impl_->cache(select.c_str());
  st.bind(1, static_cast<std::int64_t>(impl_->today(now).time_since_epoch().count())).bind(2, limit);
  std::vector<Ticket> out;
  while (st.step()) out.push_back(tables::read_ticket(st));
  return out;
}

CounterState CentreStore::counter_state(int number) const { return tables::load_counter(impl_->cache, number); }

bool CentreStore::writable() const {
  sql::exec(impl_->db, "BEGIN IMMEDIATE");
  sql::exec(impl_->db, "ROLLBACK");
  return true;
}

void CentreStore::set_checkpoint_on_commit(bool on) {
  sql::exec(impl_->db, on ? "PRAGMA wal_autocheckpoint = 1000" : "PRAGMA wal_autocheckpoint = 0");
}

}  // namespace kiosk::store
