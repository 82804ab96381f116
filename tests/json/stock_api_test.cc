// The stock endpoints of the JSON facade, driven through JsonApi::Handle:
// opening stock on creates and /variants/{id}/openingstock, inventory
// adjustments, transfer orders, bundles and stock history. After each step
// the item's figures are read back through GET /items/{id} and compared
// exactly (stock on hand, available stock and asset value, in total and per
// location); refusals are matched by HTTP status, API code, field and
// message; answers are validated against the reference's JSON schemas; and
// every test ends with Engine::Verify (the ledger adds up to every figure).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <charconv>
#include <map>
#include <string>
#include <string_view>
#include <vector>

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
using ::testing::IsEmpty;

constexpr char kItemInUse[] =
    "Items which are a part of other transactions cannot be deleted. Instead, mark them as inactive";

const testing::JsonSchemaSet& Schema(const std::string& module) { return testing::ReferenceSchema(module); }

// Schema complaints about an answer (empty when it conforms).
std::vector<std::string> Violations(const ApiReply& r, const std::string& module, const std::string& definition) {
  return testing::Validate(Schema(module), definition, r.json);
}

// A value as a person reads it: strings bare, numbers in shortest form
// (Boost would write 32.5 as 3.25E1).
std::string Text(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_double()) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v.get_double());
    return std::string(buf, r.ptr);
  }
  return json::serialize(v);
}

class StockApiTest : public ::inventory::testutil::StockApiFixture {
 protected:
  void SetUp() override {
    StockApiFixture::SetUp();
    tea_ = CreateItem(R"({"name":"Tea","sku":"TEA","rate":6,"purchase_rate":4,"unit":"box"})");
  }
  void SetOpening(const std::string& item, std::string_view body) {
    EXPECT_THAT(Inv("PUT", Cat("/variants/", item, "/openingstock"), body),
                IsApiOk(200, "The opening stock has been updated."));
  }
  // An item's figures as GET /items/{id} answers them, in one line:
  // "total on_hand/available @value | <location> on_hand/available @value"
  // for each location listed, with " +N in transit" where there is any.
  std::string Stock(const std::string& item) {
    ApiReply r = Inv("GET", Cat("/items/", item));
    EXPECT_THAT(r, IsApiOk(200, "success"));
    std::string out = Cat(Text(r.at("/item/stock_on_hand")), "/", Text(r.at("/item/available_stock")), " @",
                          Text(r.at("/item/asset_value")));
    if (Text(r.at("/item/quantity_in_transit")) != "0") Append(out, " +", Text(r.at("/item/quantity_in_transit")));
    const json::value& locations = r.at("/item/locations");
    for (const json::value& l : locations.is_array() ? locations.get_array() : json::array()) {
      const json::object& o = l.get_object();
      Append(out, " | ", Text(o.at("location_name")), " ", Text(o.at("location_stock_on_hand")), "/",
             Text(o.at("location_available_stock")), " @", Text(o.at("location_asset_value")));
      if (Text(o.at("location_quantity_in_transit")) != "0") {
        Append(out, " +", Text(o.at("location_quantity_in_transit")), " in transit");
      }
    }
    return out;
  }
  static void Append(std::string& out, const auto&... parts) { out += Cat(parts...); }
  // An item's stock history (GET /items/{id}/stockhistory`query`), a row a
  // line: "date number location change -> on_hand/available @value_change",
  // with " (reversal)" on the postings that take a document back.
  std::vector<std::string> History(const std::string& item, std::string_view query = "") {
    ApiReply r = Inv("GET", Cat("/items/", item, "/stockhistory", query));
    EXPECT_THAT(r, IsApiOk(200, "success"));
    std::vector<std::string> rows;
    const json::value& list = r.at("/stock_history");
    for (const json::value& row : list.is_array() ? list.get_array() : json::array()) {
      const json::object& o = row.get_object();
      const json::value* reversal = o.if_contains("is_reversal");
      EXPECT_TRUE(reversal != nullptr && reversal->is_bool()) << json::serialize(row);
      rows.push_back(Cat(Text(o.at("date")), " ", Text(o.at("document_number")), " ", Text(o.at("location_name")), " ",
                         Text(o.at("stock_on_hand_change")), " -> ", Text(o.at("stock_on_hand")), "/",
                         Text(o.at("available_stock")), " @", Text(o.at("value_change")),
                         reversal != nullptr && *reversal == json::value(true) ? " (reversal)" : ""));
    }
    return rows;
  }

  // POST /inventoryadjustments of one quantity line: `quantity` of `item`
  // at `location` (the primary location when empty).
  ApiReply AdjustOne(std::string_view date, std::string_view reason, std::string_view number,
                     const std::string& item, int quantity, std::string_view location = "") {
    const std::string at = location.empty() ? "" : Cat(R"(","location_id":")", location);
    return Inv("POST", "/inventoryadjustments",
               Cat(R"({"date":")", date, R"(","reason":")", reason, R"(","reference_number":")", number,
                   R"(","adjustment_type":"quantity","line_items":[{"item_id":")", item, at,
                   R"(","quantity_adjusted":)", quantity, "}]}"));
  }

  std::string tea_;  // opening stock through the fixture's clock is dated 2026-01-02
};

// ---------------------------------------------------------------------------
// Opening stock on create

TEST_F(StockApiTest, ItemCreateTakesOpeningStockAtThePrimaryLocationAndPerLocation) {
  ApiReply r = Inv("POST", "/items",
                   Cat(R"({"name":"Coffee","sku":"COF","rate":9,"purchase_rate":5,"initial_stock":10,)",
                       R"("initial_stock_rate":4.5,"locations":[{"location_id":")", store_,
                       R"(","initial_stock":4}]})"));
  ASSERT_THAT(r, IsApiOk(201, "The item has been added."));
  std::string id = r.str("/item/item_id");
  // The top level is the primary location; a location without a rate takes
  // the purchase rate (4 at 5).
  EXPECT_EQ(Stock(id), "14/14 @65 | Primary Location 10/10 @45 | Store 4/4 @20");
  EXPECT_EQ(r.at("/item/stock_on_hand"), json::value(14));
  EXPECT_EQ(r.at("/item/actual_available_stock"), json::value(14));
  EXPECT_EQ(r.at("/item/committed_stock"), json::value(0));
  EXPECT_EQ(r.at("/item/asset_value"), json::value(65));
  EXPECT_EQ(r.str("/item/locations/0/location_actual_available_stock"), "10");
  EXPECT_THAT(Violations(r, "items", "create-an-item-response"), IsEmpty());

  ApiReply opening = Inv("GET", Cat("/variants/", id, "/openingstock"));
  ASSERT_THAT(opening, IsApiOk(200, "success"));
  EXPECT_EQ(opening.at("/opening_stock/initial_stock"), json::value(10));
  EXPECT_EQ(opening.at("/opening_stock/initial_stock_rate"), json::value(4.5));
  EXPECT_THAT(Column(opening, "/opening_stock/locations", "location_id"), ElementsAre(primary_, store_));
  EXPECT_EQ(opening.at("/opening_stock/locations/1/initial_stock"), json::value(4));
  EXPECT_EQ(opening.at("/opening_stock/locations/1/initial_stock_rate"), json::value(5));
  EXPECT_THAT(Violations(opening, "items", "get-variant-opening-stock-response"), IsEmpty());

  // Dated today by the engine's clock.
  ApiReply history = Inv("GET", Cat("/items/", id, "/stockhistory"));
  EXPECT_THAT(Column(history, "/stock_history", "date"), ElementsAre("2026-01-02", "2026-01-02"));
  EXPECT_THAT(Column(history, "/stock_history", "document_type"), ElementsAre("opening stock", "opening stock"));
}

TEST_F(StockApiTest, BlankOrZeroOpeningStockIsNone) {
  std::string mug = CreateItem(Cat(R"({"name":"Mug","sku":"MUG","initial_stock":" ","initial_stock_rate":" ",)",
                                   R"("locations":[{"location_id":")", store_, R"(","initial_stock":0}]})"));
  EXPECT_EQ(Stock(mug), "0/0 @0 | Primary Location 0/0 @0 | Store 0/0 @0");
  // Nothing was posted, so the item can still be deleted.
  EXPECT_THAT(Inv("DELETE", Cat("/items/", mug)), IsApiOk(200, "The item has been deleted."));
}

