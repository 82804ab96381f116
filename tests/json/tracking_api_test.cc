// Serial numbers and batches through the JSON facade: the items' tracking
// flags, opening stock with serial numbers, batches and bins, and the lines
// of adjustments, transfer orders and bundles that name them. Every test
// ends with Engine::Verify (serials and batches add up to the figures).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "inventory/engine.h"
#include "inventory/json_api.h"
#include "json/api_test_util.h"
#include "json/stock_api_fixture.h"
#include "support/catalog_testing.h"
#include "support/json_schema.h"

namespace inventory {
namespace {

namespace json = boost::json;
using ::inventory::testutil::ApiReply;
using ::inventory::testutil::Cat;
using ::inventory::testutil::Column;
using ::inventory::testutil::IsApiError;
using ::inventory::testutil::IsApiOk;
using ::testing::ElementsAre;

using TrackingApiTest = ::inventory::testutil::StockApiFixture;

TEST_F(TrackingApiTest, ItemsReadAndWriteTheTrackingFlags) {
  ApiReply r = Inv("POST", "/items", R"({"name":"Phone","sku":"PH","rate":300,"track_serial_number":true})");
  ASSERT_THAT(r, IsApiOk(201, "The item has been added."));
  std::string id = r.str("/item/item_id");
  EXPECT_EQ(r.at("/item/track_serial_number"), json::value(true));
  EXPECT_EQ(r.at("/item/track_batch_number"), json::value(false));
  // Without stock postings the item may switch to batches.
  ApiReply u = Inv("PUT", Cat("/items/", id), R"({"track_serial_number":false,"track_batch_number":true})");
  ASSERT_THAT(u, IsApiOk(200, "Item details have been updated"));
  ApiReply g = Inv("GET", Cat("/items/", id));
  EXPECT_EQ(g.at("/item/track_serial_number"), json::value(false));
  EXPECT_EQ(g.at("/item/track_batch_number"), json::value(true));
}

TEST_F(TrackingApiTest, SerialOpeningStockOnCreateAndItsGet) {
  std::string phone = CreateItem(Cat(R"({"name":"Phone","sku":"PH","purchase_rate":100,"track_serial_number":true,)",
                                     R"("locations":[{"location_id":")", store_,
                                     R"(","initial_stock":2,"serial_numbers":["SN1","SN2"]}]})"));
  ApiReply got = Inv("GET", Cat("/variants/", phone, "/openingstock"));
  ASSERT_THAT(got, IsApiOk(200, "success"));
  EXPECT_EQ(got.at("/opening_stock/locations/0/location_id"), json::value(store_));
  EXPECT_EQ(got.at("/opening_stock/locations/0/serial_numbers"), (json::array{"SN1", "SN2"}));
  EXPECT_EQ(got.at("/opening_stock/serial_numbers"), json::array());  // none at the primary location
  // A serial-tracked item needs as many serials as units.
  EXPECT_THAT(Inv("PUT", Cat("/variants/", phone, "/openingstock"),
                  R"({"initial_stock":2,"serial_numbers":["SN1"]})"),
              IsApiError(400, ApiCode::kInvalidValue, "serial_numbers"));
  // Serials without stock are refused before anything else.
  EXPECT_THAT(Inv("PUT", Cat("/variants/", phone, "/openingstock"), R"({"serial_numbers":["SN9"]})"),
              IsApiError(400, ApiCode::kInvalidValue, "serial_numbers"));
}

