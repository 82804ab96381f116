#include "json/stock_codec.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <map>
#include <utility>

#include "absl/time/time.h"
#include "catalog/catalog_rules.h"  // ItemNotFound
#include "common/text.h"

namespace inventory::internal {
namespace {

__extension__ typedef __int128 Wide;

// n / d rounded half away from zero (d != 0).
int64_t DivRound(Wide n, Wide d) {
  Wide q = n / d;
  Wide r = n % d;
  Wide abs_r = r < 0 ? -r : r;
  Wide abs_d = d < 0 ? -d : d;
  if (2 * abs_r >= abs_d) q += (n < 0) != (d < 0) ? -1 : 1;
  return static_cast<int64_t>(q);
}

// Cost per unit of `total` spread over `quantity`.
Money PerUnit(Money total, Quantity quantity) {
  if (quantity.is_zero()) return Money();
  return Money::FromUnits(DivRound(Wide(total.units()) * Quantity::kScale, quantity.units()));
}

}  // namespace

Money Times(Money rate, Quantity quantity) {
  return Money::FromUnits(DivRound(Wide(rate.units()) * quantity.units(), Quantity::kScale));
}

bool Given(const FieldReader& in, std::string_view key) {
  const json::value* v = in.Get(key);
  return v != nullptr && !(v->is_string() && Trim(std::string_view(v->get_string().data(), v->get_string().size())).empty());
}

absl::Status OptionalMoney(const FieldReader& in, std::string_view key, std::optional<Money>* out) {
  if (!Given(in, key)) return absl::OkStatus();
  Money m;
  INVENTORY_RETURN_IF_ERROR(in.Money(key, &m));
  *out = m;
  return absl::OkStatus();
}

absl::Status Missing(const FieldReader& in, std::string_view key) {
  return InvalidArgumentError(in.FieldName(key), Cat(in.FieldName(key), " is required."), ApiCode::kMissingField);
}

absl::Status ReadLocation(const FieldReader& in, const Reader& reader, std::string_view key,
                          std::optional<LocationId>* out) {
  LocationId id;
  INVENTORY_RETURN_IF_ERROR(in.Id(key, &id));
  if (!id.valid()) return absl::OkStatus();
  if (reader.FindLocation(id) == nullptr) {
    return NotFoundError(in.FieldName(key), Cat("Location does not exist. (", in.FieldName(key), " ", id.value(), ")"));
  }
  *out = id;
  return absl::OkStatus();
}

std::string_view FirstGiven(const FieldReader& in, std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) {
    if (Given(in, k)) return k;
  }
  return "";
}

std::string LocationName(const Reader& reader, std::optional<LocationId> id) {
  if (!id) return "";
  const Location* l = reader.FindLocation(*id);
  return l ? l->name : "";
}

json::value OptionalIdValue(std::optional<LocationId> id) { return id ? IdValue(*id) : json::value(""); }

namespace {

// The value a document's postings moved at one cell: the sum of its rows in
// the item's history there (reversals included, so an edited document
// counts once).
Money DocumentValueAt(const Reader& reader, std::string_view kind, int64_t document_id, ItemId item,
                      LocationId location) {
  Money sum;
  for (const StockMovement& m : reader.StockHistory(item, location)) {
    if (m.document_id == document_id && m.document_type == kind) sum += m.value_change;
  }
  return sum;
}

}  // namespace

absl::Status DecodeSerials(const FieldReader& in, std::string_view key, std::vector<std::string>* out) {
  if (!Given(in, key)) return absl::OkStatus();
  return in.Strings(key, out);
}

absl::Status DecodeBatches(const FieldReader& in, std::string_view key, std::vector<Batch>* out) {
  if (!Given(in, key)) return absl::OkStatus();
  std::vector<Batch> batches;
  INVENTORY_RETURN_IF_ERROR(in.Objects(key, [&](const FieldReader& f) -> absl::Status {
    INVENTORY_RETURN_IF_ERROR(RefuseTracking(f, {"storages", "serial_numbers"}));
    Batch b;
    INVENTORY_RETURN_IF_ERROR(f.Text("batch_number", &b.batch_number));
    std::string_view quantity = FirstGiven(f, {"quantity", "in_quantity", "out_quantity"});
    if (quantity.empty()) return Missing(f, "quantity");
    INVENTORY_RETURN_IF_ERROR(f.Quantity(quantity, &b.quantity));
    INVENTORY_RETURN_IF_ERROR(OptionalMoney(f, "rate", &b.rate));
    std::string_view made = FirstGiven(f, {"manufactured_date", "manufacturer_date"});
    if (!made.empty()) INVENTORY_RETURN_IF_ERROR(f.Day(made, &b.manufactured_date));
    INVENTORY_RETURN_IF_ERROR(f.Day("expiry_date", &b.expiry_date));
    batches.push_back(std::move(b));
    return absl::OkStatus();
  }));
  *out = std::move(batches);
  return absl::OkStatus();
}

