#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "inventory/engine.h"
#include "inventory/errors.h"
#include "support/catalog_testing.h"

namespace inventory {
namespace {

using ::inventory::testutil::AddItem;
using ::inventory::testutil::DumpEngine;
using ::inventory::testutil::IsError;
using ::inventory::testutil::IsOk;
using ::inventory::testutil::M;
using ::inventory::testutil::OpenEngine;
using ::inventory::testutil::Q;
using ::inventory::testutil::StatusOf;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kInUse[] =
    "Items which are a part of other transactions cannot be deleted. Instead, mark them as "
    "inactive";

class CompositeItemTest : public ::testing::Test {
 protected:
  CompositeItemTest() : engine_(OpenEngine()) {
    x_ = AddItem(*engine_, {.name = "Bolt", .sku = "X", .rate = M("0.5")});
    y_ = AddItem(*engine_, {.name = "Nut", .sku = "Y", .rate = M("0.25")});
    service_ = AddItem(*engine_, {.name = "Assembly", .sku = "S", .item_type = ItemType::kSales,
                                  .product_type = ProductType::kService});
  }

  Item Composite(std::string name, std::string sku, std::vector<MappedItem> mapped) {
    return {.name = std::move(name), .sku = std::move(sku), .rate = M("3"),
            .mapped_items = std::move(mapped)};
  }
  Item Get(ItemId id) {
    Snapshot snap = engine_->GetSnapshot();
    const Item* item = snap.FindItem(id);
    EXPECT_NE(item, nullptr) << id.value();
    return item ? *item : Item{};
  }

  // Runs one write and commits it when it succeeds; a refused write must
  // leave the engine exactly as it was.
  template <class F>
  absl::Status Write(F&& write) {
    return testutil::WriteChecked(*engine_, std::forward<F>(write));
  }
  absl::Status Create(Item item) {
    return Write([&](Transaction& t) { return t.CreateItem(item); });
  }
  absl::Status Update(Item item) {
    return Write([&](Transaction& t) { return t.UpdateItem(item); });
  }
  absl::Status Delete(std::vector<ItemId> ids) {
    return Write([&](Transaction& t) { return t.DeleteItems(ids); });
  }

  std::unique_ptr<Engine> engine_;
  ItemId x_, y_, service_;
};

TEST_F(CompositeItemTest, CreatesACompositeOfItems) {
  ItemId kit = AddItem(*engine_, Composite("Kit", "KIT", {{x_, Q("4")}, {y_, Q("2.5")},
                                                          {service_, Q("1")}}));
  ASSERT_TRUE(kit.valid());
  Snapshot snap = engine_->GetSnapshot();
  const Item* k = snap.FindItem(kit);
  ASSERT_NE(k, nullptr);
  EXPECT_TRUE(k->is_composite());
  EXPECT_EQ(k->item_type, ItemType::kInventory);
  EXPECT_THAT(k->mapped_items, ElementsAre(MappedItem{x_, Q("4")}, MappedItem{y_, Q("2.5")},
                                           MappedItem{service_, Q("1")}));
  EXPECT_THAT(snap.CompositesUsing(x_), ElementsAre(kit));
  EXPECT_THAT(snap.CompositesUsing(service_), ElementsAre(kit));
  EXPECT_THAT(snap.CompositesUsing(kit), IsEmpty());
  EXPECT_EQ(snap.FindItemBySku("kit")->id, kit);
}

TEST_F(CompositeItemTest, ListsEveryCompositeUsingAnItemInIdOrder) {
  ItemId a = AddItem(*engine_, Composite("A", "A", {{x_, Q("1")}}));
  ItemId b = AddItem(*engine_, Composite("B", "B", {{y_, Q("1")}, {x_, Q("1")}}));
  ItemId c = AddItem(*engine_, Composite("C", "C", {{x_, Q("1")}}));
  Snapshot snap = engine_->GetSnapshot();
  EXPECT_THAT(snap.CompositesUsing(x_), ElementsAre(a, b, c));
  EXPECT_THAT(snap.CompositesUsing(y_), ElementsAre(b));
  EXPECT_THAT(snap.CompositesUsing(ItemId(999)), IsEmpty());
}

TEST_F(CompositeItemTest, RequiresSku) {
  for (std::string sku : {"", "  "}) {
    absl::Status s = Create(Composite("Kit", sku, {{x_, Q("1")}}));
    EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "sku", ApiCode::kMissingField));
    EXPECT_EQ(s.message(), "sku is required.");
  }
}

