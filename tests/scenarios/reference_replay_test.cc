// Replays the request examples of ../shared/reference/original/ (extracted
// to tests/data/reference/) through the JSON facade, and validates every
// answer against the reference's JSON schema for that operation.
//
// The examples name ids of Zoho's own data (groups, items, locations); each
// scenario first creates the entities they refer to and substitutes the new
// ids, so every example runs as written otherwise.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>

#include <boost/json.hpp>

#include "inventory/json_api.h"
#include "support/json_schema.h"

namespace inventory {
namespace {

namespace json = boost::json;
using ::testing::ElementsAreArray;

const std::string kData = INVENTORY_TEST_DATA_DIR "/reference/";

json::value Example(const std::string& file) {
  auto v = testing::LoadJsonFile(kData + file);
  EXPECT_TRUE(v.ok()) << v.status();
  return v.ok() ? *v : json::value();
}

const testing::JsonSchemaSet& Schema(const std::string& module) { return testing::ReferenceSchema(module); }

// Replaces every id of `ids` (as number or string) by its new value.
void Substitute(json::value& v, const std::map<std::string, std::string>& ids) {
  if (v.is_object()) {
    for (auto& kv : v.get_object()) Substitute(kv.value(), ids);
  } else if (v.is_array()) {
    for (auto& e : v.get_array()) Substitute(e, ids);
  } else if (v.is_int64() || v.is_string()) {
    std::string text = v.is_int64() ? std::to_string(v.get_int64()) : std::string(v.get_string());
    if (auto it = ids.find(text); it != ids.end()) v = it->second;
  }
}

class ReferenceReplayTest : public ::testing::Test {
 protected:
  // Sends a request and parses the answer; checks the status.
  json::value Send(const std::string& method, const std::string& path, const json::value& body,
                   int expected_status, std::vector<std::pair<std::string, std::string>> headers = {}) {
    std::string sep = path.find('?') == std::string::npos ? "?" : "&";
    JsonResponse r = api_.Handle({.method = method,
                                  .path = path + sep + "organization_id=10234695",
                                  .body = body.is_null() ? "" : json::serialize(body),
                                  .headers = std::move(headers)});
    EXPECT_EQ(r.status, expected_status) << method << " " << path << " -> " << r.body;
    boost::system::error_code ec;
    json::value v = json::parse(r.body, ec);
    EXPECT_FALSE(ec) << r.body;
    return v;
  }
  // Checks message and the schema of the answer.
  // `quirks` are schema complaints the reference contradicts itself on (the
  // README lists them); they are expected, exactly.
  void ExpectValid(const json::value& reply, const std::string& module, const std::string& definition,
                   const std::string& message, const std::vector<std::string>& quirks = {}) {
    ASSERT_TRUE(reply.is_object());
    EXPECT_EQ(reply.at("code"), json::value(0));
    EXPECT_EQ(reply.at("message"), json::value(message));
    EXPECT_THAT(testing::Validate(Schema(module), definition, reply), ElementsAreArray(quirks))
        << module << "#" << definition;
  }
  std::string CreateGroup(const std::string& name, const std::string& attribute) {
    json::value g = Send("POST", "/inventory/v1/itemgroups",
                         json::object{{"group_name", name}, {"unit", "qty"}, {"attribute_name1", attribute}}, 201);
    return std::string(g.at("group_id").as_string());
  }
  std::string CreateItem(const std::string& name, const std::string& sku) {
    json::value i = Send("POST", "/inventory/v1/items", json::object{{"name", name}, {"sku", sku}, {"rate", 10}}, 201);
    return std::string(i.at("item").at("item_id").as_string());
  }
  // The organization's primary location (every organization starts with one).
  std::string PrimaryLocation() {
    json::value l = Send("GET", "/inventory/v1/locations", nullptr, 200);
    return std::string(l.at("locations").at(0).at("location_id").as_string());
  }

