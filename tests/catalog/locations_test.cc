#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "inventory/engine.h"
#include "inventory/errors.h"
#include "support/catalog_testing.h"

namespace inventory {
namespace {

using ::inventory::testutil::DumpEngine;
using ::inventory::testutil::IsError;
using ::inventory::testutil::IsOk;
using ::inventory::testutil::OpenEngine;
using ::inventory::testutil::StatusOf;
using ::testing::ElementsAre;

class LocationTest : public ::testing::Test {
 protected:
  LocationTest() : engine_(OpenEngine()) {}

  template <class F>
  absl::Status Write(F&& write) {
    return testutil::WriteChecked(*engine_, std::forward<F>(write));
  }

  LocationId Create(Location location) {
    LocationId id;
    EXPECT_THAT(Write([&](Transaction& t) {
                  auto r = t.CreateLocation(location);
                  if (r.ok()) id = (*r)->id;
                  return r;
                }),
                IsOk());
    return id;
  }
  Location Get(LocationId id) {
    Snapshot snap = engine_->GetSnapshot();
    const Location* l = snap.FindLocation(id);
    EXPECT_NE(l, nullptr) << id.value();
    return l ? *l : Location{};
  }
  LocationId Primary() { return engine_->GetSnapshot().PrimaryLocation()->id; }
  std::vector<std::string> ListedNames() {
    std::vector<std::string> out;
    for (const Location* l : engine_->GetSnapshot().ListLocations()) out.push_back(l->name);
    return out;
  }
  int PrimaryCount() {
    int n = 0;
    for (const Location* l : engine_->GetSnapshot().ListLocations()) n += l->is_primary;
    return n;
  }

  std::unique_ptr<Engine> engine_;
};

TEST_F(LocationTest, EngineStartsWithExactlyOnePrimaryLocation) {
  Snapshot snap = engine_->GetSnapshot();
  std::vector<const Location*> all = snap.ListLocations();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0]->name, "Primary Location");
  EXPECT_TRUE(all[0]->is_primary);
  EXPECT_EQ(all[0]->status, Status::kActive);
  EXPECT_EQ(all[0]->id, LocationId(1));
  ASSERT_NE(snap.PrimaryLocation(), nullptr);
  EXPECT_EQ(snap.PrimaryLocation(), all[0]);
  EXPECT_EQ(snap.FindLocation(LocationId(1)), all[0]);
}

TEST_F(LocationTest, PrimaryLocationNameComesFromOptions) {
  auto engine = OpenEngine({.primary_location_name = "Main Warehouse"});
  EXPECT_EQ(engine->GetSnapshot().PrimaryLocation()->name, "Main Warehouse");
  auto unnamed = OpenEngine({.primary_location_name = ""});
  EXPECT_EQ(unnamed->GetSnapshot().PrimaryLocation()->name, "Primary Location");
}

TEST_F(LocationTest, CreatesASecondaryLocation) {
  Location shop{.name = "Shop", .type = "store", .email = "shop@example.com"};
  shop.address.city = "Chennai";
  shop.is_primary = true;            // maintained by the engine
  shop.status = Status::kInactive;   // new locations start active
  LocationId id = Create(shop);
  ASSERT_TRUE(id.valid());
  EXPECT_NE(id, Primary());
  Location stored = Get(id);
  EXPECT_EQ(stored.name, "Shop");
  EXPECT_EQ(stored.type, "store");
  EXPECT_EQ(stored.email, "shop@example.com");
  EXPECT_EQ(stored.address.city, "Chennai");
  EXPECT_FALSE(stored.is_primary);
  EXPECT_EQ(stored.status, Status::kActive);
  EXPECT_EQ(PrimaryCount(), 1);
  EXPECT_EQ(Primary(), LocationId(1));
}

TEST_F(LocationTest, RequiresAName) {
  for (std::string name : {"", "  "}) {
    absl::Status s = Write([&](Transaction& t) { return t.CreateLocation({.name = name}); });
    EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "location_name",
                           ApiCode::kMissingField));
    EXPECT_EQ(s.message(), "location_name is required.");
  }
  EXPECT_THAT(Write([&](Transaction& t) { return t.CreateLocation({.name = std::string(101, 'l')}); }),
              IsError(absl::StatusCode::kInvalidArgument, "location_name", ApiCode::kTooLong));
  EXPECT_EQ(engine_->GetSnapshot().ListLocations().size(), 1u);
}

