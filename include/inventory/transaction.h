// Readers and writers of an Engine.
//
// A Snapshot is a consistent read view: while it lives, no transaction
// commits, so every read through it sees one state. A Transaction is the one
// writer: it sees its own writes, becomes visible to readers at Commit(),
// and rolls back (leaving the engine exactly as before) on Rollback() or
// when destroyed uncommitted. Both are move-only and must not outlive their
// Engine. A thread must not hold a Snapshot while it opens a Transaction on
// the same engine (the transaction would wait for the snapshot forever).
//
// Example:
//   Transaction txn = engine->BeginTransaction();
//   absl::StatusOr<const Item*> item = txn.CreateItem({.name = "Tea", .sku = "T-1"});
//   if (!item.ok()) return item.status();   // txn rolls back when destroyed
//   return txn.Commit();
//
// Every write validates first and changes nothing when it fails. Codes:
//   kInvalidArgument     a field is missing, too long, malformed, or not one
//                        of the listed values (ErrorField names it)
//   kAlreadyExists       SKU, UPC, EAN or ISBN already used by another item
//   kNotFound            an id that does not exist
//   kFailedPrecondition  the write contradicts the state: item used by a
//                        composite (API code 2049), primary or stocked
//                        location, grouped item that is not inventory type,
//                        composite cycle, inactive transaction
#ifndef INVENTORY_TRANSACTION_H_
#define INVENTORY_TRANSACTION_H_

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "inventory/catalog.h"
#include "inventory/documents.h"
#include "inventory/ids.h"
#include "inventory/query.h"
#include "inventory/stock.h"

namespace inventory {

namespace internal {
struct CatalogState;
class EngineImpl;
class WriteContext;
// Ends a transaction's hold on the engine's one writer context (kept in the
// engine, not allocated per transaction) and its lock.
struct ReleaseWriteContext {
  void operator()(WriteContext* ctx) const;
};
}  // namespace internal

// Read operations shared by Snapshot and Transaction. Returned pointers stay
// valid while the reader lives and, in a Transaction, until its next write.
// Lookups by id and unique key are hash lookups.
class Reader {
 public:
  const Item* FindItem(ItemId id) const;
  // By SKU (trimmed, case-insensitive), UPC, EAN, ISBN; nullptr when none.
  const Item* FindItemBySku(std::string_view sku) const;
  const Item* FindItemByUpc(std::string_view upc) const;
  const Item* FindItemByEan(std::string_view ean) const;
  const Item* FindItemByIsbn(std::string_view isbn) const;
  std::vector<const Item*> FindItemsByPartNumber(std::string_view part_number) const;
  std::vector<const Item*> FindItemsByName(std::string_view name) const;
  // The variants of a group, in creation order.
  std::vector<const Item*> ItemsInGroup(GroupId group) const;
  // The composite items that map `component`.
  std::vector<ItemId> CompositesUsing(ItemId component) const;
  // The first item whose custom field with this api_name (or label) has
  // this value; nullptr when none.
  const Item* FindItemByCustomField(std::string_view key, std::string_view value) const;
  Page<Item> ListItems(const ItemQuery& query) const;
  size_t ItemCount() const;

  const ItemGroup* FindGroup(GroupId id) const;
  Page<ItemGroup> ListGroups(const GroupQuery& query) const;

  const Location* FindLocation(LocationId id) const;
  const Location* PrimaryLocation() const;
  std::vector<const Location*> ListLocations() const;  // primary first, then by name

