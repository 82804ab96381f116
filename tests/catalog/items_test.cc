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
using ::inventory::testutil::DumpItem;
using ::inventory::testutil::DumpState;
using ::inventory::testutil::FrozenClock;
using ::inventory::testutil::FrozenStart;
using ::inventory::testutil::IsError;
using ::inventory::testutil::IsOk;
using ::inventory::testutil::M;
using ::inventory::testutil::OpenEngine;
using ::inventory::testutil::Q;
using ::testing::ElementsAre;

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out.append(s);
  return out;
}

TEST(ItemTest, CreatesAndFindsBySku) {
  auto engine = Engine::Open({});
  ASSERT_TRUE(engine.ok());
  Transaction txn = (*engine)->BeginTransaction();
  auto item = txn.CreateItem({.name = "Tea", .sku = "T-1"});
  ASSERT_TRUE(item.ok()) << item.status();
  ASSERT_TRUE(txn.Commit().ok());
  Snapshot snap = (*engine)->GetSnapshot();
  ASSERT_NE(snap.FindItemBySku(" t-1 "), nullptr);
  EXPECT_EQ(snap.FindItemBySku("t-1")->name, "Tea");
}

// A fixture with a frozen clock and a helper that runs one write and
// reports whether it changed the committed state.
class ItemWriteTest : public ::testing::Test {
 protected:
  ItemWriteTest() : engine_(OpenEngine({.clock = clock_.AsFunction()})) {}

  ItemId Add(Item item) { return AddItem(*engine_, std::move(item)); }
  Item Get(ItemId id) {
    Snapshot snap = engine_->GetSnapshot();
    const Item* item = snap.FindItem(id);
    EXPECT_NE(item, nullptr) << id.value();
    return item ? *item : Item{};
  }

  // Runs `write` in a transaction, commits if it succeeded, and returns its
  // status. Expects the state to be unchanged when the write failed.
  template <class F>
  absl::Status Write(F&& write) {
    std::string before = DumpEngine(*engine_);
    absl::Status status;
    {
      Transaction txn = engine_->BeginTransaction();
      status = testutil::StatusOf(write(txn));
      if (status.ok()) {
        EXPECT_THAT(txn.Commit(), IsOk());
      } else {
        // The refused write left the transaction usable and unchanged.
        EXPECT_TRUE(txn.active());
        EXPECT_EQ(DumpState(txn), before);
        EXPECT_THAT(txn.Commit(), IsOk());
      }
    }
    if (!status.ok()) {
      EXPECT_EQ(DumpEngine(*engine_), before) << "refused write changed the engine: " << status;
    }
    return status;
  }

  absl::Status Create(Item item) {
    return Write([&](Transaction& t) { return t.CreateItem(item); });
  }
  absl::Status Update(Item item) {
    return Write([&](Transaction& t) { return t.UpdateItem(item); });
  }

  FrozenClock clock_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(ItemWriteTest, CreateAssignsIdAndEngineTimes) {
  Item tea{.name = "Tea", .sku = "T-1", .rate = M("5.5")};
  tea.id = ItemId(77);                                     // ignored
  tea.created_time = absl::FromUnixSeconds(1);             // set by the engine
  tea.last_modified_time = absl::FromUnixSeconds(2);       // set by the engine
  Transaction txn = engine_->BeginTransaction();
  absl::StatusOr<const Item*> created = txn.CreateItem(tea);
  ASSERT_THAT(created, IsOk());
  // Id 1 is the primary location: items and locations share one counter.
  EXPECT_EQ((*created)->id, ItemId(2));
  EXPECT_EQ((*created)->name, "Tea");
  EXPECT_EQ((*created)->rate, M("5.5"));
  EXPECT_EQ((*created)->created_time, FrozenStart());
  EXPECT_EQ((*created)->last_modified_time, FrozenStart());
  EXPECT_EQ((*created)->status, Status::kActive);
  EXPECT_EQ((*created)->item_type, ItemType::kInventory);
  EXPECT_FALSE((*created)->is_composite());
  absl::StatusOr<const Item*> second = txn.CreateItem({.name = "Coffee"});
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ((*second)->id, ItemId(3));
  ASSERT_THAT(txn.Commit(), IsOk());
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 2u);
}

