// The Items endpoints of the JSON facade, both flavours (/inventory/v1 and
// /books/v3), driven through JsonApi::Handle and JsonApi::HandleLine with
// exact statuses, codes, messages and field values.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "inventory/engine.h"
#include "inventory/json_api.h"
#include "json/api_test_util.h"
#include "support/catalog_testing.h"
#include "support/json_schema.h"

namespace inventory {
namespace {

namespace json = boost::json;
using ::inventory::testutil::ApiReply;
using ::inventory::testutil::Cat;
using ::inventory::testutil::Column;
using ::inventory::testutil::DumpEngine;
using ::inventory::testutil::FrozenClock;
using ::inventory::testutil::Headers;
using ::inventory::testutil::IsApiError;
using ::inventory::testutil::IsApiOk;
using ::inventory::testutil::Q;
using ::inventory::testutil::Send;
using ::inventory::testutil::Url;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

json::value J(std::string_view text) { return json::parse(json::string_view(text.data(), text.size())); }

// The create request of the reference (Zoho Inventory "Create an item"),
// without its group, with a decimal rate and a leading-zero EAN.
constexpr std::string_view kFullItem = R"({
  "name": "Bags-small",
  "unit": "qty",
  "unit_id": "4815000000044300",
  "item_type": "inventory",
  "product_type": "goods",
  "is_taxable": true,
  "tax_id": 4815000000044043,
  "tax_name": "Sales Tax",
  "description": "description",
  "account_id": "4815000000000388",
  "account_name": "Sales",
  "purchase_account_id": 4815000000035003,
  "purchase_account_name": "Cost of Goods Sold",
  "inventory_account_id": 4815000000035001,
  "inventory_account_name": "Inventory Asset",
  "rate": 6.99,
  "purchase_rate": 6,
  "reorder_level": 5,
  "vendor_id": 4815000000044080,
  "vendor_name": "Molly",
  "sku": "SK123",
  "upc": 111111111111,
  "ean": "0111111111112",
  "isbn": 111111111113,
  "part_number": 111111111114,
  "purchase_description": "Purchase description",
  "item_tax_preferences": [
    {"tax_id": 4815000000044043, "tax_specification": "intra"},
    {"tax_id": "4815000000044044", "tax_specification": "inter"}
  ],
  "hsn_or_sac": 85423100,
  "custom_fields": [{"customfield_id": "46000000012845", "label": "Priority", "value": "Normal"}]
})";

class ItemsApiTest : public ::testing::Test {
 protected:
  ItemsApiTest() : api_(Options{.clock = clock_.AsFunction()}) {}

  ApiReply Inv(std::string_view method, std::string_view path, std::string_view body = "",
               Headers headers = {}) {
    return Send(api_, method, Url(Cat("/inventory/v1", path)), body, std::move(headers));
  }
  ApiReply Books(std::string_view method, std::string_view path, std::string_view body = "",
                 Headers headers = {}) {
    return Send(api_, method, Url(Cat("/books/v3", path)), body, std::move(headers));
  }

  // Creates an item through POST /inventory/v1/items; returns its item_id.
  std::string Create(std::string_view body) {
    ApiReply r = Inv("POST", "/items", body);
    EXPECT_THAT(r, IsApiOk(201, "The item has been added."));
    return r.str("/item/item_id");
  }
  std::string Create(std::string_view name, std::string_view sku) {
    return Create(Cat(R"({"name":")", name, R"(","sku":")", sku, R"("})"));
  }
  // The "item" of GET /items/{id} (null when the GET fails).
  json::value Get(const std::string& id) {
    ApiReply r = Inv("GET", Cat("/items/", id));
    EXPECT_THAT(r, IsApiOk(200, "success"));
    return r.at("/item");
  }
  // Names listed by GET /inventory/v1/items with `query` (e.g. "?filter_by=...").
  std::vector<std::string> Names(std::string_view query = "") {
    ApiReply r = Inv("GET", Cat("/items", query));
    EXPECT_THAT(r, IsApiOk(200, "success"));
    return Column(r, "/items", "name");
  }
  std::vector<std::string> BooksNames(std::string_view query) {
    ApiReply r = Books("GET", Cat("/items", query));
    EXPECT_THAT(r, IsApiOk(200, "success"));
    return Column(r, "/items", "name");
  }

  Engine& engine() { return api_.Organization("1"); }
  static ItemId IdOf(const std::string& text) { return ItemId(std::stoll(text)); }

  // A composite item mapping `components`, made through the C++ API.
  std::string AddComposite(std::string_view name, std::string_view sku,
                           const std::vector<std::string>& components) {
    Item kit{.name = std::string(name), .sku = std::string(sku)};
    for (const std::string& c : components) kit.mapped_items.push_back({IdOf(c), Q("1")});
    Transaction txn = engine().BeginTransaction();
    absl::StatusOr<const Item*> created = txn.CreateItem(std::move(kit));
    EXPECT_TRUE(created.ok()) << created.status();
    if (!created.ok()) return "";
    std::string id = std::to_string((*created)->id.value());
    EXPECT_TRUE(txn.Commit().ok());
    return id;
  }
  // An item group "Bags" with one attribute Size (options S, M), no items.
  std::string AddGroup() {
    ItemGroup bags{.group_name = "Bags", .unit = "qty"};
    bags.attributes.push_back({.name = "Size", .options = {{.name = "S"}, {.name = "M"}}});
    Transaction txn = engine().BeginTransaction();
    absl::StatusOr<const ItemGroup*> created = txn.CreateGroup(std::move(bags), {});
    EXPECT_TRUE(created.ok()) << created.status();
    if (!created.ok()) return "";
    std::string id = std::to_string((*created)->id.value());
    EXPECT_TRUE(txn.Commit().ok());
    return id;
  }
  std::string AddLocation(std::string_view name) {
    Transaction txn = engine().BeginTransaction();
    absl::StatusOr<const Location*> created = txn.CreateLocation({.name = std::string(name)});
    EXPECT_TRUE(created.ok()) << created.status();
    if (!created.ok()) return "";
    std::string id = std::to_string((*created)->id.value());
    EXPECT_TRUE(txn.Commit().ok());
    return id;
  }

  FrozenClock clock_;
  JsonApi api_;
};

// ---------------------------------------------------------------------------
// Create

TEST_F(ItemsApiTest, CreateEchoesEveryFieldInTheReferenceShapes) {
  ApiReply r = Inv("POST", "/items", kFullItem);
  ASSERT_THAT(r, IsApiOk(201, "The item has been added."));
  const json::value& id = r.at("/item/item_id");
  ASSERT_TRUE(id.is_string()) << r;
  EXPECT_THAT(std::string(id.get_string()), ::testing::MatchesRegex("[1-9][0-9]*"));

  const json::object expected = J(R"({
    "name": "Bags-small",
    "unit": "qty",
    "unit_id": "4815000000044300",
    "item_type": "inventory",
    "product_type": "goods",
    "is_combo_product": false,
    "is_taxable": true,
    "tax_id": "4815000000044043",
    "tax_name": "Sales Tax",
    "description": "description",
    "purchase_description": "Purchase description",
    "account_id": "4815000000000388",
    "account_name": "Sales",
    "purchase_account_id": "4815000000035003",
    "purchase_account_name": "Cost of Goods Sold",
    "inventory_account_id": "4815000000035001",
    "inventory_account_name": "Inventory Asset",
    "status": "active",
    "rate": 6.99,
    "purchase_rate": 6,
    "reorder_level": 5,
    "vendor_id": "4815000000044080",
    "vendor_name": "Molly",
    "sku": "SK123",
    "upc": 111111111111,
    "ean": "0111111111112",
    "isbn": "111111111113",
    "part_number": "111111111114",
    "item_tax_preferences": [
      {"tax_id": "4815000000044043", "tax_specification": "intra"},
      {"tax_id": "4815000000044044", "tax_specification": "inter"}
    ],
    "hsn_or_sac": "85423100",
    "custom_fields": [{"customfield_id": "46000000012845", "label": "Priority", "value": "Normal"}],
    "is_storage_location_enabled": false,
    "associated_with_all_locations": true,
    "stock_on_hand": 0,
    "available_stock": 0,
    "actual_available_stock": 0,
    "created_time": "2026-01-02T03:04:05+0000",
    "last_modified_time": "2026-01-02T03:04:05+0000"
  })").as_object();
  for (const auto& [key, value] : expected) {
    EXPECT_EQ(r.at(Cat("/item/", std::string_view(key))), value) << key;
  }
  EXPECT_THAT(Column(r, "/item/locations", "location_name"), ElementsAre("Primary Location"));
  EXPECT_FALSE(r.has("/item/group_id"));
  EXPECT_FALSE(r.has("/item/mapped_items"));

  // GET answers the very same item.
  EXPECT_EQ(Get(std::string(id.get_string())), r.at("/item"));
}

TEST_F(ItemsApiTest, CreateAnswersIdsAsStringsAndCountsUp) {
  std::string first = Create("Tea", "T-1");
  std::string second = Create("Coffee", "C-1");
  EXPECT_NE(first, second);
  EXPECT_LT(std::stoll(first), std::stoll(second));
}

