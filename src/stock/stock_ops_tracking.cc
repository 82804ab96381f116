// StockWriter's tracking: the serial numbers and batches that document lines
// of tracked items carry, and the bins of opening stock. Each change goes
// through the Store's undo log (Put), like the documents themselves.
#include <algorithm>
#include <string>
#include <utility>

#include "absl/time/civil_time.h"
#include "common/text.h"
#include "inventory/errors.h"
#include "stock/stock_ops.h"

namespace inventory::internal {

Tracking TrackingOf(const ItemSummary& item) {
  if (!item.has(ItemSummary::kTracksStock)) return Tracking::kNone;
  if (item.has(ItemSummary::kSerial)) return Tracking::kSerial;
  if (item.has(ItemSummary::kBatch)) return Tracking::kBatch;
  return Tracking::kNone;
}

bool IsTracked(const ItemSummary& item, const std::vector<std::string>& serials, const std::vector<Batch>& batches) {
  return !serials.empty() || !batches.empty() || TrackingOf(item) != Tracking::kNone;
}

namespace {

// "at 'Shop'" or "in transit to 'Shop'".
std::string Where(const CatalogState& state, const Place& place) {
  return Cat(place.in_transit ? "in transit to '" : "at '", LocationNameOf(state, place.location), "'");
}

// The last segment of a field path: "initial_stock" of "locations[0].initial_stock".
std::string_view Leaf(std::string_view field) {
  size_t dot = field.rfind('.');
  return dot == std::string_view::npos ? field : field.substr(dot + 1);
}

std::string DateText(const std::optional<absl::CivilDay>& day) {
  return day ? absl::FormatCivilTime(*day) : std::string("none");
}

void TrimInPlace(std::string& s) {
  if (Trim(s).size() != s.size()) s = std::string(Trim(s));
}

}  // namespace

absl::Status StockWriter::CheckTrackedLine(const Item& item, Quantity quantity, const TrackedLine& line,
                                           const std::string& quantity_field, bool opening,
                                           SeenInRequest& seen) const {
  const Tracking tracking = TrackingOf(item);
  std::vector<std::string>& serials = *line.serials;
  std::vector<Batch>& batches = *line.batches;
  if (!serials.empty() && tracking != Tracking::kSerial) {
    return InvalidArgumentError(line.serial_field, Cat("The item '", item.name, "' does not track serial numbers."));
  }
  if (!batches.empty() && tracking != Tracking::kBatch) {
    return InvalidArgumentError(line.batch_field, Cat("The item '", item.name, "' does not track batches."));
  }
  if (tracking == Tracking::kSerial) {
    if (quantity.units() % Quantity::kScale != 0) {
      return InvalidArgumentError(quantity_field, Cat(Leaf(quantity_field), " must be a whole number: the item '",
                                                      item.name, "' tracks serial numbers, one a unit."));
    }
    for (size_t j = 0; j < serials.size(); ++j) {
      const std::string field = Cat(line.serial_field, "[", j, "]");
      TrimInPlace(serials[j]);
      if (serials[j].empty()) {
        return InvalidArgumentError(field, "A serial number must not be empty.", ApiCode::kMissingField);
      }
      if (!seen.serials.insert({item.id, serials[j]}).second) {
        return InvalidArgumentError(field, Cat("The serial number '", serials[j], "' is given twice."));
      }
    }
    const int64_t units = quantity.units() / Quantity::kScale;
    if (static_cast<int64_t>(serials.size()) != units) {
      return InvalidArgumentError(line.serial_field,
                                  Cat("The item '", item.name, "' tracks serial numbers: ", units,
                                      units == 1 ? " unit needs 1 serial number, " : " units need ",
                                      units == 1 ? "" : Cat(units, " serial numbers, "), serials.size(),
                                      serials.size() == 1 ? " is given." : " are given."));
    }
  }
  if (tracking == Tracking::kBatch) {
    Quantity sum;
    absl::flat_hash_set<std::string> in_line;
    for (size_t j = 0; j < batches.size(); ++j) {
      Batch& b = batches[j];
      const std::string at = Cat(line.batch_field, "[", j, "].");
      TrimInPlace(b.batch_number);
      if (b.batch_number.empty()) {
        return InvalidArgumentError(at + "batch_number", "batch_number is required.", ApiCode::kMissingField);
      }
      const bool repeated = seen.unique_batches ? !seen.batches.insert({item.id, b.batch_number}).second
                                                : !in_line.insert(b.batch_number).second;
      if (repeated) {
        return InvalidArgumentError(at + "batch_number", Cat("The batch number '", b.batch_number, "' is given twice."));
      }
      if (b.quantity <= Quantity()) {
        return InvalidArgumentError(at + "quantity", "quantity must be greater than zero.");
      }
      if (b.rate && !opening) {
        return InvalidArgumentError(at + "rate", "rate applies to opening stock only.");
      }
      if (b.rate && *b.rate < Money()) {
        return InvalidArgumentError(at + "rate", "rate must not be negative.");
      }
      if (b.manufactured_date && b.expiry_date && *b.expiry_date < *b.manufactured_date) {
        return InvalidArgumentError(at + "expiry_date", "expiry_date must not be before manufactured_date.");
      }
      sum += b.quantity;
    }
    if (sum != quantity) {
      return InvalidArgumentError(line.batch_field,
                                  Cat("The item '", item.name, "' tracks batches: ", quantity.ToString(),
                                      quantity == Quantity::FromInt(1) ? " unit needs" : " units need",
                                      " batches adding up to ", quantity.ToString(), ", these add up to ",
                                      sum.ToString(), "."));
    }
  }
  return absl::OkStatus();
}

absl::Status StockWriter::PickBatches(ItemId item, LocationId location, Quantity quantity,
                                      std::vector<Batch>& batches, const std::string& field) const {
  if (!batches.empty() || quantity <= Quantity() || TrackingOf(state_.items.Summary(item)) != Tracking::kBatch) {
    return absl::OkStatus();
  }
  const Place here{location};
  std::vector<std::tuple<bool, absl::CivilDay, std::string, Quantity>> held;
  const StockState& stock = state_.stock;
  for (auto it = stock.batches.lower_bound({item, std::string()}); it != stock.batches.end() && it->first.first == item;
       ++it) {
    auto q = it->second.quantities.find(here);
    if (q == it->second.quantities.end()) continue;
    if (auto info = stock.batch_info.find(it->first);
        info != stock.batch_info.end() && info->second.status == Status::kInactive) {
      continue;
    }
    held.emplace_back(!it->second.expiry_date.has_value(), it->second.expiry_date.value_or(absl::CivilDay()),
                      it->first.second, q->second);
  }
  std::sort(held.begin(), held.end());
  std::vector<Batch> picked;
  Quantity left = quantity;
  for (const auto& [no_expiry, expiry, number, q] : held) {
    if (left.is_zero()) break;
    const Quantity take = std::min(left, q);
    picked.push_back(Batch{.batch_number = number, .quantity = take});
    left -= take;
  }
  if (!left.is_zero()) {
    return FailedPreconditionError(
        field, Cat("Insufficient stock in batches of '", ItemNameOf(state_, item), "' at '",
                   LocationNameOf(state_, location), "': requested ", quantity.ToString(), ", available ",
                   (quantity - left).ToString(), "."),
        ApiCode::kInsufficientStock);
  }
  batches = std::move(picked);
  return absl::OkStatus();
}

absl::Status StockWriter::CheckBins(const Item& item, Quantity quantity, std::vector<BinQuantity>& bins,
                                    const std::string& at, std::string_view quantity_field) const {
  if (bins.empty()) return absl::OkStatus();
  if (!item.storage_location_enabled) {
    return InvalidArgumentError(at, Cat("The item '", item.name, "' does not have storage locations (bins) enabled."));
  }
  Quantity sum;
  absl::flat_hash_set<std::string> seen;
  for (size_t k = 0; k < bins.size(); ++k) {
    BinQuantity& bin = bins[k];
    const std::string field = Cat(at, "[", k, "].");
    TrimInPlace(bin.storage_location_id);
    if (bin.storage_location_id.empty()) {
      return InvalidArgumentError(field + "storage_location_id", "storage_location_id is required.",
                                  ApiCode::kMissingField);
    }
    if (!seen.insert(bin.storage_location_id).second) {
      return InvalidArgumentError(field + "storage_location_id",
                                  Cat("The storage location '", bin.storage_location_id, "' is given twice."));
    }
    if (bin.quantity <= Quantity()) {
      return InvalidArgumentError(field + "quantity", "quantity must be greater than zero.");
    }
    sum += bin.quantity;
  }
  if (sum != quantity) {
    return InvalidArgumentError(
        at, Cat("The storages add up to ", sum.ToString(), ", but ", quantity_field, " is ", quantity.ToString(), "."));
  }
  return absl::OkStatus();
}

absl::Status StockWriter::MoveBins(ItemId item, LocationId location, const std::vector<BinQuantity>& bins, bool into,
                                   bool undo, const std::string& at) {
  auto& held = state_.stock.bins;
  const bool defined = !undo && state_.stock.bins_enabled.contains(location);
  for (size_t k = 0; k < bins.size(); ++k) {
    const BinKey key{item, location, bins[k].storage_location_id};
    if (defined) {
      // At a location with bins enabled, a bin is named by the id of one of its bins.
      const int64_t id = ParseDecimalId(bins[k].storage_location_id);
      auto bin = state_.stock.storage_locations.find(StorageLocationId(id));
      if (bin == state_.stock.storage_locations.end() || bin->second.location_id != location) {
        return NotFoundError(Cat(at, "[", k, "].storage_location_id"),
                             Cat("The storage location '", bins[k].storage_location_id, "' does not exist at '",
                                 LocationNameOf(state_, location), "'."));
      }
      if (into && bin->second.status == Status::kInactive) {
        return FailedPreconditionError(Cat(at, "[", k, "].storage_location_id"),
                                       Cat("The storage location '", bin->second.name, "' is inactive."));
      }
    }
    auto it = held.find(key);
    const Quantity has = it == held.end() ? Quantity() : it->second;
    if (into) {
      Put(held, key, std::optional<Quantity>(has + bins[k].quantity));
      continue;
    }
    Quantity take = bins[k].quantity;
    if (has < take) {
      if (!undo) {
        return FailedPreconditionError(
            Cat(at, "[", k, "].quantity"),
            Cat("The storage location '", bins[k].storage_location_id, "' holds ", has.ToString(), " of '",
                ItemNameOf(state_, item), "' ", Where(state_, Place{location}), ": requested ", take.ToString(), "."),
            ApiCode::kInsufficientStock);
      }
      take = has;
    }
    if (take.is_zero()) continue;
    Put(held, key, has == take ? std::nullopt : std::optional<Quantity>(has - take));
  }
  return absl::OkStatus();
}

absl::Status StockMovedOn(const absl::Status& s) {
  std::string message(s.message());
  if (!message.empty() && message.back() == '.') message.pop_back();
  return FailedPreconditionError(ErrorField(s), Cat(message, "; the document that moved it cannot be changed or deleted."),
                                 ApiCode::kStockUsed);
}

absl::Status StockWriter::MoveTracked(ItemId item_id, std::optional<Place> from, std::optional<Place> to,
                                      const TrackedLine& line, bool undo) {
  const std::string name = ItemNameOf(state_, item_id);
  // Taking back what a document did: the stock it moved has moved on.
  auto refuse = [&](absl::Status s) { return undo ? StockMovedOn(s) : s; };
  StockState& stock = state_.stock;
  for (size_t j = 0; j < line.serials->size(); ++j) {
    const std::string& serial = (*line.serials)[j];
    const std::string field = Cat(line.serial_field, "[", j, "]");
    TrackKey key{item_id, serial};
    auto it = stock.serials.find(key);
    if (from) {
      if (it == stock.serials.end() || it->second != *from) {
        return refuse(FailedPreconditionError(
            field, Cat("The serial number '", serial, "' of '", name, "' is not ", from->in_transit ? "" : "in stock ",
                       Where(state_, *from), "."),
            ApiCode::kInsufficientStock));
      }
    } else if (it != stock.serials.end()) {
      return refuse(AlreadyExistsError(field, Cat("The serial number '", serial, "' of '", name, "' is already ",
                                                  it->second.in_transit ? "" : "in stock ",
                                                  Where(state_, it->second), ".")));
    }
    Put(stock.serials, key, to);
    // The registry: a serial seen for the first time gets its id.
    const LocationId last = to ? to->location : from->location;
    auto info = stock.serial_info.find(key);
    if (info == stock.serial_info.end()) {
      const int64_t id = store_.NextId();
      Put(stock.serial_info, key, std::optional<SerialInfo>(SerialInfo{id, last}));
      Put(stock.serial_ids, id, std::optional<TrackKey>(key));
    } else if (info->second.last_location != last) {
      Put(stock.serial_info, key, std::optional<SerialInfo>(SerialInfo{info->second.id, last}));
    }
  }
  for (size_t j = 0; j < line.batches->size(); ++j) {
    Batch& batch = (*line.batches)[j];
    const std::string at = Cat(line.batch_field, "[", j, "].");
    TrackKey key{item_id, batch.batch_number};
    auto it = stock.batches.find(key);
    auto info = stock.batch_info.find(key);
    if (!undo && info != stock.batch_info.end() && info->second.status == Status::kInactive) {
      return FailedPreconditionError(at + "batch_number",
                                     Cat("The batch '", batch.batch_number, "' of '", name, "' is inactive."));
    }
    BatchRecord record;
    if (it == stock.batches.end() && info == stock.batch_info.end()) {
      record.manufactured_date = batch.manufactured_date;
      record.expiry_date = batch.expiry_date;
      const int64_t id = store_.NextId();
      Put(stock.batch_info, key,
          std::optional<BatchInfo>(BatchInfo{.id = id, .manufactured_date = record.manufactured_date,
                                             .expiry_date = record.expiry_date}));
      Put(stock.batch_ids, id, std::optional<TrackKey>(key));
    } else {
      // A batch the item has had: its dates are the registry's (also
      // while it holds no stock).
      if (it != stock.batches.end()) record = it->second;
      record.manufactured_date = info->second.manufactured_date;
      record.expiry_date = info->second.expiry_date;
      for (auto [given, held, field] :
           {std::tuple{&batch.manufactured_date, &record.manufactured_date, "manufactured_date"},
            std::tuple{&batch.expiry_date, &record.expiry_date, "expiry_date"}}) {
        if (*given && *given != *held) {
          return refuse(FailedPreconditionError(
              at + field,
              Cat("The batch '", batch.batch_number, "' of '", name, "' has ", field, " ", DateText(*held), ".")));
        }
        *given = *held;
      }
    }
    if (from) {
      auto have = record.quantities.find(*from);
      const Quantity available = have == record.quantities.end() ? Quantity() : have->second;
      if (available < batch.quantity) {
        return refuse(FailedPreconditionError(
            at + "quantity",
            Cat("Insufficient stock of batch '", batch.batch_number, "' of '", name, "' ", Where(state_, *from),
                ": requested ", batch.quantity.ToString(), ", available ", available.ToString(), "."),
            ApiCode::kInsufficientStock));
      }
      have->second -= batch.quantity;
      if (have->second.is_zero()) record.quantities.erase(have);
    }
    if (to) record.quantities[*to] += batch.quantity;
    Put(stock.batches, key,
        record.quantities.empty() ? std::nullopt : std::optional<BatchRecord>(std::move(record)));
  }
  return absl::OkStatus();
}

namespace {


TrackedLine Tracked(std::vector<std::string>& serials, std::vector<Batch>& batches, size_t line) {
  return TrackedLine{&serials, &batches, LineField(line, "serial_numbers"), LineField(line, "batches")};
}

bool Carries(const std::vector<std::string>& serials, const std::vector<Batch>& batches) {
  return !serials.empty() || !batches.empty();
}

}  // namespace

absl::Status StockWriter::CheckTrackedTransfer(TransferOrder& o) const {
  SeenInRequest seen;
  for (size_t i = 0; i < o.line_items.size(); ++i) {
    TransferLine& line = o.line_items[i];
    const ItemSummary item = state_.items.Summary(line.item_id);
    if (!item.has(ItemSummary::kExists)) continue;
    for (auto [bins, list] : {std::pair{&line.from_storages, "from_storages"}, std::pair{&line.to_storages, "to_storages"}}) {
      if (bins->empty()) continue;
      if (auto s = CheckBins(ItemAt(line.item_id), line.quantity_transfer, *bins, LineField(i, list), "quantity_transfer");
          !s.ok()) {
        return s;
      }
    }
    if (!IsTracked(item, line.serial_numbers, line.batches)) continue;
    if (auto s = PickBatches(line.item_id, o.from_location_id, line.quantity_transfer, line.batches,
                             LineField(i, "batches"));
        !s.ok()) {
      return s;
    }
    if (auto s = CheckTrackedLine(ItemAt(line.item_id), line.quantity_transfer, Tracked(line.serial_numbers, line.batches, i),
                                  LineField(i, "quantity_transfer"), false, seen);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status StockWriter::TrackAdjustment(InventoryAdjustment& a, bool undo) {
  if (a.adjustment_type != AdjustmentType::kQuantity) return absl::OkStatus();
  for (size_t k = 0; k < a.line_items.size(); ++k) {
    const size_t i = undo ? a.line_items.size() - 1 - k : k;
    AdjustmentLine& line = a.line_items[i];
    if (!line.storages.empty()) {
      const bool into = (line.quantity_adjusted > Quantity()) != undo;
      if (auto s = MoveBins(line.item_id, *line.location_id, line.storages, into, undo, LineField(i, "storages"));
          !s.ok()) {
        return s;
      }
    }
    if (!Carries(line.serial_numbers, line.batches)) continue;
    std::optional<Place> from = Place{*line.location_id}, to;
    if (line.quantity_adjusted > Quantity()) std::swap(from, to);
    if (undo) std::swap(from, to);
    if (auto s = MoveTracked(line.item_id, from, to, Tracked(line.serial_numbers, line.batches, i), undo); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status StockWriter::TrackTransfer(TransferOrder& o, TransferStatus from_status, TransferStatus to_status,
                                        bool undo) {
  auto place = [&](TransferStatus status) -> Place {
    switch (status) {
      case TransferStatus::kDraft: return Place{o.from_location_id};
      case TransferStatus::kInTransit: return Place{o.to_location_id, true};
      case TransferStatus::kTransferred: break;
    }
    return Place{o.to_location_id};
  };
  if (from_status == to_status) return absl::OkStatus();
  // Bins: the stock leaves the source's from_storages when the order leaves
  // the source, and lands in the destination's to_storages when it is
  // transferred; undone the other way round.
  const bool leaves = from_status == TransferStatus::kDraft || to_status == TransferStatus::kDraft;
  const bool lands = from_status == TransferStatus::kTransferred || to_status == TransferStatus::kTransferred;
  for (size_t i = 0; i < o.line_items.size(); ++i) {
    TransferLine& line = o.line_items[i];
    if (lands && !line.to_storages.empty()) {
      if (auto s = MoveBins(line.item_id, o.to_location_id, line.to_storages, !undo, undo,
                            LineField(i, "to_storages"));
          !s.ok()) {
        return s;
      }
    }
    if (leaves && !line.from_storages.empty()) {
      if (auto s = MoveBins(line.item_id, o.from_location_id, line.from_storages, undo, undo,
                            LineField(i, "from_storages"));
          !s.ok()) {
        return s;
      }
    }
    if (!Carries(line.serial_numbers, line.batches)) continue;
    if (auto s = MoveTracked(line.item_id, place(from_status), place(to_status),
                             Tracked(line.serial_numbers, line.batches, i), undo);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status StockWriter::TrackBundle(Bundle& b, bool undo) {
  const Place here{*b.location_id};
  const bool made = Carries(b.finished_product_serial_numbers, b.finished_product_batches);
  TrackedLine product{&b.finished_product_serial_numbers, &b.finished_product_batches,
                      made ? "finished_product_serial_numbers" : "", made ? "finished_product_batches" : ""};
  // Built: the components leave, then the composite arrives; undone in reverse.
  if (undo && made) {
    if (auto s = MoveTracked(b.composite_item_id, here, std::nullopt, product, true); !s.ok()) return s;
  }
  if (!b.finished_product_storages.empty()) {
    if (auto s = MoveBins(b.composite_item_id, *b.location_id, b.finished_product_storages, !undo, undo,
                          "finished_product_storages");
        !s.ok()) {
      return s;
    }
  }
  for (size_t k = 0; k < b.line_items.size(); ++k) {
    const size_t i = undo ? b.line_items.size() - 1 - k : k;
    BundleLine& line = b.line_items[i];
    if (!line.storages.empty()) {
      if (auto s = MoveBins(line.item_id, *line.location_id, line.storages, undo, undo, LineField(i, "storages"));
          !s.ok()) {
        return s;
      }
    }
    if (!Carries(line.serial_numbers, line.batches)) continue;
    std::optional<Place> from = Place{*line.location_id}, to;
    if (undo) std::swap(from, to);
    if (auto s = MoveTracked(line.item_id, from, to, Tracked(line.serial_numbers, line.batches, i), undo); !s.ok()) {
      return s;
    }
  }
  if (!undo && made) return MoveTracked(b.composite_item_id, std::nullopt, here, product, false);
  return absl::OkStatus();
}

void StockWriter::FitBins(std::span<const std::pair<ItemId, LocationId>> cells) {
  auto& bins = state_.stock.bins;
  if (!HasBins()) return;
  for (const auto& [item, location] : cells) {
    const Quantity available = std::max(ledger_.CellFigures(item, location).available, Quantity());
    std::vector<std::pair<BinKey, Quantity>> held;
    Quantity binned;
    for (auto it = bins.lower_bound(BinKey{item, location, ""});
         it != bins.end() && std::get<0>(it->first) == item && std::get<1>(it->first) == location; ++it) {
      held.push_back(*it);
      binned += it->second;
    }
    if (binned < available) {
      // The unbinned rest goes to the item's default bin there, if any.
      auto d = state_.stock.default_bins.find({item, location});
      if (d == state_.stock.default_bins.end()) continue;
      const BinKey key{item, location, Cat(d->second.value())};
      auto at = bins.find(key);
      Put(bins, key, std::optional<Quantity>((at == bins.end() ? Quantity() : at->second) + available - binned));
      continue;
    }
    Quantity excess = binned - available;
    for (auto& [key, quantity] : held) {
      if (excess <= Quantity()) break;
      const Quantity take = std::min(quantity, excess);
      excess -= take;
      Put(bins, key, quantity == take ? std::nullopt : std::optional<Quantity>(quantity - take));
    }
  }
}

}  // namespace inventory::internal
