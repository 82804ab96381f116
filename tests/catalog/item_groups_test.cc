#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "inventory/engine.h"
#include "inventory/errors.h"
#include "support/catalog_testing.h"

namespace inventory {
namespace {

using ::inventory::testutil::AddItem;
using ::inventory::testutil::DumpEngine;
using ::inventory::testutil::FrozenClock;
using ::inventory::testutil::FrozenStart;
using ::inventory::testutil::Ids;
using ::inventory::testutil::IsError;
using ::inventory::testutil::IsOk;
using ::inventory::testutil::M;
using ::inventory::testutil::OpenEngine;
using ::inventory::testutil::Q;
using ::inventory::testutil::StatusOf;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The option names of an attribute, in order.
std::vector<std::string> OptionNames(const Attribute& a) {
  std::vector<std::string> out;
  for (const AttributeOption& o : a.options) out.push_back(o.name);
  return out;
}

Item Variant(std::string name, std::string sku, std::string color, std::string size = "") {
  Item v{.name = std::move(name), .sku = std::move(sku), .rate = M("10"),
         .purchase_rate = M("6")};
  v.attribute_options = {std::move(color), std::move(size), ""};
  return v;
}

ItemGroup Shirts() {
  return {.group_name = "Shirts", .unit = "pcs", .brand = "Acme",
          .attributes = {{.name = "Color"}, {.name = "Size"}}};
}

class ItemGroupTest : public ::testing::Test {
 protected:
  ItemGroupTest() : engine_(OpenEngine({.clock = clock_.AsFunction()})) {}

  template <class F>
  absl::Status Write(F&& write) {
    return testutil::WriteChecked(*engine_, std::forward<F>(write));
  }

  // Creates the group and returns its id (invalid on failure).
  GroupId Create(ItemGroup group, std::vector<Item> variants) {
    GroupId id;
    absl::Status s = Write([&](Transaction& t) {
      auto r = t.CreateGroup(group, variants);
      if (r.ok()) id = (*r)->id;
      return r;
    });
    EXPECT_THAT(s, IsOk());
    return id;
  }
  absl::Status TryCreate(ItemGroup group, std::vector<Item> variants) {
    return Write([&](Transaction& t) { return t.CreateGroup(group, variants); });
  }

  // Shirts in Red/S, Red/M and Blue/S.
  GroupId CreateShirts() {
    return Create(Shirts(), {Variant("Shirt Red S", "SH-RS", "Red", "S"),
                             Variant("Shirt Red M", "SH-RM", "Red", "M"),
                             Variant("Shirt Blue S", "SH-BS", "Blue", "S")});
  }
  std::vector<ItemId> Members(GroupId g) { return Ids(engine_->GetSnapshot().ItemsInGroup(g)); }
  Item Get(ItemId id) {
    Snapshot snap = engine_->GetSnapshot();
    const Item* item = snap.FindItem(id);
    EXPECT_NE(item, nullptr) << id.value();
    return item ? *item : Item{};
  }
  ItemGroup GetGroup(GroupId id) {
    Snapshot snap = engine_->GetSnapshot();
    const ItemGroup* g = snap.FindGroup(id);
    EXPECT_NE(g, nullptr) << id.value();
    return g ? *g : ItemGroup{};
  }

  FrozenClock clock_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(ItemGroupTest, CreatesAGroupWithItsVariants) {
  GroupId id = CreateShirts();
  ASSERT_TRUE(id.valid());
  Snapshot snap = engine_->GetSnapshot();
  const ItemGroup* g = snap.FindGroup(id);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->group_name, "Shirts");
  EXPECT_EQ(g->unit, "pcs");
  EXPECT_EQ(g->brand, "Acme");
  EXPECT_EQ(g->status, Status::kActive);
  EXPECT_EQ(g->created_time, FrozenStart());
  EXPECT_EQ(g->last_modified_time, FrozenStart());
  // The options the variants pick are added to the attributes, in order.
  ASSERT_EQ(g->attributes.size(), 2u);
  EXPECT_EQ(g->attributes[0].name, "Color");
  EXPECT_THAT(OptionNames(g->attributes[0]), ElementsAre("Red", "Blue"));
  EXPECT_EQ(g->attributes[1].name, "Size");
  EXPECT_THAT(OptionNames(g->attributes[1]), ElementsAre("S", "M"));
  // Attributes and options get ids, all different.
  std::vector<int64_t> ids = {g->attributes[0].id.value(), g->attributes[1].id.value()};
  for (const Attribute& a : g->attributes) {
    for (const AttributeOption& o : a.options) ids.push_back(o.id.value());
  }
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
  EXPECT_GT(ids.front(), 0);

