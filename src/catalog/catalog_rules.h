// The catalog's rules: field limits, value lists, barcode and uniqueness
// checks, group option combinations, composite mappings. Each check returns
// an error naming the field, and none changes state.
// May call: catalog_store (read only), common/.
#ifndef INVENTORY_SRC_CATALOG_CATALOG_RULES_H_
#define INVENTORY_SRC_CATALOG_CATALOG_RULES_H_

#include "absl/status/status.h"
#include "catalog/catalog_store.h"
#include "inventory/catalog.h"

namespace inventory::internal {

inline constexpr size_t kMaxNameLength = 100;
inline constexpr size_t kMaxDescriptionLength = 2000;
inline constexpr size_t kMaxAvataxCodeLength = 25;
inline constexpr size_t kMaxAttributes = 3;

// Number of characters (UTF-8 code points) in `s`.
size_t CharCount(std::string_view s);

// Every rule an item must meet in `state`: fields, codes, uniqueness against
// other items (not itself), group membership, composite mapping.
absl::Status ValidateItem(const CatalogState& state, const Item& item);
absl::Status ValidateGroupFields(const ItemGroup& group);
absl::Status ValidateLocation(const CatalogState& state, const Location& location);

// The item with this SKU / UPC / EAN / ISBN other than `self`, or nullptr.
const Item* FindOtherBySku(const CatalogState& state, std::string_view sku, ItemId self);

// Messages and codes the facade and tests rely on.
inline constexpr char kItemInUseMessage[] =
    "Items which are a part of other transactions cannot be deleted. Instead, mark them as "
    "inactive";
inline constexpr char kProductTypeLockedMessage[] =
    "Product type cannot be changed for Items having transactions";
inline constexpr char kItemNotFoundMessage[] = "Item does not exist";

absl::Status ItemNotFound(ItemId id);
absl::Status GroupNotFound(GroupId id);
absl::Status LocationNotFound(LocationId id);

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_CATALOG_CATALOG_RULES_H_
