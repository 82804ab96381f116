// The item group endpoints of the JSON facade (/inventory/v1/itemgroups) and
// the item endpoints that move items in and out of groups (/items/move,
// /items/grouping, /items/ungroup), driven through JsonApi::Handle with
// exact statuses, codes, messages and fields. Every refused write is
// followed by a check that nothing changed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
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

// A group with one attribute (Size) and three variants S, M, L.
constexpr std::string_view kBags = R"({
  "group_name": "Bags",
  "unit": "qty",
  "brand": "Bagmakers",
  "attribute_name1": "Size",
  "items": [
    {"name": "Bags-S", "sku": "B-S", "rate": 10, "purchase_rate": 6, "attribute_option_name1": "S"},
    {"name": "Bags-M", "sku": "B-M", "rate": 11, "purchase_rate": 6.5, "attribute_option_name1": "M"},
    {"name": "Bags-L", "sku": "B-L", "rate": 12, "purchase_rate": 7, "attribute_option_name1": "L"}
  ]
})";

// The answer's fields beside "code" and "message".
json::object Fields(const ApiReply& r) {
  json::object o = r.body();
  o.erase("code");
  o.erase("message");
  return o;
}

class ItemGroupsApiTest : public ApiTest {
 protected:

  // Creates the group of kBags; remembers its ids.
  void CreateBags() {
    ApiReply r = Inv("POST", "/itemgroups", kBags);
    ASSERT_THAT(r, IsApiOk(201, "The Item Group has been created."));
    group_id_ = r.str("/group_id");
    item_ids_ = Column(r, "/items", "item_id");
    ASSERT_EQ(item_ids_.size(), 3u) << r;
  }


  // GET /itemgroups/{id}, which must succeed.
  ApiReply GetGroup(const std::string& id) {
    ApiReply r = Inv("GET", Cat("/itemgroups/", id));
    EXPECT_THAT(r, IsApiOk(200, "success"));
    return r;
  }
  // The "item" of GET /items/{id}, which must succeed.
  json::value GetItem(const std::string& id) {
    ApiReply r = Inv("GET", Cat("/items/", id));
    EXPECT_THAT(r, IsApiOk(200, "success"));
    return r.at("/item");
  }
  std::vector<std::string> GroupNames(std::string_view query = "") {
    ApiReply r = Inv("GET", Cat("/itemgroups", query));
    EXPECT_THAT(r, IsApiOk(200, "success"));
    return Column(r, "/itemgroups", "group_name");
  }
  std::vector<std::string> ItemNames(std::string_view query = "") {
    ApiReply r = Inv("GET", Cat("/items", query));
    EXPECT_THAT(r, IsApiOk(200, "success"));
    return Column(r, "/items", "name");
  }

  // Everything the organization holds, and what the lists answer: both must
  // be the same before and after a refused write.
  std::string State() {
    return Cat(DumpEngine(api_.Organization("1")), "\n", Inv("GET", "/itemgroups").text, "\n",
               Inv("GET", "/items").text);
  }

  std::string group_id_;
  std::vector<std::string> item_ids_;  // S, M, L
};

// ---------------------------------------------------------------------------
// Create

