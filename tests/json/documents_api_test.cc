// The sales and purchase document endpoints of the JSON facade, driven
// through JsonApi::Handle: whole flows (sales order, package, shipment
// order, invoice; purchase order, receive, bill; a sales receipt with serial
// numbers; a sales return received; a delivery challan returned; a putaway
// and a move order between bins), with the item's figures read back through
// GET /items/{id} after each step and compared exactly; refusals matched by
// HTTP status, API code and field (and changing nothing); answers validated
// against the reference's JSON schemas; the openapi example request bodies
// replayed; every test ends with Engine::Verify.
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
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

// Schema complaints about an answer (empty when it conforms).
std::vector<std::string> Violations(const ApiReply& r, const std::string& module, const std::string& definition) {
  return testing::Validate(testing::ReferenceSchema(module), definition, r.json);
}

// A value as a person reads it: strings bare, numbers in shortest form.
std::string Text(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_double()) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v.get_double());
    return std::string(buf, r.ptr);
  }
  return json::serialize(v);
}

// The example request body of a schema definition, built from the
// examples the reference gives for each field (its documents carry no
// whole-body examples): objects field by field, arrays with one element.
json::value ExampleOf(const json::object& definitions, const json::value& schema) {
  const json::value* s = &schema;
  while (s->is_object() && s->get_object().contains("$ref")) {
    std::string ref(s->get_object().at("$ref").get_string());
    s = &definitions.at(ref.substr(ref.rfind('/') + 1));
  }
  if (!s->is_object()) return nullptr;
  const json::object& o = s->get_object();
  const json::value* type = o.if_contains("type");
  const bool object = (type && *type == "object") || o.contains("properties");
  const bool array = type && *type == "array";
  if (!object && !array) {
    const json::value* example = o.if_contains("example");
    return example ? *example : json::value(nullptr);
  }
  if (array) {
    json::array out;
    if (const json::value* items = o.if_contains("items")) {
      json::value e = ExampleOf(definitions, *items);
      if (!e.is_null() && !(e.is_object() && e.get_object().empty())) out.push_back(std::move(e));
    }
    return out;
  }
  json::object out;
  if (const json::value* props = o.if_contains("properties")) {
    for (const auto& kv : props->get_object()) out[kv.key()] = ExampleOf(definitions, kv.value());
  }
  return out;
}

json::value RequestExample(const std::string& module, const std::string& definition) {
  const json::object& definitions = testing::ReferenceSchema(module).document().at("definitions").get_object();
  return ExampleOf(definitions, definitions.at(definition));
}

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

class DocumentsApiTest : public ::inventory::testutil::StockApiFixture {
 protected:
  void SetUp() override {
    StockApiFixture::SetUp();
    tea_ = CreateItem(R"({"name":"Tea","sku":"TEA","rate":6,"purchase_rate":4,"unit":"box","initial_stock":10,)"
                      R"("initial_stock_rate":4})");
  }

  // "on_hand/available/committed/actual sale <for sale>" of the item, then
  // " | <location> on_hand/available/committed/actual/for sale" for each
  // location with a non-zero figure.
  std::string Fig(const std::string& item) {
    ApiReply r = Inv("GET", Cat("/items/", item));
    EXPECT_THAT(r, IsApiOk(200, "success"));
    std::string out = Cat(Text(r.at("/item/stock_on_hand")), "/", Text(r.at("/item/available_stock")), "/",
                          Text(r.at("/item/committed_stock")), "/", Text(r.at("/item/actual_available_stock")),
                          " sale ", Text(r.at("/item/available_for_sale_stock")));
    const json::value& locations = r.at("/item/locations");
    for (const json::value& l : locations.is_array() ? locations.get_array() : json::array()) {
      const json::object& o = l.get_object();
      std::string figures = Cat(Text(o.at("location_stock_on_hand")), "/", Text(o.at("location_available_stock")),
                                "/", Text(o.at("location_committed_stock")), "/",
                                Text(o.at("location_actual_available_stock")), "/",
                                Text(o.at("location_available_for_sale_stock")));
      if (figures != "0/0/0/0/0") out += Cat(" | ", Text(o.at("location_name")), " ", figures);
    }
    return out;
  }

  // Creates a document; returns the id under `key` of the object `object`.
  std::string Create(std::string_view path, std::string_view body, std::string_view message,
                     std::string_view object, std::string_view key) {
    ApiReply r = Inv("POST", path, body);
    EXPECT_THAT(r, IsApiOk(201, message)) << body;
    return r.str(Cat("/", object, "/", key));
  }
  // A confirmed sales order of `quantity` of `item` at 6; returns its id.
  std::string ConfirmedOrder(const std::string& item, std::string_view quantity) {
    std::string so = Create("/salesorders",
                            Cat(R"({"customer_id":"C1","customer_name":"Ada","date":"2026-01-05","line_items":[)",
                                R"({"item_id":")", item, R"(","quantity":)", quantity, R"(,"rate":6}]})"),
                            "success", "sales_order", "salesorder_id");
    EXPECT_THAT(Inv("POST", Cat("/salesorders/", so, "/status/confirmed")),
                IsApiOk(200, "Sales order status has been changed to 'Confirmed'."));
    return so;
  }
  std::string FirstLine(std::string_view path, std::string_view key) {
    return Inv("GET", path).str(Cat("/", key, "/line_items/0/line_item_id"));
  }
  std::string Bins(const std::string& item) {
    Snapshot snap = api_.Organization("1").GetSnapshot();
    std::string out;
    for (const BinQuantity& b : snap.BinStock(ItemId(std::stoll(item)), LocationId(std::stoll(primary_)))) {
      out += Cat(out.empty() ? "" : " ", b.storage_location_id, "=", b.quantity.ToString());
    }
    return out;
  }

  std::string tea_;  // 10 on hand at the primary location, at 4
};

// ---------------------------------------------------------------------------
// Sales: order, package, shipment order, invoice.

