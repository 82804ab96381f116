// A data directory: its lock, its log files and snapshots, and when
// appended records reach the disk. The engine appends one record per
// committed transaction under its writer lock, and then
// (Durability::kFsync) waits outside the lock for the record to be synced:
// committers that wait at the same time share one fdatasync (group
// commit). With kBuffered a background thread syncs within the interval.
// The first failed write or sync breaks the log for good: every later call
// returns that error (a write may have left part of a record, and a failed
// fsync cannot be retried safely); reopening cuts the torn tail and
// continues from the last whole record.
// Owns: the directory's files and the sync thread. May call: storage/.
//
// Layout (N counts up from 1):
//   LOCK                  held while open (flock)
//   wal-N.log             log files; each starts with a settings record
//   snapshot-N.snap       the state before wal-N.log: kSnapshot records, joined
// Recovery reads the newest snapshot and the logs from its number on (or
// every log from 1). A checkpoint starts wal-(N+1).log, writes
// snapshot-(N+1).snap atomically, and only then removes older files.
#ifndef INVENTORY_SRC_STORAGE_WAL_H_
#define INVENTORY_SRC_STORAGE_WAL_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "inventory/file_system.h"
#include "inventory/options.h"
#include "storage/log.h"

namespace inventory::internal {

struct WalOptions {
  std::string dir;
  FileSystem* fs = nullptr;
  Durability durability = Durability::kFsync;  // kBuffered or kFsync
  absl::Duration sync_interval = absl::Milliseconds(100);
  // A snapshot file is a sequence of records of at most this many bytes.
  size_t snapshot_record_bytes = size_t{64} << 20;
};

// What a directory held when opened.
struct Recovered {
  std::optional<std::string> snapshot;  // the newest snapshot's payload
  std::string snapshot_name;
  struct Log {
    std::string name;
    // The file's bytes, which the records are views of (held by pointer,
    // so that moving the Log moves no bytes from under them).
    std::unique_ptr<const std::string> bytes;
    LogRecords records;  // the first is its settings record
  };
  std::vector<Log> logs;  // in order
};

std::string LogName(uint32_t number);
std::string SnapshotName(uint32_t number);

class Wal {
 public:
  // Takes the directory (created if missing) and reads it into
  // `recovered`; a torn or zero-filled tail of the last log is cut off.
  // kFailedPrecondition when another process holds it; kDataLoss (with
  // the file and offset) for a bad record followed by good ones, a bad
  // snapshot, or a log missing. A new directory gets wal-1.log, empty:
  // the caller appends its settings record first.
  static absl::StatusOr<std::unique_ptr<Wal>> Open(const WalOptions& options, Recovered* recovered);
  ~Wal();  // syncs what is written (best effort)
  Wal(const Wal&) = delete;
  Wal& operator=(const Wal&) = delete;

  // Appends one record; callers serialize. kResourceExhausted (and
  // nothing written) for a payload over kMaxLogPayload. Returns the log's end after it
  // (a position over all log files, for WaitDurable). kBuffered writes it
  // to the file at once; kFsync keeps it in memory for the next sync,
  // which writes every record waiting in one write (so a failed write is
  // reported by WaitDurable).
  absl::StatusOr<uint64_t> Append(LogRecordType type, std::string_view payload);
  // Returns once everything up to `end` is durable. The caller that starts
  // a sync first waits (up to 200 us) until as many records are pending as
  // the last sync covered, so that committers running at the same time
  // keep sharing syncs; it yields meanwhile, as the batch forms within
  // microseconds. The callers waiting for a sync in progress sleep until it
  // ends. A caller the sync covered returns without taking the mutex again.
  absl::Status WaitDurable(uint64_t end);

  // Checkpoints, in two steps. StartLog (no Append may run meanwhile)
  // syncs the current log and starts the next, beginning with `settings`;
  // returns its number. WriteSnapshot then stores the state as of that
  // moment as snapshot-<number>, atomically, and removes the snapshots
  // and logs before it.
  absl::StatusOr<uint32_t> StartLog(std::string_view settings);
  absl::Status WriteSnapshot(uint32_t number, std::string_view image);

  // Whether snapshot-<number> is in the directory (after a WriteSnapshot
  // that failed: before or after its rename?).
  bool HasSnapshot(uint32_t number) const;
  // Breaks the log as a failed write would: every later call returns
  // `why`. For a failure the owner found that leaves memory and the
  // directory apart.
  void Fail(const absl::Status& why);
  // OK while healthy, else the first I/O error.
  absl::Status broken() const;
  // Whether no write or sync has failed (cheap: for every write's check).
  bool healthy() const { return healthy_.load(std::memory_order_acquire); }
  // Bytes in the current log file.
  uint64_t log_size() const;
  uint64_t syncs() const;
  uint64_t records() const;

 private:
  Wal(const WalOptions& options, std::unique_ptr<FileLock> lock, std::unique_ptr<WritableFile> file,
      uint32_t number, uint64_t size);
  // Syncs everything written so far (mu_ held on entry and exit, released
  // during the sync); one caller at a time, the others wait for it.
  void SyncLocked(std::unique_lock<std::mutex>& lock);
  // Writes `bytes` at the end of the current log, zero-filling ahead.
  absl::Status WriteOut(std::string_view bytes);
  void SyncLoop();
  void Break(const absl::Status& s);

  const WalOptions options_;
  std::unique_ptr<FileLock> lock_;
  std::unique_ptr<WritableFile> file_;
  uint32_t number_;      // of the current log
  uint64_t file_start_;  // position of the current log's first byte
  mutable std::mutex mu_;
  std::condition_variable synced_cv_;
  std::condition_variable stop_cv_;
  uint64_t written_;
  // synced_, records_ and syncing_ change only under mu_; they are atomic
  // so that committers can wait on them without it.
  std::atomic<uint64_t> synced_;
  uint64_t file_written_;  // bytes written to the current log file
  uint64_t allocated_;     // its length, with the zeros ahead
  std::string pending_;    // kFsync: records appended, not yet written
  std::atomic<uint64_t> records_{0};  // appended since open
  uint64_t synced_records_ = 0;  // of them, covered by a sync
  uint64_t last_batch_ = 1;      // records the last sync covered
  uint64_t syncs_ = 0;
  std::atomic<bool> syncing_{false};
  // Bumped (and its sleepers woken) when a sync ends; committers wait on
  // it without mu_.
  std::atomic<uint32_t> sync_epoch_{0};
  bool stopping_ = false;
  absl::Status broken_;
  std::atomic<bool> healthy_{true};
  std::thread syncer_;
};

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_STORAGE_WAL_H_
