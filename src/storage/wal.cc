#include "storage/wal.h"

#include <utility>

#include "common/text.h"

namespace inventory::internal {
namespace {

constexpr char kLogName[] = "wal-00000001.log";

absl::Status Broken(const absl::Status& first) {
  return absl::FailedPreconditionError(
      Cat("The data directory's log failed (", std::string(first.message()),
          "); the engine accepts no more writes. Reopen it to continue from the last durable commit."));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Wal>> Wal::Open(const WalOptions& options, std::vector<LogRecord>* records) {
  FileSystem& fs = *options.fs;
  if (absl::Status s = fs.CreateDir(options.dir); !s.ok()) return s;
  auto lock = fs.Lock(Cat(options.dir, "/LOCK"));
  if (!lock.ok()) return lock.status();
  const std::string path = Cat(options.dir, "/", kLogName);
  uint64_t size = 0;
  if (auto bytes = fs.ReadFile(path); bytes.ok()) {
    absl::StatusOr<LogScan> scan = ScanLog(*bytes);
    if (!scan.ok()) return absl::Status(scan.status().code(), Cat(path, ": ", std::string(scan.status().message())));
    if (scan->valid_size < bytes->size()) {
      if (absl::Status s = fs.Truncate(path, scan->valid_size); !s.ok()) return s;
    }
    size = scan->valid_size;
    *records = std::move(scan->records);
  } else if (bytes.status().code() != absl::StatusCode::kNotFound) {
    return bytes.status();
  } else {
    records->clear();
  }
  auto file = fs.OpenAppendable(path);
  if (!file.ok()) return file.status();
  if (size == 0) {
    // A new log: its creation must survive a power loss before any record
    // in it is acknowledged.
    if (absl::Status s = fs.SyncDir(options.dir); !s.ok()) return s;
  }
  return std::unique_ptr<Wal>(new Wal(options, std::move(*lock), std::move(*file), size));
}

Wal::Wal(const WalOptions& options, std::unique_ptr<FileLock> lock, std::unique_ptr<WritableFile> file, uint64_t size)
    : options_(options), lock_(std::move(lock)), file_(std::move(file)), written_(size), synced_(size) {
  if (options_.durability == Durability::kBuffered) syncer_ = std::thread([this] { SyncLoop(); });
}

Wal::~Wal() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    stopping_ = true;
    stop_cv_.notify_all();
  }
  if (syncer_.joinable()) syncer_.join();
  std::unique_lock<std::mutex> lock(mu_);
  if (broken_.ok() && synced_ < written_) SyncLocked(lock);
  while (syncing_) synced_cv_.wait(lock);
  (void)file_->Close();
}

absl::StatusOr<uint64_t> Wal::Append(LogRecordType type, std::string_view payload) {
  const std::string record = EncodeLogRecord(type, payload);
  std::lock_guard<std::mutex> lock(mu_);
  if (!broken_.ok()) return Broken(broken_);
  if (absl::Status s = file_->Append(record); !s.ok()) {
    broken_ = s;
    healthy_.store(false, std::memory_order_release);
    return s;
  }
  written_ += record.size();
  return written_;
}

void Wal::SyncLocked(std::unique_lock<std::mutex>& lock) {
  syncing_ = true;
  const uint64_t target = written_;
  lock.unlock();
  absl::Status s = file_->Sync();
  lock.lock();
  syncing_ = false;
  ++syncs_;
  if (!s.ok()) {
    if (broken_.ok()) broken_ = s;
    healthy_.store(false, std::memory_order_release);
  } else if (target > synced_) {
    synced_ = target;
  }
  synced_cv_.notify_all();
}

absl::Status Wal::WaitDurable(uint64_t end) {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    if (!broken_.ok()) return Broken(broken_);
    if (synced_ >= end) return absl::OkStatus();
    if (syncing_) {
      synced_cv_.wait(lock);  // the sync in progress may not cover `end`: look again after it
    } else {
      SyncLocked(lock);
    }
  }
}

void Wal::SyncLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    stop_cv_.wait_for(lock, absl::ToChronoNanoseconds(options_.sync_interval));
    if (stopping_ || !broken_.ok()) continue;
    if (synced_ < written_ && !syncing_) SyncLocked(lock);
  }
}

absl::Status Wal::broken() const {
  std::lock_guard<std::mutex> lock(mu_);
  return broken_.ok() ? absl::OkStatus() : Broken(broken_);
}

uint64_t Wal::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return written_;
}

uint64_t Wal::syncs() const {
  std::lock_guard<std::mutex> lock(mu_);
  return syncs_;
}

}  // namespace inventory::internal
