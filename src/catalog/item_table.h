// The item table: owns every item (plain and composite) and keeps the
// indexes that find them. Sized for millions of items: a lookup by id is one
// slot read plus the item; a lookup by SKU, UPC, EAN or ISBN is one probe of
// an open-addressing table whose slots hold the item pointer tagged with
// bits of the key's hash; names are ordered in a B-tree whose entries carry
// the first 32 case-folded bytes of the name, so an insert or a prefix
// search rarely reads an item.
//
// Items never move once stored, so the pointers handed out stay valid until
// the item is replaced or erased. Not thread-safe; the engine's lock guards
// it. Uniqueness is the rules' business (catalog_rules.cc): the table indexes
// what it is given and a key lookup returns one of the items holding it.
#ifndef INVENTORY_SRC_CATALOG_ITEM_TABLE_H_
#define INVENTORY_SRC_CATALOG_ITEM_TABLE_H_

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <bit>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/btree_set.h"
#include "common/block_pool.h"
#include "common/text.h"
#include "inventory/catalog.h"
#include "inventory/query.h"

namespace inventory::internal {

// How a key index reads, hashes and compares its key.
// ASCII case folding of eight bytes at once, without branches: sets bit
// 0x20 in every byte from 'A' to 'Z'.
inline uint64_t FoldWord(uint64_t w) {
  const uint64_t low7 = w & 0x7f7f7f7f7f7f7f7full;
  const uint64_t at_least_a = low7 + 0x3f3f3f3f3f3f3f3full;  // high bit: byte >= 'A'
  const uint64_t above_z = low7 + 0x2525252525252525ull;     // high bit: byte > 'Z'
  const uint64_t upper = at_least_a & ~above_z & ~w & 0x8080808080808080ull;
  return w | (upper >> 2);
}
// Bytes [i, i + 8) of `s`, or its last n < 8 bytes zero-padded, built in a
// register: a partial copy through memory would be a store followed by a
// wider load, whose failed forwarding flushes the pipeline and with it the
// lookups that were overlapping this one.
inline uint64_t LoadWord(std::string_view s, size_t i) {
  static_assert(std::endian::native == std::endian::little);
  uint64_t w = 0;
  if (s.size() - i >= 8) {
    std::memcpy(&w, s.data() + i, 8);
    return w;
  }
  const size_t n = s.size() - i;
  if (s.size() >= 8) {  // the last 8 bytes, shifted down (little-endian)
    std::memcpy(&w, s.data() + s.size() - 8, 8);
    return w >> (8 * (8 - n));
  }
  for (size_t j = 0; j < n; ++j) w |= static_cast<uint64_t>(static_cast<unsigned char>(s[i + j])) << (8 * j);
  return w;
}

// Stored SKUs are trimmed (the writer trims them); a probe is trimmed once
// by KeyIndex::Find. Compared a word at a time with no branch on the bytes:
// a lookup waits on the item's cache line, and a branch on bytes still in
// flight stalls the lookups that would otherwise overlap with it.
struct SkuKey {  // case-insensitive
  static std::string_view Of(const Item& item) { return item.sku; }
  static std::string_view Probe(std::string_view key) {  // trimmed
    if (!key.empty() && key.front() > ' ' && key.back() > ' ') return key;
    return Trim(key);
  }
  static size_t Hash(std::string_view key);
  static bool Equal(std::string_view a, std::string_view b) {
    if (a == b) return true;  // the usual case: the same spelling
    if (a.size() != b.size()) return false;
    uint64_t diff = 0;
    for (size_t i = 0; i < a.size(); i += 8) diff |= FoldWord(LoadWord(a, i)) ^ FoldWord(LoadWord(b, i));
    return diff == 0;
  }
};
template <std::string Item::*kField>
struct ExactKey {  // digits as given
  static std::string_view Of(const Item& item) { return item.*kField; }
  static std::string_view Probe(std::string_view key) { return key; }
  static size_t Hash(std::string_view key);
  static bool Equal(std::string_view a, std::string_view b) { return a == b; }
};

// Items by one key; items whose key is empty are not indexed. An
// open-addressing table (linear probing, at most 3/4 full) of 8-byte
// slots, each the item's address with the top 16 bits of its key's hash
// above it: a lookup reads one slot line and then only the item whose tag
// matches, one dependent cache miss fewer than a table keeping its tags
// apart from its slots. The slot array of a million keys is 16 MiB.
template <class Key>
class KeyIndex {
 public:
  const Item* Find(std::string_view key) const;
  void Add(const Item& item);
  void Remove(const Item& item);  // before the item's key changes
  size_t size() const { return size_; }