TEST_F(ItemWriteTest, CreateKeepsTheGivenStatusAndDetails) {
  Item item{.name = "Old stock", .status = Status::kInactive};
  item.details.mut().brand = "Acme";
  item.details.mut().custom_fields.push_back({.customfield_id = "cf1", .api_name = "cf_serial",
                                              .label = "Serial", .value = "S-9"});
  ItemId id = Add(item);
  Item stored = Get(id);
  EXPECT_EQ(stored.status, Status::kInactive);
  EXPECT_EQ(stored.details->brand, "Acme");
  ASSERT_EQ(stored.details->custom_fields.size(), 1u);
  EXPECT_EQ(stored.details->custom_fields[0].value, "S-9");
}

TEST_F(ItemWriteTest, RequiresName) {
  for (std::string name : {"", "   ", "\t\n"}) {
    absl::Status s = Create({.name = name, .sku = "X"});
    EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "name", ApiCode::kMissingField))
        << "'" << name << "'";
    EXPECT_EQ(s.message(), "name is required.");
  }
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 0u);
}

TEST_F(ItemWriteTest, AcceptsNameOfOneHundredCharacters) {
  EXPECT_THAT(Create({.name = std::string(100, 'a')}), IsOk());
  // 100 two-byte characters are 200 bytes but 100 characters.
  EXPECT_THAT(Create({.name = Repeat("é", 100)}), IsOk());
  // 100 four-byte characters.
  EXPECT_THAT(Create({.name = Repeat("\xF0\x9F\x8D\xB5", 100)}), IsOk());
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 3u);
}

TEST_F(ItemWriteTest, RefusesNameLongerThanOneHundredCharacters) {
  for (std::string name : {std::string(101, 'a'), Repeat("é", 101), Repeat("a", 99) + "éé"}) {
    absl::Status s = Create({.name = name});
    EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "name", ApiCode::kTooLong));
    EXPECT_EQ(s.message(), "name must be at most 100 characters.");
  }
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 0u);
}

TEST_F(ItemWriteTest, LimitsDescriptionToTwoThousandCharacters) {
  EXPECT_THAT(Create({.name = "A", .description = std::string(2000, 'd')}), IsOk());
  EXPECT_THAT(Create({.name = "B", .description = Repeat("ü", 2000)}), IsOk());
  absl::Status s = Create({.name = "C", .description = Repeat("ü", 2001)});
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "description", ApiCode::kTooLong));
  EXPECT_EQ(s.message(), "description must be at most 2000 characters.");
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 2u);
}

TEST_F(ItemWriteTest, LimitsPurchaseDescriptionAndAvataxCodes) {
  Item item{.name = "A"};
  item.details.mut().purchase_description = std::string(2001, 'p');
  EXPECT_THAT(Create(item), IsError(absl::StatusCode::kInvalidArgument, "purchase_description",
                                    ApiCode::kTooLong));
  item.details.mut().purchase_description = "";
  item.details.mut().avatax_tax_code = std::string(26, 'x');
  EXPECT_THAT(Create(item),
              IsError(absl::StatusCode::kInvalidArgument, "avatax_tax_code", ApiCode::kTooLong));
  item.details.mut().avatax_tax_code = std::string(25, 'x');
  item.details.mut().avatax_use_code = std::string(26, 'x');
  EXPECT_THAT(Create(item),
              IsError(absl::StatusCode::kInvalidArgument, "avatax_use_code", ApiCode::kTooLong));
  item.details.mut().avatax_use_code = std::string(25, 'x');
  EXPECT_THAT(Create(item), IsOk());
}

TEST_F(ItemWriteTest, RefusesNegativeRatesAndReorderLevel) {
  EXPECT_THAT(Create({.name = "A", .rate = M("-0.01")}),
              IsError(absl::StatusCode::kInvalidArgument, "rate", ApiCode::kInvalidValue));
  EXPECT_THAT(Create({.name = "A", .purchase_rate = M("-1")}),
              IsError(absl::StatusCode::kInvalidArgument, "purchase_rate", ApiCode::kInvalidValue));
  EXPECT_THAT(Create({.name = "A", .reorder_level = Q("-1")}),
              IsError(absl::StatusCode::kInvalidArgument, "reorder_level", ApiCode::kInvalidValue));
  EXPECT_THAT(Create({.name = "A", .rate = M("0"), .reorder_level = Q("0")}), IsOk());
}

