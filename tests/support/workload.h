// A deterministic stream of mixed transactions for the persistence and
// crash tests: items (plain, serial- and batch-tracked, a composite and a
// group), locations, opening stock, adjustments (some refused), transfer
// orders through their statuses, bundles, sales and purchase documents of
// every type (created, moved through their statuses, fulfilling orders,
// edited and deleted), updates and deletes, save points and rolled-back
// transactions. Each Step is one transaction. Its choices
// depend only on the seed and on the engine's state, so two engines that
// run the same steps from the same state end equal.
#ifndef INVENTORY_TESTS_SUPPORT_WORKLOAD_H_
#define INVENTORY_TESTS_SUPPORT_WORKLOAD_H_

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "inventory/engine.h"
#include "inventory/quantity.h"

namespace inventory::testutil {

class Workload {
 public:
  explicit Workload(uint64_t seed) : rng_(seed) {}

  // Runs the next transaction. Returns whether it committed (some roll
  // back by design); a commit that fails returns false too, with its
  // status in last_commit().
  bool Step(Engine& engine) {
    Transaction txn = engine.BeginTransaction();
    const int kind = Pick(17);
    bool rollback = false;
    switch (kind) {
      case 0: CreateItem(txn); break;
      case 1: CreateLocation(txn); break;
      case 2: case 3: case 4: Adjust(txn); break;
      case 5: Transfer(txn); break;
      case 6: MoveTransfer(txn); break;
      case 7: ChangeAdjustment(txn); break;
      case 8: Bundle(txn); break;
      case 9: {  // a sale of several lines, one voided through a save point
        Adjust(txn);
        const size_t mark = txn.SavePoint();
        Adjust(txn);
        txn.RollbackTo(mark);
        Adjust(txn);
        break;
      }
      case 10: Adjust(txn); rollback = true; break;
      case 12: case 13: CreateDocument(txn); break;
      case 14: ChangeDocument(txn); break;
      case 15: Registry(txn); break;
      default: UpdateItem(txn); break;
    }
    if (rollback) {
      txn.Rollback();
      return false;
    }
    last_commit_ = txn.Commit();
    return last_commit_.ok();
  }

  const absl::Status& last_commit() const { return last_commit_; }

 private:
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }
  Quantity Units(int n) { return Quantity::FromInt(n); }
  absl::CivilDay Day() { return absl::CivilDay(2026, 1, 1) + Pick(300); }

  // Items and locations in id order (what the engine holds, so a replayed
  // engine picks the same ones).
  std::vector<const Item*> Items(const Reader& r, bool plain_only) {
    std::vector<const Item*> out;
    Page<Item> page = r.ListItems({.per_page = 1000});
    for (const Item* i : page.rows) {
      if (i->is_composite() || !i->track_inventory) continue;
      if (plain_only && (i->track_serial_number || i->track_batch_number)) continue;
      out.push_back(i);
    }
    std::sort(out.begin(), out.end(), [](const Item* a, const Item* b) { return a->id < b->id; });
    return out;
  }
  std::vector<LocationId> Locations(const Reader& r) {
    std::vector<LocationId> out;
    for (const Location* l : r.ListLocations()) out.push_back(l->id);
    std::sort(out.begin(), out.end());
    return out;
  }

  void CreateItem(Transaction& txn) {
    const int n = ++made_;
    Item item{.name = "Item " + std::to_string(n), .sku = "SKU-" + std::to_string(n), .rate = Money::FromInt(n)};
    const int flavor = Pick(4);
    item.track_serial_number = flavor == 1;
    item.track_batch_number = flavor == 2;
    item.storage_location_enabled = flavor == 3;
    absl::StatusOr<const Item*> made = txn.CreateItem(item);
    if (!made.ok()) return;
    const ItemId id = (*made)->id;
    OpeningStock line{.location_id = Locations(txn).front(), .quantity = Units(3), .rate = Money::FromInt(2)};
    if (flavor == 1) {
      for (int s = 0; s < 3; ++s) line.serial_numbers.push_back("S" + std::to_string(n) + "-" + std::to_string(s));
    } else if (flavor == 2) {
      line.batches.push_back({.batch_number = "B" + std::to_string(n), .quantity = Units(3)});
    } else if (flavor == 3) {
      line.storages.push_back({.storage_location_id = "BIN-1", .quantity = Units(1)});
    }
    (void)txn.SetOpeningStock(id, absl::CivilDay(2026, 1, 1), {line});
    if (n == 4) MakeComposite(txn);
    if (n == 6) MakeGroup(txn);
  }