  std::vector<const Item*> members = snap.ItemsInGroup(id);
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[0]->name, "Shirt Red S");
  EXPECT_EQ(members[1]->name, "Shirt Red M");
  EXPECT_EQ(members[2]->name, "Shirt Blue S");
  for (const Item* m : members) {
    EXPECT_EQ(m->group_id, id);
    EXPECT_EQ(m->unit, "pcs");  // taken from the group
    EXPECT_EQ(m->item_type, ItemType::kInventory);
  }
  EXPECT_EQ(members[1]->attribute_options[0], "Red");
  EXPECT_EQ(members[1]->attribute_options[1], "M");
  EXPECT_EQ(snap.ItemCount(), 3u);
}

TEST_F(ItemGroupTest, CreateIgnoresTheGivenIdAndStatus) {
  ItemGroup g = Shirts();
  g.id = GroupId(500);
  g.status = Status::kInactive;
  GroupId id = Create(g, {});
  EXPECT_NE(id, GroupId(500));
  EXPECT_EQ(GetGroup(id).status, Status::kActive);
}

TEST_F(ItemGroupTest, VariantKeepsItsOwnUnit) {
  Item v = Variant("Shirt", "SH", "Red", "S");
  v.unit = "box";
  GroupId id = Create(Shirts(), {v});
  EXPECT_EQ(engine_->GetSnapshot().ItemsInGroup(id)[0]->unit, "box");
}

TEST_F(ItemGroupTest, RequiresGroupNameAndUnit) {
  ItemGroup no_name = Shirts();
  no_name.group_name = " ";
  absl::Status s = TryCreate(no_name, {Variant("Shirt", "SH", "Red", "S")});
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "group_name",
                         ApiCode::kMissingField));
  EXPECT_EQ(s.message(), "group_name is required.");

  ItemGroup no_unit = Shirts();
  no_unit.unit = "";
  s = TryCreate(no_unit, {Variant("Shirt", "SH", "Red", "S")});
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "unit", ApiCode::kMissingField));
  EXPECT_EQ(s.message(), "unit is required.");

  ItemGroup long_name = Shirts();
  long_name.group_name = std::string(101, 'g');
  EXPECT_THAT(TryCreate(long_name, {}),
              IsError(absl::StatusCode::kInvalidArgument, "group_name", ApiCode::kTooLong));
  Snapshot snap = engine_->GetSnapshot();
  EXPECT_EQ(snap.ItemCount(), 0u);
  EXPECT_THAT(snap.ListGroups({}).rows, IsEmpty());
}

TEST_F(ItemGroupTest, AllowsAtMostThreeAttributes) {
  ItemGroup four{.group_name = "Four", .unit = "pcs",
                 .attributes = {{.name = "A"}, {.name = "B"}, {.name = "C"}, {.name = "D"}}};
  absl::Status s = TryCreate(four, {});
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "attributes",
                         ApiCode::kInvalidValue));
  EXPECT_EQ(s.message(), "An item group has at most 3 attributes.");

  ItemGroup three{.group_name = "Three", .unit = "pcs",
                  .attributes = {{.name = "A"}, {.name = "B"}, {.name = "C"}}};
  Item v{.name = "V"};
  v.attribute_options = {"a1", "b1", "c1"};
  GroupId id = Create(three, {v});
  ASSERT_TRUE(id.valid());
  EXPECT_EQ(GetGroup(id).attributes.size(), 3u);
}

