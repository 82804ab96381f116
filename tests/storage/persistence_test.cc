// The engine with a data directory: every committed transaction survives a
// reopen exactly (the whole state compares equal), refused and rolled-back
// writes leave no trace, a torn log is cut at its last whole record, a bad
// record in the middle is reported, and I/O faults (failed, short or torn
// writes and syncs) leave a directory that reopens to a committed prefix.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "inventory/engine.h"
#include "inventory/errors.h"
#include "inventory/file_system.h"
#include "support/catalog_testing.h"
#include "support/temp_dir.h"
#include "support/workload.h"

namespace inventory {
namespace {

using testutil::FrozenClock;
using testutil::IsError;
using testutil::IsOk;
using testutil::TempDir;
using testutil::Workload;

constexpr char kLog[] = "wal-00000001.log";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

class PersistenceTest : public testing::TestWithParam<Durability> {
 protected:
  Options Persistent(const std::string& dir, FileSystem* fs = nullptr) const {
    return {.clock = clock_.AsFunction(), .durability = GetParam(), .data_dir = dir, .file_system = fs};
  }
  std::unique_ptr<Engine> Open(const std::string& dir, FileSystem* fs = nullptr) const {
    absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(Persistent(dir, fs));
    EXPECT_THAT(engine, IsOk());
    return engine.ok() ? *std::move(engine) : nullptr;
  }
  // Runs `steps` workload steps, the clock moving a second each.
  void Run(Engine& engine, Workload& work, int steps) {
    for (int i = 0; i < steps; ++i) {
      clock_.Advance(absl::Seconds(1));
      work.Step(engine);
      ASSERT_TRUE(work.last_commit().ok()) << work.last_commit();
    }
  }

