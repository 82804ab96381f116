#include "json/document_codec.h"

#include <charconv>
#include <map>
#include <utility>
#include <vector>

#include "common/text.h"
#include "json/stock_codec.h"
#include "stock/document_rules.h"

namespace inventory::internal {
namespace {

using S = DocumentStatus;
using T = DocumentType;

// The per-type JSON names, in DocumentType order. Names are the openapi
// documents' (salesreceipts has none: modelled on invoices, with the names
// GET /items/transactions/salesreceipts uses).
const DocumentJson kJson[] = {
    {.type = T::kSalesOrder, .path = "salesorders", .key = "salesorder", .write_key = "sales_order",
     .list_key = "salesorders", .id = "salesorder_id", .number = "salesorder_number", .entity = "Sales order",
     .report = "Sales Orders", .party = Party::kCustomer, .party_required = true, .quantity = "quantity",
     .rate = "rate", .status = "status", .default_status = S::kDraft},
    {.type = T::kInvoice, .path = "invoices", .key = "invoice", .write_key = "invoice", .list_key = "invoices",
     .id = "invoice_id", .number = "invoice_number", .entity = "Invoice", .report = "Invoices",
     .party = Party::kCustomer, .party_required = true, .source = "salesorder_id",
     .source_number = "salesorder_number", .source_line = "salesorder_item_id", .quantity = "quantity",
     .rate = "rate", .storages = "storages", .bin_quantity = "out_quantity", .status = "status",
     .default_status = S::kDraft},
    {.type = T::kPackage, .path = "packages", .key = "package", .write_key = "package", .list_key = "packages",
     .id = "package_id", .number = "package_number", .entity = "Package", .report = "Packages",
     .party = Party::kCustomer, .date_required = true, .source = "salesorder_id",
     .source_number = "salesorder_number", .source_line = "so_line_item_id", .quantity = "quantity",
     .storages = "storages", .bin_quantity = "out_quantity", .status = "status", .default_status = S::kDraft},
    {.type = T::kDeliveryChallan, .path = "deliverychallans", .key = "deliverychallan",
     .write_key = "deliverychallan", .list_key = "deliverychallans", .id = "deliverychallan_id",
     .number = "deliverychallan_number", .entity = "Delivery challan", .report = "Delivery Challans",
     .party = Party::kCustomer, .party_required = true, .quantity = "quantity", .rate = "rate",
     .storages = "storages", .bin_quantity = "out_quantity", .status = "status", .default_status = S::kDraft},
    {.type = T::kSalesReceipt, .path = "salesreceipts", .key = "sales_receipt", .write_key = "sales_receipt",
     .list_key = "sales_receipts", .id = "receipt_id", .number = "receipt_number", .entity = "Sales receipt",
     .report = "Sales Receipts", .party = Party::kCustomer, .quantity = "quantity", .rate = "rate",
     .storages = "storages", .bin_quantity = "out_quantity", .status = "status", .default_status = S::kOpen},
    {.type = T::kSalesReturn, .path = "salesreturns", .key = "salesreturn", .write_key = "salesreturn",
     .list_key = "salesreturns", .id = "salesreturn_id", .number = "salesreturn_number", .entity = "Sales return",
     .report = "Sales Returns", .party = Party::kCustomer, .source = "invoice_id", .source_number = "invoice_number",
     .alt_source = "receipt_id", .order_source = "salesorder_id", .quantity = "quantity", .rate = "rate", .storages = "storages",
     .bin_quantity = "in_quantity", .status = "salesreturn_status", .default_status = S::kDraft},
    {.type = T::kPurchaseOrder, .path = "purchaseorders", .key = "purchase_order", .write_key = "purchase_order",
     .list_key = "purchaseorders", .id = "purchaseorder_id", .number = "purchaseorder_number",
     .entity = "Purchase order", .report = "Purchase Orders", .party = Party::kVendor, .party_required = true,
     .quantity = "quantity", .rate = "purchase_rate", .status = "status", .default_status = S::kDraft},
    {.type = T::kBill, .path = "bills", .key = "bill", .write_key = "bill", .list_key = "bills", .id = "bill_id",
     .number = "bill_number", .entity = "Bill", .report = "Bills", .party = Party::kVendor, .party_required = true,
     .date_required = true, .source = "purchaseorder_id", .source_number = "purchaseorder_number",
     .source_line = "purchaseorder_item_id", .quantity = "quantity", .rate = "rate", .storages = "storages",
     .bin_quantity = "in_quantity", .status = "status", .default_status = S::kOpen},
    {.type = T::kPurchaseReceive, .path = "purchasereceives", .key = "purchase_receive",
     .write_key = "purchase_receive", .list_key = "purchasereceives", .id = "receive_id",
     .number = "receive_number", .entity = "Purchase receive", .report = "Purchase Receives",
     .party = Party::kVendor, .source = "purchaseorder_id", .source_number = "purchaseorder_number",
     .source_line = "purchaseorder_item_id", .line_id_names_source = true, .quantity = "quantity",
     .storages = "storages", .bin_quantity = "in_quantity", .status = "status", .default_status = S::kReceived},
    {.type = T::kMoveOrder, .path = "moveorders", .key = "moveorder", .write_key = "moveorder",
     .list_key = "moveorders", .id = "moveorder_id", .number = "moveorder_number", .entity = "Move order",
     .report = "Move Orders", .party = Party::kNone, .date_required = true, .quantity = "quantity_transferred",
     .storages = "from_storages", .to_storages = "to_storages", .bin_quantity = "quantity", .status = "status",
     .default_status = S::kDraft},
    {.type = T::kPutaway, .path = "putaways", .key = "putaway", .write_key = "putaway", .list_key = "putaways",
     .id = "putaway_id", .number = "putaway_number", .entity = "Putaway", .report = "Putaways",
     .party = Party::kNone, .date_required = true, .quantity = "quantity_transferred", .to_storages = "storages",
     .bin_quantity = "quantity", .status = "status", .default_status = S::kCompleted},
};

std::string_view PartyIdField(const DocumentJson& j) {
  return j.party == Party::kVendor ? "vendor_id" : "customer_id";
}
std::string_view PartyNameField(const DocumentJson& j) {
  return j.party == Party::kVendor ? "vendor_name" : "customer_name";
}

// An id given as a string or number (0 when absent or blank); malformed is
// an error naming the field.
absl::Status ReadRawId(const FieldReader& in, std::string_view key, int64_t* out) {
  if (!Given(in, key)) return absl::OkStatus();
  std::string text;
  INVENTORY_RETURN_IF_ERROR(in.Text(key, &text));
  int64_t id = ParseId(text);
  if (id == 0) return InvalidArgumentError(in.FieldName(key), Cat(in.FieldName(key), " is not a valid id."));
  *out = id;
  return absl::OkStatus();
}

const DocumentLine* LineOf(const Document& d, int64_t line_item_id) {
  for (const DocumentLine& l : d.line_items) {
    if (l.line_item_id == line_item_id) return &l;
  }
  return nullptr;
}

// The order of `type` that has the line `line_item_id` (through the
// engine's index of order lines), or nullptr.
const Document* DocumentOfLine(const Reader& reader, DocumentType type, int64_t line_item_id) {
  const Document* d = reader.FindOrderOfLine(line_item_id);
  return d != nullptr && d->type == type ? d : nullptr;
}

// The type of document a source field names.
DocumentType SourceType(const DocumentJson& j, std::string_view key) {
  if (key == j.alt_source) return T::kSalesReceipt;
  if (key == j.order_source) return T::kSalesOrder;
  const DocumentRule& rule = RuleOf(j.type);
  if (rule.fulfils) return *rule.fulfils;
  return rule.refers_to[0].value_or(T::kInvoice);
}

absl::Status SourceNotFound(std::string_view field, DocumentType type, int64_t id) {
  return NotFoundError(field, Cat(JsonOf(type).entity, " does not exist. (", field, " ", id, ")"));
}

// Quantities a source line has given to documents fulfilling it.
struct Fulfilled {
  Quantity packed, shipped, invoiced, received, billed;
};

std::map<int64_t, Fulfilled> FulfilledLines(const Reader& reader, const Document& order) {
  std::map<int64_t, Fulfilled> out;
  for (const Document* f : reader.DocumentsFulfilling(order.id)) {
    if (f->status == S::kVoid) continue;
    for (const DocumentLine& l : f->line_items) {
      if (l.source_line_item_id == 0) continue;
      Fulfilled& x = out[l.source_line_item_id];
      switch (f->type) {
        case T::kPackage:
          x.packed += l.quantity;
          if (f->status != S::kDraft) x.shipped += l.quantity;
          break;
        case T::kInvoice: x.invoiced += l.quantity; break;
        case T::kPurchaseReceive: x.received += l.quantity; break;
        case T::kBill: x.billed += l.quantity; break;
        default: break;
      }
    }
  }
  return out;
}

Money DocumentTotal(const Document& d) {
  Money total;
  for (const DocumentLine& l : d.line_items) total += Times(l.rate, l.quantity);
  return total;
}

json::object ShipmentValue(const Document& package) {
  const Shipment& s = *package.shipment;
  return json::object{{"shipment_id", IdValue(package.id)},
                      {"shipment_number", s.shipment_number},
                      {"date", DayValue(s.date)},
                      {"shipping_date", DayValue(s.date)},
                      {"status", std::string(StatusNameOf(package.type, package.status))},
                      {"delivery_method", s.delivery_method},
                      {"carrier", s.delivery_method},
                      {"tracking_number", s.tracking_number}};
}

// The documents that fulfil an order, as its answer lists them.
void PutFulfilling(const Reader& reader, const Document& order, json::object& o) {
  json::array packages, invoices, receives, bills;
  for (const Document* f : reader.DocumentsFulfilling(order.id)) {
    const std::string status(StatusNameOf(f->type, f->status));
    switch (f->type) {
      case T::kPackage: {
        json::object p{{"package_id", IdValue(f->id)}, {"package_number", f->number},
                       {"status", status}, {"date", DayValue(f->date)}};
        if (f->shipment) {
          p["shipment_id"] = IdValue(f->id);
          p["shipment_number"] = f->shipment->shipment_number;
          p["shipment_date"] = DayValue(f->shipment->date);
          p["carrier"] = f->shipment->delivery_method;
          p["tracking_number"] = f->shipment->tracking_number;
        }
        packages.push_back(std::move(p));
        break;
      }
      case T::kInvoice:
        invoices.push_back(json::object{{"invoice_id", IdValue(f->id)}, {"invoice_number", f->number},
                                        {"status", status}, {"date", DayValue(f->date)},
                                        {"total", MoneyValue(DocumentTotal(*f))}});
        break;
      case T::kPurchaseReceive:
        receives.push_back(json::object{{"receive_id", IdValue(f->id)}, {"receive_number", f->number},
                                        {"date", DayValue(f->date)}, {"notes", f->notes}});
        break;
      case T::kBill:
        bills.push_back(json::object{{"bill_id", IdValue(f->id)}, {"bill_number", f->number},
                                     {"status", status}, {"date", DayValue(f->date)},
                                     {"total", MoneyValue(DocumentTotal(*f))}});
        break;
      default: break;
    }
  }
  if (order.type == T::kSalesOrder) {
    o["packages"] = std::move(packages);
    o["invoices"] = std::move(invoices);
  } else {
    o["purchasereceives"] = std::move(receives);
    o["bills"] = std::move(bills);
  }
}

}  // namespace

const DocumentJson& JsonOf(DocumentType type) { return kJson[static_cast<int>(type) - 1]; }

absl::Status DocumentNotFound(const DocumentJson& j) {
  return NotFoundError(j.id, Cat(j.entity, " does not exist."));
}

std::string_view StatusNameOf(DocumentType type, DocumentStatus status) {
  return RuleOf(type).StatusName(status);
}

absl::StatusOr<DocumentStatus> StatusFromName(DocumentType type, std::string_view name, std::string_view field) {
  const DocumentRule& rule = RuleOf(type);
  if (std::optional<DocumentStatus> s = rule.StatusNamed(Trim(name))) return *s;
  std::string names;
  for (int i = 1; i < kStatusCount; ++i) {
    std::string_view n = rule.StatusName(static_cast<DocumentStatus>(i));
    if (!n.empty()) names += Cat(names.empty() ? "" : ", ", n);
  }
  return InvalidArgumentError(field, Cat(field, " must be one of: ", names, "."), ApiCode::kBadEnum);
}

absl::Status DecodeDocument(const FieldReader& in, const Reader& reader, const DocumentInput& input, Document* d) {
  const DocumentJson& j = JsonOf(d->type);
  const DocumentRule& rule = RuleOf(d->type);
  const bool create = input.create;
  std::vector<std::string_view> required;
  if (create && input.number_required) required.push_back(j.number);
  if (j.date_required || !create) required.push_back("date");
  if (j.party != Party::kNone && (j.party_required || !create)) required.push_back(PartyIdField(j));
  required.push_back("line_items");
  for (std::string_view key : required) {
    // On update only what is given must not be empty.
    if (create || in.Has(key)) INVENTORY_RETURN_IF_ERROR(in.Require(key));
  }
  INVENTORY_RETURN_IF_ERROR(in.Text(j.number, &d->number));
  std::optional<absl::CivilDay> date;
  INVENTORY_RETURN_IF_ERROR(in.Day("date", &date));
  if (date) d->date = *date;
  else if (create) d->date = input.today;
  if (j.party != Party::kNone) {
    INVENTORY_RETURN_IF_ERROR(in.Text(PartyIdField(j), &d->party_id));
    INVENTORY_RETURN_IF_ERROR(in.Text(PartyNameField(j), &d->party_name));
  }
  INVENTORY_RETURN_IF_ERROR(in.Text("reference_number", &d->reference_number));
  INVENTORY_RETURN_IF_ERROR(in.Text("notes", &d->notes));
  if (std::string_view key = FirstGiven(in, {"location_id", "warehouse_id"}); !key.empty()) {
    INVENTORY_RETURN_IF_ERROR(ReadLocation(in, reader, key, &d->location_id));
  }
  if (create) {
    d->status = j.default_status;
    std::string_view key = FirstGiven(in, {j.status, "status"});
    if (!key.empty()) {
      std::string name;
      INVENTORY_RETURN_IF_ERROR(in.Text(key, &name));
      absl::StatusOr<DocumentStatus> status = StatusFromName(d->type, name, in.FieldName(key));
      if (!status.ok()) return status.status();
      d->status = *status;
    }
  }

  // The source: the body's field, else the query's.
  const Document* source = nullptr;
  for (std::string_view key : {j.source, j.alt_source, j.order_source}) {
    if (key.empty() || !Given(in, key)) continue;
    int64_t id = 0;
    INVENTORY_RETURN_IF_ERROR(ReadRawId(in, key, &id));
    source = reader.FindDocument(DocumentId(id));
    if (source == nullptr || source->type != SourceType(j, key)) {
      return SourceNotFound(in.FieldName(key), SourceType(j, key), id);
    }
    break;
  }
  if (source == nullptr && create && input.query_source != 0) {
    source = reader.FindDocument(DocumentId(input.query_source));
    const std::string_view key = input.query_source_key.empty() ? j.source : input.query_source_key;
    if (source == nullptr || source->type != SourceType(j, key)) {
      return SourceNotFound(key, SourceType(j, key), input.query_source);
    }
  }
  if (source != nullptr) d->source_id = source->id;
  else if (d->source_id.valid()) source = reader.FindDocument(d->source_id);

  if (in.Has("line_items")) {
    const DocumentLines old_lines = create ? DocumentLines() : d->line_items;
    DocumentLines lines;
    INVENTORY_RETURN_IF_ERROR(in.Objects("line_items", [&](const FieldReader& f) -> absl::Status {
      DocumentLine line;
      int64_t line_id = 0;
      int64_t source_line = 0;
      INVENTORY_RETURN_IF_ERROR(ReadRawId(f, "line_item_id", &line_id));
      if (!j.source_line.empty()) INVENTORY_RETURN_IF_ERROR(ReadRawId(f, j.source_line, &source_line));
      const DocumentLine* old = nullptr;
      for (const DocumentLine& l : old_lines) {
        if (l.line_item_id == line_id && line_id != 0) old = &l;
      }
      if (j.line_id_names_source && line_id != 0 && old == nullptr && source_line == 0) {
        // The reference's receive names the purchase order's line so.
        source_line = line_id;
        line_id = 0;
      }
      if (old != nullptr) line = *old;
      // On create a line has no id of its own yet (the reference's examples
      // send one anyway).
      line.line_item_id = create ? 0 : line_id;
      if (source_line != 0) {
        line.source_line_item_id = source_line;
        if (source == nullptr && rule.fulfils) {
          // Invoices and bills may name only their lines' sources.
          source = DocumentOfLine(reader, *rule.fulfils, source_line);
          if (source != nullptr) d->source_id = source->id;
        }
      }
      INVENTORY_RETURN_IF_ERROR(f.Id("item_id", &line.item_id));
      const DocumentLine* from = source != nullptr && line.source_line_item_id != 0
                                     ? LineOf(*source, line.source_line_item_id)
                                     : nullptr;
      if (!line.item_id.valid() && from != nullptr && old == nullptr) {
        line.item_id = from->item_id;
        line.name = from->name;
        line.description = from->description;
        line.unit = from->unit;
        line.rate = from->rate;
        line.location_id = from->location_id;
      }
      if (!line.item_id.valid()) return Missing(f, "item_id");
      INVENTORY_RETURN_IF_ERROR(f.Text("name", &line.name));
      INVENTORY_RETURN_IF_ERROR(f.Text("description", &line.description));
      INVENTORY_RETURN_IF_ERROR(f.Text("unit", &line.unit));
      std::string_view quantity = FirstGiven(f, {j.quantity, "quantity", "quantity_received"});
      if (quantity.empty() && old == nullptr) return Missing(f, j.quantity);
      if (!quantity.empty()) INVENTORY_RETURN_IF_ERROR(f.Quantity(quantity, &line.quantity));
      if (!j.rate.empty()) {
        std::string_view rate = FirstGiven(f, {j.rate, "rate"});
        if (!rate.empty()) INVENTORY_RETURN_IF_ERROR(f.Money(rate, &line.rate));
      }
      if (std::string_view key = FirstGiven(f, {"location_id", "warehouse_id"}); !key.empty()) {
        INVENTORY_RETURN_IF_ERROR(ReadLocation(f, reader, key, &line.location_id));
      }
      INVENTORY_RETURN_IF_ERROR(DecodeSerials(f, "serial_numbers", &line.serial_numbers));
      INVENTORY_RETURN_IF_ERROR(DecodeBatches(f, "batches", &line.batches));
      if (!j.storages.empty()) INVENTORY_RETURN_IF_ERROR(DecodeStorages(f, j.storages, &line.storages));
      if (!j.to_storages.empty()) INVENTORY_RETURN_IF_ERROR(DecodeStorages(f, j.to_storages, &line.to_storages));
      lines.push_back(std::move(line));
      return absl::OkStatus();
    }));
    d->line_items = std::move(lines);
  }
  // A document fulfilling or taking back another is with the same party.
  if (source != nullptr && d->party_id.empty() && d->party_name.empty()) {
    d->party_id = source->party_id;
    d->party_name = source->party_name;
  }
  return absl::OkStatus();
}

json::object EncodeDocument(const Reader& reader, const Document& d, bool with_lines) {
  const DocumentJson& j = JsonOf(d.type);
  const DocumentRule& rule = RuleOf(d.type);
  json::object o;
  o[j.id] = IdValue(d.id);
  o[j.number] = d.number;
  o["date"] = DayValue(d.date);
  o[j.status] = std::string(StatusNameOf(d.type, d.status));
  if (j.party != Party::kNone) {
    o[PartyIdField(j)] = d.party_id;
    o[PartyNameField(j)] = d.party_name;
  }
  o["reference_number"] = d.reference_number;
  if (!j.source.empty()) {
    const Document* source = d.source_id.valid() ? reader.FindDocument(d.source_id) : nullptr;
    const DocumentJson& s = JsonOf(source != nullptr ? source->type : SourceType(j, j.source));
    o[s.id] = source != nullptr ? IdValue(source->id) : json::value("");
    o[s.number] = source != nullptr ? source->number : "";
  }
  o["location_id"] = OptionalIdValue(d.location_id);
  o["location_name"] = LocationName(reader, d.location_id);
  if (j.party == Party::kNone || d.type == T::kDeliveryChallan) {
    // Move orders, putaways and delivery challans name it a warehouse.
    o["warehouse_id"] = OptionalIdValue(d.location_id);
    o["warehouse_name"] = LocationName(reader, d.location_id);
  }
  o["notes"] = d.notes;
  const bool money = !j.rate.empty();
  const bool order = rule.open != OpenFigure::kNone;
  std::map<int64_t, Fulfilled> fulfilled = order ? FulfilledLines(reader, d) : std::map<int64_t, Fulfilled>();
  Money sub_total;
  Quantity total_quantity;
  json::array lines;
  for (size_t i = 0; i < d.line_items.size(); ++i) {
    const DocumentLine& l = d.line_items[i];
    const Money item_total = Times(l.rate, l.quantity);
    sub_total += item_total;
    total_quantity += l.quantity;
    if (!with_lines) continue;
    const Item* item = reader.FindItem(l.item_id);
    json::object e;
    e["line_item_id"] = IdText(l.line_item_id);
    e["item_id"] = IdValue(l.item_id);
    e["item_order"] = static_cast<int64_t>(i);
    e["name"] = l.name.empty() && item != nullptr ? item->name : l.name;
    e["description"] = l.description;
    e["sku"] = item != nullptr ? item->sku : "";
    e["unit"] = l.unit.empty() && item != nullptr ? item->unit : l.unit;
    e[j.quantity] = QuantityValue(l.quantity);
    if (money) {
      e["rate"] = MoneyValue(l.rate);
      if (j.rate != "rate") e[j.rate] = MoneyValue(l.rate);
      e["item_total"] = MoneyValue(item_total);
    }
    if (!j.source_line.empty()) {
      e[j.source_line] = l.source_line_item_id != 0 ? json::value(IdText(l.source_line_item_id)) : json::value("");
    }
    if (order) {
      const Fulfilled f = fulfilled[l.line_item_id];
      if (d.type == T::kSalesOrder) {
        e["quantity_packed"] = QuantityValue(f.packed);
        e["quantity_shipped"] = QuantityValue(f.shipped);
        e["quantity_invoiced"] = QuantityValue(f.invoiced);
        e["is_invoiced"] = f.invoiced >= l.quantity;
      } else {
        e["quantity_received"] = QuantityValue(f.received);
        e["quantity_billed"] = QuantityValue(f.billed);
      }
      e["quantity_open"] = QuantityValue(reader.OpenQuantity(d.id, l.line_item_id));
    }
    e["location_id"] = OptionalIdValue(l.location_id);
    e["location_name"] = LocationName(reader, l.location_id);
    e["warehouse_id"] = OptionalIdValue(l.location_id);
    e["warehouse_name"] = LocationName(reader, l.location_id);
    e["is_combo_product"] = item != nullptr && item->is_composite();
    e["serial_numbers"] = SerialsValue(l.serial_numbers);
    e["batches"] = BatchesValue(l.batches, std::nullopt);
    if (!j.storages.empty()) e[j.storages] = DocumentStoragesValue(l.storages, j.bin_quantity);
    if (!j.to_storages.empty()) e[j.to_storages] = DocumentStoragesValue(l.to_storages, j.bin_quantity);
    lines.push_back(std::move(e));
  }
  if (with_lines) o["line_items"] = std::move(lines);
  if (money) {
    o["sub_total"] = MoneyValue(sub_total);
    o["total"] = MoneyValue(sub_total);
  }
  if (d.type == T::kPackage) {
    // The schema types it a string.
    o["total_quantity"] = total_quantity.ToString();
    if (d.shipment) o["shipment_order"] = ShipmentValue(d);
  }
  if (order && with_lines) PutFulfilling(reader, d, o);
  o["custom_fields"] = json::array();
  o["created_time"] = TimeValue(d.created_time);
  o["last_modified_time"] = TimeValue(d.last_modified_time);
  return o;
}

absl::Status DocumentRequestError(absl::Status status, const DocumentJson& j, const json::object& body) {
  std::string field = ErrorField(status);
  if (status.ok() || field.empty()) return status;
  auto given = [](const json::object* o, std::string_view key) {
    return o != nullptr && o->if_contains(json::string_view(key.data(), key.size())) != nullptr;
  };
  // Of the request's spellings of one field, the one it used (else the first).
  auto spelled = [&](const json::object* o, std::initializer_list<std::string_view> keys) {
    for (std::string_view k : keys) {
      if (!k.empty() && given(o, k)) return std::string(k);
    }
    return std::string(*keys.begin());
  };
  std::string named = field;
  if (field == "number") {
    named = j.number;
  } else if (field == "document_id") {
    named = j.id;
  } else if (field == "source_id") {
    named = spelled(&body, {j.source, j.alt_source, j.order_source});
  } else if (field == "location_id") {
    named = spelled(&body, {"location_id", "warehouse_id"});
  } else if (field.starts_with("line_items[")) {
    // line_items[i].<key>[.rest]
    size_t close = field.find(']');
    size_t index = 0;
    const json::object* line = nullptr;
    if (close != std::string::npos) {
      auto r = std::from_chars(field.data() + 11, field.data() + close, index);
      const json::value* lines = body.if_contains("line_items");
      if (r.ec == std::errc() && lines != nullptr && lines->is_array() && index < lines->get_array().size() &&
          lines->get_array()[index].is_object()) {
        line = &lines->get_array()[index].get_object();
      }
    }
    if (close != std::string::npos && close + 1 < field.size() && field[close + 1] == '.') {
      std::string rest = field.substr(close + 2);
      size_t end = rest.find_first_of(".[");
      std::string key = rest.substr(0, end);
      std::string tail = end == std::string::npos ? "" : rest.substr(end);
      if (key == "quantity") key = spelled(line, {j.quantity, "quantity", "quantity_received"});
      else if (key == "rate" && !j.rate.empty()) key = spelled(line, {j.rate, "rate"});
      else if (key == "source_line_item_id") key = spelled(line, {j.source_line, j.line_id_names_source ? "line_item_id" : ""});
      else if (key == "location_id") key = spelled(line, {"location_id", "warehouse_id"});
      else if (key == "storages" && !j.storages.empty()) key = j.storages;
      else if (key == "to_storages" && !j.to_storages.empty()) key = j.to_storages;
      std::string prefix = field.substr(0, close + 1);
      named = Cat(prefix, ".", key, tail);
    }
  }
  named = RequestField(body, named);
  if (named == field) return status;
  ApiCode code = ErrorApiCode(status);
  return WithDetail(std::move(status), named, code);
}

json::object EncodeItemTransaction(const Reader& reader, const Document& d, ItemId item) {
  const DocumentJson& j = JsonOf(d.type);
  Quantity quantity;
  Money total;
  std::optional<Money> price;
  std::string unit;
  for (const DocumentLine& l : d.line_items) {
    if (l.item_id != item) continue;
    quantity += l.quantity;
    total += Times(l.rate, l.quantity);
    if (!price) price = l.rate;
    if (unit.empty()) unit = l.unit;
  }
  if (unit.empty()) {
    if (const Item* i = reader.FindItem(item)) unit = i->unit;
  }
  json::object o;
  o[j.id] = IdValue(d.id);
  o[j.number] = d.number;
  o["date"] = DayValue(d.date);
  if (j.party != Party::kNone) {
    o[PartyIdField(j)] = d.party_id;
    o[PartyNameField(j)] = d.party_name;
    // The reference names a sales order's status order_status here; a
    // sales receipt's list has none (it is always paid unless void).
    o[d.type == T::kSalesOrder ? "order_status" : "status"] = std::string(StatusNameOf(d.type, d.status));
    o["unit"] = unit;
    o["item_price"] = MoneyValue(price.value_or(Money()));
    o["item_total_price"] = MoneyValue(total);
  } else {
    o["warehouse_id"] = OptionalIdValue(d.location_id);
    o["warehouse_name"] = LocationName(reader, d.location_id);
    o["location_id"] = OptionalIdValue(d.location_id);
    o["location_name"] = LocationName(reader, d.location_id);
    o["status"] = std::string(StatusNameOf(d.type, d.status));
  }
  o["item_quantity"] = QuantityValue(quantity);
  return o;
}

}  // namespace inventory::internal