TEST_F(DocumentsApiTest, SalesOrderPackageShipmentInvoice) {
  EXPECT_EQ(Fig(tea_), "10/10/0/10 sale 10 | Primary Location 10/10/0/10/10");
  ApiReply so = Inv("POST", "/salesorders",
                    Cat(R"({"customer_id":"C1","customer_name":"Ada","date":"2026-01-05","reference_number":"R-1",)",
                        R"("line_items":[{"item_id":")", tea_, R"(","quantity":4,"rate":6.5}]})"));
  ASSERT_THAT(so, IsApiOk(201, "success"));
  EXPECT_THAT(Violations(so, "salesorders", "create-a-sales-order-response"), IsEmpty());
  const std::string order = so.str("/sales_order/salesorder_id");
  EXPECT_EQ(so.str("/sales_order/salesorder_number"), "SO-00001");
  EXPECT_EQ(so.str("/sales_order/status"), "draft");
  EXPECT_EQ(so.str("/sales_order/line_items/0/name"), "Tea");
  EXPECT_EQ(so.at("/sales_order/line_items/0/item_total"), json::value(26));
  EXPECT_EQ(so.at("/sales_order/total"), json::value(26));
  EXPECT_EQ(Fig(tea_), "10/10/0/10 sale 10 | Primary Location 10/10/0/10/10") << "a draft commits nothing";

  ASSERT_THAT(Inv("POST", Cat("/salesorders/", order, "/status/confirmed")),
              IsApiOk(200, "Sales order status has been changed to 'Confirmed'."));
  EXPECT_EQ(Fig(tea_), "10/10/4/6 sale 6 | Primary Location 10/10/4/6/6");
  ApiReply got = Inv("GET", Cat("/salesorders/", order));
  ASSERT_THAT(got, IsApiOk(200, "success"));
  EXPECT_THAT(Violations(got, "salesorders", "retrieve-a-sales-order-response"), IsEmpty());
  EXPECT_EQ(got.str("/salesorder/status"), "confirmed");
  EXPECT_EQ(got.at("/salesorder/line_items/0/quantity_open"), json::value(4));
  const std::string line = got.str("/salesorder/line_items/0/line_item_id");

  // A package names only the order's line and a quantity; the item, the
  // customer and the rate come from the order.
  ApiReply pkg = Inv("POST", Cat("/packages?salesorder_id=", order),
                     Cat(R"({"date":"2026-01-06","line_items":[{"so_line_item_id":")", line, R"(","quantity":3}]})"));
  ASSERT_THAT(pkg, IsApiOk(201, "Package created successfully. It's now time to ship!"));
  const std::string package = pkg.str("/package/package_id");
  EXPECT_EQ(pkg.str("/package/status"), "not_shipped");
  EXPECT_EQ(pkg.str("/package/salesorder_id"), order);
  EXPECT_EQ(pkg.str("/package/salesorder_number"), "SO-00001");
  EXPECT_EQ(pkg.str("/package/customer_name"), "Ada");
  EXPECT_EQ(pkg.str("/package/line_items/0/item_id"), tea_);
  EXPECT_EQ(pkg.str("/package/line_items/0/so_line_item_id"), line);
  EXPECT_EQ(pkg.str("/package/total_quantity"), "3");
  // The schema types "package" as an array although its examples and every
  // other answer make it an object.
  EXPECT_THAT(Violations(pkg, "packages", "creating-a-package-response"),
              ElementsAre("/package: expected array, got object"));
  EXPECT_EQ(Fig(tea_), "10/10/4/6 sale 6 | Primary Location 10/10/4/6/6") << "packing moves nothing";

  ApiReply ship = Inv("POST", Cat("/shipmentorders?package_ids=", package, "&salesorder_id=", order),
                      R"({"shipment_number":"SH-1","date":"2026-01-07","delivery_method":"DHL","tracking_number":"T-1"})");
  ASSERT_THAT(ship, IsApiOk(201, "Shipment created successfully."));
  EXPECT_EQ(ship.str("/shipment_order/shipment_id"), package);
  EXPECT_EQ(ship.str("/shipment_order/status"), "shipped");
  EXPECT_EQ(ship.str("/shipment_order/salesorder_id"), order);
  EXPECT_EQ(ship.at("/shipment_order/total"), json::value(19.5));
  EXPECT_EQ(Fig(tea_), "10/7/1/6 sale 6 | Primary Location 10/7/1/6/6");

  ASSERT_THAT(Inv("POST", Cat("/shipmentorders/", package, "/status/delivered")),
              IsApiOk(200, "The Shipment Order has been marked as Delivered."));
  EXPECT_EQ(Inv("GET", Cat("/shipmentorders/", package)).str("/shipment_order/status"), "delivered");
  ApiReply delivered = Inv("GET", Cat("/packages/", package));
  EXPECT_EQ(delivered.str("/package/status"), "delivered");
  EXPECT_EQ(delivered.str("/package/shipment_order/tracking_number"), "T-1");
  EXPECT_EQ(Fig(tea_), "10/7/1/6 sale 6 | Primary Location 10/7/1/6/6");

  // The invoice names the order's line too; sent, it takes the stock on hand.
  ApiReply inv = Inv("POST", "/invoices",
                     Cat(R"({"customer_id":"C1","salesorder_id":")", order, R"(","date":"2026-01-08",)",
                         R"("line_items":[{"salesorder_item_id":")", line, R"(","quantity":4}]})"));
  ASSERT_THAT(inv, IsApiOk(201, "The invoice has been created."));
  const std::string invoice = inv.str("/invoice/invoice_id");
  EXPECT_EQ(inv.str("/invoice/status"), "draft");
  EXPECT_EQ(inv.str("/invoice/line_items/0/item_id"), tea_);
  EXPECT_EQ(inv.at("/invoice/total"), json::value(26));
  // The schema types an invoice's total a string, its sub_total a number.
  EXPECT_THAT(Violations(inv, "invoices", "create-an-invoice-response"),
              ElementsAre("/invoice/total: expected string, got integer"));
  EXPECT_EQ(Fig(tea_), "10/7/1/6 sale 6 | Primary Location 10/7/1/6/6");
  ASSERT_THAT(Inv("POST", Cat("/invoices/", invoice, "/status/sent")),
              IsApiOk(200, "Invoice status has been changed to Sent."));
  EXPECT_EQ(Fig(tea_), "6/7/0/7 sale 7 | Primary Location 6/7/0/7/7") << "invoiced 4 of 4: nothing left committed";

  got = Inv("GET", Cat("/salesorders/", order));
  EXPECT_EQ(got.at("/salesorder/line_items/0/quantity_packed"), json::value(3));
  EXPECT_EQ(got.at("/salesorder/line_items/0/quantity_shipped"), json::value(3));
  EXPECT_EQ(got.at("/salesorder/line_items/0/quantity_invoiced"), json::value(4));
  EXPECT_EQ(got.at("/salesorder/line_items/0/quantity_open"), json::value(0));
  EXPECT_THAT(Column(got, "/salesorder/packages", "package_id"), ElementsAre(package));
  EXPECT_THAT(Column(got, "/salesorder/invoices", "invoice_id"), ElementsAre(invoice));
  EXPECT_THAT(Violations(got, "salesorders", "retrieve-a-sales-order-response"), IsEmpty());

  // Deleting the shipment order puts the package back (not shipped).
  ASSERT_THAT(Inv("DELETE", Cat("/shipmentorders/", package)), IsApiOk(200, "The Shipment Order has been deleted."));
  EXPECT_EQ(Inv("GET", Cat("/packages/", package)).str("/package/status"), "not_shipped");
  EXPECT_THAT(Inv("GET", Cat("/shipmentorders/", package)), IsApiError(404, 1002, "shipmentorder_id"));
  EXPECT_EQ(Fig(tea_), "6/10/0/10 sale 10 | Primary Location 6/10/0/10/10");

  // Lists and filters.
  EXPECT_THAT(Column(Inv("GET", "/salesorders?status=confirmed"), "/salesorders", "salesorder_id"), ElementsAre(order));
  EXPECT_THAT(Column(Inv("GET", "/salesorders?status=draft"), "/salesorders", "salesorder_id"), IsEmpty());
  EXPECT_THAT(Column(Inv("GET", "/salesorders?customer_id=C1"), "/salesorders", "salesorder_id"), ElementsAre(order));
  EXPECT_THAT(Column(Inv("GET", "/salesorders?customer_id=C2"), "/salesorders", "salesorder_id"), IsEmpty());
  EXPECT_THAT(Column(Inv("GET", "/salesorders?date_start=2026-01-06"), "/salesorders", "salesorder_id"), IsEmpty());
  EXPECT_THAT(Column(Inv("GET", "/salesorders?date_end=2026-01-05"), "/salesorders", "salesorder_id"),
              ElementsAre(order));
  EXPECT_THAT(Column(Inv("GET", Cat("/salesorders?item_id=", tea_)), "/salesorders", "salesorder_id"),
              ElementsAre(order));
  EXPECT_THAT(Column(Inv("GET", Cat("/salesorders?warehouse_id=", store_)), "/salesorders", "salesorder_id"),
              IsEmpty());
  EXPECT_THAT(Column(Inv("GET", Cat("/packages?salesorder_id=", order)), "/packages", "package_id"),
              ElementsAre(package));
  ApiReply list = Inv("GET", "/salesorders");
  EXPECT_THAT(Violations(list, "salesorders", "list-all-sales-orders-response"), IsEmpty());
  EXPECT_EQ(list.at("/salesorders/0/total"), json::value(26));
  EXPECT_FALSE(list.has("/salesorders/0/line_items"));
  EXPECT_EQ(list.at("/page_context/report_name"), json::value("Sales Orders"));

  // The item's transactions.
  ApiReply orders = Inv("GET", Cat("/items/transactions/salesorders?item_id=", tea_));
  ASSERT_THAT(orders, IsApiOk(200, "success"));
  EXPECT_EQ(orders.str("/salesorders/0/salesorder_id"), order);
  EXPECT_EQ(orders.str("/salesorders/0/order_status"), "confirmed");
  EXPECT_EQ(orders.at("/salesorders/0/item_quantity"), json::value(4));
  EXPECT_EQ(orders.at("/salesorders/0/item_price"), json::value(6.5));
  EXPECT_EQ(orders.at("/salesorders/0/item_total_price"), json::value(26));
  EXPECT_EQ(orders.str("/salesorders/0/customer_name"), "Ada");
  ApiReply invoices = Inv("GET", Cat("/items/transactions/invoices?item_id=", tea_));
  EXPECT_EQ(invoices.str("/invoices/0/invoice_id"), invoice);
  EXPECT_EQ(invoices.str("/invoices/0/status"), "sent");

  // Still fulfilled: the order can be neither voided nor deleted.
  EXPECT_THAT(Inv("POST", Cat("/salesorders/", order, "/status/void")), IsApiError(400, 4009, "status"));
  EXPECT_THAT(Inv("DELETE", Cat("/salesorders/", order)), IsApiError(400, 4009, "salesorder_id"));
  ASSERT_THAT(Inv("DELETE", Cat("/packages/", package)), IsApiOk(200, "Whooooosh! Package Deleted Successfully."));
  ASSERT_THAT(Inv("POST", Cat("/invoices/", invoice, "/status/void")),
              IsApiOk(200, "Invoice status has been changed to Void."));
  EXPECT_EQ(Fig(tea_), "10/10/4/6 sale 6 | Primary Location 10/10/4/6/6");
  ASSERT_THAT(Inv("DELETE", Cat("/invoices/", invoice)), IsApiOk(200, "The invoice has been deleted."));
  ASSERT_THAT(Inv("POST", Cat("/salesorders/", order, "/status/void")),
              IsApiOk(200, "The status of the Sales Order has been changed to void."));
  EXPECT_EQ(Fig(tea_), "10/10/0/10 sale 10 | Primary Location 10/10/0/10/10");
  ASSERT_THAT(Inv("DELETE", Cat("/salesorders/", order)), IsApiOk(200, "The Sales Order has been deleted."));
  EXPECT_THAT(Inv("GET", Cat("/salesorders/", order)), IsApiError(404, 1002, "salesorder_id"));
}

