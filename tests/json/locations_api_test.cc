// The location endpoints of the JSON facade (/inventory/v1/locations and
// /settings/locations/enable), driven through JsonApi::Handle with exact
// statuses, codes, messages and fields. Every refused write is followed by a
// check that nothing changed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "inventory/engine.h"
#include "inventory/json_api.h"
#include "json/api_test_util.h"
#include "support/catalog_testing.h"

namespace inventory {
namespace {

namespace json = boost::json;
using ::inventory::testutil::ApiReply;
using ::inventory::testutil::ApiTest;
using ::inventory::testutil::Cat;
using ::inventory::testutil::Column;
using ::inventory::testutil::DumpEngine;
using ::inventory::testutil::IsApiError;
using ::inventory::testutil::IsApiOk;
using ::inventory::testutil::Send;
using ::inventory::testutil::Url;
using ::testing::ElementsAre;
using ::testing::MatchesRegex;

// The create request of the reference (Zoho Inventory "Create a location").
constexpr std::string_view kWarehouseB = R"({
  "location_name": "Warehouse B",
  "type": "general",
  "email": "willsmith@bowmanfurniture.com",
  "phone": "+1-925-921-9201",
  "address": {
    "attention": "Will",
    "street_address1": "No:234,90 Church Street",
    "street_address2": "McMillan Avenue",
    "city": "New York City",
    "state": "New York",
    "state_code": "NY",
    "country": "U.S.A",
    "zip": 11364
  },
  "tax_settings_id": "460000000038080",
  "associated_series_ids": ["982000000870911", "982000000870915"],
  "auto_number_generation_id": "982000000870911",
  "is_all_users_selected": false
})";

class LocationsApiTest : public ApiTest {
 protected:
  // Creates a location; returns its location_id.
  std::string Create(std::string_view body) {
    ApiReply r = Inv("POST", "/locations", body);
    EXPECT_THAT(r, IsApiOk(201, "Location has been created."));
    return r.str("/locations/location_id");
  }
  std::string Create(std::string_view name, std::string_view extra) {
    return Create(Cat(R"({"location_name":")", name, R"(")", extra, "}"));
  }
  ApiReply List(std::string_view query = "") {
    ApiReply r = Inv("GET", Cat("/locations", query));
    EXPECT_THAT(r, IsApiOk(200, "success"));
    return r;
  }
  std::vector<std::string> Names(std::string_view query = "") {
    return Column(List(query), "/locations", "location_name");
  }
  std::string PrimaryId() { return List().str("/locations/0/location_id"); }
  std::string State() { return Cat(DumpEngine(api_.Organization("1")), "\n", List().text); }
};

TEST_F(LocationsApiTest, ANewOrganizationHasOnePrimaryLocation) {
  ApiReply r = List();
  ASSERT_TRUE(r.at("/locations").is_array()) << r;
  ASSERT_EQ(r.at("/locations").get_array().size(), 1u) << r;
  EXPECT_THAT(r.str("/locations/0/location_id"), MatchesRegex("[1-9][0-9]*"));
  EXPECT_EQ(r.str("/locations/0/location_name"), "Primary Location");
  EXPECT_EQ(r.at("/locations/0/is_primary"), json::value(true));
  EXPECT_EQ(r.str("/locations/0/status"), "active");
  EXPECT_EQ(r.str("/locations/0/type"), "general");
}

TEST_F(LocationsApiTest, EnablingLocationsChangesNothing) {
  const std::string before = State();
  EXPECT_THAT(Inv("POST", "/settings/locations/enable"),
              IsApiOk(200, "We're enabling locations for your organization."));
  EXPECT_EQ(State(), before);
}

// ---------------------------------------------------------------------------
// Create

TEST_F(LocationsApiTest, CreateAnswersTheLocation) {
  ApiReply r = Inv("POST", "/locations", kWarehouseB);
  ASSERT_THAT(r, IsApiOk(201, "Location has been created."));
  ASSERT_TRUE(r.at("/locations").is_object()) << r;
  std::string id = r.str("/locations/location_id");
  EXPECT_THAT(id, MatchesRegex("[1-9][0-9]*"));
  json::object expected = json::parse(R"({
    "location_name": "Warehouse B",
    "type": "general",
    "email": "willsmith@bowmanfurniture.com",
    "phone": "+1-925-921-9201",
    "address": {"attention": "Will", "street_address1": "No:234,90 Church Street",
                "street_address2": "McMillan Avenue", "city": "New York City", "state": "New York",
                "state_code": "NY", "country": "U.S.A", "zip": "11364"},
    "tax_settings_id": "460000000038080",
    "parent_location_id": "",
    "associated_series_ids": ["982000000870911", "982000000870915"],
    "auto_number_generation_id": "982000000870911",
    "is_all_users_selected": false,
    "associated_users": [],
    "status": "active",
    "is_primary": false
  })").as_object();
  expected["location_id"] = id;
  EXPECT_EQ(r.at("/locations"), json::value(expected));

  EXPECT_THAT(Names(), ElementsAre("Primary Location", "Warehouse B"));
  EXPECT_EQ(List().at("/locations/1"), json::value(expected));
}

