// The stock ledger: an append-only list of postings (one per document line
// that moves stock), the balances they sum to per (item, location) and per
// item, and their valuation (FIFO cost lots or weighted average).
// Owns: postings, balances, cost lots, the document table. May call: common/
// and stock/valuation.h. Knows nothing of the catalog, JSON or files: ids are
// taken as given.
//
// Example:
//   Ledger ledger({.valuation = Valuation::kFifo});
//   DocumentRef doc{DocumentKind::kAdjustment, 7, "ADJ-7", absl::CivilDay(2024, 5, 1)};
//   PostingRequest in{.item = ItemId(12), .location = LocationId(3),
//                     .delta = {.on_hand = Quantity::FromInt(10),
//                               .available = Quantity::FromInt(10)},
//                     .unit_cost = *Money::Parse("2.50")};
//   absl::Status s = ledger.Post(doc, in);       // 10 on hand, worth 25.00
//   size_t mark = ledger.Mark();
//   ...                                          // more posts
//   ledger.RollbackTo(mark);                     // exactly as at Mark()
//
// Values. Only `on_hand` (the accounting figure) carries value. A posting
// that adds on_hand brings in quantity x cost (see PostingRequest); one that
// removes on_hand takes cost out by the valuation method:
//  - FIFO: every addition creates cost lots; a removal takes the oldest lots
//    first. A lot taken in part gives up value * part / quantity (rounded as
//    in valuation.h); a lot taken whole gives up all its value, so an empty
//    cell is always worth exactly 0.
//  - Weighted average: a removal of q from a cell holding Q worth V takes
//    V * q / Q (rounded), and all of V when it empties the cell.
//  - Below zero (only when negatives are allowed, or transiently inside one
//    PostAll): units issued beyond what is held are valued at the unit cost
//    of the cell's most recent addition (0 if none); an addition first covers
//    that shortfall at the value it was issued at, and only the rest is
//    valued at the incoming cost. So on_hand 0 always means value 0.
//  - Revaluation: a value posting (an adjustment of type "value": a
//    PostingRequest that moves no figure and sets total_value) changes the
//    value of a cell holding stock (on_hand > 0) by exactly total_value,
//    up or down, without moving quantity. In FIFO the change is spread over
//    the cell's lots in proportion to their remaining quantity (each lot's
//    share rounded as in valuation.h, the newest lot taking the rest so the
//    shares add up exactly) and recorded as lot moves of quantity 0; in
//    weighted average the cell's value, and so its average cost, changes.
//    Later issues take the revalued cost. A revaluation never leaves a cell
//    (or, in FIFO, a lot) with a negative value.
// Every posting records the exact value it moved (`Posting::value`); the
// asset value of a cell is the sum of its postings' values.
//
// Thread safety: none inside. Const methods may run concurrently with each
// other; anything else needs the engine's writer lock.
#ifndef INVENTORY_SRC_STOCK_LEDGER_H_
#define INVENTORY_SRC_STOCK_LEDGER_H_

#include <compare>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <iterator>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "common/block_pool.h"
#include "common/chunked_vector.h"
#include "inventory/errors.h"
#include "inventory/ids.h"
#include "inventory/quantity.h"

namespace inventory::internal {

// What a posting comes from. Values are part of the on-disk format (they
// will be written to the log): never renumber.
enum class DocumentKind : uint8_t {
  kOpeningStock = 1,
  kAdjustment = 2,
  kTransferOrder = 3,
  kBundle = 4,
  kBill = 5,
  kInvoice = 6,
  kPurchaseReceive = 7,
  kShipment = 8,
  kSalesOrder = 9,
  kSalesReceipt = 10,
  kDeliveryChallan = 11,
  kSalesReturn = 12,
  kPurchaseOrder = 13,
  kMoveOrder = 14,
  kPutaway = 15,
};
// "opening stock", "adjustment", "transfer order", "bundle", ...
std::string_view DocumentKindName(DocumentKind kind);

// The document a posting belongs to. (kind, id) identifies it; number and
// date are kept as they were when the posting was made.
struct DocumentRef {
  DocumentKind kind = DocumentKind::kAdjustment;
  int64_t id = 0;
  std::string number;
  absl::CivilDay date;
  friend bool operator==(const DocumentRef&, const DocumentRef&) = default;
};

// The stock figures of a cell or item, or the change a posting makes to them.
// on_hand is stock_on_hand (accounting), available is available_stock
// (physical).
struct Figures {
  Quantity on_hand;
  Quantity available;
  Quantity committed;
  Quantity in_transit;

