// The item table's key indexes (SKU, UPC, EAN, ISBN) under the churn an
// engine puts them through: growth, key changes (which leave tombstones),
// erasure, and keys shared by two items.
#include "catalog/item_table.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

namespace inventory::internal {
namespace {

Item Make(int64_t id, std::string sku, std::string upc) {
  Item item;
  item.id = ItemId(id);
  item.name = "Item " + std::to_string(id);
  item.sku = std::move(sku);
  item.upc = std::move(upc);
  return item;
}

std::string Sku(int64_t n) { return "SKU-" + std::to_string(n); }
std::string Upc(int64_t n) { return std::to_string(400000000000 + n); }

TEST(ItemTableTest, FindsBySkuCaseInsensitivelyAndTrimmedAndByUpcExactly) {
  ItemTable table;
  table.Put(Make(1, "AB-12", "012345678905"));
  ASSERT_NE(table.FindBySku("ab-12"), nullptr);
  EXPECT_EQ(table.FindBySku("  Ab-12 ")->id, ItemId(1));
  EXPECT_EQ(table.FindByUpc("012345678905")->id, ItemId(1));
  EXPECT_EQ(table.FindByUpc(" 012345678905"), nullptr);
  EXPECT_EQ(table.FindBySku("AB-1"), nullptr);
  EXPECT_EQ(table.FindBySku(""), nullptr);
  EXPECT_EQ(table.FindByEan(""), nullptr);
  EXPECT_EQ(ItemTable().FindBySku("AB-12"), nullptr);
}

// The SKU hash folds case by setting bit 0x20 of every byte, which also
// maps '@' to '`' and '[' to '{': such keys share a hash but stay distinct.
TEST(ItemTableTest, SkusThatOnlyTheHashFoldsTogetherStayDistinct) {
  ItemTable table;
  table.Put(Make(1, "A@1", ""));
  table.Put(Make(2, "a`1", ""));
  table.Put(Make(3, "B[2", ""));
  EXPECT_EQ(table.FindBySku("a@1")->id, ItemId(1));
  EXPECT_EQ(table.FindBySku("A`1")->id, ItemId(2));
  EXPECT_EQ(table.FindBySku("b[2")->id, ItemId(3));
  EXPECT_EQ(table.FindBySku("B{2"), nullptr);
}

// Random puts, key changes and erasures checked against a std::map after
// every step: each live key finds its item, each retired key finds none.
TEST(ItemTableTest, KeyIndexesFollowPutsKeyChangesAndErasures) {
  ItemTable table;
  std::map<int64_t, int64_t> key_of;  // item id -> number in its SKU and UPC
  std::mt19937_64 rng(7);
  int64_t next_key = 0;
  for (int step = 0; step < 20000; ++step) {
    const int64_t id = 1 + static_cast<int64_t>(rng() % 3000);
    const int op = static_cast<int>(rng() % 4);
    if (op == 0 && key_of.contains(id)) {
      ASSERT_TRUE(table.Erase(ItemId(id)).has_value());
      const int64_t gone = key_of[id];
      key_of.erase(id);
      ASSERT_EQ(table.FindBySku(Sku(gone)), nullptr) << step;
      ASSERT_EQ(table.FindByUpc(Upc(gone)), nullptr) << step;
    } else {
      const int64_t key = next_key++;
      const std::optional<int64_t> old = key_of.contains(id) ? std::optional(key_of[id]) : std::nullopt;
      table.Put(Make(id, Sku(key), Upc(key)));
      key_of[id] = key;
      if (old) {
        ASSERT_EQ(table.FindBySku(Sku(*old)), nullptr) << step;
      }
    }
    if (step % 1000 == 999) {
      for (const auto& [item, key] : key_of) {
        const Item* by_sku = table.FindBySku(Sku(key));
        const Item* by_upc = table.FindByUpc(Upc(key));
        ASSERT_NE(by_sku, nullptr) << step;
        ASSERT_NE(by_upc, nullptr) << step;
        EXPECT_EQ(by_sku->id, ItemId(item));
        EXPECT_EQ(by_upc->id, ItemId(item));
      }
    }
  }
  EXPECT_EQ(table.size(), key_of.size());
}

// Uniqueness is the rules' business: the table indexes two items holding
// one key, finds one of them, and the other once the first is gone.
TEST(ItemTableTest, AKeySharedByTwoItemsFindsTheOtherAfterOneGoes) {
  ItemTable table;
  table.Put(Make(1, "DUP", "111"));
  table.Put(Make(2, "dup", "111"));
  const Item* first = table.FindByUpc("111");
  ASSERT_NE(first, nullptr);
  const ItemId other = first->id == ItemId(1) ? ItemId(2) : ItemId(1);
  table.Erase(first->id);
  ASSERT_NE(table.FindByUpc("111"), nullptr);
  EXPECT_EQ(table.FindByUpc("111")->id, other);
  EXPECT_EQ(table.FindBySku("Dup")->id, other);
}

}  // namespace
}  // namespace inventory::internal
