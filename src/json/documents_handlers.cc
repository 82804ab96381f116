// Sales and purchase document endpoints (Zoho Inventory shapes): sales
// orders, invoices, packages and their shipment orders, delivery challans,
// sales receipts, sales returns and their receives, purchase orders, bills,
// purchase receives, move orders, putaways, and the item transaction lists.
// One set of handlers serves every type through the table of
// json/document_codec.h; this file adds each type's messages and status
// routes. Messages are the reference's; README.md lists the decisions
// taken where it is silent.
#include <cstdlib>
#include <string>
#include <vector>

#include "common/text.h"
#include "json/document_codec.h"
#include "json/paging.h"
#include "json/router.h"
#include "json/stock_codec.h"

namespace inventory::internal {
namespace {

using S = DocumentStatus;
using T = DocumentType;

struct StatusRoute {
  std::string_view suffix;  // after "/<path>/{}/"
  DocumentStatus status;
  std::string_view message;
};

// A type's messages (the reference's where it gives one; README lists ours).
struct Spec {
  DocumentType type;
  std::string_view created, updated, deleted;
  std::vector<StatusRoute> statuses;
};

const std::vector<Spec>& Specs() {
  static const std::vector<Spec> kSpecs = {
      {T::kSalesOrder, "success", "Sales Order has been updated.", "The Sales Order has been deleted.",
       {{"status/confirmed", S::kOpen, "Sales order status has been changed to 'Confirmed'."},
        {"status/void", S::kVoid, "The status of the Sales Order has been changed to void."}}},
      {T::kInvoice, "The invoice has been created.", "Invoice information has been updated.",
       "The invoice has been deleted.",
       {{"status/sent", S::kOpen, "Invoice status has been changed to Sent."},
        {"status/void", S::kVoid, "Invoice status has been changed to Void."},
        {"status/draft", S::kDraft, "Status of invoice changed from void to draft"}}},
      {T::kPackage, "Package created successfully. It's now time to ship!", "Package Updated Successfully.",
       "Whooooosh! Package Deleted Successfully.", {}},
      {T::kDeliveryChallan, "The delivery challan has been created", "The delivery challan has been updated",
       "The delivery challan has been deleted",
       {{"status/open", S::kOpen, "success"},
        {"status/delivered", S::kDelivered, "success"},
        {"status/returned", S::kReturned, "success"},
        {"status/undelivered", S::kOpen, "success"}}},
      {T::kSalesReceipt, "The sales receipt has been created.", "Sales receipt information has been updated.",
       "The sales receipt has been deleted.",
       {{"status/void", S::kVoid, "Sales receipt status has been changed to Void."}}},
      {T::kSalesReturn, "Return created successfully", "Return updated successfully",
       "The Sales Return has been deleted.", {}},
      {T::kPurchaseOrder, "success", "success", "The Purchase Order has been deleted.",
       {{"status/issued", S::kOpen, "The purchase order has been marked as issued."},
        {"status/cancelled", S::kVoid, "The purchase order has been marked as cancelled."}}},
      {T::kBill, "The Bill has been created.", "The Bill has been updated.", "The Bill has been deleted.",
       {{"status/open", S::kOpen, "The bill has been marked as open."},
        {"status/void", S::kVoid, "The bill has been marked as Void."}}},
      {T::kPurchaseReceive, "success", "success", "The Purchase Receive has been deleted.", {}},
      {T::kMoveOrder, "Move Order created successfully.", "success", "Move Order deleted successfully.",
       {{"markasconfirmed", S::kOpen, "Move Order status updated successfully."},
        {"markasinprogress", S::kInProgress, "Move Order status updated successfully."},
        {"markascompleted", S::kCompleted, "Move Order status updated successfully."}}},
      {T::kPutaway, "Putaway created successfully.", "success", "Putaway deleted successfully.", {}},
  };
  return kSpecs;
}

// An id from the query (0 when absent or blank), or an error naming it.
absl::StatusOr<int64_t> QueryId(const Call& call, std::string_view key) {
  const std::string* v = call.Query(key);
  if (v == nullptr || Trim(*v).empty()) return int64_t{0};
  int64_t id = ParseId(*v);
  if (id == 0) return InvalidArgumentError(key, Cat(key, " is not a valid id."));
  return id;
}

// The document of `type` at path parameter `index`, or its 404.
absl::StatusOr<const Document*> FindOf(const Reader& reader, const Call& call, DocumentType type, size_t index = 0) {
  const DocumentJson& j = JsonOf(type);
  auto id = PathId(call, index, j.id);
  if (!id.ok()) return id.status();
  const Document* d = reader.FindDocument(DocumentId(*id));
  if (d == nullptr || d->type != type) return DocumentNotFound(j);
  return d;
}

// ---------------------------------------------------------------------------
// The endpoints every type has.

Handler CreateDocument(DocumentType type, std::string_view message) {
  return [type, message](Call& call) -> absl::StatusOr<Reply> {
    const DocumentJson& j = JsonOf(type);
    DocumentInput input{.create = true,
                        .number_required = call.QueryBool("ignore_auto_number_generation", false),
                        .today = Today(call.engine)};
    for (std::string_view key : {j.source, j.alt_source, j.order_source}) {
      if (key.empty()) continue;
      auto source = QueryId(call, key);
      if (!source.ok()) return source.status();
      if (*source == 0) continue;
      input.query_source = *source;
      input.query_source_key = key;
      break;
    }
    Transaction txn = call.engine.BeginTransaction();
    Document d{.type = type};
    INVENTORY_RETURN_IF_ERROR(DecodeDocument(call.fields(), txn, input, &d));
    auto made = txn.CreateDocument(std::move(d));
    if (!made.ok()) return DocumentRequestError(made.status(), j, call.fields().object());
    Reply r = Ok(message, 201);
    r.body[j.write_key] = EncodeDocument(txn, **made, /*with_lines=*/true);
    INVENTORY_RETURN_IF_ERROR(txn.Commit());
    return r;
  };
}

Handler UpdateDocument(DocumentType type, std::string_view message) {
  return [type, message](Call& call) -> absl::StatusOr<Reply> {
    const DocumentJson& j = JsonOf(type);
    Transaction txn = call.engine.BeginTransaction();
    auto old = FindOf(txn, call, type);
    if (!old.ok()) return old.status();
    Document d = **old;
    INVENTORY_RETURN_IF_ERROR(DecodeDocument(call.fields(), txn, {.today = Today(call.engine)}, &d));
    auto updated = txn.UpdateDocument(std::move(d));
    if (!updated.ok()) return DocumentRequestError(updated.status(), j, call.fields().object());
    Reply r = Ok(message);
    r.body[j.write_key] = EncodeDocument(txn, **updated, /*with_lines=*/true);
    INVENTORY_RETURN_IF_ERROR(txn.Commit());
    return r;
  };
}

Handler GetDocument(DocumentType type) {
  return [type](Call& call) -> absl::StatusOr<Reply> {
    Snapshot snap = call.engine.GetSnapshot();
    auto d = FindOf(snap, call, type);
    if (!d.ok()) return d.status();
    Reply r = Ok("success");
    r.body[JsonOf(type).key] = EncodeDocument(snap, **d, /*with_lines=*/true);
    return r;
  };
}

Handler DeleteDocument(DocumentType type, std::string_view message) {
  return [type, message](Call& call) -> absl::StatusOr<Reply> {
    Transaction txn = call.engine.BeginTransaction();
    auto d = FindOf(txn, call, type);
    if (!d.ok()) return d.status();
    if (absl::Status s = txn.DeleteDocument((*d)->id); !s.ok()) {
      return DocumentRequestError(s, JsonOf(type), call.fields().object());
    }
    INVENTORY_RETURN_IF_ERROR(txn.Commit());
    return Ok(message);
  };
}

Handler SetStatus(DocumentType type, DocumentStatus status, std::string_view message) {
  return [type, status, message](Call& call) -> absl::StatusOr<Reply> {
    Transaction txn = call.engine.BeginTransaction();
    auto d = FindOf(txn, call, type);
    if (!d.ok()) return d.status();
    if (absl::Status s = txn.SetDocumentStatus((*d)->id, status); !s.ok()) {
      return DocumentRequestError(s, JsonOf(type), call.fields().object());
    }
    INVENTORY_RETURN_IF_ERROR(txn.Commit());
    return Ok(message);
  };
}

// GET /<path>?status=&date_start=&date_end=&item_id=&location_id=
// (or warehouse_id)&customer_id= (vendor_id)&<source id>=&page=&per_page=
Handler ListDocuments(DocumentType type) {
  return [type](Call& call) -> absl::StatusOr<Reply> {
    const DocumentJson& j = JsonOf(type);
    INVENTORY_RETURN_IF_ERROR(CheckPaging(call));
    DocumentQuery q{.type = type};
    if (const std::string* s = call.Query("status"); s != nullptr && !Trim(*s).empty()) {
      auto status = StatusFromName(type, *s, "status");
      if (!status.ok()) return status.status();
      q.status = *status;
    }
    auto from = QueryDay(call, "date_start");
    if (!from.ok()) return from.status();
    auto to = QueryDay(call, "date_end");
    if (!to.ok()) return to.status();
    q.date_start = *from;
    q.date_end = *to;
    auto item = QueryId(call, "item_id");
    if (!item.ok()) return item.status();
    if (*item != 0) q.item_id = ItemId(*item);
    for (std::string_view key : {"location_id", "warehouse_id"}) {
      auto location = QueryId(call, key);
      if (!location.ok()) return location.status();
      if (*location != 0) {
        q.location_id = LocationId(*location);
        break;
      }
    }
    for (std::string_view key : {"customer_id", "vendor_id"}) {
      if (const std::string* p = call.Query(key); p != nullptr) q.party_id = std::string(Trim(*p));
    }
    for (std::string_view key : {j.source, j.alt_source, j.order_source}) {
      if (key.empty()) continue;
      auto source = QueryId(call, key);
      if (!source.ok()) return source.status();
      if (*source != 0) q.source_id = DocumentId(*source);
    }
    Snapshot snap = call.engine.GetSnapshot();
    Reply r = Ok("success");
    PutPage(call, snap.ListDocuments(q), j.list_key, j.report, "date",
            [&](const Document& d) { return EncodeDocument(snap, d, /*with_lines=*/false); }, r);
    return r;
  };
}

// ---------------------------------------------------------------------------
// Shipment orders: shipping a package. A shipment order's id is its
// package's id (the engine keeps the shipment on the package).

absl::Status ShipmentNotFound() { return NotFoundError("shipmentorder_id", "Shipment order does not exist."); }

absl::StatusOr<const Document*> FindShipment(const Reader& reader, const Call& call) {
  auto id = PathId(call, 0, "shipmentorder_id");
  if (!id.ok()) return id.status();
  const Document* d = reader.FindDocument(DocumentId(*id));
  if (d == nullptr || d->type != T::kPackage || !d->shipment) return ShipmentNotFound();
  return d;
}

json::object EncodeShipmentOrder(const Reader& reader, const Document& package) {
  json::object p = EncodeDocument(reader, package, /*with_lines=*/true);
  const Shipment& s = *package.shipment;
  json::object o;
  o["shipment_id"] = IdValue(package.id);
  o["shipment_number"] = s.shipment_number;
  o["date"] = DayValue(s.date);
  o["status"] = std::string(StatusNameOf(package.type, package.status));
  o["delivery_method"] = s.delivery_method;
  o["carrier"] = s.delivery_method;
  o["tracking_number"] = s.tracking_number;
  o["package_id"] = IdValue(package.id);
  o["package_number"] = package.number;
  for (std::string_view key : {"salesorder_id", "salesorder_number", "customer_id", "customer_name",
                               "reference_number", "notes", "line_items"}) {
    o[key] = p[key];
  }
  Money total;
  for (const DocumentLine& l : package.line_items) total += Times(l.rate, l.quantity);
  o["sub_total"] = MoneyValue(total);
  o["total"] = MoneyValue(total);
  o["created_time"] = p["created_time"];
  o["last_modified_time"] = p["last_modified_time"];
  return o;
}

absl::Status DecodeShipment(const FieldReader& in, bool create, Shipment* s) {
  for (std::string_view key : {"shipment_number", "date", "delivery_method", "tracking_number"}) {
    if (create || in.Has(key)) INVENTORY_RETURN_IF_ERROR(in.Require(key));
  }
  INVENTORY_RETURN_IF_ERROR(in.Text("shipment_number", &s->shipment_number));
  std::optional<absl::CivilDay> date;
  INVENTORY_RETURN_IF_ERROR(in.Day("date", &date));
  if (date) s->date = *date;
  INVENTORY_RETURN_IF_ERROR(in.Text("delivery_method", &s->delivery_method));
  return in.Text("tracking_number", &s->tracking_number);
}

// An engine error of a package's status change, naming `field` where it
// named the status.
absl::Status ShipmentError(absl::Status s, std::string_view field) {
  if (ErrorField(s) == "status" || ErrorField(s) == "document_id") return WithDetail(s, field, ErrorApiCode(s));
  return s;
}

// POST /shipmentorders?package_ids=a,b&salesorder_id= : ships each package
// with the body's shipment details, all or none.
absl::StatusOr<Reply> CreateShipment(Call& call) {
  auto ids = ParseItemIds(call, "package_ids");
  if (!ids.ok()) return ids.status();
  auto order = QueryId(call, "salesorder_id");
  if (!order.ok()) return order.status();
  Shipment shipment;
  INVENTORY_RETURN_IF_ERROR(DecodeShipment(call.fields(), /*create=*/true, &shipment));
  Transaction txn = call.engine.BeginTransaction();
  for (ItemId id : *ids) {
    const Document* p = txn.FindDocument(DocumentId(id.value()));
    if (p == nullptr || p->type != T::kPackage) {
      return NotFoundError("package_ids", Cat("Package does not exist. (package_ids ", id.value(), ")"));
    }
    if (*order != 0 && p->source_id != DocumentId(*order)) {
      return InvalidArgumentError("salesorder_id",
                                  Cat("The package ", p->number, " is not a package of the sales order ", *order, "."));
    }
    INVENTORY_RETURN_IF_ERROR(
        ShipmentError(txn.SetDocumentStatus(p->id, S::kShipped, shipment), "package_ids"));
  }
  Reply r = Ok("Shipment created successfully.", 201);
  r.body["shipment_order"] = EncodeShipmentOrder(txn, *txn.FindDocument(DocumentId(ids->front().value())));
  INVENTORY_RETURN_IF_ERROR(txn.Commit());
  return r;
}

absl::StatusOr<Reply> GetShipment(Call& call) {
  Snapshot snap = call.engine.GetSnapshot();
  auto p = FindShipment(snap, call);
  if (!p.ok()) return p.status();
  Reply r = Ok("success");
  r.body["shipment_order"] = EncodeShipmentOrder(snap, **p);
  return r;
}

// PUT /shipmentorders/{id}: new shipment details; the package is shipped
// again with them (back to draft and forward in one transaction, so the
// stock it moved is unchanged) and stays delivered if it was.
absl::StatusOr<Reply> UpdateShipment(Call& call) {
  Transaction txn = call.engine.BeginTransaction();
  auto p = FindShipment(txn, call);
  if (!p.ok()) return p.status();
  const DocumentId id = (*p)->id;
  const DocumentStatus was = (*p)->status;
  Shipment shipment = *(*p)->shipment;
  INVENTORY_RETURN_IF_ERROR(DecodeShipment(call.fields(), /*create=*/false, &shipment));
  INVENTORY_RETURN_IF_ERROR(ShipmentError(txn.SetDocumentStatus(id, S::kDraft), "shipmentorder_id"));
  INVENTORY_RETURN_IF_ERROR(ShipmentError(txn.SetDocumentStatus(id, S::kShipped, shipment), "shipmentorder_id"));
  if (was == S::kDelivered) {
    INVENTORY_RETURN_IF_ERROR(ShipmentError(txn.SetDocumentStatus(id, S::kDelivered), "shipmentorder_id"));
  }
  Reply r = Ok("Shipment Order updated successfully.");
  r.body["shipmentorder"] = EncodeShipmentOrder(txn, *txn.FindDocument(id));
  INVENTORY_RETURN_IF_ERROR(txn.Commit());
  return r;
}

Handler MoveShipment(DocumentStatus status, std::string_view message) {
  return [status, message](Call& call) -> absl::StatusOr<Reply> {
    Transaction txn = call.engine.BeginTransaction();
    auto p = FindShipment(txn, call);
    if (!p.ok()) return p.status();
    INVENTORY_RETURN_IF_ERROR(ShipmentError(txn.SetDocumentStatus((*p)->id, status), "shipmentorder_id"));
    INVENTORY_RETURN_IF_ERROR(txn.Commit());
    return Ok(message);
  };
}

// ---------------------------------------------------------------------------
// Sales return receives: receiving a whole return (its status received).
// A receive's id is its return's id.

absl::StatusOr<Reply> CreateReturnReceive(Call& call) {
  auto id = QueryId(call, "salesreturn_id");
  if (!id.ok()) return id.status();
  if (*id == 0) return InvalidArgumentError("salesreturn_id", "salesreturn_id is required.", ApiCode::kMissingField);
  const DocumentJson& j = JsonOf(T::kSalesReturn);
  FieldReader in = call.fields();
  Transaction txn = call.engine.BeginTransaction();
  const Document* found = txn.FindDocument(DocumentId(*id));
  if (found == nullptr || found->type != T::kSalesReturn) {
    return NotFoundError("salesreturn_id", "Sales return does not exist.");
  }
  Document ret = *found;
  // The request's line index of each of the return's lines, for errors.
  std::vector<int> request_index(ret.line_items.size(), -1);
  if (in.Has("line_items")) {
    int index = 0;
    INVENTORY_RETURN_IF_ERROR(in.Objects("line_items", [&](const FieldReader& f) -> absl::Status {
      const int at = index++;
      INVENTORY_RETURN_IF_ERROR(f.Require("line_item_id"));
      std::string text;
      INVENTORY_RETURN_IF_ERROR(f.Text("line_item_id", &text));
      const int64_t line_id = ParseId(text);
      size_t i = 0;
      while (i < ret.line_items.size() && ret.line_items[i].line_item_id != line_id) ++i;
      if (i == ret.line_items.size()) {
        return InvalidArgumentError(f.FieldName("line_item_id"),
                                    Cat("The line ", text, " is not a line of the sales return ", ret.number, "."));
      }
      DocumentLine& line = ret.line_items[i];
      request_index[i] = at;
      if (std::string_view key = FirstGiven(f, {"quantity", "in_quantity"}); !key.empty()) {
        Quantity q;
        INVENTORY_RETURN_IF_ERROR(f.Quantity(key, &q));
        if (q != line.quantity) {
          return InvalidArgumentError(f.FieldName(key),
                                      Cat("A receive takes back the whole line: ", line.quantity.ToString(),
                                          ", not ", q.ToString(), "."));
        }
      }
      INVENTORY_RETURN_IF_ERROR(DecodeSerials(f, "serial_numbers", &line.serial_numbers));
      INVENTORY_RETURN_IF_ERROR(DecodeBatches(f, "batches", &line.batches));
      return DecodeStorages(f, "storages", &line.storages);
    }));
  }
  auto fail = [&](absl::Status s) {
    // The engine names the return's line; say which request line it was.
    std::string field = ErrorField(s);
    if (field.starts_with("line_items[")) {
      size_t close = field.find(']');
      size_t i = static_cast<size_t>(std::atoi(field.c_str() + 11));
      if (close != std::string::npos && i < request_index.size() && request_index[i] >= 0) {
        field = Cat("line_items[", request_index[i], "]", field.substr(close + 1));
        field = RequestField(call.fields().object(), field);
        return WithDetail(s, field, ErrorApiCode(s));
      }
    }
    return DocumentRequestError(s, j, call.fields().object());
  };
  if (ret.status == S::kDraft && in.Has("line_items")) {
    if (auto updated = txn.UpdateDocument(ret); !updated.ok()) return fail(updated.status());
  }
  if (absl::Status s = txn.SetDocumentStatus(ret.id, S::kReceived); !s.ok()) return fail(s);
  const Document& done = *txn.FindDocument(ret.id);
  json::object doc = EncodeDocument(txn, done, /*with_lines=*/true);
  json::object o{{"receive_id", IdValue(done.id)},
                 {"receive_number", done.number},
                 {"salesreturn_id", IdValue(done.id)},
                 {"salesreturn_number", done.number},
                 {"date", DayValue(done.date)},
                 {"line_items", doc["line_items"]},
                 {"notes", done.notes}};
  Reply r = Ok("Sales Return Receive Created Successfully", 201);
  r.body["salesreturn"] = std::move(o);
  INVENTORY_RETURN_IF_ERROR(txn.Commit());
  return r;
}

absl::StatusOr<Reply> DeleteReturnReceive(Call& call) {
  auto id = PathId(call, 0, "salesreturnreceive_id");
  if (!id.ok()) return id.status();
  Transaction txn = call.engine.BeginTransaction();
  const Document* d = txn.FindDocument(DocumentId(*id));
  if (d == nullptr || d->type != T::kSalesReturn || d->status != S::kReceived) {
    return NotFoundError("salesreturnreceive_id", "Sales return receive does not exist.");
  }
  if (absl::Status s = txn.SetDocumentStatus(d->id, S::kDraft); !s.ok()) {
    return DocumentRequestError(s, JsonOf(T::kSalesReturn), call.fields().object());
  }
  INVENTORY_RETURN_IF_ERROR(txn.Commit());
  return Ok("Sales Return Receive Deleted Successfully.");
}

// ---------------------------------------------------------------------------
// GET /items/transactions/<path>?item_id=&status=&customer_id= (vendor_id)

Handler ItemTransactions(DocumentType type) {
  return [type](Call& call) -> absl::StatusOr<Reply> {
    const DocumentJson& j = JsonOf(type);
    INVENTORY_RETURN_IF_ERROR(CheckPaging(call));
    auto item = QueryId(call, "item_id");
    if (!item.ok()) return item.status();
    if (*item == 0) return InvalidArgumentError("item_id", "item_id is required.", ApiCode::kMissingField);
    DocumentQuery q{.type = type, .item_id = ItemId(*item)};
    if (const std::string* s = call.Query("status"); s != nullptr && !Trim(*s).empty()) {
      auto status = StatusFromName(type, *s, "status");
      if (!status.ok()) return status.status();
      q.status = *status;
    }
    for (std::string_view key : {"customer_id", "vendor_id"}) {
      if (const std::string* p = call.Query(key); p != nullptr) q.party_id = std::string(Trim(*p));
    }
    Snapshot snap = call.engine.GetSnapshot();
    if (snap.FindItem(ItemId(*item)) == nullptr) return ItemNotFound(ItemId(*item));
    Reply r = Ok("success");
    PutPage(call, snap.ListDocuments(q), j.list_key, j.report, "date",
            [&](const Document& d) { return EncodeItemTransaction(snap, d, ItemId(*item)); }, r);
    return r;
  };
}

}  // namespace

void RegisterDocumentRoutes(Router& router) {
  const Flavour f = Flavour::kInventory;
  for (const Spec& spec : Specs()) {
    const DocumentJson& j = JsonOf(spec.type);
    const std::string base = Cat("/", j.path);
    const std::string one = Cat(base, "/{}");
    router.Add("POST", f, base, CreateDocument(spec.type, spec.created));
    router.Add("GET", f, base, ListDocuments(spec.type));
    router.Add("GET", f, one, GetDocument(spec.type));
    router.Add("PUT", f, one, UpdateDocument(spec.type, spec.updated));
    router.Add("DELETE", f, one, DeleteDocument(spec.type, spec.deleted));
    for (const StatusRoute& s : spec.statuses) {
      router.Add("POST", f, Cat(one, "/", s.suffix), SetStatus(spec.type, s.status, s.message));
    }
  }
  router.Add("POST", f, "/shipmentorders", CreateShipment);
  router.Add("GET", f, "/shipmentorders/{}", GetShipment);
  router.Add("PUT", f, "/shipmentorders/{}", UpdateShipment);
  router.Add("DELETE", f, "/shipmentorders/{}", MoveShipment(S::kDraft, "The Shipment Order has been deleted."));
  router.Add("POST", f, "/shipmentorders/{}/status/delivered",
             MoveShipment(S::kDelivered, "The Shipment Order has been marked as Delivered."));
  router.Add("POST", f, "/salesreturnreceives", CreateReturnReceive);
  router.Add("DELETE", f, "/salesreturnreceives/{}", DeleteReturnReceive);
  for (DocumentType type : {T::kSalesOrder, T::kPurchaseOrder, T::kInvoice, T::kDeliveryChallan,
                            T::kSalesReceipt, T::kMoveOrder, T::kPutaway}) {
    router.Add("GET", f, Cat("/items/transactions/", JsonOf(type).path), ItemTransactions(type));
  }
}

}  // namespace inventory::internal