TEST_F(LocationTest, RefusesDuplicateNames) {
  Create({.name = "Shop"});
  for (std::string name : {"Shop", " shop ", "SHOP", "primary location"}) {
    absl::Status s = Write([&](Transaction& t) { return t.CreateLocation({.name = name}); });
    EXPECT_THAT(s, IsError(absl::StatusCode::kAlreadyExists, "location_name", ApiCode::kDuplicate))
        << name;
  }
  absl::Status s = Write([&](Transaction& t) { return t.CreateLocation({.name = " shop "}); });
  EXPECT_EQ(s.message(), "A location named 'shop' already exists.");
  EXPECT_EQ(engine_->GetSnapshot().ListLocations().size(), 2u);
}

TEST_F(LocationTest, UpdatesALocation) {
  LocationId id = Create({.name = "Shop"});
  Location shop = Get(id);
  shop.name = "Shop North";
  shop.phone = "123";
  shop.is_primary = true;            // ignored: use MarkPrimaryLocation
  shop.status = Status::kInactive;   // ignored: use SetLocationStatus
  ASSERT_THAT(Write([&](Transaction& t) { return t.UpdateLocation(shop); }), IsOk());
  Location stored = Get(id);
  EXPECT_EQ(stored.name, "Shop North");
  EXPECT_EQ(stored.phone, "123");
  EXPECT_FALSE(stored.is_primary);
  EXPECT_EQ(stored.status, Status::kActive);
  EXPECT_EQ(PrimaryCount(), 1);
  // Keeping its own name, in another case, is fine.
  stored.name = "SHOP NORTH";
  EXPECT_THAT(Write([&](Transaction& t) { return t.UpdateLocation(stored); }), IsOk());
}

TEST_F(LocationTest, UpdateRefusesTakenNamesAndUnknownIds) {
  LocationId id = Create({.name = "Shop"});
  Location shop = Get(id);
  shop.name = "Primary location";
  EXPECT_THAT(Write([&](Transaction& t) { return t.UpdateLocation(shop); }),
              IsError(absl::StatusCode::kAlreadyExists, "location_name", ApiCode::kDuplicate));
  shop.name = "";
  EXPECT_THAT(Write([&](Transaction& t) { return t.UpdateLocation(shop); }),
              IsError(absl::StatusCode::kInvalidArgument, "location_name",
                      ApiCode::kMissingField));
  Location ghost{.name = "Ghost"};
  ghost.id = LocationId(99);
  absl::Status s = Write([&](Transaction& t) { return t.UpdateLocation(ghost); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kNotFound, "location_id", ApiCode::kNotFound));
  EXPECT_EQ(s.message(), "Location does not exist. (location_id 99)");
  EXPECT_EQ(Get(id).name, "Shop");
}

TEST_F(LocationTest, DeletesASecondaryLocation) {
  LocationId id = Create({.name = "Shop"});
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteLocation(id); }), IsOk());
  {
    Snapshot snap = engine_->GetSnapshot();
    EXPECT_EQ(snap.FindLocation(id), nullptr);
    EXPECT_EQ(snap.ListLocations().size(), 1u);
  }
  EXPECT_THAT(Write([&](Transaction& t) { return t.DeleteLocation(id); }),
              IsError(absl::StatusCode::kNotFound, "location_id", ApiCode::kNotFound));
}

TEST_F(LocationTest, PrimaryLocationCannotBeDeleted) {
  LocationId primary = Primary();
  absl::Status s = Write([&](Transaction& t) { return t.DeleteLocation(primary); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "location_id",
                         ApiCode::kLocationInUse));
  EXPECT_EQ(s.message(), "The primary location cannot be deleted.");
  EXPECT_EQ(engine_->GetSnapshot().ListLocations().size(), 1u);
}

