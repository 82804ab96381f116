// Items endpoints of both flavours: /inventory/v1/items... and
// /books/v3/items... (messages differ where the reference's do).
#include <algorithm>

#include "common/text.h"
#include "json/router.h"
#include "json/stock_codec.h"

namespace inventory::internal {
namespace {

const char* ItemUpdatedMessage(Flavour f) {
  return f == Flavour::kBooks ? "Item details have been saved." : "Item details have been updated";
}

absl::StatusOr<std::vector<ItemId>> ItemIdsOf(const Call& call) { return ParseItemIds(call, "item_ids"); }

// Query parameters -> ItemQuery, refusing values the reference does not list.
absl::StatusOr<ItemQuery> ParseItemQuery(const Call& call) {
  ItemQuery q;
  static const std::pair<std::string_view, ItemFilter> kFilters[] = {
      {"Status.All", ItemFilter::kAll},
      {"Status.Active", ItemFilter::kActive},
      {"Status.Inactive", ItemFilter::kInactive},
      {"Status.Lowstock", ItemFilter::kLowStock},
      {"Status.Unmapped", ItemFilter::kUnmapped},
      {"Status.Uncategorized", ItemFilter::kUncategorized},
      {"Status.Grouped", ItemFilter::kGrouped},
      {"ItemType.All", ItemFilter::kAll},
      {"ItemType.Sales", ItemFilter::kSales},
      {"ItemType.Purchases", ItemFilter::kPurchases},
      {"ItemType.SalesAndPurchases", ItemFilter::kSalesAndPurchases},
      {"ItemType.Inventory", ItemFilter::kInventory},
      {"ItemType.NonInventory", ItemFilter::kNonInventory},
      {"ItemType.Service", ItemFilter::kService},
  };
  static const std::pair<std::string_view, SortColumn> kSorts[] = {
      {"name", SortColumn::kName},
      {"sku", SortColumn::kSku},
      {"rate", SortColumn::kRate},
      {"purchase_rate", SortColumn::kPurchaseRate},
      {"created_time", SortColumn::kCreatedTime},
      {"last_modified_time", SortColumn::kLastModifiedTime},
      {"reorder_level", SortColumn::kReorderLevel},
      {"stock_on_hand", SortColumn::kStockOnHand},
      {"tax_name", SortColumn::kTaxName},
  };
  auto bad = [](std::string_view field, std::string_view allowed) {
    return InvalidArgumentError(field, Cat(field, " must be one of: ", allowed, "."), ApiCode::kBadEnum);
  };
  if (const std::string* f = call.Query("filter_by")) {
    auto it = std::find_if(std::begin(kFilters), std::end(kFilters), [&](auto& p) { return p.first == *f; });
    if (it == std::end(kFilters)) {
      return bad("filter_by",
                 "Status.All, Status.Active, Status.Inactive, Status.Lowstock, Status.Unmapped, "
                 "Status.Uncategorized, Status.Grouped, ItemType.All, ItemType.Sales, ItemType.Purchases, "
                 "ItemType.SalesAndPurchases, ItemType.Inventory, ItemType.NonInventory, ItemType.Service");
    }
    q.filter = it->second;
  }
  if (const std::string* c = call.Query("sort_column")) {
    auto it = std::find_if(std::begin(kSorts), std::end(kSorts), [&](auto& p) { return p.first == *c; });
    if (it == std::end(kSorts)) {
      return bad("sort_column",
                 "name, sku, rate, purchase_rate, created_time, last_modified_time, reorder_level, "
                 "stock_on_hand, tax_name");
    }
    q.sort_column = it->second;
  }
  if (const std::string* o = call.Query("sort_order")) {
    if (*o != "A" && *o != "D") return bad("sort_order", "A, D");
    q.descending = *o == "D";
  }
  if (const std::string* s = call.Query("status")) {
    auto st = ParseStatus(*s);
    if (!st) return bad("status", "active, inactive");
    q.status = st;
  }
  auto text = [&](std::string_view key, std::optional<std::string>& out) {
    if (const std::string* v = call.Query(key)) out = *v;
  };
  text("name", q.name);
  text("name_startswith", q.name_startswith);
  text("name_contains", q.name_contains);
  text("description", q.description);
  text("description_startswith", q.description_startswith);
  text("description_contains", q.description_contains);
  text("sku", q.sku);
  text("sku_startswith", q.sku_startswith);
  text("sku_contains", q.sku_contains);
  text("search_text", q.search_text);
  text("tax_id", q.tax_id);
  text("tax_name", q.tax_name);
  text("tax_exemption_id", q.tax_exemption_id);
  text("account_id", q.account_id);
  auto money = [&](std::string_view key, std::optional<Money>& out) -> absl::Status {
    const std::string* v = call.Query(key);
    if (v == nullptr) return absl::OkStatus();
    auto m = Money::Parse(*v);
    if (!m.ok()) return InvalidArgumentError(key, Cat(key, " must be a number."));
    out = *m;
    return absl::OkStatus();
  };
  INVENTORY_RETURN_IF_ERROR(money("rate", q.rate));
  INVENTORY_RETURN_IF_ERROR(money("rate_less_than", q.rate_less_than));
  INVENTORY_RETURN_IF_ERROR(money("rate_less_equals", q.rate_less_equals));
  INVENTORY_RETURN_IF_ERROR(money("rate_greater_than", q.rate_greater_than));
  INVENTORY_RETURN_IF_ERROR(money("rate_greater_equals", q.rate_greater_equals));
  if (const std::string* v = call.Query("is_taxable")) {
    if (*v != "true" && *v != "false") return bad("is_taxable", "true, false");
    q.is_taxable = *v == "true";
  }
  if (const std::string* v = call.Query("last_modified_time")) {
    absl::Time t;
    if (!ParseTime(*v, &t)) {
      return InvalidArgumentError("last_modified_time",
                                  "last_modified_time must be formatted yyyy-MM-ddTHH:mm:ssZ.");
    }
    q.last_modified_time = t;
  }
  INVENTORY_RETURN_IF_ERROR(ParsePaging(call, &q.page, &q.per_page));
  return q;
}

json::object PageContext(const Call& call, const Page<Item>& page, std::string_view report) {
  json::object pc;
  pc["page"] = page.page;
  pc["per_page"] = page.per_page;
  pc["has_more_page"] = page.has_more_page;
  pc["report_name"] = report;
  const std::string* col = call.Query("sort_column");
  pc["sort_column"] = col ? *col : "name";
  const std::string* ord = call.Query("sort_order");
  pc["sort_order"] = ord ? *ord : "A";
  return pc;
}

absl::StatusOr<Reply> ListItems(Call& call) {
  auto q = ParseItemQuery(call);
  if (!q.ok()) return q.status();
  Snapshot snap = call.engine.GetSnapshot();
  Page<Item> page = snap.ListItems(*q);
  Reply r = Ok("success");
  json::array items;
  for (const Item* item : page.rows) items.push_back(EncodeItem(snap, *item));
  r.body["items"] = std::move(items);
  r.body["page_context"] = PageContext(call, page, "Items");
  return r;
}

absl::Status CheckCreateFields(const Call& call) {
  FieldReader in = call.fields();
  INVENTORY_RETURN_IF_ERROR(in.Require("name"));
  if (call.flavour == Flavour::kBooks) INVENTORY_RETURN_IF_ERROR(in.Require("rate"));
  return absl::OkStatus();
}

absl::StatusOr<const Item*> CreateFromBody(Transaction& txn, const Call& call) {
  INVENTORY_RETURN_IF_ERROR(CheckCreateFields(call));
  Item item;
  if (call.flavour == Flavour::kBooks) item.item_type = ItemType::kSales;  // Books' default
  INVENTORY_RETURN_IF_ERROR(DecodeItem(call.fields(), &item));
  if (item.group_id && item.item_type != ItemType::kInventory && !call.fields().Has("item_type")) {
    item.item_type = ItemType::kInventory;
  }
  auto opening = DecodeOpeningStock(call.fields(), txn);
  if (!opening.ok()) return opening.status();
  auto created = txn.CreateItem(std::move(item));
  if (!created.ok() || opening->lines.empty()) return created;
  // Opening stock goes in with the item, in the same transaction.
  ItemId id = (*created)->id;
  INVENTORY_RETURN_IF_ERROR(ApplyOpeningStock(txn, id, *opening, Today(call.engine)));
  return txn.FindItem(id);
}

absl::StatusOr<Reply> CreateItem(Call& call) {
  Transaction txn = call.engine.BeginTransaction();
  auto item = CreateFromBody(txn, call);
  if (!item.ok()) return item.status();
  Reply r = Ok("The item has been added.", 201);
  r.body["item"] = EncodeItem(txn, **item);
  INVENTORY_RETURN_IF_ERROR(txn.Commit());
  return r;
}

absl::StatusOr<const Item*> UpdateFromBody(Transaction& txn, const Call& call, ItemId id) {
  const Item* old = txn.FindItem(id);
  if (old == nullptr) return ItemNotFound(id);
  FieldReader in = call.fields();
  if (in.Has("name")) INVENTORY_RETURN_IF_ERROR(in.Require("name"));
  Item item = *old;
  INVENTORY_RETURN_IF_ERROR(DecodeItem(in, &item));
  if (item.is_composite() && in.Has("mapped_items")) {
    INVENTORY_RETURN_IF_ERROR(DecodeMappedItems(in, &item.mapped_items));
    if (item.mapped_items.empty()) {
      return InvalidArgumentError("mapped_items", "mapped_items is required.", ApiCode::kMissingField);
    }
  }
  return txn.UpdateItem(std::move(item));
}

absl::StatusOr<Reply> UpdateItem(Call& call) {
  auto id = PathId(call, 0, "item_id");
  if (!id.ok()) return id.status();
  Transaction txn = call.engine.BeginTransaction();
  auto item = UpdateFromBody(txn, call, ItemId(*id));
  if (!item.ok()) return item.status();
  Reply r = Ok(ItemUpdatedMessage(call.flavour));
  r.body["item"] = EncodeItem(txn, **item);
  INVENTORY_RETURN_IF_ERROR(txn.Commit());
  return r;
}

absl::StatusOr<Reply> GetItem(Call& call) {
  auto id = PathId(call, 0, "item_id");
  if (!id.ok()) return id.status();
  Snapshot snap = call.engine.GetSnapshot();
  const Item* item = snap.FindItem(ItemId(*id));
  if (item == nullptr) return ItemNotFound(ItemId(*id));
  Reply r = Ok("success");
  r.body["item"] = EncodeItem(snap, *item);
  return r;
}

absl::StatusOr<Reply> ItemDetails(Call& call) {
  auto ids = ItemIdsOf(call);
  if (!ids.ok()) return ids.status();
  Snapshot snap = call.engine.GetSnapshot();
  json::array items;
  for (ItemId id : *ids) {
    const Item* item = snap.FindItem(id);
    if (item == nullptr) return ItemNotFound(id);
    items.push_back(EncodeItem(snap, *item));
  }
  Reply r = Ok("success");
  r.body["items"] = std::move(items);
  return r;
}

Handler OnPathItem(std::string_view message, std::function<absl::Status(Transaction&, ItemId)> write) {
  return [message, write](Call& call) -> absl::StatusOr<Reply> {
    auto id = PathId(call, 0, "item_id");
    if (!id.ok()) return id.status();
    return Write(call, message, [&](Transaction& txn) { return write(txn, ItemId(*id)); });
  };
}

Handler OnItemIds(std::string_view message, std::function<absl::Status(Transaction&, std::span<const ItemId>)> write) {
  return [message, write](Call& call) -> absl::StatusOr<Reply> {
    auto ids = ItemIdsOf(call);
    if (!ids.ok()) return ids.status();
    return Write(call, message, [&](Transaction& txn) { return write(txn, *ids); });
  };
}

absl::Status UpdateCustomFields(Transaction& txn, const Call& call, ItemId id) {
  const Item* old = txn.FindItem(id);
  if (old == nullptr) return ItemNotFound(id);
  Item item = *old;
  std::vector<CustomField> given;
  INVENTORY_RETURN_IF_ERROR(call.fields().Objects("custom_fields", [&](const FieldReader& f) {
    CustomField c;
    INVENTORY_RETURN_IF_ERROR(f.Text("customfield_id", &c.customfield_id));
    INVENTORY_RETURN_IF_ERROR(f.Text("api_name", &c.api_name));
    INVENTORY_RETURN_IF_ERROR(f.Text("label", &c.label));
    if (c.customfield_id.empty() && c.api_name.empty() && c.label.empty()) {
      return InvalidArgumentError(f.FieldName("customfield_id"), Cat(f.FieldName("customfield_id"), " is required."),
                                  ApiCode::kMissingField);
    }
    INVENTORY_RETURN_IF_ERROR(f.Text("value", &c.value));
    given.push_back(std::move(c));
    return absl::OkStatus();
  }));
  auto& fields = item.details.mut().custom_fields;
  for (CustomField& g : given) {
    auto it = std::find_if(fields.begin(), fields.end(), [&](const CustomField& f) {
      return (!g.customfield_id.empty() && f.customfield_id == g.customfield_id) ||
             (!g.api_name.empty() && f.api_name == g.api_name) || (!g.label.empty() && f.label == g.label);
    });
    if (it == fields.end()) {
      fields.push_back(std::move(g));
    } else {
      it->value = g.value;
    }
  }
  return txn.UpdateItem(std::move(item)).status();
}

// Books: PUT /items with X-Unique-Identifier-Key/-Value (and X-Upsert).
absl::StatusOr<Reply> UpsertByCustomField(Call& call) {
  auto header = [&](std::string_view name) -> std::string {
    auto it = call.headers.find(std::string(name));
    return it == call.headers.end() ? "" : it->second;
  };
  std::string key = header("x-unique-identifier-key");
  std::string value = header("x-unique-identifier-value");
  if (key.empty()) {
    return InvalidArgumentError("X-Unique-Identifier-Key", "The header X-Unique-Identifier-Key is required.",
                                ApiCode::kMissingField);
  }
  if (value.empty()) {
    return InvalidArgumentError("X-Unique-Identifier-Value", "The header X-Unique-Identifier-Value is required.",
                                ApiCode::kMissingField);
  }
  bool upsert = header("x-upsert") == "true";
  Transaction txn = call.engine.BeginTransaction();
  const Item* found = txn.FindItemByCustomField(key, value);
  absl::StatusOr<const Item*> item;
  Reply r;
  if (found != nullptr) {
    item = UpdateFromBody(txn, call, found->id);
    r = Ok(ItemUpdatedMessage(call.flavour));
  } else if (upsert) {
    item = CreateFromBody(txn, call);
    if (item.ok()) {
      // The new item carries the identifying custom field value.
      Item copy = **item;
      auto& fields = copy.details.mut().custom_fields;
      bool has = std::any_of(fields.begin(), fields.end(), [&](const CustomField& f) {
        return f.api_name == key || f.label == key || f.customfield_id == key;
      });
      if (!has) fields.push_back(CustomField{.api_name = key, .label = key, .value = value});
      item = txn.UpdateItem(std::move(copy));
    }
    r = Ok("The item has been added.", 201);
  } else {
    return NotFoundError("X-Unique-Identifier-Value",
                         Cat("Item does not exist. No item has ", key, " = '", value, "'."),
                         ApiCode::kItemNotFound);
  }
  if (!item.ok()) return item.status();
  r.body["item"] = EncodeItem(txn, **item);
  INVENTORY_RETURN_IF_ERROR(txn.Commit());
  return r;
}

absl::StatusOr<Reply> MoveItem(Call& call) {
  auto id = PathId(call, 0, "item_id");
  if (!id.ok()) return id.status();
  FieldReader in = call.fields();
  INVENTORY_RETURN_IF_ERROR(in.Require("group_id"));
  GroupId group;
  INVENTORY_RETURN_IF_ERROR(in.Id("group_id", &group));
  return Write(call, "The item has been moved.", [&](Transaction& txn) -> absl::Status {
    const ItemGroup* g = txn.FindGroup(group);
    if (g == nullptr) return GroupNotFound(group);
    // Options are given per attribute_name; map them onto the group's slots.
    std::array<std::string, 3> options;
    for (int a = 0; a < 3; ++a) {
      std::string name, option;
      INVENTORY_RETURN_IF_ERROR(in.Text(Cat("attribute_name", a + 1), &name));
      INVENTORY_RETURN_IF_ERROR(in.Text(Cat("attribute_option_name", a + 1), &option));
      if (option.empty()) continue;
      size_t slot = a;
      if (!name.empty()) {
        auto it = std::find_if(g->attributes.begin(), g->attributes.end(),
                               [&](const Attribute& at) { return IEquals(at.name, name); });
        if (it == g->attributes.end()) {
          return InvalidArgumentError(Cat("attribute_name", a + 1),
                                      Cat("The item group has no attribute '", name, "'."));
        }
        slot = it - g->attributes.begin();
      }
      options[slot] = option;
    }
    return txn.MoveItemToGroup(ItemId(*id), group, options).status();
  });
}

absl::StatusOr<Reply> GroupExistingItems(Call& call) {
  auto gid = PathId(call, 0, "group_id");
  if (!gid.ok()) return gid.status();
  FieldReader in = call.fields();
  return Write(call, "The items have been grouped.", [&](Transaction& txn) -> absl::Status {
    ItemGroup group;
    if (const ItemGroup* existing = txn.FindGroup(GroupId(*gid))) {
      group.id = existing->id;
    } else {
      INVENTORY_RETURN_IF_ERROR(in.Require("group_name"));
      INVENTORY_RETURN_IF_ERROR(in.Require("unit"));
      INVENTORY_RETURN_IF_ERROR(DecodeGroup(in, &group));
    }
    std::vector<std::pair<ItemId, std::array<std::string, 3>>> items;
    INVENTORY_RETURN_IF_ERROR(in.Objects("items", [&](const FieldReader& f) {
      ItemId id;
      INVENTORY_RETURN_IF_ERROR(f.Require("item_id"));
      INVENTORY_RETURN_IF_ERROR(f.Id("item_id", &id));
      std::array<std::string, 3> options;
      for (int a = 0; a < 3; ++a) {
        INVENTORY_RETURN_IF_ERROR(f.Text(Cat("attribute_option_name", a + 1), &options[a]));
      }
      items.emplace_back(id, std::move(options));
      return absl::OkStatus();
    }));
    if (items.empty()) return InvalidArgumentError("items", "items is required.", ApiCode::kMissingField);
    return txn.GroupItems(std::move(group), std::move(items)).status();
  });
}

// Location ids from the body ("location_ids": [...] or "locations": [{location_id}])
// and from the query's allowed_location_ids=a,b (as the OpenAPI document has them).
absl::StatusOr<std::vector<LocationId>> LocationIdsOf(const Call& call) {
  std::vector<std::string> raw;
  INVENTORY_RETURN_IF_ERROR(call.fields().Strings("location_ids", &raw));
  if (const std::string* allowed = call.Query("allowed_location_ids"); allowed && !Trim(*allowed).empty()) {
    std::string_view s = *allowed;
    for (size_t i = 0; i <= s.size();) {
      size_t j = std::min(s.find(',', i), s.size());
      std::string part(Trim(s.substr(i, j - i)));
      if (ParseId(part) == 0) {
        return InvalidArgumentError("allowed_location_ids",
                                    Cat("allowed_location_ids has a malformed id '", part, "'."));
      }
      raw.push_back(std::move(part));
      i = j + 1;
    }
  }
  std::vector<LocationId> ids;
  INVENTORY_RETURN_IF_ERROR(call.fields().Objects("locations", [&](const FieldReader& f) {
    LocationId id;
    INVENTORY_RETURN_IF_ERROR(f.Require("location_id"));
    INVENTORY_RETURN_IF_ERROR(f.Id("location_id", &id));
    ids.push_back(id);
    return absl::OkStatus();
  }));
  for (const std::string& r : raw) {
    int64_t id = ParseId(r);
    if (id == 0) return InvalidArgumentError("location_ids", Cat("location_ids has a malformed id '", r, "'."));
    ids.push_back(LocationId(id));
  }
  return ids;
}

absl::StatusOr<Reply> ItemLocationPermissions(Call& call) {
  auto id = PathId(call, 0, "item_id");
  if (!id.ok()) return id.status();
  auto locations = LocationIdsOf(call);
  if (!locations.ok()) return locations.status();
  bool all = call.QueryBool("associated_with_all_locations", locations->empty());
  return Write(call, "success", [&](Transaction& txn) {
    return txn.SetItemLocationAccess(ItemId(*id), all, *locations);
  });
}

absl::StatusOr<Reply> BulkLocationPermissions(Call& call) {
  auto locations = LocationIdsOf(call);
  if (!locations.ok()) return locations.status();
  std::vector<ItemId> ids;
  if (call.Query("item_ids") != nullptr) {
    auto parsed = ItemIdsOf(call);
    if (!parsed.ok()) return parsed.status();
    ids = *parsed;
  } else {
    std::vector<std::string> raw;
    INVENTORY_RETURN_IF_ERROR(call.fields().Strings("item_ids", &raw));
    for (const std::string& r : raw) {
      if (ParseId(r) == 0) return InvalidArgumentError("item_ids", Cat("item_ids has a malformed id '", r, "'."));
      ids.push_back(ItemId(ParseId(r)));
    }
    if (ids.empty()) return InvalidArgumentError("item_ids", "item_ids is required.", ApiCode::kMissingField);
  }
  bool all = call.QueryBool("associated_with_all_locations", locations->empty());
  return Write(call, "success", [&](Transaction& txn) -> absl::Status {
    for (ItemId id : ids) INVENTORY_RETURN_IF_ERROR(txn.SetItemLocationAccess(id, all, *locations));
    return absl::OkStatus();
  });
}

}  // namespace

void RegisterItemRoutes(Router& router) {
  for (Flavour f : {Flavour::kInventory, Flavour::kBooks}) {
    bool books = f == Flavour::kBooks;
    router.Add("POST", f, "/items", CreateItem);
    router.Add("GET", f, "/items", ListItems);
    router.Add("PUT", f, "/items/{}", UpdateItem);
    router.Add("GET", f, "/items/{}", GetItem);
    router.Add("DELETE", f, "/items/{}", OnPathItem("The item has been deleted.", [](Transaction& t, ItemId id) {
                 ItemId ids[] = {id};
                 return t.DeleteItems(ids);
               }));
    router.Add("PUT", f, "/item/{}/customfields", [](Call& call) -> absl::StatusOr<Reply> {
      auto id = PathId(call, 0, "item_id");
      if (!id.ok()) return id.status();
      return Write(call, "Custom Fields Updated Successfully",
                   [&](Transaction& txn) { return UpdateCustomFields(txn, call, ItemId(*id)); });
    });
    router.Add("POST", f, "/items/{}/active",
               OnPathItem(books ? "The item has been marked as active." : "The item has been marked as Active.",
                          [](Transaction& t, ItemId id) {
                            ItemId ids[] = {id};
                            return t.SetItemsStatus(ids, Status::kActive);
                          }));
    router.Add("POST", f, "/items/{}/inactive",
               OnPathItem(books ? "The item has been marked as inactive." : "The item has been marked as Inactive.",
                          [](Transaction& t, ItemId id) {
                            ItemId ids[] = {id};
                            return t.SetItemsStatus(ids, Status::kInactive);
                          }));
  }
  Flavour inv = Flavour::kInventory;
  router.Add("PUT", Flavour::kBooks, "/items", UpsertByCustomField);
  router.Add("DELETE", inv, "/items", OnItemIds("The items have been deleted.",
                                                [](Transaction& t, std::span<const ItemId> ids) {
                                                  return t.DeleteItems(ids);
                                                }));
  router.Add("GET", inv, "/itemdetails", ItemDetails);
  router.Add("POST", inv, "/items/active", OnItemIds("The items have been marked as Active.",
                                                     [](Transaction& t, std::span<const ItemId> ids) {
                                                       return t.SetItemsStatus(ids, Status::kActive);
                                                     }));
  router.Add("POST", inv, "/items/inactive", OnItemIds("The items have been marked as Inactive.",
                                                       [](Transaction& t, std::span<const ItemId> ids) {
                                                         return t.SetItemsStatus(ids, Status::kInactive);
                                                       }));
  router.Add("POST", inv, "/items/ungroup", OnItemIds("The items have been ungrouped.",
                                                      [](Transaction& t, std::span<const ItemId> ids) {
                                                        return t.UngroupItems(ids);
                                                      }));
  router.Add("POST", inv, "/items/enablestoragelocation",
             OnItemIds("Storage location has been enabled.", [](Transaction& t, std::span<const ItemId> ids) {
               return t.SetStorageLocationEnabled(ids, true);
             }));
  router.Add("POST", inv, "/items/disablestoragelocation",
             OnItemIds("Storage location has been disabled.", [](Transaction& t, std::span<const ItemId> ids) {
               return t.SetStorageLocationEnabled(ids, false);
             }));
  router.Add("PUT", inv, "/items/move/{}", MoveItem);
  router.Add("PUT", inv, "/items/grouping/{}", GroupExistingItems);
  router.Add("PUT", inv, "/items/locations/permissions", BulkLocationPermissions);
  router.Add("PUT", inv, "/items/{}/locations/permissions", ItemLocationPermissions);
}

}  // namespace inventory::internal
