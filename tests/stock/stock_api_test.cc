// The stock documents through the C++ API: every figure and value after each
// step, refusals that change nothing, rollback, and Engine::Verify after
// every scenario.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

// "on_hand/available/in_transit@value" of one figure set.
std::string Fig(const StockFigures& f) {
  return Cat(f.stock_on_hand.ToString(), "/", f.available_stock.ToString(), "/",
             f.quantity_in_transit.ToString(), "@", f.asset_value.ToString());
}

class StockTest : public ::testing::Test {
 protected:
  explicit StockTest(Options options = {}) : engine_(OpenEngine(options)) {
    Snapshot snap = engine_->GetSnapshot();
    primary_ = snap.PrimaryLocation()->id;
  }
  void TearDown() override { EXPECT_THAT(engine_->Verify(), IsOk()); }

  // Runs `write` in its own transaction, committing when it succeeds; a
  // refused write must leave every figure and document as it was.
  template <class F>
  absl::Status Write(F&& write) {
    return testutil::WriteChecked(*engine_, std::forward<F>(write), [&] { return Dump(); });
  }
  // Every figure of every item at every location, and the documents.
  std::string Dump() {
    Snapshot snap = engine_->GetSnapshot();
    std::string out;
    for (const Item* item : snap.ListItems({.per_page = 1000}).rows) {
      out += Cat(item->name, " ", Fig(snap.ItemStock(item->id)), "\n");
      for (const Location* l : snap.ListLocations()) {
        out += Cat("  ", l->name, " ", Fig(snap.StockAt(item->id, l->id)), "\n");
      }
      out += Cat("  history ", snap.StockHistory(item->id).size(), "\n");
    }
    out += Cat("documents ", snap.ListAdjustments().size(), " ", snap.ListTransferOrders().size(), " ",
               snap.ListBundles().size(), "\n");
    return out;
  }