TEST_F(ItemGroupsApiTest, CreateAnswersTheGroupBesideCodeAndMessage) {
  ApiReply r = Inv("POST", "/itemgroups", kBags);
  ASSERT_THAT(r, IsApiOk(201, "The Item Group has been created."));
  EXPECT_FALSE(r.has("/itemgroup")) << "the group's fields sit beside code and message";

  std::string group_id = r.str("/group_id");
  EXPECT_THAT(group_id, MatchesRegex("[1-9][0-9]*"));
  EXPECT_EQ(r.str("/group_name"), "Bags");
  EXPECT_EQ(r.str("/unit"), "qty");
  EXPECT_EQ(r.str("/brand"), "Bagmakers");
  EXPECT_EQ(r.str("/status"), "active");
  EXPECT_EQ(r.str("/attribute_name1"), "Size");
  std::string attribute_id = r.str("/attribute_id1");
  EXPECT_THAT(attribute_id, MatchesRegex("[1-9][0-9]*"));
  EXPECT_FALSE(r.has("/attribute_name2"));

  // attributes[0] with its options S, M, L, each with its own id.
  ASSERT_TRUE(r.at("/attributes").is_array()) << r;
  EXPECT_EQ(r.at("/attributes").get_array().size(), 1u);
  EXPECT_EQ(r.str("/attributes/0/id"), attribute_id);
  EXPECT_EQ(r.str("/attributes/0/name"), "Size");
  EXPECT_THAT(Column(r, "/attributes/0/options", "name"), ElementsAre("S", "M", "L"));
  std::vector<std::string> option_ids = Column(r, "/attributes/0/options", "id");
  ASSERT_EQ(option_ids.size(), 3u);
  for (const std::string& id : option_ids) EXPECT_THAT(id, MatchesRegex("[1-9][0-9]*"));
  EXPECT_EQ(std::set<std::string>(option_ids.begin(), option_ids.end()).size(), 3u);
  EXPECT_EQ(Column(r, "/options", "id"), option_ids);

  // items[]: inventory variants of the group, each naming its option.
  EXPECT_THAT(Column(r, "/items", "name"), ElementsAre("Bags-S", "Bags-M", "Bags-L"));
  EXPECT_THAT(Column(r, "/items", "sku"), ElementsAre("B-S", "B-M", "B-L"));
  const std::string options[] = {"S", "M", "L"};
  for (int i = 0; i < 3; ++i) {
    std::string p = Cat("/items/", i);
    EXPECT_THAT(r.str(p + "/item_id"), MatchesRegex("[1-9][0-9]*"));
    EXPECT_EQ(r.str(p + "/item_type"), "inventory") << i;
    EXPECT_EQ(r.str(p + "/group_id"), group_id) << i;
    EXPECT_EQ(r.str(p + "/group_name"), "Bags") << i;
    EXPECT_EQ(r.str(p + "/unit"), "qty") << i;
    EXPECT_EQ(r.str(p + "/status"), "active") << i;
    EXPECT_EQ(r.str(p + "/attribute_id1"), attribute_id) << i;
    EXPECT_EQ(r.str(p + "/attribute_name1"), "Size") << i;
    EXPECT_EQ(r.str(p + "/attribute_option_name1"), options[i]) << i;
    EXPECT_EQ(r.str(p + "/attribute_option_id1"), option_ids[i]) << i;
  }
  EXPECT_EQ(r.at("/items/0/rate"), json::value(10));
  EXPECT_EQ(r.at("/items/1/purchase_rate"), json::value(6.5));
  EXPECT_EQ(r.at("/items/2/rate"), json::value(12));

  // GET answers the same fields; each variant is an item of its own.
  ApiReply got = GetGroup(group_id);
  EXPECT_EQ(Fields(got), Fields(r));
  json::value small = GetItem(r.str("/items/0/item_id"));
  EXPECT_EQ(small.at("group_id"), json::value(group_id));
  EXPECT_EQ(small.at("attribute_option_name1"), json::value("S"));
  EXPECT_EQ(small.at("attribute_option_id1"), json::value(option_ids[0]));
}

TEST_F(ItemGroupsApiTest, GroupNameAndUnitAreRequired) {
  const std::string before = State();

  ApiReply r = Inv("POST", "/itemgroups", R"({"unit":"qty","items":[]})");
  EXPECT_THAT(r, IsApiError(400, 4001, "group_name"));
  EXPECT_EQ(r.message(), "group_name is required.");
  EXPECT_THAT(Inv("POST", "/itemgroups", R"({"group_name":"  ","unit":"qty"})"),
              IsApiError(400, 4001, "group_name"));
  r = Inv("POST", "/itemgroups", R"({"group_name":"Bags"})");
  EXPECT_THAT(r, IsApiError(400, 4001, "unit"));
  EXPECT_EQ(r.message(), "unit is required.");
  EXPECT_THAT(Inv("POST", "/itemgroups", R"({"group_name":"Bags","unit":""})"),
              IsApiError(400, 4001, "unit"));

  EXPECT_EQ(State(), before);
  EXPECT_THAT(GroupNames(), IsEmpty());
}

TEST_F(ItemGroupsApiTest, EachItemNeedsNameRateAndPurchaseRate) {
  const std::string before = State();

  ApiReply r = Inv("POST", "/itemgroups", R"({"group_name":"Bags","unit":"qty","attribute_name1":"Size",
      "items":[{"name":"Bags-S","purchase_rate":6,"attribute_option_name1":"S"}]})");
  EXPECT_THAT(r, IsApiError(400, 4001, "items[0].rate"));
  EXPECT_EQ(r.message(), "items[0].rate is required.");
  EXPECT_THAT(Inv("POST", "/itemgroups", R"({"group_name":"Bags","unit":"qty","attribute_name1":"Size",
      "items":[{"name":"Bags-S","rate":10,"purchase_rate":6,"attribute_option_name1":"S"},
               {"name":"Bags-M","rate":11,"attribute_option_name1":"M"}]})"),
              IsApiError(400, 4001, "items[1].purchase_rate"));
  EXPECT_THAT(Inv("POST", "/itemgroups", R"({"group_name":"Bags","unit":"qty","attribute_name1":"Size",
      "items":[{"rate":10,"purchase_rate":6,"attribute_option_name1":"S"}]})"),
              IsApiError(400, 4001, "items[0].name"));
  EXPECT_THAT(Inv("POST", "/itemgroups", R"({"group_name":"Bags","unit":"qty","items":{"name":"x"}})"),
              IsApiError(400, 4000, "items"));

  EXPECT_EQ(State(), before);
  EXPECT_THAT(ItemNames(), IsEmpty());
}

