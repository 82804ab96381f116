// The engine with a data directory: every committed transaction survives a
// reopen exactly (the whole state compares equal), refused and rolled-back
// writes leave no trace, a torn log is cut at its last whole record, a bad
// record in the middle is reported, and I/O faults (failed, short or torn
// writes and syncs) leave a directory that reopens to a committed prefix.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "boost/json.hpp"
#include "inventory/engine.h"
#include "inventory/errors.h"
#include "inventory/file_system.h"
#include "storage/log.h"
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

// The length of a log's whole records (the file may go on with zeros).
uint64_t LogLength(const std::string& path) {
  absl::StatusOr<internal::LogScan> scan = internal::ScanLog(ReadAll(path));
  return scan.ok() ? scan->valid_size : 0;
}

void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Compares two DebugStrings; on a difference, shows where, briefly.
testing::AssertionResult SameState(const std::string& a, const std::string& b) {
  if (a == b) return testing::AssertionSuccess();
  size_t at = 0;
  while (at < a.size() && at < b.size() && a[at] == b[at]) ++at;
  const size_t from = at < 40 ? 0 : at - 40;
  return testing::AssertionFailure() << "states differ at byte " << at << " of " << a.size() << " / " << b.size()
                                     << ":\n  " << testing::PrintToString(a.substr(from, 120)) << "\n  "
                                     << testing::PrintToString(b.substr(from, 120));
}

// The export of an in-memory engine that ran `steps` workload steps.
std::string ExportOfWorkload(const FrozenClock& clock, uint64_t seed, int steps) {
  std::unique_ptr<Engine> source = testutil::OpenEngine({.clock = clock.AsFunction()});
  Workload work(seed);
  for (int i = 0; i < steps; ++i) work.Step(*source);
  return source->Export();
}

std::vector<std::string> Files(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
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
  // Opens `dir`, runs `steps` steps of a workload of `seed` (then a
  // checkpoint if asked), closes it and returns its state.
  std::string Populate(const std::string& dir, uint64_t seed, int steps, bool checkpoint = false) {
    std::unique_ptr<Engine> engine = Open(dir);
    Workload work(seed);
    Run(*engine, work, steps);
    if (checkpoint) {
      EXPECT_THAT(engine->Checkpoint(), IsOk());
    }
    return engine->DebugString();
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
    EXPECT_TRUE(SameState(before, memory->DebugString()));  // logging changes nothing in memory
    EXPECT_THAT(engine->Verify(), IsOk());
  }
  std::unique_ptr<Engine> reopened = Open(dir.path());
  ASSERT_NE(reopened, nullptr);
  EXPECT_TRUE(SameState(reopened->DebugString(), before));
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
  EXPECT_TRUE(SameState(again->DebugString(), after));
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
  EXPECT_TRUE(SameState(reopened->DebugString(), committed));
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
  EXPECT_THAT(Engine::Open({.durability = GetParam(), .data_dir = dir.path(), .sync_interval = absl::InfiniteDuration()}),
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
  EXPECT_EQ(second.status().message(), "The data directory is in use by another engine (" + dir.File("LOCK") + ").");
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
      const uint64_t size = LogLength(dir + "/" + kLog);
      if (!h.log_sizes.empty() && size == h.log_sizes.back()) {
        // Every write of the transaction was refused: nothing to log.
        EXPECT_TRUE(SameState(engine->DebugString(), h.states.back()));
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
    h.log = ReadAll(dir + "/" + kLog).substr(0, h.log_sizes.back());
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
    ASSERT_TRUE(SameState(engine->DebugString(), h.states[whole])) << "cut at " << cut;
    // The torn tail is gone from the file, so later commits follow whole
    // records (after it, the log may hold preallocated zeros).
    const uint64_t kept = cut < h.log_sizes[0] ? h.log_sizes[0] : h.log_sizes[whole];
    const std::string now = ReadAll(dir.File(kLog));
    ASSERT_GE(now.size(), kept);
    EXPECT_EQ(now.substr(0, kept), h.log.substr(0, kept)) << "cut at " << cut;
    EXPECT_EQ(now.find_first_not_of('\0', kept), std::string::npos) << "cut at " << cut;
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
            std::string(kLog) + ": The log is corrupt at offset " + std::to_string(record) +
                ": a bad record is followed by good ones (at offset " + std::to_string(h.log_sizes[2]) + ").");
  // The same flip in the last record is a torn tail: cut, the rest kept.
  TempDir tail;
  bad = h.log;
  bad[h.log_sizes[h.log_sizes.size() - 2] + 20] ^= 0x40;
  WriteAll(tail.File(kLog), bad);
  std::unique_ptr<Engine> reopened = Open(tail.path());
  EXPECT_TRUE(SameState(reopened->DebugString(), h.states[h.states.size() - 2]));
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
            // Reported. With kBuffered the record is written in Commit, so a
            // failed write rolls the transaction back. With kFsync records
            // are written and synced by the sync that covers them: a failure
            // there leaves it applied, durable or not (the outcome is
            // unknown, as after any failed fsync).
            if (point == FaultPoint::kWrite && GetParam() == Durability::kBuffered) {
              EXPECT_TRUE(SameState(engine->DebugString(), state_before));
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
      if (fault == Fault::kFail) {
        EXPECT_FALSE(engine.ok());
        EXPECT_TRUE(absl::StrContains(engine.status().message(), "injected fault")) << engine.status();
      }
      engine = absl::InternalError("closed");
      std::unique_ptr<Engine> reopened = Open(dir.path());
      ASSERT_NE(reopened, nullptr);
      EXPECT_EQ(reopened->GetSnapshot().ListLocations().size(), 1u);
    }
  }
}