TEST_F(ItemWriteTest, RefusesDuplicateSkuComparedTrimmedAndCaseInsensitively) {
  Add({.name = "Tea", .sku = "SK1"});
  struct Case {
    const char* sku;
    const char* message;
  } cases[] = {
      {"SK1", "The SKU 'SK1' is already used by the item 'Tea'."},
      {" sk1 ", "The SKU 'sk1' is already used by the item 'Tea'."},
      {"\tSk1\n", "The SKU 'Sk1' is already used by the item 'Tea'."},
  };
  for (const Case& c : cases) {
    absl::Status s = Create({.name = "Other", .sku = c.sku});
    EXPECT_THAT(s, IsError(absl::StatusCode::kAlreadyExists, "sku", ApiCode::kDuplicate)) << c.sku;
    EXPECT_EQ(s.message(), c.message);
  }
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 1u);
  // Different SKUs and items without a SKU do not collide.
  EXPECT_THAT(Create({.name = "Other", .sku = "SK10"}), IsOk());
  EXPECT_THAT(Create({.name = "No sku 1"}), IsOk());
  EXPECT_THAT(Create({.name = "No sku 2", .sku = "  "}), IsOk());
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 4u);
}

TEST_F(ItemWriteTest, SkuIsUniqueAcrossItemsAndCompositeItems) {
  ItemId part = Add({.name = "Part", .sku = "P-1"});
  ItemId kit = Add({.name = "Kit", .sku = "KIT", .mapped_items = {{part, Q("2")}}});
  ASSERT_TRUE(kit.valid());
  EXPECT_THAT(Create({.name = "Plain", .sku = "kit "}),
              IsError(absl::StatusCode::kAlreadyExists, "sku", ApiCode::kDuplicate));
  EXPECT_THAT(Create({.name = "Kit 2", .sku = " p-1", .mapped_items = {{part, Q("1")}}}),
              IsError(absl::StatusCode::kAlreadyExists, "sku", ApiCode::kDuplicate));
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 2u);
}

TEST_F(ItemWriteTest, UpdateMayKeepItsOwnSku) {
  ItemId id = Add({.name = "Tea", .sku = "SK1"});
  Item tea = Get(id);
  tea.name = "Green tea";
  EXPECT_THAT(Update(tea), IsOk());
  tea.sku = " sk1 ";
  EXPECT_THAT(Update(tea), IsOk());
  EXPECT_EQ(Get(id).sku, "sk1");  // stored trimmed
  EXPECT_EQ(engine_->GetSnapshot().FindItemBySku("SK1")->id, id);
  EXPECT_EQ(engine_->GetSnapshot().FindItemBySku(" Sk1\t")->id, id);
}

TEST_F(ItemWriteTest, NameAndSkuAreStoredTrimmed) {
  ItemId id = Add({.name = "  Tea ", .sku = " SK1  "});
  EXPECT_EQ(Get(id).name, "Tea");
  EXPECT_EQ(Get(id).sku, "SK1");
  EXPECT_EQ(engine_->GetSnapshot().FindItemsByName("tea").size(), 1u);
}

TEST_F(ItemWriteTest, UpdateRefusesTheSkuOfAnotherItem) {
  ItemId tea = Add({.name = "Tea", .sku = "SK1"});
  ItemId coffee = Add({.name = "Coffee", .sku = "SK2"});
  Item c = Get(coffee);
  c.sku = "sk1";
  c.name = "Renamed";
  absl::Status s = Update(c);
  EXPECT_THAT(s, IsError(absl::StatusCode::kAlreadyExists, "sku", ApiCode::kDuplicate));
  EXPECT_EQ(s.message(), "The SKU 'sk1' is already used by the item 'Tea'.");
  EXPECT_EQ(Get(coffee).name, "Coffee");
  EXPECT_EQ(Get(coffee).sku, "SK2");
  EXPECT_EQ(engine_->GetSnapshot().FindItemBySku("SK1")->id, tea);
}

TEST_F(ItemWriteTest, FreedSkuCanBeReused) {
  ItemId tea = Add({.name = "Tea", .sku = "SK1"});
  Item t = Get(tea);
  t.sku = "SK9";
  ASSERT_THAT(Update(t), IsOk());
  EXPECT_THAT(Create({.name = "New", .sku = "sk1"}), IsOk());
  ItemId ids[] = {tea};
  ASSERT_THAT(Write([&](Transaction& txn) { return txn.DeleteItems(ids); }), IsOk());
  EXPECT_THAT(Create({.name = "Newer", .sku = "SK9"}), IsOk());
}