  Quantity actual_available() const { return available - committed; }
  bool is_zero() const {
    return on_hand.is_zero() && available.is_zero() && committed.is_zero() &&
           in_transit.is_zero();
  }
  Figures operator-() const { return {-on_hand, -available, -committed, -in_transit}; }
  Figures& operator+=(const Figures& o) {
    on_hand += o.on_hand;
    available += o.available;
    committed += o.committed;
    in_transit += o.in_transit;
    return *this;
  }
  friend bool operator==(const Figures&, const Figures&) = default;
};

enum class Valuation : uint8_t {
  kFifo = 1,
  kWeightedAverage = 2,
};

struct LedgerOptions {
  // How issues are costed; fixed for the life of the ledger.
  Valuation valuation = Valuation::kFifo;
  // When false, a post that would leave on_hand or available below zero in
  // any cell is refused (see Post).
  bool allow_negative = false;
};

// Earlier postings whose cost an addition takes on (a transfer landing, a
// bundle's composite): postings first_seq .. first_seq + count - 1, each of
// which removed on_hand.
struct CostFrom {
  uint32_t first_seq = 0;
  uint32_t count = 1;
};

// One document line to post: a movement of stock, or a value posting.
struct PostingRequest {
  int32_t line = 0;  // the line's index in its document, kept for callers
  ItemId item;
  LocationId location;
  // What the line moves. At least one figure non-zero, except in a value
  // posting, where all are zero.
  Figures delta;
  // A value posting (delta all zero) revalues the stock of the cell by
  // exactly total_value, which is required, non-zero and signed (negative
  // writes the stock down); it moves no quantity, takes no cost_from, and
  // its unit_cost is ignored. Refused when the cell holds no stock on hand
  // or would be left with a negative value (see Ledger::PostAll).
  //
  // When delta.on_hand > 0, the incoming value is
  //  - with cost_from: the value those postings took out (in FIFO, when
  //    their quantities add up to this one, their lots are recreated one for
  //    one with the same values, so a transfer keeps its cost layers;
  //    otherwise one lot of their total value);
  //  - with total_value: exactly that (e.g. a value given by the user);
  //  - otherwise on_hand x unit_cost, rounded as in valuation.h.
  // At most one of cost_from and total_value, and only when on_hand is
  // added. unit_cost is ignored for removals (their cost comes from the
  // valuation). Costs and values may not be negative (except a value
  // posting's total_value).
  Money unit_cost;
  std::optional<Money> total_value;
  std::optional<CostFrom> cost_from;
};

// A posting as stored. Its sequence number (seq) is its index in the ledger.
// A value posting is one whose delta is all zero: its value is the
// (non-zero) revaluation and its unit_cost 0; in FIFO its lot moves, all of
// quantity 0, say how much each lot's value changed.
struct Posting {
  static constexpr uint32_t kNone = 0xFFFFFFFFu;

  Figures delta;
  ItemId item;
  LocationId location;
  // Exact value moved, signed (negative for issues and write-downs).
  Money value;
  // Incoming cost, or value / quantity for issues (rounded); 0 for a value
  // posting.
  Money unit_cost;
  uint32_t doc = 0;  // index in the document table (see document())
  int32_t line = 0;
  uint32_t reverses = kNone;  // seq of the posting this one reverses
  // Internal links: the first of this posting's lot moves (they run to the
  // next posting's), and the previous posting of the same item and of the
  // same document (kNone if none), which index them without per-item or
  // per-document vectors.
  uint32_t lot_moves_begin = 0;
  uint32_t prev_of_item = kNone;
  uint32_t prev_of_doc = kNone;
  // Non-zero when the posting's only lot move moves exactly its on_hand and
  // value (most receipts and issues): that move's lot, the move being kept
  // in the posting instead of among the lot moves.
  uint32_t lot = 0;
};

// The postings, 48 bytes each instead of a Posting's 96. The figures are
// one quantity and, per figure, whether it moves by it, by its negation or
// not at all (every document's posting moves its figures so); ids and the
// line are 32 bits; the unit cost is left out when it is the value over the
// quantity (issues, and receipts at a cost of at most six decimals), and a
// reversal's link is kept beside the postings (most postings reverse
// nothing). A posting that does not fit (figures of different sizes, an id
// past 2^32, a line past 2^22) is kept whole beside them. Postings never
// change once made, so reads hand out copies.
class PostingTable {
 public:
  size_t size() const { return packed_.size(); }
  bool empty() const { return packed_.empty(); }
  Posting operator[](size_t seq) const;
  Posting back() const { return (*this)[size() - 1]; }
  uint32_t lot_moves_begin(size_t seq) const { return packed_[seq].lot_moves_begin; }
  void push_back(const Posting& p);
  void pop_back();
  size_t memory_bytes() const;