TEST_F(CompositeItemTest, RequiresInventoryType) {
  for (ItemType type : {ItemType::kSales, ItemType::kPurchases, ItemType::kSalesAndPurchases}) {
    Item kit = Composite("Kit", "KIT", {{x_, Q("1")}});
    kit.item_type = type;
    absl::Status s = Create(kit);
    EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "item_type", ApiCode::kBadEnum));
    EXPECT_EQ(s.message(), "item_type of a composite item must be inventory.");
  }
}

TEST_F(CompositeItemTest, RefusesUnknownMappedItem) {
  absl::Status s = Create(Composite("Kit", "KIT", {{x_, Q("1")}, {ItemId(999), Q("1")}}));
  EXPECT_THAT(s, IsError(absl::StatusCode::kNotFound, "mapped_items[1].item_id",
                         ApiCode::kItemNotFound));
  EXPECT_EQ(s.message(), "Item does not exist (item_id 999)");
}

TEST_F(CompositeItemTest, RefusesAnItemMappedTwice) {
  absl::Status s = Create(Composite("Kit", "KIT", {{x_, Q("1")}, {y_, Q("1")}, {x_, Q("2")}}));
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "mapped_items[2].item_id",
                         ApiCode::kInvalidValue));
  EXPECT_EQ(s.message(), "The item " + std::to_string(x_.value()) +
                             " appears more than once in mapped_items.");
}

TEST_F(CompositeItemTest, RefusesQuantitiesThatAreNotPositive) {
  for (const char* q : {"0", "-1", "-0.000001"}) {
    absl::Status s = Create(Composite("Kit", "KIT", {{x_, Q("1")}, {y_, Q(q)}}));
    EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "mapped_items[1].quantity",
                           ApiCode::kInvalidValue))
        << q;
    EXPECT_EQ(s.message(), "quantity of a mapped item must be greater than 0.");
  }
  EXPECT_THAT(Create(Composite("Kit", "KIT", {{x_, Q("0.000001")}})), IsOk());
}

TEST_F(CompositeItemTest, RefusesContainingItselfDirectly) {
  ItemId kit = AddItem(*engine_, Composite("Kit", "KIT", {{x_, Q("1")}}));
  Item k = Get(kit);
  k.mapped_items.push_back({kit, Q("1")});
  absl::Status s = Update(k);
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "mapped_items[1].item_id",
                         ApiCode::kCycle));
  EXPECT_EQ(s.message(), "A composite item cannot contain itself.");
  EXPECT_THAT(engine_->GetSnapshot().CompositesUsing(kit), IsEmpty());
}

TEST_F(CompositeItemTest, RefusesACycleThroughAnotherComposite) {
  ItemId a = AddItem(*engine_, Composite("A", "A", {{x_, Q("1")}}));
  ItemId b = AddItem(*engine_, Composite("B", "B", {{a, Q("2")}}));
  Item updated_a = Get(a);
  updated_a.mapped_items.push_back({b, Q("1")});
  absl::Status s = Update(updated_a);
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "mapped_items[1].item_id",
                         ApiCode::kCycle));
  EXPECT_EQ(s.message(), "A composite item cannot contain itself: item " +
                             std::to_string(b.value()) + " already contains it.");
  Snapshot snap = engine_->GetSnapshot();
  EXPECT_THAT(snap.FindItem(a)->mapped_items, ElementsAre(MappedItem{x_, Q("1")}));
  EXPECT_THAT(snap.CompositesUsing(b), IsEmpty());
  EXPECT_THAT(snap.CompositesUsing(a), ElementsAre(b));
}

