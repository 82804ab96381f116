// Serial-number and batch tracking, and bins, through the C++ API: the item
// flags, opening stock carrying serials, batches and storages, the reader's
// queries, and the rules' exact refusals. Every refused write changes
// nothing; after every scenario the ledger verifies and the tracking agrees
// with the figures.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
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
  absl::StatusOr<AdjustmentId> Adjust(ItemId item, std::string quantity, LocationId at,
                                      std::vector<std::string> serials, std::vector<Batch> batches = {},
                                      std::vector<BinQuantity> storages = {}) {
    AdjustmentId id;
    absl::Status s = Write([&](Transaction& t) {
      auto r = t.CreateAdjustment({.date = kDay,
                                   .reason = "Count",
                                   .line_items = {{.item_id = item,
                                                   .location_id = at,
                                                   .quantity_adjusted = Q(quantity),
                                                   .serial_numbers = serials,
                                                   .batches = batches,
                                                   .storages = storages}}});
      if (r.ok()) id = *r;
      return r;
    });
    if (!s.ok()) return s;
    return id;
  }
  absl::StatusOr<TransferOrderId> Transfer(std::string number, LocationId from, LocationId to, TransferLine line,
                                           TransferStatus status) {
    TransferOrderId id;
    absl::Status s = Write([&](Transaction& t) {
      auto r = t.CreateTransferOrder({.transfer_order_number = number,
                                      .date = kDay,
                                      .from_location_id = from,
                                      .to_location_id = to,
                                      .line_items = {line},
                                      .status = status});
      if (r.ok()) id = (*r)->id;
      return r;
    });
    if (!s.ok()) return s;
    return id;
  }
  std::string SerialsNow(ItemId item, std::optional<LocationId> at = {}) {
    return Serials(engine_->GetSnapshot(), item, at);
  }
  std::string BatchesNow(ItemId item, std::optional<LocationId> at = {}) {
    return Batches(engine_->GetSnapshot(), item, at);
  }

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

// ---------------------------------------------------------------------------
// Other documents: their lines name the serials and batches they move.

