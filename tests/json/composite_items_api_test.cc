// The composite item endpoints of the JSON facade (/inventory/v1/compositeitems),
// driven through JsonApi::Handle with exact statuses, codes, messages and
// fields. Every refused write is followed by a check that nothing changed.
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
using ::inventory::testutil::FrozenClock;
using ::inventory::testutil::IsApiError;
using ::inventory::testutil::IsApiOk;
using ::inventory::testutil::Send;
using ::inventory::testutil::Url;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;

constexpr char kItemInUse[] =
    "Items which are a part of other transactions cannot be deleted. Instead, mark them as inactive";

json::object Fields(const ApiReply& r) {
  json::object o = r.body();
  o.erase("code");
  o.erase("message");
  return o;
}

class CompositeItemsApiTest : public ApiTest {
 protected:
  void SetUp() override {
    frame_ = CreateItem(R"({"name":"Frame","sku":"FR-1","rate":40,"purchase_rate":25,"unit":"pcs"})");
    wheel_ = CreateItem(R"({"name":"Wheel","sku":"WH-1","rate":15,"purchase_rate":8})");
    // A service component: not goods, not an inventory item.
    service_ = CreateItem(
        R"({"name":"Assembly","sku":"SV-1","rate":20,"item_type":"sales","product_type":"service"})");
  }


  // A composite create body: every required field, mapping `mapped` (JSON
  // array text), with `extra` (",\"key\":value...") appended.
  static std::string Body(std::string_view name, std::string_view sku, std::string_view rate,
                          std::string_view mapped, std::string_view extra = "") {
    return Cat(R"({"name":")", name, R"(","sku":")", sku, R"(","rate":)", rate,
               R"(,"item_type":"inventory","product_type":"goods","mapped_items":)", mapped, extra, "}");
  }
  static std::string One(const std::string& item_id, std::string_view quantity = "1") {
    return Cat(R"([{"item_id":")", item_id, R"(","quantity":)", quantity, "}]");
  }
  // Creates a composite; returns its composite_item_id.
  std::string CreateComposite(const std::string& body) {
    ApiReply r = Inv("POST", "/compositeitems", body);
    EXPECT_THAT(r, IsApiOk(201, "The item has been added."));
    return r.str("/composite_item/composite_item_id");
  }
  std::vector<std::string> CompositeNames(std::string_view query = "") {
    ApiReply r = Inv("GET", Cat("/compositeitems", query));
    EXPECT_THAT(r, IsApiOk(200, "success"));
    return Column(r, "/composite_items", "name");
  }
  std::string State() {
    return Cat(DumpEngine(api_.Organization("1")), "\n", Inv("GET", "/compositeitems").text, "\n",
               Inv("GET", "/items").text);
  }

  std::string frame_, wheel_, service_;
};

// ---------------------------------------------------------------------------
// Create

