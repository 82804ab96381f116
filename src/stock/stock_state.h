// The engine's whole state: the catalog, and the stock kept against it (the
// ledger and the documents whose lines it posted).
// Owns: the document tables. May call: catalog/, stock/ledger.
#ifndef INVENTORY_SRC_STOCK_STOCK_STATE_H_
#define INVENTORY_SRC_STOCK_STOCK_STATE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/civil_time.h"
#include "catalog/catalog_store.h"
#include "inventory/stock.h"
#include "stock/adjustment_table.h"
#include "stock/ledger.h"

namespace inventory::internal {

struct OpeningStockRecord {
  absl::CivilDay date;
  std::vector<OpeningStock> lines;
};

struct TransferRecord {
  TransferOrder order;
  // Seq of the posting that took each line out of the source (in transit).
  std::vector<uint32_t> source_seqs;
};

// Where tracked stock is: at a location, or on its way there (a transfer
// order in transit).
struct Place {
  LocationId location;
  bool in_transit = false;
  friend auto operator<=>(const Place&, const Place&) = default;
};

// One batch of an item: its dates and where its units are.
struct BatchRecord {
  std::optional<absl::CivilDay> manufactured_date;
  std::optional<absl::CivilDay> expiry_date;
  std::map<Place, Quantity> quantities;  // each > 0; the record goes when none is left
};

// (item, serial number) or (item, batch number).
// A transfer order number's identity (StockState::transfer_numbers):
// trimmed, case-insensitive.
inline std::string TransferNumberKey(std::string_view number) { return Folded(Trim(number)); }

using TrackKey = std::pair<ItemId, std::string>;
// (item, location, bin).
using BinKey = std::tuple<ItemId, LocationId, std::string>;

struct StockState {
  explicit StockState(const Options& options)
      : ledger({.valuation = options.valuation == inventory::Valuation::kFifo ? internal::Valuation::kFifo
                                                                   : internal::Valuation::kWeightedAverage,
                .allow_negative = options.allow_negative_stock}) {}

  Ledger ledger;
  std::map<ItemId, OpeningStockRecord> opening;
  AdjustmentTable adjustments;
  std::map<TransferOrderId, TransferRecord> transfers;
  // Transfer order numbers, trimmed and lower-cased, to their orders: the
  // uniqueness check is one probe, not a walk over every order.
  absl::flat_hash_map<std::string, TransferOrderId> transfer_numbers;
  std::map<BundleId, Bundle> bundles;

  // Tracking, kept in step with every posting of a tracked item: for a
  // serial-tracked item, the serials at each place are as many as the
  // available stock there (in stock) or its quantity_in_transit (in
  // transit); for a batch-tracked item, its batches' quantities add up to
  // the same figures.
  std::map<TrackKey, Place> serials;
  std::map<TrackKey, BatchRecord> batches;
  // Stock in bins: each > 0, adding up per cell to at most the cell's
  // available stock (bins come from opening stock; stock taken from a cell
  // leaves its unbinned stock first, then its bins in bin order).
  std::map<BinKey, Quantity> bins;
};

struct EngineState : CatalogState {
  explicit EngineState(const Options& o) : stock(o) {
    options = o;
    has_transactions = [this](ItemId id) { return stock.ledger.HasPostings(id); };
    holds_stock = [this](LocationId id) { return stock.ledger.LocationHasStock(id); };
  }
  EngineState(const EngineState&) = delete;
  EngineState& operator=(const EngineState&) = delete;

  StockState stock;
};

// Engine::Verify's second half: the serial numbers and batches at each place
// add up to the ledger's available stock (at a location) and
// quantity_in_transit (on the way there), and no cell's bins hold more than
// its available stock. kInternal naming the first difference.
struct EngineState;
absl::Status VerifyTracking(const EngineState& state);

enum class Tracking { kNone, kSerial, kBatch };
// How the stock of the item is tracked (kNone when its stock is not counted).
Tracking TrackingOf(const ItemSummary& item);
inline Tracking TrackingOf(const Item& item) { return TrackingOf(ItemSummary::Of(item)); }
// Whether a line of `item` carrying these needs the tracking rules: the item
// is tracked, or the line names serials or batches (to be refused).
bool IsTracked(const ItemSummary& item, const std::vector<std::string>& serials, const std::vector<Batch>& batches);

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_STOCK_STOCK_STATE_H_