  ItemId AddItem(std::string name, std::string sku, std::string purchase_rate = "2",
                 ProductType type = ProductType::kGoods) {
    ItemId id;
    EXPECT_THAT(Write([&](Transaction& t) {
                  Item item{.name = name, .sku = sku, .product_type = type,
                            .rate = M("5"), .purchase_rate = M(purchase_rate)};
                  auto r = t.CreateItem(item);
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
  absl::StatusOr<AdjustmentId> Adjust(ItemId item, std::string quantity, std::optional<LocationId> at = {},
                                      std::optional<Money> total = {}) {
    AdjustmentId id;
    absl::Status s = Write([&](Transaction& t) {
      auto r = t.CreateAdjustment({.date = kDay,
                                   .reason = "Stocktake",
                                   .line_items = {{.item_id = item,
                                                   .location_id = at,
                                                   .quantity_adjusted = Q(quantity),
                                                   .item_total = total}}});
      if (r.ok()) id = *r;
      return r;
    });
    if (!s.ok()) return s;
    return id;
  }
  std::string At(ItemId item, LocationId location) { return Fig(engine_->GetSnapshot().StockAt(item, location)); }
  std::string Total(ItemId item) { return Fig(engine_->GetSnapshot().ItemStock(item)); }

  ItemId AddComposite(std::string name, std::string sku, std::vector<MappedItem> mapped) {
    ItemId id;
    EXPECT_THAT(Write([&](Transaction& t) {
                  auto r = t.CreateItem({.name = name, .sku = sku, .rate = M("30"), .mapped_items = mapped});
                  if (r.ok()) id = (*r)->id;
                  return r;
                }),
                IsOk());
    return id;
  }
  // Numbered TO-1, TO-2, ... in the order made.
  absl::StatusOr<TransferOrderId> Transfer(ItemId item, std::string quantity, LocationId from, LocationId to,
                                           TransferStatus status = TransferStatus::kTransferred,
                                           absl::CivilDay date = kDay) {
    TransferOrderId id;
    absl::Status s = Write([&](Transaction& t) {
      auto r = t.CreateTransferOrder({.transfer_order_number = Cat("TO-", ++transfers_),
                                      .date = date,
                                      .from_location_id = from,
                                      .to_location_id = to,
                                      .line_items = {{.item_id = item, .quantity_transfer = Q(quantity)}},
                                      .status = status});
      if (r.ok()) id = (*r)->id;
      return r;
    });
    if (!s.ok()) return s;
    return id;
  }
  absl::StatusOr<BundleId> Build(Bundle b) {
    BundleId id;
    absl::Status s = Write([&](Transaction& t) {
      auto r = t.CreateBundle(b);
      if (r.ok()) id = (*r)->id;
      return r;
    });
    if (!s.ok()) return s;
    return id;
  }
  // "location name: quantity" per location BuildableQuantity lists.
  std::vector<std::string> BuildableAt(ItemId composite) {
    Snapshot snap = engine_->GetSnapshot();
    std::vector<std::string> out;
    for (const Buildable& b : snap.BuildableQuantity(composite)) {
      out.push_back(Cat(snap.FindLocation(b.location_id)->name, ": ", b.quantity.ToString()));
    }
    return out;
  }
  // "document [reversal] at location: change @value -> on_hand/available"
  // per row of the item's history.
  std::vector<std::string> History(ItemId item, std::optional<LocationId> at = {}) {
    Snapshot snap = engine_->GetSnapshot();
    std::vector<std::string> out;
    for (const StockMovement& m : snap.StockHistory(item, at)) {
      out.push_back(Cat(m.document_type, m.reversal ? " reversal" : "", " at ",
                        snap.FindLocation(m.location_id)->name, ": ", m.stock_on_hand_change.ToString(), " @",
                        m.value_change.ToString(), " -> ", m.stock_on_hand.ToString(), "/",
                        m.available_stock.ToString()));
    }
    return out;
  }

  std::unique_ptr<Engine> engine_;
  LocationId primary_;
  int transfers_ = 0;
};

TEST_F(StockTest, OpeningStockPerLocationAndItsReplacement) {
  ItemId tea = AddItem("Tea", "T-1");
  LocationId shop = AddLocation("Shop");
  ASSERT_THAT(Opening(tea, {{primary_, Q("10"), M("2.5")}, {shop, Q("5"), M("3")}}), IsOk());
  EXPECT_EQ(At(tea, primary_), "10/10/0@25");
  EXPECT_EQ(At(tea, shop), "5/5/0@15");
  EXPECT_EQ(Total(tea), "15/15/0@40");
  EXPECT_THAT(engine_->GetSnapshot().StockedLocations(tea), ElementsAre(primary_, shop));
  // The same, with each location's figures, from one call.
  {
    Snapshot snap = engine_->GetSnapshot();
    EXPECT_THAT(snap.StockByLocation(tea), ElementsAre(LocationStock{primary_, snap.StockAt(tea, primary_)},
                                                       LocationStock{shop, snap.StockAt(tea, shop)}));
    EXPECT_EQ(snap.StockByLocation(tea)[1].figures.asset_value, M("15"));
  }

  // Replacing it reverses the old lines and posts the new ones.
  ASSERT_THAT(Opening(tea, {{primary_, Q("8"), M("2")}}), IsOk());
  EXPECT_EQ(At(tea, primary_), "8/8/0@16");
  EXPECT_EQ(At(tea, shop), "0/0/0@0");
  EXPECT_EQ(engine_->GetSnapshot().StockByLocation(tea).size(), 1u);  // the shop holds nothing now
  EXPECT_EQ(engine_->GetSnapshot().OpeningStockOf(tea).size(), 1u);
  EXPECT_TRUE(engine_->GetSnapshot().HasTransactions(tea));
}


// The primary location comes first even when the item was stocked
// elsewhere first; the others keep the order of their first posting.
TEST_F(StockTest, StockByLocationPutsThePrimaryFirstAndKeepsTheOthersInPostingOrder) {
  ItemId tea = AddItem("Tea", "T-1");
  LocationId shop = AddLocation("Shop");
  LocationId depot = AddLocation("Depot");
  ASSERT_THAT(Adjust(tea, "4", shop, M("8")), IsOk());
  ASSERT_THAT(Adjust(tea, "2", depot, M("6")), IsOk());
  ASSERT_THAT(Adjust(tea, "1", primary_, M("5")), IsOk());
  Snapshot snap = engine_->GetSnapshot();
  const LocationStockList stock = snap.StockByLocation(tea);
  ASSERT_EQ(stock.size(), 3u);
  EXPECT_EQ(stock[0].location_id, primary_);
  EXPECT_EQ(stock[1].location_id, shop);
  EXPECT_EQ(stock[2].location_id, depot);
  EXPECT_EQ(Fig(stock[0].figures), "1/1/0@5");
  EXPECT_EQ(Fig(stock[1].figures), "4/4/0@8");
  EXPECT_EQ(Fig(stock[2].figures), "2/2/0@6");
  EXPECT_THAT(snap.StockedLocations(tea), ElementsAre(primary_, shop, depot));
}
TEST_F(StockTest, OpeningStockRefusals) {
  ItemId tea = AddItem("Tea", "T-1");
  ItemId consult = AddItem("Consulting", "C-1", "0", ProductType::kService);
  EXPECT_THAT(Opening(tea, {{primary_, Q("0"), M("1")}}),
              IsError(absl::StatusCode::kInvalidArgument, "locations[0].initial_stock", ApiCode::kInvalidValue));
  EXPECT_THAT(Opening(tea, {{primary_, Q("1"), M("-1")}}),
              IsError(absl::StatusCode::kInvalidArgument, "locations[0].initial_stock_rate", ApiCode::kInvalidValue));
  EXPECT_THAT(Opening(tea, {{primary_, Q("1"), M("1")}, {primary_, Q("2"), M("1")}}),
              IsError(absl::StatusCode::kInvalidArgument, "locations[1].location_id", ApiCode::kInvalidValue));
  EXPECT_THAT(Opening(tea, {{LocationId(999), Q("1"), M("1")}}),
              IsError(absl::StatusCode::kNotFound, "locations[0].location_id", ApiCode::kNotFound));
  absl::Status s = Opening(consult, {{primary_, Q("1"), M("1")}});
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "item_id", ApiCode::kInvalidValue));
  EXPECT_EQ(s.message(), "The item 'Consulting' does not track inventory, so it has no stock to move.");
}

TEST_F(StockTest, QuantityAdjustmentsValuedFifo) {
  ItemId tea = AddItem("Tea", "T-1", "4");
  ASSERT_THAT(Opening(tea, {{primary_, Q("10"), M("2.5")}}), IsOk());
  auto out = Adjust(tea, "-3");
  ASSERT_THAT(out, IsOk());
  EXPECT_EQ(At(tea, primary_), "7/7/0@17.5");
  // Stock added without item_total comes in at the purchase rate (4).
  ASSERT_THAT(Adjust(tea, "2"), IsOk());
  EXPECT_EQ(At(tea, primary_), "9/9/0@25.5");
  // With item_total, at that value.
  ASSERT_THAT(Adjust(tea, "1", std::nullopt, M("10")), IsOk());
  EXPECT_EQ(At(tea, primary_), "10/10/0@35.5");
  // The oldest lots go first: 7 @ 2.50 then 2 @ 4.
  ASSERT_THAT(Adjust(tea, "-9"), IsOk());
  EXPECT_EQ(At(tea, primary_), "1/1/0@10");

  // Deleting the first adjustment puts its 3 back at the cost they left at.
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteAdjustment(*out); }), IsOk());
  EXPECT_EQ(At(tea, primary_), "4/4/0@17.5");
  EXPECT_FALSE(engine_->GetSnapshot().FindAdjustment(*out).has_value());
}

TEST_F(StockTest, LedgerStatsCountWhatTheLedgerHolds) {
  EXPECT_EQ(engine_->ledger_stats().postings, 0u);
  ItemId tea = AddItem("Tea", "T-1", "4");
  ASSERT_THAT(Opening(tea, {{primary_, Q("10"), M("2.5")}}), IsOk());
  ASSERT_THAT(Adjust(tea, "2"), IsOk());
  // 11 out of two lots: one posting, two lot moves.
  ASSERT_THAT(Adjust(tea, "-11"), IsOk());
  const Engine::LedgerStats stats = engine_->ledger_stats();
  EXPECT_EQ(stats.postings, 3u);
  EXPECT_EQ(stats.lot_moves, 4u);
  EXPECT_EQ(stats.documents, 3u);
  EXPECT_EQ(stats.cells, 1u);
  EXPECT_GE(stats.log_bytes, 3 * 48u);
  EXPECT_GT(stats.balance_bytes, 0u);
  // A refused write adds nothing.
  EXPECT_THAT(Adjust(tea, "-2"), IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].quantity_adjusted",
                                         ApiCode::kInsufficientStock));
  EXPECT_EQ(engine_->ledger_stats().postings, 3u);
  EXPECT_EQ(engine_->ledger_stats().lot_moves, 4u);
}