TEST_F(ItemGroupTest, RefusesRepeatedOrUnnamedAttributes) {
  ItemGroup twice{.group_name = "G", .unit = "pcs",
                  .attributes = {{.name = "Color"}, {.name = "color"}}};
  absl::Status s = TryCreate(twice, {});
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "attribute_name2",
                         ApiCode::kInvalidValue));
  EXPECT_EQ(s.message(), "The attribute 'color' is given twice.");
  ItemGroup unnamed{.group_name = "G", .unit = "pcs",
                    .attributes = {{.name = "Color"}, {.name = ""}}};
  EXPECT_THAT(TryCreate(unnamed, {}), IsError(absl::StatusCode::kInvalidArgument,
                                              "attribute_name2", ApiCode::kMissingField));
}

TEST_F(ItemGroupTest, VariantsMustBeInventoryItems) {
  Item sales = Variant("Shirt Blue S", "SH-BS", "Blue", "S");
  sales.item_type = ItemType::kSales;
  absl::Status s = TryCreate(Shirts(), {Variant("Shirt Red S", "SH-RS", "Red", "S"), sales});
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "items[1].item_type",
                         ApiCode::kBadEnum));
  EXPECT_EQ(s.message(), "An item in an item group must be of type inventory.");
  // Nothing was created, not even the first variant, and no id was used up.
  Snapshot snap = engine_->GetSnapshot();
  EXPECT_EQ(snap.ItemCount(), 0u);
  EXPECT_THAT(snap.ListGroups({}).rows, IsEmpty());
}

TEST_F(ItemGroupTest, RefusedCreateDoesNotUseUpIds) {
  Item sales = Variant("Shirt", "SH", "Red", "S");
  sales.item_type = ItemType::kPurchases;
  ASSERT_FALSE(TryCreate(Shirts(), {sales}).ok());
  ItemId id = AddItem(*engine_, {.name = "Next"});
  EXPECT_EQ(id, ItemId(2));  // 1 is the primary location
}

TEST_F(ItemGroupTest, UpdateOfAVariantToAnotherTypeIsRefused) {
  GroupId g = CreateShirts();
  ItemId first = Members(g)[0];
  for (ItemType type : {ItemType::kSales, ItemType::kPurchases, ItemType::kSalesAndPurchases}) {
    Item v = Get(first);
    v.item_type = type;
    absl::Status s = Write([&](Transaction& t) { return t.UpdateItem(v); });
    EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "item_type", ApiCode::kBadEnum));
  }
  EXPECT_EQ(Get(first).item_type, ItemType::kInventory);
}

TEST_F(ItemGroupTest, NonInventoryItemCannotBeMovedOrGroupedIn) {
  GroupId g = CreateShirts();
  ItemId service = AddItem(*engine_, {.name = "Ironing", .item_type = ItemType::kSales});
  absl::Status s =
      Write([&](Transaction& t) { return t.MoveItemToGroup(service, g, {"Green", "L", ""}); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "item_type", ApiCode::kBadEnum));
  // The options were not added to the group either.
  EXPECT_THAT(OptionNames(GetGroup(g).attributes[0]), ElementsAre("Red", "Blue"));
  s = Write([&](Transaction& t) {
    return t.GroupItems({.group_name = "Services", .unit = "h", .attributes = {{.name = "Kind"}}},
                        {{service, {"Basic", "", ""}}});
  });
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "items[0].item_type",
                         ApiCode::kBadEnum));
}

TEST_F(ItemGroupTest, TwoVariantsMayNotShareAnOptionCombination) {
  absl::Status s = TryCreate(Shirts(), {Variant("Shirt Red S", "SH-RS", "Red", "S"),
                                        Variant("Shirt Red S again", "SH-RS2", "red", "s")});
  EXPECT_THAT(s, IsError(absl::StatusCode::kAlreadyExists, "items[1].attribute_option_name1",
                         ApiCode::kDuplicate));
  EXPECT_EQ(s.message(),
            "The item 'Shirt Red S' of this group already has the same attribute options.");
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 0u);
}

TEST_F(ItemGroupTest, UpdateMayNotCopyTheOptionsOfAnotherVariant) {
  GroupId g = CreateShirts();
  std::vector<ItemId> m = Members(g);
  Item red_m = Get(m[1]);
  red_m.attribute_options = {"Red", "S", ""};
  absl::Status s = Write([&](Transaction& t) { return t.UpdateItem(red_m); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kAlreadyExists, "attribute_option_name1",
                         ApiCode::kDuplicate));
  // Keeping its own options is fine.
  Item same = Get(m[1]);
  same.rate = M("12");
  EXPECT_THAT(Write([&](Transaction& t) { return t.UpdateItem(same); }), IsOk());
}

