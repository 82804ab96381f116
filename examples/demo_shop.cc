// A small shop, built through the C++ API: a T-shirt group with size
// variants, a mug, a gift box composite of both, and a second location; then
// its stock: opening stock, a transfer to the store, gift boxes assembled
// from shirts and mugs, and a breakage written off; then its order-to-shelf
// flow: a customer's order confirmed, packed, shipped and invoiced, a
// purchase order issued, received and billed, and a POS sale. The shop lives in a data
// directory (Durability::kFsync, under $TMPDIR): the demo closes the engine,
// reopens it from the directory, and prints the catalog, the locations and
// the stock per location of the reopened engine as tables.
//
//   ./build/bin/demo_shop
#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "inventory/engine.h"
#include "inventory/errors.h"

namespace {

using inventory::Item;
using inventory::Money;
using inventory::Quantity;

Money Price(const char* text) { return *Money::Parse(text); }

int Fail(const absl::Status& s) {
  std::cerr << "demo failed: " << s << " (field: " << inventory::ErrorField(s) << ")\n";
  return 1;
}

std::string Kind(const inventory::Reader& r, const Item& item) {
  if (item.is_composite()) return "composite";
  if (item.group_id) return "variant of " + r.FindGroup(*item.group_id)->group_name;
  return "item";
}

}  // namespace