TEST_F(StockApiTest, RefusedOpeningStockCreatesNothing) {
  const std::string before = Inv("GET", "/items").text;
  struct Case {
    std::string body;
    int status;
    ApiCode code;
    std::string field;
  };
  const std::vector<Case> cases = {
      // Services and items that do not track inventory have no stock.
      {R"({"name":"Repair","sku":"REP","item_type":"sales","product_type":"service","initial_stock":2})", 400,
       ApiCode::kInvalidValue, "initial_stock"},
      {Cat(R"({"name":"Gift card","sku":"GC","track_inventory":false,"locations":[{"location_id":")", store_,
           R"(","initial_stock":1}]})"),
       400, ApiCode::kInvalidValue, "locations[0].initial_stock"},
      // The primary location given twice with different figures.
      {Cat(R"({"name":"Jam","sku":"JAM","initial_stock":3,"locations":[{"location_id":")", primary_,
           R"(","initial_stock":2}]})"),
       400, ApiCode::kInvalidValue, "locations[0].location_id"},
      {Cat(R"({"name":"Jam","sku":"JAM","locations":[{"location_id":")", store_,
           R"(","initial_stock":1},{"location_id":")", primary_, R"(","initial_stock":-1}]})"),
       400, ApiCode::kInvalidValue, "locations[1].initial_stock"},
      {Cat(R"({"name":"Jam","sku":"JAM","locations":[{"location_id":")", store_,
           R"(","initial_stock":1,"initial_stock_rate":-2}]})"),
       400, ApiCode::kInvalidValue, "locations[0].initial_stock_rate"},
      {R"({"name":"Jam","sku":"JAM","locations":[{"location_id":"999","initial_stock":1}]})", 404,
       ApiCode::kNotFound, "locations[0].location_id"},
      {R"({"name":"Jam","sku":"JAM","locations":[{"initial_stock":1}]})", 400, ApiCode::kMissingField,
       "locations[0].location_id"},
      {R"({"name":"Jam","sku":"JAM","initial_stock":"many"})", 400, ApiCode::kInvalidValue, "initial_stock"},
      {Cat(R"({"name":"Jam","sku":"JAM","locations":[{"location_id":")", store_,
           R"(","initial_stock":1,"batches":[{"batch_number":"B1","quantity":1}]}]})"),
       400, ApiCode::kInvalidValue, "locations[0].batches"},
  };
  for (const Case& c : cases) {
    ApiReply r = Inv("POST", "/items", c.body);
    EXPECT_THAT(r, IsApiError(c.status, c.code, c.field)) << c.body;
  }
  EXPECT_EQ(Inv("POST", "/items", R"({"name":"Repair","sku":"REP","item_type":"sales","product_type":"service",
                                       "initial_stock":2})")
                .message(),
            "The item 'Repair' does not track inventory, so it has no stock to move.");
  EXPECT_EQ(Inv("POST", "/items", Cat(R"({"name":"Jam","sku":"JAM","locations":[{"location_id":")", store_,
                                      R"(","initial_stock":1,"batches":[{"batch_number":"B1","quantity":1}]}]})"))
                .message(),
            "The item 'Jam' does not track batches.");
  // The items refused for their opening stock were not created either.
  EXPECT_EQ(Inv("GET", "/items").text, before);
  CreateItem(R"({"name":"Repair","sku":"REP","item_type":"sales","product_type":"service"})");
}

TEST_F(StockApiTest, GroupCreateGivesEachVariantItsOpeningStock) {
  ApiReply r = Inv("POST", "/itemgroups",
                   Cat(R"({"group_name":"Shirts","unit":"pcs","attribute_name1":"Size","items":[)",
                       R"({"name":"Shirt S","rate":10,"purchase_rate":6,"sku":"SH-S","attribute_option_name1":"S",)",
                       R"("initial_stock":5},)",
                       R"({"name":"Shirt M","rate":10,"purchase_rate":6,"sku":"SH-M","attribute_option_name1":"M",)",
                       R"("locations":[{"location_id":")", store_, R"(","initial_stock":2,"initial_stock_rate":7}]}]})"));
  ASSERT_THAT(r, IsApiOk(201, "The Item Group has been created."));
  EXPECT_EQ(r.at("/items/0/stock_on_hand"), json::value(5));
  EXPECT_EQ(r.at("/items/0/asset_value"), json::value(30));
  EXPECT_EQ(r.at("/items/1/stock_on_hand"), json::value(2));
  EXPECT_EQ(r.str("/items/1/locations/1/location_asset_value"), "14");
  EXPECT_EQ(Stock(r.str("/items/0/item_id")), "5/5 @30 | Primary Location 5/5 @30 | Store 0/0 @0");
  EXPECT_EQ(Stock(r.str("/items/1/item_id")), "2/2 @14 | Primary Location 0/0 @0 | Store 2/2 @14");

  // A refused variant's opening stock refuses the whole group.
  const std::string before = Inv("GET", "/itemgroups").text;
  ApiReply refused = Inv("POST", "/itemgroups",
                         R"({"group_name":"Hats","unit":"pcs","items":[{"name":"Cap","rate":5,"purchase_rate":2,)"
                         R"("sku":"CAP"},{"name":"Beanie","rate":5,"purchase_rate":2,"sku":"BEA","initial_stock":-2}]})");
  EXPECT_THAT(refused, IsApiError(400, ApiCode::kInvalidValue, "items[1].initial_stock"));
  EXPECT_EQ(refused.message(), "initial_stock must be greater than zero.");
  EXPECT_EQ(Inv("GET", "/itemgroups").text, before);
}

TEST_F(StockApiTest, GroupUpdateGivesNewVariantsTheirOpeningStock) {
  ApiReply group = Inv("POST", "/itemgroups",
                       R"({"group_name":"Shirts","unit":"pcs","attribute_name1":"Size","items":[)"
                       R"({"name":"Shirt S","rate":10,"purchase_rate":6,"sku":"SH-S","attribute_option_name1":"S"}]})");
  ASSERT_THAT(group, IsApiOk(201, "The Item Group has been created."));
  std::string small = group.str("/items/0/item_id");
  ApiReply r = Inv("PUT", Cat("/itemgroups/", group.str("/group_id")),
                   Cat(R"({"items":[{"item_id":")", small, R"(","initial_stock":9},)",
                       R"({"name":"Shirt L","rate":10,"purchase_rate":6,"sku":"SH-L","attribute_option_name1":"L",)",
                       R"("initial_stock":4,"initial_stock_rate":5}]})"));
  ASSERT_THAT(r, IsApiOk(200, "The Item Group details have been updated."));
  // The new variant is created with its opening stock; an existing
  // variant's opening stock changes only through /variants/{id}/openingstock.
  EXPECT_EQ(Stock(r.str("/items/1/item_id")), "4/4 @20 | Primary Location 4/4 @20 | Store 0/0 @0");
  EXPECT_EQ(Stock(small), "0/0 @0 | Primary Location 0/0 @0 | Store 0/0 @0");
}

TEST_F(StockApiTest, CompositeOpeningStockLeavesTheComponentsAlone) {
  SetOpening(tea_, R"({"initial_stock":10,"initial_stock_rate":4})");
  ApiReply r = Inv("POST", "/compositeitems",
                   Cat(R"({"name":"Gift Box","sku":"GB","rate":30,"item_type":"inventory","product_type":"goods",)",
                       R"("mapped_items":[{"item_id":")", tea_, R"(","quantity":2}],"initial_stock":3,)",
                       R"("initial_stock_rate":12})"));
  ASSERT_THAT(r, IsApiOk(201, "The item has been added."));
  EXPECT_EQ(r.at("/composite_item/stock_on_hand"), json::value(3));
  EXPECT_EQ(r.at("/composite_item/available_stock"), json::value(3));
  EXPECT_EQ(r.at("/composite_item/asset_value"), json::value(36));
  EXPECT_EQ(r.at("/composite_item/committed_stock"), json::value(0));
  EXPECT_EQ(r.at("/composite_item/available_for_sale_stock"), json::value(3));
  EXPECT_EQ(r.at("/composite_item/mapped_items/0/stock_on_hand"), json::value(10));
  EXPECT_THAT(Violations(r, "compositeitems", "creating-a-composite-item-response"), IsEmpty());
  EXPECT_EQ(Stock(r.str("/composite_item/composite_item_id")), "3/3 @36 | Primary Location 3/3 @36 | Store 0/0 @0");
  EXPECT_EQ(Stock(tea_), "10/10 @40 | Primary Location 10/10 @40 | Store 0/0 @0");
}

// ---------------------------------------------------------------------------
// Variant opening stock

TEST_F(StockApiTest, VariantOpeningStockReplacesAndRefusesWhatWasUsed) {
  ApiReply put = Inv("PUT", Cat("/variants/", tea_, "/openingstock"),
                     R"({"initial_stock":10,"initial_stock_rate":4,"serial_numbers":[],"batches":[]})");
  EXPECT_THAT(put, IsApiOk(200, "The opening stock has been updated."));
  EXPECT_THAT(Violations(put, "items", "update-variant-opening-stock-response"), IsEmpty());
  EXPECT_EQ(Stock(tea_), "10/10 @40 | Primary Location 10/10 @40 | Store 0/0 @0");

  // PUT replaces the whole opening stock.
  SetOpening(tea_, Cat(R"({"locations":[{"location_id":")", store_, R"(","initial_stock":6,"initial_stock_rate":5}]})"));
  EXPECT_EQ(Stock(tea_), "6/6 @30 | Primary Location 0/0 @0 | Store 6/6 @30");
  ApiReply got = Inv("GET", Cat("/variants/", tea_, "/openingstock"));
  EXPECT_EQ(got.at("/opening_stock/initial_stock"), json::value(0));
  EXPECT_THAT(Column(got, "/opening_stock/locations", "location_name"), ElementsAre("Store"));
  EXPECT_THAT(Violations(got, "items", "get-variant-opening-stock-response"), IsEmpty());

  // Four of the six leave the store; the opening stock can no longer drop
  // below what is left of it.
  ASSERT_THAT(Inv("POST", "/inventoryadjustments",
                  Cat(R"({"date":"2026-01-05","reason":"Sold","adjustment_type":"quantity","line_items":[)",
                      R"({"item_id":")", tea_, R"(","location_id":")", store_, R"(","quantity_adjusted":-4}]})")),
              IsApiOk(201, "Inventory Adjustment has been added"));
  ApiReply less = Inv("PUT", Cat("/variants/", tea_, "/openingstock"),
                      Cat(R"({"locations":[{"location_id":")", store_, R"(","initial_stock":3}]})"));
  EXPECT_THAT(less, IsApiError(400, ApiCode::kInsufficientStock, "locations[0].initial_stock"));
  EXPECT_EQ(less.message(), "Insufficient stock of 'Tea' at 'Store': requested 3, available 2.");
  EXPECT_THAT(Inv("PUT", Cat("/variants/", tea_, "/openingstock"), "{}"),
              IsApiError(400, ApiCode::kInsufficientStock, "initial_stock"));
  EXPECT_EQ(Stock(tea_), "2/2 @10 | Primary Location 0/0 @0 | Store 2/2 @10");
  // Raising it is fine (8 at 5, 4 of them gone).
  SetOpening(tea_, Cat(R"({"locations":[{"location_id":")", store_, R"(","initial_stock":8,"initial_stock_rate":5}]})"));
  EXPECT_EQ(Stock(tea_), "4/4 @20 | Primary Location 0/0 @0 | Store 4/4 @20");
}