  void MakeComposite(Transaction& txn) {
    std::vector<const Item*> items = Items(txn, true);
    if (items.size() < 2) return;
    Item kit{.name = "Kit", .sku = "KIT"};
    kit.mapped_items = {{items[0]->id, Units(1)}, {items[1]->id, Units(2)}};
    (void)txn.CreateItem(kit);
  }

  void MakeGroup(Transaction& txn) {
    ItemGroup group{.group_name = "Shirts", .unit = "pcs"};
    group.attributes = {{.name = "Size", .options = {{.name = "S"}, {.name = "M"}}}};
    Item small{.name = "Shirt S", .sku = "SHIRT-S", .attribute_options = {"S", "", ""}};
    Item medium{.name = "Shirt M", .sku = "SHIRT-M", .attribute_options = {"M", "", ""}};
    (void)txn.CreateGroup(group, {small, medium});
  }

  void CreateLocation(Transaction& txn) {
    if (Locations(txn).size() >= 4) return Adjust(txn);
    (void)txn.CreateLocation({.name = "Store " + std::to_string(++made_)});
  }

  void Adjust(Transaction& txn) {
    std::vector<const Item*> items = Items(txn, false);
    if (items.empty()) return CreateItem(txn);
    const Item& item = *items[Pick(static_cast<int>(items.size()))];
    std::vector<LocationId> locations = Locations(txn);
    const LocationId at = locations[Pick(static_cast<int>(locations.size()))];
    AdjustmentLine line{.item_id = item.id, .location_id = at};
    const bool out = Pick(2) == 0;
    const int n = 1 + Pick(3);
    line.quantity_adjusted = out ? -Units(n) : Units(n);
    if (item.track_serial_number) {
      if (out) {
        for (const SerialNumberStock& s : txn.SerialNumbers(item.id, at)) {
          if (static_cast<int>(line.serial_numbers.size()) < n) line.serial_numbers.push_back(s.serial_number);
        }
      } else {
        for (int s = 0; s < n; ++s) line.serial_numbers.push_back("N" + std::to_string(++made_));
      }
    } else if (item.track_batch_number) {
      line.batches.push_back({.batch_number = out ? "B?" : "NB" + std::to_string(++made_), .quantity = Units(n)});
      if (out) {
        std::vector<BatchStock> held = txn.Batches(item.id, at);
        if (!held.empty()) line.batches[0].batch_number = held[0].batch_number;
      }
    }
    // Some of these are refused (not enough stock, a serial not there); the
    // transaction goes on without them.
    (void)txn.CreateAdjustment({.reference_number = "ADJ-" + std::to_string(++made_),
                                .date = Day(),
                                .reason = Pick(2) ? "Stocktake" : "Damaged",
                                .line_items = {line}});
  }

  void ChangeAdjustment(Transaction& txn) {
    std::vector<InventoryAdjustment> all = txn.ListAdjustments();
    if (all.empty()) return Adjust(txn);
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    InventoryAdjustment a = all[Pick(static_cast<int>(all.size()))];
    if (Pick(2) == 0) {
      (void)txn.DeleteAdjustment(a.id);
    } else {
      a.description = "changed " + std::to_string(++made_);
      a.date = Day();
      (void)txn.UpdateAdjustment(a);
    }
  }

  void Transfer(Transaction& txn) {
    std::vector<const Item*> items = Items(txn, true);
    std::vector<LocationId> locations = Locations(txn);
    if (items.empty() || locations.size() < 2) return CreateLocation(txn);
    const Item& item = *items[Pick(static_cast<int>(items.size()))];
    const int from = Pick(static_cast<int>(locations.size()));
    const int to = (from + 1 + Pick(static_cast<int>(locations.size()) - 1)) % static_cast<int>(locations.size());
    const TransferStatus status = static_cast<TransferStatus>(Pick(3));
    (void)txn.CreateTransferOrder({.transfer_order_number = "TO-" + std::to_string(++made_),
                                   .date = Day(),
                                   .from_location_id = locations[from],
                                   .to_location_id = locations[to],
                                   .line_items = {{.item_id = item.id, .quantity_transfer = Units(1 + Pick(2))}},
                                   .status = status});
  }

  void MoveTransfer(Transaction& txn) {
    for (const TransferOrder* t : txn.ListTransferOrders()) {
      if (t->status != TransferStatus::kTransferred) {
        (void)txn.SetTransferStatus(t->id, t->status == TransferStatus::kDraft ? TransferStatus::kInTransit
                                                                             : TransferStatus::kTransferred);
        return;
      }
    }
    Transfer(txn);
  }

