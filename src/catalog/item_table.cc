#include "catalog/item_table.h"

#include <algorithm>
#include <cstring>

#include "absl/hash/hash.h"
#include "common/text.h"

namespace inventory::internal {

namespace {

unsigned char Fold(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'A' && u <= 'Z') ? u + ('a' - 'A') : u;
}

// The first 16 folded bytes of `s` as two big-endian words, zero-padded:
// comparing the words compares those bytes in ICompare's order.
std::pair<uint64_t, uint64_t> FoldedWords(std::string_view s) {
  uint64_t w[2] = {0, 0};
  size_t n = std::min<size_t>(s.size(), 16);
  for (size_t i = 0; i < n; ++i) {
    w[i / 8] |= static_cast<uint64_t>(Fold(s[i])) << (56 - 8 * (i % 8));
  }
  return {w[0], w[1]};
}

// <0, 0, >0 from the words alone, or the full case-insensitive compare when
// the words tie.
int CompareFolded(uint64_t a0, uint64_t a1, std::string_view a, uint64_t b0, uint64_t b1,
                  std::string_view b) {
  if (a0 != b0) return a0 < b0 ? -1 : 1;
  if (a1 != b1) return a1 < b1 ? -1 : 1;
  return ICompare(a, b);
}

}  // namespace