TEST_F(StockApiTest, VariantOpeningStockRefusesTrackingDataAndUnknownItems) {
  const std::string path = Cat("/variants/", tea_, "/openingstock");
  EXPECT_THAT(Inv("PUT", path, R"({"initial_stock":1,"serial_numbers":["SN1"]})"),
              IsApiError(400, ApiCode::kInvalidValue, "serial_numbers"));
  EXPECT_THAT(Inv("PUT", path, R"({"batches":[{"batch_number":"B1","quantity":1}]})"),
              IsApiError(400, ApiCode::kInvalidValue, "batches"));
  EXPECT_THAT(Inv("PUT", path,
                  Cat(R"({"locations":[{"location_id":")", store_,
                      R"(","initial_stock":1,"storages":[{"storage_location_id":"7","quantity":1}]}]})")),
              IsApiError(400, ApiCode::kInvalidValue, "locations[0].storages"));
  EXPECT_THAT(Inv("PUT", "/variants/999/openingstock", R"({"initial_stock":1})"),
              IsApiError(404, ApiCode::kItemNotFound, "item_id"));
  EXPECT_THAT(Inv("GET", "/variants/999/openingstock"), IsApiError(404, ApiCode::kItemNotFound, "item_id"));
  EXPECT_EQ(Stock(tea_), "0/0 @0 | Primary Location 0/0 @0 | Store 0/0 @0");
}

// ---------------------------------------------------------------------------
// Inventory adjustments

TEST_F(StockApiTest, QuantityAdjustmentMovesStockAndItsValue) {
  SetOpening(tea_, R"({"initial_stock":10,"initial_stock_rate":4})");
  ApiReply made = Inv("POST", "/inventoryadjustments",
                      Cat(R"({"date":"2026-01-05","reason":"Stocktake","reference_number":"ADJ-1",)",
                          R"("description":"Count","adjustment_type":"quantity","location_id":")", store_,
                          R"(","line_items":[{"item_id":")", tea_,
                          R"(","quantity_adjusted":5,"item_total":30,"adjustment_account_id":"77",)",
                          R"("adjustment_account_name":"Cost of Goods Sold"},{"item_id":")", tea_,
                          R"(","location_id":")", primary_, R"(","quantity_adjusted":-2}]})"));
  ASSERT_THAT(made, IsApiOk(201, "Inventory Adjustment has been added"));
  EXPECT_THAT(Violations(made, "inventoryadjustments", "create-an-inventory-adjustment-response"), IsEmpty());
  std::string id = made.str("/inventory_adjustment/inventory_adjustment_id");
  EXPECT_EQ(made.str("/inventory_adjustment/date"), "2026-01-05");
  EXPECT_EQ(made.str("/inventory_adjustment/reason"), "Stocktake");
  EXPECT_EQ(made.str("/inventory_adjustment/reference_number"), "ADJ-1");
  EXPECT_EQ(made.str("/inventory_adjustment/adjustment_type"), "quantity");
  EXPECT_EQ(made.str("/inventory_adjustment/location_name"), "Store");
  // Five added at the store for 30; two taken from the primary location at
  // their cost (4 each).
  EXPECT_THAT(Column(made, "/inventory_adjustment/line_items", "location_id"), ElementsAre(store_, primary_));
  EXPECT_EQ(made.at("/inventory_adjustment/line_items/0/item_total"), json::value(30));
  EXPECT_EQ(made.at("/inventory_adjustment/line_items/1/item_total"), json::value(-8));
  EXPECT_EQ(made.str("/inventory_adjustment/line_items/0/adjustment_account_name"), "Cost of Goods Sold");
  EXPECT_EQ(made.str("/inventory_adjustment/line_items/0/unit"), "box");
  EXPECT_EQ(made.at("/inventory_adjustment/total"), json::value(22));
  EXPECT_EQ(Stock(tea_), "13/13 @62 | Primary Location 8/8 @32 | Store 5/5 @30");

  ApiReply got = Inv("GET", Cat("/inventoryadjustments/", id));
  ASSERT_THAT(got, IsApiOk(200, "success"));
  EXPECT_EQ(got.at("/inventory_adjustment"), made.at("/inventory_adjustment"));
  EXPECT_THAT(Violations(got, "inventoryadjustments", "retrieve-an-inventory-adjustment-response"), IsEmpty());
  ApiReply list = Inv("GET", "/inventoryadjustments");
  ASSERT_THAT(list, IsApiOk(200, "success"));
  EXPECT_THAT(Column(list, "/inventory_adjustments", "inventory_adjustment_id"), ElementsAre(id));
  EXPECT_EQ(list.at("/inventory_adjustments/0/total"), json::value(22));
  EXPECT_FALSE(list.has("/inventory_adjustments/0/line_items"));
  EXPECT_THAT(Violations(list, "inventoryadjustments", "list-all-the-inventory-adjustments-response"), IsEmpty());

  // An update merges: new lines, the rest kept. Three at the store, valued
  // at the purchase rate.
  ApiReply updated = Inv("PUT", Cat("/inventoryadjustments/", id),
                         Cat(R"({"line_items":[{"item_id":")", tea_, R"(","quantity_adjusted":3}]})"));
  ASSERT_THAT(updated, IsApiOk(200, "success"));
  EXPECT_THAT(Violations(updated, "inventoryadjustments", "update-an-inventory-adjustment-response"), IsEmpty());
  EXPECT_EQ(updated.str("/inventory_adjustment/reason"), "Stocktake");
  EXPECT_EQ(updated.at("/inventory_adjustment/total"), json::value(12));
  EXPECT_EQ(Stock(tea_), "13/13 @52 | Primary Location 10/10 @40 | Store 3/3 @12");

  ApiReply deleted = Inv("DELETE", Cat("/inventoryadjustments/", id));
  EXPECT_THAT(deleted, IsApiOk(200, "Inventory Adjustment(s) has been deleted"));
  EXPECT_THAT(Violations(deleted, "inventoryadjustments", "delete-an-inventory-adjustment-response"), IsEmpty());
  EXPECT_EQ(Stock(tea_), "10/10 @40 | Primary Location 10/10 @40 | Store 0/0 @0");
  EXPECT_THAT(Inv("GET", Cat("/inventoryadjustments/", id)),
              IsApiError(404, ApiCode::kNotFound, "inventory_adjustment_id"));
  EXPECT_THAT(Inv("DELETE", Cat("/inventoryadjustments/", id)),
              IsApiError(404, ApiCode::kNotFound, "inventory_adjustment_id"));
}

TEST_F(StockApiTest, ValueAdjustmentChangesValueOnly) {
  SetOpening(tea_, R"({"initial_stock":10,"initial_stock_rate":4})");
  ApiReply made = Inv("POST", "/inventoryadjustments",
                      Cat(R"({"date":"2026-01-06","reason":"Revaluation","adjustment_type":"value",)",
                          R"("line_items":[{"item_id":")", tea_, R"(","item_total":-10}]})"));
  ASSERT_THAT(made, IsApiOk(201, "Inventory Adjustment has been added"));
  EXPECT_EQ(made.at("/inventory_adjustment/line_items/0/item_total"), json::value(-10));
  EXPECT_EQ(made.at("/inventory_adjustment/line_items/0/quantity_adjusted"), json::value(0));
  EXPECT_EQ(made.at("/inventory_adjustment/total"), json::value(-10));
  // The schema lists only "quantity" for adjustment_type, though its own
  // description allows "value".
  EXPECT_THAT(Violations(made, "inventoryadjustments", "create-an-inventory-adjustment-response"),
              ElementsAre(R"(/inventory_adjustment/adjustment_type: "value" is not one of ["quantity"])"));
  EXPECT_EQ(Stock(tea_), "10/10 @30 | Primary Location 10/10 @30 | Store 0/0 @0");

  // value_adjusted is read where item_total is absent.
  ASSERT_THAT(Inv("POST", "/inventoryadjustments",
                  Cat(R"({"date":"2026-01-07","reason":"Revaluation","adjustment_type":"value",)",
                      R"("line_items":[{"item_id":")", tea_, R"(","value_adjusted":2.5}]})")),
              IsApiOk(201, "Inventory Adjustment has been added"));
  EXPECT_EQ(Stock(tea_), "10/10 @32.5 | Primary Location 10/10 @32.5 | Store 0/0 @0");

  const std::string line = Cat(R"({"date":"2026-01-07","reason":"R","adjustment_type":"value","line_items":[{"item_id":")",
                               tea_, "\"");
  EXPECT_THAT(Inv("POST", "/inventoryadjustments", Cat(line, R"(,"item_total":1,"quantity_adjusted":1}]})")),
              IsApiError(400, ApiCode::kInvalidValue, "line_items[0].quantity_adjusted"));
  EXPECT_THAT(Inv("POST", "/inventoryadjustments", Cat(line, "}]}")),
              IsApiError(400, ApiCode::kMissingField, "line_items[0].item_total"));
  // There is no stock at the store to revalue.
  EXPECT_THAT(Inv("POST", "/inventoryadjustments", Cat(line, R"(,"item_total":1,"location_id":")", store_, "\"}]}")),
              IsApiError(400, ApiCode::kConflict, "line_items[0].item_total"));
  EXPECT_EQ(Stock(tea_), "10/10 @32.5 | Primary Location 10/10 @32.5 | Store 0/0 @0");
}