TEST_F(LocationsApiTest, RefusedCreatesChangeNothing) {
  Create("Warehouse B", "");
  const std::string before = State();

  ApiReply r = Inv("POST", "/locations", R"({"type":"general"})");
  EXPECT_THAT(r, IsApiError(400, 4001, "location_name"));
  EXPECT_EQ(r.message(), "location_name is required.");
  EXPECT_THAT(Inv("POST", "/locations", R"({"location_name":"   "})"), IsApiError(400, 4001, "location_name"));
  // Names are unique without case or surrounding spaces.
  r = Inv("POST", "/locations", R"({"location_name":" warehouse b "})");
  EXPECT_THAT(r, IsApiError(400, 4003, "location_name"));
  EXPECT_EQ(r.message(), "A location named 'warehouse b' already exists.");
  r = Inv("POST", "/locations", R"({"location_name":"Warehouse C","type":"weird"})");
  EXPECT_THAT(r, IsApiError(400, 4004, "type"));
  EXPECT_EQ(r.message(), "type must be one of: general, line_item_only.");
  EXPECT_THAT(Inv("POST", "/locations", R"({"location_name":"Warehouse C","parent_location_id":"999"})"),
              IsApiError(404, 1002, "parent_location_id"));
  EXPECT_THAT(Inv("POST", "/locations", R"({"location_name":"Warehouse C","address":"Main St"})"),
              IsApiError(400, 4000, "address"));

  EXPECT_EQ(State(), before);
}

// ---------------------------------------------------------------------------
// List and get

TEST_F(LocationsApiTest, ListsThePrimaryFirstThenByName) {
  Create("Zulu", "");
  Create("alpha", R"(,"type":"line_item_only")");
  Create("Midway", "");
  EXPECT_THAT(Names(), ElementsAre("Primary Location", "alpha", "Midway", "Zulu"));
  EXPECT_THAT(Names("?location_type=line_item_only"), ElementsAre("alpha"));
  EXPECT_THAT(Names("?location_type=general"), ElementsAre("Primary Location", "Midway", "Zulu"));
  EXPECT_THAT(Inv("GET", "/locations?location_type=virtual"), IsApiError(400, 4004, "location_type"));
}

TEST_F(LocationsApiTest, GetAnswersTheLocationWithPrimaryAndActiveFlags) {
  std::string id = Create(kWarehouseB);
  ApiReply r = Inv("GET", Cat("/locations/", id));
  ASSERT_THAT(r, IsApiOk(200, "success"));
  EXPECT_EQ(r.str("/location/location_id"), id);
  EXPECT_EQ(r.str("/location/location_name"), "Warehouse B");
  EXPECT_EQ(r.str("/location/address/city"), "New York City");
  EXPECT_EQ(r.at("/location/is_primary_location"), json::value(false));
  EXPECT_EQ(r.at("/location/is_location_active"), json::value(true));

  r = Inv("GET", Cat("/locations/", PrimaryId()));
  EXPECT_EQ(r.at("/location/is_primary_location"), json::value(true));
}

TEST_F(LocationsApiTest, UnknownLocationIs404With1002) {
  const std::string before = State();
  ApiReply r = Inv("GET", "/locations/999");
  EXPECT_THAT(r, IsApiError(404, 1002, "location_id"));
  EXPECT_EQ(r.message(), "Location does not exist. (location_id 999)");
  EXPECT_THAT(Inv("PUT", "/locations/999", R"({"location_name":"X"})"), IsApiError(404, 1002, "location_id"));
  EXPECT_THAT(Inv("DELETE", "/locations/999"), IsApiError(404, 1002, "location_id"));
  EXPECT_THAT(Inv("POST", "/locations/999/active"), IsApiError(404, 1002, "location_id"));
  EXPECT_THAT(Inv("POST", "/locations/999/inactive"), IsApiError(404, 1002, "location_id"));
  EXPECT_THAT(Inv("POST", "/locations/999/markasprimary"), IsApiError(404, 1002, "location_id"));
  EXPECT_THAT(Inv("GET", "/locations/999/users"), IsApiError(404, 1002, "location_id"));
  EXPECT_THAT(Inv("GET", "/locations/main"), IsApiError(400, 4000, "location_id"));
  EXPECT_EQ(State(), before);
}

