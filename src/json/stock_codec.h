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

// Shared reading and writing helpers of the document codecs
// (document_codec.cc uses them too).
//
// rate x quantity, rounded half away from zero to money's six decimals.
Money Times(Money rate, Quantity quantity);
// Present and not a blank string (a blank value reads as absent).
bool Given(const FieldReader& in, std::string_view key);
// A money field that reads a blank string as absent.
absl::Status OptionalMoney(const FieldReader& in, std::string_view key, std::optional<Money>* out);
// kMissingField naming the field.
absl::Status Missing(const FieldReader& in, std::string_view key);
// Reads a location id (absent or blank: leaves `out`); 404 naming the field
// when no such location exists.
absl::Status ReadLocation(const FieldReader& in, const Reader& reader, std::string_view key,
                          std::optional<LocationId>* out);
// The first of `keys` that is given (the reference names some locations
// both *_location_id and *_warehouse_id); "" when none is.
std::string_view FirstGiven(const FieldReader& in, std::initializer_list<std::string_view> keys);
std::string LocationName(const Reader& reader, std::optional<LocationId> id);
json::value OptionalIdValue(std::optional<LocationId> id);
// Serial numbers: an array of strings (absent or blank: none).
absl::Status DecodeSerials(const FieldReader& in, std::string_view key, std::vector<std::string>* out);
// Batches: objects with batch_number, quantity (or in_quantity, or
// out_quantity), rate, manufactured_date (or manufacturer_date) and
// expiry_date. Bins inside a batch are refused.
absl::Status DecodeBatches(const FieldReader& in, std::string_view key, std::vector<Batch>* out);
// Bins: objects with storage_location_id (or storage_id) and quantity (or
// in_quantity, or out_quantity). Serial numbers per bin are refused.
absl::Status DecodeStorages(const FieldReader& in, std::string_view key, std::vector<BinQuantity>* out);
json::array SerialsValue(const std::vector<std::string>& serials);
// Batches as responses write them; `rate` (opening stock) fills in a
// batch's own rate.
json::array BatchesValue(const std::vector<Batch>& batches, std::optional<Money> rate);
json::array StoragesValue(const std::vector<BinQuantity>& bins);
// Bins on a document line, as the reference answers them: storage_id (and
// storage_name, the same: bins are named by their ids here) and the
// quantity under `quantity_key` (in_quantity or out_quantity).
json::array DocumentStoragesValue(const std::vector<BinQuantity>& bins, std::string_view quantity_key);

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
