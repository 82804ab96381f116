// Serial-number and batch tracking, and bins, through the C++ API: the item
// flags, opening stock carrying serials, batches and storages, the reader's
// queries, and the rules' exact refusals. Every refused write changes
// nothing; after every scenario the ledger verifies and the tracking agrees
// with the figures.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "inventory/engine.h"
#include "inventory/errors.h"
#include "inventory/stock.h"
#include "support/catalog_testing.h"

namespace inventory {
namespace {

using ::inventory::testutil::Cat;
using ::inventory::testutil::IsError;
using ::inventory::testutil::IsOk;
using ::inventory::testutil::M;
using ::inventory::testutil::OpenEngine;
using ::inventory::testutil::Q;
using ::inventory::testutil::StatusOf;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr absl::CivilDay kDay(2026, 11, 2);

enum class Track { kNone, kSerial, kBatch };

std::string Fig(const StockFigures& f) {
  return Cat(f.stock_on_hand.ToString(), "/", f.available_stock.ToString(), "/",
             f.quantity_in_transit.ToString(), "@", f.asset_value.ToString());
}

std::string Day(const std::optional<absl::CivilDay>& d) { return d ? absl::FormatCivilTime(*d) : "-"; }

class TrackingTest : public ::testing::Test {
 protected:
  TrackingTest() : engine_(OpenEngine()) { primary_ = engine_->GetSnapshot().PrimaryLocation()->id; }
  void TearDown() override {
    EXPECT_THAT(engine_->Verify(), IsOk());
    ExpectTrackingMatchesFigures();
  }

  // The tracking invariant, through the public API: a serial-tracked item
  // has as many serials in stock at a location as its available stock
  // there, a batch-tracked item's batches add up to it, and bins hold at
  // most that.
  void ExpectTrackingMatchesFigures() {
    Snapshot snap = engine_->GetSnapshot();
    for (const Item* item : snap.ListItems({.per_page = 1000}).rows) {
      for (const Location* l : snap.ListLocations()) {
        const Quantity available = snap.StockAt(item->id, l->id).available_stock;
        if (item->track_serial_number) {
          EXPECT_EQ(Quantity::FromInt(static_cast<int64_t>(snap.SerialNumbers(item->id, l->id).size())), available)
              << item->name << " at " << l->name;
        }
        if (item->track_batch_number) {
          Quantity sum;
          for (const BatchStock& b : snap.Batches(item->id, l->id)) sum += b.quantity;
          EXPECT_EQ(sum, available) << item->name << " at " << l->name;
        }
        Quantity binned;
        for (const BinQuantity& b : snap.BinStock(item->id, l->id)) binned += b.quantity;
        EXPECT_LE(binned, std::max(available, Quantity())) << item->name << " at " << l->name;
      }
    }
  }

  template <class F>
  absl::Status Write(F&& write) {
    std::string before = Dump();
    absl::Status status;
    {
      Transaction txn = engine_->BeginTransaction();
      status = StatusOf(write(txn));
      if (status.ok()) {
        EXPECT_THAT(txn.Commit(), IsOk());
      }
    }
    if (!status.ok()) {
      EXPECT_EQ(Dump(), before) << status;
    }
    return status;
  }