TEST_F(ItemGroupsApiTest, TwoVariantsWithTheSameOptionAreRefused) {
  const std::string before = State();
  // Options compare without case.
  ApiReply r = Inv("POST", "/itemgroups", R"({"group_name":"Bags","unit":"qty","attribute_name1":"Size",
      "items":[{"name":"Bags-S","sku":"B-S","rate":10,"purchase_rate":6,"attribute_option_name1":"S"},
               {"name":"Bags-s","sku":"B-s2","rate":10,"purchase_rate":6,"attribute_option_name1":"s"}]})");
  EXPECT_THAT(r, IsApiError(400, 4003, "items[1].attribute_option_name1"));
  EXPECT_EQ(r.message(), "The item 'Bags-S' of this group already has the same attribute options.");
  EXPECT_EQ(State(), before);
  EXPECT_THAT(GroupNames(), IsEmpty());
  EXPECT_THAT(ItemNames(), IsEmpty());
}

TEST_F(ItemGroupsApiTest, VariantsMustPickAnOptionOfEachAttribute) {
  const std::string before = State();
  ApiReply r = Inv("POST", "/itemgroups", R"({"group_name":"Bags","unit":"qty","attribute_name1":"Size",
      "items":[{"name":"Bags-S","rate":10,"purchase_rate":6}]})");
  EXPECT_THAT(r, IsApiError(400, 4001, "items[0].attribute_option_name1"));
  EXPECT_EQ(r.message(), "attribute_option_name1 is required for attribute 'Size'.");
  // A group without attributes takes no options.
  EXPECT_THAT(Inv("POST", "/itemgroups", R"({"group_name":"Bags","unit":"qty",
      "items":[{"name":"Bags-S","rate":10,"purchase_rate":6,"attribute_option_name1":"S"}]})"),
              IsApiError(400, 4000, "items[0].attribute_option_name1"));
  EXPECT_EQ(State(), before);
}

TEST_F(ItemGroupsApiTest, VariantsMustBeInventoryItems) {
  const std::string before = State();
  ApiReply r = Inv("POST", "/itemgroups", R"({"group_name":"Bags","unit":"qty","attribute_name1":"Size",
      "items":[{"name":"Bags-S","rate":10,"purchase_rate":6,"attribute_option_name1":"S",
                "item_type":"sales"}]})");
  EXPECT_THAT(r, IsApiError(400, 4004, "items[0].item_type"));
  EXPECT_EQ(r.message(), "An item in an item group must be of type inventory.");
  EXPECT_EQ(State(), before);
}

TEST_F(ItemGroupsApiTest, AtMostThreeAttributes) {
  const std::string before = State();
  ApiReply r = Inv("POST", "/itemgroups", R"({"group_name":"Shirts","unit":"pcs","attributes":[
      {"name":"Size","options":[{"name":"S"}]},
      {"name":"Colour","options":[{"name":"Red"}]},
      {"name":"Fabric","options":[{"name":"Cotton"}]},
      {"name":"Fit","options":[{"name":"Slim"}]}]})");
  EXPECT_THAT(r, IsApiError(400, 4000, "attributes"));
  EXPECT_EQ(r.message(), "An item group has at most 3 attributes.");
  // Attribute names come in order.
  r = Inv("POST", "/itemgroups", R"({"group_name":"Shirts","unit":"pcs","attribute_name2":"Colour"})");
  EXPECT_THAT(r, IsApiError(400, 4000, "attribute_name2"));
  EXPECT_EQ(r.message(), "attribute_name2 is given without attribute_name1.");
  EXPECT_EQ(State(), before);

  // Three are fine, and each variant picks one option of each.
  r = Inv("POST", "/itemgroups", R"({"group_name":"Shirts","unit":"pcs",
      "attribute_name1":"Size","attribute_name2":"Colour","attribute_name3":"Fabric",
      "items":[{"name":"Shirt-S-Red","rate":20,"purchase_rate":9,"attribute_option_name1":"S",
                "attribute_option_name2":"Red","attribute_option_name3":"Cotton"},
               {"name":"Shirt-S-Blue","rate":20,"purchase_rate":9,"attribute_option_name1":"S",
                "attribute_option_name2":"Blue","attribute_option_name3":"Cotton"}]})");
  ASSERT_THAT(r, IsApiOk(201, "The Item Group has been created."));
  EXPECT_EQ(r.str("/attribute_name3"), "Fabric");
  EXPECT_THAT(Column(r, "/attributes", "name"), ElementsAre("Size", "Colour", "Fabric"));
  EXPECT_THAT(Column(r, "/attributes/1/options", "name"), ElementsAre("Red", "Blue"));
  EXPECT_EQ(r.str("/items/1/attribute_option_name2"), "Blue");
  EXPECT_EQ(r.str("/items/1/attribute_option_id2"), r.str("/attributes/1/options/1/id"));
}

