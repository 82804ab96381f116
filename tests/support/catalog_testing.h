// Helpers for the C++ API unit tests: opening engines, a frozen clock, exact
// error matchers and a full text dump of an engine's visible state (so a
// test can assert that a refused write or a rollback changed nothing).
#ifndef INVENTORY_TESTS_SUPPORT_CATALOG_TESTING_H_
#define INVENTORY_TESTS_SUPPORT_CATALOG_TESTING_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "inventory/engine.h"
#include "inventory/errors.h"
#include "inventory/quantity.h"
#include "inventory/transaction.h"

namespace inventory::testutil {

// Concatenates anything streamable (Debian's Abseil has its own string_view,
// so absl::StrCat does not take std::string_view).
template <class... A>
std::string Cat(const A&... a) {
  std::ostringstream out;
  (out << ... << a);
  return out.str();
}
template <class... A>
void Append(std::string* out, const A&... a) {
  out->append(Cat(a...));
}

// 2026-01-02T03:04:05Z, the time every frozen clock starts at.
inline absl::Time FrozenStart() { return absl::FromUnixSeconds(1767323045); }

// A clock that stands still until advanced. Copies share one time, so the
// Options holding it and the test see the same value.
class FrozenClock {
 public:
  FrozenClock() : now_(std::make_shared<absl::Time>(FrozenStart())) {}
  absl::Time Now() const { return *now_; }
  void Advance(absl::Duration d) { *now_ += d; }
  std::function<absl::Time()> AsFunction() const {
    return [now = now_] { return *now; };
  }