TEST_F(LocationTest, ParentLocationCannotBeDeleted) {
  LocationId parent = Create({.name = "Warehouse"});
  LocationId child = Create({.name = "Aisle 1", .parent_location_id = parent});
  EXPECT_EQ(Get(child).parent_location_id, parent);
  absl::Status s = Write([&](Transaction& t) { return t.DeleteLocation(parent); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "location_id",
                         ApiCode::kLocationInUse));
  EXPECT_EQ(s.message(), "The location is the parent of 'Aisle 1' and cannot be deleted.");
  ASSERT_THAT(Write([&](Transaction& t) { return t.DeleteLocation(child); }), IsOk());
  EXPECT_THAT(Write([&](Transaction& t) { return t.DeleteLocation(parent); }), IsOk());
}

TEST_F(LocationTest, ParentMustExistAndNotBeItself) {
  absl::Status s = Write([&](Transaction& t) {
    return t.CreateLocation({.name = "Aisle", .parent_location_id = LocationId(77)});
  });
  EXPECT_THAT(s, IsError(absl::StatusCode::kNotFound, "parent_location_id", ApiCode::kNotFound));
  LocationId id = Create({.name = "Aisle"});
  Location aisle = Get(id);
  aisle.parent_location_id = id;
  s = Write([&](Transaction& t) { return t.UpdateLocation(aisle); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "parent_location_id",
                         ApiCode::kInvalidValue));
  EXPECT_EQ(s.message(), "A location cannot be its own parent.");
}

TEST_F(LocationTest, ParentChainMayNotFormACycle) {
  LocationId a = Create({.name = "A"});
  LocationId b = Create({.name = "B", .parent_location_id = a});
  LocationId c = Create({.name = "C", .parent_location_id = b});
  // A under C would make A its own ancestor (A -> C -> B -> A).
  Location moved = Get(a);
  moved.parent_location_id = c;
  absl::Status s = Write([&](Transaction& t) { return t.UpdateLocation(moved); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kInvalidArgument, "parent_location_id",
                         ApiCode::kInvalidValue));
  EXPECT_EQ(s.message(), "A location cannot be its own ancestor.");
  EXPECT_EQ(Get(a).parent_location_id, std::nullopt);
  // Moving within the tree without a cycle is fine.
  Location c_under_a = Get(c);
  c_under_a.parent_location_id = a;
  EXPECT_THAT(Write([&](Transaction& t) { return t.UpdateLocation(c_under_a); }), IsOk());
}

TEST_F(LocationTest, LocationThatItemsAreRestrictedToCannotBeDeleted) {
  LocationId shop = Create({.name = "Shop"});
  Item tea{.name = "Tea"};
  tea.details.mut().associated_with_all_locations = false;
  tea.details.mut().location_ids = {shop};
  ItemId id = testutil::AddItem(*engine_, tea);
  absl::Status s = Write([&](Transaction& t) { return t.DeleteLocation(shop); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "location_id",
                         ApiCode::kLocationInUse));
  EXPECT_EQ(s.message(), "The location is associated with the item 'Tea' and cannot be deleted.");
  // The item can still be updated (its location list stays valid).
  Item stored = *engine_->GetSnapshot().FindItem(id);
  stored.name = "Green tea";
  EXPECT_THAT(Write([&](Transaction& t) { return t.UpdateItem(stored); }), IsOk());
  // Once no item is restricted to it, the location can go.
  EXPECT_THAT(Write([&](Transaction& t) { return t.SetItemLocationAccess(id, true, {}); }),
              IsOk());
  EXPECT_THAT(Write([&](Transaction& t) { return t.DeleteLocation(shop); }), IsOk());
}

TEST_F(LocationTest, MarksALocationInactiveAndActive) {
  LocationId id = Create({.name = "Shop"});
  ASSERT_THAT(Write([&](Transaction& t) { return t.SetLocationStatus(id, Status::kInactive); }),
              IsOk());
  EXPECT_EQ(Get(id).status, Status::kInactive);
  ASSERT_THAT(Write([&](Transaction& t) { return t.SetLocationStatus(id, Status::kActive); }),
              IsOk());
  EXPECT_EQ(Get(id).status, Status::kActive);
  EXPECT_THAT(
      Write([&](Transaction& t) { return t.SetLocationStatus(LocationId(99), Status::kActive); }),
      IsError(absl::StatusCode::kNotFound, "location_id", ApiCode::kNotFound));
}