// Each refused create answers its exact error and leaves the organization
// exactly as it was (no item, no consumed id visible, nothing changed).
TEST_F(ItemsApiTest, RefusedCreatesAnswerTheirErrorAndChangeNothing) {
  Create(R"({"name":"First","sku":"SK-1","upc":"111111111111","ean":"2222222222222",
             "isbn":"9780306406157"})");
  struct Case {
    std::string body;
    int status;
    int code;
    std::string field;
    std::string message;  // "" to not check
  };
  const std::vector<Case> cases = {
      {R"({})", 400, 4001, "name", "name is required."},
      {R"({"sku":"X-1","rate":5})", 400, 4001, "name", "name is required."},
      {R"({"name":"   "})", 400, 4001, "name", "name is required."},
      {R"({"name":null})", 400, 4001, "name", "name is required."},
      {Cat(R"({"name":")", std::string(101, 'n'), R"("})"), 400, 4002, "name",
       "name must be at most 100 characters."},
      {Cat(R"({"name":"x","description":")", std::string(2001, 'd'), R"("})"), 400, 4002,
       "description", "description must be at most 2000 characters."},
      {R"({"name":"x","item_type":"goods"})", 400, 4004, "item_type",
       "item_type must be one of: inventory, sales, purchases, sales_and_purchases."},
      {R"({"name":"x","product_type":"hardware"})", 400, 4004, "product_type",
       "product_type must be one of: goods, service, digital_service."},
      {R"({"name":"x","item_tax_preferences":[{"tax_id":"1","tax_specification":"intra"},
                                             {"tax_id":"2","tax_specification":"outer"}]})",
       400, 4004, "item_tax_preferences[1].tax_specification",
       "item_tax_preferences[1].tax_specification must be one of: intra, inter."},
      {R"({"name":"x","item_tax_preferences":[{"tax_id":"1","tax_specification":"outer"}]})", 400,
       4004, "item_tax_preferences[0].tax_specification", ""},
      {R"({"name":"x","status":"archived"})", 400, 4004, "status", "status must be one of: active, inactive."},
      {R"({"name":"x","upc":"12a"})", 400, 4005, "upc", "upc must contain digits only."},
      {R"({"name":"x","ean":"12 3"})", 400, 4005, "ean", "ean must contain digits only."},
      {R"({"name":"x","isbn":"978-0306406157"})", 400, 4005, "isbn", "isbn must contain digits only."},
      {R"({"name":"x","sku":"SK-1"})", 400, 4003, "sku",
       "The SKU 'SK-1' is already used by the item 'First'."},
      {R"({"name":"x","sku":"  sk-1 "})", 400, 4003, "sku",
       "The SKU 'sk-1' is already used by the item 'First'."},
      {R"({"name":"x","upc":111111111111})", 400, 4003, "upc",
       "The upc '111111111111' is already used by the item 'First'."},
      {R"({"name":"x","ean":"2222222222222"})", 400, 4003, "ean",
       "The ean '2222222222222' is already used by the item 'First'."},
      {R"({"name":"x","isbn":9780306406157})", 400, 4003, "isbn",
       "The isbn '9780306406157' is already used by the item 'First'."},
      {R"({"name":"x","rate":"abc"})", 400, 4000, "rate", ""},
      {R"({"name":"x","rate":-1})", 400, 4000, "rate", "rate must not be negative."},
      {R"({"name":"x","rate":true})", 400, 4000, "rate", "rate must be a number."},
      {R"({"name":{"first":"x"}})", 400, 4000, "name", "name must be a string."},
      {R"({"name":"x","is_taxable":"yes"})", 400, 4000, "is_taxable", "is_taxable must be true or false."},
      {R"({"name":"x","item_tax_preferences":"intra"})", 400, 4000, "item_tax_preferences",
       "item_tax_preferences must be an array."},
      {R"({"name":"x","custom_fields":[42]})", 400, 4000, "custom_fields[0]",
       "custom_fields[0] must be an object."},
      {R"({"name":"x","group_id":"999999"})", 404, 1002, "group_id", ""},
  };
  const std::string before = DumpEngine(engine());
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body.substr(0, 120));
    ApiReply r = Inv("POST", "/items", c.body);
    EXPECT_THAT(r, IsApiError(c.status, c.code, c.field));
    if (!c.message.empty()) {
      EXPECT_EQ(r.message(), c.message);
    }
    EXPECT_THAT(Names(), ElementsAre("First"));
    EXPECT_EQ(DumpEngine(engine()), before);
  }
}

TEST_F(ItemsApiTest, LengthLimitsCountCharactersAndAllowTheLimit) {
  std::string name100(100, 'n');
  std::string id = Create(Cat(R"({"name":")", name100, R"(","description":")", std::string(2000, 'd'),
                              R"("})"));
  EXPECT_EQ(Get(id).at("name"), json::value(name100));
  // 100 two-byte characters are 100 characters, not 200.
  std::string accented;
  for (int i = 0; i < 100; ++i) accented += "\xC3\xA9";
  Create(Cat(R"({"name":")", accented, R"("})"));
  EXPECT_THAT(Inv("POST", "/items", Cat(R"({"name":")", accented, "\xC3\xA9", R"("})")),
              IsApiError(400, 4002, "name"));
}

TEST_F(ItemsApiTest, NumbersAreReadFromNumbersOrNumericStrings) {
  std::string id = Create(
      R"({"name":"Tea","rate":"6.99","purchase_rate":"3","reorder_level":" 5 ","tax_percentage":"12.5"})");
  json::value item = Get(id);
  EXPECT_EQ(item.at("rate"), json::value(6.99));
  EXPECT_EQ(item.at("pricebook_rate"), json::value(6.99));
  EXPECT_EQ(item.at("purchase_rate"), json::value(3));
  EXPECT_EQ(item.at("reorder_level"), json::value(5));
  EXPECT_EQ(item.at("tax_percentage"), json::value(12.5));

  std::string other = Create(R"({"name":"Coffee","rate":12,"purchase_rate":0.5,"reorder_level":2.25})");
  json::value coffee = Get(other);
  EXPECT_EQ(coffee.at("rate"), json::value(12));
  EXPECT_EQ(coffee.at("purchase_rate"), json::value(0.5));
  EXPECT_EQ(coffee.at("reorder_level"), json::value(2.25));
}

TEST_F(ItemsApiTest, IdsAreReadFromStringsOrNumbers) {
  std::string group = AddGroup();
  std::string a = Create(Cat(R"({"name":"Bag-S","group_id":)", group,
                             R"(,"attribute_option_name1":"S","tax_id":4815000000044043,"vendor_id":"4815000000044080"})"));
  std::string b = Create(Cat(R"({"name":"Bag-M","group_id":")", group, R"(","attribute_option_name1":"M"})"));
  json::value bag_s = Get(a);
  EXPECT_EQ(bag_s.at("group_id"), json::value(group));
  EXPECT_EQ(bag_s.at("group_name"), json::value("Bags"));
  EXPECT_EQ(bag_s.at("attribute_name1"), json::value("Size"));
  EXPECT_EQ(bag_s.at("attribute_option_name1"), json::value("S"));
  EXPECT_EQ(bag_s.at("tax_id"), json::value("4815000000044043"));
  EXPECT_EQ(bag_s.at("vendor_id"), json::value("4815000000044080"));
  EXPECT_EQ(Get(b).at("group_id"), json::value(group));
  // A malformed id names its field.
  EXPECT_THAT(Inv("POST", "/items", R"({"name":"Bag-L","group_id":"twelve"})"),
              IsApiError(400, 4000, "group_id"));
  EXPECT_THAT(Inv("GET", "/items/abc"), IsApiError(400, 4000, "item_id"));
  EXPECT_THAT(Inv("GET", "/items/-3"), IsApiError(400, 4000, "item_id"));
}

TEST_F(ItemsApiTest, UnknownFieldsAreIgnored) {
  ApiReply r = Inv("POST", "/items",
                   R"({"name":"Tea","colour":"green","unit_group_id":"4815000000044350",
                       "default_sales_unit_conversion_id":"1","nested":{"a":[1,2]}})");
  ASSERT_THAT(r, IsApiOk(201, "The item has been added."));
  EXPECT_FALSE(r.has("/item/colour"));
  EXPECT_FALSE(r.has("/item/nested"));
  EXPECT_EQ(r.at("/item/name"), json::value("Tea"));
}