TEST_F(StockTest, ValueAdjustmentsRevalueWithoutMovingQuantity) {
  ItemId tea = AddItem("Tea", "T-1");
  ASSERT_THAT(Opening(tea, {{primary_, Q("10"), M("2.5")}}), IsOk());
  AdjustmentId id;
  ASSERT_THAT(Write([&](Transaction& t) {
                auto r = t.CreateAdjustment({.date = kDay,
                                             .reason = "Revaluation",
                                             .adjustment_type = AdjustmentType::kValue,
                                             .line_items = {{.item_id = tea, .item_total = M("5")}}});
                if (r.ok()) id = *r;
                return r;
              }),
              IsOk());
  EXPECT_EQ(At(tea, primary_), "10/10/0@30");
  ASSERT_THAT(Adjust(tea, "-2"), IsOk());  // now at 3.00 each
  EXPECT_EQ(At(tea, primary_), "8/8/0@24");
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteAdjustment(id); }), IsOk());
  EXPECT_EQ(At(tea, primary_), "8/8/0@19");
  // Nothing to revalue where there is no stock.
  LocationId shop = AddLocation("Shop");
  absl::Status s = Write([&](Transaction& t) {
    return t.CreateAdjustment({.date = kDay,
                               .reason = "Revaluation",
                               .adjustment_type = AdjustmentType::kValue,
                               .line_items = {{.item_id = tea, .location_id = shop, .item_total = M("1")}}});
  });
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].item_total", ApiCode::kConflict));
  EXPECT_EQ(s.message(), "'Tea' has no stock at 'Shop' to revalue.");
}

TEST_F(StockTest, NegativeStockIsRefusedNamingItemLocationAndQuantities) {
  ItemId tea = AddItem("Tea", "T-1");
  ASSERT_THAT(Opening(tea, {{primary_, Q("7"), M("1")}}), IsOk());
  auto r = Adjust(tea, "-20");
  EXPECT_THAT(r, IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].quantity_adjusted",
                         ApiCode::kInsufficientStock));
  EXPECT_EQ(r.status().message(), "Insufficient stock of 'Tea' at 'Primary Location': requested 20, available 7.");
  EXPECT_EQ(At(tea, primary_), "7/7/0@7");
}

TEST_F(StockTest, AdjustmentUpdateIsCheckedOnItsNetEffect) {
  ItemId tea = AddItem("Tea", "T-1");
  ASSERT_THAT(Opening(tea, {{primary_, Q("5"), M("1")}}), IsOk());
  auto add = Adjust(tea, "10", std::nullopt, M("20"));
  ASSERT_THAT(add, IsOk());
  ASSERT_THAT(Adjust(tea, "-12"), IsOk());  // 3 left
  EXPECT_EQ(At(tea, primary_), "3/3/0@6");
  // Changing the +10 to +9 leaves 2: allowed although reversing alone would not be.
  InventoryAdjustment changed = *engine_->GetSnapshot().FindAdjustment(*add);
  changed.line_items[0].quantity_adjusted = Q("9");
  changed.line_items[0].item_total = M("18");
  ASSERT_THAT(Write([&](Transaction& t) { return t.UpdateAdjustment(changed); }), IsOk());
  EXPECT_EQ(At(tea, primary_), "2/2/0@4");
  // Changing it to +1 would leave -6: refused, with the net figures.
  changed.line_items[0].quantity_adjusted = Q("1");
  changed.line_items[0].item_total = M("2");
  absl::Status s = Write([&](Transaction& t) { return t.UpdateAdjustment(changed); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "line_items", ApiCode::kInsufficientStock));
  EXPECT_EQ(s.message(), "Insufficient stock of 'Tea' at 'Primary Location': requested 8, available 2.");
}

TEST_F(StockTest, AdjustmentValidation) {
  ItemId tea = AddItem("Tea", "T-1");
  auto bad = [&](InventoryAdjustment a) { return Write([&](Transaction& t) { return t.CreateAdjustment(a); }); };
  EXPECT_THAT(bad({.date = kDay, .line_items = {{.item_id = tea, .quantity_adjusted = Q("1")}}}),
              IsError(absl::StatusCode::kInvalidArgument, "reason", ApiCode::kMissingField));
  EXPECT_THAT(bad({.date = kDay, .reason = "x"}),
              IsError(absl::StatusCode::kInvalidArgument, "line_items", ApiCode::kMissingField));
  EXPECT_THAT(bad({.date = kDay, .reason = "x", .line_items = {{.item_id = tea}}}),
              IsError(absl::StatusCode::kInvalidArgument, "line_items[0].quantity_adjusted", ApiCode::kInvalidValue));
  EXPECT_THAT(bad({.date = kDay, .reason = "x", .line_items = {{.item_id = ItemId(999), .quantity_adjusted = Q("1")}}}),
              IsError(absl::StatusCode::kNotFound, "line_items[0].item_id", ApiCode::kItemNotFound));
  EXPECT_THAT(bad({.date = kDay,
                   .reason = "x",
                   .adjustment_type = AdjustmentType::kValue,
                   .line_items = {{.item_id = tea}}}),
              IsError(absl::StatusCode::kInvalidArgument, "line_items[0].item_total", ApiCode::kMissingField));
}

TEST_F(StockTest, TransferInTransitThenTransferredKeepsItsCost) {
  ItemId tea = AddItem("Tea", "T-1");
  LocationId shop = AddLocation("Shop");
  ASSERT_THAT(Opening(tea, {{primary_, Q("10"), M("2.5")}}), IsOk());
  absl::StatusOr<TransferOrderId> made = Transfer(tea, "4", primary_, shop, TransferStatus::kInTransit);
  ASSERT_THAT(made, IsOk());
  const TransferOrderId id = *made;
  EXPECT_EQ(At(tea, primary_), "6/6/0@15");
  EXPECT_EQ(At(tea, shop), "0/0/4@0");  // travelling stock carries no value
  EXPECT_EQ(Total(tea), "6/6/4@15");
  ASSERT_THAT(Write([&](Transaction& t) { return t.SetTransferStatus(id, TransferStatus::kTransferred); }), IsOk());
  EXPECT_EQ(At(tea, shop), "4/4/0@10");
  EXPECT_EQ(Total(tea), "10/10/0@25");
  EXPECT_THAT(Write([&](Transaction& t) { return t.SetTransferStatus(id, TransferStatus::kInTransit); }),
              IsError(absl::StatusCode::kFailedPrecondition, "status", ApiCode::kConflict));
  // Deleting it moves the stock back.
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteTransferOrder(id); }), IsOk());
  EXPECT_EQ(At(tea, primary_), "10/10/0@25");
  EXPECT_EQ(At(tea, shop), "0/0/0@0");
}