int main() {
  const char* tmp = std::getenv("TMPDIR");
  std::string dir = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/demo-shop-XXXXXX";
  if (::mkdtemp(dir.data()) == nullptr) return Fail(absl::InternalError("mkdtemp failed"));
  struct RemoveDir {
    std::string path;
    ~RemoveDir() { std::filesystem::remove_all(path); }
  } remove_dir{dir};
  const inventory::Options options{.durability = inventory::Durability::kFsync, .data_dir = dir};
  auto engine = inventory::Engine::Open(options);
  if (!engine.ok()) return Fail(engine.status());

  {
    inventory::Transaction txn = (*engine)->BeginTransaction();
    inventory::ItemGroup shirts{.group_name = "T-Shirt", .unit = "pcs"};
    shirts.attributes.push_back({.name = "Size"});
    std::vector<Item> sizes;
    for (const char* size : {"S", "M", "L"}) {
      Item v{.name = std::string("T-Shirt ") + size, .sku = std::string("TS-") + size,
             .rate = Price("19.90"), .purchase_rate = Price("7.25"),
             .reorder_level = Quantity::FromInt(5)};
      v.attribute_options[0] = size;
      sizes.push_back(std::move(v));
    }
    auto group = txn.CreateGroup(std::move(shirts), std::move(sizes));
    if (!group.ok()) return Fail(group.status());

    auto mug = txn.CreateItem({.name = "Coffee Mug", .sku = "MUG-1", .upc = "036000291452",
                               .unit = "pcs", .rate = Price("8.50"), .purchase_rate = Price("3")});
    if (!mug.ok()) return Fail(mug.status());

    const Item* medium = txn.FindItemBySku("ts-m");
    Item gift{.name = "Gift Box", .sku = "GIFT-1", .unit = "box", .rate = Price("25")};
    gift.mapped_items = {{medium->id, Quantity::FromInt(1)}, {(*mug)->id, Quantity::FromInt(2)}};
    auto box = txn.CreateItem(std::move(gift));
    if (!box.ok()) return Fail(box.status());

    auto store = txn.CreateLocation({.name = "Downtown Store", .address = {.city = "Austin"}});
    if (!store.ok()) return Fail(store.status());

    // A refused write changes nothing: a second item with the SKU " mug-1 ".
    auto dup = txn.CreateItem({.name = "Another Mug", .sku = " mug-1 "});
    std::cout << "Refused as expected: " << dup.status().message() << "\n\n";

    if (absl::Status s = txn.Commit(); !s.ok()) return Fail(s);
  }

  // Stock: every document posts all its lines or nothing.
  {
    inventory::Transaction txn = (*engine)->BeginTransaction();
    const absl::CivilDay day(2026, 11, 2);
    const inventory::LocationId primary = txn.PrimaryLocation()->id;
    const inventory::LocationId store = txn.ListLocations()[1]->id;
    auto id = [&](const char* sku) { return txn.FindItemBySku(sku)->id; };
    for (const char* sku : {"TS-S", "TS-M", "TS-L"}) {
      auto s = txn.SetOpeningStock(id(sku), day, {{primary, Quantity::FromInt(20), Price("7.25")}});
      if (!s.ok()) return Fail(s);
    }
    if (auto s = txn.SetOpeningStock(id("MUG-1"), day, {{primary, Quantity::FromInt(30), Price("3")}}); !s.ok()) {
      return Fail(s);
    }
    auto moved = txn.CreateTransferOrder({.transfer_order_number = "TO-00001",
                                          .date = day,
                                          .from_location_id = primary,
                                          .to_location_id = store,
                                          .line_items = {{.item_id = id("TS-M"), .quantity_transfer = Quantity::FromInt(5)},
                                                         {.item_id = id("MUG-1"), .quantity_transfer = Quantity::FromInt(10)}}});
    if (!moved.ok()) return Fail(moved.status());
    auto built = txn.CreateBundle({.reference_number = "BN-00001",
                                   .date = day,
                                   .composite_item_id = id("GIFT-1"),
                                   .quantity_to_bundle = Quantity::FromInt(3),
                                   .line_items = {{.item_id = id("TS-M"), .quantity_consumed = Quantity::FromInt(3)},
                                                  {.item_id = id("MUG-1"), .quantity_consumed = Quantity::FromInt(6)}}});
    if (!built.ok()) return Fail(built.status());
    auto broken = txn.CreateAdjustment({.date = day,
                                        .reason = "Damaged goods",
                                        .location_id = store,
                                        .line_items = {{.item_id = id("MUG-1"), .quantity_adjusted = Quantity::FromInt(-2)}}});
    if (!broken.ok()) return Fail(broken.status());
    // Refused: the store holds 5 medium shirts, not 50; nothing moves.
    auto greedy = txn.CreateTransferOrder({.transfer_order_number = "TO-00002",
                                           .date = day,
                                           .from_location_id = store,
                                           .to_location_id = primary,
                                           .line_items = {{.item_id = id("TS-M"), .quantity_transfer = Quantity::FromInt(50)}}});
    std::cout << "Refused as expected: " << greedy.status().message() << "\n\n";
    if (absl::Status s = txn.Commit(); !s.ok()) return Fail(s);
  }

  // Orders: a customer's order commits stock until it ships; a purchase
  // order is incoming stock until it is received and billed.
  {
    using inventory::Document;
    using inventory::DocumentLine;
    using inventory::DocumentStatus;
    using inventory::DocumentType;
    inventory::Transaction txn = (*engine)->BeginTransaction();
    const absl::CivilDay day(2026, 11, 3);
    const inventory::ItemId mug = txn.FindItemBySku("MUG-1")->id;
    const inventory::ItemId large = txn.FindItemBySku("TS-L")->id;
    auto order = txn.CreateDocument({.type = DocumentType::kSalesOrder, .date = day, .status = DocumentStatus::kOpen,
                                     .party_name = "Cafe Ada",
                                     .line_items = {{.item_id = mug, .quantity = Quantity::FromInt(4),
                                                     .rate = Price("6")}}});
    if (!order.ok()) return Fail(order.status());
    const inventory::DocumentId so = (*order)->id;
    const int64_t so_line = (*order)->line_items[0].line_item_id;
    auto package = txn.CreateDocument({.type = DocumentType::kPackage, .date = day, .source_id = so,
                                       .line_items = {{.item_id = mug, .quantity = Quantity::FromInt(4),
                                                       .source_line_item_id = so_line}}});
    if (!package.ok()) return Fail(package.status());
    if (auto s = txn.SetDocumentStatus((*package)->id, DocumentStatus::kShipped,
                                       inventory::Shipment{.date = day, .delivery_method = "Courier"});
        !s.ok()) {
      return Fail(s);
    }
    auto invoice = txn.CreateDocument({.type = DocumentType::kInvoice, .date = day, .status = DocumentStatus::kOpen,
                                       .source_id = so,
                                       .line_items = {{.item_id = mug, .quantity = Quantity::FromInt(4),
                                                       .rate = Price("6"), .source_line_item_id = so_line}}});
    if (!invoice.ok()) return Fail(invoice.status());
    auto po = txn.CreateDocument({.type = DocumentType::kPurchaseOrder, .date = day, .status = DocumentStatus::kOpen,
                                  .party_name = "Clayworks",
                                  .line_items = {{.item_id = mug, .quantity = Quantity::FromInt(12),
                                                  .rate = Price("2.80")}}});
    if (!po.ok()) return Fail(po.status());
    const int64_t po_line = (*po)->line_items[0].line_item_id;
    for (DocumentType type : {DocumentType::kPurchaseReceive, DocumentType::kBill}) {
      auto in = txn.CreateDocument({.type = type, .date = day,
                                    .status = type == DocumentType::kBill ? DocumentStatus::kOpen
                                                                          : DocumentStatus::kReceived,
                                    .source_id = (*po)->id,
                                    .line_items = {{.item_id = mug, .quantity = Quantity::FromInt(12),
                                                    .rate = Price("2.80"), .source_line_item_id = po_line}}});
      if (!in.ok()) return Fail(in.status());
    }
    // A second order for more large shirts than there are: a backorder.
    auto backorder = txn.CreateDocument({.type = DocumentType::kSalesOrder, .date = day,
                                         .status = DocumentStatus::kOpen, .party_name = "Team Bo",
                                         .line_items = {{.item_id = large, .quantity = Quantity::FromInt(25),
                                                         .rate = Price("15")}}});
    if (!backorder.ok()) return Fail(backorder.status());
    auto sale = txn.CreateDocument({.type = DocumentType::kSalesReceipt, .date = day,
                                    .status = DocumentStatus::kOpen,
                                    .line_items = {{.item_id = large, .quantity = Quantity::FromInt(1),
                                                    .rate = Price("15")}}});
    if (!sale.ok()) return Fail(sale.status());
    if (absl::Status s = txn.Commit(); !s.ok()) return Fail(s);
  }

  // Close the shop and open it again from its directory: every commit
  // above was synced, and the log replays to the same state.
  const std::string before = (*engine)->Export();
  const uint64_t commits = (*engine)->persistence_stats().logged_commits;
  engine->reset();
  engine = inventory::Engine::Open(options);
  if (!engine.ok()) return Fail(engine.status());
  std::cout << "Reopened from " << dir << " (" << commits << " logged commits replayed): "
            << ((*engine)->Export() == before ? "the same state" : "A DIFFERENT STATE") << "\n\n";

  inventory::Snapshot snap = (*engine)->GetSnapshot();
  std::printf("%-6s %-18s %-8s %-22s %8s %8s %6s\n", "id", "name", "sku", "kind", "rate", "cost", "stock");
  std::printf("%s\n", std::string(82, '-').c_str());
  for (const Item* item : snap.ListItems({}).rows) {
    std::printf("%-6lld %-18s %-8s %-22s %8.2f %8.2f %6s\n", static_cast<long long>(item->id.value()),
                item->name.c_str(), item->sku.c_str(), Kind(snap, *item).c_str(),
                item->rate.ToDouble(), item->purchase_rate.ToDouble(),
                snap.StockOnHand(item->id).ToString().c_str());
    for (const inventory::MappedItem& m : item->mapped_items) {
      std::printf("%-6s   contains %s x %s\n", "", m.quantity.ToString().c_str(),
                  snap.FindItem(m.item_id)->name.c_str());
    }
  }
  std::printf("\n%-6s %-18s %-8s %-8s\n", "id", "location", "status", "primary");
  std::printf("%s\n", std::string(44, '-').c_str());
  for (const inventory::Location* l : snap.ListLocations()) {
    std::printf("%-6lld %-18s %-8s %-8s\n", static_cast<long long>(l->id.value()), l->name.c_str(),
                std::string(inventory::ToString(l->status)).c_str(), l->is_primary ? "yes" : "");
  }

  std::printf("\n%-18s %-16s %8s %10s %10s %10s %10s\n", "item", "location", "on hand", "available", "committed",
              "for sale", "value");
  std::printf("%s\n", std::string(88, '-').c_str());
  for (const Item* item : snap.ListItems({}).rows) {
    for (inventory::LocationId at : snap.StockedLocations(item->id)) {
      inventory::StockFigures f = snap.StockAt(item->id, at);
      std::printf("%-18s %-16s %8s %10s %10s %10s %10.2f\n", item->name.c_str(), snap.FindLocation(at)->name.c_str(),
                  f.stock_on_hand.ToString().c_str(), f.available_stock.ToString().c_str(),
                  f.committed_stock.ToString().c_str(), f.actual_available_stock.ToString().c_str(),
                  f.asset_value.ToDouble());
    }
  }
  std::printf("\nGift boxes that could still be assembled: %s\n",
              snap.BuildableTotal(snap.FindItemBySku("GIFT-1")->id).ToString().c_str());
  absl::Status verified = (*engine)->Verify();
  std::printf("Ledger check: %s\n", verified.ok() ? "every figure equals the sum of its postings" : "MISMATCH");
  return verified.ok() ? 0 : 1;
}
