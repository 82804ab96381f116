// The engine's whole state: the catalog, and the stock kept against it (the
// ledger and the documents whose lines it posted).
// Owns: the document tables. May call: catalog/, stock/ledger.
#ifndef INVENTORY_SRC_STOCK_STOCK_STATE_H_
#define INVENTORY_SRC_STOCK_STOCK_STATE_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/time/civil_time.h"
#include "catalog/catalog_store.h"
#include "common/block_pool.h"
#include "inventory/documents.h"
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

// A quantity of an item at a location.
struct CellQuantity {
  ItemId item;
  LocationId location;
  Quantity quantity;
  friend bool operator==(const CellQuantity&, const CellQuantity&) = default;
};

// A sales or purchase document as kept.
struct DocumentRecord {
  Document doc;
  // An order's open quantity (ordered less fulfilled) per cell, as it now
  // counts towards committed stock (a sales order's postings) or incoming
  // stock (a purchase order): empty while the order is not in effect.
  std::vector<CellQuantity> open;
};

// The documents naming each item, ascending by id: a new document's id is
// the largest, so adding it appends. Found by the item's id in a dense
// table (engine ids are small and dense, as the ledger's table assumes),
// kept in pages of 4096 items that are made when an item of theirs first
// gets a document: the table never moves, so growing it copies nothing.
class ItemDocumentIndex {
 public:
  void Add(ItemId item, DocumentId doc) {
    Docs& docs = Slot(static_cast<size_t>(item.value()));
    if (docs.empty() || docs.back() < doc) {
      docs.push_back(doc);
      return;
    }
    auto at = std::lower_bound(docs.begin(), docs.end(), doc);
    if (at == docs.end() || *at != doc) docs.insert(at, doc);
  }
  void Remove(ItemId item, DocumentId doc) {
    Docs* docs = Find(item);
    if (docs == nullptr) return;
    auto at = std::lower_bound(docs->begin(), docs->end(), doc);
    if (at != docs->end() && *at == doc) docs->erase(at);
  }
  bool Any(ItemId item) const { return !Of(item).empty(); }
  std::span<const DocumentId> Of(ItemId item) const {
    const Docs* docs = Find(item);
    return docs == nullptr ? std::span<const DocumentId>() : std::span<const DocumentId>(docs->data(), docs->size());
  }
  // A cache hint for a document line's item (changes nothing).
  void Prefetch(ItemId item) const {
    if (const Docs* docs = Find(item)) __builtin_prefetch(docs);
  }
  friend bool operator==(const ItemDocumentIndex& a, const ItemDocumentIndex& b) {
    const size_t n = std::max(a.pages_.size(), b.pages_.size()) * kPage;
    for (size_t i = 0; i < n; ++i) {
      if (!std::ranges::equal(a.Of(ItemId(static_cast<int64_t>(i))), b.Of(ItemId(static_cast<int64_t>(i))))) {
        return false;
      }
    }
    return true;
  }

 private:
  // The first two documents of an item are held in place (in the 24 bytes
  // a std::vector takes anyway): most items of a till's catalog are in few
  // documents, and a first sale then allocates nothing here.
  using Docs = absl::InlinedVector<DocumentId, 2>;
  static constexpr size_t kPageBits = 12, kPage = size_t{1} << kPageBits;
  using Page = std::array<Docs, kPage>;

  Docs* Find(ItemId item) const {
    const auto i = static_cast<size_t>(item.value());
    const size_t page = i >> kPageBits;
    return page < pages_.size() && pages_[page] ? &(*pages_[page])[i & (kPage - 1)] : nullptr;
  }
  Docs& Slot(size_t i) {
    const size_t page = i >> kPageBits;
    if (page >= pages_.size()) pages_.resize(page + 1);
    if (!pages_[page]) pages_[page] = PagePtr(::new (ChunkAllocate(sizeof(Page))) Page());
    return (*pages_[page])[i & (kPage - 1)];
  }

  // Pages (96 KiB) come from the block pool's huge-page regions: from
  // malloc, each was 24 page faults, taken by the first sale of any of its
  // items (5,900 in a 1M-item catalog's first thousand sales).
  struct FreePage {
    void operator()(Page* page) const {
      std::destroy_at(page);
      ChunkFree(page, sizeof(Page));
    }
  };
  using PagePtr = std::unique_ptr<Page, FreePage>;
  std::vector<PagePtr> pages_;
};

// Documents by number (DocumentNumberKey), for the uniqueness check. Its
// nodes come from the block pool, as the documents' do: each sale adds a
// number, and from malloc a growing tree touched fresh heap pages.
using DocumentNumberIndex =
    absl::btree_map<std::pair<DocumentType, std::string>, DocumentId, std::less<>,
                    PoolAllocator<std::pair<const std::pair<DocumentType, std::string>, DocumentId>>>;