TEST_F(StockTest, TransferValidation) {
  ItemId tea = AddItem("Tea", "T-1");
  LocationId shop = AddLocation("Shop");
  ASSERT_THAT(Opening(tea, {{primary_, Q("1"), M("1")}}), IsOk());
  TransferOrder order{.transfer_order_number = "TO-1",
                      .date = kDay,
                      .from_location_id = primary_,
                      .to_location_id = shop,
                      .line_items = {{.item_id = tea, .quantity_transfer = Q("2")}}};
  auto create = [&](TransferOrder o) { return Write([&](Transaction& t) { return t.CreateTransferOrder(o); }); };
  absl::Status s = create(order);
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].quantity_transfer",
                         ApiCode::kInsufficientStock));
  EXPECT_EQ(s.message(), "Insufficient stock of 'Tea' at 'Primary Location': requested 2, available 1.");
  TransferOrder same = order;
  same.to_location_id = primary_;
  EXPECT_THAT(create(same), IsError(absl::StatusCode::kInvalidArgument, "to_location_id", ApiCode::kInvalidValue));
  TransferOrder unnamed = order;
  unnamed.transfer_order_number = " ";
  EXPECT_THAT(create(unnamed),
              IsError(absl::StatusCode::kInvalidArgument, "transfer_order_number", ApiCode::kMissingField));
  order.status = TransferStatus::kDraft;  // a draft moves nothing, so it is not checked
  EXPECT_THAT(create(order), IsOk());
  EXPECT_THAT(create(order), IsError(absl::StatusCode::kAlreadyExists, "transfer_order_number", ApiCode::kDuplicate));
}

// Adjustments are kept compactly (times as nanoseconds since 1970 where that
// is exact); every time the clock gives comes back exactly.
class AdjustmentTimeTest : public StockTest {
 protected:
  AdjustmentTimeTest() : StockTest(Options{.clock = [this] { return now_; }}) {}
  absl::Time now_ = absl::FromUnixNanos(1'700'000'000'123'456'789);
};

TEST_F(AdjustmentTimeTest, TimesReadBackExactlyEvenOutsideNanosecondRange) {
  ItemId tea = AddItem("Tea", "T-1");
  for (absl::Time t : {absl::FromUnixNanos(1'700'000'000'123'456'789),
                       absl::FromCivil(absl::CivilSecond(3000, 1, 1, 0, 0, 0), absl::UTCTimeZone()),
                       absl::UnixEpoch() + absl::Nanoseconds(1) / 4, absl::InfiniteFuture()}) {
    now_ = t;
    auto id = Adjust(tea, "1");
    ASSERT_THAT(id, IsOk());
    std::optional<InventoryAdjustment> a = engine_->GetSnapshot().FindAdjustment(*id);
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->created_time, t);
    EXPECT_EQ(a->last_modified_time, t);
  }
}

class BundleTest : public StockTest {
 protected:
  void SetUp() override {
    tea_ = AddItem("Tea", "T-1");
    cup_ = AddItem("Cup", "C-1");
    wrap_ = AddItem("Gift wrapping", "W-1", "0", ProductType::kService);
    ASSERT_THAT(Opening(tea_, {{primary_, Q("10"), M("2")}}), IsOk());
    ASSERT_THAT(Opening(cup_, {{primary_, Q("4"), M("3.5")}}), IsOk());
    ASSERT_THAT(Write([&](Transaction& t) {
                  auto r = t.CreateItem({.name = "Tea set",
                                         .sku = "SET-1",
                                         .rate = M("30"),
                                         .mapped_items = {{tea_, Q("2")}, {cup_, Q("1")}, {wrap_, Q("1")}}});
                  if (r.ok()) kit_ = (*r)->id;
                  return r;
                }),
                IsOk());
  }
  Bundle Make(std::string quantity) {
    Quantity q = Q(quantity);
    Quantity two = Quantity::FromUnits(q.units() * 2);
    return Bundle{.reference_number = "BN-1",
                  .date = kDay,
                  .composite_item_id = kit_,
                  .quantity_to_bundle = q,
                  .line_items = {{.item_id = tea_, .quantity_consumed = two},
                                 {.item_id = cup_, .quantity_consumed = q},
                                 {.item_id = wrap_, .quantity_consumed = q}}};
  }
  ItemId tea_, cup_, wrap_, kit_;
};

TEST_F(BundleTest, ConsumesComponentsAndAddsTheCompositeAtTheirCost) {
  EXPECT_EQ(engine_->GetSnapshot().BuildableTotal(kit_), Q("4"));
  auto id = Build(Make("3"));
  ASSERT_THAT(id, IsOk());
  EXPECT_EQ(At(tea_, primary_), "4/4/0@8");
  EXPECT_EQ(At(cup_, primary_), "1/1/0@3.5");
  EXPECT_EQ(At(kit_, primary_), "3/3/0@22.5");  // 6 x 2 + 3 x 3.50; the service costs nothing
  EXPECT_EQ(Total(wrap_), "0/0/0@0");
  EXPECT_EQ(engine_->GetSnapshot().BuildableTotal(kit_), Q("1"));
  EXPECT_EQ(engine_->GetSnapshot().ListBundles(kit_).size(), 1u);

  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteBundle(*id); }), IsOk());
  EXPECT_EQ(At(tea_, primary_), "10/10/0@20");
  EXPECT_EQ(At(cup_, primary_), "4/4/0@14");
  EXPECT_EQ(At(kit_, primary_), "0/0/0@0");
}

TEST_F(BundleTest, NamesAreKeptAsGivenNotCopiedFromTheItems) {
  Bundle b = Make("1");
  b.line_items[1].name = "Mug";
  auto id = Build(b);
  ASSERT_THAT(id, IsOk());
  Snapshot snap = engine_->GetSnapshot();
  const Bundle* stored = snap.FindBundle(*id);
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(stored->composite_item_name, "");
  EXPECT_EQ(stored->line_items[0].name, "");
  EXPECT_EQ(stored->line_items[1].name, "Mug");
}

TEST_F(BundleTest, InsufficientComponentRefusesTheWholeBundle) {
  auto r = Build(Make("5"));
  EXPECT_THAT(r, IsError(absl::StatusCode::kFailedPrecondition, "line_items[1].quantity_consumed",
                         ApiCode::kInsufficientStock));
  EXPECT_EQ(r.status().message(), "Insufficient stock of 'Cup' at 'Primary Location': requested 5, available 4.");
  EXPECT_EQ(At(tea_, primary_), "10/10/0@20");
}

