// The log's record framing: round trips, a torn or zero-filled tail cut at
// the last whole record (truncation at every byte offset), corruption in the
// middle reported as kDataLoss with its offset, and the data directory's log
// (Wal) refusing to go on after a failed write or sync (through the
// fault-injecting file system).
#include "storage/log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "storage/file.h"
#include "storage/wal.h"

namespace inventory::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> Payloads(const LogScan& scan) {
  std::vector<std::string> out;
  for (const LogRecord& r : scan.records) out.emplace_back(r.payload);
  return out;
}

// Three records: "alpha", "" and 300 bytes.
std::string SmallLog(std::vector<size_t>* ends = nullptr) {
  std::string log;
  for (const std::string& p : {std::string("alpha"), std::string(), std::string(300, 'x')}) {
    log += EncodeLogRecord(LogRecordType::kTransaction, p);
    if (ends) ends->push_back(log.size());
  }
  return log;
}

TEST(LogTest, RecordsRoundTripWithTheirOffsets) {
  std::vector<size_t> ends;
  const std::string log = SmallLog(&ends);
  EXPECT_EQ(log.size(), 3 * kLogHeaderSize + 5 + 300);
  auto scan = ScanLog(log);
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_THAT(Payloads(*scan), ElementsAre("alpha", "", std::string(300, 'x')));
  EXPECT_EQ(scan->records[1].offset, ends[0]);
  EXPECT_EQ(scan->records[2].offset, ends[1]);
  EXPECT_EQ(scan->valid_size, log.size());
  EXPECT_EQ(ScanLog("")->records.size(), 0u);
}

TEST(LogTest, TruncationAtEveryOffsetKeepsTheWholeRecordsBeforeIt) {
  std::vector<size_t> ends;
  const std::string log = SmallLog(&ends);
  for (size_t cut = 0; cut <= log.size(); ++cut) {
    auto scan = ScanLog(std::string_view(log).substr(0, cut));
    ASSERT_TRUE(scan.ok()) << "cut at " << cut << ": " << scan.status();
    size_t whole = 0;
    while (whole < ends.size() && ends[whole] <= cut) ++whole;
    EXPECT_EQ(scan->records.size(), whole) << "cut at " << cut;
    EXPECT_EQ(scan->valid_size, whole == 0 ? 0 : ends[whole - 1]) << "cut at " << cut;
  }
}

TEST(LogTest, AZeroFilledTailIsCutOff) {
  std::vector<size_t> ends;
  const std::string log = SmallLog(&ends) + std::string(4096, '\0');
  auto scan = ScanLog(log);
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_EQ(scan->records.size(), 3u);
  EXPECT_EQ(scan->valid_size, ends[2]);
}

TEST(LogTest, AFlippedByteInAMiddleRecordIsDataLossWithItsOffset) {
  std::vector<size_t> ends;
  std::string log = SmallLog(&ends);
  log[ends[0] + 9] ^= 0x01;  // the second record's type byte
  auto scan = ScanLog(log);
  EXPECT_EQ(scan.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(scan.status().message(),
            "The log is corrupt at offset 19: a bad record is followed by good ones (at offset 33).");
  // Every byte of the first two records, flipped, is caught the same way.
  const std::string good = SmallLog();
  for (size_t at = 0; at < ends[1]; ++at) {
    std::string bad = good;
    bad[at] ^= 0x40;
    auto s = ScanLog(bad);
    EXPECT_EQ(s.status().code(), absl::StatusCode::kDataLoss) << "byte " << at;
  }
}

// A torn last record whose partial payload happens to hold a whole record
// (user data can) is still a torn tail: its checked header says it runs past
// the end of the file, so its payload is not searched.
TEST(LogTest, ATornRecordWhosePayloadHoldsARecordIsStillATornTail) {
  const std::string first = EncodeLogRecord(LogRecordType::kTransaction, "first");
  const std::string inner = EncodeLogRecord(LogRecordType::kTransaction, "inner");
  const std::string outer = EncodeLogRecord(LogRecordType::kTransaction, "xx" + inner + std::string(60, 'z'));
  const std::string log = first + outer.substr(0, outer.size() - 50);
  auto scan = ScanLog(log);
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_EQ(scan->records.size(), 1u);
  EXPECT_EQ(scan->valid_size, first.size());
}

// A corrupt length in a middle record cannot hide the records after it.
TEST(LogTest, ACorruptLengthInAMiddleRecordIsDataLoss) {
  std::vector<size_t> ends;
  std::string log = SmallLog(&ends);
  log[ends[0] + 7] = '\x7f';  // the second record now claims 2 GB
  EXPECT_EQ(ScanLog(log).status().code(), absl::StatusCode::kDataLoss);
}

TEST(LogTest, AFlippedByteInTheLastRecordLooksLikeATornTail) {
  std::vector<size_t> ends;
  std::string log = SmallLog(&ends);
  log[ends[1] + kLogHeaderSize + 7] ^= 0x01;
  auto scan = ScanLog(log);
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_EQ(scan->records.size(), 2u);
  EXPECT_EQ(scan->valid_size, ends[1]);
}

class LogFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = ::testing::TempDir() + "inventory-log-XXXXXX";
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    path_ = dir_ + "/" + LogName(1);
  }
  void TearDown() override {
    (void)PosixFileSystem()->Remove(path_);
    (void)PosixFileSystem()->Remove(dir_ + "/LOCK");
    ::rmdir(dir_.c_str());
  }
  // The directory's log, written at once by each Append (kBuffered), with
  // no settings record: only what a test appends.
  std::unique_ptr<Wal> Open(FileSystem* fs) {
    Recovered recovered;
    auto wal = Wal::Open({.dir = dir_, .fs = fs, .durability = Durability::kBuffered}, &recovered);
    EXPECT_TRUE(wal.ok()) << wal.status();
    return wal.ok() ? std::move(*wal) : nullptr;
  }
  // The log's records, as views of bytes_ (valid until the next Read).
  LogScan Read() {
    auto bytes = PosixFileSystem()->ReadFile(path_);
    EXPECT_TRUE(bytes.ok()) << bytes.status();
    bytes_ = bytes.ok() ? std::move(*bytes) : std::string();
    auto scan = ScanLog(bytes_);
    EXPECT_TRUE(scan.ok()) << scan.status();
    return scan.ok() ? *scan : LogScan();
  }

  std::string dir_, path_;
  std::string bytes_;
};

