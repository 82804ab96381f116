// Translation of the stock documents between the reference's JSON shapes and
// stock.h: opening stock (on item, group and composite creates, and
// /variants/{id}/openingstock), inventory adjustments, transfer orders,
// bundles and an item's stock history. Every error names the request field
// it is about, also for the errors the engine returns. Batches, serial
// numbers and bins are refused: the C++ API does not carry them yet.
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
// array: batches, serial numbers and bins are not supported yet.
absl::Status RefuseTracking(const FieldReader& in, std::initializer_list<std::string_view> keys);

// Opening stock as a request gives it: the top-level initial_stock and
// initial_stock_rate for the primary location, and locations[] entries with
// location_id, initial_stock, initial_stock_rate. A blank or zero
// initial_stock is no opening stock there; a missing rate is the item's
// purchase rate.
struct OpeningStockInput {
  struct Line {
    std::optional<LocationId> location_id;  // none: the primary location
    Quantity quantity;
    std::optional<Money> rate;
    std::string field_prefix;  // "" or "locations[2]." (after the reader's prefix)
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
