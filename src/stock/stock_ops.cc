#include "stock/stock_ops.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "catalog/catalog_rules.h"
#include "common/text.h"
#include "inventory/errors.h"
#include "stock/valuation.h"

namespace inventory::internal {

std::string ItemNameOf(const CatalogState& state, ItemId id) {
  const Item* item = state.items.Find(id);
  return item == nullptr ? std::string("?") : item->name;
}

std::string LocationNameOf(const CatalogState& state, LocationId id) {
  auto it = state.locations.find(id);
  return it == state.locations.end() ? std::string("?") : it->second.name;
}

namespace {

// The message for a lack of stock, naming item and location as a user
// knows them: "Insufficient stock of 'Tea' at 'Primary Location':
// requested 5, available 2."
absl::Status Shortage(const CatalogState& state, ItemId item, LocationId location, Quantity requested,
                      Quantity available, const std::string& field) {
  return FailedPreconditionError(
      field,
      Cat("Insufficient stock of '", ItemNameOf(state, item), "' at '", LocationNameOf(state, location),
          "': requested ", requested.ToString(), ", available ", available.ToString(), "."),
      ApiCode::kInsufficientStock);
}

// Rewrites the ledger's shortage (ids) into the named message; `field_of`
// maps a request line to the request field it came from.
template <class FieldOf>
absl::Status Named(const CatalogState& state, absl::Status status, const FieldOf& field_of) {
  if (status.ok()) return status;
  if (auto s = GetStockShortage(status)) {
    return Shortage(state, s->item, s->location, s->requested, s->available, field_of(s->line));
  }
  return status;
}

Figures Moves(Quantity on_hand, Quantity available) {
  Figures f;
  f.on_hand = on_hand;
  f.available = available;
  return f;
}

// A document's postings, on the stack for documents of up to 12 lines (a
// bundle of 10 components and its composite fit).
using PostingRequests = absl::InlinedVector<PostingRequest, 12>;


// The cells a document's lines touch.
std::vector<std::pair<ItemId, LocationId>> CellsOf(const InventoryAdjustment& a) {
  std::vector<std::pair<ItemId, LocationId>> cells;
  for (const AdjustmentLine& l : a.line_items) cells.emplace_back(l.item_id, *l.location_id);
  return cells;
}
std::vector<std::pair<ItemId, LocationId>> CellsOf(const TransferOrder& o) {
  std::vector<std::pair<ItemId, LocationId>> cells;
  for (const TransferLine& l : o.line_items) {
    cells.emplace_back(l.item_id, o.from_location_id);
    cells.emplace_back(l.item_id, o.to_location_id);
  }
  return cells;
}
std::vector<std::pair<ItemId, LocationId>> CellsOf(const Bundle& b) {
  std::vector<std::pair<ItemId, LocationId>> cells;
  for (const BundleLine& l : b.line_items) cells.emplace_back(l.item_id, *l.location_id);
  cells.emplace_back(b.composite_item_id, *b.location_id);
  return cells;
}

}  // namespace

void StockWriter::GuardLedger() {
  if (guarded_) return;
  guarded_ = true;
  Ledger* ledger = &ledger_;
  store_.OnRollback([ledger, mark = ledger_.Mark()] { ledger->RollbackTo(mark); });
}

std::string FieldPath::Prefix() const { return list ? Cat(list, "[", index, "].") : std::string(); }

absl::StatusOr<ItemSummary> StockWriter::StockedItem(ItemId id, const FieldPath& field) const {
  const ItemSummary item = state_.items.Summary(id);
  if (!item.has(ItemSummary::kExists)) return PrefixField(ItemNotFound(id), field.Prefix());
  if (!item.has(ItemSummary::kTracksStock)) {
    return InvalidArgumentError(field.str(), Cat("The item '", ItemAt(id).name,
                                                 "' does not track inventory, so it has no stock to move."));
  }
  return item;
}

absl::StatusOr<LocationId> StockWriter::ResolveLocation(std::optional<LocationId> given,
                                                        std::optional<LocationId> fallback,
                                                        const FieldPath& field) const {
  LocationId id;
  if (given && given->valid()) {
    id = *given;
  } else if (fallback && fallback->valid()) {
    id = *fallback;
  } else if (const Location* primary = PrimaryLocationOf(state_)) {
    id = primary->id;
  }
  auto it = state_.locations.find(id);
  if (it == state_.locations.end()) return PrefixField(LocationNotFound(id), field.Prefix());
  return id;
}

absl::Status StockWriter::PostNet(std::span<const std::pair<ItemId, LocationId>> cells,
                                  const std::function<absl::Status()>& change) {
  GuardLedger();
  const bool allow = ledger_.options().allow_negative;
  std::vector<Figures> before;
  for (const auto& [item, location] : cells) before.push_back(ledger_.CellFigures(item, location));
  ledger_.set_allow_negative(true);
  absl::Status s = change();
  ledger_.set_allow_negative(allow);
  if (!s.ok() || allow) return s;
  for (size_t i = 0; i < cells.size(); ++i) {
    const Figures& now = ledger_.CellFigures(cells[i].first, cells[i].second);
    const Figures& was = before[i];
    for (auto [after, prior] : {std::pair{now.on_hand, was.on_hand}, std::pair{now.available, was.available}}) {
      if (after < Quantity() && after < prior) {
        return Shortage(state_, cells[i].first, cells[i].second, prior - after, prior, "line_items");
      }
    }
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// Opening stock.

absl::Status StockWriter::SetOpeningStock(ItemId id, absl::CivilDay date, std::vector<OpeningStock> lines) {
  if (auto stocked = StockedItem(id, "item_id"); !stocked.ok()) return stocked.status();
  const Item* item = &ItemAt(id);
  size_t batch_count = 0;
  for (const OpeningStock& line : lines) batch_count += line.batches.size();
  if (batch_count > kMaxBatchesPerCall) {
    return InvalidArgumentError("batches", Cat("At most ", kMaxBatchesPerCall, " batches may be given at once."));
  }
  absl::flat_hash_set<LocationId> seen;
  SeenInRequest tracked{.unique_batches = true};
  std::vector<PostingRequest> requests;
  std::vector<std::pair<ItemId, LocationId>> cells;
  for (size_t i = 0; i < lines.size(); ++i) {
    OpeningStock& line = lines[i];
    const std::string at = Cat("locations[", i, "].");
    auto location = ResolveLocation(line.location_id, std::nullopt, FieldPath("locations", i, "location_id"));
    if (!location.ok()) return location.status();
    line.location_id = *location;
    if (!seen.insert(*location).second) {
      return InvalidArgumentError(at + "location_id", "A location may have one opening stock line.");
    }
    if (line.quantity <= Quantity()) {
      return InvalidArgumentError(at + "initial_stock", "initial_stock must be greater than zero.");
    }
    if (line.rate < Money()) {
      return InvalidArgumentError(at + "initial_stock_rate", "initial_stock_rate must not be negative.");
    }
    TrackedLine tracked_line{&line.serial_numbers, &line.batches, at + "serial_numbers", at + "batches"};
    if (auto s = CheckTrackedLine(*item, line.quantity, tracked_line, at + "initial_stock", true, tracked); !s.ok()) {
      return s;
    }
    if (auto s = CheckBins(*item, line.quantity, line.storages, at + "storages", "initial_stock"); !s.ok()) return s;
    PostingRequest request{.line = static_cast<int32_t>(i),
                           .item = id,
                           .location = *location,
                           .delta = Moves(line.quantity, line.quantity),
                           .unit_cost = line.rate};
    // Batches with a rate of their own: the line is worth what its batches are.
    if (std::any_of(line.batches.begin(), line.batches.end(), [](const Batch& b) { return b.rate.has_value(); })) {
      Money total;
      for (const Batch& b : line.batches) {
        auto value = ValueOf(b.quantity, b.rate.value_or(line.rate));
        if (!value) return InvalidArgumentError(at + "batches", "The value of the batches is out of range.");
        total += *value;
      }
      request.total_value = total;
    }
    requests.push_back(std::move(request));
  }
  DocumentRef doc{DocumentKind::kOpeningStock, id.value(), "Opening Stock", date};
  auto old = state_.stock.opening.find(id);
  if (old != state_.stock.opening.end()) {
    for (const OpeningStock& l : old->second.lines) cells.emplace_back(id, l.location_id);
  }
  for (const PostingRequest& r : requests) cells.emplace_back(id, r.location);
  // Tracking: the old opening stock's serials and batches leave, the new ones
  // arrive (batches as new batches of the item).
  if (old != state_.stock.opening.end()) {
    std::vector<OpeningStock> before = old->second.lines;
    for (size_t i = 0; i < before.size(); ++i) {
      const std::string at = Cat("locations[", i, "].");
      TrackedLine line{&before[i].serial_numbers, &before[i].batches, at + "serial_numbers", at + "batches"};
      if (auto s = MoveTracked(id, Place{before[i].location_id}, std::nullopt, line, true); !s.ok()) return s;
    }
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string at = Cat("locations[", i, "].");
    for (size_t j = 0; j < lines[i].batches.size(); ++j) {
      const std::string& number = lines[i].batches[j].batch_number;
      if (state_.stock.batches.contains(TrackKey{id, number})) {
        return AlreadyExistsError(Cat(at, "batches[", j, "].batch_number"),
                                  Cat("The batch number '", number, "' of '", item->name, "' is already in use."));
      }
    }
    TrackedLine line{&lines[i].serial_numbers, &lines[i].batches, at + "serial_numbers", at + "batches"};
    if (auto s = MoveTracked(id, std::nullopt, Place{lines[i].location_id}, line, false); !s.ok()) return s;
  }
  absl::Status s = PostNet(cells, [&]() -> absl::Status {
    if (old != state_.stock.opening.end()) {
      // Dated as the opening stock it takes back (see UpdateAdjustment).
      const DocumentRef undo{DocumentKind::kOpeningStock, id.value(), "Opening Stock", old->second.date};
      if (auto r = ledger_.Reverse(DocumentKind::kOpeningStock, id.value(), undo, IfStockUsed::kTakeOtherStock);
          !r.ok()) {
        return r;
      }
    }
    return ledger_.PostAll(doc, requests);
  });
  if (!s.ok()) return s;
  // Bins: the old opening stock's leave (what is left of them), the new
  // ones arrive.
  if (old != state_.stock.opening.end()) {
    for (const OpeningStock& l : old->second.lines) {
      if (auto r = MoveBins(id, l.location_id, l.storages, false, true, ""); !r.ok()) return r;
    }
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    if (auto r = MoveBins(id, lines[i].location_id, lines[i].storages, true, false, Cat("locations[", i, "].storages"));
        !r.ok()) {
      return r;
    }
  }
  FitBins(cells);
  Put(state_.stock.opening, id,
      lines.empty() ? std::nullopt : std::optional<OpeningStockRecord>(OpeningStockRecord{date, std::move(lines)}));
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// Inventory adjustments.

absl::Status StockWriter::ValidateAdjustment(InventoryAdjustment& a) const {
  if (Trim(a.reason).empty()) return InvalidArgumentError("reason", "reason is required.", ApiCode::kMissingField);
  if (a.line_items.empty()) {
    return InvalidArgumentError("line_items", "line_items needs at least one line.", ApiCode::kMissingField);
  }
  if (a.location_id) {
    auto l = ResolveLocation(a.location_id, std::nullopt, "location_id");
    if (!l.ok()) return l.status();
  }
  SeenInRequest seen;
  for (size_t i = 0; i < a.line_items.size(); ++i) {
    AdjustmentLine& line = a.line_items[i];
    const int32_t n = static_cast<int32_t>(i);
    auto item = StockedItem(line.item_id, FieldPath("line_items", i, "item_id"));
    if (!item.ok()) return item.status();
    auto location = ResolveLocation(line.location_id, a.location_id, FieldPath("line_items", i, "location_id"));
    if (!location.ok()) return location.status();
    line.location_id = *location;
    ledger_.PrefetchItem(line.item_id);
    if (a.adjustment_type == AdjustmentType::kQuantity) {
      if (line.quantity_adjusted.is_zero()) {
        return InvalidArgumentError(LineField(n, "quantity_adjusted"), "quantity_adjusted must not be zero.");
      }
      if (line.item_total && *line.item_total < Money()) {
        return InvalidArgumentError(LineField(n, "item_total"), "item_total must not be negative.");
      }
      const Quantity moved = line.quantity_adjusted < Quantity() ? -line.quantity_adjusted : line.quantity_adjusted;
      if (IsTracked(*item, line.serial_numbers, line.batches)) {
        if (line.quantity_adjusted < Quantity()) {
          if (auto s = PickBatches(line.item_id, *line.location_id, moved, line.batches, LineField(n, "batches"));
              !s.ok()) {
            return s;
          }
        }
        TrackedLine tracked{&line.serial_numbers, &line.batches, LineField(n, "serial_numbers"),
                            LineField(n, "batches")};
        if (auto s = CheckTrackedLine(ItemAt(line.item_id), moved, tracked, LineField(n, "quantity_adjusted"), false, seen);
            !s.ok()) {
          return s;
        }
      }
      if (!line.storages.empty()) {
        if (auto s = CheckBins(ItemAt(line.item_id), moved, line.storages, LineField(n, "storages"), "quantity_adjusted");
            !s.ok()) {
          return s;
        }
      }
    } else {
      if (!line.storages.empty()) {
        return InvalidArgumentError(LineField(n, "storages"), "A value adjustment moves no stock, so it takes no bins.");
      }
      if (!line.serial_numbers.empty() || !line.batches.empty()) {
        const bool serials = !line.serial_numbers.empty();
        return InvalidArgumentError(LineField(n, serials ? "serial_numbers" : "batches"),
                                    Cat("A value adjustment moves no stock, so it takes no ",
                                        serials ? "serial numbers." : "batches."));
      }
      if (!line.quantity_adjusted.is_zero()) {
        return InvalidArgumentError(LineField(n, "quantity_adjusted"),
                                    "A value adjustment changes value only: quantity_adjusted must be zero.");
      }
      if (!line.item_total || line.item_total->is_zero()) {
        return InvalidArgumentError(LineField(n, "item_total"),
                                    "A value adjustment needs a non-zero item_total.", ApiCode::kMissingField);
      }
      if (ledger_.CellFigures(line.item_id, *line.location_id).on_hand <= Quantity()) {
        return FailedPreconditionError(LineField(n, "item_total"),
                                       Cat("'", ItemAt(line.item_id).name, "' has no stock at '", LocationNameOf(state_, *line.location_id),
                                           "' to revalue."));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status StockWriter::PostAdjustment(const InventoryAdjustment& a) {
  PostingRequests requests;
  for (size_t i = 0; i < a.line_items.size(); ++i) {
    const AdjustmentLine& line = a.line_items[i];
    PostingRequest r{.line = static_cast<int32_t>(i), .item = line.item_id, .location = *line.location_id};
    if (a.adjustment_type == AdjustmentType::kValue) {
      r.total_value = line.item_total;
    } else {
      r.delta = Moves(line.quantity_adjusted, line.quantity_adjusted);
      if (line.quantity_adjusted > Quantity()) {
        if (line.item_total) {
          r.total_value = line.item_total;
        } else {
          r.unit_cost = state_.items.Summary(line.item_id).purchase_rate;
        }
      }
    }
    requests.push_back(std::move(r));
  }
  DocumentRef doc{DocumentKind::kAdjustment, a.id.value(), a.reference_number, a.date};
  return ledger_.PostAll(doc, requests);
}

void StockWriter::StoreAdjustment(const InventoryAdjustment& a, std::optional<InventoryAdjustment> old) {
  AdjustmentTable& table = state_.stock.adjustments;
  table.Put(a);
  if (old) {
    RestoreOnRollback(std::move(*old));
  } else {
    store_.OnRollback([&table, id = a.id] { table.RemoveCreated(id); });
  }
}

void StockWriter::RestoreOnRollback(InventoryAdjustment old) {
  AdjustmentTable& table = state_.stock.adjustments;
  auto boxed = std::make_shared<InventoryAdjustment>(std::move(old));
  store_.OnRollback([&table, boxed] { table.Put(*boxed); });
}

absl::StatusOr<AdjustmentId> StockWriter::CreateAdjustment(InventoryAdjustment a) {
  for (const AdjustmentLine& l : a.line_items) PrefetchLine(l.item_id);
  if (auto s = ValidateAdjustment(a); !s.ok()) return s;
  a.id = AdjustmentId(store_.NextId());
  a.created_time = a.last_modified_time = state_.Now();
  if (auto s = TrackAdjustment(a, false); !s.ok()) return s;
  GuardLedger();
  // Stored before it posts (a refusal undoes both), so that storing it
  // overlaps the cache misses PrefetchItem started.
  StoreAdjustment(a, std::nullopt);
  for (const AdjustmentLine& l : a.line_items) ledger_.PrefetchLots(l.item_id, *l.location_id, l.quantity_adjusted);
  if (auto s = PostAdjustment(a); !s.ok()) {
    return Named(state_, s, [](int32_t line) { return LineField(line, "quantity_adjusted"); });
  }
  if (HasBins()) FitBins(CellsOf(a));
  return a.id;
}

absl::Status StockWriter::UpdateAdjustment(InventoryAdjustment a) {
  std::optional<InventoryAdjustment> before = state_.stock.adjustments.Find(a.id);
  if (!before) return NotFoundError("inventory_adjustment_id", "Inventory adjustment does not exist.");
  if (auto s = ValidateAdjustment(a); !s.ok()) return s;
  a.created_time = before->created_time;
  a.last_modified_time = state_.Now();
  std::vector<std::pair<ItemId, LocationId>> cells;
  for (const auto* lines : {&before->line_items, &a.line_items}) {
    for (const AdjustmentLine& l : *lines) cells.emplace_back(l.item_id, *l.location_id);
  }
  // The old version is taken back under its own number and date, as a
  // delete would: dated as the postings it reverses, so that a history
  // never shows a reversal before what it reverses (an update that moves
  // the date back would otherwise take stock out before it came in).
  const DocumentRef undo{DocumentKind::kAdjustment, a.id.value(), before->reference_number, before->date};
  InventoryAdjustment undone = *before;
  if (auto r = TrackAdjustment(undone, true); !r.ok()) return r;
  if (auto r = TrackAdjustment(a, false); !r.ok()) return r;
  absl::Status s = PostNet(cells, [&]() -> absl::Status {
    if (auto r = ledger_.Reverse(DocumentKind::kAdjustment, a.id.value(), undo, IfStockUsed::kTakeOtherStock);
        !r.ok()) {
      return r;
    }
    return PostAdjustment(a);
  });
  if (!s.ok()) return s;
  FitBins(cells);
  StoreAdjustment(a, std::move(before));
  return absl::OkStatus();
}

absl::Status StockWriter::DeleteAdjustment(AdjustmentId id) {
  std::optional<InventoryAdjustment> found = state_.stock.adjustments.Find(id);
  if (!found) return NotFoundError("inventory_adjustment_id", "Inventory adjustment does not exist.");
  InventoryAdjustment a = *found;
  if (auto s = TrackAdjustment(a, true); !s.ok()) return s;
  GuardLedger();
  DocumentRef doc{DocumentKind::kAdjustment, id.value(), a.reference_number, a.date};
  if (auto s = ledger_.Reverse(DocumentKind::kAdjustment, id.value(), doc, IfStockUsed::kTakeOtherStock); !s.ok()) {
    return Named(state_, s, [](int32_t line) { return LineField(line, "quantity_adjusted"); });
  }
  if (HasBins()) FitBins(CellsOf(a));
  state_.stock.adjustments.Remove(id);
  RestoreOnRollback(std::move(*found));
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// Transfer orders.

void StockWriter::PutTransfer(TransferOrderId id, std::optional<TransferRecord> record) {
  auto& numbers = state_.stock.transfer_numbers;
  if (auto old = state_.stock.transfers.find(id); old != state_.stock.transfers.end()) {
    Put(numbers, TransferNumberKey(old->second.order.transfer_order_number), std::nullopt);
  }
  if (record) Put(numbers, TransferNumberKey(record->order.transfer_order_number), std::optional<TransferOrderId>(id));
  Put(state_.stock.transfers, id, std::move(record));
}

absl::Status StockWriter::ValidateTransfer(const TransferOrder& o) const {
  if (Trim(o.transfer_order_number).empty()) {
    return InvalidArgumentError("transfer_order_number", "transfer_order_number is required.",
                                ApiCode::kMissingField);
  }
  if (auto it = state_.stock.transfer_numbers.find(TransferNumberKey(o.transfer_order_number));
      it != state_.stock.transfer_numbers.end() && it->second != o.id) {
    return AlreadyExistsError("transfer_order_number",
                              Cat("The transfer order number '", Trim(o.transfer_order_number), "' is already used."));
  }
  for (auto [id, field] : {std::pair{o.from_location_id, "from_location_id"}, std::pair{o.to_location_id, "to_location_id"}}) {
    if (!state_.locations.contains(id)) {
      return NotFoundError(field, Cat("Location does not exist. (", field, " ", id.value(), ")"));
    }
  }
  if (o.from_location_id == o.to_location_id) {
    return InvalidArgumentError("to_location_id", "A transfer order moves stock between two different locations.");
  }
  if (o.line_items.empty()) {
    return InvalidArgumentError("line_items", "line_items needs at least one line.", ApiCode::kMissingField);
  }
  for (size_t i = 0; i < o.line_items.size(); ++i) {
    const int32_t n = static_cast<int32_t>(i);
    auto item = StockedItem(o.line_items[i].item_id, FieldPath("line_items", i, "item_id"));
    if (!item.ok()) return item.status();
    if (o.line_items[i].quantity_transfer <= Quantity()) {
      return InvalidArgumentError(LineField(n, "quantity_transfer"), "quantity_transfer must be greater than zero.");
    }
  }
  return absl::OkStatus();
}

absl::Status StockWriter::MoveTransfer(TransferRecord& record, TransferStatus from, TransferStatus to) {
  if (from == to || to == TransferStatus::kDraft) return absl::OkStatus();
  if (auto s = TrackTransfer(record.order, from, to, false); !s.ok()) return s;
  const TransferOrder& o = record.order;
  GuardLedger();
  DocumentRef doc{DocumentKind::kTransferOrder, o.id.value(), o.transfer_order_number, o.date};
  PostingRequests requests;
  const uint32_t first = static_cast<uint32_t>(ledger_.Mark());
  for (size_t i = 0; i < o.line_items.size(); ++i) {
    const TransferLine& line = o.line_items[i];
    const int32_t n = static_cast<int32_t>(i);
    const Quantity q = line.quantity_transfer;
    if (from == TransferStatus::kDraft) {
      requests.push_back({.line = n, .item = line.item_id, .location = o.from_location_id, .delta = Moves(-q, -q)});
      record.source_seqs.push_back(first + static_cast<uint32_t>(requests.size() - 1));
    }
    PostingRequest in{.line = n, .item = line.item_id, .location = o.to_location_id};
    if (to == TransferStatus::kInTransit) {
      in.delta.in_transit = q;
    } else {
      in.delta = Moves(q, q);
      if (from == TransferStatus::kInTransit) in.delta.in_transit = -q;
      in.cost_from = CostFrom{record.source_seqs[i], 1};
    }
    requests.push_back(std::move(in));
  }
  absl::Status s = ledger_.PostAll(doc, requests);
  return Named(state_, s, [](int32_t line) { return LineField(line, "quantity_transfer"); });
}

absl::StatusOr<const TransferOrder*> StockWriter::CreateTransferOrder(TransferOrder o) {
  for (const TransferLine& l : o.line_items) PrefetchLine(l.item_id);
  if (auto s = ValidateTransfer(o); !s.ok()) return s;
  if (auto s = CheckTrackedTransfer(o); !s.ok()) return s;
  o.id = TransferOrderId(store_.NextId());
  o.created_time = o.last_modified_time = state_.Now();
  const TransferStatus status = o.status;
  TransferRecord record{std::move(o), {}};
  if (auto s = MoveTransfer(record, TransferStatus::kDraft, status); !s.ok()) return s;
  if (HasBins()) FitBins(CellsOf(record.order));
  TransferOrderId id = record.order.id;
  PutTransfer(id, std::optional<TransferRecord>(std::move(record)));
  return &state_.stock.transfers.at(id).order;
}

absl::StatusOr<const TransferOrder*> StockWriter::UpdateTransferOrder(TransferOrder o) {
  auto old = state_.stock.transfers.find(o.id);
  if (old == state_.stock.transfers.end()) return NotFoundError("transfer_order_id", "Transfer order does not exist.");
  o.status = old->second.order.status;
  o.created_time = old->second.order.created_time;
  o.last_modified_time = state_.Now();
  if (auto s = ValidateTransfer(o); !s.ok()) return s;
  if (auto s = CheckTrackedTransfer(o); !s.ok()) return s;
  std::vector<std::pair<ItemId, LocationId>> cells;
  for (const TransferOrder* order : {&old->second.order, &o}) {
    for (const TransferLine& l : order->line_items) {
      cells.emplace_back(l.item_id, order->from_location_id);
      cells.emplace_back(l.item_id, order->to_location_id);
    }
  }
  TransferOrder before = old->second.order;
  if (auto s = TrackTransfer(before, before.status, TransferStatus::kDraft, true); !s.ok()) return s;
  TransferRecord record{o, {}};
  absl::Status s = PostNet(cells, [&]() -> absl::Status {
    if (o.status != TransferStatus::kDraft) {
      // Under the old version's number and date (see UpdateAdjustment).
      const DocumentRef undo{DocumentKind::kTransferOrder, o.id.value(), before.transfer_order_number, before.date};
      if (auto r = ledger_.Reverse(DocumentKind::kTransferOrder, o.id.value(), undo, IfStockUsed::kTakeOtherStock);
          !r.ok()) {
        return r;
      }
    }
    if (o.status == TransferStatus::kTransferred) {
      if (auto r = MoveTransfer(record, TransferStatus::kDraft, TransferStatus::kInTransit); !r.ok()) return r;
      return MoveTransfer(record, TransferStatus::kInTransit, TransferStatus::kTransferred);
    }
    return MoveTransfer(record, TransferStatus::kDraft, o.status);
  });
  if (!s.ok()) return s;
  FitBins(cells);
  TransferOrderId id = o.id;
  PutTransfer(id, std::optional<TransferRecord>(std::move(record)));
  return &state_.stock.transfers.at(id).order;
}

absl::Status StockWriter::SetTransferStatus(TransferOrderId id, TransferStatus status) {
  auto it = state_.stock.transfers.find(id);
  if (it == state_.stock.transfers.end()) return NotFoundError("transfer_order_id", "Transfer order does not exist.");
  TransferRecord record = it->second;
  const TransferStatus from = record.order.status;
  if (status <= from) {
    return FailedPreconditionError("status", from == TransferStatus::kTransferred
                                                 ? "The transfer order has already been transferred."
                                                 : "The transfer order is already in transit.");
  }
  // A draft moved nothing: its items and locations are checked again now
  // that it does (one may have been deleted, or started tracking serials).
  if (from == TransferStatus::kDraft) {
    if (auto s = ValidateTransfer(record.order); !s.ok()) return s;
    if (auto s = CheckTrackedTransfer(record.order); !s.ok()) return s;
  }
  if (auto s = MoveTransfer(record, from, status); !s.ok()) return s;
  if (HasBins()) FitBins(CellsOf(record.order));
  record.order.status = status;
  record.order.last_modified_time = state_.Now();
  PutTransfer(id, std::optional<TransferRecord>(std::move(record)));
  return absl::OkStatus();
}

absl::Status StockWriter::DeleteTransferOrder(TransferOrderId id) {
  auto it = state_.stock.transfers.find(id);
  if (it == state_.stock.transfers.end()) return NotFoundError("transfer_order_id", "Transfer order does not exist.");
  TransferOrder o = it->second.order;
  if (o.status != TransferStatus::kDraft) {
    if (auto s = TrackTransfer(o, o.status, TransferStatus::kDraft, true); !s.ok()) return s;
    GuardLedger();
    DocumentRef doc{DocumentKind::kTransferOrder, id.value(), o.transfer_order_number, o.date};
    if (auto s = ledger_.Reverse(DocumentKind::kTransferOrder, id.value(), doc, IfStockUsed::kTakeOtherStock);
        !s.ok()) {
      return Named(state_, s, [](int32_t line) { return LineField(line, "quantity_transfer"); });
    }
    if (HasBins()) FitBins(CellsOf(o));
  }
  PutTransfer(id, std::nullopt);
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// Bundles.

absl::Status StockWriter::ValidateBundle(Bundle& b) const {
  const ItemSummary composite = state_.items.Summary(b.composite_item_id);
  if (!composite.has(ItemSummary::kComposite)) {
    return NotFoundError("composite_item_id",
                         Cat("Composite item does not exist. (composite_item_id ", b.composite_item_id.value(), ")"));
  }
  if (b.quantity_to_bundle <= Quantity()) {
    return InvalidArgumentError("quantity_to_bundle", "quantity_to_bundle must be greater than zero.");
  }
  auto location = ResolveLocation(b.location_id, std::nullopt, "location_id");
  if (!location.ok()) return location.status();
  b.location_id = *location;
  if (b.line_items.empty()) {
    return InvalidArgumentError("line_items", "line_items needs at least one line.", ApiCode::kMissingField);
  }
  SeenInRequest seen;
  for (size_t i = 0; i < b.line_items.size(); ++i) {
    BundleLine& line = b.line_items[i];
    const int32_t n = static_cast<int32_t>(i);
    const ItemSummary item = state_.items.Summary(line.item_id);
    if (!item.has(ItemSummary::kExists)) {
      return PrefixField(ItemNotFound(line.item_id), FieldPath("line_items", i, "").Prefix());
    }
    if (line.item_id == b.composite_item_id) {
      return InvalidArgumentError(LineField(n, "item_id"), "A composite item cannot consume itself.");
    }
    if (line.quantity_consumed <= Quantity()) {
      return InvalidArgumentError(LineField(n, "quantity_consumed"), "quantity_consumed must be greater than zero.");
    }
    auto at = ResolveLocation(line.location_id, b.location_id, FieldPath("line_items", i, "warehouse_id"));
    if (!at.ok()) return at.status();
    line.location_id = *at;
    ledger_.PrefetchItem(line.item_id);
    if (IsTracked(item, line.serial_numbers, line.batches)) {
      if (auto s = PickBatches(line.item_id, *line.location_id, line.quantity_consumed, line.batches,
                               LineField(n, "batches"));
          !s.ok()) {
        return s;
      }
      TrackedLine tracked{&line.serial_numbers, &line.batches, LineField(n, "serial_numbers"),
                          LineField(n, "batches")};
      if (auto s = CheckTrackedLine(ItemAt(line.item_id), line.quantity_consumed, tracked,
                                    LineField(n, "quantity_consumed"), false, seen);
          !s.ok()) {
        return s;
      }
    }
    if (!line.storages.empty()) {
      if (auto s = CheckBins(ItemAt(line.item_id), line.quantity_consumed, line.storages, LineField(n, "storages"),
                             "quantity_consumed");
          !s.ok()) {
        return s;
      }
    }
  }
  if (!b.finished_product_storages.empty()) {
    if (auto s = CheckBins(ItemAt(b.composite_item_id), b.quantity_to_bundle, b.finished_product_storages,
                           "finished_product_storages", "quantity_to_bundle");
        !s.ok()) {
      return s;
    }
  }
  if (!IsTracked(composite, b.finished_product_serial_numbers, b.finished_product_batches)) {
    return absl::OkStatus();
  }
  TrackedLine product{&b.finished_product_serial_numbers, &b.finished_product_batches,
                      "finished_product_serial_numbers", "finished_product_batches"};
  return CheckTrackedLine(ItemAt(b.composite_item_id), b.quantity_to_bundle, product, "quantity_to_bundle", false,
                          seen);
}

absl::Status StockWriter::BuildBundle(Bundle& b) {
  if (auto s = TrackBundle(b, false); !s.ok()) return s;
  GuardLedger();
  DocumentRef doc{DocumentKind::kBundle, b.id.value(), b.reference_number, b.date};
  PostingRequests requests;
  const uint32_t first = static_cast<uint32_t>(ledger_.Mark());
  for (size_t i = 0; i < b.line_items.size(); ++i) {
    const BundleLine& line = b.line_items[i];
    if (!state_.items.Summary(line.item_id).has(ItemSummary::kTracksStock)) continue;  // consumed without stock
    const Quantity q = line.quantity_consumed;
    requests.push_back(
        {.line = static_cast<int32_t>(i), .item = line.item_id, .location = *line.location_id, .delta = Moves(-q, -q)});
  }
  PostingRequest made{.line = -1, .item = b.composite_item_id, .location = *b.location_id,
                      .delta = Moves(b.quantity_to_bundle, b.quantity_to_bundle)};
  if (!requests.empty()) made.cost_from = CostFrom{first, static_cast<uint32_t>(requests.size())};
  requests.push_back(made);
  absl::Status s = ledger_.PostAll(doc, requests);
  if (s.ok() && HasBins()) FitBins(CellsOf(b));
  return Named(state_, s, [](int32_t line) {
    return line < 0 ? std::string("quantity_to_bundle") : LineField(line, "quantity_consumed");
  });
}

absl::StatusOr<const Bundle*> StockWriter::CreateBundle(Bundle b) {
  PrefetchLine(b.composite_item_id);
  for (const BundleLine& l : b.line_items) PrefetchLine(l.item_id);
  if (auto s = ValidateBundle(b); !s.ok()) return s;
  b.id = BundleId(store_.NextId());
  b.created_time = b.last_modified_time = state_.Now();
  // Stored before it posts (a refusal undoes both), so that storing it
  // overlaps the cache misses ValidateBundle's PrefetchItem started.
  const BundleId id = b.id;
  Bundle* stored = Put(state_.stock.bundles, id, std::optional<Bundle>(std::move(b)));
  if (stored->status == BundleStatus::kBuilt) {
    for (const BundleLine& l : stored->line_items) {
      ledger_.PrefetchLots(l.item_id, *l.location_id, -l.quantity_consumed);
    }
    if (auto s = BuildBundle(*stored); !s.ok()) return s;
  }
  return stored;
}

absl::Status StockWriter::SetBundleStatus(BundleId id, BundleStatus status) {
  auto it = state_.stock.bundles.find(id);
  if (it == state_.stock.bundles.end()) return NotFoundError("bundle_id", "Bundle does not exist.");
  Bundle b = it->second;
  if (status <= b.status) {
    return FailedPreconditionError("status", b.status == BundleStatus::kBuilt ? "The bundle has already been built."
                                                                              : "The bundle is already confirmed.");
  }
  if (status == BundleStatus::kBuilt) {
    // Checked again: a draft or confirmed bundle moved nothing, and its items
    // or locations may have changed since.
    if (auto s = ValidateBundle(b); !s.ok()) return s;
    if (auto s = BuildBundle(b); !s.ok()) return s;
  }
  b.status = status;
  b.last_modified_time = state_.Now();
  Put(state_.stock.bundles, id, std::optional<Bundle>(std::move(b)));
  return absl::OkStatus();
}

absl::Status StockWriter::DeleteBundle(BundleId id) {
  auto it = state_.stock.bundles.find(id);
  if (it == state_.stock.bundles.end()) return NotFoundError("bundle_id", "Bundle does not exist.");
  const Bundle& b = it->second;
  if (b.status == BundleStatus::kBuilt) {
    GuardLedger();
    DocumentRef doc{DocumentKind::kBundle, id.value(), b.reference_number, b.date};
    absl::Status s = ledger_.Reverse(DocumentKind::kBundle, id.value(), doc, IfStockUsed::kRefuse);
    if (!s.ok()) {
      if (ErrorApiCode(s) == ApiCode::kStockUsed) {
        return FailedPreconditionError(
            "bundle_id",
            Cat("The bundle cannot be deleted: the '", ItemAt(b.composite_item_id).name,
                "' it assembled has been used since."),
            ApiCode::kStockUsed);
      }
      return Named(state_, s, [](int32_t) { return std::string("quantity_to_bundle"); });
    }
    Bundle built = b;
    if (auto t = TrackBundle(built, true); !t.ok()) return t;
    if (HasBins()) FitBins(CellsOf(built));
  }
  Put(state_.stock.bundles, id, std::nullopt);
  return absl::OkStatus();
}

}  // namespace inventory::internal
