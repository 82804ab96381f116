#include "storage/wal.h"

#include <algorithm>
#include <chrono>
#include <thread>
#include <cstdio>
#include <map>
#include <utility>

#include "common/text.h"
#include "storage/file.h"

namespace inventory::internal {
namespace {

// How far ahead of the last record a log is zero-filled.
constexpr uint64_t kPreallocateBytes = uint64_t{4} << 20;
// The longest a sync leader waits for the committers of the last batch.
constexpr std::chrono::microseconds kGatherWait(200);

absl::Status Broken(const absl::Status& first) {
  return absl::FailedPreconditionError(
      Cat("The data directory's log failed (", std::string(first.message()),
          "); the engine accepts no more writes. Reopen it to continue from the last durable commit."));
}

// The number in `name` if it is prefix + 8 digits + suffix.
std::optional<uint32_t> NumberIn(std::string_view name, std::string_view prefix, std::string_view suffix) {
  if (name.size() != prefix.size() + 8 + suffix.size() || name.substr(0, prefix.size()) != prefix ||
      name.substr(name.size() - suffix.size()) != suffix) {
    return std::nullopt;
  }
  uint32_t n = 0;
  for (char c : name.substr(prefix.size(), 8)) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint32_t>(c - '0');
  }
  return n;
}

// kFsync syncs every append right after it: around the page cache.
absl::StatusOr<std::unique_ptr<WritableFile>> OpenLog(const WalOptions& options, const std::string& path) {
  return options.durability == Durability::kFsync ? options.fs->OpenSyncedAppendable(path)
                                                  : options.fs->OpenAppendable(path);
}

absl::Status DataLoss(std::string_view file, std::string_view what) {
  return absl::DataLossError(Cat(file, ": ", what));
}

}  // namespace

std::string LogName(uint32_t number) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "wal-%08u.log", number);
  return buf;
}

std::string SnapshotName(uint32_t number) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "snapshot-%08u.snap", number);
  return buf;
}

absl::StatusOr<std::unique_ptr<Wal>> Wal::Open(const WalOptions& options, Recovered* recovered) {
  FileSystem& fs = *options.fs;
  *recovered = Recovered();
  if (absl::Status s = fs.CreateDir(options.dir); !s.ok()) return s;
  auto lock = fs.Lock(Cat(options.dir, "/LOCK"));
  if (!lock.ok()) return lock.status();
  auto names = fs.List(options.dir);
  if (!names.ok()) return names.status();
  std::vector<uint32_t> logs, snapshots;
  for (const std::string& name : *names) {
    // A checkpoint that crashed before its rename left this; it holds nothing.
    if (name.size() > 9 && name.starts_with("snapshot-") && name.ends_with(".snap.tmp")) {
      if (absl::Status s = fs.Remove(Cat(options.dir, "/", name)); !s.ok()) return s;
      continue;
    }
    if (auto n = NumberIn(name, "wal-", ".log")) logs.push_back(*n);
    if (auto n = NumberIn(name, "snapshot-", ".snap")) snapshots.push_back(*n);
  }
  std::sort(logs.begin(), logs.end());
  uint32_t first = 1;  // the first log to read
  if (!snapshots.empty()) {
    first = *std::max_element(snapshots.begin(), snapshots.end());
    const std::string name = SnapshotName(first);
    auto bytes = fs.ReadFile(Cat(options.dir, "/", name));
    if (!bytes.ok()) return bytes.status();
    absl::StatusOr<LogScan> scan = ScanLog(*bytes);
    if (!scan.ok() || scan->records.empty() || scan->valid_size != bytes->size()) {
      return DataLoss(name, "the snapshot is damaged.");
    }
    std::string image;
    for (const LogRecord& r : scan->records) {
      if (r.type != LogRecordType::kSnapshot) return DataLoss(name, "the snapshot is damaged.");
      image += r.payload;
    }
    recovered->snapshot = std::move(image);
    recovered->snapshot_name = name;
  }
  logs.erase(logs.begin(), std::lower_bound(logs.begin(), logs.end(), first));
  for (size_t i = 0; i < logs.size(); ++i) {
    if (logs[i] != first + i) {
      return DataLoss(LogName(first + static_cast<uint32_t>(i)), "this log is missing, and later ones exist.");
    }
  }
  // A new directory, or a log lost before its first record: start it (again).
  if (logs.empty()) logs.push_back(first);
  uint64_t size = 0;
  for (size_t i = 0; i < logs.size(); ++i) {
    const std::string name = LogName(logs[i]);
    const std::string path = Cat(options.dir, "/", name);
    Recovered::Log log{.name = name, .bytes = nullptr, .records = {}};
    auto bytes = fs.ReadFile(path);
    if (!bytes.ok() && bytes.status().code() != absl::StatusCode::kNotFound) return bytes.status();
    if (bytes.ok()) {
      // Held first: the records are views of it.
      log.bytes = std::make_unique<const std::string>(std::move(*bytes));
      const std::string& file = *log.bytes;
      absl::StatusOr<LogScan> scan = ScanLog(file);
      if (!scan.ok()) return DataLoss(name, std::string(scan.status().message()));
      const bool last = i + 1 == logs.size();
      if (scan->valid_size < file.size()) {
        // The last log may end in a torn record; an earlier one was synced
        // whole before the next began, so only its preallocated zeros follow.
        const bool zeros = file.find_first_not_of('\0', scan->valid_size) == std::string::npos;
        if (!last && !zeros) return DataLoss(name, "a log before the last one ends in a torn record.");
        if (last) {
          if (absl::Status s = fs.Truncate(path, scan->valid_size); !s.ok()) return s;
        }
      }
      size = scan->valid_size;
      log.records = std::move(scan->records);
    } else {
      size = 0;
    }
    recovered->logs.push_back(std::move(log));
  }
  auto file = OpenLog(options, Cat(options.dir, "/", LogName(logs.back())));
  if (!file.ok()) return file.status();
  if (size == 0) {
    // A new log: its creation must survive a power loss before any record
    // in it is acknowledged.
    if (absl::Status s = fs.SyncDir(options.dir); !s.ok()) return s;
  }
  return std::unique_ptr<Wal>(new Wal(options, std::move(*lock), std::move(*file), logs.back(), size));
}