TEST_F(StockApiTest, RefusedAdjustmentsChangeNothing) {
  SetOpening(tea_, R"({"initial_stock":10,"initial_stock_rate":4})");
  std::string service = CreateItem(R"({"name":"Repair","sku":"REP","item_type":"sales","product_type":"service"})");
  const std::string figures = Stock(tea_);
  auto body = [&](std::string_view header, std::string_view line) {
    return Cat("{", header, R"("line_items":[{"item_id":")", tea_, "\"", line, "}]}");
  };
  const std::string ok_header = R"("date":"2026-01-05","reason":"Loss","adjustment_type":"quantity",)";

  ApiReply shortage = Inv("POST", "/inventoryadjustments",
                          body(ok_header, Cat(R"(,"location_id":")", store_, R"(","quantity_adjusted":-5)")));
  EXPECT_THAT(shortage, IsApiError(400, ApiCode::kInsufficientStock, "line_items[0].quantity_adjusted"));
  EXPECT_EQ(shortage.message(), "Insufficient stock of 'Tea' at 'Store': requested 5, available 0.");

  struct Case {
    std::string body;
    int status;
    ApiCode code;
    std::string field;
  };
  const std::vector<Case> cases = {
      {body(R"("date":"2026-01-05","adjustment_type":"quantity",)", R"(,"quantity_adjusted":1)"), 400,
       ApiCode::kMissingField, "reason"},
      {body(R"("reason":"R","adjustment_type":"quantity",)", R"(,"quantity_adjusted":1)"), 400,
       ApiCode::kMissingField, "date"},
      {body(R"("date":"05/01/2026","reason":"R","adjustment_type":"quantity",)", R"(,"quantity_adjusted":1)"), 400,
       ApiCode::kInvalidValue, "date"},
      {body(R"("date":"2026-02-30","reason":"R","adjustment_type":"quantity",)", R"(,"quantity_adjusted":1)"), 400,
       ApiCode::kInvalidValue, "date"},
      {body(R"("date":"2026-01-05","reason":"R",)", R"(,"quantity_adjusted":1)"), 400, ApiCode::kMissingField,
       "adjustment_type"},
      {body(R"("date":"2026-01-05","reason":"R","adjustment_type":"count",)", R"(,"quantity_adjusted":1)"), 400,
       ApiCode::kBadEnum, "adjustment_type"},
      {R"({"date":"2026-01-05","reason":"R","adjustment_type":"quantity"})", 400, ApiCode::kMissingField,
       "line_items"},
      {body(ok_header, ""), 400, ApiCode::kMissingField, "line_items[0].quantity_adjusted"},
      {body(ok_header, R"(,"quantity_adjusted":0)"), 400, ApiCode::kInvalidValue, "line_items[0].quantity_adjusted"},
      {body(ok_header, R"(,"quantity_adjusted":1,"location_id":"999")"), 404, ApiCode::kNotFound,
       "line_items[0].location_id"},
      {body(ok_header, R"(,"quantity_adjusted":1,"batches":[{"batch_id":"1","out_quantity":1}])"), 400,
       ApiCode::kInvalidValue, "line_items[0].batches"},
      {R"({"date":"2026-01-05","reason":"R","adjustment_type":"quantity","line_items":[{"item_id":"999","quantity_adjusted":1}]})",
       404, ApiCode::kItemNotFound, "line_items[0].item_id"},
      {Cat(R"({"date":"2026-01-05","reason":"R","adjustment_type":"quantity","line_items":[{"item_id":")", service,
           R"(","quantity_adjusted":1}]})"),
       400, ApiCode::kInvalidValue, "line_items[0].item_id"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(Inv("POST", "/inventoryadjustments", c.body), IsApiError(c.status, c.code, c.field)) << c.body;
  }
  EXPECT_EQ(Stock(tea_), figures);
  EXPECT_THAT(Inv("GET", "/inventoryadjustments").at("/inventory_adjustments"), json::value(json::array()));

  // Stock an adjustment added and that has since left cannot be taken back.
  ApiReply added = Inv("POST", "/inventoryadjustments",
                       body(ok_header, Cat(R"(,"location_id":")", store_, R"(","quantity_adjusted":5)")));
  ASSERT_THAT(added, IsApiOk(201, "Inventory Adjustment has been added"));
  ASSERT_THAT(Inv("POST", "/inventoryadjustments",
                  body(ok_header, Cat(R"(,"location_id":")", store_, R"(","quantity_adjusted":-4)"))),
              IsApiOk(201, "Inventory Adjustment has been added"));
  const std::string after = Stock(tea_);
  std::string id = added.str("/inventory_adjustment/inventory_adjustment_id");
  ApiReply undo = Inv("DELETE", Cat("/inventoryadjustments/", id));
  EXPECT_THAT(undo, IsApiError(400, ApiCode::kInsufficientStock, "line_items[0].quantity_adjusted"));
  EXPECT_EQ(undo.message(), "Insufficient stock of 'Tea' at 'Store': requested 5, available 1.");
  EXPECT_THAT(Inv("PUT", Cat("/inventoryadjustments/", id), body("", R"(,"quantity_adjusted":2)")),
              IsApiError(400, ApiCode::kInsufficientStock, "line_items"));
  EXPECT_THAT(Inv("PUT", Cat("/inventoryadjustments/", id), R"({"reason":" "})"),
              IsApiError(400, ApiCode::kMissingField, "reason"));
  EXPECT_EQ(Stock(tea_), after);
}

// ---------------------------------------------------------------------------
// Transfer orders

TEST_F(StockApiTest, TransferOrderMovesStockAtItsCost) {
  SetOpening(tea_, R"({"initial_stock":10,"initial_stock_rate":4})");
  ApiReply made = Inv("POST", "/transferorders",
                      Cat(R"({"transfer_order_number":"TO-1","date":"2026-01-04","description":"Restock",)",
                          R"("from_location_id":")", primary_, R"(","to_location_id":")", store_,
                          R"(","line_items":[{"item_id":")", tea_, R"(","name":"Tea","quantity_transfer":6}]})"));
  ASSERT_THAT(made, IsApiOk(201, "Transfer Order added successfully."));
  EXPECT_THAT(Violations(made, "transferorders", "create-a-transfer-order-response"), IsEmpty());
  std::string id = made.str("/transfer_order/transfer_order_id");
  EXPECT_EQ(made.str("/transfer_order/status"), "transferred");
  EXPECT_EQ(made.at("/transfer_order/is_intransit_order"), json::value(false));
  EXPECT_EQ(made.str("/transfer_order/from_location_name"), "Primary Location");
  EXPECT_EQ(made.str("/transfer_order/to_location_name"), "Store");
  EXPECT_EQ(made.str("/transfer_order/line_items/0/unit"), "box");
  EXPECT_EQ(Stock(tea_), "10/10 @40 | Primary Location 4/4 @16 | Store 6/6 @24");

  ApiReply got = Inv("GET", Cat("/transferorders/", id));
  ASSERT_THAT(got, IsApiOk(200, "success"));
  EXPECT_EQ(got.at("/transfer_order"), made.at("/transfer_order"));
  EXPECT_THAT(Violations(got, "transferorders", "retrieve-a-transfer-order-response"), IsEmpty());

  // An update re-posts the order: three instead of six.
  ApiReply updated = Inv("PUT", Cat("/transferorders/", id),
                         Cat(R"({"line_items":[{"item_id":")", tea_, R"(","name":"Tea","quantity_transfer":3}]})"));
  ASSERT_THAT(updated, IsApiOk(200, "success"));
  EXPECT_THAT(Violations(updated, "transferorders", "update-a-transfer-order-response"), IsEmpty());
  EXPECT_EQ(updated.str("/transfer_order/transfer_order_number"), "TO-1");
  EXPECT_EQ(updated.str("/transfer_order/description"), "Restock");
  EXPECT_EQ(Stock(tea_), "10/10 @40 | Primary Location 7/7 @28 | Store 3/3 @12");

  ApiReply deleted = Inv("DELETE", Cat("/transferorders/", id));
  EXPECT_THAT(deleted, IsApiOk(200, "Transfer Order(s) has been deleted."));
  EXPECT_THAT(Violations(deleted, "transferorders", "delete-a-transfer-order-response"), IsEmpty());
  EXPECT_EQ(Stock(tea_), "10/10 @40 | Primary Location 10/10 @40 | Store 0/0 @0");
  EXPECT_THAT(Inv("GET", Cat("/transferorders/", id)), IsApiError(404, ApiCode::kNotFound, "transfer_order_id"));
}

TEST_F(StockApiTest, TransferInTransitThenTransferred) {
  SetOpening(tea_, R"({"initial_stock":10,"initial_stock_rate":4})");
  // Warehouse ids are read as location ids.
  ApiReply made = Inv("POST", "/transferorders",
                      Cat(R"({"transfer_order_number":"TO-2","date":"2026-01-05","from_warehouse_id":")", primary_,
                          R"(","to_warehouse_id":")", store_, R"(","is_intransit_order":true,)",
                          R"("line_items":[{"item_id":")", tea_, R"(","name":"Tea","quantity_transfer":2}]})"));
  ASSERT_THAT(made, IsApiOk(201, "Transfer Order added successfully."));
  std::string id = made.str("/transfer_order/transfer_order_id");
  EXPECT_EQ(made.str("/transfer_order/status"), "in_transit");
  EXPECT_EQ(made.at("/transfer_order/is_intransit_order"), json::value(true));
  EXPECT_EQ(made.str("/transfer_order/from_location_id"), primary_);
  // Out of the source; at the destination only in transit, carrying no value.
  EXPECT_EQ(Stock(tea_), "8/8 @32 +2 | Primary Location 8/8 @32 | Store 0/0 @0 +2 in transit");

  ApiReply list = Inv("GET", "/transferorders?status=in_transit");
  ASSERT_THAT(list, IsApiOk(200, "success"));
  EXPECT_THAT(Column(list, "/transfer_orders", "transfer_order_id"), ElementsAre(id));
  EXPECT_THAT(Violations(list, "transferorders", "list-all-the-transfer-orders-response"), IsEmpty());
  EXPECT_THAT(Column(Inv("GET", "/transferorders?status=transferred"), "/transfer_orders", "transfer_order_id"),
              IsEmpty());

  ApiReply landed = Inv("POST", Cat("/transferorders/", id, "/markastransferred?date=2026-01-07"));
  EXPECT_THAT(landed, IsApiOk(200, "The status of the Transfer Order has been updated."));
  EXPECT_THAT(Violations(landed, "transferorders", "mark-as-received-response"), IsEmpty());
  EXPECT_EQ(Stock(tea_), "10/10 @40 | Primary Location 8/8 @32 | Store 2/2 @8");
  EXPECT_EQ(Inv("GET", Cat("/transferorders/", id)).str("/transfer_order/status"), "transferred");

  ApiReply again = Inv("POST", Cat("/transferorders/", id, "/markastransferred"));
  EXPECT_THAT(again, IsApiError(400, ApiCode::kConflict, "status"));
  EXPECT_EQ(again.message(), "The transfer order has already been transferred.");
  EXPECT_THAT(Inv("POST", Cat("/transferorders/", id, "/markastransferred?date=7.1.2026")),
              IsApiError(400, ApiCode::kInvalidValue, "date"));
}