TEST_F(ItemGroupTest, VariantPicksOneOptionPerAttribute) {
  absl::Status s = TryCreate(Shirts(), {Variant("Shirt", "SH", "Red", "")});
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "items[0].attribute_option_name2",
                         ApiCode::kMissingField));
  EXPECT_EQ(s.message(), "attribute_option_name2 is required for attribute 'Size'.");

  Item extra = Variant("Shirt", "SH", "Red", "S");
  extra.attribute_options[2] = "Cotton";
  s = TryCreate(Shirts(), {extra});
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "items[0].attribute_option_name3",
                         ApiCode::kInvalidValue));
  EXPECT_EQ(s.message(), "The item group has no attribute 3.");
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 0u);
}

TEST_F(ItemGroupTest, AVariantNamingANewOptionAddsItToTheAttribute) {
  GroupId g = CreateShirts();
  Item v = Get(Members(g)[0]);
  v.attribute_options[0] = "Green";
  EXPECT_THAT(Write([&](Transaction& t) { return t.UpdateItem(v); }), IsOk());
  EXPECT_THAT(OptionNames(GetGroup(g).attributes[0]), ElementsAre("Red", "Blue", "Green"));
  // Options compare case-insensitively: "blue" is the existing "Blue".
  v.attribute_options = {"blue", "m", ""};
  EXPECT_THAT(Write([&](Transaction& t) { return t.UpdateItem(v); }), IsOk());
  EXPECT_THAT(OptionNames(GetGroup(g).attributes[0]), ElementsAre("Red", "Blue", "Green"));
  // A refused variant adds nothing.
  v.attribute_options = {"Purple", "S", ""};
  v.item_type = ItemType::kSales;
  EXPECT_THAT(Write([&](Transaction& t) { return t.UpdateItem(v); }),
              IsError(absl::StatusCode::kInvalidArgument, "item_type", ApiCode::kBadEnum));
  EXPECT_THAT(OptionNames(GetGroup(g).attributes[0]), ElementsAre("Red", "Blue", "Green"));
}

TEST_F(ItemGroupTest, OptionsAreComparedTrimmed) {
  // " Red " is added to the attribute as "Red", and the variant that named it
  // so is accepted; "Red" with other spaces is the same option.
  GroupId g = Create(Shirts(), {Variant("Shirt Red S", "SH-RS", " Red ", "S")});
  ASSERT_TRUE(g.valid());
  EXPECT_THAT(OptionNames(GetGroup(g).attributes[0]), ElementsAre("Red"));
  ItemGroup group = GetGroup(g);
  absl::Status s = Write([&](Transaction& t) {
    return t.UpdateGroup(group, {Variant("Shirt Red S 2", "SH-RS2", "Red  ", " S")});
  });
  EXPECT_THAT(s, IsError(absl::StatusCode::kAlreadyExists, "items[0].attribute_option_name1",
                         ApiCode::kDuplicate));
}

TEST_F(ItemGroupTest, GroupWithoutAttributesTakesVariantsWithoutOptions) {
  GroupId g = Create({.group_name = "Plain", .unit = "pcs"},
                     {{.name = "One", .sku = "P1"}, {.name = "Two", .sku = "P2"}});
  EXPECT_EQ(Members(g).size(), 2u);
}

TEST_F(ItemGroupTest, VariantSkusAreUniqueLikeAnyOther) {
  AddItem(*engine_, {.name = "Loose", .sku = "SH-RS"});
  absl::Status s = TryCreate(Shirts(), {Variant("Shirt", " sh-rs", "Red", "S")});
  EXPECT_THAT(s, IsError(absl::StatusCode::kAlreadyExists, "items[0].sku", ApiCode::kDuplicate));
}