TEST_F(CompositeItemsApiTest, CreateAnswersTheCompositeItem) {
  ApiReply r = Inv("POST", "/compositeitems",
                   Body("Bike", "BK-1", "250",
                        Cat(R"([{"item_id":")", frame_, R"(","quantity":1},{"item_id":")", wheel_,
                            R"(","quantity":2},{"item_id":")", service_, R"(","quantity":1.5}])"),
                        R"(,"purchase_rate":120,"unit":"pcs","description":"A bike")"));
  ASSERT_THAT(r, IsApiOk(201, "The item has been added."));
  std::string id = r.str("/composite_item/composite_item_id");
  EXPECT_THAT(id, MatchesRegex("[1-9][0-9]*"));
  EXPECT_EQ(r.at("/composite_item/is_combo_product"), json::value(true));
  EXPECT_EQ(r.str("/composite_item/name"), "Bike");
  EXPECT_EQ(r.str("/composite_item/sku"), "BK-1");
  EXPECT_EQ(r.str("/composite_item/unit"), "pcs");
  EXPECT_EQ(r.str("/composite_item/description"), "A bike");
  EXPECT_EQ(r.at("/composite_item/rate"), json::value(250));
  EXPECT_EQ(r.at("/composite_item/purchase_rate"), json::value(120));
  EXPECT_EQ(r.str("/composite_item/item_type"), "inventory");
  EXPECT_EQ(r.str("/composite_item/product_type"), "goods");
  EXPECT_EQ(r.str("/composite_item/status"), "active");

  EXPECT_THAT(Column(r, "/composite_item/mapped_items", "item_id"), ElementsAre(frame_, wheel_, service_));
  EXPECT_THAT(Column(r, "/composite_item/mapped_items", "name"), ElementsAre("Frame", "Wheel", "Assembly"));
  EXPECT_THAT(Column(r, "/composite_item/mapped_items", "sku"), ElementsAre("FR-1", "WH-1", "SV-1"));
  EXPECT_EQ(r.at("/composite_item/mapped_items/0/quantity"), json::value(1));
  EXPECT_EQ(r.at("/composite_item/mapped_items/1/quantity"), json::value(2));
  EXPECT_EQ(r.at("/composite_item/mapped_items/2/quantity"), json::value(1.5));
  EXPECT_EQ(r.at("/composite_item/mapped_items/0/rate"), json::value(40));
  EXPECT_EQ(r.str("/composite_item/mapped_items/0/unit"), "pcs");
  EXPECT_EQ(r.at("/composite_item/mapped_items/0/is_combo_product"), json::value(false));
  EXPECT_EQ(r.str("/composite_item/mapped_items/2/product_type"), "service");
  EXPECT_EQ(r.str("/composite_item/mapped_items/2/item_type"), "sales");

  // GET answers the same fields beside code and message.
  ApiReply got = Inv("GET", Cat("/compositeitems/", id));
  ASSERT_THAT(got, IsApiOk(200, "success"));
  EXPECT_FALSE(got.has("/composite_item"));
  EXPECT_EQ(json::value(Fields(got)), r.at("/composite_item"));
}

TEST_F(CompositeItemsApiTest, EachRequiredFieldIsNamedWhenMissing) {
  const std::string before = State();
  const json::object full =
      json::parse(Body("Bike", "BK-1", "250", One(frame_))).as_object();
  for (std::string_view key : {"name", "sku", "mapped_items", "rate", "item_type", "product_type"}) {
    json::object body = full;
    body.erase(key);
    ApiReply r = Inv("POST", "/compositeitems", json::serialize(body));
    EXPECT_THAT(r, IsApiError(400, 4001, key));
    EXPECT_EQ(r.message(), Cat(key, " is required."));
    body = full;
    body[key] = "  ";
    EXPECT_THAT(Inv("POST", "/compositeitems", json::serialize(body)), IsApiError(400, 4001, key));
  }
  ApiReply r = Inv("POST", "/compositeitems", Body("Bike", "BK-1", "250", "[]"));
  EXPECT_THAT(r, IsApiError(400, 4001, "mapped_items"));
  EXPECT_EQ(r.message(), "mapped_items must list at least one item.");
  EXPECT_THAT(Inv("POST", "/compositeitems", Body("Bike", "BK-1", "250", R"([{"quantity":1}])")),
              IsApiError(400, 4001, "mapped_items[0].item_id"));
  EXPECT_THAT(Inv("POST", "/compositeitems", Body("Bike", "BK-1", "250", Cat(R"([{"item_id":")", frame_, R"("}])"))),
              IsApiError(400, 4001, "mapped_items[0].quantity"));
  EXPECT_EQ(State(), before);
  EXPECT_THAT(CompositeNames(), IsEmpty());
}

TEST_F(CompositeItemsApiTest, ItemTypeMustBeInventory) {
  const std::string before = State();
  json::object o = json::parse(Body("Bike", "BK-1", "250", One(frame_))).as_object();
  o["item_type"] = "sales";
  ApiReply r = Inv("POST", "/compositeitems", json::serialize(o));
  EXPECT_THAT(r, IsApiError(400, 4004, "item_type"));
  EXPECT_EQ(r.message(), "item_type of a composite item must be inventory.");
  o["item_type"] = "weird";
  EXPECT_THAT(Inv("POST", "/compositeitems", json::serialize(o)), IsApiError(400, 4004, "item_type"));
  o["item_type"] = "inventory";
  o["product_type"] = "hardware";
  r = Inv("POST", "/compositeitems", json::serialize(o));
  EXPECT_THAT(r, IsApiError(400, 4004, "product_type"));
  EXPECT_EQ(r.message(), "product_type must be one of: goods, service, digital_service.");
  EXPECT_EQ(State(), before);
}