 private:
  struct Packed {
    int64_t quantity;  // Quantity units, >= 0
    Money value;
    uint32_t item;
    uint32_t location;
    uint32_t doc;
    uint32_t bits;  // line << 10 | kOwnCost | kReverses | shape
    uint32_t lot_moves_begin;
    uint32_t prev_of_item;
    uint32_t prev_of_doc;
    uint32_t lot;
  };
  static_assert(sizeof(Packed) == 48);
  // The shape: two bits per figure (on_hand, available, committed,
  // in_transit, from the lowest): 0 unmoved, 1 +quantity, 2 -quantity;
  // kWhole: the posting is in whole_.
  static constexpr uint32_t kShape = 0xFF, kWhole = 0xFF;
  static constexpr uint32_t kOwnCost = 1u << 8;   // unit cost in costs_
  static constexpr uint32_t kReverses = 1u << 9;  // reversal link in reverses_
  static constexpr int kLineShift = 10;
  // The unit cost a posting has unless it says otherwise.
  static Money DerivedCost(int64_t quantity, Money value);

  ChunkedVector<Packed> packed_;
  absl::flat_hash_map<uint32_t, Posting> whole_;    // by seq
  absl::flat_hash_map<uint32_t, Money> costs_;      // by seq
  absl::flat_hash_map<uint32_t, uint32_t> reverses_;  // seq -> seq it reverses
};

// A FIFO cost lot. Ids grow in creation order, so the oldest lot has the
// smallest id; a lot keeps its id while it is partly used.
struct Lot {
  int64_t id = 0;
  Quantity quantity;  // remaining, > 0
  Money value;        // remaining
  friend bool operator==(const Lot&, const Lot&) = default;
};

// A cell's live FIFO lots, oldest first, as the ledger holds them: the
// oldest is read from the cell's copy of it (which an issue it covers
// updates without writing the cell's array), the others from the array.
// Random access; valid until the ledger changes.
class LotList {
 public:
  class iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = Lot;
    using difference_type = std::ptrdiff_t;
    using pointer = const Lot*;
    using reference = const Lot&;

    iterator() = default;
    iterator(const Lot* oldest, const Lot* rest, difference_type i) : oldest_(oldest), rest_(rest), i_(i) {}
    reference operator*() const { return i_ == 0 ? *oldest_ : rest_[i_ - 1]; }
    pointer operator->() const { return &**this; }
    reference operator[](difference_type n) const { return *(*this + n); }
    iterator& operator++() { return *this += 1; }
    iterator operator++(int) { iterator was = *this; ++*this; return was; }
    iterator& operator--() { return *this -= 1; }
    iterator operator--(int) { iterator was = *this; --*this; return was; }
    iterator& operator+=(difference_type n) { i_ += n; return *this; }
    iterator& operator-=(difference_type n) { i_ -= n; return *this; }
    friend iterator operator+(iterator it, difference_type n) { return it += n; }
    friend iterator operator+(difference_type n, iterator it) { return it += n; }
    friend iterator operator-(iterator it, difference_type n) { return it -= n; }
    friend difference_type operator-(const iterator& a, const iterator& b) { return a.i_ - b.i_; }
    friend bool operator==(const iterator& a, const iterator& b) { return a.i_ == b.i_; }
    friend auto operator<=>(const iterator& a, const iterator& b) { return a.i_ <=> b.i_; }

   private:
    const Lot* oldest_ = nullptr;
    const Lot* rest_ = nullptr;
    difference_type i_ = 0;
  };