  // Stock (stock.h). Figures are zero where nothing was ever posted.
  Quantity StockOnHand(ItemId id) const;
  StockFigures ItemStock(ItemId id) const;
  StockFigures StockAt(ItemId id, LocationId location) const;
  // Locations where the item has any non-zero figure, primary first.
  std::vector<LocationId> StockedLocations(ItemId id) const;
  // The same locations with StockAt's figures, from one lookup of the item
  // (what an item's page shows: cheaper than StockAt per location).
  LocationStockList StockByLocation(ItemId id) const;
  // Postings of the item (at `location` if given), dated from..to inclusive,
  // in date order, with running balances.
  std::vector<StockMovement> StockHistory(ItemId id, std::optional<LocationId> location = {},
                                          std::optional<absl::CivilDay> from = {},
                                          std::optional<absl::CivilDay> to = {}) const;
  // The item's opening stock per location (empty if none), with the
  // batches, serial numbers and storages given (trimmed).
  std::vector<OpeningStock> OpeningStockOf(ItemId id) const;
  // Serial numbers of the item in stock (at `location` if given; not those
  // in transit), in serial number order.
  std::vector<SerialNumberStock> SerialNumbers(ItemId id, std::optional<LocationId> location = {}) const;
  // The item's batches with stock (at `location` if given; not in transit):
  // one row per batch and location, by batch number then location id.
  std::vector<BatchStock> Batches(ItemId id, std::optional<LocationId> location = {}) const;
  // The item's stock in bins at the location, by bin id.
  std::vector<BinQuantity> BinStock(ItemId id, LocationId location) const;
  // Every serial number the item has had (with transacted_out ones only if
  // asked), at `location` if given (where it is, or was last), by serial.
  std::vector<SerialNumberInfo> ListSerialNumbers(ItemId id, bool include_transacted_out,
                                                  std::optional<LocationId> location = {}) const;
  std::optional<SerialNumberInfo> FindSerialNumber(SerialNumberId id) const;
  // Whether each serial is in stock at `location` (any location if none)
  // and so free for an outgoing document: kFailedPrecondition (4012)
  // naming "serial_numbers[k]" for the first that is not, kNotFound for an
  // item that does not exist, kInvalidArgument for one that does not track
  // serial numbers.
  absl::Status ValidateSerialNumbers(ItemId id, std::span<const std::string> serials,
                                     std::optional<LocationId> location = {}) const;
  // The item's batches (those with no stock left only if asked), by number.
  std::vector<BatchDetails> ListBatches(ItemId id, bool include_empty) const;
  std::optional<BatchDetails> FindBatch(BatchId id) const;
  // Bins: of one location (or all), by location then name.
  std::vector<StorageLocation> ListStorageLocations(std::optional<LocationId> location = {}) const;
  std::optional<StorageLocation> FindStorageLocation(StorageLocationId id) const;
  // What the bin holds, of every item (zero for an unknown bin).
  Quantity StorageLocationBalance(StorageLocationId id) const;
  bool StorageLocationsEnabled(LocationId location) const;
  // The bin stock of the item arriving at the location goes to when a line
  // names none (none if not configured).
  std::optional<StorageLocationId> DefaultStorageLocation(ItemId id, LocationId location) const;
  // Whether any posting or document names the item (it then cannot be
  // deleted, and its product type cannot change).
  bool HasTransactions(ItemId id) const;
  // Per location with stock of every component, and in total.
  std::vector<Buildable> BuildableQuantity(ItemId composite) const;
  Quantity BuildableTotal(ItemId composite) const;

  // Adjustments are kept compactly and returned by value.
  std::optional<InventoryAdjustment> FindAdjustment(AdjustmentId id) const;
  std::vector<InventoryAdjustment> ListAdjustments() const;  // newest date first
  const TransferOrder* FindTransferOrder(TransferOrderId id) const;
  std::vector<const TransferOrder*> ListTransferOrders() const;  // newest date first
  const Bundle* FindBundle(BundleId id) const;
  // Bundles, of one composite if given, newest date first.
  std::vector<const Bundle*> ListBundles(std::optional<ItemId> composite = {}) const;

  // Sales and purchase documents (documents.h).
  const Document* FindDocument(DocumentId id) const;
  // Of query.type, matching its filters, newest date first (then newest id).
  std::vector<const Document*> ListDocuments(const DocumentQuery& query) const;
  // The sales or purchase order holding the line; nullptr if none does.
  const Document* FindOrderOfLine(int64_t line_item_id) const;
  // The documents whose lines fulfil `source`'s lines (its packages and
  // invoices, or receives and bills), oldest first.
  std::vector<const Document*> DocumentsFulfilling(DocumentId source) const;
  // What is left of a sales or purchase order line to ship or invoice
  // (receive or bill): its quantity less the larger of the two, and 0 for
  // orders not in effect. Zero for any other line.
  Quantity OpenQuantity(DocumentId order, int64_t line_item_id) const;

 protected:
  explicit Reader(const internal::CatalogState* state) : state_(state) {}
  const internal::CatalogState* state_;
};

class Snapshot : public Reader {
 public:
  Snapshot(Snapshot&&) noexcept;
  Snapshot& operator=(Snapshot&&) noexcept;
  ~Snapshot();

 private:
  friend class Engine;
  Snapshot(const internal::CatalogState* state, std::shared_lock<std::shared_mutex> lock);
  // Held inline: a snapshot per lookup should not cost a heap allocation.
  std::shared_lock<std::shared_mutex> lock_;
};

class Transaction : public Reader {
 public:
  Transaction(Transaction&&) noexcept;
  Transaction& operator=(Transaction&&) noexcept;
  ~Transaction();  // rolls back if neither committed nor rolled back