TEST_F(CompositeItemsApiTest, ComponentsMustExistOnceWithAPositiveQuantity) {
  const std::string before = State();
  ApiReply r = Inv("POST", "/compositeitems", Body("Bike", "BK-1", "250", One("999999")));
  EXPECT_THAT(r, IsApiError(404, 2006, "mapped_items[0].item_id"));
  EXPECT_EQ(r.message(), "Item does not exist (item_id 999999)");

  r = Inv("POST", "/compositeitems",
          Body("Bike", "BK-1", "250",
               Cat(R"([{"item_id":")", frame_, R"(","quantity":1},{"item_id":)", frame_, R"(,"quantity":2}])")));
  EXPECT_THAT(r, IsApiError(400, 4000, "mapped_items[1].item_id"));
  EXPECT_EQ(r.message(), Cat("The item ", frame_, " appears more than once in mapped_items."));

  r = Inv("POST", "/compositeitems", Body("Bike", "BK-1", "250", One(frame_, "0")));
  EXPECT_THAT(r, IsApiError(400, 4000, "mapped_items[0].quantity"));
  EXPECT_EQ(r.message(), "quantity of a mapped item must be greater than 0.");
  EXPECT_THAT(Inv("POST", "/compositeitems", Body("Bike", "BK-1", "250", One(frame_, "-1"))),
              IsApiError(400, 4000, "mapped_items[0].quantity"));
  EXPECT_THAT(Inv("POST", "/compositeitems", Body("Bike", "BK-1", "250", One(frame_, "\"two\""))),
              IsApiError(400, 4000, "mapped_items[0].quantity"));
  EXPECT_THAT(Inv("POST", "/compositeitems", Body("Bike", "BK-1", "250", One("frame"))),
              IsApiError(400, 4000, "mapped_items[0].item_id"));
  EXPECT_EQ(State(), before);
}

TEST_F(CompositeItemsApiTest, SkuIsUniqueAcrossItemsAndComposites) {
  const std::string before = State();
  // Trimmed and without case, the SKU is the Frame's.
  ApiReply r = Inv("POST", "/compositeitems", Body("Bike", " fr-1 ", "250", One(frame_)));
  EXPECT_THAT(r, IsApiError(400, 4003, "sku"));
  EXPECT_EQ(r.message(), "The SKU 'fr-1' is already used by the item 'Frame'.");
  EXPECT_EQ(State(), before);

  CreateComposite(Body("Bike", "BK-1", "250", One(frame_)));
  const std::string after = State();
  EXPECT_THAT(Inv("POST", "/items", R"({"name":"Bike bell","sku":"bk-1"})"), IsApiError(400, 4003, "sku"));
  EXPECT_THAT(Inv("POST", "/compositeitems", Body("Trike", "BK-1", "300", One(wheel_))),
              IsApiError(400, 4003, "sku"));
  EXPECT_EQ(State(), after);
}

TEST_F(CompositeItemsApiTest, ACompositeCannotContainItself) {
  std::string a = CreateComposite(Body("Wheelset", "WS-1", "30", One(wheel_, "2")));
  std::string b = CreateComposite(Body("Bike", "BK-1", "250", Cat(R"([{"item_id":")", frame_,
                                                                  R"(","quantity":1},{"item_id":")", a,
                                                                  R"(","quantity":1}])")));
  const std::string before = State();

  // B maps A; A may not map B.
  ApiReply r = Inv("PUT", Cat("/compositeitems/", a), Cat(R"({"mapped_items":)", One(b), "}"));
  EXPECT_THAT(r, IsApiError(400, 4010, "mapped_items[0].item_id"));
  EXPECT_EQ(r.message(), Cat("A composite item cannot contain itself: item ", b, " already contains it."));
  r = Inv("PUT", Cat("/compositeitems/", a), Cat(R"({"mapped_items":)", One(a), "}"));
  EXPECT_THAT(r, IsApiError(400, 4010, "mapped_items[0].item_id"));
  EXPECT_EQ(r.message(), "A composite item cannot contain itself.");
  EXPECT_EQ(State(), before);

  ApiReply got = Inv("GET", Cat("/compositeitems/", a));
  EXPECT_THAT(Column(got, "/mapped_items", "item_id"), ElementsAre(wheel_));
  // A composite as a component shows as one.
  got = Inv("GET", Cat("/compositeitems/", b));
  EXPECT_EQ(got.at("/mapped_items/1/is_combo_product"), json::value(true));
}

