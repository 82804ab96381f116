// The catalog's value types: items (plain and composite), item groups with
// their attributes, and locations. Plain structs; the engine validates them
// on every write (see transaction.h for the rules and codes).
//
// Example:
//   Item shirt{.name = "Shirt", .sku = "SH-1", .rate = *Money::Parse("10")};
//   absl::StatusOr<const Item*> created = txn.CreateItem(shirt);
#ifndef INVENTORY_CATALOG_H_
#define INVENTORY_CATALOG_H_

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "inventory/ids.h"
#include "inventory/quantity.h"

namespace inventory {

// The values the reference lists; the JSON facade refuses any other.
enum class ItemType { kInventory, kSales, kPurchases, kSalesAndPurchases };
enum class ProductType { kGoods, kService, kDigitalService };
enum class Status { kActive, kInactive };
enum class TaxSpecification { kIntra, kInter };

std::string_view ToString(ItemType v);
std::string_view ToString(ProductType v);
std::string_view ToString(Status v);
std::string_view ToString(TaxSpecification v);
std::optional<ItemType> ParseItemType(std::string_view s);
std::optional<ProductType> ParseProductType(std::string_view s);
std::optional<Status> ParseStatus(std::string_view s);
std::optional<TaxSpecification> ParseTaxSpecification(std::string_view s);

struct CustomField {
  std::string customfield_id;
  std::string api_name;  // e.g. "cf_serial"; the Books upsert key
  std::string label;
  std::string value;
};

struct TaxPreference {
  std::string tax_id;
  TaxSpecification tax_specification = TaxSpecification::kIntra;
};

// A copyable box that stores its T on the heap only once something is set;
// copies share it until written (copy on write). Keeps rarely used fields
// from costing memory in a million-item catalog.
template <class T>
class Box {
 public:
  const T& operator*() const { return ptr_ ? *ptr_ : Empty(); }
  const T* operator->() const { return &**this; }
  // Writable access; copies the shared value first.
  T& mut() {
    if (!ptr_) ptr_ = std::make_shared<T>();
    else if (ptr_.use_count() > 1) ptr_ = std::make_shared<T>(*ptr_);
    return *ptr_;
  }
  bool empty() const { return !ptr_; }

 private:
  static const T& Empty() { static const T kEmpty{}; return kEmpty; }
  std::shared_ptr<T> ptr_;
};

// Fields an item carries as given: references to entities the engine does
// not own (taxes, accounts, vendors, units) with the names sent with them,
// codes, image metadata and custom fields.
struct ItemDetails {
  std::string purchase_description;
  std::string unit_id;
  std::string tax_id, tax_name, tax_type, tax_exemption_id;
  std::optional<Money> tax_percentage;
  std::string account_id, account_name;
  std::string purchase_account_id, purchase_account_name;
  std::string inventory_account_id, inventory_account_name;
  std::string vendor_id, vendor_name;
  std::string category_id, category_name;
  std::string brand, manufacturer;
  std::string hsn_or_sac, sat_item_key_code, unitkey_code;
  std::string avatax_tax_code, avatax_use_code;
  std::string image_id, image_name, image_type;
  std::vector<std::string> documents;
  std::vector<TaxPreference> item_tax_preferences;
  std::vector<CustomField> custom_fields;
  // Location access: all locations, or only these.
  bool associated_with_all_locations = true;
  std::vector<LocationId> location_ids;
  friend bool operator==(const ItemDetails&, const ItemDetails&) = default;
};
bool operator==(const CustomField&, const CustomField&);
bool operator==(const TaxPreference&, const TaxPreference&);

// One component of a composite item.
// The option an item in a group has for each of the group's (at most
// three) attributes, by name; "" where unused. Most items are in no group,
// so the names live on the heap only once one is set: 8 bytes of an Item
// otherwise, instead of three strings' 96.
class AttributeOptions {
 public:
  AttributeOptions() = default;
  AttributeOptions(std::array<std::string, 3> names);  // NOLINT: converts, as the array did
  AttributeOptions(std::string a, std::string b, std::string c)  // NOLINT: {"Red", "M", ""}
      : AttributeOptions(std::array<std::string, 3>{std::move(a), std::move(b), std::move(c)}) {}
  AttributeOptions(const AttributeOptions& o);
  AttributeOptions(AttributeOptions&&) noexcept = default;
  AttributeOptions& operator=(const AttributeOptions& o);
  AttributeOptions& operator=(AttributeOptions&&) noexcept = default;

