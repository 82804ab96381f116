// Translation of the stock documents between the reference's JSON shapes and
// stock.h: opening stock (on item, group and composite creates, and
// /variants/{id}/openingstock), inventory adjustments, transfer orders,
// bundles and an item's stock history. Every error names the request field
// it is about, also for the errors the engine returns. Serial numbers,
// batches and (in opening stock) bins map to stock.h; what the C++ API does
// not carry (bins inside batches, a transfer's from/to storages) is refused.
// May call: the public API, common/, json/codec.h. Knows nothing of routing.
#ifndef INVENTORY_SRC_JSON_STOCK_CODEC_H_
#define INVENTORY_SRC_JSON_STOCK_CODEC_H_

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "inventory/engine.h"
#include "inventory/stock.h"
#include "json/codec.h"

namespace inventory::internal {

// Today by the engine's clock, in UTC: the date opening stock is posted on.
absl::CivilDay Today(const Engine& engine);

// Refuses (4000, naming the field) each of `keys` that holds a non-empty
// array: tracking details the C++ API does not carry.
absl::Status RefuseTracking(const FieldReader& in, std::initializer_list<std::string_view> keys);

// `field` (an engine error's "line_items[0].batches[1].quantity", relative
// to `root`) as the request spelled it: where a key is absent from the
// request but one of its aliases is given (in_quantity or out_quantity for
// quantity, manufacturer_date for manufactured_date, storage_id for
// storage_location_id), the alias.
std::string RequestField(const json::object& root, std::string_view field);
// The same for the field of an error (no-op when it names none).
absl::Status WithRequestField(absl::Status status, const json::object& root);

// Opening stock as a request gives it: the top-level initial_stock and
// initial_stock_rate for the primary location, and locations[] entries with
// location_id, initial_stock, initial_stock_rate; each (the top level for
// the primary location) with serial_numbers, batches and storages. A blank
// or zero initial_stock is no opening stock there; a missing rate is the
// item's purchase rate.
struct OpeningStockInput {
  struct Line {
    std::optional<LocationId> location_id;  // none: the primary location
    Quantity quantity;
    std::optional<Money> rate;
    std::vector<std::string> serial_numbers;
    std::vector<Batch> batches;
    std::vector<BinQuantity> storages;
    std::string field_prefix;  // "" or "locations[2]." (after the reader's prefix)
    // The request object the line came from (the body or a locations[]
    // entry), to name error fields as the request spelled them; it belongs
    // to the request, which outlives the handler's use of the input.
    const json::object* source = nullptr;
  };
  bool given = false;  // the body carried some opening stock field
  std::string prefix;  // the reader's prefix ("items[1]." in a group)
  std::vector<Line> lines;
};
absl::StatusOr<OpeningStockInput> DecodeOpeningStock(const FieldReader& in, const Reader& reader);
// Replaces the item's opening stock with `input` (posted on `date`); errors
// name the request's fields.
absl::Status ApplyOpeningStock(Transaction& txn, ItemId id, const OpeningStockInput& input,
                               absl::CivilDay date);
// The "opening_stock" object of GET /variants/{id}/openingstock.
json::object EncodeOpeningStock(const Reader& reader, ItemId id);

// Documents. Decoding merges the fields present into `out` (create starts
// from an empty document, update from the stored one); `create` makes the
// reference's required fields required.
absl::Status DecodeAdjustment(const FieldReader& in, const Reader& reader, bool create,
                              InventoryAdjustment* out);
json::object EncodeAdjustment(const Reader& reader, const InventoryAdjustment& a, bool with_lines);

absl::Status DecodeTransferOrder(const FieldReader& in, const Reader& reader, bool create,
                                 TransferOrder* out);
json::object EncodeTransferOrder(const Reader& reader, const TransferOrder& o, bool with_lines);
std::string_view TransferStatusName(TransferStatus status);

absl::Status DecodeBundle(const FieldReader& in, const Reader& reader, Bundle* out);
json::object EncodeBundle(const Reader& reader, const Bundle& b);
std::string_view BundleStatusName(BundleStatus status);

json::object EncodeMovement(const Reader& reader, const StockMovement& m);

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_JSON_STOCK_CODEC_H_