TEST_F(LogFileTest, WrittenAndSyncedRecordsReadBack) {
  std::unique_ptr<Wal> log = Open(PosixFileSystem());
  ASSERT_TRUE(log->Append(LogRecordType::kTransaction, "one").ok());
  absl::StatusOr<uint64_t> end = log->Append(LogRecordType::kTransaction, "two");
  ASSERT_TRUE(end.ok());
  ASSERT_TRUE(log->WaitDurable(*end).ok());
  EXPECT_EQ(log->log_size(), 2 * (kLogHeaderSize + 3));
  EXPECT_THAT(Payloads(Read()), ElementsAre("one", "two"));
}

TEST_F(LogFileTest, AfterAFailedWriteOrSyncTheWriterRefusesEverything) {
  FaultInjectingFileSystem fs(PosixFileSystem());
  for (auto [point, fault] : {std::pair{FaultPoint::kWrite, Fault::kFail}, std::pair{FaultPoint::kWrite, Fault::kShort},
                              std::pair{FaultPoint::kSync, Fault::kFail}}) {
    ASSERT_TRUE(PosixFileSystem()->Remove(path_).ok());
    std::unique_ptr<Wal> log = Open(&fs);
    absl::StatusOr<uint64_t> kept = log->Append(LogRecordType::kTransaction, "kept");
    ASSERT_TRUE(kept.ok());
    fs.Arm(point, 1, fault);
    absl::StatusOr<uint64_t> lost = log->Append(LogRecordType::kTransaction, "lost");
    absl::Status first = lost.ok() ? log->WaitDurable(*lost) : lost.status();
    EXPECT_TRUE(fs.fired());
    EXPECT_THAT(std::string(first.message()), HasSubstr("injected fault"));
    // Sticky: nothing more is written; every later call returns the first
    // error (as "the log failed (<it>)").
    const absl::Status broken = log->broken();
    EXPECT_THAT(std::string(broken.message()), HasSubstr(std::string(first.message())));
    EXPECT_EQ(log->Append(LogRecordType::kTransaction, "after").status(), broken);
    EXPECT_EQ(log->WaitDurable(*kept + 1), broken);
    // What reached the file reads back as the records before the fault
    // (a short write leaves a torn tail, which is cut), or all of them when
    // only the sync failed.
    std::vector<std::string> expected{"kept"};
    if (point == FaultPoint::kSync) expected.push_back("lost");
    EXPECT_EQ(Payloads(Read()), expected);
  }
}

TEST_F(LogFileTest, ATornWriteLeavesATailThatIsCutOnRead) {
  FaultInjectingFileSystem fs(PosixFileSystem());
  std::unique_ptr<Wal> log = Open(&fs);
  ASSERT_TRUE(log->Append(LogRecordType::kTransaction, "kept").ok());
  fs.Arm(FaultPoint::kWrite, 1, Fault::kTear);
  ASSERT_TRUE(log->Append(LogRecordType::kTransaction, std::string(100, 'y')).ok());  // power lost mid-write
  absl::StatusOr<uint64_t> after = log->Append(LogRecordType::kTransaction, "after");  // dropped: the machine is down
  ASSERT_TRUE(after.ok());
  ASSERT_TRUE(log->WaitDurable(*after).ok());
  EXPECT_TRUE(fs.crashed());
  LogScan scan = Read();
  EXPECT_THAT(Payloads(scan), ElementsAre("kept"));
  EXPECT_EQ(scan.valid_size, kLogHeaderSize + 4);
  ASSERT_TRUE(PosixFileSystem()->Truncate(path_, scan.valid_size).ok());
  EXPECT_EQ(PosixFileSystem()->ReadFile(path_)->size(), kLogHeaderSize + 4);
}

