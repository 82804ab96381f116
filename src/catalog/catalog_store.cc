#include "catalog/catalog_store.h"

#include <algorithm>
#include <utility>

namespace inventory::internal {

namespace {
template <class T>
std::unique_ptr<T> Boxed(std::optional<T> value) {
  return value ? std::make_unique<T>(std::move(*value)) : nullptr;
}
}  // namespace

int64_t Store::NextId() {
  undo_.push_back(CounterUndo{state_.next_id});
  return state_.next_id++;
}

void Store::IndexComponents(const Item& item, bool add) {
  for (const MappedItem& m : item.mapped_items) {
    auto& users = state_.composites_using[m.item_id];
    if (add) {
      users.push_back(item.id);
    } else {
      users.erase(std::remove(users.begin(), users.end(), item.id), users.end());
      if (users.empty()) state_.composites_using.erase(m.item_id);
    }
  }
}

std::optional<Item> Store::RawPutItem(Item item) {
  if (const Item* old = state_.items.Find(item.id)) IndexComponents(*old, false);
  IndexComponents(item, true);
  return state_.items.Put(std::move(item));
}

std::optional<Item> Store::RawEraseItem(ItemId id) {
  const Item* old = state_.items.Find(id);
  if (old == nullptr) return std::nullopt;
  IndexComponents(*old, false);
  return state_.items.Erase(id);
}

const Item& Store::PutItem(Item item) {
  ItemId id = item.id;
  undo_.push_back(ItemUndo{id, Boxed(RawPutItem(std::move(item)))});
  return *state_.items.Find(id);
}

void Store::EraseItem(ItemId id) { undo_.push_back(ItemUndo{id, Boxed(RawEraseItem(id))}); }

const ItemGroup& Store::PutGroup(ItemGroup group) {
  auto& by_id = state_.groups.get<ById>();
  GroupId id = group.id;
  auto it = by_id.find(id);
  if (it == by_id.end()) {
    undo_.push_back(GroupUndo{id, nullptr});
    return *by_id.insert(std::move(group)).first;
  }
  by_id.modify(it, [&](ItemGroup& stored) { std::swap(stored, group); });
  undo_.push_back(GroupUndo{id, std::make_unique<ItemGroup>(std::move(group))});
  return *it;
}

void Store::EraseGroup(GroupId id) {
  auto& by_id = state_.groups.get<ById>();
  auto it = by_id.find(id);
  if (it == by_id.end()) return;
  undo_.push_back(GroupUndo{id, std::make_unique<ItemGroup>(*it)});
  by_id.erase(it);
}

const Location& Store::PutLocation(Location location) {
  LocationId id = location.id;
  auto it = state_.locations.find(id);
  if (it == state_.locations.end()) {
    undo_.push_back(LocationUndo{id, nullptr});
  } else {
    undo_.push_back(LocationUndo{id, std::make_unique<Location>(std::move(it->second))});
  }
  return state_.locations[id] = std::move(location);
}

void Store::EraseLocation(LocationId id) {
  auto it = state_.locations.find(id);
  if (it == state_.locations.end()) return;
  undo_.push_back(LocationUndo{id, std::make_unique<Location>(std::move(it->second))});
  state_.locations.erase(it);
}

void Store::RollbackTo(size_t size) {
  while (undo_.size() > size) {
    Undo u = std::move(undo_.back());
    undo_.pop_back();
    std::visit(
        [&](auto& e) {
          using T = std::decay_t<decltype(e)>;
          if constexpr (std::is_same_v<T, ItemUndo>) {
            if (e.old) RawPutItem(std::move(*e.old));
            else RawEraseItem(e.id);
          } else if constexpr (std::is_same_v<T, GroupUndo>) {
            auto& by_id = state_.groups.get<ById>();
            auto it = by_id.find(e.id);
            if (it != by_id.end()) by_id.erase(it);
            if (e.old) by_id.insert(std::move(*e.old));
          } else if constexpr (std::is_same_v<T, LocationUndo>) {
            if (e.old) state_.locations[e.id] = std::move(*e.old);
            else state_.locations.erase(e.id);
          } else if constexpr (std::is_same_v<T, CustomUndo>) {
            e.undo();
          } else {
            state_.next_id = e.old;
          }
        },
        u);
  }
}

}  // namespace inventory::internal