  // Makes every write visible to readers. The transaction is inert after.
  // kFailedPrecondition if it is no longer active.
  absl::Status Commit();
  // Undoes every write. The transaction is inert after.
  void Rollback();
  bool active() const;

  // Save points: a position to roll back to without ending the transaction
  // (a POS voiding one line).
  size_t SavePoint() const;
  void RollbackTo(size_t save_point);

  // Items. `item.id` is ignored on create and names the item on update;
  // an update replaces every field (the JSON facade merges partial bodies).
  // created_time/last_modified_time are set by the engine.
  absl::StatusOr<const Item*> CreateItem(Item item);
  absl::StatusOr<const Item*> UpdateItem(Item item);
  // All or nothing: refused (2049) if any item is used by a composite.
  absl::Status DeleteItems(std::span<const ItemId> ids);
  absl::Status SetItemsStatus(std::span<const ItemId> ids, Status status);
  absl::Status SetStorageLocationEnabled(std::span<const ItemId> ids, bool enabled);
  absl::Status SetItemLocationAccess(ItemId id, bool all_locations,
                                     std::vector<LocationId> location_ids);

  // Item groups. `variants` are created as the group's items (inventory
  // type); on update, variants with an id are updated, the others created.
  absl::StatusOr<const ItemGroup*> CreateGroup(ItemGroup group, std::vector<Item> variants);
  absl::StatusOr<const ItemGroup*> UpdateGroup(ItemGroup group, std::vector<Item> variants);
  // Deletes the group and all its items, or nothing if any item is in use.
  absl::Status DeleteGroup(GroupId id);
  // Marks the group and all its items.
  absl::Status SetGroupStatus(GroupId id, Status status);
  // Detaches items from their groups (they keep their fields).
  absl::Status UngroupItems(std::span<const ItemId> ids);
  // Moves an ungrouped item into a group with one option per attribute;
  // options not yet in the group's attributes are added.
  absl::StatusOr<const Item*> MoveItemToGroup(ItemId id, GroupId group,
                                              std::array<std::string, 3> options);
  // Groups existing items as variants of `group` (an existing group when its
  // id is set, else a new one created from its fields).
  absl::StatusOr<const ItemGroup*> GroupItems(
      ItemGroup group,
      std::vector<std::pair<ItemId, std::array<std::string, 3>>> items);

  // Locations. Deleting the primary location, or one holding stock, is
  // refused; marking one primary unmarks the previous one.
  absl::StatusOr<const Location*> CreateLocation(Location location);
  absl::StatusOr<const Location*> UpdateLocation(Location location);
  absl::Status DeleteLocation(LocationId id);
  absl::Status SetLocationStatus(LocationId id, Status status);
  absl::Status MarkPrimaryLocation(LocationId id);

  // Stock. Each write posts all its lines or nothing; without
  // Options::allow_negative_stock, one that would take stock_on_hand or
  // available_stock below zero anywhere is refused (kFailedPrecondition,
  // API code 4012, naming item, location, requested and available).
  //
  // Replaces the item's opening stock (none before: adds it). Quantities
  // > 0, rates >= 0, one line per location; refused for items that do not
  // track inventory and for services. Serials, batches and storages as in
  // OpeningStock (stock.h); each refusal names its field with its path,
  // e.g. "locations[0].batches[3].batch_number": kInvalidArgument for a
  // malformed or missing one, more than 5000 batches ("batches"), or
  // serials/batches on an item that does not track them;
  // kAlreadyExists for a serial number the item holds elsewhere or a batch
  // number it already holds. Replacing takes the old serials and batches
  // out first: kFailedPrecondition (API code 4013) if some have left since.
  // The item's bins become the new lines' storages.
  absl::Status SetOpeningStock(ItemId id, absl::CivilDay date, std::vector<OpeningStock> lines);
  //
  // Lines of serial- or batch-tracked items (adjustments, transfer orders,
  // bundles) name what they move (see the line types in stock.h): as many
  // serials as units, or batches adding up to the quantity (a line taking
  // stock out that names no batches takes the location's active batches,
  // first-expiring first, and keeps them), refused
  // (kInvalidArgument) on lines of other items. What leaves must be there:
  // kFailedPrecondition (4012) naming e.g. "line_items[0].serial_numbers[1]";
  // a serial that arrives must be new to the item: kAlreadyExists. Updating
  // or deleting a document, or replacing opening stock, takes back what it
  // moved and needs it where the document left it: kFailedPrecondition
  // (4013) otherwise. Stock in bins leaves last: a write that takes stock
  // from a location takes its unbinned stock first, then its bins in bin
  // order; stock arriving other than as opening stock is unbinned.
  absl::StatusOr<AdjustmentId> CreateAdjustment(InventoryAdjustment adjustment);
  // Reverses the old lines and posts the new ones.
  absl::Status UpdateAdjustment(InventoryAdjustment adjustment);
  absl::Status DeleteAdjustment(AdjustmentId id);
  absl::StatusOr<const TransferOrder*> CreateTransferOrder(TransferOrder order);
  absl::StatusOr<const TransferOrder*> UpdateTransferOrder(TransferOrder order);
  // Forward only: draft -> in transit -> transferred (or draft ->
  // transferred); kFailedPrecondition otherwise.
  absl::Status SetTransferStatus(TransferOrderId id, TransferStatus status);
  absl::Status DeleteTransferOrder(TransferOrderId id);
  absl::StatusOr<const Bundle*> CreateBundle(Bundle bundle);
  // Draft -> confirmed -> built, or straight to built.
  absl::Status SetBundleStatus(BundleId id, BundleStatus status);
  // Reverses a built bundle; refused (API code 4013) when composite stock it
  // produced has been used since.
  absl::Status DeleteBundle(BundleId id);