TEST_F(StockApiTest, DraftTransferMovesNothingUntilInTransit) {
  SetOpening(tea_, R"({"initial_stock":10,"initial_stock_rate":4})");
  ApiReply made = Inv("POST", "/transferorders",
                      Cat(R"({"transfer_order_number":"TO-3","date":"2026-01-05","status":"draft","from_location_id":")",
                          primary_, R"(","to_location_id":")", store_,
                          R"(","line_items":[{"item_id":")", tea_, R"(","name":"Tea","quantity_transfer":1}]})"));
  ASSERT_THAT(made, IsApiOk(201, "Transfer Order added successfully."));
  std::string id = made.str("/transfer_order/transfer_order_id");
  EXPECT_EQ(made.str("/transfer_order/status"), "draft");
  EXPECT_EQ(Stock(tea_), "10/10 @40 | Primary Location 10/10 @40 | Store 0/0 @0");

  ApiReply moving = Inv("POST", Cat("/transferorders/", id, "/intransit"));
  EXPECT_THAT(moving, IsApiOk(200, "success"));
  EXPECT_THAT(Violations(moving, "transferorders", "mark-in-transit-response"), IsEmpty());
  EXPECT_EQ(Stock(tea_), "9/9 @36 +1 | Primary Location 9/9 @36 | Store 0/0 @0 +1 in transit");
  ApiReply again = Inv("POST", Cat("/transferorders/", id, "/intransit"));
  EXPECT_THAT(again, IsApiError(400, ApiCode::kConflict, "status"));
  EXPECT_EQ(again.message(), "The transfer order is already in transit.");

  // Deleting an order in transit takes the stock back to the source.
  EXPECT_THAT(Inv("DELETE", Cat("/transferorders/", id)), IsApiOk(200, "Transfer Order(s) has been deleted."));
  EXPECT_EQ(Stock(tea_), "10/10 @40 | Primary Location 10/10 @40 | Store 0/0 @0");
}

TEST_F(StockApiTest, BulkDeleteOfTransferOrdersIsAllOrNothing) {
  SetOpening(tea_, R"({"initial_stock":10,"initial_stock_rate":4})");
  std::vector<std::string> ids;
  for (std::string_view number : {"TO-1", "TO-2"}) {
    ApiReply r = Inv("POST", "/transferorders",
                     Cat(R"({"transfer_order_number":")", number, R"(","date":"2026-01-05","from_location_id":")",
                         primary_, R"(","to_location_id":")", store_, R"(","line_items":[{"item_id":")", tea_,
                         R"(","name":"Tea","quantity_transfer":2}]})"));
    ASSERT_THAT(r, IsApiOk(201, "Transfer Order added successfully."));
    ids.push_back(r.str("/transfer_order/transfer_order_id"));
  }
  EXPECT_EQ(Stock(tea_), "10/10 @40 | Primary Location 6/6 @24 | Store 4/4 @16");
  EXPECT_THAT(Inv("DELETE", Cat("/transferorders?transfer_order_ids=", ids[0], ",999")),
              IsApiError(404, ApiCode::kNotFound, "transfer_order_id"));
  EXPECT_EQ(Stock(tea_), "10/10 @40 | Primary Location 6/6 @24 | Store 4/4 @16");
  ApiReply both = Inv("DELETE", Cat("/transferorders?transfer_order_ids=", ids[0], ",", ids[1]));
  EXPECT_THAT(both, IsApiOk(200, "Transfer Order(s) has been deleted."));
  EXPECT_THAT(Violations(both, "transferorders", "bulk-delete-transfer-orders-response"), IsEmpty());
  EXPECT_EQ(Stock(tea_), "10/10 @40 | Primary Location 10/10 @40 | Store 0/0 @0");
}

TEST_F(StockApiTest, RefusedTransfersChangeNothing) {
  SetOpening(tea_, R"({"initial_stock":10,"initial_stock_rate":4})");
  ASSERT_THAT(Inv("POST", "/transferorders",
                  Cat(R"({"transfer_order_number":"TO-1","date":"2026-01-05","from_location_id":")", primary_,
                      R"(","to_location_id":")", store_, R"(","line_items":[{"item_id":")", tea_,
                      R"(","name":"Tea","quantity_transfer":1}]})")),
              IsApiOk(201, "Transfer Order added successfully."));
  const std::string figures = Stock(tea_);
  auto body = [&](std::string_view number, std::string_view from, std::string_view to, std::string_view line,
                  std::string_view extra = "") {
    return Cat(R"({"transfer_order_number":")", number, R"(","date":"2026-01-05",)", from, to, extra,
               R"("line_items":[{"item_id":")", tea_, "\"", line, "}]}");
  };
  const std::string from = Cat(R"("from_location_id":")", primary_, "\",");
  const std::string to = Cat(R"("to_location_id":")", store_, "\",");
  const std::string ok_line = R"(,"name":"Tea","quantity_transfer":1)";

  ApiReply shortage = Inv("POST", "/transferorders", body("TO-2", from, to, R"(,"name":"Tea","quantity_transfer":50)"));
  EXPECT_THAT(shortage, IsApiError(400, ApiCode::kInsufficientStock, "line_items[0].quantity_transfer"));
  EXPECT_EQ(shortage.message(), "Insufficient stock of 'Tea' at 'Primary Location': requested 50, available 9.");

  struct Case {
    std::string body;
    int status;
    ApiCode code;
    std::string field;
  };
  const std::vector<Case> cases = {
      {body("TO-2", from, Cat(R"("to_location_id":")", primary_, "\","), ok_line), 400, ApiCode::kInvalidValue,
       "to_location_id"},
      {body("TO-1", from, to, ok_line), 400, ApiCode::kDuplicate, "transfer_order_number"},
      {body(" ", from, to, ok_line), 400, ApiCode::kMissingField, "transfer_order_number"},
      {body("TO-2", "", to, ok_line), 400, ApiCode::kMissingField, "from_location_id"},
      {body("TO-2", from, R"("to_warehouse_id":"999",)", ok_line), 404, ApiCode::kNotFound, "to_warehouse_id"},
      {body("TO-2", from, to, R"(,"quantity_transfer":1)"), 400, ApiCode::kMissingField, "line_items[0].name"},
      {body("TO-2", from, to, R"(,"name":"Tea","quantity_transfer":0)"), 400, ApiCode::kInvalidValue,
       "line_items[0].quantity_transfer"},
      {body("TO-2", from, to, Cat(ok_line, R"(,"serial_numbers":["S1"])")), 400, ApiCode::kInvalidValue,
       "line_items[0].serial_numbers"},
      {body("TO-2", from, to, ok_line, R"("status":"shipped",)"), 400, ApiCode::kBadEnum, "status"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(Inv("POST", "/transferorders", c.body), IsApiError(c.status, c.code, c.field)) << c.body;
  }
  EXPECT_THAT(Column(Inv("GET", "/transferorders"), "/transfer_orders", "transfer_order_number"), ElementsAre("TO-1"));
  EXPECT_EQ(Stock(tea_), figures);
}

// ---------------------------------------------------------------------------
// Bundles

class BundleApiTest : public StockApiTest {
 protected:
  void SetUp() override {
    StockApiTest::SetUp();
    SetOpening(tea_, R"({"initial_stock":10,"initial_stock_rate":4})");
    cup_ = CreateItem(Cat(R"({"name":"Cup","sku":"CUP","rate":3,"purchase_rate":2,"locations":[{"location_id":")",
                          store_, R"(","initial_stock":6}]})"));
    wrap_ = CreateItem(R"({"name":"Wrapping","sku":"WRAP","rate":1,"item_type":"sales","product_type":"service"})");
    ApiReply box = Inv("POST", "/compositeitems",
                       Cat(R"({"name":"Gift Box","sku":"GB","rate":30,"item_type":"inventory","product_type":"goods",)",
                           R"("mapped_items":[{"item_id":")", tea_, R"(","quantity":2},{"item_id":")", cup_,
                           R"(","quantity":1},{"item_id":")", wrap_, R"(","quantity":1}]})"));
    ASSERT_THAT(box, IsApiOk(201, "The item has been added."));
    box_ = box.str("/composite_item/composite_item_id");
  }
  // A bundle of `quantity` gift boxes at the store: tea from the primary
  // location, cup and wrapping from the store; `extra` goes in the object.
  std::string Body(int quantity, std::string_view extra = R"("is_completed":true)", int tea = -1) {
    return Cat(R"({"reference_number":"B-)", quantity, R"(","date":"2026-01-05","composite_item_id":")", box_,
               R"(","composite_item_name":"Gift Box","quantity_to_bundle":)", quantity, R"(,"location_id":")", store_,
               R"(",)", extra, R"(,"line_items":[{"item_id":")", tea_,
               R"(","name":"Tea","quantity_consumed":)", tea < 0 ? 2 * quantity : tea,
               R"(,"account_id":"acc","warehouse_id":")", primary_, R"("},{"item_id":")", cup_,
               R"(","name":"Cup","quantity_consumed":)", quantity, R"(,"account_id":"acc","warehouse_id":")", store_,
               R"("},{"item_id":")", wrap_, R"(","name":"Wrapping","quantity_consumed":)", quantity,
               R"(,"account_id":"acc","location_id":")", store_, R"("}]})");
  }

  std::string cup_, wrap_, box_;
};