  // Every figure, document and tracked unit the engine shows.
  std::string Dump() {
    Snapshot snap = engine_->GetSnapshot();
    std::string out;
    for (const Item* item : snap.ListItems({.per_page = 1000}).rows) {
      out += Cat(item->name, " ", Fig(snap.ItemStock(item->id)), " serial=", item->track_serial_number,
                 " batch=", item->track_batch_number, " history=", snap.StockHistory(item->id).size(), "\n");
      for (const Location* l : snap.ListLocations()) {
        out += Cat("  ", l->name, " ", Fig(snap.StockAt(item->id, l->id)), "\n");
        for (const BinQuantity& b : snap.BinStock(item->id, l->id)) {
          out += Cat("    bin ", b.storage_location_id, " ", b.quantity.ToString(), "\n");
        }
      }
      out += Cat("  serials ", Serials(snap, item->id), "\n");
      out += Cat("  batches ", Batches(snap, item->id), "\n");
      out += Cat("  opening ", OpeningText(snap, item->id), "\n");
    }
    out += Cat("documents ", snap.ListAdjustments().size(), " ", snap.ListTransferOrders().size(), " ",
               snap.ListBundles().size(), "\n");
    return out;
  }
  // "SN1@Primary Location SN2@Shop".
  std::string Serials(const Reader& r, ItemId item, std::optional<LocationId> at = {}) {
    std::string out;
    for (const SerialNumberStock& s : r.SerialNumbers(item, at)) {
      out += Cat(out.empty() ? "" : " ", s.serial_number, "@", r.FindLocation(s.location_id)->name);
    }
    return out;
  }
  // "B1@Primary Location:4[2026-01-01..2026-06-30]".
  std::string Batches(const Reader& r, ItemId item, std::optional<LocationId> at = {}) {
    std::string out;
    for (const BatchStock& b : r.Batches(item, at)) {
      out += Cat(out.empty() ? "" : " ", b.batch_number, "@", r.FindLocation(b.location_id)->name, ":",
                 b.quantity.ToString(), "[", Day(b.manufactured_date), "..", Day(b.expiry_date), "]");
    }
    return out;
  }
  std::string OpeningText(const Reader& r, ItemId item) {
    std::string out;
    for (const OpeningStock& l : r.OpeningStockOf(item)) {
      out += Cat(r.FindLocation(l.location_id)->name, ":", l.quantity.ToString(), "@", l.rate.ToString());
      for (const Batch& b : l.batches) {
        out += Cat(" b:", b.batch_number, "=", b.quantity.ToString(), b.rate ? "@" + b.rate->ToString() : "");
      }
      for (const std::string& s : l.serial_numbers) out += Cat(" s:", s);
      for (const BinQuantity& b : l.storages) out += Cat(" bin:", b.storage_location_id, "=", b.quantity.ToString());
      out += ";";
    }
    return out;
  }
  std::string Bins(ItemId item, LocationId at) {
    std::string out;
    for (const BinQuantity& b : engine_->GetSnapshot().BinStock(item, at)) {
      out += Cat(out.empty() ? "" : " ", b.storage_location_id, "=", b.quantity.ToString());
    }
    return out;
  }

  ItemId AddItem(std::string name, std::string sku, Track track = Track::kNone, bool bins = false) {
    ItemId id;
    EXPECT_THAT(Write([&](Transaction& t) {
                  auto r = t.CreateItem({.name = name,
                                         .sku = sku,
                                         .rate = M("5"),
                                         .purchase_rate = M("2"),
                                         .storage_location_enabled = bins,
                                         .track_serial_number = track == Track::kSerial,
                                         .track_batch_number = track == Track::kBatch});
                  if (r.ok()) id = (*r)->id;
                  return r;
                }),
                IsOk());
    return id;
  }
  LocationId AddLocation(std::string name) {
    LocationId id;
    EXPECT_THAT(Write([&](Transaction& t) {
                  auto r = t.CreateLocation({.name = name});
                  if (r.ok()) id = (*r)->id;
                  return r;
                }),
                IsOk());
    return id;
  }
  absl::Status Opening(ItemId item, std::vector<OpeningStock> lines) {
    return Write([&](Transaction& t) { return t.SetOpeningStock(item, kDay, lines); });
  }
  std::string At(ItemId item, LocationId location) { return Fig(engine_->GetSnapshot().StockAt(item, location)); }

  std::unique_ptr<Engine> engine_;
  LocationId primary_;
};

Batch B(std::string number, std::string quantity, std::optional<Money> rate = {},
        std::optional<absl::CivilDay> made = {}, std::optional<absl::CivilDay> expires = {}) {
  return Batch{.batch_number = number, .quantity = Q(quantity), .rate = rate, .manufactured_date = made,
               .expiry_date = expires};
}

// ---------------------------------------------------------------------------
// The item flags.

TEST_F(TrackingTest, AnItemTracksSerialNumbersOrBatchesNotBoth) {
  absl::Status s = Write([&](Transaction& t) {
    return t.CreateItem({.name = "Odd", .sku = "O-1", .track_serial_number = true, .track_batch_number = true});
  });
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "track_batch_number", ApiCode::kInvalidValue));
  EXPECT_EQ(s.message(), "An item tracks serial numbers or batches, not both.");

