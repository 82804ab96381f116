#include "catalog/item_table.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "common/text.h"

namespace inventory::internal {

namespace {

// The first 32 folded bytes of `s` as big-endian words, zero-padded:
// comparing the words compares those bytes in ICompare's order.
NameWords FoldedWords(std::string_view s) {
  NameWords w{};
  size_t n = std::min(s.size(), kNameWords * 8);
  for (size_t i = 0; i < n; ++i) {
    w[i / 8] |= static_cast<uint64_t>(Fold(s[i])) << (56 - 8 * (i % 8));
  }
  return w;
}

constexpr size_t kHeldBytes = kNameWords * 8;

// Word by word (std::array's operators call memcmp, which is not inlined
// and compares bytes in the wrong order for this purpose anyway).
inline int CompareWords(const NameWords& a, const NameWords& b) {
  for (size_t i = 0; i < kNameWords; ++i) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

// Orders two names whose words tie. A name that fits in the words is then
// the other name or a prefix of it, so sizes decide; only two longer names
// are read (`a_name`, `b_name` are called then).
template <class A, class B>
int CompareTied(size_t a_size, A a_name, size_t b_size, B b_name) {
  if (a_size <= kHeldBytes || b_size <= kHeldBytes) {
    return a_size == b_size ? 0 : (a_size < b_size ? -1 : 1);
  }
  return ICompare(a_name(), b_name());
}

}  // namespace

namespace {
// The words of `key` (each passed through `fold`) mixed in registers (a
// buffer to hash would cost a store-to-load round trip on the lookup
// path), then fmix64's avalanche, so that the table's low bits (the home
// slot) and high bits (the tag) are as good as each other. Inline: the
// slot's address waits on it.
template <class Fold>
inline size_t MixWords(std::string_view key, Fold fold) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ key.size();
  for (size_t i = 0; i < key.size(); i += 8) {
    h = (h ^ fold(LoadWord(key, i))) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return static_cast<size_t>(h);
}
}  // namespace

// Case-insensitive: setting bit 0x20 of every byte maps each capital letter
// to its small one, so keys that Equal calls equal hash alike. It also maps
// a few other pairs together ('@' and '`', '[' and '{', ...), which costs a
// rare extra comparison; FoldWord's exact folding cost more per lookup (at
// 1M, alternating runs: 183-222 ns against 183-204 ns, 6 pairs of 7).
size_t SkuKey::Hash(std::string_view key) {
  return MixWords(key, [](uint64_t w) { return w | 0x2020202020202020ull; });
}

template <std::string Item::*kField>
size_t ExactKey<kField>::Hash(std::string_view key) {
  return MixWords(key, [](uint64_t w) { return w; });
}

template <class Key>
const Item* KeyIndex<Key>::Find(std::string_view key) const {
  key = Key::Probe(key);
  if (key.empty() || size_ == 0) return nullptr;
  const size_t hash = Key::Hash(key);
  const uint64_t tag = TagOf(hash);
  const size_t mask = slots_.size() - 1;
  const size_t home = hash & mask;
  for (size_t i = home;; i = (i + 1) & mask) {
    const uint64_t slot = slots_[i];
    if (slot == kEmpty) return nullptr;
    if ((slot >> kTagShift) == tag && slot != kRemoved) {
      const Item* item = ItemOf(slot);
      if (Key::Equal(Key::Of(*item), key)) return item;
    }
  }
}

template <class Key>
void KeyIndex<Key>::Place(size_t hash, uint64_t slot) {
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  while (slots_[i] != kEmpty && slots_[i] != kRemoved) i = (i + 1) & mask;
  if (slots_[i] == kEmpty) ++used_;
  slots_[i] = slot;
}

template <class Key>
void KeyIndex<Key>::Rehash(size_t capacity) {
  auto old = std::exchange(slots_, decltype(slots_)(capacity, kEmpty));
  used_ = 0;
  for (uint64_t slot : old) {
    if (slot != kEmpty && slot != kRemoved) Place(Key::Hash(Key::Of(*ItemOf(slot))), slot);
  }
}

template <class Key>
void KeyIndex<Key>::Add(const Item& item) {
  std::string_view key = Key::Of(item);
  if (key.empty()) return;
  const uint64_t address = reinterpret_cast<uintptr_t>(&item);
  if ((address & ~kAddressMask) != 0) {
    // No 64-bit system this builds for hands out such addresses to a
    // process without asking; stop rather than index the item wrongly.
    std::fprintf(stderr, "inventory: item address %p above 2^48 cannot be indexed\n", static_cast<const void*>(&item));
    std::abort();
  }
  if ((used_ + 1) * 4 > slots_.size() * 3) {
    // Full of items: double. Full of tombstones: remake at the same size.
    Rehash(std::max<size_t>(16, (size_ + 1) * 4 > slots_.size() * 2 ? slots_.size() * 2 : slots_.size()));
  }
  const size_t hash = Key::Hash(key);
  Place(hash, address | (TagOf(hash) << kTagShift));
  ++size_;
}

template <class Key>
void KeyIndex<Key>::Remove(const Item& item) {
  std::string_view key = Key::Of(item);
  if (key.empty() || size_ == 0) return;
  const size_t hash = Key::Hash(key);
  const uint64_t want = reinterpret_cast<uintptr_t>(&item) | (TagOf(hash) << kTagShift);
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask; slots_[i] != kEmpty; i = (i + 1) & mask) {
    if (slots_[i] == want) {
      slots_[i] = kRemoved;
      --size_;
      return;
    }
  }
}

template class KeyIndex<SkuKey>;
template class KeyIndex<ExactKey<&Item::upc>>;
template class KeyIndex<ExactKey<&Item::ean>>;
template class KeyIndex<ExactKey<&Item::isbn>>;

NameProbe::NameProbe(std::string_view t) : words(FoldedWords(t)), text(t) {}

bool NameOrder::operator()(const NameEntry& a, const NameEntry& b) const {
  if (int w = CompareWords(a.words, b.words); w != 0) return w < 0;
  int c = CompareTied(
      a.size, [&] { return std::string_view(a.item->name); }, b.size,
      [&] { return std::string_view(b.item->name); });
  if (c != 0) return c < 0;
  // The same name but for case: upper case sorts first, as in byte order.
  if (a.size <= kHeldBytes) {
    if (a.lower != b.lower) return a.lower < b.lower;
  } else if (a.item->name != b.item->name) {
    return a.item->name < b.item->name;
  }
  return a.id < b.id;
}
bool NameOrder::operator()(const NameEntry& a, const NameProbe& p) const {
  if (int w = CompareWords(a.words, p.words); w != 0) return w < 0;
  return CompareTied(
             a.size, [&] { return std::string_view(a.item->name); }, p.text.size(),
             [&] { return p.text; }) < 0;
}
bool NameOrder::operator()(const NameProbe& p, const NameEntry& a) const {
  if (int w = CompareWords(p.words, a.words); w != 0) return w < 0;
  return CompareTied(
             p.text.size(), [&] { return p.text; }, a.size,
             [&] { return std::string_view(a.item->name); }) < 0;
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
  std::string next = Folded(prefix);
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
uint32_t LowerMask(std::string_view name) {
  uint32_t mask = 0;
  for (size_t i = 0; i < name.size() && i < kHeldBytes; ++i) {
    if (name[i] >= 'a' && name[i] <= 'z') mask |= uint32_t{1} << (31 - i);
  }
  return mask;
}

NameEntry EntryOf(const Item& item) {
  return NameEntry{FoldedWords(item.name), static_cast<uint32_t>(item.name.size()), LowerMask(item.name),
                   item.id, &item};
}

SortEntry RateEntryOf(const Item& item) {
  // Signed order as unsigned: the sign bit flipped.
  const uint64_t rate = static_cast<uint64_t>(item.rate.units()) ^ (uint64_t{1} << 63);
  return SortEntry{{rate, FoldedWords(item.name)[0]}, &item};
}

SortEntry SkuEntryOf(const Item& item) {
  if (item.sku.empty()) return SortEntry{{0, FoldedWords(item.name)[0]}, &item};
  const NameWords words = FoldedWords(item.sku);
  // (A SKU of NUL bytes would share an empty SKU's first word.)
  return SortEntry{{std::max<uint64_t>(words[0], 1), words[1]}, &item};
}

template <SortColumn kColumn>
SortEntry EntryFor(const Item& item) {
  if constexpr (kColumn == SortColumn::kRate) {
    return RateEntryOf(item);
  } else {
    return SkuEntryOf(item);
  }
}
}  // namespace

int CompareItemsBy(const Item& a, const Item& b, SortColumn c, Quantity sa, Quantity sb) {
  auto cmp = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
  int r = 0;
  switch (c) {
    case SortColumn::kName: break;
    case SortColumn::kSku: r = ICompare(a.sku, b.sku); break;
    case SortColumn::kRate: r = cmp(a.rate, b.rate); break;
    case SortColumn::kPurchaseRate: r = cmp(a.purchase_rate, b.purchase_rate); break;
    case SortColumn::kCreatedTime: r = cmp(a.created_time, b.created_time); break;
    case SortColumn::kLastModifiedTime: r = cmp(a.last_modified_time, b.last_modified_time); break;
    case SortColumn::kReorderLevel: r = cmp(a.reorder_level, b.reorder_level); break;
    case SortColumn::kStockOnHand: r = cmp(sa, sb); break;
    case SortColumn::kTaxName: r = ICompare(a.details->tax_name, b.details->tax_name); break;
  }
  if (r == 0) r = ICompare(a.name, b.name);
  if (r == 0) r = cmp(a.id, b.id);
  return r;
}

template <SortColumn kColumn>
const SortIndex<kColumn>& ItemTable::Built(LazyIndex<kColumn>& lazy) const {
  if (const SortIndex<kColumn>* made = lazy.index.load(std::memory_order_acquire)) return *made;
  std::lock_guard<std::mutex> lock(sort_mu_);
  if (lazy.index.load(std::memory_order_relaxed) == nullptr) {
    std::vector<SortEntry> entries;
    entries.reserve(size_);
    ForEach([&](const Item& item) { entries.push_back(EntryFor<kColumn>(item)); });
    std::sort(entries.begin(), entries.end(), SortOrder<kColumn>());
    lazy.owner = std::make_unique<SortIndex<kColumn>>(entries.begin(), entries.end());
    lazy.index.store(lazy.owner.get(), std::memory_order_release);
  }
  return *lazy.index.load(std::memory_order_relaxed);
}
template const SortIndex<SortColumn::kRate>& ItemTable::Built(LazyIndex<SortColumn::kRate>&) const;
template const SortIndex<SortColumn::kSku>& ItemTable::Built(LazyIndex<SortColumn::kSku>&) const;

void ItemTable::Index(const Item& item) {
  by_sku_.Add(item);
  by_upc_.Add(item);
  by_ean_.Add(item);
  by_isbn_.Add(item);
  names_.insert(EntryOf(item));
  // (Writers hold the table alone: no reader is making an index meanwhile.)
  if (SortIndex<SortColumn::kRate>* index = by_rate_.index.load(std::memory_order_relaxed)) {
    index->insert(RateEntryOf(item));
  }
  if (SortIndex<SortColumn::kSku>* index = sku_order_.index.load(std::memory_order_relaxed)) {
    index->insert(SkuEntryOf(item));
  }
  if (!item.part_number.empty()) by_part_number_.insert({item.part_number, item.id});
  if (item.group_id) by_group_.insert({*item.group_id, item.id});
}

void ItemTable::Unindex(const Item& item) {
  by_sku_.Remove(item);
  by_upc_.Remove(item);
  by_ean_.Remove(item);
  by_isbn_.Remove(item);
  names_.erase(EntryOf(item));
  if (SortIndex<SortColumn::kRate>* index = by_rate_.index.load(std::memory_order_relaxed)) {
    index->erase(RateEntryOf(item));
  }
  if (SortIndex<SortColumn::kSku>* index = sku_order_.index.load(std::memory_order_relaxed)) {
    index->erase(SkuEntryOf(item));
  }
  if (!item.part_number.empty()) by_part_number_.erase({item.part_number, item.id});
  if (item.group_id) by_group_.erase({*item.group_id, item.id});
}

ItemSummary ItemSummary::Of(const Item& item) {
  ItemSummary s{.purchase_rate = item.purchase_rate, .flags = kExists};
  if (TracksStock(item)) s.flags |= kTracksStock;
  if (item.track_serial_number) s.flags |= kSerial;
  if (item.track_batch_number) s.flags |= kBatch;
  if (item.is_composite()) s.flags |= kComposite;
  return s;
}

std::optional<Item> ItemTable::Put(Item item) {
  const uint64_t v = static_cast<uint64_t>(item.id.value());
  if (v >= slots_.size()) {
    slots_.resize(std::max<uint64_t>(v + 1, slots_.size() + slots_.size() / 2));
    summaries_.resize(slots_.size());
  }
  summaries_[v] = ItemSummary::Of(item);
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
  summaries_[v] = ItemSummary();
  Unindex(*gone);
  --size_;
  return std::optional<Item>(std::move(*gone));
}

}  // namespace inventory::internal