TEST_F(TrackingTest, AdjustmentsTakeOutAndBringInNamedSerialNumbers) {
  ItemId phone = AddItem("Phone", "P-1", Track::kSerial);
  LocationId shop = AddLocation("Shop");
  ASSERT_THAT(Opening(phone, {{.location_id = primary_, .quantity = Q("3"), .rate = M("100"),
                               .serial_numbers = {"SN-1", "SN-2", "SN-3"}}}),
              IsOk());
  auto out = Adjust(phone, "-1", primary_, {" SN-2 "});
  ASSERT_THAT(out, IsOk());
  EXPECT_EQ(SerialsNow(phone), "SN-1@Primary Location SN-3@Primary Location");
  EXPECT_EQ(At(phone, primary_), "2/2/0@200");
  EXPECT_THAT(engine_->GetSnapshot().FindAdjustment(*out)->line_items[0].serial_numbers, ElementsAre("SN-2"));
  // A serial that left may come back, anywhere.
  auto in = Adjust(phone, "2", shop, {"SN-2", "SN-4"});
  ASSERT_THAT(in, IsOk());
  EXPECT_EQ(SerialsNow(phone), "SN-1@Primary Location SN-2@Shop SN-3@Primary Location SN-4@Shop");
  EXPECT_EQ(At(phone, shop), "2/2/0@4");  // at the purchase rate

  // Refusals.
  auto refused = [&](absl::StatusOr<AdjustmentId> r, absl::StatusCode code, std::string field, ApiCode api,
                     std::string message) {
    EXPECT_THAT(r, IsError(code, field, api));
    EXPECT_EQ(r.status().message(), message);
  };
  refused(Adjust(phone, "-1", primary_, {}), absl::StatusCode::kInvalidArgument, "line_items[0].serial_numbers",
          ApiCode::kInvalidValue, "The item 'Phone' tracks serial numbers: 1 unit needs 1 serial number, 0 are given.");
  refused(Adjust(phone, "-2", primary_, {"SN-1"}), absl::StatusCode::kInvalidArgument,
          "line_items[0].serial_numbers", ApiCode::kInvalidValue,
          "The item 'Phone' tracks serial numbers: 2 units need 2 serial numbers, 1 is given.");
  refused(Adjust(phone, "-0.5", primary_, {"SN-1"}), absl::StatusCode::kInvalidArgument,
          "line_items[0].quantity_adjusted", ApiCode::kInvalidValue,
          "quantity_adjusted must be a whole number: the item 'Phone' tracks serial numbers, one a unit.");
  refused(Adjust(phone, "-1", primary_, {"SN-2"}), absl::StatusCode::kFailedPrecondition,
          "line_items[0].serial_numbers[0]", ApiCode::kInsufficientStock,
          "The serial number 'SN-2' of 'Phone' is not in stock at 'Primary Location'.");
  refused(Adjust(phone, "1", primary_, {"SN-4"}), absl::StatusCode::kAlreadyExists,
          "line_items[0].serial_numbers[0]", ApiCode::kDuplicate,
          "The serial number 'SN-4' of 'Phone' is already in stock at 'Shop'.");
  refused(Adjust(phone, "-2", primary_, {"SN-1", "SN-1"}), absl::StatusCode::kInvalidArgument,
          "line_items[0].serial_numbers[1]", ApiCode::kInvalidValue, "The serial number 'SN-1' is given twice.");
  refused(Adjust(phone, "-1", primary_, {"SN-1"}, {B("L-1", "1")}), absl::StatusCode::kInvalidArgument,
          "line_items[0].batches", ApiCode::kInvalidValue, "The item 'Phone' does not track batches.");
  ItemId tea = AddItem("Tea", "TEA-1");
  refused(Adjust(tea, "1", primary_, {"X"}), absl::StatusCode::kInvalidArgument, "line_items[0].serial_numbers",
          ApiCode::kInvalidValue, "The item 'Tea' does not track serial numbers.");
  absl::Status value = Write([&](Transaction& t) {
    return t.CreateAdjustment({.date = kDay,
                               .reason = "Revalue",
                               .adjustment_type = AdjustmentType::kValue,
                               .line_items = {{.item_id = phone, .item_total = M("10"), .serial_numbers = {"SN-1"}}}});
  });
  EXPECT_THAT(value, IsError(absl::StatusCode::kInvalidArgument, "line_items[0].serial_numbers", ApiCode::kInvalidValue));
  EXPECT_EQ(value.message(), "A value adjustment moves no stock, so it takes no serial numbers.");

  // Undoing a document needs its serials where it left them: SN-2 is back in
  // stock, so the adjustment that took it out cannot be deleted ...
  absl::Status s = Write([&](Transaction& t) { return t.DeleteAdjustment(*out); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].serial_numbers[0]",
                         ApiCode::kStockUsed));
  EXPECT_EQ(s.message(),
            "The serial number 'SN-2' of 'Phone' is already in stock at 'Shop'; the document that moved it cannot be "
            "changed or deleted.");
  // ... until the one that brought it back is.
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteAdjustment(*in); }), IsOk());
  EXPECT_EQ(SerialsNow(phone), "SN-1@Primary Location SN-3@Primary Location");
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteAdjustment(*out); }), IsOk());
  EXPECT_EQ(SerialsNow(phone), "SN-1@Primary Location SN-2@Primary Location SN-3@Primary Location");
  EXPECT_EQ(At(phone, primary_), "3/3/0@300");

  // The opening stock cannot be replaced once one of its serials has left.
  ASSERT_THAT(Adjust(phone, "-1", primary_, {"SN-3"}), IsOk());
  s = Opening(phone, {{.location_id = primary_, .quantity = Q("1"), .rate = M("100"), .serial_numbers = {"SN-1"}}});
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "locations[0].serial_numbers[2]", ApiCode::kStockUsed));
  EXPECT_EQ(s.message(),
            "The serial number 'SN-3' of 'Phone' is not in stock at 'Primary Location'; the document that moved it "
            "cannot be changed or deleted.");
}

TEST_F(TrackingTest, AdjustmentUpdateTakesBackTheOldSerialsAndMovesTheNew) {
  ItemId phone = AddItem("Phone", "P-1", Track::kSerial);
  ASSERT_THAT(Opening(phone, {{.location_id = primary_, .quantity = Q("2"), .rate = M("100"),
                               .serial_numbers = {"SN-1", "SN-2"}}}),
              IsOk());
  auto out = Adjust(phone, "-1", primary_, {"SN-1"});
  ASSERT_THAT(out, IsOk());
  InventoryAdjustment changed = *engine_->GetSnapshot().FindAdjustment(*out);
  changed.line_items[0].serial_numbers = {"SN-2"};
  ASSERT_THAT(Write([&](Transaction& t) { return t.UpdateAdjustment(changed); }), IsOk());
  EXPECT_EQ(SerialsNow(phone), "SN-1@Primary Location");
  EXPECT_EQ(At(phone, primary_), "1/1/0@100");
  changed.line_items[0].serial_numbers = {"SN-9"};
  absl::Status s = Write([&](Transaction& t) { return t.UpdateAdjustment(changed); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].serial_numbers[0]",
                         ApiCode::kInsufficientStock));
  EXPECT_EQ(s.message(), "The serial number 'SN-9' of 'Phone' is not in stock at 'Primary Location'.");
}