TEST_F(CompositeItemTest, RefusesALongerCycle) {
  ItemId a = AddItem(*engine_, Composite("A", "A", {{x_, Q("1")}}));
  ItemId b = AddItem(*engine_, Composite("B", "B", {{a, Q("1")}}));
  ItemId c = AddItem(*engine_, Composite("C", "C", {{y_, Q("1")}, {b, Q("1")}}));
  Item updated_a = Get(a);
  updated_a.mapped_items = {{c, Q("1")}};
  EXPECT_THAT(Update(updated_a), IsError(absl::StatusCode::kFailedPrecondition,
                                         "mapped_items[0].item_id", ApiCode::kCycle));
  // A diamond is not a cycle: D uses B and C, which both use A.
  EXPECT_THAT(Create(Composite("D", "D", {{b, Q("1")}, {c, Q("1")}, {a, Q("1")}})), IsOk());
}

TEST_F(CompositeItemTest, UpdateCannotRemoveEveryMappedItem) {
  ItemId kit = AddItem(*engine_, Composite("Kit", "KIT", {{x_, Q("1")}}));
  Item k = Get(kit);
  k.mapped_items.clear();
  absl::Status s = Update(k);
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "mapped_items",
                         ApiCode::kMissingField));
  EXPECT_EQ(s.message(), "A composite item needs at least one mapped item.");
  EXPECT_TRUE(Get(kit).is_composite());
}

TEST_F(CompositeItemTest, UpdateCannotTurnAPlainItemIntoAComposite) {
  Item x = Get(x_);
  x.mapped_items = {{y_, Q("1")}};
  absl::Status s = Update(x);
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "mapped_items",
                         ApiCode::kMissingField));
  EXPECT_EQ(s.message(), "mapped_items can only be set on composite items.");
}

TEST_F(CompositeItemTest, UpdateReplacesTheComponents) {
  ItemId kit = AddItem(*engine_, Composite("Kit", "KIT", {{x_, Q("1")}}));
  Item k = Get(kit);
  k.mapped_items = {{y_, Q("3")}};
  ASSERT_THAT(Update(k), IsOk());
  Snapshot snap = engine_->GetSnapshot();
  EXPECT_THAT(snap.CompositesUsing(x_), IsEmpty());
  EXPECT_THAT(snap.CompositesUsing(y_), ElementsAre(kit));
  EXPECT_THAT(snap.FindItem(kit)->mapped_items, ElementsAre(MappedItem{y_, Q("3")}));
}

TEST_F(CompositeItemTest, UpdateOfACompositeChecksItsRulesAgain) {
  ItemId kit = AddItem(*engine_, Composite("Kit", "KIT", {{x_, Q("1")}}));
  Item k = Get(kit);
  k.sku = "";
  EXPECT_THAT(Update(k), IsError(absl::StatusCode::kInvalidArgument, "sku",
                                 ApiCode::kMissingField));
  k = Get(kit);
  k.mapped_items[0].quantity = Q("0");
  EXPECT_THAT(Update(k), IsError(absl::StatusCode::kInvalidArgument, "mapped_items[0].quantity",
                                 ApiCode::kInvalidValue));
  k = Get(kit);
  k.sku = "x";  // the SKU of the component
  EXPECT_THAT(Update(k), IsError(absl::StatusCode::kAlreadyExists, "sku", ApiCode::kDuplicate));
}

TEST_F(CompositeItemTest, CannotJoinAnItemGroup) {
  GroupId group;
  {
    Transaction txn = engine_->BeginTransaction();
    auto g = txn.CreateGroup({.group_name = "Shirts", .unit = "pcs"}, {});
    ASSERT_THAT(g, IsOk());
    group = (*g)->id;
    ASSERT_THAT(txn.Commit(), IsOk());
  }
  Item kit = Composite("Kit", "KIT", {{x_, Q("1")}});
  kit.group_id = group;
  absl::Status s = Create(kit);
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "group_id", ApiCode::kInvalidValue));
  EXPECT_EQ(s.message(), "A composite item cannot belong to an item group.");
}