TEST_F(DocumentsApiTest, UpdatesMergeAndKeepFulfilledLines) {
  const std::string order = ConfirmedOrder(tea_, "4");
  const std::string line = FirstLine(Cat("/salesorders/", order), "salesorder");
  ASSERT_THAT(Inv("POST", Cat("/packages?salesorder_id=", order),
                  Cat(R"({"date":"2026-01-06","line_items":[{"so_line_item_id":")", line, R"(","quantity":2}]})")),
              IsApiOk(201, "Package created successfully. It's now time to ship!"));
  // A line named by its id keeps what the body leaves out.
  ApiReply put = Inv("PUT", Cat("/salesorders/", order),
                     Cat(R"({"notes":"rush","line_items":[{"line_item_id":")", line, R"(","quantity":5}]})"));
  ASSERT_THAT(put, IsApiOk(200, "Sales Order has been updated."));
  EXPECT_THAT(Violations(put, "salesorders", "update-a-sales-order-response"), IsEmpty());
  EXPECT_EQ(put.str("/sales_order/notes"), "rush");
  EXPECT_EQ(put.str("/sales_order/customer_name"), "Ada");
  EXPECT_EQ(put.str("/sales_order/line_items/0/line_item_id"), line);
  EXPECT_EQ(put.at("/sales_order/line_items/0/rate"), json::value(6));
  EXPECT_EQ(put.at("/sales_order/line_items/0/quantity_packed"), json::value(2));
  EXPECT_EQ(Fig(tea_), "10/10/5/5 sale 5 | Primary Location 10/10/5/5/5");
  // Dropping a line a package fulfils is refused and changes nothing.
  const std::string before = Inv("GET", Cat("/salesorders/", order)).text;
  EXPECT_THAT(Inv("PUT", Cat("/salesorders/", order),
                  Cat(R"({"line_items":[{"item_id":")", tea_, R"(","quantity":1,"rate":6}]})")),
              IsApiError(400, 4009, "line_items"));
  EXPECT_THAT(Inv("PUT", Cat("/salesorders/", order), R"({"customer_id":""})"), IsApiError(400, 4001, "customer_id"));
  EXPECT_EQ(Inv("GET", Cat("/salesorders/", order)).text, before);
}

// ---------------------------------------------------------------------------
// Purchases: order, receive, bill.