TEST_F(TrackingTest, AdjustmentsTakeFromAndAddToBatches) {
  ItemId milk = AddItem("Milk", "M-1", Track::kBatch);
  const absl::CivilDay made(2026, 10, 1), expires(2026, 12, 31);
  ASSERT_THAT(Opening(milk, {{.location_id = primary_, .quantity = Q("10"), .rate = M("1"),
                              .batches = {B("L-1", "6", std::nullopt, made, expires), B("L-2", "4")}}}),
              IsOk());
  auto out = Adjust(milk, "-6", primary_, {}, {B("L-1", "6"), B("L-2", "0.5")});
  EXPECT_THAT(out, IsError(absl::StatusCode::kInvalidArgument, "line_items[0].batches", ApiCode::kInvalidValue));
  EXPECT_EQ(out.status().message(),
            "The item 'Milk' tracks batches: 6 units need batches adding up to 6, these add up to 6.5.");
  out = Adjust(milk, "-6.5", primary_, {}, {B("L-1", "6"), B("L-2", "0.5")});
  ASSERT_THAT(out, IsOk());
  // L-1 is used up and gone; the adjustment keeps its dates, to put it back.
  EXPECT_EQ(BatchesNow(milk), "L-2@Primary Location:3.5[-..-]");
  EXPECT_EQ(engine_->GetSnapshot().FindAdjustment(*out)->line_items[0].batches[0].expiry_date, expires);

  // More of a batch the item holds (its dates filled in), and a new batch.
  auto in = Adjust(milk, "3", primary_, {}, {B("L-2", "1"), B("L-3", "2", std::nullopt, std::nullopt, expires)});
  ASSERT_THAT(in, IsOk());
  EXPECT_EQ(BatchesNow(milk), "L-2@Primary Location:4.5[-..-] L-3@Primary Location:2[-..2026-12-31]");

  absl::StatusOr<AdjustmentId> r = Adjust(milk, "-5", primary_, {}, {B("L-2", "5")});
  EXPECT_THAT(r, IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].batches[0].quantity",
                         ApiCode::kInsufficientStock));
  EXPECT_EQ(r.status().message(), "Insufficient stock of batch 'L-2' of 'Milk' at 'Primary Location': requested 5, "
                                  "available 4.5.");
  r = Adjust(milk, "1", primary_, {}, {B("L-3", "1", std::nullopt, std::nullopt, absl::CivilDay(2027, 1, 1))});
  EXPECT_THAT(r, IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].batches[0].expiry_date",
                         ApiCode::kConflict));
  EXPECT_EQ(r.status().message(), "The batch 'L-3' of 'Milk' has expiry_date 2026-12-31.");
  r = Adjust(milk, "1", primary_, {}, {B("L-3", "1", M("2"))});
  EXPECT_THAT(r, IsError(absl::StatusCode::kInvalidArgument, "line_items[0].batches[0].rate", ApiCode::kInvalidValue));
  EXPECT_EQ(r.status().message(), "rate applies to opening stock only.");
  // An opening stock may not name a batch the item holds from elsewhere.
  absl::Status s = Opening(milk, {{.location_id = primary_, .quantity = Q("1"), .rate = M("1"),
                                   .batches = {B("L-3", "1")}}});
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "locations[0].batches[0].quantity", ApiCode::kStockUsed));
  EXPECT_EQ(s.message(), "Insufficient stock of batch 'L-1' of 'Milk' at 'Primary Location': requested 6, available 0; "
                         "the document that moved it cannot be changed or deleted.");

  // Deleting the first adjustment puts L-1 back with its dates.
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteAdjustment(*out); }), IsOk());
  EXPECT_EQ(BatchesNow(milk), "L-1@Primary Location:6[2026-10-01..2026-12-31] L-2@Primary Location:5[-..-] "
                              "L-3@Primary Location:2[-..2026-12-31]");
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteAdjustment(*in); }), IsOk());
  // Now the opening stock may be replaced, but not by one naming a batch held elsewhere.
  ASSERT_THAT(Adjust(milk, "1", primary_, {}, {B("L-9", "1")}), IsOk());
  s = Opening(milk, {{.location_id = primary_, .quantity = Q("1"), .rate = M("1"), .batches = {B("L-9 ", "1")}}});
  EXPECT_THAT(s, IsError(absl::StatusCode::kAlreadyExists, "locations[0].batches[0].batch_number", ApiCode::kDuplicate));
  EXPECT_EQ(s.message(), "The batch number 'L-9' of 'Milk' is already in use.");
  ASSERT_THAT(Opening(milk, {{.location_id = primary_, .quantity = Q("2"), .rate = M("1"), .batches = {B("L-1", "2")}}}),
              IsOk());
  // A batch keeps its dates once known, also while it holds no stock.
  EXPECT_EQ(BatchesNow(milk), "L-1@Primary Location:2[2026-10-01..2026-12-31] L-9@Primary Location:1[-..-]");
}