  const std::string& operator[](size_t i) const { return names_ ? (*names_)[i] : Empty(); }
  // Makes the names' storage if there is none yet.
  std::string& operator[](size_t i);
  // The three names.
  const std::string* begin() const { return names_ ? names_->data() : &Empty(); }
  const std::string* end() const { return begin() + 3; }
  static constexpr size_t size() { return 3; }
  bool none_set() const;  // every name ""
  std::array<std::string, 3> ToArray() const;
  friend bool operator==(const AttributeOptions& a, const AttributeOptions& b);

 private:
  static const std::string& Empty();  // the first of three ""
  std::unique_ptr<std::array<std::string, 3>> names_;  // null: all ""
};

struct MappedItem {
  ItemId item_id;
  Quantity quantity;
  friend bool operator==(const MappedItem&, const MappedItem&) = default;
};

// An item. A composite item is an item with mapped_items; it holds its own
// stock. A variant is an item with a group_id and one option per attribute
// of its group.
struct Item {
  ItemId id;  // assigned by the engine
  std::string name;        // required, at most 100 characters
  std::string sku;         // unique (trimmed, case-insensitive) when set
  std::string upc, ean, isbn;  // digits only, unique when set
  std::string part_number;
  std::string description;  // at most 2000 characters
  std::string unit;
  ItemType item_type = ItemType::kInventory;
  ProductType product_type = ProductType::kGoods;
  Status status = Status::kActive;
  Money rate;
  Money purchase_rate;
  Quantity reorder_level;
  bool is_taxable = true;
  bool can_be_sold = true;
  bool can_be_purchased = true;
  bool track_inventory = true;
  bool storage_location_enabled = false;  // bin tracking flag
  // Serial number or batch tracking, one or the other (never both): the
  // item's stock then carries a serial number per unit, or batches (see
  // stock.h). Neither flag may change once the item has stock postings.
  bool track_serial_number = false;
  bool track_batch_number = false;
  std::optional<GroupId> group_id;
  // Option name chosen per attribute of the group (empty when unused).
  AttributeOptions attribute_options;
  std::vector<MappedItem> mapped_items;  // non-empty for composite items
  Box<ItemDetails> details;
  absl::Time created_time;        // set by the engine
  absl::Time last_modified_time;  // set by the engine

  bool is_composite() const { return !mapped_items.empty(); }
};

struct AttributeOption {
  OptionId id;
  std::string name;
};

struct Attribute {
  AttributeId id;
  std::string name;
  std::vector<AttributeOption> options;
};

// An item group: a product whose items are its variants. Up to three
// attributes; each variant picks one option of each.
struct ItemGroup {
  GroupId id;
  std::string group_name;  // required
  std::string unit;        // required
  std::string brand, manufacturer, description;
  std::string tax_id, tax_name, tax_type;
  std::optional<Money> tax_percentage;
  bool is_taxable = true;
  std::string image_id, image_name, image_type;
  std::vector<CustomField> custom_fields;
  std::vector<Attribute> attributes;  // at most 3
  Status status = Status::kActive;
  absl::Time created_time;
  absl::Time last_modified_time;
};

struct Address {
  std::string attention, street_address1, street_address2;
  std::string city, state, state_code, country, zip;
};

// A warehouse or store. Every organization has exactly one primary location.
struct Location {
  LocationId id;
  std::string name;  // location_name, required
  std::string type = "general";
  std::string email, phone;
  Address address;
  std::string tax_settings_id;
  std::optional<LocationId> parent_location_id;
  std::vector<std::string> associated_series_ids;
  std::string auto_number_generation_id;
  bool is_all_users_selected = true;
  std::vector<std::string> user_ids;
  Status status = Status::kActive;
  bool is_primary = false;  // maintained by the engine
};

}  // namespace inventory

#endif  // INVENTORY_CATALOG_H_
