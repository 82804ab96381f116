// The stock layer's write operations: validate a document against the
// catalog, post its lines to the ledger, keep the document. Each change goes
// through the Store's undo log (the ledger by its mark), so the engine's
// all-or-nothing wrapper and transaction rollback undo it exactly.
// May call: catalog/ (read), stock/ledger, stock/stock_state.
#ifndef INVENTORY_SRC_STOCK_STOCK_OPS_H_
#define INVENTORY_SRC_STOCK_STOCK_OPS_H_

#include <functional>
#include <memory>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "catalog/catalog_store.h"
#include "common/text.h"
#include "inventory/stock.h"
#include "stock/stock_state.h"

namespace inventory::internal {

// The request path of a document line's field: "line_items[2].item_id".
inline std::string LineField(int64_t line, const char* field) { return Cat("line_items[", line, "].", field); }

// Names for messages, as a user knows them; "?" for an item or location
// deleted since (a draft may still name it).
std::string ItemNameOf(const CatalogState& state, ItemId id);
std::string LocationNameOf(const CatalogState& state, LocationId id);

// The serials and batches one document line moves, and the request paths
// of those fields (e.g. "line_items[2].serial_numbers").
struct TrackedLine {
  std::vector<std::string>* serials;
  std::vector<Batch>* batches;
  std::string serial_field;
  std::string batch_field;
};

// A request field's path, formatted only when an error names it, so that
// a line that passes costs no string: FieldPath("item_id") is "item_id",
// FieldPath("line_items", 2, "item_id") is "line_items[2].item_id".
struct FieldPath {
  FieldPath(const char* top) : name(top) {}  // NOLINT: a plain name converts
  FieldPath(const char* list, size_t index, const char* name) : list(list), index(index), name(name) {}
  // "line_items[2]." ("" for a top-level field).
  std::string Prefix() const;
  std::string str() const { return Prefix() + name; }

  const char* list = nullptr;
  size_t index = 0;
  const char* name;
};

// A refusal met while taking back what a document moved (its stock has
// moved on since), as kFailedPrecondition, kStockUsed, with the same field:
// "...; the document that moved it cannot be changed or deleted."
absl::Status StockMovedOn(const absl::Status& status);

// Serial and batch numbers seen so far in one request, per item.
struct SeenInRequest {
  absl::flat_hash_set<std::pair<ItemId, std::string>> serials;
  absl::flat_hash_set<std::pair<ItemId, std::string>> batches;
  bool unique_batches = false;  // opening stock: a batch number once per call
};

// At most this many batches in one SetOpeningStock call (the reference's
// limit per request).
inline constexpr size_t kMaxBatchesPerCall = 5000;

class StockWriter {
 public:
  StockWriter(Store& store, EngineState& state) : store_(store), state_(state), ledger_(state.stock.ledger) {}

  absl::Status SetOpeningStock(ItemId id, absl::CivilDay date, std::vector<OpeningStock> lines);
  absl::StatusOr<AdjustmentId> CreateAdjustment(InventoryAdjustment adjustment);
  absl::Status UpdateAdjustment(InventoryAdjustment adjustment);
  absl::Status DeleteAdjustment(AdjustmentId id);
  absl::StatusOr<const TransferOrder*> CreateTransferOrder(TransferOrder order);
  absl::StatusOr<const TransferOrder*> UpdateTransferOrder(TransferOrder order);
  absl::Status SetTransferStatus(TransferOrderId id, TransferStatus status);
  absl::Status DeleteTransferOrder(TransferOrderId id);
  absl::StatusOr<const Bundle*> CreateBundle(Bundle bundle);
  absl::Status SetBundleStatus(BundleId id, BundleStatus status);
  absl::Status DeleteBundle(BundleId id);
  // Batches and bins (stock_ops_registry.cc).
  absl::StatusOr<BatchId> CreateBatch(BatchDetails batch);
  absl::Status UpdateBatch(BatchDetails batch);
  absl::Status DeleteBatch(BatchId id);
  absl::Status SetBatchStatus(BatchId id, Status status);
  absl::Status SetStorageLocationsEnabled(LocationId location, bool enabled);
  absl::StatusOr<StorageLocationId> CreateStorageLocation(StorageLocation bin);
  absl::Status UpdateStorageLocation(StorageLocation bin);
  absl::Status DeleteStorageLocation(StorageLocationId id);
  absl::Status SetStorageLocationStatus(StorageLocationId id, Status status);
  absl::Status SetDefaultStorageLocation(ItemId item, LocationId location, std::optional<StorageLocationId> bin);
  // Sales and purchase documents (document_ops.cc).
  absl::StatusOr<const Document*> CreateDocument(Document document);
  absl::StatusOr<const Document*> UpdateDocument(Document document);
  absl::Status SetDocumentStatus(DocumentId id, DocumentStatus status, std::optional<Shipment> shipment);
  absl::Status DeleteDocument(DocumentId id);