TEST_F(ItemWriteTest, BarcodesMustBeDigitsOnly) {
  struct Case {
    Item item;
    const char* field;
  } cases[] = {
      {{.name = "A", .upc = "12a45"}, "upc"},
      {{.name = "A", .ean = "400638133393X"}, "ean"},
      {{.name = "A", .isbn = "080442957X"}, "isbn"},
      {{.name = "A", .upc = " 123"}, "upc"},
      {{.name = "A", .ean = "-1"}, "ean"},
      {{.name = "A", .isbn = "978 0306406157"}, "isbn"},
  };
  for (const Case& c : cases) {
    absl::Status s = Create(c.item);
    EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, c.field, ApiCode::kBadBarcode));
    EXPECT_EQ(s.message(), std::string(c.field) + " must contain digits only.");
  }
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 0u);
}

TEST_F(ItemWriteTest, KeepsLeadingZerosOfBarcodes) {
  ItemId id = Add({.name = "A", .upc = "000123", .ean = "0040", .isbn = "0001"});
  Item a = Get(id);
  EXPECT_EQ(a.upc, "000123");
  EXPECT_EQ(a.ean, "0040");
  EXPECT_EQ(a.isbn, "0001");
  Snapshot snap = engine_->GetSnapshot();
  ASSERT_NE(snap.FindItemByUpc("000123"), nullptr);
  EXPECT_EQ(snap.FindItemByUpc("000123")->id, id);
  EXPECT_EQ(snap.FindItemByUpc("123"), nullptr);
  EXPECT_EQ(snap.FindItemByEan("40"), nullptr);
  EXPECT_EQ(snap.FindItemByIsbn("1"), nullptr);
}

TEST_F(ItemWriteTest, BarcodesAreUniqueWhenSet) {
  Add({.name = "Tea", .upc = "0012", .ean = "0013", .isbn = "0014"});
  absl::Status upc = Create({.name = "B", .upc = "0012"});
  EXPECT_THAT(upc, IsError(absl::StatusCode::kAlreadyExists, "upc", ApiCode::kDuplicate));
  EXPECT_EQ(upc.message(), "The upc '0012' is already used by the item 'Tea'.");
  EXPECT_THAT(Create({.name = "B", .ean = "0013"}),
              IsError(absl::StatusCode::kAlreadyExists, "ean", ApiCode::kDuplicate));
  EXPECT_THAT(Create({.name = "B", .isbn = "0014"}),
              IsError(absl::StatusCode::kAlreadyExists, "isbn", ApiCode::kDuplicate));
  // The same digits in a different field, or without the leading zeros, are
  // different codes.
  EXPECT_THAT(Create({.name = "B", .upc = "0013", .ean = "12", .isbn = "0012"}), IsOk());
  // Empty codes never collide.
  EXPECT_THAT(Create({.name = "C"}), IsOk());
  EXPECT_THAT(Create({.name = "D"}), IsOk());
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 4u);
}

TEST_F(ItemWriteTest, UpdateMayKeepItsOwnBarcodes) {
  ItemId id = Add({.name = "Tea", .upc = "0012", .ean = "0013", .isbn = "0014"});
  Item tea = Get(id);
  tea.rate = M("3");
  EXPECT_THAT(Update(tea), IsOk());
  ItemId other = Add({.name = "Other"});
  Item o = Get(other);
  o.ean = "0013";
  EXPECT_THAT(Update(o), IsError(absl::StatusCode::kAlreadyExists, "ean", ApiCode::kDuplicate));
}

TEST_F(ItemWriteTest, BarcodeLengthsAndCheckDigitsAreNotCheckedByDefault) {
  EXPECT_FALSE(engine_->options().strict_barcodes);
  EXPECT_THAT(Create({.name = "A", .upc = "1", .ean = "123456789012345", .isbn = "1234"}), IsOk());
  EXPECT_THAT(Create({.name = "B", .upc = "036000291453"}), IsOk());  // bad check digit
}

class StrictBarcodeTest : public ItemWriteTest {
 protected:
  StrictBarcodeTest() { engine_ = OpenEngine({.strict_barcodes = true}); }
};

TEST_F(StrictBarcodeTest, AcceptsValidCodes) {
  EXPECT_THAT(Create({.name = "UPC", .upc = "036000291452"}), IsOk());
  EXPECT_THAT(Create({.name = "UPC zero", .upc = "000000000000"}), IsOk());
  EXPECT_THAT(Create({.name = "EAN", .ean = "4006381333931"}), IsOk());
  EXPECT_THAT(Create({.name = "ISBN-10", .isbn = "0306406152"}), IsOk());
  EXPECT_THAT(Create({.name = "ISBN-13", .isbn = "9780306406157"}), IsOk());
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 5u);
}

