#include "catalog/catalog_rules.h"

#include <algorithm>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "common/text.h"
#include "inventory/errors.h"

namespace inventory {

namespace {
template <class E, size_t N>
std::optional<E> FromTable(std::string_view s, const std::pair<E, std::string_view> (&table)[N]) {
  for (const auto& [e, name] : table) {
    if (name == s) return e;
  }
  return std::nullopt;
}
template <class E, size_t N>
std::string_view ToTable(E v, const std::pair<E, std::string_view> (&table)[N]) {
  for (const auto& [e, name] : table) {
    if (e == v) return name;
  }
  return "";
}
constexpr std::pair<ItemType, std::string_view> kItemTypes[] = {
    {ItemType::kInventory, "inventory"},
    {ItemType::kSales, "sales"},
    {ItemType::kPurchases, "purchases"},
    {ItemType::kSalesAndPurchases, "sales_and_purchases"}};
constexpr std::pair<ProductType, std::string_view> kProductTypes[] = {
    {ProductType::kGoods, "goods"},
    {ProductType::kService, "service"},
    {ProductType::kDigitalService, "digital_service"}};
constexpr std::pair<Status, std::string_view> kStatuses[] = {{Status::kActive, "active"},
                                                             {Status::kInactive, "inactive"}};
constexpr std::pair<TaxSpecification, std::string_view> kTaxSpecs[] = {
    {TaxSpecification::kIntra, "intra"}, {TaxSpecification::kInter, "inter"}};
}  // namespace

std::string_view ToString(ItemType v) { return ToTable(v, kItemTypes); }
std::string_view ToString(ProductType v) { return ToTable(v, kProductTypes); }
std::string_view ToString(Status v) { return ToTable(v, kStatuses); }
std::string_view ToString(TaxSpecification v) { return ToTable(v, kTaxSpecs); }
std::optional<ItemType> ParseItemType(std::string_view s) { return FromTable(s, kItemTypes); }
std::optional<ProductType> ParseProductType(std::string_view s) { return FromTable(s, kProductTypes); }
std::optional<Status> ParseStatus(std::string_view s) { return FromTable(s, kStatuses); }
std::optional<TaxSpecification> ParseTaxSpecification(std::string_view s) {
  return FromTable(s, kTaxSpecs);
}
AttributeOptions::AttributeOptions(std::array<std::string, 3> names) {
  if (!names[0].empty() || !names[1].empty() || !names[2].empty()) {
    names_ = std::make_unique<std::array<std::string, 3>>(std::move(names));
  }
}
AttributeOptions::AttributeOptions(const AttributeOptions& o)
    : names_(o.names_ ? std::make_unique<std::array<std::string, 3>>(*o.names_) : nullptr) {}
AttributeOptions& AttributeOptions::operator=(const AttributeOptions& o) {
  if (this != &o) names_ = o.names_ ? std::make_unique<std::array<std::string, 3>>(*o.names_) : nullptr;
  return *this;
}
std::string& AttributeOptions::operator[](size_t i) {
  if (!names_) names_ = std::make_unique<std::array<std::string, 3>>();
  return (*names_)[i];
}
bool AttributeOptions::none_set() const {
  return !names_ || ((*names_)[0].empty() && (*names_)[1].empty() && (*names_)[2].empty());
}
std::array<std::string, 3> AttributeOptions::ToArray() const {
  return names_ ? *names_ : std::array<std::string, 3>();
}
const std::string& AttributeOptions::Empty() {
  static const std::string kEmpty[3];
  return kEmpty[0];
}
bool operator==(const AttributeOptions& a, const AttributeOptions& b) {
  for (size_t i = 0; i < 3; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

bool operator==(const CustomField& a, const CustomField& b) {
  return a.customfield_id == b.customfield_id && a.api_name == b.api_name &&
         a.label == b.label && a.value == b.value;
}
bool operator==(const TaxPreference& a, const TaxPreference& b) {
  return a.tax_id == b.tax_id && a.tax_specification == b.tax_specification;
}

namespace internal {

size_t CharCount(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

absl::Status ItemNotFound(ItemId id) {
  return NotFoundError("item_id", Cat(kItemNotFoundMessage, " (item_id ", id.value(), ")"),
                       ApiCode::kItemNotFound);
}
absl::Status GroupNotFound(GroupId id) {
  return NotFoundError("group_id", Cat("Item group does not exist. (group_id ", id.value(), ")"));
}
absl::Status LocationNotFound(LocationId id) {
  return NotFoundError("location_id", Cat("Location does not exist. (location_id ", id.value(), ")"));
}

namespace {

absl::Status CheckLength(std::string_view field, std::string_view value, size_t max) {
  if (CharCount(value) > max) {
    return InvalidArgumentError(field, Cat(field, " must be at most ", max, " characters."),
                                ApiCode::kTooLong);
  }
  return absl::OkStatus();
}

absl::Status CheckName(std::string_view field, std::string_view name) {
  if (Trim(name).empty()) {
    return InvalidArgumentError(field, Cat(field, " is required."), ApiCode::kMissingField);
  }
  return CheckLength(field, name, kMaxNameLength);
}

absl::Status CheckBarcode(const CatalogState& state, std::string_view field, std::string_view code) {
  if (code.empty()) return absl::OkStatus();
  if (!IsDigits(code)) {
    return InvalidArgumentError(field, Cat(field, " must contain digits only."),
                                ApiCode::kBadBarcode);
  }
  if (state.options.strict_barcodes) {
    bool ok = field == "upc" ? ValidUpc(code) : field == "ean" ? ValidEan(code) : ValidIsbn(code);
    if (!ok) {
      std::string_view rule = field == "upc"   ? "a 12-digit UPC-A with a valid check digit"
                              : field == "ean" ? "a 13-digit EAN with a valid check digit"
                                               : "a 10- or 13-digit ISBN with a valid check digit";
      return InvalidArgumentError(field, Cat(field, " must be ", rule, "."),
                                  ApiCode::kBadBarcode);
    }
  }
  return absl::OkStatus();
}

absl::Status CheckUniqueCode(const CatalogState& state, std::string_view field,
                             const std::string& code, ItemId self,
                             const Item* (ItemTable::*find)(std::string_view) const) {
  if (code.empty()) return absl::OkStatus();
  const Item* other = (state.items.*find)(code);
  if (other != nullptr && other->id != self) {
    return AlreadyExistsError(field, Cat("The ", field, " '", code,
                                         "' is already used by the item '", other->name, "'."));
  }
  return absl::OkStatus();
}

absl::Status CheckNotNegative(std::string_view field, int64_t units) {
  if (units < 0) {
    return InvalidArgumentError(field, Cat(field, " must not be negative."));
  }
  return absl::OkStatus();
}

// True if `target` is reachable from `from` through mapped items.
bool Reaches(const CatalogState& state, ItemId from, ItemId target,
             absl::flat_hash_set<ItemId>& seen) {
  if (from == target) return true;
  if (!seen.insert(from).second) return false;
  const Item* it = state.items.Find(from);
  if (it == nullptr) return false;
  for (const MappedItem& m : it->mapped_items) {
    if (Reaches(state, m.item_id, target, seen)) return true;
  }
  return false;
}

absl::Status ValidateMappedItems(const CatalogState& state, const Item& item) {
  if (item.item_type != ItemType::kInventory) {
    return InvalidArgumentError("item_type", "item_type of a composite item must be inventory.",
                                ApiCode::kBadEnum);
  }
  if (Trim(item.sku).empty()) {
    return InvalidArgumentError("sku", "sku is required.", ApiCode::kMissingField);
  }
  absl::flat_hash_set<ItemId> ids;
  for (size_t i = 0; i < item.mapped_items.size(); ++i) {
    const MappedItem& m = item.mapped_items[i];
    std::string field = Cat("mapped_items[", i, "]");
    if (m.item_id == item.id) {
      return FailedPreconditionError(Cat(field, ".item_id"),
                                     "A composite item cannot contain itself.", ApiCode::kCycle);
    }
    if (state.items.Find(m.item_id) == nullptr) {
      return PrefixField(ItemNotFound(m.item_id), field + ".");
    }
    if (!ids.insert(m.item_id).second) {
      return InvalidArgumentError(Cat(field, ".item_id"),
                                  Cat("The item ", m.item_id.value(),
                                               " appears more than once in mapped_items."));
    }
    if (m.quantity.units() <= 0) {
      return InvalidArgumentError(Cat(field, ".quantity"),
                                  "quantity of a mapped item must be greater than 0.");
    }
    absl::flat_hash_set<ItemId> seen;
    if (item.id.valid() && Reaches(state, m.item_id, item.id, seen)) {
      return FailedPreconditionError(
          Cat(field, ".item_id"),
          Cat("A composite item cannot contain itself: item ", m.item_id.value(),
                       " already contains it."),
          ApiCode::kCycle);
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateVariant(const CatalogState& state, const Item& item) {
  auto& groups = state.groups.get<ById>();
  auto git = groups.find(*item.group_id);
  if (git == groups.end()) return GroupNotFound(*item.group_id);
  if (item.item_type != ItemType::kInventory) {
    return InvalidArgumentError("item_type", "An item in an item group must be of type inventory.",
                                ApiCode::kBadEnum);
  }
  if (item.is_composite()) {
    return InvalidArgumentError("group_id", "A composite item cannot belong to an item group.");
  }
  const auto& attrs = git->attributes;
  for (size_t a = 0; a < kMaxAttributes; ++a) {
    std::string field = Cat("attribute_option_name", a + 1);
    // Options compare trimmed, as AddOptions stores them.
    std::string_view option = Trim(item.attribute_options[a]);
    if (a >= attrs.size()) {
      if (!option.empty()) {
        return InvalidArgumentError(field, Cat("The item group has no attribute ", a + 1, "."));
      }
      continue;
    }
    if (option.empty()) {
      return InvalidArgumentError(field, Cat(field, " is required for attribute '",
                                                      attrs[a].name, "'."),
                                  ApiCode::kMissingField);
    }
    bool known = std::any_of(attrs[a].options.begin(), attrs[a].options.end(),
                             [&](const AttributeOption& o) { return IEquals(o.name, option); });
    if (!known) {
      return InvalidArgumentError(field, Cat("'", option, "' is not an option of attribute '",
                                                      attrs[a].name, "'."));
    }
  }
  if (!attrs.empty()) {
    for (const Item* it : state.items.InGroup(*item.group_id)) {
      if (it->id == item.id) continue;
      bool same = true;
      for (size_t a = 0; a < attrs.size(); ++a) {
        same = same && IEquals(Trim(it->attribute_options[a]), Trim(item.attribute_options[a]));
      }
      if (same) {
        return AlreadyExistsError("attribute_option_name1",
                                  Cat("The item '", it->name,
                                               "' of this group already has the same attribute options."));
      }
    }
  }
  return absl::OkStatus();
}

// Serial or batch tracking, not both; and fixed once stock was posted (the
// stock's serials or batches would no longer match the item). On update the
// stored item is still the old one: ValidateItem runs before the write.
absl::Status CheckTracking(const CatalogState& state, const Item& item) {
  if (item.track_serial_number && item.track_batch_number) {
    return InvalidArgumentError("track_batch_number", "An item tracks serial numbers or batches, not both.");
  }
  const Item* old = state.items.Find(item.id);
  if (old == nullptr || !state.has_transactions(item.id)) return absl::OkStatus();
  const char* field = old->track_serial_number != item.track_serial_number  ? "track_serial_number"
                      : old->track_batch_number != item.track_batch_number ? "track_batch_number"
                                                                           : nullptr;
  if (field == nullptr) {
    // Whether its stock is counted at all: the ledger's postings and the
    // orders' open quantities of the item were made under the old answer.
    if (TracksStock(*old) == TracksStock(item)) return absl::OkStatus();
    return FailedPreconditionError("track_inventory",
                                   "Inventory tracking cannot be changed for Items having transactions");
  }
  return FailedPreconditionError(field,
                                 "Serial number and batch tracking cannot be changed for Items having transactions");
}

}  // namespace

const Item* FindOtherBySku(const CatalogState& state, std::string_view sku, ItemId self) {
  if (Trim(sku).empty()) return nullptr;
  const Item* other = state.items.FindBySku(sku);
  return other != nullptr && other->id != self ? other : nullptr;
}

absl::Status ValidateItem(const CatalogState& state, const Item& item) {
  if (auto s = CheckName("name", item.name); !s.ok()) return s;
  if (auto s = CheckLength("description", item.description, kMaxDescriptionLength); !s.ok()) return s;
  if (auto s = CheckLength("purchase_description", item.details->purchase_description,
                           kMaxDescriptionLength);
      !s.ok()) {
    return s;
  }
  if (auto s = CheckLength("avatax_tax_code", item.details->avatax_tax_code, kMaxAvataxCodeLength); !s.ok()) return s;
  if (auto s = CheckLength("avatax_use_code", item.details->avatax_use_code, kMaxAvataxCodeLength); !s.ok()) return s;
  if (auto s = CheckNotNegative("rate", item.rate.units()); !s.ok()) return s;
  if (auto s = CheckNotNegative("purchase_rate", item.purchase_rate.units()); !s.ok()) return s;
  if (auto s = CheckNotNegative("reorder_level", item.reorder_level.units()); !s.ok()) return s;
  if (auto s = CheckBarcode(state, "upc", item.upc); !s.ok()) return s;
  if (auto s = CheckBarcode(state, "ean", item.ean); !s.ok()) return s;
  if (auto s = CheckBarcode(state, "isbn", item.isbn); !s.ok()) return s;
  if (const Item* other = FindOtherBySku(state, item.sku, item.id)) {
    return AlreadyExistsError("sku", Cat("The SKU '", Trim(item.sku),
                                                  "' is already used by the item '", other->name, "'."));
  }
  if (auto s = CheckUniqueCode(state, "upc", item.upc, item.id, &ItemTable::FindByUpc); !s.ok()) return s;
  if (auto s = CheckUniqueCode(state, "ean", item.ean, item.id, &ItemTable::FindByEan); !s.ok()) return s;
  if (auto s = CheckUniqueCode(state, "isbn", item.isbn, item.id, &ItemTable::FindByIsbn); !s.ok()) return s;
  for (LocationId loc : item.details->location_ids) {
    if (!state.locations.contains(loc)) return LocationNotFound(loc);
  }
  if (item.group_id) {
    if (auto s = ValidateVariant(state, item); !s.ok()) return s;
  } else if (std::any_of(item.attribute_options.begin(), item.attribute_options.end(),
                         [](const std::string& o) { return !o.empty(); })) {
    return InvalidArgumentError("attribute_option_name1",
                                "Attribute options are only allowed for items in an item group.");
  }
  if (item.is_composite()) {
    if (auto s = ValidateMappedItems(state, item); !s.ok()) return s;
  }
  return CheckTracking(state, item);
}

absl::Status ValidateGroupFields(const ItemGroup& group) {
  if (auto s = CheckName("group_name", group.group_name); !s.ok()) return s;
  if (Trim(group.unit).empty()) {
    return InvalidArgumentError("unit", "unit is required.", ApiCode::kMissingField);
  }
  if (auto s = CheckLength("description", group.description, kMaxDescriptionLength); !s.ok()) return s;
  if (group.attributes.size() > kMaxAttributes) {
    return InvalidArgumentError("attributes", "An item group has at most 3 attributes.");
  }
  for (size_t a = 0; a < group.attributes.size(); ++a) {
    std::string field = Cat("attribute_name", a + 1);
    if (auto s = CheckName(field, group.attributes[a].name); !s.ok()) return s;
    for (size_t b = 0; b < a; ++b) {
      if (IEquals(group.attributes[a].name, group.attributes[b].name)) {
        return InvalidArgumentError(field, Cat("The attribute '", group.attributes[a].name,
                                                        "' is given twice."));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateLocation(const CatalogState& state, const Location& location) {
  if (auto s = CheckName("location_name", location.name); !s.ok()) return s;
  for (const auto& [id, other] : state.locations) {
    if (id != location.id && IEquals(Trim(other.name), Trim(location.name))) {
      return AlreadyExistsError("location_name",
                                Cat("A location named '", Trim(location.name), "' already exists."));
    }
  }
  if (location.parent_location_id) {
    if (*location.parent_location_id == location.id) {
      return InvalidArgumentError("parent_location_id", "A location cannot be its own parent.");
    }
    if (!state.locations.contains(*location.parent_location_id)) {
      return PrefixField(LocationNotFound(*location.parent_location_id), "parent_");
    }
    // Walk up from the new parent: meeting this location again is a cycle.
    std::optional<LocationId> up = location.parent_location_id;
    for (size_t steps = 0; up && steps <= state.locations.size(); ++steps) {
      if (*up == location.id) {
        return InvalidArgumentError("parent_location_id",
                                    "A location cannot be its own ancestor.");
      }
      auto it = state.locations.find(*up);
      up = it == state.locations.end() ? std::nullopt : it->second.parent_location_id;
    }
  }
  return absl::OkStatus();
}

}  // namespace internal
}  // namespace inventory
