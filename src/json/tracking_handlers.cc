// Serial numbers, batches and bins (storage locations) as their own
// endpoints (openapi/serialnumbers.yml, batches.yml, storagelocations.yml,
// and the serial number checks of items.yml). Messages are the reference's;
// README.md lists the decisions taken where it is silent.
#include <algorithm>
#include <functional>
#include <string>

#include "common/text.h"
#include "json/paging.h"
#include "json/router.h"

namespace inventory::internal {
namespace {

absl::Status BatchNotFound() { return NotFoundError("batch_id", "Batch does not exist."); }
absl::Status BinNotFound() { return NotFoundError("storage_id", "Storage location does not exist."); }

// location_id (or warehouse_id) of the query, if given; it must exist.
absl::StatusOr<std::optional<LocationId>> QueryLocation(const Call& call, const Reader& reader) {
  for (std::string_view key : {"location_id", "warehouse_id"}) {
    const std::string* v = call.Query(key);
    if (v == nullptr || Trim(*v).empty()) continue;
    const int64_t id = ParseId(*v);
    if (id == 0) return InvalidArgumentError(key, Cat(key, " is not a valid id."));
    if (reader.FindLocation(LocationId(id)) == nullptr) return PrefixField(LocationNotFound(LocationId(id)), "");
    return std::optional<LocationId>(LocationId(id));
  }
  return std::optional<LocationId>();
}

// The item named by the query's item_id (required).
absl::StatusOr<const Item*> QueryItem(const Call& call, const Reader& reader) {
  const std::string* v = call.Query("item_id");
  if (v == nullptr || Trim(*v).empty()) {
    return InvalidArgumentError("item_id", "item_id is required.", ApiCode::kMissingField);
  }
  const int64_t id = ParseId(*v);
  if (id == 0) return InvalidArgumentError("item_id", "item_id is not a valid id.");
  const Item* item = reader.FindItem(ItemId(id));
  if (item == nullptr) return ItemNotFound(ItemId(id));
  return item;
}

// "a,b,c" of a query parameter, trimmed, blanks dropped.
std::vector<std::string> QueryList(const Call& call, std::string_view key) {
  std::vector<std::string> out;
  const std::string* v = call.Query(key);
  if (v == nullptr) return out;
  std::string_view s = *v;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find(',', i);
    if (j == std::string_view::npos) j = s.size();
    std::string_view part = Trim(s.substr(i, j - i));
    if (!part.empty()) out.emplace_back(part);
    i = j + 1;
  }
  return out;
}

template <class IdT>
absl::StatusOr<std::vector<IdT>> QueryIds(const Call& call, std::string_view key) {
  absl::StatusOr<std::vector<ItemId>> raw = ParseItemIds(call, key);
  if (!raw.ok()) return raw.status();
  std::vector<IdT> out;
  for (ItemId id : *raw) out.push_back(IdT(id.value()));
  return out;
}

// ---------------------------------------------------------------------------
// Serial numbers.

json::object EncodeSerial(const Reader& reader, const SerialNumberInfo& s) {
  const Item* item = reader.FindItem(s.item_id);
  return json::object{{"serialnumber_id", IdValue(s.id)},
                      {"serialnumber", s.serial_number},
                      {"code", s.serial_number},
                      {"status", "active"},
                      {"is_transacted_out", s.transacted_out},
                      {"item_id", IdValue(s.item_id)},
                      {"item_name", item ? item->name : ""},
                      {"price", item ? MoneyValue(item->rate) : json::value(0)},
                      {"location_id", IdValue(s.location_id)},
                      {"is_in_transit", s.in_transit},
                      {"custom_fields", json::array()}};
}

absl::StatusOr<Reply> ListSerialNumbers(Call& call) {
  INVENTORY_RETURN_IF_ERROR(CheckPaging(call));
  Snapshot snap = call.engine.GetSnapshot();
  auto item = QueryItem(call, snap);
  if (!item.ok()) return item.status();
  auto location = QueryLocation(call, snap);
  if (!location.ok()) return location.status();
  std::vector<SerialNumberInfo> rows =
      snap.ListSerialNumbers((*item)->id, call.QueryBool("show_transacted_out", false), *location);
  if (const std::string* order = call.Query("sort_order"); order != nullptr && *order == "D") {
    std::reverse(rows.begin(), rows.end());
  }
  Reply r = Ok("success");
  PutPage(call, rows, "serial_numbers", "Serial Numbers", "serialnumber",
          [&](const SerialNumberInfo& s) { return EncodeSerial(snap, s); }, r);
  return r;
}

absl::StatusOr<Reply> GetSerialNumber(Call& call) {
  auto id = PathId(call, 0, "serial_number_id");
  if (!id.ok()) return id.status();
  Snapshot snap = call.engine.GetSnapshot();
  std::optional<SerialNumberInfo> s = snap.FindSerialNumber(SerialNumberId(*id));
  if (!s) return NotFoundError("serial_number_id", "Serial number does not exist.");
  Reply r = Ok("success");
  r.body["serial_number"] = EncodeSerial(snap, *s);
  return r;
}

// The serials to check: the query's serial_numbers=a,b, or the body's
// serial_numbers array; and the location from either.
absl::Status ReadSerialCheck(Call& call, const Reader& reader, std::vector<std::string>* serials,
                             std::optional<LocationId>* location) {
  *serials = QueryList(call, "serial_numbers");
  if (serials->empty()) INVENTORY_RETURN_IF_ERROR(call.fields().Strings("serial_numbers", serials));
  auto at = QueryLocation(call, reader);
  if (!at.ok()) return at.status();
  *location = *at;
  if (!*location) {
    for (std::string_view key : {"location_id", "warehouse_id"}) {
      LocationId id;
      INVENTORY_RETURN_IF_ERROR(call.fields().Id(key, &id));
      if (!id.valid()) continue;
      if (reader.FindLocation(id) == nullptr) return PrefixField(LocationNotFound(id), "");
      *location = id;
      break;
    }
  }
  return absl::OkStatus();
}

// POST /items/{id}/serialnumber/validate and .../validateandmap: whether
// the serials are in stock (at the location) for an outgoing document;
// validateandmap also answers where each is and the item's bins there.
absl::StatusOr<Reply> ValidateSerials(Call& call, bool map) {
  auto id = PathId(call, 0, "item_id");
  if (!id.ok()) return id.status();
  Snapshot snap = call.engine.GetSnapshot();
  std::vector<std::string> serials;
  std::optional<LocationId> location;
  INVENTORY_RETURN_IF_ERROR(ReadSerialCheck(call, snap, &serials, &location));
  INVENTORY_RETURN_IF_ERROR(snap.ValidateSerialNumbers(ItemId(*id), serials, location));
  Reply r = Ok("success");
  if (map) {
    json::array out;
    for (const std::string& serial : serials) {
      for (const SerialNumberInfo& s : snap.ListSerialNumbers(ItemId(*id), false)) {
        if (s.serial_number != Trim(serial)) continue;
        json::array bins;
        for (const BinQuantity& b : snap.BinStock(s.item_id, s.location_id)) {
          bins.push_back(json::object{{"storage_id", b.storage_location_id},
                                      {"quantity", QuantityValue(b.quantity)}});
        }
        out.push_back(json::object{{"serialnumber_id", IdValue(s.id)},
                                   {"serialnumber", s.serial_number},
                                   {"location_id", IdValue(s.location_id)},
                                   {"storages", std::move(bins)}});
      }
    }
    r.body["serial_numbers"] = std::move(out);
  }
  return r;
}

// ---------------------------------------------------------------------------
// Batches.

json::object EncodeBatch(const BatchDetails& b) {
  json::array locations;
  for (const BatchStock& s : b.stock) {
    locations.push_back(json::object{{"location_id", IdValue(s.location_id)},
                                     {"balance_quantity", QuantityValue(s.quantity)}});
  }
  auto day = [](const std::optional<absl::CivilDay>& d) { return d ? DayValue(*d) : json::value(""); };
  return json::object{{"batch_id", IdValue(b.id)},
                      {"item_id", IdValue(b.item_id)},
                      {"batch_number", b.batch_number},
                      {"manufacturer_batch_number", b.manufacturer_batch_number},
                      {"manufactured_date", day(b.manufactured_date)},
                      {"manufacturer_date", day(b.manufactured_date)},
                      {"expiry_date", day(b.expiry_date)},
                      {"balance_quantity", QuantityValue(b.balance_quantity)},
                      {"associated_locations", std::move(locations)},
                      {"status", b.status == Status::kActive ? "active" : "inactive"},
                      {"batch_custom_fields", json::array()}};
}

// The fields of a create or update body into `b`.
absl::Status DecodeBatch(const FieldReader& in, bool create, BatchDetails* b) {
  if (create) {
    INVENTORY_RETURN_IF_ERROR(in.Require("item_id"));
    INVENTORY_RETURN_IF_ERROR(in.Id("item_id", &b->item_id));
  }
  if (create || in.Has("batch_number")) INVENTORY_RETURN_IF_ERROR(in.RequiredText("batch_number", &b->batch_number));
  INVENTORY_RETURN_IF_ERROR(in.Text("manufacturer_batch_number", &b->manufacturer_batch_number));
  for (auto [key, out] : {std::pair{"manufactured_date", &b->manufactured_date},
                          std::pair{"manufacturer_date", &b->manufactured_date},
                          std::pair{"expiry_date", &b->expiry_date}}) {
    if (!in.Has(key)) continue;
    std::optional<absl::CivilDay> day;
    INVENTORY_RETURN_IF_ERROR(in.Day(key, &day));
    *out = day;
  }
  return absl::OkStatus();
}

absl::StatusOr<Reply> ListBatches(Call& call) {
  INVENTORY_RETURN_IF_ERROR(CheckPaging(call));
  Snapshot snap = call.engine.GetSnapshot();
  auto item = QueryItem(call, snap);
  if (!item.ok()) return item.status();
  auto location = QueryLocation(call, snap);
  if (!location.ok()) return location.status();
  std::string status;
  INVENTORY_RETURN_IF_ERROR(FieldReader(json::object{{"status", call.Query("status") ? *call.Query("status") : ""}})
                                .Enum("status", {"active", "inactive"}, &status));
  std::vector<BatchDetails> rows = snap.ListBatches((*item)->id, call.QueryBool("show_empty_batches", false));
  const std::vector<std::string> ids = QueryList(call, "batch_ids");
  const std::string* search = call.Query("search_text");
  std::erase_if(rows, [&](BatchDetails& b) {
    if (*location) {
      std::erase_if(b.stock, [&](const BatchStock& s) { return s.location_id != **location; });
      b.balance_quantity = Quantity();
      for (const BatchStock& s : b.stock) b.balance_quantity += s.quantity;
      if (b.stock.empty() && !call.QueryBool("show_empty_batches", false)) return true;
    }
    if (!status.empty() && (status == "active") != (b.status == Status::kActive)) return true;
    if (!ids.empty() && std::find(ids.begin(), ids.end(), Cat(b.id.value())) == ids.end()) return true;
    if (search != nullptr && !IContains(b.batch_number, Trim(*search)) &&
        !IContains(b.manufacturer_batch_number, Trim(*search))) {
      return true;
    }
    return false;
  });
  if (const std::string* column = call.Query("sort_column"); column != nullptr && *column == "expiry_date") {
    std::stable_sort(rows.begin(), rows.end(), [](const BatchDetails& a, const BatchDetails& b) {
      return a.expiry_date.value_or(absl::CivilDay::max()) < b.expiry_date.value_or(absl::CivilDay::max());
    });
  }
  if (const std::string* order = call.Query("sort_order"); order != nullptr && *order == "D") {
    std::reverse(rows.begin(), rows.end());
  }
  Reply r = Ok("success");
  PutPage(call, rows, "batches", "Batches", "batch_number", [](const BatchDetails& b) { return EncodeBatch(b); }, r);
  return r;
}

// ---------------------------------------------------------------------------
// Bins (storage locations).

json::object EncodeBin(const Reader& reader, const StorageLocation& b) {
  const Quantity held = reader.StorageLocationBalance(b.id);
  return json::object{{"storage_id", IdValue(b.id)},
                      {"name", b.name},
                      {"description", b.description},
                      {"status", b.status == Status::kActive ? "active" : "inactive"},
                      {"zone_id", b.storage_zone_id},
                      {"storage_zone_id", b.storage_zone_id},
                      {"location_id", IdValue(b.location_id)},
                      {"balance_quantity", QuantityValue(held)}};
}

absl::Status DecodeBin(const FieldReader& in, bool create, StorageLocation* b) {
  if (create || in.Has("name")) INVENTORY_RETURN_IF_ERROR(in.RequiredText("name", &b->name));
  INVENTORY_RETURN_IF_ERROR(in.Text("storage_zone_id", &b->storage_zone_id));
  INVENTORY_RETURN_IF_ERROR(in.Text("description", &b->description));
  if (create) {
    std::string_view key = in.Has("location_id") ? "location_id" : "warehouse_id";
    INVENTORY_RETURN_IF_ERROR(in.Require(key));
    INVENTORY_RETURN_IF_ERROR(in.Id(key, &b->location_id));
  }
  return absl::OkStatus();
}

absl::StatusOr<Reply> ListBins(Call& call) {
  INVENTORY_RETURN_IF_ERROR(CheckPaging(call));
  Snapshot snap = call.engine.GetSnapshot();
  auto location = QueryLocation(call, snap);
  if (!location.ok()) return location.status();
  std::vector<StorageLocation> rows = snap.ListStorageLocations(*location);
  const std::vector<std::string> ids = QueryList(call, "storage_ids");
  const std::string* search = call.Query("search_text");
  const std::string* zone = call.Query("storage_zone_id");
  std::erase_if(rows, [&](const StorageLocation& b) {
    return (!ids.empty() && std::find(ids.begin(), ids.end(), Cat(b.id.value())) == ids.end()) ||
           (search != nullptr && !IContains(b.name, Trim(*search))) ||
           (zone != nullptr && !Trim(*zone).empty() && b.storage_zone_id != Trim(*zone));
  });
  Reply r = Ok("success");
  PutPage(call, rows, "storage_locations", "StorageListQuery", "name",
          [&](const StorageLocation& b) { return EncodeBin(snap, b); }, r);
  return r;
}

// ---------------------------------------------------------------------------
// Create, get and update of batches and bins, and their bulk routes: the
// same handlers over what differs (the Api structs).

struct BatchApi {
  using IdT = BatchId;
  using Value = BatchDetails;
  static constexpr std::string_view kId = "batch_id";
  static constexpr std::string_view kKey = "batch";
  static absl::Status NotFound() { return BatchNotFound(); }
  static std::optional<Value> Find(const Reader& r, IdT id) { return r.FindBatch(id); }
  static json::object Encode(const Reader&, const Value& b) { return EncodeBatch(b); }
  static absl::Status Decode(const FieldReader& in, bool create, Value* b) { return DecodeBatch(in, create, b); }
  static absl::StatusOr<IdT> Create(Transaction& t, Value b) { return t.CreateBatch(std::move(b)); }
  static absl::Status Update(Transaction& t, const Value& b) { return t.UpdateBatch(b); }
};

struct BinApi {
  using IdT = StorageLocationId;
  using Value = StorageLocation;
  static constexpr std::string_view kId = "storage_id";
  static constexpr std::string_view kKey = "storage_location";
  static absl::Status NotFound() { return BinNotFound(); }
  static std::optional<Value> Find(const Reader& r, IdT id) { return r.FindStorageLocation(id); }
  static json::object Encode(const Reader& r, const Value& b) { return EncodeBin(r, b); }
  static absl::Status Decode(const FieldReader& in, bool create, Value* b) { return DecodeBin(in, create, b); }
  static absl::StatusOr<IdT> Create(Transaction& t, Value b) { return t.CreateStorageLocation(std::move(b)); }
  static absl::Status Update(Transaction& t, const Value& b) { return t.UpdateStorageLocation(b); }
};

template <class Api>
Handler CreateOne(std::string_view message) {
  return [message](Call& call) -> absl::StatusOr<Reply> {
    Transaction txn = call.engine.BeginTransaction();
    typename Api::Value v;
    INVENTORY_RETURN_IF_ERROR(Api::Decode(call.fields(), true, &v));
    auto made = Api::Create(txn, std::move(v));
    if (!made.ok()) return made.status();
    Reply r = Ok(message, 201);
    r.body[Api::kKey] = Api::Encode(txn, *Api::Find(txn, *made));
    INVENTORY_RETURN_IF_ERROR(txn.Commit());
    return r;
  };
}

template <class Api>
absl::StatusOr<Reply> GetOne(Call& call) {
  auto id = PathId(call, 0, Api::kId);
  if (!id.ok()) return id.status();
  Snapshot snap = call.engine.GetSnapshot();
  std::optional<typename Api::Value> v = Api::Find(snap, typename Api::IdT(*id));
  if (!v) return Api::NotFound();
  Reply r = Ok("success");
  r.body[Api::kKey] = Api::Encode(snap, *v);
  return r;
}

// Merges the body into the stored value.
template <class Api>
Handler UpdateOne(std::string_view message) {
  return [message](Call& call) -> absl::StatusOr<Reply> {
    auto id = PathId(call, 0, Api::kId);
    if (!id.ok()) return id.status();
    const typename Api::IdT key(*id);
    Transaction txn = call.engine.BeginTransaction();
    std::optional<typename Api::Value> v = Api::Find(txn, key);
    if (!v) return Api::NotFound();
    INVENTORY_RETURN_IF_ERROR(Api::Decode(call.fields(), false, &*v));
    INVENTORY_RETURN_IF_ERROR(Api::Update(txn, *v));
    Reply r = Ok(message);
    r.body[Api::kKey] = Api::Encode(txn, *Api::Find(txn, key));
    INVENTORY_RETURN_IF_ERROR(txn.Commit());
    return r;
  };
}

// One write on the path's id ({} first in the pattern), answering `message`.
template <class IdT>
Handler OnPathId(std::string_view field, std::string message, std::function<absl::Status(Transaction&, IdT)> write) {
  return [field, message = std::move(message), write = std::move(write)](Call& call) -> absl::StatusOr<Reply> {
    auto id = PathId(call, 0, field);
    if (!id.ok()) return id.status();
    return Write(call, message, [&](Transaction& t) { return write(t, IdT(*id)); });
  };
}

// The same write on every id of the query list `key` (all or none).
template <class IdT>
Handler OnListedIds(std::string_view key, std::string message, std::function<absl::Status(Transaction&, IdT)> write) {
  return [key, message = std::move(message), write = std::move(write)](Call& call) -> absl::StatusOr<Reply> {
    auto ids = QueryIds<IdT>(call, key);
    if (!ids.ok()) return ids.status();
    return Write(call, message, [&](Transaction& t) -> absl::Status {
      for (IdT id : *ids) INVENTORY_RETURN_IF_ERROR(write(t, id));
      return absl::OkStatus();
    });
  };
}

// GET/POST default bins of an item (plain or composite).
absl::StatusOr<Reply> GetDefaultBins(Call& call) {
  auto id = PathId(call, 0, "item_id");
  if (!id.ok()) return id.status();
  Snapshot snap = call.engine.GetSnapshot();
  if (snap.FindItem(ItemId(*id)) == nullptr) return ItemNotFound(ItemId(*id));
  json::array out;
  for (const Location* l : snap.ListLocations()) {
    if (auto bin = snap.DefaultStorageLocation(ItemId(*id), l->id)) {
      out.push_back(json::object{{"location_id", IdValue(l->id)},
                                 {"location_name", l->name},
                                 {"storage_id", IdValue(*bin)},
                                 {"storage_name", snap.FindStorageLocation(*bin)->name}});
    }
  }
  Reply r = Ok("success");
  r.body["default_storage_location_mapping"] = std::move(out);
  return r;
}

absl::StatusOr<Reply> ConfigureDefaultBins(Call& call) {
  auto id = PathId(call, 0, "item_id");
  if (!id.ok()) return id.status();
  return Write(call, "Default Preferred Bin Location Mapping configured for the item.",
               [&](Transaction& txn) -> absl::Status {
                 if (txn.FindItem(ItemId(*id)) == nullptr) return ItemNotFound(ItemId(*id));
                 INVENTORY_RETURN_IF_ERROR(call.fields().Require("default_storage_location_mapping"));
                 return call.fields().Objects(
                     "default_storage_location_mapping", [&](const FieldReader& f) -> absl::Status {
                       INVENTORY_RETURN_IF_ERROR(f.Require("storage_id"));
                       StorageLocationId bin;
                       INVENTORY_RETURN_IF_ERROR(f.Id("storage_id", &bin));
                       std::optional<StorageLocation> found = txn.FindStorageLocation(bin);
                       if (!found) return PrefixField(BinNotFound(), f.FieldName(""));
                       LocationId location = found->location_id;
                       INVENTORY_RETURN_IF_ERROR(f.Id("location_id", &location));
                       return PrefixField(txn.SetDefaultStorageLocation(ItemId(*id), location, bin), f.FieldName(""));
                     });
               });
}

}  // namespace