TEST_F(TrackingTest, TransfersCarrySerialsThroughTransit) {
  ItemId phone = AddItem("Phone", "P-1", Track::kSerial);
  LocationId shop = AddLocation("Shop");
  ASSERT_THAT(Opening(phone, {{.location_id = primary_, .quantity = Q("3"), .rate = M("100"),
                               .serial_numbers = {"SN-1", "SN-2", "SN-3"}}}),
              IsOk());
  auto id = Transfer("TO-1", primary_, shop,
                     {.item_id = phone, .quantity_transfer = Q("2"), .serial_numbers = {"SN-1", "SN-3"}},
                     TransferStatus::kInTransit);
  ASSERT_THAT(id, IsOk());
  EXPECT_EQ(SerialsNow(phone), "SN-2@Primary Location");  // the others are travelling
  EXPECT_EQ(At(phone, shop), "0/0/2@0");
  // A serial in transit is still the item's: it cannot arrive again.
  auto again = Adjust(phone, "1", shop, {"SN-1"});
  EXPECT_THAT(again, IsError(absl::StatusCode::kAlreadyExists, "line_items[0].serial_numbers[0]", ApiCode::kDuplicate));
  EXPECT_EQ(again.status().message(), "The serial number 'SN-1' of 'Phone' is already in transit to 'Shop'.");

  ASSERT_THAT(Write([&](Transaction& t) { return t.SetTransferStatus(*id, TransferStatus::kTransferred); }), IsOk());
  EXPECT_EQ(SerialsNow(phone), "SN-1@Shop SN-2@Primary Location SN-3@Shop");
  EXPECT_EQ(SerialsNow(phone, shop), "SN-1@Shop SN-3@Shop");

  // Deleting it brings them back, unless one has moved on.
  auto sold = Adjust(phone, "-1", shop, {"SN-3"});
  ASSERT_THAT(sold, IsOk());
  absl::Status s = Write([&](Transaction& t) { return t.DeleteTransferOrder(*id); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].serial_numbers[1]",
                         ApiCode::kStockUsed));
  EXPECT_EQ(s.message(), "The serial number 'SN-3' of 'Phone' is not in stock at 'Shop'; the document that moved it "
                         "cannot be changed or deleted.");
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteAdjustment(*sold); }), IsOk());
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteTransferOrder(*id); }), IsOk());
  EXPECT_EQ(SerialsNow(phone), "SN-1@Primary Location SN-2@Primary Location SN-3@Primary Location");
  EXPECT_EQ(At(phone, primary_), "3/3/0@300");
}

TEST_F(TrackingTest, TransferRulesForTrackedLines) {
  ItemId phone = AddItem("Phone", "P-1", Track::kSerial);
  ItemId milk = AddItem("Milk", "M-1", Track::kBatch);
  LocationId shop = AddLocation("Shop");
  ASSERT_THAT(Opening(phone, {{.location_id = primary_, .quantity = Q("1"), .rate = M("100"),
                               .serial_numbers = {"SN-1"}}}),
              IsOk());
  ASSERT_THAT(Opening(milk, {{.location_id = primary_, .quantity = Q("5"), .rate = M("1"),
                              .batches = {B("L-1", "5", std::nullopt, absl::CivilDay(2026, 9, 1))}}}),
              IsOk());
  // The shape is checked on every order, drafts included.
  auto r = Transfer("TO-1", primary_, shop, {.item_id = phone, .quantity_transfer = Q("1")}, TransferStatus::kDraft);
  EXPECT_THAT(r, IsError(absl::StatusCode::kInvalidArgument, "line_items[0].serial_numbers", ApiCode::kInvalidValue));
  EXPECT_EQ(r.status().message(), "The item 'Phone' tracks serial numbers: 1 unit needs 1 serial number, 0 are given.");
  // Stock is checked when it moves.
  auto draft = Transfer("TO-1", primary_, shop, {.item_id = phone, .quantity_transfer = Q("1"), .serial_numbers = {"SN-7"}},
                        TransferStatus::kDraft);
  ASSERT_THAT(draft, IsOk());
  absl::Status s = Write([&](Transaction& t) { return t.SetTransferStatus(*draft, TransferStatus::kInTransit); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].serial_numbers[0]",
                         ApiCode::kInsufficientStock));
  EXPECT_EQ(s.message(), "The serial number 'SN-7' of 'Phone' is not in stock at 'Primary Location'.");

  // Batches land with their dates; part of a batch may move.
  auto moved = Transfer("TO-2", primary_, shop, {.item_id = milk, .quantity_transfer = Q("2"), .batches = {B("L-1", "2")}},
                        TransferStatus::kTransferred);
  ASSERT_THAT(moved, IsOk());
  EXPECT_EQ(BatchesNow(milk), "L-1@Primary Location:3[2026-09-01..-] L-1@Shop:2[2026-09-01..-]");
  r = Transfer("TO-3", primary_, shop, {.item_id = milk, .quantity_transfer = Q("4"), .batches = {B("L-1", "4")}},
               TransferStatus::kTransferred);
  EXPECT_THAT(r, IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].batches[0].quantity",
                         ApiCode::kInsufficientStock));
  EXPECT_EQ(r.status().message(),
            "Insufficient stock of batch 'L-1' of 'Milk' at 'Primary Location': requested 4, available 3.");

  // An update takes the old batches back to the source and sends the new ones.
  TransferOrder changed = *engine_->GetSnapshot().FindTransferOrder(*moved);
  changed.line_items[0].quantity_transfer = Q("1");
  changed.line_items[0].batches = {B("L-1", "1")};
  ASSERT_THAT(Write([&](Transaction& t) { return t.UpdateTransferOrder(changed); }), IsOk());
  EXPECT_EQ(BatchesNow(milk), "L-1@Primary Location:4[2026-09-01..-] L-1@Shop:1[2026-09-01..-]");
  EXPECT_EQ(At(milk, shop), "1/1/0@1");
}