absl::Status DecodeStorages(const FieldReader& in, std::string_view key, std::vector<BinQuantity>* out) {
  if (!Given(in, key)) return absl::OkStatus();
  std::vector<BinQuantity> bins;
  INVENTORY_RETURN_IF_ERROR(in.Objects(key, [&](const FieldReader& f) -> absl::Status {
    INVENTORY_RETURN_IF_ERROR(RefuseTracking(f, {"serial_numbers", "batches"}));
    BinQuantity bin;
    std::string_view id = FirstGiven(f, {"storage_location_id", "storage_id"});
    if (!id.empty()) INVENTORY_RETURN_IF_ERROR(f.Text(id, &bin.storage_location_id));
    std::string_view quantity = FirstGiven(f, {"quantity", "in_quantity", "out_quantity"});
    if (quantity.empty()) return Missing(f, "quantity");
    INVENTORY_RETURN_IF_ERROR(f.Quantity(quantity, &bin.quantity));
    bins.push_back(std::move(bin));
    return absl::OkStatus();
  }));
  *out = std::move(bins);
  return absl::OkStatus();
}

namespace {

bool SameBatches(const std::vector<Batch>& a, const std::vector<Batch>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const Batch& x, const Batch& y) {
    return x.batch_number == y.batch_number && x.quantity == y.quantity && x.rate == y.rate &&
           x.manufactured_date == y.manufactured_date && x.expiry_date == y.expiry_date;
  });
}

bool SameStorages(const std::vector<BinQuantity>& a, const std::vector<BinQuantity>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const BinQuantity& x, const BinQuantity& y) {
    return x.storage_location_id == y.storage_location_id && x.quantity == y.quantity;
  });
}

bool Tracked(const OpeningStockInput::Line& l) {
  return !l.serial_numbers.empty() || !l.batches.empty() || !l.storages.empty();
}

// Reads a line's serial_numbers, batches and storages; refuses them where
// the line carries no stock (`has_stock` false).
absl::Status DecodeLineTracking(const FieldReader& f, bool has_stock, OpeningStockInput::Line* line) {
  if (!has_stock) {
    for (std::string_view key : {"serial_numbers", "batches", "storages"}) {
      const json::value* v = f.Get(key);
      if (v == nullptr || (v->is_array() && v->get_array().empty()) || !Given(f, key)) continue;
      return InvalidArgumentError(f.FieldName(key), Cat(f.FieldName(key), " is given without opening stock (",
                                                        f.FieldName("initial_stock"), ")."));
    }
    return absl::OkStatus();
  }
  INVENTORY_RETURN_IF_ERROR(DecodeSerials(f, "serial_numbers", &line->serial_numbers));
  INVENTORY_RETURN_IF_ERROR(DecodeBatches(f, "batches", &line->batches));
  return DecodeStorages(f, "storages", &line->storages);
}

}  // namespace

json::array SerialsValue(const std::vector<std::string>& serials) {
  json::array a;
  for (const std::string& s : serials) a.emplace_back(s);
  return a;
}

json::array BatchesValue(const std::vector<Batch>& batches, std::optional<Money> rate) {
  json::array a;
  for (const Batch& b : batches) {
    json::object o{{"batch_number", b.batch_number}, {"quantity", QuantityValue(b.quantity)}};
    if (rate) o["rate"] = MoneyValue(b.rate.value_or(*rate));
    o["manufactured_date"] = b.manufactured_date ? DayValue(*b.manufactured_date) : json::value("");
    o["expiry_date"] = b.expiry_date ? DayValue(*b.expiry_date) : json::value("");
    a.push_back(std::move(o));
  }
  return a;
}

json::array StoragesValue(const std::vector<BinQuantity>& bins) {
  json::array a;
  for (const BinQuantity& b : bins) {
    a.push_back(json::object{{"storage_location_id", b.storage_location_id}, {"quantity", QuantityValue(b.quantity)}});
  }
  return a;
}

json::array DocumentStoragesValue(const std::vector<BinQuantity>& bins, std::string_view quantity_key) {
  json::array a;
  for (const BinQuantity& b : bins) {
    json::object o{{"storage_id", b.storage_location_id}, {"storage_name", b.storage_location_id}};
    o[quantity_key] = QuantityValue(b.quantity);
    a.push_back(std::move(o));
  }
  return a;
}


absl::CivilDay Today(const Engine& engine) {
  const Options& options = engine.options();
  absl::Time now = options.clock ? options.clock() : absl::Now();
  return absl::ToCivilDay(now, absl::UTCTimeZone());
}

absl::Status RefuseTracking(const FieldReader& in, std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    const json::value* v = in.Get(key);
    if (v == nullptr) continue;
    if (v->is_array() && v->get_array().empty()) continue;
    if (v->is_string() && Trim(std::string_view(v->get_string().data(), v->get_string().size())).empty()) continue;
    return InvalidArgumentError(in.FieldName(key),
                                Cat(in.FieldName(key),
                                    " is not supported yet: stock is kept per item and location, without "
                                    "batches, serial numbers or bins (storages)."));
  }
  return absl::OkStatus();
}

