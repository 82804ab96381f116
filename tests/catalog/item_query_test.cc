#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "common/text.h"
#include "inventory/engine.h"
#include "inventory/query.h"
#include "support/catalog_testing.h"

namespace inventory {
namespace {

using ::inventory::testutil::FrozenClock;
using ::inventory::testutil::FrozenStart;
using ::inventory::testutil::Ids;
using ::inventory::testutil::IsOk;
using ::inventory::testutil::M;
using ::inventory::testutil::Names;
using ::inventory::testutil::OpenEngine;
using ::inventory::testutil::Q;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// A small catalog; each item is created one minute after the previous one.
//
//   name          sku    rate  purchase reorder type                 product  status
//   Apple juice   AJ-1   3.5   2        5       inventory            goods    active
//   apple pie     AP-2   7     4        0       sales                goods    active
//   Banana        BN-3   1.25  1        0       purchases            goods    inactive
//   Cherry        CH-4   10    0        0       sales_and_purchases  service  active
//   Pineapple     PA-5   3.5   3        2       inventory            goods    active
//   Shirt Red     SH-R   20    9        0       inventory (grouped)  goods    active
//   Shirt Blue    SH-B   20    8        0       inventory (grouped)  goods    active
//   Fruit basket  FB     15    6        0       inventory composite  goods    active
class ItemQueryTest : public ::testing::Test {
 protected:
  ItemQueryTest() : engine_(OpenEngine({.clock = clock_.AsFunction()})) {
    Transaction txn = engine_->BeginTransaction();
    auto add = [&](Item item) {
      absl::StatusOr<const Item*> r = txn.CreateItem(std::move(item));
      EXPECT_THAT(r, IsOk());
      clock_.Advance(absl::Minutes(1));
      return r.ok() ? (*r)->id : ItemId();
    };
    Item apple_juice{.name = "Apple juice", .sku = "AJ-1", .upc = "0001", .ean = "0002",
                     .isbn = "0003", .part_number = "PN-1", .description = "Fresh pressed",
                     .rate = M("3.5"), .purchase_rate = M("2"), .reorder_level = Q("5")};
    apple_juice.details.mut().tax_id = "T1";
    apple_juice.details.mut().tax_name = "GST";
    apple_juice.details.mut().account_id = "ACC-S";
    apple_juice.details.mut().category_id = "CAT-1";
    apple_juice.details.mut().custom_fields = {
        {.customfield_id = "100", .api_name = "cf_origin", .label = "Origin", .value = "Spain"}};
    apple_juice_ = add(apple_juice);
    Item apple_pie{.name = "apple pie", .sku = "AP-2", .part_number = "PN-1",
                   .description = "Baked daily", .item_type = ItemType::kSales,
                   .rate = M("7"), .purchase_rate = M("4")};
    apple_pie.details.mut().tax_name = "VAT";
    apple_pie.details.mut().inventory_account_id = "ACC-I";
    apple_pie.details.mut().custom_fields = {
        {.customfield_id = "100", .api_name = "cf_origin", .label = "Origin", .value = "France"}};
    apple_pie_ = add(apple_pie);
    Item banana{.name = "Banana", .sku = "BN-3", .description = "Fresh fruit",
                .item_type = ItemType::kPurchases, .status = Status::kInactive,
                .rate = M("1.25"), .purchase_rate = M("1"), .is_taxable = false};
    banana.details.mut().tax_exemption_id = "EX-1";
    banana.details.mut().custom_fields = {
        {.customfield_id = "100", .api_name = "cf_origin", .label = "Origin", .value = "Spain"}};
    banana_ = add(banana);
    cherry_ = add({.name = "Cherry", .sku = "CH-4", .item_type = ItemType::kSalesAndPurchases,
                   .product_type = ProductType::kService, .rate = M("10")});
    pineapple_ = add({.name = "Pineapple", .sku = "PA-5", .description = "Apple of pines",
                      .rate = M("3.5"), .purchase_rate = M("3"), .reorder_level = Q("2")});
    absl::StatusOr<const ItemGroup*> g = txn.CreateGroup(
        {.group_name = "Shirts", .unit = "pcs", .attributes = {{.name = "Color"}}},
        {Variant("Shirt Red", "SH-R", "Red", "9"), Variant("Shirt Blue", "SH-B", "Blue", "8")});
    EXPECT_THAT(g, IsOk());
    group_ = (*g)->id;
    std::vector<const Item*> members = txn.ItemsInGroup(group_);
    shirt_red_ = members.at(0)->id;
    shirt_blue_ = members.at(1)->id;
    clock_.Advance(absl::Minutes(1));
    basket_ = add({.name = "Fruit basket", .sku = "FB", .rate = M("15"), .purchase_rate = M("6"),
                   .mapped_items = {{apple_juice_, Q("2")}, {banana_, Q("3")}}});
    EXPECT_THAT(txn.Commit(), IsOk());
  }