  ItemId phone = AddItem("Phone", "P-1", Track::kSerial);
  Item both = *engine_->GetSnapshot().FindItem(phone);
  both.track_batch_number = true;
  EXPECT_THAT(Write([&](Transaction& t) { return t.UpdateItem(both); }),
              IsError(absl::StatusCode::kInvalidArgument, "track_batch_number", ApiCode::kInvalidValue));
}

TEST_F(TrackingTest, TrackingIsFixedOnceTheItemHasStockPostings) {
  ItemId phone = AddItem("Phone", "P-1", Track::kSerial);
  // Without postings the flags may change freely.
  Item item = *engine_->GetSnapshot().FindItem(phone);
  item.track_serial_number = false;
  item.track_batch_number = true;
  ASSERT_THAT(Write([&](Transaction& t) { return t.UpdateItem(item); }), IsOk());
  item.track_serial_number = true;
  item.track_batch_number = false;
  ASSERT_THAT(Write([&](Transaction& t) { return t.UpdateItem(item); }), IsOk());

  ASSERT_THAT(Opening(phone, {{.location_id = primary_, .quantity = Q("1"), .rate = M("100"),
                               .serial_numbers = {"SN-1"}}}),
              IsOk());
  item = *engine_->GetSnapshot().FindItem(phone);
  item.track_serial_number = false;
  absl::Status s = Write([&](Transaction& t) { return t.UpdateItem(item); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "track_serial_number", ApiCode::kConflict));
  EXPECT_EQ(s.message(), "Serial number and batch tracking cannot be changed for Items having transactions");
  item = *engine_->GetSnapshot().FindItem(phone);
  item.track_batch_number = true;
  item.track_serial_number = false;
  EXPECT_THAT(Write([&](Transaction& t) { return t.UpdateItem(item); }),
              IsError(absl::StatusCode::kFailedPrecondition, "track_serial_number", ApiCode::kConflict));
  // Other fields still change.
  item = *engine_->GetSnapshot().FindItem(phone);
  item.rate = M("120");
  EXPECT_THAT(Write([&](Transaction& t) { return t.UpdateItem(item); }), IsOk());

  // Removing the opening stock leaves the postings (and their reversal): still fixed.
  ASSERT_THAT(Opening(phone, {}), IsOk());
  item = *engine_->GetSnapshot().FindItem(phone);
  item.track_serial_number = false;
  EXPECT_THAT(Write([&](Transaction& t) { return t.UpdateItem(item); }),
              IsError(absl::StatusCode::kFailedPrecondition, "track_serial_number", ApiCode::kConflict));
}

// ---------------------------------------------------------------------------
// Opening stock with serial numbers.