TEST_F(TrackingApiTest, BatchOpeningStockOnTheVariantEndpoint) {
  std::string milk = CreateItem(R"({"name":"Milk","sku":"MI","purchase_rate":2,"track_batch_number":true})");
  const std::string path = Cat("/variants/", milk, "/openingstock");
  ASSERT_THAT(Inv("PUT", path,
                  R"({"initial_stock":5,"initial_stock_rate":2,"batches":[)"
                  R"({"batch_number":"B1","quantity":3,"manufacturer_date":"2025-12-01","expiry_date":"2026-03-01"},)"
                  R"({"batch_number":"B2","in_quantity":2,"rate":3}]})"),
              IsApiOk(200, "The opening stock has been updated."));
  ApiReply got = Inv("GET", path);
  ASSERT_THAT(got, IsApiOk(200, "success"));
  EXPECT_EQ(got.at("/opening_stock/initial_stock"), json::value(5));
  EXPECT_THAT(Column(got, "/opening_stock/batches", "batch_number"), ElementsAre("B1", "B2"));
  EXPECT_EQ(got.at("/opening_stock/batches/0/quantity"), json::value(3));
  EXPECT_EQ(got.at("/opening_stock/batches/0/manufactured_date"), json::value("2025-12-01"));
  EXPECT_EQ(got.at("/opening_stock/batches/0/expiry_date"), json::value("2026-03-01"));
  EXPECT_EQ(got.at("/opening_stock/batches/1/rate"), json::value(3));
  EXPECT_EQ(got.at("/opening_stock/locations/0/batches/1/batch_number"), json::value("B2"));
  // 3 at 2 and 2 at 3.
  EXPECT_EQ(Inv("GET", Cat("/items/", milk)).at("/item/asset_value"), json::value(12));

  // Engine errors name the request's fields, aliases included.
  EXPECT_THAT(Inv("PUT", path,
                  Cat(R"({"locations":[{"location_id":")", store_,
                      R"(","initial_stock":2,"batches":[{"batch_number":"B3","quantity":1},)"
                      R"({"batch_number":"B4","in_quantity":0}]}]})")),
              IsApiError(400, ApiCode::kInvalidValue, "locations[0].batches[1].in_quantity"));
  EXPECT_THAT(Inv("PUT", path,
                  Cat(R"({"locations":[{"location_id":")", store_,
                      R"(","initial_stock":2,"batches":[{"batch_number":"B3","quantity":1},)"
                      R"({"quantity":1}]}]})")),
              IsApiError(400, ApiCode::kMissingField, "locations[0].batches[1].batch_number"));
  EXPECT_THAT(Inv("PUT", path,
                  R"({"initial_stock":2,"batches":[{"batch_number":"B3","quantity":2,)"
                  R"("manufacturer_date":"2026-02-01","expiry_date":"2026-01-01"}]})"),
              IsApiError(400, ApiCode::kInvalidValue, "batches[0].expiry_date"));
  // Bins inside batches are not carried.
  EXPECT_THAT(Inv("PUT", path,
                  R"({"initial_stock":2,"batches":[{"batch_number":"B3","quantity":2,)"
                  R"("storages":[{"storage_location_id":"7","quantity":2}]}]})"),
              IsApiError(400, ApiCode::kInvalidValue, "batches[0].storages"));
}

TEST_F(TrackingApiTest, AdjustmentsAndTransfersNameTheSerialsAndBatchesTheyMove) {
  std::string phone = CreateItem(Cat(R"({"name":"Phone","sku":"PH","purchase_rate":100,"track_serial_number":true,)",
                                     R"("initial_stock":2,"serial_numbers":["SN1","SN2"]})"));
  auto adjust = [&](std::string_view line) {
    return Inv("POST", "/inventoryadjustments",
               Cat(R"({"date":"2026-01-05","reason":"Lost","adjustment_type":"quantity","line_items":[)", line,
                   "]}"));
  };
  ApiReply made = adjust(Cat(R"({"item_id":")", phone, R"(","quantity_adjusted":-1,"serial_numbers":["SN2"]})"));
  ASSERT_THAT(made, IsApiOk(201, "Inventory Adjustment has been added"));
  EXPECT_EQ(made.at("/inventory_adjustment/line_items/0/serial_numbers"), (json::array{"SN2"}));
  EXPECT_EQ(Inv("GET", Cat("/items/", phone)).at("/item/stock_on_hand"), json::value(1));
  ApiReply refused = adjust(Cat(R"({"item_id":")", phone, R"(","quantity_adjusted":-1,"serial_numbers":["SN2"]})"));
  EXPECT_THAT(refused, IsApiError(400, ApiCode::kInsufficientStock, "line_items[0].serial_numbers[0]"));
  EXPECT_EQ(refused.message(), "The serial number 'SN2' of 'Phone' is not in stock at 'Primary Location'.");

  // A transfer moves the named serial; bins for an item without them are
  // refused.
  ApiReply moved = Inv("POST", "/transferorders",
                       Cat(R"({"transfer_order_number":"TO-1","date":"2026-01-06","from_location_id":")", primary_,
                           R"(","to_location_id":")", store_, R"(","line_items":[{"item_id":")", phone,
                           R"(","name":"Phone","quantity_transfer":1,"serial_numbers":["SN1"]}]})"));
  ASSERT_THAT(moved, IsApiOk(201, "Transfer Order added successfully."));
  EXPECT_EQ(moved.at("/transfer_order/line_items/0/serial_numbers"), (json::array{"SN1"}));
  EXPECT_THAT(Inv("POST", "/transferorders",
                  Cat(R"({"transfer_order_number":"TO-2","date":"2026-01-06","from_location_id":")", store_,
                      R"(","to_location_id":")", primary_, R"(","line_items":[{"item_id":")", phone,
                      R"(","name":"Phone","quantity_transfer":1,"serial_numbers":["SN1"],)"
                      R"("from_storages":[{"storage_id":"7","out_quantity":1}]}]})")),
              IsApiError(400, ApiCode::kInvalidValue, "line_items[0].from_storages"));

  // Batches: out_quantity takes from a batch held; errors use its name.
  std::string milk = CreateItem(R"({"name":"Milk","sku":"MI","purchase_rate":2,"track_batch_number":true,)"
                                R"("initial_stock":5,"batches":[{"batch_number":"B1","quantity":5}]})");
  ApiReply used = adjust(Cat(R"({"item_id":")", milk,
                             R"(","quantity_adjusted":-2,"batches":[{"batch_number":"B1","out_quantity":2}]})"));
  ASSERT_THAT(used, IsApiOk(201, "Inventory Adjustment has been added"));
  EXPECT_EQ(used.at("/inventory_adjustment/line_items/0/batches/0/quantity"), json::value(2));
  EXPECT_THAT(adjust(Cat(R"({"item_id":")", milk,
                         R"(","quantity_adjusted":-9,"batches":[{"batch_number":"B1","out_quantity":9}]})")),
              IsApiError(400, ApiCode::kInsufficientStock, "line_items[0].batches[0].out_quantity"));
  EXPECT_EQ(Inv("GET", Cat("/items/", milk)).at("/item/stock_on_hand"), json::value(3));
}