TEST_F(ItemGroupTest, UpdatesTheGroupAndItsVariants) {
  GroupId g = CreateShirts();
  std::vector<ItemId> m = Members(g);
  ItemGroup before = GetGroup(g);
  clock_.Advance(absl::Hours(2));
  ItemGroup changed = before;
  changed.group_name = "Tee shirts";
  // Attributes are matched by name, case-insensitively, and keep their ids
  // and options.
  changed.attributes = {{.name = "color"}, {.name = "Size"}};
  Item red_s = Get(m[0]);
  red_s.rate = M("11");
  ItemGroup updated;
  ASSERT_THAT(Write([&](Transaction& t) {
                auto r = t.UpdateGroup(changed, {red_s, Variant("Shirt Green L", "SH-GL",
                                                                "Green", "L")});
                if (r.ok()) updated = **r;
                return r;
              }),
              IsOk());
  EXPECT_EQ(updated.id, g);
  EXPECT_EQ(updated.group_name, "Tee shirts");
  EXPECT_EQ(updated.created_time, FrozenStart());
  EXPECT_EQ(updated.last_modified_time, FrozenStart() + absl::Hours(2));
  ASSERT_EQ(updated.attributes.size(), 2u);
  EXPECT_EQ(updated.attributes[0].name, "color");
  EXPECT_EQ(updated.attributes[0].id, before.attributes[0].id);
  EXPECT_EQ(updated.attributes[1].id, before.attributes[1].id);
  // Old options are kept (with their ids) and new ones added.
  EXPECT_THAT(OptionNames(updated.attributes[0]), ElementsAre("Red", "Blue", "Green"));
  EXPECT_EQ(updated.attributes[0].options[0].id, before.attributes[0].options[0].id);
  EXPECT_THAT(OptionNames(updated.attributes[1]), ElementsAre("S", "M", "L"));

  std::vector<ItemId> now = Members(g);
  ASSERT_EQ(now.size(), 4u);
  EXPECT_EQ(Get(m[0]).rate, M("11"));
  EXPECT_EQ(Get(m[0]).created_time, FrozenStart());
  EXPECT_EQ(Get(now[3]).name, "Shirt Green L");
  EXPECT_EQ(Get(now[3]).group_id, g);
}

TEST_F(ItemGroupTest, UpdateOfAnUnknownGroupOrForeignVariantIsNotFound) {
  GroupId g = CreateShirts();
  ItemGroup ghost = Shirts();
  ghost.id = GroupId(999);
  absl::Status s = Write([&](Transaction& t) { return t.UpdateGroup(ghost, {}); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kNotFound, "group_id", ApiCode::kNotFound));
  EXPECT_EQ(s.message(), "Item group does not exist. (group_id 999)");

  ItemId loose = AddItem(*engine_, {.name = "Loose"});
  Item foreign = Get(loose);
  foreign.attribute_options = {"Red", "L", ""};
  ItemGroup same = GetGroup(g);
  same.group_name = "Renamed";
  s = Write([&](Transaction& t) { return t.UpdateGroup(same, {foreign}); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kNotFound, "items[0].item_id", ApiCode::kItemNotFound));
  EXPECT_EQ(GetGroup(g).group_name, "Shirts");
}

TEST_F(ItemGroupTest, UpdateThatDropsAnAttributeStillInUseIsRefused) {
  GroupId g = CreateShirts();
  ItemGroup fewer = GetGroup(g);
  fewer.attributes.pop_back();  // Size, which every variant uses
  absl::Status s = Write([&](Transaction& t) { return t.UpdateGroup(fewer, {}); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "attribute_option_name2",
                         ApiCode::kInvalidValue));
  EXPECT_EQ(GetGroup(g).attributes.size(), 2u);
}

TEST_F(ItemGroupTest, DeletingAGroupDeletesAllItsItems) {
  GroupId g = CreateShirts();
  GroupId other = Create({.group_name = "Mugs", .unit = "pcs"}, {{.name = "Mug", .sku = "M"}});
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteGroup(g); }), IsOk());
  Snapshot snap = engine_->GetSnapshot();
  EXPECT_EQ(snap.FindGroup(g), nullptr);
  EXPECT_THAT(snap.ItemsInGroup(g), IsEmpty());
  EXPECT_EQ(snap.ItemCount(), 1u);
  EXPECT_EQ(snap.FindItemBySku("SH-RS"), nullptr);
  EXPECT_EQ(snap.ItemsInGroup(other).size(), 1u);
}