 private:
  static constexpr uint64_t kEmpty = 0;
  static constexpr uint64_t kRemoved = 1;  // a tombstone: probes go on past it
  static constexpr int kTagShift = 48;     // user-space addresses fit below
  static constexpr uint64_t kAddressMask = (uint64_t{1} << kTagShift) - 1;
  static uint64_t TagOf(size_t hash) { return static_cast<uint64_t>(hash) >> kTagShift; }
  static const Item* ItemOf(uint64_t slot) { return reinterpret_cast<const Item*>(slot & kAddressMask); }
  // Places `slot` at the first free slot from `hash`'s home.
  void Place(size_t hash, uint64_t slot);
  // Remakes the table with `capacity` slots (a power of two), dropping the
  // tombstones; rehashes each key, reading its item.
  void Rehash(size_t capacity);

  std::vector<uint64_t, HugePageAllocator<uint64_t>> slots_;
  size_t size_ = 0;  // items
  size_t used_ = 0;  // items and tombstones
};

// An entry of the name order: the first 32 case-folded bytes of the name
// as big-endian words (zero-padded), its length, which of those bytes are
// lower-case letters (for the exact order), its id and the item. Two
// entries are ordered without reading either item unless both names share
// their first 32 folded bytes and one is longer than that.
constexpr size_t kNameWords = 4;
using NameWords = std::array<uint64_t, kNameWords>;
struct NameEntry {
  NameWords words;
  uint32_t size;
  uint32_t lower;  // bit 31 - i set when byte i is a lower-case letter
  ItemId id;
  const Item* item;
};
// A case-insensitive bound for searches: the text and its words.
struct NameProbe {
  explicit NameProbe(std::string_view text);
  NameWords words;
  std::string_view text;
};
// Case-insensitive name order, then exact (byte) order, then id.
struct NameOrder {
  using is_transparent = void;
  bool operator()(const NameEntry& a, const NameEntry& b) const;
  bool operator()(const NameEntry& a, const NameProbe& p) const;
  bool operator()(const NameProbe& p, const NameEntry& a) const;
};
// absl::btree_set with 1 KiB nodes instead of 256 B: an entry is 56 bytes,
// so the default node holds four and a million names make a tree ten nodes
// deep, one cache miss each. (Debian's Abseil, which the build pins.)
inline constexpr int kNameNodeBytes = 1024;
using NameSet = absl::container_internal::btree_set_container<absl::container_internal::btree<
    absl::container_internal::set_params<NameEntry, NameOrder, std::allocator<NameEntry>, kNameNodeBytes,
                                         /*IsMulti=*/false>>>;

// The order of ListItems for a sort column: the column (stock on hand as
// given, `sa` and `sb`), then the name case-insensitively, then the id.
int CompareItemsBy(const Item& a, const Item& b, SortColumn column, Quantity sa = {}, Quantity sb = {});

// An ordered index of one sort column (rate, SKU) in CompareItemsBy's
// order, so that a sorted page walks it instead of sorting every item. An
// entry's key orders it without reading the item unless two keys are equal,
// when the items decide: for a rate, the rate and the name's first eight
// case-folded bytes; for a SKU, its first 16 folded bytes (an empty SKU
// sorts first, by the name's first eight). 24 bytes an entry.
struct SortEntry {
  std::array<uint64_t, 2> key;
  const Item* item;
};
template <SortColumn kColumn>
struct SortOrder {
  bool operator()(const SortEntry& a, const SortEntry& b) const {
    if (a.key != b.key) return a.key < b.key;
    return a.item != b.item && CompareItemsBy(*a.item, *b.item, kColumn) < 0;
  }
};
template <SortColumn kColumn>
using SortIndex = absl::container_internal::btree_set_container<absl::container_internal::btree<
    absl::container_internal::set_params<SortEntry, SortOrder<kColumn>, std::allocator<SortEntry>, 1024,
                                         /*IsMulti=*/false>>>;

// Whether stock of the item is counted: inventory-type goods that track
// inventory. Services and non-inventory items are sold and consumed without
// stock.
inline bool TracksStock(const Item& item) {
  return item.track_inventory && item.item_type == ItemType::kInventory && item.product_type == ProductType::kGoods;
}

// What a stock writer checks of an item on every document line. The table
// keeps one per id in a dense array beside the slots (16 bytes an id), so
// that checking a line reads one small entry, not the item.
struct ItemSummary {
  enum Flag : uint8_t { kExists = 1, kTracksStock = 2, kSerial = 4, kBatch = 8, kComposite = 16 };
  Money purchase_rate;
  uint8_t flags = 0;

