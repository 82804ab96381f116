// The data directory's log (storage/wal.h) on its own: durability as
// WaitDurable reports it, the size limit of a record.
#include "storage/wal.h"

#include <gtest/gtest.h>

#include <string>

#include "inventory/file_system.h"
#include "support/temp_dir.h"

namespace inventory::internal {
namespace {

using testutil::TempDir;

// From a review: a record that an earlier sync covered is durable even if a
// later sync failed before its committer asked.
TEST(WalTest, ARecordSyncedBeforeALaterFailureIsReportedDurable) {
  TempDir dir;
  FaultInjectingFileSystem fs(PosixFileSystem());
  Recovered recovered;
  absl::StatusOr<std::unique_ptr<Wal>> wal =
      Wal::Open({.dir = dir.path(), .fs = &fs, .durability = Durability::kFsync}, &recovered);
  ASSERT_TRUE(wal.ok()) << wal.status();
  ASSERT_TRUE((*wal)->Append(LogRecordType::kSettings, "s").ok());
  absl::StatusOr<uint64_t> first = (*wal)->Append(LogRecordType::kTransaction, "t1");
  absl::StatusOr<uint64_t> second = (*wal)->Append(LogRecordType::kTransaction, "t2");
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE((*wal)->WaitDurable(*second).ok());  // covers t1 too
  absl::StatusOr<uint64_t> third = (*wal)->Append(LogRecordType::kTransaction, "t3");
  ASSERT_TRUE(third.ok());
  fs.Arm(FaultPoint::kSync, 1, Fault::kFail);
  absl::Status failed = (*wal)->WaitDurable(*third);
  EXPECT_EQ(failed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE((*wal)->WaitDurable(*first).ok());  // t1's committer was slow to ask
  EXPECT_EQ((*wal)->WaitDurable(*third).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE((*wal)->healthy());
}

TEST(WalTest, ARecordOverTheLimitIsRefusedAndTheLogGoesOn) {
  TempDir dir;
  Recovered recovered;
  absl::StatusOr<std::unique_ptr<Wal>> wal =
      Wal::Open({.dir = dir.path(), .fs = PosixFileSystem(), .durability = Durability::kBuffered}, &recovered);
  ASSERT_TRUE(wal.ok()) << wal.status();
  // A view over more bytes than the limit, without allocating them: the
  // size is checked before anything is read.
  const std::string_view huge(static_cast<const char*>(nullptr) + 1, size_t{kMaxLogPayload} + 1);
  absl::StatusOr<uint64_t> refused = (*wal)->Append(LogRecordType::kTransaction, huge);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE((*wal)->healthy());
  EXPECT_TRUE((*wal)->Append(LogRecordType::kTransaction, "small").ok());
}

}  // namespace
}  // namespace inventory::internal
