// Stock: the figures an item has per location, and the documents that move
// them (opening stock, inventory adjustments, transfer orders, bundles).
//
// Every change of stock is a posting in an append-only ledger; the figures
// are always the sums of the postings (Engine::Verify proves it). Deleting a
// document appends postings that reverse it.
//
//   figure                  moved by
//   stock_on_hand           opening stock, adjustments, transfers, bundles,
//                           bills, invoices, sales receipts and returns
//   available_stock         the same, but receives and shipments (packages,
//                           delivery challans) instead of bills and invoices
//   incoming_stock          issued purchase orders, until received or billed
//                           (not a ledger figure: kept from the orders)
//   committed_stock         confirmed sales orders, until shipped or invoiced
//   quantity_in_transit     transfer orders in transit, at the destination
//   actual_available_stock  available_stock - committed_stock
//
// Items may track serial numbers or batches (Item::track_serial_number,
// track_batch_number): every line that moves their stock names the serials
// (one a unit) or batches it moves, and the engine keeps which are where in
// step with the figures (Reader::SerialNumbers, Batches). Opening stock may
// also say which bins (storage locations) hold it (Reader::BinStock).
//
// Example:
//   InventoryAdjustment count{.date = absl::CivilDay(2026, 11, 2),
//                             .reason = "Stocktake",
//                             .line_items = {{.item_id = tea,
//                                             .quantity_adjusted = Quantity::FromInt(-2)}}};
//   absl::StatusOr<AdjustmentId> made = txn.CreateAdjustment(count);
#ifndef INVENTORY_STOCK_H_
#define INVENTORY_STOCK_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "inventory/allocator.h"
#include "inventory/catalog.h"
#include "inventory/ids.h"
#include "inventory/quantity.h"