// ---------------------------------------------------------------------------
// List and get

TEST_F(CompositeItemsApiTest, ListsOnlyCompositesWithFiltersSortAndPages) {
  std::string bike = CreateComposite(Body("Bike", "BK-1", "250", One(frame_)));
  std::string kit = CreateComposite(Body("Repair kit", "KIT-1", "99.5", One(service_)));
  CreateComposite(Body("Trike", "TR-1", "300", One(wheel_, "3")));

  ApiReply r = Inv("GET", "/compositeitems");
  ASSERT_THAT(r, IsApiOk(200, "success"));
  EXPECT_THAT(Column(r, "/composite_items", "name"), ElementsAre("Bike", "Repair kit", "Trike"));
  EXPECT_EQ(r.at("/page_context"), json::parse(R"({"page":1,"per_page":200,"has_more_page":false,
      "report_name":"Composite Items","sort_column":"name","sort_order":"A"})"));
  EXPECT_EQ(r.at("/composite_items/0"), json::value(Fields(Inv("GET", Cat("/compositeitems/", bike)))));

  r = Inv("GET", "/compositeitems?sort_column=rate&sort_order=D");
  EXPECT_THAT(Column(r, "/composite_items", "name"), ElementsAre("Trike", "Bike", "Repair kit"));
  EXPECT_EQ(r.at("/page_context/sort_column"), json::value("rate"));
  EXPECT_EQ(r.at("/page_context/sort_order"), json::value("D"));
  EXPECT_THAT(CompositeNames("?sort_column=rate"), ElementsAre("Repair kit", "Bike", "Trike"));

  ASSERT_THAT(Inv("POST", Cat("/compositeitems/", kit, "/inactive")),
              IsApiOk(200, "The item has been marked as inactive."));
  EXPECT_THAT(CompositeNames("?filter_by=Status.Inactive"), ElementsAre("Repair kit"));
  EXPECT_THAT(CompositeNames("?filter_by=Status.Active"), ElementsAre("Bike", "Trike"));
  EXPECT_THAT(CompositeNames("?filter_by=Status.All"), ElementsAre("Bike", "Repair kit", "Trike"));

  r = Inv("GET", "/compositeitems?per_page=2&page=2");
  EXPECT_THAT(Column(r, "/composite_items", "name"), ElementsAre("Trike"));
  EXPECT_EQ(r.at("/page_context/has_more_page"), json::value(false));
  r = Inv("GET", "/compositeitems?per_page=2");
  EXPECT_EQ(r.at("/page_context/has_more_page"), json::value(true));

  r = Inv("GET", "/compositeitems?sort_column=stock_on_hand");
  EXPECT_THAT(r, IsApiError(400, 4004, "sort_column"));
  EXPECT_THAT(Inv("GET", "/compositeitems?filter_by=Status.Grouped"), IsApiError(400, 4004, "filter_by"));
  EXPECT_THAT(Inv("GET", "/compositeitems?sort_order=Z"), IsApiError(400, 4004, "sort_order"));
}

TEST_F(CompositeItemsApiTest, APlainItemIsNotAComposite) {
  const std::string before = State();
  ApiReply r = Inv("GET", Cat("/compositeitems/", frame_));
  EXPECT_THAT(r, IsApiError(404, 1002, "composite_item_id"));
  EXPECT_EQ(r.message(), Cat("Composite item does not exist. (composite_item_id ", frame_, ")"));
  EXPECT_THAT(Inv("GET", "/compositeitems/999"), IsApiError(404, 1002, "composite_item_id"));
  EXPECT_THAT(Inv("PUT", Cat("/compositeitems/", frame_), R"({"rate":1})"),
              IsApiError(404, 1002, "composite_item_id"));
  EXPECT_THAT(Inv("DELETE", Cat("/compositeitems/", frame_)), IsApiError(404, 1002, "composite_item_id"));
  EXPECT_THAT(Inv("POST", Cat("/compositeitems/", frame_, "/inactive")),
              IsApiError(404, 1002, "composite_item_id"));
  EXPECT_THAT(Inv("POST", Cat("/compositeitems/", frame_, "/active")),
              IsApiError(404, 1002, "composite_item_id"));
  EXPECT_THAT(Inv("GET", "/compositeitems/bike"), IsApiError(400, 4000, "composite_item_id"));
  EXPECT_EQ(State(), before);
}

