// The file system the engine persists through (Options::file_system):
// append-only files, whole-file reads, renames, directory syncs and a lock
// file. Every call returns a status; nothing throws. PosixFileSystem() is
// the real one; FaultInjectingFileSystem wraps another and fails, shortens
// or tears a chosen write, sync or rename, so tests (and users testing
// their own recovery) can see what the engine does when the disk misbehaves.
//
// Example (a power loss at the third write):
//   FaultInjectingFileSystem fs(PosixFileSystem());
//   fs.Arm(FaultPoint::kWrite, 3, Fault::kTear);
//   auto engine = Engine::Open({.durability = Durability::kFsync, .data_dir = dir,
//                               .file_system = &fs});
#ifndef INVENTORY_FILE_SYSTEM_H_
#define INVENTORY_FILE_SYSTEM_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace inventory {

// A file open for appending.
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  // Writes all of `data` at the end of the file (not yet durable).
  virtual absl::Status Append(std::string_view data) = 0;
  // Makes the file at least `bytes` longer than what was appended, with
  // zeros, so that later appends and syncs do not change its length (a
  // sync that only flushes data is cheaper than one that also grows the
  // file). Appends still go right after the last one. The default does
  // nothing.
  virtual absl::Status Preallocate(uint64_t /*bytes*/) { return absl::OkStatus(); }
  // Makes what was appended durable (fdatasync).
  virtual absl::Status Sync() = 0;
  virtual absl::Status Close() = 0;
};

// Held while a process owns a directory; released when destroyed.
class FileLock {
 public:
  virtual ~FileLock() = default;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // Opens `path` for appending (after its last byte), creating it if
  // missing.
  virtual absl::StatusOr<std::unique_ptr<WritableFile>> OpenAppendable(const std::string& path) = 0;
  // The same, for a log whose appends are each synced right after
  // (Durability::kFsync): the file may write around the page cache.
  // PosixFileSystem uses O_DIRECT where the file system allows it (the
  // write and sync of a small record took 10-15% less); the default is
  // OpenAppendable.
  virtual absl::StatusOr<std::unique_ptr<WritableFile>> OpenSyncedAppendable(const std::string& path) {
    return OpenAppendable(path);
  }
  // The whole file. kNotFound if it does not exist.
  virtual absl::StatusOr<std::string> ReadFile(const std::string& path) = 0;
  // Cuts the file to `size` bytes (a torn log tail).
  virtual absl::Status Truncate(const std::string& path, uint64_t size) = 0;
  // Replaces `to` with `from` atomically.
  virtual absl::Status Rename(const std::string& from, const std::string& to) = 0;
  virtual absl::Status Remove(const std::string& path) = 0;
  // Makes renames, creations and removals in `dir` durable.
  virtual absl::Status SyncDir(const std::string& dir) = 0;
  virtual absl::Status CreateDir(const std::string& dir) = 0;
  // File names in `dir` (not paths), in no particular order.
  virtual absl::StatusOr<std::vector<std::string>> List(const std::string& dir) = 0;
  // An exclusive lock on `path` (created if missing) for this process;
  // kFailedPrecondition if another holds it.
  virtual absl::StatusOr<std::unique_ptr<FileLock>> Lock(const std::string& path) = 0;
};

// The operating system's file system. Shared; never null.
FileSystem* PosixFileSystem();


// What a fault does to the operation it hits.
enum class Fault {
  kFail,   // nothing happens; the call returns kInternal ("injected fault")
  kShort,  // a write writes the first half of its bytes and returns kInternal
  kTear,   // power is lost: a write writes the first half of its bytes, a
           // sync or rename does nothing, and every later write, sync,
           // rename, truncation or removal through this file system is
           // dropped too; all of them return OK (the process does not know).
           // A test then reopens through another file system.
};

// Which operation a fault hits: the `nth` (1-based) call of its kind,
// counted from when the fault is armed. kSync counts file syncs and
// directory syncs alike.
enum class FaultPoint { kWrite, kSync, kRename };

// Wraps `base` (not owned) and injects one armed fault at a time. Thread-safe.
class FaultInjectingFileSystem : public FileSystem {
 public:
  explicit FaultInjectingFileSystem(FileSystem* base) : base_(base) {}

  void Arm(FaultPoint point, int nth, Fault fault);
  void Disarm();
  // Whether the armed fault has been injected.
  bool fired() const;
  // Whether a kTear has been injected (everything since is dropped).
  bool crashed() const;

  absl::StatusOr<std::unique_ptr<WritableFile>> OpenAppendable(const std::string& path) override;
  absl::StatusOr<std::unique_ptr<WritableFile>> OpenSyncedAppendable(const std::string& path) override;
  absl::StatusOr<std::string> ReadFile(const std::string& path) override { return base_->ReadFile(path); }
  absl::Status Truncate(const std::string& path, uint64_t size) override {
    return crashed() ? absl::OkStatus() : base_->Truncate(path, size);
  }
  absl::Status Rename(const std::string& from, const std::string& to) override;
  absl::Status Remove(const std::string& path) override {
    return crashed() ? absl::OkStatus() : base_->Remove(path);
  }
  absl::Status SyncDir(const std::string& dir) override;
  absl::Status CreateDir(const std::string& dir) override { return base_->CreateDir(dir); }
  absl::StatusOr<std::vector<std::string>> List(const std::string& dir) override { return base_->List(dir); }
  absl::StatusOr<std::unique_ptr<FileLock>> Lock(const std::string& path) override { return base_->Lock(path); }

  // The fault for the next operation of kind `point`, if it is the one
  // armed (counts the call). Used by the wrapped files.
  std::optional<Fault> Next(FaultPoint point);

 private:
  FileSystem* base_;
  mutable std::mutex mu_;
  bool armed_ = false;
  bool fired_ = false;
  bool crashed_ = false;
  FaultPoint point_ = FaultPoint::kWrite;
  int remaining_ = 0;
  Fault fault_ = Fault::kFail;
};

}  // namespace inventory

#endif  // INVENTORY_FILE_SYSTEM_H_