TEST_F(ItemGroupTest, DeletingAGroupDeletesNothingWhenAVariantIsUsed) {
  GroupId g = CreateShirts();
  std::vector<ItemId> m = Members(g);
  ItemId kit = AddItem(*engine_, {.name = "Kit", .sku = "KIT", .mapped_items = {{m[2], Q("1")}}});
  ASSERT_TRUE(kit.valid());
  absl::Status s = Write([&](Transaction& t) { return t.DeleteGroup(g); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "item_id", ApiCode::kItemInUse));
  EXPECT_THAT(Members(g), ElementsAre(m[0], m[1], m[2]));
  EXPECT_NE(engine_->GetSnapshot().FindGroup(g), nullptr);
}

TEST_F(ItemGroupTest, DeletingAnUnknownGroupIsNotFound) {
  EXPECT_THAT(Write([&](Transaction& t) { return t.DeleteGroup(GroupId(12345)); }),
              IsError(absl::StatusCode::kNotFound, "group_id", ApiCode::kNotFound));
}

TEST_F(ItemGroupTest, StatusCascadesToTheItems) {
  GroupId g = CreateShirts();
  ItemId loose = AddItem(*engine_, {.name = "Loose"});
  clock_.Advance(absl::Minutes(1));
  ASSERT_THAT(Write([&](Transaction& t) { return t.SetGroupStatus(g, Status::kInactive); }),
              IsOk());
  EXPECT_EQ(GetGroup(g).status, Status::kInactive);
  EXPECT_EQ(GetGroup(g).last_modified_time, FrozenStart() + absl::Minutes(1));
  for (ItemId id : Members(g)) {
    EXPECT_EQ(Get(id).status, Status::kInactive);
    EXPECT_EQ(Get(id).last_modified_time, FrozenStart() + absl::Minutes(1));
  }
  EXPECT_EQ(Get(loose).status, Status::kActive);
  ASSERT_THAT(Write([&](Transaction& t) { return t.SetGroupStatus(g, Status::kActive); }),
              IsOk());
  EXPECT_EQ(GetGroup(g).status, Status::kActive);
  for (ItemId id : Members(g)) EXPECT_EQ(Get(id).status, Status::kActive);
  EXPECT_THAT(Write([&](Transaction& t) { return t.SetGroupStatus(GroupId(999), Status::kActive); }),
              IsError(absl::StatusCode::kNotFound, "group_id", ApiCode::kNotFound));
}

TEST_F(ItemGroupTest, UpdateKeepsTheGroupStatus) {
  GroupId g = CreateShirts();
  ASSERT_THAT(Write([&](Transaction& t) { return t.SetGroupStatus(g, Status::kInactive); }),
              IsOk());
  ItemGroup changed = GetGroup(g);
  changed.status = Status::kActive;
  changed.description = "Cotton";
  ASSERT_THAT(Write([&](Transaction& t) { return t.UpdateGroup(changed, {}); }), IsOk());
  EXPECT_EQ(GetGroup(g).status, Status::kInactive);
  EXPECT_EQ(GetGroup(g).description, "Cotton");
}

TEST_F(ItemGroupTest, UngroupsItems) {
  GroupId g = CreateShirts();
  std::vector<ItemId> m = Members(g);
  std::vector<ItemId> ids = {m[0], m[2]};
  ASSERT_THAT(Write([&](Transaction& t) { return t.UngroupItems(ids); }), IsOk());
  EXPECT_THAT(Members(g), ElementsAre(m[1]));
  Item freed = Get(m[0]);
  EXPECT_EQ(freed.group_id, std::nullopt);
  EXPECT_EQ(freed.attribute_options, (std::array<std::string, 3>{}));
  EXPECT_EQ(freed.name, "Shirt Red S");  // keeps its fields
  EXPECT_EQ(freed.sku, "SH-RS");
  // An ungrouped item may change type now.
  freed.item_type = ItemType::kSales;
  EXPECT_THAT(Write([&](Transaction& t) { return t.UpdateItem(freed); }), IsOk());
}

