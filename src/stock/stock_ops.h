// The stock layer's write operations: validate a document against the
// catalog, post its lines to the ledger, keep the document. Each change goes
// through the Store's undo log (the ledger by its mark), so the engine's
// all-or-nothing wrapper and transaction rollback undo it exactly.
// May call: catalog/ (read), stock/ledger, stock/stock_state.
#ifndef INVENTORY_SRC_STOCK_STOCK_OPS_H_
#define INVENTORY_SRC_STOCK_STOCK_OPS_H_

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/catalog_store.h"
#include "inventory/stock.h"
#include "stock/stock_state.h"

namespace inventory::internal {

class StockWriter {
 public:
  StockWriter(Store& store, EngineState& state) : store_(store), state_(state), ledger_(state.stock.ledger) {}

  absl::Status SetOpeningStock(ItemId id, absl::CivilDay date, std::vector<OpeningStock> lines);
  absl::StatusOr<const InventoryAdjustment*> CreateAdjustment(InventoryAdjustment adjustment);
  absl::StatusOr<const InventoryAdjustment*> UpdateAdjustment(InventoryAdjustment adjustment);
  absl::Status DeleteAdjustment(AdjustmentId id);
  absl::StatusOr<const TransferOrder*> CreateTransferOrder(TransferOrder order);
  absl::StatusOr<const TransferOrder*> UpdateTransferOrder(TransferOrder order);
  absl::Status SetTransferStatus(TransferOrderId id, TransferStatus status);
  absl::Status DeleteTransferOrder(TransferOrderId id);
  absl::StatusOr<const Bundle*> CreateBundle(Bundle bundle);
  absl::Status SetBundleStatus(BundleId id, BundleStatus status);
  absl::Status DeleteBundle(BundleId id);

 private:
  // Registers the ledger's rollback once per operation, before it posts.
  void GuardLedger();
  // Stores `value` under `key` in `table`, undoably (nullopt erases).
  template <class Map>
  void Put(Map& table, const typename Map::key_type& key,
           std::optional<typename Map::mapped_type> value);

  // The item named by a line, which must exist and count stock.
  absl::StatusOr<const Item*> StockedItem(ItemId id, const std::string& field) const;
  absl::StatusOr<LocationId> ResolveLocation(std::optional<LocationId> given, std::optional<LocationId> fallback,
                                             const std::string& field) const;
  // Runs `change` (reversals and new postings of one document) with
  // negatives allowed, then refuses, unless the options allow negatives, if
  // any cell it touched ends below zero: the check is on the net result.
  absl::Status PostNet(std::span<const std::pair<ItemId, LocationId>> cells,
                       const std::function<absl::Status()>& change);

  absl::Status ValidateAdjustment(InventoryAdjustment& adjustment) const;
  absl::Status PostAdjustment(const InventoryAdjustment& adjustment);
  absl::Status ValidateTransfer(const TransferOrder& order) const;
  // Posts what moves the order from `from` to `to`.
  absl::Status MoveTransfer(TransferRecord& record, TransferStatus from, TransferStatus to);
  absl::Status ValidateBundle(Bundle& bundle) const;
  absl::Status BuildBundle(const Bundle& bundle);

  Store& store_;
  EngineState& state_;
  Ledger& ledger_;
  bool guarded_ = false;
};

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_STOCK_STOCK_OPS_H_