size_t SkuKey::Hash(std::string_view key) {
  // The folded words mixed in registers (a buffer to hash would cost a
  // store-to-load round trip on the lookup path), then fmix64's avalanche so
  // that the table's low bits are as good as its high ones.
  uint64_t h = 0x9e3779b97f4a7c15ull ^ key.size();
  for (size_t i = 0; i < key.size(); i += 8) {
    h = (h ^ FoldWord(LoadWord(key, i))) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return static_cast<size_t>(h);
}

template <std::string Item::*kField>
size_t ExactKey<kField>::Hash(std::string_view key) {
  return std::hash<std::string_view>()(key);
}

template <class Key>
const Item* KeyIndex<Key>::Find(std::string_view key) const {
  key = Key::Probe(key);
  if (key.empty()) return nullptr;
  auto it = set_.find(key);
  return it == set_.end() ? nullptr : it->item;
}

template <class Key>
void KeyIndex<Key>::Add(const Item& item) {
  std::string_view key = Key::Of(item);
  if (!key.empty()) set_.insert(Ref{Key::Hash(key), &item});
}

template <class Key>
void KeyIndex<Key>::Remove(const Item& item) {
  std::string_view key = Key::Of(item);
  if (!key.empty()) set_.erase(Ref{Key::Hash(key), &item});
}

template class KeyIndex<SkuKey>;
template class KeyIndex<ExactKey<&Item::upc>>;
template class KeyIndex<ExactKey<&Item::ean>>;
template class KeyIndex<ExactKey<&Item::isbn>>;

NameProbe::NameProbe(std::string_view t) : text(t) { std::tie(w0, w1) = FoldedWords(t); }

bool NameOrder::operator()(const NameEntry& a, const NameEntry& b) const {
  if (a.w0 != b.w0) return a.w0 < b.w0;
  if (a.w1 != b.w1) return a.w1 < b.w1;
  if (a.item == b.item) return false;
  const Item& x = *a.item;
  const Item& y = *b.item;
  if (int c = ICompare(x.name, y.name); c != 0) return c < 0;
  if (x.name != y.name) return x.name < y.name;
  return x.id < y.id;
}
bool NameOrder::operator()(const NameEntry& a, const NameProbe& p) const {
  return CompareFolded(a.w0, a.w1, a.item->name, p.w0, p.w1, p.text) < 0;
}
bool NameOrder::operator()(const NameProbe& p, const NameEntry& a) const {
  return CompareFolded(p.w0, p.w1, p.text, a.w0, a.w1, a.item->name) < 0;
}

ItemTable::ItemTable() = default;
ItemTable::~ItemTable() = default;

std::vector<const Item*> ItemTable::WithPartNumber(std::string_view part_number) const {
  std::vector<const Item*> out;
  if (part_number.empty()) return out;
  std::string key(part_number);
  for (auto it = by_part_number_.lower_bound({key, ItemId()});
       it != by_part_number_.end() && it->first == key; ++it) {
    out.push_back(Find(it->second));
  }
  return out;
}

std::vector<const Item*> ItemTable::InGroup(GroupId group) const {
  std::vector<const Item*> out;
  for (auto it = by_group_.lower_bound({group, ItemId()}); it != by_group_.end() && it->first == group;
       ++it) {
    out.push_back(Find(it->second));
  }
  return out;
}

std::pair<NameSet::const_iterator, NameSet::const_iterator> ItemTable::NamesStartingWith(
    std::string_view prefix) const {
  if (prefix.empty()) return {names_.begin(), names_.end()};
  auto first = names_.lower_bound(NameProbe(prefix));
  // The range ends before the first name at or above the prefix's successor:
  // the folded prefix with its last byte below 0xff incremented.
  std::string next(prefix.size(), '\0');
  std::transform(prefix.begin(), prefix.end(), next.begin(),
                 [](char c) { return static_cast<char>(Fold(c)); });
  while (!next.empty() && static_cast<unsigned char>(next.back()) == 0xff) next.pop_back();
  if (next.empty()) return {first, names_.end()};
  next.back() = static_cast<char>(static_cast<unsigned char>(next.back()) + 1);
  return {first, names_.lower_bound(NameProbe(next))};
}

std::vector<const Item*> ItemTable::NamedExactly(std::string_view name) const {
  std::vector<const Item*> out;
  for (auto it = names_.lower_bound(NameProbe(name)); it != names_.end() && IEquals(it->item->name, name);
       ++it) {
    out.push_back(it->item);
  }
  return out;
}

namespace {
NameEntry EntryOf(const Item& item) {
  auto [w0, w1] = FoldedWords(item.name);
  return NameEntry{w0, w1, &item};
}
}  // namespace

void ItemTable::Index(const Item& item) {
  by_sku_.Add(item);
  by_upc_.Add(item);
  by_ean_.Add(item);
  by_isbn_.Add(item);
  names_.insert(EntryOf(item));
  if (!item.part_number.empty()) by_part_number_.insert({item.part_number, item.id});
  if (item.group_id) by_group_.insert({*item.group_id, item.id});
}

void ItemTable::Unindex(const Item& item) {
  by_sku_.Remove(item);
  by_upc_.Remove(item);
  by_ean_.Remove(item);
  by_isbn_.Remove(item);
  names_.erase(EntryOf(item));
  if (!item.part_number.empty()) by_part_number_.erase({item.part_number, item.id});
  if (item.group_id) by_group_.erase({*item.group_id, item.id});
}

std::optional<Item> ItemTable::Put(Item item) {
  const uint64_t v = static_cast<uint64_t>(item.id.value());
  if (v >= slots_.size()) slots_.resize(std::max<uint64_t>(v + 1, slots_.size() + slots_.size() / 2));
  std::unique_ptr<Item>& slot = slots_[v];
  if (!slot) {
    slot = std::make_unique<Item>(std::move(item));
    ++size_;
    Index(*slot);
    return std::nullopt;
  }
  // Replace in place so pointers to the item stay valid.
  Unindex(*slot);
  std::swap(*slot, item);
  Index(*slot);
  return std::optional<Item>(std::move(item));
}

std::optional<Item> ItemTable::Erase(ItemId id) {
  const uint64_t v = static_cast<uint64_t>(id.value());
  if (v >= slots_.size() || !slots_[v]) return std::nullopt;
  std::unique_ptr<Item> gone = std::move(slots_[v]);
  Unindex(*gone);
  --size_;
  return std::optional<Item>(std::move(*gone));
}

}  // namespace inventory::internal