  FrozenClock clock_;
};

INSTANTIATE_TEST_SUITE_P(Modes, PersistenceTest, testing::Values(Durability::kFsync, Durability::kBuffered),
                         [](const testing::TestParamInfo<Durability>& info) {
                           return info.param == Durability::kFsync ? std::string("Fsync") : std::string("Buffered");
                         });

TEST_P(PersistenceTest, ReopenHasEveryCommittedTransactionAndNothingElse) {
  TempDir dir;
  Workload work(1), twin(1);
  std::unique_ptr<Engine> memory = testutil::OpenEngine({.clock = clock_.AsFunction()});
  std::string before;
  {
    std::unique_ptr<Engine> engine = Open(dir.path());
    for (int i = 0; i < 400; ++i) {
      clock_.Advance(absl::Seconds(1));
      const bool committed = work.Step(*engine);
      ASSERT_EQ(twin.Step(*memory), committed);
    }
    before = engine->DebugString();
    EXPECT_EQ(before, memory->DebugString());  // logging changes nothing in memory
    EXPECT_THAT(engine->Verify(), IsOk());
  }
  std::unique_ptr<Engine> reopened = Open(dir.path());
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(reopened->DebugString(), before);
  EXPECT_THAT(reopened->Verify(), IsOk());
  {
    Snapshot s = reopened->GetSnapshot();
    EXPECT_GT(s.ItemCount(), 10u);
    EXPECT_GT(s.ListAdjustments().size(), 50u);
  }
  // It goes on from there, and a second reopen has both sessions' work.
  Run(*reopened, work, 50);
  for (int i = 0; i < 50; ++i) twin.Step(*memory);
  const std::string after = reopened->DebugString();
  reopened.reset();
  std::unique_ptr<Engine> again = Open(dir.path());
  EXPECT_EQ(again->DebugString(), after);
}

TEST_P(PersistenceTest, RefusedWritesAndRollbacksLeaveNoTrace) {
  TempDir dir;
  std::string committed;
  {
    std::unique_ptr<Engine> engine = Open(dir.path());
    Transaction txn = engine->BeginTransaction();
    ASSERT_THAT(txn.CreateItem({.name = "Tea", .sku = "T-1"}), IsOk());
    EXPECT_THAT(txn.CreateItem({.name = "Tea again", .sku = "t-1"}), IsError(absl::StatusCode::kAlreadyExists, "sku", ApiCode::kDuplicate));
    const size_t mark = txn.SavePoint();
    ASSERT_THAT(txn.CreateItem({.name = "Coffee", .sku = "C-1"}), IsOk());
    txn.RollbackTo(mark);
    ASSERT_THAT(txn.Commit(), IsOk());
    Transaction dropped = engine->BeginTransaction();
    ASSERT_THAT(dropped.CreateItem({.name = "Milk", .sku = "M-1"}), IsOk());
    dropped.Rollback();
    committed = engine->DebugString();
  }
  std::unique_ptr<Engine> reopened = Open(dir.path());
  EXPECT_EQ(reopened->DebugString(), committed);
  Snapshot s = reopened->GetSnapshot();
  EXPECT_EQ(s.ItemCount(), 1u);
  ASSERT_NE(s.FindItemBySku("T-1"), nullptr);
  EXPECT_EQ(s.FindItemBySku("C-1"), nullptr);
  EXPECT_EQ(s.FindItemBySku("M-1"), nullptr);
  // The ids a refused or rolled-back write took are free again, as in memory.
  EXPECT_EQ(s.FindItemBySku("T-1")->id, ItemId(2));
}

TEST_P(PersistenceTest, OptionsAreChecked) {
  TempDir dir;
  EXPECT_THAT(Engine::Open({.durability = GetParam()}),
              IsError(absl::StatusCode::kInvalidArgument, "data_dir", ApiCode::kInvalidValue));
  EXPECT_THAT(Engine::Open({.data_dir = dir.path()}),
              IsError(absl::StatusCode::kInvalidArgument, "data_dir", ApiCode::kInvalidValue));
  EXPECT_THAT(Engine::Open({.durability = GetParam(), .data_dir = dir.path(), .sync_interval = absl::ZeroDuration()}),
              IsError(absl::StatusCode::kInvalidArgument, "sync_interval", ApiCode::kInvalidValue));
  { ASSERT_NE(Open(dir.path()), nullptr); }
  Options other = Persistent(dir.path());
  other.valuation = Valuation::kWeightedAverage;
  absl::StatusOr<std::unique_ptr<Engine>> refused = Engine::Open(other);
  EXPECT_THAT(refused, IsError(absl::StatusCode::kFailedPrecondition, "valuation", ApiCode::kConflict));
  EXPECT_EQ(refused.status().message(),
            "Options::valuation is weighted average but the data directory was created with fifo.");
  other = Persistent(dir.path());
  other.allow_negative_stock = true;
  EXPECT_THAT(Engine::Open(other), IsError(absl::StatusCode::kFailedPrecondition, "allow_negative_stock", ApiCode::kConflict));
  other = Persistent(dir.path());
  other.primary_location_name = "Head Office";
  EXPECT_THAT(Engine::Open(other), IsError(absl::StatusCode::kFailedPrecondition, "primary_location_name", ApiCode::kConflict));
}

TEST_P(PersistenceTest, OneProcessAtATime) {
  TempDir dir;
  std::unique_ptr<Engine> first = Open(dir.path());
  absl::StatusOr<std::unique_ptr<Engine>> second = Engine::Open(Persistent(dir.path()));
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(second.status().message(), "The data directory is in use by another process (" + dir.File("LOCK") + ").");
  first.reset();
  EXPECT_THAT(Engine::Open(Persistent(dir.path())), IsOk());
}

// The states after each logged commit of a short workload, with the log's
// length at each; [0] is the state of a fresh directory.
struct History {
  std::vector<std::string> states;
  std::vector<uint64_t> log_sizes;
  std::string log;
};

class LogDamageTest : public PersistenceTest {
 protected:
  History Record(const std::string& dir, int steps) {
    History h;
    std::unique_ptr<Engine> engine = Open(dir);
    Workload work(3);
    auto note = [&] {
      const uint64_t size = std::filesystem::file_size(dir + "/" + kLog);
      if (!h.log_sizes.empty() && size == h.log_sizes.back()) {
        // Every write of the transaction was refused: nothing to log.
        EXPECT_EQ(engine->DebugString(), h.states.back());
        return;
      }
      h.states.push_back(engine->DebugString());
      h.log_sizes.push_back(size);
    };
    note();
    for (int i = 0; i < steps; ++i) {
      clock_.Advance(absl::Seconds(1));
      if (work.Step(*engine)) note();
    }
    engine.reset();
    h.log = ReadAll(dir + "/" + kLog);
    return h;
  }
};

INSTANTIATE_TEST_SUITE_P(Modes, LogDamageTest, testing::Values(Durability::kFsync));

TEST_P(LogDamageTest, TruncationAtEveryOffsetReopensToTheLastWholeTransaction) {
  TempDir source;
  const History h = Record(source.path(), 20);
  ASSERT_GE(h.states.size(), 8u);
  ASSERT_EQ(h.log.size(), h.log_sizes.back());
  for (size_t cut = 0; cut <= h.log.size(); ++cut) {
    TempDir dir;
    WriteAll(dir.File(kLog), h.log.substr(0, cut));
    size_t whole = 0;  // transactions wholly inside the first `cut` bytes
    while (whole + 1 < h.log_sizes.size() && h.log_sizes[whole + 1] <= cut) ++whole;
    std::unique_ptr<Engine> engine = Open(dir.path());
    ASSERT_NE(engine, nullptr) << "cut at " << cut;
    ASSERT_EQ(engine->DebugString(), h.states[whole]) << "cut at " << cut;
    // The torn tail is gone from the file, so later commits follow whole records.
    EXPECT_EQ(std::filesystem::file_size(dir.File(kLog)), cut < h.log_sizes[0] ? h.log_sizes[0] : h.log_sizes[whole]);
  }
}

TEST_P(LogDamageTest, AFlippedByteInAMiddleRecordIsDataLossWithItsOffset) {
  TempDir source;
  const History h = Record(source.path(), 12);
  ASSERT_GE(h.log_sizes.size(), 4u);
  const uint64_t record = h.log_sizes[1];  // the second transaction's record
  TempDir dir;
  std::string bad = h.log;
  bad[record + 20] ^= 0x40;
  WriteAll(dir.File(kLog), bad);
  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(Persistent(dir.path()));
  EXPECT_EQ(engine.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(engine.status().message(),
            dir.File(kLog) + ": The log is corrupt at offset " + std::to_string(record) +
                ": a bad record is followed by good ones (at offset " + std::to_string(h.log_sizes[2]) + ").");
  // The same flip in the last record is a torn tail: cut, the rest kept.
  TempDir tail;
  bad = h.log;
  bad[h.log_sizes[h.log_sizes.size() - 2] + 20] ^= 0x40;
  WriteAll(tail.File(kLog), bad);
  std::unique_ptr<Engine> reopened = Open(tail.path());
  EXPECT_EQ(reopened->DebugString(), h.states[h.states.size() - 2]);
}

// Fails, shortens or tears the nth write or sync after the directory is
// set up, while the workload runs; then reopens through the real file
// system and expects a committed prefix.
struct FaultCase {
  FaultPoint point;
  Fault fault;
  int nth;
};

class FaultTest : public PersistenceTest {};
INSTANTIATE_TEST_SUITE_P(Modes, FaultTest, testing::Values(Durability::kFsync, Durability::kBuffered));

TEST_P(FaultTest, AFaultedCommitIsReportedAndTheDirectoryReopensToACommittedPrefix) {
  const FaultPoint points[] = {FaultPoint::kWrite, FaultPoint::kSync};
  const Fault faults[] = {Fault::kFail, Fault::kShort, Fault::kTear};
  for (FaultPoint point : points) {
    for (Fault fault : faults) {
      if (point == FaultPoint::kSync && fault == Fault::kShort) continue;
      if (point == FaultPoint::kSync && GetParam() == Durability::kBuffered) continue;  // synced by a timer
      for (int nth : {1, 2, 5}) {
        SCOPED_TRACE(testing::Message() << "point " << static_cast<int>(point) << " fault " << static_cast<int>(fault)
                                        << " nth " << nth);
        TempDir dir;
        FaultInjectingFileSystem fs(PosixFileSystem());
        std::vector<std::string> acknowledged;  // the state after each acknowledged commit
        std::string failed_state;               // with the commit whose sync failed
        {
          std::unique_ptr<Engine> engine = Open(dir.path(), &fs);
          acknowledged.push_back(engine->DebugString());
          fs.Arm(point, nth, fault);
          Workload work(5);
          for (int i = 0; i < 40; ++i) {
            clock_.Advance(absl::Seconds(1));
            const std::string state_before = engine->DebugString();
            const bool committed = work.Step(*engine);
            if (committed) {
              acknowledged.push_back(engine->DebugString());
              continue;
            }
            if (work.last_commit().ok()) continue;  // a rollback by design
            // Reported. A failed write rolled the transaction back; a failed
            // sync leaves it applied, durable or not.
            if (point == FaultPoint::kWrite) {
              EXPECT_EQ(engine->DebugString(), state_before);
            } else {
              failed_state = engine->DebugString();
            }
            // Every later write is refused until the engine is reopened.
            Transaction txn = engine->BeginTransaction();
            absl::StatusOr<const Item*> refused = txn.CreateItem({.name = "After", .sku = "AFTER"});
            EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
            EXPECT_TRUE(absl::StartsWith(refused.status().message(), "The data directory's log failed (injected fault"))
                << refused.status();
            break;
          }
          EXPECT_TRUE(fs.fired());
        }
        std::unique_ptr<Engine> reopened = Open(dir.path());
        ASSERT_NE(reopened, nullptr);
        const std::string state = reopened->DebugString();
        EXPECT_THAT(reopened->Verify(), IsOk());
        if (fault == Fault::kTear) {
          // Power was lost: the commits after it were acknowledged but never
          // reached the disk. What is there is a prefix of them.
          EXPECT_NE(std::find(acknowledged.begin(), acknowledged.end(), state), acknowledged.end());
        } else {
          // Every acknowledged commit is there; the failed one only if its
          // record was whole (a failed sync).
          EXPECT_TRUE(state == acknowledged.back() || (!failed_state.empty() && state == failed_state));
        }
      }
    }
  }
}

TEST_P(FaultTest, AFaultWhileCreatingTheDirectoryFailsOpenAndLeavesItUsable) {
  for (FaultPoint point : {FaultPoint::kWrite, FaultPoint::kSync}) {
    for (Fault fault : {Fault::kFail, Fault::kTear}) {
      TempDir dir;
      FaultInjectingFileSystem fs(PosixFileSystem());
      fs.Arm(point, 1, fault);
      absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(Persistent(dir.path(), &fs));
      if (fault == Fault::kFail) EXPECT_EQ(engine.status().code(), absl::StatusCode::kInternal);
      engine = absl::InternalError("closed");
      std::unique_ptr<Engine> reopened = Open(dir.path());
      ASSERT_NE(reopened, nullptr);
      EXPECT_EQ(reopened->GetSnapshot().ListLocations().size(), 1u);
    }
  }
}

}  // namespace
}  // namespace inventory