 private:
  std::shared_ptr<absl::Time> now_;
};

// Opens an engine or aborts the test binary (Open only fails on bad options).
inline std::unique_ptr<Engine> OpenEngine(const Options& options = {}) {
  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(options);
  if (!engine.ok()) {
    std::cerr << "Engine::Open failed: " << engine.status() << "\n";
    std::abort();
  }
  return *std::move(engine);
}

inline Money M(std::string_view text) {
  absl::StatusOr<Money> m = Money::Parse(text);
  if (!m.ok()) std::abort();
  return *m;
}
inline Quantity Q(std::string_view text) {
  absl::StatusOr<Quantity> q = Quantity::Parse(text);
  if (!q.ok()) std::abort();
  return *q;
}

inline const absl::Status& StatusOf(const absl::Status& s) { return s; }
template <class T>
const absl::Status& StatusOf(const absl::StatusOr<T>& s) {
  return s.status();
}

// Matches an error with exactly this canonical code, field and API code.
MATCHER_P3(IsError, code, field, api_code,
           ::inventory::testutil::Cat("is a ", absl::StatusCodeToString(code), " error on field '",
                                     field, "' with API code ", static_cast<int>(api_code))) {
  const absl::Status& s = StatusOf(arg);
  *result_listener << "status is " << s << ", field '" << ErrorField(s) << "', API code "
                   << static_cast<int>(ErrorApiCode(s));
  return s.code() == code && ErrorField(s) == std::string_view(field) &&
         ErrorApiCode(s) == api_code;
}

// Matches an OK status or StatusOr.
MATCHER(IsOk, "is OK") {
  const absl::Status& s = StatusOf(arg);
  *result_listener << "status is " << s;
  return s.ok();
}

inline std::string FormatTimeForDump(absl::Time t) {
  return absl::FormatTime(absl::RFC3339_full, t, absl::UTCTimeZone());
}

// Every field of an item, one "key=value" per line.
inline std::string DumpItem(const Item& i) {
  std::string out;
  auto add = [&](std::string_view key, const auto&... v) {
    Append(&out, "  ", key, "=", v..., "\n");
  };
  add("id", i.id.value());
  add("name", i.name);
  add("sku", i.sku);
  add("upc", i.upc);
  add("ean", i.ean);
  add("isbn", i.isbn);
  add("part_number", i.part_number);
  add("description", i.description);
  add("unit", i.unit);
  add("item_type", ToString(i.item_type));
  add("product_type", ToString(i.product_type));
  add("status", ToString(i.status));
  add("rate", i.rate.ToString());
  add("purchase_rate", i.purchase_rate.ToString());
  add("reorder_level", i.reorder_level.ToString());
  add("flags", i.is_taxable, i.can_be_sold, i.can_be_purchased, i.track_inventory,
      i.storage_location_enabled);
  add("group_id", i.group_id ? i.group_id->value() : 0);
  add("attribute_options", i.attribute_options[0], "|", i.attribute_options[1], "|",
      i.attribute_options[2]);
  for (const MappedItem& m : i.mapped_items) {
    add("mapped_item", m.item_id.value(), "x", m.quantity.ToString());
  }
  const ItemDetails& d = *i.details;
  add("purchase_description", d.purchase_description);
  add("unit_id", d.unit_id);
  add("tax", d.tax_id, "|", d.tax_name, "|", d.tax_type, "|", d.tax_exemption_id, "|",
      d.tax_percentage ? d.tax_percentage->ToString() : "-");
  add("accounts", d.account_id, "|", d.account_name, "|", d.purchase_account_id, "|",
      d.purchase_account_name, "|", d.inventory_account_id, "|", d.inventory_account_name);
  add("vendor", d.vendor_id, "|", d.vendor_name);
  add("category", d.category_id, "|", d.category_name);
  add("brand", d.brand, "|", d.manufacturer);
  add("codes", d.hsn_or_sac, "|", d.sat_item_key_code, "|", d.unitkey_code, "|",
      d.avatax_tax_code, "|", d.avatax_use_code);
  add("image", d.image_id, "|", d.image_name, "|", d.image_type);
  for (const std::string& doc : d.documents) add("document", doc);
  for (const TaxPreference& p : d.item_tax_preferences) {
    add("tax_preference", p.tax_id, "|", ToString(p.tax_specification));
  }
  for (const CustomField& f : d.custom_fields) {
    add("custom_field", f.customfield_id, "|", f.api_name, "|", f.label, "|", f.value);
  }
  add("all_locations", d.associated_with_all_locations);
  for (LocationId l : d.location_ids) add("location_id", l.value());
  add("created_time", FormatTimeForDump(i.created_time));
  add("last_modified_time", FormatTimeForDump(i.last_modified_time));
  return out;
}

inline std::string DumpGroup(const ItemGroup& g) {
  std::string out;
  auto add = [&](std::string_view key, const auto&... v) {
    Append(&out, "  ", key, "=", v..., "\n");
  };
  add("id", g.id.value());
  add("group_name", g.group_name);
  add("unit", g.unit);
  add("brand", g.brand, "|", g.manufacturer);
  add("description", g.description);
  add("tax", g.tax_id, "|", g.tax_name, "|", g.tax_type, "|",
      g.tax_percentage ? g.tax_percentage->ToString() : "-");
  add("is_taxable", g.is_taxable);
  add("image", g.image_id, "|", g.image_name, "|", g.image_type);
  for (const CustomField& f : g.custom_fields) {
    add("custom_field", f.customfield_id, "|", f.api_name, "|", f.label, "|", f.value);
  }
  for (const Attribute& a : g.attributes) {
    add("attribute", a.id.value(), ":", a.name);
    for (const AttributeOption& o : a.options) add("  option", o.id.value(), ":", o.name);
  }
  add("status", ToString(g.status));
  add("created_time", FormatTimeForDump(g.created_time));
  add("last_modified_time", FormatTimeForDump(g.last_modified_time));
  return out;
}

inline std::string DumpLocation(const Location& l) {
  std::string out;
  auto add = [&](std::string_view key, const auto&... v) {
    Append(&out, "  ", key, "=", v..., "\n");
  };
  add("id", l.id.value());
  add("name", l.name);
  add("type", l.type);
  add("contact", l.email, "|", l.phone);
  const Address& a = l.address;
  add("address", a.attention, "|", a.street_address1, "|", a.street_address2, "|", a.city, "|",
      a.state, "|", a.state_code, "|", a.country, "|", a.zip);
  add("tax_settings_id", l.tax_settings_id);
  add("parent", l.parent_location_id ? l.parent_location_id->value() : 0);
  for (const std::string& s : l.associated_series_ids) add("series", s);
  add("auto_number_generation_id", l.auto_number_generation_id);
  add("is_all_users_selected", l.is_all_users_selected);
  for (const std::string& u : l.user_ids) add("user", u);
  add("status", ToString(l.status));
  add("is_primary", l.is_primary);
  return out;
}

// Everything a reader can see: items (with the composites using each),
// groups (with their members), locations, all in id order.
inline std::string DumpState(const Reader& r) {
  std::string out;
  Page<Item> items = r.ListItems({.per_page = 1'000'000});
  std::vector<const Item*> rows = items.rows;
  std::sort(rows.begin(), rows.end(), [](const Item* a, const Item* b) { return a->id < b->id; });
  Append(&out, "item_count=", r.ItemCount(), "\n");
  for (const Item* i : rows) {
    Append(&out, "item\n", DumpItem(*i));
    for (ItemId c : r.CompositesUsing(i->id)) Append(&out, "  used_by=", c.value(), "\n");
  }
  Page<ItemGroup> groups = r.ListGroups({.per_page = 1'000'000});
  std::vector<const ItemGroup*> grows = groups.rows;
  std::sort(grows.begin(), grows.end(),
            [](const ItemGroup* a, const ItemGroup* b) { return a->id < b->id; });
  for (const ItemGroup* g : grows) {
    Append(&out, "group\n", DumpGroup(*g));
    for (const Item* m : r.ItemsInGroup(g->id)) Append(&out, "  member=", m->id.value(), "\n");
  }
  std::vector<const Location*> locations = r.ListLocations();
  std::sort(locations.begin(), locations.end(),
            [](const Location* a, const Location* b) { return a->id < b->id; });
  for (const Location* l : locations) Append(&out, "location\n", DumpLocation(*l));
  const Location* primary = r.PrimaryLocation();
  Append(&out, "primary=", primary ? primary->id.value() : 0, "\n");
  return out;
}

inline std::string DumpEngine(const Engine& engine) { return DumpState(engine.GetSnapshot()); }

// Runs `write` in a transaction of its own and commits it when it succeeds;
// a refused write must leave `dump()` (the whole visible state) exactly as it
// was.
template <class F, class D>
absl::Status WriteChecked(Engine& engine, F&& write, D&& dump) {
  std::string before = dump();
  absl::Status status;
  {
    Transaction txn = engine.BeginTransaction();
    status = StatusOf(write(txn));
    if (status.ok()) {
      EXPECT_THAT(txn.Commit(), IsOk());
    }
  }
  if (!status.ok()) {
    EXPECT_EQ(dump(), before) << status;
  }
  return status;
}
template <class F>
absl::Status WriteChecked(Engine& engine, F&& write) {
  return WriteChecked(engine, std::forward<F>(write), [&] { return DumpEngine(engine); });
}

// Creates an item in its own committed transaction and returns its id.
inline ItemId AddItem(Engine& engine, Item item) {
  Transaction txn = engine.BeginTransaction();
  absl::StatusOr<const Item*> created = txn.CreateItem(std::move(item));
  EXPECT_TRUE(created.ok()) << created.status();
  if (!created.ok()) return ItemId();
  ItemId id = (*created)->id;
  EXPECT_TRUE(txn.Commit().ok());
  return id;
}

// The ids of rows, in order.
inline std::vector<ItemId> Ids(const std::vector<const Item*>& rows) {
  std::vector<ItemId> out;
  for (const Item* r : rows) out.push_back(r->id);
  return out;
}
inline std::vector<std::string> Names(const std::vector<const Item*>& rows) {
  std::vector<std::string> out;
  for (const Item* r : rows) out.push_back(r->name);
  return out;
}

}  // namespace inventory::testutil

// Lets gtest print ids in failure messages.
namespace inventory {
template <class Tag>
void PrintTo(Id<Tag> id, std::ostream* os) {
  *os << "Id(" << id.value() << ")";
}
template <class Tag>
void PrintTo(Decimal<Tag> d, std::ostream* os) {
  *os << d.ToString();
}
}  // namespace inventory

#endif  // INVENTORY_TESTS_SUPPORT_CATALOG_TESTING_H_