TEST_F(ItemGroupsApiTest, OptionNamesAreTrimmed) {
  ApiReply r = Inv("POST", "/itemgroups", R"({"group_name":"Bags","unit":"qty","attribute_name1":"Size",
      "items":[{"name":"Bags-M","rate":10,"purchase_rate":6,"attribute_option_name1":" M "}]})");
  ASSERT_THAT(r, IsApiOk(201, "The Item Group has been created."));
  EXPECT_THAT(Column(r, "/attributes/0/options", "name"), ElementsAre("M"));
  EXPECT_EQ(r.str("/items/0/attribute_option_name1"), "M");
  EXPECT_EQ(r.str("/items/0/attribute_option_id1"), r.str("/attributes/0/options/0/id"));
}

TEST_F(ItemGroupsApiTest, RefusedCreateLeavesNoTrace) {
  // Organization 1 is refused once before it succeeds; organization 2 only
  // succeeds. A refused write must not even use up ids.
  ASSERT_THAT(Inv("POST", "/itemgroups", R"({"group_name":"Bags","unit":"qty","attribute_name1":"Size",
      "items":[{"name":"Bags-S","rate":10,"purchase_rate":6,"attribute_option_name1":"S"},
               {"name":"Bags-S2","rate":10,"purchase_rate":6,"attribute_option_name1":"S"}]})"),
              IsApiError(400, 4003, "items[1].attribute_option_name1"));
  ApiReply one = Inv("POST", "/itemgroups", kBags);
  ApiReply two = Send(api_, "POST", Url("/inventory/v1/itemgroups", "2"), kBags);
  ASSERT_THAT(one, IsApiOk(201, "The Item Group has been created."));
  EXPECT_EQ(one.text, two.text);
}

// ---------------------------------------------------------------------------
// List and get

TEST_F(ItemGroupsApiTest, ListsGroupsByNameAndFiltersByStatus) {
  ASSERT_THAT(Inv("POST", "/itemgroups", R"({"group_name":"Shoes","unit":"pair","attribute_name1":"Size",
      "items":[{"name":"Shoes-42","sku":"SH-42","rate":50,"purchase_rate":30,"attribute_option_name1":"42"}]})"),
              IsApiOk(201, "The Item Group has been created."));
  CreateBags();

  ApiReply r = Inv("GET", "/itemgroups");
  ASSERT_THAT(r, IsApiOk(200, "success"));
  EXPECT_THAT(Column(r, "/itemgroups", "group_name"), ElementsAre("Bags", "Shoes"));
  EXPECT_THAT(Column(r, "/itemgroups/0/items", "name"), ElementsAre("Bags-S", "Bags-M", "Bags-L"));
  EXPECT_EQ(r.at("/page_context"), json::parse(R"({"page":1,"per_page":200,"has_more_page":false,
      "report_name":"Item Groups","sort_column":"group_name","sort_order":"A"})"));
  // Each listed group is the group GET answers.
  EXPECT_EQ(r.at("/itemgroups/0"), json::value(Fields(GetGroup(group_id_))));

  ASSERT_THAT(Inv("POST", Cat("/itemgroups/", group_id_, "/inactive")),
              IsApiOk(200, "The item group and all its items have been marked as inactive."));
  EXPECT_THAT(GroupNames("?filter_by=Status.Active"), ElementsAre("Shoes"));
  EXPECT_THAT(GroupNames("?filter_by=Status.Inactive"), ElementsAre("Bags"));
  EXPECT_THAT(GroupNames("?filter_by=Status.All"), ElementsAre("Bags", "Shoes"));
  EXPECT_THAT(GroupNames("?sort_order=D"), ElementsAre("Shoes", "Bags"));

  r = Inv("GET", "/itemgroups?filter_by=Status.Lowstock");
  EXPECT_THAT(r, IsApiError(400, 4004, "filter_by"));
  EXPECT_EQ(r.message(), "filter_by must be one of: Status.All, Status.Active, Status.Inactive.");
}

TEST_F(ItemGroupsApiTest, ListPagesThroughGroups) {
  for (std::string_view name : {"A", "B", "C"}) {
    ASSERT_THAT(Inv("POST", "/itemgroups", Cat(R"({"group_name":")", name, R"(","unit":"qty"})")),
                IsApiOk(201, "The Item Group has been created."));
  }
  ApiReply r = Inv("GET", "/itemgroups?per_page=2&page=1");
  EXPECT_THAT(Column(r, "/itemgroups", "group_name"), ElementsAre("A", "B"));
  EXPECT_EQ(r.at("/page_context/has_more_page"), json::value(true));
  r = Inv("GET", "/itemgroups?per_page=2&page=2");
  EXPECT_THAT(Column(r, "/itemgroups", "group_name"), ElementsAre("C"));
  EXPECT_EQ(r.at("/page_context/has_more_page"), json::value(false));
  EXPECT_EQ(r.at("/page_context/page"), json::value(2));
  EXPECT_THAT(Inv("GET", "/itemgroups?per_page=0"), IsApiError(400, 4000, "per_page"));
}