  LotList() = default;
  LotList(const Lot* oldest, std::span<const Lot> rest) : oldest_(oldest), rest_(rest) {}
  size_t size() const { return oldest_ == nullptr ? 0 : 1 + rest_.size(); }
  bool empty() const { return oldest_ == nullptr; }
  const Lot& operator[](size_t i) const { return begin()[static_cast<std::ptrdiff_t>(i)]; }
  const Lot& front() const { return *oldest_; }
  const Lot& back() const { return rest_.empty() ? *oldest_ : rest_.back(); }
  iterator begin() const { return {oldest_, rest_.data(), 0}; }
  iterator end() const { return {oldest_, rest_.data(), static_cast<std::ptrdiff_t>(size())}; }

 private:
  const Lot* oldest_ = nullptr;
  std::span<const Lot> rest_;
};

// What a FIFO posting did to one lot: positive adds to it (creating it if
// needed), negative takes from it; quantity 0 (only in a value posting, and
// only on a live lot) changes its value alone. lot_id 0 is stock below zero.
// The moves of a posting sum to its on_hand delta and its value.
struct LotMove {
  int64_t lot_id = 0;
  Quantity quantity;
  Money value;
  friend bool operator==(const LotMove&, const LotMove&) = default;
};

// The ledger's content as snapshots and exports hold it: its document
// references and its postings with their lot moves, in order. Everything
// else (balances, lots, indexes) follows from them (Ledger::Restore).
struct LedgerImageRef {
  DocumentKind kind = DocumentKind::kAdjustment;
  int64_t id = 0;
  std::string number;
  absl::CivilDay date;
  uint32_t first_seq = 0;
};
struct LedgerImageEntry {
  ItemId item;
  LocationId location;
  Quantity on_hand, available, committed, in_transit;  // the posting's delta
  Money value;
  Money unit_cost;
  uint32_t doc = 0;  // index in refs
  int32_t line = 0;
  int64_t reverses = -1;  // seq of the posting it reverses, or -1
  std::vector<LotMove> moves;
};
struct LedgerImage {
  std::vector<LedgerImageRef> refs;
  std::vector<LedgerImageEntry> postings;
};
// A row of History(): the posting and the balance right after it, over the
// locations asked for.
struct HistoryRow {
  uint32_t seq = 0;
  Posting posting;
  DocumentRef document;
  Quantity on_hand;
  Quantity available;
};

// The detail of a refusal for lack of stock, carried as a status payload.
struct StockShortage {
  ItemId item;
  LocationId location;
  int32_t line = 0;  // line of the first request that touched the cell
  Quantity requested;
  Quantity available;
};
// The shortage a Post/PostAll/Reverse refusal carries, if any.
std::optional<StockShortage> GetStockShortage(const absl::Status& status);

// API codes of the ledger's refusals.
inline constexpr ApiCode kInsufficientStockCode = ApiCode::kInsufficientStock;
inline constexpr ApiCode kStockUsedCode = ApiCode::kStockUsed;

// What Reverse does when stock an addition brought in has since been issued.
enum class IfStockUsed {
  kRefuse,          // refuse (FIFO: a lot it created is no longer whole;
                    // weighted average: the cell was issued from after it)
  kTakeOtherStock,  // remove the quantity anyway, as an ordinary issue
};

// Costs: a post reads, per line, the item's block (found by id in a dense
// table: no hashing) and scans its cells for the location; in FIFO an issue
// the oldest lot covers, and a new lot, touch only the cell (it keeps a copy
// of its oldest lot); a value posting touches every live lot of its cell.
// Reverse walks the document's postings; History and the rare below-zero
// costing walk the item's postings; Verify is O(n log n) in all postings.
// At most 2^32 - 2 postings and 2^31 lot moves (then kResourceExhausted);
// item ids up to kMaxItemId.
// Memory: about 90 bytes a posting, 24 a lot move, 24 a document, 8 per
// item id up to the largest posted to, and a block of about 300 bytes per
// item with postings (more for an item at more than two locations). Postings
// and lot moves live in fixed chunks, so growing never copies them.
class Ledger {
 public:
  // Item ids are indexes into a dense table: at most this (the engine
  // assigns small ids in sequence); larger ones are refused as malformed.
  static constexpr int64_t kMaxItemId = int64_t{1} << 32;