// ---------------------------------------------------------------------------
// Update, delete, active / inactive

TEST_F(CompositeItemsApiTest, UpdateSavesTheGivenFields) {
  std::string bike = CreateComposite(Body("Bike", "BK-1", "250", One(frame_), R"(,"description":"A bike")"));
  ApiReply r = Inv("PUT", Cat("/compositeitems/", bike),
                   Cat(R"({"rate":260,"mapped_items":[{"item_id":")", frame_, R"(","quantity":1},{"item_id":")",
                       wheel_, R"(","quantity":3}]})"));
  ASSERT_THAT(r, IsApiOk(200, "Item details have been saved."));
  EXPECT_EQ(r.str("/composite_item/composite_item_id"), bike);
  EXPECT_EQ(r.at("/composite_item/rate"), json::value(260));
  EXPECT_EQ(r.str("/composite_item/name"), "Bike");
  EXPECT_EQ(r.str("/composite_item/description"), "A bike");
  EXPECT_THAT(Column(r, "/composite_item/mapped_items", "name"), ElementsAre("Frame", "Wheel"));
  EXPECT_EQ(r.at("/composite_item/mapped_items/1/quantity"), json::value(3));
  EXPECT_EQ(json::value(Fields(Inv("GET", Cat("/compositeitems/", bike)))), r.at("/composite_item"));

  // Without mapped_items the mapping is kept.
  r = Inv("PUT", Cat("/compositeitems/", bike), R"({"name":"Road bike"})");
  ASSERT_THAT(r, IsApiOk(200, "Item details have been saved."));
  EXPECT_EQ(r.str("/composite_item/name"), "Road bike");
  EXPECT_THAT(Column(r, "/composite_item/mapped_items", "name"), ElementsAre("Frame", "Wheel"));
}

TEST_F(CompositeItemsApiTest, PuttingBackWhatGetAnswersChangesNothing) {
  std::string bike = CreateComposite(Body("Bike", "BK-1", "250", Cat(R"([{"item_id":")", frame_,
                                                                     R"(","quantity":1},{"item_id":")", service_,
                                                                     R"(","quantity":0.5}])"),
                                          R"(,"ean":"0400638133393","upc":123456789012)"));
  ApiReply got = Inv("GET", Cat("/compositeitems/", bike));
  ASSERT_THAT(got, IsApiOk(200, "success"));
  // Barcodes are strings in composite answers.
  EXPECT_EQ(got.at("/upc"), json::value("123456789012"));
  EXPECT_EQ(got.at("/ean"), json::value("0400638133393"));
  ApiReply put = Inv("PUT", Cat("/compositeitems/", bike), got.text);
  ASSERT_THAT(put, IsApiOk(200, "Item details have been saved."));
  EXPECT_EQ(put.at("/composite_item"), json::value(Fields(got)));
  EXPECT_EQ(Inv("GET", Cat("/compositeitems/", bike)).text, got.text);
}

TEST_F(CompositeItemsApiTest, RefusedUpdatesChangeNothing) {
  std::string bike = CreateComposite(Body("Bike", "BK-1", "250", One(frame_)));
  const std::string before = State();
  const std::string path = Cat("/compositeitems/", bike);

  EXPECT_THAT(Inv("PUT", path, R"({"name":""})"), IsApiError(400, 4001, "name"));
  EXPECT_THAT(Inv("PUT", path, R"({"sku":" "})"), IsApiError(400, 4001, "sku"));
  EXPECT_THAT(Inv("PUT", path, R"({"mapped_items":[]})"), IsApiError(400, 4001, "mapped_items"));
  EXPECT_THAT(Inv("PUT", path, R"({"item_type":"sales"})"), IsApiError(400, 4004, "item_type"));
  EXPECT_THAT(Inv("PUT", path, R"({"sku":"WH-1"})"), IsApiError(400, 4003, "sku"));
  EXPECT_THAT(Inv("PUT", path, R"({"rate":-1})"), IsApiError(400, 4000, "rate"));
  EXPECT_THAT(Inv("PUT", path, Cat(R"({"mapped_items":)", One(frame_, "0"), "}")),
              IsApiError(400, 4000, "mapped_items[0].quantity"));
  EXPECT_THAT(Inv("PUT", path, Cat(R"({"mapped_items":)", One("999"), "}")),
              IsApiError(404, 2006, "mapped_items[0].item_id"));

  EXPECT_EQ(State(), before);
}

