// The serial number, batch and bin (storage location) endpoints: lists and
// gets with exact values, the serial checks, batch and bin writes, default
// bins, and exact error answers that change nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "json/api_test_util.h"

namespace inventory {
namespace {

namespace json = boost::json;
using testutil::ApiReply;
using testutil::Cat;
using testutil::IsApiError;
using testutil::IsApiOk;

class RegistryApiTest : public testutil::ApiTest {
 protected:
  RegistryApiTest() {
    ApiReply l = Inv("GET", "/locations");
    primary_ = l.str("/locations/0/location_id");
  }
  std::string primary_;
};

TEST_F(RegistryApiTest, SerialNumbersListGetAndValidate) {
  std::string phone = CreateItem(
      R"({"name":"Phone","sku":"PH","purchase_rate":100,"track_serial_number":true,"initial_stock":2,"serial_numbers":["SN1","SN2"]})");
  ApiReply list = Inv("GET", Cat("/items/serialnumbers?item_id=", phone));
  ASSERT_THAT(list, IsApiOk(200, "success"));
  ASSERT_EQ(list.at("/serial_numbers").as_array().size(), 2u);
  EXPECT_EQ(list.at("/serial_numbers/0/serialnumber"), json::value("SN1"));
  EXPECT_EQ(list.at("/serial_numbers/0/is_transacted_out"), json::value(false));
  EXPECT_EQ(list.at("/serial_numbers/0/location_id"), json::value(primary_));
  const std::string sn1 = list.str("/serial_numbers/0/serialnumber_id");
  ApiReply one = Inv("GET", Cat("/items/serialnumbers/", sn1));
  ASSERT_THAT(one, IsApiOk(200, "success"));
  EXPECT_EQ(one.at("/serial_number/serialnumber"), json::value("SN1"));
  EXPECT_THAT(Inv("GET", "/items/serialnumbers/999999"), IsApiError(404, ApiCode::kNotFound, "serial_number_id"));
  EXPECT_THAT(Inv("GET", "/items/serialnumbers"), IsApiError(400, ApiCode::kMissingField, "item_id"));

  EXPECT_THAT(Inv("POST", Cat("/items/", phone, "/serialnumber/validate?entity_type=invoice&serial_numbers=SN1,SN2")),
              IsApiOk(200, "success"));
  ApiReply bad = Inv("POST", Cat("/items/", phone, "/serialnumber/validate?entity_type=invoice&serial_numbers=SN1,SN7"));
  EXPECT_THAT(bad, IsApiError(400, ApiCode::kInsufficientStock, "serial_numbers[1]"));
  EXPECT_EQ(bad.message(), "The serial number 'SN7' of 'Phone' is not one the item has.");
  ApiReply mapped = Inv("POST", Cat("/items/", phone, "/serialnumber/validateandmap"),
                        Cat(R"({"entity_type":"salesorder","location_id":")", primary_, R"(","serial_numbers":["SN2"]})"));
  ASSERT_THAT(mapped, IsApiOk(200, "success"));
  EXPECT_EQ(mapped.at("/serial_numbers/0/serialnumber"), json::value("SN2"));
  EXPECT_EQ(mapped.at("/serial_numbers/0/location_id"), json::value(primary_));
}

TEST_F(RegistryApiTest, BatchesCreateListUpdateDeactivateDelete) {
  std::string milk = CreateItem(R"({"name":"Milk","sku":"MI","purchase_rate":2,"track_batch_number":true})");
  ApiReply made = Inv("POST", "/items/batches",
                      Cat(R"({"item_id":")", milk, R"(","batch_number":"B1","expiry_date":"2026-12-31"})"));
  ASSERT_THAT(made, IsApiOk(201, "The batch has been created."));
  const std::string b1 = made.str("/batch/batch_id");
  EXPECT_EQ(made.at("/batch/balance_quantity"), json::value(0));
  EXPECT_THAT(Inv("POST", "/items/batches", Cat(R"({"item_id":")", milk, R"(","batch_number":"b1 "})")),
              IsApiOk(201, "The batch has been created."))
      << "batch numbers are case-sensitive";
  EXPECT_THAT(Inv("POST", "/items/batches", Cat(R"({"item_id":")", milk, R"(","batch_number":"B1"})")),
              IsApiError(400, ApiCode::kDuplicate, "batch_number"));
  EXPECT_THAT(Inv("POST", "/items/batches", Cat(R"({"item_id":")", milk, R"("})")),
              IsApiError(400, ApiCode::kMissingField, "batch_number"));

  // Empty batches are listed only when asked.
  EXPECT_EQ(Inv("GET", Cat("/items/batches?item_id=", milk)).at("/batches").as_array().size(), 0u);
  ApiReply all = Inv("GET", Cat("/items/batches?show_empty_batches=true&item_id=", milk));
  ASSERT_EQ(all.at("/batches").as_array().size(), 2u);
  EXPECT_EQ(all.at("/batches/0/batch_number"), json::value("B1"));
  EXPECT_EQ(all.at("/batches/0/expiry_date"), json::value("2026-12-31"));

  ApiReply u = Inv("PUT", Cat("/items/batches/", b1), R"({"manufacturer_batch_number":"M-7"})");
  ASSERT_THAT(u, IsApiOk(200, "The batch has been updated."));
  EXPECT_EQ(u.at("/batch/manufacturer_batch_number"), json::value("M-7"));
  EXPECT_EQ(u.at("/batch/expiry_date"), json::value("2026-12-31")) << "fields not sent are kept";
  EXPECT_THAT(Inv("POST", Cat("/items/batches/", b1, "/inactive")),
              IsApiOk(200, "The batch has been marked as inactive."));
  EXPECT_EQ(Inv("GET", Cat("/items/batches/", b1)).at("/batch/status"), json::value("inactive"));
  EXPECT_THAT(Inv("POST", Cat("/items/batches/active?batch_ids=", b1)),
              IsApiOk(200, "The selected batches have been marked as active."));
  EXPECT_THAT(Inv("DELETE", Cat("/items/batches/", b1)), IsApiOk(200, "The batch has been deleted."));
  EXPECT_THAT(Inv("GET", Cat("/items/batches/", b1)), IsApiError(404, ApiCode::kNotFound, "batch_id"));
}

TEST_F(RegistryApiTest, BinsEnabledCreatedListedAndDefault) {
  std::string tea = CreateItem(R"({"name":"Tea","sku":"T","purchase_rate":2})");
  ASSERT_THAT(Inv("POST", Cat("/items/enablestoragelocation?item_ids=", tea)),
              IsApiOk(200, "Storage location has been enabled."));
  EXPECT_THAT(Inv("POST", "/storagelocations", Cat(R"({"location_id":")", primary_, R"(","name":"A-1"})")),
              IsApiError(400, ApiCode::kConflict, "location_id"));
  EXPECT_THAT(Inv("POST", Cat("/locations/", primary_, "/storagelocations/enable")),
              IsApiOk(200, "The bin locations have been enabled."));
  ApiReply a = Inv("POST", "/storagelocations", Cat(R"({"location_id":")", primary_, R"(","name":"A-1"})"));
  ASSERT_THAT(a, IsApiOk(201, "Bin location has been Created."));
  const std::string a1 = a.str("/storage_location/storage_id");
  EXPECT_THAT(Inv("POST", "/storagelocations", Cat(R"({"location_id":")", primary_, R"(","name":" a-1"})")),
              IsApiError(400, ApiCode::kDuplicate, "name"));
  ASSERT_THAT(Inv("POST", Cat("/items/", tea, "/configure/defaultstorage"),
                  Cat(R"({"default_storage_location_mapping":[{"storage_id":")", a1, R"("}]})")),
              IsApiOk(200, "Default Preferred Bin Location Mapping configured for the item."));
  ApiReply d = Inv("GET", Cat("/items/", tea, "/defaultstoragemapping"));
  EXPECT_EQ(d.at("/default_storage_location_mapping/0/storage_id"), json::value(a1));
  // Stock arriving goes to the default bin.
  ASSERT_THAT(Inv("PUT", Cat("/variants/", tea, "/openingstock"), R"({"initial_stock":4,"initial_stock_rate":2})"),
              IsApiOk(200, "The opening stock has been updated."));
  ApiReply list = Inv("GET", Cat("/storagelocations?location_id=", primary_));
  ASSERT_THAT(list, IsApiOk(200, "success"));
  EXPECT_EQ(list.at("/storage_locations/0/name"), json::value("A-1"));
  EXPECT_EQ(list.at("/storage_locations/0/balance_quantity"), json::value(4));
  EXPECT_THAT(Inv("DELETE", Cat("/storagelocations/", a1)),
              IsApiError(400, ApiCode::kConflict, "storage_location_id"));
  EXPECT_THAT(Inv("POST", Cat("/locations/", primary_, "/storagelocations/disable")),
              IsApiError(400, ApiCode::kConflict, "location_id"));
  ApiReply renamed = Inv("PUT", Cat("/storagelocations/", a1), R"({"name":"A-01"})");
  ASSERT_THAT(renamed, IsApiOk(200, "Bin location updated."));
  EXPECT_EQ(renamed.at("/storage_location/name"), json::value("A-01"));
}

// The reference's example request bodies (openapi/batches.yml,
// storagelocations.yml), with ids of this organization: accepted, and the
// fields the engine keeps answered back.
TEST_F(RegistryApiTest, ReplaysTheReferenceExampleRequests) {
  std::string item = CreateItem(R"({"name":"Laptop","sku":"LT","purchase_rate":100,"track_batch_number":true})");
  ApiReply b = Inv("POST", "/items/batches",
                   Cat(R"({"item_id":")", item, R"(","batch_number":"BTC-8900",)",
                       R"("manufacturer_batch_number":"MFR-BTC-8900","manufactured_date":"2026-05-12",)",
                       R"("expiry_date":"2026-10-15","sales_rate":50.4,"label_rate":50,)",
                       R"("batch_custom_fields":[{"custom_field_id":"6780203000000176175","label":"Lot Code",)",
                       R"("value":"LC-001"}]})"));
  ASSERT_THAT(b, IsApiOk(201, "The batch has been created."));
  EXPECT_EQ(b.at("/batch/batch_number"), json::value("BTC-8900"));
  EXPECT_EQ(b.at("/batch/manufacturer_batch_number"), json::value("MFR-BTC-8900"));
  EXPECT_EQ(b.at("/batch/manufactured_date"), json::value("2026-05-12"));
  EXPECT_EQ(b.at("/batch/expiry_date"), json::value("2026-10-15"));
  EXPECT_EQ(b.at("/batch/status"), json::value("active"));

  ASSERT_THAT(Inv("POST", Cat("/locations/", primary_, "/storagelocations/enable")),
              IsApiOk(200, "The bin locations have been enabled."));
  ApiReply bin = Inv("POST", "/storagelocations",
                     Cat(R"({"storage_zone_id":"130426000000798001","location_id":")", primary_,
                         R"(","name":"A-R1-B01","description":"Row 1, Bin 01 in Zone A"})"));
  ASSERT_THAT(bin, IsApiOk(201, "Bin location has been Created."));
  EXPECT_EQ(bin.at("/storage_location/name"), json::value("A-R1-B01"));
  EXPECT_EQ(bin.at("/storage_location/description"), json::value("Row 1, Bin 01 in Zone A"));
  EXPECT_EQ(bin.at("/storage_location/storage_zone_id"), json::value("130426000000798001"));
  EXPECT_THAT(Inv("POST", "/storagelocations",
                  Cat(R"({"location_id":")", primary_, R"(","name":")", std::string(51, 'x'), R"("})")),
              IsApiError(400, ApiCode::kTooLong, "name"));
}

}  // namespace
}  // namespace inventory
