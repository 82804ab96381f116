// The catalog's in-memory state and the only code that changes it.
// Owns: the item table (item_table.h), the group table (Boost.MultiIndex),
// the locations, and the undo log that makes rollback exact.
// May call: common/. Never knows JSON or files.
#ifndef INVENTORY_SRC_CATALOG_CATALOG_STORE_H_
#define INVENTORY_SRC_CATALOG_CATALOG_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/identity.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index/tag.hpp>
#include <boost/multi_index_container.hpp>

#include "absl/container/flat_hash_map.h"
#include "catalog/item_table.h"
#include "common/text.h"
#include "inventory/catalog.h"
#include "inventory/options.h"

namespace inventory::internal {

namespace bmi = boost::multi_index;

struct ById {};
struct ByName {};

// Groups by name (case-insensitive, then exact), then id: a total order, so
// that listing groups with equal names does not depend on the order they
// were inserted in (a rollback or a snapshot re-inserts).
struct GroupNameOrder {
  bool operator()(const ItemGroup& a, const ItemGroup& b) const {
    if (NameLess()(a.group_name, b.group_name)) return true;
    if (NameLess()(b.group_name, a.group_name)) return false;
    return a.id < b.id;
  }
};

using GroupTable = bmi::multi_index_container<
    ItemGroup,
    bmi::indexed_by<
        bmi::hashed_unique<bmi::tag<ById>, bmi::member<ItemGroup, GroupId, &ItemGroup::id>,
                           std::hash<GroupId>>,
        bmi::ordered_unique<bmi::tag<ByName>, bmi::identity<ItemGroup>, GroupNameOrder>>>;

struct CatalogState {
  Options options;
  ItemTable items;
  GroupTable groups;
  std::map<LocationId, Location> locations;
  // Derived: composite ids per component item, kept by Store.
  absl::flat_hash_map<ItemId, std::vector<ItemId>> composites_using;
  int64_t next_id = 1;
  // Set by the engine from the stock layer: whether any posting names the
  // item (it cannot be deleted, its product type cannot change), and
  // whether any stock is at the location (it cannot be deleted).
  std::function<bool(ItemId)> has_transactions = [](ItemId) { return false; };
  std::function<bool(LocationId)> holds_stock = [](LocationId) { return false; };

  // The time of the write in progress, set once per write by the engine
  // (and from the log on replay), so that one write has one time.
  std::optional<absl::Time> now;

  absl::Time Clock() const { return options.clock ? options.clock() : absl::Now(); }
  absl::Time Now() const { return now ? *now : Clock(); }
};

// The primary location (every organization has one).
inline const Location* PrimaryLocationOf(const CatalogState& state) {
  for (const auto& [id, l] : state.locations) {
    if (l.is_primary) return &l;
  }
  return nullptr;
}

// Applies changes to a CatalogState, recording how to undo each one.
class Store {
 public:
  explicit Store(CatalogState& state) : state_(state) {}

  CatalogState& state() { return state_; }
  const CatalogState& state() const { return state_; }

  int64_t NextId();
  // Inserts or replaces by id; returns the stored record.
  const Item& PutItem(Item item);
  // The same with nothing to undo: for a restore, whose state is
  // discarded if it fails.
  void LoadItem(Item item) { RawPutItem(std::move(item)); }
  void EraseItem(ItemId id);
  const ItemGroup& PutGroup(ItemGroup group);
  void EraseGroup(GroupId id);
  const Location& PutLocation(Location location);
  void EraseLocation(LocationId id);

  // Records how to undo a change made outside the catalog's tables (the
  // stock layer's ledger and documents); run on rollback in log order.
  void OnRollback(std::function<void()> undo) { undo_.push_back(CustomUndo{std::move(undo)}); }

  size_t UndoSize() const { return undo_.size(); }
  // Undoes every change after `size` entries, newest first.
  void RollbackTo(size_t size);
  void ClearUndo() { undo_.clear(); }

 private:
  // Old values live on the heap so that an entry stays small: a create
  // (the common write) records only an id.
  struct ItemUndo { ItemId id; std::unique_ptr<Item> old; };
  struct GroupUndo { GroupId id; std::unique_ptr<ItemGroup> old; };
  struct LocationUndo { LocationId id; std::unique_ptr<Location> old; };
  struct CounterUndo { int64_t old; };
  struct CustomUndo { std::function<void()> undo; };
  using Undo = std::variant<ItemUndo, GroupUndo, LocationUndo, CounterUndo, CustomUndo>;

  // Unlogged primitives, shared by the logged writes and by rollback.
  std::optional<Item> RawPutItem(Item item);
  std::optional<Item> RawEraseItem(ItemId id);
  void IndexComponents(const Item& item, bool add);

  CatalogState& state_;
  std::vector<Undo> undo_;
};

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_CATALOG_CATALOG_STORE_H_