TEST_F(ItemsApiTest, BodyGivenAsAJsonStringIsRead) {
  // Zoho also accepts the body as a JSONString form value.
  ApiReply r = Inv("POST", "/items", R"("{\"name\":\"Tea\",\"rate\":5}")");
  ASSERT_THAT(r, IsApiOk(201, "The item has been added."));
  EXPECT_EQ(r.at("/item/rate"), json::value(5));
}

// The Books reference's own create and update examples: blank " " values
// are placeholders (absent), "tax_percentage": "70%" is a percentage.
TEST_F(ItemsApiTest, BooksReferenceExamplesAreAccepted) {
  auto load = [](std::string_view file) {
    absl::StatusOr<json::value> v =
        testing::LoadJsonFile(Cat(INVENTORY_TEST_DATA_DIR, "/reference/items-zoho-books/", file));
    EXPECT_TRUE(v.ok()) << v.status();
    return v.ok() ? json::serialize(*v) : std::string("{}");
  };
  ApiReply r = Books("POST", "/items", load("01_create_an_item_request.json"));
  ASSERT_THAT(r, IsApiOk(201, "The item has been added."));
  const json::object expected = J(R"({
    "name": "Hard Drive",
    "rate": 120,
    "description": "500GB",
    "tax_id": "982000000037049",
    "tax_percentage": 70,
    "sku": "s12345",
    "product_type": "goods",
    "item_type": "sales",
    "purchase_rate": 0,
    "reorder_level": 0,
    "avatax_tax_code": "982000000037049",
    "item_tax_preferences": [{"tax_id": "982000000037049", "tax_specification": "intra"}],
    "custom_fields": [{"customfield_id": "46000000012845", "label": "", "value": "Normal"}]
  })").as_object();
  for (const auto& [key, value] : expected) {
    EXPECT_EQ(r.at(Cat("/item/", std::string_view(key))), value) << key;
  }
  std::string id = r.str("/item/item_id");
  EXPECT_THAT(Books("PUT", Cat("/items/", id), load("04_update_an_item_request.json")),
              IsApiOk(200, "Item details have been saved."));
  EXPECT_THAT(Books("PUT", Cat("/item/", id, "/customfields"), load("07_update_custom_field_in_existing_items_request.json")),
              IsApiOk(200, "Custom Fields Updated Successfully"));
}

TEST_F(ItemsApiTest, BlankEnumsAreAbsentAndPercentagesMayCarryTheSign) {
  std::string id = Create(R"({"name":"Tea","item_type":"sales","product_type":"service","tax_percentage":"12.5%"})");
  EXPECT_EQ(Get(id).at("tax_percentage"), json::value(12.5));
  ASSERT_THAT(Inv("PUT", Cat("/items/", id), R"({"item_type":" ","product_type":"","status":" ","tax_percentage":" 7 % "})"),
              IsApiOk(200, "Item details have been updated"));
  json::value item = Get(id);
  EXPECT_EQ(item.at("item_type"), json::value("sales"));
  EXPECT_EQ(item.at("product_type"), json::value("service"));
  EXPECT_EQ(item.at("status"), json::value("active"));
  EXPECT_EQ(item.at("tax_percentage"), json::value(7));
  EXPECT_THAT(Inv("PUT", Cat("/items/", id), R"({"tax_percentage":"seven%"})"),
              IsApiError(400, 4000, "tax_percentage"));
  EXPECT_THAT(Inv("PUT", Cat("/items/", id), R"({"tax_percentage":"7%%"})"),
              IsApiError(400, 4000, "tax_percentage"));
  EXPECT_EQ(Get(id), item);
}

