// The engine's whole state: the catalog, and the stock kept against it (the
// ledger and the documents whose lines it posted).
// Owns: the document tables. May call: catalog/, stock/ledger.
#ifndef INVENTORY_SRC_STOCK_STOCK_STATE_H_
#define INVENTORY_SRC_STOCK_STOCK_STATE_H_

#include <cstdint>
#include <map>
#include <vector>

#include "absl/time/civil_time.h"
#include "catalog/catalog_store.h"
#include "inventory/stock.h"
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

struct StockState {
  explicit StockState(const Options& options)
      : ledger({.valuation = options.valuation == inventory::Valuation::kFifo ? internal::Valuation::kFifo
                                                                   : internal::Valuation::kWeightedAverage,
                .allow_negative = options.allow_negative_stock}) {}

  Ledger ledger;
  std::map<ItemId, OpeningStockRecord> opening;
  std::map<AdjustmentId, InventoryAdjustment> adjustments;
  std::map<TransferOrderId, TransferRecord> transfers;
  std::map<BundleId, Bundle> bundles;
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

// Whether stock of the item is counted: inventory-type goods that track
// inventory. Services and non-inventory items are sold and consumed without
// stock.
bool TracksStock(const Item& item);

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_STOCK_STOCK_STATE_H_