std::string RequestField(const json::object& root, std::string_view field) {
  struct Alias {
    std::string_view name;
    std::array<std::string_view, 2> aliases;
  };
  static constexpr Alias kAliases[] = {
      {"quantity", {"in_quantity", "out_quantity"}},
      {"manufactured_date", {"manufacturer_date", ""}},
      {"storage_location_id", {"storage_id", ""}},
  };
  std::string out;
  const json::object* at = &root;
  size_t pos = 0;
  while (pos <= field.size()) {
    size_t dot = field.find('.', pos);
    std::string_view segment = field.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos);
    size_t bracket = segment.find('[');
    std::string_view key = segment.substr(0, bracket);
    std::string_view index = bracket == std::string_view::npos ? std::string_view() : segment.substr(bracket);
    if (at != nullptr && !at->contains(json::string_view(key.data(), key.size()))) {
      for (const auto& [name, aliases] : kAliases) {
        if (name != key) continue;
        for (std::string_view alias : aliases) {
          if (!alias.empty() && at->contains(json::string_view(alias.data(), alias.size()))) {
            key = alias;
            break;
          }
        }
      }
    }
    if (!out.empty()) out += '.';
    out += key;
    out += index;
    const json::value* v = at ? at->if_contains(json::string_view(key.data(), key.size())) : nullptr;
    if (v != nullptr && index.size() > 2) {
      size_t i = 0;
      auto r = std::from_chars(index.data() + 1, index.data() + index.size() - 1, i);
      v = r.ec == std::errc() && v->is_array() && i < v->get_array().size() ? &v->get_array()[i] : nullptr;
    }
    at = v != nullptr && v->is_object() ? &v->get_object() : nullptr;
    if (dot == std::string_view::npos) break;
    pos = dot + 1;
  }
  return out;
}

absl::Status WithRequestField(absl::Status status, const json::object& root) {
  std::string field = ErrorField(status);
  if (status.ok() || field.empty()) return status;
  std::string named = RequestField(root, field);
  if (named == field) return status;
  ApiCode code = ErrorApiCode(status);
  return WithDetail(std::move(status), named, code);
}

// ---------------------------------------------------------------------------
// Opening stock.

absl::StatusOr<OpeningStockInput> DecodeOpeningStock(const FieldReader& in, const Reader& reader) {
  OpeningStockInput out;
  out.prefix = in.FieldName("");
  std::optional<OpeningStockInput::Line> top;
  {
    OpeningStockInput::Line line{.field_prefix = out.prefix, .source = &in.object()};
    if (Given(in, "initial_stock")) {
      out.given = true;
      INVENTORY_RETURN_IF_ERROR(in.Quantity("initial_stock", &line.quantity));
      INVENTORY_RETURN_IF_ERROR(OptionalMoney(in, "initial_stock_rate", &line.rate));
    }
    INVENTORY_RETURN_IF_ERROR(DecodeLineTracking(in, !line.quantity.is_zero(), &line));
    if (!line.quantity.is_zero()) top = std::move(line);
  }
  std::vector<OpeningStockInput::Line> lines;
  INVENTORY_RETURN_IF_ERROR(in.Objects("locations", [&](const FieldReader& f) -> absl::Status {
    // An entry without initial_stock carries none (a GET answer's locations
    // sent back, say).
    if (!Given(f, "initial_stock")) {
      OpeningStockInput::Line none;
      return DecodeLineTracking(f, false, &none);
    }
    out.given = true;
    OpeningStockInput::Line line{.field_prefix = f.FieldName(""), .source = &f.object()};
    if (!Given(f, "location_id")) return Missing(f, "location_id");
    INVENTORY_RETURN_IF_ERROR(ReadLocation(f, reader, "location_id", &line.location_id));
    INVENTORY_RETURN_IF_ERROR(f.Quantity("initial_stock", &line.quantity));
    INVENTORY_RETURN_IF_ERROR(OptionalMoney(f, "initial_stock_rate", &line.rate));
    INVENTORY_RETURN_IF_ERROR(DecodeLineTracking(f, !line.quantity.is_zero(), &line));
    if (!line.quantity.is_zero()) lines.push_back(std::move(line));
    return absl::OkStatus();
  }));
  if (top) {
    // The top level is the primary location; locations[] may name it too
    // (as GET /variants/{id}/openingstock writes it), with the same figures.
    const Location* primary = reader.PrimaryLocation();
    for (auto it = lines.begin(); primary != nullptr && it != lines.end();) {
      if (it->location_id != primary->id) {
        ++it;
        continue;
      }
      // Tracking given on one side only is the line's; on both, it must agree.
      if (Tracked(*it) && !Tracked(*top)) {
        top->serial_numbers = it->serial_numbers;
        top->batches = it->batches;
        top->storages = it->storages;
        top->field_prefix = it->field_prefix;
        top->source = it->source;
      }
      if (it->quantity != top->quantity || it->rate != top->rate ||
          (Tracked(*it) && (it->serial_numbers != top->serial_numbers || !SameBatches(it->batches, top->batches) ||
                            !SameStorages(it->storages, top->storages)))) {
        return InvalidArgumentError(
            it->field_prefix + "location_id",
            Cat("The primary location's opening stock is given twice, as ", out.prefix, "initial_stock and as ",
                it->field_prefix, "initial_stock, with different figures."));
      }
      it = lines.erase(it);
    }
    lines.insert(lines.begin(), *top);
  }
  out.lines = std::move(lines);
  return out;
}