// ---------------------------------------------------------------------------
// Update

TEST_F(LocationsApiTest, UpdateChangesOnlyTheGivenFields) {
  std::string id = Create(kWarehouseB);
  ApiReply r = Inv("PUT", Cat("/locations/", id),
                   R"({"location_name":"Warehouse C","phone":"+1-925-000-0000","address":{"city":"Boston"}})");
  ASSERT_THAT(r, IsApiOk(200, "Location has been updated."));
  EXPECT_EQ(r.str("/locations/location_id"), id);
  EXPECT_EQ(r.str("/locations/location_name"), "Warehouse C");
  EXPECT_EQ(r.str("/locations/phone"), "+1-925-000-0000");
  EXPECT_EQ(r.str("/locations/email"), "willsmith@bowmanfurniture.com");
  EXPECT_EQ(r.str("/locations/address/city"), "Boston");
  EXPECT_EQ(r.str("/locations/address/state"), "New York");
  EXPECT_EQ(r.at("/locations/is_primary"), json::value(false));
  EXPECT_EQ(r.str("/locations/status"), "active");
  EXPECT_EQ(List().at("/locations/1"), r.at("/locations"));

  // Renaming to its own name in another case is not a clash with itself.
  EXPECT_THAT(Inv("PUT", Cat("/locations/", id), R"({"location_name":"WAREHOUSE C"})"),
              IsApiOk(200, "Location has been updated."));
}

TEST_F(LocationsApiTest, RefusedUpdatesChangeNothing) {
  std::string id = Create("Warehouse B", "");
  const std::string before = State();
  const std::string path = Cat("/locations/", id);

  EXPECT_THAT(Inv("PUT", path, R"({"location_name":""})"), IsApiError(400, 4001, "location_name"));
  EXPECT_THAT(Inv("PUT", path, R"({"location_name":"primary location"})"), IsApiError(400, 4003, "location_name"));
  EXPECT_THAT(Inv("PUT", path, R"({"type":"weird"})"), IsApiError(400, 4004, "type"));
  EXPECT_THAT(Inv("PUT", path, Cat(R"({"parent_location_id":")", id, R"("})")),
              IsApiError(400, 4000, "parent_location_id"));

  EXPECT_EQ(State(), before);
}

// ---------------------------------------------------------------------------
// Primary, active / inactive, delete

TEST_F(LocationsApiTest, MarkAsPrimaryMovesThePrimaryFlag) {
  std::string old_primary = PrimaryId();
  std::string id = Create("Warehouse B", "");
  ASSERT_THAT(Inv("POST", Cat("/locations/", id, "/markasprimary")),
              IsApiOk(200, "The location has been marked as primary."));

  ApiReply r = List();
  EXPECT_THAT(Column(r, "/locations", "location_name"), ElementsAre("Warehouse B", "Primary Location"));
  EXPECT_EQ(r.str("/locations/0/location_id"), id);
  EXPECT_EQ(r.at("/locations/0/is_primary"), json::value(true));
  EXPECT_EQ(r.at("/locations/1/is_primary"), json::value(false));
  EXPECT_EQ(Inv("GET", Cat("/locations/", old_primary)).at("/location/is_primary_location"), json::value(false));
  EXPECT_EQ(Inv("GET", Cat("/locations/", id)).at("/location/is_primary_location"), json::value(true));

  // Now the old primary can be deleted and the new one cannot.
  EXPECT_THAT(Inv("DELETE", Cat("/locations/", id)), IsApiError(400, 4011, "location_id"));
  EXPECT_THAT(Inv("DELETE", Cat("/locations/", old_primary)), IsApiOk(200, "The location has been deleted.."));
}

TEST_F(LocationsApiTest, MarksInactiveAndActive) {
  std::string id = Create("Warehouse B", "");
  ASSERT_THAT(Inv("POST", Cat("/locations/", id, "/inactive")),
              IsApiOk(200, "The location has been marked as inactive."));
  EXPECT_EQ(List().str("/locations/1/status"), "inactive");
  EXPECT_EQ(Inv("GET", Cat("/locations/", id)).at("/location/is_location_active"), json::value(false));

  // An inactive location cannot become the primary.
  std::string before = State();
  ApiReply r = Inv("POST", Cat("/locations/", id, "/markasprimary"));
  EXPECT_THAT(r, IsApiError(400, 4009, "location_id"));
  EXPECT_EQ(r.message(), "An inactive location cannot be the primary location.");
  EXPECT_EQ(State(), before);

  ASSERT_THAT(Inv("POST", Cat("/locations/", id, "/active")),
              IsApiOk(200, "The location has been marked as active."));
  EXPECT_EQ(List().str("/locations/1/status"), "active");
}