TEST_F(TrackingTest, SerialOpeningStockPerLocationAndItsReplacement) {
  ItemId phone = AddItem("Phone", "P-1", Track::kSerial);
  LocationId shop = AddLocation("Shop");
  ASSERT_THAT(Opening(phone, {{.location_id = primary_, .quantity = Q("3"), .rate = M("100"),
                               .serial_numbers = {" SN-3", "SN-1 ", "SN-2"}},
                              {.location_id = shop, .quantity = Q("1"), .rate = M("110"),
                               .serial_numbers = {"SN-9"}}}),
              IsOk());
  EXPECT_EQ(At(phone, primary_), "3/3/0@300");
  EXPECT_EQ(At(phone, shop), "1/1/0@110");
  {
    Snapshot snap = engine_->GetSnapshot();
    EXPECT_EQ(Serials(snap, phone), "SN-1@Primary Location SN-2@Primary Location SN-3@Primary Location SN-9@Shop");
    EXPECT_EQ(Serials(snap, phone, shop), "SN-9@Shop");
    EXPECT_THAT(snap.SerialNumbers(phone, shop), ElementsAre(SerialNumberStock{"SN-9", shop}));
    EXPECT_EQ(OpeningText(snap, phone), "Primary Location:3@100 s:SN-3 s:SN-1 s:SN-2;Shop:1@110 s:SN-9;");
    EXPECT_THAT(snap.Batches(phone), IsEmpty());
  }

  // Replacing it takes the old serials out and puts the new ones in; a serial
  // kept moves with its line.
  ASSERT_THAT(Opening(phone, {{.location_id = shop, .quantity = Q("2"), .rate = M("100"),
                               .serial_numbers = {"SN-1", "SN-4"}}}),
              IsOk());
  EXPECT_EQ(At(phone, primary_), "0/0/0@0");
  EXPECT_EQ(At(phone, shop), "2/2/0@200");
  EXPECT_EQ(Serials(engine_->GetSnapshot(), phone), "SN-1@Shop SN-4@Shop");
}

TEST_F(TrackingTest, SerialNumbersAreUniquePerItemNotAcrossItems) {
  ItemId phone = AddItem("Phone", "P-1", Track::kSerial);
  ItemId tablet = AddItem("Tablet", "T-1", Track::kSerial);
  ASSERT_THAT(Opening(phone, {{.location_id = primary_, .quantity = Q("1"), .serial_numbers = {"X-1"}}}), IsOk());
  ASSERT_THAT(Opening(tablet, {{.location_id = primary_, .quantity = Q("1"), .serial_numbers = {"X-1"}}}), IsOk());
  EXPECT_EQ(Serials(engine_->GetSnapshot(), tablet), "X-1@Primary Location");
}

TEST_F(TrackingTest, SerialOpeningStockRefusals) {
  ItemId phone = AddItem("Phone", "P-1", Track::kSerial);
  ItemId tea = AddItem("Tea", "TEA-1");
  LocationId shop = AddLocation("Shop");
  auto refused = [&](ItemId item, std::vector<OpeningStock> lines, absl::StatusCode code, std::string field,
                     ApiCode api, std::string message) {
    absl::Status s = Opening(item, lines);
    EXPECT_THAT(s, IsError(code, field, api));
    EXPECT_EQ(s.message(), message);
  };
  refused(phone, {{.location_id = primary_, .quantity = Q("3"), .serial_numbers = {"A", "B"}}},
          absl::StatusCode::kInvalidArgument, "locations[0].serial_numbers", ApiCode::kInvalidValue,
          "The item 'Phone' tracks serial numbers: 3 units need 3 serial numbers, 2 are given.");
  refused(phone, {{.location_id = primary_, .quantity = Q("2")}}, absl::StatusCode::kInvalidArgument,
          "locations[0].serial_numbers", ApiCode::kInvalidValue,
          "The item 'Phone' tracks serial numbers: 2 units need 2 serial numbers, 0 are given.");
  refused(phone, {{.location_id = primary_, .quantity = Q("1.5"), .serial_numbers = {"A", "B"}}},
          absl::StatusCode::kInvalidArgument, "locations[0].initial_stock", ApiCode::kInvalidValue,
          "initial_stock must be a whole number: the item 'Phone' tracks serial numbers, one a unit.");
  refused(phone, {{.location_id = primary_, .quantity = Q("2"), .serial_numbers = {"A", "  "}}},
          absl::StatusCode::kInvalidArgument, "locations[0].serial_numbers[1]", ApiCode::kMissingField,
          "A serial number must not be empty.");
  // Unique within the request, across its locations, after trimming.
  refused(phone, {{.location_id = primary_, .quantity = Q("2"), .serial_numbers = {"A", "B"}},
                  {.location_id = shop, .quantity = Q("1"), .serial_numbers = {" B"}}},
          absl::StatusCode::kInvalidArgument, "locations[1].serial_numbers[0]", ApiCode::kInvalidValue,
          "The serial number 'B' is given twice.");
  refused(phone, {{.location_id = primary_, .quantity = Q("1"), .batches = {B("L1", "1")}, .serial_numbers = {"A"}}},
          absl::StatusCode::kInvalidArgument, "locations[0].batches", ApiCode::kInvalidValue,
          "The item 'Phone' does not track batches.");
  refused(tea, {{.location_id = primary_, .quantity = Q("1"), .serial_numbers = {"A"}}},
          absl::StatusCode::kInvalidArgument, "locations[0].serial_numbers", ApiCode::kInvalidValue,
          "The item 'Tea' does not track serial numbers.");
  EXPECT_THAT(engine_->GetSnapshot().SerialNumbers(phone), IsEmpty());
}