TEST_F(BundleTest, DeleteIsRefusedOnceItsOutputWasUsed) {
  auto id = Build(Make("2"));
  ASSERT_THAT(id, IsOk());
  ASSERT_THAT(Adjust(kit_, "-1"), IsOk());
  absl::Status s = Write([&](Transaction& t) { return t.DeleteBundle(*id); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "bundle_id", ApiCode::kStockUsed));
  EXPECT_EQ(s.message(), "The bundle cannot be deleted: the 'Tea set' it assembled has been used since.");
}

TEST_F(BundleTest, DraftAndConfirmedMoveNothingUntilBuilt) {
  Bundle b = Make("1");
  b.status = BundleStatus::kDraft;
  auto id = Build(b);
  ASSERT_THAT(id, IsOk());
  EXPECT_EQ(At(kit_, primary_), "0/0/0@0");
  ASSERT_THAT(Write([&](Transaction& t) { return t.SetBundleStatus(*id, BundleStatus::kConfirmed); }), IsOk());
  EXPECT_EQ(At(kit_, primary_), "0/0/0@0");
  ASSERT_THAT(Write([&](Transaction& t) { return t.SetBundleStatus(*id, BundleStatus::kBuilt); }), IsOk());
  EXPECT_EQ(At(kit_, primary_), "1/1/0@7.5");
  EXPECT_THAT(Write([&](Transaction& t) { return t.SetBundleStatus(*id, BundleStatus::kBuilt); }),
              IsError(absl::StatusCode::kFailedPrecondition, "status", ApiCode::kConflict));
}

// Each location builds from its own available stock (one bundle draws from
// one location): whole units, nothing where a component is missing, and
// nothing from stock still in transit; the total is the sum.
TEST_F(BundleTest, BuildableQuantityIsCountedPerLocationAndSummed) {
  LocationId shop = AddLocation("Shop");
  LocationId depot = AddLocation("Depot");
  ASSERT_THAT(Adjust(tea_, "7", shop, M("14")), IsOk());
  ASSERT_THAT(Adjust(cup_, "5", shop, M("17.5")), IsOk());
  ASSERT_THAT(Adjust(tea_, "6", depot, M("12")), IsOk());  // but no cups there
  EXPECT_THAT(BuildableAt(kit_), ElementsAre("Primary Location: 4", "Shop: 3"));  // 7 tea make 3, not 3.5
  EXPECT_EQ(engine_->GetSnapshot().BuildableTotal(kit_), Q("7"));

  auto cup_out = Transfer(cup_, "1", shop, depot, TransferStatus::kInTransit);
  ASSERT_THAT(cup_out, IsOk());
  EXPECT_THAT(BuildableAt(kit_), ElementsAre("Primary Location: 4", "Shop: 3"));
  ASSERT_THAT(Write([&](Transaction& t) { return t.SetTransferStatus(*cup_out, TransferStatus::kTransferred); }),
              IsOk());
  EXPECT_THAT(BuildableAt(kit_), ElementsAre("Primary Location: 4", "Depot: 1", "Shop: 3"));
  EXPECT_EQ(engine_->GetSnapshot().BuildableTotal(kit_), Q("8"));
}

// Only stock-tracked components count; a composite of services alone has
// none, so it is buildable nowhere (README "Buildable quantity").
TEST_F(BundleTest, ACompositeOfServicesOnlyIsBuildableNowhere) {
  ItemId engraving = AddItem("Engraving", "E-1", "0", ProductType::kService);
  ItemId pack = AddComposite("Service pack", "SP-1", {{wrap_, Q("1")}, {engraving, Q("2")}});
  EXPECT_THAT(engine_->GetSnapshot().BuildableQuantity(pack), IsEmpty());
  EXPECT_EQ(engine_->GetSnapshot().BuildableTotal(pack), Q("0"));
}

// Goods that are not inventory (item_type sales), and inventory goods that
// do not track inventory, are consumed like services: without stock and at
// no cost.
TEST_F(BundleTest, NonInventoryComponentsAreConsumedWithoutStock) {
  ItemId box, ribbon;
  ASSERT_THAT(Write([&](Transaction& t) {
                auto r = t.CreateItem({.name = "Gift box", .sku = "B-1", .item_type = ItemType::kSales,
                                       .rate = M("1"), .purchase_rate = M("1.5")});
                if (r.ok()) box = (*r)->id;
                return r;
              }),
              IsOk());
  ASSERT_THAT(Write([&](Transaction& t) {
                auto r = t.CreateItem({.name = "Ribbon", .sku = "R-1", .rate = M("1"), .purchase_rate = M("0.5"),
                                       .track_inventory = false});
                if (r.ok()) ribbon = (*r)->id;
                return r;
              }),
              IsOk());
  ItemId boxed = AddComposite("Boxed tea", "BOX-1", {{tea_, Q("2")}, {box, Q("1")}, {ribbon, Q("1")}});
  EXPECT_EQ(engine_->GetSnapshot().BuildableTotal(boxed), Q("5"));  // the tea alone limits it
  auto id = Build({.reference_number = "BN-1",
                   .date = kDay,
                   .composite_item_id = boxed,
                   .quantity_to_bundle = Q("2"),
                   .line_items = {{.item_id = tea_, .quantity_consumed = Q("4")},
                                  {.item_id = box, .quantity_consumed = Q("2")},
                                  {.item_id = ribbon, .quantity_consumed = Q("2")}}});
  ASSERT_THAT(id, IsOk());
  EXPECT_EQ(At(tea_, primary_), "6/6/0@12");
  EXPECT_EQ(At(boxed, primary_), "2/2/0@8");  // 4 x 2; the box and ribbon cost nothing
  EXPECT_EQ(Total(box), "0/0/0@0");
  EXPECT_EQ(Total(ribbon), "0/0/0@0");
  EXPECT_THAT(History(box), IsEmpty());
  EXPECT_THAT(History(ribbon), IsEmpty());
  EXPECT_EQ(engine_->GetSnapshot().FindBundle(*id)->line_items.size(), 3u);
}