// Bins named on adjustment, transfer and bundle lines (storages,
// from_storages/to_storages, finished_product_storages), answered as the
// reference does (storage_id with in_quantity or out_quantity).
TEST_F(TrackingApiTest, DocumentLinesNameTheBinsTheyMove) {
  std::string tea = CreateItem(R"({"name":"Tea","sku":"TEA","purchase_rate":2})");
  ASSERT_THAT(Inv("POST", Cat("/items/enablestoragelocation?item_ids=", tea)),
              IsApiOk(200, "Storage location has been enabled."));
  Engine& engine = api_.Organization("1");
  auto bins = [&](const std::string& location) {
    std::string out;
    for (const BinQuantity& b : engine.GetSnapshot().BinStock(ItemId(std::stoll(tea)), LocationId(std::stoll(location)))) {
      out += Cat(out.empty() ? "" : " ", b.storage_location_id, "=", b.quantity.ToString());
    }
    return out;
  };
  auto adjust = [&](std::string_view line) {
    return Inv("POST", "/inventoryadjustments",
               Cat(R"({"date":"2026-01-05","reason":"Count","adjustment_type":"quantity","line_items":[{"item_id":")",
                   tea, "\",", line, "}]}"));
  };
  ApiReply in = adjust(R"("quantity_adjusted":5,"storages":[{"storage_id":"B1","in_quantity":3},)"
                       R"({"storage_id":"B2","in_quantity":2}])");
  ASSERT_THAT(in, IsApiOk(201, "Inventory Adjustment has been added"));
  EXPECT_THAT(testing::Validate(testing::ReferenceSchema("inventoryadjustments"),
                                "create-an-inventory-adjustment-response", in.json),
              ::testing::IsEmpty());
  EXPECT_EQ(in.at("/inventory_adjustment/line_items/0/storages/1/storage_id"), json::value("B2"));
  EXPECT_EQ(in.at("/inventory_adjustment/line_items/0/storages/1/in_quantity"), json::value(2));
  EXPECT_EQ(bins(primary_), "B1=3 B2=2");
  ApiReply out = adjust(R"("quantity_adjusted":-1,"storages":[{"storage_id":"B2","out_quantity":1}])");
  ASSERT_THAT(out, IsApiOk(201, "Inventory Adjustment has been added"));
  EXPECT_EQ(out.at("/inventory_adjustment/line_items/0/storages/0/out_quantity"), json::value(1));
  EXPECT_EQ(bins(primary_), "B1=3 B2=1");
  ApiReply refused = adjust(R"("quantity_adjusted":-2,"storages":[{"storage_id":"B2","out_quantity":2}])");
  EXPECT_THAT(refused, IsApiError(400, ApiCode::kInsufficientStock, "line_items[0].storages[0].out_quantity"));
  EXPECT_EQ(refused.message(), "The storage location 'B2' holds 1 of 'Tea' at 'Primary Location': requested 2.");

  ApiReply moved = Inv("POST", "/transferorders",
                       Cat(R"({"transfer_order_number":"TO-1","date":"2026-01-06","from_location_id":")", primary_,
                           R"(","to_location_id":")", store_, R"(","line_items":[{"item_id":")", tea,
                           R"(","name":"Tea","quantity_transfer":2,"from_storages":[{"storage_id":"B1","out_quantity":2}],)"
                           R"("to_storages":[{"storage_id":"S1","in_quantity":2}]}]})"));
  ASSERT_THAT(moved, IsApiOk(201, "Transfer Order added successfully."));
  EXPECT_THAT(testing::Validate(testing::ReferenceSchema("transferorders"), "create-a-transfer-order-response",
                                moved.json),
              ::testing::IsEmpty());
  EXPECT_EQ(moved.at("/transfer_order/line_items/0/from_storages/0/out_quantity"), json::value(2));
  EXPECT_EQ(moved.at("/transfer_order/line_items/0/to_storages/0/storage_id"), json::value("S1"));
  EXPECT_EQ(bins(primary_), "B1=1 B2=1");
  EXPECT_EQ(bins(store_), "S1=2");

  ApiReply made_box = Inv("POST", "/compositeitems",
                          Cat(R"({"name":"Tea box","sku":"BOX","rate":9,"item_type":"inventory","product_type":"goods",)",
                              R"("mapped_items":[{"item_id":")", tea, R"(","quantity":1}]})"));
  ASSERT_THAT(made_box, IsApiOk(201, "The item has been added."));
  const std::string box = made_box.str("/composite_item/composite_item_id");
  ApiReply built = Inv("POST", "/bundles",
                       Cat(R"({"reference_number":"BN-1","date":"2026-01-07","composite_item_id":")", box,
                           R"(","composite_item_name":"Tea box","quantity_to_bundle":1,"is_completed":true,)"
                           R"("location_id":")", store_, R"(","line_items":[{"item_id":")", tea,
                           R"(","name":"Tea","quantity_consumed":1,"account_id":"a","warehouse_id":")", store_,
                           R"(","storages":[{"storage_id":"S1","out_quantity":1}]}]})"));
  ASSERT_THAT(built, IsApiOk(201, "Bundle has been created."));
  EXPECT_EQ(built.at("/line_items/0/storages/0/out_quantity"), json::value(1));
  EXPECT_EQ(bins(store_), "S1=1");
  // The composite has no bins enabled: its finished_product_storages are refused.
  ApiReply no_bins = Inv("POST", "/bundles",
                         Cat(R"({"reference_number":"BN-2","date":"2026-01-07","composite_item_id":")", box,
                             R"(","composite_item_name":"Tea box","quantity_to_bundle":1,"is_completed":true,)"
                             R"("location_id":")", store_, R"(","line_items":[{"item_id":")", tea,
                             R"(","name":"Tea","quantity_consumed":1,"account_id":"a","warehouse_id":")", store_,
                             R"("}],"finished_product_storages":[{"storage_id":"S9","in_quantity":1}]})"));
  EXPECT_THAT(no_bins, IsApiError(400, ApiCode::kInvalidValue, "finished_product_storages"));
}