// ---------------------------------------------------------------------------
// Opening stock with batches.

TEST_F(TrackingTest, BatchOpeningStockIsValuedByItsBatches) {
  ItemId milk = AddItem("Milk", "M-1", Track::kBatch);
  LocationId shop = AddLocation("Shop");
  const absl::CivilDay made(2026, 10, 1), expires(2026, 12, 31);
  ASSERT_THAT(Opening(milk, {{.location_id = primary_, .quantity = Q("10"), .rate = M("1.5"),
                              .batches = {B(" L-2 ", "6", M("2"), made, expires), B("L-1", "4")}},
                             {.location_id = shop, .quantity = Q("2.5"), .rate = M("1"),
                              .batches = {B("L-3", "2.5", std::nullopt, std::nullopt, expires)}}}),
              IsOk());
  // 6 x 2 + 4 x 1.5 (the line's rate) at the primary location.
  EXPECT_EQ(At(milk, primary_), "10/10/0@18");
  EXPECT_EQ(At(milk, shop), "2.5/2.5/0@2.5");
  {
    Snapshot snap = engine_->GetSnapshot();
    EXPECT_EQ(Batches(snap, milk), "L-1@Primary Location:4[-..-] L-2@Primary Location:6[2026-10-01..2026-12-31] "
                                   "L-3@Shop:2.5[-..2026-12-31]");
    EXPECT_EQ(Batches(snap, milk, shop), "L-3@Shop:2.5[-..2026-12-31]");
    EXPECT_THAT(snap.Batches(milk, shop), ElementsAre(BatchStock{"L-3", shop, Q("2.5"), std::nullopt, expires}));
    EXPECT_EQ(OpeningText(snap, milk), "Primary Location:10@1.5 b:L-2=6@2 b:L-1=4;Shop:2.5@1 b:L-3=2.5;");
  }

  // Replaced: the old batches go, a batch number of the old stock may come back.
  ASSERT_THAT(Opening(milk, {{.location_id = shop, .quantity = Q("3"), .rate = M("1"), .batches = {B("L-1", "3")}}}),
              IsOk());
  EXPECT_EQ(Batches(engine_->GetSnapshot(), milk), "L-1@Shop:3[-..-]");
  EXPECT_EQ(At(milk, primary_), "0/0/0@0");
  EXPECT_EQ(At(milk, shop), "3/3/0@3");
}