TEST_F(DocumentsApiTest, PurchaseOrderReceiveBill) {
  const std::string coffee = CreateItem(R"({"name":"Coffee","sku":"COF","rate":9,"purchase_rate":5})");
  ApiReply po = Inv("POST", "/purchaseorders",
                    Cat(R"({"vendor_id":"V1","vendor_name":"Beans Ltd","date":"2026-01-05","line_items":[)",
                        R"({"item_id":")", coffee, R"(","quantity":10,"purchase_rate":5}]})"));
  ASSERT_THAT(po, IsApiOk(201, "success"));
  EXPECT_THAT(Violations(po, "purchaseorders", "create-a-purchase-order-response"), IsEmpty());
  const std::string order = po.str("/purchase_order/purchaseorder_id");
  const std::string line = po.str("/purchase_order/line_items/0/line_item_id");
  EXPECT_EQ(po.str("/purchase_order/status"), "draft");
  EXPECT_EQ(po.str("/purchase_order/purchaseorder_number"), "PO-00001");
  EXPECT_EQ(po.at("/purchase_order/line_items/0/purchase_rate"), json::value(5));
  EXPECT_EQ(po.at("/purchase_order/total"), json::value(50));
  // Receiving needs an issued order.
  EXPECT_THAT(Inv("POST", Cat("/purchasereceives?purchaseorder_id=", order),
                  Cat(R"({"date":"2026-01-06","line_items":[{"line_item_id":")", line, R"(","quantity":6}]})")),
              IsApiError(400, 4009, "purchaseorder_id"));
  ASSERT_THAT(Inv("POST", Cat("/purchaseorders/", order, "/status/issued")),
              IsApiOk(200, "The purchase order has been marked as issued."));
  EXPECT_EQ(Fig(coffee), "0/0/0/0 sale 0");
  EXPECT_EQ(Inv("GET", Cat("/purchaseorders/", order)).at("/purchase_order/line_items/0/quantity_open"),
            json::value(10));

  // The reference's receive names the order's line as line_item_id.
  ApiReply pr = Inv("POST", Cat("/purchasereceives?purchaseorder_id=", order),
                    Cat(R"({"receive_number":"PR-1","date":"2026-01-06","line_items":[{"line_item_id":")", line,
                        R"(","quantity":6}]})"));
  ASSERT_THAT(pr, IsApiOk(201, "success"));
  const std::string receive = pr.str("/purchase_receive/receive_id");
  EXPECT_EQ(pr.str("/purchase_receive/receive_number"), "PR-1");
  EXPECT_EQ(pr.str("/purchase_receive/purchaseorder_id"), order);
  EXPECT_EQ(pr.str("/purchase_receive/vendor_name"), "Beans Ltd");
  EXPECT_EQ(pr.str("/purchase_receive/line_items/0/purchaseorder_item_id"), line);
  EXPECT_EQ(pr.str("/purchase_receive/line_items/0/item_id"), coffee);
  EXPECT_THAT(Violations(pr, "purchasereceives", "create-a-purchase-receive-response"), IsEmpty());
  EXPECT_EQ(Fig(coffee), "0/6/0/6 sale 6 | Primary Location 0/6/0/6/6");
  EXPECT_THAT(Violations(Inv("GET", Cat("/purchasereceives/", receive)), "purchasereceives",
                         "retrieve-a-purchase-receive-response"),
              IsEmpty());

  ApiReply bill = Inv("POST", "/bills",
                      Cat(R"({"vendor_id":"V1","purchaseorder_id":")", order, R"(","bill_number":"B-1",)",
                          R"("date":"2026-01-07","due_date":"2026-02-07","line_items":[{"purchaseorder_item_id":")",
                          line, R"(","quantity":10,"rate":5.25}]})"));
  ASSERT_THAT(bill, IsApiOk(201, "The Bill has been created."));
  const std::string bill_id = bill.str("/bill/bill_id");
  EXPECT_EQ(bill.str("/bill/status"), "open");
  EXPECT_EQ(bill.at("/bill/total"), json::value(52.5));
  // The schema types a bill's total a string, its sub_total a number.
  EXPECT_THAT(Violations(bill, "bills", "create-a-bill-response"), IsEmpty());
  EXPECT_EQ(Fig(coffee), "10/6/0/6 sale 6 | Primary Location 10/6/0/6/6");
  EXPECT_EQ(Inv("GET", Cat("/items/", coffee)).at("/item/asset_value"), json::value(52.5));

  ApiReply got = Inv("GET", Cat("/purchaseorders/", order));
  EXPECT_THAT(Violations(got, "purchaseorders", "retrieve-a-purchase-order-response"), IsEmpty());
  EXPECT_EQ(got.str("/purchase_order/status"), "issued");
  EXPECT_EQ(got.at("/purchase_order/line_items/0/quantity_received"), json::value(6));
  EXPECT_EQ(got.at("/purchase_order/line_items/0/quantity_billed"), json::value(10));
  EXPECT_EQ(got.at("/purchase_order/line_items/0/quantity_open"), json::value(0));
  EXPECT_THAT(Column(got, "/purchase_order/purchasereceives", "receive_id"), ElementsAre(receive));
  EXPECT_THAT(Column(got, "/purchase_order/bills", "bill_id"), ElementsAre(bill_id));
  EXPECT_THAT(Column(Inv("GET", Cat("/purchasereceives?purchaseorder_id=", order)), "/purchasereceives",
                     "receive_id"),
              ElementsAre(receive));

  ApiReply mine = Inv("GET", Cat("/items/transactions/purchaseorders?item_id=", coffee));
  EXPECT_EQ(mine.str("/purchaseorders/0/status"), "issued");
  EXPECT_EQ(mine.str("/purchaseorders/0/vendor_name"), "Beans Ltd");
  EXPECT_EQ(mine.at("/purchaseorders/0/item_quantity"), json::value(10));
  EXPECT_EQ(mine.at("/purchaseorders/0/item_total_price"), json::value(50));

  ASSERT_THAT(Inv("POST", Cat("/bills/", bill_id, "/status/void")), IsApiOk(200, "The bill has been marked as Void."));
  EXPECT_EQ(Fig(coffee), "0/6/0/6 sale 6 | Primary Location 0/6/0/6/6");
  EXPECT_EQ(Inv("GET", Cat("/purchaseorders/", order)).at("/purchase_order/line_items/0/quantity_open"),
            json::value(4));
  ASSERT_THAT(Inv("DELETE", Cat("/purchasereceives/", receive)),
              IsApiOk(200, "The Purchase Receive has been deleted."));
  EXPECT_EQ(Fig(coffee), "0/0/0/0 sale 0");
  EXPECT_THAT(Inv("POST", Cat("/bills/", bill_id, "/status/open")), IsApiError(400, 4009, "status"));
  ASSERT_THAT(Inv("DELETE", Cat("/bills/", bill_id)), IsApiOk(200, "The Bill has been deleted."));
  ASSERT_THAT(Inv("POST", Cat("/purchaseorders/", order, "/status/cancelled")),
              IsApiOk(200, "The purchase order has been marked as cancelled."));
  EXPECT_EQ(Inv("GET", Cat("/purchaseorders/", order)).str("/purchase_order/status"), "cancelled");
  ASSERT_THAT(Inv("DELETE", Cat("/purchaseorders/", order)), IsApiOk(200, "The Purchase Order has been deleted."));
}

// ---------------------------------------------------------------------------
// A POS sale with serial numbers, returns, challans, bins.

TEST_F(DocumentsApiTest, SalesReceiptWithSerialNumbers) {
  const std::string phone =
      CreateItem(R"({"name":"Phone","sku":"PH","rate":499,"purchase_rate":300,"track_serial_number":true,)"
                 R"("initial_stock":2,"initial_stock_rate":300,"serial_numbers":["SN-1","SN-2"]})");
  EXPECT_EQ(Fig(phone), "2/2/0/2 sale 2 | Primary Location 2/2/0/2/2");
  const std::string before = Inv("GET", Cat("/items/", phone)).text;
  auto sale = [&](std::string_view serial) {
    return Inv("POST", "/salesreceipts",
               Cat(R"({"date":"2026-01-05","customer_name":"Walk-in","line_items":[{"item_id":")", phone,
                   R"(","quantity":1,"rate":499,"serial_numbers":[")", serial, R"("]}]})"));
  };
  EXPECT_THAT(sale("SN-9"), IsApiError(400, 4012, "line_items[0].serial_numbers[0]"));
  EXPECT_EQ(Inv("GET", Cat("/items/", phone)).text, before);
  EXPECT_THAT(Column(Inv("GET", "/salesreceipts"), "/sales_receipts", "receipt_id"), IsEmpty());

  ApiReply r = sale("SN-2");
  ASSERT_THAT(r, IsApiOk(201, "The sales receipt has been created."));
  const std::string receipt = r.str("/sales_receipt/receipt_id");
  EXPECT_EQ(r.str("/sales_receipt/receipt_number"), "SR-00001");
  EXPECT_EQ(r.str("/sales_receipt/status"), "paid");
  EXPECT_EQ(r.at("/sales_receipt/line_items/0/serial_numbers"), (json::array{"SN-2"}));
  EXPECT_EQ(r.at("/sales_receipt/total"), json::value(499));
  EXPECT_EQ(Fig(phone), "1/1/0/1 sale 1 | Primary Location 1/1/0/1/1");
  {
    Snapshot snap = api_.Organization("1").GetSnapshot();
    std::vector<SerialNumberStock> left = snap.SerialNumbers(ItemId(std::stoll(phone)));
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].serial_number, "SN-1");
  }

  ApiReply mine = Inv("GET", Cat("/items/transactions/salesreceipts?item_id=", phone));
  EXPECT_EQ(mine.str("/sales_receipts/0/receipt_id"), receipt);
  EXPECT_EQ(mine.at("/sales_receipts/0/item_quantity"), json::value(1));
  EXPECT_EQ(mine.at("/sales_receipts/0/item_price"), json::value(499));

  ASSERT_THAT(Inv("POST", Cat("/salesreceipts/", receipt, "/status/void")),
              IsApiOk(200, "Sales receipt status has been changed to Void."));
  EXPECT_EQ(Fig(phone), "2/2/0/2 sale 2 | Primary Location 2/2/0/2/2");
  EXPECT_EQ(Inv("GET", Cat("/salesreceipts/", receipt)).str("/sales_receipt/status"), "void");
}