TEST_P(PersistenceTest, CheckpointWritesASnapshotAndTrimsTheLog) {
  TempDir dir;
  Workload work(11);
  std::string state;
  {
    std::unique_ptr<Engine> engine = Open(dir.path());
    Run(*engine, work, 150);
    ASSERT_THAT(engine->Checkpoint(), IsOk());
    EXPECT_EQ(Files(dir.path()), (std::vector<std::string>{"LOCK", "snapshot-00000002.snap", "wal-00000002.log"}));
    Run(*engine, work, 100);
    ASSERT_THAT(engine->Checkpoint(), IsOk());
    Run(*engine, work, 50);
    EXPECT_EQ(Files(dir.path()), (std::vector<std::string>{"LOCK", "snapshot-00000003.snap", "wal-00000003.log"}));
    const Engine::PersistenceStats stats = engine->persistence_stats();
    EXPECT_EQ(stats.checkpoints, 2u);
    EXPECT_THAT(stats.last_checkpoint, IsOk());
    EXPECT_GT(stats.logged_commits, 200u);
    EXPECT_GE(stats.syncs, GetParam() == Durability::kFsync ? stats.logged_commits : 2u);
    state = engine->DebugString();
  }
  WriteAll(dir.File("snapshot-00000004.snap.tmp"), "left by a checkpoint that crashed");
  std::unique_ptr<Engine> reopened = Open(dir.path());
  EXPECT_TRUE(SameState(reopened->DebugString(), state));
  EXPECT_THAT(reopened->Verify(), IsOk());
  EXPECT_EQ(Files(dir.path()), (std::vector<std::string>{"LOCK", "snapshot-00000003.snap", "wal-00000003.log"}));
  // And it goes on exactly as the original would have.
  Workload twin = work;
  std::unique_ptr<Engine> memory = testutil::OpenEngine({.clock = clock_.AsFunction()});
  ASSERT_THAT(memory->Import(reopened->Export()), IsOk());
  for (int i = 0; i < 50; ++i) {
    clock_.Advance(absl::Seconds(1));
    EXPECT_EQ(work.Step(*reopened), twin.Step(*memory));
  }
  EXPECT_TRUE(SameState(reopened->DebugString(), memory->DebugString()));
}