TEST_F(BundleTest, DeletingABundleShowsItsReversalsInTheHistory) {
  auto id = Build(Make("3"));
  ASSERT_THAT(id, IsOk());
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteBundle(*id); }), IsOk());
  EXPECT_THAT(History(tea_), ElementsAre("opening stock at Primary Location: 10 @20 -> 10/10",
                                         "bundle at Primary Location: -6 @-12 -> 4/4",
                                         "bundle reversal at Primary Location: 6 @12 -> 10/10"));
  EXPECT_THAT(History(cup_), ElementsAre("opening stock at Primary Location: 4 @14 -> 4/4",
                                         "bundle at Primary Location: -3 @-10.5 -> 1/1",
                                         "bundle reversal at Primary Location: 3 @10.5 -> 4/4"));
  EXPECT_THAT(History(kit_), ElementsAre("bundle at Primary Location: 3 @22.5 -> 3/3",
                                         "bundle reversal at Primary Location: -3 @-22.5 -> 0/0"));
  EXPECT_THAT(History(wrap_), IsEmpty());
}

TEST_F(StockTest, ItemsWithPostingsAndStockedLocationsAreProtected) {
  ItemId tea = AddItem("Tea", "T-1");
  LocationId shop = AddLocation("Shop");
  ASSERT_THAT(Opening(tea, {{shop, Q("1"), M("1")}}), IsOk());
  std::vector<ItemId> ids{tea};
  absl::Status s = Write([&](Transaction& t) { return t.DeleteItems(ids); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "item_id", ApiCode::kItemInUse));
  Item changed = *engine_->GetSnapshot().FindItem(tea);
  changed.product_type = ProductType::kService;
  s = Write([&](Transaction& t) { return t.UpdateItem(changed); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "product_type", ApiCode::kProductTypeLocked));
  EXPECT_EQ(s.message(), "Product type cannot be changed for Items having transactions");
  s = Write([&](Transaction& t) { return t.DeleteLocation(shop); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "location_id", ApiCode::kLocationInUse));
  EXPECT_EQ(s.message(), "The location holds stock and cannot be deleted.");
}

TEST_F(StockTest, RollbackLeavesStockExactlyAsBefore) {
  ItemId tea = AddItem("Tea", "T-1");
  ASSERT_THAT(Opening(tea, {{primary_, Q("10"), M("2.5")}}), IsOk());
  std::string before = Dump();
  {
    Transaction txn = engine_->BeginTransaction();
    ASSERT_THAT(txn.CreateAdjustment({.date = kDay, .reason = "x",
                                      .line_items = {{.item_id = tea, .quantity_adjusted = Q("-4")}}}),
                IsOk());
    size_t save = txn.SavePoint();
    ASSERT_THAT(txn.SetOpeningStock(tea, kDay, {{primary_, Q("13"), M("1")}}), IsOk());
    EXPECT_EQ(Fig(txn.StockAt(tea, primary_)), "9/9/0@9");
    txn.RollbackTo(save);
    EXPECT_EQ(Fig(txn.StockAt(tea, primary_)), "6/6/0@15");
  }  // rolled back
  EXPECT_EQ(Dump(), before);
}

TEST_F(StockTest, LowStockFollowsTheRealFigures) {
  ItemId tea = AddItem("Tea", "T-1");
  Item item = *engine_->GetSnapshot().FindItem(tea);
  item.reorder_level = Q("5");
  ASSERT_THAT(Write([&](Transaction& t) { return t.UpdateItem(item); }), IsOk());
  ASSERT_THAT(Opening(tea, {{primary_, Q("10"), M("1")}}), IsOk());
  auto low = [&] { return engine_->GetSnapshot().ListItems({.filter = ItemFilter::kLowStock}).rows.size(); };
  EXPECT_EQ(low(), 0u);
  ASSERT_THAT(Adjust(tea, "-5"), IsOk());  // 5 left: at the reorder level
  EXPECT_EQ(low(), 1u);
}

TEST_F(StockTest, HistoryHasRunningBalances) {
  ItemId tea = AddItem("Tea", "T-1");
  ASSERT_THAT(Opening(tea, {{primary_, Q("10"), M("2.5")}}), IsOk());
  ASSERT_THAT(Adjust(tea, "-3"), IsOk());
  std::vector<StockMovement> h = engine_->GetSnapshot().StockHistory(tea);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].document_type, "opening stock");
  EXPECT_EQ(h[0].stock_on_hand, Q("10"));
  EXPECT_EQ(h[1].document_type, "adjustment");
  EXPECT_EQ(h[1].stock_on_hand_change, Q("-3"));
  EXPECT_EQ(h[1].value_change, M("-7.5"));
  EXPECT_EQ(h[1].stock_on_hand, Q("7"));
}

TEST_F(StockTest, DeletingAnAdjustmentAppendsAReversalToTheHistory) {
  ItemId tea = AddItem("Tea", "T-1");
  ASSERT_THAT(Opening(tea, {{primary_, Q("10"), M("2.5")}}), IsOk());
  auto out = Adjust(tea, "-3");
  ASSERT_THAT(out, IsOk());
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteAdjustment(*out); }), IsOk());
  EXPECT_THAT(History(tea), ElementsAre("opening stock at Primary Location: 10 @25 -> 10/10",
                                        "adjustment at Primary Location: -3 @-7.5 -> 7/7",
                                        "adjustment reversal at Primary Location: 3 @7.5 -> 10/10"));
}

TEST_F(StockTest, UpdatingAnAdjustmentAppendsItsReversalThenTheNewPosting) {
  ItemId tea = AddItem("Tea", "T-1");
  ASSERT_THAT(Opening(tea, {{primary_, Q("10"), M("2.5")}}), IsOk());
  auto add = Adjust(tea, "5", std::nullopt, M("10"));
  ASSERT_THAT(add, IsOk());
  InventoryAdjustment changed = *engine_->GetSnapshot().FindAdjustment(*add);
  changed.line_items[0].quantity_adjusted = Q("2");
  changed.line_items[0].item_total = M("6");
  ASSERT_THAT(Write([&](Transaction& t) { return t.UpdateAdjustment(changed); }), IsOk());
  EXPECT_THAT(History(tea), ElementsAre("opening stock at Primary Location: 10 @25 -> 10/10",
                                        "adjustment at Primary Location: 5 @10 -> 15/15",
                                        "adjustment reversal at Primary Location: -5 @-10 -> 10/10",
                                        "adjustment at Primary Location: 2 @6 -> 12/12"));
  EXPECT_EQ(At(tea, primary_), "12/12/0@31");
}