  static Item Variant(std::string name, std::string sku, std::string color,
                      std::string purchase_rate) {
    Item v{.name = std::move(name), .sku = std::move(sku), .rate = M("20"),
           .purchase_rate = M(purchase_rate)};
    v.attribute_options[0] = std::move(color);
    return v;
  }

  std::vector<std::string> List(const ItemQuery& q) {
    return Names(engine_->GetSnapshot().ListItems(q).rows);
  }

  FrozenClock clock_;
  std::unique_ptr<Engine> engine_;
  GroupId group_;
  ItemId apple_juice_, apple_pie_, banana_, cherry_, pineapple_, shirt_red_, shirt_blue_,
      basket_;
};

TEST_F(ItemQueryTest, ListsEverythingByNameByDefault) {
  Page<Item> page = engine_->GetSnapshot().ListItems({});
  EXPECT_THAT(Names(page.rows), ElementsAre("Apple juice", "apple pie", "Banana", "Cherry",
                                            "Fruit basket", "Pineapple", "Shirt Blue",
                                            "Shirt Red"));
  EXPECT_EQ(page.page, 1);
  EXPECT_EQ(page.per_page, 200);
  EXPECT_FALSE(page.has_more_page);
}

TEST_F(ItemQueryTest, SortsByNameDescending) {
  EXPECT_THAT(List({.descending = true}),
              ElementsAre("Shirt Red", "Shirt Blue", "Pineapple", "Fruit basket", "Cherry",
                          "Banana", "apple pie", "Apple juice"));
}

TEST_F(ItemQueryTest, NameStartsWithIsCaseInsensitive) {
  EXPECT_THAT(List({.name_startswith = "app"}), ElementsAre("Apple juice", "apple pie"));
  EXPECT_THAT(List({.name_startswith = "APPLE "}), ElementsAre("Apple juice", "apple pie"));
  EXPECT_THAT(List({.name_startswith = "apple j"}), ElementsAre("Apple juice"));
  EXPECT_THAT(List({.name_startswith = "shirt", .descending = true}),
              ElementsAre("Shirt Red", "Shirt Blue"));
  EXPECT_THAT(List({.name_startswith = "Pine"}), ElementsAre("Pineapple"));
  EXPECT_THAT(List({.name_startswith = "Apple juice and more"}), IsEmpty());
  EXPECT_THAT(List({.name_startswith = "zz"}), IsEmpty());
  EXPECT_THAT(List({.name_startswith = ""}).size(), 8u);
}

TEST_F(ItemQueryTest, NameStartsWithCombinesWithOtherSortsAndFilters) {
  EXPECT_THAT(List({.name_startswith = "a", .sort_column = SortColumn::kRate,
                    .descending = true}),
              ElementsAre("apple pie", "Apple juice"));
  EXPECT_THAT(List({.filter = ItemFilter::kSales, .name_startswith = "a"}),
              ElementsAre("apple pie"));
}

TEST_F(ItemQueryTest, NameEqualsAndContains) {
  EXPECT_THAT(List({.name = "BANANA"}), ElementsAre("Banana"));
  EXPECT_THAT(List({.name = "Banan"}), IsEmpty());
  EXPECT_THAT(List({.name_contains = "APPLE"}),
              ElementsAre("Apple juice", "apple pie", "Pineapple"));
  EXPECT_THAT(List({.name_contains = "t b"}), ElementsAre("Fruit basket", "Shirt Blue"));
  EXPECT_THAT(List({.name_contains = "xyz"}), IsEmpty());
}

TEST_F(ItemQueryTest, DescriptionFilters) {
  EXPECT_THAT(List({.description = "fresh fruit"}), ElementsAre("Banana"));
  EXPECT_THAT(List({.description_startswith = "FRESH"}), ElementsAre("Apple juice", "Banana"));
  EXPECT_THAT(List({.description_contains = "apple"}), ElementsAre("Pineapple"));
  EXPECT_THAT(List({.description = ""}),
              ElementsAre("Cherry", "Fruit basket", "Shirt Blue", "Shirt Red"));
}

TEST_F(ItemQueryTest, SkuFilters) {
  EXPECT_THAT(List({.sku = "aj-1"}), ElementsAre("Apple juice"));
  EXPECT_THAT(List({.sku_startswith = "sh-"}), ElementsAre("Shirt Blue", "Shirt Red"));
  EXPECT_THAT(List({.sku_contains = "-5"}), ElementsAre("Pineapple"));
  EXPECT_THAT(List({.sku = "AJ"}), IsEmpty());
}

TEST_F(ItemQueryTest, SearchTextLooksInNameSkuAndDescription) {
  EXPECT_THAT(List({.search_text = "apple"}),
              ElementsAre("Apple juice", "apple pie", "Pineapple"));
  EXPECT_THAT(List({.search_text = "BAKED"}), ElementsAre("apple pie"));  // description
  EXPECT_THAT(List({.search_text = "fb"}), ElementsAre("Fruit basket"));  // sku
  EXPECT_THAT(List({.search_text = "fruit"}), ElementsAre("Banana", "Fruit basket"));
  EXPECT_THAT(List({.search_text = "nothing like it"}), IsEmpty());
}

TEST_F(ItemQueryTest, RateComparisons) {
  EXPECT_THAT(List({.rate = M("3.5")}), ElementsAre("Apple juice", "Pineapple"));
  EXPECT_THAT(List({.rate_less_than = M("3.5")}), ElementsAre("Banana"));
  EXPECT_THAT(List({.rate_less_equals = M("3.5")}),
              ElementsAre("Apple juice", "Banana", "Pineapple"));
  EXPECT_THAT(List({.rate_greater_than = M("15")}), ElementsAre("Shirt Blue", "Shirt Red"));
  EXPECT_THAT(List({.rate_greater_equals = M("15")}),
              ElementsAre("Fruit basket", "Shirt Blue", "Shirt Red"));
  EXPECT_THAT(List({.rate_less_equals = M("10"), .rate_greater_than = M("3.5")}),
              UnorderedElementsAre("apple pie", "Cherry"));
  EXPECT_THAT(List({.rate_less_than = M("1.25")}), IsEmpty());
}

TEST_F(ItemQueryTest, FiltersByStatus) {
  EXPECT_THAT(List({.filter = ItemFilter::kInactive}), ElementsAre("Banana"));
  EXPECT_THAT(List({.filter = ItemFilter::kActive}).size(), 7u);
  EXPECT_THAT(List({.status = Status::kInactive}), ElementsAre("Banana"));
  EXPECT_THAT(List({.filter = ItemFilter::kActive, .status = Status::kInactive}), IsEmpty());
}

TEST_F(ItemQueryTest, FiltersByType) {
  EXPECT_THAT(List({.filter = ItemFilter::kInventory}),
              ElementsAre("Apple juice", "Fruit basket", "Pineapple", "Shirt Blue", "Shirt Red"));
  EXPECT_THAT(List({.filter = ItemFilter::kSales}), ElementsAre("apple pie"));
  EXPECT_THAT(List({.filter = ItemFilter::kPurchases}), ElementsAre("Banana"));
  EXPECT_THAT(List({.filter = ItemFilter::kSalesAndPurchases}), ElementsAre("Cherry"));
  EXPECT_THAT(List({.filter = ItemFilter::kService}), ElementsAre("Cherry"));
  // Goods that are not inventory items.
  EXPECT_THAT(List({.filter = ItemFilter::kNonInventory}), ElementsAre("apple pie", "Banana"));
}

TEST_F(ItemQueryTest, FiltersGroupedUnmappedAndUncategorized) {
  EXPECT_THAT(List({.filter = ItemFilter::kGrouped}), ElementsAre("Shirt Blue", "Shirt Red"));
  EXPECT_THAT(List({.group_id = group_}), ElementsAre("Shirt Blue", "Shirt Red"));
  // Apple juice and Banana are components of the basket.
  EXPECT_THAT(List({.filter = ItemFilter::kUnmapped}),
              ElementsAre("apple pie", "Cherry", "Fruit basket", "Pineapple", "Shirt Blue",
                          "Shirt Red"));
  EXPECT_THAT(List({.filter = ItemFilter::kUncategorized}).size(), 7u);
}

TEST_F(ItemQueryTest, LowStockIsAtOrBelowAPositiveReorderLevel) {
  // Stock on hand is 0 for every item until stock postings exist.
  EXPECT_EQ(engine_->GetSnapshot().StockOnHand(apple_juice_), Q("0"));
  EXPECT_THAT(List({.filter = ItemFilter::kLowStock}), ElementsAre("Apple juice", "Pineapple"));
}

TEST_F(ItemQueryTest, FiltersByTaxAndAccount) {
  EXPECT_THAT(List({.tax_id = "T1"}), ElementsAre("Apple juice"));
  EXPECT_THAT(List({.tax_name = "vat"}), ElementsAre("apple pie"));
  EXPECT_THAT(List({.tax_exemption_id = "EX-1"}), ElementsAre("Banana"));
  EXPECT_THAT(List({.is_taxable = false}), ElementsAre("Banana"));
  EXPECT_THAT(List({.is_taxable = true}).size(), 7u);
  // Any of the sales, purchase or inventory account.
  EXPECT_THAT(List({.account_id = "ACC-S"}), ElementsAre("Apple juice"));
  EXPECT_THAT(List({.account_id = "ACC-I"}), ElementsAre("apple pie"));
}

TEST_F(ItemQueryTest, FiltersByLastModifiedTime) {
  // Cherry was created at +3 minutes, Pineapple at +4.
  EXPECT_THAT(List({.last_modified_time = FrozenStart() + absl::Minutes(5)}),
              ElementsAre("Fruit basket", "Shirt Blue", "Shirt Red"));
  EXPECT_THAT(List({.last_modified_time = FrozenStart() + absl::Minutes(4)}),
              ElementsAre("Fruit basket", "Pineapple", "Shirt Blue", "Shirt Red"));
  EXPECT_THAT(List({.last_modified_time = FrozenStart() + absl::Hours(1)}), IsEmpty());
}

TEST_F(ItemQueryTest, KindSeparatesPlainAndCompositeItems) {
  EXPECT_THAT(List({.kind = ItemKind::kComposite}), ElementsAre("Fruit basket"));
  EXPECT_THAT(List({.kind = ItemKind::kPlain}).size(), 7u);
  EXPECT_THAT(List({.kind = ItemKind::kPlain, .name_contains = "fruit"}), IsEmpty());
  EXPECT_THAT(List({.kind = ItemKind::kAny}).size(), 8u);
}

TEST_F(ItemQueryTest, SortsBySku) {
  EXPECT_THAT(List({.sort_column = SortColumn::kSku}),
              ElementsAre("Apple juice", "apple pie", "Banana", "Cherry", "Fruit basket",
                          "Pineapple", "Shirt Blue", "Shirt Red"));
  EXPECT_THAT(List({.sort_column = SortColumn::kSku, .descending = true}),
              ElementsAre("Shirt Red", "Shirt Blue", "Pineapple", "Fruit basket", "Cherry",
                          "Banana", "apple pie", "Apple juice"));
}

TEST_F(ItemQueryTest, SortsByRateWithTiesByName) {
  EXPECT_THAT(List({.sort_column = SortColumn::kRate}),
              ElementsAre("Banana", "Apple juice", "Pineapple", "apple pie", "Cherry",
                          "Fruit basket", "Shirt Blue", "Shirt Red"));
  // Descending reverses the whole order, ties included.
  EXPECT_THAT(List({.sort_column = SortColumn::kRate, .descending = true}),
              ElementsAre("Shirt Red", "Shirt Blue", "Fruit basket", "Cherry", "apple pie",
                          "Pineapple", "Apple juice", "Banana"));
}

// Rate and SKU pages walk ordered indexes (made by the first such page):
// they follow edits, deletes and rolled-back writes, and give the order a
// full sort gives (items without a SKU first by name; SKUs sharing their
// first 16 bytes by the rest).
TEST_F(ItemQueryTest, RateAndSkuOrdersFollowWrites) {
  // The first sorted page makes the index; the writes below keep it.
  ASSERT_THAT(List({.sort_column = SortColumn::kRate, .per_page = 1}), ElementsAre("Banana"));
  ASSERT_THAT(List({.sort_column = SortColumn::kSku, .per_page = 1}), ElementsAre("Apple juice"));
  {
    Transaction txn = engine_->BeginTransaction();
    ASSERT_THAT(txn.CreateItem({.name = "Zucchini", .rate = M("3.5")}), IsOk());
    ASSERT_THAT(txn.CreateItem({.name = "Almond", .rate = M("3.5")}), IsOk());
    ASSERT_THAT(txn.CreateItem({.name = "Long B", .sku = "LONG-SKU-PREFIX-0002", .rate = M("0")}), IsOk());
    ASSERT_THAT(txn.CreateItem({.name = "Long A", .sku = "long-sku-prefix-0001", .rate = M("-0")}), IsOk());
    Item cherry = *txn.FindItem(cherry_);
    cherry.rate = M("0.5");
    cherry.sku = "AA-0";
    ASSERT_THAT(txn.UpdateItem(std::move(cherry)), IsOk());
    ItemId gone[] = {pineapple_};
    ASSERT_THAT(txn.DeleteItems(gone), IsOk());
    ASSERT_THAT(txn.Commit(), IsOk());
  }
  {
    // Rolled back: the indexes are as before.
    Transaction txn = engine_->BeginTransaction();
    Item pie = *txn.FindItem(apple_pie_);
    pie.rate = M("100");
    pie.sku = "ZZ";
    ASSERT_THAT(txn.UpdateItem(std::move(pie)), IsOk());
    ASSERT_THAT(txn.CreateItem({.name = "Aardvark", .rate = M("1")}), IsOk());
  }
  EXPECT_THAT(List({.sort_column = SortColumn::kRate}),
              ElementsAre("Long A", "Long B", "Cherry", "Banana", "Almond", "Apple juice", "Zucchini",
                          "apple pie", "Fruit basket", "Shirt Blue", "Shirt Red"));
  EXPECT_THAT(List({.sort_column = SortColumn::kSku}),
              ElementsAre("Almond", "Zucchini", "Cherry", "Apple juice", "apple pie", "Banana", "Fruit basket",
                          "Long A", "Long B", "Shirt Blue", "Shirt Red"));
  EXPECT_THAT(List({.sort_column = SortColumn::kSku, .descending = true, .per_page = 3}),
              ElementsAre("Shirt Red", "Shirt Blue", "Long B"));
  // A name filter takes the name index and sorts: the same order.
  EXPECT_THAT(List({.name_startswith = "l", .sort_column = SortColumn::kSku}), ElementsAre("Long A", "Long B"));
  EXPECT_THAT(List({.sort_column = SortColumn::kRate, .page = 2, .per_page = 4}),
              ElementsAre("Almond", "Apple juice", "Zucchini", "apple pie"));
}

TEST_F(ItemQueryTest, SortsByPurchaseRateAndReorderLevel) {
  EXPECT_THAT(List({.sort_column = SortColumn::kPurchaseRate, .descending = true}),
              ElementsAre("Shirt Red", "Shirt Blue", "Fruit basket", "apple pie", "Pineapple",
                          "Apple juice", "Banana", "Cherry"));
  EXPECT_THAT(List({.sort_column = SortColumn::kReorderLevel, .descending = true,
                    .per_page = 2}),
              ElementsAre("Apple juice", "Pineapple"));
}

TEST_F(ItemQueryTest, SortsByTimes) {
  EXPECT_THAT(List({.sort_column = SortColumn::kCreatedTime}),
              ElementsAre("Apple juice", "apple pie", "Banana", "Cherry", "Pineapple",
                          "Shirt Blue", "Shirt Red", "Fruit basket"));
  // Modify Banana later: it moves to the end by last modified time.
  clock_.Advance(absl::Hours(1));
  {
    Transaction txn = engine_->BeginTransaction();
    ItemId ids[] = {banana_};
    ASSERT_THAT(txn.SetItemsStatus(ids, Status::kActive), IsOk());
    ASSERT_THAT(txn.Commit(), IsOk());
  }
  EXPECT_THAT(List({.sort_column = SortColumn::kLastModifiedTime, .descending = true,
                    .per_page = 2}),
              ElementsAre("Banana", "Fruit basket"));
  EXPECT_THAT(List({.sort_column = SortColumn::kCreatedTime, .descending = true,
                    .per_page = 2}),
              ElementsAre("Fruit basket", "Shirt Red"));
}

TEST_F(ItemQueryTest, SortsByTaxNameAndStockOnHand) {
  EXPECT_THAT(List({.sort_column = SortColumn::kTaxName, .descending = true, .per_page = 2}),
              ElementsAre("apple pie", "Apple juice"));
  // Every item has 0 on hand: ties fall back to the name.
  EXPECT_THAT(List({.sort_column = SortColumn::kStockOnHand, .per_page = 3}),
              ElementsAre("Apple juice", "apple pie", "Banana"));
}

TEST_F(ItemQueryTest, PagesThroughResults) {
  Snapshot snap = engine_->GetSnapshot();
  Page<Item> p1 = snap.ListItems({.page = 1, .per_page = 3});
  EXPECT_THAT(Names(p1.rows), ElementsAre("Apple juice", "apple pie", "Banana"));
  EXPECT_TRUE(p1.has_more_page);
  EXPECT_EQ(p1.page, 1);
  EXPECT_EQ(p1.per_page, 3);
  Page<Item> p2 = snap.ListItems({.page = 2, .per_page = 3});
  EXPECT_THAT(Names(p2.rows), ElementsAre("Cherry", "Fruit basket", "Pineapple"));
  EXPECT_TRUE(p2.has_more_page);
  Page<Item> p3 = snap.ListItems({.page = 3, .per_page = 3});
  EXPECT_THAT(Names(p3.rows), ElementsAre("Shirt Blue", "Shirt Red"));
  EXPECT_FALSE(p3.has_more_page);
  Page<Item> p4 = snap.ListItems({.page = 4, .per_page = 3});
  EXPECT_THAT(p4.rows, IsEmpty());
  EXPECT_FALSE(p4.has_more_page);
  EXPECT_EQ(p4.page, 4);
  // A page that ends exactly at the last row has no more pages.
  Page<Item> exact = snap.ListItems({.page = 2, .per_page = 4});
  EXPECT_EQ(exact.rows.size(), 4u);
  EXPECT_FALSE(exact.has_more_page);
}

TEST_F(ItemQueryTest, PagesThroughSortedAndFilteredResults) {
  Snapshot snap = engine_->GetSnapshot();
  ItemQuery q{.filter = ItemFilter::kActive, .sort_column = SortColumn::kRate,
              .descending = true, .page = 2, .per_page = 2};
  Page<Item> p = snap.ListItems(q);
  EXPECT_THAT(Names(p.rows), ElementsAre("Fruit basket", "Cherry"));
  EXPECT_TRUE(p.has_more_page);
  q.page = 4;
  p = snap.ListItems(q);
  EXPECT_THAT(Names(p.rows), ElementsAre("Apple juice"));
  EXPECT_FALSE(p.has_more_page);
  // Descending name order pages from the end of the index.
  p = snap.ListItems({.descending = true, .page = 2, .per_page = 3});
  EXPECT_THAT(Names(p.rows), ElementsAre("Fruit basket", "Cherry", "Banana"));
  EXPECT_TRUE(p.has_more_page);
}

TEST_F(ItemQueryTest, OutOfRangePagesAreClampedToOne) {
  Page<Item> p = engine_->GetSnapshot().ListItems({.page = 0, .per_page = 0});
  EXPECT_EQ(p.page, 1);
  EXPECT_EQ(p.per_page, 1);
  EXPECT_THAT(Names(p.rows), ElementsAre("Apple juice"));
  EXPECT_TRUE(p.has_more_page);
}

TEST_F(ItemQueryTest, FindsByUniqueCodes) {
  Snapshot snap = engine_->GetSnapshot();
  ASSERT_NE(snap.FindItemBySku("  aj-1 "), nullptr);
  EXPECT_EQ(snap.FindItemBySku("  aj-1 ")->id, apple_juice_);
  EXPECT_EQ(snap.FindItemBySku("fb")->id, basket_);
  EXPECT_EQ(snap.FindItemBySku("AJ"), nullptr);
  EXPECT_EQ(snap.FindItemBySku(""), nullptr);
  EXPECT_EQ(snap.FindItemBySku("   "), nullptr);
  EXPECT_EQ(snap.FindItemByUpc("0001")->id, apple_juice_);
  EXPECT_EQ(snap.FindItemByEan("0002")->id, apple_juice_);
  EXPECT_EQ(snap.FindItemByIsbn("0003")->id, apple_juice_);
  EXPECT_EQ(snap.FindItemByUpc("1"), nullptr);
  EXPECT_EQ(snap.FindItemByUpc(""), nullptr);  // many items have no UPC
  EXPECT_EQ(snap.FindItemByEan(""), nullptr);
  EXPECT_EQ(snap.FindItemByIsbn(""), nullptr);
  EXPECT_EQ(snap.FindItemByUpc("0002"), nullptr);  // an EAN, not a UPC
  EXPECT_EQ(snap.FindItem(ItemId(999)), nullptr);
}

TEST_F(ItemQueryTest, FindsByPartNumberAndName) {
  Snapshot snap = engine_->GetSnapshot();
  EXPECT_THAT(Ids(snap.FindItemsByPartNumber("PN-1")), ElementsAre(apple_juice_, apple_pie_));
  EXPECT_THAT(snap.FindItemsByPartNumber("pn-1"), IsEmpty());  // part numbers are exact
  EXPECT_THAT(snap.FindItemsByPartNumber(""), IsEmpty());
  EXPECT_THAT(Ids(snap.FindItemsByName("BANANA")), ElementsAre(banana_));
  EXPECT_THAT(snap.FindItemsByName("Banan"), IsEmpty());
  EXPECT_THAT(snap.FindItemsByName("apple"), IsEmpty());
}

TEST_F(ItemQueryTest, FindsEveryItemWithAName) {
  {
    Transaction txn = engine_->BeginTransaction();
    ASSERT_THAT(txn.CreateItem({.name = "BANANA"}), IsOk());
    ASSERT_THAT(txn.CreateItem({.name = "banana"}), IsOk());
    ASSERT_THAT(txn.CreateItem({.name = "Bananas"}), IsOk());
    ASSERT_THAT(txn.Commit(), IsOk());
  }
  EXPECT_THAT(Names(engine_->GetSnapshot().FindItemsByName("banana")),
              ElementsAre("BANANA", "Banana", "banana"));
}

TEST_F(ItemQueryTest, FindsGroupMembersAndComposites) {
  Snapshot snap = engine_->GetSnapshot();
  EXPECT_THAT(Ids(snap.ItemsInGroup(group_)), ElementsAre(shirt_red_, shirt_blue_));
  EXPECT_THAT(snap.ItemsInGroup(GroupId(999)), IsEmpty());
  EXPECT_THAT(snap.CompositesUsing(apple_juice_), ElementsAre(basket_));
  EXPECT_THAT(snap.CompositesUsing(banana_), ElementsAre(basket_));
  EXPECT_THAT(snap.CompositesUsing(cherry_), IsEmpty());
}

TEST_F(ItemQueryTest, FindsByCustomField) {
  Snapshot snap = engine_->GetSnapshot();
  // By api_name, label or customfield_id; the lowest id wins.
  ASSERT_NE(snap.FindItemByCustomField("cf_origin", "Spain"), nullptr);
  EXPECT_EQ(snap.FindItemByCustomField("cf_origin", "Spain")->id, apple_juice_);
  EXPECT_EQ(snap.FindItemByCustomField("Origin", "France")->id, apple_pie_);
  EXPECT_EQ(snap.FindItemByCustomField("100", "France")->id, apple_pie_);
  EXPECT_EQ(snap.FindItemByCustomField("cf_origin", "spain"), nullptr);  // values are exact
  EXPECT_EQ(snap.FindItemByCustomField("cf_other", "Spain"), nullptr);
}

TEST_F(ItemQueryTest, CountsItems) {
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 8u);
  EXPECT_EQ(engine_->GetSnapshot().ListItems({.per_page = 1000}).rows.size(), 8u);
}

// Property: name_startswith through the name index returns exactly what a
// full scan with a case-insensitive prefix test returns, in the same order,
// page by page, in both directions.
TEST(ItemQueryPropertyTest, NamePrefixIndexAgreesWithAFullScan) {
  auto engine = OpenEngine();
  std::mt19937 rng(7);
  const std::string alphabet = "aAbB ";
  std::vector<Item> created;
  {
    Transaction txn = engine->BeginTransaction();
    for (int i = 0; i < 400; ++i) {
      std::string name = "x";  // never blank
      int len = std::uniform_int_distribution<int>(0, 5)(rng);
      for (int c = 0; c < len; ++c) {
        name.insert(name.begin(), alphabet[std::uniform_int_distribution<size_t>(
                                      0, alphabet.size() - 1)(rng)]);
      }
      absl::StatusOr<const Item*> r = txn.CreateItem({.name = name});
      ASSERT_THAT(r, IsOk());
      created.push_back(**r);
    }
    ASSERT_THAT(txn.Commit(), IsOk());
  }
  // The engine's name order: case-insensitive, then exact bytes, then
  // creation (id) order.
  std::sort(created.begin(), created.end(), [](const Item& a, const Item& b) {
    int c = internal::ICompare(a.name, b.name);
    if (c != 0) return c < 0;
    if (a.name != b.name) return a.name < b.name;
    return a.id < b.id;
  });
  Snapshot snap = engine->GetSnapshot();
  for (std::string prefix : {"", "a", "A", "ab", "AB", "b a", "x", "ax", "Bbx", "aaaa", " ",
                             "zz"}) {
    std::vector<ItemId> expected;
    for (const Item& i : created) {
      if (internal::IStartsWith(i.name, prefix)) expected.push_back(i.id);
    }
    for (bool descending : {false, true}) {
      std::vector<ItemId> want = expected;
      if (descending) std::reverse(want.begin(), want.end());
      std::vector<ItemId> got;
      for (int page = 1;; ++page) {
        Page<Item> p = snap.ListItems(
            {.name_startswith = prefix, .descending = descending, .page = page, .per_page = 7});
        for (const Item* i : p.rows) got.push_back(i->id);
        if (!p.has_more_page) break;
        ASSERT_EQ(p.rows.size(), 7u);
        ASSERT_LT(page, 100);
      }
      EXPECT_EQ(got, want) << "prefix '" << prefix << "' descending " << descending;
    }
  }
}

}  // namespace
}  // namespace inventory
