// The tracking half of Engine::Verify: serial numbers and batches agree with
// the ledger's figures, and bins hold no more than a cell has.
#include <map>
#include <utility>

#include "common/text.h"
#include "inventory/errors.h"
#include "stock/document_rules.h"
#include "stock/stock_state.h"

namespace inventory::internal {

absl::Status VerifyTracking(const EngineState& state) {
  const StockState& stock = state.stock;
  // Tracked units per (item, place), from the serials and the batches.
  std::map<std::pair<ItemId, Place>, Quantity> units;
  for (const auto& [key, place] : stock.serials) units[{key.first, place}] += Quantity::FromInt(1);
  for (const auto& [key, batch] : stock.batches) {
    for (const auto& [place, quantity] : batch.quantities) units[{key.first, place}] += quantity;
  }
  auto mismatch = [&](ItemId item, LocationId location, std::string_view what, Quantity tracked, Quantity figure) {
    return absl::InternalError(Cat("Tracking mismatch for item ", item.value(), " at location ", location.value(), ": ",
                                   what, " ", tracked.ToString(), " but the ledger says ", figure.ToString(), "."));
  };
  absl::Status status;
  state.items.ForEach([&](const Item& item) {
    if (!status.ok() || TrackingOf(item) == Tracking::kNone) return;
    for (const auto& [id, location] : state.locations) {
      const Figures& f = stock.ledger.CellFigures(item.id, id);
      auto at = units.find({item.id, Place{id, false}});
      auto travelling = units.find({item.id, Place{id, true}});
      const Quantity here = at == units.end() ? Quantity() : at->second;
      const Quantity coming = travelling == units.end() ? Quantity() : travelling->second;
      if (here != f.available) {
        status = mismatch(item.id, id, "tracked units in stock", here, f.available);
        return;
      }
      if (coming != f.in_transit) {
        status = mismatch(item.id, id, "tracked units in transit", coming, f.in_transit);
        return;
      }
    }
  });
  if (!status.ok()) return status;
  // The registries cover what is held, and their id indexes match them.
  for (const auto& [key, place] : stock.serials) {
    if (!stock.serial_info.contains(key)) {
      return absl::InternalError(Cat("Serial number '", key.second, "' of item ", key.first.value(), " is not registered."));
    }
  }
  for (const auto& [key, batch] : stock.batches) {
    auto info = stock.batch_info.find(key);
    if (info == stock.batch_info.end() || info->second.manufactured_date != batch.manufactured_date ||
        info->second.expiry_date != batch.expiry_date) {
      return absl::InternalError(Cat("Batch '", key.second, "' of item ", key.first.value(),
                                     " is not registered with its dates."));
    }
  }
  auto ids_match = [](const auto& by_key, const auto& by_id) {
    if (by_key.size() != by_id.size()) return false;
    for (const auto& [key, info] : by_key) {
      auto it = by_id.find(info.id);
      if (it == by_id.end() || it->second != key) return false;
    }
    return true;
  };
  if (!ids_match(stock.serial_info, stock.serial_ids)) return absl::InternalError("Serial number id index mismatch.");
  if (!ids_match(stock.batch_info, stock.batch_ids)) return absl::InternalError("Batch id index mismatch.");
  for (const auto& [key, bin] : stock.default_bins) {
    auto it = stock.storage_locations.find(bin);
    if (it == stock.storage_locations.end() || it->second.location_id != key.second) {
      return absl::InternalError(Cat("The default bin of item ", key.first.value(), " at location ",
                                     key.second.value(), " is not one of its bins."));
    }
  }
  std::map<std::pair<ItemId, LocationId>, Quantity> binned;
  for (const auto& [key, quantity] : stock.bins) binned[{std::get<0>(key), std::get<1>(key)}] += quantity;
  for (const auto& [cell, quantity] : binned) {
    const Quantity available = stock.ledger.CellFigures(cell.first, cell.second).available;
    if (quantity > available) return mismatch(cell.first, cell.second, "bins hold", quantity, available);
  }
  return absl::OkStatus();
}

DocumentIndexes IndexDocuments(const EngineState& state) {
  DocumentIndexes out;
  for (const auto& [id, record] : state.stock.documents) {
    const Document& d = record.doc;
    out.numbers[DocumentNumberKey(d.type, d.number)] = id;
    if (d.source_id.valid()) out.fulfilments[{d.source_id, id}] = true;
    for (const DocumentLine& l : d.line_items) out.item_documents.Add(l.item_id, id);
    if (RuleOf(d.type).open != OpenFigure::kNone) {
      for (const DocumentLine& l : d.line_items) out.order_lines[l.line_item_id] = id;
    }
  }
  for (const auto& [id, record] : state.stock.documents) {
    std::vector<CellQuantity> open = OpenQuantities(state, record.doc, out.fulfilments);
    if (open.empty()) continue;
    if (record.doc.type == DocumentType::kPurchaseOrder) {
      for (const CellQuantity& c : open) out.incoming[{c.item, c.location}] += c.quantity;
    }
    out.open[id] = std::move(open);
  }
  return out;
}

absl::Status VerifyDocuments(const EngineState& state) {
  const StockState& stock = state.stock;
  const DocumentIndexes want = IndexDocuments(state);
  if (want.numbers != stock.document_numbers) return absl::InternalError("Document number index mismatch.");
  if (want.fulfilments != stock.fulfilments) return absl::InternalError("Document fulfilment index mismatch.");
  if (want.item_documents != stock.item_documents) return absl::InternalError("Document item index mismatch.");
  if (want.order_lines != stock.order_lines) return absl::InternalError("Order line index mismatch.");
  if (want.incoming != stock.incoming) return absl::InternalError("Incoming stock does not match the purchase orders.");
  // Committed stock per cell: the sales orders' open quantities.
  std::map<std::pair<ItemId, LocationId>, Quantity> committed;
  for (const auto& [id, record] : stock.documents) {
    auto it = want.open.find(id);
    const std::vector<CellQuantity> none;
    const std::vector<CellQuantity>& open = it == want.open.end() ? none : it->second;
    if (open != record.open) {
      return absl::InternalError(Cat("The open quantities of document ", id.value(), " (", record.doc.number,
                                     ") do not match its lines and what fulfils them."));
    }
    if (record.doc.type != DocumentType::kSalesOrder) continue;
    for (const CellQuantity& c : open) committed[{c.item, c.location}] += c.quantity;
  }
  absl::Status status;
  state.items.ForEach([&](const Item& item) {
    if (!status.ok()) return;
    for (const auto& [id, location] : state.locations) {
      auto it = committed.find({item.id, id});
      const Quantity want_committed = it == committed.end() ? Quantity() : it->second;
      const Quantity has = stock.ledger.CellFigures(item.id, id).committed;
      if (has != want_committed) {
        status = absl::InternalError(Cat("Committed stock of item ", item.id.value(), " at location ", id.value(),
                                         " is ", has.ToString(), " but its sales orders leave ",
                                         want_committed.ToString(), " to ship."));
        return;
      }
    }
  });
  return status;
}

}  // namespace inventory::internal