Wal::Wal(const WalOptions& options, std::unique_ptr<FileLock> lock, std::unique_ptr<WritableFile> file,
         uint32_t number, uint64_t size)
    : options_(options),
      lock_(std::move(lock)),
      file_(std::move(file)),
      number_(number),
      file_start_(0),
      written_(size),
      synced_(size),
      file_written_(size),
      allocated_(size) {
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
  while (syncing_) synced_cv_.wait(lock);
  if (broken_.ok() && synced_ < written_) SyncLocked(lock);
  (void)file_->Close();
}

void Wal::Break(const absl::Status& s) {
  if (broken_.ok()) broken_ = s;
  healthy_.store(false, std::memory_order_release);
}

absl::StatusOr<uint64_t> Wal::Append(LogRecordType type, std::string_view payload) {
  if (payload.size() > kMaxLogPayload) {
    return absl::ResourceExhaustedError(
        Cat("A transaction's log record holds at most ", kMaxLogPayload, " bytes; this one needs ", payload.size(),
            ". Commit it in parts."));
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (!broken_.ok()) return Broken(broken_);
  const size_t before = pending_.size();
  AppendLogRecord(type, payload, &pending_);
  const uint64_t size = pending_.size() - before;
  if (options_.durability != Durability::kFsync) {
    // Written before Commit() returns: a process crash loses nothing.
    if (absl::Status s = WriteOut(pending_); !s.ok()) {
      Break(s);
      return s;
    }
    pending_.clear();
  }
  written_ += size;
  ++records_;
  return written_;
}

absl::Status Wal::WriteOut(std::string_view bytes) {
  if (bytes.empty()) return absl::OkStatus();
  if (options_.durability == Durability::kFsync && file_written_ + bytes.size() > allocated_) {
    // kFsync: zeros ahead, so that a sync does not also have to record a
    // new file length (it took twice as long here). A crash leaves them as
    // a zero-filled tail, which recovery cuts. (kBuffered syncs rarely and
    // measured faster without.)
    const uint64_t ahead = std::max<uint64_t>(kPreallocateBytes, bytes.size());
    if (absl::Status s = file_->Preallocate(ahead); !s.ok()) return s;
    allocated_ = file_written_ + ahead;
  }
  if (absl::Status s = file_->Append(bytes); !s.ok()) return s;
  file_written_ += bytes.size();
  return absl::OkStatus();
}

void Wal::SyncLocked(std::unique_lock<std::mutex>& lock) {
  syncing_ = true;
  const uint64_t target = written_;
  const uint64_t records = records_;
  // kFsync: the records waiting in memory are written here, by the one
  // thread that syncs, in one write.
  std::string batch;
  batch.swap(pending_);
  lock.unlock();
  absl::Status s = WriteOut(batch);
  if (s.ok()) s = file_->Sync();
  lock.lock();
  syncing_ = false;
  ++syncs_;
  if (!s.ok()) {
    Break(s);
  } else if (target > synced_) {
    synced_ = target;
    last_batch_ = std::max<uint64_t>(1, records - synced_records_);
    synced_records_ = records;
  }
  batch.clear();
  if (pending_.empty()) pending_.swap(batch);  // keeps its capacity
  sync_epoch_.fetch_add(1, std::memory_order_release);
  sync_epoch_.notify_all();
  synced_cv_.notify_all();
}

absl::Status Wal::WaitDurable(uint64_t end) {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    // Durable first: a record an earlier sync covered is durable even if a
    // later sync failed (its committer may just have been slow to ask).
    if (synced_ >= end) return absl::OkStatus();
    if (!broken_.ok()) return Broken(broken_);
    if (syncing_) {
      // A sync in progress (or a leader gathering its batch, which then
      // syncs it) may cover `end`. Every sync ends by bumping the epoch,
      // read here under mu_, so that end cannot be missed.
      const uint32_t epoch = sync_epoch_.load(std::memory_order_relaxed);
      lock.unlock();
      // Asleep, not yielding: three committers yielding on two CPUs slowed
      // the sync they waited for (write + fdatasync 260 us instead of 185,
      // 4 threads 11-15k commits/s instead of 18-19k; bench/README.md).
      sync_epoch_.wait(epoch, std::memory_order_acquire);
      // Covered: return without the mutex, which the other committers
      // woken with this one would otherwise take one after the other.
      if (synced_.load(std::memory_order_acquire) >= end) return absl::OkStatus();
      lock.lock();
      continue;
    }
    // The leader. When the last sync covered several committers, they are
    // likely back with new records within microseconds: wait (briefly, by
    // yielding) for as many, so that one sync covers them all. syncing_
    // stays set from here to the sync's end: the others wait for this
    // leader instead of starting a sync of their own.
    syncing_ = true;
    if (records_ - synced_records_ < last_batch_) {
      const uint64_t want = synced_records_ + last_batch_;
      lock.unlock();
      const auto deadline = std::chrono::steady_clock::now() + kGatherWait;
      while (records_.load(std::memory_order_acquire) < want && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::yield();
      }
      lock.lock();
    }
    SyncLocked(lock);
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

absl::StatusOr<uint32_t> Wal::StartLog(std::string_view settings) {
  std::unique_lock<std::mutex> lock(mu_);
  while (syncing_) synced_cv_.wait(lock);
  if (!broken_.ok()) return Broken(broken_);
  // The current log is complete: make all of it durable first.
  if (synced_ < written_) SyncLocked(lock);
  while (syncing_) synced_cv_.wait(lock);
  if (!broken_.ok()) return Broken(broken_);
  FileSystem& fs = *options_.fs;
  const uint32_t next = number_ + 1;
  const std::string record = EncodeLogRecord(LogRecordType::kSettings, settings);
  auto file = OpenLog(options_, Cat(options_.dir, "/", LogName(next)));
  absl::Status s = file.status();
  if (s.ok()) s = (*file)->Append(record);
  if (s.ok()) s = (*file)->Sync();
  if (s.ok()) s = fs.SyncDir(options_.dir);
  if (!s.ok()) {
    Break(s);
    return Broken(broken_);
  }
  (void)file_->Close();
  file_ = std::move(*file);
  number_ = next;
  file_start_ = written_;
  written_ += record.size();
  synced_ = written_;
  file_written_ = allocated_ = record.size();
  return next;
}

absl::Status Wal::WriteSnapshot(uint32_t number, std::string_view image) {
  FileSystem& fs = *options_.fs;
  // In records of at most snapshot_record_bytes (a record holds at most
  // kMaxLogPayload), read back in order and joined.
  std::string file;
  const size_t piece = std::max<size_t>(1, std::min<size_t>(options_.snapshot_record_bytes, kMaxLogPayload));
  for (size_t at = 0; at < image.size() || at == 0; at += piece) {
    AppendLogRecord(LogRecordType::kSnapshot, image.substr(at, piece), &file);
    if (image.size() <= at + piece) break;
  }
  if (absl::Status s = WriteFileAtomically(fs, options_.dir, SnapshotName(number), file); !s.ok()) return s;
  // The new snapshot is durable: what it replaces can go.
  auto names = fs.List(options_.dir);
  if (!names.ok()) return names.status();
  for (const std::string& name : *names) {
    auto log = NumberIn(name, "wal-", ".log");
    auto snapshot = NumberIn(name, "snapshot-", ".snap");
    if ((log && *log < number) || (snapshot && *snapshot < number)) {
      if (absl::Status s = fs.Remove(Cat(options_.dir, "/", name)); !s.ok()) return s;
    }
  }
  return fs.SyncDir(options_.dir);
}

bool Wal::HasSnapshot(uint32_t number) const {
  auto names = options_.fs->List(options_.dir);
  if (!names.ok()) return true;  // cannot tell: assume the worst
  return std::find(names->begin(), names->end(), SnapshotName(number)) != names->end();
}

void Wal::Fail(const absl::Status& why) {
  std::lock_guard<std::mutex> lock(mu_);
  Break(why);
}

absl::Status Wal::broken() const {
  std::lock_guard<std::mutex> lock(mu_);
  return broken_.ok() ? absl::OkStatus() : Broken(broken_);
}

uint64_t Wal::log_size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return written_ - file_start_;
}

uint64_t Wal::records() const { return records_; }

uint64_t Wal::syncs() const {
  std::lock_guard<std::mutex> lock(mu_);
  return syncs_;
}

}  // namespace inventory::internal