TEST_F(LocationTest, PrimaryLocationCannotBeMarkedInactive) {
  LocationId primary = Primary();
  absl::Status s =
      Write([&](Transaction& t) { return t.SetLocationStatus(primary, Status::kInactive); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "location_id",
                         ApiCode::kLocationInUse));
  EXPECT_EQ(s.message(), "The primary location cannot be marked as inactive.");
  EXPECT_EQ(Get(primary).status, Status::kActive);
  // Marking it active again is harmless.
  EXPECT_THAT(Write([&](Transaction& t) { return t.SetLocationStatus(primary, Status::kActive); }),
              IsOk());
}

TEST_F(LocationTest, MarkingAnotherPrimaryUnmarksTheOldOne) {
  LocationId old_primary = Primary();
  LocationId shop = Create({.name = "Shop"});
  ASSERT_THAT(Write([&](Transaction& t) { return t.MarkPrimaryLocation(shop); }), IsOk());
  EXPECT_EQ(Primary(), shop);
  EXPECT_TRUE(Get(shop).is_primary);
  EXPECT_FALSE(Get(old_primary).is_primary);
  EXPECT_EQ(PrimaryCount(), 1);
  EXPECT_THAT(ListedNames(), ElementsAre("Shop", "Primary Location"));
  // The old primary is an ordinary location now: it may be deactivated and
  // deleted; the new one may not.
  EXPECT_THAT(
      Write([&](Transaction& t) { return t.SetLocationStatus(old_primary, Status::kInactive); }),
      IsOk());
  EXPECT_THAT(Write([&](Transaction& t) { return t.DeleteLocation(shop); }),
              IsError(absl::StatusCode::kFailedPrecondition, "location_id",
                      ApiCode::kLocationInUse));
  EXPECT_THAT(Write([&](Transaction& t) { return t.DeleteLocation(old_primary); }), IsOk());
  EXPECT_THAT(ListedNames(), ElementsAre("Shop"));
}

TEST_F(LocationTest, MarkingThePrimaryAgainChangesNothing) {
  std::string before = DumpEngine(*engine_);
  LocationId primary = Primary();
  ASSERT_THAT(Write([&](Transaction& t) { return t.MarkPrimaryLocation(primary); }), IsOk());
  EXPECT_EQ(DumpEngine(*engine_), before);
}

TEST_F(LocationTest, InactiveOrUnknownLocationCannotBecomePrimary) {
  LocationId shop = Create({.name = "Shop"});
  ASSERT_THAT(Write([&](Transaction& t) { return t.SetLocationStatus(shop, Status::kInactive); }),
              IsOk());
  absl::Status s = Write([&](Transaction& t) { return t.MarkPrimaryLocation(shop); });
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "location_id",
                         ApiCode::kConflict));
  EXPECT_EQ(s.message(), "An inactive location cannot be the primary location.");
  EXPECT_THAT(Write([&](Transaction& t) { return t.MarkPrimaryLocation(LocationId(99)); }),
              IsError(absl::StatusCode::kNotFound, "location_id", ApiCode::kNotFound));
  EXPECT_EQ(Primary(), LocationId(1));
}

TEST_F(LocationTest, ListsPrimaryFirstThenByName) {
  Create({.name = "zeta"});
  Create({.name = "Alpha"});
  Create({.name = "beta"});
  EXPECT_THAT(ListedNames(), ElementsAre("Primary Location", "Alpha", "beta", "zeta"));
}

TEST_F(LocationTest, LocationsAndItemsShareTheIdCounter) {
  LocationId shop = Create({.name = "Shop"});
  EXPECT_EQ(shop, LocationId(2));
  Transaction txn = engine_->BeginTransaction();
  auto item = txn.CreateItem({.name = "Tea"});
  ASSERT_THAT(item, IsOk());
  EXPECT_EQ((*item)->id, ItemId(3));
}

}  // namespace
}  // namespace inventory
