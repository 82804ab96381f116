#include "catalog/catalog_ops.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "catalog/catalog_rules.h"
#include "common/text.h"
#include "inventory/errors.h"

namespace inventory::internal {
namespace {
// Names and SKUs are kept trimmed: "SK-1 " is the SKU "SK-1".
void Normalize(Item& item) {
  if (Trim(item.name).size() != item.name.size()) item.name = std::string(Trim(item.name));
  if (Trim(item.sku).size() != item.sku.size()) item.sku = std::string(Trim(item.sku));
}
}  // namespace

const Item* CatalogWriter::Find(ItemId id) const { return state_.items.Find(id); }

std::vector<ItemId> CatalogWriter::Members(GroupId group) const {
  std::vector<ItemId> ids;
  for (const Item* item : state_.items.InGroup(group)) ids.push_back(item->id);
  return ids;
}

absl::StatusOr<const Item*> CatalogWriter::CreateItem(Item item) {
  Normalize(item);
  item.id = ItemId(store_.NextId());
  item.created_time = item.last_modified_time = state_.Now();
  AddOptionsOf(item);
  if (auto s = ValidateItem(state_, item); !s.ok()) return s;
  return &store_.PutItem(std::move(item));
}

absl::StatusOr<const Item*> CatalogWriter::UpdateItem(Item item) {
  const Item* old = Find(item.id);
  if (old == nullptr) return ItemNotFound(item.id);
  Normalize(item);
  if (old->is_composite() != item.is_composite()) {
    return InvalidArgumentError("mapped_items",
                                old->is_composite()
                                    ? "A composite item needs at least one mapped item."
                                    : "mapped_items can only be set on composite items.",
                                ApiCode::kMissingField);
  }
  if (item.product_type != old->product_type && state_.has_transactions(item.id)) {
    return FailedPreconditionError("product_type", kProductTypeLockedMessage, ApiCode::kProductTypeLocked);
  }
  item.created_time = old->created_time;
  item.last_modified_time = state_.Now();
  AddOptionsOf(item);
  if (auto s = ValidateItem(state_, item); !s.ok()) return s;
  return &store_.PutItem(std::move(item));
}

absl::StatusOr<const Item*> CatalogWriter::Modify(ItemId id,
                                                  const std::function<void(Item&)>& change) {
  const Item* old = Find(id);
  if (old == nullptr) return ItemNotFound(id);
  Item item = *old;
  change(item);
  item.last_modified_time = state_.Now();
  return &store_.PutItem(std::move(item));
}

absl::Status CatalogWriter::DeleteItems(std::span<const ItemId> ids) {
  absl::flat_hash_set<ItemId> doomed(ids.begin(), ids.end());
  for (ItemId id : ids) {
    if (Find(id) == nullptr) return ItemNotFound(id);
    if (state_.has_transactions(id)) {
      return FailedPreconditionError("item_id", kItemInUseMessage, ApiCode::kItemInUse);
    }
    auto users = state_.composites_using.find(id);
    if (users == state_.composites_using.end()) continue;
    for (ItemId composite : users->second) {
      if (!doomed.contains(composite)) {
        return FailedPreconditionError("item_id", kItemInUseMessage, ApiCode::kItemInUse);
      }
    }
  }
  for (ItemId id : doomed) store_.EraseItem(id);
  return absl::OkStatus();
}

absl::Status CatalogWriter::SetItemsStatus(std::span<const ItemId> ids, Status status) {
  for (ItemId id : ids) {
    auto r = Modify(id, [&](Item& i) { i.status = status; });
    if (!r.ok()) return r.status();
  }
  return absl::OkStatus();
}

absl::Status CatalogWriter::SetStorageLocationEnabled(std::span<const ItemId> ids, bool enabled) {
  for (ItemId id : ids) {
    auto r = Modify(id, [&](Item& i) { i.storage_location_enabled = enabled; });
    if (!r.ok()) return r.status();
  }
  return absl::OkStatus();
}

absl::Status CatalogWriter::SetItemLocationAccess(ItemId id, bool all,
                                                  std::vector<LocationId> locations) {
  for (LocationId loc : locations) {
    if (!state_.locations.contains(loc)) return LocationNotFound(loc);
  }
  return Modify(id, [&](Item& i) {
           i.details.mut().associated_with_all_locations = all;
           i.details.mut().location_ids = all ? std::vector<LocationId>{} : std::move(locations);
         }).status();
}

void CatalogWriter::AssignAttributeIds(ItemGroup& group) {
  for (Attribute& a : group.attributes) {
    if (!a.id.valid()) a.id = AttributeId(store_.NextId());
    for (AttributeOption& o : a.options) {
      if (!o.id.valid()) o.id = OptionId(store_.NextId());
    }
  }
}

bool CatalogWriter::AddOptions(ItemGroup& group, const AttributeOptions& options) {
  bool added = false;
  for (size_t a = 0; a < group.attributes.size() && a < options.size(); ++a) {
    std::string_view name = Trim(options[a]);
    if (name.empty()) continue;
    auto& opts = group.attributes[a].options;
    bool known = std::any_of(opts.begin(), opts.end(),
                             [&](const AttributeOption& o) { return IEquals(o.name, name); });
    if (!known) {
      opts.push_back({OptionId(store_.NextId()), std::string(name)});
      added = true;
    }
  }
  return added;
}

// A variant naming an option its group does not have yet adds it, as a new
// variant does in Zoho. A refused write is rolled back with the rest.
void CatalogWriter::AddOptionsOf(const Item& item) {
  if (!item.group_id) return;
  auto& groups = state_.groups.get<ById>();
  auto git = groups.find(*item.group_id);
  if (git == groups.end()) return;
  ItemGroup group = *git;
  if (AddOptions(group, item.attribute_options)) store_.PutGroup(std::move(group));
}

absl::StatusOr<const ItemGroup*> CatalogWriter::CreateGroup(ItemGroup group,
                                                            std::vector<Item> variants) {
  if (auto s = ValidateGroupFields(group); !s.ok()) return s;
  group.id = GroupId(store_.NextId());
  group.status = Status::kActive;
  group.created_time = group.last_modified_time = state_.Now();
  AssignAttributeIds(group);
  for (const Item& v : variants) AddOptions(group, v.attribute_options);
  GroupId id = group.id;
  std::string unit = group.unit;
  store_.PutGroup(std::move(group));
  for (size_t i = 0; i < variants.size(); ++i) {
    Item& v = variants[i];
    v.group_id = id;
    if (v.unit.empty()) v.unit = unit;
    auto created = CreateItem(std::move(v));
    if (!created.ok()) return PrefixField(created.status(), Cat("items[", i, "]."));
  }
  return &*state_.groups.get<ById>().find(id);
}

absl::StatusOr<const ItemGroup*> CatalogWriter::UpdateGroup(ItemGroup group,
                                                            std::vector<Item> variants) {
  auto& groups = state_.groups.get<ById>();
  auto old = groups.find(group.id);
  if (old == groups.end()) return GroupNotFound(group.id);
  if (auto s = ValidateGroupFields(group); !s.ok()) return s;
  // Attributes keep their ids (and options) when their names are kept; an
  // attribute whose name is new takes over the one at its position when
  // that one's name is gone (a rename: "Color" to "Colour").
  auto named = [](const std::vector<Attribute>& list, std::string_view name) {
    return std::any_of(list.begin(), list.end(), [&](const Attribute& x) { return IEquals(x.name, name); });
  };
  for (size_t i = 0; i < group.attributes.size(); ++i) {
    Attribute& a = group.attributes[i];
    for (size_t j = 0; j < old->attributes.size(); ++j) {
      const Attribute& o = old->attributes[j];
      const bool renamed = i == j && !named(old->attributes, a.name) && !named(group.attributes, o.name);
      if (!IEquals(o.name, a.name) && !renamed) continue;
      a.id = o.id;
      for (const AttributeOption& opt : o.options) {
        bool listed = std::any_of(a.options.begin(), a.options.end(),
                                  [&](const AttributeOption& x) { return IEquals(x.name, opt.name); });
        if (!listed) a.options.push_back(opt);
      }
      for (AttributeOption& opt : a.options) {
        for (const AttributeOption& x : o.options) {
          if (IEquals(x.name, opt.name)) opt.id = x.id;
        }
      }
    }
  }
  group.status = old->status;
  group.created_time = old->created_time;
  group.last_modified_time = state_.Now();
  AssignAttributeIds(group);
  for (const Item& v : variants) AddOptions(group, v.attribute_options);
  GroupId id = group.id;
  std::string unit = group.unit;
  store_.PutGroup(std::move(group));
  // Existing variants must still fit the (possibly changed) attributes.
  std::vector<ItemId> members = Members(id);
  absl::flat_hash_set<ItemId> listed;
  for (size_t i = 0; i < variants.size(); ++i) {
    Item& v = variants[i];
    v.group_id = id;
    if (v.unit.empty()) v.unit = unit;
    absl::StatusOr<const Item*> r;
    if (v.id.valid()) {
      const Item* cur = Find(v.id);
      if (cur == nullptr || cur->group_id != std::optional<GroupId>(id)) {
        return PrefixField(ItemNotFound(v.id), Cat("items[", i, "]."));
      }
      listed.insert(v.id);
      r = UpdateItem(std::move(v));
    } else {
      r = CreateItem(std::move(v));
    }
    if (!r.ok()) return PrefixField(r.status(), Cat("items[", i, "]."));
  }
  for (ItemId m : members) {
    if (listed.contains(m)) continue;
    if (auto s = ValidateItem(state_, *Find(m)); !s.ok()) return s;
  }
  return &*groups.find(id);
}

absl::Status CatalogWriter::DeleteGroup(GroupId id) {
  if (!state_.groups.get<ById>().contains(id)) return GroupNotFound(id);
  std::vector<ItemId> members = Members(id);
  if (auto s = DeleteItems(members); !s.ok()) return s;
  store_.EraseGroup(id);
  return absl::OkStatus();
}

absl::Status CatalogWriter::SetGroupStatus(GroupId id, Status status) {
  auto& groups = state_.groups.get<ById>();
  auto it = groups.find(id);
  if (it == groups.end()) return GroupNotFound(id);
  ItemGroup g = *it;
  g.status = status;
  g.last_modified_time = state_.Now();
  store_.PutGroup(std::move(g));
  std::vector<ItemId> members = Members(id);
  return SetItemsStatus(members, status);
}

absl::Status CatalogWriter::UngroupItems(std::span<const ItemId> ids) {
  for (ItemId id : ids) {
    const Item* item = Find(id);
    if (item == nullptr) return ItemNotFound(id);
    if (!item->group_id) {
      return InvalidArgumentError("item_ids", Cat("The item '", item->name,
                                                           "' is not in an item group."));
    }
    auto r = Modify(id, [](Item& i) {
      i.group_id.reset();
      i.attribute_options = {};
    });
    if (!r.ok()) return r.status();
  }
  return absl::OkStatus();
}

absl::StatusOr<const Item*> CatalogWriter::MoveItemToGroup(ItemId id, GroupId group_id,
                                                           std::array<std::string, 3> options) {
  const Item* item = Find(id);
  if (item == nullptr) return ItemNotFound(id);
  auto& groups = state_.groups.get<ById>();
  auto git = groups.find(group_id);
  if (git == groups.end()) return GroupNotFound(group_id);
  Item moved = *item;
  moved.group_id = group_id;
  moved.attribute_options = std::move(options);
  return UpdateItem(std::move(moved));
}

absl::StatusOr<const ItemGroup*> CatalogWriter::GroupItems(
    ItemGroup group, std::vector<std::pair<ItemId, std::array<std::string, 3>>> items) {
  GroupId id = group.id;
  if (id.valid()) {
    auto& groups = state_.groups.get<ById>();
    auto git = groups.find(id);
    if (git == groups.end()) return GroupNotFound(id);
    group = *git;
  } else {
    auto created = CreateGroup(std::move(group), {});
    if (!created.ok()) return created.status();
    id = (*created)->id;
    group = **created;
  }
  for (const auto& [item_id, options] : items) AddOptions(group, options);
  store_.PutGroup(std::move(group));
  for (size_t i = 0; i < items.size(); ++i) {
    const Item* item = Find(items[i].first);
    if (item == nullptr) return PrefixField(ItemNotFound(items[i].first), Cat("items[", i, "]."));
    Item moved = *item;
    moved.group_id = id;
    moved.attribute_options = items[i].second;
    auto r = UpdateItem(std::move(moved));
    if (!r.ok()) return PrefixField(r.status(), Cat("items[", i, "]."));
  }
  return &*state_.groups.get<ById>().find(id);
}

absl::StatusOr<const Location*> CatalogWriter::CreateLocation(Location location) {
  location.id = LocationId(store_.NextId());
  location.is_primary = false;
  location.status = Status::kActive;
  if (auto s = ValidateLocation(state_, location); !s.ok()) return s;
  return &store_.PutLocation(std::move(location));
}

absl::StatusOr<const Location*> CatalogWriter::UpdateLocation(Location location) {
  auto it = state_.locations.find(location.id);
  if (it == state_.locations.end()) return LocationNotFound(location.id);
  location.is_primary = it->second.is_primary;
  location.status = it->second.status;
  if (auto s = ValidateLocation(state_, location); !s.ok()) return s;
  return &store_.PutLocation(std::move(location));
}

absl::Status CatalogWriter::DeleteLocation(LocationId id) {
  auto it = state_.locations.find(id);
  if (it == state_.locations.end()) return LocationNotFound(id);
  if (it->second.is_primary) {
    return FailedPreconditionError("location_id", "The primary location cannot be deleted.",
                                   ApiCode::kLocationInUse);
  }
  for (const auto& [other_id, other] : state_.locations) {
    if (other.parent_location_id == std::optional<LocationId>(id)) {
      return FailedPreconditionError(
          "location_id",
          Cat("The location is the parent of '", other.name, "' and cannot be deleted."),
          ApiCode::kLocationInUse);
    }
  }
  // An item restricted to this location would keep an id that no longer
  // exists (and fail validation on its next update).
  const Item* restricted = nullptr;
  state_.items.ForEach([&](const Item& item) {
    const std::vector<LocationId>& access = item.details->location_ids;
    if (restricted == nullptr && std::find(access.begin(), access.end(), id) != access.end()) {
      restricted = &item;
    }
  });
  if (restricted != nullptr) {
    return FailedPreconditionError(
        "location_id",
        Cat("The location is associated with the item '", restricted->name, "' and cannot be deleted."),
        ApiCode::kLocationInUse);
  }
  if (state_.holds_stock(id)) {
    return FailedPreconditionError("location_id", "The location holds stock and cannot be deleted.",
                                   ApiCode::kLocationInUse);
  }
  store_.EraseLocation(id);
  return absl::OkStatus();
}

absl::Status CatalogWriter::SetLocationStatus(LocationId id, Status status) {
  auto it = state_.locations.find(id);
  if (it == state_.locations.end()) return LocationNotFound(id);
  if (it->second.is_primary && status == Status::kInactive) {
    return FailedPreconditionError("location_id", "The primary location cannot be marked as inactive.",
                                   ApiCode::kLocationInUse);
  }
  Location l = it->second;
  l.status = status;
  store_.PutLocation(std::move(l));
  return absl::OkStatus();
}

absl::Status CatalogWriter::MarkPrimaryLocation(LocationId id) {
  auto it = state_.locations.find(id);
  if (it == state_.locations.end()) return LocationNotFound(id);
  if (it->second.status != Status::kActive) {
    return FailedPreconditionError("location_id", "An inactive location cannot be the primary location.");
  }
  for (auto& [other_id, other] : state_.locations) {
    if (other.is_primary && other_id != id) {
      Location l = other;
      l.is_primary = false;
      store_.PutLocation(std::move(l));
    }
  }
  Location l = state_.locations.at(id);
  l.is_primary = true;
  store_.PutLocation(std::move(l));
  return absl::OkStatus();
}

}  // namespace inventory::internal
