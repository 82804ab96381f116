// Stock endpoints (Zoho Inventory shapes): variant opening stock, inventory
// adjustments, transfer orders, bundles, and an item's stock history (an
// extension). Messages are the reference's; README.md lists the decisions
// taken where it is silent.
#include <algorithm>

#include "common/text.h"
#include "json/paging.h"
#include "json/router.h"
#include "json/stock_codec.h"

namespace inventory::internal {
namespace {

absl::Status AdjustmentNotFound() {
  return NotFoundError("inventory_adjustment_id", "Inventory adjustment does not exist.");
}
absl::Status TransferNotFound() { return NotFoundError("transfer_order_id", "Transfer order does not exist."); }
absl::Status BundleNotFound() { return NotFoundError("bundle_id", "Bundle does not exist."); }

// ---------------------------------------------------------------------------
// Opening stock of an item (the reference says variant; any item that tracks
// stock has one).

absl::StatusOr<Reply> PutOpeningStock(Call& call) {
  auto id = PathId(call, 0, "item_id");
  if (!id.ok()) return id.status();
  return Write(call, "The opening stock has been updated.", [&](Transaction& txn) -> absl::Status {
    if (txn.FindItem(ItemId(*id)) == nullptr) return ItemNotFound(ItemId(*id));
    auto input = DecodeOpeningStock(call.fields(), txn);
    if (!input.ok()) return input.status();
    return ApplyOpeningStock(txn, ItemId(*id), *input, Today(call.engine));
  });
}

absl::StatusOr<Reply> GetOpeningStock(Call& call) {
  auto id = PathId(call, 0, "item_id");
  if (!id.ok()) return id.status();
  Snapshot snap = call.engine.GetSnapshot();
  if (snap.FindItem(ItemId(*id)) == nullptr) return ItemNotFound(ItemId(*id));
  Reply r = Ok("success");
  r.body["opening_stock"] = EncodeOpeningStock(snap, ItemId(*id));
  return r;
}

// GET /items/{id}/stockhistory?location_id=&from_date=&to_date= (extension).
absl::StatusOr<Reply> StockHistory(Call& call) {
  auto id = PathId(call, 0, "item_id");
  if (!id.ok()) return id.status();
  std::optional<LocationId> location;
  if (const std::string* l = call.Query("location_id"); l != nullptr && !Trim(*l).empty()) {
    int64_t v = ParseId(*l);
    if (v == 0) return InvalidArgumentError("location_id", "location_id is not a valid id.");
    location = LocationId(v);
  }
  auto from = QueryDay(call, "from_date");
  if (!from.ok()) return from.status();
  auto to = QueryDay(call, "to_date");
  if (!to.ok()) return to.status();
  Snapshot snap = call.engine.GetSnapshot();
  const Item* item = snap.FindItem(ItemId(*id));
  if (item == nullptr) return ItemNotFound(ItemId(*id));
  if (location && snap.FindLocation(*location) == nullptr) return LocationNotFound(*location);
  json::array rows;
  for (const StockMovement& m : snap.StockHistory(item->id, location, *from, *to)) {
    rows.push_back(EncodeMovement(snap, m));
  }
  Reply r = Ok("success");
  r.body["item_id"] = IdValue(item->id);
  r.body["stock_history"] = std::move(rows);
  return r;
}

// ---------------------------------------------------------------------------
// Inventory adjustments.

absl::StatusOr<Reply> CreateAdjustment(Call& call) {
  Transaction txn = call.engine.BeginTransaction();
  InventoryAdjustment a;
  INVENTORY_RETURN_IF_ERROR(DecodeAdjustment(call.fields(), txn, /*create=*/true, &a));
  auto made = txn.CreateAdjustment(std::move(a));
  if (!made.ok()) return WithRequestField(made.status(), call.fields().object());
  Reply r = Ok("Inventory Adjustment has been added", 201);
  r.body["inventory_adjustment"] = EncodeAdjustment(txn, *txn.FindAdjustment(*made), /*with_lines=*/true);
  INVENTORY_RETURN_IF_ERROR(txn.Commit());
  return r;
}

absl::StatusOr<Reply> UpdateAdjustment(Call& call) {
  auto id = PathId(call, 0, "inventory_adjustment_id");
  if (!id.ok()) return id.status();
  Transaction txn = call.engine.BeginTransaction();
  std::optional<InventoryAdjustment> old = txn.FindAdjustment(AdjustmentId(*id));
  if (!old) return AdjustmentNotFound();
  InventoryAdjustment a = std::move(*old);
  INVENTORY_RETURN_IF_ERROR(DecodeAdjustment(call.fields(), txn, /*create=*/false, &a));
  const AdjustmentId updated_id = a.id;
  if (absl::Status s = txn.UpdateAdjustment(std::move(a)); !s.ok()) {
    return WithRequestField(s, call.fields().object());
  }
  Reply r = Ok("success");
  r.body["inventory_adjustment"] = EncodeAdjustment(txn, *txn.FindAdjustment(updated_id), /*with_lines=*/true);
  INVENTORY_RETURN_IF_ERROR(txn.Commit());
  return r;
}

absl::StatusOr<Reply> GetAdjustment(Call& call) {
  auto id = PathId(call, 0, "inventory_adjustment_id");
  if (!id.ok()) return id.status();
  Snapshot snap = call.engine.GetSnapshot();
  std::optional<InventoryAdjustment> a = snap.FindAdjustment(AdjustmentId(*id));
  if (!a) return AdjustmentNotFound();
  Reply r = Ok("success");
  r.body["inventory_adjustment"] = EncodeAdjustment(snap, *a, /*with_lines=*/true);
  return r;
}

absl::StatusOr<Reply> ListAdjustments(Call& call) {
  INVENTORY_RETURN_IF_ERROR(CheckPaging(call));
  Snapshot snap = call.engine.GetSnapshot();
  Reply r = Ok("success");
  PutPage(call, snap.ListAdjustments(), "inventory_adjustments", "Inventory Adjustments", "date",
          [&](const InventoryAdjustment& a) { return EncodeAdjustment(snap, a, /*with_lines=*/false); }, r);
  return r;
}

absl::StatusOr<Reply> DeleteAdjustment(Call& call) {
  auto id = PathId(call, 0, "inventory_adjustment_id");
  if (!id.ok()) return id.status();
  return Write(call, "Inventory Adjustment(s) has been deleted",
               [&](Transaction& txn) { return txn.DeleteAdjustment(AdjustmentId(*id)); });
}

// ---------------------------------------------------------------------------
// Transfer orders.

absl::StatusOr<Reply> CreateTransferOrder(Call& call) {
  Transaction txn = call.engine.BeginTransaction();
  TransferOrder o;
  INVENTORY_RETURN_IF_ERROR(DecodeTransferOrder(call.fields(), txn, /*create=*/true, &o));
  auto made = txn.CreateTransferOrder(std::move(o));
  if (!made.ok()) return WithRequestField(made.status(), call.fields().object());
  Reply r = Ok("Transfer Order added successfully.", 201);
  r.body["transfer_order"] = EncodeTransferOrder(txn, **made, /*with_lines=*/true);
  INVENTORY_RETURN_IF_ERROR(txn.Commit());
  return r;
}

absl::StatusOr<Reply> UpdateTransferOrder(Call& call) {
  auto id = PathId(call, 0, "transfer_order_id");
  if (!id.ok()) return id.status();
  Transaction txn = call.engine.BeginTransaction();
  const TransferOrder* old = txn.FindTransferOrder(TransferOrderId(*id));
  if (old == nullptr) return TransferNotFound();
  TransferOrder o = *old;
  INVENTORY_RETURN_IF_ERROR(DecodeTransferOrder(call.fields(), txn, /*create=*/false, &o));
  auto updated = txn.UpdateTransferOrder(std::move(o));
  if (!updated.ok()) return WithRequestField(updated.status(), call.fields().object());
  Reply r = Ok("success");
  r.body["transfer_order"] = EncodeTransferOrder(txn, **updated, /*with_lines=*/true);
  INVENTORY_RETURN_IF_ERROR(txn.Commit());
  return r;
}

absl::StatusOr<Reply> GetTransferOrder(Call& call) {
  auto id = PathId(call, 0, "transfer_order_id");
  if (!id.ok()) return id.status();
  Snapshot snap = call.engine.GetSnapshot();
  const TransferOrder* o = snap.FindTransferOrder(TransferOrderId(*id));
  if (o == nullptr) return TransferNotFound();
  Reply r = Ok("success");
  r.body["transfer_order"] = EncodeTransferOrder(snap, *o, /*with_lines=*/true);
  return r;
}

absl::StatusOr<Reply> ListTransferOrders(Call& call) {
  INVENTORY_RETURN_IF_ERROR(CheckPaging(call));
  std::optional<TransferStatus> status;
  if (const std::string* s = call.Query("status"); s != nullptr && !Trim(*s).empty()) {
    static const std::string_view kKnown[] = {"in_transit", "transferred", "partially_transferred", "draft",
                                              "pending_approval", "approved", "void"};
    if (std::find(std::begin(kKnown), std::end(kKnown), *s) == std::end(kKnown)) {
      return InvalidArgumentError("status",
                                  "status must be one of: in_transit, transferred, partially_transferred, draft, "
                                  "pending_approval, approved, void.",
                                  ApiCode::kBadEnum);
    }
    // The statuses this engine does not have match nothing.
    status = *s == "draft" ? TransferStatus::kDraft
             : *s == "in_transit" ? TransferStatus::kInTransit
             : *s == "transferred" ? TransferStatus::kTransferred
                                   : std::optional<TransferStatus>();
    if (!status) {
      Reply r = Ok("success");
      PutPage(call, std::vector<const TransferOrder*>(), "transfer_orders", "Transfer Orders", "date",
              [](const TransferOrder&) { return json::object(); }, r);
      return r;
    }
  }
  Snapshot snap = call.engine.GetSnapshot();
  std::vector<const TransferOrder*> rows = snap.ListTransferOrders();
  if (status) {
    std::erase_if(rows, [&](const TransferOrder* o) { return o->status != *status; });
  }
  Reply r = Ok("success");
  PutPage(call, rows, "transfer_orders", "Transfer Orders", "date",
          [&](const TransferOrder& o) { return EncodeTransferOrder(snap, o, /*with_lines=*/false); }, r);
  return r;
}

absl::StatusOr<Reply> DeleteTransferOrder(Call& call) {
  auto id = PathId(call, 0, "transfer_order_id");
  if (!id.ok()) return id.status();
  return Write(call, "Transfer Order(s) has been deleted.",
               [&](Transaction& txn) { return txn.DeleteTransferOrder(TransferOrderId(*id)); });
}

// DELETE /transferorders?transfer_order_ids=a,b: all or none.
absl::StatusOr<Reply> DeleteTransferOrders(Call& call) {
  auto ids = ParseItemIds(call, "transfer_order_ids");
  if (!ids.ok()) return ids.status();
  return Write(call, "Transfer Order(s) has been deleted.", [&](Transaction& txn) -> absl::Status {
    for (ItemId id : *ids) {
      INVENTORY_RETURN_IF_ERROR(txn.DeleteTransferOrder(TransferOrderId(id.value())));
    }
    return absl::OkStatus();
  });
}

Handler SetTransferStatus(TransferStatus status, std::string_view message) {
  return [status, message](Call& call) -> absl::StatusOr<Reply> {
    auto id = PathId(call, 0, "transfer_order_id");
    if (!id.ok()) return id.status();
    // markastransferred names the day the stock arrived; the postings keep
    // the order's date (the C++ API takes none), but a malformed one is
    // still refused.
    auto date = QueryDay(call, "date");
    if (!date.ok()) return date.status();
    return Write(call, message,
                 [&](Transaction& txn) { return txn.SetTransferStatus(TransferOrderId(*id), status); });
  };
}

// ---------------------------------------------------------------------------
// Bundles.

absl::StatusOr<Reply> CreateBundle(Call& call) {
  Transaction txn = call.engine.BeginTransaction();
  Bundle b;
  INVENTORY_RETURN_IF_ERROR(DecodeBundle(call.fields(), txn, &b));
  auto made = txn.CreateBundle(std::move(b));
  if (!made.ok()) return WithRequestField(made.status(), call.fields().object());
  // The reference puts the bundle's fields beside code and message here.
  Reply r = Ok("Bundle has been created.", 201);
  for (auto& [k, v] : EncodeBundle(txn, **made)) r.body[k] = v;
  INVENTORY_RETURN_IF_ERROR(txn.Commit());
  return r;
}

absl::StatusOr<Reply> GetBundle(Call& call) {
  auto id = PathId(call, 0, "bundle_id");
  if (!id.ok()) return id.status();
  Snapshot snap = call.engine.GetSnapshot();
  const Bundle* b = snap.FindBundle(BundleId(*id));
  if (b == nullptr) return BundleNotFound();
  Reply r = Ok("success");
  r.body["bundle"] = EncodeBundle(snap, *b);
  return r;
}

// GET /bundles?composite_item_id= : the bundling history of a composite
// (of every composite when the parameter is left out).
absl::StatusOr<Reply> ListBundles(Call& call) {
  INVENTORY_RETURN_IF_ERROR(CheckPaging(call));
  std::optional<ItemId> composite;
  if (const std::string* c = call.Query("composite_item_id"); c != nullptr && !Trim(*c).empty()) {
    int64_t v = ParseId(*c);
    if (v == 0) return InvalidArgumentError("composite_item_id", "composite_item_id is not a valid id.");
    composite = ItemId(v);
  }
  std::optional<BundleStatus> status;
  if (const std::string* s = call.Query("status"); s != nullptr && !Trim(*s).empty()) {
    if (*s == "draft") status = BundleStatus::kDraft;
    else if (*s == "confirmed") status = BundleStatus::kConfirmed;
    else if (*s == "bundled" || *s == "built") status = BundleStatus::kBuilt;
    else return InvalidArgumentError("status", "status must be one of: draft, confirmed, bundled.", ApiCode::kBadEnum);
  }
  Snapshot snap = call.engine.GetSnapshot();
  if (composite) {
    const Item* item = snap.FindItem(*composite);
    if (item == nullptr || !item->is_composite()) {
      return NotFoundError("composite_item_id",
                           Cat("Composite item does not exist. (composite_item_id ", composite->value(), ")"));
    }
  }
  std::vector<const Bundle*> rows = snap.ListBundles(composite);
  if (status) std::erase_if(rows, [&](const Bundle* b) { return b->status != *status; });
  Reply r = Ok("success");
  PutPage(call, rows, "bundles", "Bundles", "date", [&](const Bundle& b) { return EncodeBundle(snap, b); }, r);
  return r;
}

absl::StatusOr<Reply> DeleteBundle(Call& call) {
  auto id = PathId(call, 0, "bundle_id");
  if (!id.ok()) return id.status();
  return Write(call, "The bundle has been deleted.",
               [&](Transaction& txn) { return txn.DeleteBundle(BundleId(*id)); });
}

Handler SetBundleStatus(BundleStatus status, std::string_view message) {
  return [status, message](Call& call) -> absl::StatusOr<Reply> {
    auto id = PathId(call, 0, "bundle_id");
    if (!id.ok()) return id.status();
    Transaction txn = call.engine.BeginTransaction();
    INVENTORY_RETURN_IF_ERROR(txn.SetBundleStatus(BundleId(*id), status));
    Reply r = Ok(message);
    r.body["bundle"] = EncodeBundle(txn, *txn.FindBundle(BundleId(*id)));
    INVENTORY_RETURN_IF_ERROR(txn.Commit());
    return r;
  };
}

}  // namespace

void RegisterStockRoutes(Router& router) {
  Flavour f = Flavour::kInventory;
  router.Add("PUT", f, "/variants/{}/openingstock", PutOpeningStock);
  router.Add("GET", f, "/variants/{}/openingstock", GetOpeningStock);
  router.Add("GET", f, "/items/{}/stockhistory", StockHistory);

  router.Add("POST", f, "/inventoryadjustments", CreateAdjustment);
  router.Add("GET", f, "/inventoryadjustments", ListAdjustments);
  router.Add("GET", f, "/inventoryadjustments/{}", GetAdjustment);
  router.Add("PUT", f, "/inventoryadjustments/{}", UpdateAdjustment);
  router.Add("DELETE", f, "/inventoryadjustments/{}", DeleteAdjustment);

  router.Add("POST", f, "/transferorders", CreateTransferOrder);
  router.Add("GET", f, "/transferorders", ListTransferOrders);
  router.Add("DELETE", f, "/transferorders", DeleteTransferOrders);
  router.Add("GET", f, "/transferorders/{}", GetTransferOrder);
  router.Add("PUT", f, "/transferorders/{}", UpdateTransferOrder);
  router.Add("DELETE", f, "/transferorders/{}", DeleteTransferOrder);
  router.Add("POST", f, "/transferorders/{}/intransit", SetTransferStatus(TransferStatus::kInTransit, "success"));
  router.Add("POST", f, "/transferorders/{}/markastransferred",
             SetTransferStatus(TransferStatus::kTransferred, "The status of the Transfer Order has been updated."));

  router.Add("POST", f, "/bundles", CreateBundle);
  router.Add("GET", f, "/bundles", ListBundles);
  router.Add("GET", f, "/bundles/{}", GetBundle);
  router.Add("DELETE", f, "/bundles/{}", DeleteBundle);
  router.Add("POST", f, "/bundles/{}/bundled",
             SetBundleStatus(BundleStatus::kBuilt, "The assembly has been marked as built."));
  router.Add("POST", f, "/bundles/{}/confirmed",
             SetBundleStatus(BundleStatus::kConfirmed, "The assembly has been marked as confirmed."));
}

}  // namespace inventory::internal