TEST_F(ItemGroupsApiTest, UnknownGroupIs404With1002) {
  ApiReply r = Inv("GET", "/itemgroups/999");
  EXPECT_THAT(r, IsApiError(404, 1002, "group_id"));
  EXPECT_EQ(r.message(), "Item group does not exist. (group_id 999)");
  const std::string before = State();
  EXPECT_THAT(Inv("PUT", "/itemgroups/999", R"({"group_name":"X"})"), IsApiError(404, 1002, "group_id"));
  EXPECT_THAT(Inv("DELETE", "/itemgroups/999"), IsApiError(404, 1002, "group_id"));
  EXPECT_THAT(Inv("POST", "/itemgroups/999/active"), IsApiError(404, 1002, "group_id"));
  EXPECT_THAT(Inv("POST", "/itemgroups/999/inactive"), IsApiError(404, 1002, "group_id"));
  EXPECT_THAT(Inv("GET", "/itemgroups/bags"), IsApiError(400, 4000, "group_id"));
  EXPECT_EQ(State(), before);
}

// ---------------------------------------------------------------------------
// Update

TEST_F(ItemGroupsApiTest, UpdateRenamesEditsAndAddsVariants) {
  CreateBags();
  ApiReply created = GetGroup(group_id_);
  std::vector<std::string> option_ids = Column(created, "/attributes/0/options", "id");

  ApiReply r = Inv("PUT", Cat("/itemgroups/", group_id_), Cat(R"({"group_name":"Carry Bags","items":[
      {"item_id":")", item_ids_[0], R"(","rate":10.5},
      {"name":"Bags-XL","sku":"B-XL","rate":14,"purchase_rate":8,"attribute_option_name1":"XL"}]})"));
  ASSERT_THAT(r, IsApiOk(200, "The Item Group details have been updated."));
  EXPECT_EQ(r.str("/group_id"), group_id_);
  EXPECT_EQ(r.str("/group_name"), "Carry Bags");
  EXPECT_EQ(r.str("/unit"), "qty");
  EXPECT_EQ(r.str("/brand"), "Bagmakers");
  EXPECT_EQ(r.str("/attribute_id1"), created.str("/attribute_id1"));

  // The new option XL joins S, M, L, whose ids are kept.
  EXPECT_THAT(Column(r, "/attributes/0/options", "name"), ElementsAre("S", "M", "L", "XL"));
  std::vector<std::string> now = Column(r, "/attributes/0/options", "id");
  ASSERT_EQ(now.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(now.begin(), now.begin() + 3), option_ids);

  EXPECT_THAT(Column(r, "/items", "name"), ElementsAre("Bags-S", "Bags-M", "Bags-L", "Bags-XL"));
  EXPECT_EQ(r.str("/items/0/item_id"), item_ids_[0]);
  EXPECT_EQ(r.at("/items/0/rate"), json::value(10.5));
  EXPECT_EQ(r.at("/items/0/purchase_rate"), json::value(6)) << "fields not given are kept";
  EXPECT_EQ(r.str("/items/0/sku"), "B-S");
  EXPECT_EQ(r.at("/items/1/rate"), json::value(11)) << "variants not given are kept";
  EXPECT_EQ(r.str("/items/0/group_name"), "Carry Bags");
  EXPECT_THAT(r.str("/items/3/item_id"), MatchesRegex("[1-9][0-9]*"));
  EXPECT_EQ(r.str("/items/3/item_type"), "inventory");
  EXPECT_EQ(r.str("/items/3/unit"), "qty");
  EXPECT_EQ(r.str("/items/3/attribute_option_name1"), "XL");
  EXPECT_EQ(r.str("/items/3/attribute_option_id1"), now[3]);

  EXPECT_EQ(Fields(GetGroup(group_id_)), Fields(r));
  EXPECT_EQ(GetItem(item_ids_[0]).at("rate"), json::value(10.5));
}

TEST_F(ItemGroupsApiTest, PuttingBackWhatGetAnswersChangesNothing) {
  CreateBags();
  ApiReply got = GetGroup(group_id_);
  ApiReply put = Inv("PUT", Cat("/itemgroups/", group_id_), got.text);
  ASSERT_THAT(put, IsApiOk(200, "The Item Group details have been updated."));
  EXPECT_EQ(Fields(put), Fields(got));
  EXPECT_EQ(GetGroup(group_id_).text, got.text);
}