// Opening stock in bins through PUT /variants/{id}/openingstock: bins of a
// location with bins enabled are named by their storage ids, elsewhere any
// text names one. GET answers them per location, and the bins hold them.
class OpeningStockBinsApiTest : public TrackingApiTest {
 protected:
  void SetUp() override {
    TrackingApiTest::SetUp();
    tea_ = CreateItem(R"({"name":"Tea","sku":"TEA","purchase_rate":2})");
    ASSERT_THAT(Inv("POST", Cat("/items/enablestoragelocation?item_ids=", tea_)),
                IsApiOk(200, "Storage location has been enabled."));
    ASSERT_THAT(Inv("POST", Cat("/locations/", store_, "/storagelocations/enable")),
                IsApiOk(200, "The bin locations have been enabled."));
    a1_ = CreateBin("A-1");
    a2_ = CreateBin("A-2");
  }
  std::string CreateBin(std::string_view name) {
    ApiReply r = Inv("POST", "/storagelocations", Cat(R"({"name":")", name, R"(","location_id":")", store_, R"("})"));
    EXPECT_THAT(r, IsApiOk(201, "Bin location has been Created."));
    return r.str("/storage_location/storage_id");
  }
  // "name=balance" of the store's bins, as GET /storagelocations answers them.
  std::string StoreBins() {
    ApiReply r = Inv("GET", Cat("/storagelocations?location_id=", store_));
    EXPECT_THAT(r, IsApiOk(200, "success"));
    std::string out;
    const json::value& list = r.at("/storage_locations");
    for (const json::value& b : list.is_array() ? list.get_array() : json::array()) {
      out += Cat(out.empty() ? "" : " ", json::value_to<std::string>(b.at("name")), "=",
                 json::serialize(b.at("balance_quantity")));
    }
    return out;
  }
  // "bin=quantity" of the free-text bins at the primary location (the engine's
  // view; the facade has no endpoint for bins that are not managed).
  std::string PrimaryBins() {
    std::string out;
    for (const BinQuantity& b :
         api_.Organization("1").GetSnapshot().BinStock(ItemId(std::stoll(tea_)), LocationId(std::stoll(primary_)))) {
      out += Cat(out.empty() ? "" : " ", b.storage_location_id, "=", b.quantity.ToString());
    }
    return out;
  }
  ApiReply Put(std::string_view body) { return Inv("PUT", Cat("/variants/", tea_, "/openingstock"), body); }

