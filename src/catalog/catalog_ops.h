// The catalog's write operations: validate, then change state through the
// Store (so each change is undoable). A failed operation leaves no change:
// the caller rolls the Store back to the position it had before the call.
// May call: catalog_store, catalog_rules, common/.
#ifndef INVENTORY_SRC_CATALOG_CATALOG_OPS_H_
#define INVENTORY_SRC_CATALOG_CATALOG_OPS_H_

#include <array>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/catalog_store.h"
#include "inventory/catalog.h"

namespace inventory::internal {

class CatalogWriter {
 public:
  explicit CatalogWriter(Store& store) : store_(store), state_(store.state()) {}

  absl::StatusOr<const Item*> CreateItem(Item item);
  absl::StatusOr<const Item*> UpdateItem(Item item);
  absl::Status DeleteItems(std::span<const ItemId> ids);
  absl::Status SetItemsStatus(std::span<const ItemId> ids, Status status);
  absl::Status SetStorageLocationEnabled(std::span<const ItemId> ids, bool enabled);
  absl::Status SetItemLocationAccess(ItemId id, bool all, std::vector<LocationId> locations);

  absl::StatusOr<const ItemGroup*> CreateGroup(ItemGroup group, std::vector<Item> variants);
  absl::StatusOr<const ItemGroup*> UpdateGroup(ItemGroup group, std::vector<Item> variants);
  absl::Status DeleteGroup(GroupId id);
  absl::Status SetGroupStatus(GroupId id, Status status);
  absl::Status UngroupItems(std::span<const ItemId> ids);
  absl::StatusOr<const Item*> MoveItemToGroup(ItemId id, GroupId group,
                                              std::array<std::string, 3> options);
  absl::StatusOr<const ItemGroup*> GroupItems(
      ItemGroup group, std::vector<std::pair<ItemId, std::array<std::string, 3>>> items);

  absl::StatusOr<const Location*> CreateLocation(Location location);
  absl::StatusOr<const Location*> UpdateLocation(Location location);
  absl::Status DeleteLocation(LocationId id);
  absl::Status SetLocationStatus(LocationId id, Status status);
  absl::Status MarkPrimaryLocation(LocationId id);

 private:
  const Item* Find(ItemId id) const;
  std::vector<ItemId> Members(GroupId group) const;  // in id order
  absl::StatusOr<const Item*> Modify(ItemId id, const std::function<void(Item&)>& change);
  // Adds the options `group` lacks to its attributes, assigning ids; true
  // when it added one. AddOptionsOf does it for the group of a variant.
  bool AddOptions(ItemGroup& group, const AttributeOptions& options);
  void AddOptionsOf(const Item& item);
  void AssignAttributeIds(ItemGroup& group);

  Store& store_;
  CatalogState& state_;
};

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_CATALOG_CATALOG_OPS_H_