TEST_F(TrackingTest, BundlesConsumeNamedComponentsAndTrackWhatTheyMake) {
  ItemId phone = AddItem("Phone", "P-1", Track::kSerial);
  ItemId milk = AddItem("Milk", "M-1", Track::kBatch);
  ASSERT_THAT(Opening(phone, {{.location_id = primary_, .quantity = Q("2"), .rate = M("100"),
                               .serial_numbers = {"SN-1", "SN-2"}}}),
              IsOk());
  ASSERT_THAT(Opening(milk, {{.location_id = primary_, .quantity = Q("5"), .rate = M("1"), .batches = {B("L-1", "5")}}}),
              IsOk());
  ItemId box;
  ASSERT_THAT(Write([&](Transaction& t) {
                auto r = t.CreateItem({.name = "Gift box",
                                       .sku = "BOX-1",
                                       .rate = M("150"),
                                       .track_serial_number = true,
                                       .mapped_items = {{phone, Q("1")}, {milk, Q("2")}}});
                if (r.ok()) box = (*r)->id;
                return r;
              }),
              IsOk());
  Bundle bundle{.reference_number = "BN-1",
                .date = kDay,
                .composite_item_id = box,
                .quantity_to_bundle = Q("1"),
                .line_items = {{.item_id = phone, .quantity_consumed = Q("1"), .serial_numbers = {"SN-2"}},
                               {.item_id = milk, .quantity_consumed = Q("2"), .batches = {B("L-1", "2")}}},
                .finished_product_serial_numbers = {"BOX-0001"}};
  auto build = [&](Bundle b) {
    BundleId id;
    absl::Status s = Write([&](Transaction& t) {
      auto r = t.CreateBundle(b);
      if (r.ok()) id = (*r)->id;
      return r;
    });
    return s.ok() ? absl::StatusOr<BundleId>(id) : absl::StatusOr<BundleId>(s);
  };
  Bundle unnamed = bundle;
  unnamed.finished_product_serial_numbers.clear();
  auto r = build(unnamed);
  EXPECT_THAT(r, IsError(absl::StatusCode::kInvalidArgument, "finished_product_serial_numbers", ApiCode::kInvalidValue));
  EXPECT_EQ(r.status().message(),
            "The item 'Gift box' tracks serial numbers: 1 unit needs 1 serial number, 0 are given.");
  Bundle wrong = bundle;
  wrong.line_items[1].batches = {B("L-2", "2")};
  r = build(wrong);
  EXPECT_THAT(r, IsError(absl::StatusCode::kFailedPrecondition, "line_items[1].batches[0].quantity",
                         ApiCode::kInsufficientStock));
  EXPECT_EQ(r.status().message(), "Insufficient stock of batch 'L-2' of 'Milk' at 'Primary Location': requested 2, "
                                  "available 0.");

  auto id = build(bundle);
  ASSERT_THAT(id, IsOk());
  EXPECT_EQ(SerialsNow(phone), "SN-1@Primary Location");
  EXPECT_EQ(BatchesNow(milk), "L-1@Primary Location:3[-..-]");
  EXPECT_EQ(SerialsNow(box), "BOX-0001@Primary Location");
  EXPECT_EQ(At(box, primary_), "1/1/0@102");
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteBundle(*id); }), IsOk());
  EXPECT_EQ(SerialsNow(phone), "SN-1@Primary Location SN-2@Primary Location");
  EXPECT_EQ(BatchesNow(milk), "L-1@Primary Location:5[-..-]");
  EXPECT_EQ(SerialsNow(box), "");

  // A composite that does not track serials takes none.
  ItemId plain;
  ASSERT_THAT(Write([&](Transaction& t) {
                auto c = t.CreateItem({.name = "Plain box", .sku = "BOX-2", .mapped_items = {{milk, Q("1")}}});
                if (c.ok()) plain = (*c)->id;
                return c;
              }),
              IsOk());
  r = build({.date = kDay,
             .composite_item_id = plain,
             .quantity_to_bundle = Q("1"),
             .line_items = {{.item_id = milk, .quantity_consumed = Q("1"), .batches = {B("L-1", "1")}}},
             .finished_product_serial_numbers = {"X"}});
  EXPECT_THAT(r, IsError(absl::StatusCode::kInvalidArgument, "finished_product_serial_numbers", ApiCode::kInvalidValue));
  EXPECT_EQ(r.status().message(), "The item 'Plain box' does not track serial numbers.");
}

