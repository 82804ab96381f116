// The tracking half of Engine::Verify: serial numbers and batches agree with
// the ledger's figures, and bins hold no more than a cell has.
#include <map>
#include <utility>

#include "common/text.h"
#include "inventory/errors.h"
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
  std::map<std::pair<ItemId, LocationId>, Quantity> binned;
  for (const auto& [key, quantity] : stock.bins) binned[{std::get<0>(key), std::get<1>(key)}] += quantity;
  for (const auto& [cell, quantity] : binned) {
    const Quantity available = stock.ledger.CellFigures(cell.first, cell.second).available;
    if (quantity > available) return mismatch(cell.first, cell.second, "bins hold", quantity, available);
  }
  return absl::OkStatus();
}

}  // namespace inventory::internal
