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

}  // namespace
}  // namespace inventory