// Both legs are reversed, the destination's first; the running balance is
// over all locations unless one is asked for.
TEST_F(StockTest, DeletingATransferredOrderReversesBothLegsInTheHistory) {
  ItemId tea = AddItem("Tea", "T-1");
  LocationId shop = AddLocation("Shop");
  ASSERT_THAT(Opening(tea, {{primary_, Q("10"), M("2.5")}}), IsOk());
  auto id = Transfer(tea, "4", primary_, shop);
  ASSERT_THAT(id, IsOk());
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteTransferOrder(*id); }), IsOk());
  EXPECT_THAT(History(tea), ElementsAre("opening stock at Primary Location: 10 @25 -> 10/10",
                                        "transfer order at Primary Location: -4 @-10 -> 6/6",
                                        "transfer order at Shop: 4 @10 -> 10/10",
                                        "transfer order reversal at Shop: -4 @-10 -> 6/6",
                                        "transfer order reversal at Primary Location: 4 @10 -> 10/10"));
  EXPECT_THAT(History(tea, shop), ElementsAre("transfer order at Shop: 4 @10 -> 4/4",
                                              "transfer order reversal at Shop: -4 @-10 -> 0/0"));
}

// An update that moves a transfer order to an earlier date takes the old
// version back at the old date, under the old number: the history never
// shows stock leaving before it arrived.
TEST_F(StockTest, ARedatedTransferIsTakenBackAtItsOldDateAndNumber) {
  ItemId tea = AddItem("Tea", "T-1");
  LocationId shop = AddLocation("Shop");
  ASSERT_THAT(Opening(tea, {{primary_, Q("10"), M("2.5")}}), IsOk());
  absl::StatusOr<TransferOrderId> id = Transfer(tea, "4", primary_, shop, TransferStatus::kTransferred, kDay + 5);
  ASSERT_THAT(id, IsOk());  // TO-1
  TransferOrder order = *engine_->GetSnapshot().FindTransferOrder(*id);
  order.date = kDay + 2;
  order.transfer_order_number = "TO-1b";
  ASSERT_THAT(Write([&](Transaction& t) { return t.UpdateTransferOrder(order); }), IsOk());
  std::vector<std::string> rows;
  for (const StockMovement& m : engine_->GetSnapshot().StockHistory(tea, shop)) {
    rows.push_back(Cat(absl::FormatCivilTime(m.date), " ", m.document_number, m.reversal ? " reversal " : " ",
                       m.stock_on_hand_change.ToString(), " -> ", m.stock_on_hand.ToString()));
  }
  // The new version goes in transit (nothing on hand yet), then lands.
  EXPECT_THAT(rows, ElementsAre("2026-11-04 TO-1b 0 -> 0", "2026-11-04 TO-1b 4 -> 4", "2026-11-07 TO-1 4 -> 8",
                                "2026-11-07 TO-1 reversal -4 -> 4"));
  EXPECT_EQ(At(tea, primary_), "6/6/0@15");
  EXPECT_EQ(At(tea, shop), "4/4/0@10");
  EXPECT_EQ(Total(tea), "10/10/0@25");
}

// Thousands of mixed operations, refused ones and rollbacks included: the
// ledger always verifies and no figure goes below zero.
TEST_F(StockTest, RandomizedOperationsKeepTheLedgerExact) {
  std::vector<ItemId> items;
  for (int i = 0; i < 6; ++i) items.push_back(AddItem(Cat("Item ", i), Cat("SKU-", i)));
  std::vector<LocationId> locations{primary_, AddLocation("A"), AddLocation("B")};
  std::vector<AdjustmentId> adjustments;
  std::vector<TransferOrderId> transfers;
  std::mt19937 rng(42);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  int refused = 0;
  for (int step = 0; step < 3000; ++step) {
    Transaction txn = engine_->BeginTransaction();
    ItemId item = items[pick(items.size())];
    LocationId at = locations[pick(locations.size())];
    Quantity q = Quantity::FromInt(static_cast<int64_t>(pick(9)) + 1);
    absl::Status s;
    switch (pick(5)) {
      case 0:
      case 1: {
        Quantity signed_q = pick(2) ? q : -q;
        auto r = txn.CreateAdjustment({.date = kDay, .reason = "r",
                                       .line_items = {{.item_id = item, .location_id = at,
                                                       .quantity_adjusted = signed_q,
                                                       .item_total = M(Cat(pick(50)))}}});
        s = r.status();
        if (r.ok()) adjustments.push_back(*r);
        break;
      }
      case 2: {
        const size_t from_index = pick(3);
        at = locations[from_index];
        LocationId to = locations[(from_index + 1 + pick(2)) % 3];
        auto r = txn.CreateTransferOrder({.transfer_order_number = Cat("TO-", step), .date = kDay,
                                          .from_location_id = at, .to_location_id = to,
                                          .line_items = {{.item_id = item, .quantity_transfer = q}},
                                          .status = pick(2) ? TransferStatus::kInTransit : TransferStatus::kTransferred});
        s = r.status();
        if (r.ok()) transfers.push_back((*r)->id);
        break;
      }
      case 3:
        if (!adjustments.empty()) {
          size_t k = pick(adjustments.size());
          s = txn.DeleteAdjustment(adjustments[k]);
          if (s.ok()) adjustments.erase(adjustments.begin() + static_cast<long>(k));
        }
        break;
      default:
        if (!transfers.empty()) {
          size_t k = pick(transfers.size());
          s = pick(2) ? txn.SetTransferStatus(transfers[k], TransferStatus::kTransferred)
                      : txn.DeleteTransferOrder(transfers[k]);
          if (s.ok() && txn.FindTransferOrder(transfers[k]) == nullptr) {
            transfers.erase(transfers.begin() + static_cast<long>(k));
          }
        }
        break;
    }
    if (!s.ok()) ++refused;
    if (pick(10) == 0) {
      // Roll back, and forget the documents made in this transaction.
      txn.Rollback();
      Snapshot snap = engine_->GetSnapshot();
      std::erase_if(adjustments, [&](AdjustmentId a) { return !snap.FindAdjustment(a); });
      std::erase_if(transfers, [&](TransferOrderId t) { return snap.FindTransferOrder(t) == nullptr; });
    } else {
      ASSERT_THAT(txn.Commit(), IsOk());
    }
    if (step % 100 == 0) {
      ASSERT_THAT(engine_->Verify(), IsOk()) << "step " << step;
    }
    Snapshot snap = engine_->GetSnapshot();
    for (ItemId i : items) {
      for (LocationId l : locations) {
        StockFigures f = snap.StockAt(i, l);
        ASSERT_GE(f.stock_on_hand, Quantity()) << step;
        ASSERT_GE(f.available_stock, Quantity()) << step;
        ASSERT_GE(f.asset_value, Money()) << step;
      }
    }
  }
  EXPECT_GT(refused, 100);
}