TEST_F(TrackingTest, BatchOpeningStockRefusals) {
  ItemId milk = AddItem("Milk", "M-1", Track::kBatch);
  ItemId tea = AddItem("Tea", "TEA-1");
  LocationId shop = AddLocation("Shop");
  auto refused = [&](ItemId item, std::vector<OpeningStock> lines, std::string field, ApiCode api,
                     std::string message) {
    absl::Status s = Opening(item, lines);
    EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, field, api));
    EXPECT_EQ(s.message(), message);
  };
  refused(milk, {{.location_id = primary_, .quantity = Q("10")}}, "locations[0].batches", ApiCode::kInvalidValue,
          "The item 'Milk' tracks batches: 10 units need batches adding up to 10, these add up to 0.");
  refused(milk, {{.location_id = primary_, .quantity = Q("10"), .batches = {B("L-1", "4"), B("L-2", "5")}}},
          "locations[0].batches", ApiCode::kInvalidValue,
          "The item 'Milk' tracks batches: 10 units need batches adding up to 10, these add up to 9.");
  refused(milk, {{.location_id = primary_, .quantity = Q("1"), .batches = {B(" ", "1")}}},
          "locations[0].batches[0].batch_number", ApiCode::kMissingField, "batch_number is required.");
  refused(milk, {{.location_id = primary_, .quantity = Q("1"), .batches = {B("L-1", "1")}},
                 {.location_id = shop, .quantity = Q("2"), .batches = {B("L-2", "1"), B("L-1 ", "1")}}},
          "locations[1].batches[1].batch_number", ApiCode::kInvalidValue, "The batch number 'L-1' is given twice.");
  refused(milk, {{.location_id = primary_, .quantity = Q("1"), .batches = {B("L-1", "1"), B("L-2", "0")}}},
          "locations[0].batches[1].quantity", ApiCode::kInvalidValue, "quantity must be greater than zero.");
  refused(milk, {{.location_id = primary_, .quantity = Q("1"), .batches = {B("L-1", "1", M("-1"))}}},
          "locations[0].batches[0].rate", ApiCode::kInvalidValue, "rate must not be negative.");
  refused(milk,
          {{.location_id = primary_, .quantity = Q("1"),
            .batches = {B("L-1", "1", std::nullopt, absl::CivilDay(2026, 5, 2), absl::CivilDay(2026, 5, 1))}}},
          "locations[0].batches[0].expiry_date", ApiCode::kInvalidValue,
          "expiry_date must not be before manufactured_date.");
  refused(milk, {{.location_id = primary_, .quantity = Q("1"), .batches = {B("L-1", "1")}, .serial_numbers = {"S"}}},
          "locations[0].serial_numbers", ApiCode::kInvalidValue, "The item 'Milk' does not track serial numbers.");
  refused(tea, {{.location_id = primary_, .quantity = Q("1"), .batches = {B("L-1", "1")}}}, "locations[0].batches",
          ApiCode::kInvalidValue, "The item 'Tea' does not track batches.");

  // At most 5000 batches in one call, counted over all its locations.
  std::vector<Batch> many, one;
  for (int i = 0; i < 5000; ++i) many.push_back(B(Cat("L-", i), "1"));
  one.push_back(B("X", "1"));
  refused(milk, {{.location_id = primary_, .quantity = Q("5000"), .batches = many},
                 {.location_id = shop, .quantity = Q("1"), .batches = one}},
          "batches", ApiCode::kInvalidValue, "At most 5000 batches may be given at once.");
  ASSERT_THAT(Opening(milk, {{.location_id = primary_, .quantity = Q("5000"), .batches = many}}), IsOk());
  EXPECT_EQ(engine_->GetSnapshot().Batches(milk).size(), 5000u);
}

// ---------------------------------------------------------------------------
// Bins.

TEST_F(TrackingTest, OpeningStockInBins) {
  ItemId tea = AddItem("Tea", "TEA-1", Track::kNone, /*bins=*/true);
  LocationId shop = AddLocation("Shop");
  ASSERT_THAT(Opening(tea, {{.location_id = primary_, .quantity = Q("7"), .rate = M("1"),
                             .storages = {{" BIN-B ", Q("3")}, {"BIN-A", Q("4")}}},
                            {.location_id = shop, .quantity = Q("2"), .rate = M("1")}}),
              IsOk());
  EXPECT_EQ(Bins(tea, primary_), "BIN-A=4 BIN-B=3");
  EXPECT_EQ(Bins(tea, shop), "");
  EXPECT_EQ(OpeningText(engine_->GetSnapshot(), tea),
            "Primary Location:7@1 bin:BIN-B=3 bin:BIN-A=4;Shop:2@1;");
  EXPECT_THAT(engine_->GetSnapshot().BinStock(tea, primary_),
              ElementsAre(testing::Field(&BinQuantity::storage_location_id, "BIN-A"),
                          testing::Field(&BinQuantity::storage_location_id, "BIN-B")));

  // Replaced: the bins are the new opening stock's.
  ASSERT_THAT(Opening(tea, {{.location_id = shop, .quantity = Q("5"), .rate = M("1"),
                             .storages = {{"BIN-C", Q("5")}}}}),
              IsOk());
  EXPECT_EQ(Bins(tea, primary_), "");
  EXPECT_EQ(Bins(tea, shop), "BIN-C=5");
}

