// Strong id types. An id is a positive 64-bit number assigned by the engine;
// the JSON facade writes it as a string. Ids of different entities do not
// convert into each other.
#ifndef INVENTORY_IDS_H_
#define INVENTORY_IDS_H_

#include <compare>
#include <cstdint>
#include <functional>

namespace inventory {

template <class Tag>
class Id {
 public:
  constexpr Id() = default;
  constexpr explicit Id(int64_t value) : value_(value) {}
  constexpr int64_t value() const { return value_; }
  // An id that was never assigned (value 0).
  constexpr bool valid() const { return value_ > 0; }
  friend constexpr auto operator<=>(Id, Id) = default;
  template <class H>
  friend H AbslHashValue(H h, Id id) { return H::combine(std::move(h), id.value_); }

 private:
  int64_t value_ = 0;
};

struct ItemTag {};
struct GroupTag {};
struct LocationTag {};
struct AttributeTag {};
struct OptionTag {};
struct AdjustmentTag {};
struct TransferOrderTag {};
struct BundleTag {};
struct DocumentTag {};
struct SerialNumberTag {};
struct BatchTag {};
struct StorageLocationTag {};

// Items and composite items share one id space (a composite is an item with
// mapped items), so a SKU or an id names exactly one of them.
using ItemId = Id<ItemTag>;
using GroupId = Id<GroupTag>;
using LocationId = Id<LocationTag>;
using AttributeId = Id<AttributeTag>;
using OptionId = Id<OptionTag>;
using AdjustmentId = Id<AdjustmentTag>;
using TransferOrderId = Id<TransferOrderTag>;
using BundleId = Id<BundleTag>;
// Sales and purchase documents of every type share one id space.
using DocumentId = Id<DocumentTag>;
using SerialNumberId = Id<SerialNumberTag>;
using BatchId = Id<BatchTag>;
// A bin: a storage location inside a location (warehouse).
using StorageLocationId = Id<StorageLocationTag>;

}  // namespace inventory

template <class Tag>
struct std::hash<inventory::Id<Tag>> {
  size_t operator()(inventory::Id<Tag> id) const noexcept {
    return std::hash<int64_t>()(id.value());
  }
};

#endif  // INVENTORY_IDS_H_