TEST_P(PersistenceTest, ACheckpointThatFailsLeavesTheLogToRecoverFrom) {
  for (FaultPoint point : {FaultPoint::kRename, FaultPoint::kWrite}) {
    for (Fault fault : {Fault::kFail, Fault::kTear}) {
      TempDir dir;
      FaultInjectingFileSystem fs(PosixFileSystem());
      Workload work(12);
      std::string state;
      {
        std::unique_ptr<Engine> engine = Open(dir.path(), &fs);
        Run(*engine, work, 60);
        if (GetParam() == Durability::kBuffered) {
          // Only what is synced survives a power loss: a checkpoint syncs it.
          ASSERT_THAT(engine->Checkpoint(), IsOk());
          Run(*engine, work, 20);
        }
        // The next log's settings are the first write; the snapshot the second.
        fs.Arm(point, point == FaultPoint::kWrite ? 2 : 1, fault);
        absl::Status s = engine->Checkpoint();
        EXPECT_TRUE(fs.fired());
        if (fault == Fault::kFail) {
          EXPECT_EQ(s.code(), absl::StatusCode::kInternal) << s;
          EXPECT_EQ(engine->persistence_stats().last_checkpoint, s);
        }
        state = engine->DebugString();
        if (fault == Fault::kFail) {
          // The log goes on in the new file.
          Run(*engine, work, 20);
          state = engine->DebugString();
        }
      }
      std::unique_ptr<Engine> reopened = Open(dir.path());
      ASSERT_NE(reopened, nullptr);
      EXPECT_TRUE(SameState(reopened->DebugString(), state)) << static_cast<int>(point) << " " << static_cast<int>(fault);
    }
  }
}

TEST_P(PersistenceTest, ACheckpointRunsByItselfWhenTheLogGrows) {
  TempDir dir;
  Workload work(13);
  std::string state;
  {
    Options options = Persistent(dir.path());
    options.checkpoint_log_bytes = 4096;
    absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(options);
    ASSERT_THAT(engine, IsOk());
    Run(**engine, work, 300);
    // It runs in the background: wait (a little) for one to finish.
    auto snapshotted = [&] {
      for (const std::string& name : Files(dir.path())) {
        if (absl::StartsWith(name, "snapshot-") && absl::EndsWith(name, ".snap")) return true;
      }
      return false;
    };
    for (int i = 0; i < 500 && !snapshotted(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_TRUE(snapshotted()) << testing::PrintToString(Files(dir.path()));
    state = (*engine)->DebugString();
  }
  std::unique_ptr<Engine> reopened = Open(dir.path());
  EXPECT_TRUE(SameState(reopened->DebugString(), state));
}

TEST_P(PersistenceTest, ConcurrentCommittersAllSurvive) {
  TempDir dir;
  constexpr int kThreads = 4, kCommits = 100;
  std::vector<ItemId> items;
  {
    std::unique_ptr<Engine> engine = Open(dir.path());
    {
      Transaction txn = engine->BeginTransaction();
      for (int t = 0; t < kThreads; ++t) {
        absl::StatusOr<const Item*> item = txn.CreateItem({.name = "Item " + std::to_string(t), .sku = "I" + std::to_string(t)});
        ASSERT_THAT(item, IsOk());
        items.push_back((*item)->id);
      }
      ASSERT_THAT(txn.Commit(), IsOk());
    }
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kCommits; ++i) {
          Transaction txn = engine->BeginTransaction();
          absl::StatusOr<AdjustmentId> made = txn.CreateAdjustment(
              {.date = absl::CivilDay(2026, 5, 1), .reason = "Stocktake",
               .line_items = {{.item_id = items[t], .quantity_adjusted = Quantity::FromInt(1)}}});
          if (!made.ok() || !txn.Commit().ok()) ++failures;
        }
      });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
  }
  std::unique_ptr<Engine> reopened = Open(dir.path());
  Snapshot s = reopened->GetSnapshot();
  for (ItemId id : items) EXPECT_EQ(s.StockOnHand(id), Quantity::FromInt(kCommits));
  EXPECT_EQ(s.ListAdjustments().size(), static_cast<size_t>(kThreads * kCommits));
  EXPECT_THAT(reopened->Verify(), IsOk());
}