TEST_F(CompositeItemTest, ComponentCannotBeDeleted) {
  ItemId kit = AddItem(*engine_, Composite("Kit", "KIT", {{x_, Q("1")}, {y_, Q("1")}}));
  absl::Status s = Delete({x_});
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "item_id", ApiCode::kItemInUse));
  EXPECT_EQ(s.message(), kInUse);
  // In a bulk delete one used item stops the whole request.
  EXPECT_THAT(Delete({service_, y_}),
              IsError(absl::StatusCode::kFailedPrecondition, "item_id", ApiCode::kItemInUse));
  Snapshot snap = engine_->GetSnapshot();
  EXPECT_EQ(snap.ItemCount(), 4u);
  EXPECT_NE(snap.FindItem(service_), nullptr);
  EXPECT_THAT(snap.CompositesUsing(x_), ElementsAre(kit));
}

TEST_F(CompositeItemTest, CompositeCanBeDeletedAlone) {
  ItemId kit = AddItem(*engine_, Composite("Kit", "KIT", {{x_, Q("1")}}));
  ASSERT_THAT(Delete({kit}), IsOk());
  Snapshot snap = engine_->GetSnapshot();
  EXPECT_EQ(snap.FindItem(kit), nullptr);
  EXPECT_THAT(snap.CompositesUsing(x_), IsEmpty());
  EXPECT_EQ(snap.FindItemBySku("KIT"), nullptr);
}

TEST_F(CompositeItemTest, ComponentIsDeletableOnceNoCompositeUsesIt) {
  ItemId kit = AddItem(*engine_, Composite("Kit", "KIT", {{x_, Q("1")}}));
  ASSERT_THAT(Delete({kit}), IsOk());
  EXPECT_THAT(Delete({x_}), IsOk());
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 2u);
}

TEST_F(CompositeItemTest, CompositeAndComponentCanBeDeletedTogether) {
  ItemId kit = AddItem(*engine_, Composite("Kit", "KIT", {{x_, Q("1")}, {y_, Q("1")}}));
  // Either order in the request.
  ASSERT_THAT(Delete({x_, kit}), IsOk());
  Snapshot snap = engine_->GetSnapshot();
  EXPECT_EQ(snap.ItemCount(), 2u);
  EXPECT_EQ(snap.FindItem(x_), nullptr);
  EXPECT_EQ(snap.FindItem(kit), nullptr);
  EXPECT_THAT(snap.CompositesUsing(y_), IsEmpty());
}

TEST_F(CompositeItemTest, NestedCompositesProtectTheirComponents) {
  ItemId a = AddItem(*engine_, Composite("A", "A", {{x_, Q("1")}}));
  ItemId b = AddItem(*engine_, Composite("B", "B", {{a, Q("1")}}));
  // A is used by B, even when X goes with it.
  EXPECT_THAT(Delete({a}),
              IsError(absl::StatusCode::kFailedPrecondition, "item_id", ApiCode::kItemInUse));
  EXPECT_THAT(Delete({a, x_}),
              IsError(absl::StatusCode::kFailedPrecondition, "item_id", ApiCode::kItemInUse));
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 5u);
  ASSERT_THAT(Delete({x_, a, b}), IsOk());
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 2u);
}

TEST_F(CompositeItemTest, InactiveCompositeStillProtectsItsComponents) {
  ItemId kit = AddItem(*engine_, Composite("Kit", "KIT", {{x_, Q("1")}}));
  ItemId ids[] = {kit};
  ASSERT_THAT(Write([&](Transaction& t) { return t.SetItemsStatus(ids, Status::kInactive); }),
              IsOk());
  EXPECT_EQ(Get(kit).status, Status::kInactive);
  EXPECT_THAT(Delete({x_}),
              IsError(absl::StatusCode::kFailedPrecondition, "item_id", ApiCode::kItemInUse));
}

}  // namespace
}  // namespace inventory