 private:
  // Registers the ledger's rollback once per operation, before it posts.
  void GuardLedger();
  // Stores `value` under `key` in `table`, undoably (nullopt erases);
  // returns the stored value (null after an erase).
  template <class Map>
  typename Map::mapped_type* Put(Map& table, const typename Map::key_type& key,
           std::optional<typename Map::mapped_type> value);

  // A cache hint for a document line's item, given before the lines are
  // checked one by one, so that their misses (the item's stock summary and
  // its ledger slot) overlap.
  void PrefetchLine(ItemId item) const {
    state_.items.PrefetchSummary(item);
    ledger_.Prefetch(item);
  }
  // The summary of the item named by a line, which must exist and count
  // stock. (A line that passes reads only the summary, not the item.)
  absl::StatusOr<ItemSummary> StockedItem(ItemId id, const FieldPath& field) const;
  // An item known to exist.
  const Item& ItemAt(ItemId id) const { return *state_.items.Find(id); }
  absl::StatusOr<LocationId> ResolveLocation(std::optional<LocationId> given, std::optional<LocationId> fallback,
                                             const FieldPath& field) const;
  // Runs `change` (reversals and new postings of one document) with
  // negatives allowed, then refuses, unless the options allow negatives, if
  // any cell it touched ends below zero: the check is on the net result.
  absl::Status PostNet(std::span<const std::pair<ItemId, LocationId>> cells,
                       const std::function<absl::Status()>& change);

  absl::Status ValidateAdjustment(InventoryAdjustment& adjustment) const;
  // Stores `a` in the adjustment table, undoably; `old` is what it replaces.
  void StoreAdjustment(const InventoryAdjustment& a, std::optional<InventoryAdjustment> old);
  // Puts `old` back into the adjustment table if the transaction rolls back.
  void RestoreOnRollback(InventoryAdjustment old);
  absl::Status PostAdjustment(const InventoryAdjustment& adjustment);
  absl::Status ValidateTransfer(const TransferOrder& order) const;
  // Put for transfers, keeping the number index in step.
  void PutTransfer(TransferOrderId id, std::optional<TransferRecord> record);
  // Posts what moves the order from `from` to `to`.
  absl::Status MoveTransfer(TransferRecord& record, TransferStatus from, TransferStatus to);
  absl::Status ValidateBundle(Bundle& bundle) const;
  absl::Status BuildBundle(Bundle& bundle);

  // Documents (document_ops.cc).
  //
  // Checks and completes a document for storing: trims and numbers it,
  // resolves locations, checks lines, bins and its source; `old` is the
  // stored version it replaces (nullptr on create).
  absl::Status ValidateDocument(Document& d, const DocumentRecord* old);
  // Refuses lines asking more of their source lines than is left, and
  // (for an order being changed) changes that leave fulfilled lines behind.
  absl::Status CheckFulfilment(const Document& d) const;
  // What a return's source gave out per item: a sales order, what its
  // packages in effect shipped; a sale in effect, its lines; else nothing.
  struct GivenOut {
    std::map<ItemId, Quantity> quantities;
    std::set<std::pair<ItemId, std::string>> serials;
    bool names_serials = false;  // serials returned must be among `serials`
  };
  GivenOut GivenBy(const Document& source) const;
  // What the returns of `source` (not void, other than `except`) take back
  // per item.
  std::map<ItemId, Quantity> Returned(DocumentId source, DocumentId except) const;
  // Refuses (naming `field`) when the returns of `source` take back more
  // than it now gives out; OK for a document no return refers to.
  absl::Status CheckReturnsOf(DocumentId source, std::string_view field) const;
  // Refuses (naming `field`) while another document fulfils or refers to
  // `d`: "The sales order SO-00001 has package PKG-00001 against it: ..."
  absl::Status RefuseIfReferred(const Document& d, std::string_view field) const;
  // Moves what leaving `before`'s status and entering `after`'s moves (a
  // null one: the document did not exist / no longer does): tracked units,
  // bins and postings, net (a line may take back and move the same stock).
  absl::Status Transition(const Document* before, Document* after);
  // Fills in the batches of outgoing lines that name none, first-expiring
  // first, and checks the serials and batches of tracked lines in effect.
  absl::Status PrepareTracking(Document& d);
  absl::Status TrackDocument(Document& d, bool undo);
  absl::Status PostDocument(const Document& d);
  // Brings an order's open quantities (committed or incoming) up to date
  // with its status and what fulfils it; `gone`: it is being removed.
  absl::Status RefreshOpen(DocumentId order, bool gone);
  // Stores (or, with nullopt, removes) a document, keeping the number,
  // fulfilment and item indexes in step, undoably.
  // Returns the stored record (nullptr after a removal).
  DocumentRecord* PutDocument(DocumentId id, std::optional<DocumentRecord> record);