  void Bundle(Transaction& txn) {
    const Item* kit = txn.FindItemBySku("KIT");
    if (kit == nullptr) return Adjust(txn);
    if (Pick(3) == 0) {
      for (const inventory::Bundle* b : txn.ListBundles(kit->id)) {
        (void)txn.DeleteBundle(b->id);  // refused once the kit was used
        return;
      }
    }
    inventory::Bundle b{.reference_number = "BU-" + std::to_string(++made_),
                        .date = Day(),
                        .composite_item_id = kit->id,
                        .quantity_to_bundle = Units(1)};
    for (const MappedItem& m : kit->mapped_items) b.line_items.push_back({.item_id = m.item_id, .quantity_consumed = m.quantity});
    (void)txn.CreateBundle(b);
  }

  // A document of a random type, in a status it may start in, at a random
  // location; packages, invoices, receives and bills fulfil an order's
  // lines when one is in effect, returns take back a sale.
  void CreateDocument(Transaction& txn) {
    static constexpr DocumentType kTypes[] = {
        DocumentType::kSalesOrder,      DocumentType::kInvoice,       DocumentType::kPackage,
        DocumentType::kDeliveryChallan, DocumentType::kSalesReceipt,  DocumentType::kSalesReturn,
        DocumentType::kPurchaseOrder,   DocumentType::kBill,          DocumentType::kPurchaseReceive,
        DocumentType::kMoveOrder,       DocumentType::kPutaway};
    static constexpr DocumentStatus kStart[] = {
        DocumentStatus::kOpen, DocumentStatus::kOpen,     DocumentStatus::kDraft,    DocumentStatus::kOpen,
        DocumentStatus::kOpen, DocumentStatus::kReceived, DocumentStatus::kOpen,     DocumentStatus::kOpen,
        DocumentStatus::kReceived, DocumentStatus::kCompleted, DocumentStatus::kCompleted};
    const int t = Pick(11);
    Document d{.type = kTypes[t], .date = Day(), .status = Pick(4) == 0 && t != 4 && t != 8 && t != 10 ? DocumentStatus::kDraft : kStart[t]};
    std::vector<LocationId> locations = Locations(txn);
    d.location_id = locations[Pick(static_cast<int>(locations.size()))];
    const DocumentType source_type = t == 1 || t == 2 ? DocumentType::kSalesOrder
                                     : t == 7 || t == 8 ? DocumentType::kPurchaseOrder
                                     : t == 5           ? DocumentType::kSalesReceipt
                                                        : DocumentType{};
    if (source_type != DocumentType{} && Pick(3) != 0) {
      for (const Document* order : txn.ListDocuments({.type = source_type})) {
        if (order->status != DocumentStatus::kOpen) continue;
        d.source_id = order->id;
        d.location_id = order->line_items[0].location_id;
        for (const DocumentLine& l : order->line_items) {
          DocumentLine line{.item_id = l.item_id, .quantity = Units(1), .rate = l.rate, .location_id = l.location_id};
          if (t == 5) {  // a return takes back what the receipt sold
            line.quantity = l.quantity;
            line.serial_numbers = l.serial_numbers;
            line.batches = l.batches;
          } else {
            line.source_line_item_id = l.line_item_id;
          }
          d.line_items.push_back(line);
        }
        break;
      }
    }
    if (d.line_items.empty()) {
      d.source_id = DocumentId();
      std::vector<const Item*> items = Items(txn, false);
      if (t >= 9) {  // bins
        std::erase_if(items, [](const Item* i) { return !i->storage_location_enabled; });
        d.location_id = locations.front();
      }
      if (items.empty()) return CreateItem(txn);
      const Item& item = *items[Pick(static_cast<int>(items.size()))];
      DocumentLine line{.item_id = item.id, .quantity = Units(1 + Pick(2)), .rate = Money::FromInt(1 + Pick(9))};
      if (t >= 9) {  // a putaway from unbinned stock, a move between bins
        line.quantity = Units(1);
        line.to_storages = {{.storage_location_id = "BIN-" + std::to_string(2 + Pick(2)), .quantity = Units(1)}};
        if (t == 9) line.storages = {{.storage_location_id = "BIN-1", .quantity = Units(1)}};
      }
      d.line_items.push_back(line);
    }
    // Lines moving available stock name their units: serials held at the
    // location going out, new ones coming in; new batches coming in (going
    // out, the engine picks them).
    const bool physical = (t >= 2 && t <= 5) || t == 8;
    const bool incoming = t == 5 || t == 8;
    for (DocumentLine& line : d.line_items) {
      const Item* item = txn.FindItem(line.item_id);
      if (!physical || item == nullptr || !line.serial_numbers.empty() || !line.batches.empty()) continue;
      const int units = static_cast<int>(line.quantity.units() / Quantity::kScale);
      if (item->track_serial_number) {
        if (incoming) {
          for (int k = 0; k < units; ++k) line.serial_numbers.push_back("D" + std::to_string(++made_));
        } else {
          for (const SerialNumberStock& sn : txn.SerialNumbers(item->id, line.location_id.value_or(*d.location_id))) {
            if (static_cast<int>(line.serial_numbers.size()) < units) line.serial_numbers.push_back(sn.serial_number);
          }
        }
      } else if (item->track_batch_number && incoming) {
        line.batches.push_back({.batch_number = "DB" + std::to_string(++made_), .quantity = line.quantity});
      }
    }
    (void)txn.CreateDocument(d);
  }