TEST_F(DocumentsApiTest, SalesReturnFromASalesOrderForItsShippedUnits) {
  const std::string order = ConfirmedOrder(tea_, "4");
  const std::string line = FirstLine(Cat("/salesorders/", order), "salesorder");
  ApiReply pkg = Inv("POST", Cat("/packages?salesorder_id=", order),
                     Cat(R"({"date":"2026-01-06","line_items":[{"so_line_item_id":")", line, R"(","quantity":3}]})"));
  ASSERT_EQ(pkg.status, 201) << pkg;
  const std::string package = pkg.str("/package/package_id");
  // Nothing shipped yet: nothing to return.
  EXPECT_THAT(Inv("POST", Cat("/salesreturns?salesorder_id=", order),
                  Cat(R"({"line_items":[{"item_id":")", tea_, R"(","quantity":1}]})")),
              IsApiError(400, 4009, "line_items[0].quantity"));
  ASSERT_EQ(Inv("POST", Cat("/shipmentorders?package_ids=", package, "&salesorder_id=", order),
                R"({"shipment_number":"SH-1","date":"2026-01-07","delivery_method":"DHL","tracking_number":"T1"})")
                .status,
            201);
  ApiReply ret = Inv("POST", Cat("/salesreturns?salesorder_id=", order),
                     Cat(R"({"date":"2026-01-08","line_items":[{"item_id":")", tea_, R"(","quantity":2}]})"));
  ASSERT_THAT(ret, IsApiOk(201, "Return created successfully"));
  EXPECT_EQ(ret.str("/salesreturn/salesorder_id"), order);
  EXPECT_EQ(ret.str("/salesreturn/customer_id"), "C1") << "the order's customer";
  EXPECT_THAT(Inv("POST", "/salesreturns",
                  Cat(R"({"salesorder_id":")", order, R"(","line_items":[{"item_id":")", tea_, R"(","quantity":2}]})")),
              IsApiError(400, 4009, "line_items[0].quantity"))
      << "3 shipped, 2 returned already";
}

TEST_F(DocumentsApiTest, SalesReturnReceivedAndUnreceived) {
  ApiReply inv = Inv("POST", "/invoices",
                     Cat(R"({"customer_id":"C1","customer_name":"Ada","date":"2026-01-05","status":"sent",)",
                         R"("line_items":[{"item_id":")", tea_, R"(","quantity":2,"rate":6}]})"));
  ASSERT_THAT(inv, IsApiOk(201, "The invoice has been created."));
  const std::string invoice = inv.str("/invoice/invoice_id");
  EXPECT_EQ(Fig(tea_), "8/10/0/10 sale 10 | Primary Location 8/10/0/10/10");

  EXPECT_THAT(Inv("POST", "/salesreturns?salesorder_id=5",
                  Cat(R"({"line_items":[{"item_id":")", tea_, R"(","quantity":2}]})")),
              IsApiError(404, 1002, "salesorder_id"));
  // No more than the invoice sold.
  EXPECT_THAT(Inv("POST", "/salesreturns",
                  Cat(R"({"invoice_id":")", invoice, R"(","line_items":[{"item_id":")", tea_, R"(","quantity":3}]})")),
              IsApiError(400, 4009, "line_items[0].quantity"));
  EXPECT_THAT(Inv("POST", "/salesreturns",
                  Cat(R"({"invoice_id":"999","line_items":[{"item_id":")", tea_, R"(","quantity":2}]})")),
              IsApiError(404, 1002, "invoice_id"));
  ApiReply ret = Inv("POST", "/salesreturns",
                     Cat(R"({"invoice_id":")", invoice, R"(","date":"2026-01-06","reason":"Damaged",)",
                         R"("line_items":[{"item_id":")", tea_, R"(","quantity":2,"rate":6}]})"));
  ASSERT_THAT(ret, IsApiOk(201, "Return created successfully"));
  const std::string id = ret.str("/salesreturn/salesreturn_id");
  const std::string line = ret.str("/salesreturn/line_items/0/line_item_id");
  EXPECT_EQ(ret.str("/salesreturn/salesreturn_status"), "draft");
  EXPECT_EQ(ret.str("/salesreturn/invoice_id"), invoice);
  EXPECT_EQ(ret.str("/salesreturn/customer_name"), "Ada");
  EXPECT_EQ(Fig(tea_), "8/10/0/10 sale 10 | Primary Location 8/10/0/10/10");

  // A receive takes the whole return.
  EXPECT_THAT(Inv("POST", Cat("/salesreturnreceives?salesreturn_id=", id),
                  Cat(R"({"line_items":[{"line_item_id":")", line, R"(","quantity":1}]})")),
              IsApiError(400, 4000, "line_items[0].quantity"));
  EXPECT_THAT(Inv("POST", "/salesreturnreceives", "{}"), IsApiError(400, 4001, "salesreturn_id"));
  ApiReply rcv = Inv("POST", Cat("/salesreturnreceives?salesreturn_id=", id),
                     Cat(R"({"date":"2026-01-07","line_items":[{"line_item_id":")", line, R"(","quantity":2}]})"));
  ASSERT_THAT(rcv, IsApiOk(201, "Sales Return Receive Created Successfully"));
  EXPECT_EQ(rcv.str("/salesreturn/receive_id"), id);
  EXPECT_EQ(rcv.str("/salesreturn/salesreturn_id"), id);
  EXPECT_EQ(rcv.at("/salesreturn/line_items/0/quantity"), json::value(2));
  EXPECT_EQ(Fig(tea_), "10/12/0/12 sale 12 | Primary Location 10/12/0/12/12");
  EXPECT_EQ(Inv("GET", Cat("/salesreturns/", id)).str("/salesreturn/salesreturn_status"), "received");

  ASSERT_THAT(Inv("DELETE", Cat("/salesreturnreceives/", id)),
              IsApiOk(200, "Sales Return Receive Deleted Successfully."));
  EXPECT_EQ(Fig(tea_), "8/10/0/10 sale 10 | Primary Location 8/10/0/10/10");
  EXPECT_THAT(Inv("DELETE", Cat("/salesreturnreceives/", id)), IsApiError(404, 1002, "salesreturnreceive_id"));
  ASSERT_THAT(Inv("DELETE", Cat("/salesreturns/", id)), IsApiOk(200, "The Sales Return has been deleted."));
}