  // Tracking (stock_ops_tracking.cc).
  //
  // Checks and trims the serials and batches of one line moving `quantity`
  // (> 0) units of `item`: refused on an item that does not track them,
  // required (matching `quantity`) on one that does. `quantity_field` names
  // the line's quantity; `opening` allows batch rates. Changes no state.
  absl::Status CheckTrackedLine(const Item& item, Quantity quantity, const TrackedLine& line,
                                const std::string& quantity_field, bool opening, SeenInRequest& seen) const;
  // An outgoing line of a batch-tracked item that names no batches takes
  // the location's active batches first-expiring first (no expiry last,
  // then by number): fills `batches`, or refuses (4012 on `field`) when
  // they hold less than `quantity`. No-op for other items or lines that
  // name batches. Changes no state.
  absl::Status PickBatches(ItemId item, LocationId location, Quantity quantity, std::vector<Batch>& batches,
                           const std::string& field) const;
  // Checks and trims the bins of one line moving `quantity` (> 0) units of
  // `item`: only for items with storage locations enabled, each bin named
  // once with a positive quantity, adding up to `quantity`. `at` is the
  // list's path ("locations[0].storages"); `quantity_field` names the
  // line's quantity in the message. Changes no state.
  absl::Status CheckBins(const Item& item, Quantity quantity, std::vector<BinQuantity>& bins, const std::string& at,
                         std::string_view quantity_field) const;
  // Moves the stock of `item` at `location` given by `bins` into those bins
  // (`into`) or out of them, undoably. Out of them, each bin must hold its
  // quantity (else kFailedPrecondition, kInsufficientStock, naming
  // "<at>[k].quantity"), except with `undo` (taking back what a document
  // did, when stock may have left the bin since), which takes what is left.
  absl::Status MoveBins(ItemId item, LocationId location, const std::vector<BinQuantity>& bins, bool into, bool undo,
                        const std::string& at);
  // Moves the line's serials and batches of `item` out of `from` (absent:
  // they arrive) into `to` (absent: they leave), undoably; fills in the
  // dates of batches the item already holds. With `undo` (taking back what
  // a document did) a refusal is kFailedPrecondition, kStockUsed.
  absl::Status MoveTracked(ItemId item, std::optional<Place> from, std::optional<Place> to,
                           const TrackedLine& line, bool undo);
  // Checks and trims the serials, batches and bins of a transfer's lines.
  absl::Status CheckTrackedTransfer(TransferOrder& order) const;
  // What each document does to tracked units, or (undo) takes it back.
  absl::Status TrackAdjustment(InventoryAdjustment& adjustment, bool undo);
  // Moves a transfer's tracked units from status `from` to `to`; undo
  // (from = the order's status, to = kDraft) brings them back to the source.
  absl::Status TrackTransfer(TransferOrder& order, TransferStatus from, TransferStatus to, bool undo);
  absl::Status TrackBundle(Bundle& bundle, bool undo);
  bool HasBins() const { return !state_.stock.bins.empty() || !state_.stock.default_bins.empty(); }
  // Checks and completes a bin (storage location) to store; `old` is what
  // it replaces (nullptr on create).
  absl::Status ValidateStorageLocation(StorageLocation& bin, const StorageLocation* old) const;
  // Takes stock off the cells' bins where they hold more than the available
  // stock, in bin order; then, where the item has a default bin at the
  // location, puts the unbinned rest into it.
  void FitBins(std::span<const std::pair<ItemId, LocationId>> cells);

  Store& store_;
  EngineState& state_;
  Ledger& ledger_;
  bool guarded_ = false;
};

template <class Map>
typename Map::mapped_type* StockWriter::Put(Map& table, const typename Map::key_type& key,
                                            std::optional<typename Map::mapped_type> value) {
  using Value = typename Map::mapped_type;
  auto it = table.end();
  // Documents get growing ids: a new one goes after the last, found in O(1).
  bool after_last = false;
  if constexpr (requires { table.rbegin(); }) {
    after_last = table.empty() || table.key_comp()(table.rbegin()->first, key);
  }
  if (!after_last) it = table.find(key);
  if (it == table.end()) {
    if (!value) return nullptr;
    // A create (the common write): the undo entry holds only the table and
    // the key, which std::function keeps without allocating (for an id key).
    store_.OnRollback([&table, key] { table.erase(key); });
    if constexpr (requires { table.rbegin(); }) {
      if (after_last) return &table.emplace_hint(table.end(), key, std::move(*value))->second;
    }
    return &table.try_emplace(key, std::move(*value)).first->second;
  }
  auto boxed = std::make_shared<std::optional<Value>>(std::move(it->second));
  store_.OnRollback([&table, key, boxed] {
    if (*boxed) {
      table.insert_or_assign(key, std::move(**boxed));
    } else {
      table.erase(key);
    }
  });
  if (value) {
    it->second = std::move(*value);
    return &it->second;
  }
  table.erase(it);
  return nullptr;
}

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_STOCK_STOCK_OPS_H_