  explicit Ledger(LedgerOptions options = {});

  const LedgerOptions& options() const { return options_; }
  // The organization's negative-stock setting may change; applies to later
  // posts only.
  void set_allow_negative(bool allow) { options_.allow_negative = allow; }

  // Cache hints, in three stages, for a writer to overlap the misses of a
  // posting with its own checks; they change nothing. Prefetch starts
  // loading the item's slot in the dense table; PrefetchItem, once that is
  // in cache, the item's block (its totals and cells); PrefetchLots, once
  // the block is in cache, the lots a posting moving on_hand by
  // `on_hand_change` will touch: the end of the array, where a receipt
  // appends; for an issue, the lot after the oldest, if the oldest runs
  // out (an issue the oldest lot covers reads and writes only the cell).
  void Prefetch(ItemId item) const {
    if (Index(item) < items_.size()) __builtin_prefetch(&items_[Index(item)]);
  }
  void PrefetchItem(ItemId item) const;
  void PrefetchLots(ItemId item, LocationId location, Quantity on_hand_change) const;

  // Appends one posting. Same as PostAll with one request.
  absl::Status Post(const DocumentRef& doc, const PostingRequest& request);

  // Appends one posting per request, in order, all or nothing: on any error
  // the ledger is left exactly as before. Returns
  //  - kInvalidArgument for a request that is malformed (invalid id,
  //    negative cost, nothing moved, bad cost_from, a value posting with a
  //    zero total_value or a cost_from, a figure or value out of range);
  //  - kFailedPrecondition (kInsufficientStockCode, with a StockShortage
  //    payload) when negatives are not allowed and, for some cell taken in
  //    order of first appearance, the batch's net change removes on_hand
  //    (checked first) or available and would leave it below zero:
  //    "Insufficient stock of item 12 at location 3: requested 5,
  //    available 2." (requested = the net removal, available = the figure
  //    now). A batch that adds stock is never refused for a cell already
  //    below zero.
  //  - kFailedPrecondition (field "item_total") for a value posting when,
  //    at its point in the batch, the cell holds no stock on hand (on_hand
  //    not > 0, whether or not negatives are allowed): "Item 12 has no
  //    stock at location 3 to revalue."; or when it would leave the cell's
  //    value, or in FIFO some lot's value, negative: "Revaluing item 12 at
  //    location 3 by -40 would make its value negative: it is worth 25."
  //    ("... the value of cost lot 2 negative: ..." for a lot).
  // An empty batch is OK and appends nothing.
  absl::Status PostAll(const DocumentRef& doc, std::span<const PostingRequest> requests);

  // Appends a reversing posting for every posting of document (kind, doc_id)
  // that is not itself a reversal and not yet reversed, newest first, all
  // under `reversal` (which may be the same document). Each moves the
  // opposite figures; value:
  //  - reversing an issue puts back the cost it took (FIFO: into the very
  //    lots it came from, recreated if they are gone);
  //  - reversing an addition takes out, in FIFO, the lots it created first;
  //    in weighted average, if the cell was not issued from since (by a
  //    posting that is neither a reversal nor reversed), exactly the value
  //    it brought in (all of the cell's value if it empties it), else the
  //    average cost. A revaluation since (neither a reversal nor reversed)
  //    also means the average cost, but is not a use of the stock;
  //  - reversing a value posting applies the opposite change: in weighted
  //    average to the cell; in FIFO the opposite of each lot's amount to
  //    that lot if it is still live (even if partly used since), and the
  //    amounts of lots used up since spread over the cell's live lots by
  //    quantity, as a revaluation is. Refused like a value posting (field
  //    "item_total") if it would leave a value negative, and with
  //    kStockUsedCode, whatever `if_used` says, when the cell no longer
  //    holds stock on hand: "Cannot reverse adjustment ADJ-5: the stock it
  //    revalued of item 12 at location 3 has since been used."
  // All or nothing. Returns OK (appending nothing) when everything is
  // already reversed; kNotFound if the document has no postings;
  // kFailedPrecondition: for lack of stock as in PostAll, or
  // (kStockUsedCode) under IfStockUsed::kRefuse when stock it brought in
  // has since been used: "Cannot reverse bundle BN-1: the stock it added of
  // item 12 at location 3 has since been used."
  // A dry run is Mark(), Reverse(), RollbackTo().
  absl::Status Reverse(DocumentKind kind, int64_t doc_id, const DocumentRef& reversal,
                       IfStockUsed if_used = IfStockUsed::kRefuse);