// A document number's identity: the type, and the number trimmed and
// case-folded.
inline std::pair<DocumentType, std::string> DocumentNumberKey(DocumentType type, std::string_view number) {
  return {type, Folded(Trim(number))};
}

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

// Every serial number an item has had, in stock or not (sold, written
// off): its id, and the location it was last at.
struct SerialInfo {
  int64_t id = 0;
  LocationId last_location;
  friend bool operator==(const SerialInfo&, const SerialInfo&) = default;
};
// Every batch an item has had, with stock or not: its id and the details
// the batches endpoints keep (the dates also while it holds no stock).
struct BatchInfo {
  int64_t id = 0;
  Status status = Status::kActive;
  std::string manufacturer_batch_number;
  std::optional<absl::CivilDay> manufactured_date;
  std::optional<absl::CivilDay> expiry_date;
  friend bool operator==(const BatchInfo&, const BatchInfo&) = default;
};
// (item, location, bin).
using BinKey = std::tuple<ItemId, LocationId, std::string>;
// Bins in bin order: names that are ids (all digits) first, by number (bin
// 3 before bin 10), then other names as text.
struct BinKeyLess {
  bool operator()(const BinKey& a, const BinKey& b) const {
    if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) < std::get<0>(b);
    if (std::get<1>(a) != std::get<1>(b)) return std::get<1>(a) < std::get<1>(b);
    const std::string& x = std::get<2>(a);
    const std::string& y = std::get<2>(b);
    auto digits = [](const std::string& s) {
      return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    const bool dx = digits(x), dy = digits(y);
    if (dx != dy) return dx;  // ids first (and "" first of all)
    if (dx && x.size() != y.size()) return x.size() < y.size();
    return x < y;
  }
};

struct StockState {
  explicit StockState(const Options& options)
      : ledger({.valuation = options.valuation == inventory::Valuation::kFifo ? internal::Valuation::kFifo
                                                                   : internal::Valuation::kWeightedAverage,
                .allow_negative = options.allow_negative_stock}) {}

  Ledger ledger;
  std::map<ItemId, OpeningStockRecord> opening;
  AdjustmentTable adjustments;
  // Transfer orders and bundles: nodes from the block pool, as the
  // documents' (below).
  std::map<TransferOrderId, TransferRecord, std::less<>,
           PoolAllocator<std::pair<const TransferOrderId, TransferRecord>>>
      transfers;
  // Transfer order numbers, trimmed and lower-cased, to their orders: the
  // uniqueness check is one probe, not a walk over every order.
  absl::flat_hash_map<std::string, TransferOrderId> transfer_numbers;
  std::map<BundleId, Bundle, std::less<>, PoolAllocator<std::pair<const BundleId, Bundle>>> bundles;

  // Sales and purchase documents, and their indexes (each kept in step by
  // the writer, rebuilt from the documents on restore). A document's node
  // (about 470 bytes) comes from the block pool's huge-page regions: from
  // malloc, every sale's node was new memory at the heap's top, and its
  // page faults were half the faults of a POS sale (bench/README.md,
  // "The POS sale's page faults").
  std::map<DocumentId, DocumentRecord, std::less<DocumentId>, PoolAllocator<std::pair<const DocumentId, DocumentRecord>>>
      documents;
  // Ordered, not hashed: a hash map rehashes every number when it grows,
  // on one commit (336 ms at 917,505 documents; bench/README.md, "Growth
  // stalls"); the B-tree grows a node at a time.
  DocumentNumberIndex document_numbers;
  // (source, document fulfilling its lines).
  std::map<std::pair<DocumentId, DocumentId>, bool> fulfilments;
  // The documents with a line of each item: item transactions, and the
  // items that cannot be deleted.
  ItemDocumentIndex item_documents;
  // The order (sales or purchase) holding each order line, by line id.
  absl::flat_hash_map<int64_t, DocumentId> order_lines;
  // Issued purchase orders' open quantities per cell (each > 0).
  std::map<std::pair<ItemId, LocationId>, Quantity> incoming;
  // The last engine-made number of each type ("SO-00007" is 7).
  // (By DocumentType value; 0: none made yet.)
  std::array<int64_t, 16> number_sequences{};

