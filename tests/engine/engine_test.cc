#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "inventory/engine.h"
#include "support/catalog_testing.h"

namespace inventory {
namespace {

using ::inventory::testutil::Cat;
using ::inventory::testutil::FrozenClock;
using ::inventory::testutil::FrozenStart;
using ::inventory::testutil::IsOk;
using ::inventory::testutil::OpenEngine;

static_assert(!std::is_copy_constructible_v<Snapshot>);
static_assert(std::is_nothrow_move_constructible_v<Snapshot>);
static_assert(!std::is_copy_constructible_v<Engine>);

TEST(EngineTest, OpensWithTheGivenOptions) {
  FrozenClock clock;
  absl::StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Open({.strict_barcodes = true, .primary_location_name = "HQ",
                    .clock = clock.AsFunction()});
  ASSERT_THAT(engine, IsOk());
  const Options& options = (*engine)->options();
  EXPECT_TRUE(options.strict_barcodes);
  EXPECT_EQ(options.primary_location_name, "HQ");
  ASSERT_TRUE(options.clock);
  EXPECT_EQ(options.clock(), FrozenStart());
  Snapshot snap = (*engine)->GetSnapshot();
  EXPECT_EQ(snap.ItemCount(), 0u);
  EXPECT_EQ(snap.PrimaryLocation()->name, "HQ");
}

TEST(EngineTest, UsesTheWallClockByDefault) {
  auto engine = OpenEngine();
  absl::Time before = absl::Now();
  Transaction txn = engine->BeginTransaction();
  absl::StatusOr<const Item*> tea = txn.CreateItem({.name = "Tea"});
  ASSERT_THAT(tea, IsOk());
  EXPECT_GE((*tea)->created_time, before);
  EXPECT_LE((*tea)->created_time, absl::Now());
}

TEST(EngineTest, EnginesDoNotShareData) {
  auto a = OpenEngine();
  auto b = OpenEngine();
  testutil::AddItem(*a, {.name = "Tea", .sku = "T-1"});
  EXPECT_EQ(a->GetSnapshot().ItemCount(), 1u);
  EXPECT_EQ(b->GetSnapshot().ItemCount(), 0u);
  // The same SKU is free in the other engine.
  EXPECT_TRUE(testutil::AddItem(*b, {.name = "Tea", .sku = "T-1"}).valid());
}

TEST(EngineTest, SnapshotsMayBeHeldTogether) {
  auto engine = OpenEngine();
  testutil::AddItem(*engine, {.name = "Tea"});
  Snapshot a = engine->GetSnapshot();
  Snapshot b = engine->GetSnapshot();
  EXPECT_EQ(a.ItemCount(), 1u);
  EXPECT_EQ(b.ItemCount(), 1u);
  Snapshot moved = std::move(a);
  EXPECT_EQ(moved.ItemCount(), 1u);
}

TEST(EngineTest, ConcurrentWritersCommitEveryTransaction) {
  auto engine = OpenEngine();
  constexpr int kPerThread = 1000;
  auto writer = [&](int thread) {
    for (int i = 0; i < kPerThread; ++i) {
      Transaction txn = engine->BeginTransaction();
      absl::StatusOr<const Item*> item =
          txn.CreateItem({.name = Cat("Item ", thread, "-", i), .sku = Cat("SKU-", thread, "-", i)});
      ASSERT_THAT(item, IsOk());
      ASSERT_THAT(txn.Commit(), IsOk());
    }
  };
  std::thread t1(writer, 1);
  std::thread t2(writer, 2);
  t1.join();
  t2.join();
  Snapshot snap = engine->GetSnapshot();
  EXPECT_EQ(snap.ItemCount(), 2u * kPerThread);
  Page<Item> all = snap.ListItems({.per_page = 5000});
  ASSERT_EQ(all.rows.size(), 2u * kPerThread);
  std::set<int64_t> ids;
  for (const Item* i : all.rows) ids.insert(i->id.value());
  EXPECT_EQ(ids.size(), 2u * kPerThread);  // every id given once
  EXPECT_EQ(*ids.begin(), 2);              // 1 is the primary location
  EXPECT_EQ(*ids.rbegin(), 2 * kPerThread + 1);
  EXPECT_NE(snap.FindItemBySku("sku-1-999"), nullptr);
  EXPECT_NE(snap.FindItemBySku("sku-2-0"), nullptr);
}

// Each transaction writes two items; a reader never sees an odd count, and
// every way of counting agrees within one snapshot.
TEST(EngineTest, SnapshotSeesAConsistentStateWhileAnotherThreadCommits) {
  auto engine = OpenEngine();
  constexpr int kTransactions = 500;
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < kTransactions; ++i) {
      Transaction txn = engine->BeginTransaction();
      ASSERT_THAT(txn.CreateItem({.name = Cat("A", i), .sku = Cat("A", i)}), IsOk());
      ASSERT_THAT(txn.CreateItem({.name = Cat("B", i), .sku = Cat("B", i)}), IsOk());
      if (i % 10 == 9) {
        txn.Rollback();  // some transactions never become visible
      } else {
        ASSERT_THAT(txn.Commit(), IsOk());
      }
    }
    done = true;
  });
  int snapshots = 0;
  size_t last = 0;
  while (!done || snapshots == 0) {
    Snapshot snap = engine->GetSnapshot();
    size_t count = snap.ItemCount();
    EXPECT_EQ(count % 2, 0u) << "saw half a transaction";
    EXPECT_EQ(snap.ListItems({.per_page = 5000}).rows.size(), count);
    EXPECT_EQ(snap.ListItems({.name_startswith = "a", .per_page = 5000}).rows.size(),
              count / 2);
    EXPECT_GE(count, last) << "counts only grow";
    last = count;
    ++snapshots;
  }
  writer.join();
  EXPECT_GT(snapshots, 0);
  EXPECT_EQ(engine->GetSnapshot().ItemCount(), 2u * (kTransactions - kTransactions / 10));
}

TEST(EngineTest, SnapshotWaitsForTheOpenTransactionAndNeverSeesItsWrites) {
  auto engine = OpenEngine();
  std::atomic<bool> written{false};
  std::atomic<bool> snapshot_taken{false};
  std::thread writer([&] {
    Transaction txn = engine->BeginTransaction();
    ASSERT_THAT(txn.CreateItem({.name = "Uncommitted"}), IsOk());
    written = true;
    // Give the reader time to block on the open transaction.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_FALSE(snapshot_taken) << "a snapshot was taken while a transaction was open";
    txn.Rollback();
  });
  while (!written) std::this_thread::yield();
  {
    Snapshot snap = engine->GetSnapshot();
    snapshot_taken = true;
    EXPECT_EQ(snap.ItemCount(), 0u);
    EXPECT_TRUE(snap.FindItemsByName("Uncommitted").empty());
  }
  writer.join();
}

}  // namespace
}  // namespace inventory