TEST_F(DocumentsApiTest, DeliveryChallanOpenDeliveredReturned) {
  ApiReply dc = Inv("POST", "/deliverychallans",
                    Cat(R"({"customer_id":"C1","date":"2026-01-05","line_items":[{"item_id":")", tea_,
                        R"(","quantity":3,"rate":6,"warehouse_id":")", primary_, R"("}]})"));
  ASSERT_THAT(dc, IsApiOk(201, "The delivery challan has been created"));
  const std::string id = dc.str("/deliverychallan/deliverychallan_id");
  EXPECT_EQ(dc.str("/deliverychallan/status"), "draft");
  EXPECT_EQ(dc.str("/deliverychallan/line_items/0/warehouse_id"), primary_);
  EXPECT_EQ(Fig(tea_), "10/10/0/10 sale 10 | Primary Location 10/10/0/10/10");
  ASSERT_THAT(Inv("POST", Cat("/deliverychallans/", id, "/status/open")), IsApiOk(200, "success"));
  EXPECT_EQ(Fig(tea_), "10/7/0/7 sale 7 | Primary Location 10/7/0/7/7");
  ASSERT_THAT(Inv("POST", Cat("/deliverychallans/", id, "/status/delivered")), IsApiOk(200, "success"));
  EXPECT_EQ(Fig(tea_), "10/7/0/7 sale 7 | Primary Location 10/7/0/7/7");
  // A delivered challan cannot be edited.
  EXPECT_THAT(Inv("PUT", Cat("/deliverychallans/", id), R"({"notes":"x"})"), IsApiError(400, 4009, "status"));
  ASSERT_THAT(Inv("POST", Cat("/deliverychallans/", id, "/status/returned")), IsApiOk(200, "success"));
  EXPECT_EQ(Fig(tea_), "10/10/0/10 sale 10 | Primary Location 10/10/0/10/10");
  EXPECT_EQ(Inv("GET", Cat("/deliverychallans/", id)).str("/deliverychallan/status"), "returned");
  ApiReply mine = Inv("GET", Cat("/items/transactions/deliverychallans?item_id=", tea_));
  EXPECT_EQ(mine.str("/deliverychallans/0/status"), "returned");
  EXPECT_EQ(mine.at("/deliverychallans/0/item_quantity"), json::value(3));
  // Stock leaves from where the line says: the store has none.
  EXPECT_THAT(Inv("POST", "/deliverychallans",
                  Cat(R"({"customer_id":"C1","status":"open","line_items":[{"item_id":")", tea_,
                      R"(","quantity":3,"warehouse_id":")", store_, R"("}]})")),
              IsApiError(400, 4012, "line_items[0].quantity"));
}

TEST_F(DocumentsApiTest, PutawayAndMoveOrderBetweenBins) {
  const std::string bolt = CreateItem(R"({"name":"Bolt","sku":"BOLT","rate":1,"purchase_rate":0.5,)"
                                      R"("initial_stock":10,"initial_stock_rate":0.5})");
  ASSERT_THAT(Inv("POST", Cat("/items/enablestoragelocation?item_ids=", bolt)),
              IsApiOk(200, "Storage location has been enabled."));
  ApiReply put = Inv("POST", "/putaways",
                     Cat(R"({"date":"2026-01-05","line_items":[{"item_id":")", bolt,
                         R"(","quantity_transferred":6,"storages":[{"storage_id":"B1","quantity":6}]}]})"));
  ASSERT_THAT(put, IsApiOk(201, "Putaway created successfully."));
  const std::string putaway = put.str("/putaway/putaway_id");
  EXPECT_EQ(put.str("/putaway/status"), "completed");
  EXPECT_EQ(put.at("/putaway/line_items/0/quantity_transferred"), json::value(6));
  EXPECT_EQ(put.str("/putaway/line_items/0/storages/0/storage_id"), "B1");
  EXPECT_EQ(put.at("/putaway/line_items/0/storages/0/quantity"), json::value(6));
  EXPECT_EQ(Bins(bolt), "B1=6");
  EXPECT_EQ(Fig(bolt), "10/10/0/10 sale 10 | Primary Location 10/10/0/10/10");

  ApiReply mo = Inv("POST", "/moveorders",
                    Cat(R"({"date":"2026-01-06","line_items":[{"item_id":")", bolt, R"(","quantity_transferred":4,)",
                        R"("from_storages":[{"storage_id":"B1","quantity":4}],)",
                        R"("to_storages":[{"storage_id":"B2","quantity":4}]}]})"));
  ASSERT_THAT(mo, IsApiOk(201, "Move Order created successfully."));
  const std::string move = mo.str("/moveorder/moveorder_id");
  EXPECT_EQ(mo.str("/moveorder/status"), "draft");
  EXPECT_EQ(Bins(bolt), "B1=6");
  for (std::string_view step : {"markasconfirmed", "markasinprogress", "markascompleted"}) {
    ASSERT_THAT(Inv("POST", Cat("/moveorders/", move, "/", step)),
                IsApiOk(200, "Move Order status updated successfully."));
  }
  EXPECT_EQ(Inv("GET", Cat("/moveorders/", move)).str("/moveorder/status"), "completed");
  EXPECT_EQ(Bins(bolt), "B1=2 B2=4");
  EXPECT_EQ(Fig(bolt), "10/10/0/10 sale 10 | Primary Location 10/10/0/10/10");
  EXPECT_THAT(Inv("PUT", Cat("/moveorders/", move), R"({"notes":"x"})"), IsApiError(400, 4009, "status"));

  // B1 holds 2 now: moving 3 from it is refused, naming the bin's quantity.
  ApiReply more = Inv("POST", "/moveorders",
                      Cat(R"({"date":"2026-01-07","status":"completed","line_items":[{"item_id":")", bolt,
                          R"(","quantity_transferred":3,"from_storages":[{"storage_id":"B1","quantity":3}],)",
                          R"("to_storages":[{"storage_id":"B2","quantity":3}]}]})"));
  EXPECT_THAT(more, IsApiError(400, 4012, "line_items[0].from_storages[0].quantity"));
  EXPECT_EQ(Bins(bolt), "B1=2 B2=4");

  EXPECT_EQ(Inv("GET", Cat("/items/transactions/moveorders?item_id=", bolt)).at("/moveorders/0/item_quantity"),
            json::value(4));
  EXPECT_EQ(Inv("GET", Cat("/items/transactions/putaways?item_id=", bolt)).str("/putaways/0/putaway_id"), putaway);
  // Undone in reverse order, each takes back what it moved.
  ASSERT_THAT(Inv("DELETE", Cat("/moveorders/", move)), IsApiOk(200, "Move Order deleted successfully."));
  EXPECT_EQ(Bins(bolt), "B1=6");
  ASSERT_THAT(Inv("DELETE", Cat("/putaways/", putaway)), IsApiOk(200, "Putaway deleted successfully."));
  EXPECT_EQ(Bins(bolt), "");
  EXPECT_EQ(Fig(bolt), "10/10/0/10 sale 10 | Primary Location 10/10/0/10/10");
}

