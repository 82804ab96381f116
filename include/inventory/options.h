// Options for Engine::Open. An aggregate: fill it with designated
// initializers, e.g. Engine::Open({.strict_barcodes = true}).
#ifndef INVENTORY_OPTIONS_H_
#define INVENTORY_OPTIONS_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/time/time.h"

namespace inventory {

class FileSystem;  // inventory/file_system.h

// How the cost of stock leaving is taken: from the oldest cost lots (FIFO),
// or at the average cost of what is held.
enum class Valuation { kFifo, kWeightedAverage };

// When Commit() returns, relative to the disk (with Options::data_dir).
enum class Durability {
  kNone,      // in memory only: nothing is written (the default)
  kBuffered,  // the transaction's log record is written (a process crash
              // loses nothing) and synced in the background within
              // sync_interval (a power loss loses at most that)
  kFsync,     // the record is on disk (fdatasync); committers running at
              // the same time share one sync (group commit)
};

struct Options {
  // Check UPC (12 digits), EAN (13) and ISBN (10 or 13) lengths and check
  // digits. Off by default: the reference's own examples fail these checks,
  // and then only "digits only" is enforced.
  bool strict_barcodes = false;

  // Name of the primary location every organization starts with.
  std::string primary_location_name = "Primary Location";

  // Stock valuation, fixed for the organization.
  Valuation valuation = Valuation::kFifo;

  // Let stock go below zero. Off by default: a write that would take
  // stock_on_hand or available_stock of any item at any location below zero
  // is refused, naming the item, location, requested and available
  // quantities (API code 4012).
  bool allow_negative_stock = false;

  // Source of created/last-modified times. Empty means absl::Now(); tests
  // inject a frozen clock.
  std::function<absl::Time()> clock;

  // Persistence (README "Persistence"). With a durability other than kNone,
  // Open() takes the directory (created if missing, not its parents; one
  // engine at a time),
  // replays its log, and every commit is logged there. valuation,
  // allow_negative_stock, strict_barcodes and primary_location_name are the
  // directory's from its first open: reopening with others is refused.
  Durability durability = Durability::kNone;
  std::string data_dir;
  // kBuffered: the longest a written commit waits for its sync (positive,
  // at most 24 hours).
  absl::Duration sync_interval = absl::Milliseconds(100);
  // A checkpoint (Engine::Checkpoint) runs in the background once the
  // current log file passes this many bytes, so that reopening stays fast.
  // 0: only on request.
  uint64_t checkpoint_log_bytes = uint64_t{64} << 20;
  // The file layer; null means the operating system's. Not owned; must
  // outlive the engine. Tests pass a FaultInjectingFileSystem.
  FileSystem* file_system = nullptr;
};

}  // namespace inventory

#endif  // INVENTORY_OPTIONS_H_
