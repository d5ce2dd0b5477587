// The hub's checkpointer: with checkpoints off the commit path, the log still reaches the database file.
#include "fixture.hpp"
#include "kiosk/store/checkpointer.hpp"

namespace kiosk::store::testing {
namespace {

TEST_F(CentreTest, ACheckpointerBesideTheWriterEmptiesTheLogIntoTheDatabase) {
  c().set_checkpoint_on_commit(false);
  for (int i = 0; i < 300; ++i) c().issue_ticket("GPLX", Priority::none, at("2026-10-08T08:00"), {"kiosk", ""});
  WalCheckpointer wal(db_path);
  auto first = wal.run();
  EXPECT_GT(first.log_frames, 0);
  EXPECT_EQ(first.checkpointed_frames, first.log_frames);
  // The writer goes on while the checkpointer holds its own connection, and nothing is lost.
  c().issue_ticket("GPLX", Priority::none, at("2026-10-08T08:01"), {"kiosk", ""});
  wal.run();
  centre.reset();
  auto reopened = CentreStore::open(db_path);
  EXPECT_EQ(reopened.queue_status(at("2026-10-08T08:02")).front().waiting, 301);
  EXPECT_TRUE(reopened.verify().ok());
}

}  // namespace
}  // namespace kiosk::store::testing