TEST_F(LocationsApiTest, ThePrimaryCannotBeDeactivatedOrDeleted) {
  std::string primary = PrimaryId();
  const std::string before = State();

  ApiReply r = Inv("POST", Cat("/locations/", primary, "/inactive"));
  EXPECT_THAT(r, IsApiError(400, 4011, "location_id"));
  EXPECT_EQ(r.message(), "The primary location cannot be marked as inactive.");
  r = Inv("DELETE", Cat("/locations/", primary));
  EXPECT_THAT(r, IsApiError(400, 4011, "location_id"));
  EXPECT_EQ(r.message(), "The primary location cannot be deleted.");

  EXPECT_EQ(State(), before);
  EXPECT_THAT(Names(), ElementsAre("Primary Location"));
}

TEST_F(LocationsApiTest, DeleteRemovesANonPrimaryLocation) {
  std::string id = Create("Warehouse B", "");
  // The reference's message has the double period.
  ASSERT_THAT(Inv("DELETE", Cat("/locations/", id)), IsApiOk(200, "The location has been deleted.."));
  EXPECT_THAT(Names(), ElementsAre("Primary Location"));
  EXPECT_THAT(Inv("GET", Cat("/locations/", id)), IsApiError(404, 1002, "location_id"));
  EXPECT_THAT(Inv("DELETE", Cat("/locations/", id)), IsApiError(404, 1002, "location_id"));
  // The name is free again.
  Create("Warehouse B", "");
}

TEST_F(LocationsApiTest, AParentLocationCannotBeDeleted) {
  std::string parent = Create("Warehouse B", "");
  std::string child = Create("Aisle 1", Cat(R"(,"parent_location_id":")", parent, R"(")"));
  EXPECT_EQ(Inv("GET", Cat("/locations/", child)).str("/location/parent_location_id"), parent);
  const std::string before = State();

  ApiReply r = Inv("DELETE", Cat("/locations/", parent));
  EXPECT_THAT(r, IsApiError(400, 4011, "location_id"));
  EXPECT_EQ(r.message(), "The location is the parent of 'Aisle 1' and cannot be deleted.");
  EXPECT_EQ(State(), before);

  ASSERT_THAT(Inv("DELETE", Cat("/locations/", child)), IsApiOk(200, "The location has been deleted.."));
  EXPECT_THAT(Inv("DELETE", Cat("/locations/", parent)), IsApiOk(200, "The location has been deleted.."));
}

// ---------------------------------------------------------------------------
// Users

TEST_F(LocationsApiTest, ListsTheUsersOfALocation) {
  std::string id = Create("Warehouse B", R"(,"user_ids":["460000000036868","460000000036869"])");
  ApiReply r = Inv("GET", Cat("/locations/", id, "/users"));
  ASSERT_THAT(r, IsApiOk(200, "success"));
  // The reference's location-user shape; the engine knows only the ids.
  EXPECT_EQ(r.at("/users"), json::parse(R"([{"user_id":"460000000036868","name":""},
                                            {"user_id":"460000000036869","name":""}])"));
  EXPECT_EQ(r.at("/page_context/page"), json::value(1));
  EXPECT_EQ(r.at("/page_context/has_more_page"), json::value(false));

  r = Inv("GET", Cat("/locations/", id, "/users?per_page=1&page=2"));
  EXPECT_THAT(Column(r, "/users", "user_id"), ElementsAre("460000000036869"));
  EXPECT_EQ(r.at("/page_context/per_page"), json::value(1));
  r = Inv("GET", Cat("/locations/", id, "/users?per_page=1"));
  EXPECT_EQ(r.at("/page_context/has_more_page"), json::value(true));

  EXPECT_THAT(Column(Inv("GET", Cat("/locations/", id)), "/location/associated_users", "user_id"),
              ElementsAre("460000000036868", "460000000036869"));
  r = Inv("GET", Cat("/locations/", PrimaryId(), "/users"));
  ASSERT_THAT(r, IsApiOk(200, "success"));
  EXPECT_EQ(r.at("/users"), json::array());
}

TEST_F(LocationsApiTest, UserIdsMayBeTheReferencesCommaSeparatedText) {
  // The reference types user_ids as "Comma separated user ids."
  std::string id = Create("Warehouse B", R"(,"user_ids":"460000000036868, 460000000036869")");
  ApiReply r = Inv("GET", Cat("/locations/", id, "/users"));
  ASSERT_THAT(r, IsApiOk(200, "success"));
  EXPECT_THAT(Column(r, "/users", "user_id"), ElementsAre("460000000036868", "460000000036869"));
}

}  // namespace
}  // namespace inventory