// kFsync's log file (O_DIRECT on a file system that has it): each append
// rewrites the partial block before it, so appends of every size, across
// block boundaries, zero-filling ahead and reopenings in mid-block read
// back as written, followed only by zeros.
TEST_F(LogFileTest, ASyncedAppendableFileReadsBackEveryAppend) {
  FileSystem* posix = PosixFileSystem();
  std::string expected;
  uint64_t seed = 1;
  for (int opening = 0; opening < 3; ++opening) {
    auto file = posix->OpenSyncedAppendable(path_);
    ASSERT_TRUE(file.ok()) << file.status();
    if (opening == 1) {
      ASSERT_TRUE((*file)->Preallocate(3 * 4096 + 7).ok());
    }
    for (size_t size : {size_t{1}, size_t{59}, size_t{4096}, size_t{4095}, size_t{0}, size_t{5000}, size_t{12289}}) {
      std::string data(size, '\0');
      for (char& c : data) c = static_cast<char>('a' + (seed = seed * 6364136223846793005u + 1) % 26);
      ASSERT_TRUE((*file)->Append(data).ok());
      expected += data;
      ASSERT_TRUE((*file)->Sync().ok());
      auto bytes = posix->ReadFile(path_);
      ASSERT_TRUE(bytes.ok()) << bytes.status();
      ASSERT_GE(bytes->size(), expected.size());
      EXPECT_EQ(bytes->substr(0, expected.size()), expected);
      EXPECT_EQ(bytes->find_first_not_of('\0', expected.size()), std::string::npos);
    }
    ASSERT_TRUE((*file)->Close().ok());
    // As recovery does: cut the zeros after the last append.
    ASSERT_TRUE(posix->Truncate(path_, expected.size()).ok());
  }
}

TEST_F(LogFileTest, ASecondLockOnTheDirectoryIsRefused) {
  auto first = PosixFileSystem()->Lock(dir_ + "/LOCK");
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = PosixFileSystem()->Lock(dir_ + "/LOCK");
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(second.status().message()), HasSubstr("in use by another engine"));
  first->reset();
  EXPECT_TRUE(PosixFileSystem()->Lock(dir_ + "/LOCK").ok());
}

// Snapshots are published by WriteFileAtomically: whatever fails, the old
// file stays whole, and no temporary file is left behind.
TEST_F(LogFileTest, AnAtomicWriteLeavesTheOldFileOrTheNewOneWhole) {
  FileSystem* posix = PosixFileSystem();
  ASSERT_TRUE(WriteFileAtomically(*posix, dir_, "snap", "old contents").ok());
  EXPECT_EQ(*posix->ReadFile(dir_ + "/snap"), "old contents");
  FaultInjectingFileSystem fs(posix);
  struct Case {
    FaultPoint point;
    Fault fault;
  };
  for (const Case& c : {Case{FaultPoint::kWrite, Fault::kFail}, Case{FaultPoint::kWrite, Fault::kShort},
                        Case{FaultPoint::kSync, Fault::kFail}, Case{FaultPoint::kRename, Fault::kFail}}) {
    fs.Arm(c.point, 1, c.fault);
    absl::Status s = WriteFileAtomically(fs, dir_, "snap", "new contents");
    EXPECT_THAT(std::string(s.message()), HasSubstr("injected fault"));
    EXPECT_EQ(*posix->ReadFile(dir_ + "/snap"), "old contents");
    EXPECT_EQ(posix->ReadFile(dir_ + "/snap.tmp").status().code(), absl::StatusCode::kNotFound);
  }
  // Power lost half way through writing: the old file is still whole.
  fs.Arm(FaultPoint::kWrite, 1, Fault::kTear);
  EXPECT_TRUE(WriteFileAtomically(fs, dir_, "snap", "new contents").ok());
  EXPECT_EQ(*posix->ReadFile(dir_ + "/snap"), "old contents");
  // The next writer clears the torn temporary file and succeeds.
  fs.Disarm();
  FaultInjectingFileSystem after(posix);
  ASSERT_TRUE(WriteFileAtomically(after, dir_, "snap", "new contents").ok());
  EXPECT_EQ(*posix->ReadFile(dir_ + "/snap"), "new contents");
  EXPECT_EQ(posix->ReadFile(dir_ + "/snap.tmp").status().code(), absl::StatusCode::kNotFound);
  (void)posix->Remove(dir_ + "/snap");
}

}  // namespace
}  // namespace inventory::internal