  // Transactions. Mark() is the number of postings; RollbackTo(mark) removes
  // every posting after it and restores every balance, lot, value, index and
  // document entry exactly (by undoing each posting's recorded effect, newest
  // first). A mark beyond the end is ignored.
  size_t Mark() const { return postings_.size(); }
  void RollbackTo(size_t mark);

  // Recomputes every cell and item total, value, lot, index and document
  // entry from the postings, value postings included (each must move a
  // value, find stock on hand and leave no cell or lot value negative), and
  // returns kInternal naming the first difference, e.g. "Ledger mismatch
  // for item 12 at location 3: on_hand is 7 but its postings sum to 5."
  absl::Status Verify() const;

  // Postings of `item` (at `location`, if given) dated from..to inclusive,
  // in date order then seq, each with the running balance over the same
  // location(s) (postings before `from` count towards it). Value postings
  // are rows too, with the balance unchanged.
  std::vector<HistoryRow> History(ItemId item, std::optional<LocationId> location,
                                  std::optional<absl::CivilDay> from,
                                  std::optional<absl::CivilDay> to) const;

  // Balances; zero for a cell or item never posted to. References are valid
  // until the next change.
  const Figures& CellFigures(ItemId item, LocationId location) const;
  const Figures& ItemFigures(ItemId item) const;
  Money AssetValue(ItemId item, LocationId location) const;
  Money AssetValue(ItemId item) const;
  bool HasPostings(ItemId item) const { return FindItem(item) != nullptr; }
  // Locations where some figure of the item is non-zero, in order of the
  // item's first posting there.
  std::vector<LocationId> LocationsWithStock(ItemId item) const;
  // Calls f(location, figures, value) for each of the item's cells, in
  // order of their first posting.
  template <class F>
  void ForEachCell(ItemId item, F&& f) const {
    if (const ItemState* state = FindItem(item)) {
      for (const auto& [location, cell] : state->cells()) f(location, cell.figures, cell.value);
    }
  }
  // Whether some item has a non-zero figure at the location.
  bool LocationHasStock(LocationId location) const { return stocked_cells_.contains(location); }
  // FIFO lots of a cell, oldest first (empty in weighted average). Valid
  // until the next change.
  LotList Lots(ItemId item, LocationId location) const;

  Posting posting(uint32_t seq) const { return postings_[seq]; }
  // What the ledger holds, and the bytes its tables take (capacity, not
  // counting the allocator's headers): `log_bytes` for what grows with the
  // postings (postings, lot moves, document references and numbers, the
  // document and reversal indexes), `balance_bytes` for what grows with
  // the cells (per-item totals, cells, their live lots).
  struct Memory {
    size_t postings = 0, lot_moves = 0, documents = 0, cells = 0;
    size_t log_bytes = 0, balance_bytes = 0;
  };
  Memory MemoryUsage() const;
  DocumentRef document(const Posting& posting) const { return RefOf(posting.doc); }
  // The posting's lot moves (a view, valid until the next change).
  using LotMoveList = absl::InlinedVector<LotMove, 2>;
  LotMoveList LotMoves(uint32_t seq) const { return LotMoves(seq, postings_[seq]); }
  // The same, for a caller that has decoded the posting already.
  LotMoveList LotMoves(uint32_t seq, const Posting& p) const;

  // The content, and a ledger rebuilt from it (this one must be empty):
  // equal DebugStrings after. kDataLoss when the image does not hold
  // together (bad indexes, or balances that Verify() refuses).
  LedgerImage Image() const;
  absl::Status Restore(const LedgerImage& image);

  // The whole logical state as text, for tests: equal strings mean equal
  // ledgers.
  std::string DebugString() const;
  // Test hook: changes a cell's balance behind the ledger's back, so tests
  // can see Verify() catch it.
  void CorruptForTesting(ItemId item, LocationId location, const Figures& delta,
                         Money value_delta);