  // Moves a document along its statuses, edits or deletes it.
  void ChangeDocument(Transaction& txn) {
    const DocumentType type = static_cast<DocumentType>(1 + Pick(11));
    std::vector<const Document*> all = txn.ListDocuments({.type = type});
    if (all.empty()) return CreateDocument(txn);
    std::sort(all.begin(), all.end(), [](const Document* a, const Document* b) { return a->id < b->id; });
    Document d = *all[Pick(static_cast<int>(all.size()))];
    switch (Pick(4)) {
      case 0: (void)txn.DeleteDocument(d.id); break;  // refused while others fulfil it
      case 1:
        d.notes = "edited " + std::to_string(++made_);
        d.line_items[0].quantity += Units(Pick(2));
        (void)txn.UpdateDocument(d);
        break;
      default: {
        static constexpr DocumentStatus kAll[] = {
            DocumentStatus::kDraft,     DocumentStatus::kOpen,      DocumentStatus::kInProgress,
            DocumentStatus::kShipped,   DocumentStatus::kDelivered, DocumentStatus::kReceived,
            DocumentStatus::kCompleted, DocumentStatus::kReturned,  DocumentStatus::kVoid};
        (void)txn.SetDocumentStatus(d.id, kAll[Pick(9)]);  // many moves are refused
        break;
      }
    }
  }

  // Batches created, renamed and deactivated; bins enabled and defined at a
  // location other than the first, and items' default bins there.
  void Registry(Transaction& txn) {
    std::vector<const Item*> items = Items(txn, false);
    std::vector<LocationId> locations = Locations(txn);
    if (items.empty() || locations.size() < 2) return CreateLocation(txn);
    const LocationId at = locations[1 + Pick(static_cast<int>(locations.size()) - 1)];
    switch (Pick(4)) {
      case 0:
        for (const Item* item : items) {
          if (!item->track_batch_number) continue;
          (void)txn.CreateBatch({.item_id = item->id, .batch_number = "RB" + std::to_string(++made_),
                                 .expiry_date = Day()});
          return;
        }
        break;
      case 1:
        for (const Item* item : items) {
          std::vector<BatchDetails> batches = txn.ListBatches(item->id, true);
          if (batches.empty()) continue;
          BatchDetails b = batches[Pick(static_cast<int>(batches.size()))];
          if (Pick(2) == 0) {
            (void)txn.SetBatchStatus(b.id, b.status == Status::kActive ? Status::kInactive : Status::kActive);
          } else {
            b.batch_number += "x";  // refused while it holds stock
            (void)txn.UpdateBatch(b);
          }
          return;
        }
        break;
      case 2:
        (void)txn.SetStorageLocationsEnabled(at, true);
        (void)txn.CreateStorageLocation({.location_id = at, .name = "S" + std::to_string(++made_)});
        break;
      default: {
        std::vector<StorageLocation> bins = txn.ListStorageLocations(at);
        if (bins.empty()) break;
        for (const Item* item : items) {
          if (!item->storage_location_enabled) continue;
          (void)txn.SetDefaultStorageLocation(item->id, at, bins[Pick(static_cast<int>(bins.size()))].id);
          return;
        }
        break;
      }
    }
  }

  void UpdateItem(Transaction& txn) {
    std::vector<const Item*> items = Items(txn, false);
    if (items.empty()) return CreateItem(txn);
    Item item = *items[Pick(static_cast<int>(items.size()))];
    item.rate = Money::FromInt(1 + Pick(50));
    item.description = "updated " + std::to_string(++made_);
    (void)txn.UpdateItem(item);
  }

  std::mt19937_64 rng_;
  int made_ = 0;  // a counter for unique names and numbers
  absl::Status last_commit_;
};

}  // namespace inventory::testutil

#endif  // INVENTORY_TESTS_SUPPORT_WORKLOAD_H_