TEST_F(StrictBarcodeTest, RefusesWrongLengthsAndCheckDigits) {
  struct Case {
    Item item;
    const char* field;
    const char* message;
  } cases[] = {
      {{.name = "A", .upc = "036000291453"}, "upc",
       "upc must be a 12-digit UPC-A with a valid check digit."},
      {{.name = "A", .upc = "03600029145"}, "upc",
       "upc must be a 12-digit UPC-A with a valid check digit."},
      {{.name = "A", .upc = "4006381333931"}, "upc",
       "upc must be a 12-digit UPC-A with a valid check digit."},
      {{.name = "A", .ean = "4006381333932"}, "ean",
       "ean must be a 13-digit EAN with a valid check digit."},
      {{.name = "A", .ean = "036000291452"}, "ean",
       "ean must be a 13-digit EAN with a valid check digit."},
      {{.name = "A", .isbn = "0306406153"}, "isbn",
       "isbn must be a 10- or 13-digit ISBN with a valid check digit."},
      {{.name = "A", .isbn = "9780306406158"}, "isbn",
       "isbn must be a 10- or 13-digit ISBN with a valid check digit."},
      {{.name = "A", .isbn = "03064061521"}, "isbn",
       "isbn must be a 10- or 13-digit ISBN with a valid check digit."},
  };
  for (const Case& c : cases) {
    absl::Status s = Create(c.item);
    EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, c.field, ApiCode::kBadBarcode))
        << c.item.upc << c.item.ean << c.item.isbn;
    EXPECT_EQ(s.message(), c.message);
  }
  // Digits-only is still checked first.
  EXPECT_EQ(Create({.name = "A", .upc = "03600029145X"}).message(), "upc must contain digits only.");
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 0u);
}

TEST_F(ItemWriteTest, UpdateReplacesEveryFieldAndKeepsCreatedTime) {
  ItemId id = Add({.name = "Tea", .sku = "T-1", .description = "Loose", .rate = M("5"),
                   .reorder_level = Q("3")});
  clock_.Advance(absl::Hours(1));
  Item replacement{.name = "Green tea", .sku = "T-2", .unit = "box", .rate = M("6.25")};
  replacement.id = id;
  replacement.created_time = absl::FromUnixSeconds(5);  // ignored
  EXPECT_THAT(Update(replacement), IsOk());
  Item stored = Get(id);
  EXPECT_EQ(stored.name, "Green tea");
  EXPECT_EQ(stored.sku, "T-2");
  EXPECT_EQ(stored.description, "");  // not merged: replaced
  EXPECT_EQ(stored.unit, "box");
  EXPECT_EQ(stored.rate, M("6.25"));
  EXPECT_EQ(stored.reorder_level, Q("0"));
  EXPECT_EQ(stored.created_time, FrozenStart());
  EXPECT_EQ(stored.last_modified_time, FrozenStart() + absl::Hours(1));
  // The old SKU is free, the new one taken.
  Snapshot snap = engine_->GetSnapshot();
  EXPECT_EQ(snap.FindItemBySku("T-1"), nullptr);
  ASSERT_NE(snap.FindItemBySku("t-2"), nullptr);
  EXPECT_EQ(snap.FindItemBySku("t-2")->id, id);
}

TEST_F(ItemWriteTest, UpdateOfAnUnknownItemIsNotFound) {
  Item ghost{.name = "Ghost"};
  ghost.id = ItemId(99);
  absl::Status s = Update(ghost);
  EXPECT_THAT(s, IsError(absl::StatusCode::kNotFound, "item_id", ApiCode::kItemNotFound));
  EXPECT_EQ(s.message(), "Item does not exist (item_id 99)");
}

TEST_F(ItemWriteTest, RefusedUpdateChangesNothing) {
  ItemId id = Add({.name = "Tea", .sku = "T-1", .rate = M("5")});
  Item before = Get(id);
  clock_.Advance(absl::Minutes(5));
  Item bad = before;
  bad.rate = M("9");
  bad.name = std::string(101, 'x');
  EXPECT_THAT(Update(bad), IsError(absl::StatusCode::kInvalidArgument, "name", ApiCode::kTooLong));
  EXPECT_EQ(DumpItem(Get(id)), DumpItem(before));
}

