// Item group endpoints: /itemgroups (Zakya / Zoho Inventory shapes: the
// group's fields beside "code" and "message").
#include <algorithm>

#include "common/text.h"
#include "json/router.h"
#include "json/stock_codec.h"

namespace inventory::internal {
namespace {

// The variants of a create request, and the opening stock of each.
absl::Status DecodeVariants(const FieldReader& in, const Reader& reader, std::vector<Item>* out,
                            std::vector<OpeningStockInput>* opening) {
  return in.Objects("items", [&](const FieldReader& f) {
    Item item;
    INVENTORY_RETURN_IF_ERROR(f.Require("name"));
    INVENTORY_RETURN_IF_ERROR(f.Require("rate"));
    INVENTORY_RETURN_IF_ERROR(f.Require("purchase_rate"));
    INVENTORY_RETURN_IF_ERROR(DecodeItem(f, &item));
    auto stock = DecodeOpeningStock(f, reader);
    if (!stock.ok()) return stock.status();
    out->push_back(std::move(item));
    opening->push_back(*std::move(stock));
    return absl::OkStatus();
  });
}

Reply GroupReply(const Reader& reader, const ItemGroup& group, std::string_view message, int status = 200) {
  Reply r = Ok(message, status);
  for (auto& [k, v] : EncodeGroup(reader, group, /*with_items=*/true)) r.body[k] = v;
  return r;
}

absl::StatusOr<Reply> CreateGroup(Call& call) {
  FieldReader in = call.fields();
  INVENTORY_RETURN_IF_ERROR(in.Require("group_name"));
  INVENTORY_RETURN_IF_ERROR(in.Require("unit"));
  ItemGroup group;
  INVENTORY_RETURN_IF_ERROR(DecodeGroup(in, &group));
  Transaction txn = call.engine.BeginTransaction();
  std::vector<Item> variants;
  std::vector<OpeningStockInput> opening;
  INVENTORY_RETURN_IF_ERROR(DecodeVariants(in, txn, &variants, &opening));
  auto created = txn.CreateGroup(std::move(group), std::move(variants));
  if (!created.ok()) return created.status();
  GroupId id = (*created)->id;
  // The variants are the group's items in creation order, so the request's
  // items[i] is the i-th; each gets its opening stock in this transaction.
  std::vector<const Item*> items = txn.ItemsInGroup(id);
  std::vector<ItemId> ids;
  for (const Item* item : items) ids.push_back(item->id);
  for (size_t i = 0; i < ids.size() && i < opening.size(); ++i) {
    if (opening[i].lines.empty()) continue;
    INVENTORY_RETURN_IF_ERROR(ApplyOpeningStock(txn, ids[i], opening[i], Today(call.engine)));
  }
  Reply r = GroupReply(txn, *txn.FindGroup(id), "The Item Group has been created.", 201);
  INVENTORY_RETURN_IF_ERROR(txn.Commit());
  return r;
}

absl::StatusOr<Reply> UpdateGroup(Call& call) {
  auto id = PathId(call, 0, "group_id");
  if (!id.ok()) return id.status();
  FieldReader in = call.fields();
  if (in.Has("group_name")) INVENTORY_RETURN_IF_ERROR(in.Require("group_name"));
  if (in.Has("unit")) INVENTORY_RETURN_IF_ERROR(in.Require("unit"));
  Transaction txn = call.engine.BeginTransaction();
  const ItemGroup* old = txn.FindGroup(GroupId(*id));
  if (old == nullptr) return GroupNotFound(GroupId(*id));
  ItemGroup group = *old;
  INVENTORY_RETURN_IF_ERROR(DecodeGroup(in, &group));
  // Variants named by item_id are merged onto their current fields; the
  // others are new and may carry opening stock, as on create.
  std::vector<Item> variants;
  std::vector<OpeningStockInput> opening;  // of the new variants, in order
  INVENTORY_RETURN_IF_ERROR(in.Objects("items", [&](const FieldReader& f) {
    ItemId item_id;
    INVENTORY_RETURN_IF_ERROR(f.Id("item_id", &item_id));
    Item item;
    if (item_id.valid()) {
      const Item* cur = txn.FindItem(item_id);
      if (cur == nullptr) return PrefixField(ItemNotFound(item_id), f.FieldName(""));
      item = *cur;
    } else {
      INVENTORY_RETURN_IF_ERROR(f.Require("name"));
      INVENTORY_RETURN_IF_ERROR(f.Require("rate"));
      INVENTORY_RETURN_IF_ERROR(f.Require("purchase_rate"));
      auto stock = DecodeOpeningStock(f, txn);
      if (!stock.ok()) return stock.status();
      opening.push_back(*std::move(stock));
    }
    INVENTORY_RETURN_IF_ERROR(DecodeItem(f, &item));
    variants.push_back(std::move(item));
    return absl::OkStatus();
  }));
  std::vector<ItemId> before;
  for (const Item* item : txn.ItemsInGroup(GroupId(*id))) before.push_back(item->id);
  auto updated = txn.UpdateGroup(std::move(group), std::move(variants));
  if (!updated.ok()) return updated.status();
  // The new variants are the group's items that were not in it before, in
  // creation order.
  std::vector<ItemId> added;
  for (const Item* item : txn.ItemsInGroup(GroupId(*id))) {
    if (std::find(before.begin(), before.end(), item->id) == before.end()) added.push_back(item->id);
  }
  for (size_t i = 0; i < added.size() && i < opening.size(); ++i) {
    if (opening[i].lines.empty()) continue;
    INVENTORY_RETURN_IF_ERROR(ApplyOpeningStock(txn, added[i], opening[i], Today(call.engine)));
  }
  Reply r = GroupReply(txn, *txn.FindGroup(GroupId(*id)), "The Item Group details have been updated.");
  INVENTORY_RETURN_IF_ERROR(txn.Commit());
  return r;
}

absl::StatusOr<Reply> GetGroup(Call& call) {
  auto id = PathId(call, 0, "group_id");
  if (!id.ok()) return id.status();
  Snapshot snap = call.engine.GetSnapshot();
  const ItemGroup* group = snap.FindGroup(GroupId(*id));
  if (group == nullptr) return GroupNotFound(GroupId(*id));
  return GroupReply(snap, *group, "success");
}

absl::StatusOr<Reply> ListGroups(Call& call) {
  GroupQuery q;
  if (const std::string* f = call.Query("filter_by")) {
    if (*f == "Status.Active") q.status = Status::kActive;
    else if (*f == "Status.Inactive") q.status = Status::kInactive;
    else if (*f != "Status.All") {
      return InvalidArgumentError("filter_by", "filter_by must be one of: Status.All, Status.Active, Status.Inactive.",
                                  ApiCode::kBadEnum);
    }
  }
  if (const std::string* s = call.Query("status")) {
    q.status = ParseStatus(*s);
    if (!q.status) return InvalidArgumentError("status", "status must be one of: active, inactive.", ApiCode::kBadEnum);
  }
  if (const std::string* s = call.Query("sort_order")) {
    if (*s != "A" && *s != "D") return InvalidArgumentError("sort_order", "sort_order must be one of: A, D.", ApiCode::kBadEnum);
    q.descending = *s == "D";
  }
  if (const std::string* s = call.Query("name_startswith")) q.name_startswith = *s;
  if (const std::string* s = call.Query("search_text")) q.search_text = *s;
  INVENTORY_RETURN_IF_ERROR(ParsePaging(call, &q.page, &q.per_page));
  Snapshot snap = call.engine.GetSnapshot();
  Page<ItemGroup> page = snap.ListGroups(q);
  json::array groups;
  for (const ItemGroup* g : page.rows) groups.push_back(EncodeGroup(snap, *g, /*with_items=*/true));
  Reply r = Ok("success");
  r.body["itemgroups"] = std::move(groups);
  r.body["page_context"] = json::object{{"page", page.page},
                                        {"per_page", page.per_page},
                                        {"has_more_page", page.has_more_page},
                                        {"report_name", "Item Groups"},
                                        {"sort_column", "group_name"},
                                        {"sort_order", q.descending ? "D" : "A"}};
  return r;
}

Handler OnGroup(std::string_view message, std::function<absl::Status(Transaction&, GroupId)> write) {
  return [message, write](Call& call) -> absl::StatusOr<Reply> {
    auto id = PathId(call, 0, "group_id");
    if (!id.ok()) return id.status();
    Transaction txn = call.engine.BeginTransaction();
    INVENTORY_RETURN_IF_ERROR(write(txn, GroupId(*id)));
    INVENTORY_RETURN_IF_ERROR(txn.Commit());
    return Ok(message);
  };
}

}  // namespace

void RegisterGroupRoutes(Router& router) {
  Flavour f = Flavour::kInventory;
  router.Add("POST", f, "/itemgroups", CreateGroup);
  router.Add("GET", f, "/itemgroups", ListGroups);
  router.Add("PUT", f, "/itemgroups/{}", UpdateGroup);
  router.Add("GET", f, "/itemgroups/{}", GetGroup);
  router.Add("DELETE", f, "/itemgroups/{}",
             OnGroup("Whooooosh! The item group and all its items have been deleted.",
                     [](Transaction& t, GroupId id) { return t.DeleteGroup(id); }));
  router.Add("POST", f, "/itemgroups/{}/active",
             OnGroup("Back to business! The item group and all its items have been marked as active.",
                     [](Transaction& t, GroupId id) { return t.SetGroupStatus(id, Status::kActive); }));
  router.Add("POST", f, "/itemgroups/{}/inactive",
             OnGroup("The item group and all its items have been marked as inactive.",
                     [](Transaction& t, GroupId id) { return t.SetGroupStatus(id, Status::kInactive); }));
}

}  // namespace inventory::internal
