// The whole state of an engine as one value: what a snapshot file and an
// export hold. Capture reads it from an engine's state (under a read
// lock); Restore rebuilds an empty engine's state from it, deriving every
// index, balance and lot, and checks the result (Verify). The members are
// described for the codecs (binary for snapshots, JSON for exports), so the
// enumerator values and member names here are part of both formats.
// Owns: the image types. May call: catalog/, stock/, storage/codec.
#ifndef INVENTORY_SRC_ENGINE_IMAGE_H_
#define INVENTORY_SRC_ENGINE_IMAGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "boost/describe/class.hpp"
#include "boost/describe/enum.hpp"
#include "catalog/catalog_store.h"
#include "inventory/options.h"
#include "stock/ledger.h"
#include "stock/stock_state.h"
#include "storage/describe.h"

namespace inventory {
BOOST_DESCRIBE_ENUM(Valuation, kFifo, kWeightedAverage)
}  // namespace inventory

namespace inventory::internal {

BOOST_DESCRIBE_ENUM(DocumentKind, kOpeningStock, kAdjustment, kTransferOrder, kBundle, kBill, kInvoice,
                    kPurchaseReceive, kShipment, kSalesOrder, kSalesReceipt, kDeliveryChallan, kSalesReturn,
                    kPurchaseOrder, kMoveOrder, kPutaway)

// The settings a data directory keeps from its first open: replaying or
// restoring under others would not reproduce its state.
struct DirectorySettings {
  int64_t format = 2;  // the command and image encodings
  inventory::Valuation valuation = inventory::Valuation::kFifo;
  bool allow_negative_stock = false;
  bool strict_barcodes = false;
  std::string primary_location_name;
};
BOOST_DESCRIBE_STRUCT(DirectorySettings, (),
                      (format, valuation, allow_negative_stock, strict_barcodes, primary_location_name))
// Of the options an engine keeps (Engine::Open fills in the primary
// location's default name).
DirectorySettings SettingsOf(const Options& options);
// kFailedPrecondition naming the first option that differs.
absl::Status CheckSettings(const DirectorySettings& stored, const DirectorySettings& given);

struct OpeningRow {
  ItemId item;
  absl::CivilDay date;
  std::vector<OpeningStock> lines;
};
struct TransferRow {
  TransferOrder order;
  std::vector<uint32_t> source_seqs;
};
struct SerialRow {
  ItemId item;
  std::string serial_number;
  LocationId location;
  bool in_transit = false;
};
struct BatchPlaceRow {
  LocationId location;
  bool in_transit = false;
  Quantity quantity;
};
struct BatchRow {
  ItemId item;
  std::string batch_number;
  std::optional<absl::CivilDay> manufactured_date;
  std::optional<absl::CivilDay> expiry_date;
  std::vector<BatchPlaceRow> quantities;
};
struct BinRow {
  ItemId item;
  LocationId location;
  std::string storage_location_id;
  Quantity quantity;
};

struct DocumentRow {
  Document document;
  std::vector<CellQuantity> open;
};
struct SequenceRow {
  DocumentType type = DocumentType::kSalesOrder;
  int64_t last = 0;
};

struct SerialInfoRow {
  ItemId item;
  std::string serial_number;
  int64_t id = 0;
  LocationId last_location;
};
struct BatchInfoRow {
  ItemId item;
  std::string batch_number;
  BatchInfo info;
};
struct DefaultBinRow {
  ItemId item;
  LocationId location;
  StorageLocationId bin;
};

struct EngineImage {
  DirectorySettings settings;
  int64_t next_id = 1;
  std::vector<Location> locations;
  std::vector<ItemGroup> groups;
  std::vector<Item> items;
  std::vector<OpeningRow> opening;
  std::vector<InventoryAdjustment> adjustments;
  std::vector<TransferRow> transfers;
  std::vector<Bundle> bundles;
  std::vector<SerialRow> serials;
  std::vector<BatchRow> batches;
  std::vector<BinRow> bins;
  std::vector<DocumentRow> documents;
  std::vector<SequenceRow> number_sequences;
  std::vector<SerialInfoRow> serial_registry;
  std::vector<BatchInfoRow> batch_registry;
  std::vector<StorageLocation> storage_locations;
  std::vector<LocationId> bins_enabled;
  std::vector<DefaultBinRow> default_bins;
  LedgerImage ledger;
};

BOOST_DESCRIBE_STRUCT(LotMove, (), (lot_id, quantity, value))
BOOST_DESCRIBE_STRUCT(LedgerImageRef, (), (kind, id, number, date, first_seq))
BOOST_DESCRIBE_STRUCT(LedgerImageEntry, (),
                      (item, location, on_hand, available, committed, in_transit, value, unit_cost, doc, line,
                       reverses, moves))
BOOST_DESCRIBE_STRUCT(LedgerImage, (), (refs, postings))
BOOST_DESCRIBE_STRUCT(OpeningRow, (), (item, date, lines))
BOOST_DESCRIBE_STRUCT(TransferRow, (), (order, source_seqs))
BOOST_DESCRIBE_STRUCT(SerialRow, (), (item, serial_number, location, in_transit))
BOOST_DESCRIBE_STRUCT(BatchPlaceRow, (), (location, in_transit, quantity))
BOOST_DESCRIBE_STRUCT(BatchRow, (), (item, batch_number, manufactured_date, expiry_date, quantities))
BOOST_DESCRIBE_STRUCT(BinRow, (), (item, location, storage_location_id, quantity))
BOOST_DESCRIBE_STRUCT(CellQuantity, (), (item, location, quantity))
BOOST_DESCRIBE_STRUCT(DocumentRow, (), (document, open))
BOOST_DESCRIBE_STRUCT(SequenceRow, (), (type, last))
BOOST_DESCRIBE_STRUCT(SerialInfoRow, (), (item, serial_number, id, last_location))
BOOST_DESCRIBE_STRUCT(BatchInfo, (), (id, status, manufacturer_batch_number, manufactured_date, expiry_date))
BOOST_DESCRIBE_STRUCT(BatchInfoRow, (), (item, batch_number, info))
BOOST_DESCRIBE_STRUCT(DefaultBinRow, (), (item, location, bin))
BOOST_DESCRIBE_STRUCT(EngineImage, (),
                      (settings, next_id, locations, groups, items, opening, adjustments, transfers, bundles,
                       serials, batches, bins, documents, number_sequences, serial_registry, batch_registry,
                       storage_locations, bins_enabled, default_bins, ledger))

EngineImage Capture(const EngineState& state, const DirectorySettings& settings);
// Appends the encoding of Capture's image to `out` (the same bytes as
// Encoder::Put of it), taking the items from the table as it goes instead
// of copying them all into an image first.
void EncodeImage(const EngineState& state, const DirectorySettings& settings, std::string* out);
// Into a state that holds nothing but (possibly) its primary location,
// which the image's locations replace. kDataLoss when the image does not
// hold together; the state is then unusable (the caller discards it).
// From an rvalue the items move into the table (an image decoded only to
// be restored); from an lvalue they are copied.
absl::Status Restore(EngineImage&& image, EngineState& state);
absl::Status Restore(const EngineImage& image, EngineState& state);
// Restore of an encoded image (a snapshot) as it is decoded: the items go
// into the table one at a time, never all held in an EngineImage. Checks
// the image's settings against `settings` (CheckSettings) first. kDataLoss
// "the snapshot does not decode." when the bytes are not an image.
absl::Status RestoreSnapshot(std::string_view bytes, const DirectorySettings& settings, EngineState& state);

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_ENGINE_IMAGE_H_
