// The stock ledger (ledger.h): posting, valuation, reversal, rollback and
// the Verify() that recomputes everything from the postings.
#include "stock/ledger.h"

#include <algorithm>
#include <limits>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/text.h"
#include "stock/valuation.h"

namespace inventory::internal {
namespace {

constexpr uint32_t kNone = Posting::kNone;
constexpr char kShortageUrl[] = "type.googleapis.com/inventory.StockShortage";
const Figures kZeroFigures{};

template <class Tag>
bool AddChecked(Decimal<Tag> a, Decimal<Tag> b, Decimal<Tag>* out) {
  int64_t r = 0;
  if (__builtin_add_overflow(a.units(), b.units(), &r)) return false;
  *out = Decimal<Tag>::FromUnits(r);
  return true;
}

bool AddFigures(const Figures& a, const Figures& b, Figures* out) {
  return AddChecked(a.on_hand, b.on_hand, &out->on_hand) &&
         AddChecked(a.available, b.available, &out->available) &&
         AddChecked(a.committed, b.committed, &out->committed) &&
         AddChecked(a.in_transit, b.in_transit, &out->in_transit);
}

// Whether a + b < 0, without overflow.
bool SumBelowZero(Quantity a, Quantity b) {
  return static_cast<Int128>(a.units()) + b.units() < 0;
}

std::string DocLabel(const DocumentRef& ref) {
  return Cat(DocumentKindName(ref.kind), " ",
             ref.number.empty() ? Cat(ref.id) : ref.number);
}

std::string CellLabel(ItemId item, LocationId location) {
  return Cat("item ", item.value(), " at location ", location.value());
}

absl::Status OutOfRange(ItemId item, LocationId location) {
  return InvalidArgumentError(
      "quantity", Cat("The stock or value of ", CellLabel(item, location),
                      " would be out of the supported range."));
}

absl::Status ShortageError(ItemId item, LocationId location, int32_t line, Quantity requested,
                           Quantity available) {
  absl::Status s = FailedPreconditionError(
      "quantity",
      Cat("Insufficient stock of ", CellLabel(item, location), ": requested ", requested.ToString(),
          ", available ", available.ToString(), "."),
      kInsufficientStockCode);
  s.SetPayload(kShortageUrl, absl::Cord(Cat(item.value(), "\n", location.value(), "\n", line, "\n",
                                            requested.units(), "\n", available.units())));
  return s;
}

absl::Status Mismatch(ItemId item, std::optional<LocationId> location, std::string_view what,
                      std::string_view actual, std::string_view expected) {
  std::string where = location ? CellLabel(item, *location) : Cat("item ", item.value());
  return absl::InternalError(Cat("Ledger mismatch for ", where, ": ", what, " is ", actual,
                                 " but its postings sum to ", expected, "."));
}

absl::Status CompareFigures(ItemId item, std::optional<LocationId> location,
                            const Figures& actual, const Figures& expected) {
  const std::pair<std::string_view, Quantity Figures::*> kFields[] = {
      {"on_hand", &Figures::on_hand},
      {"available", &Figures::available},
      {"committed", &Figures::committed},
      {"in_transit", &Figures::in_transit},
  };
  for (const auto& [name, field] : kFields) {
    if (actual.*field != expected.*field) {
      return Mismatch(item, location, name, (actual.*field).ToString(),
                      (expected.*field).ToString());
    }
  }
  return absl::OkStatus();
}

void AppendFigures(std::string& out, const Figures& f) {
  out += Cat(f.on_hand.ToString(), "/", f.available.ToString(), "/", f.committed.ToString(),
             "/", f.in_transit.ToString());
}

// The bytes of an absl flat hash table's arrays: a slot and a control byte
// for each place of its capacity.
template <class Map>
size_t HashTableBytes(const Map& map) {
  return map.capacity() * (sizeof(typename Map::value_type) + 1);
}

}  // namespace

std::string_view DocumentKindName(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kOpeningStock: return "opening stock";
    case DocumentKind::kAdjustment: return "adjustment";
    case DocumentKind::kTransferOrder: return "transfer order";
    case DocumentKind::kBundle: return "bundle";
    case DocumentKind::kBill: return "bill";
    case DocumentKind::kInvoice: return "invoice";
    case DocumentKind::kPurchaseReceive: return "purchase receive";
    case DocumentKind::kShipment: return "package";
    case DocumentKind::kSalesOrder: return "sales order";
    case DocumentKind::kSalesReceipt: return "sales receipt";
    case DocumentKind::kDeliveryChallan: return "delivery challan";
    case DocumentKind::kSalesReturn: return "sales return";
    case DocumentKind::kPurchaseOrder: return "purchase order";
    case DocumentKind::kMoveOrder: return "move order";
    case DocumentKind::kPutaway: return "putaway";
  }
  return "document";
}

std::optional<StockShortage> GetStockShortage(const absl::Status& status) {
  auto payload = status.GetPayload(kShortageUrl);
  if (!payload) return std::nullopt;
  std::vector<std::string> parts = absl::StrSplit(std::string(*payload), '\n');
  int64_t item = 0, location = 0, requested = 0, available = 0;
  int32_t line = 0;
  if (parts.size() != 5 || !absl::SimpleAtoi(parts[0], &item) ||
      !absl::SimpleAtoi(parts[1], &location) || !absl::SimpleAtoi(parts[2], &line) ||
      !absl::SimpleAtoi(parts[3], &requested) || !absl::SimpleAtoi(parts[4], &available)) {
    return std::nullopt;
  }
  return StockShortage{ItemId(item), LocationId(location), line, Quantity::FromUnits(requested),
                       Quantity::FromUnits(available)};
}

Ledger::Ledger(LedgerOptions options) : options_(options) {}

// ---------------------------------------------------------------- posting

absl::Status Ledger::Post(const DocumentRef& doc, const PostingRequest& request) {
  return PostAll(doc, std::span<const PostingRequest>(&request, 1));
}

