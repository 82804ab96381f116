// The Reader's stock queries (declared in transaction.h with the catalog's).
#include <algorithm>

#include "catalog/catalog_rules.h"
#include "common/text.h"
#include "inventory/errors.h"
#include "inventory/transaction.h"
#include "stock/stock_state.h"

namespace inventory {

namespace {

const internal::StockState& Stock(const internal::CatalogState* state) {
  return static_cast<const internal::EngineState*>(state)->stock;
}

StockFigures ToFigures(const internal::Figures& f, Money value) {
  return StockFigures{.stock_on_hand = f.on_hand,
                      .available_stock = f.available,
                      .committed_stock = f.committed,
                      .actual_available_stock = f.actual_available(),
                      .quantity_in_transit = f.in_transit,
                      .asset_value = value};
}

// The stock ordered to the cell (StockAt, StockByLocation).
Quantity IncomingAt(const internal::StockState& stock, ItemId id, LocationId location) {
  if (stock.incoming.empty()) return Quantity();
  auto it = stock.incoming.find({id, location});
  return it == stock.incoming.end() ? Quantity() : it->second;
}

// Moves the primary location's entry (if any) to the front; the others keep
// their order. A rotation: stable_sort and stable_partition allocate a
// buffer on every call.
template <class Range, class LocationOf>
void PrimaryFirst(Range& out, const Location* primary, LocationOf location_of) {
  if (primary == nullptr || out.size() < 2) return;
  auto it = std::find_if(out.begin(), out.end(), [&](const auto& e) { return location_of(e) == primary->id; });
  if (it != out.end()) std::rotate(out.begin(), it, it + 1);
}

// Newest date first, then newest id first.
template <class T>
void SortNewestFirst(std::vector<const T*>& rows) {
  std::sort(rows.begin(), rows.end(), [](const T* a, const T* b) {
    return a->date != b->date ? a->date > b->date : a->id > b->id;
  });
}
template <class T>
void SortNewestFirst(std::vector<T>& rows) {
  std::sort(rows.begin(), rows.end(), [](const T& a, const T& b) {
    return a.date != b.date ? a.date > b.date : a.id > b.id;
  });
}

}  // namespace

Quantity Reader::StockOnHand(ItemId id) const { return Stock(state_).ledger.ItemFigures(id).on_hand; }

StockFigures Reader::ItemStock(ItemId id) const {
  const internal::StockState& stock = Stock(state_);
  StockFigures f = ToFigures(stock.ledger.ItemFigures(id), stock.ledger.AssetValue(id));
  for (auto it = stock.incoming.lower_bound({id, LocationId()}); it != stock.incoming.end() && it->first.first == id;
       ++it) {
    f.incoming_stock += it->second;
  }
  return f;
}

StockFigures Reader::StockAt(ItemId id, LocationId location) const {
  const internal::StockState& stock = Stock(state_);
  StockFigures f = ToFigures(stock.ledger.CellFigures(id, location), stock.ledger.AssetValue(id, location));
  f.incoming_stock = IncomingAt(stock, id, location);
  return f;
}

std::vector<LocationId> Reader::StockedLocations(ItemId id) const {
  std::vector<LocationId> out = Stock(state_).ledger.LocationsWithStock(id);
  PrimaryFirst(out, PrimaryLocation(), [](LocationId l) { return l; });
  return out;
}

LocationStockList Reader::StockByLocation(ItemId id) const {
  const internal::StockState& stock = Stock(state_);
  LocationStockList out;
  stock.ledger.ForEachCell(id, [&](LocationId location, const internal::Figures& figures, Money value) {
    if (figures.is_zero()) return;
    LocationStock& at = out.emplace_back(LocationStock{location, ToFigures(figures, value)});
    at.figures.incoming_stock = IncomingAt(stock, id, location);
  });
  PrimaryFirst(out, PrimaryLocation(), [](const LocationStock& s) { return s.location_id; });
  return out;
}

std::vector<StockMovement> Reader::StockHistory(ItemId id, std::optional<LocationId> location,
                                                std::optional<absl::CivilDay> from,
                                                std::optional<absl::CivilDay> to) const {
  std::vector<StockMovement> out;
  for (const internal::HistoryRow& row : Stock(state_).ledger.History(id, location, from, to)) {
    const internal::Posting& p = row.posting;
    out.push_back(StockMovement{.document_type = std::string(internal::DocumentKindName(row.document.kind)),
                                .document_id = row.document.id,
                                .document_number = row.document.number,
                                .date = row.document.date,
                                .location_id = p.location,
                                .stock_on_hand_change = p.delta.on_hand,
                                .available_stock_change = p.delta.available,
                                .quantity_in_transit_change = p.delta.in_transit,
                                .value_change = p.value,
                                .stock_on_hand = row.on_hand,
                                .available_stock = row.available,
                                .reversal = p.reverses != internal::Posting::kNone});
  }
  return out;
}

std::vector<OpeningStock> Reader::OpeningStockOf(ItemId id) const {
  const auto& opening = Stock(state_).opening;
  auto it = opening.find(id);
  return it == opening.end() ? std::vector<OpeningStock>{} : it->second.lines;
}

std::vector<SerialNumberStock> Reader::SerialNumbers(ItemId id, std::optional<LocationId> location) const {
  std::vector<SerialNumberStock> out;
  const auto& serials = Stock(state_).serials;
  for (auto it = serials.lower_bound({id, ""}); it != serials.end() && it->first.first == id; ++it) {
    const internal::Place& place = it->second;
    if (place.in_transit || (location && place.location != *location)) continue;
    out.push_back({it->first.second, place.location});
  }
  return out;
}

std::vector<BatchStock> Reader::Batches(ItemId id, std::optional<LocationId> location) const {
  std::vector<BatchStock> out;
  const auto& batches = Stock(state_).batches;
  for (auto it = batches.lower_bound({id, ""}); it != batches.end() && it->first.first == id; ++it) {
    const internal::BatchRecord& batch = it->second;
    for (const auto& [place, quantity] : batch.quantities) {
      if (place.in_transit || (location && place.location != *location)) continue;
      out.push_back({.batch_number = it->first.second,
                     .location_id = place.location,
                     .quantity = quantity,
                     .manufactured_date = batch.manufactured_date,
                     .expiry_date = batch.expiry_date});
    }
  }
  return out;
}

std::vector<BinQuantity> Reader::BinStock(ItemId id, LocationId location) const {
  std::vector<BinQuantity> out;
  const auto& bins = Stock(state_).bins;
  for (auto it = bins.lower_bound({id, location, ""});
       it != bins.end() && std::get<0>(it->first) == id && std::get<1>(it->first) == location; ++it) {
    out.push_back({std::get<2>(it->first), it->second});
  }
  return out;
}

bool Reader::HasTransactions(ItemId id) const {
  return Stock(state_).ledger.HasPostings(id) || Stock(state_).HasDocuments(id);
}

std::vector<Buildable> Reader::BuildableQuantity(ItemId composite) const {
  std::vector<Buildable> out;
  const Item* item = FindItem(composite);
  if (item == nullptr || !item->is_composite()) return out;
  const internal::Ledger& ledger = Stock(state_).ledger;
  for (const Location* location : ListLocations()) {
    std::optional<int64_t> units;  // whole units buildable here
    for (const MappedItem& m : item->mapped_items) {
      const Item* component = FindItem(m.item_id);
      if (component == nullptr || !internal::TracksStock(*component) || m.quantity <= Quantity()) continue;
      const Quantity have = ledger.CellFigures(m.item_id, location->id).available;
      const int64_t n = have <= Quantity() ? 0 : have.units() / m.quantity.units();
      units = units ? std::min(*units, n) : n;
    }
    if (units && *units > 0) out.push_back({location->id, Quantity::FromInt(*units)});
  }
  return out;
}

Quantity Reader::BuildableTotal(ItemId composite) const {
  Quantity total;
  for (const Buildable& b : BuildableQuantity(composite)) total += b.quantity;
  return total;
}

std::optional<InventoryAdjustment> Reader::FindAdjustment(AdjustmentId id) const {
  return Stock(state_).adjustments.Find(id);
}
std::vector<InventoryAdjustment> Reader::ListAdjustments() const {
  std::vector<InventoryAdjustment> out = Stock(state_).adjustments.List();
  SortNewestFirst(out);
  return out;
}

const TransferOrder* Reader::FindTransferOrder(TransferOrderId id) const {
  const auto& table = Stock(state_).transfers;
  auto it = table.find(id);
  return it == table.end() ? nullptr : &it->second.order;
}
std::vector<const TransferOrder*> Reader::ListTransferOrders() const {
  std::vector<const TransferOrder*> out;
  for (const auto& [id, r] : Stock(state_).transfers) out.push_back(&r.order);
  SortNewestFirst(out);
  return out;
}

const Bundle* Reader::FindBundle(BundleId id) const {
  const auto& table = Stock(state_).bundles;
  auto it = table.find(id);
  return it == table.end() ? nullptr : &it->second;
}
std::vector<const Bundle*> Reader::ListBundles(std::optional<ItemId> composite) const {
  std::vector<const Bundle*> out;
  for (const auto& [id, b] : Stock(state_).bundles) {
    if (!composite || b.composite_item_id == *composite) out.push_back(&b);
  }
  SortNewestFirst(out);
  return out;
}

}  // namespace inventory