TEST_F(ItemGroupTest, UngroupIsAllOrNothing) {
  GroupId g = CreateShirts();
  std::vector<ItemId> m = Members(g);
  ItemId loose = AddItem(*engine_, {.name = "Loose"});
  std::vector<ItemId> ids = {m[0], loose};
  absl::Status s = Write([&](Transaction& t) { return t.UngroupItems(ids); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "item_ids", ApiCode::kInvalidValue));
  EXPECT_EQ(s.message(), "The item 'Loose' is not in an item group.");
  ids = {m[0], ItemId(999)};
  EXPECT_THAT(Write([&](Transaction& t) { return t.UngroupItems(ids); }),
              IsError(absl::StatusCode::kNotFound, "item_id", ApiCode::kItemNotFound));
  EXPECT_EQ(Members(g).size(), 3u);
}

TEST_F(ItemGroupTest, RenamingAnAttributeKeepsItsOptionsAndVariants) {
  GroupId g = CreateShirts();
  ItemGroup group = GetGroup(g);
  const AttributeId color = group.attributes[0].id;
  group.attributes[0] = {.name = "Colour"};
  ASSERT_THAT(Write([&](Transaction& t) { return t.UpdateGroup(group, {}); }), IsOk());
  ItemGroup renamed = GetGroup(g);
  EXPECT_EQ(renamed.attributes[0].name, "Colour");
  EXPECT_EQ(renamed.attributes[0].id, color);
  EXPECT_THAT(OptionNames(renamed.attributes[0]), ElementsAre("Red", "Blue"));
  EXPECT_EQ(Members(g).size(), 3u);
}

TEST_F(ItemGroupTest, MovesAnItemIntoAGroup) {
  GroupId g = CreateShirts();
  ItemId loose = AddItem(*engine_, {.name = "Shirt Green L", .sku = "SH-GL"});
  ItemId moved_id;
  ASSERT_THAT(Write([&](Transaction& t) {
                auto r = t.MoveItemToGroup(loose, g, {"Green", "L", ""});
                if (r.ok()) moved_id = (*r)->id;
                return r;
              }),
              IsOk());
  EXPECT_EQ(moved_id, loose);
  Item moved = Get(loose);
  EXPECT_EQ(moved.group_id, g);
  EXPECT_EQ(moved.attribute_options[0], "Green");
  EXPECT_EQ(moved.attribute_options[1], "L");
  ItemGroup group = GetGroup(g);
  EXPECT_THAT(OptionNames(group.attributes[0]), ElementsAre("Red", "Blue", "Green"));
  EXPECT_THAT(OptionNames(group.attributes[1]), ElementsAre("S", "M", "L"));
  EXPECT_EQ(Members(g).back(), loose);
}

TEST_F(ItemGroupTest, MoveIntoAGroupChecksTheOptions) {
  GroupId g = CreateShirts();
  ItemId loose = AddItem(*engine_, {.name = "Loose"});
  // Same combination as an existing variant.
  EXPECT_THAT(Write([&](Transaction& t) { return t.MoveItemToGroup(loose, g, {"Red", "S", ""}); }),
              IsError(absl::StatusCode::kAlreadyExists, "attribute_option_name1",
                      ApiCode::kDuplicate));
  // Missing the second option.
  EXPECT_THAT(Write([&](Transaction& t) { return t.MoveItemToGroup(loose, g, {"Pink", "", ""}); }),
              IsError(absl::StatusCode::kInvalidArgument, "attribute_option_name2",
                      ApiCode::kMissingField));
  EXPECT_THAT(
      Write([&](Transaction& t) { return t.MoveItemToGroup(loose, GroupId(999), {"A", "B", ""}); }),
      IsError(absl::StatusCode::kNotFound, "group_id", ApiCode::kNotFound));
  EXPECT_THAT(
      Write([&](Transaction& t) { return t.MoveItemToGroup(ItemId(999), g, {"A", "B", ""}); }),
      IsError(absl::StatusCode::kNotFound, "item_id", ApiCode::kItemNotFound));
  EXPECT_EQ(Get(loose).group_id, std::nullopt);
}