TEST_F(ItemGroupsApiTest, RefusedUpdatesChangeNothing) {
  CreateBags();
  std::string plain = CreateItem(R"({"name":"Wallet","sku":"W-1","rate":5})");
  const std::string before = State();
  const std::string path = Cat("/itemgroups/", group_id_);

  ApiReply r = Inv("PUT", path, R"({"group_name":""})");
  EXPECT_THAT(r, IsApiError(400, 4001, "group_name"));
  EXPECT_THAT(Inv("PUT", path, R"({"unit":"  "})"), IsApiError(400, 4001, "unit"));
  // A new variant needs name, rate and purchase_rate.
  EXPECT_THAT(Inv("PUT", path, R"({"items":[{"name":"Bags-XL","purchase_rate":8,"attribute_option_name1":"XL"}]})"),
              IsApiError(400, 4001, "items[0].rate"));
  // Its option combination must be new (without case), its SKU unused.
  r = Inv("PUT", path, R"({"group_name":"Carry Bags","items":[
      {"name":"Bags-M2","rate":11,"purchase_rate":6,"attribute_option_name1":"m"}]})");
  EXPECT_THAT(r, IsApiError(400, 4003, "items[0].attribute_option_name1"));
  EXPECT_THAT(Inv("PUT", path, R"({"items":[
      {"name":"Bags-XL","sku":"w-1","rate":14,"purchase_rate":8,"attribute_option_name1":"XL"}]})"),
              IsApiError(400, 4003, "items[0].sku"));
  // An existing variant keeps its combination unique too.
  EXPECT_THAT(Inv("PUT", path, Cat(R"({"items":[{"item_id":")", item_ids_[0],
                                   R"(","attribute_option_name1":"L"}]})")),
              IsApiError(400, 4003, "items[0].attribute_option_name1"));
  EXPECT_THAT(Inv("PUT", path, Cat(R"({"items":[{"item_id":")", item_ids_[0], R"(","item_type":"sales"}]})")),
              IsApiError(400, 4004, "items[0].item_type"));
  // item_id must name a variant of this group.
  r = Inv("PUT", path, Cat(R"({"items":[{"item_id":")", plain, R"(","rate":1}]})"));
  EXPECT_THAT(r, IsApiError(404, 2006, "items[0].item_id"));
  EXPECT_THAT(Inv("PUT", path, R"({"items":[{"item_id":"999","rate":1}]})"),
              IsApiError(404, 2006, "items[0].item_id"));

  EXPECT_EQ(State(), before);
}

// ---------------------------------------------------------------------------
// Delete

TEST_F(ItemGroupsApiTest, DeleteRemovesTheGroupAndAllItsItems) {
  CreateBags();
  CreateItem(R"({"name":"Wallet","sku":"W-1","rate":5})");

  ASSERT_THAT(Inv("DELETE", Cat("/itemgroups/", group_id_)),
              IsApiOk(200, "Whooooosh! The item group and all its items have been deleted."));
  EXPECT_THAT(Inv("GET", Cat("/itemgroups/", group_id_)), IsApiError(404, 1002, "group_id"));
  for (const std::string& id : item_ids_) {
    EXPECT_THAT(Inv("GET", Cat("/items/", id)), IsApiError(404, 2006, "item_id"));
  }
  EXPECT_THAT(GroupNames(), IsEmpty());
  EXPECT_THAT(ItemNames(), ElementsAre("Wallet"));
  EXPECT_THAT(Inv("DELETE", Cat("/itemgroups/", group_id_)), IsApiError(404, 1002, "group_id"));
}

TEST_F(ItemGroupsApiTest, DeleteIsRefusedWhileAVariantIsPartOfAComposite) {
  CreateBags();
  ApiReply kit = Inv("POST", "/compositeitems", Cat(R"({"name":"Travel kit","sku":"KIT-1","rate":30,
      "item_type":"inventory","product_type":"goods","mapped_items":[{"item_id":")", item_ids_[1],
                                                      R"(","quantity":1}]})"));
  ASSERT_THAT(kit, IsApiOk(201, "The item has been added."));
  const std::string before = State();

  ApiReply r = Inv("DELETE", Cat("/itemgroups/", group_id_));
  EXPECT_THAT(r, IsApiError(400, 2049, "item_id"));
  EXPECT_EQ(r.message(), kItemInUse);
  EXPECT_EQ(State(), before);
  EXPECT_THAT(Column(GetGroup(group_id_), "/items", "name"), ElementsAre("Bags-S", "Bags-M", "Bags-L"));

  // Without the composite the group goes.
  ASSERT_THAT(Inv("DELETE", Cat("/compositeitems/", kit.str("/composite_item/composite_item_id"))),
              IsApiOk(200, "The item has been deleted."));
  EXPECT_THAT(Inv("DELETE", Cat("/itemgroups/", group_id_)),
              IsApiOk(200, "Whooooosh! The item group and all its items have been deleted."));
  EXPECT_THAT(ItemNames(), IsEmpty());
}

// ---------------------------------------------------------------------------
// Active / inactive

