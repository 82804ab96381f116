// The inventory adjustments, kept compactly: an adjustment is the most
// frequent document (a POS posts one per stock correction), and the memory a
// new one takes is most of what it costs on a machine where fresh memory is
// slow. A header of fixed size and one small record per line live in
// append-only chunks, strings (reasons repeat) are interned, and what most
// lines do not carry (accounts, serials, batches, bins) is kept aside for the
// lines that do. Reads materialize an InventoryAdjustment.
// Owns: the adjustment records and their id index. May call: common/.
//
// Changes are appended; replacing or erasing an adjustment leaves its old
// records (and strings) unreferenced until the table goes. Undo (the
// writer's undo log) calls Put with what Find returned before the change, or
// RemoveCreated for a create, which also gives its records back.
#ifndef INVENTORY_SRC_STOCK_ADJUSTMENT_TABLE_H_
#define INVENTORY_SRC_STOCK_ADJUSTMENT_TABLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "common/chunked_vector.h"
#include "inventory/stock.h"

namespace inventory::internal {

class AdjustmentTable {
 public:
  AdjustmentTable();

  // Stores `a` under a.id, replacing what was there.
  void Put(const InventoryAdjustment& a);
  // Removes the adjustment, if present.
  void Remove(AdjustmentId id);
  // Undo of a create: removes it and, when its records are the newest,
  // gives them back.
  void RemoveCreated(AdjustmentId id);

  std::optional<InventoryAdjustment> Find(AdjustmentId id) const;
  // Every adjustment, in id order.
  std::vector<InventoryAdjustment> List() const;

 private:
  struct Header {
    int64_t id = 0;
    int64_t location = 0;  // 0: none
    int64_t created_ns = 0;
    int64_t modified_ns = 0;
    int64_t date = 0;  // days since 1970-01-01
    uint32_t reference = 0;  // string ids, 0: empty
    uint32_t reason = 0;
    uint32_t description = 0;
    uint32_t first_line = 0;
    uint32_t lines = 0;
    uint8_t type = 0;  // AdjustmentType
  };
  struct Line {
    static constexpr uint8_t kHasLocation = 1, kHasTotal = 2, kHasExtras = 4;
    int64_t item = 0;
    int64_t location = 0;
    int64_t quantity = 0;  // Quantity units
    int64_t total = 0;     // Money units
    uint8_t flags = 0;
  };

  // The id of `text` in strings_: reasons (`dedupe`) are looked up, since
  // a few repeat; numbers and descriptions are appended (mostly unique).
  uint32_t Intern(const std::string& text, bool dedupe);
  InventoryAdjustment Materialize(uint32_t header) const;

  ChunkedVector<Header, 12> headers_;
  ChunkedVector<Line, 12> lines_;
  // Lines with accounts, serials, batches or bins: those fields, by line index.
  absl::flat_hash_map<uint32_t, AdjustmentLine> extras_;
  // Times that whole nanoseconds since 1970 would not give back exactly
  // (outside 1677-2262, or finer than a nanosecond), by header index.
  absl::flat_hash_map<uint32_t, std::pair<absl::Time, absl::Time>> exact_times_;
  std::vector<std::string> strings_;  // [0] is ""
  absl::flat_hash_map<std::string, uint32_t> string_ids_;
  uint32_t last_interned_ = 0;
  absl::btree_map<AdjustmentId, uint32_t> index_;  // id -> header
};

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_STOCK_ADJUSTMENT_TABLE_H_
