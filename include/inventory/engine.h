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

#include "absl/status/statusor.h"
#include "inventory/options.h"
#include "inventory/transaction.h"

namespace inventory {

class Engine {
 public:
  // Opens an in-memory engine holding one primary location. In memory it
  // cannot fail today; the StatusOr is for the persistent engine to come
  // (a data directory that cannot be read).
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

 private:
  explicit Engine(std::unique_ptr<internal::EngineImpl> impl);
  std::unique_ptr<internal::EngineImpl> impl_;
};

}  // namespace inventory

#endif  // INVENTORY_ENGINE_H_