namespace inventory {

namespace {

const internal::StockState& Registry(const internal::CatalogState* state) {
  return static_cast<const internal::EngineState*>(state)->stock;
}

SerialNumberInfo SerialOf(const internal::StockState& stock, const internal::TrackKey& key,
                          const internal::SerialInfo& info) {
  SerialNumberInfo out{.id = SerialNumberId(info.id), .item_id = key.first, .serial_number = key.second,
                       .location_id = info.last_location};
  auto at = stock.serials.find(key);
  if (at == stock.serials.end()) {
    out.transacted_out = true;
  } else {
    out.location_id = at->second.location;
    out.in_transit = at->second.in_transit;
  }
  return out;
}

BatchDetails BatchOf(const internal::StockState& stock, const internal::TrackKey& key, const internal::BatchInfo& info) {
  BatchDetails out{.id = BatchId(info.id), .item_id = key.first, .batch_number = key.second,
                   .manufacturer_batch_number = info.manufacturer_batch_number,
                   .manufactured_date = info.manufactured_date, .expiry_date = info.expiry_date,
                   .status = info.status};
  if (auto held = stock.batches.find(key); held != stock.batches.end()) {
    for (const auto& [place, quantity] : held->second.quantities) {
      if (place.in_transit) continue;
      out.stock.push_back({key.second, place.location, quantity, info.manufactured_date, info.expiry_date});
      out.balance_quantity += quantity;
    }
  }
  return out;
}

}  // namespace

std::vector<SerialNumberInfo> Reader::ListSerialNumbers(ItemId id, bool include_transacted_out,
                                                        std::optional<LocationId> location) const {
  const internal::StockState& stock = Registry(state_);
  std::vector<SerialNumberInfo> out;
  for (auto it = stock.serial_info.lower_bound({id, ""}); it != stock.serial_info.end() && it->first.first == id;
       ++it) {
    SerialNumberInfo s = SerialOf(stock, it->first, it->second);
    if (s.transacted_out && !include_transacted_out) continue;
    if (location && s.location_id != *location) continue;
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<SerialNumberInfo> Reader::FindSerialNumber(SerialNumberId id) const {
  const internal::StockState& stock = Registry(state_);
  auto key = stock.serial_ids.find(id.value());
  if (key == stock.serial_ids.end()) return std::nullopt;
  return SerialOf(stock, key->second, stock.serial_info.at(key->second));
}

absl::Status Reader::ValidateSerialNumbers(ItemId id, std::span<const std::string> serials,
                                           std::optional<LocationId> location) const {
  const Item* item = FindItem(id);
  if (item == nullptr) return internal::ItemNotFound(id);
  if (!item->track_serial_number) {
    return InvalidArgumentError("item_id", internal::Cat("The item '", item->name, "' does not track serial numbers."));
  }
  if (location && FindLocation(*location) == nullptr) return internal::LocationNotFound(*location);
  if (serials.empty()) {
    return InvalidArgumentError("serial_numbers", "serial_numbers needs at least one serial number.",
                                ApiCode::kMissingField);
  }
  const internal::StockState& stock = Registry(state_);
  for (size_t k = 0; k < serials.size(); ++k) {
    const std::string serial(internal::Trim(serials[k]));
    auto at = stock.serials.find({id, serial});
    if (at == stock.serials.end() || at->second.in_transit || (location && at->second.location != *location)) {
      const bool known = stock.serial_info.contains({id, serial});
      return FailedPreconditionError(
          internal::Cat("serial_numbers[", k, "]"),
          internal::Cat("The serial number '", serial, "' of '", item->name, "' is ",
                        !known                              ? "not one the item has."
                        : at == stock.serials.end()         ? "no longer in stock."
                        : at->second.in_transit             ? "in transit."
                                                            : internal::Cat("not in stock at '",
                                                                            FindLocation(*location)->name, "'.")),
          ApiCode::kInsufficientStock);
    }
  }
  return absl::OkStatus();
}

std::vector<BatchDetails> Reader::ListBatches(ItemId id, bool include_empty) const {
  const internal::StockState& stock = Registry(state_);
  std::vector<BatchDetails> out;
  for (auto it = stock.batch_info.lower_bound({id, ""}); it != stock.batch_info.end() && it->first.first == id;
       ++it) {
    BatchDetails b = BatchOf(stock, it->first, it->second);
    if (!include_empty && b.stock.empty()) continue;
    out.push_back(std::move(b));
  }
  return out;
}

std::optional<BatchDetails> Reader::FindBatch(BatchId id) const {
  const internal::StockState& stock = Registry(state_);
  auto key = stock.batch_ids.find(id.value());
  if (key == stock.batch_ids.end()) return std::nullopt;
  return BatchOf(stock, key->second, stock.batch_info.at(key->second));
}

std::vector<StorageLocation> Reader::ListStorageLocations(std::optional<LocationId> location) const {
  std::vector<StorageLocation> out;
  for (const auto& [id, bin] : Registry(state_).storage_locations) {
    if (!location || bin.location_id == *location) out.push_back(bin);
  }
  std::sort(out.begin(), out.end(), [](const StorageLocation& a, const StorageLocation& b) {
    if (a.location_id != b.location_id) return a.location_id < b.location_id;
    const int c = internal::ICompare(a.name, b.name);
    return c != 0 ? c < 0 : a.id < b.id;
  });
  return out;
}

std::optional<StorageLocation> Reader::FindStorageLocation(StorageLocationId id) const {
  const auto& bins = Registry(state_).storage_locations;
  auto it = bins.find(id);
  if (it == bins.end()) return std::nullopt;
  return it->second;
}

Quantity Reader::StorageLocationBalance(StorageLocationId id) const {
  const internal::StockState& stock = Registry(state_);
  auto it = stock.storage_locations.find(id);
  return it == stock.storage_locations.end() ? Quantity() : stock.HeldIn(it->second);
}

bool Reader::StorageLocationsEnabled(LocationId location) const {
  return Registry(state_).bins_enabled.contains(location);
}

std::optional<StorageLocationId> Reader::DefaultStorageLocation(ItemId id, LocationId location) const {
  const auto& defaults = Registry(state_).default_bins;
  auto it = defaults.find({id, location});
  if (it == defaults.end()) return std::nullopt;
  return it->second;
}

}  // namespace inventory