// The engine keeps bundle names as given (the facade requires them); a
// bundle made through the C++ API without them shows the items' names.
TEST_F(BundleApiTest, NamesLeftOutInTheCppApiAreTheItemsCurrentNames) {
  auto id_of = [](const std::string& s) { return static_cast<int64_t>(std::stoll(s)); };
  Bundle b{.reference_number = "B-9",
           .date = absl::CivilDay(2026, 1, 5),
           .composite_item_id = ItemId(id_of(box_)),
           .quantity_to_bundle = Quantity::FromInt(1),
           .location_id = LocationId(id_of(store_)),
           .line_items = {{.item_id = ItemId(id_of(cup_)), .quantity_consumed = Quantity::FromInt(1)},
                          {.item_id = ItemId(id_of(wrap_)), .quantity_consumed = Quantity::FromInt(1)}},
           .status = BundleStatus::kDraft};
  Engine& engine = api_.Organization("1");
  Transaction txn = engine.BeginTransaction();
  auto made = txn.CreateBundle(b);
  ASSERT_TRUE(made.ok()) << made.status();
  ASSERT_TRUE(txn.Commit().ok());
  ApiReply got = Inv("GET", Cat("/bundles/", (*made)->id.value()));
  ASSERT_THAT(got, IsApiOk(200, "success"));
  EXPECT_EQ(got.str("/bundle/composite_item_name"), "Gift Box");
  EXPECT_EQ(got.str("/bundle/line_items/0/name"), "Cup");
  EXPECT_EQ(got.str("/bundle/line_items/1/name"), "Wrapping");
}

TEST_F(BundleApiTest, BuiltBundleConsumesComponentsAndAddsTheComposite) {
  ApiReply made = Inv("POST", "/bundles", Body(2));
  ASSERT_THAT(made, IsApiOk(201, "Bundle has been created."));
  EXPECT_THAT(Violations(made, "compositeitems", "create-bundle-response"), IsEmpty());
  std::string id = made.str("/bundle_id");
  EXPECT_EQ(made.str("/status"), "built");
  EXPECT_EQ(made.at("/is_completed"), json::value(true));
  EXPECT_EQ(made.str("/warehouse_id"), store_);
  EXPECT_EQ(made.str("/warehouse_name"), "Store");
  EXPECT_EQ(made.str("/composite_item_sku"), "GB");
  // Four teas at 4, two cups at 2; the wrapping is a service, consumed
  // without stock or cost. The boxes cost what went into them.
  EXPECT_EQ(made.at("/line_items/0/rate"), json::value(4));
  EXPECT_EQ(made.at("/line_items/1/rate"), json::value(2));
  EXPECT_EQ(made.at("/line_items/2/rate"), json::value(0));
  EXPECT_EQ(made.at("/total"), json::value(20));
  EXPECT_EQ(Stock(tea_), "6/6 @24 | Primary Location 6/6 @24 | Store 0/0 @0");
  EXPECT_EQ(Stock(cup_), "4/4 @8 | Primary Location 0/0 @0 | Store 4/4 @8");
  EXPECT_EQ(Stock(box_), "2/2 @20 | Primary Location 0/0 @0 | Store 2/2 @20");

  ApiReply got = Inv("GET", Cat("/bundles/", id));
  ASSERT_THAT(got, IsApiOk(200, "success"));
  EXPECT_THAT(Violations(got, "compositeitems", "retrieve-bundle-response"), IsEmpty());
  EXPECT_EQ(got.at("/bundle/total"), json::value(20));
  EXPECT_EQ(got.str("/bundle/line_items/0/warehouse_name"), "Primary Location");

  ApiReply deleted = Inv("DELETE", Cat("/bundles/", id));
  EXPECT_THAT(deleted, IsApiOk(200, "The bundle has been deleted."));
  EXPECT_THAT(Violations(deleted, "compositeitems", "delete-bundle-response"), IsEmpty());
  EXPECT_EQ(Stock(tea_), "10/10 @40 | Primary Location 10/10 @40 | Store 0/0 @0");
  EXPECT_EQ(Stock(cup_), "6/6 @12 | Primary Location 0/0 @0 | Store 6/6 @12");
  EXPECT_EQ(Stock(box_), "0/0 @0 | Primary Location 0/0 @0 | Store 0/0 @0");
  EXPECT_THAT(Inv("GET", Cat("/bundles/", id)), IsApiError(404, ApiCode::kNotFound, "bundle_id"));
}

TEST_F(BundleApiTest, DraftAndConfirmedBundlesMoveNothingUntilBuilt) {
  ApiReply draft = Inv("POST", "/bundles", Body(1, R"("status":"draft")"));
  ASSERT_THAT(draft, IsApiOk(201, "Bundle has been created."));
  std::string id = draft.str("/bundle_id");
  EXPECT_EQ(draft.str("/status"), "draft");
  EXPECT_EQ(draft.at("/is_completed"), json::value(false));
  EXPECT_EQ(draft.at("/total"), json::value(0));
  EXPECT_EQ(Stock(box_), "0/0 @0 | Primary Location 0/0 @0 | Store 0/0 @0");

  ApiReply confirmed = Inv("POST", Cat("/bundles/", id, "/confirmed"));
  ASSERT_THAT(confirmed, IsApiOk(200, "The assembly has been marked as confirmed."));
  EXPECT_EQ(confirmed.str("/bundle/status"), "confirmed");
  EXPECT_THAT(Violations(confirmed, "compositeitems", "mark-assembly-as-confirmed-response"), IsEmpty());
  EXPECT_EQ(Stock(tea_), "10/10 @40 | Primary Location 10/10 @40 | Store 0/0 @0");

  ApiReply built = Inv("POST", Cat("/bundles/", id, "/bundled"));
  ASSERT_THAT(built, IsApiOk(200, "The assembly has been marked as built."));
  EXPECT_EQ(built.str("/bundle/status"), "built");
  EXPECT_EQ(built.at("/bundle/total"), json::value(10));
  EXPECT_THAT(Violations(built, "compositeitems", "mark-assembly-as-built-response"), IsEmpty());
  EXPECT_EQ(Stock(box_), "1/1 @10 | Primary Location 0/0 @0 | Store 1/1 @10");
  EXPECT_EQ(Stock(tea_), "8/8 @32 | Primary Location 8/8 @32 | Store 0/0 @0");

  ApiReply again = Inv("POST", Cat("/bundles/", id, "/bundled"));
  EXPECT_THAT(again, IsApiError(400, ApiCode::kConflict, "status"));
  EXPECT_EQ(again.message(), "The bundle has already been built.");
}

TEST_F(BundleApiTest, HistoryListsTheBundlesOfAComposite) {
  ASSERT_THAT(Inv("POST", "/bundles", Body(1)), IsApiOk(201, "Bundle has been created."));
  ApiReply later = Inv("POST", "/bundles",
                       Cat(R"({"reference_number":"B-9","date":"2026-01-09","composite_item_id":")", box_,
                           R"(","composite_item_name":"Gift Box","quantity_to_bundle":1,"status":"confirmed",)",
                           R"("line_items":[{"item_id":")", cup_, R"(","name":"Cup","quantity_consumed":1,)",
                           R"("account_id":"acc","warehouse_id":")", store_, R"("}]})"));
  ASSERT_THAT(later, IsApiOk(201, "Bundle has been created."));
  // Without a location the bundle is assembled at the primary location.
  EXPECT_EQ(later.str("/location_id"), primary_);

  ApiReply history = Inv("GET", Cat("/bundles?composite_item_id=", box_));
  ASSERT_THAT(history, IsApiOk(200, "success"));
  EXPECT_THAT(Column(history, "/bundles", "reference_number"), ElementsAre("B-9", "B-1"));
  EXPECT_THAT(Violations(history, "compositeitems", "bundling-history-response"), IsEmpty());
  EXPECT_THAT(Column(Inv("GET", Cat("/bundles?composite_item_id=", box_, "&status=bundled")), "/bundles",
                     "reference_number"),
              ElementsAre("B-1"));
  EXPECT_THAT(Inv("GET", Cat("/bundles?composite_item_id=", tea_)),
              IsApiError(404, ApiCode::kNotFound, "composite_item_id"));
  EXPECT_THAT(Inv("GET", "/bundles?status=pending"), IsApiError(400, ApiCode::kBadEnum, "status"));
}

TEST_F(BundleApiTest, BundleWhoseOutputWasUsedCannotBeDeleted) {
  ApiReply made = Inv("POST", "/bundles", Body(2));
  ASSERT_THAT(made, IsApiOk(201, "Bundle has been created."));
  ASSERT_THAT(Inv("POST", "/inventoryadjustments",
                  Cat(R"({"date":"2026-01-06","reason":"Sold","adjustment_type":"quantity","line_items":[)",
                      R"({"item_id":")", box_, R"(","location_id":")", store_, R"(","quantity_adjusted":-1}]})")),
              IsApiOk(201, "Inventory Adjustment has been added"));
  const std::string before = Cat(Stock(tea_), "\n", Stock(cup_), "\n", Stock(box_));
  ApiReply refused = Inv("DELETE", Cat("/bundles/", made.str("/bundle_id")));
  EXPECT_THAT(refused, IsApiError(400, ApiCode::kStockUsed, "bundle_id"));
  EXPECT_EQ(refused.message(), "The bundle cannot be deleted: the 'Gift Box' it assembled has been used since.");
  EXPECT_EQ(Cat(Stock(tea_), "\n", Stock(cup_), "\n", Stock(box_)), before);
  EXPECT_EQ(Stock(box_), "1/1 @10 | Primary Location 0/0 @0 | Store 1/1 @10");
}