TEST_F(ItemsApiTest, MalformedBodyIs4006) {
  for (std::string_view body : {R"({"name": "Tea")", R"({"name" "Tea"})", "name=Tea", "{,}"}) {
    SCOPED_TRACE(body);
    ApiReply r = Inv("POST", "/items", body);
    EXPECT_THAT(r, IsApiError(400, 4006, "body"));
    EXPECT_THAT(r.message(), ::testing::StartsWith("The request body is not valid JSON: "));
  }
  EXPECT_THAT(Inv("POST", "/items", "42"), IsApiError(400, 4006, "body"));
  EXPECT_THAT(Inv("POST", "/items", "true"), IsApiError(400, 4006, "body"));
  // A JSONString whose content is not JSON is as malformed as a bad body.
  EXPECT_THAT(Inv("POST", "/items", R"("not json")"), IsApiError(400, 4006, "body"));
  std::string id = Create("Tea", "T-1");
  EXPECT_THAT(Inv("PUT", Cat("/items/", id), R"("{\"rate\":")"), IsApiError(400, 4006, "body"));
  EXPECT_THAT(Names(), ElementsAre("Tea"));
}

TEST_F(ItemsApiTest, UnknownPathIs404With4007) {
  EXPECT_THAT(Inv("GET", "/widgets"), IsApiError(404, 4007, "path"));
  EXPECT_THAT(Inv("GET", "/items/1/2/3/4/5"), IsApiError(404, 4007, "path"));
  EXPECT_THAT(Books("GET", "/itemdetails?item_ids=1"), IsApiError(404, 4007, "path"));
  EXPECT_THAT(Send(api_, "GET", "/crm/v2/items?organization_id=1"), IsApiError(404, 4007, "path"));
  EXPECT_THAT(Send(api_, "GET", "/inventory/v2/items?organization_id=1"), IsApiError(404, 4007, "path"));
}

TEST_F(ItemsApiTest, WrongMethodOnAKnownPathIs405With4008) {
  std::string id = Create("Tea", "T-1");
  ApiReply r = Inv("PATCH", "/items");
  EXPECT_THAT(r, IsApiError(405, 4008, "method"));
  EXPECT_EQ(r.message(), "The method PATCH is not allowed on /items.");
  EXPECT_THAT(Inv("POST", Cat("/items/", id)), IsApiError(405, 4008, "method"));
  EXPECT_THAT(Inv("GET", Cat("/items/", id, "/active")), IsApiError(405, 4008, "method"));
  EXPECT_THAT(Inv("GET", Cat("/item/", id, "/customfields")), IsApiError(405, 4008, "method"));
  // Books has no bulk delete.
  EXPECT_THAT(Books("DELETE", Cat("/items?item_ids=", id)), IsApiError(405, 4008, "method"));
  EXPECT_THAT(Names(), ElementsAre("Tea"));
}

TEST_F(ItemsApiTest, MissingOrganizationIdIs4001) {
  for (std::string_view path : {"/inventory/v1/items", "/inventory/v1/items?organization_id=",
                                "/inventory/v1/items?organization_id=%20", "/books/v3/items?page=1"}) {
    SCOPED_TRACE(path);
    ApiReply r = Send(api_, "GET", path);
    EXPECT_THAT(r, IsApiError(400, 4001, "organization_id"));
    EXPECT_EQ(r.message(), "organization_id is required.");
  }
  EXPECT_THAT(Send(api_, "POST", "/inventory/v1/items", R"({"name":"Tea"})"),
              IsApiError(400, 4001, "organization_id"));
}

TEST_F(ItemsApiTest, OrganizationsAreIsolated) {
  ApiReply tea = Send(api_, "POST", Url("/inventory/v1/items", "1"), R"({"name":"Tea","sku":"SK-1"})");
  ApiReply coffee = Send(api_, "POST", Url("/inventory/v1/items", "2"), R"({"name":"Coffee","sku":"sk-1"})");
  ASSERT_THAT(tea, IsApiOk(201, "The item has been added."));
  ASSERT_THAT(coffee, IsApiOk(201, "The item has been added."));
  EXPECT_THAT(Column(Send(api_, "GET", Url("/inventory/v1/items", "1")), "/items", "name"),
              ElementsAre("Tea"));
  EXPECT_THAT(Column(Send(api_, "GET", Url("/inventory/v1/items", "2")), "/items", "name"),
              ElementsAre("Coffee"));
  // Deleting in one organization leaves the other untouched, even where ids coincide.
  std::string coffee_id = coffee.str("/item/item_id");
  ASSERT_THAT(Send(api_, "DELETE", Url(Cat("/inventory/v1/items/", coffee_id), "2")),
              IsApiOk(200, "The item has been deleted."));
  EXPECT_THAT(Column(Send(api_, "GET", Url("/inventory/v1/items", "2")), "/items", "name"), IsEmpty());
  EXPECT_THAT(Column(Send(api_, "GET", Url("/inventory/v1/items", "1")), "/items", "name"),
              ElementsAre("Tea"));
  EXPECT_THAT(Send(api_, "GET", Url(Cat("/inventory/v1/items/", tea.str("/item/item_id")), "3")),
              IsApiError(404, 2006, "item_id"));
}

// Each organization may have options of its own: here one values its stock
// FIFO and the other at weighted average, so the same receipts and issue
// leave different asset values.
TEST(JsonApiOrganizationsTest, EachOrganizationMayHaveItsOwnValuation) {
  std::vector<std::string> asked;
  JsonApi api([&asked](std::string_view organization_id) {
    asked.emplace_back(organization_id);
    return Options{.valuation = organization_id == "wac" ? Valuation::kWeightedAverage : Valuation::kFifo};
  });
  for (std::string org : {"fifo", "wac"}) {
    SCOPED_TRACE(org);
    // One unit at 10, one received at 20, one issued.
    ApiReply tea = Send(api, "POST", Url("/inventory/v1/items", org),
                        R"({"name":"Tea","rate":30,"initial_stock":1,"initial_stock_rate":10})");
    ASSERT_THAT(tea, IsApiOk(201, "The item has been added."));
    const std::string id = tea.str("/item/item_id");
    for (std::string_view line : {R"("quantity_adjusted":1,"item_total":20)", R"("quantity_adjusted":-1)"}) {
      ASSERT_THAT(Send(api, "POST", Url("/inventory/v1/inventoryadjustments", org),
                       Cat(R"({"date":"2026-01-05","reason":"Count","adjustment_type":"quantity",)",
                           R"("line_items":[{"item_id":")", id, R"(",)", line, "}]}")),
                  IsApiOk(201, "Inventory Adjustment has been added"));
    }
    ApiReply got = Send(api, "GET", Url(Cat("/inventory/v1/items/", id), org));
    ASSERT_THAT(got, IsApiOk(200, "success"));
    EXPECT_EQ(got.at("/item/stock_on_hand"), json::value(1));
    // FIFO issues the unit at 10 and keeps the one at 20; weighted average
    // issues at the mean, 15, and keeps 15.
    EXPECT_EQ(got.at("/item/asset_value"), json::value(org == "wac" ? 15 : 20));
  }
  // Asked once per organization, when it is first opened.
  EXPECT_THAT(asked, ElementsAre("fifo", "wac"));
}

// ---------------------------------------------------------------------------
// Retrieve, update, delete

TEST_F(ItemsApiTest, GetAnswersSuccessWithTheItem) {
  std::string id = Create("Tea", "T-1");
  ApiReply r = Inv("GET", Cat("/items/", id));
  EXPECT_THAT(r, IsApiOk(200, "success"));
  EXPECT_EQ(r.at("/item/item_id"), json::value(id));
  EXPECT_EQ(r.at("/item/name"), json::value("Tea"));
  EXPECT_EQ(r.at("/item/sku"), json::value("T-1"));
  ApiReply books = Books("GET", Cat("/items/", id));
  EXPECT_THAT(books, IsApiOk(200, "success"));
  EXPECT_EQ(books.at("/item"), r.at("/item"));
}

TEST_F(ItemsApiTest, UpdateMergesOnlyTheGivenFields) {
  ApiReply created = Inv("POST", "/items", kFullItem);
  ASSERT_THAT(created, IsApiOk(201, "The item has been added."));
  std::string id = created.str("/item/item_id");
  clock_.Advance(absl::Seconds(90));

  ApiReply r = Inv("PUT", Cat("/items/", id), R"({"rate":"7.5","description":"New","colour":"blue"})");
  ASSERT_THAT(r, IsApiOk(200, "Item details have been updated"));
  json::object expected = created.at("/item").as_object();
  expected["rate"] = 7.5;
  expected["pricebook_rate"] = 7.5;
  expected["description"] = "New";
  expected["last_modified_time"] = "2026-01-02T03:05:35+0000";
  EXPECT_EQ(r.at("/item"), json::value(expected));
  EXPECT_EQ(Get(id), json::value(expected));

  // An empty body changes nothing but the modification time.
  clock_.Advance(absl::Seconds(1));
  ASSERT_THAT(Inv("PUT", Cat("/items/", id), "{}"), IsApiOk(200, "Item details have been updated"));
  expected["last_modified_time"] = "2026-01-02T03:05:36+0000";
  EXPECT_EQ(Get(id), json::value(expected));
}

TEST_F(ItemsApiTest, UpdateReplacesArraysItIsGiven) {
  std::string id = Create(kFullItem);
  ASSERT_THAT(Inv("PUT", Cat("/items/", id),
                  R"({"item_tax_preferences":[{"tax_id":"9","tax_specification":"inter"}],
                      "custom_fields":[]})"),
              IsApiOk(200, "Item details have been updated"));
  json::value item = Get(id);
  EXPECT_EQ(item.at("item_tax_preferences"), J(R"([{"tax_id":"9","tax_specification":"inter"}])"));
  EXPECT_EQ(item.at("custom_fields"), J("[]"));
  EXPECT_EQ(item.at("sku"), json::value("SK123"));
}

TEST_F(ItemsApiTest, BooksUpdateSaysSaved) {
  std::string id = Create("Tea", "T-1");
  ApiReply r = Books("PUT", Cat("/items/", id), R"({"name":"Green Tea"})");
  EXPECT_THAT(r, IsApiOk(200, "Item details have been saved."));
  EXPECT_EQ(r.at("/item/name"), json::value("Green Tea"));
  EXPECT_EQ(r.at("/item/sku"), json::value("T-1"));
}

TEST_F(ItemsApiTest, RefusedUpdateChangesNothing) {
  Create("Tea", "T-1");
  std::string id = Create("Coffee", "C-1");
  json::value before = Get(id);
  EXPECT_THAT(Inv("PUT", Cat("/items/", id), R"({"name":""})"), IsApiError(400, 4001, "name"));
  EXPECT_THAT(Inv("PUT", Cat("/items/", id), R"({"rate":5,"sku":"t-1"})"), IsApiError(400, 4003, "sku"));
  EXPECT_THAT(Inv("PUT", Cat("/items/", id), R"({"rate":5,"item_type":"x"})"),
              IsApiError(400, 4004, "item_type"));
  EXPECT_THAT(Inv("PUT", Cat("/items/", id), Cat(R"({"name":")", std::string(101, 'x'), R"("})")),
              IsApiError(400, 4002, "name"));
  EXPECT_EQ(Get(id), before);
  // Keeping its own SKU is not a duplicate.
  EXPECT_THAT(Inv("PUT", Cat("/items/", id), R"({"sku":" c-1 "})"),
              IsApiOk(200, "Item details have been updated"));
}

TEST_F(ItemsApiTest, DeleteRemovesTheItem) {
  std::string tea = Create("Tea", "T-1");
  Create("Coffee", "C-1");
  EXPECT_THAT(Inv("DELETE", Cat("/items/", tea)), IsApiOk(200, "The item has been deleted."));
  EXPECT_THAT(Inv("GET", Cat("/items/", tea)), IsApiError(404, 2006, "item_id"));
  EXPECT_THAT(Inv("DELETE", Cat("/items/", tea)), IsApiError(404, 2006, "item_id"));
  EXPECT_THAT(Names(), ElementsAre("Coffee"));
  // The SKU is free again.
  Create("Tea again", "t-1");
  std::string coffee_books = Create("Cocoa", "K-1");
  EXPECT_THAT(Books("DELETE", Cat("/items/", coffee_books)), IsApiOk(200, "The item has been deleted."));
}

TEST_F(ItemsApiTest, UnknownItemIdIs404With2006) {
  Create("Tea", "T-1");
  ApiReply r = Inv("GET", "/items/999999");
  EXPECT_THAT(r, IsApiError(404, 2006, "item_id"));
  EXPECT_EQ(r.message(), "Item does not exist (item_id 999999)");
  EXPECT_THAT(Inv("PUT", "/items/999999", R"({"rate":1})"), IsApiError(404, 2006, "item_id"));
  EXPECT_THAT(Inv("DELETE", "/items/999999"), IsApiError(404, 2006, "item_id"));
  EXPECT_THAT(Inv("POST", "/items/999999/active"), IsApiError(404, 2006, "item_id"));
  EXPECT_THAT(Inv("POST", "/items/999999/inactive"), IsApiError(404, 2006, "item_id"));
  EXPECT_THAT(Inv("PUT", "/item/999999/customfields", R"([{"customfield_id":"1","value":"x"}])"),
              IsApiError(404, 2006, "item_id"));
  EXPECT_THAT(Books("PUT", "/items/999999", R"({"rate":1})"), IsApiError(404, 2006, "item_id"));
  EXPECT_THAT(Inv("PUT", "/items/999999/locations/permissions", R"({})"), IsApiError(404, 2006, "item_id"));
  EXPECT_THAT(Names(), ElementsAre("Tea"));
}

// ---------------------------------------------------------------------------
// Bulk endpoints

TEST_F(ItemsApiTest, BulkDeleteDeletesEveryListedItem) {
  std::string a = Create("Apple", "A");
  std::string b = Create("Banana", "B");
  Create("Cherry", "C");
  ApiReply r = Inv("DELETE", Cat("/items?item_ids=", a, ",", b));
  EXPECT_THAT(r, IsApiOk(200, "The items have been deleted."));
  EXPECT_THAT(Names(), ElementsAre("Cherry"));
}

TEST_F(ItemsApiTest, BulkDeleteIsAllOrNothingOnAnUnknownId) {
  std::string a = Create("Apple", "A");
  std::string b = Create("Banana", "B");
  EXPECT_THAT(Inv("DELETE", Cat("/items?item_ids=", a, ",999999,", b)), IsApiError(404, 2006, "item_id"));
  EXPECT_THAT(Names(), ElementsAre("Apple", "Banana"));
  EXPECT_THAT(Inv("DELETE", Cat("/items?item_ids=", a, ",x")), IsApiError(400, 4000, "item_ids"));
  EXPECT_THAT(Inv("DELETE", Cat("/items?item_ids=", a, ",")), IsApiError(400, 4000, "item_ids"));
  EXPECT_THAT(Inv("DELETE", "/items?item_ids="), IsApiError(400, 4001, "item_ids"));
  EXPECT_THAT(Inv("DELETE", "/items"), IsApiError(400, 4001, "item_ids"));
  EXPECT_THAT(Names(), ElementsAre("Apple", "Banana"));
}

TEST_F(ItemsApiTest, ItemsUsedByACompositeCannotBeDeleted) {
  std::string bolt = Create("Bolt", "BOLT");
  std::string nut = Create("Nut", "NUT");
  std::string washer = Create("Washer", "WASH");
  std::string kit = AddComposite("Kit", "KIT", {bolt, nut});
  const std::string before = DumpEngine(engine());

  ApiReply r = Inv("DELETE", Cat("/items?item_ids=", washer, ",", bolt));
  EXPECT_THAT(r, IsApiError(400, 2049, "item_id"));
  EXPECT_EQ(r.message(),
            "Items which are a part of other transactions cannot be deleted. Instead, mark them as inactive");
  EXPECT_THAT(Inv("DELETE", Cat("/items/", nut)), IsApiError(400, 2049, "item_id"));
  EXPECT_THAT(Books("DELETE", Cat("/items/", nut)), IsApiError(400, 2049, "item_id"));
  EXPECT_EQ(DumpEngine(engine()), before);
  EXPECT_THAT(Names(), ElementsAre("Bolt", "Kit", "Nut", "Washer"));

  // Marking it inactive is the way out, and works.
  EXPECT_THAT(Inv("POST", Cat("/items/", nut, "/inactive")), IsApiOk(200, "The item has been marked as Inactive."));
  // Deleting the composite together with its components is allowed.
  EXPECT_THAT(Inv("DELETE", Cat("/items?item_ids=", bolt, ",", kit, ",", nut)),
              IsApiOk(200, "The items have been deleted."));
  EXPECT_THAT(Names(), ElementsAre("Washer"));
}

TEST_F(ItemsApiTest, ItemDetailsAnswersTheListedItemsInOrder) {
  std::string a = Create("Apple", "A");
  std::string b = Create("Banana", "B");
  Create("Cherry", "C");
  ApiReply r = Inv("GET", Cat("/itemdetails?item_ids=", b, ",", a));
  EXPECT_THAT(r, IsApiOk(200, "success"));
  EXPECT_THAT(Column(r, "/items", "name"), ElementsAre("Banana", "Apple"));
  EXPECT_THAT(Column(r, "/items", "item_id"), ElementsAre(b, a));
  EXPECT_EQ(r.at("/items/1"), Get(a));
  // The reference sends the comma encoded.
  EXPECT_THAT(Column(Inv("GET", Cat("/itemdetails?item_ids=", a, "%2C", b)), "/items", "name"),
              ElementsAre("Apple", "Banana"));
  EXPECT_THAT(Inv("GET", Cat("/itemdetails?item_ids=", a, ",999999")), IsApiError(404, 2006, "item_id"));
  EXPECT_THAT(Inv("GET", "/itemdetails"), IsApiError(400, 4001, "item_ids"));
}

TEST_F(ItemsApiTest, MarksOneItemActiveOrInactive) {
  std::string id = Create("Tea", "T-1");
  EXPECT_THAT(Inv("POST", Cat("/items/", id, "/inactive")), IsApiOk(200, "The item has been marked as Inactive."));
  EXPECT_EQ(Get(id).at("status"), json::value("inactive"));
  EXPECT_THAT(Inv("POST", Cat("/items/", id, "/active")), IsApiOk(200, "The item has been marked as Active."));
  EXPECT_EQ(Get(id).at("status"), json::value("active"));
  EXPECT_THAT(Books("POST", Cat("/items/", id, "/inactive")), IsApiOk(200, "The item has been marked as inactive."));
  EXPECT_EQ(Get(id).at("status"), json::value("inactive"));
  EXPECT_THAT(Books("POST", Cat("/items/", id, "/active")), IsApiOk(200, "The item has been marked as active."));
  EXPECT_EQ(Get(id).at("status"), json::value("active"));
}

TEST_F(ItemsApiTest, BulkMarkActiveAndInactiveAreAllOrNothing) {
  std::string a = Create("Apple", "A");
  std::string b = Create("Banana", "B");
  std::string c = Create("Cherry", "C");
  EXPECT_THAT(Inv("POST", Cat("/items/inactive?item_ids=", a, ",", b)),
              IsApiOk(200, "The items have been marked as Inactive."));
  EXPECT_THAT(Names("?filter_by=Status.Inactive"), ElementsAre("Apple", "Banana"));

  EXPECT_THAT(Inv("POST", Cat("/items/inactive?item_ids=", c, ",999999")), IsApiError(404, 2006, "item_id"));
  EXPECT_THAT(Inv("POST", Cat("/items/active?item_ids=", a, ",999999")), IsApiError(404, 2006, "item_id"));
  EXPECT_THAT(Names("?filter_by=Status.Inactive"), ElementsAre("Apple", "Banana"));

  EXPECT_THAT(Inv("POST", Cat("/items/active?item_ids=", a, ",", b)),
              IsApiOk(200, "The items have been marked as Active."));
  EXPECT_THAT(Names("?filter_by=Status.Inactive"), IsEmpty());
  EXPECT_THAT(Inv("POST", "/items/active"), IsApiError(400, 4001, "item_ids"));
}

TEST_F(ItemsApiTest, UngroupDetachesItemsFromTheirGroup) {
  std::string group = AddGroup();
  std::string s = Create(Cat(R"({"name":"Bag-S","sku":"B-S","group_id":")", group, R"(","attribute_option_name1":"S"})"));
  std::string m = Create(Cat(R"({"name":"Bag-M","sku":"B-M","group_id":")", group, R"(","attribute_option_name1":"M"})"));
  std::string loose = Create("Belt", "BELT");
  EXPECT_THAT(Names("?filter_by=Status.Grouped"), ElementsAre("Bag-M", "Bag-S"));

  EXPECT_THAT(Inv("POST", Cat("/items/ungroup?item_ids=", s)), IsApiOk(200, "The items have been ungrouped."));
  json::value bag = Get(s);
  EXPECT_FALSE(bag.as_object().contains("group_id"));
  EXPECT_FALSE(bag.as_object().contains("attribute_option_name1"));
  EXPECT_EQ(bag.at("sku"), json::value("B-S"));
  EXPECT_THAT(Names("?filter_by=Status.Grouped"), ElementsAre("Bag-M"));

  // Refused as a whole when one item is not grouped.
  ApiReply r = Inv("POST", Cat("/items/ungroup?item_ids=", m, ",", loose));
  EXPECT_THAT(r, IsApiError(400, 4000, "item_ids"));
  EXPECT_EQ(r.message(), "The item 'Belt' is not in an item group.");
  EXPECT_EQ(Get(m).at("group_id"), json::value(group));
}

TEST_F(ItemsApiTest, StorageLocationIsEnabledAndDisabled) {
  std::string a = Create("Apple", "A");
  std::string b = Create("Banana", "B");
  std::string c = Create("Cherry", "C");
  EXPECT_THAT(Inv("POST", Cat("/items/enablestoragelocation?item_ids=", a, ",", b)),
              IsApiOk(200, "Storage location has been enabled."));
  EXPECT_EQ(Get(a).at("is_storage_location_enabled"), json::value(true));
  EXPECT_EQ(Get(b).at("is_storage_location_enabled"), json::value(true));
  EXPECT_EQ(Get(c).at("is_storage_location_enabled"), json::value(false));

  EXPECT_THAT(Inv("POST", Cat("/items/disablestoragelocation?item_ids=", a)),
              IsApiOk(200, "Storage location has been disabled."));
  EXPECT_EQ(Get(a).at("is_storage_location_enabled"), json::value(false));
  EXPECT_EQ(Get(b).at("is_storage_location_enabled"), json::value(true));

  EXPECT_THAT(Inv("POST", Cat("/items/enablestoragelocation?item_ids=", c, ",999999")),
              IsApiError(404, 2006, "item_id"));
  EXPECT_EQ(Get(c).at("is_storage_location_enabled"), json::value(false));
}

TEST_F(ItemsApiTest, CustomFieldsAreMergedByCustomfieldId) {
  std::string id = Create(R"({"name":"Tea","custom_fields":[
      {"customfield_id":"46000000012845","label":"Priority","value":"Low"},
      {"customfield_id":"46000000012846","label":"Colour","value":"Red"}]})");
  ApiReply r = Inv("PUT", Cat("/item/", id, "/customfields"),
                   R"([{"customfield_id":"46000000012845","value":"Normal"}])");
  EXPECT_THAT(r, IsApiOk(200, "Custom Fields Updated Successfully"));
  EXPECT_EQ(Get(id).at("custom_fields"), J(R"([
      {"customfield_id":"46000000012845","label":"Priority","value":"Normal"},
      {"customfield_id":"46000000012846","label":"Colour","value":"Red"}])"));

  // A field the item does not carry yet is added; Books serves the same path.
  EXPECT_THAT(Books("PUT", Cat("/item/", id, "/customfields"),
                    R"([{"customfield_id":46000000012847,"label":"Origin","value":"Assam"}])"),
              IsApiOk(200, "Custom Fields Updated Successfully"));
  EXPECT_EQ(Get(id).at("custom_fields"), J(R"([
      {"customfield_id":"46000000012845","label":"Priority","value":"Normal"},
      {"customfield_id":"46000000012846","label":"Colour","value":"Red"},
      {"customfield_id":"46000000012847","label":"Origin","value":"Assam"}])"));

  json::value before = Get(id);
  EXPECT_THAT(Inv("PUT", Cat("/item/", id, "/customfields"), R"([{"value":"x"}])"),
              IsApiError(400, 4001, "custom_fields[0].customfield_id"));
  EXPECT_THAT(Inv("PUT", Cat("/item/", id, "/customfields"),
                  R"([{"customfield_id":"46000000012845","value":"High"},"oops"])"),
              IsApiError(400, 4000, "custom_fields[1]"));
  EXPECT_EQ(Get(id), before);
}