// Undoing a bin move needs the stock still in the bins it went to: B1
// holds only 2 of the 6 the putaway put there.
TEST_F(DocumentsApiTest, DeletingAPutawayWhoseBinsMovedOnIsRefused) {
  const std::string bolt = CreateItem(R"({"name":"Bolt","sku":"BOLT","initial_stock":10,"initial_stock_rate":1})");
  ASSERT_THAT(Inv("POST", Cat("/items/enablestoragelocation?item_ids=", bolt)),
              IsApiOk(200, "Storage location has been enabled."));
  const std::string putaway =
      Create("/putaways",
             Cat(R"({"date":"2026-01-05","line_items":[{"item_id":")", bolt,
                 R"(","quantity_transferred":6,"storages":[{"storage_id":"B1","quantity":6}]}]})"),
             "Putaway created successfully.", "putaway", "putaway_id");
  Create("/moveorders",
         Cat(R"({"date":"2026-01-06","status":"completed","line_items":[{"item_id":")", bolt,
             R"(","quantity_transferred":4,"from_storages":[{"storage_id":"B1","quantity":4}],)",
             R"("to_storages":[{"storage_id":"B2","quantity":4}]}]})"),
         "Move Order created successfully.", "moveorder", "moveorder_id");
  EXPECT_EQ(Bins(bolt), "B1=2 B2=4");
  EXPECT_THAT(Inv("DELETE", Cat("/putaways/", putaway)), IsApiError(400, 4013, "line_items[0].storages[0].quantity"));
  EXPECT_EQ(Bins(bolt), "B1=2 B2=4");
}

// ---------------------------------------------------------------------------
// Refusals: exact status, code and field; nothing changes.

TEST_F(DocumentsApiTest, RefusalsNameTheRequestFieldAndChangeNothing) {
  const std::string order = ConfirmedOrder(tea_, "4");
  const std::string line = FirstLine(Cat("/salesorders/", order), "salesorder");
  const std::string item_before = Inv("GET", Cat("/items/", tea_)).text;
  const std::string orders_before = Inv("GET", "/salesorders").text;
  const std::string packages_before = Inv("GET", "/packages").text;
  struct Case {
    std::string method, path, body;
    int status;
    int code;
    std::string field;
  };
  const std::string good_line = Cat(R"("item_id":")", tea_, R"(","quantity":1)");
  const std::vector<Case> cases = {
      {"POST", "/salesorders", Cat(R"({"line_items":[{)", good_line, "}]}"), 400, 4001, "customer_id"},
      {"POST", "/salesorders", R"({"customer_id":"C1"})", 400, 4001, "line_items"},
      {"POST", "/salesorders", R"({"customer_id":"C1","line_items":[{"quantity":1}]})", 400, 4001,
       "line_items[0].item_id"},
      {"POST", "/salesorders", Cat(R"({"customer_id":"C1","line_items":[{"item_id":")", tea_, R"("}]})"), 400, 4001,
       "line_items[0].quantity"},
      {"POST", "/salesorders", Cat(R"({"customer_id":"C1","line_items":[{"item_id":")", tea_, R"(","quantity":0}]})"),
       400, 4000, "line_items[0].quantity"},
      {"POST", "/salesorders",
       Cat(R"({"customer_id":"C1","line_items":[{)", good_line, R"(,"rate":-1}]})"), 400, 4000,
       "line_items[0].rate"},
      {"POST", "/salesorders", R"({"customer_id":"C1","line_items":[{"item_id":"999","quantity":1}]})", 404, 2006,
       "line_items[0].item_id"},
      {"POST", "/salesorders",
       Cat(R"({"customer_id":"C1","line_items":[{)", good_line, R"(,"warehouse_id":"999"}]})"), 404, 1002,
       "line_items[0].warehouse_id"},
      {"POST", "/salesorders", Cat(R"({"customer_id":"C1","warehouse_id":"999","line_items":[{)", good_line, "}]}"),
       404, 1002, "warehouse_id"},
      {"POST", "/salesorders", Cat(R"({"customer_id":"C1","date":"2026-02-30","line_items":[{)", good_line, "}]}"),
       400, 4000, "date"},
      {"POST", "/salesorders",
       Cat(R"({"customer_id":"C1","salesorder_number":"so-00001","line_items":[{)", good_line, "}]}"), 400, 4003,
       "salesorder_number"},
      {"POST", "/salesorders", Cat(R"({"customer_id":"C1","status":"shipped","line_items":[{)", good_line, "}]}"),
       400, 4004, "status"},
      {"POST", "/salesorders?ignore_auto_number_generation=true",
       Cat(R"({"customer_id":"C1","line_items":[{)", good_line, "}]}"), 400, 4001, "salesorder_number"},
      {"POST", "/salesorders", Cat(R"({"customer_id":"C1","line_items":[{)", good_line, R"(,"serial_numbers":["X"]}]})"),
       400, 4000, "line_items[0].serial_numbers"},
      {"POST", Cat("/packages?salesorder_id=", order),
       Cat(R"({"date":"2026-01-06","line_items":[{"so_line_item_id":")", line, R"(","quantity":5}]})"), 400, 4009,
       "line_items[0].quantity"},
      {"POST", Cat("/packages?salesorder_id=", order),
       Cat(R"({"date":"2026-01-06","line_items":[{"so_line_item_id":"77",)", good_line, "}]}"), 400, 4000,
       "line_items[0].so_line_item_id"},
      {"POST", "/packages?salesorder_id=999",
       Cat(R"({"date":"2026-01-06","line_items":[{"so_line_item_id":")", line, R"(","quantity":1}]})"), 404, 1002,
       "salesorder_id"},
      {"POST", "/packages", Cat(R"({"line_items":[{)", good_line, "}]}"), 400, 4001, "date"},
      {"POST", "/moveorders",
       Cat(R"({"date":"2026-01-06","line_items":[{"item_id":")", tea_, R"(","quantity_transferred":-1}]})"), 400, 4000,
       "line_items[0].quantity_transferred"},
      {"POST", "/purchaseorders",
       Cat(R"({"vendor_id":"V1","line_items":[{)", good_line, R"(,"purchase_rate":-2}]})"), 400, 4000,
       "line_items[0].purchase_rate"},
      {"POST", "/shipmentorders?package_ids=999",
       R"({"shipment_number":"S","date":"2026-01-06","delivery_method":"x","tracking_number":"t"})", 404, 1002,
       "package_ids"},
      {"POST", "/shipmentorders", "{}", 400, 4001, "package_ids"},
      {"GET", "/salesorders/999", "", 404, 1002, "salesorder_id"},
      {"GET", Cat("/invoices/", order), "", 404, 1002, "invoice_id"},
      {"GET", "/salesorders/abc", "", 400, 4000, "salesorder_id"},
      {"PUT", "/bills/999", "{}", 404, 1002, "bill_id"},
      {"DELETE", "/putaways/999", "", 404, 1002, "putaway_id"},
      {"POST", "/purchaseorders/999/status/issued", "", 404, 1002, "purchaseorder_id"},
      {"POST", Cat("/salesorders/", order, "/status/confirmed"), "", 400, 4009, "status"},
      {"GET", "/salesorders?status=open", "", 400, 4004, "status"},
      {"GET", "/salesorders?date_start=yesterday", "", 400, 4000, "date_start"},
      {"GET", "/salesorders?per_page=0", "", 400, 4000, "per_page"},
      {"GET", "/items/transactions/salesorders", "", 400, 4001, "item_id"},
      {"GET", "/items/transactions/invoices?item_id=999", "", 404, 2006, "item_id"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(Inv(c.method, c.path, c.body), IsApiError(c.status, c.code, c.field)) << c.method << " " << c.path
                                                                                        << " " << c.body;
  }
  EXPECT_EQ(Inv("GET", "/salesorders/999").message(), "Sales order does not exist.");
  EXPECT_EQ(Inv("GET", Cat("/items/", tea_)).text, item_before);
  EXPECT_EQ(Inv("GET", "/salesorders").text, orders_before);
  EXPECT_EQ(Inv("GET", "/packages").text, packages_before);
}

// ---------------------------------------------------------------------------
// Stock figures of composites and per location.

TEST_F(DocumentsApiTest, CompositeAndLocationFiguresShowCommittedAndForSale) {
  ApiReply made = Inv("POST", "/compositeitems",
                      Cat(R"({"name":"Gift box","sku":"GB","rate":20,"item_type":"inventory","product_type":"goods",)",
                          R"("initial_stock":5,"initial_stock_rate":10,"mapped_items":[{"item_id":")", tea_,
                          R"(","quantity":2}]})"));
  ASSERT_THAT(made, IsApiOk(201, "The item has been added."));
  const std::string box = made.str("/composite_item/composite_item_id");
  ConfirmedOrder(box, "2");
  // GET answers the composite's fields beside code and message.
  ApiReply got = Inv("GET", Cat("/compositeitems/", box));
  EXPECT_EQ(got.at("/stock_on_hand"), json::value(5));
  EXPECT_EQ(got.at("/committed_stock"), json::value(2));
  EXPECT_EQ(got.at("/available_for_sale_stock"), json::value(3));
  EXPECT_EQ(got.at("/quantity_in_transit"), json::value(0));
  EXPECT_EQ(got.str("/locations/0/location_committed_stock"), "2");
  EXPECT_EQ(got.str("/locations/0/location_available_for_sale_stock"), "3");
  EXPECT_THAT(Violations(got, "compositeitems", "retrieving-a-composite-item-response"), IsEmpty());
  ApiReply item = Inv("GET", Cat("/items/", tea_));
  EXPECT_THAT(Violations(item, "items", "retrieve-an-item-response"), IsEmpty());
}