TEST_F(ItemWriteTest, RefusedCreateDoesNotUseUpAnId) {
  EXPECT_THAT(Create({.name = ""}), IsError(absl::StatusCode::kInvalidArgument, "name",
                                            ApiCode::kMissingField));
  ItemId id = Add({.name = "Tea"});
  EXPECT_EQ(id, ItemId(2));
}

TEST_F(ItemWriteTest, AttributeOptionsNeedAGroup) {
  Item item{.name = "A"};
  item.attribute_options[0] = "Red";
  absl::Status s = Create(item);
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "attribute_option_name1",
                         ApiCode::kInvalidValue));
  EXPECT_EQ(s.message(), "Attribute options are only allowed for items in an item group.");
}

TEST_F(ItemWriteTest, RefusesAnUnknownGroup) {
  Item item{.name = "A", .group_id = GroupId(42)};
  item.attribute_options[0] = "Red";
  EXPECT_THAT(Create(item), IsError(absl::StatusCode::kNotFound, "group_id", ApiCode::kNotFound));
}

TEST_F(ItemWriteTest, RefusesUnknownLocationsInLocationAccess) {
  Item item{.name = "A"};
  item.details.mut().associated_with_all_locations = false;
  item.details.mut().location_ids = {LocationId(1), LocationId(500)};
  absl::Status s = Create(item);
  EXPECT_THAT(s, IsError(absl::StatusCode::kNotFound, "location_id", ApiCode::kNotFound));
  EXPECT_EQ(s.message(), "Location does not exist. (location_id 500)");
  item.details.mut().location_ids = {LocationId(1)};
  EXPECT_THAT(Create(item), IsOk());
}

TEST_F(ItemWriteTest, DeletesSeveralItems) {
  ItemId a = Add({.name = "A", .sku = "A"});
  ItemId b = Add({.name = "B", .sku = "B"});
  ItemId c = Add({.name = "C", .sku = "C"});
  ItemId ids[] = {a, c};
  EXPECT_THAT(Write([&](Transaction& t) { return t.DeleteItems(ids); }), IsOk());
  Snapshot snap = engine_->GetSnapshot();
  EXPECT_EQ(snap.ItemCount(), 1u);
  EXPECT_EQ(snap.FindItem(a), nullptr);
  EXPECT_EQ(snap.FindItem(c), nullptr);
  EXPECT_NE(snap.FindItem(b), nullptr);
  EXPECT_EQ(snap.FindItemBySku("A"), nullptr);
}

TEST_F(ItemWriteTest, DeleteItemsIsAllOrNothing) {
  ItemId a = Add({.name = "A"});
  ItemId b = Add({.name = "B"});
  ItemId ids[] = {a, ItemId(999), b};
  absl::Status s = Write([&](Transaction& t) { return t.DeleteItems(ids); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kNotFound, "item_id", ApiCode::kItemNotFound));
  EXPECT_EQ(s.message(), "Item does not exist (item_id 999)");
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 2u);
}

TEST_F(ItemWriteTest, DeleteOfNoItemsDoesNothing) {
  Add({.name = "A"});
  EXPECT_THAT(Write([&](Transaction& t) { return t.DeleteItems({}); }), IsOk());
  EXPECT_EQ(engine_->GetSnapshot().ItemCount(), 1u);
}

TEST_F(ItemWriteTest, SetsTheStatusOfSeveralItems) {
  ItemId a = Add({.name = "A"});
  ItemId b = Add({.name = "B"});
  ItemId c = Add({.name = "C"});
  clock_.Advance(absl::Seconds(30));
  ItemId ids[] = {a, b};
  EXPECT_THAT(Write([&](Transaction& t) { return t.SetItemsStatus(ids, Status::kInactive); }),
              IsOk());
  EXPECT_EQ(Get(a).status, Status::kInactive);
  EXPECT_EQ(Get(b).status, Status::kInactive);
  EXPECT_EQ(Get(c).status, Status::kActive);
  EXPECT_EQ(Get(a).last_modified_time, FrozenStart() + absl::Seconds(30));
  EXPECT_EQ(Get(c).last_modified_time, FrozenStart());
  EXPECT_THAT(Write([&](Transaction& t) { return t.SetItemsStatus(ids, Status::kActive); }),
              IsOk());
  EXPECT_EQ(Get(a).status, Status::kActive);
}