TEST_F(TrackingTest, StockLeavesUnbinnedStockFirstThenBinsInOrder) {
  ItemId tea = AddItem("Tea", "TEA-1", Track::kNone, /*bins=*/true);
  LocationId shop = AddLocation("Shop");
  ASSERT_THAT(Opening(tea, {{.location_id = primary_, .quantity = Q("7"), .rate = M("1"),
                             .storages = {{"BIN-B", Q("3")}, {"BIN-A", Q("4")}}}}),
              IsOk());
  ASSERT_THAT(Adjust(tea, "5", primary_, {}), IsOk());  // arrives unbinned
  EXPECT_EQ(Bins(tea, primary_), "BIN-A=4 BIN-B=3");
  ASSERT_THAT(Adjust(tea, "-6", primary_, {}), IsOk());  // the 5 unbinned, then 1 from BIN-A
  EXPECT_EQ(Bins(tea, primary_), "BIN-A=3 BIN-B=3");
  auto id = Transfer("TO-1", primary_, shop, {.item_id = tea, .quantity_transfer = Q("4")}, TransferStatus::kTransferred);
  ASSERT_THAT(id, IsOk());
  EXPECT_EQ(Bins(tea, primary_), "BIN-B=2");
  EXPECT_EQ(Bins(tea, shop), "");
  // Undone, the stock comes back unbinned.
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteTransferOrder(*id); }), IsOk());
  EXPECT_EQ(Bins(tea, primary_), "BIN-B=2");
  EXPECT_EQ(At(tea, primary_), "6/6/0@11");  // FIFO: 1 at 1 and 5 at the purchase rate 2
}

// Bins named on document lines: an adjustment puts stock into bins or takes
// it out of them, a transfer takes it out of the source's bins and lands it
// in the destination's, a bundle consumes from bins and puts what it makes
// into bins. Each is undone by deleting the document.
TEST_F(TrackingTest, AdjustmentsMoveStockIntoAndOutOfTheBinsTheyName) {
  ItemId tea = AddItem("Tea", "TEA-1", Track::kNone, /*bins=*/true);
  auto adjust = [&](std::string quantity, std::vector<BinQuantity> bins) {
    return Adjust(tea, quantity, primary_, {}, {}, bins);
  };
  auto in = adjust("6", {{" BIN-A ", Q("4")}, {"BIN-B", Q("2")}});
  ASSERT_THAT(in, IsOk());
  EXPECT_EQ(Bins(tea, primary_), "BIN-A=4 BIN-B=2");
  EXPECT_EQ(engine_->GetSnapshot().FindAdjustment(*in)->line_items[0].storages[0].storage_location_id, "BIN-A");
  ASSERT_THAT(adjust("2", {}), IsOk());  // unbinned
  auto out = adjust("-3", {{"BIN-A", Q("3")}});
  ASSERT_THAT(out, IsOk());
  EXPECT_EQ(Bins(tea, primary_), "BIN-A=1 BIN-B=2");
  EXPECT_EQ(At(tea, primary_), "5/5/0@10");

  // A bin must hold what is taken from it; refused, nothing changes.
  auto r = adjust("-2", {{"BIN-A", Q("2")}});
  EXPECT_THAT(r, IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].storages[0].quantity",
                         ApiCode::kInsufficientStock));
  EXPECT_EQ(r.status().message(),
            "The storage location 'BIN-A' holds 1 of 'Tea' at 'Primary Location': requested 2.");
  r = adjust("-2", {{"BIN-A", Q("1")}});
  EXPECT_THAT(r, IsError(absl::StatusCode::kInvalidArgument, "line_items[0].storages", ApiCode::kInvalidValue));
  EXPECT_EQ(r.status().message(), "The storages add up to 1, but quantity_adjusted is 2.");
  EXPECT_EQ(Bins(tea, primary_), "BIN-A=1 BIN-B=2");

  // Deleting the removal puts the 3 back into BIN-A; deleting the addition
  // takes back what is left of it in its bins.
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteAdjustment(*out); }), IsOk());
  EXPECT_EQ(Bins(tea, primary_), "BIN-A=4 BIN-B=2");
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteAdjustment(*in); }), IsOk());
  EXPECT_EQ(Bins(tea, primary_), "");
  EXPECT_EQ(At(tea, primary_), "2/2/0@4");

  // Only items with bins enabled, and never on a value adjustment.
  ItemId cup = AddItem("Cup", "CUP-1");
  absl::Status s = Write([&](Transaction& t) {
    return t.CreateAdjustment({.date = kDay, .reason = "Count",
                               .line_items = {{.item_id = cup, .location_id = primary_, .quantity_adjusted = Q("1"),
                                               .storages = {{"BIN-A", Q("1")}}}}});
  });
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "line_items[0].storages", ApiCode::kInvalidValue));
  EXPECT_EQ(s.message(), "The item 'Cup' does not have storage locations (bins) enabled.");
  s = Write([&](Transaction& t) {
    return t.CreateAdjustment({.date = kDay, .reason = "Revalue", .adjustment_type = AdjustmentType::kValue,
                               .line_items = {{.item_id = tea, .location_id = primary_, .item_total = M("1"),
                                               .storages = {{"BIN-A", Q("1")}}}}});
  });
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "line_items[0].storages", ApiCode::kInvalidValue));
  EXPECT_EQ(s.message(), "A value adjustment moves no stock, so it takes no bins.");
}