TEST_F(ItemGroupsApiTest, InactiveAndActiveCascadeToEveryVariant) {
  CreateBags();
  std::string other = CreateItem(R"({"name":"Wallet","sku":"W-1","rate":5})");

  ASSERT_THAT(Inv("POST", Cat("/itemgroups/", group_id_, "/inactive")),
              IsApiOk(200, "The item group and all its items have been marked as inactive."));
  ApiReply g = GetGroup(group_id_);
  EXPECT_EQ(g.str("/status"), "inactive");
  EXPECT_THAT(Column(g, "/items", "status"), ElementsAre("inactive", "inactive", "inactive"));
  for (const std::string& id : item_ids_) EXPECT_EQ(GetItem(id).at("status"), json::value("inactive"));
  EXPECT_THAT(ItemNames("?filter_by=Status.Inactive"), ElementsAre("Bags-L", "Bags-M", "Bags-S"));
  EXPECT_EQ(GetItem(other).at("status"), json::value("active"));

  ASSERT_THAT(Inv("POST", Cat("/itemgroups/", group_id_, "/active")),
              IsApiOk(200, "Back to business! The item group and all its items have been marked as active."));
  g = GetGroup(group_id_);
  EXPECT_EQ(g.str("/status"), "active");
  EXPECT_THAT(Column(g, "/items", "status"), ElementsAre("active", "active", "active"));
  EXPECT_THAT(ItemNames("?filter_by=Status.Inactive"), IsEmpty());
}

// ---------------------------------------------------------------------------
// Items moved into, grouped into and ungrouped from a group

TEST_F(ItemGroupsApiTest, MoveBringsAnItemIntoTheGroupWithItsOption) {
  CreateBags();
  std::string xl = CreateItem(R"({"name":"Bags-XL","sku":"B-XL","rate":15,"purchase_rate":9})");

  ApiReply r = Inv("PUT", Cat("/items/move/", xl),
                   Cat(R"({"group_id":")", group_id_, R"(","attribute_name1":"Size","attribute_option_name1":"XL"})"));
  ASSERT_THAT(r, IsApiOk(200, "The item has been moved."));

  ApiReply g = GetGroup(group_id_);
  EXPECT_THAT(Column(g, "/items", "name"), ElementsAre("Bags-S", "Bags-M", "Bags-L", "Bags-XL"));
  EXPECT_THAT(Column(g, "/attributes/0/options", "name"), ElementsAre("S", "M", "L", "XL"));
  json::value item = GetItem(xl);
  EXPECT_EQ(item.at("group_id"), json::value(group_id_));
  EXPECT_EQ(item.at("group_name"), json::value("Bags"));
  EXPECT_EQ(item.at("attribute_name1"), json::value("Size"));
  EXPECT_EQ(item.at("attribute_option_name1"), json::value("XL"));
  EXPECT_EQ(item.at("attribute_option_id1"), json::value(g.str("/attributes/0/options/3/id")));
  EXPECT_EQ(item.at("rate"), json::value(15)) << "the item keeps its own fields";
}

TEST_F(ItemGroupsApiTest, RefusedMovesChangeNothing) {
  CreateBags();
  std::string xl = CreateItem(R"({"name":"Bags-XL","sku":"B-XL","rate":15})");
  std::string sales = CreateItem(R"({"name":"Gift wrap","sku":"GW","rate":1,"item_type":"sales"})");
  const std::string before = State();
  const std::string path = Cat("/items/move/", xl);
  auto body = [&](std::string_view rest) { return Cat(R"({"group_id":")", group_id_, R"(")", rest, "}"); };

  // The option is taken by Bags-M (without case).
  EXPECT_THAT(Inv("PUT", path, body(R"(,"attribute_name1":"Size","attribute_option_name1":"m")")),
              IsApiError(400, 4003, "attribute_option_name1"));
  EXPECT_THAT(Inv("PUT", path, body("")), IsApiError(400, 4001, "attribute_option_name1"));
  ApiReply r = Inv("PUT", path, body(R"(,"attribute_name1":"Colour","attribute_option_name1":"Red")"));
  EXPECT_THAT(r, IsApiError(400, 4000, "attribute_name1"));
  EXPECT_EQ(r.message(), "The item group has no attribute 'Colour'.");
  EXPECT_THAT(Inv("PUT", Cat("/items/move/", sales), body(R"(,"attribute_option_name1":"XL")")),
              IsApiError(400, 4004, "item_type"));
  EXPECT_THAT(Inv("PUT", path, R"({"attribute_option_name1":"XL"})"), IsApiError(400, 4001, "group_id"));
  EXPECT_THAT(Inv("PUT", path, R"({"group_id":"999","attribute_option_name1":"XL"})"),
              IsApiError(404, 1002, "group_id"));
  EXPECT_THAT(Inv("PUT", "/items/move/999", body(R"(,"attribute_option_name1":"XL")")),
              IsApiError(404, 2006, "item_id"));

  EXPECT_EQ(State(), before);
}