TEST_F(ItemWriteTest, SetItemsStatusIsAllOrNothing) {
  ItemId a = Add({.name = "A"});
  ItemId b = Add({.name = "B"});
  clock_.Advance(absl::Seconds(30));
  ItemId ids[] = {a, b, ItemId(999)};
  absl::Status s = Write([&](Transaction& t) { return t.SetItemsStatus(ids, Status::kInactive); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kNotFound, "item_id", ApiCode::kItemNotFound));
  EXPECT_EQ(Get(a).status, Status::kActive);
  EXPECT_EQ(Get(a).last_modified_time, FrozenStart());
  EXPECT_EQ(Get(b).status, Status::kActive);
}

TEST_F(ItemWriteTest, SetsStorageLocationFlagAllOrNothing) {
  ItemId a = Add({.name = "A"});
  ItemId b = Add({.name = "B"});
  ItemId both[] = {a, b};
  EXPECT_THAT(Write([&](Transaction& t) { return t.SetStorageLocationEnabled(both, true); }),
              IsOk());
  EXPECT_TRUE(Get(a).storage_location_enabled);
  EXPECT_TRUE(Get(b).storage_location_enabled);
  ItemId with_unknown[] = {a, ItemId(999)};
  EXPECT_THAT(
      Write([&](Transaction& t) { return t.SetStorageLocationEnabled(with_unknown, false); }),
      IsError(absl::StatusCode::kNotFound, "item_id", ApiCode::kItemNotFound));
  EXPECT_TRUE(Get(a).storage_location_enabled);
}

TEST_F(ItemWriteTest, SetsLocationAccess) {
  ItemId a = Add({.name = "A"});
  LocationId primary = engine_->GetSnapshot().PrimaryLocation()->id;
  EXPECT_THAT(Write([&](Transaction& t) { return t.SetItemLocationAccess(a, false, {primary}); }),
              IsOk());
  EXPECT_FALSE(Get(a).details->associated_with_all_locations);
  EXPECT_THAT(Get(a).details->location_ids, ElementsAre(primary));
  EXPECT_THAT(
      Write([&](Transaction& t) { return t.SetItemLocationAccess(a, false, {LocationId(77)}); }),
      IsError(absl::StatusCode::kNotFound, "location_id", ApiCode::kNotFound));
  EXPECT_THAT(Write([&](Transaction& t) { return t.SetItemLocationAccess(ItemId(99), true, {}); }),
              IsError(absl::StatusCode::kNotFound, "item_id", ApiCode::kItemNotFound));
  // All locations clears the list.
  EXPECT_THAT(Write([&](Transaction& t) { return t.SetItemLocationAccess(a, true, {primary}); }),
              IsOk());
  EXPECT_TRUE(Get(a).details->associated_with_all_locations);
  EXPECT_TRUE(Get(a).details->location_ids.empty());
}

TEST_F(ItemWriteTest, ReadCopiesDoNotShareWritesWithTheStore) {
  Item item{.name = "A"};
  item.details.mut().brand = "Acme";
  ItemId id = Add(item);
  Item copy = Get(id);
  copy.details.mut().brand = "Changed";  // copy on write: the stored item keeps its value
  EXPECT_EQ(Get(id).details->brand, "Acme");
  EXPECT_EQ(item.details->brand, "Acme");
}

TEST(ItemEnumTest, ConvertsListedValuesToAndFromText) {
  EXPECT_EQ(ToString(ItemType::kSalesAndPurchases), "sales_and_purchases");
  EXPECT_EQ(ParseItemType("inventory"), ItemType::kInventory);
  EXPECT_EQ(ParseItemType("Inventory"), std::nullopt);
  EXPECT_EQ(ToString(ProductType::kDigitalService), "digital_service");
  EXPECT_EQ(ParseProductType("service"), ProductType::kService);
  EXPECT_EQ(ParseProductType("goods "), std::nullopt);
  EXPECT_EQ(ToString(Status::kInactive), "inactive");
  EXPECT_EQ(ParseStatus("active"), Status::kActive);
  EXPECT_EQ(ParseStatus(""), std::nullopt);
  EXPECT_EQ(ToString(TaxSpecification::kInter), "inter");
  EXPECT_EQ(ParseTaxSpecification("intra"), TaxSpecification::kIntra);
}

}  // namespace
}  // namespace inventory
