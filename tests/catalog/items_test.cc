#include <gtest/gtest.h>

#include "inventory/engine.h"
#include "inventory/errors.h"

namespace inventory {
namespace {

TEST(ItemTest, CreatesAndFindsBySku) {
  auto engine = Engine::Open({});
  ASSERT_TRUE(engine.ok());
  Transaction txn = (*engine)->BeginTransaction();
  auto item = txn.CreateItem({.name = "Tea", .sku = "T-1"});
  ASSERT_TRUE(item.ok()) << item.status();
  ASSERT_TRUE(txn.Commit().ok());
  Snapshot snap = (*engine)->GetSnapshot();
  ASSERT_NE(snap.FindItemBySku(" t-1 "), nullptr);
  EXPECT_EQ(snap.FindItemBySku("t-1")->name, "Tea");
}

}  // namespace
}  // namespace inventory
