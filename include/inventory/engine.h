// The engine: one organization's inventory, in memory.
//
// Thread safety: an Engine may be shared between threads. One Transaction
// writes at a time (BeginTransaction waits for the previous one to end);
// Snapshots read a consistent state and never see part of a transaction.
// The writer works in place with an undo log, so a Snapshot waits while a
// Transaction is open, and a commit waits for open Snapshots: keep both
// short (a POS sale is microseconds).
//
// Example:
//   absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Open({});
//   Transaction txn = (*engine)->BeginTransaction();
//   ...
//   absl::Status s = txn.Commit();
#ifndef INVENTORY_ENGINE_H_
#define INVENTORY_ENGINE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "inventory/options.h"
#include "inventory/transaction.h"

namespace inventory {

namespace internal {
struct Recovered;
}  // namespace internal

class Engine {
 public:
  // Opens an engine holding one primary location: in memory, or (with
  // Options::durability and data_dir) the directory's state, replayed from
  // its log. Errors: kInvalidArgument for inconsistent options (naming
  // the option), kFailedPrecondition when another process holds the
  // directory or it was created with other settings, kDataLoss when its
  // log is corrupt before its end (with the offset), and the file
  // system's errors.
  static absl::StatusOr<std::unique_ptr<Engine>> Open(const Options& options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Starts the write transaction; blocks while another one is active.
  Transaction BeginTransaction();
  // A consistent read view; waits while a Transaction is open.
  Snapshot GetSnapshot() const;
  const Options& options() const;

  // Recomputes every stock figure and value from the ledger and compares,
  // then checks that tracked serial numbers and batches add up to the
  // figures and bins hold no more than them; kInternal naming the first
  // difference. Waits like a Snapshot.
  absl::Status Verify() const;

  // With a data directory: starts the next log file, writes a snapshot of
  // the state as of that moment (to a temporary file, synced, renamed, the
  // directory synced) and then removes the older snapshots and logs, so
  // that reopening reads the snapshot and a short log. Writers wait while
  // the state is copied in memory, not while the file is written.
  // kFailedPrecondition without a data directory; I/O errors as they come.
  // Checkpoint, Export and Import wait for the writer (Import) or for
  // writers to finish (the others), so a thread must not call them while
  // it holds a Transaction of this engine (nor Import while it holds a
  // Snapshot).
  absl::Status Checkpoint();

  // The whole organization (settings, locations, groups, items, opening
  // stock, documents, serials, batches, bins and the ledger) as one JSON
  // document, for moving data between versions and machines; layout in
  // docs/persistence.md. Waits like a Snapshot.
  std::string Export() const;
  // Loads an Export() into this engine, which must hold nothing yet
  // (kFailedPrecondition otherwise, or if the export's settings differ
  // from the engine's options, naming the option). kInvalidArgument
  // naming the first bad value by its path (e.g.
  // "organization.items[3].rate"); kDataLoss when the values do not hold
  // together (the ledger disagrees with itself). After it, the engine
  // holds exactly the exported state (Verify() passes). With a data
  // directory, the image is first written as the directory's snapshot, and
  // only then shown: if that fails before the snapshot is in place, nothing
  // changed; if it fails after (syncing the directory), the engine shows
  // the import and refuses writes until it is reopened.
  absl::Status Import(std::string_view json);

  // What the data directory has done since the engine was opened (all zero
  // in memory): commits logged, syncs of the log (with kFsync, committers
  // that wait at the same time share one), snapshots written (checkpoints
  // and imports), and the outcome of the latest checkpoint (OK if none): an
  // automatic checkpoint that fails reports here. Never waits.
  struct PersistenceStats {
    uint64_t logged_commits = 0;
    uint64_t syncs = 0;
    uint64_t checkpoints = 0;
    absl::Status last_checkpoint;
  };
  PersistenceStats persistence_stats() const;

  // The ledger's size: postings, their FIFO lot moves, the documents that
  // posted, the (item, location) cells, and the bytes its tables take (as
  // allocated, without the allocator's headers): `log_bytes` grows with the
  // postings (postings, lot moves, document references and their indexes),
  // `balance_bytes` with the cells (balances and live cost lots). The
  // documents themselves are not counted. Waits like a Snapshot.
  struct LedgerStats {
    uint64_t postings = 0;
    uint64_t lot_moves = 0;
    uint64_t documents = 0;
    uint64_t cells = 0;
    uint64_t log_bytes = 0;
    uint64_t balance_bytes = 0;
  };
  LedgerStats ledger_stats() const;

  // The whole state (catalog, documents, tracking, ledger) as bytes, for
  // tests: equal strings mean equal engines. Waits like a Snapshot.
  std::string DebugString() const;

 private:
  explicit Engine(std::unique_ptr<internal::EngineImpl> impl);
  // Loads the directory's snapshot, then replays its logs' transactions.
  absl::Status Recover(const internal::Recovered& recovered);
  std::unique_ptr<internal::EngineImpl> impl_;
};

}  // namespace inventory

#endif  // INVENTORY_ENGINE_H_