  std::string tea_, a1_, a2_;
};

TEST_F(OpeningStockBinsApiTest, VariantOpeningStockPutsStockInBins) {
  ApiReply put = Put(Cat(R"({"initial_stock":4,"initial_stock_rate":2,)",
                         R"("storages":[{"storage_location_id":"P1","quantity":4}],"locations":[{"location_id":")",
                         store_, R"(","initial_stock":5,"initial_stock_rate":3,"storages":[)",
                         R"({"storage_location_id":")", a1_, R"(","quantity":3},{"storage_id":")", a2_,
                         R"(","in_quantity":2}]}]})"));
  ASSERT_THAT(put, IsApiOk(200, "The opening stock has been updated."));

  ApiReply got = Inv("GET", Cat("/variants/", tea_, "/openingstock"));
  ASSERT_THAT(got, IsApiOk(200, "success"));
  EXPECT_THAT(testing::Validate(testing::ReferenceSchema("items"), "get-variant-opening-stock-response", got.json),
              ::testing::IsEmpty());
  EXPECT_THAT(Column(got, "/opening_stock/locations", "location_id"), ElementsAre(primary_, store_));
  EXPECT_EQ(got.at("/opening_stock/locations/0/storages"),
            json::parse(R"([{"storage_location_id":"P1","quantity":4}])"));
  EXPECT_EQ(got.at("/opening_stock/locations/1/initial_stock"), json::value(5));
  EXPECT_EQ(got.at("/opening_stock/locations/1/storages"),
            json::parse(Cat(R"([{"storage_location_id":")", a1_, R"(","quantity":3},)",
                            R"({"storage_location_id":")", a2_, R"(","quantity":2}])")));
  ApiReply item = Inv("GET", Cat("/items/", tea_));
  EXPECT_EQ(item.at("/item/stock_on_hand"), json::value(9));
  EXPECT_EQ(item.at("/item/asset_value"), json::value(23));  // 4 at 2 and 5 at 3

  // The bins hold what the opening stock put there.
  EXPECT_EQ(StoreBins(), "A-1=3 A-2=2");
  ApiReply a1 = Inv("GET", Cat("/storagelocations/", a1_));
  ASSERT_THAT(a1, IsApiOk(200, "success"));
  EXPECT_EQ(a1.at("/storage_location/balance_quantity"), json::value(3));
  EXPECT_EQ(PrimaryBins(), "P1=4");

  // PUT replaces the whole opening stock, bins included.
  ASSERT_THAT(Put(Cat(R"({"locations":[{"location_id":")", store_, R"(","initial_stock":6,"storages":[)",
                      R"({"storage_location_id":")", a2_, R"(","quantity":6}]}]})")),
              IsApiOk(200, "The opening stock has been updated."));
  EXPECT_EQ(StoreBins(), "A-1=0 A-2=6");
  EXPECT_EQ(PrimaryBins(), "");
  got = Inv("GET", Cat("/variants/", tea_, "/openingstock"));
  EXPECT_THAT(Column(got, "/opening_stock/locations", "location_id"), ElementsAre(store_));
  EXPECT_EQ(got.at("/opening_stock/locations/0/storages"),
            json::parse(Cat(R"([{"storage_location_id":")", a2_, R"(","quantity":6}])")));
  EXPECT_EQ(Inv("GET", Cat("/items/", tea_)).at("/item/stock_on_hand"), json::value(6));
}