 private:
  using CellKey = std::pair<ItemId, LocationId>;
  // Id first: engine-assigned ids grow, so new documents go to the end of
  // the ordered index, where it is hot in cache.
  using DocKey = std::pair<int64_t, DocumentKind>;
  static DocKey KeyOf(DocumentKind kind, int64_t id) { return {id, kind}; }
  struct Cell {
    Figures figures;
    Money value;
    uint32_t postings = 0;
    uint32_t lot_head = 0;  // lots[lot_head..] are live, ordered by id
    // The oldest live lot and a copy of the newest lot's id (both 0 when
    // none is live), kept by ApplyMove. `front` is the oldest lot itself:
    // lots[lot_head] has its id but may hold an older quantity and value,
    // since an issue the oldest lot covers changes only `front` (ApplyMove
    // writes it back before any other change to the array). So such an
    // issue never touches the lots' memory, and a new lot (whose id is
    // always the largest) is appended by a store. LiveLots reads the lots
    // this way.
    Lot front;
    int64_t newest = 0;
    absl::InlinedVector<Lot, 1, PoolAllocator<Lot>> lots;
  };
  // An item's totals and its cells, in one block: a posting reads one
  // block, found by the item's id without hashing. The cells (in order of
  // the item's first posting at each location, found by a scan: an item is
  // stocked at a few locations) follow the header in the same allocation,
  // room for two at first; a posting at one more location remakes the
  // block with twice the room (AddCell). So an item's cells are never a
  // pointer away from its totals, however many locations hold it.
  struct ItemState {
    using Entry = std::pair<LocationId, Cell>;
    Figures totals;
    Money value;
    uint32_t last = Posting::kNone;  // newest posting; Posting::prev_of_item links
    uint32_t postings = 0;
    uint32_t cell_count = 0;
    uint32_t cell_capacity = 0;

    std::span<Entry> cells() { return {entries(), cell_count}; }
    std::span<const Entry> cells() const { return {const_cast<ItemState*>(this)->entries(), cell_count}; }
    const Cell* FindCell(LocationId location) const {
      for (const auto& [at, cell] : cells()) {
        if (at == location) return &cell;
      }
      return nullptr;
    }
    Cell* FindCell(LocationId location) {
      return const_cast<Cell*>(static_cast<const ItemState*>(this)->FindCell(location));
    }
    // The block's bytes: the header and room for cell_capacity cells.
    size_t block_bytes() const { return sizeof(ItemState) + cell_capacity * sizeof(Entry); }

   private:
    Entry* entries() { return std::launder(reinterpret_cast<Entry*>(this + 1)); }
  };
  static_assert(sizeof(ItemState) % alignof(ItemState::Entry) == 0, "cells follow the header unpadded");
  static_assert(std::is_nothrow_move_constructible_v<ItemState::Entry>, "AddCell moves cells into a new block");
  struct FreeItemState {
    void operator()(ItemState* state) const;
  };
  using ItemStatePtr = std::unique_ptr<ItemState, FreeItemState>;
  // A new block with room for `capacity` cells, and no cells.
  static ItemStatePtr NewItemState(uint32_t capacity);
  // Appends an empty cell for `location` (which the item has no cell at),
  // remaking `slot`'s block with twice the room when it is full: pointers
  // into the old block are invalid after.
  static Cell& AddCell(ItemStatePtr& slot, LocationId location);
  // Erases the item's cell at `location`, keeping the others' order.
  static void RemoveCell(ItemState& state, LocationId location);
  // A document reference as stored (24 bytes; DocumentRef is 64): the
  // number by index, the date as days since 1970-01-01.
  struct RefEntry {
    int64_t id = 0;
    int32_t day = 0;
    uint32_t number = 0;  // index in numbers_ (0: "")
    uint32_t first_seq = 0;
    DocumentKind kind = DocumentKind::kAdjustment;
  };
  DocumentRef RefOf(uint32_t index) const;
  // kInvalidArgument ("date") when the date does not fit RefEntry::day.
  static absl::Status CheckDate(const DocumentRef& doc);
  uint32_t InternNumber(const std::string& number);
  struct Piece {
    Quantity quantity;
    Money value;
    int64_t lot_id = 0;  // restore into this lot, or 0 for a new one
  };

  static size_t Index(ItemId item) { return static_cast<size_t>(item.value()); }
  const ItemState* FindItem(ItemId item) const {
    return Index(item) < items_.size() ? items_[Index(item)].get() : nullptr;
  }
  const Cell* FindCell(ItemId item, LocationId location) const {
    const ItemState* state = FindItem(item);
    return state ? state->FindCell(location) : nullptr;
  }