  // Batches (the batches endpoints): a batch with no stock yet, to name on
  // lines later; its number (unique per item, trimmed) may change only
  // while it holds no stock; its dates, also of stock held; deleting
  // needs it empty. An inactive batch takes part in no document.
  absl::StatusOr<BatchId> CreateBatch(BatchDetails batch);
  absl::Status UpdateBatch(BatchDetails batch);
  absl::Status DeleteBatch(BatchId id);
  absl::Status SetBatchStatus(BatchId id, Status status);

  // Bins. Enabling a location's bins makes lines there name existing,
  // active bins by id; disabling is refused while its bins hold stock.
  // A bin's name is unique in its location; deleting one holding stock
  // is refused, as is making it inactive.
  absl::Status SetStorageLocationsEnabled(LocationId location, bool enabled);
  absl::StatusOr<StorageLocationId> CreateStorageLocation(StorageLocation bin);
  absl::Status UpdateStorageLocation(StorageLocation bin);
  absl::Status DeleteStorageLocation(StorageLocationId id);
  absl::Status SetStorageLocationStatus(StorageLocationId id, Status status);
  // The bin stock of `item` arriving at the bin's location goes to when a
  // line names none; nullopt clears it for `location`.
  absl::Status SetDefaultStorageLocation(ItemId item, LocationId location, std::optional<StorageLocationId> bin);

  // Sales and purchase documents (documents.h). Each write validates, then
  // moves what leaving the old status and entering the new one moves,
  // all or nothing; a line that would take stock below zero refuses the
  // whole document (kFailedPrecondition, API code 4012, naming the line).
  //   kInvalidArgument     a malformed field, e.g. "line_items[1].quantity"
  //   kNotFound            the document, an item, a location or a source
  //   kAlreadyExists       the number is used by another document of the type
  //   kFailedPrecondition  a status the type does not allow here, a source
  //                        not in effect, more than a source line has left,
  //                        a document others fulfil (deleting it, or
  //                        removing their lines), serials or batches not
  //                        where the line takes them from
  // Creates in `document.status` (a status the type starts in).
  absl::StatusOr<const Document*> CreateDocument(Document document);
  // Replaces header and lines, keeping type, status and times; only while
  // the status allows edits (draft or in effect, but not a shipped package,
  // a delivered challan or a void document).
  absl::StatusOr<const Document*> UpdateDocument(Document document);
  // Moves to `status` along the type's transitions (e.g. sales order draft
  // -> confirmed -> void). Shipping a package takes the shipment's details;
  // moving it back to kDraft (deleting the shipment) drops them.
  absl::Status SetDocumentStatus(DocumentId id, DocumentStatus status,
                                 std::optional<Shipment> shipment = std::nullopt);
  // Takes back what it moved and removes it. Refused while other documents
  // fulfil its lines.
  absl::Status DeleteDocument(DocumentId id);

 private:
  friend class Engine;
  using Context = std::unique_ptr<internal::WriteContext, internal::ReleaseWriteContext>;
  Transaction(internal::CatalogState* state, Context ctx);
  Context ctx_;
};

}  // namespace inventory

#endif  // INVENTORY_TRANSACTION_H_