  bool HasDocuments(ItemId item) const { return item_documents.Any(item); }
  // What a defined bin holds, of every item (a walk over all binned cells).
  Quantity HeldIn(const StorageLocation& bin) const {
    const std::string name = std::to_string(bin.id.value());
    Quantity held;
    for (const auto& [key, quantity] : bins) {
      if (std::get<1>(key) == bin.location_id && std::get<2>(key) == name) held += quantity;
    }
    return held;
  }
  // Calls f(document) for each document that fulfils or refers to `source`,
  // by id, as `links` (fulfilments, or a rebuilt copy of them) lists them.
  template <class F>
  void ForEachReferring(DocumentId source, F&& f,
                        const std::map<std::pair<DocumentId, DocumentId>, bool>* links = nullptr) const {
    if (links == nullptr) links = &fulfilments;
    for (auto it = links->lower_bound({source, DocumentId()}); it != links->end() && it->first.first == source; ++it) {
      f(documents.at(it->first.second).doc);
    }
  }
  // The first of them, or nullptr.
  const Document* FirstReferring(DocumentId source) const {
    auto it = fulfilments.lower_bound({source, DocumentId()});
    return it != fulfilments.end() && it->first.first == source ? &documents.at(it->first.second).doc : nullptr;
  }

  // Tracking, kept in step with every posting of a tracked item: for a
  // serial-tracked item, the serials at each place are as many as the
  // available stock there (in stock) or its quantity_in_transit (in
  // transit); for a batch-tracked item, its batches' quantities add up to
  // the same figures.
  std::map<TrackKey, Place> serials;
  std::map<TrackKey, BatchRecord> batches;
  // The registries of serial numbers and batches ever seen, by key and id.
  std::map<TrackKey, SerialInfo> serial_info;
  std::map<int64_t, TrackKey> serial_ids;
  std::map<TrackKey, BatchInfo> batch_info;
  std::map<int64_t, TrackKey> batch_ids;
  // Stock in bins: each > 0, adding up per cell to at most the cell's
  // available stock (bins come from opening stock; stock taken from a cell
  // leaves its unbinned stock first, then its bins in bin order).
  std::map<BinKey, Quantity, BinKeyLess> bins;
  // Defined bins (storage locations), the locations whose bins are enabled,
  // and the bin each item's arriving stock goes to at a location.
  std::map<StorageLocationId, StorageLocation> storage_locations;
  std::map<LocationId, bool> bins_enabled;
  std::map<std::pair<ItemId, LocationId>, StorageLocationId> default_bins;
};

struct EngineState : CatalogState {
  explicit EngineState(const Options& o) : stock(o) {
    options = o;
    has_transactions = [this](ItemId id) { return stock.ledger.HasPostings(id) || stock.HasDocuments(id); };
    holds_stock = [this](LocationId id) {
      if (stock.ledger.LocationHasStock(id)) return true;
      // Stock expected there on purchase orders counts too.
      for (const auto& [cell, quantity] : stock.incoming) {
        if (cell.second == id) return true;
      }
      return false;
    };
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
// What the documents' indexes and open quantities follow from them: the
// number, fulfilment and item indexes, each order's open quantities (as
// RefreshOpen keeps them) and the incoming stock they sum to.
struct DocumentIndexes {
  DocumentNumberIndex numbers;
  std::map<std::pair<DocumentId, DocumentId>, bool> fulfilments;
  ItemDocumentIndex item_documents;
  absl::flat_hash_map<int64_t, DocumentId> order_lines;
  std::map<std::pair<ItemId, LocationId>, Quantity> incoming;
  std::map<DocumentId, std::vector<CellQuantity>> open;  // orders with any
};
DocumentIndexes IndexDocuments(const EngineState& state);
// Per line of an order, what the larger kind of document in effect that
// fulfils it (packages or invoices; receives or bills) took; `fulfilments`
// as in StockState::ForEachReferring.
std::map<int64_t, Quantity> LargestFulfilment(const StockState& stock, const Document& order,
                                              const std::map<std::pair<DocumentId, DocumentId>, bool>* fulfilments =
                                                  nullptr);
// An order's open quantities per cell, by cell, from its lines, its status
// and the documents in effect that fulfil it (which `fulfilments` lists).
std::vector<CellQuantity> OpenQuantities(const EngineState& state, const Document& order,
                                         const std::map<std::pair<DocumentId, DocumentId>, bool>& fulfilments);
// And the documents' half: each order's open quantities are what its lines
// and the documents fulfilling them say, committed stock sums the sales
// orders', incoming stock the purchase orders', and the indexes match.
absl::Status VerifyDocuments(const EngineState& state);

enum class Tracking { kNone, kSerial, kBatch };
// How the stock of the item is tracked (kNone when its stock is not counted).
Tracking TrackingOf(const ItemSummary& item);
inline Tracking TrackingOf(const Item& item) { return TrackingOf(ItemSummary::Of(item)); }
// Whether a line of `item` carrying these needs the tracking rules: the item
// is tracked, or the line names serials or batches (to be refused).
bool IsTracked(const ItemSummary& item, const std::vector<std::string>& serials, const std::vector<Batch>& batches);

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_STOCK_STOCK_STATE_H_
