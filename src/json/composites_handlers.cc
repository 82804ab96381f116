// Composite item endpoints: /compositeitems (Zoho Inventory shapes).
#include "common/text.h"
#include "json/router.h"
#include "json/stock_codec.h"

namespace inventory::internal {
namespace {

absl::Status CompositeNotFound(ItemId id) {
  return NotFoundError("composite_item_id",
                       Cat("Composite item does not exist. (composite_item_id ", id.value(), ")"));
}

// The composite with this id, or kNotFound (also for a plain item's id).
absl::StatusOr<const Item*> FindComposite(const Reader& reader, ItemId id) {
  const Item* item = reader.FindItem(id);
  if (item == nullptr || !item->is_composite()) return CompositeNotFound(id);
  return item;
}

absl::Status DecodeComposite(const FieldReader& in, Item* item) {
  INVENTORY_RETURN_IF_ERROR(DecodeItem(in, item));
  if (in.Has("mapped_items")) {
    INVENTORY_RETURN_IF_ERROR(DecodeMappedItems(in, &item->mapped_items));
  }
  if (item->mapped_items.empty()) {
    return InvalidArgumentError("mapped_items", "mapped_items must list at least one item.",
                                ApiCode::kMissingField);
  }
  return absl::OkStatus();
}

absl::StatusOr<Reply> CreateComposite(Call& call) {
  FieldReader in = call.fields();
  for (std::string_view key : {"name", "sku", "mapped_items", "rate", "item_type", "product_type"}) {
    INVENTORY_RETURN_IF_ERROR(in.Require(key));
  }
  Item item;
  INVENTORY_RETURN_IF_ERROR(DecodeComposite(in, &item));
  Transaction txn = call.engine.BeginTransaction();
  auto opening = DecodeOpeningStock(in, txn);
  if (!opening.ok()) return opening.status();
  auto created = txn.CreateItem(std::move(item));
  if (!created.ok()) return created.status();
  // A composite's opening stock is its own; the components are not touched.
  ItemId id = (*created)->id;
  if (!opening->lines.empty()) {
    INVENTORY_RETURN_IF_ERROR(ApplyOpeningStock(txn, id, *opening, Today(call.engine)));
  }
  Reply r = Ok("The item has been added.", 201);
  r.body["composite_item"] = EncodeComposite(txn, *txn.FindItem(id));
  INVENTORY_RETURN_IF_ERROR(txn.Commit());
  return r;
}

absl::StatusOr<Reply> UpdateComposite(Call& call) {
  auto id = PathId(call, 0, "composite_item_id");
  if (!id.ok()) return id.status();
  FieldReader in = call.fields();
  for (std::string_view key : {"name", "sku", "rate", "item_type", "product_type"}) {
    if (in.Has(key)) INVENTORY_RETURN_IF_ERROR(in.Require(key));
  }
  Transaction txn = call.engine.BeginTransaction();
  auto old = FindComposite(txn, ItemId(*id));
  if (!old.ok()) return old.status();
  Item item = **old;
  INVENTORY_RETURN_IF_ERROR(DecodeComposite(in, &item));
  auto updated = txn.UpdateItem(std::move(item));
  if (!updated.ok()) return updated.status();
  Reply r = Ok("Item details have been saved.");
  r.body["composite_item"] = EncodeComposite(txn, **updated);
  INVENTORY_RETURN_IF_ERROR(txn.Commit());
  return r;
}

absl::StatusOr<Reply> GetComposite(Call& call) {
  auto id = PathId(call, 0, "composite_item_id");
  if (!id.ok()) return id.status();
  Snapshot snap = call.engine.GetSnapshot();
  auto item = FindComposite(snap, ItemId(*id));
  if (!item.ok()) return item.status();
  Reply r = Ok("success");
  for (auto& [k, v] : EncodeComposite(snap, **item)) r.body[k] = v;
  return r;
}

absl::StatusOr<Reply> ListComposites(Call& call) {
  ItemQuery q;
  q.kind = ItemKind::kComposite;
  if (const std::string* f = call.Query("filter_by")) {
    static const std::pair<std::string_view, ItemFilter> kFilters[] = {
        {"Status.All", ItemFilter::kAll},
        {"Status.Active", ItemFilter::kActive},
        {"Status.Inactive", ItemFilter::kInactive},
        {"Status.Lowstock", ItemFilter::kLowStock}};
    auto it = std::find_if(std::begin(kFilters), std::end(kFilters), [&](auto& p) { return p.first == *f; });
    if (it == std::end(kFilters)) {
      return InvalidArgumentError(
          "filter_by", "filter_by must be one of: Status.All, Status.Active, Status.Inactive, Status.Lowstock.",
          ApiCode::kBadEnum);
    }
    q.filter = it->second;
  }
  if (const std::string* c = call.Query("sort_column")) {
    static const std::pair<std::string_view, SortColumn> kSorts[] = {
        {"name", SortColumn::kName},
        {"sku", SortColumn::kSku},
        {"rate", SortColumn::kRate},
        {"tax_name", SortColumn::kTaxName},
        {"purchase_rate", SortColumn::kPurchaseRate},
        {"created_time", SortColumn::kCreatedTime},
        {"last_modified_time", SortColumn::kLastModifiedTime},
        {"reorder_level", SortColumn::kReorderLevel}};
    auto it = std::find_if(std::begin(kSorts), std::end(kSorts), [&](auto& p) { return p.first == *c; });
    if (it == std::end(kSorts)) {
      return InvalidArgumentError("sort_column",
                                  "sort_column must be one of: name, sku, rate, tax_name, purchase_rate, "
                                  "created_time, last_modified_time, reorder_level.",
                                  ApiCode::kBadEnum);
    }
    q.sort_column = it->second;
  }
  if (const std::string* o = call.Query("sort_order")) {
    if (*o != "A" && *o != "D") return InvalidArgumentError("sort_order", "sort_order must be one of: A, D.", ApiCode::kBadEnum);
    q.descending = *o == "D";
  }
  INVENTORY_RETURN_IF_ERROR(ParsePaging(call, &q.page, &q.per_page));
  Snapshot snap = call.engine.GetSnapshot();
  Page<Item> page = snap.ListItems(q);
  json::array rows;
  for (const Item* item : page.rows) rows.push_back(EncodeComposite(snap, *item));
  Reply r = Ok("success");
  r.body["composite_items"] = std::move(rows);
  const std::string* col = call.Query("sort_column");
  r.body["page_context"] = json::object{{"page", page.page},
                                        {"per_page", page.per_page},
                                        {"has_more_page", page.has_more_page},
                                        {"report_name", "Composite Items"},
                                        {"sort_column", col ? *col : "name"},
                                        {"sort_order", q.descending ? "D" : "A"}};
  return r;
}

Handler OnComposite(std::string_view message, std::function<absl::Status(Transaction&, ItemId)> write) {
  return [message, write](Call& call) -> absl::StatusOr<Reply> {
    auto id = PathId(call, 0, "composite_item_id");
    if (!id.ok()) return id.status();
    Transaction txn = call.engine.BeginTransaction();
    auto item = FindComposite(txn, ItemId(*id));
    if (!item.ok()) return item.status();
    INVENTORY_RETURN_IF_ERROR(write(txn, ItemId(*id)));
    INVENTORY_RETURN_IF_ERROR(txn.Commit());
    return Ok(message);
  };
}

}  // namespace

void RegisterCompositeRoutes(Router& router) {
  Flavour f = Flavour::kInventory;
  router.Add("POST", f, "/compositeitems", CreateComposite);
  router.Add("GET", f, "/compositeitems", ListComposites);
  router.Add("PUT", f, "/compositeitems/{}", UpdateComposite);
  router.Add("GET", f, "/compositeitems/{}", GetComposite);
  router.Add("DELETE", f, "/compositeitems/{}", OnComposite("The item has been deleted.", [](Transaction& t, ItemId id) {
               ItemId ids[] = {id};
               return t.DeleteItems(ids);
             }));
  router.Add("POST", f, "/compositeitems/{}/active",
             OnComposite("Re-activation complete! The item is back in business!", [](Transaction& t, ItemId id) {
               ItemId ids[] = {id};
               return t.SetItemsStatus(ids, Status::kActive);
             }));
  router.Add("POST", f, "/compositeitems/{}/inactive",
             OnComposite("The item has been marked as inactive.", [](Transaction& t, ItemId id) {
               ItemId ids[] = {id};
               return t.SetItemsStatus(ids, Status::kInactive);
             }));
}

}  // namespace inventory::internal