  static ItemSummary Of(const Item& item);
  bool has(Flag f) const { return (flags & f) != 0; }
};

class ItemTable {
 public:
  ItemTable();
  ~ItemTable();
  ItemTable(const ItemTable&) = delete;
  ItemTable& operator=(const ItemTable&) = delete;

  const Item* Find(ItemId id) const {
    uint64_t v = static_cast<uint64_t>(id.value());
    return v < slots_.size() ? slots_[v].get() : nullptr;
  }
  // The item's summary (flags 0 if there is no such item).
  ItemSummary Summary(ItemId id) const {
    uint64_t v = static_cast<uint64_t>(id.value());
    return v < summaries_.size() ? summaries_[v] : ItemSummary();
  }
  // A cache hint: starts loading the item's summary, so that a Summary soon
  // after does not wait as long. Changes nothing.
  void PrefetchSummary(ItemId id) const {
    uint64_t v = static_cast<uint64_t>(id.value());
    if (v < summaries_.size()) __builtin_prefetch(&summaries_[v]);
  }
  const Item* FindBySku(std::string_view sku) const { return by_sku_.Find(sku); }
  const Item* FindByUpc(std::string_view code) const { return by_upc_.Find(code); }
  const Item* FindByEan(std::string_view code) const { return by_ean_.Find(code); }
  const Item* FindByIsbn(std::string_view code) const { return by_isbn_.Find(code); }
  // In id order.
  std::vector<const Item*> WithPartNumber(std::string_view part_number) const;
  std::vector<const Item*> InGroup(GroupId group) const;

  // The name order, and the range of names starting with `prefix`
  // (case-insensitive); an empty prefix gives every item.
  const NameSet& names() const { return names_; }
  std::pair<NameSet::const_iterator, NameSet::const_iterator> NamesStartingWith(
      std::string_view prefix) const;
  // Every item in CompareItemsBy's order for rate and for SKU. Each index
  // is made by the first call (a sort of the whole table, under a lock, so
  // that readers sharing the table may call it at once) and kept by every
  // write after: a catalog never listed by that column pays nothing for it.
  const SortIndex<SortColumn::kRate>& by_rate() const { return Built(by_rate_); }
  const SortIndex<SortColumn::kSku>& sku_order() const { return Built(sku_order_); }
  // Items whose name equals `name`, case-insensitively, in name order.
  std::vector<const Item*> NamedExactly(std::string_view name) const;

  size_t size() const { return size_; }
  // Visits every item in id order; `f` returns void.
  template <class F>
  void ForEach(F&& f) const {
    for (const auto& slot : slots_) {
      if (slot) f(*slot);
    }
  }

  // Inserts or replaces by id; returns the replaced value.
  std::optional<Item> Put(Item item);
  // Removes by id; returns the removed value.
  std::optional<Item> Erase(ItemId id);

 private:
  void Index(const Item& item);
  void Unindex(const Item& item);
  template <SortColumn kColumn>
  struct LazyIndex {
    std::atomic<SortIndex<kColumn>*> index{nullptr};  // set once made
    std::unique_ptr<SortIndex<kColumn>> owner;
  };
  template <SortColumn kColumn>
  const SortIndex<kColumn>& Built(LazyIndex<kColumn>& lazy) const;

  std::vector<std::unique_ptr<Item>> slots_;  // by id value
  std::vector<ItemSummary> summaries_;        // by id value, as long as slots_
  size_t size_ = 0;
  KeyIndex<SkuKey> by_sku_;
  KeyIndex<ExactKey<&Item::upc>> by_upc_;
  KeyIndex<ExactKey<&Item::ean>> by_ean_;
  KeyIndex<ExactKey<&Item::isbn>> by_isbn_;
  NameSet names_;
  mutable std::mutex sort_mu_;  // makes the lazy indexes
  mutable LazyIndex<SortColumn::kRate> by_rate_;
  mutable LazyIndex<SortColumn::kSku> sku_order_;
  // Sparse keys: only items that have them.
  absl::btree_set<std::pair<std::string, ItemId>> by_part_number_;
  absl::btree_set<std::pair<GroupId, ItemId>> by_group_;
};

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_CATALOG_ITEM_TABLE_H_