TEST_P(FaultTest, AFaultDuringRecoveryFailsOpenAndChangesNothing) {
  // A crash right after a checkpoint created the next log, before its first
  // record: recovery replays wal-1 and then writes the settings into wal-2.
  TempDir dir;
  const std::string state = Populate(dir.path(), 14, 40);
  for (FaultPoint point : {FaultPoint::kWrite, FaultPoint::kSync}) {
    for (Fault fault : {Fault::kFail, Fault::kShort, Fault::kTear}) {
      if (point == FaultPoint::kSync && fault == Fault::kShort) continue;
      SCOPED_TRACE(testing::Message() << "point " << static_cast<int>(point) << " fault " << static_cast<int>(fault));
      WriteAll(dir.File("wal-00000002.log"), "");
      FaultInjectingFileSystem fs(PosixFileSystem());
      fs.Arm(point, 1, fault);
      absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(Persistent(dir.path(), &fs));
      EXPECT_TRUE(fs.fired());
      if (fault != Fault::kTear) {
        EXPECT_FALSE(engine.ok());
        EXPECT_TRUE(absl::StrContains(engine.status().message(), "injected fault")) << engine.status();
      }
      engine = absl::InternalError("closed");
      std::unique_ptr<Engine> reopened = Open(dir.path());
      ASSERT_NE(reopened, nullptr);
      EXPECT_TRUE(SameState(reopened->DebugString(), state));
    }
  }
}

// From a review: Import's snapshot failing must leave the engine empty, and
// writes after it must go on logging against the state the directory has.
TEST_P(FaultTest, AnImportWhoseSnapshotFailsChangesNothing) {
  const std::string json = ExportOfWorkload(clock_, 23, 50);
  for (FaultPoint point : {FaultPoint::kRename, FaultPoint::kWrite}) {
    TempDir dir;
    FaultInjectingFileSystem fs(PosixFileSystem());
    std::string state;
    {
      std::unique_ptr<Engine> engine = Open(dir.path(), &fs);
      const std::string empty = engine->DebugString();
      fs.Arm(point, point == FaultPoint::kWrite ? 2 : 1, Fault::kFail);  // the snapshot's write or rename
      EXPECT_FALSE(engine->Import(json).ok());
      EXPECT_TRUE(fs.fired());
      EXPECT_TRUE(SameState(engine->DebugString(), empty));
      Transaction txn = engine->BeginTransaction();
      ASSERT_THAT(txn.CreateItem({.name = "After", .sku = "AFTER"}), IsOk());
      ASSERT_THAT(txn.Commit(), IsOk());
      state = engine->DebugString();
    }
    std::unique_ptr<Engine> reopened = Open(dir.path());
    ASSERT_NE(reopened, nullptr);
    EXPECT_TRUE(SameState(reopened->DebugString(), state));
  }
}

// From a second review: a failure after the snapshot's rename (the
// directory syncs) leaves the import on disk. The engine then shows it and
// refuses writes, so nothing is logged against the wrong state.
TEST_P(FaultTest, AnImportWhoseDirectorySyncFailsShowsItAndStopsWrites) {
  std::unique_ptr<Engine> source = testutil::OpenEngine({.clock = clock_.AsFunction()});
  Workload work(25);
  for (int i = 0; i < 50; ++i) work.Step(*source);
  const std::string json = source->Export();
  // Syncs during Import: 1 the new log, 2 the directory, 3 the snapshot's
  // temporary file, 4 the directory after the rename, 5 after the removals.
  for (int nth : {4, 5}) {
    SCOPED_TRACE(nth);
    TempDir dir;
    FaultInjectingFileSystem fs(PosixFileSystem());
    {
      std::unique_ptr<Engine> engine = Open(dir.path(), &fs);
      fs.Arm(FaultPoint::kSync, nth, Fault::kFail);
      absl::Status s = engine->Import(json);
      ASSERT_TRUE(fs.fired());
      EXPECT_TRUE(absl::StartsWith(s.message(), "The import is the directory's snapshot, but")) << s;
      EXPECT_TRUE(SameState(engine->DebugString(), source->DebugString()));
      Transaction txn = engine->BeginTransaction();
      EXPECT_EQ(txn.CreateItem({.name = "After", .sku = "AFTER"}).status().code(),
                absl::StatusCode::kFailedPrecondition);
    }
    std::unique_ptr<Engine> reopened = Open(dir.path());
    ASSERT_NE(reopened, nullptr);
    EXPECT_TRUE(SameState(reopened->DebugString(), source->DebugString()));
  }
}

