// Translation of sales and purchase documents (documents.h) between the
// reference's JSON shapes and `Document`, for every type from one table of
// per-type JSON names (`DocumentJson`: path, object and list keys, id and
// number fields, party, source link, line quantity and rate spellings, bin
// fields) plus the few exceptions the table's comments name. Statuses are
// spelled as stock/document_rules.h names them. Every error names the
// request field it is about, also the engine's (`DocumentRequestError`).
// May call: the public API, common/, stock/document_rules.h (names only),
// json/codec.h, json/stock_codec.h. Knows nothing of routing.
#ifndef INVENTORY_SRC_JSON_DOCUMENT_CODEC_H_
#define INVENTORY_SRC_JSON_DOCUMENT_CODEC_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "inventory/documents.h"
#include "inventory/transaction.h"
#include "json/codec.h"

namespace inventory::internal {

// Who a document is with: customer_id/customer_name (sales),
// vendor_id/vendor_name (purchases), or nobody (move orders, putaways).
enum class Party : uint8_t { kNone, kCustomer, kVendor };

// The JSON names of one document type. An empty name means the type has
// no such field.
struct DocumentJson {
  DocumentType type;
  std::string_view path;       // URL segment: "salesorders"
  std::string_view key;        // the object of GET answers: "salesorder"
  std::string_view write_key;  // the object of create/update answers: "sales_order"
  std::string_view list_key;   // "salesorders"
  std::string_view id;         // "salesorder_id"
  std::string_view number;     // "salesorder_number"
  std::string_view entity;     // "Sales order" ("Sales order does not exist.")
  std::string_view report;     // page_context report_name: "Sales Orders"
  Party party;
  bool party_required;         // on create, as the reference marks it
  bool date_required;          // else today by the engine's clock
  // The source document: its id and number fields on this type ("" none),
  // the other id fields a sales return also takes (its sales receipt, its
  // sales order), and the line field naming the source's line.
  std::string_view source;
  std::string_view source_number;
  std::string_view alt_source;
  std::string_view order_source;  // a sales return's sales order: "salesorder_id"
  std::string_view source_line;
  // Purchase receives: a line's line_item_id on create names the purchase
  // order's line (the reference's request does so).
  bool line_id_names_source;
  std::string_view quantity;  // "quantity", "quantity_transferred"
  std::string_view rate;      // "rate", "purchase_rate"; "" for types without money
  // The bins a line's stock leaves or enters ("storages"; a move order's
  // "from_storages"), and those a move order or putaway moves it into
  // ("to_storages"; a putaway's "storages"), each {storage_id, <bin_quantity>}.
  std::string_view storages;
  std::string_view to_storages;
  std::string_view bin_quantity;  // "out_quantity", "in_quantity", "quantity"
  std::string_view status;        // "status"; a sales return's "salesreturn_status"
  DocumentStatus default_status;  // created in when the body names no status
};

// The row of `type`; every DocumentType has one.
const DocumentJson& JsonOf(DocumentType type);

// 404 (1002) naming `j.id`: "Sales order does not exist."
absl::Status DocumentNotFound(const DocumentJson& j);

// What a request decodes with.
struct DocumentInput {
  bool create = false;
  // ignore_auto_number_generation=true: the number is required.
  bool number_required = false;
  absl::CivilDay today;  // the date of a create that names none
  // The source given in the query (?salesorder_id=, ?purchaseorder_id=),
  // or 0; the body's field wins.
  int64_t query_source = 0;
  std::string_view query_source_key;  // the query field it came from
};

// Merges the fields present in `in` into `out` (create starts from a
// Document of j.type, update from the stored one); line_items, when given,
// replace the lines: a line naming one of the old lines' line_item_id starts
// from it. A line that names a source line and no item takes the source
// line's item, name, unit and rate; a document that names a source and no
// party takes the source's. Errors name the request's fields.
absl::Status DecodeDocument(const FieldReader& in, const Reader& reader, const DocumentInput& input,
                            Document* out);

// The document in the reference's shape; `with_lines` false is the list
// row. Orders' lines add what fulfils them and what is left open.
json::object EncodeDocument(const Reader& reader, const Document& d, bool with_lines);

// The reference's name of a status of the type ("confirmed"); "" if none.
std::string_view StatusNameOf(DocumentType type, DocumentStatus status);
// The status named `name` of the type, or kBadEnum naming `field` and
// listing the type's names.
absl::StatusOr<DocumentStatus> StatusFromName(DocumentType type, std::string_view name, std::string_view field);

// An engine error about a document as the request spelled it: "number" is
// j.number, "source_id" j.source, "document_id" j.id, a line's "quantity"
// j.quantity, "source_line_item_id" j.source_line, bins j.storages /
// j.to_storages, locations location_id or warehouse_id (whichever the
// request gave), then the aliases RequestField knows.
absl::Status DocumentRequestError(absl::Status status, const DocumentJson& j, const json::object& body);

// One row of GET /items/transactions/<path>?item_id=: the document with the
// item's quantity, price and total on it.
json::object EncodeItemTransaction(const Reader& reader, const Document& d, ItemId item);

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_JSON_DOCUMENT_CODEC_H_
