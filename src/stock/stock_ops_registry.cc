// StockWriter's registries: batches as the batches endpoints manage them
// (created empty, renamed while empty, dated, deleted when empty, active or
// not), and bins (storage locations) with their locations' switch and the
// items' default bins. Each change goes through the Store's undo log (Put).
#include <utility>

#include "catalog/catalog_rules.h"
#include "common/text.h"
#include "inventory/errors.h"
#include "stock/stock_ops.h"

namespace inventory::internal {

namespace {


absl::Status BatchNotFound() { return NotFoundError("batch_id", "Batch does not exist."); }
absl::Status BinNotFound() { return NotFoundError("storage_location_id", "Storage location does not exist."); }

}  // namespace

// ---------------------------------------------------------------------------
// Batches.

absl::StatusOr<BatchId> StockWriter::CreateBatch(BatchDetails batch) {
  const Item* item = state_.items.Find(batch.item_id);
  if (item == nullptr) return ItemNotFound(batch.item_id);
  if (TrackingOf(*item) != Tracking::kBatch) {
    return InvalidArgumentError("item_id", Cat("The item '", item->name, "' does not track batches."));
  }
  batch.batch_number = std::string(Trim(batch.batch_number));
  if (batch.batch_number.empty()) {
    return InvalidArgumentError("batch_number", "batch_number is required.", ApiCode::kMissingField);
  }
  if (batch.batch_number.size() > kMaxNameLength) {
    return InvalidArgumentError("batch_number", "batch_number must be at most 100 characters.", ApiCode::kTooLong);
  }
  if (batch.manufactured_date && batch.expiry_date && *batch.expiry_date < *batch.manufactured_date) {
    return InvalidArgumentError("expiry_date", "expiry_date must not be before manufactured_date.");
  }
  const TrackKey key{batch.item_id, batch.batch_number};
  if (state_.stock.batch_info.contains(key)) {
    return AlreadyExistsError("batch_number", Cat("The batch number '", batch.batch_number, "' is already used for '",
                                                  item->name, "'."));
  }
  const int64_t id = store_.NextId();
  Put(state_.stock.batch_info, key,
      std::optional<BatchInfo>(BatchInfo{.id = id, .status = batch.status,
                                         .manufacturer_batch_number = std::string(Trim(batch.manufacturer_batch_number)),
                                         .manufactured_date = batch.manufactured_date,
                                         .expiry_date = batch.expiry_date}));
  Put(state_.stock.batch_ids, id, std::optional<TrackKey>(key));
  return BatchId(id);
}

absl::Status StockWriter::UpdateBatch(BatchDetails batch) {
  StockState& stock = state_.stock;
  auto id = stock.batch_ids.find(batch.id.value());
  if (id == stock.batch_ids.end()) return BatchNotFound();
  const TrackKey old_key = id->second;
  BatchInfo info = stock.batch_info.at(old_key);
  batch.batch_number = std::string(Trim(batch.batch_number));
  if (batch.batch_number.empty()) {
    return InvalidArgumentError("batch_number", "batch_number is required.", ApiCode::kMissingField);
  }
  if (batch.batch_number.size() > kMaxNameLength) {
    return InvalidArgumentError("batch_number", "batch_number must be at most 100 characters.", ApiCode::kTooLong);
  }
  if (batch.manufactured_date && batch.expiry_date && *batch.expiry_date < *batch.manufactured_date) {
    return InvalidArgumentError("expiry_date", "expiry_date must not be before manufactured_date.");
  }
  const TrackKey key{old_key.first, batch.batch_number};
  auto held = stock.batches.find(old_key);
  if (key != old_key) {
    if (held != stock.batches.end()) {
      return FailedPreconditionError("batch_number", Cat("The batch '", old_key.second,
                                                         "' holds stock: its number cannot change."));
    }
    if (stock.batch_info.contains(key)) {
      return AlreadyExistsError("batch_number", Cat("The batch number '", batch.batch_number, "' is already used for '",
                                                    ItemNameOf(state_, key.first), "'."));
    }
  }
  info.manufacturer_batch_number = std::string(Trim(batch.manufacturer_batch_number));
  info.manufactured_date = batch.manufactured_date;
  info.expiry_date = batch.expiry_date;
  if (held != stock.batches.end()) {
    BatchRecord record = held->second;
    record.manufactured_date = info.manufactured_date;
    record.expiry_date = info.expiry_date;
    Put(stock.batches, old_key, std::optional<BatchRecord>(std::move(record)));
  }
  if (key != old_key) Put(stock.batch_info, old_key, std::optional<BatchInfo>());
  Put(stock.batch_info, key, std::optional<BatchInfo>(std::move(info)));
  Put(stock.batch_ids, batch.id.value(), std::optional<TrackKey>(key));
  return absl::OkStatus();
}

absl::Status StockWriter::DeleteBatch(BatchId batch) {
  StockState& stock = state_.stock;
  auto id = stock.batch_ids.find(batch.value());
  if (id == stock.batch_ids.end()) return BatchNotFound();
  const TrackKey key = id->second;
  if (stock.batches.contains(key)) {
    return FailedPreconditionError("batch_id", Cat("The batch '", key.second, "' holds stock and cannot be deleted."));
  }
  Put(stock.batch_info, key, std::optional<BatchInfo>());
  Put(stock.batch_ids, batch.value(), std::optional<TrackKey>());
  return absl::OkStatus();
}

absl::Status StockWriter::SetBatchStatus(BatchId batch, Status status) {
  StockState& stock = state_.stock;
  auto id = stock.batch_ids.find(batch.value());
  if (id == stock.batch_ids.end()) return BatchNotFound();
  BatchInfo info = stock.batch_info.at(id->second);
  info.status = status;
  Put(stock.batch_info, id->second, std::optional<BatchInfo>(std::move(info)));
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// Bins.

absl::Status StockWriter::SetStorageLocationsEnabled(LocationId location, bool enabled) {
  if (!state_.locations.contains(location)) return LocationNotFound(location);
  StockState& stock = state_.stock;
  if (enabled == stock.bins_enabled.contains(location)) return absl::OkStatus();
  if (!enabled) {
    for (const auto& [key, quantity] : stock.bins) {
      if (std::get<1>(key) == location) {
        return FailedPreconditionError(
            "location_id", Cat("The bins of '", LocationNameOf(state_, location),
                               "' hold stock: move it out of them before disabling bins."));
      }
    }
    for (const auto& [key, bin] : stock.default_bins) {
      if (key.second == location) Put(stock.default_bins, key, std::optional<StorageLocationId>());
    }
  } else {
    // Stock already in free-text bins there would name no defined bin.
    for (const auto& [key, quantity] : stock.bins) {
      if (std::get<1>(key) == location) {
        return FailedPreconditionError(
            "location_id", Cat("'", LocationNameOf(state_, location), "' holds stock in bins named '", std::get<2>(key),
                               "', which are not defined bins: move it out of them first."));
      }
    }
  }
  Put(stock.bins_enabled, location, enabled ? std::optional<bool>(true) : std::nullopt);
  return absl::OkStatus();
}

absl::Status StockWriter::ValidateStorageLocation(StorageLocation& bin, const StorageLocation* old) const {
  if (!state_.locations.contains(bin.location_id)) return PrefixField(LocationNotFound(bin.location_id), "");
  if (old != nullptr && old->location_id != bin.location_id) {
    return InvalidArgumentError("location_id", "A storage location cannot move to another location.");
  }
  if (!state_.stock.bins_enabled.contains(bin.location_id)) {
    return FailedPreconditionError("location_id", Cat("Bins are not enabled for '",
                                                      LocationNameOf(state_, bin.location_id), "'."));
  }
  bin.name = std::string(Trim(bin.name));
  if (bin.name.empty()) return InvalidArgumentError("name", "name is required.", ApiCode::kMissingField);
  // The reference's limits: name 50, description 1000.
  if (bin.name.size() > 50) return InvalidArgumentError("name", "name must be at most 50 characters.", ApiCode::kTooLong);
  if (bin.description.size() > 1000) {
    return InvalidArgumentError("description", "description must be at most 1000 characters.", ApiCode::kTooLong);
  }
  for (const auto& [id, other] : state_.stock.storage_locations) {
    if (id != bin.id && other.location_id == bin.location_id && IEquals(other.name, bin.name)) {
      return AlreadyExistsError("name", Cat("The storage location '", bin.name, "' already exists in '",
                                            LocationNameOf(state_, bin.location_id), "'."));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<StorageLocationId> StockWriter::CreateStorageLocation(StorageLocation bin) {
  bin.id = StorageLocationId();
  if (auto s = ValidateStorageLocation(bin, nullptr); !s.ok()) return s;
  bin.id = StorageLocationId(store_.NextId());
  const StorageLocationId id = bin.id;
  Put(state_.stock.storage_locations, id, std::optional<StorageLocation>(std::move(bin)));
  return id;
}

absl::Status StockWriter::UpdateStorageLocation(StorageLocation bin) {
  auto it = state_.stock.storage_locations.find(bin.id);
  if (it == state_.stock.storage_locations.end()) return BinNotFound();
  const StorageLocation old = it->second;
  if (auto s = ValidateStorageLocation(bin, &old); !s.ok()) return s;
  if (bin.status == Status::kInactive && old.status == Status::kActive) {
    if (!state_.stock.HeldIn(old).is_zero()) {
      return FailedPreconditionError("status", Cat("The storage location '", old.name, "' holds stock."));
    }
    for (const auto& [key, id] : state_.stock.default_bins) {
      if (id == old.id) {
        return FailedPreconditionError(
            "status", Cat("The storage location '", old.name, "' is the default bin of '",
                          ItemNameOf(state_, key.first), "': choose another default first."));
      }
    }
  }
  Put(state_.stock.storage_locations, bin.id, std::optional<StorageLocation>(std::move(bin)));
  return absl::OkStatus();
}

absl::Status StockWriter::DeleteStorageLocation(StorageLocationId id) {
  auto it = state_.stock.storage_locations.find(id);
  if (it == state_.stock.storage_locations.end()) return BinNotFound();
  if (!state_.stock.HeldIn(it->second).is_zero()) {
    return FailedPreconditionError("storage_location_id",
                                   Cat("The storage location '", it->second.name, "' holds stock and cannot be deleted."));
  }
  for (const auto& [key, bin] : state_.stock.default_bins) {
    if (bin == id) Put(state_.stock.default_bins, key, std::optional<StorageLocationId>());
  }
  Put(state_.stock.storage_locations, id, std::optional<StorageLocation>());
  return absl::OkStatus();
}

absl::Status StockWriter::SetStorageLocationStatus(StorageLocationId id, Status status) {
  auto it = state_.stock.storage_locations.find(id);
  if (it == state_.stock.storage_locations.end()) return BinNotFound();
  StorageLocation bin = it->second;
  bin.status = status;
  return UpdateStorageLocation(std::move(bin));
}

absl::Status StockWriter::SetDefaultStorageLocation(ItemId item_id, LocationId location,
                                                    std::optional<StorageLocationId> bin) {
  const Item* item = state_.items.Find(item_id);
  if (item == nullptr) return ItemNotFound(item_id);
  if (!state_.locations.contains(location)) return LocationNotFound(location);
  if (bin) {
    if (!item->storage_location_enabled) {
      return InvalidArgumentError("item_id", Cat("The item '", item->name,
                                                 "' does not have storage locations (bins) enabled."));
    }
    auto it = state_.stock.storage_locations.find(*bin);
    if (it == state_.stock.storage_locations.end() || it->second.location_id != location) {
      return NotFoundError("storage_location_id", Cat("The storage location does not exist at '",
                                                      LocationNameOf(state_, location), "'."));
    }
    if (it->second.status == Status::kInactive) {
      return FailedPreconditionError("storage_location_id",
                                     Cat("The storage location '", it->second.name, "' is inactive."));
    }
  }
  Put(state_.stock.default_bins, {item_id, location}, bin);
  // The item's unbinned stock there goes into it now.
  if (bin) {
    const std::pair<ItemId, LocationId> cell{item_id, location};
    FitBins(std::span(&cell, 1));
  }
  return absl::OkStatus();
}

}  // namespace inventory::internal