TEST_F(TrackingTest, TransfersLeaveTheSourcesBinsAndLandInTheDestinations) {
  ItemId tea = AddItem("Tea", "TEA-1", Track::kNone, /*bins=*/true);
  LocationId shop = AddLocation("Shop");
  ASSERT_THAT(Opening(tea, {{.location_id = primary_, .quantity = Q("7"), .rate = M("1"),
                             .storages = {{"BIN-A", Q("4")}, {"BIN-B", Q("3")}}}}),
              IsOk());
  TransferLine line{.item_id = tea, .quantity_transfer = Q("3"),
                    .from_storages = {{"BIN-B", Q("2")}, {"BIN-A", Q("1")}}, .to_storages = {{"S-1", Q("3")}}};
  auto id = Transfer("TO-1", primary_, shop, line, TransferStatus::kInTransit);
  ASSERT_THAT(id, IsOk());
  EXPECT_EQ(Bins(tea, primary_), "BIN-A=3 BIN-B=1");
  EXPECT_EQ(Bins(tea, shop), "");  // still travelling
  ASSERT_THAT(Write([&](Transaction& t) { return t.SetTransferStatus(*id, TransferStatus::kTransferred); }), IsOk());
  EXPECT_EQ(Bins(tea, shop), "S-1=3");
  EXPECT_EQ(At(tea, shop), "3/3/0@3");
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteTransferOrder(*id); }), IsOk());
  EXPECT_EQ(Bins(tea, primary_), "BIN-A=4 BIN-B=3");
  EXPECT_EQ(Bins(tea, shop), "");

  TransferLine too_much = line;
  too_much.from_storages = {{"BIN-B", Q("3")}, {"BIN-C", Q("0")}};
  auto r = Transfer("TO-2", primary_, shop, too_much, TransferStatus::kTransferred);
  EXPECT_THAT(r, IsError(absl::StatusCode::kInvalidArgument, "line_items[0].from_storages[1].quantity",
                         ApiCode::kInvalidValue));
  too_much.from_storages = {{"BIN-C", Q("3")}};
  r = Transfer("TO-2", primary_, shop, too_much, TransferStatus::kTransferred);
  EXPECT_THAT(r, IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].from_storages[0].quantity",
                         ApiCode::kInsufficientStock));
  EXPECT_EQ(r.status().message(),
            "The storage location 'BIN-C' holds 0 of 'Tea' at 'Primary Location': requested 3.");
  // A draft moves nothing, so its bins are only checked for shape.
  ASSERT_THAT(Transfer("TO-3", primary_, shop, too_much, TransferStatus::kDraft), IsOk());
  EXPECT_EQ(Bins(tea, primary_), "BIN-A=4 BIN-B=3");
}

// A draft moves nothing, so its item or location may be deleted; moving it
// on is then refused, naming what is gone, and changes nothing.
TEST_F(TrackingTest, ADraftWhoseItemOrLocationWasDeletedCannotMoveOn) {
  ItemId tea = AddItem("Tea", "TEA-1", Track::kNone, /*bins=*/true);
  LocationId shop = AddLocation("Shop");
  TransferLine line{.item_id = tea, .quantity_transfer = Q("3"), .from_storages = {{"BIN-A", Q("3")}}};
  auto draft = Transfer("TO-1", primary_, shop, line, TransferStatus::kDraft);
  ASSERT_THAT(draft, IsOk());
  const ItemId gone[] = {tea};
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteItems(gone); }), IsOk());
  absl::Status s = Write([&](Transaction& t) { return t.SetTransferStatus(*draft, TransferStatus::kInTransit); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kNotFound, "line_items[0].item_id", ApiCode::kItemNotFound));

  ItemId cup = AddItem("Cup", "CUP-1");
  ASSERT_THAT(Opening(cup, {{.location_id = primary_, .quantity = Q("5"), .rate = M("1")}}), IsOk());
  LocationId van = AddLocation("Van");
  auto second = Transfer("TO-2", primary_, van, {.item_id = cup, .quantity_transfer = Q("1")}, TransferStatus::kDraft);
  ASSERT_THAT(second, IsOk());
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteLocation(van); }), IsOk());
  s = Write([&](Transaction& t) { return t.SetTransferStatus(*second, TransferStatus::kTransferred); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kNotFound, "to_location_id", ApiCode::kNotFound));
  EXPECT_EQ(At(cup, primary_), "5/5/0@5");
}

