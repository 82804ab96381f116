#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <type_traits>
#include <vector>

#include "inventory/engine.h"
#include "inventory/errors.h"
#include "support/catalog_testing.h"

namespace inventory {
namespace {

using ::inventory::testutil::AddItem;
using ::inventory::testutil::DumpEngine;
using ::inventory::testutil::DumpItem;
using ::inventory::testutil::DumpState;
using ::inventory::testutil::FrozenClock;
using ::inventory::testutil::IsError;
using ::inventory::testutil::IsOk;
using ::inventory::testutil::M;
using ::inventory::testutil::Names;
using ::inventory::testutil::OpenEngine;
using ::inventory::testutil::Q;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

static_assert(!std::is_copy_constructible_v<Transaction>);
static_assert(!std::is_copy_assignable_v<Transaction>);
static_assert(std::is_nothrow_move_constructible_v<Transaction>);
static_assert(std::is_nothrow_move_assignable_v<Transaction>);

constexpr char kInactiveMessage[] = "The transaction has already been committed or rolled back.";

class TransactionTest : public ::testing::Test {
 protected:
  TransactionTest() : engine_(OpenEngine({.clock = clock_.AsFunction()})) {}

  size_t Count() { return engine_->GetSnapshot().ItemCount(); }

  FrozenClock clock_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(TransactionTest, CommitMakesWritesVisible) {
  Transaction txn = engine_->BeginTransaction();
  EXPECT_TRUE(txn.active());
  ASSERT_THAT(txn.CreateItem({.name = "Tea", .sku = "T-1"}), IsOk());
  ASSERT_THAT(txn.Commit(), IsOk());
  EXPECT_FALSE(txn.active());
  Snapshot snap = engine_->GetSnapshot();
  EXPECT_EQ(snap.ItemCount(), 1u);
  EXPECT_EQ(snap.FindItemBySku("T-1")->name, "Tea");
}

TEST_F(TransactionTest, RollsBackWhenDestroyed) {
  std::string before = DumpEngine(*engine_);
  {
    Transaction txn = engine_->BeginTransaction();
    ASSERT_THAT(txn.CreateItem({.name = "Tea", .sku = "T-1"}), IsOk());
    ASSERT_THAT(txn.CreateLocation({.name = "Shop"}), IsOk());
  }
  EXPECT_EQ(Count(), 0u);
  EXPECT_EQ(DumpEngine(*engine_), before);
}

TEST_F(TransactionTest, RollbackUndoesEveryWrite) {
  ItemId kept = AddItem(*engine_, {.name = "Kept", .sku = "K"});
  std::string before = DumpEngine(*engine_);
  Transaction txn = engine_->BeginTransaction();
  ASSERT_THAT(txn.CreateItem({.name = "Tea"}), IsOk());
  Item k = *txn.FindItem(kept);
  k.name = "Changed";
  ASSERT_THAT(txn.UpdateItem(k), IsOk());
  txn.Rollback();
  EXPECT_FALSE(txn.active());
  EXPECT_EQ(DumpEngine(*engine_), before);
}

TEST_F(TransactionTest, IsInertAfterCommit) {
  Transaction txn = engine_->BeginTransaction();
  ASSERT_THAT(txn.CreateItem({.name = "Tea"}), IsOk());
  ASSERT_THAT(txn.Commit(), IsOk());
  absl::Status again = txn.Commit();
  EXPECT_THAT(again, IsError(absl::StatusCode::kFailedPrecondition, "", ApiCode::kConflict));
  EXPECT_EQ(again.message(), kInactiveMessage);
  EXPECT_THAT(txn.CreateItem({.name = "Late"}),
              IsError(absl::StatusCode::kFailedPrecondition, "", ApiCode::kConflict));
  EXPECT_THAT(txn.CreateLocation({.name = "Late"}),
              IsError(absl::StatusCode::kFailedPrecondition, "", ApiCode::kConflict));
  txn.Rollback();  // no effect
  txn.RollbackTo(0);
  EXPECT_EQ(txn.SavePoint(), 0u);
  EXPECT_FALSE(txn.active());
  EXPECT_EQ(Count(), 1u);
  // The writer lock was released: another transaction can start.
  Transaction next = engine_->BeginTransaction();
  EXPECT_TRUE(next.active());
}

TEST_F(TransactionTest, IsInertAfterRollback) {
  Transaction txn = engine_->BeginTransaction();
  ASSERT_THAT(txn.CreateItem({.name = "Tea"}), IsOk());
  txn.Rollback();
  EXPECT_THAT(txn.Commit(), IsError(absl::StatusCode::kFailedPrecondition, "",
                                    ApiCode::kConflict));
  EXPECT_THAT(txn.CreateItem({.name = "Late"}),
              IsError(absl::StatusCode::kFailedPrecondition, "", ApiCode::kConflict));
  ItemId none[] = {ItemId(2)};
  EXPECT_THAT(txn.DeleteItems(none),
              IsError(absl::StatusCode::kFailedPrecondition, "", ApiCode::kConflict));
  EXPECT_EQ(Count(), 0u);
}

TEST_F(TransactionTest, SeesItsOwnWrites) {
  ItemId old = AddItem(*engine_, {.name = "Old", .sku = "O"});
  Transaction txn = engine_->BeginTransaction();
  absl::StatusOr<const Item*> tea = txn.CreateItem({.name = "Tea", .sku = "T-1", .upc = "0042"});
  ASSERT_THAT(tea, IsOk());
  ItemId id = (*tea)->id;
  EXPECT_EQ(txn.ItemCount(), 2u);
  ASSERT_NE(txn.FindItem(id), nullptr);
  EXPECT_EQ(txn.FindItemBySku("t-1")->id, id);
  EXPECT_EQ(txn.FindItemByUpc("0042")->id, id);
  EXPECT_THAT(Names(txn.ListItems({}).rows), ElementsAre("Old", "Tea"));
  ItemId gone[] = {old};
  ASSERT_THAT(txn.DeleteItems(gone), IsOk());
  EXPECT_EQ(txn.FindItem(old), nullptr);
  EXPECT_EQ(txn.FindItemBySku("O"), nullptr);
  EXPECT_THAT(Names(txn.ListItems({}).rows), ElementsAre("Tea"));
  absl::StatusOr<const Location*> shop = txn.CreateLocation({.name = "Shop"});
  ASSERT_THAT(shop, IsOk());
  EXPECT_EQ(txn.ListLocations().size(), 2u);
  // Its own writes count for the rules too: the SKU is taken.
  EXPECT_THAT(txn.CreateItem({.name = "Other", .sku = "T-1"}),
              IsError(absl::StatusCode::kAlreadyExists, "sku", ApiCode::kDuplicate));
  ASSERT_THAT(txn.Commit(), IsOk());
  EXPECT_EQ(Count(), 1u);
}

TEST_F(TransactionTest, RefusedWriteKeepsTheTransactionsOtherWrites) {
  Transaction txn = engine_->BeginTransaction();
  ASSERT_THAT(txn.CreateItem({.name = "Tea", .sku = "T-1"}), IsOk());
  std::string before = DumpState(txn);
  EXPECT_THAT(txn.CreateItem({.name = "Dup", .sku = "t-1"}),
              IsError(absl::StatusCode::kAlreadyExists, "sku", ApiCode::kDuplicate));
  EXPECT_EQ(DumpState(txn), before);
  EXPECT_TRUE(txn.active());
  // The failed create did not use up an id.
  absl::StatusOr<const Item*> coffee = txn.CreateItem({.name = "Coffee"});
  ASSERT_THAT(coffee, IsOk());
  EXPECT_EQ((*coffee)->id, ItemId(3));
  ASSERT_THAT(txn.Commit(), IsOk());
  EXPECT_EQ(Count(), 2u);
}

TEST_F(TransactionTest, SavePointUndoesOnlyWhatFollows) {
  Transaction txn = engine_->BeginTransaction();
  absl::StatusOr<const Item*> tea = txn.CreateItem({.name = "Tea", .sku = "T-1", .rate = M("5")});
  ASSERT_THAT(tea, IsOk());
  ItemId tea_id = (*tea)->id;
  std::string at_save_point = DumpState(txn);
  size_t sp = txn.SavePoint();
  ASSERT_THAT(txn.CreateItem({.name = "Coffee", .sku = "C-1"}), IsOk());
  Item changed = *txn.FindItem(tea_id);
  changed.rate = M("6");
  ASSERT_THAT(txn.UpdateItem(changed), IsOk());
  ASSERT_THAT(txn.CreateLocation({.name = "Shop"}), IsOk());
  txn.RollbackTo(sp);
  EXPECT_TRUE(txn.active());
  EXPECT_EQ(DumpState(txn), at_save_point);
  EXPECT_EQ(txn.FindItemBySku("C-1"), nullptr);
  EXPECT_EQ(txn.FindItem(tea_id)->rate, M("5"));
  // The id counter went back too.
  absl::StatusOr<const Item*> milk = txn.CreateItem({.name = "Milk"});
  ASSERT_THAT(milk, IsOk());
  EXPECT_EQ((*milk)->id, ItemId(tea_id.value() + 1));
  ASSERT_THAT(txn.Commit(), IsOk());
  Snapshot snap = engine_->GetSnapshot();
  EXPECT_THAT(Names(snap.ListItems({}).rows), ElementsAre("Milk", "Tea"));
  EXPECT_EQ(snap.ListLocations().size(), 1u);
}

TEST_F(TransactionTest, NestedSavePoints) {
  Transaction txn = engine_->BeginTransaction();
  ASSERT_THAT(txn.CreateItem({.name = "A"}), IsOk());
  size_t sp1 = txn.SavePoint();
  ASSERT_THAT(txn.CreateItem({.name = "B"}), IsOk());
  size_t sp2 = txn.SavePoint();
  ASSERT_THAT(txn.CreateItem({.name = "C"}), IsOk());
  EXPECT_LT(sp1, sp2);
  txn.RollbackTo(sp2);
  EXPECT_THAT(Names(txn.ListItems({}).rows), ElementsAre("A", "B"));
  ASSERT_THAT(txn.CreateItem({.name = "D"}), IsOk());
  txn.RollbackTo(sp1);
  EXPECT_THAT(Names(txn.ListItems({}).rows), ElementsAre("A"));
  // Rolling back to a save point that is already undone changes nothing.
  txn.RollbackTo(sp2);
  EXPECT_THAT(Names(txn.ListItems({}).rows), ElementsAre("A"));
  txn.RollbackTo(0);
  EXPECT_EQ(txn.ItemCount(), 0u);
  EXPECT_TRUE(txn.active());
  ASSERT_THAT(txn.Commit(), IsOk());
  EXPECT_EQ(Count(), 0u);
}

TEST_F(TransactionTest, SavePointOfAFreshTransactionIsZero) {
  Transaction txn = engine_->BeginTransaction();
  EXPECT_EQ(txn.SavePoint(), 0u);
}

TEST_F(TransactionTest, RollbackRestoresTheIdCounter) {
  ItemId first;
  {
    Transaction txn = engine_->BeginTransaction();
    absl::StatusOr<const Item*> tea = txn.CreateItem({.name = "Tea"});
    ASSERT_THAT(tea, IsOk());
    first = (*tea)->id;
    ASSERT_THAT(txn.CreateGroup({.group_name = "G", .unit = "pcs",
                                 .attributes = {{.name = "Color"}}},
                                {}),
                IsOk());
    ASSERT_THAT(txn.CreateLocation({.name = "Shop"}), IsOk());
    txn.Rollback();
  }
  ItemId again = AddItem(*engine_, {.name = "Coffee"});
  EXPECT_EQ(again, first);
}

// Every kind of write in one transaction, then a rollback: the engine reads
// back exactly as before, and the next id is the same.
TEST_F(TransactionTest, RollbackRestoresTheEngineExactly) {
  ItemId x = AddItem(*engine_, {.name = "Bolt", .sku = "X", .upc = "0001"});
  ItemId y = AddItem(*engine_, {.name = "Nut", .sku = "Y"});
  ItemId kit = AddItem(*engine_, {.name = "Kit", .sku = "KIT", .mapped_items = {{x, Q("2")}}});
  LocationId shop;
  GroupId shirts;
  {
    Transaction txn = engine_->BeginTransaction();
    Item v1{.name = "Shirt Red", .sku = "SH-R"};
    v1.attribute_options[0] = "Red";
    Item v2{.name = "Shirt Blue", .sku = "SH-B"};
    v2.attribute_options[0] = "Blue";
    auto g = txn.CreateGroup({.group_name = "Shirts", .unit = "pcs",
                              .attributes = {{.name = "Color"}}},
                             {v1, v2});
    ASSERT_THAT(g, IsOk());
    shirts = (*g)->id;
    auto l = txn.CreateLocation({.name = "Shop"});
    ASSERT_THAT(l, IsOk());
    shop = (*l)->id;
    ASSERT_THAT(txn.Commit(), IsOk());
  }
  clock_.Advance(absl::Hours(3));
  std::string before = DumpEngine(*engine_);
  ItemId next_before;
  {
    Transaction probe = engine_->BeginTransaction();
    next_before = (*probe.CreateItem({.name = "Probe"}))->id;
  }

  {
    Transaction txn = engine_->BeginTransaction();
    // Items: create, update, delete, statuses, flags, location access.
    ASSERT_THAT(txn.CreateItem({.name = "New", .sku = "N"}), IsOk());
    Item bolt = *txn.FindItem(x);
    bolt.name = "Big bolt";
    bolt.upc = "0002";
    bolt.details.mut().brand = "Acme";
    ASSERT_THAT(txn.UpdateItem(bolt), IsOk());
    Item k = *txn.FindItem(kit);
    k.mapped_items = {{y, Q("1")}};
    ASSERT_THAT(txn.UpdateItem(k), IsOk());
    ItemId both[] = {x, y};
    ASSERT_THAT(txn.SetItemsStatus(both, Status::kInactive), IsOk());
    ASSERT_THAT(txn.SetStorageLocationEnabled(both, true), IsOk());
    ASSERT_THAT(txn.SetItemLocationAccess(x, false, {shop}), IsOk());
    ItemId gone[] = {x};
    ASSERT_THAT(txn.DeleteItems(gone), IsOk());  // no longer used by the kit
    // Groups: update, status, ungroup, move, group, delete.
    ItemGroup g = *txn.FindGroup(shirts);
    g.group_name = "Tees";
    Item v3{.name = "Shirt Green", .sku = "SH-G"};
    v3.attribute_options[0] = "Green";
    ASSERT_THAT(txn.UpdateGroup(g, {v3}), IsOk());
    ASSERT_THAT(txn.SetGroupStatus(shirts, Status::kInactive), IsOk());
    std::vector<ItemId> members;
    for (const Item* m : txn.ItemsInGroup(shirts)) members.push_back(m->id);
    ASSERT_EQ(members.size(), 3u);
    ItemId first_member[] = {members[0]};
    ASSERT_THAT(txn.UngroupItems(first_member), IsOk());
    ASSERT_THAT(txn.MoveItemToGroup(members[0], shirts, {"Black", "", ""}), IsOk());
    auto grouped = txn.GroupItems({.group_name = "Nuts", .unit = "pcs",
                                   .attributes = {{.name = "Size"}}},
                                  {{y, {"M8", "", ""}}});
    ASSERT_THAT(grouped, IsOk());
    ASSERT_THAT(txn.DeleteGroup(shirts), IsOk());
    // Locations: create, update, mark primary, status, delete.
    auto depot = txn.CreateLocation({.name = "Depot"});
    ASSERT_THAT(depot, IsOk());
    Location s = *txn.FindLocation(shop);
    s.name = "Shop North";
    ASSERT_THAT(txn.UpdateLocation(s), IsOk());
    ASSERT_THAT(txn.MarkPrimaryLocation(shop), IsOk());
    ASSERT_THAT(txn.SetLocationStatus(LocationId(1), Status::kInactive), IsOk());
    ASSERT_THAT(txn.DeleteLocation(LocationId(1)), IsOk());
    EXPECT_NE(DumpState(txn), before);
    txn.Rollback();
  }
  EXPECT_EQ(DumpEngine(*engine_), before);
  {
    Snapshot snap = engine_->GetSnapshot();
    EXPECT_EQ(snap.FindItemByUpc("0001")->id, x);
    EXPECT_EQ(snap.FindItemByUpc("0002"), nullptr);
    EXPECT_THAT(snap.CompositesUsing(x), ElementsAre(kit));
    EXPECT_THAT(snap.CompositesUsing(y), IsEmpty());
    EXPECT_EQ(snap.PrimaryLocation()->id, LocationId(1));
    EXPECT_EQ(snap.ListGroups({.name_startswith = "Nuts"}).rows.size(), 0u);
  }
  // The id counter went back too.
  ItemId next_after = AddItem(*engine_, {.name = "Probe"});
  EXPECT_EQ(next_after, next_before);
}

TEST_F(TransactionTest, MovedFromTransactionIsInert) {
  Transaction a = engine_->BeginTransaction();
  ASSERT_THAT(a.CreateItem({.name = "Tea"}), IsOk());
  Transaction b = std::move(a);
  EXPECT_FALSE(a.active());  // NOLINT(bugprone-use-after-move): testing the moved-from state
  EXPECT_TRUE(b.active());
  EXPECT_THAT(a.Commit(), IsError(absl::StatusCode::kFailedPrecondition, "", ApiCode::kConflict));
  EXPECT_THAT(a.CreateItem({.name = "Other"}),
              IsError(absl::StatusCode::kFailedPrecondition, "", ApiCode::kConflict));
  // b carries the write on.
  EXPECT_EQ(b.ItemCount(), 1u);
  ASSERT_THAT(b.Commit(), IsOk());
  EXPECT_EQ(Count(), 1u);
}

TEST_F(TransactionTest, MovedTransactionRollsBackWhenItsNewOwnerIsDestroyed) {
  {
    Transaction a = engine_->BeginTransaction();
    ASSERT_THAT(a.CreateItem({.name = "Tea"}), IsOk());
    Transaction b = std::move(a);
  }
  EXPECT_EQ(Count(), 0u);
}

TEST_F(TransactionTest, MoveAssignmentRollsBackTheTransactionItReplaces) {
  auto other = OpenEngine();
  Transaction target = engine_->BeginTransaction();
  ASSERT_THAT(target.CreateItem({.name = "Lost"}), IsOk());
  Transaction source = other->BeginTransaction();
  ASSERT_THAT(source.CreateItem({.name = "Kept"}), IsOk());
  target = std::move(source);
  EXPECT_TRUE(target.active());
  // The replaced transaction rolled back and released its engine.
  EXPECT_EQ(Count(), 0u);
  // target now writes to the other engine.
  EXPECT_EQ(target.ItemCount(), 1u);
  ASSERT_THAT(target.CreateItem({.name = "More"}), IsOk());
  ASSERT_THAT(target.Commit(), IsOk());
  EXPECT_THAT(Names(other->GetSnapshot().ListItems({}).rows), ElementsAre("Kept", "More"));
  EXPECT_EQ(Count(), 0u);
}

TEST_F(TransactionTest, SelfMoveAssignmentKeepsTheTransaction) {
  Transaction txn = engine_->BeginTransaction();
  ASSERT_THAT(txn.CreateItem({.name = "Tea"}), IsOk());
  Transaction& alias = txn;
  txn = std::move(alias);
  EXPECT_TRUE(txn.active());
  ASSERT_THAT(txn.Commit(), IsOk());
  EXPECT_EQ(Count(), 1u);
}

TEST_F(TransactionTest, RefusedUpdateKeepsEveryIndexConsistent) {
  ItemId tea = AddItem(*engine_, {.name = "Tea", .sku = "T-1", .upc = "0001"});
  AddItem(*engine_, {.name = "Coffee", .sku = "C-1", .upc = "0002"});
  Item before = *engine_->GetSnapshot().FindItem(tea);
  {
    Transaction txn = engine_->BeginTransaction();
    Item t = before;
    t.sku = "NEW";
    t.upc = "0002";  // taken
    EXPECT_THAT(txn.UpdateItem(t),
                IsError(absl::StatusCode::kAlreadyExists, "upc", ApiCode::kDuplicate));
    ASSERT_THAT(txn.Commit(), IsOk());
  }
  Snapshot snap = engine_->GetSnapshot();
  EXPECT_EQ(DumpItem(*snap.FindItem(tea)), DumpItem(before));
  EXPECT_EQ(snap.FindItemBySku("NEW"), nullptr);
  EXPECT_EQ(snap.FindItemBySku("T-1")->id, tea);
  EXPECT_EQ(snap.FindItemByUpc("0001")->id, tea);
}

}  // namespace
}  // namespace inventory