void RegisterTrackingRoutes(Router& router) {
  const Flavour f = Flavour::kInventory;
  router.Add("GET", f, "/items/serialnumbers", ListSerialNumbers);
  router.Add("GET", f, "/items/serialnumbers/{}", GetSerialNumber);
  router.Add("POST", f, "/items/{}/serialnumber/validate", [](Call& c) { return ValidateSerials(c, false); });
  router.Add("POST", f, "/items/{}/serialnumber/validateandmap", [](Call& c) { return ValidateSerials(c, true); });

  router.Add("POST", f, "/items/batches", CreateOne<BatchApi>("The batch has been created."));
  router.Add("GET", f, "/items/batches", ListBatches);
  router.Add("GET", f, "/items/batches/{}", GetOne<BatchApi>);
  router.Add("PUT", f, "/items/batches/{}", UpdateOne<BatchApi>("The batch has been updated."));
  const auto delete_batch = [](Transaction& t, BatchId id) { return t.DeleteBatch(id); };
  router.Add("DELETE", f, "/items/batches/{}", OnPathId<BatchId>("batch_id", "The batch has been deleted.", delete_batch));
  router.Add("DELETE", f, "/items/batches",
             OnListedIds<BatchId>("batch_ids", "The selected batches have been deleted.", delete_batch));
  for (auto [status, name] : {std::pair{Status::kActive, "active"}, std::pair{Status::kInactive, "inactive"}}) {
    auto batch_status = [status = status](Transaction& t, BatchId id) { return t.SetBatchStatus(id, status); };
    router.Add("POST", f, Cat("/items/batches/{}/", name),
               OnPathId<BatchId>("batch_id", Cat("The batch has been marked as ", name, "."), batch_status));
    router.Add("POST", f, Cat("/items/batches/", name),
               OnListedIds<BatchId>("batch_ids", Cat("The selected batches have been marked as ", name, "."),
                                    batch_status));
    router.Add("POST", f, Cat("/storagelocations/", name),
               OnListedIds<StorageLocationId>("storage_ids", "Bin locations updated.",
                                              [status = status](Transaction& t, StorageLocationId id) {
                                                return t.SetStorageLocationStatus(id, status);
                                              }));
  }

  for (auto [prefix, enable, message] :
       {std::tuple{"/locations/{}/storagelocations/", true, "The bin locations have been enabled."},
        std::tuple{"/locations/{}/storagelocations/", false, "The bin locations have been disabled."},
        std::tuple{"/settings/warehouses/{}/storagelocations/", true, "The bin locations have been enabled."},
        std::tuple{"/settings/warehouses/{}/storagelocations/", false, "The bin locations have been disabled."}}) {
    router.Add("POST", f, Cat(prefix, enable ? "enable" : "disable"),
               OnPathId<LocationId>("location_id", message, [enable = enable](Transaction& t, LocationId id) {
                 return t.SetStorageLocationsEnabled(id, enable);
               }));
  }
  router.Add("POST", f, "/storagelocations", CreateOne<BinApi>("Bin location has been Created."));
  router.Add("GET", f, "/storagelocations", ListBins);
  router.Add("GET", f, "/storagelocations/{}", GetOne<BinApi>);
  router.Add("PUT", f, "/storagelocations/{}", UpdateOne<BinApi>("Bin location updated."));
  const auto delete_bin = [](Transaction& t, StorageLocationId id) { return t.DeleteStorageLocation(id); };
  router.Add("DELETE", f, "/storagelocations/{}",
             OnPathId<StorageLocationId>("storage_id", "Bin Location Structure deleted successfully.", delete_bin));
  router.Add("DELETE", f, "/storagelocations",
             OnListedIds<StorageLocationId>("storage_ids", "Bin locations deleted.", delete_bin));
  for (const char* kind : {"items", "compositeitems"}) {
    router.Add("GET", f, Cat("/", kind, "/{}/defaultstoragemapping"), GetDefaultBins);
    router.Add("POST", f, Cat("/", kind, "/{}/configure/defaultstorage"), ConfigureDefaultBins);
  }
}

}  // namespace inventory::internal