TEST_F(OpeningStockBinsApiTest, StoragesMustAddUpToTheLinesOpeningStock) {
  ASSERT_THAT(Put(Cat(R"({"locations":[{"location_id":")", store_, R"(","initial_stock":6,"storages":[)",
                      R"({"storage_location_id":")", a2_, R"(","quantity":6}]}]})")),
              IsApiOk(200, "The opening stock has been updated."));
  const std::string before = Inv("GET", Cat("/variants/", tea_, "/openingstock")).text;

  // The store's line is the second (after the top level's), named as sent.
  ApiReply store = Put(Cat(R"({"initial_stock":2,"storages":[{"storage_location_id":"P1","quantity":2}],)",
                           R"("locations":[{"location_id":")", store_, R"(","initial_stock":6,"storages":[)",
                           R"({"storage_location_id":")", a1_, R"(","quantity":4},{"storage_location_id":")", a2_,
                           R"(","quantity":1}]}]})"));
  EXPECT_THAT(store, IsApiError(400, ApiCode::kInvalidValue, "locations[0].storages"));
  EXPECT_EQ(store.message(), "The storages add up to 5, but initial_stock is 6.");
  ApiReply top = Put(R"({"initial_stock":4,"storages":[{"storage_location_id":"P1","quantity":3}]})");
  EXPECT_THAT(top, IsApiError(400, ApiCode::kInvalidValue, "storages"));
  EXPECT_EQ(top.message(), "The storages add up to 3, but initial_stock is 4.");
  // A bin's own quantity must be positive; the alias given is named.
  ApiReply zero = Put(Cat(R"({"locations":[{"location_id":")", store_, R"(","initial_stock":6,"storages":[)",
                          R"({"storage_location_id":")", a1_, R"(","quantity":6},{"storage_id":")", a2_,
                          R"(","in_quantity":0}]}]})"));
  EXPECT_THAT(zero, IsApiError(400, ApiCode::kInvalidValue, "locations[0].storages[1].in_quantity"));
  EXPECT_EQ(zero.message(), "quantity must be greater than zero.");

  EXPECT_EQ(Inv("GET", Cat("/variants/", tea_, "/openingstock")).text, before);
  EXPECT_EQ(StoreBins(), "A-1=0 A-2=6");
  EXPECT_EQ(PrimaryBins(), "");
}

// At a location with bins enabled, opening stock names bins that are there.
// DISABLED: the refusal names "initial_stock" instead of the bin: the
// engine's SetOpeningStock (src/stock/stock_ops.cc, MoveBins of the new
// lines) passes "" as the field, so the error's field is
// "[1].storage_location_id", which ApplyOpeningStock cannot map to a request
// field and replaces with the first line's initial_stock.
TEST_F(OpeningStockBinsApiTest, OpeningStockRefusesBinsTheLocationDoesNotHave) {
  ApiReply unknown = Put(Cat(R"({"initial_stock":2,"storages":[{"storage_location_id":"P1","quantity":2}],)",
                             R"("locations":[{"location_id":")", store_, R"(","initial_stock":6,"storages":[)",
                             R"({"storage_location_id":")", a1_, R"(","quantity":5},{"storage_id":"999","quantity":1}]}]})"));
  EXPECT_THAT(unknown, IsApiError(404, ApiCode::kNotFound, "locations[0].storages[1].storage_id"));
  EXPECT_EQ(unknown.message(), "The storage location '999' does not exist at 'Store'.");
  EXPECT_EQ(StoreBins(), "A-1=0 A-2=0");
  EXPECT_EQ(PrimaryBins(), "");
  EXPECT_EQ(Inv("GET", Cat("/items/", tea_)).at("/item/stock_on_hand"), json::value(0));
}

}  // namespace
}  // namespace inventory