TEST_F(TrackingTest, BundlesConsumeFromBinsAndPutTheCompositeIntoBins) {
  ItemId tea = AddItem("Tea", "TEA-1", Track::kNone, /*bins=*/true);
  ASSERT_THAT(Opening(tea, {{.location_id = primary_, .quantity = Q("5"), .rate = M("1"),
                             .storages = {{"BIN-A", Q("5")}}}}),
              IsOk());
  ItemId box;
  ASSERT_THAT(Write([&](Transaction& t) {
                auto r = t.CreateItem({.name = "Tea box", .sku = "BOX-1", .rate = M("9"),
                                       .storage_location_enabled = true, .mapped_items = {{tea, Q("2")}}});
                if (r.ok()) box = (*r)->id;
                return r;
              }),
              IsOk());
  BundleId id;
  ASSERT_THAT(Write([&](Transaction& t) {
                auto r = t.CreateBundle({.reference_number = "BN-1",
                                         .date = kDay,
                                         .composite_item_id = box,
                                         .quantity_to_bundle = Q("1"),
                                         .line_items = {{.item_id = tea, .quantity_consumed = Q("2"),
                                                         .storages = {{"BIN-A", Q("2")}}}},
                                         .finished_product_storages = {{"SHELF-1", Q("1")}}});
                if (r.ok()) id = (*r)->id;
                return r;
              }),
              IsOk());
  EXPECT_EQ(Bins(tea, primary_), "BIN-A=3");
  EXPECT_EQ(Bins(box, primary_), "SHELF-1=1");
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteBundle(id); }), IsOk());
  EXPECT_EQ(Bins(tea, primary_), "BIN-A=5");
  EXPECT_EQ(Bins(box, primary_), "");

  absl::Status s = Write([&](Transaction& t) {
    return t.CreateBundle({.reference_number = "BN-2", .date = kDay, .composite_item_id = box,
                           .quantity_to_bundle = Q("1"),
                           .line_items = {{.item_id = tea, .quantity_consumed = Q("2")}},
                           .finished_product_storages = {{"SHELF-1", Q("2")}}});
  });
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "finished_product_storages", ApiCode::kInvalidValue));
  EXPECT_EQ(s.message(), "The storages add up to 2, but quantity_to_bundle is 1.");
}

// Hundreds of mixed moves of tracked items, refused ones and rollbacks
// included: the tracking always matches the figures, and the ledger verifies.
TEST_F(TrackingTest, RandomizedMovesKeepTrackingInStepWithTheLedger) {
  ItemId phone = AddItem("Phone", "P-1", Track::kSerial);
  ItemId milk = AddItem("Milk", "M-1", Track::kBatch);
  std::vector<LocationId> locations{primary_, AddLocation("A"), AddLocation("B")};
  std::mt19937 rng(7);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  std::vector<AdjustmentId> adjustments;
  std::vector<TransferOrderId> transfers;
  int refused = 0, done = 0;
  for (int step = 0; step < 1500; ++step) {
    Transaction txn = engine_->BeginTransaction();
    const LocationId at = locations[pick(3)];
    const bool serial = pick(2) == 0;
    const int n = static_cast<int>(pick(3)) + 1;
    std::vector<std::string> serials;
    std::vector<Batch> batches;
    for (int k = 0; k < n; ++k) {
      serials.push_back(Cat("S", pick(40)));
      batches.push_back(B(Cat("L", pick(6)), Cat(pick(3) + 1)));
    }
    Quantity q = Quantity::FromInt(n);
    if (!serial) {
      q = Quantity();
      for (const Batch& b : batches) q += b.quantity;
    }
    absl::Status s;
    switch (pick(4)) {
      case 0: {
        const bool in = pick(2) == 0;
        AdjustmentLine line{.item_id = serial ? phone : milk, .location_id = at, .quantity_adjusted = in ? q : -q};
        if (serial) line.serial_numbers = serials;
        else line.batches = batches;
        auto r = txn.CreateAdjustment({.date = kDay, .reason = "r", .line_items = {line}});
        s = r.status();
        if (r.ok()) adjustments.push_back(*r);
        break;
      }
      case 1: {
        LocationId to = locations[pick(3)];
        TransferLine line{.item_id = serial ? phone : milk, .quantity_transfer = q};
        if (serial) line.serial_numbers = serials;
        else line.batches = batches;
        auto r = txn.CreateTransferOrder({.transfer_order_number = Cat("TO-", step), .date = kDay,
                                          .from_location_id = at, .to_location_id = to, .line_items = {line},
                                          .status = pick(2) ? TransferStatus::kInTransit : TransferStatus::kTransferred});
        s = r.status();
        if (r.ok()) transfers.push_back((*r)->id);
        break;
      }
      case 2:
        if (!adjustments.empty()) s = txn.DeleteAdjustment(adjustments[pick(adjustments.size())]);
        break;
      default:
        if (!transfers.empty()) {
          TransferOrderId t = transfers[pick(transfers.size())];
          s = pick(2) ? txn.SetTransferStatus(t, TransferStatus::kTransferred) : txn.DeleteTransferOrder(t);
        }
        break;
    }
    s.ok() ? ++done : ++refused;
    if (pick(8) == 0) {
      txn.Rollback();
    } else {
      ASSERT_THAT(txn.Commit(), IsOk());
    }
    {
      Snapshot snap = engine_->GetSnapshot();
      std::erase_if(adjustments, [&](AdjustmentId a) { return !snap.FindAdjustment(a); });
      std::erase_if(transfers, [&](TransferOrderId t) { return snap.FindTransferOrder(t) == nullptr; });
    }
    if (step % 50 == 0) {
      ASSERT_THAT(engine_->Verify(), IsOk()) << "step " << step;
      ExpectTrackingMatchesFigures();
      if (HasFailure()) FAIL() << "step " << step;
    }
  }
  EXPECT_GT(done, 300);
  EXPECT_GT(refused, 100);
}

}  // namespace
}  // namespace inventory