absl::Status ApplyOpeningStock(Transaction& txn, ItemId id, const OpeningStockInput& input, absl::CivilDay date) {
  const Item* item = txn.FindItem(id);
  if (item == nullptr) return ItemNotFound(id);
  std::vector<OpeningStock> lines;
  for (const OpeningStockInput::Line& l : input.lines) {
    lines.push_back(OpeningStock{.location_id = l.location_id.value_or(LocationId()),
                                 .quantity = l.quantity,
                                 .rate = l.rate.value_or(item->purchase_rate),
                                 .batches = l.batches,
                                 .serial_numbers = l.serial_numbers,
                                 .storages = l.storages});
  }
  absl::Status s = txn.SetOpeningStock(id, date, std::move(lines));
  if (s.ok()) return s;
  // The engine names "locations[i].<field>" by its line index, and "item_id"
  // when the item does not track stock; say which request field that was.
  std::string field = ErrorField(s);
  std::string named = Cat(input.lines.empty() ? input.prefix : input.lines[0].field_prefix, "initial_stock");
  if (field.starts_with("locations[")) {
    size_t close = field.find(']');
    size_t index = 0;
    auto r = std::from_chars(field.data() + 10, field.data() + close, index);
    if (close != std::string::npos && r.ec == std::errc() && index < input.lines.size() &&
        close + 1 < field.size() && field[close + 1] == '.') {
      const OpeningStockInput::Line& line = input.lines[index];
      std::string rest = field.substr(close + 2);
      named = line.field_prefix + (line.source ? RequestField(*line.source, rest) : rest);
    }
  }
  return WithDetail(std::move(s), named, ErrorApiCode(s));
}

json::object EncodeOpeningStock(const Reader& reader, ItemId id) {
  std::vector<OpeningStock> lines = reader.OpeningStockOf(id);
  const Location* primary = reader.PrimaryLocation();
  json::object o;
  // The top level is the primary location, as requests give it.
  Quantity top_quantity;
  Money top_rate;
  json::array top_serials, top_batches;
  json::array locations;
  for (const OpeningStock& l : lines) {
    json::array serials = SerialsValue(l.serial_numbers);
    json::array batches = BatchesValue(l.batches, l.rate);
    if (primary != nullptr && l.location_id == primary->id) {
      top_quantity = l.quantity;
      top_rate = l.rate;
      top_serials = serials;
      top_batches = batches;
    }
    locations.push_back(json::object{{"location_id", IdValue(l.location_id)},
                                     {"location_name", LocationName(reader, l.location_id)},
                                     {"initial_stock", QuantityValue(l.quantity)},
                                     {"initial_stock_rate", MoneyValue(l.rate)},
                                     {"serial_numbers", std::move(serials)},
                                     {"batches", std::move(batches)},
                                     {"storages", StoragesValue(l.storages)}});
  }
  o["initial_stock"] = QuantityValue(top_quantity);
  o["initial_stock_rate"] = MoneyValue(top_rate);
  o["serial_numbers"] = std::move(top_serials);
  o["batches"] = std::move(top_batches);
  o["locations"] = std::move(locations);
  return o;
}

// ---------------------------------------------------------------------------
// Inventory adjustments.

