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
#include "support/catalog_testing.h"

namespace inventory {
namespace {

namespace json = boost::json;
using ::inventory::testutil::ApiReply;
using ::inventory::testutil::Cat;
using ::inventory::testutil::Column;
using ::inventory::testutil::FrozenClock;
using ::inventory::testutil::IsApiError;
using ::inventory::testutil::IsApiOk;
using ::inventory::testutil::Send;
using ::inventory::testutil::Url;
using ::testing::ElementsAre;

class TrackingApiTest : public ::testing::Test {
 protected:
  TrackingApiTest() : api_(Options{.clock = clock_.AsFunction()}) {}

  void SetUp() override {
    primary_ = Inv("GET", "/locations").str("/locations/0/location_id");
    ApiReply store = Inv("POST", "/locations", R"({"location_name":"Store"})");
    ASSERT_THAT(store, IsApiOk(201, "Location has been created."));
    store_ = store.str("/locations/location_id");
  }
  void TearDown() override {
    absl::Status verified = api_.Organization("1").Verify();
    EXPECT_TRUE(verified.ok()) << verified;
  }

  ApiReply Inv(std::string_view method, std::string_view path, std::string_view body = "") {
    return Send(api_, method, Url(Cat("/inventory/v1", path)), body);
  }
  std::string CreateItem(std::string_view body) {
    ApiReply r = Inv("POST", "/items", body);
    EXPECT_THAT(r, IsApiOk(201, "The item has been added."));
    return r.str("/item/item_id");
  }

  FrozenClock clock_;
  JsonApi api_;
  std::string primary_, store_;
};

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

}  // namespace
}  // namespace inventory