namespace inventory {

// Figures of one item at one location, or of the item in total.
struct StockFigures {
  Quantity stock_on_hand;
  Quantity available_stock;
  Quantity committed_stock;
  Quantity actual_available_stock;
  Quantity quantity_in_transit;
  Money asset_value;  // what the stock on hand cost, by the valuation method
  // Ordered on issued purchase orders and not yet received or billed.
  Quantity incoming_stock;
  friend bool operator==(const StockFigures&, const StockFigures&) = default;
};

// An item's figures at one location (Reader::StockByLocation).
struct LocationStock {
  LocationId location_id;
  StockFigures figures;
  friend bool operator==(const LocationStock&, const LocationStock&) = default;
};
// An item's stock at each of its locations, held without a heap block for
// up to four locations.
using LocationStockList = absl::InlinedVector<LocationStock, 4>;

// A batch of a batch-tracked item (track_batch_number): a number naming
// units that share their dates. In an opening stock line, the batches the
// stock comes in; on other documents' lines, the batches the line moves.
struct Batch {
  std::string batch_number;  // required; stored trimmed
  Quantity quantity;         // > 0
  // Opening stock only: the cost of this batch's units, else the line's
  // rate. Other documents refuse it (their lines are valued as before).
  std::optional<Money> rate;
  // Expiry not before manufacture. A batch number names one batch of the
  // item wherever it is: moving stock of a batch the item already holds,
  // dates given must be its own, and the engine fills in those not given
  // on the lines it stores.
  std::optional<absl::CivilDay> manufactured_date;
  std::optional<absl::CivilDay> expiry_date;
};

// Stock of an item in one bin (storage location) of a location.
struct BinQuantity {
  std::string storage_location_id;  // the bin; required, stored trimmed
  Quantity quantity;                // > 0
};

// One location's opening stock of an item: `quantity` at `rate` per unit.
struct OpeningStock {
  LocationId location_id;
  Quantity quantity;
  Money rate;
  // Required for a batch-tracked item, refused for others: the batches,
  // adding up to `quantity`. A batch number appears once in a call (across
  // its locations) and may not name a batch the item already holds. At
  // most 5000 batches per call.
  std::vector<Batch> batches;
  // Required for a serial-tracked item, refused for others: exactly
  // `quantity` (a whole number) serial numbers, one a unit, trimmed and
  // non-empty, unique in the call and among the item's serial numbers in
  // stock (or in transit).
  std::vector<std::string> serial_numbers;
  // Optional, and only for an item with storage_location_enabled: the bins
  // holding the stock, adding up to `quantity`.
  std::vector<BinQuantity> storages;
};

// A serial number of an item in stock, and where it is.
struct SerialNumberStock {
  std::string serial_number;
  LocationId location_id;
  friend bool operator==(const SerialNumberStock&, const SerialNumberStock&) = default;
};

// What a location holds of one batch of an item.
struct BatchStock {
  std::string batch_number;
  LocationId location_id;
  Quantity quantity;  // > 0
  std::optional<absl::CivilDay> manufactured_date;
  std::optional<absl::CivilDay> expiry_date;
  friend bool operator==(const BatchStock&, const BatchStock&) = default;
};

// A serial number an item has had: in stock (at `location_id`, or in
// transit there) or transacted out (sold, written off: `location_id` is
// where it was last). Ids are assigned when a serial is first seen.
struct SerialNumberInfo {
  SerialNumberId id;
  ItemId item_id;
  std::string serial_number;
  LocationId location_id;
  bool in_transit = false;
  bool transacted_out = false;
  friend bool operator==(const SerialNumberInfo&, const SerialNumberInfo&) = default;
};

// A batch an item has had, with what each location holds of it now (none
// once it is used up; it keeps its id and dates).
struct BatchDetails {
  BatchId id;
  ItemId item_id;
  std::string batch_number;  // unique per item
  std::string manufacturer_batch_number;
  std::optional<absl::CivilDay> manufactured_date;
  std::optional<absl::CivilDay> expiry_date;
  Status status = Status::kActive;  // inactive batches take part in no document
  std::vector<BatchStock> stock;    // by location id; in-transit stock not included
  Quantity balance_quantity;        // the sum of `stock`
};

// A bin (the reference's storage location) inside a location whose bins
// are enabled. Lines name bins by id (BinQuantity::storage_location_id, the
// id written in decimal) at such a location; at a location without bins
// enabled, any text names a bin (as before bins could be defined).
struct StorageLocation {
  StorageLocationId id;  // assigned by the engine
  LocationId location_id;
  std::string name;  // required, unique in its location (case-insensitive)
  std::string storage_zone_id;  // kept as given
  std::string description;
  Status status = Status::kActive;  // an inactive bin takes no stock
  friend bool operator==(const StorageLocation&, const StorageLocation&) = default;
};

enum class AdjustmentType { kQuantity, kValue };

struct AdjustmentLine {
  ItemId item_id;
  std::optional<LocationId> location_id;  // else the adjustment's, else primary
  // kQuantity: the signed change of stock. Stock added is valued at
  // item_total when given, else at the item's purchase rate.
  Quantity quantity_adjusted;
  // kValue: the signed change of the stock's value (quantity stays).
  std::optional<Money> item_total;
  std::string adjustment_account_id;
  std::string adjustment_account_name;
  // kQuantity lines of tracked items: the serial numbers (one a unit) or
  // batches the line brings in (a new serial; a new batch, or more of one
  // the item holds) or takes out (held at the line's location). As many as
  // |quantity_adjusted|; refused on other lines.
  std::vector<std::string> serial_numbers;
  std::vector<Batch> batches;
  // kQuantity lines of items with storage_location_enabled, optional: the
  // bins the stock goes into (an addition) or comes out of (a removal, each
  // bin holding at least its quantity), adding up to |quantity_adjusted|.
  // Stock that leaves without bins named leaves unbinned stock first, then
  // the bins in bin order.
  std::vector<BinQuantity> storages;
};

struct InventoryAdjustment {
  AdjustmentId id;  // assigned by the engine
  std::string reference_number;
  absl::CivilDay date;
  std::string reason;  // required
  std::string description;
  AdjustmentType adjustment_type = AdjustmentType::kQuantity;
  std::optional<LocationId> location_id;
  std::vector<AdjustmentLine> line_items;  // at least one
  absl::Time created_time;
  absl::Time last_modified_time;
};

enum class TransferStatus { kDraft, kInTransit, kTransferred };

struct TransferLine {
  ItemId item_id;
  std::string name;
  Quantity quantity_transfer;  // > 0
  std::string unit;
  // Tracked items: the serial numbers or batches moved, as many as
  // quantity_transfer, held at the source when the order leaves it.
  std::vector<std::string> serial_numbers;
  std::vector<Batch> batches;
  // Items with storage_location_enabled, optional, each adding up to
  // quantity_transfer: the source's bins the stock leaves (when the order
  // leaves the source), and the destination's bins it lands in (when it is
  // transferred).
  std::vector<BinQuantity> from_storages;
  std::vector<BinQuantity> to_storages;
};

using TransferLines = std::vector<TransferLine, DocumentAllocator<TransferLine>>;

// Moves stock between two locations. kDraft moves nothing; kInTransit takes
// the stock out of the source and shows it as quantity_in_transit at the
// destination (it carries no asset value while travelling); kTransferred
// lands it at the destination with the cost it left the source at.
struct TransferOrder {
  TransferOrderId id;  // assigned by the engine
  std::string transfer_order_number;  // required, unique
  absl::CivilDay date;
  LocationId from_location_id;
  LocationId to_location_id;
  TransferLines line_items;  // at least one
  TransferStatus status = TransferStatus::kTransferred;
  std::string description;
  absl::Time created_time;
  absl::Time last_modified_time;
};

enum class BundleStatus { kDraft, kConfirmed, kBuilt };

struct BundleLine {
  ItemId item_id;
  // Kept as given; the engine does not copy the item's name into the
  // bundle (the JSON facade shows the item's current name when empty).
  std::string name;
  Quantity quantity_consumed;  // > 0
  std::optional<LocationId> location_id;  // else the bundle's
  std::string account_id;
  // Tracked components: the serial numbers or batches consumed, as many as
  // quantity_consumed, held at the line's location when the bundle is built.
  std::vector<std::string> serial_numbers;
  std::vector<Batch> batches;
  // Components with storage_location_enabled, optional: the bins consumed
  // from, adding up to quantity_consumed.
  std::vector<BinQuantity> storages;
};

using BundleLines = std::vector<BundleLine, DocumentAllocator<BundleLine>>;

// Assembles `quantity_to_bundle` of a composite item at `location_id` from
// its components. Only kBuilt moves stock: the components go out (services
// and items that do not track inventory without stock) and the composite
// comes in at the cost of what was consumed.
struct Bundle {
  BundleId id;  // assigned by the engine
  std::string reference_number;
  absl::CivilDay date;
  ItemId composite_item_id;
  std::string composite_item_name;  // kept as given, like BundleLine::name
  Quantity quantity_to_bundle;  // > 0
  std::optional<LocationId> location_id;  // else primary
  BundleLines line_items;  // at least one
  // A tracked composite: the serial numbers or batches of what is
  // assembled, as many as quantity_to_bundle.
  std::vector<std::string> finished_product_serial_numbers;
  std::vector<Batch> finished_product_batches;
  // A composite with storage_location_enabled, optional: the bins what is
  // assembled goes into, adding up to quantity_to_bundle.
  std::vector<BinQuantity> finished_product_storages;
  BundleStatus status = BundleStatus::kBuilt;
  std::string description;
  absl::Time created_time;
  absl::Time last_modified_time;
};

// A row of an item's stock history: one posting and the balance after it.
struct StockMovement {
  std::string document_type;  // "opening stock", "adjustment", "transfer order", "bundle"
  int64_t document_id = 0;
  std::string document_number;
  absl::CivilDay date;
  LocationId location_id;
  Quantity stock_on_hand_change;
  Quantity available_stock_change;
  Quantity quantity_in_transit_change;
  Money value_change;
  Quantity stock_on_hand;    // running balance over the locations asked for
  Quantity available_stock;  // likewise
  bool reversal = false;     // appended when the document was changed or deleted
};

// How many of a composite could be assembled now from available stock.
struct Buildable {
  LocationId location_id;
  Quantity quantity;  // whole units
};

}  // namespace inventory

#endif  // INVENTORY_STOCK_H_