absl::Status DecodeAdjustment(const FieldReader& in, const Reader& reader, bool create, InventoryAdjustment* a) {
  for (std::string_view key : {"date", "reason", "adjustment_type", "line_items"}) {
    if (create || in.Has(key)) INVENTORY_RETURN_IF_ERROR(in.Require(key));
  }
  std::optional<absl::CivilDay> date;
  INVENTORY_RETURN_IF_ERROR(in.Day("date", &date));
  if (date) a->date = *date;
  INVENTORY_RETURN_IF_ERROR(in.Text("reason", &a->reason));
  INVENTORY_RETURN_IF_ERROR(in.Text("description", &a->description));
  INVENTORY_RETURN_IF_ERROR(in.Text("reference_number", &a->reference_number));
  std::string type;
  INVENTORY_RETURN_IF_ERROR(in.Enum("adjustment_type", {"quantity", "value"}, &type));
  if (!type.empty()) a->adjustment_type = type == "value" ? AdjustmentType::kValue : AdjustmentType::kQuantity;
  if (in.Has("location_id")) {
    std::optional<LocationId> location;
    INVENTORY_RETURN_IF_ERROR(ReadLocation(in, reader, "location_id", &location));
    a->location_id = location;
  }
  if (!in.Has("line_items")) return absl::OkStatus();
  const bool by_value = a->adjustment_type == AdjustmentType::kValue;
  std::vector<AdjustmentLine> lines;
  INVENTORY_RETURN_IF_ERROR(in.Objects("line_items", [&](const FieldReader& f) -> absl::Status {
    AdjustmentLine line;
    INVENTORY_RETURN_IF_ERROR(DecodeSerials(f, "serial_numbers", &line.serial_numbers));
    INVENTORY_RETURN_IF_ERROR(DecodeBatches(f, "batches", &line.batches));
    INVENTORY_RETURN_IF_ERROR(DecodeStorages(f, "storages", &line.storages));
    INVENTORY_RETURN_IF_ERROR(f.Require("item_id"));
    INVENTORY_RETURN_IF_ERROR(f.Id("item_id", &line.item_id));
    if (by_value) {
      // A value adjustment names the value in item_total (or value_adjusted).
      std::string_view key = FirstGiven(f, {"item_total", "value_adjusted"});
      if (key.empty()) return Missing(f, "item_total");
      INVENTORY_RETURN_IF_ERROR(OptionalMoney(f, key, &line.item_total));
    } else {
      INVENTORY_RETURN_IF_ERROR(f.Require("quantity_adjusted"));
      INVENTORY_RETURN_IF_ERROR(OptionalMoney(f, "item_total", &line.item_total));
    }
    INVENTORY_RETURN_IF_ERROR(f.Quantity("quantity_adjusted", &line.quantity_adjusted));
    INVENTORY_RETURN_IF_ERROR(f.Text("adjustment_account_id", &line.adjustment_account_id));
    INVENTORY_RETURN_IF_ERROR(f.Text("adjustment_account_name", &line.adjustment_account_name));
    INVENTORY_RETURN_IF_ERROR(ReadLocation(f, reader, "location_id", &line.location_id));
    lines.push_back(std::move(line));
    return absl::OkStatus();
  }));
  a->line_items = std::move(lines);
  return absl::OkStatus();
}

json::object EncodeAdjustment(const Reader& reader, const InventoryAdjustment& a, bool with_lines) {
  // The value each line moved: what the request fixed (a value adjustment's
  // item_total, the cost of stock added), else what the ledger took (the
  // cost of stock removed, stock added at the purchase rate). Lines on one
  // cell share the ledger's figure: the first open line gets what is left.
  std::vector<std::optional<Money>> values(a.line_items.size());
  std::map<std::pair<int64_t, int64_t>, Money> left;
  for (size_t i = 0; i < a.line_items.size(); ++i) {
    const AdjustmentLine& l = a.line_items[i];
    auto cell = std::make_pair(l.item_id.value(), l.location_id ? l.location_id->value() : 0);
    if (!left.contains(cell) && l.location_id) {
      left[cell] = DocumentValueAt(reader, "adjustment", a.id.value(), l.item_id, *l.location_id);
    }
    if (a.adjustment_type == AdjustmentType::kValue ||
        (l.quantity_adjusted > Quantity() && l.item_total)) {
      values[i] = l.item_total.value_or(Money());
      left[cell] -= *values[i];
    }
  }
  for (size_t i = 0; i < a.line_items.size(); ++i) {
    if (values[i]) continue;
    const AdjustmentLine& l = a.line_items[i];
    auto cell = std::make_pair(l.item_id.value(), l.location_id ? l.location_id->value() : 0);
    values[i] = left[cell];
    left[cell] = Money();
  }
  Money total;
  for (const auto& v : values) total += *v;

  json::object o;
  o["inventory_adjustment_id"] = IdValue(a.id);
  o["date"] = DayValue(a.date);
  o["reason"] = a.reason;
  o["description"] = a.description;
  o["reference_number"] = a.reference_number;
  o["adjustment_type"] = a.adjustment_type == AdjustmentType::kValue ? "value" : "quantity";
  o["location_id"] = OptionalIdValue(a.location_id);
  o["location_name"] = LocationName(reader, a.location_id);
  if (with_lines) {
    json::array lines;
    for (size_t i = 0; i < a.line_items.size(); ++i) {
      const AdjustmentLine& l = a.line_items[i];
      const Item* item = reader.FindItem(l.item_id);
      json::object e;
      e["item_id"] = IdValue(l.item_id);
      e["name"] = item ? item->name : "";
      e["description"] = item ? item->description : "";
      e["quantity_adjusted"] = QuantityValue(l.quantity_adjusted);
      e["item_total"] = MoneyValue(*values[i]);
      e["unit"] = item ? item->unit : "";
      e["is_combo_product"] = item != nullptr && item->is_composite();
      e["adjustment_account_id"] = l.adjustment_account_id;
      e["adjustment_account_name"] = l.adjustment_account_name;
      e["location_id"] = OptionalIdValue(l.location_id);
      e["location_name"] = LocationName(reader, l.location_id);
      e["serial_numbers"] = SerialsValue(l.serial_numbers);
      e["batches"] = BatchesValue(l.batches, std::nullopt);
      e["storages"] = DocumentStoragesValue(
          l.storages, l.quantity_adjusted < Quantity() ? "out_quantity" : "in_quantity");
      lines.push_back(std::move(e));
    }
    o["line_items"] = std::move(lines);
  }
  o["total"] = MoneyValue(total);
  o["custom_fields"] = json::array();
  o["created_time"] = TimeValue(a.created_time);
  o["last_modified_time"] = TimeValue(a.last_modified_time);
  return o;
}

