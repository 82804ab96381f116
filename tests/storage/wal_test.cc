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

TEST(WalTest, ASnapshotIsWrittenInRecordsAndReadBackWhole) {
  TempDir dir;
  std::string image;
  for (int i = 0; i < 1000; ++i) image += "piece " + std::to_string(i) + ";";
  {
    Recovered recovered;
    absl::StatusOr<std::unique_ptr<Wal>> wal = Wal::Open(
        {.dir = dir.path(), .fs = PosixFileSystem(), .durability = Durability::kFsync, .snapshot_record_bytes = 100},
        &recovered);
    ASSERT_TRUE(wal.ok()) << wal.status();
    ASSERT_TRUE((*wal)->Append(LogRecordType::kSettings, "s").ok());
    absl::StatusOr<uint32_t> next = (*wal)->StartLog("s");
    ASSERT_TRUE(next.ok());
    ASSERT_TRUE((*wal)->WriteSnapshot(*next, image).ok());
    EXPECT_TRUE((*wal)->HasSnapshot(*next));
  }
  absl::StatusOr<std::string> file = PosixFileSystem()->ReadFile(dir.path() + "/" + SnapshotName(2));
  ASSERT_TRUE(file.ok());
  absl::StatusOr<LogScan> scan = ScanLog(*file);
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(scan->records.size(), (image.size() + 99) / 100);
  Recovered recovered;
  absl::StatusOr<std::unique_ptr<Wal>> wal =
      Wal::Open({.dir = dir.path(), .fs = PosixFileSystem(), .durability = Durability::kFsync}, &recovered);
  ASSERT_TRUE(wal.ok()) << wal.status();
  ASSERT_TRUE(recovered.snapshot.has_value());
  EXPECT_EQ(*recovered.snapshot, image);
  EXPECT_EQ(recovered.snapshot_name, SnapshotName(2));
  ASSERT_EQ(recovered.logs.size(), 1u);
  EXPECT_EQ(recovered.logs[0].name, LogName(2));
}

}  // namespace
}  // namespace inventory::internal