TEST_F(TrackingTest, StorageRefusals) {
  ItemId tea = AddItem("Tea", "TEA-1", Track::kNone, /*bins=*/true);
  ItemId cup = AddItem("Cup", "CUP-1");
  auto refused = [&](ItemId item, std::vector<BinQuantity> bins, std::string field, ApiCode api,
                     std::string message) {
    absl::Status s = Opening(item, {{.location_id = primary_, .quantity = Q("5"), .rate = M("1"), .storages = bins}});
    EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, field, api));
    EXPECT_EQ(s.message(), message);
  };
  refused(cup, {{"BIN-A", Q("5")}}, "locations[0].storages", ApiCode::kInvalidValue,
          "The item 'Cup' does not have storage locations (bins) enabled.");
  refused(tea, {{"BIN-A", Q("2")}, {"BIN-B", Q("2")}}, "locations[0].storages", ApiCode::kInvalidValue,
          "The storages add up to 4, but initial_stock is 5.");
  refused(tea, {{"", Q("5")}}, "locations[0].storages[0].storage_location_id", ApiCode::kMissingField,
          "storage_location_id is required.");
  refused(tea, {{"BIN-A", Q("2")}, {"BIN-A ", Q("3")}}, "locations[0].storages[1].storage_location_id",
          ApiCode::kInvalidValue, "The storage location 'BIN-A' is given twice.");
  refused(tea, {{"BIN-A", Q("5")}, {"BIN-B", Q("0")}}, "locations[0].storages[1].quantity", ApiCode::kInvalidValue,
          "quantity must be greater than zero.");
}

// ---------------------------------------------------------------------------
// Transactions.

TEST_F(TrackingTest, RollbackRestoresSerialsBatchesAndBins) {
  ItemId phone = AddItem("Phone", "P-1", Track::kSerial, /*bins=*/true);
  ItemId milk = AddItem("Milk", "M-1", Track::kBatch);
  ASSERT_THAT(Opening(phone, {{.location_id = primary_, .quantity = Q("2"), .rate = M("100"),
                               .serial_numbers = {"SN-1", "SN-2"}, .storages = {{"BIN-A", Q("2")}}}}),
              IsOk());
  ASSERT_THAT(Opening(milk, {{.location_id = primary_, .quantity = Q("5"), .rate = M("1"), .batches = {B("L-1", "5")}}}),
              IsOk());
  const std::string before = Dump();
  {
    Transaction txn = engine_->BeginTransaction();
    ASSERT_THAT(txn.SetOpeningStock(phone, kDay, {{.location_id = primary_, .quantity = Q("1"), .rate = M("90"),
                                                   .serial_numbers = {"SN-7"}, .storages = {{"BIN-Z", Q("1")}}}}),
                IsOk());
    size_t save = txn.SavePoint();
    ASSERT_THAT(txn.SetOpeningStock(milk, kDay, {{.location_id = primary_, .quantity = Q("1"), .rate = M("1"),
                                                  .batches = {B("L-9", "1")}}}),
                IsOk());
    EXPECT_EQ(Batches(txn, milk), "L-9@Primary Location:1[-..-]");
    txn.RollbackTo(save);
    EXPECT_EQ(Batches(txn, milk), "L-1@Primary Location:5[-..-]");
    EXPECT_EQ(Serials(txn, phone), "SN-7@Primary Location");  // reads its own writes
  }  // rolled back
  EXPECT_EQ(Dump(), before);
  EXPECT_EQ(Bins(phone, primary_), "BIN-A=2");
}

}  // namespace
}  // namespace inventory