TEST_P(FaultTest, ACheckpointThatCannotStartTheNextLogIsReportedInStats) {
  TempDir dir;
  FaultInjectingFileSystem fs(PosixFileSystem());
  std::unique_ptr<Engine> engine = Open(dir.path(), &fs);
  fs.Arm(FaultPoint::kWrite, 1, Fault::kFail);
  const absl::Status s = engine->Checkpoint();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(engine->persistence_stats().last_checkpoint, s);
}

TEST_P(PersistenceTest, StatsDoNotWaitForACheckpointWaitingForTheWriter) {
  TempDir dir;
  std::unique_ptr<Engine> engine = Open(dir.path());
  Transaction txn = engine->BeginTransaction();  // the checkpoint below waits for it
  std::thread checkpoint([&] { EXPECT_THAT(engine->Checkpoint(), IsOk()); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const Engine::PersistenceStats stats = engine->persistence_stats();  // would wait forever before the fix
  EXPECT_EQ(stats.checkpoints, 0u);
  txn.Rollback();
  checkpoint.join();
  EXPECT_EQ(engine->persistence_stats().checkpoints, 1u);
}

TEST_P(PersistenceTest, ARolledBackGroupUpdateKeepsTheListOrder) {
  TempDir dir;
  std::vector<int64_t> before, after_rollback;
  {
    std::unique_ptr<Engine> engine = Open(dir.path());
    GroupId first;
    {
      Transaction txn = engine->BeginTransaction();
      absl::StatusOr<const ItemGroup*> a = txn.CreateGroup({.group_name = "Same", .unit = "pcs"}, {});
      ASSERT_THAT(a, IsOk());
      first = (*a)->id;
      ASSERT_THAT(txn.CreateGroup({.group_name = "same", .unit = "pcs"}, {}), IsOk());
      ASSERT_THAT(txn.CreateGroup({.group_name = "Same", .unit = "pcs"}, {}), IsOk());
      for (const ItemGroup* g : txn.ListGroups({}).rows) before.push_back(g->id.value());
      ASSERT_THAT(txn.Commit(), IsOk());
    }
    {
      Transaction txn = engine->BeginTransaction();
      ItemGroup g = *txn.FindGroup(first);
      g.description = "changed";
      ASSERT_THAT(txn.UpdateGroup(g, {}), IsOk());
      txn.Rollback();
    }
    for (const ItemGroup* g : engine->GetSnapshot().ListGroups({}).rows) after_rollback.push_back(g->id.value());
  }
  EXPECT_EQ(after_rollback, before);
  // Equal names list by id ("Same" before "same": exact order breaks ties of case).
  EXPECT_EQ(before, (std::vector<int64_t>{2, 4, 3}));
  std::unique_ptr<Engine> reopened = Open(dir.path());
  std::vector<int64_t> reopened_order;
  for (const ItemGroup* g : reopened->GetSnapshot().ListGroups({}).rows) reopened_order.push_back(g->id.value());
  EXPECT_EQ(reopened_order, before);
}

TEST_P(FaultTest, AnImportIntoABrokenLogChangesNothing) {
  const std::string json = ExportOfWorkload(clock_, 24, 30);
  TempDir dir;
  FaultInjectingFileSystem fs(PosixFileSystem());
  std::unique_ptr<Engine> engine = Open(dir.path(), &fs);
  const std::string empty = engine->DebugString();
  fs.Arm(FaultPoint::kWrite, 1, Fault::kFail);  // the next log's settings: the log breaks
  EXPECT_FALSE(engine->Checkpoint().ok());
  absl::Status s = engine->Import(json);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_TRUE(SameState(engine->DebugString(), empty));
}

TEST_P(PersistenceTest, GroupsWithEqualNamesKeepTheirOrderThroughACheckpoint) {
  TempDir dir;
  std::vector<int64_t> before;
  {
    std::unique_ptr<Engine> engine = Open(dir.path());
    Transaction txn = engine->BeginTransaction();
    ASSERT_THAT(txn.CreateGroup({.group_name = "Beta", .unit = "pcs"}, {}), IsOk());
    absl::StatusOr<const ItemGroup*> alpha = txn.CreateGroup({.group_name = "Alpha", .unit = "pcs"}, {});
    ASSERT_THAT(alpha, IsOk());
    ItemGroup renamed = **alpha;
    renamed.group_name = "Beta";
    ASSERT_THAT(txn.UpdateGroup(renamed, {}), IsOk());
    for (const ItemGroup* g : txn.ListGroups({}).rows) before.push_back(g->id.value());
    ASSERT_THAT(txn.Commit(), IsOk());
    ASSERT_THAT(engine->Checkpoint(), IsOk());
  }
  std::unique_ptr<Engine> reopened = Open(dir.path());
  std::vector<int64_t> after;
  for (const ItemGroup* g : reopened->GetSnapshot().ListGroups({}).rows) after.push_back(g->id.value());
  EXPECT_EQ(after, before);
  EXPECT_EQ(before.size(), 2u);
}

TEST_P(PersistenceTest, ASnapshotLargerThanOneRecordReadsBack) {
  // Snapshots are written in records of at most 64 MiB (a record holds at
  // most 1 GiB); a small limit shows the pieces join up.
  TempDir dir;
  const std::string state = Populate(dir.path(), 15, 100, /*checkpoint=*/true);
  // Re-split the snapshot's payload into 100-byte records, as a small
  // snapshot_record_bytes would.
  const std::string snap = ReadAll(dir.File("snapshot-00000002.snap"));
  absl::StatusOr<internal::LogScan> scan = internal::ScanLog(snap);
  ASSERT_TRUE(scan.ok());
  ASSERT_EQ(scan->records.size(), 1u);
  std::string pieces;
  const std::string_view payload = scan->records[0].payload;
  for (size_t at = 0; at < payload.size(); at += 100) {
    internal::AppendLogRecord(internal::LogRecordType::kSnapshot, payload.substr(at, 100), &pieces);
  }
  WriteAll(dir.File("snapshot-00000002.snap"), pieces);
  std::unique_ptr<Engine> reopened = Open(dir.path());
  ASSERT_NE(reopened, nullptr);
  EXPECT_TRUE(SameState(reopened->DebugString(), state));
}

TEST_P(PersistenceTest, TheSnapshotHoldsExactlyTheImageDebugStringEncodes) {
  // A checkpoint encodes the items straight from the table (EncodeImage);
  // DebugString encodes a captured image whole. The bytes must be the same.
  TempDir dir;
  const std::string state = Populate(dir.path(), 16, 150, /*checkpoint=*/true);
  const std::string snap = ReadAll(dir.File("snapshot-00000002.snap"));
  absl::StatusOr<internal::LogScan> scan = internal::ScanLog(snap);  // views into snap
  ASSERT_TRUE(scan.ok());
  ASSERT_EQ(scan->records.size(), 1u);
  const std::string_view payload = scan->records[0].payload;
  ASSERT_GT(state.size(), payload.size());
  EXPECT_TRUE(SameState(state.substr(0, payload.size()), std::string(payload)));
  EXPECT_EQ(state[payload.size()], '\n');
}

TEST_P(PersistenceTest, ASnapshotCutShortIsDataLossAndTheWholeOneStillOpens) {
  // A snapshot is restored as it is decoded, items straight into the
  // table; a payload cut anywhere (in the items or after them) is refused
  // as a whole, with the file's name.
  TempDir dir;
  const std::string state = Populate(dir.path(), 15, 100, /*checkpoint=*/true);
  const std::string file = dir.File("snapshot-00000002.snap");
  const std::string snap = ReadAll(file);
  absl::StatusOr<internal::LogScan> scan = internal::ScanLog(snap);
  ASSERT_TRUE(scan.ok());
  ASSERT_EQ(scan->records.size(), 1u);
  const std::string payload(scan->records[0].payload);
  const size_t step = std::max<size_t>(1, payload.size() / 40);
  for (size_t cut = 0; cut < payload.size(); cut += step) {
    std::string framed;
    internal::AppendLogRecord(internal::LogRecordType::kSnapshot, std::string_view(payload).substr(0, cut), &framed);
    WriteAll(file, framed);
    absl::StatusOr<std::unique_ptr<Engine>> refused = Engine::Open(Persistent(dir.path()));
    ASSERT_EQ(refused.status().code(), absl::StatusCode::kDataLoss) << "cut at " << cut;
    EXPECT_EQ(refused.status().message(), "snapshot-00000002.snap: the snapshot does not decode.") << "cut at " << cut;
  }
  WriteAll(file, snap);
  std::unique_ptr<Engine> reopened = Open(dir.path());
  ASSERT_NE(reopened, nullptr);
  EXPECT_TRUE(SameState(reopened->DebugString(), state));
}

TEST(ExportUtf8Test, NamesThatAreNotUtf8SurviveAnExport) {
  std::unique_ptr<Engine> source = testutil::OpenEngine();
  {
    Transaction txn = source->BeginTransaction();
    ASSERT_THAT(txn.CreateItem({.name = std::string("Caf\xe9"), .sku = "C-1"}), IsOk());  // Latin-1
    ASSERT_THAT(txn.Commit(), IsOk());
  }
  const std::string json = source->Export();
  EXPECT_NE(json.find(R"("name":{"base16":"436166e9"})"), std::string::npos) << json.substr(0, 400);
  std::unique_ptr<Engine> copy = testutil::OpenEngine();
  ASSERT_THAT(copy->Import(json), IsOk());
  EXPECT_EQ(copy->GetSnapshot().FindItemBySku("C-1")->name, std::string("Caf\xe9"));
}

TEST(ExportUtf8Test, AnImportNeedsAPristinePrimaryLocation) {
  std::unique_ptr<Engine> source = testutil::OpenEngine();
  const std::string json = source->Export();
  std::unique_ptr<Engine> target = testutil::OpenEngine();
  {
    Transaction txn = target->BeginTransaction();
    Location primary = *txn.PrimaryLocation();
    primary.name = "Head Office";
    ASSERT_THAT(txn.UpdateLocation(primary), IsOk());
    ASSERT_THAT(txn.Commit(), IsOk());
  }
  EXPECT_THAT(target->Import(json), IsError(absl::StatusCode::kFailedPrecondition, "", ApiCode::kConflict));
}

TEST(CheckpointTest, NeedsADataDirectory) {
  std::unique_ptr<Engine> engine = testutil::OpenEngine();
  EXPECT_THAT(engine->Checkpoint(), IsError(absl::StatusCode::kFailedPrecondition, "data_dir", ApiCode::kConflict));
}

class ExportTest : public testing::Test {
 protected:
  FrozenClock clock_;
};

TEST_F(ExportTest, ImportReproducesTheStateAndItsFuture) {
  std::unique_ptr<Engine> source = testutil::OpenEngine({.clock = clock_.AsFunction()});
  Workload work(21);
  for (int i = 0; i < 300; ++i) {
    clock_.Advance(absl::Seconds(1));
    work.Step(*source);
  }
  const std::string json = source->Export();
  std::unique_ptr<Engine> copy = testutil::OpenEngine({.clock = clock_.AsFunction()});
  ASSERT_THAT(copy->Import(json), IsOk());
  EXPECT_TRUE(SameState(copy->DebugString(), source->DebugString()));
  EXPECT_THAT(copy->Verify(), IsOk());
  EXPECT_EQ(copy->Export(), json);
  Workload twin = work;
  for (int i = 0; i < 100; ++i) {
    clock_.Advance(absl::Seconds(1));
    EXPECT_EQ(work.Step(*source), twin.Step(*copy));
  }
  EXPECT_TRUE(SameState(copy->DebugString(), source->DebugString()));
}

TEST_F(ExportTest, TheDocumentIsReadableJson) {
  std::unique_ptr<Engine> engine = testutil::OpenEngine({.clock = clock_.AsFunction()});
  Transaction txn = engine->BeginTransaction();
  absl::StatusOr<const Item*> tea = txn.CreateItem({.name = "Tea", .sku = "T-1", .rate = testutil::M("12.5")});
  ASSERT_THAT(tea, IsOk());
  ASSERT_THAT(txn.SetOpeningStock((*tea)->id, absl::CivilDay(2026, 3, 1),
                                  {{.location_id = LocationId(1), .quantity = testutil::Q("4"), .rate = testutil::M("2")}}),
              IsOk());
  ASSERT_THAT(txn.Commit(), IsOk());
  boost::json::value doc = boost::json::parse(engine->Export());
  const boost::json::object& org = doc.at("organization").as_object();
  EXPECT_EQ(doc.at("format"), "inventory-export");
  EXPECT_EQ(doc.at("version"), 1);
  EXPECT_EQ(org.at("settings").at("valuation"), "kFifo");
  EXPECT_EQ(org.at("items").at(0).at("name"), "Tea");
  EXPECT_EQ(org.at("items").at(0).at("rate"), "12.5");
  EXPECT_EQ(org.at("items").at(0).at("created_time"), "2026-01-02T03:04:05+00:00");
  EXPECT_EQ(org.at("opening").at(0).at("date"), "2026-03-01");
  const boost::json::object& posting = org.at("ledger").at("postings").at(0).as_object();
  EXPECT_EQ(posting.at("item"), 2);
  EXPECT_EQ(posting.at("on_hand"), "4");
  EXPECT_EQ(posting.at("value"), "8");
  EXPECT_EQ(org.at("ledger").at("refs").at(0).at("kind"), "kOpeningStock");
}

TEST_F(ExportTest, ImportRefusesBadInputAndChangesNothing) {
  std::unique_ptr<Engine> source = testutil::OpenEngine({.clock = clock_.AsFunction()});
  Workload work(22);
  for (int i = 0; i < 100; ++i) work.Step(*source);
  const std::string json = source->Export();

  std::unique_ptr<Engine> target = testutil::OpenEngine({.clock = clock_.AsFunction()});
  const std::string empty = target->DebugString();
  EXPECT_THAT(target->Import("not json"), IsError(absl::StatusCode::kInvalidArgument, "", ApiCode::kInvalidValue));
  EXPECT_THAT(target->Import(R"({"format":"other","version":1,"organization":{}})"),
              IsError(absl::StatusCode::kInvalidArgument, "format", ApiCode::kInvalidValue));
  boost::json::value doc = boost::json::parse(json);
  doc.at("organization").at("items").at(0).as_object()["rate"] = "abc";
  absl::Status bad = target->Import(boost::json::serialize(doc));
  EXPECT_THAT(bad, IsError(absl::StatusCode::kInvalidArgument, "organization.items[0].rate", ApiCode::kInvalidValue));
  EXPECT_EQ(bad.message(), "organization.items[0].rate: expected a decimal string.");
  // Values that parse but do not hold together: a posting's quantity.
  doc = boost::json::parse(json);
  doc.at("organization").at("ledger").at("postings").at(0).as_object()["on_hand"] = "999";
  EXPECT_EQ(target->Import(boost::json::serialize(doc)).code(), absl::StatusCode::kDataLoss);
  Options weighted{.valuation = Valuation::kWeightedAverage, .clock = clock_.AsFunction()};
  std::unique_ptr<Engine> other = testutil::OpenEngine(weighted);
  EXPECT_THAT(other->Import(json), IsError(absl::StatusCode::kFailedPrecondition, "valuation", ApiCode::kConflict));
  EXPECT_TRUE(SameState(target->DebugString(), empty));
  // Only into an empty engine.
  EXPECT_THAT(source->Import(json), IsError(absl::StatusCode::kFailedPrecondition, "", ApiCode::kConflict));
}

TEST_P(PersistenceTest, AnImportIsDurable) {
  std::unique_ptr<Engine> source = testutil::OpenEngine({.clock = clock_.AsFunction()});
  Workload work(23);
  for (int i = 0; i < 100; ++i) work.Step(*source);
  TempDir dir;
  {
    std::unique_ptr<Engine> engine = Open(dir.path());
    ASSERT_THAT(engine->Import(source->Export()), IsOk());
  }
  std::unique_ptr<Engine> reopened = Open(dir.path());
  EXPECT_TRUE(SameState(reopened->DebugString(), source->DebugString()));
}

}  // namespace
}  // namespace inventory