  absl::Status Validate(const PostingRequest& r) const;
  // `applied`: the requests are already applied (figures include them).
  absl::Status CheckShortage(std::span<const PostingRequest> requests, bool applied) const;
  // The document table index for `doc`, whose newest posting is `last`
  // (reused when that posting has the same reference, else appended).
  uint32_t InternDocument(const DocumentRef& doc, uint32_t last);
  // Appends one posting, or changes nothing and fails. With check_shortage,
  // refuses a removal that leaves on_hand or available below zero (for
  // batches whose cells are all distinct, so the cell's own figures are the
  // net check). `doc_last` is the document's entry in docs_.
  absl::Status ApplyOne(uint32_t doc, const PostingRequest& r, uint32_t reverses,
                        bool check_shortage, uint32_t* doc_last);
  // ApplyOne's second half, and Restore's: appends `p` (its links are set
  // here) with its lot moves, and updates the balances. Cannot fail.
  void CommitPosting(Posting p, std::span<const LotMove> moves, uint32_t* doc_last);
  // Seqs of an item's postings (at `location`, if given), ascending.
  std::vector<uint32_t> ItemPostings(ItemId item, std::optional<LocationId> location) const;
  absl::Status ValueInbound(const Cell* cell, const PostingRequest& r, uint32_t reverses,
                            uint32_t seq, Money* value, Money* unit_cost);
  absl::Status ValueOutbound(const Cell* cell, const PostingRequest& r, uint32_t reverses,
                             Money* value, Money* unit_cost);
  absl::Status ValueRevaluation(const Cell* cell, const PostingRequest& r, uint32_t reverses,
                                Money* value);
  void UnapplyLast();
  static void ApplyMove(Cell& cell, const LotMove& move);
  // Reloads Cell::front and Cell::newest from the lots.
  static void RefreshLotCopies(Cell& cell);
  static LotList LiveLots(const Cell& cell) {
    if (cell.lot_head >= cell.lots.size()) return LotList();
    return LotList(&cell.front, {cell.lots.data() + cell.lot_head + 1, cell.lots.size() - cell.lot_head - 1});
  }
  Money LastIncomingCost(ItemId item, LocationId location) const;
  // Whether the cell of posting `seq` was issued from (or, with
  // or_revalued, revalued) after it by a posting that is neither a reversal
  // nor reversed.
  bool IssuedSince(uint32_t seq, bool or_revalued) const;
  void AdjustStocked(LocationId location, bool had, bool has);

  LedgerOptions options_;
  PostingTable postings_;
  // Lot moves in fixed chunks; a posting's moves may span two or more.
  ChunkedVector<LotMove, 16> moves_;
  // Lot moves made, including those kept in their postings: a new lot's id
  // is one more than the number of the move that creates it.
  size_t move_count_ = 0;
  ChunkedVector<RefEntry> refs_;
  // Document numbers, appended (numbers are mostly unique, so they are not
  // deduplicated beyond a repeat of the last one). A deque, not a vector:
  // it grows a block at a time, where a vector that doubled at a million
  // numbers moved every one of them on one commit (149 ms; bench/README.md,
  // "Growth stalls").
  std::deque<std::string, PoolAllocator<std::string>> numbers_{std::string()};
  // Item states by id value (ids are dense, see kMaxItemId).
  std::vector<ItemStatePtr> items_;
  size_t item_count_ = 0;  // non-null entries of items_
  size_t cell_count_ = 0;  // cells over all items
  // The newest posting of each document. Pool nodes, as numbers_'s blocks:
  // both grow with every sale.
  absl::btree_map<DocKey, uint32_t, std::less<>, PoolAllocator<std::pair<const DocKey, uint32_t>>> docs_;
  absl::flat_hash_map<uint32_t, uint32_t> reversed_by_;  // seq -> reversal seq
  absl::flat_hash_map<LocationId, int64_t> stocked_cells_;  // cells with stock
  // Scratch space reused by ApplyOne.
  std::vector<LotMove> scratch_moves_;
  std::vector<Piece> scratch_pieces_;
};

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_STOCK_LEDGER_H_