TEST_F(CompositeItemsApiTest, DeleteRemovesOnlyTheComposite) {
  std::string bike = CreateComposite(Body("Bike", "BK-1", "250", One(frame_)));
  ASSERT_THAT(Inv("DELETE", Cat("/compositeitems/", bike)), IsApiOk(200, "The item has been deleted."));
  EXPECT_THAT(Inv("GET", Cat("/compositeitems/", bike)), IsApiError(404, 1002, "composite_item_id"));
  EXPECT_THAT(CompositeNames(), IsEmpty());
  EXPECT_THAT(Inv("GET", Cat("/items/", frame_)), IsApiOk(200, "success"));
  EXPECT_THAT(Inv("DELETE", Cat("/compositeitems/", bike)), IsApiError(404, 1002, "composite_item_id"));
  // Its components are free again.
  EXPECT_THAT(Inv("DELETE", Cat("/items/", frame_)), IsApiOk(200, "The item has been deleted."));
}

TEST_F(CompositeItemsApiTest, ComponentsOfACompositeCannotBeDeleted) {
  std::string wheelset = CreateComposite(Body("Wheelset", "WS-1", "30", One(wheel_, "2")));
  std::string bike = CreateComposite(Body("Bike", "BK-1", "250", One(wheelset)));
  const std::string before = State();

  ApiReply r = Inv("DELETE", Cat("/items/", wheel_));
  EXPECT_THAT(r, IsApiError(400, 2049, "item_id"));
  EXPECT_EQ(r.message(), kItemInUse);
  EXPECT_THAT(Inv("DELETE", Cat("/items?item_ids=", frame_, ",", wheel_)), IsApiError(400, 2049, "item_id"));
  // A composite that is a component of another is in use too.
  r = Inv("DELETE", Cat("/compositeitems/", wheelset));
  EXPECT_THAT(r, IsApiError(400, 2049, "item_id"));
  EXPECT_EQ(r.message(), kItemInUse);
  EXPECT_EQ(State(), before);
  EXPECT_THAT(Inv("GET", Cat("/items/", wheel_)), IsApiOk(200, "success"));

  // Deleting the composite and its component together is fine.
  EXPECT_THAT(Inv("DELETE", Cat("/items?item_ids=", bike, ",", wheelset)),
              IsApiOk(200, "The items have been deleted."));
  EXPECT_THAT(Inv("DELETE", Cat("/items/", wheel_)), IsApiOk(200, "The item has been deleted."));
}

TEST_F(CompositeItemsApiTest, MarksInactiveAndActive) {
  std::string bike = CreateComposite(Body("Bike", "BK-1", "250", One(frame_)));
  ASSERT_THAT(Inv("POST", Cat("/compositeitems/", bike, "/inactive")),
              IsApiOk(200, "The item has been marked as inactive."));
  ApiReply got = Inv("GET", Cat("/compositeitems/", bike));
  EXPECT_EQ(got.str("/status"), "inactive");
  EXPECT_EQ(Inv("GET", Cat("/items/", frame_)).str("/item/status"), "active") << "components keep theirs";

  ASSERT_THAT(Inv("POST", Cat("/compositeitems/", bike, "/active")),
              IsApiOk(200, "Re-activation complete! The item is back in business!"));
  EXPECT_EQ(Inv("GET", Cat("/compositeitems/", bike)).str("/status"), "active");
  EXPECT_THAT(CompositeNames("?filter_by=Status.Inactive"), IsEmpty());
}

}  // namespace
}  // namespace inventory