TEST_F(ItemsApiTest, LocationPermissionsLimitTheItemsLocations) {
  std::string warehouse = AddLocation("Warehouse");
  std::string id = Create("Tea", "T-1");
  EXPECT_THAT(Column(Inv("GET", Cat("/items/", id)), "/item/locations", "location_name"),
              ElementsAre("Primary Location", "Warehouse"));

  ApiReply r = Inv("PUT", Cat("/items/", id, "/locations/permissions?associated_with_all_locations=false"),
                   Cat(R"({"location_ids":[")", warehouse, R"("]})"));
  EXPECT_THAT(r, IsApiOk(200, "success"));
  ApiReply got = Inv("GET", Cat("/items/", id));
  EXPECT_EQ(got.at("/item/associated_with_all_locations"), json::value(false));
  EXPECT_THAT(Column(got, "/item/locations", "location_id"), ElementsAre(warehouse));
  EXPECT_THAT(Column(got, "/item/locations", "location_name"), ElementsAre("Warehouse"));

  json::value before = Get(id);
  EXPECT_THAT(Inv("PUT", Cat("/items/", id, "/locations/permissions?associated_with_all_locations=false"),
                  R"({"location_ids":["999999"]})"),
              IsApiError(404, 1002, "location_id"));
  EXPECT_EQ(Get(id), before);

  EXPECT_THAT(Inv("PUT", Cat("/items/", id, "/locations/permissions?associated_with_all_locations=true"), "{}"),
              IsApiOk(200, "success"));
  got = Inv("GET", Cat("/items/", id));
  EXPECT_EQ(got.at("/item/associated_with_all_locations"), json::value(true));
  EXPECT_THAT(Column(got, "/item/locations", "location_name"), ElementsAre("Primary Location", "Warehouse"));
}