// ---------------------------------------------------------------------------
// Transfer orders.

std::string_view TransferStatusName(TransferStatus status) {
  switch (status) {
    case TransferStatus::kDraft: return "draft";
    case TransferStatus::kInTransit: return "in_transit";
    case TransferStatus::kTransferred: return "transferred";
  }
  return "draft";
}

absl::Status DecodeTransferOrder(const FieldReader& in, const Reader& reader, bool create, TransferOrder* o) {
  for (std::string_view key : {"transfer_order_number", "date", "line_items"}) {
    if (create || in.Has(key)) INVENTORY_RETURN_IF_ERROR(in.Require(key));
  }
  INVENTORY_RETURN_IF_ERROR(in.Text("transfer_order_number", &o->transfer_order_number));
  std::optional<absl::CivilDay> date;
  INVENTORY_RETURN_IF_ERROR(in.Day("date", &date));
  if (date) o->date = *date;
  INVENTORY_RETURN_IF_ERROR(in.Text("description", &o->description));
  for (auto [keys, out] : {std::pair{std::pair{"from_location_id", "from_warehouse_id"}, &o->from_location_id},
                           std::pair{std::pair{"to_location_id", "to_warehouse_id"}, &o->to_location_id}}) {
    std::string_view key = FirstGiven(in, {keys.first, keys.second});
    if (key.empty()) {
      if (create || in.Has(keys.first) || in.Has(keys.second)) return Missing(in, keys.first);
      continue;
    }
    std::optional<LocationId> location;
    INVENTORY_RETURN_IF_ERROR(ReadLocation(in, reader, key, &location));
    *out = *location;
  }
  if (create) {
    // is_intransit_order picks in transit or transferred; "status" may also
    // say draft (and wins when both are given).
    bool in_transit = false;
    INVENTORY_RETURN_IF_ERROR(in.Bool("is_intransit_order", &in_transit));
    std::string status;
    INVENTORY_RETURN_IF_ERROR(in.Enum("status", {"draft", "in_transit", "transferred"}, &status));
    if (status == "draft") o->status = TransferStatus::kDraft;
    else if (status == "in_transit" || (status.empty() && in_transit)) o->status = TransferStatus::kInTransit;
    else o->status = TransferStatus::kTransferred;
  }
  if (!in.Has("line_items")) return absl::OkStatus();
  TransferLines lines;
  INVENTORY_RETURN_IF_ERROR(in.Objects("line_items", [&](const FieldReader& f) -> absl::Status {
    TransferLine line;
    INVENTORY_RETURN_IF_ERROR(DecodeSerials(f, "serial_numbers", &line.serial_numbers));
    INVENTORY_RETURN_IF_ERROR(DecodeBatches(f, "batches", &line.batches));
    INVENTORY_RETURN_IF_ERROR(DecodeStorages(f, "from_storages", &line.from_storages));
    INVENTORY_RETURN_IF_ERROR(DecodeStorages(f, "to_storages", &line.to_storages));
    for (std::string_view key : {"item_id", "name", "quantity_transfer"}) INVENTORY_RETURN_IF_ERROR(f.Require(key));
    INVENTORY_RETURN_IF_ERROR(f.Id("item_id", &line.item_id));
    INVENTORY_RETURN_IF_ERROR(f.Text("name", &line.name));
    INVENTORY_RETURN_IF_ERROR(f.Quantity("quantity_transfer", &line.quantity_transfer));
    INVENTORY_RETURN_IF_ERROR(f.Text("unit", &line.unit));
    lines.push_back(std::move(line));
    return absl::OkStatus();
  }));
  o->line_items = std::move(lines);
  return absl::OkStatus();
}

