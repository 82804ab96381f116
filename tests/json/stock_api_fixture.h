// The fixture the stock endpoint tests share: a JsonApi on a frozen clock
// (2026-01-02T03:04:05Z) with the primary location and a second one,
// "Store"; every test ends with Engine::Verify on organization "1" (the
// ledger adds up to every figure).
#ifndef INVENTORY_TESTS_JSON_STOCK_API_FIXTURE_H_
#define INVENTORY_TESTS_JSON_STOCK_API_FIXTURE_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "inventory/engine.h"
#include "inventory/json_api.h"
#include "json/api_test_util.h"
#include "support/catalog_testing.h"

namespace inventory::testutil {

class StockApiFixture : public ApiTest {
 protected:
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

  std::string primary_, store_;
};

}  // namespace inventory::testutil

#endif  // INVENTORY_TESTS_JSON_STOCK_API_FIXTURE_H_