TEST_F(ItemsApiTest, LocationPermissionsReadAllowedLocationIdsFromTheQuery) {
  std::string warehouse = AddLocation("Warehouse");
  std::string store = AddLocation("Store");
  std::string id = Create("Tea", "T-1");
  EXPECT_THAT(Inv("PUT", Cat("/items/", id, "/locations/permissions?associated_with_all_locations=false",
                             "&allowed_location_ids=", store, "%2C", warehouse)),
              IsApiOk(200, "success"));
  EXPECT_THAT(Column(Inv("GET", Cat("/items/", id)), "/item/locations", "location_name"),
              ElementsAre("Store", "Warehouse"));
  json::value before = Get(id);
  EXPECT_THAT(Inv("PUT", Cat("/items/", id, "/locations/permissions?associated_with_all_locations=false",
                             "&allowed_location_ids=", store, ",abc")),
              IsApiError(400, 4000, "allowed_location_ids"));
  EXPECT_EQ(Get(id), before);
}

TEST_F(ItemsApiTest, BulkLocationPermissionsAreAllOrNothing) {
  std::string warehouse = AddLocation("Warehouse");
  std::string a = Create("Apple", "A");
  std::string b = Create("Banana", "B");
  EXPECT_THAT(Inv("PUT", Cat("/items/locations/permissions?associated_with_all_locations=false&item_ids=", a, ",", b,
                             "&allowed_location_ids=", warehouse)),
              IsApiOk(200, "success"));
  EXPECT_THAT(Column(Inv("GET", Cat("/items/", a)), "/item/locations", "location_name"), ElementsAre("Warehouse"));
  EXPECT_THAT(Column(Inv("GET", Cat("/items/", b)), "/item/locations", "location_name"), ElementsAre("Warehouse"));

  // Item ids may come in the body too; one unknown id changes nothing.
  json::value before = Get(a);
  EXPECT_THAT(Inv("PUT", "/items/locations/permissions?associated_with_all_locations=true",
                  Cat(R"({"item_ids":[")", a, R"(","999999"]})")),
              IsApiError(404, 2006, "item_id"));
  EXPECT_EQ(Get(a), before);
  EXPECT_THAT(Inv("PUT", "/items/locations/permissions?associated_with_all_locations=true", R"({"item_ids":["x"]})"),
              IsApiError(400, 4000, "item_ids"));
  EXPECT_THAT(Inv("PUT", "/items/locations/permissions?associated_with_all_locations=true", "{}"),
              IsApiError(400, 4001, "item_ids"));
  EXPECT_THAT(Inv("PUT", "/items/locations/permissions?associated_with_all_locations=true",
                  Cat(R"({"item_ids":[")", a, R"(",)", b, "]}")),
              IsApiOk(200, "success"));
  EXPECT_EQ(Get(b).at("associated_with_all_locations"), json::value(true));
  EXPECT_THAT(Column(Inv("GET", Cat("/items/", a)), "/item/locations", "location_name"),
              ElementsAre("Primary Location", "Warehouse"));
}

// ---------------------------------------------------------------------------
// List

// Five items created a second apart: names sort Apple, apricot, Banana,
// Cherry, Date (case-insensitively); apricot is inactive, Cherry a service.
class ItemsApiListTest : public ItemsApiTest {
 protected:
  void SetUp() override {
    for (std::string_view body : {
             R"({"name":"Apple","sku":"S-3","rate":3,"reorder_level":5,"description":"Red fruit"})",
             R"({"name":"Banana","sku":"S-1","rate":1.5,"description":"Yellow fruit"})",
             R"({"name":"Cherry","sku":"S-2","rate":10,"reorder_level":5,"product_type":"service",
                 "item_type":"sales","description":"Small"})",
             R"({"name":"apricot","sku":"S-4","rate":7,"status":"inactive","description":"Orange stone fruit"})",
             R"({"name":"Date","sku":"S-5","rate":"3.00","item_type":"sales_and_purchases","description":"Sweet"})",
         }) {
      Create(body);
      clock_.Advance(absl::Seconds(1));
    }
  }
};

TEST_F(ItemsApiListTest, ListsByNameWithDefaultPageContext) {
  ApiReply r = Inv("GET", "/items");
  ASSERT_THAT(r, IsApiOk(200, "success"));
  EXPECT_THAT(Column(r, "/items", "name"), ElementsAre("Apple", "apricot", "Banana", "Cherry", "Date"));
  EXPECT_EQ(r.at("/page_context"), J(R"({"page":1,"per_page":200,"has_more_page":false,
                                         "report_name":"Items","sort_column":"name","sort_order":"A"})"));
  EXPECT_EQ(r.at("/items/0/rate"), json::value(3));
  EXPECT_EQ(r.at("/items/2/rate"), json::value(1.5));
}

TEST_F(ItemsApiListTest, FiltersByStatusAndType) {
  EXPECT_THAT(Names("?filter_by=Status.All"), ElementsAre("Apple", "apricot", "Banana", "Cherry", "Date"));
  EXPECT_THAT(Names("?filter_by=Status.Active"), ElementsAre("Apple", "Banana", "Cherry", "Date"));
  EXPECT_THAT(Names("?filter_by=Status.Inactive"), ElementsAre("apricot"));
  // Low stock: goods with a reorder level above zero and stock (0) at or below it.
  EXPECT_THAT(Names("?filter_by=Status.Lowstock"), ElementsAre("Apple"));
  EXPECT_THAT(Names("?filter_by=ItemType.Service"), ElementsAre("Cherry"));
  EXPECT_THAT(Names("?filter_by=ItemType.Inventory"), ElementsAre("Apple", "apricot", "Banana"));
  EXPECT_THAT(Names("?filter_by=ItemType.Sales"), ElementsAre("Cherry"));
  EXPECT_THAT(Names("?filter_by=ItemType.SalesAndPurchases"), ElementsAre("Date"));
  EXPECT_THAT(Names("?filter_by=ItemType.NonInventory"), ElementsAre("Date"));
  EXPECT_THAT(Names("?status=inactive"), ElementsAre("apricot"));
  EXPECT_THAT(Names("?filter_by=Status.Active&status=inactive"), IsEmpty());

  ApiReply bad = Inv("GET", "/items?filter_by=Status.Lowest");
  EXPECT_THAT(bad, IsApiError(400, 4004, "filter_by"));
  EXPECT_THAT(bad.message(), ::testing::StartsWith("filter_by must be one of: Status.All, Status.Active,"));
  EXPECT_THAT(Inv("GET", "/items?filter_by=status.active"), IsApiError(400, 4004, "filter_by"));
  EXPECT_THAT(Inv("GET", "/items?status=archived"), IsApiError(400, 4004, "status"));
}

TEST_F(ItemsApiListTest, LowStockFollowsTheReorderLevel) {
  std::string apple = Column(Inv("GET", "/items?name=Apple"), "/items", "item_id").at(0);
  ASSERT_THAT(Inv("PUT", Cat("/items/", apple), R"({"reorder_level":0})"),
              IsApiOk(200, "Item details have been updated"));
  EXPECT_THAT(Names("?filter_by=Status.Lowstock"), IsEmpty());
  std::string banana = Column(Inv("GET", "/items?name=banana"), "/items", "item_id").at(0);
  ASSERT_THAT(Inv("PUT", Cat("/items/", banana), R"({"reorder_level":"0.5"})"),
              IsApiOk(200, "Item details have been updated"));
  EXPECT_THAT(Names("?filter_by=Status.Lowstock"), ElementsAre("Banana"));
}