json::object EncodeTransferOrder(const Reader& reader, const TransferOrder& t, bool with_lines) {
  json::object o;
  o["transfer_order_id"] = IdValue(t.id);
  o["transfer_order_number"] = t.transfer_order_number;
  o["date"] = DayValue(t.date);
  o["from_location_id"] = IdValue(t.from_location_id);
  o["from_location_name"] = LocationName(reader, t.from_location_id);
  o["to_location_id"] = IdValue(t.to_location_id);
  o["to_location_name"] = LocationName(reader, t.to_location_id);
  if (with_lines) {
    json::array lines;
    for (const TransferLine& l : t.line_items) {
      const Item* item = reader.FindItem(l.item_id);
      lines.push_back(json::object{{"item_id", IdValue(l.item_id)},
                                   {"name", !l.name.empty() || item == nullptr ? l.name : item->name},
                                   {"quantity_transfer", QuantityValue(l.quantity_transfer)},
                                   {"unit", !l.unit.empty() || item == nullptr ? l.unit : item->unit},
                                   {"serial_numbers", SerialsValue(l.serial_numbers)},
                                   {"batches", BatchesValue(l.batches, std::nullopt)},
                                   {"from_storages", DocumentStoragesValue(l.from_storages, "out_quantity")},
                                   {"to_storages", DocumentStoragesValue(l.to_storages, "in_quantity")}});
    }
    o["line_items"] = std::move(lines);
  }
  o["is_intransit_order"] = t.status == TransferStatus::kInTransit;
  o["description"] = t.description;
  o["status"] = std::string(TransferStatusName(t.status));
  o["custom_fields"] = json::array();
  o["created_time"] = TimeValue(t.created_time);
  o["last_modified_time"] = TimeValue(t.last_modified_time);
  return o;
}

// ---------------------------------------------------------------------------
// Bundles.

std::string_view BundleStatusName(BundleStatus status) {
  switch (status) {
    case BundleStatus::kDraft: return "draft";
    case BundleStatus::kConfirmed: return "confirmed";
    case BundleStatus::kBuilt: return "built";
  }
  return "draft";
}

absl::Status DecodeBundle(const FieldReader& in, const Reader& reader, Bundle* b) {
  for (std::string_view key : {"reference_number", "date", "composite_item_id", "composite_item_name",
                               "quantity_to_bundle", "line_items"}) {
    INVENTORY_RETURN_IF_ERROR(in.Require(key));
  }
  std::string status;
  INVENTORY_RETURN_IF_ERROR(in.Enum("status", {"draft", "confirmed", "built", "bundled"}, &status));
  // is_completed: true builds the bundle (the reference's only status);
  // "status" may say draft or confirmed instead, and wins when both are given.
  if (status.empty()) INVENTORY_RETURN_IF_ERROR(in.Require("is_completed"));
  bool completed = false;
  INVENTORY_RETURN_IF_ERROR(in.Bool("is_completed", &completed));
  if (status == "draft") b->status = BundleStatus::kDraft;
  else if (status == "confirmed") b->status = BundleStatus::kConfirmed;
  else if (!status.empty() || completed) b->status = BundleStatus::kBuilt;
  else b->status = BundleStatus::kDraft;
  INVENTORY_RETURN_IF_ERROR(DecodeStorages(in, "finished_product_storages", &b->finished_product_storages));
  INVENTORY_RETURN_IF_ERROR(
      DecodeSerials(in, "finished_product_serial_numbers", &b->finished_product_serial_numbers));
  INVENTORY_RETURN_IF_ERROR(DecodeBatches(in, "finished_product_batches", &b->finished_product_batches));
  INVENTORY_RETURN_IF_ERROR(in.Text("reference_number", &b->reference_number));
  std::optional<absl::CivilDay> date;
  INVENTORY_RETURN_IF_ERROR(in.Day("date", &date));
  if (date) b->date = *date;
  INVENTORY_RETURN_IF_ERROR(in.Text("description", &b->description));
  INVENTORY_RETURN_IF_ERROR(in.Id("composite_item_id", &b->composite_item_id));
  INVENTORY_RETURN_IF_ERROR(in.Text("composite_item_name", &b->composite_item_name));
  INVENTORY_RETURN_IF_ERROR(in.Quantity("quantity_to_bundle", &b->quantity_to_bundle));
  if (std::string_view key = FirstGiven(in, {"location_id", "warehouse_id"}); !key.empty()) {
    INVENTORY_RETURN_IF_ERROR(ReadLocation(in, reader, key, &b->location_id));
  }
  BundleLines lines;
  INVENTORY_RETURN_IF_ERROR(in.Objects("line_items", [&](const FieldReader& f) -> absl::Status {
    BundleLine line;
    INVENTORY_RETURN_IF_ERROR(DecodeSerials(f, "serial_numbers", &line.serial_numbers));
    INVENTORY_RETURN_IF_ERROR(DecodeBatches(f, "batches", &line.batches));
    INVENTORY_RETURN_IF_ERROR(DecodeStorages(f, "storages", &line.storages));
    for (std::string_view key : {"item_id", "name", "quantity_consumed", "account_id"}) {
      INVENTORY_RETURN_IF_ERROR(f.Require(key));
    }
    std::string_view where = FirstGiven(f, {"warehouse_id", "location_id"});
    if (where.empty()) return Missing(f, "warehouse_id");
    INVENTORY_RETURN_IF_ERROR(f.Id("item_id", &line.item_id));
    INVENTORY_RETURN_IF_ERROR(f.Text("name", &line.name));
    INVENTORY_RETURN_IF_ERROR(f.Quantity("quantity_consumed", &line.quantity_consumed));
    INVENTORY_RETURN_IF_ERROR(f.Text("account_id", &line.account_id));
    INVENTORY_RETURN_IF_ERROR(ReadLocation(f, reader, where, &line.location_id));
    lines.push_back(std::move(line));
    return absl::OkStatus();
  }));
  b->line_items = std::move(lines);
  return absl::OkStatus();
}