TEST_F(ItemGroupsApiTest, GroupingMakesExistingItemsVariants) {
  CreateBags();
  std::string xl = CreateItem(R"({"name":"Bags-XL","sku":"B-XL","rate":15})");
  std::string xxl = CreateItem(R"({"name":"Bags-XXL","sku":"B-XXL","rate":16})");

  ApiReply r = Inv("PUT", Cat("/items/grouping/", group_id_),
                   Cat(R"({"items":[{"item_id":")", xl, R"(","attribute_option_name1":"XL"},
                                    {"item_id":")", xxl, R"(","attribute_option_name1":"XXL"}]})"));
  ASSERT_THAT(r, IsApiOk(200, "The items have been grouped."));

  ApiReply g = GetGroup(group_id_);
  EXPECT_THAT(Column(g, "/items", "name"), ElementsAre("Bags-S", "Bags-M", "Bags-L", "Bags-XL", "Bags-XXL"));
  EXPECT_THAT(Column(g, "/attributes/0/options", "name"), ElementsAre("S", "M", "L", "XL", "XXL"));
  EXPECT_EQ(g.str("/items/4/group_id"), group_id_);
  EXPECT_EQ(g.str("/items/4/attribute_option_name1"), "XXL");
  EXPECT_EQ(g.str("/items/4/attribute_option_id1"), g.str("/attributes/0/options/4/id"));
  EXPECT_EQ(GetItem(xl).at("attribute_option_name1"), json::value("XL"));
}

TEST_F(ItemGroupsApiTest, RefusedGroupingChangesNothing) {
  CreateBags();
  std::string xl = CreateItem(R"({"name":"Bags-XL","sku":"B-XL","rate":15})");
  std::string other = CreateItem(R"({"name":"Bags-XL2","sku":"B-XL2","rate":15})");
  const std::string before = State();
  const std::string path = Cat("/items/grouping/", group_id_);

  EXPECT_THAT(Inv("PUT", path, R"({"items":[]})"), IsApiError(400, 4001, "items"));
  EXPECT_THAT(Inv("PUT", path, Cat(R"({"items":[{"item_id":")", xl, R"(","attribute_option_name1":"XL"},
                                                {"item_id":")", other, R"(","attribute_option_name1":"xl"}]})")),
              IsApiError(400, 4003, "items[1].attribute_option_name1"));
  EXPECT_THAT(Inv("PUT", path, R"({"items":[{"item_id":"999","attribute_option_name1":"XL"}]})"),
              IsApiError(404, 2006, "items[0].item_id"));
  EXPECT_THAT(Inv("PUT", path, R"({"items":[{"attribute_option_name1":"XL"}]})"),
              IsApiError(400, 4001, "items[0].item_id"));
  EXPECT_THAT(Inv("PUT", path, Cat(R"({"items":[{"item_id":")", xl, R"("}]})")),
              IsApiError(400, 4001, "items[0].attribute_option_name1"));

  EXPECT_EQ(State(), before);
}

TEST_F(ItemGroupsApiTest, UngroupReleasesVariantsAsPlainItems) {
  CreateBags();
  ApiReply r = Inv("POST", Cat("/items/ungroup?item_ids=", item_ids_[0], ",", item_ids_[1]));
  ASSERT_THAT(r, IsApiOk(200, "The items have been ungrouped."));

  EXPECT_THAT(Column(GetGroup(group_id_), "/items", "name"), ElementsAre("Bags-L"));
  json::value small = GetItem(item_ids_[0]);
  EXPECT_EQ(small.as_object().if_contains("group_id"), nullptr) << small;
  EXPECT_EQ(small.as_object().if_contains("attribute_option_name1"), nullptr) << small;
  EXPECT_EQ(small.at("name"), json::value("Bags-S"));
  EXPECT_THAT(ItemNames("?filter_by=Status.Grouped"), ElementsAre("Bags-L"));
}

TEST_F(ItemGroupsApiTest, RefusedUngroupChangesNothing) {
  CreateBags();
  std::string plain = CreateItem(R"({"name":"Wallet","sku":"W-1","rate":5})");
  const std::string before = State();

  // All or nothing: the plain item refuses the whole request.
  ApiReply r = Inv("POST", Cat("/items/ungroup?item_ids=", item_ids_[0], ",", plain));
  EXPECT_THAT(r, IsApiError(400, 4000, "item_ids"));
  EXPECT_EQ(r.message(), "The item 'Wallet' is not in an item group.");
  EXPECT_THAT(Inv("POST", "/items/ungroup"), IsApiError(400, 4001, "item_ids"));
  EXPECT_THAT(Inv("POST", "/items/ungroup?item_ids=999"), IsApiError(404, 2006, "item_id"));

  EXPECT_EQ(State(), before);
}

}  // namespace
}  // namespace inventory