TEST_F(ItemsApiListTest, SortsByColumnAndOrder) {
  EXPECT_THAT(Names("?sort_column=name&sort_order=A"), ElementsAre("Apple", "apricot", "Banana", "Cherry", "Date"));
  EXPECT_THAT(Names("?sort_column=name&sort_order=D"), ElementsAre("Date", "Cherry", "Banana", "apricot", "Apple"));
  // Equal rates (Apple and Date at 3) are ordered by name; D is the exact reverse of A.
  EXPECT_THAT(Names("?sort_column=rate&sort_order=A"), ElementsAre("Banana", "Apple", "Date", "apricot", "Cherry"));
  EXPECT_THAT(Names("?sort_column=rate&sort_order=D"), ElementsAre("Cherry", "apricot", "Date", "Apple", "Banana"));
  EXPECT_THAT(Names("?sort_column=sku"), ElementsAre("Banana", "Cherry", "Apple", "apricot", "Date"));
  EXPECT_THAT(Names("?sort_column=created_time&sort_order=D"),
              ElementsAre("Date", "apricot", "Cherry", "Banana", "Apple"));
  EXPECT_THAT(Names("?sort_column=reorder_level&sort_order=D"),
              ElementsAre("Cherry", "Apple", "Date", "Banana", "apricot"));

  ApiReply r = Inv("GET", "/items?sort_column=rate&sort_order=D&filter_by=Status.Active");
  EXPECT_THAT(Column(r, "/items", "name"), ElementsAre("Cherry", "Date", "Apple", "Banana"));
  EXPECT_EQ(r.at("/page_context/sort_column"), json::value("rate"));
  EXPECT_EQ(r.at("/page_context/sort_order"), json::value("D"));

  EXPECT_THAT(Inv("GET", "/items?sort_column=colour"), IsApiError(400, 4004, "sort_column"));
  EXPECT_THAT(Inv("GET", "/items?sort_order=X"), IsApiError(400, 4004, "sort_order"));
  EXPECT_THAT(Inv("GET", "/items?sort_order=a"), IsApiError(400, 4004, "sort_order"));
}

TEST_F(ItemsApiListTest, BooksTextAndRateFilters) {
  EXPECT_THAT(BooksNames("?name_startswith=ap"), ElementsAre("Apple", "apricot"));
  EXPECT_THAT(BooksNames("?name_startswith=AP&sort_order=D&sort_column=name"), ElementsAre("apricot", "Apple"));
  EXPECT_THAT(BooksNames("?name_contains=AN"), ElementsAre("Banana"));
  EXPECT_THAT(BooksNames("?name=date"), ElementsAre("Date"));
  EXPECT_THAT(BooksNames("?description_contains=fruit"), ElementsAre("Apple", "apricot", "Banana"));
  EXPECT_THAT(BooksNames("?description_startswith=orange"), ElementsAre("apricot"));
  EXPECT_THAT(BooksNames("?search_text=sweet"), ElementsAre("Date"));
  EXPECT_THAT(BooksNames("?search_text=CHERRY"), ElementsAre("Cherry"));
  EXPECT_THAT(BooksNames("?search_text=stone%20fruit"), ElementsAre("apricot"));
  EXPECT_THAT(BooksNames("?search_text=stone+fruit"), ElementsAre("apricot"));
  EXPECT_THAT(BooksNames("?rate_less_than=3"), ElementsAre("Banana"));
  EXPECT_THAT(BooksNames("?rate_less_equals=3"), ElementsAre("Apple", "Banana", "Date"));
  EXPECT_THAT(BooksNames("?rate_greater_equals=7"), ElementsAre("apricot", "Cherry"));
  EXPECT_THAT(BooksNames("?rate_greater_than=7"), ElementsAre("Cherry"));
  EXPECT_THAT(BooksNames("?rate=3"), ElementsAre("Apple", "Date"));
  EXPECT_THAT(BooksNames("?filter_by=Status.Active&rate_greater_equals=3&rate_less_than=10"),
              ElementsAre("Apple", "Date"));
  EXPECT_THAT(Books("GET", "/items?rate_less_than=cheap"), IsApiError(400, 4000, "rate_less_than"));
}

TEST_F(ItemsApiListTest, PagesThroughTheList) {
  ApiReply p1 = Inv("GET", "/items?per_page=2");
  EXPECT_THAT(Column(p1, "/items", "name"), ElementsAre("Apple", "apricot"));
  EXPECT_EQ(p1.at("/page_context"), J(R"({"page":1,"per_page":2,"has_more_page":true,
                                          "report_name":"Items","sort_column":"name","sort_order":"A"})"));
  ApiReply p2 = Inv("GET", "/items?page=2&per_page=2");
  EXPECT_THAT(Column(p2, "/items", "name"), ElementsAre("Banana", "Cherry"));
  EXPECT_EQ(p2.at("/page_context/has_more_page"), json::value(true));
  ApiReply p3 = Inv("GET", "/items?page=3&per_page=2");
  EXPECT_THAT(Column(p3, "/items", "name"), ElementsAre("Date"));
  EXPECT_EQ(p3.at("/page_context"), J(R"({"page":3,"per_page":2,"has_more_page":false,
                                          "report_name":"Items","sort_column":"name","sort_order":"A"})"));
  ApiReply p4 = Inv("GET", "/items?page=4&per_page=2");
  EXPECT_THAT(Column(p4, "/items", "name"), IsEmpty());
  EXPECT_EQ(p4.at("/page_context/has_more_page"), json::value(false));
  // Exactly full pages have no more page.
  EXPECT_EQ(Inv("GET", "/items?per_page=5").at("/page_context/has_more_page"), json::value(false));
  // Pages of a sorted, filtered list.
  ApiReply sorted = Books("GET", "/items?sort_column=rate&sort_order=D&page=2&per_page=2");
  EXPECT_THAT(Column(sorted, "/items", "name"), ElementsAre("Date", "Apple"));
  EXPECT_EQ(sorted.at("/page_context"), J(R"({"page":2,"per_page":2,"has_more_page":true,
                                              "report_name":"Items","sort_column":"rate","sort_order":"D"})"));

  EXPECT_THAT(Inv("GET", "/items?per_page=0"), IsApiError(400, 4000, "per_page"));
  EXPECT_THAT(Inv("GET", "/items?per_page=1001"), IsApiError(400, 4000, "per_page"));
  EXPECT_THAT(Inv("GET", "/items?page=0"), IsApiError(400, 4000, "page"));
  EXPECT_THAT(Inv("GET", "/items?page=two"), IsApiError(400, 4000, "page"));
  EXPECT_EQ(Inv("GET", "/items?per_page=1000").at("/page_context/per_page"), json::value(1000));
}

TEST_F(ItemsApiTest, DefaultPageHoldsTwoHundredItems) {
  {
    Transaction txn = engine().BeginTransaction();
    for (int i = 0; i < 201; ++i) {
      char name[24];  // room for any int: -O1 builds warn (-Wformat-truncation) at 16
      std::snprintf(name, sizeof name, "Item %03d", i);
      ASSERT_TRUE(txn.CreateItem({.name = name}).ok());
    }
    ASSERT_TRUE(txn.Commit().ok());
  }
  ApiReply p1 = Inv("GET", "/items");
  std::vector<std::string> names = Column(p1, "/items", "name");
  ASSERT_EQ(names.size(), 200u);
  EXPECT_EQ(names.front(), "Item 000");
  EXPECT_EQ(names.back(), "Item 199");
  EXPECT_EQ(p1.at("/page_context/has_more_page"), json::value(true));
  EXPECT_THAT(Names("?page=2"), ElementsAre("Item 200"));
}

// ---------------------------------------------------------------------------
// Books specifics

TEST_F(ItemsApiTest, BooksCreateRequiresRateAndDefaultsToSales) {
  EXPECT_THAT(Books("POST", "/items", R"({"name":"Hard Drive"})"), IsApiError(400, 4001, "rate"));
  EXPECT_THAT(Books("POST", "/items", R"({"name":"Hard Drive","rate":""})"), IsApiError(400, 4001, "rate"));
  ApiReply r = Books("POST", "/items", R"({"name":"Hard Drive","rate":120,"sku":"s12345"})");
  ASSERT_THAT(r, IsApiOk(201, "The item has been added."));
  EXPECT_EQ(r.at("/item/item_type"), json::value("sales"));
  EXPECT_EQ(r.at("/item/rate"), json::value(120));
  // The Inventory flavour defaults to inventory items and does not require a rate.
  ApiReply inv = Inv("POST", "/items", R"({"name":"Cable"})");
  ASSERT_THAT(inv, IsApiOk(201, "The item has been added."));
  EXPECT_EQ(inv.at("/item/item_type"), json::value("inventory"));
  EXPECT_EQ(inv.at("/item/rate"), json::value(0));
}