TEST_F(ItemGroupTest, GroupsExistingItemsIntoANewGroup) {
  ItemId a = AddItem(*engine_, {.name = "Mug white", .sku = "MW"});
  ItemId b = AddItem(*engine_, {.name = "Mug black", .sku = "MB"});
  GroupId g;
  ASSERT_THAT(Write([&](Transaction& t) {
                auto r = t.GroupItems({.group_name = "Mugs", .unit = "pcs",
                                       .attributes = {{.name = "Color"}}},
                                      {{a, {"White", "", ""}}, {b, {"Black", "", ""}}});
                if (r.ok()) g = (*r)->id;
                return r;
              }),
              IsOk());
  EXPECT_THAT(Members(g), ElementsAre(a, b));
  EXPECT_THAT(OptionNames(GetGroup(g).attributes[0]), ElementsAre("White", "Black"));
  EXPECT_EQ(Get(a).attribute_options[0], "White");
  EXPECT_EQ(Get(a).name, "Mug white");
}

TEST_F(ItemGroupTest, GroupsExistingItemsIntoAnExistingGroup) {
  GroupId g = CreateShirts();
  ItemId a = AddItem(*engine_, {.name = "Shirt Blue M", .sku = "SH-BM"});
  ItemGroup ref;
  ref.id = g;
  ref.group_name = "ignored";  // the existing group keeps its fields
  ASSERT_THAT(Write([&](Transaction& t) { return t.GroupItems(ref, {{a, {"Blue", "M", ""}}}); }),
              IsOk());
  EXPECT_EQ(Members(g).size(), 4u);
  EXPECT_EQ(GetGroup(g).group_name, "Shirts");
  // All or nothing: one bad item and no item moves, no group is created.
  ItemId b = AddItem(*engine_, {.name = "Loose"});
  absl::Status s = Write([&](Transaction& t) {
    return t.GroupItems({.group_name = "New", .unit = "pcs", .attributes = {{.name = "X"}}},
                        {{b, {"x1", "", ""}}, {ItemId(999), {"x2", "", ""}}});
  });
  EXPECT_THAT(s, IsError(absl::StatusCode::kNotFound, "items[1].item_id", ApiCode::kItemNotFound));
  EXPECT_EQ(engine_->GetSnapshot().ListGroups({}).rows.size(), 1u);
}

TEST_F(ItemGroupTest, ListsGroupsByNameWithFiltersAndPages) {
  GroupId shirts = CreateShirts();
  GroupId mugs = Create({.group_name = "mugs", .unit = "pcs", .description = "Ceramic"}, {});
  GroupId hats = Create({.group_name = "Hats", .unit = "pcs"}, {});
  ASSERT_THAT(Write([&](Transaction& t) { return t.SetGroupStatus(hats, Status::kInactive); }),
              IsOk());
  Snapshot snap = engine_->GetSnapshot();
  auto ids = [](const Page<ItemGroup>& p) {
    std::vector<GroupId> out;
    for (const ItemGroup* g : p.rows) out.push_back(g->id);
    return out;
  };
  EXPECT_THAT(ids(snap.ListGroups({})), ElementsAre(hats, mugs, shirts));
  EXPECT_THAT(ids(snap.ListGroups({.descending = true})), ElementsAre(shirts, mugs, hats));
  EXPECT_THAT(ids(snap.ListGroups({.status = Status::kActive})), ElementsAre(mugs, shirts));
  EXPECT_THAT(ids(snap.ListGroups({.name_startswith = "MU"})), ElementsAre(mugs));
  EXPECT_THAT(ids(snap.ListGroups({.search_text = "ceram"})), ElementsAre(mugs));
  EXPECT_THAT(ids(snap.ListGroups({.search_text = "IRT"})), ElementsAre(shirts));
  Page<ItemGroup> first = snap.ListGroups({.page = 1, .per_page = 2});
  EXPECT_THAT(ids(first), ElementsAre(hats, mugs));
  EXPECT_TRUE(first.has_more_page);
  EXPECT_EQ(first.per_page, 2);
  Page<ItemGroup> second = snap.ListGroups({.page = 2, .per_page = 2});
  EXPECT_THAT(ids(second), ElementsAre(shirts));
  EXPECT_FALSE(second.has_more_page);
  EXPECT_EQ(second.page, 2);
  EXPECT_THAT(ids(snap.ListGroups({.page = 3, .per_page = 2})), IsEmpty());
}

}  // namespace
}  // namespace inventory
