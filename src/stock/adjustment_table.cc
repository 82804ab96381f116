#include "stock/adjustment_table.h"

#include <utility>

#include "absl/time/time.h"

namespace inventory::internal {
namespace {

const absl::CivilDay kEpoch(1970, 1, 1);

bool HasExtras(const AdjustmentLine& l) {
  return !l.adjustment_account_id.empty() || !l.adjustment_account_name.empty() || !l.serial_numbers.empty() ||
         !l.batches.empty() || !l.storages.empty();
}

}  // namespace

AdjustmentTable::AdjustmentTable() { strings_.emplace_back(); }

uint32_t AdjustmentTable::Intern(const std::string& text, bool dedupe) {
  if (text.empty()) return 0;
  if (strings_[last_interned_] == text) return last_interned_;
  if (!dedupe) {
    strings_.push_back(text);
    return static_cast<uint32_t>(strings_.size() - 1);
  }
  auto [it, added] = string_ids_.try_emplace(text, static_cast<uint32_t>(strings_.size()));
  if (added) strings_.push_back(text);
  last_interned_ = it->second;
  return it->second;
}

void AdjustmentTable::Put(const InventoryAdjustment& a) {
  Header h{.id = a.id.value(),
           .location = a.location_id ? a.location_id->value() : 0,
           .created_ns = absl::ToUnixNanos(a.created_time),
           .modified_ns = absl::ToUnixNanos(a.last_modified_time),
           .date = a.date - kEpoch,
           .reference = Intern(a.reference_number, false),
           .reason = Intern(a.reason, true),
           .description = Intern(a.description, false),
           .first_line = static_cast<uint32_t>(lines_.size()),
           .lines = static_cast<uint32_t>(a.line_items.size()),
           .type = static_cast<uint8_t>(a.adjustment_type)};
  for (const AdjustmentLine& l : a.line_items) {
    Line line{.item = l.item_id.value(),
              .location = l.location_id ? l.location_id->value() : 0,
              .quantity = l.quantity_adjusted.units(),
              .total = l.item_total ? l.item_total->units() : 0};
    if (l.location_id) line.flags |= Line::kHasLocation;
    if (l.item_total) line.flags |= Line::kHasTotal;
    if (HasExtras(l)) {
      line.flags |= Line::kHasExtras;
      extras_[static_cast<uint32_t>(lines_.size())] = l;
    }
    lines_.push_back(line);
  }
  const auto at = static_cast<uint32_t>(headers_.size());
  if (absl::FromUnixNanos(h.created_ns) != a.created_time ||
      absl::FromUnixNanos(h.modified_ns) != a.last_modified_time) {
    exact_times_[at] = {a.created_time, a.last_modified_time};
  }
  if (index_.empty() || index_.rbegin()->first < a.id) {
    index_.emplace_hint(index_.end(), a.id, at);  // new ids are the largest
  } else {
    index_.insert_or_assign(a.id, at);
  }
  headers_.push_back(h);
}

void AdjustmentTable::Remove(AdjustmentId id) { index_.erase(id); }

void AdjustmentTable::RemoveCreated(AdjustmentId id) {
  auto it = index_.find(id);
  if (it == index_.end()) return;
  const uint32_t at = it->second;
  index_.erase(it);
  if (at + 1 != headers_.size()) return;
  const Header& h = headers_[at];
  if (h.first_line + h.lines == lines_.size()) {
    for (uint32_t i = h.first_line; i < h.first_line + h.lines; ++i) {
      if (lines_[i].flags & Line::kHasExtras) extras_.erase(i);
    }
    lines_.resize_down(h.first_line);
  }
  exact_times_.erase(at);
  headers_.resize_down(at);
}

InventoryAdjustment AdjustmentTable::Materialize(uint32_t at) const {
  const Header& h = headers_[at];
  InventoryAdjustment a;
  a.id = AdjustmentId(h.id);
  a.reference_number = strings_[h.reference];
  a.date = kEpoch + h.date;
  a.reason = strings_[h.reason];
  a.description = strings_[h.description];
  a.adjustment_type = static_cast<AdjustmentType>(h.type);
  if (h.location != 0) a.location_id = LocationId(h.location);
  if (auto exact = exact_times_.find(at); exact != exact_times_.end()) {
    a.created_time = exact->second.first;
    a.last_modified_time = exact->second.second;
  } else {
    a.created_time = absl::FromUnixNanos(h.created_ns);
    a.last_modified_time = absl::FromUnixNanos(h.modified_ns);
  }
  a.line_items.reserve(h.lines);
  for (uint32_t i = h.first_line; i < h.first_line + h.lines; ++i) {
    const Line& l = lines_[i];
    AdjustmentLine line;
    if (l.flags & Line::kHasExtras) line = extras_.at(i);
    line.item_id = ItemId(l.item);
    line.location_id = (l.flags & Line::kHasLocation) ? std::optional<LocationId>(LocationId(l.location)) : std::nullopt;
    line.quantity_adjusted = Quantity::FromUnits(l.quantity);
    line.item_total = (l.flags & Line::kHasTotal) ? std::optional<Money>(Money::FromUnits(l.total)) : std::nullopt;
    a.line_items.push_back(std::move(line));
  }
  return a;
}

std::optional<InventoryAdjustment> AdjustmentTable::Find(AdjustmentId id) const {
  auto it = index_.find(id);
  if (it == index_.end()) return std::nullopt;
  return Materialize(it->second);
}

std::vector<InventoryAdjustment> AdjustmentTable::List() const {
  std::vector<InventoryAdjustment> out;
  out.reserve(index_.size());
  for (const auto& [id, at] : index_) out.push_back(Materialize(at));
  return out;
}

}  // namespace inventory::internal