TEST_F(ItemsApiTest, BooksUpsertUpdatesTheItemWithTheCustomFieldValue) {
  Create(R"({"name":"Other","sku":"O-1","custom_fields":[{"customfield_id":"1","api_name":"cf_unique_cf","label":"Unique","value":"v0"}]})");
  std::string id = Create(R"({"name":"Hard Drive","sku":"HD-1","rate":100,
      "custom_fields":[{"customfield_id":"1","api_name":"cf_unique_cf","label":"Unique","value":"v1"}]})");
  ApiReply r = Books("PUT", "/items", R"({"rate":120,"description":"500GB"})",
                     {{"X-Unique-Identifier-Key", "cf_unique_cf"}, {"X-Unique-Identifier-Value", "v1"}});
  ASSERT_THAT(r, IsApiOk(200, "Item details have been saved."));
  EXPECT_EQ(r.at("/item/item_id"), json::value(id));
  EXPECT_EQ(r.at("/item/rate"), json::value(120));
  EXPECT_EQ(r.at("/item/name"), json::value("Hard Drive"));
  json::value item = Get(id);
  EXPECT_EQ(item.at("description"), json::value("500GB"));
  EXPECT_EQ(item.at("sku"), json::value("HD-1"));
  EXPECT_THAT(Names(), ElementsAre("Hard Drive", "Other"));
  // Header names are case-insensitive.
  EXPECT_THAT(Books("PUT", "/items", R"({"rate":130})",
                    {{"x-unique-identifier-key", "cf_unique_cf"}, {"X-UNIQUE-IDENTIFIER-VALUE", "v1"}}),
              IsApiOk(200, "Item details have been saved."));
  EXPECT_EQ(Get(id).at("rate"), json::value(130));
}

TEST_F(ItemsApiTest, BooksUpsertWithoutAMatchIs404UnlessUpsert) {
  Create("Other", "O-1");
  const std::string before = DumpEngine(engine());
  Headers headers = {{"X-Unique-Identifier-Key", "cf_unique_cf"}, {"X-Unique-Identifier-Value", "v1"}};
  ApiReply r = Books("PUT", "/items", R"({"name":"Hard Drive","rate":120})", headers);
  EXPECT_THAT(r, IsApiError(404, 2006, "X-Unique-Identifier-Value"));
  EXPECT_THAT(Books("PUT", "/items", R"({"name":"Hard Drive","rate":120})",
                    {{"X-Unique-Identifier-Key", "cf_unique_cf"}, {"X-Unique-Identifier-Value", "v1"},
                     {"X-Upsert", "false"}}),
              IsApiError(404, 2006, "X-Unique-Identifier-Value"));
  EXPECT_EQ(DumpEngine(engine()), before);

  EXPECT_THAT(Books("PUT", "/items", R"({"rate":1})", {{"X-Unique-Identifier-Value", "v1"}}),
              IsApiError(400, 4001, "X-Unique-Identifier-Key"));
  EXPECT_THAT(Books("PUT", "/items", R"({"rate":1})", {{"X-Unique-Identifier-Key", "cf_unique_cf"}}),
              IsApiError(400, 4001, "X-Unique-Identifier-Value"));
  EXPECT_EQ(DumpEngine(engine()), before);
}

TEST_F(ItemsApiTest, BooksUpsertCreatesAnItemCarryingTheCustomField) {
  Headers headers = {{"X-Unique-Identifier-Key", "cf_unique_cf"},
                     {"X-Unique-Identifier-Value", "v1"},
                     {"X-Upsert", "true"}};
  ApiReply r = Books("PUT", "/items", R"({"name":"Hard Drive","rate":120,"sku":"s12345"})", headers);
  ASSERT_THAT(r, IsApiOk(201, "The item has been added."));
  std::string id = r.str("/item/item_id");
  EXPECT_EQ(r.at("/item/name"), json::value("Hard Drive"));
  EXPECT_EQ(r.at("/item/item_type"), json::value("sales"));
  EXPECT_EQ(r.at("/item/custom_fields"),
            J(R"([{"customfield_id":"","api_name":"cf_unique_cf","label":"cf_unique_cf","value":"v1"}])"));
  EXPECT_EQ(Get(id), r.at("/item"));

  // The same request again finds the item it created: an update, not a second item.
  ApiReply again = Books("PUT", "/items", R"({"name":"Hard Drive","rate":125})", headers);
  ASSERT_THAT(again, IsApiOk(200, "Item details have been saved."));
  EXPECT_EQ(again.at("/item/item_id"), json::value(id));
  EXPECT_EQ(again.at("/item/rate"), json::value(125));
  EXPECT_THAT(Names(), ElementsAre("Hard Drive"));

  // A create that breaks a rule creates nothing.
  Headers other = {{"X-Unique-Identifier-Key", "cf_unique_cf"},
                   {"X-Unique-Identifier-Value", "v2"},
                   {"X-Upsert", "true"}};
  EXPECT_THAT(Books("PUT", "/items", R"({"name":"Second","rate":1,"sku":"S12345"})", other),
              IsApiError(400, 4003, "sku"));
  EXPECT_THAT(Books("PUT", "/items", R"({"rate":1})", other), IsApiError(400, 4001, "name"));
  EXPECT_THAT(Names(), ElementsAre("Hard Drive"));
}

// ---------------------------------------------------------------------------
// invctl jsonl lines

TEST_F(ItemsApiTest, HandleLineAnswersStatusAndBody) {
  std::string out = api_.HandleLine(
      R"({"method":"POST","path":"/inventory/v1/items?organization_id=1","body":{"name":"Tea","rate":6.99}})");
  EXPECT_EQ(out.find('\n'), std::string::npos);
  json::value v = J(out);
  ASSERT_TRUE(v.is_object()) << out;
  EXPECT_EQ(v.as_object().size(), 2u) << out;
  EXPECT_EQ(v.at("status"), json::value(201));
  EXPECT_EQ(v.at("body").at("code"), json::value(0));
  EXPECT_EQ(v.at("body").at("message"), json::value("The item has been added."));
  EXPECT_EQ(v.at("body").at("item").at("rate"), json::value(6.99));
  std::string id(v.at("body").at("item").at("item_id").as_string());

  // The body may also be given as JSON text; headers as an object.
  json::value got = J(api_.HandleLine(
      Cat(R"({"method":"GET","path":"/inventory/v1/items/)", id, R"(?organization_id=1","body":""})")));
  EXPECT_EQ(got.at("status"), json::value(200));
  EXPECT_EQ(got.at("body").at("item").at("name"), json::value("Tea"));
  json::value put = J(api_.HandleLine(
      Cat(R"({"method":"PUT","path":"/inventory/v1/items/)", id,
          R"(?organization_id=1","body":"{\"rate\":7}","headers":{"X-Trace":"1"}})")));
  EXPECT_EQ(put.at("status"), json::value(200));
  EXPECT_EQ(put.at("body").at("item").at("rate"), json::value(7));
  json::value missing = J(api_.HandleLine(R"({"method":"GET","path":"/inventory/v1/items/999999?organization_id=1"})"));
  EXPECT_EQ(missing.at("status"), json::value(404));
  EXPECT_EQ(missing.at("body").at("code"), json::value(2006));
}

TEST_F(ItemsApiTest, HandleLineCarriesHeaders) {
  std::string line = R"({"method":"PUT","path":"/books/v3/items?organization_id=1",
      "headers":{"X-Unique-Identifier-Key":"cf_unique_cf","X-Unique-Identifier-Value":"v1","X-Upsert":"true"},
      "body":{"name":"Hard Drive","rate":120}})";
  // One line of jsonl: no newlines inside.
  std::erase(line, '\n');
  json::value v = J(api_.HandleLine(line));
  EXPECT_EQ(v.at("status"), json::value(201));
  EXPECT_EQ(v.at("body").at("item").at("custom_fields").at(0).at("value"), json::value("v1"));
}

TEST_F(ItemsApiTest, HandleLineAnswersMalformedLinesWithAnError) {
  for (std::string_view line : {R"({"method":"GET",)", "", "not json", "[1,2]", "42"}) {
    SCOPED_TRACE(line);
    json::value v = J(api_.HandleLine(line));
    EXPECT_EQ(v.at("status"), json::value(400));
    EXPECT_EQ(v.at("body").at("code"), json::value(4006));
    EXPECT_EQ(v.at("body").at("field"), json::value("line"));
  }
  json::value no_method = J(api_.HandleLine(R"({"path":"/inventory/v1/items?organization_id=1"})"));
  EXPECT_EQ(no_method.at("status"), json::value(400));
  EXPECT_EQ(no_method.at("body"), J(R"({"code":4006,"message":"method is required.","field":"method"})"));
  json::value bad_method = J(api_.HandleLine(R"({"method":7,"path":"/inventory/v1/items?organization_id=1"})"));
  EXPECT_EQ(bad_method.at("body").at("field"), json::value("method"));
  json::value no_path = J(api_.HandleLine(R"({"method":"GET"})"));
  EXPECT_EQ(no_path.at("status"), json::value(400));
  EXPECT_EQ(no_path.at("body").at("field"), json::value("path"));
  EXPECT_EQ(no_path.at("body").at("code"), json::value(4006));
  EXPECT_THAT(Names(), IsEmpty());
}

}  // namespace
}  // namespace inventory