// Weighted average: an issue takes value x issued / held (rounded to the
// millionth, halves away from zero); transferred stock lands with the value
// it left at; a bundle's composite costs what its components gave up.
class WeightedAverageTest : public StockTest {
 protected:
  WeightedAverageTest() : StockTest(Options{.valuation = Valuation::kWeightedAverage}) {}
};

TEST_F(WeightedAverageTest, IssuesTransfersAndBundlesTakeTheAverageCost) {
  ItemId tea = AddItem("Tea", "T-1");
  ItemId cup = AddItem("Cup", "C-1");
  LocationId shop = AddLocation("Shop");
  ItemId kit = AddComposite("Tea set", "SET-1", {{tea, Q("2")}, {cup, Q("1")}});
  ASSERT_THAT(Adjust(tea, "10", std::nullopt, M("20")), IsOk());
  EXPECT_EQ(At(tea, primary_), "10/10/0@20");
  ASSERT_THAT(Adjust(tea, "5", std::nullopt, M("12")), IsOk());
  EXPECT_EQ(At(tea, primary_), "15/15/0@32");  // 2.1333... each
  ASSERT_THAT(Adjust(tea, "-4"), IsOk());        // 32 x 4 / 15 = 8.533333 out
  EXPECT_EQ(At(tea, primary_), "11/11/0@23.466667");

  ASSERT_THAT(Transfer(tea, "5", primary_, shop), IsOk());  // 23.466667 x 5 / 11 = 10.666667 moves
  EXPECT_EQ(At(tea, primary_), "6/6/0@12.8");
  EXPECT_EQ(At(tea, shop), "5/5/0@10.666667");
  EXPECT_EQ(Total(tea), "11/11/0@23.466667");

  ASSERT_THAT(Adjust(cup, "3", shop, M("10.5")), IsOk());
  ASSERT_THAT(Build({.reference_number = "BN-1",
                     .date = kDay,
                     .composite_item_id = kit,
                     .quantity_to_bundle = Q("2"),
                     .location_id = shop,
                     .line_items = {{.item_id = tea, .quantity_consumed = Q("4")},
                                    {.item_id = cup, .quantity_consumed = Q("2")}}}),
              IsOk());
  EXPECT_EQ(At(tea, shop), "1/1/0@2.133333");  // 10.666667 x 4 / 5 = 8.533334 out
  EXPECT_EQ(At(cup, shop), "1/1/0@3.5");       // 7 out
  EXPECT_EQ(At(kit, shop), "2/2/0@15.533334");
  EXPECT_EQ(At(tea, primary_), "6/6/0@12.8");
  EXPECT_EQ(Total(tea), "7/7/0@14.933333");
}

// An adjustment, a transfer and a bundle that each take more than the
// primary location holds (5 tea, 1 cup).
class OverdrawTest : public StockTest {
 protected:
  explicit OverdrawTest(bool allow) : StockTest(Options{.allow_negative_stock = allow}) {}
  void SetUp() override {
    tea_ = AddItem("Tea", "T-1");
    cup_ = AddItem("Cup", "C-1");
    shop_ = AddLocation("Shop");
    kit_ = AddComposite("Tea set", "SET-1", {{tea_, Q("2")}, {cup_, Q("1")}});
    ASSERT_THAT(Opening(tea_, {{primary_, Q("5"), M("2")}}), IsOk());
    ASSERT_THAT(Opening(cup_, {{primary_, Q("1"), M("3.5")}}), IsOk());
  }
  absl::Status TakeEightTea() { return Adjust(tea_, "-8").status(); }
  absl::Status SendSevenTeaToTheShop() { return Transfer(tea_, "7", primary_, shop_).status(); }
  absl::Status BuildThreeSets() {
    return Build({.reference_number = "BN-1",
                  .date = kDay,
                  .composite_item_id = kit_,
                  .quantity_to_bundle = Q("3"),
                  .line_items = {{.item_id = tea_, .quantity_consumed = Q("6")},
                                 {.item_id = cup_, .quantity_consumed = Q("3")}}})
        .status();
  }
  ItemId tea_, cup_, kit_;
  LocationId shop_;
};
class NegativeStockAllowedTest : public OverdrawTest {
 protected:
  NegativeStockAllowedTest() : OverdrawTest(true) {}
};
class NegativeStockRefusedTest : public OverdrawTest {
 protected:
  NegativeStockRefusedTest() : OverdrawTest(false) {}
};

// Units issued beyond what is held are valued at the cell's latest incoming
// cost (tea 2, cup 3.50).
TEST_F(NegativeStockAllowedTest, OverdrawsAreAcceptedAndGoNegativeByExactlyTheShortfall) {
  ASSERT_THAT(TakeEightTea(), IsOk());
  EXPECT_EQ(At(tea_, primary_), "-3/-3/0@-6");
  ASSERT_THAT(SendSevenTeaToTheShop(), IsOk());
  EXPECT_EQ(At(tea_, primary_), "-10/-10/0@-20");
  EXPECT_EQ(At(tea_, shop_), "7/7/0@14");
  EXPECT_EQ(Total(tea_), "-3/-3/0@-6");
  ASSERT_THAT(BuildThreeSets(), IsOk());
  EXPECT_EQ(At(tea_, primary_), "-16/-16/0@-32");
  EXPECT_EQ(At(cup_, primary_), "-2/-2/0@-7");
  EXPECT_EQ(At(kit_, primary_), "3/3/0@22.5");  // 6 x 2 + 3.50 held + 2 x 3.50 short
}

TEST_F(NegativeStockRefusedTest, TheSameOverdrawsAreRefusedAndChangeNothing) {
  absl::Status s = TakeEightTea();
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].quantity_adjusted",
                         ApiCode::kInsufficientStock));
  EXPECT_EQ(s.message(), "Insufficient stock of 'Tea' at 'Primary Location': requested 8, available 5.");
  EXPECT_THAT(SendSevenTeaToTheShop(), IsError(absl::StatusCode::kFailedPrecondition,
                                               "line_items[0].quantity_transfer", ApiCode::kInsufficientStock));
  EXPECT_THAT(BuildThreeSets(), IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].quantity_consumed",
                                        ApiCode::kInsufficientStock));
  EXPECT_EQ(At(tea_, primary_), "5/5/0@10");
  EXPECT_EQ(At(cup_, primary_), "1/1/0@3.5");
  EXPECT_EQ(Total(kit_), "0/0/0@0");
}

}  // namespace
}  // namespace inventory