// ---------------------------------------------------------------------------
// The reference's example request bodies, with ids substituted.

TEST_F(DocumentsApiTest, ReplaysTheReferenceExampleRequests) {
  const std::map<std::string, std::string> base = {
      {"4815000000044100", tea_}, {"982000000030049", tea_}, {"460000000038080", primary_}};

  json::value so = RequestExample("salesorders", "create-a-sales-order-request");
  Substitute(so, base);
  ApiReply r = Inv("POST", "/salesorders", json::serialize(so));
  ASSERT_THAT(r, IsApiOk(201, "success"));
  EXPECT_THAT(Violations(r, "salesorders", "create-a-sales-order-response"), IsEmpty());
  EXPECT_EQ(r.str("/sales_order/salesorder_number"), "SO-00003");
  EXPECT_EQ(r.str("/sales_order/customer_id"), "4815000000044080");
  EXPECT_EQ(r.at("/sales_order/total"), json::value(244));
  const std::string order = r.str("/sales_order/salesorder_id");
  ASSERT_THAT(Inv("POST", Cat("/salesorders/", order, "/status/confirmed")),
              IsApiOk(200, "Sales order status has been changed to 'Confirmed'."));
  EXPECT_EQ(Fig(tea_), "10/10/2/8 sale 8 | Primary Location 10/10/2/8/8");
  json::value so_update = RequestExample("salesorders", "update-a-sales-order-request");
  std::map<std::string, std::string> ids = base;
  ids["4815000000044897"] = FirstLine(Cat("/salesorders/", order), "salesorder");
  Substitute(so_update, ids);
  r = Inv("PUT", Cat("/salesorders/", order), json::serialize(so_update));
  ASSERT_THAT(r, IsApiOk(200, "Sales Order has been updated."));
  EXPECT_THAT(Violations(r, "salesorders", "update-a-sales-order-response"), IsEmpty());

  // The invoice example names a sales order line; its serial numbers,
  // batches and bins are left out: an invoice moves no physical stock here
  // (the package or challan does).
  json::value inv = RequestExample("invoices", "create-an-invoice-request");
  ids["4815000000017009"] = ids["4815000000044897"];
  Substitute(inv, ids);
  for (const char* key : {"serial_numbers", "batches", "storages"}) {
    inv.at("line_items").at(0).as_object().erase(key);
  }
  r = Inv("POST", "/invoices", json::serialize(inv));
  ASSERT_THAT(r, IsApiOk(201, "The invoice has been created."));
  EXPECT_THAT(Violations(r, "invoices", "create-an-invoice-response"),
              ElementsAre("/invoice/total: expected string, got integer"));
  EXPECT_EQ(r.str("/invoice/invoice_number"), "INV-00003");
  EXPECT_EQ(r.str("/invoice/salesorder_id"), order);
  EXPECT_EQ(r.at("/invoice/total"), json::value(120));

  json::value po = RequestExample("purchaseorders", "create-a-purchase-order-request");
  Substitute(po, base);
  r = Inv("POST", "/purchaseorders", json::serialize(po));
  ASSERT_THAT(r, IsApiOk(201, "success"));
  EXPECT_THAT(Violations(r, "purchaseorders", "create-a-purchase-order-response"), IsEmpty());
  EXPECT_EQ(r.str("/purchase_order/purchaseorder_number"), "PO-00002");
  EXPECT_EQ(r.at("/purchase_order/total"), json::value(244));

  // The bill example bills 5 of a purchase order line: an issued order of
  // 5 stands in for it. Its serials, batches and bins are left out as the
  // invoice's (a bill moves only the stock on hand).
  ApiReply order5 = Inv("POST", "/purchaseorders",
                        Cat(R"({"vendor_id":"4815000000044080","status":"issued","line_items":[{"item_id":")", tea_,
                            R"(","quantity":5,"purchase_rate":6}]})"));
  ASSERT_THAT(order5, IsApiOk(201, "success"));
  ids["4815000000044972"] = order5.str("/purchase_order/purchaseorder_id");
  ids["4815000000045245"] = order5.str("/purchase_order/line_items/0/line_item_id");
  json::value bill = RequestExample("bills", "create-a-bill-request");
  Substitute(bill, ids);
  for (const char* key : {"serial_numbers", "batches", "storages"}) {
    bill.at("line_items").at(0).as_object().erase(key);
  }
  r = Inv("POST", "/bills", json::serialize(bill));
  ASSERT_THAT(r, IsApiOk(201, "The Bill has been created."));
  EXPECT_THAT(Violations(r, "bills", "create-a-bill-response"), IsEmpty());
  EXPECT_EQ(r.str("/bill/bill_number"), "BL-00002");
  EXPECT_EQ(r.at("/bill/total"), json::value(30));
  EXPECT_EQ(Fig(tea_), "15/10/2/8 sale 8 | Primary Location 15/10/2/8/8");
}

}  // namespace
}  // namespace inventory