absl::Status Ledger::PostAll(const DocumentRef& doc, std::span<const PostingRequest> requests) {
  if (requests.empty()) return absl::OkStatus();
  if (absl::Status s = CheckDate(doc); !s.ok()) return s;
  for (const PostingRequest& r : requests) {
    if (absl::Status s = Validate(r); !s.ok()) return s;
  }
  // When every line has a cell of its own (the usual case), each line's
  // check is the net check, and ApplyOne makes it with the figures it looks
  // up anyway; otherwise the net change per cell is checked first.
  bool distinct = requests.size() <= 16;  // a 10-component bundle is 11 lines
  for (size_t i = 0; distinct && i < requests.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (requests[i].item == requests[j].item && requests[i].location == requests[j].location) {
        distinct = false;
        break;
      }
    }
  }
  if (!distinct) {
    if (absl::Status s = CheckShortage(requests, /*applied=*/false); !s.ok()) return s;
  }
  const bool check_each = distinct && !options_.allow_negative;
  // Start the (likely) cache misses of every line at once.
  for (const PostingRequest& r : requests) Prefetch(r.item);
  for (const PostingRequest& r : requests) PrefetchItem(r.item);
  const size_t mark = Mark();
  const DocKey key = KeyOf(doc.kind, doc.id);
  // New documents have the largest ids: hinted at the end, the B-tree
  // inserts without a search from the root.
  uint32_t* doc_last =
      &(docs_.empty() || docs_.rbegin()->first < key ? docs_.try_emplace(docs_.end(), key, kNone)
                                                      : docs_.try_emplace(key, kNone).first)
           ->second;
  const uint32_t doc_index = InternDocument(doc, *doc_last);
  for (const PostingRequest& r : requests) {
    if (absl::Status s = ApplyOne(doc_index, r, kNone, check_each, doc_last); !s.ok()) {
      RollbackTo(mark);
      if (auto it = docs_.find(key); it != docs_.end() && it->second == kNone) docs_.erase(it);
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status Ledger::Validate(const PostingRequest& r) const {
  if (!r.item.valid() || r.item.value() > kMaxItemId) {
    return InvalidArgumentError("item_id", "A stock posting needs a valid item id.");
  }
  if (!r.location.valid()) {
    return InvalidArgumentError("location_id", "A stock posting needs a valid location id.");
  }
  if (r.unit_cost < Money()) return InvalidArgumentError("unit_cost", "The unit cost cannot be negative.");
  if (r.delta.is_zero()) {
    // A value posting: total_value alone, signed.
    if (!r.total_value) {
      return InvalidArgumentError("quantity", "A stock posting must move at least one figure, or "
                                              "revalue stock by a total_value.");
    }
    if (r.total_value->is_zero()) {
      return InvalidArgumentError("total_value", "A value posting must change the value: its "
                                                 "total_value cannot be 0.");
    }
    if (r.cost_from) {
      return InvalidArgumentError("cost_from", "A value posting takes its value from total_value, "
                                               "not from cost_from.");
    }
    return absl::OkStatus();
  }
  if (r.total_value && r.cost_from) {
    return InvalidArgumentError("total_value", "A stock posting takes its value from total_value "
                                               "or from cost_from, not both.");
  }
  if ((r.total_value || r.cost_from) && r.delta.on_hand <= Quantity()) {
    return InvalidArgumentError(r.total_value ? "total_value" : "cost_from",
                                "Only a posting that adds stock on hand takes an incoming value.");
  }
  if (r.total_value && *r.total_value < Money()) {
    return InvalidArgumentError("total_value", "The total value cannot be negative.");
  }
  return absl::OkStatus();
}

absl::Status Ledger::CheckShortage(std::span<const PostingRequest> requests, bool applied) const {
  if (options_.allow_negative) return absl::OkStatus();
  // The net change per cell, in order of first appearance.
  struct Net {
    CellKey key;
    int32_t line;
    Quantity on_hand;
    Quantity available;
  };
  absl::InlinedVector<Net, 8> nets;
  absl::flat_hash_map<CellKey, uint32_t> index;  // only for large batches
  const bool use_index = requests.size() > 16;
  for (const PostingRequest& r : requests) {
    const CellKey key{r.item, r.location};
    Net* net = nullptr;
    if (use_index) {
      auto [it, added] = index.try_emplace(key, static_cast<uint32_t>(nets.size()));
      if (!added) net = &nets[it->second];
    } else {
      for (Net& n : nets) {
        if (n.key == key) {
          net = &n;
          break;
        }
      }
    }
    if (net == nullptr) net = &nets.emplace_back(Net{key, r.line, Quantity(), Quantity()});
    if (!AddChecked(net->on_hand, r.delta.on_hand, &net->on_hand) ||
        !AddChecked(net->available, r.delta.available, &net->available)) {
      return OutOfRange(r.item, r.location);
    }
  }
  for (const Net& n : nets) {
    // The figures before the batch.
    Figures now = CellFigures(n.key.first, n.key.second);
    if (applied) {
      now.on_hand -= n.on_hand;
      now.available -= n.available;
    }
    const std::pair<Quantity, Quantity> checks[] = {{n.on_hand, now.on_hand},
                                                    {n.available, now.available}};
    for (const auto& [change, current] : checks) {
      if (change >= Quantity() || !SumBelowZero(current, change)) continue;
      return ShortageError(n.key.first, n.key.second, n.line, -change, current);
    }
  }
  return absl::OkStatus();
}

namespace {
const absl::CivilDay kEpochDay(1970, 1, 1);
}  // namespace

uint32_t Ledger::InternNumber(const std::string& number) {
  if (number.empty()) return 0;
  // Shared only with the reference just before, so that a rollback, which
  // pops references newest first, can tell when a number is no longer used.
  if (!refs_.empty() && refs_.back().number + 1 == numbers_.size() && numbers_.back() == number) {
    return refs_.back().number;
  }
  numbers_.push_back(number);
  return static_cast<uint32_t>(numbers_.size() - 1);
}

absl::Status Ledger::CheckDate(const DocumentRef& doc) {
  const int64_t days = doc.date - kEpochDay;
  if (days < INT32_MIN || days > INT32_MAX) {
    return InvalidArgumentError("date", "A document's date must be within 5 million years of 1970.");
  }
  return absl::OkStatus();
}

DocumentRef Ledger::RefOf(uint32_t index) const {
  const RefEntry& e = refs_[index];
  return DocumentRef{e.kind, e.id, numbers_[e.number], kEpochDay + e.day};
}

uint32_t Ledger::InternDocument(const DocumentRef& doc, uint32_t last) {
  const int32_t day = static_cast<int32_t>(doc.date - kEpochDay);
  if (last != kNone) {
    const RefEntry& e = refs_[postings_[last].doc];
    if (e.kind == doc.kind && e.id == doc.id && e.day == day && numbers_[e.number] == doc.number) {
      return postings_[last].doc;
    }
  }
  refs_.push_back(RefEntry{.id = doc.id,
                           .day = day,
                           .number = InternNumber(doc.number),
                           .first_seq = static_cast<uint32_t>(postings_.size()),
                           .kind = doc.kind});
  return static_cast<uint32_t>(refs_.size() - 1);
}

absl::Status Ledger::ApplyOne(uint32_t doc, const PostingRequest& r, uint32_t reverses,
                              bool check_shortage, uint32_t* doc_last) {
  if (postings_.size() >= kNone - 1 || move_count_ >= kNone / 2) {
    return absl::ResourceExhaustedError("The stock ledger is full.");
  }
  const uint32_t seq = static_cast<uint32_t>(postings_.size());
  const ItemState* item = FindItem(r.item);
  const Cell* cell = item ? item->FindCell(r.location) : nullptr;

  // Compute everything first: nothing may fail once the state changes.
  Figures cell_figures, item_totals;
  if (!AddFigures(cell ? cell->figures : kZeroFigures, r.delta, &cell_figures) ||
      !AddFigures(item ? item->totals : kZeroFigures, r.delta, &item_totals)) {
    return OutOfRange(r.item, r.location);
  }
  if (check_shortage) {
    const Figures& before = cell ? cell->figures : kZeroFigures;
    if (r.delta.on_hand < Quantity() && cell_figures.on_hand < Quantity()) {
      return ShortageError(r.item, r.location, r.line, -r.delta.on_hand, before.on_hand);
    }
    if (r.delta.available < Quantity() && cell_figures.available < Quantity()) {
      return ShortageError(r.item, r.location, r.line, -r.delta.available, before.available);
    }
  }
  scratch_moves_.clear();
  Money value;
  Money unit_cost = r.unit_cost;
  if (r.delta.on_hand > Quantity()) {
    if (absl::Status s = ValueInbound(cell, r, reverses, seq, &value, &unit_cost); !s.ok()) return s;
  } else if (r.delta.on_hand < Quantity()) {
    if (absl::Status s = ValueOutbound(cell, r, reverses, &value, &unit_cost); !s.ok()) return s;
  } else if (r.delta.is_zero()) {
    if (absl::Status s = ValueRevaluation(cell, r, reverses, &value); !s.ok()) return s;
    unit_cost = Money();
  }
  Money cell_value, item_value;
  if (!AddChecked(cell ? cell->value : Money(), value, &cell_value) ||
      !AddChecked(item ? item->value : Money(), value, &item_value)) {
    return OutOfRange(r.item, r.location);
  }

  // Commit.
  CommitPosting(Posting{.delta = r.delta,
                        .item = r.item,
                        .location = r.location,
                        .value = value,
                        .unit_cost = unit_cost,
                        .doc = doc,
                        .line = r.line,
                        .reverses = reverses},
                scratch_moves_, doc_last);
  return absl::OkStatus();
}

Money PostingTable::DerivedCost(int64_t quantity, Money value) {
  if (quantity == 0) return Money();
  const Money magnitude = value < Money() ? -value : value;
  return UnitCostOf(magnitude, Quantity::FromUnits(quantity)).value_or(Money::FromUnits(-1));
}

Posting PostingTable::operator[](size_t seq) const {
  const Packed& k = packed_[seq];
  const uint32_t shape = k.bits & kShape;
  if (shape == kWhole) return whole_.at(static_cast<uint32_t>(seq));
  auto figure = [&](int n) {
    const uint32_t bits = (shape >> (2 * n)) & 3;
    return Quantity::FromUnits(bits == 0 ? 0 : bits == 1 ? k.quantity : -k.quantity);
  };
  return Posting{.delta = {figure(0), figure(1), figure(2), figure(3)},
                 .item = ItemId(k.item),
                 .location = LocationId(k.location),
                 .value = k.value,
                 .unit_cost = (k.bits & kOwnCost) ? costs_.at(static_cast<uint32_t>(seq))
                                                  : DerivedCost(k.quantity, k.value),
                 .doc = k.doc,
                 .line = static_cast<int32_t>(k.bits >> kLineShift),
                 .reverses = (k.bits & kReverses) ? reverses_.at(static_cast<uint32_t>(seq)) : Posting::kNone,
                 .lot_moves_begin = k.lot_moves_begin,
                 .prev_of_item = k.prev_of_item,
                 .prev_of_doc = k.prev_of_doc,
                 .lot = k.lot};
}

void PostingTable::push_back(const Posting& p) {
  const uint32_t seq = static_cast<uint32_t>(packed_.size());
  Packed k{.quantity = 0,
           .value = p.value,
           .item = static_cast<uint32_t>(p.item.value()),
           .location = static_cast<uint32_t>(p.location.value()),
           .doc = p.doc,
           .bits = 0,
           .lot_moves_begin = p.lot_moves_begin,
           .prev_of_item = p.prev_of_item,
           .prev_of_doc = p.prev_of_doc,
           .lot = p.lot};
  constexpr int64_t k32 = int64_t{1} << 32;
  bool fits = p.item.value() >= 0 && p.item.value() < k32 && p.location.value() >= 0 && p.location.value() < k32 &&
              p.line >= 0 && p.line < (1 << (32 - kLineShift));
  uint32_t shape = 0;
  const Quantity figures[] = {p.delta.on_hand, p.delta.available, p.delta.committed, p.delta.in_transit};
  for (int n = 0; n < 4 && fits; ++n) {
    const int64_t u = figures[n].units();
    if (u == 0) continue;
    if (u == std::numeric_limits<int64_t>::min()) fits = false;
    const int64_t magnitude = u < 0 ? -u : u;
    if (k.quantity == 0) k.quantity = magnitude;
    if (magnitude != k.quantity) fits = false;
    shape |= (u > 0 ? 1u : 2u) << (2 * n);
  }
  if (!fits) {
    k.bits = kWhole;
    whole_.emplace(seq, p);
    packed_.push_back(k);
    return;
  }
  k.bits = static_cast<uint32_t>(p.line) << kLineShift | shape;
  if (p.unit_cost != DerivedCost(k.quantity, k.value)) {
    k.bits |= kOwnCost;
    costs_.emplace(seq, p.unit_cost);
  }
  if (p.reverses != Posting::kNone) {
    k.bits |= kReverses;
    reverses_.emplace(seq, p.reverses);
  }
  packed_.push_back(k);
}

void PostingTable::pop_back() {
  // The side tables the posting's bits say it is in, as push_back put it.
  const uint32_t seq = static_cast<uint32_t>(packed_.size() - 1);
  const uint32_t bits = packed_[seq].bits;
  if ((bits & kShape) == kWhole) {
    whole_.erase(seq);
  } else {
    if (bits & kOwnCost) costs_.erase(seq);
    if (bits & kReverses) reverses_.erase(seq);
  }
  packed_.pop_back();
}

size_t PostingTable::memory_bytes() const {
  return packed_.memory_bytes() + HashTableBytes(whole_) + HashTableBytes(costs_) + HashTableBytes(reverses_);
}

Ledger::LotMoveList Ledger::LotMoves(uint32_t seq, const Posting& p) const {
  if (p.lot != 0) return {LotMove{p.lot, p.delta.on_hand, p.value}};
  const size_t end = seq + 1 < postings_.size() ? postings_.lot_moves_begin(seq + 1) : moves_.size();
  LotMoveList out;
  for (size_t i = p.lot_moves_begin; i < end; ++i) out.push_back(moves_[i]);
  return out;
}

Ledger::Memory Ledger::MemoryUsage() const {
  Memory m{.postings = postings_.size(), .lot_moves = move_count_, .documents = refs_.size(), .cells = cell_count_};
  m.log_bytes = postings_.memory_bytes() + moves_.memory_bytes() + refs_.memory_bytes() +
                numbers_.size() * sizeof(std::string) + HashTableBytes(reversed_by_);
  for (const std::string& n : numbers_) {
    if (n.capacity() > 15) m.log_bytes += n.capacity() + 1;
  }
  // A B-tree's nodes are not exposed: its values at the fill of nodes that
  // are appended to at the right edge (about full), plus a tenth for the
  // inner nodes and headers.
  m.log_bytes += docs_.size() * sizeof(std::pair<DocKey, uint32_t>) * 11 / 10;
  m.balance_bytes = items_.capacity() * sizeof(items_[0]) + HashTableBytes(stocked_cells_);
  for (const auto& item : items_) {
    if (item == nullptr) continue;
    m.balance_bytes += PoolBlockBytes(item->block_bytes());
    for (const auto& [at, cell] : item->cells()) {
      if (cell.lots.capacity() > 1) m.balance_bytes += PoolBlockBytes(cell.lots.capacity() * sizeof(Lot));
    }
  }
  return m;
}

void Ledger::FreeItemState::operator()(ItemState* state) const {
  const size_t bytes = state->block_bytes();
  for (ItemState::Entry& entry : state->cells()) std::destroy_at(&entry);
  state->~ItemState();
  PoolFree(state, bytes);
}

Ledger::ItemStatePtr Ledger::NewItemState(uint32_t capacity) {
  void* block = PoolAllocate(sizeof(ItemState) + capacity * sizeof(ItemState::Entry));
  ItemStatePtr state(new (block) ItemState());
  state->cell_capacity = capacity;
  return state;
}

Ledger::Cell& Ledger::AddCell(ItemStatePtr& slot, LocationId location) {
  if (slot->cell_count == slot->cell_capacity) {
    ItemStatePtr grown = NewItemState(2 * slot->cell_capacity);
    ItemState& to = *grown;
    to = *slot;  // the header only: the cells are not members
    to.cell_count = 0;
    to.cell_capacity = 2 * slot->cell_capacity;
    for (ItemState::Entry& entry : slot->cells()) {
      new (to.cells().data() + to.cell_count) ItemState::Entry(std::move(entry));
      ++to.cell_count;
    }
    slot = std::move(grown);
  }
  ItemState& state = *slot;
  ItemState::Entry* entry = new (state.cells().data() + state.cell_count)
      ItemState::Entry(std::piecewise_construct, std::forward_as_tuple(location), std::forward_as_tuple());
  ++state.cell_count;
  return entry->second;
}

void Ledger::RemoveCell(ItemState& state, LocationId location) {
  std::span<ItemState::Entry> cells = state.cells();
  auto it = std::find_if(cells.begin(), cells.end(), [&](const auto& entry) { return entry.first == location; });
  std::move(it + 1, cells.end(), it);
  std::destroy_at(&cells.back());
  --state.cell_count;
}

void Ledger::CommitPosting(Posting p, std::span<const LotMove> moves, uint32_t* doc_last) {
  const uint32_t seq = static_cast<uint32_t>(postings_.size());
  if (Index(p.item) >= items_.size() || items_[Index(p.item)] == nullptr) {
    if (Index(p.item) >= items_.size()) {
      items_.resize(std::max(Index(p.item) + 1, items_.size() + items_.size() / 2));
    }
    items_[Index(p.item)] = NewItemState(2);
    ++item_count_;
  }
  ItemStatePtr& slot = items_[Index(p.item)];
  Cell* cell = slot->FindCell(p.location);
  if (cell == nullptr) {
    cell = &AddCell(slot, p.location);
    ++cell_count_;
  }
  ItemState& it = *slot;
  Cell& c = *cell;
  const bool had_stock = !c.figures.is_zero();
  c.figures += p.delta;
  c.value += p.value;
  ++c.postings;
  AdjustStocked(p.location, had_stock, !c.figures.is_zero());
  p.lot_moves_begin = static_cast<uint32_t>(moves_.size());
  move_count_ += moves.size();
  if (moves.size() == 1 && moves[0].quantity == p.delta.on_hand && moves[0].value == p.value &&
      moves[0].lot_id > 0 && moves[0].lot_id < (int64_t{1} << 32)) {
    // Its only move is the posting itself: kept as the lot's id.
    p.lot = static_cast<uint32_t>(moves[0].lot_id);
    ApplyMove(c, moves[0]);
  } else {
    for (const LotMove& m : moves) {
      ApplyMove(c, m);
      moves_.push_back(m);
    }
  }
  it.totals += p.delta;
  it.value += p.value;
  p.prev_of_item = it.last;
  it.last = seq;
  ++it.postings;
  p.prev_of_doc = *doc_last;
  *doc_last = seq;
  if (p.reverses != kNone) reversed_by_[p.reverses] = seq;
  postings_.push_back(p);
}

LedgerImage Ledger::Image() const {
  LedgerImage image;
  image.refs.reserve(refs_.size());
  for (size_t i = 0; i < refs_.size(); ++i) {
    const DocumentRef r = RefOf(static_cast<uint32_t>(i));
    image.refs.push_back({r.kind, r.id, r.number, r.date, refs_[i].first_seq});
  }
  image.postings.reserve(postings_.size());
  for (uint32_t seq = 0; seq < postings_.size(); ++seq) {
    const Posting& p = postings_[seq];
    LedgerImageEntry e{.item = p.item,
                         .location = p.location,
                         .on_hand = p.delta.on_hand,
                         .available = p.delta.available,
                         .committed = p.delta.committed,
                         .in_transit = p.delta.in_transit,
                         .value = p.value,
                         .unit_cost = p.unit_cost,
                         .doc = p.doc,
                         .line = p.line,
                         .reverses = p.reverses == kNone ? -1 : static_cast<int64_t>(p.reverses)};
    for (const LotMove& m : LotMoves(seq, p)) e.moves.push_back(m);
    image.postings.push_back(std::move(e));
  }
  return image;
}

absl::Status Ledger::Restore(const LedgerImage& image) {
  if (!postings_.empty() || !refs_.empty()) return absl::FailedPreconditionError("The ledger is not empty.");
  auto bad = [](std::string_view what, size_t at) {
    return absl::DataLossError(Cat("The ledger image is inconsistent: ", what, " at ", at, "."));
  };
  for (size_t i = 0; i < image.refs.size(); ++i) {
    const LedgerImageRef& r = image.refs[i];
    const DocumentRef doc{r.kind, r.id, r.number, r.date};
    if (!CheckDate(doc).ok()) return bad("a document date out of range", i);
    if (r.first_seq > image.postings.size() || (i > 0 && r.first_seq < image.refs[i - 1].first_seq)) {
      return bad("a document's first posting", i);
    }
    refs_.push_back(RefEntry{.id = r.id,
                             .day = static_cast<int32_t>(r.date - kEpochDay),
                             .number = InternNumber(r.number),
                             .first_seq = r.first_seq,
                             .kind = r.kind});
  }
  for (size_t seq = 0; seq < image.postings.size(); ++seq) {
    const LedgerImageEntry& e = image.postings[seq];
    if (e.doc >= refs_.size() || !e.item.valid() || e.item.value() >= kMaxItemId || !e.location.valid() ||
        e.reverses >= static_cast<int64_t>(seq) || e.reverses < -1) {
      return bad("a posting", seq);
    }
    const RefEntry& ref = refs_[e.doc];
    uint32_t* doc_last = &docs_.try_emplace(KeyOf(ref.kind, ref.id), kNone).first->second;
    CommitPosting(Posting{.delta = {e.on_hand, e.available, e.committed, e.in_transit},
                          .item = e.item,
                          .location = e.location,
                          .value = e.value,
                          .unit_cost = e.unit_cost,
                          .doc = e.doc,
                          .line = e.line,
                          .reverses = e.reverses < 0 ? kNone : static_cast<uint32_t>(e.reverses)},
                  e.moves, doc_last);
  }
  if (absl::Status s = Verify(); !s.ok()) return bad(std::string(s.message()), image.postings.size());
  return absl::OkStatus();
}

// An addition: gathers the incoming pieces (quantity, value), covers any
// shortfall first, and (FIFO) turns the rest into lots.
absl::Status Ledger::ValueInbound(const Cell* cell, const PostingRequest& r, uint32_t reverses,
                                  uint32_t seq, Money* value, Money* unit_cost) {
  const bool fifo = options_.valuation == Valuation::kFifo;
  const Quantity q = r.delta.on_hand;
  auto out_of_range = [&] { return OutOfRange(r.item, r.location); };
  scratch_pieces_.clear();
  if (reverses != kNone) {
    // Reversing an issue: the cost it took comes back (into the same lots).
    const Posting& orig = postings_[reverses];
    if (fifo) {
      for (const LotMove& m : LotMoves(reverses, orig)) {
        scratch_pieces_.push_back(Piece{-m.quantity, -m.value, m.lot_id});
      }
    } else {
      scratch_pieces_.push_back(Piece{q, -orig.value, 0});
    }
    *unit_cost = orig.unit_cost;
  } else if (r.cost_from) {
    const CostFrom& from = *r.cost_from;
    if (from.count == 0 || from.first_seq >= seq || from.count > seq - from.first_seq) {
      return InvalidArgumentError("cost_from", "cost_from must name earlier postings.");
    }
    Quantity total_q;
    Money total_v;
    for (uint32_t s = from.first_seq; s < from.first_seq + from.count; ++s) {
      const Posting& p = postings_[s];
      if (p.delta.on_hand >= Quantity()) {
        return InvalidArgumentError("cost_from",
                                    Cat("Posting ", s, " named by cost_from did not issue stock."));
      }
      if (!AddChecked(total_q, -p.delta.on_hand, &total_q) || !AddChecked(total_v, -p.value, &total_v)) {
        return out_of_range();
      }
    }
    if (fifo && total_q == q) {
      for (uint32_t s = from.first_seq; s < from.first_seq + from.count; ++s) {
        for (const LotMove& m : LotMoves(s)) {
          scratch_pieces_.push_back(Piece{-m.quantity, -m.value, 0});
        }
      }
    } else {
      scratch_pieces_.push_back(Piece{q, total_v, 0});
    }
    auto cost = UnitCostOf(total_v, q);
    if (!cost) return out_of_range();
    *unit_cost = *cost;
  } else if (r.total_value) {
    scratch_pieces_.push_back(Piece{q, *r.total_value, 0});
    auto cost = UnitCostOf(*r.total_value, q);
    if (!cost) return out_of_range();
    *unit_cost = *cost;
  } else {
    auto v = ValueOf(q, r.unit_cost);
    if (!v) return out_of_range();
    scratch_pieces_.push_back(Piece{q, *v, 0});
  }

  // The shortfall (stock below zero) and what it was issued at.
  Quantity short_q;
  Money short_v;
  if (cell != nullptr && cell->figures.on_hand < Quantity()) {
    short_q = -cell->figures.on_hand;
    short_v = cell->value;
  }
  Money total;
  if (fifo) {
    for (const Piece& piece : scratch_pieces_) {
      Quantity rest = piece.quantity;
      Money rest_v = piece.value;
      if (short_q > Quantity()) {
        const Quantity covered = std::min(rest, short_q);
        auto share = ShareOf(short_v, covered, short_q);
        auto kept = ShareOf(piece.value, rest - covered, piece.quantity);
        if (!share || !kept) return out_of_range();
        scratch_moves_.push_back(LotMove{0, covered, -*share});
        short_q -= covered;
        short_v -= *share;
        rest -= covered;
        rest_v = *kept;
      }
      if (rest > Quantity()) {
        // A new lot's id is one more than the index of the move creating it.
        const int64_t id = piece.lot_id != 0
                               ? piece.lot_id
                               : static_cast<int64_t>(move_count_ + scratch_moves_.size() + 1);
        scratch_moves_.push_back(LotMove{id, rest, rest_v});
      }
    }
    for (const LotMove& m : scratch_moves_) {
      if (!AddChecked(total, m.value, &total)) return out_of_range();
    }
  } else {
    Money incoming;
    for (const Piece& piece : scratch_pieces_) {
      if (!AddChecked(incoming, piece.value, &incoming)) return out_of_range();
    }
    if (short_q > Quantity()) {
      const Quantity covered = std::min(q, short_q);
      auto share = ShareOf(short_v, covered, short_q);
      auto kept = ShareOf(incoming, q - covered, q);
      if (!share || !kept || !AddChecked(*kept, -*share, &total)) return out_of_range();
    } else {
      total = incoming;
    }
  }
  *value = total;
  return absl::OkStatus();
}

// A removal: FIFO takes lots oldest first (a reversal takes the lots its
// posting created first); weighted average takes the average; units beyond
// what is held go below zero at the most recent incoming cost.
absl::Status Ledger::ValueOutbound(const Cell* cell, const PostingRequest& r, uint32_t reverses,
                                   Money* value, Money* unit_cost) {
  const Quantity q = -r.delta.on_hand;
  auto out_of_range = [&] { return OutOfRange(r.item, r.location); };
  Money taken;
  Quantity rest = q;
  bool ok = true;
  auto add = [&](Money v) { ok = ok && AddChecked(taken, v, &taken); };
  if (options_.valuation == Valuation::kFifo && reverses == kNone && cell != nullptr && cell->front.id != 0 &&
      q <= cell->front.quantity) {
    // The oldest lot covers it: read from the cell's copy of that lot.
    const Lot& lot = cell->front;
    auto v = ShareOf(lot.value, q, lot.quantity);
    if (!v) return out_of_range();
    scratch_moves_.push_back(LotMove{lot.id, -q, -*v});
    add(*v);
    rest = Quantity();
  } else if (options_.valuation == Valuation::kFifo) {
    const LotList lots = cell ? LiveLots(*cell) : LotList();
    absl::InlinedVector<int64_t, 4> preferred;
    if (reverses != kNone) {
      for (const LotMove& m : LotMoves(reverses)) {
        if (m.lot_id != 0 && m.quantity > Quantity()) preferred.push_back(m.lot_id);
      }
    }
    auto take = [&](const Lot& lot) {
      const Quantity n = std::min(rest, lot.quantity);
      auto v = ShareOf(lot.value, n, lot.quantity);
      if (!v) {
        ok = false;
        return;
      }
      scratch_moves_.push_back(LotMove{lot.id, -n, -*v});
      rest -= n;
      add(*v);
    };
    for (int64_t id : preferred) {
      if (rest <= Quantity()) break;
      auto it = std::lower_bound(lots.begin(), lots.end(), id,
                                 [](const Lot& l, int64_t v) { return l.id < v; });
      if (it != lots.end() && it->id == id) take(*it);
    }
    for (const Lot& lot : lots) {
      if (rest <= Quantity()) break;
      if (std::find(preferred.begin(), preferred.end(), lot.id) != preferred.end()) continue;
      take(lot);
    }
    if (rest > Quantity()) {
      auto v = ValueOf(rest, LastIncomingCost(r.item, r.location));
      if (!v) return out_of_range();
      scratch_moves_.push_back(LotMove{0, -rest, -*v});
      add(*v);
    }
  } else {
    const Quantity held = cell ? cell->figures.on_hand : Quantity();
    const Money held_v = cell ? cell->value : Money();
    if (reverses != kNone && held >= q && !IssuedSince(reverses, /*or_revalued=*/true)) {
      // Nothing was issued or revalued since the addition: take back exactly
      // its value.
      add(held == q ? held_v : postings_[reverses].value);
      rest = Quantity();
    } else if (held > Quantity()) {
      const Quantity n = std::min(q, held);
      auto v = ShareOf(held_v, n, held);
      if (!v) return out_of_range();
      add(*v);
      rest -= n;
    }
    if (rest > Quantity()) {
      auto v = ValueOf(rest, LastIncomingCost(r.item, r.location));
      if (!v) return out_of_range();
      add(*v);
    }
  }
  if (!ok) return out_of_range();
  auto cost = UnitCostOf(taken, q);
  if (!cost) return out_of_range();
  *value = -taken;
  *unit_cost = *cost;
  return absl::OkStatus();
}

// A value posting: changes the value of the cell's stock by total_value
// without moving quantity. FIFO spreads the change over the live lots by
// quantity; a reversal instead gives each lot the posting changed that is
// still live the opposite amount, and spreads only the amounts of lots used
// up since.
absl::Status Ledger::ValueRevaluation(const Cell* cell, const PostingRequest& r, uint32_t reverses,
                                      Money* value) {
  const bool fifo = options_.valuation == Valuation::kFifo;
  const Money change = *r.total_value;
  const LotList lots = cell ? LiveLots(*cell) : LotList();
  if (cell == nullptr || cell->figures.on_hand <= Quantity() || (fifo && lots.empty())) {
    return FailedPreconditionError("item_total", Cat("Item ", r.item.value(), " has no stock at location ",
                                                     r.location.value(), " to revalue."));
  }
  auto out_of_range = [&] { return OutOfRange(r.item, r.location); };
  auto negative = [&](std::string_view what, Money worth) {
    return FailedPreconditionError(
        "item_total", Cat("Revaluing ", CellLabel(r.item, r.location), " by ", change.ToString(),
                          " would make ", what, " negative: it is worth ", worth.ToString(), "."));
  };
  Money after;
  if (!AddChecked(cell->value, change, &after)) return out_of_range();
  if (after < Money()) return negative("its value", cell->value);
  *value = change;
  if (!fifo) return absl::OkStatus();

  // Each live lot's change, in lot order.
  absl::InlinedVector<Money, 4> shares(lots.size());
  Money spread = change;
  if (reverses != kNone) {
    spread = Money();
    for (const LotMove& m : LotMoves(reverses)) {
      auto it = std::lower_bound(lots.begin(), lots.end(), m.lot_id,
                                 [](const Lot& l, int64_t id) { return l.id < id; });
      Money& into = it != lots.end() && it->id == m.lot_id ? shares[it - lots.begin()] : spread;
      if (!AddChecked(into, -m.value, &into)) return out_of_range();
    }
  }
  if (!spread.is_zero()) {
    Quantity held;
    for (const Lot& lot : lots) {
      if (!AddChecked(held, lot.quantity, &held)) return out_of_range();
    }
    Money given;
    for (size_t i = 0; i < lots.size(); ++i) {
      Money share = spread - given;  // the last lot takes the rest
      if (i + 1 < lots.size()) {
        auto s = ShareOf(spread, lots[i].quantity, held);
        if (!s) return out_of_range();
        share = *s;
      }
      given += share;
      if (!AddChecked(shares[i], share, &shares[i])) return out_of_range();
    }
  }
  for (size_t i = 0; i < lots.size(); ++i) {
    if (shares[i].is_zero()) continue;
    Money lot_after;
    if (!AddChecked(lots[i].value, shares[i], &lot_after)) return out_of_range();
    if (lot_after < Money()) return negative(Cat("the value of cost lot ", lots[i].id), lots[i].value);
    scratch_moves_.push_back(LotMove{lots[i].id, Quantity(), shares[i]});
  }
  return absl::OkStatus();
}

void Ledger::ApplyMove(Cell& cell, const LotMove& move) {
  if (move.lot_id == 0) return;  // below zero: no lot
  const bool live = cell.lot_head < cell.lots.size();
  // The oldest live lot (an issue, or its reversal): changed in the cell
  // only (see Cell::front).
  if (live && move.lot_id == cell.front.id) {
    Lot lot = cell.front;
    lot.quantity += move.quantity;
    lot.value += move.value;
    if (!lot.quantity.is_zero()) {
      cell.front = lot;
      return;
    }
    // The used-up lots before lot_head stay until a receipt finds the array
    // full (below).
    ++cell.lot_head;
    if (cell.lot_head == cell.lots.size()) {
      cell.lots.clear();
      cell.lot_head = 0;
    }
    RefreshLotCopies(cell);
    return;
  }
  // A new lot: its id is larger than any live one's.
  if (move.quantity > Quantity() && (!live || move.lot_id > cell.newest)) {
    if (!live) {
      cell.lots.clear();
      cell.lot_head = 0;
    }
    if (cell.lot_head > 0 && cell.lots.size() == cell.lots.capacity()) {
      // Full, with used-up lots before the live ones: drop those instead
      // of growing the array (lots[lot_head] moves with its id: `front`
      // stays the oldest lot). The one place they are dropped: the array
      // grows only when every lot in it is live.
      cell.lots.erase(cell.lots.begin(), cell.lots.begin() + cell.lot_head);
      cell.lot_head = 0;
    }
    const Lot lot{move.lot_id, move.quantity, move.value};
    cell.lots.push_back(lot);
    cell.newest = lot.id;
    if (!live) cell.front = lot;
    return;
  }
  if (live) cell.lots[cell.lot_head] = cell.front;  // the array is read and changed below
  auto begin = cell.lots.begin() + cell.lot_head;
  auto it = std::lower_bound(begin, cell.lots.end(), move.lot_id,
                             [](const Lot& l, int64_t id) { return l.id < id; });
  if (it != cell.lots.end() && it->id == move.lot_id) {
    it->quantity += move.quantity;
    it->value += move.value;
    if (it->quantity.is_zero()) cell.lots.erase(it);  // not the oldest: handled above
  } else {
    const Lot lot{move.lot_id, move.quantity, move.value};
    if (it == begin && cell.lot_head > 0) {
      cell.lots[--cell.lot_head] = lot;
    } else {
      cell.lots.insert(it, lot);
    }
  }
  RefreshLotCopies(cell);
}

void Ledger::RefreshLotCopies(Cell& cell) {
  if (cell.lot_head < cell.lots.size()) {
    cell.front = cell.lots[cell.lot_head];
    cell.newest = cell.lots.back().id;
  } else {
    cell.front = Lot();
    cell.newest = 0;
  }
}

Money Ledger::LastIncomingCost(ItemId item, LocationId location) const {
  const ItemState* state = FindItem(item);
  if (state == nullptr) return Money();
  for (uint32_t s = state->last; s != kNone; s = postings_[s].prev_of_item) {
    const Posting& p = postings_[s];
    if (p.location == location && p.delta.on_hand > Quantity()) return p.unit_cost;
  }
  return Money();
}

bool Ledger::IssuedSince(uint32_t seq, bool or_revalued) const {
  const Posting& orig = postings_[seq];
  const ItemState* state = FindItem(orig.item);
  if (state == nullptr) return false;
  for (uint32_t s = state->last; s != kNone && s > seq; s = postings_[s].prev_of_item) {
    const Posting& p = postings_[s];
    if (p.location == orig.location &&
        (p.delta.on_hand < Quantity() || (or_revalued && p.delta.is_zero())) &&
        p.reverses == kNone && !reversed_by_.contains(s)) {
      return true;
    }
  }
  return false;
}

std::vector<uint32_t> Ledger::ItemPostings(ItemId item, std::optional<LocationId> location) const {
  std::vector<uint32_t> seqs;
  const ItemState* state = FindItem(item);
  if (state == nullptr) return seqs;
  seqs.reserve(state->postings);
  for (uint32_t s = state->last; s != kNone; s = postings_[s].prev_of_item) {
    if (!location || postings_[s].location == *location) seqs.push_back(s);
  }
  std::reverse(seqs.begin(), seqs.end());
  return seqs;
}

void Ledger::AdjustStocked(LocationId location, bool had, bool has) {
  if (had == has) return;
  if (has) {
    ++stocked_cells_[location];
  } else {
    auto it = stocked_cells_.find(location);
    if (it != stocked_cells_.end() && --it->second == 0) stocked_cells_.erase(it);
  }
}

// --------------------------------------------------------------- reversal

absl::Status Ledger::Reverse(DocumentKind kind, int64_t doc_id, const DocumentRef& reversal,
                             IfStockUsed if_used) {
  if (absl::Status s = CheckDate(reversal); !s.ok()) return s;
  auto doc_it = docs_.find(KeyOf(kind, doc_id));
  if (doc_it == docs_.end() || doc_it->second == kNone) {
    return NotFoundError("", Cat("The ", DocumentKindName(kind), " ", doc_id,
                                 " has no stock postings to reverse."));
  }
  // Newest first, so a document's own issues are put back before its
  // additions are taken out.
  absl::InlinedVector<uint32_t, 8> targets;
  for (uint32_t s = doc_it->second; s != kNone; s = postings_[s].prev_of_doc) {
    if (postings_[s].reverses == kNone && !reversed_by_.contains(s)) targets.push_back(s);
  }
  if (targets.empty()) return absl::OkStatus();
  const std::string label = DocLabel(RefOf(postings_[targets.front()].doc));

  std::vector<PostingRequest> requests;
  requests.reserve(targets.size());
  for (uint32_t s : targets) {
    const Posting& p = postings_[s];
    requests.push_back(PostingRequest{.line = p.line,
                                      .item = p.item,
                                      .location = p.location,
                                      .delta = -p.delta,
                                      .unit_cost = p.unit_cost});
    if (p.delta.is_zero()) requests.back().total_value = -p.value;  // a value posting
  }
  // Applied first and checked for lack of stock after, so that "used"
  // (the more telling refusal) wins over "insufficient".
  const size_t mark = Mark();
  const DocKey reversal_key = KeyOf(reversal.kind, reversal.id);
  uint32_t* doc_last = &docs_.try_emplace(reversal_key, kNone).first->second;
  const uint32_t doc_index = InternDocument(reversal, *doc_last);
  auto undo = [&] {
    RollbackTo(mark);
    if (auto it = docs_.find(reversal_key); it != docs_.end() && it->second == kNone) docs_.erase(it);
  };
  const bool fifo = options_.valuation == Valuation::kFifo;
  for (size_t i = 0; i < targets.size(); ++i) {
    const uint32_t target = targets[i];
    const Posting& orig = postings_[target];
    const bool check_used = if_used == IfStockUsed::kRefuse && orig.delta.on_hand > Quantity();
    auto refuse = [&](std::string_view did) {
      const Posting& p = postings_[target];
      undo();
      return FailedPreconditionError(
          "", Cat("Cannot reverse ", label, ": the stock it ", did, " of ", CellLabel(p.item, p.location),
                  " has since been used."),
          kStockUsedCode);
    };
    if (check_used && !fifo && IssuedSince(target, /*or_revalued=*/false)) return refuse("added");
    // A revaluation has nothing to undo once its cell is empty.
    if (orig.delta.is_zero() && CellFigures(orig.item, orig.location).on_hand <= Quantity()) {
      return refuse("revalued");
    }
    if (absl::Status s =
            ApplyOne(doc_index, requests[i], target, /*check_shortage=*/false, doc_last);
        !s.ok()) {
      undo();
      return s;
    }
    if (check_used && fifo) {
      // Intact means the reversal took every lot the posting created, whole.
      const LotMoveList taken = LotMoves(static_cast<uint32_t>(postings_.size() - 1));
      for (const LotMove& created : LotMoves(target)) {
        if (created.lot_id == 0 || created.quantity <= Quantity()) continue;
        auto m = std::find_if(taken.begin(), taken.end(),
                              [&](const LotMove& t) { return t.lot_id == created.lot_id; });
        if (m == taken.end() || m->quantity != -created.quantity) return refuse("added");
      }
    }
  }
  if (absl::Status s = CheckShortage(requests, /*applied=*/true); !s.ok()) {
    undo();
    return s;
  }
  return absl::OkStatus();
}

// --------------------------------------------------------------- rollback

void Ledger::RollbackTo(size_t mark) {
  if (mark > postings_.size()) return;
  while (postings_.size() > mark) UnapplyLast();
  while (!refs_.empty() && refs_.back().first_seq >= mark) {
    const uint32_t number = refs_.back().number;
    refs_.pop_back();
    // Its number goes too unless an earlier reference shares it.
    if (number != 0 && number + 1 == numbers_.size() && (refs_.empty() || refs_.back().number != number)) {
      numbers_.pop_back();
    }
  }
}

void Ledger::UnapplyLast() {
  const Posting p = postings_.back();
  ItemState& it = *items_[Index(p.item)];
  Cell& c = *it.FindCell(p.location);
  const bool had_stock = !c.figures.is_zero();
  c.figures += -p.delta;
  c.value -= p.value;
  --c.postings;
  const LotMoveList moves = LotMoves(static_cast<uint32_t>(postings_.size() - 1), p);
  for (auto m = moves.rbegin(); m != moves.rend(); ++m) ApplyMove(c, LotMove{m->lot_id, -m->quantity, -m->value});
  move_count_ -= moves.size();
  moves_.resize_down(p.lot_moves_begin);
  AdjustStocked(p.location, had_stock, !c.figures.is_zero());

  it.totals += -p.delta;
  it.value -= p.value;
  it.last = p.prev_of_item;
  --it.postings;
  if (c.postings == 0) {
    RemoveCell(it, p.location);
    --cell_count_;
  }
  if (it.postings == 0) {
    items_[Index(p.item)].reset();
    --item_count_;
  }

  const RefEntry& ref = refs_[p.doc];
  auto doc_it = docs_.find(KeyOf(ref.kind, ref.id));
  doc_it->second = p.prev_of_doc;
  if (p.prev_of_doc == kNone) docs_.erase(doc_it);
  if (p.reverses != kNone) reversed_by_.erase(p.reverses);
  postings_.pop_back();
}

// ---------------------------------------------------------------- readers

const Figures& Ledger::CellFigures(ItemId item, LocationId location) const {
  const Cell* cell = FindCell(item, location);
  return cell == nullptr ? kZeroFigures : cell->figures;
}

const Figures& Ledger::ItemFigures(ItemId item) const {
  const ItemState* state = FindItem(item);
  return state == nullptr ? kZeroFigures : state->totals;
}

Money Ledger::AssetValue(ItemId item, LocationId location) const {
  const Cell* cell = FindCell(item, location);
  return cell == nullptr ? Money() : cell->value;
}

Money Ledger::AssetValue(ItemId item) const {
  const ItemState* state = FindItem(item);
  return state == nullptr ? Money() : state->value;
}

std::vector<LocationId> Ledger::LocationsWithStock(ItemId item) const {
  std::vector<LocationId> out;
  const ItemState* state = FindItem(item);
  if (state == nullptr) return out;
  for (const auto& [location, cell] : state->cells()) {
    if (!cell.figures.is_zero()) out.push_back(location);
  }
  return out;
}

namespace {
// Starts loading every cache line of *p.
template <class T>
void PrefetchObject(const T* p) {
  const char* begin = reinterpret_cast<const char*>(p);
  for (const char* at = begin; at < begin + sizeof(T); at += 64) __builtin_prefetch(at);
  __builtin_prefetch(begin + sizeof(T) - 1);
}
}  // namespace

void Ledger::PrefetchItem(ItemId item) const {
  if (const ItemState* state = FindItem(item)) PrefetchObject(state);
}

void Ledger::PrefetchLots(ItemId item, LocationId location, Quantity on_hand_change) const {
  const Cell* cell = FindCell(item, location);
  if (cell == nullptr || cell->lots.empty()) return;
  if (on_hand_change > Quantity()) {
    __builtin_prefetch(cell->lots.data() + cell->lots.size() - 1);
  } else if (on_hand_change < Quantity() && -on_hand_change >= cell->front.quantity &&
             cell->lot_head + 1 < cell->lots.size()) {
    __builtin_prefetch(cell->lots.data() + cell->lot_head + 1);
  }
}

LotList Ledger::Lots(ItemId item, LocationId location) const {
  const Cell* cell = FindCell(item, location);
  return cell == nullptr ? LotList() : LiveLots(*cell);
}

std::vector<HistoryRow> Ledger::History(ItemId item, std::optional<LocationId> location,
                                        std::optional<absl::CivilDay> from,
                                        std::optional<absl::CivilDay> to) const {
  std::vector<HistoryRow> rows;
  std::vector<uint32_t> seqs = ItemPostings(item, location);
  auto date = [&](uint32_t s) { return kEpochDay + refs_[postings_[s].doc].day; };
  // Seqs are ascending, so a stable sort by date orders by (date, seq).
  std::stable_sort(seqs.begin(), seqs.end(),
                   [&](uint32_t a, uint32_t b) { return date(a) < date(b); });
  Quantity on_hand, available;
  for (uint32_t s : seqs) {
    const Posting& p = postings_[s];
    on_hand += p.delta.on_hand;
    available += p.delta.available;
    const absl::CivilDay day = date(s);
    if (from && day < *from) continue;
    if (to && day > *to) break;
    rows.push_back(HistoryRow{s, p, RefOf(p.doc), on_hand, available});
  }
  return rows;
}

// ----------------------------------------------------------------- Verify

absl::Status Ledger::Verify() const {
  struct Sum {
    Figures figures;
    Money value;
    uint32_t postings = 0;
    uint32_t last = kNone;
    std::vector<LocationId> locations;  // items: order of first posting
  };
  struct ReplayLot {
    CellKey cell;
    Quantity quantity;
    Money value;
  };
  const bool fifo = options_.valuation == Valuation::kFifo;
  // Hash maps to add up; the comparisons below go in sorted key order so
  // that "the first difference" is well defined.
  absl::flat_hash_map<CellKey, Sum> cells;
  absl::flat_hash_map<ItemId, Sum> items;
  absl::flat_hash_map<DocKey, uint32_t> docs;  // newest posting
  absl::flat_hash_map<uint32_t, uint32_t> reversed;
  absl::flat_hash_map<int64_t, ReplayLot> lots;
  uint32_t moves_at = 0;
  auto bad_posting = [](uint32_t seq, std::string_view why) {
    return absl::InternalError(Cat("Ledger posting ", seq, " is malformed: ", why, "."));
  };
  for (uint32_t seq = 0; seq < postings_.size(); ++seq) {
    const Posting& p = postings_[seq];
    if (p.doc >= refs_.size() || refs_[p.doc].first_seq > seq) return bad_posting(seq, "bad document");
    if (p.lot_moves_begin != moves_at || p.lot_moves_begin > moves_.size()) {
      return bad_posting(seq, "bad lot moves");
    }
    const LotMoveList moves = LotMoves(seq, p);
    if (p.lot == 0) moves_at += static_cast<uint32_t>(moves.size());
    if (p.reverses != kNone) {
      if (p.reverses >= seq || !reversed.emplace(p.reverses, seq).second) {
        return bad_posting(seq, "bad reversal");
      }
    }
    const CellKey key{p.item, p.location};
    Sum& cell = cells[key];
    cell.figures += p.delta;
    cell.value += p.value;
    ++cell.postings;
    Sum& item = items[p.item];
    item.figures += p.delta;
    item.value += p.value;
    ++item.postings;
    if (p.prev_of_item != item.last) return bad_posting(seq, "bad link to the item's previous posting");
    item.last = seq;
    if (cell.postings == 1) item.locations.push_back(p.location);
    const RefEntry& ref = refs_[p.doc];
    uint32_t& doc_last = docs.try_emplace(KeyOf(ref.kind, ref.id), kNone).first->second;
    if (p.prev_of_doc != doc_last) return bad_posting(seq, "bad link to the document's previous posting");
    doc_last = seq;
    // A value posting: non-zero value, no unit cost, on stock on hand, not
    // below zero (the cell's figures are the same before and after it).
    const bool revaluation = p.delta.is_zero();
    if (revaluation) {
      if (p.value.is_zero() || !p.unit_cost.is_zero()) {
        return bad_posting(seq, "a value posting moves no value or has a unit cost");
      }
      if (cell.figures.on_hand <= Quantity()) {
        return bad_posting(seq, "a value posting revalues a cell with no stock on hand");
      }
      if (cell.value < Money()) return bad_posting(seq, "a value posting leaves a negative value");
    }

    Quantity moved;
    Money moved_value;
    for (const LotMove& m : moves) {
      moved += m.quantity;
      moved_value += m.value;
      // Quantity 0 revalues a live lot; only a value posting does that.
      if (m.quantity.is_zero() != revaluation || (revaluation && m.lot_id == 0)) {
        return bad_posting(seq, revaluation ? "a value posting moves quantity"
                                            : "a lot move of quantity 0 outside a value posting");
      }
      if (m.lot_id == 0) continue;
      auto [lot, added] = lots.try_emplace(m.lot_id, ReplayLot{key, Quantity(), Money()});
      if (lot->second.cell != key || (added && m.quantity <= Quantity())) {
        return bad_posting(seq, "a lot move names a lot of another cell or one that does not exist");
      }
      lot->second.quantity += m.quantity;
      lot->second.value += m.value;
      if (lot->second.quantity < Quantity()) return bad_posting(seq, "a lot goes below zero");
      if (revaluation && lot->second.value < Money()) {
        return bad_posting(seq, "a value posting leaves a lot's value negative");
      }
      if (lot->second.quantity.is_zero()) {
        if (!lot->second.value.is_zero()) return bad_posting(seq, "an emptied lot keeps value");
        lots.erase(lot);
      }
    }
    if (fifo) {
      if (moved != p.delta.on_hand || moved_value != p.value) {
        return bad_posting(seq, "its lot moves do not add up to its quantity and value");
      }
    } else if (!moves.empty() || (p.delta.on_hand.is_zero() && !revaluation && !p.value.is_zero())) {
      return bad_posting(seq, "value without stock on hand");
    }
  }
  if (moves_at != moves_.size()) return absl::InternalError("Ledger has stray lot moves.");

  // Cells: figures, value, posting count, lots.
  absl::flat_hash_map<CellKey, std::vector<Lot>> lots_by_cell;
  for (const auto& [id, lot] : lots) {
    lots_by_cell[lot.cell].push_back(Lot{id, lot.quantity, lot.value});
  }
  for (auto& [key, cell_lots] : lots_by_cell) {
    std::sort(cell_lots.begin(), cell_lots.end(), [](const Lot& a, const Lot& b) { return a.id < b.id; });
  }
  std::vector<CellKey> cell_keys;
  cell_keys.reserve(cells.size());
  for (const auto& [key, sum] : cells) cell_keys.push_back(key);
  std::sort(cell_keys.begin(), cell_keys.end());
  std::map<LocationId, int64_t> stocked;
  // The counters, and what the table really holds, against the postings.
  size_t held_items = 0, held_cells = 0;
  for (const auto& state : items_) {
    if (state == nullptr) continue;
    ++held_items;
    held_cells += state->cell_count;
  }
  if (held_items != item_count_ || held_cells != cell_count_) {
    return absl::InternalError(Cat("Ledger counts ", item_count_, " items and ", cell_count_, " cells but holds ",
                                   held_items, " and ", held_cells, "."));
  }
  if (cell_count_ != cells.size()) {
    return absl::InternalError(Cat("Ledger has ", cell_count_, " balance cells but its postings touch ",
                                   cells.size(), "."));
  }
  for (const CellKey& key : cell_keys) {
    const Sum& sum = cells.find(key)->second;
    const Cell* found = FindCell(key.first, key.second);
    if (found == nullptr) return Mismatch(key.first, key.second, "the balance", "missing", "something");
    const Cell& c = *found;
    if (absl::Status s = CompareFigures(key.first, key.second, c.figures, sum.figures); !s.ok()) return s;
    if (c.value != sum.value) {
      return Mismatch(key.first, key.second, "asset_value", c.value.ToString(), sum.value.ToString());
    }
    if (c.postings != sum.postings) {
      return Mismatch(key.first, key.second, "the posting count", Cat(c.postings), Cat(sum.postings));
    }
    if (!c.figures.is_zero()) ++stocked[key.second];
    const LotList live = LiveLots(c);  // empty when lot_head is past the end
    auto expected_it = lots_by_cell.find(key);
    const std::vector<Lot> none;
    const std::vector<Lot>& expected = expected_it == lots_by_cell.end() ? none : expected_it->second;
    // The array's oldest live entry carries the id of `front`, which holds
    // its figures (compared with the lots below); with none live, both
    // copies are empty.
    const int64_t oldest = live.empty() ? 0 : c.lots[c.lot_head].id;
    const int64_t newest = live.empty() ? 0 : live.back().id;
    if (c.front.id != oldest || c.newest != newest || (live.empty() && c.front != Lot())) {
      return Mismatch(key.first, key.second, "the copy of the oldest and newest lot", Cat(c.front.id, "..", c.newest),
                      Cat(oldest, "..", newest));
    }
    if (c.lot_head > c.lots.size() || !std::equal(live.begin(), live.end(), expected.begin(), expected.end())) {
      return Mismatch(key.first, key.second, "the cost lots", Cat(live.size(), " lots"),
                      Cat(expected.size(), " lots"));
    }
    if (fifo) {
      Quantity lot_q;
      Money lot_v;
      for (const Lot& lot : live) {
        lot_q += lot.quantity;
        lot_v += lot.value;
      }
      if (c.figures.on_hand >= Quantity() ? (lot_q != c.figures.on_hand || lot_v != c.value)
                                          : !live.empty()) {
        return Mismatch(key.first, key.second, "on_hand (value) held in lots",
                        Cat(lot_q.ToString(), " (", lot_v.ToString(), ")"),
                        Cat(c.figures.on_hand.ToString(), " (", c.value.ToString(), ")"));
      }
    } else if (c.figures.on_hand.is_zero() && !c.value.is_zero()) {
      return Mismatch(key.first, key.second, "asset_value with no stock on hand", c.value.ToString(), "0");
    }
  }

  // Items: totals, value, posting index, locations.
  if (item_count_ != items.size()) {
    return absl::InternalError(Cat("Ledger has ", item_count_, " item totals but its postings touch ",
                                   items.size(), " items."));
  }
  std::vector<ItemId> item_ids;
  item_ids.reserve(items.size());
  for (const auto& [id, sum] : items) item_ids.push_back(id);
  std::sort(item_ids.begin(), item_ids.end());
  for (ItemId id : item_ids) {
    const Sum& sum = items.find(id)->second;
    const ItemState* found = FindItem(id);
    if (found == nullptr) return Mismatch(id, std::nullopt, "the item total", "missing", "something");
    const ItemState& item = *found;
    if (absl::Status s = CompareFigures(id, std::nullopt, item.totals, sum.figures); !s.ok()) return s;
    if (item.value != sum.value) {
      return Mismatch(id, std::nullopt, "asset_value", item.value.ToString(), sum.value.ToString());
    }
    if (item.postings != sum.postings || item.last != sum.last) {
      return Mismatch(id, std::nullopt, "the posting index",
                      Cat(item.postings, " postings, newest ", item.last),
                      Cat(sum.postings, " postings, newest ", sum.last));
    }
    if (!std::equal(item.cells().begin(), item.cells().end(), sum.locations.begin(), sum.locations.end(),
                    [](const auto& cell, LocationId l) { return cell.first == l; })) {
      return Mismatch(id, std::nullopt, "the location list", Cat(item.cell_count, " locations"),
                      Cat(sum.locations.size(), " locations"));
    }
  }

  // Indexes: stocked locations, documents, reversals.
  if (stocked_cells_.size() != stocked.size()) {
    return absl::InternalError("Ledger's index of stocked locations is wrong.");
  }
  for (const auto& [location, count] : stocked) {
    auto it = stocked_cells_.find(location);
    if (it == stocked_cells_.end() || it->second != count) {
      return absl::InternalError(Cat("Ledger's stocked-cell count of location ", location.value(),
                                     " is wrong."));
    }
  }
  if (docs_.size() != docs.size()) return absl::InternalError("Ledger's document index is wrong.");
  for (const auto& [key, last] : docs) {
    auto it = docs_.find(key);
    if (it == docs_.end() || it->second != last) {
      return absl::InternalError(Cat("Ledger's index of ", DocumentKindName(key.second), " ", key.first,
                                     " is wrong."));
    }
  }
  if (reversed_by_.size() != reversed.size()) return absl::InternalError("Ledger's reversal index is wrong.");
  for (const auto& [orig, by] : reversed) {
    auto it = reversed_by_.find(orig);
    if (it == reversed_by_.end() || it->second != by) {
      return absl::InternalError(Cat("Ledger's reversal index of posting ", orig, " is wrong."));
    }
  }
  return absl::OkStatus();
}

// ------------------------------------------------------------ test support

std::string Ledger::DebugString() const {
  std::string out = Cat("valuation ", static_cast<int>(options_.valuation), " negative ",
                        options_.allow_negative ? 1 : 0, "\n");
  for (size_t i = 0; i < refs_.size(); ++i) {
    const DocumentRef r = RefOf(static_cast<uint32_t>(i));
    out += Cat("ref ", i, " ", static_cast<int>(r.kind), " ", r.id, " ", r.number, " ",
               static_cast<int64_t>(r.date.year()), "-", r.date.month(), "-", r.date.day(), " from ",
               refs_[i].first_seq, "\n");
  }
  for (uint32_t seq = 0; seq < postings_.size(); ++seq) {
    const Posting& p = postings_[seq];
    out += Cat("posting ", seq, " doc ", p.doc, " line ", p.line, " ", p.item.value(), "@",
               p.location.value(), " ");
    AppendFigures(out, p.delta);
    out += Cat(" value ", p.value.ToString(), " cost ", p.unit_cost.ToString(), " reverses ",
               static_cast<int64_t>(p.reverses == kNone ? -1 : p.reverses), " links ",
               p.lot_moves_begin, " ", p.prev_of_item, " ", p.prev_of_doc, " moves");
    for (const LotMove& m : LotMoves(seq, p)) {
      out += Cat(" ", m.lot_id, ":", m.quantity.ToString(), ":", m.value.ToString());
    }
    out += "\n";
  }
  std::map<CellKey, const Cell*> cells;
  for (size_t i = 0; i < items_.size(); ++i) {
    if (items_[i] == nullptr) continue;
    for (const auto& [location, cell] : items_[i]->cells()) {
      cells[CellKey{ItemId(static_cast<int64_t>(i)), location}] = &cell;
    }
  }
  for (const auto& [key, c] : cells) {
    out += Cat("cell ", key.first.value(), "@", key.second.value(), " ");
    AppendFigures(out, c->figures);
    out += Cat(" value ", c->value.ToString(), " postings ", c->postings, " lots");
    for (const Lot& lot : LiveLots(*c)) {
      out += Cat(" ", lot.id, ":", lot.quantity.ToString(), ":", lot.value.ToString());
    }
    out += "\n";
  }
  for (size_t i = 0; i < items_.size(); ++i) {
    const ItemState* item = items_[i].get();
    if (item == nullptr) continue;
    const ItemId id(static_cast<int64_t>(i));
    out += Cat("item ", id.value(), " ");
    AppendFigures(out, item->totals);
    out += Cat(" value ", item->value.ToString(), " postings ", item->postings, " newest ",
               item->last);
    out += " locations";
    for (const auto& [l, cell] : item->cells()) out += Cat(" ", l.value());
    out += "\n";
  }
  for (const auto& [key, last] : docs_) {
    out += Cat("doc ", static_cast<int>(key.second), " ", key.first, " newest ", last, "\n");
  }
  std::map<uint32_t, uint32_t> reversed(reversed_by_.begin(), reversed_by_.end());
  for (const auto& [orig, by] : reversed) out += Cat("reversed ", orig, " by ", by, "\n");
  std::map<LocationId, int64_t> stocked(stocked_cells_.begin(), stocked_cells_.end());
  for (const auto& [location, n] : stocked) out += Cat("stocked ", location.value(), " ", n, "\n");
  return out;
}

void Ledger::CorruptForTesting(ItemId item, LocationId location, const Figures& delta,
                               Money value_delta) {
  Cell* cell = FindItem(item) ? items_[Index(item)]->FindCell(location) : nullptr;
  if (cell == nullptr) return;
  cell->figures += delta;
  cell->value += value_delta;
}

}  // namespace inventory::internal