TEST_F(BundleApiTest, RefusedBundlesChangeNothing) {
  const std::string before = Cat(Stock(tea_), "\n", Stock(cup_), "\n", Stock(box_));
  ApiReply shortage = Inv("POST", "/bundles", Body(1, R"("is_completed":true)", 100));
  EXPECT_THAT(shortage, IsApiError(400, ApiCode::kInsufficientStock, "line_items[0].quantity_consumed"));
  EXPECT_EQ(shortage.message(), "Insufficient stock of 'Tea' at 'Primary Location': requested 100, available 10.");

  auto without = [&](std::string_view key) {
    json::value v = json::parse(Body(1));
    v.as_object().erase(key);
    return json::serialize(v);
  };
  auto line_without = [&](std::string_view key) {
    json::value v = json::parse(Body(1));
    v.as_object().at("line_items").as_array().at(1).as_object().erase(key);
    return json::serialize(v);
  };
  struct Case {
    std::string body;
    int status;
    ApiCode code;
    std::string field;
  };
  std::vector<Case> cases;
  for (std::string_view key : {"reference_number", "date", "composite_item_id", "composite_item_name",
                               "quantity_to_bundle", "line_items", "is_completed"}) {
    cases.push_back({without(key), 400, ApiCode::kMissingField, std::string(key)});
  }
  for (std::string_view key : {"item_id", "name", "quantity_consumed", "account_id", "warehouse_id"}) {
    cases.push_back({line_without(key), 400, ApiCode::kMissingField, Cat("line_items[1].", key)});
  }
  json::value plain = json::parse(Body(1));
  plain.as_object()["composite_item_id"] = tea_;
  cases.push_back({json::serialize(plain), 404, ApiCode::kNotFound, "composite_item_id"});
  cases.push_back({Body(1, R"("is_completed":true,"finished_product_serial_numbers":["S1"])"), 400,
                   ApiCode::kInvalidValue, "finished_product_serial_numbers"});
  cases.push_back({Body(0), 400, ApiCode::kInvalidValue, "quantity_to_bundle"});
  cases.push_back({Body(1, R"("status":"pending")"), 400, ApiCode::kBadEnum, "status"});
  for (const Case& c : cases) {
    EXPECT_THAT(Inv("POST", "/bundles", c.body), IsApiError(c.status, c.code, c.field)) << c.body;
  }
  EXPECT_EQ(Cat(Stock(tea_), "\n", Stock(cup_), "\n", Stock(box_)), before);
  EXPECT_THAT(Inv("GET", "/bundles").at("/bundles"), json::value(json::array()));
}

TEST_F(BundleApiTest, DeletedBundleIsReversedInEachItemsHistory) {
  ApiReply made = Inv("POST", "/bundles", Body(2));
  ASSERT_THAT(made, IsApiOk(201, "Bundle has been created."));
  EXPECT_EQ(Stock(box_), "2/2 @20 | Primary Location 0/0 @0 | Store 2/2 @20");
  ASSERT_THAT(Inv("DELETE", Cat("/bundles/", made.str("/bundle_id"))), IsApiOk(200, "The bundle has been deleted."));

  EXPECT_THAT(History(tea_), ElementsAre("2026-01-02 Opening Stock Primary Location 10 -> 10/10 @40",
                                         "2026-01-05 B-2 Primary Location -4 -> 6/6 @-16",
                                         "2026-01-05 B-2 Primary Location 4 -> 10/10 @16 (reversal)"));
  EXPECT_THAT(History(cup_), ElementsAre("2026-01-02 Opening Stock Store 6 -> 6/6 @12",
                                         "2026-01-05 B-2 Store -2 -> 4/4 @-4",
                                         "2026-01-05 B-2 Store 2 -> 6/6 @4 (reversal)"));
  EXPECT_THAT(History(box_), ElementsAre("2026-01-05 B-2 Store 2 -> 2/2 @20",
                                         "2026-01-05 B-2 Store -2 -> 0/0 @-20 (reversal)"));
  ApiReply box = Inv("GET", Cat("/items/", box_, "/stockhistory"));
  EXPECT_THAT(Column(box, "/stock_history", "document_type"), ElementsAre("bundle", "bundle"));
  EXPECT_EQ(box.at("/stock_history/1/document_id"), made.at("/bundle_id"));
  EXPECT_EQ(Stock(tea_), "10/10 @40 | Primary Location 10/10 @40 | Store 0/0 @0");
  EXPECT_EQ(Stock(cup_), "6/6 @12 | Primary Location 0/0 @0 | Store 6/6 @12");
  EXPECT_EQ(Stock(box_), "0/0 @0 | Primary Location 0/0 @0 | Store 0/0 @0");
}

// ---------------------------------------------------------------------------
// What stock forbids in the catalog

TEST_F(StockApiTest, StockPostingsLockItemsAndLocations) {
  SetOpening(tea_, Cat(R"({"locations":[{"location_id":")", store_, R"(","initial_stock":1,"initial_stock_rate":4}]})"));
  ApiReply del = Inv("DELETE", Cat("/items/", tea_));
  EXPECT_THAT(del, IsApiError(400, ApiCode::kItemInUse, "item_id"));
  EXPECT_EQ(del.message(), kItemInUse);
  ApiReply type = Inv("PUT", Cat("/items/", tea_), R"({"product_type":"service"})");
  EXPECT_THAT(type, IsApiError(400, ApiCode::kProductTypeLocked, "product_type"));
  EXPECT_EQ(type.message(), "Product type cannot be changed for Items having transactions");
  ApiReply location = Inv("DELETE", Cat("/locations/", store_));
  EXPECT_THAT(location, IsApiError(400, ApiCode::kLocationInUse, "location_id"));
  EXPECT_EQ(location.message(), "The location holds stock and cannot be deleted.");
  EXPECT_EQ(Stock(tea_), "1/1 @4 | Primary Location 0/0 @0 | Store 1/1 @4");
}

// ---------------------------------------------------------------------------
// Stock history (extension)

TEST_F(StockApiTest, StockHistoryListsPostingsWithRunningBalances) {
  SetOpening(tea_, R"({"initial_stock":10,"initial_stock_rate":4})");
  ASSERT_THAT(AdjustOne("2026-01-05", "Loss", "ADJ-1", tea_, -2), IsApiOk(201, "Inventory Adjustment has been added"));
  ASSERT_THAT(Inv("POST", "/transferorders",
                  Cat(R"({"transfer_order_number":"TO-1","date":"2026-01-06","from_location_id":")", primary_,
                      R"(","to_location_id":")", store_, R"(","line_items":[{"item_id":")", tea_,
                      R"(","name":"Tea","quantity_transfer":3}]})")),
              IsApiOk(201, "Transfer Order added successfully."));

  ApiReply all = Inv("GET", Cat("/items/", tea_, "/stockhistory"));
  ASSERT_THAT(all, IsApiOk(200, "success"));
  EXPECT_THAT(Column(all, "/stock_history", "document_number"),
              ElementsAre("Opening Stock", "ADJ-1", "TO-1", "TO-1"));
  std::vector<std::string> balances;
  for (const json::value& row : all.at("/stock_history").as_array()) {
    balances.push_back(Cat(Text(row.at("stock_on_hand_change")), "->", Text(row.at("stock_on_hand")), " ",
                           Text(row.at("value_change"))));
  }
  EXPECT_THAT(balances, ElementsAre("10->10 40", "-2->8 -8", "-3->5 -12", "3->8 12"));

  ApiReply store = Inv("GET", Cat("/items/", tea_, "/stockhistory?location_id=", store_));
  EXPECT_THAT(Column(store, "/stock_history", "location_name"), ElementsAre("Store"));
  EXPECT_EQ(store.at("/stock_history/0/stock_on_hand"), json::value(3));
  ApiReply day = Inv("GET", Cat("/items/", tea_, "/stockhistory?from_date=2026-01-05&to_date=2026-01-05"));
  EXPECT_THAT(Column(day, "/stock_history", "document_type"), ElementsAre("adjustment"));
  EXPECT_EQ(day.at("/stock_history/0/stock_on_hand"), json::value(8));

  EXPECT_THAT(Inv("GET", Cat("/items/", tea_, "/stockhistory?from_date=5.1.2026")),
              IsApiError(400, ApiCode::kInvalidValue, "from_date"));
  EXPECT_THAT(Inv("GET", Cat("/items/", tea_, "/stockhistory?location_id=999")),
              IsApiError(404, ApiCode::kNotFound, "location_id"));
  EXPECT_THAT(Inv("GET", "/items/999/stockhistory"), IsApiError(404, ApiCode::kItemNotFound, "item_id"));
}