json::object EncodeBundle(const Reader& reader, const Bundle& b) {
  const bool built = b.status == BundleStatus::kBuilt;
  const Item* composite = reader.FindItem(b.composite_item_id);
  // A built bundle's cost comes from the ledger: what each component left
  // its location at, and the composite's value in. Until built, nothing
  // has a cost yet.
  Money total;
  if (built && b.location_id) {
    total = DocumentValueAt(reader, "bundle", b.id.value(), b.composite_item_id, *b.location_id);
  }
  json::object o;
  o["bundle_id"] = IdValue(b.id);
  o["reference_number"] = b.reference_number;
  o["date"] = DayValue(b.date);
  o["description"] = b.description;
  o["composite_item_id"] = IdValue(b.composite_item_id);
  if (const Item* composite = reader.FindItem(b.composite_item_id); composite && b.composite_item_name.empty()) {
    o["composite_item_name"] = composite->name;
  } else {
    o["composite_item_name"] = b.composite_item_name;
  }
  o["composite_item_sku"] = composite ? composite->sku : "";
  o["quantity_to_bundle"] = QuantityValue(b.quantity_to_bundle);
  o["status"] = std::string(BundleStatusName(b.status));
  o["is_completed"] = built;
  o["total"] = MoneyValue(total);
  o["location_id"] = OptionalIdValue(b.location_id);
  o["location_name"] = LocationName(reader, b.location_id);
  o["warehouse_id"] = OptionalIdValue(b.location_id);
  o["warehouse_name"] = LocationName(reader, b.location_id);
  json::array lines;
  for (size_t i = 0; i < b.line_items.size(); ++i) {
    const BundleLine& l = b.line_items[i];
    const Item* item = reader.FindItem(l.item_id);
    Money rate;
    if (built && l.location_id) {
      rate = PerUnit(-DocumentValueAt(reader, "bundle", b.id.value(), l.item_id, *l.location_id),
                     l.quantity_consumed);
    }
    json::object e;
    e["item_id"] = IdValue(l.item_id);
    e["item_order"] = static_cast<int64_t>(i + 1);
    e["name"] = l.name.empty() && item ? item->name : l.name;
    e["description"] = item ? item->description : "";
    e["quantity_consumed"] = QuantityValue(l.quantity_consumed);
    e["unit"] = item ? item->unit : "";
    e["account_id"] = l.account_id;
    e["location_id"] = OptionalIdValue(l.location_id);
    e["location_name"] = LocationName(reader, l.location_id);
    e["warehouse_id"] = OptionalIdValue(l.location_id);
    e["warehouse_name"] = LocationName(reader, l.location_id);
    e["rate"] = MoneyValue(rate);
    e["serial_numbers"] = SerialsValue(l.serial_numbers);
    e["batches"] = BatchesValue(l.batches, std::nullopt);
    e["storages"] = DocumentStoragesValue(l.storages, "out_quantity");
    lines.push_back(std::move(e));
  }
  o["line_items"] = std::move(lines);
  o["finished_product_storages"] = DocumentStoragesValue(b.finished_product_storages, "in_quantity");
  o["finished_product_serial_numbers"] = SerialsValue(b.finished_product_serial_numbers);
  o["finished_product_batches"] = BatchesValue(b.finished_product_batches, std::nullopt);
  o["custom_fields"] = json::array();
  o["created_time"] = TimeValue(b.created_time);
  o["last_modified_time"] = TimeValue(b.last_modified_time);
  return o;
}

// ---------------------------------------------------------------------------
// Stock history.

json::object EncodeMovement(const Reader& reader, const StockMovement& m) {
  json::object o;
  o["date"] = DayValue(m.date);
  o["document_type"] = m.document_type;
  o["document_id"] = IdText(m.document_id);
  o["document_number"] = m.document_number;
  o["is_reversal"] = m.reversal;
  o["location_id"] = IdValue(m.location_id);
  o["location_name"] = LocationName(reader, m.location_id);
  o["stock_on_hand_change"] = QuantityValue(m.stock_on_hand_change);
  o["available_stock_change"] = QuantityValue(m.available_stock_change);
  o["quantity_in_transit_change"] = QuantityValue(m.quantity_in_transit_change);
  o["value_change"] = MoneyValue(m.value_change);
  o["stock_on_hand"] = QuantityValue(m.stock_on_hand);
  o["available_stock"] = QuantityValue(m.available_stock);
  return o;
}

}  // namespace inventory::internal