  JsonApi api_;
};

// The first JSON line after `heading` in a page of ../shared/reference/original/
// (for the examples tests/data/reference/ does not extract: the bundles).
json::value OriginalExample(const std::string& page, const std::string& heading) {
  std::ifstream in(std::string(INVENTORY_REFERENCE_DIR) + "/original/" + page);
  std::string line;
  bool seen = false;
  while (std::getline(in, line)) {
    if (line == heading) seen = true;
    if (seen && line.starts_with("{ ")) return json::parse(line);
  }
  ADD_FAILURE() << "no example after '" << heading << "' in " << page;
  return json::value();
}

TEST_F(ReferenceReplayTest, InventoryItemLifecycle) {
  std::string group = CreateGroup("Bags", "Small");
  std::string primary = PrimaryLocation();
  json::value create = Example("items-zoho-inventory/01_create_an_item_request.json");
  // The example's location is the primary one here.
  Substitute(create, {{"4815000000044220", group}, {"460000000038080", primary}});
  json::value created = Send("POST", "/inventory/v1/items", create, 201);
  ExpectValid(created, "items", "create-an-item-response", "The item has been added.");
  EXPECT_EQ(created.at("item").at("sku"), json::value("SK123"));
  EXPECT_EQ(created.at("item").at("group_id"), json::value(group));
  EXPECT_EQ(created.at("item").at("attribute_option_name1"), json::value("Small"));
  // Its locations[] carry opening stock: 50 at 500 each.
  EXPECT_EQ(created.at("item").at("stock_on_hand"), json::value(50));
  EXPECT_EQ(created.at("item").at("asset_value"), json::value(25000));
  EXPECT_EQ(created.at("item").at("locations").at(0).at("location_stock_on_hand"), json::value("50"));
  std::string id(created.at("item").at("item_id").as_string());

  // The variant opening stock example as written carries serial numbers,
  // batches and bins, which are not supported yet.
  json::value opening = Example("items-zoho-inventory/13_update_variant_opening_stock_request.json");
  json::value refused = Send("PUT", "/inventory/v1/variants/" + id + "/openingstock", opening, 400);
  EXPECT_EQ(refused.at("code"), json::value(4000));
  EXPECT_EQ(refused.at("field"), json::value("serial_numbers"));
  // Without them, and with figures in place of its zeros, it replaces the
  // opening stock.
  json::object& body = opening.as_object();
  body.erase("serial_numbers");
  body.erase("batches");
  json::object& at = body.at("locations").as_array().at(0).as_object();
  at.erase("serial_numbers");
  at.erase("storages");
  at.erase("batches");
  at["location_id"] = primary;
  at["initial_stock"] = 40;
  at["initial_stock_rate"] = 450;
  body.erase("initial_stock");
  body.erase("initial_stock_rate");
  ExpectValid(Send("PUT", "/inventory/v1/variants/" + id + "/openingstock", opening, 200), "items",
              "update-variant-opening-stock-response", "The opening stock has been updated.");
  json::value got = Send("GET", "/inventory/v1/variants/" + id + "/openingstock", nullptr, 200);
  ExpectValid(got, "items", "get-variant-opening-stock-response", "success");
  EXPECT_EQ(got.at("opening_stock").at("locations").at(0).at("initial_stock"), json::value(40));
  EXPECT_EQ(got.at("opening_stock").at("initial_stock_rate"), json::value(450));

  json::value update = Example("items-zoho-inventory/05_update_an_item_request.json");
  Substitute(update, {{"4815000000044220", group}});
  json::value updated = Send("PUT", "/inventory/v1/items/" + id, update, 200);
  ExpectValid(updated, "items", "update-an-item-response", "Item details have been updated");

  ExpectValid(Send("GET", "/inventory/v1/items/" + id, nullptr, 200), "items", "retrieve-an-item-response",
              "success");
  ExpectValid(Send("GET", "/inventory/v1/items", nullptr, 200), "items", "list-all-the-items-response",
              "success");
  ExpectValid(Send("GET", "/inventory/v1/itemdetails?item_ids=" + id, nullptr, 200), "items",
              "bulk-fetch-item-details-response", "success");

  json::value fields = Example("items-zoho-inventory/08_update_custom_field_in_existing_items_request.json");
  ExpectValid(Send("PUT", "/inventory/v1/item/" + id + "/customfields", fields, 200), "items",
              "update-an-item-customfield-response", "Custom Fields Updated Successfully");

  ExpectValid(Send("POST", "/inventory/v1/items/" + id + "/inactive", nullptr, 200), "items",
              "mark-as-inactive-response", "The item has been marked as Inactive.");
  ExpectValid(Send("POST", "/inventory/v1/items/" + id + "/active", nullptr, 200), "items",
              "mark-as-active-response", "The item has been marked as Active.");
  // An item with stock postings cannot be deleted; one without can.
  EXPECT_EQ(Send("DELETE", "/inventory/v1/items/" + id, nullptr, 400).at("code"), json::value(2049));
  ExpectValid(Send("DELETE", "/inventory/v1/items/" + CreateItem("Spare", "SP-1"), nullptr, 200), "items",
              "delete-an-item-response", "The item has been deleted.");
}

TEST_F(ReferenceReplayTest, MoveAndGroupItems) {
  std::string group = CreateGroup("Books", "Title");
  std::string item = CreateItem("Loose", "L-1");
  json::value move = Example("items-zoho-inventory/26_move_an_item_request.json");
  // The example names three attributes; the group has only "Title".
  move.as_object().erase("attribute_name2");
  move.as_object().erase("attribute_option_name2");
  move.as_object().erase("attribute_name3");
  move.as_object().erase("attribute_option_name3");
  Substitute(move, {{"2975552000000525321", group}});
  ExpectValid(Send("PUT", "/inventory/v1/items/move/" + item, move, 200), "items", "move-item-response",
              "The item has been moved.");

  std::string other = CreateItem("Other", "O-1");
  json::value grouping = Example("items-zoho-inventory/27_group_items_request.json");
  // The example names its second and third attribute both "string"; an
  // attribute named twice is refused (see ItemGroupsApiTest), so the third goes.
  grouping.as_object().erase("attribute_name3");
  for (auto& item : grouping.at("items").as_array()) item.as_object().erase("attribute_option_name3");
  Substitute(grouping, {{"2975552000000327090", other}});
  json::value grouped = Send("PUT", "/inventory/v1/items/grouping/999", grouping, 200);
  ExpectValid(grouped, "items", "group-items-response", "The items have been grouped.");
}

TEST_F(ReferenceReplayTest, BooksItemLifecycle) {
  json::value created = Send("POST", "/books/v3/items", Example("items-zoho-books/01_create_an_item_request.json"), 201);
  ExpectValid(created, "items", "create-an-item-response", "The item has been added.");
  std::string id(created.at("item").at("item_id").as_string());
  json::value updated = Send("PUT", "/books/v3/items/" + id, Example("items-zoho-books/04_update_an_item_request.json"), 200);
  ExpectValid(updated, "items", "update-an-item-response", "Item details have been saved.");
  ExpectValid(Send("PUT", "/books/v3/item/" + id + "/customfields",
                   Example("items-zoho-books/07_update_custom_field_in_existing_items_request.json"), 200),
              "items", "update-an-item-customfield-response", "Custom Fields Updated Successfully");
  ExpectValid(Send("POST", "/books/v3/items/" + id + "/inactive", nullptr, 200), "items",
              "mark-as-inactive-response", "The item has been marked as inactive.");
  ExpectValid(Send("POST", "/books/v3/items/" + id + "/active", nullptr, 200), "items", "mark-as-active-response",
              "The item has been marked as active.");

  ExpectValid(Send("DELETE", "/books/v3/items/" + id, nullptr, 200), "items", "delete-an-item-response",
              "The item has been deleted.");

  // Update-or-insert by a unique custom field. The example reuses the SKU of
  // the create example, so it runs after that item is gone.
  std::vector<std::pair<std::string, std::string>> headers = {{"X-Unique-Identifier-Key", "cf_unique_cf"},
                                                              {"X-Unique-Identifier-Value", "unique Value"},
                                                              {"X-Upsert", "true"}};
  json::value upsert = Example("items-zoho-books/02_update_an_item_using_a_custom_fields_unique_value_request.json");
  json::value inserted = Send("PUT", "/books/v3/items", upsert, 201, headers);
  ExpectValid(inserted, "items", "create-an-item-response", "The item has been added.");
  json::value again = Send("PUT", "/books/v3/items", upsert, 200, headers);
  ExpectValid(again, "items", "update-an-item-response", "Item details have been saved.");
  EXPECT_EQ(again.at("item").at("item_id"), inserted.at("item").at("item_id"));
}

TEST_F(ReferenceReplayTest, ItemGroupLifecycle) {
  json::value created = Send("POST", "/inventory/v1/itemgroups",
                             json::parse(R"({"group_name":"Bags","unit":"qty","attribute_name1":"Small",
                               "items":[{"name":"Bags-small","rate":6,"purchase_rate":6,"sku":"SK1234",
                                         "attribute_option_name1":"Small"}]})"),
                             201);
  // itemgroups.json types the response's `attributes`, `options` and `items`
  // as objects, while its own definitions and every example make them arrays.
  ExpectValid(created, "itemgroups", "create-an-item-group-response", "The Item Group has been created.",
              {"/attributes: expected object, got array", "/items: expected object, got array"});
  std::string id(created.at("group_id").as_string());
  json::value update = Example("item-groups-zakya/03_update_an_item_group_request.json");
  ExpectValid(Send("PUT", "/inventory/v1/itemgroups/" + id, update, 200), "itemgroups",
              "update-an-item-group-response", "The Item Group details have been updated.");
  ExpectValid(Send("GET", "/inventory/v1/itemgroups/" + id, nullptr, 200), "itemgroups",
              "retrieve-an-item-group-response", "success",
              {"/attributes: expected object, got array", "/options: expected object, got array",
               "/items: expected object, got array"});
  ExpectValid(Send("GET", "/inventory/v1/itemgroups", nullptr, 200), "itemgroups", "list-all-item-groups-response",
              "success", {"/itemgroups/0/items: expected object, got array"});
  ExpectValid(Send("POST", "/inventory/v1/itemgroups/" + id + "/inactive", nullptr, 200), "itemgroups",
              "mark-as-inactive-response", "The item group and all its items have been marked as inactive.");
  ExpectValid(Send("POST", "/inventory/v1/itemgroups/" + id + "/active", nullptr, 200), "itemgroups",
              "mark-as-active-response",
              "Back to business! The item group and all its items have been marked as active.");
  ExpectValid(Send("DELETE", "/inventory/v1/itemgroups/" + id, nullptr, 200), "itemgroups",
              "delete-an-item-group-response", "Whooooosh! The item group and all its items have been deleted.");
}

TEST_F(ReferenceReplayTest, CompositeItemLifecycle) {
  std::string component = CreateItem("iPhone", "IPH-1");
  std::string primary = PrimaryLocation();
  Send("PUT", "/inventory/v1/variants/" + component + "/openingstock",
       json::object{{"initial_stock", 3}, {"initial_stock_rate", 25000}}, 200);
  json::value create = Example("composite-items-and-bundles/01_creating_a_composite_item_request.json");
  Substitute(create, {{"4815000000044208", component}});
  json::value created = Send("POST", "/inventory/v1/compositeitems", create, 201);
  ExpectValid(created, "compositeitems", "creating-a-composite-item-response", "The item has been added.");
  // The example's opening stock, 2 at 30000: the composite's own.
  EXPECT_EQ(created.at("composite_item").at("stock_on_hand"), json::value(2));
  EXPECT_EQ(created.at("composite_item").at("asset_value"), json::value(60000));
  std::string id(created.at("composite_item").at("composite_item_id").as_string());

  json::value update = Example("composite-items-and-bundles/03_updating_a_composite_item_request.json");
  Substitute(update, {{"4815000000044208", component}, {"504366000000053250", id}});
  ExpectValid(Send("PUT", "/inventory/v1/compositeitems/" + id, update, 200), "compositeitems",
              "updating-a-composite-item-response", "Item details have been saved.");
  ExpectValid(Send("GET", "/inventory/v1/compositeitems/" + id, nullptr, 200), "compositeitems",
              "retrieving-a-composite-item-response", "success");
  ExpectValid(Send("GET", "/inventory/v1/compositeitems", nullptr, 200), "compositeitems",
              "list-all-composite-items-response", "success");
  ExpectValid(Send("POST", "/inventory/v1/compositeitems/" + id + "/inactive", nullptr, 200), "compositeitems",
              "mark-as-inactive-response", "The item has been marked as inactive.");
  ExpectValid(Send("POST", "/inventory/v1/compositeitems/" + id + "/active", nullptr, 200), "compositeitems",
              "mark-as-active-response", "Re-activation complete! The item is back in business!");

  // The bundle example of the same page assembles one of this composite
  // from one iPhone in the example's warehouse (the primary location here).
  json::value bundle = OriginalExample("composite-items-and-bundles.txt", "Create Bundle");
  Substitute(bundle, {{"504366000000053250", id}, {"4815000000044208", component}, {"4815000000000390", primary}});
  json::value made = Send("POST", "/inventory/v1/bundles", bundle, 201);
  ExpectValid(made, "compositeitems", "create-bundle-response", "Bundle has been created.");
  EXPECT_EQ(made.at("status"), json::value("built"));
  EXPECT_EQ(made.at("total"), json::value(25000));
  std::string bundle_id(made.at("bundle_id").as_string());
  json::value composite = Send("GET", "/inventory/v1/compositeitems/" + id, nullptr, 200);
  EXPECT_EQ(composite.at("stock_on_hand"), json::value(3));
  EXPECT_EQ(composite.at("asset_value"), json::value(85000));
  ExpectValid(Send("GET", "/inventory/v1/bundles/" + bundle_id, nullptr, 200), "compositeitems",
              "retrieve-bundle-response", "success");
  ExpectValid(Send("GET", "/inventory/v1/bundles?composite_item_id=" + id, nullptr, 200), "compositeitems",
              "bundling-history-response", "success");
  ExpectValid(Send("DELETE", "/inventory/v1/bundles/" + bundle_id, nullptr, 200), "compositeitems",
              "delete-bundle-response", "The bundle has been deleted.");

  // A composite with stock postings cannot be deleted; one without can.
  EXPECT_EQ(Send("DELETE", "/inventory/v1/compositeitems/" + id, nullptr, 400).at("code"), json::value(2049));
  json::value plain = Send("POST", "/inventory/v1/compositeitems",
                           json::object{{"name", "Plain"}, {"sku", "PL-1"}, {"rate", 1}, {"item_type", "inventory"},
                                        {"product_type", "goods"},
                                        {"mapped_items", json::array{json::object{{"item_id", component}, {"quantity", 1}}}}},
                           201);
  ExpectValid(Send("DELETE",
                   "/inventory/v1/compositeitems/" +
                       std::string(plain.at("composite_item").at("composite_item_id").as_string()),
                   nullptr, 200),
              "compositeitems", "deleting-a-composite-item-response", "The item has been deleted.");
}

TEST_F(ReferenceReplayTest, LocationLifecycle) {
  json::value created = Send("POST", "/inventory/v1/locations",
                             json::parse(R"({"location_name":"Head Office","type":"general","email":"a@b.c",
                               "phone":"+1-925-921-9201","address":{"city":"Pleasanton","state":"CA",
                               "country":"U.S.A","attention":"","state_code":"CA","street_address1":"",
                               "street_address2":""},"tax_settings_id":"460000000038080",
                               "associated_series_ids":["460000000038081"],"is_all_users_selected":true})"),
                             201);
  ExpectValid(created, "locations", "create-a-location-response", "Location has been created.");
  std::string id(created.at("locations").at("location_id").as_string());
  ExpectValid(Send("GET", "/inventory/v1/locations", nullptr, 200), "locations", "list-all-location-response",
              "success");
  ExpectValid(Send("GET", "/inventory/v1/locations/" + id, nullptr, 200), "locations", "get-a-location-response",
              "success");
  ExpectValid(Send("PUT", "/inventory/v1/locations/" + id, json::parse(R"({"location_name":"Head Office 2"})"), 200),
              "locations", "update-location-response", "Location has been updated.");
  ExpectValid(Send("POST", "/inventory/v1/locations/" + id + "/markasprimary", nullptr, 200), "locations",
              "mark-as-primary-response", "The location has been marked as primary.");
  ExpectValid(Send("GET", "/inventory/v1/locations/" + id + "/users", nullptr, 200), "locations",
              "list-users-of-a-location-response", "success");
}

}  // namespace
}  // namespace inventory