// Deleting a document takes its postings back with reversals dated as the
// document (newest posting first), so later postings keep their place and
// the running balances after them are what the remaining documents make.
TEST_F(StockApiTest, StockHistoryMarksTheReversalsOfADeletedAdjustment) {
  SetOpening(tea_, R"({"initial_stock":10,"initial_stock_rate":4})");
  ApiReply made = Inv("POST", "/inventoryadjustments",
                      Cat(R"({"date":"2026-01-05","reason":"Stocktake","reference_number":"ADJ-1",)",
                          R"("adjustment_type":"quantity","line_items":[{"item_id":")", tea_, R"(","location_id":")",
                          store_, R"(","quantity_adjusted":5,"item_total":30},{"item_id":")", tea_,
                          R"(","quantity_adjusted":-2}]})"));
  ASSERT_THAT(made, IsApiOk(201, "Inventory Adjustment has been added"));
  ASSERT_THAT(AdjustOne("2026-01-07", "Loss", "ADJ-2", tea_, -1), IsApiOk(201, "Inventory Adjustment has been added"));
  EXPECT_EQ(Stock(tea_), "12/12 @58 | Primary Location 7/7 @28 | Store 5/5 @30");

  EXPECT_THAT(Inv("DELETE", Cat("/inventoryadjustments/", made.str("/inventory_adjustment/inventory_adjustment_id"))),
              IsApiOk(200, "Inventory Adjustment(s) has been deleted"));
  // What ADJ-2 left: one of the primary location's ten at 4.
  EXPECT_EQ(Stock(tea_), "9/9 @36 | Primary Location 9/9 @36 | Store 0/0 @0");
  EXPECT_THAT(History(tea_), ElementsAre("2026-01-02 Opening Stock Primary Location 10 -> 10/10 @40",
                                         "2026-01-05 ADJ-1 Store 5 -> 15/15 @30",
                                         "2026-01-05 ADJ-1 Primary Location -2 -> 13/13 @-8",
                                         "2026-01-05 ADJ-1 Primary Location 2 -> 15/15 @8 (reversal)",
                                         "2026-01-05 ADJ-1 Store -5 -> 10/10 @-30 (reversal)",
                                         "2026-01-07 ADJ-2 Primary Location -1 -> 9/9 @-4"));
  EXPECT_THAT(History(tea_, Cat("?location_id=", store_)),
              ElementsAre("2026-01-05 ADJ-1 Store 5 -> 5/5 @30", "2026-01-05 ADJ-1 Store -5 -> 0/0 @-30 (reversal)"));
  ApiReply rows = Inv("GET", Cat("/items/", tea_, "/stockhistory?from_date=2026-01-05&to_date=2026-01-05"));
  EXPECT_THAT(Column(rows, "/stock_history", "document_type"),
              ElementsAre("adjustment", "adjustment", "adjustment", "adjustment"));
  EXPECT_EQ(rows.at("/stock_history/2/document_id"), made.at("/inventory_adjustment/inventory_adjustment_id"));
  EXPECT_EQ(rows.at("/stock_history/2/available_stock_change"), json::value(2));
  EXPECT_EQ(rows.at("/stock_history/2/quantity_in_transit_change"), json::value(0));
}

// An update reverses only what the document's current version posted, then
// posts the new lines.
TEST_F(StockApiTest, StockHistoryMarksTheReversalsOfAnUpdatedAdjustment) {
  SetOpening(tea_, R"({"initial_stock":10,"initial_stock_rate":4})");
  ApiReply made = AdjustOne("2026-01-05", "Loss", "ADJ-1", tea_, -2);
  ASSERT_THAT(made, IsApiOk(201, "Inventory Adjustment has been added"));
  const std::string path = Cat("/inventoryadjustments/", made.str("/inventory_adjustment/inventory_adjustment_id"));
  const std::string original = Stock(tea_);
  EXPECT_EQ(original, "8/8 @32 | Primary Location 8/8 @32 | Store 0/0 @0");

  ASSERT_THAT(Inv("PUT", path,
                  Cat(R"({"line_items":[{"item_id":")", tea_, R"(","quantity_adjusted":-3},{"item_id":")", tea_,
                      R"(","location_id":")", store_, R"(","quantity_adjusted":1,"item_total":5}]})")),
              IsApiOk(200, "success"));
  EXPECT_EQ(Stock(tea_), "8/8 @33 | Primary Location 7/7 @28 | Store 1/1 @5");
  EXPECT_THAT(History(tea_), ElementsAre("2026-01-02 Opening Stock Primary Location 10 -> 10/10 @40",
                                         "2026-01-05 ADJ-1 Primary Location -2 -> 8/8 @-8",
                                         "2026-01-05 ADJ-1 Primary Location 2 -> 10/10 @8 (reversal)",
                                         "2026-01-05 ADJ-1 Primary Location -3 -> 7/7 @-12",
                                         "2026-01-05 ADJ-1 Store 1 -> 8/8 @5"));

  // Back to the first version: the second's two postings are reversed
  // (newest first), the first's already were.
  ASSERT_THAT(Inv("PUT", path, Cat(R"({"line_items":[{"item_id":")", tea_, R"(","quantity_adjusted":-2}]})")),
              IsApiOk(200, "success"));
  EXPECT_EQ(Stock(tea_), original);
  EXPECT_THAT(History(tea_), ElementsAre("2026-01-02 Opening Stock Primary Location 10 -> 10/10 @40",
                                         "2026-01-05 ADJ-1 Primary Location -2 -> 8/8 @-8",
                                         "2026-01-05 ADJ-1 Primary Location 2 -> 10/10 @8 (reversal)",
                                         "2026-01-05 ADJ-1 Primary Location -3 -> 7/7 @-12",
                                         "2026-01-05 ADJ-1 Store 1 -> 8/8 @5",
                                         "2026-01-05 ADJ-1 Store -1 -> 7/7 @-5 (reversal)",
                                         "2026-01-05 ADJ-1 Primary Location 3 -> 10/10 @12 (reversal)",
                                         "2026-01-05 ADJ-1 Primary Location -2 -> 8/8 @-8"));
  EXPECT_THAT(History(tea_, Cat("?location_id=", store_)),
              ElementsAre("2026-01-05 ADJ-1 Store 1 -> 1/1 @5", "2026-01-05 ADJ-1 Store -1 -> 0/0 @-5 (reversal)"));
}

TEST_F(StockApiTest, StockHistoryMarksTheReversalsOfADeletedTransfer) {
  SetOpening(tea_, R"({"initial_stock":10,"initial_stock_rate":4})");
  ApiReply made = Inv("POST", "/transferorders",
                      Cat(R"({"transfer_order_number":"TO-1","date":"2026-01-06","from_location_id":")", primary_,
                          R"(","to_location_id":")", store_, R"(","line_items":[{"item_id":")", tea_,
                          R"(","name":"Tea","quantity_transfer":3}]})"));
  ASSERT_THAT(made, IsApiOk(201, "Transfer Order added successfully."));
  ASSERT_EQ(made.str("/transfer_order/status"), "transferred");
  ASSERT_THAT(AdjustOne("2026-01-08", "Loss", "ADJ-1", tea_, -1), IsApiOk(201, "Inventory Adjustment has been added"));
  EXPECT_EQ(Stock(tea_), "9/9 @36 | Primary Location 6/6 @24 | Store 3/3 @12");

  EXPECT_THAT(Inv("DELETE", Cat("/transferorders/", made.str("/transfer_order/transfer_order_id"))),
              IsApiOk(200, "Transfer Order(s) has been deleted."));
  EXPECT_EQ(Stock(tea_), "9/9 @36 | Primary Location 9/9 @36 | Store 0/0 @0");
  EXPECT_THAT(History(tea_), ElementsAre("2026-01-02 Opening Stock Primary Location 10 -> 10/10 @40",
                                         "2026-01-06 TO-1 Primary Location -3 -> 7/7 @-12",
                                         "2026-01-06 TO-1 Store 3 -> 10/10 @12",
                                         "2026-01-06 TO-1 Store -3 -> 7/7 @-12 (reversal)",
                                         "2026-01-06 TO-1 Primary Location 3 -> 10/10 @12 (reversal)",
                                         "2026-01-08 ADJ-1 Primary Location -1 -> 9/9 @-4"));
  EXPECT_THAT(History(tea_, Cat("?location_id=", store_)),
              ElementsAre("2026-01-06 TO-1 Store 3 -> 3/3 @12", "2026-01-06 TO-1 Store -3 -> 0/0 @-12 (reversal)"));
  EXPECT_THAT(History(tea_, Cat("?location_id=", primary_)),
              ElementsAre("2026-01-02 Opening Stock Primary Location 10 -> 10/10 @40",
                          "2026-01-06 TO-1 Primary Location -3 -> 7/7 @-12",
                          "2026-01-06 TO-1 Primary Location 3 -> 10/10 @12 (reversal)",
                          "2026-01-08 ADJ-1 Primary Location -1 -> 9/9 @-4"));
  EXPECT_THAT(Column(Inv("GET", Cat("/items/", tea_, "/stockhistory?from_date=2026-01-06&to_date=2026-01-06")),
                     "/stock_history", "document_type"),
              ElementsAre("transfer order", "transfer order", "transfer order", "transfer order"));
}

// An update that moves an adjustment to an earlier date reverses its old
// postings where they are (2026-01-05), not at the new date: the store held
// nothing before then, so its history must not go below zero.
// DISABLED: UpdateAdjustment (src/stock/stock_ops.cc) passes the new
// document's date to Ledger::Reverse, so the reversal is dated 2026-01-03,
// before the posting it reverses, and the store's history reads
// "2026-01-03 -5 -> -5 (reversal)" then "2026-01-05 +5 -> 0".
// (UpdateTransferOrder does the same with the order's new date.)
TEST_F(StockApiTest, RedatedAdjustmentIsReversedAtItsOldPostingsDate) {
  SetOpening(tea_, R"({"initial_stock":10,"initial_stock_rate":4})");
  ApiReply made = AdjustOne("2026-01-05", "Count", "ADJ-1", tea_, 5, store_);
  ASSERT_THAT(made, IsApiOk(201, "Inventory Adjustment has been added"));
  ASSERT_THAT(Inv("PUT", Cat("/inventoryadjustments/", made.str("/inventory_adjustment/inventory_adjustment_id")),
                  Cat(R"({"date":"2026-01-03","line_items":[{"item_id":")", tea_, R"(","quantity_adjusted":5}]})")),
              IsApiOk(200, "success"));
  EXPECT_EQ(Stock(tea_), "15/15 @60 | Primary Location 15/15 @60 | Store 0/0 @0");
  EXPECT_THAT(History(tea_, Cat("?location_id=", store_)),
              ElementsAre("2026-01-05 ADJ-1 Store 5 -> 5/5 @20", "2026-01-05 ADJ-1 Store -5 -> 0/0 @-20 (reversal)"));
  EXPECT_THAT(History(tea_, Cat("?location_id=", store_, "&to_date=2026-01-04")), IsEmpty());
  EXPECT_THAT(History(tea_, "?to_date=2026-01-04"),
              ElementsAre("2026-01-02 Opening Stock Primary Location 10 -> 10/10 @40",
                          "2026-01-03 ADJ-1 Primary Location 5 -> 15/15 @20"));
}

}  // namespace
}  // namespace inventory
