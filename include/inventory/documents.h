// Sales and purchase documents: sales orders, invoices, packages (shipped by
// shipment orders), delivery challans, sales receipts, sales returns,
// purchase orders, bills, purchase receives, move orders and putaways.
//
// They share one model, `Document`, and one table of effects: while a
// document is in a status that is "in effect", each of its lines moves the
// figures its type moves (`DocumentEffects`), and leaving that status (void,
// back to draft, returned, deleted) takes them back.
//
//   type              in effect when            moves, per line
//   sales order       confirmed                 committed_stock + what is
//                                               left to ship or invoice
//   invoice           sent                      stock_on_hand -
//   package           shipped, delivered        available_stock -
//   delivery challan  open, delivered           available_stock -
//   sales receipt     paid                      both -
//   sales return      received                  both +
//   purchase order    issued                    incoming_stock + what is left
//                                               to receive or bill
//   bill              open                      stock_on_hand + (at its rate)
//   purchase receive  received                  available_stock +
//   move order        completed                 bins of one location
//   putaway           completed                 unbinned stock into bins
//
// A package's or invoice's line may fulfil a sales order's line
// (`source_line_item_id`); what is left to ship or invoice is the ordered
// quantity less the larger of what its packages shipped and its invoices
// invoiced. Receives and bills fulfil purchase order lines alike.
//
// Lines of items that do not track inventory (services, non-inventory
// goods) are kept but move nothing. Lines that move available stock of a
// serial- or batch-tracked item name the serials (one a unit) or batches
// they move; an outgoing line of a batch-tracked item that names none takes
// the location's batches first-expiring first. Stock leaving a location
// without bins named leaves its unbinned stock first, then its bins in bin
// order.
//
// Example (a POS sale):
//   Document sale{.type = DocumentType::kSalesReceipt, .date = absl::CivilDay(2026, 11, 27),
//                 .line_items = {{.item_id = phone, .quantity = Quantity::FromInt(1),
//                                 .rate = *Money::Parse("499"), .serial_numbers = {"SN-1"}}}};
//   absl::StatusOr<const Document*> made = txn.CreateDocument(std::move(sale));
#ifndef INVENTORY_DOCUMENTS_H_
#define INVENTORY_DOCUMENTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "inventory/ids.h"
#include "inventory/quantity.h"
#include "inventory/stock.h"

namespace inventory {

// Values are stored in logs and snapshots: never renumber.
enum class DocumentType : uint8_t {
  kSalesOrder = 1,
  kInvoice = 2,
  kPackage = 3,
  kDeliveryChallan = 4,
  kSalesReceipt = 5,
  kSalesReturn = 6,
  kPurchaseOrder = 7,
  kBill = 8,
  kPurchaseReceive = 9,
  kMoveOrder = 10,
  kPutaway = 11,
};

// The statuses of all types; each type uses some (the reference's name for
// each is in brackets).
//   sales order       kDraft, kOpen [confirmed], kVoid
//   invoice           kDraft, kOpen [sent], kVoid
//   package           kDraft [not_shipped], kShipped, kDelivered
//   delivery challan  kDraft, kOpen, kDelivered, kReturned
//   sales receipt     kOpen [paid], kVoid
//   sales return      kDraft, kReceived
//   purchase order    kDraft, kOpen [issued], kVoid [cancelled]
//   bill              kDraft, kOpen, kVoid
//   purchase receive  kReceived
//   move order        kDraft, kOpen [confirmed], kInProgress, kCompleted
//   putaway           kCompleted
enum class DocumentStatus : uint8_t {
  kDraft = 1,
  kOpen = 2,
  kInProgress = 3,
  kShipped = 4,
  kDelivered = 5,
  kReceived = 6,
  kCompleted = 7,
  kReturned = 8,
  kVoid = 9,
};

struct DocumentLine {
  // Assigned by the engine; kept by an update that names it (lines of a
  // sales or purchase order that other documents fulfil must be kept).
  int64_t line_item_id = 0;
  ItemId item_id;
  std::string name;  // kept as given
  std::string description;
  Quantity quantity;  // > 0
  Money rate;         // >= 0; a bill brings stock in at it
  std::string unit;
  std::optional<LocationId> location_id;  // else the document's, else primary
  // The line of the document's source this line fulfils (a package's or
  // invoice's sales order line; a receive's or bill's purchase order line),
  // or 0.
  int64_t source_line_item_id = 0;
  // Lines moving available stock of tracked items: see the header comment.
  std::vector<std::string> serial_numbers;
  std::vector<Batch> batches;
  // The bins stock leaves (outgoing lines, move orders) or enters
  // (incoming lines), adding up to quantity; items with
  // storage_location_enabled only.
  std::vector<BinQuantity> storages;
  // Move orders and putaways: the bins the stock is moved into.
  std::vector<BinQuantity> to_storages;
  // Set by the engine when it picked `batches` (first-expiring first): they
  // are picked again when the document goes back into effect after leaving
  // it (a package unshipped and shipped again).
  bool batches_picked = false;
};

// A document's lines, from the engine's block pool (allocator.h).
using DocumentLines = std::vector<DocumentLine, DocumentAllocator<DocumentLine>>;

// A shipment order: shipping a package (DocumentStatus::kShipped).
struct Shipment {
  std::string shipment_number;
  absl::CivilDay date;
  std::string delivery_method;  // carrier
  std::string tracking_number;
  friend bool operator==(const Shipment&, const Shipment&) = default;
};

struct Document {
  DocumentType type = DocumentType::kSalesOrder;
  DocumentId id;  // assigned by the engine
  // salesorder_number, invoice_number, ...: unique per type (trimmed,
  // case-insensitive); the engine numbers it ("SO-00001") when empty.
  std::string number;
  absl::CivilDay date;
  DocumentStatus status = DocumentStatus::kDraft;  // on create: a status the type starts in
  // The customer (sales) or vendor (purchases), kept as given.
  std::string party_id;
  std::string party_name;
  std::string reference_number;
  std::optional<LocationId> location_id;  // else primary
  // The sales order a package or invoice fulfils, the purchase order of a
  // receive or bill, the sales order, invoice or sales receipt a sales
  // return takes back (no more of an item than the order's packages shipped
  // or the sale sold, less what other returns of it take); unset if none.
  DocumentId source_id;
  DocumentLines line_items;  // at least one
  std::string notes;
  std::optional<Shipment> shipment;  // packages, once shipped
  absl::Time created_time;
  absl::Time last_modified_time;
};

// Filters of Reader::ListDocuments; unset ones do not filter.
struct DocumentQuery {
  DocumentType type = DocumentType::kSalesOrder;
  std::optional<DocumentStatus> status;
  std::optional<absl::CivilDay> date_start, date_end;  // inclusive
  std::optional<ItemId> item_id;          // some line names the item
  std::optional<LocationId> location_id;  // some line is at the location
  std::optional<DocumentId> source_id;
  std::string party_id;  // "" does not filter
};

}  // namespace inventory

#endif  // INVENTORY_DOCUMENTS_H_
