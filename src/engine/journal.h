// The redo log's view of a transaction: every write that succeeds is
// recorded as a command (which Transaction method, with its arguments, the
// id counter and the time it ran at), and a committed transaction's
// commands become one log record. Recovery replays them through the same
// methods, so a replayed write validates and posts exactly as it did; the
// id counter and the time make that deterministic, and a replay that
// diverges is reported (kDataLoss), never papered over.
// Owns: command kinds and their encoding. May call: storage/codec, the
// public Transaction API.
//
// A command is, in the record's payload (storage/codec.h encoding):
//   kind (CommandKind), next_id (the id counter before it), time (Unix ns),
//   then the method's arguments in order (spans as vectors).
#ifndef INVENTORY_SRC_ENGINE_JOURNAL_H_
#define INVENTORY_SRC_ENGINE_JOURNAL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "catalog/catalog_store.h"
#include "inventory/transaction.h"
#include "storage/codec.h"
#include "storage/describe.h"

namespace inventory::internal {

// One per Transaction write method. The values are part of the on-disk
// format: never renumber, only add.
enum class CommandKind : uint8_t {
  kCreateItem = 1,
  kUpdateItem = 2,
  kDeleteItems = 3,
  kSetItemsStatus = 4,
  kSetStorageLocationEnabled = 5,
  kSetItemLocationAccess = 6,
  kCreateGroup = 7,
  kUpdateGroup = 8,
  kDeleteGroup = 9,
  kSetGroupStatus = 10,
  kUngroupItems = 11,
  kMoveItemToGroup = 12,
  kGroupItems = 13,
  kCreateLocation = 14,
  kUpdateLocation = 15,
  kDeleteLocation = 16,
  kSetLocationStatus = 17,
  kMarkPrimaryLocation = 18,
  kSetOpeningStock = 19,
  kCreateAdjustment = 20,
  kUpdateAdjustment = 21,
  kDeleteAdjustment = 22,
  kCreateTransferOrder = 23,
  kUpdateTransferOrder = 24,
  kSetTransferStatus = 25,
  kDeleteTransferOrder = 26,
  kCreateBundle = 27,
  kSetBundleStatus = 28,
  kDeleteBundle = 29,
  kCreateDocument = 30,
  kUpdateDocument = 31,
  kSetDocumentStatus = 32,
  kDeleteDocument = 33,
  kCreateBatch = 34,
  kUpdateBatch = 35,
  kDeleteBatch = 36,
  kSetBatchStatus = 37,
  kSetStorageLocationsEnabled = 38,
  kCreateStorageLocation = 39,
  kUpdateStorageLocation = 40,
  kDeleteStorageLocation = 41,
  kSetStorageLocationStatus = 42,
  kSetDefaultStorageLocation = 43,
};

// The commands of the transaction in progress, encoded back to back.
class Journal {
 public:
  // Records a command about to run; `undo_mark` is the undo log's size
  // before it (so a save point can drop it again).
  template <class... Args>
  void Begin(CommandKind kind, size_t undo_mark, int64_t next_id, absl::Time now, const Args&... args) {
    starts_.push_back({undo_mark, bytes_.size()});
    Encoder e(&bytes_);
    e.Put(static_cast<uint8_t>(kind)).Put(next_id).Put(now);
    (e.Put(args), ...);
  }
  // The command just begun failed (and was undone): forgets it.
  void CancelLast() {
    bytes_.resize(starts_.back().offset);
    starts_.pop_back();
  }
  // Forgets the commands a rollback to the save point `undo_size` undid.
  void RollbackTo(size_t undo_size) {
    while (!starts_.empty() && starts_.back().undo_mark >= undo_size) CancelLast();
  }
  bool empty() const { return starts_.empty(); }
  std::string_view payload() const { return bytes_; }
  void Clear() {
    starts_.clear();
    bytes_.clear();
  }

 private:
  struct Start {
    size_t undo_mark;
    size_t offset;
  };
  std::vector<Start> starts_;
  std::string bytes_;
};

// Replays one committed transaction's commands through `txn`, setting the
// id counter check and the time of each from the record. kDataLoss, naming
// the command, when one does not decode, does not find the state it was
// recorded in, or fails.
absl::Status ReplayCommands(std::string_view payload, Transaction& txn, CatalogState& state);

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_ENGINE_JOURNAL_H_
