// Engine, Snapshot and Transaction: locking, the undo log's lifetime, the
// all-or-nothing wrapper around every write, and (with a data directory)
// logging each committed transaction and replaying the log on open.
// Owns: the engine's mutex, the EngineState and the Wal. May call:
// catalog/, stock/, storage/, engine/journal.
#include "inventory/engine.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <shared_mutex>

#include "catalog/catalog_ops.h"
#include "catalog/catalog_store.h"
#include "common/text.h"
#include "engine/image.h"
#include "engine/journal.h"
#include "storage/json_codec.h"
#include "inventory/errors.h"
#include "inventory/file_system.h"
#include "stock/stock_ops.h"
#include "stock/stock_state.h"
#include "storage/wal.h"

namespace inventory {
namespace internal {

// Runs checkpoints in the background when commits ask for one (the log
// passed Options::checkpoint_log_bytes), one at a time.
class Checkpointer {
 public:
  explicit Checkpointer(std::function<absl::Status()> run) : run_(std::move(run)), thread_([this] { Loop(); }) {}
  ~Checkpointer() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  void Request() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      requested_ = true;
    }
    cv_.notify_all();
  }
  uint64_t completed() const {
    std::lock_guard<std::mutex> lock(mu_);
    return completed_;
  }

 private:
  void Loop() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      cv_.wait(lock, [this] { return requested_ || stopping_; });
      if (stopping_) return;
      requested_ = false;
      lock.unlock();
      const absl::Status s = run_();  // a failure leaves the log to recover from; a later commit asks again
      lock.lock();
      if (s.ok()) ++completed_;
    }
  }

  std::function<absl::Status()> run_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool requested_ = false;
  bool stopping_ = false;
  uint64_t completed_ = 0;
  std::thread thread_;
};

class WriteContext {
 public:
  WriteContext(Store& store, EngineState& state) : store(store), state(state) {}
  std::unique_lock<std::shared_mutex> lock;
  Store& store;
  EngineState& state;
  bool active = false;
  // With a data directory: the log, and the commands of the transaction in
  // progress. Not logged while replaying (the commands are in the log).
  Wal* wal = nullptr;
  Durability durability = Durability::kNone;
  Checkpointer* checkpointer = nullptr;  // with Options::checkpoint_log_bytes
  uint64_t checkpoint_log_bytes = 0;
  bool replaying = false;
  Journal journal;
  bool logging() const { return wal != nullptr && !replaying; }

};

class EngineImpl {
 public:
  explicit EngineImpl(const Options& options) : state(options), store(state), writer(store, state) {}
  EngineState state;
  // The one writer's undo log, kept between transactions so that its
  // capacity is reused (a POS commits millions of small transactions).
  Store store;
  mutable std::shared_mutex mu;
  // The one writer's context: a transaction holds it (and the lock) from
  // BeginTransaction to its end, so none is allocated per transaction.
  WriteContext writer;
  std::unique_ptr<Wal> wal;  // null in memory (Durability::kNone)
  std::mutex checkpoint_mu;  // one checkpoint at a time
  std::atomic<uint64_t> checkpoints{0};
  mutable std::mutex stats_mu;   // only for last_checkpoint: stats never wait for a checkpoint
  absl::Status last_checkpoint;  // guarded by stats_mu
  std::unique_ptr<Checkpointer> checkpointer;  // destroyed first: it uses the rest
};

// Engine::Checkpoint, for the engine and its Checkpointer: one at a time,
// and its outcome kept for persistence_stats.
absl::Status RunCheckpoint(EngineImpl& impl);
// The checkpoint itself; checkpoint_mu held.
absl::Status CheckpointLocked(EngineImpl& impl);

void ReleaseWriteContext::operator()(WriteContext* ctx) const {
  // Everything written to the shared context happens before the unlock (the
  // next writer reuses it as soon as it gets the lock).
  ctx->active = false;
  std::unique_lock<std::shared_mutex> lock = std::move(ctx->lock);
}

}  // namespace internal

namespace {
absl::Status Inactive() {
  return FailedPreconditionError("", "The transaction has already been committed or rolled back.");
}
}  // namespace

Engine::Engine(std::unique_ptr<internal::EngineImpl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

namespace {

using internal::Cat;

// Whether an engine holds only what Open gave it: its primary location, as
// created.
bool HoldsNothing(const internal::EngineState& st) {
  if (st.next_id != 2 || st.items.size() != 0 || st.groups.size() != 0 || st.stock.ledger.Mark() != 0 ||
      st.locations.size() != 1) {
    return false;
  }
  Location fresh;
  fresh.id = LocationId(1);
  fresh.name = st.options.primary_location_name;  // filled in by Open
  fresh.is_primary = true;
  std::string a, b;
  internal::Encoder(&a).Put(fresh);
  internal::Encoder(&b).Put(st.locations.begin()->second);
  return a == b;
}

std::string Encoded(const internal::DirectorySettings& settings) {
  std::string out;
  internal::Encoder(&out).Put(settings);
  return out;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Engine>> Engine::Open(const Options& given) {
  Options options = given;
  if (options.primary_location_name.empty()) options.primary_location_name = "Primary Location";
  internal::Recovered recovered;
  std::unique_ptr<internal::Wal> wal;
  if (options.durability != Durability::kNone) {
    if (options.data_dir.empty()) {
      return InvalidArgumentError("data_dir", "A durability other than kNone needs a data_dir.");
    }
    if (options.sync_interval <= absl::ZeroDuration() || options.sync_interval > absl::Hours(24)) {
      return InvalidArgumentError("sync_interval", "sync_interval must be positive and at most 24 hours.");
    }
    auto opened = internal::Wal::Open({.dir = options.data_dir,
                                       .fs = options.file_system ? options.file_system : PosixFileSystem(),
                                       .durability = options.durability,
                                       .sync_interval = options.sync_interval},
                                      &recovered);
    if (!opened.ok()) return opened.status();
    wal = std::move(*opened);
  } else if (!options.data_dir.empty()) {
    return InvalidArgumentError("data_dir", "data_dir is set but durability is kNone (in memory only).");
  }

  auto impl = std::make_unique<internal::EngineImpl>(options);
  internal::Store store(impl->state);
  Location primary;
  primary.id = LocationId(store.NextId());
  primary.name = options.primary_location_name;
  primary.is_primary = true;
  store.PutLocation(std::move(primary));
  impl->writer.wal = wal.get();
  impl->writer.durability = options.durability;
  impl->wal = std::move(wal);
  std::unique_ptr<Engine> engine(new Engine(std::move(impl)));
  if (engine->impl_->wal != nullptr) {
    if (absl::Status s = engine->Recover(recovered); !s.ok()) return s;
    if (options.checkpoint_log_bytes > 0) {
      internal::EngineImpl* impl = engine->impl_.get();
      impl->checkpointer = std::make_unique<internal::Checkpointer>([impl] { return internal::RunCheckpoint(*impl); });
      impl->writer.checkpointer = impl->checkpointer.get();
      impl->writer.checkpoint_log_bytes = options.checkpoint_log_bytes;
    }
  }
  return engine;
}

absl::Status Engine::Recover(const internal::Recovered& recovered) {
  internal::EngineImpl& impl = *impl_;
  const internal::DirectorySettings settings = internal::SettingsOf(impl.state.options);
  if (recovered.snapshot) {
    absl::Status s = internal::RestoreSnapshot(*recovered.snapshot, settings, impl.state);
    if (absl::IsDataLoss(s)) return absl::DataLossError(Cat(recovered.snapshot_name, ": ", std::string(s.message())));
    if (!s.ok()) return s;
  }
  internal::WriteContext& ctx = impl.writer;
  ctx.replaying = true;
  for (const internal::Recovered::Log& log : recovered.logs) {
    for (size_t i = 0; i < log.records.size(); ++i) {
      const internal::LogRecord& r = log.records[i];
      auto failed = [&](const std::string& why) {
        return absl::DataLossError(Cat(log.name, ": the record at offset ", r.offset, " does not replay: ", why));
      };
      if (i == 0) {  // every log starts with the settings
        internal::DirectorySettings stored;
        internal::Decoder d(r.payload);
        if (r.type != internal::LogRecordType::kSettings || !d.Get(stored) || !d.done()) {
          return failed("a log must start with the settings.");
        }
        if (absl::Status s = internal::CheckSettings(stored, settings); !s.ok()) return s;
        continue;
      }
      if (r.type != internal::LogRecordType::kTransaction) return failed("it is not a transaction.");
      Transaction txn = BeginTransaction();
      if (absl::Status s = internal::ReplayCommands(r.payload, txn, impl.state); !s.ok()) {
        return failed(std::string(s.message()));
      }
      if (absl::Status s = txn.Commit(); !s.ok()) return failed(std::string(s.message()));
    }
  }
  impl.state.now.reset();
  ctx.replaying = false;
  if (recovered.logs.back().records.empty()) {
    // A new directory, or a log started just before a crash: it begins
    // with the settings, durably, before anything else is acknowledged.
    auto end = impl.wal->Append(internal::LogRecordType::kSettings, Encoded(settings));
    if (!end.ok()) return end.status();
    if (absl::Status s = impl.wal->WaitDurable(*end); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status Engine::Checkpoint() {
  if (impl_->wal == nullptr) {
    return FailedPreconditionError("data_dir", "Checkpoint needs a data directory (Options::durability).");
  }
  return internal::RunCheckpoint(*impl_);
}

namespace {

// Runs `work` in a child process (fork) and returns its status, calling
// `parent_after_fork` in this process as soon as the child exists; `forked`
// is false (and nothing ran) when the process could not be forked. The
// child sees the parent's memory as it was at the fork, copy-on-write, runs
// only `work` (no locks another thread may hold; glibc keeps malloc usable
// after fork) and leaves with _exit.
absl::Status InChildProcess(const std::function<absl::Status()>& work, const std::function<void()>& parent_after_fork,
                            bool* forked) {
  int fds[2];
  *forked = false;
  const pid_t parent = ::getpid();
  if (::pipe2(fds, O_CLOEXEC) != 0) return absl::OkStatus();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return absl::OkStatus();
  }
  if (pid == 0) {
    // Of what the host process had open (its sockets, other engines' pipes),
    // keep only the report pipe: nothing else waits on this child.
    const int keep = fds[1];
    if (keep > 3) ::close_range(3, static_cast<unsigned>(keep) - 1, 0);
    ::close_range(static_cast<unsigned>(keep) + 1, ~0U, 0);
    // It gave up the directory's lock with the rest: it must not outlive
    // the process that holds it (another could open the directory).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(1);
    const absl::Status s = work();
    const std::string report = s.ok() ? "ok" : std::string(s.message());
    size_t done = 0;
    while (done < report.size()) {
      const ssize_t n = ::write(fds[1], report.data() + done, report.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::_exit(s.ok() ? 0 : 1);
  }
  *forked = true;
  parent_after_fork();
  ::close(fds[1]);
  std::string report;
  char buf[512];
  for (;;) {
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n > 0) {
      report.append(buf, static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (report == "ok") return absl::OkStatus();
  if (report.empty()) return absl::InternalError("The checkpoint process ended without finishing.");
  return absl::InternalError(Cat("The checkpoint failed: ", report));
}

}  // namespace

absl::Status internal::RunCheckpoint(internal::EngineImpl& impl) {
  std::lock_guard<std::mutex> one_at_a_time(impl.checkpoint_mu);
  const absl::Status s = CheckpointLocked(impl);
  if (s.ok()) impl.checkpoints.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard<std::mutex> lock(impl.stats_mu);
  impl.last_checkpoint = s;
  return s;
}

absl::Status internal::CheckpointLocked(internal::EngineImpl& impl) {
  std::shared_lock<std::shared_mutex> lock(impl.mu);
  const internal::DirectorySettings settings = internal::SettingsOf(impl.state.options);
  absl::StatusOr<uint32_t> started = impl.wal->StartLog(Encoded(settings));
  if (!started.ok()) return started.status();
  const uint32_t number = *started;
  auto write = [&]() -> absl::Status {
    std::string image;
    internal::EncodeImage(impl.state, settings, &image);
    return impl.wal->WriteSnapshot(number, image);
  };
  absl::Status s;
  bool forked = false;
  if (impl.state.options.file_system == nullptr) {
    // With the operating system's files, a child process writes the
    // snapshot from the state as it is now (copy-on-write): writers wait
    // for the fork only, not for the copy, the encoding or the disk.
    s = InChildProcess(
        [&] {
          lock.release();  // the child must not unlock what the parent holds
          return write();
        },
        [&] { lock.unlock(); }, &forked);
  }
  if (!forked) {
    // Another file system (tests inject faults) is used in this process:
    // writers wait while the state is copied, not while it is written.
    internal::EngineImage captured = internal::Capture(impl.state, settings);
    lock.unlock();
    std::string image;
    internal::Encoder(&image).Put(captured);
    s = impl.wal->WriteSnapshot(number, image);
  }
  return s;
}

std::string Engine::Export() const {
  internal::EngineImage image;
  {
    std::shared_lock<std::shared_mutex> lock(impl_->mu);
    image = internal::Capture(impl_->state, internal::SettingsOf(impl_->state.options));
  }
  boost::json::object doc;
  doc["format"] = "inventory-export";
  doc["version"] = 1;
  doc["organization"] = internal::ToJson(image);
  return boost::json::serialize(doc);
}

absl::Status Engine::Import(std::string_view json) {
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(boost::json::string_view(json.data(), json.size()), ec);
  if (ec || !doc.is_object()) return InvalidArgumentError("", "The export is not a JSON object.");
  const boost::json::object& o = doc.get_object();
  const boost::json::value* format = o.if_contains("format");
  const boost::json::value* version = o.if_contains("version");
  const boost::json::value* org = o.if_contains("organization");
  if (format == nullptr || !format->is_string() || format->get_string() != "inventory-export") {
    return InvalidArgumentError("format", "The document is not an inventory export (format).");
  }
  if (version == nullptr || !version->is_int64() || version->get_int64() != 1) {
    return InvalidArgumentError("version", "This version reads exports of version 1.");
  }
  if (org == nullptr) return InvalidArgumentError("organization", "The export has no organization.");
  internal::EngineImage image;
  internal::JsonReader reader;
  if (!reader.Get(*org, image, "organization")) {
    return InvalidArgumentError(reader.where, Cat(reader.where, ": ", reader.why, "."));
  }
  if (absl::Status s = internal::CheckSettings(image.settings, internal::SettingsOf(impl_->state.options)); !s.ok()) {
    return s;
  }
  // Restored first into a scratch state, so that an export that does not
  // hold together changes nothing here.
  internal::EngineState scratch(impl_->state.options);
  if (absl::Status s = internal::Restore(image, scratch); !s.ok()) return s;
  internal::EngineImpl& impl = *impl_;
  // No checkpoint and no other writer from here on: with a data directory
  // the image becomes the directory's snapshot before the engine shows it.
  std::lock_guard<std::mutex> no_checkpoint(impl.checkpoint_mu);
  Transaction txn = BeginTransaction();
  if (impl.wal != nullptr && !impl.wal->healthy()) return impl.wal->broken();
  if (!HoldsNothing(impl.state)) return FailedPreconditionError("", "Import needs an engine that holds nothing yet.");
  if (impl.wal != nullptr) {
    absl::StatusOr<uint32_t> started = impl.wal->StartLog(Encoded(image.settings));
    if (!started.ok()) return started.status();
    std::string bytes;
    internal::Encoder(&bytes).Put(image);
    if (absl::Status s = impl.wal->WriteSnapshot(*started, bytes); !s.ok()) {
      if (!impl.wal->HasSnapshot(*started)) return s;  // failed before the rename: nothing changed
      // The snapshot is in place but its directory may not be synced: the
      // engine shows the import (what the directory now holds) and takes no
      // more writes, which could be logged against either state.
      impl.wal->Fail(s);
      (void)internal::Restore(image, impl.state);
      txn.Rollback();
      return absl::Status(s.code(), Cat("The import is the directory's snapshot, but the directory could not be "
                                        "synced after it (",
                                        std::string(s.message()),
                                        "); the engine holds the import and accepts no more writes. Reopen it."));
    }
    impl.checkpoints.fetch_add(1, std::memory_order_relaxed);
  }
  // Cannot fail: it did not above. The image is not needed after it.
  if (absl::Status s = internal::Restore(std::move(image), impl.state); !s.ok()) return s;
  txn.Rollback();  // its undo log is empty: the restore stays
  return absl::OkStatus();
}

Transaction Engine::BeginTransaction() {
  std::unique_lock<std::shared_mutex> lock(impl_->mu, std::try_to_lock);
  if (!lock.owns_lock() && impl_->state.options.durability == Durability::kFsync) {
    // kFsync committers are let go together by a sync and then hand the
    // lock on within a few microseconds each; a waiter that sleeps takes
    // 10-30 us to wake here, and they queued up behind each other's
    // wake-ups (with 4 threads the last got the lock 31 us after the sync,
    // now 10 us). Yield for a while before sleeping. Not in the other
    // modes: there a waiter that sleeps lets the holder commit again and
    // again, and 4 threads yielding to each other at every commit made 6
    // times fewer commits.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(50);
    while (!lock.try_lock() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  }
  if (!lock.owns_lock()) lock.lock();
  internal::WriteContext& ctx = impl_->writer;
  ctx.lock = std::move(lock);
  ctx.active = true;
  return Transaction(&impl_->state, Transaction::Context(&ctx));
}

Snapshot Engine::GetSnapshot() const {
  std::shared_lock<std::shared_mutex> lock(impl_->mu);
  return Snapshot(&impl_->state, std::move(lock));
}

const Options& Engine::options() const { return impl_->state.options; }

absl::Status Engine::Verify() const {
  std::shared_lock<std::shared_mutex> lock(impl_->mu);
  if (absl::Status s = impl_->state.stock.ledger.Verify(); !s.ok()) return s;
  if (absl::Status s = internal::VerifyTracking(impl_->state); !s.ok()) return s;
  return internal::VerifyDocuments(impl_->state);
}

Engine::PersistenceStats Engine::persistence_stats() const {
  const internal::EngineImpl& impl = *impl_;
  if (impl.wal == nullptr) return {};
  PersistenceStats stats{.logged_commits = impl.wal->records(),
                         .syncs = impl.wal->syncs(),
                         .checkpoints = impl.checkpoints.load(std::memory_order_relaxed)};
  std::lock_guard<std::mutex> lock(impl.stats_mu);
  stats.last_checkpoint = impl.last_checkpoint;
  return stats;
}

Engine::LedgerStats Engine::ledger_stats() const {
  std::shared_lock<std::shared_mutex> lock(impl_->mu);
  const internal::Ledger::Memory m = impl_->state.stock.ledger.MemoryUsage();
  return {.postings = m.postings, .lot_moves = m.lot_moves, .documents = m.documents, .cells = m.cells,
          .log_bytes = m.log_bytes, .balance_bytes = m.balance_bytes};
}

std::string Engine::DebugString() const {
  std::shared_lock<std::shared_mutex> lock(impl_->mu);
  const internal::EngineState& st = impl_->state;
  // The image a snapshot holds, and the ledger's derived state (balances,
  // lots, indexes), which the image leaves out.
  std::string out;
  internal::Encoder(&out).Put(internal::Capture(st, internal::SettingsOf(st.options)));
  return out + "\n" + st.stock.ledger.DebugString();
}

Snapshot::Snapshot(const internal::CatalogState* state, std::shared_lock<std::shared_mutex> lock)
    : Reader(state), lock_(std::move(lock)) {}
Snapshot::Snapshot(Snapshot&&) noexcept = default;
Snapshot& Snapshot::operator=(Snapshot&&) noexcept = default;
Snapshot::~Snapshot() = default;

Transaction::Transaction(internal::CatalogState* state, Context ctx)
    : Reader(state), ctx_(std::move(ctx)) {}
Transaction::Transaction(Transaction&&) noexcept = default;
Transaction& Transaction::operator=(Transaction&& other) noexcept {
  if (this != &other) {
    Rollback();
    Reader::operator=(other);
    ctx_ = std::move(other.ctx_);
  }
  return *this;
}
Transaction::~Transaction() { Rollback(); }

bool Transaction::active() const { return ctx_ && ctx_->active; }

absl::Status Transaction::Commit() {
  if (!active()) return Inactive();
  internal::WriteContext& ctx = *ctx_;
  uint64_t end = 0;
  if (ctx.logging() && !ctx.journal.empty()) {
    absl::StatusOr<uint64_t> written = ctx.wal->Append(internal::LogRecordType::kTransaction, ctx.journal.payload());
    if (!written.ok()) {
      const absl::Status why = written.status();
      Rollback();
      return absl::Status(why.code(), internal::Cat("The commit could not be logged and was rolled back: ",
                                                    std::string(why.message())));
    }
    end = *written;
  }
  ctx.journal.Clear();
  ctx.store.ClearUndo();
  internal::Wal* wal = ctx.wal;
  const bool wait = end > 0 && ctx.durability == Durability::kFsync;
  internal::Checkpointer* checkpointer = ctx.checkpointer;
  const uint64_t checkpoint_at = ctx.checkpoint_log_bytes;
  ctx.active = false;
  ctx_.reset();  // releases the writer lock: the next writer runs while this one's record syncs
  absl::Status s = wait ? wal->WaitDurable(end) : absl::OkStatus();
  if (end > 0 && checkpointer != nullptr && wal->log_size() >= checkpoint_at) checkpointer->Request();
  return s;
}

void Transaction::Rollback() {
  if (!active()) return;
  ctx_->store.RollbackTo(0);
  ctx_->journal.Clear();
  ctx_->active = false;
  ctx_.reset();
}

size_t Transaction::SavePoint() const { return active() ? ctx_->store.UndoSize() : 0; }

void Transaction::RollbackTo(size_t save_point) {
  if (!active()) return;
  ctx_->store.RollbackTo(save_point);
  ctx_->journal.RollbackTo(save_point);
}

namespace {
// Runs one write all-or-nothing: on error, undoes whatever it changed.
// With a data directory, records it (kind and arguments) for the commit's
// log record, at the time it runs at.
template <class Writer, class F, class... Args>
auto Atomically(internal::WriteContext* ctx, internal::CommandKind kind, F&& f, const Args&... args)
    -> decltype(f(std::declval<Writer&>())) {
  if (ctx == nullptr || !ctx->active) return Inactive();
  if (ctx->wal != nullptr && !ctx->wal->healthy()) return ctx->wal->broken();
  size_t mark = ctx->store.UndoSize();
  const bool logging = ctx->logging();
  if (logging) {
    ctx->state.now = ctx->state.Clock();
    ctx->journal.Begin(kind, mark, ctx->state.next_id, *ctx->state.now, args...);
  }
  auto result = [&] {
    if constexpr (std::is_same_v<Writer, internal::CatalogWriter>) {
      internal::CatalogWriter writer(ctx->store);
      return f(writer);
    } else {
      internal::StockWriter writer(ctx->store, ctx->state);
      return f(writer);
    }
  }();
  if (!result.ok()) {
    ctx->store.RollbackTo(mark);
    if (logging) ctx->journal.CancelLast();
  }
  if (logging) ctx->state.now.reset();
  return result;
}
}  // namespace

// `args` are the method's parameters, in order: what the log records.
#define INVENTORY_WRITE(name, call, ...)                                                        \
  return Atomically<internal::CatalogWriter>(ctx_.get(), internal::CommandKind::k##name,      \
                                             [&](internal::CatalogWriter& w) { return w.call; }, \
                                             __VA_ARGS__)
#define INVENTORY_STOCK_WRITE(name, call, ...)                                                \
  return Atomically<internal::StockWriter>(ctx_.get(), internal::CommandKind::k##name,      \
                                           [&](internal::StockWriter& w) { return w.call; }, \
                                           __VA_ARGS__)

absl::StatusOr<const Item*> Transaction::CreateItem(Item item) { INVENTORY_WRITE(CreateItem, CreateItem(std::move(item)), item); }
absl::StatusOr<const Item*> Transaction::UpdateItem(Item item) { INVENTORY_WRITE(UpdateItem, UpdateItem(std::move(item)), item); }
absl::Status Transaction::DeleteItems(std::span<const ItemId> ids) { INVENTORY_WRITE(DeleteItems, DeleteItems(ids), ids); }
absl::Status Transaction::SetItemsStatus(std::span<const ItemId> ids, Status status) {
  INVENTORY_WRITE(SetItemsStatus, SetItemsStatus(ids, status), ids, status);
}
absl::Status Transaction::SetStorageLocationEnabled(std::span<const ItemId> ids, bool enabled) {
  INVENTORY_WRITE(SetStorageLocationEnabled, SetStorageLocationEnabled(ids, enabled), ids, enabled);
}
absl::Status Transaction::SetItemLocationAccess(ItemId id, bool all, std::vector<LocationId> ids) {
  INVENTORY_WRITE(SetItemLocationAccess, SetItemLocationAccess(id, all, std::move(ids)), id, all, ids);
}
absl::StatusOr<const ItemGroup*> Transaction::CreateGroup(ItemGroup group, std::vector<Item> variants) {
  INVENTORY_WRITE(CreateGroup, CreateGroup(std::move(group), std::move(variants)), group, variants);
}
absl::StatusOr<const ItemGroup*> Transaction::UpdateGroup(ItemGroup group, std::vector<Item> variants) {
  INVENTORY_WRITE(UpdateGroup, UpdateGroup(std::move(group), std::move(variants)), group, variants);
}
absl::Status Transaction::DeleteGroup(GroupId id) { INVENTORY_WRITE(DeleteGroup, DeleteGroup(id), id); }
absl::Status Transaction::SetGroupStatus(GroupId id, Status status) { INVENTORY_WRITE(SetGroupStatus, SetGroupStatus(id, status), id, status); }
absl::Status Transaction::UngroupItems(std::span<const ItemId> ids) { INVENTORY_WRITE(UngroupItems, UngroupItems(ids), ids); }
absl::StatusOr<const Item*> Transaction::MoveItemToGroup(ItemId id, GroupId group,
                                                         std::array<std::string, 3> options) {
  INVENTORY_WRITE(MoveItemToGroup, MoveItemToGroup(id, group, std::move(options)), id, group, options);
}
absl::StatusOr<const ItemGroup*> Transaction::GroupItems(
    ItemGroup group, std::vector<std::pair<ItemId, std::array<std::string, 3>>> items) {
  INVENTORY_WRITE(GroupItems, GroupItems(std::move(group), std::move(items)), group, items);
}
absl::StatusOr<const Location*> Transaction::CreateLocation(Location l) { INVENTORY_WRITE(CreateLocation, CreateLocation(std::move(l)), l); }
absl::StatusOr<const Location*> Transaction::UpdateLocation(Location l) { INVENTORY_WRITE(UpdateLocation, UpdateLocation(std::move(l)), l); }
absl::Status Transaction::DeleteLocation(LocationId id) { INVENTORY_WRITE(DeleteLocation, DeleteLocation(id), id); }
absl::Status Transaction::SetLocationStatus(LocationId id, Status s) { INVENTORY_WRITE(SetLocationStatus, SetLocationStatus(id, s), id, s); }
absl::Status Transaction::MarkPrimaryLocation(LocationId id) { INVENTORY_WRITE(MarkPrimaryLocation, MarkPrimaryLocation(id), id); }

absl::Status Transaction::SetOpeningStock(ItemId id, absl::CivilDay date, std::vector<OpeningStock> lines) {
  INVENTORY_STOCK_WRITE(SetOpeningStock, SetOpeningStock(id, date, std::move(lines)), id, date, lines);
}
absl::StatusOr<AdjustmentId> Transaction::CreateAdjustment(InventoryAdjustment a) {
  INVENTORY_STOCK_WRITE(CreateAdjustment, CreateAdjustment(std::move(a)), a);
}
absl::Status Transaction::UpdateAdjustment(InventoryAdjustment a) {
  INVENTORY_STOCK_WRITE(UpdateAdjustment, UpdateAdjustment(std::move(a)), a);
}
absl::Status Transaction::DeleteAdjustment(AdjustmentId id) { INVENTORY_STOCK_WRITE(DeleteAdjustment, DeleteAdjustment(id), id); }
absl::StatusOr<const TransferOrder*> Transaction::CreateTransferOrder(TransferOrder o) {
  INVENTORY_STOCK_WRITE(CreateTransferOrder, CreateTransferOrder(std::move(o)), o);
}
absl::StatusOr<const TransferOrder*> Transaction::UpdateTransferOrder(TransferOrder o) {
  INVENTORY_STOCK_WRITE(UpdateTransferOrder, UpdateTransferOrder(std::move(o)), o);
}
absl::Status Transaction::SetTransferStatus(TransferOrderId id, TransferStatus status) {
  INVENTORY_STOCK_WRITE(SetTransferStatus, SetTransferStatus(id, status), id, status);
}
absl::Status Transaction::DeleteTransferOrder(TransferOrderId id) { INVENTORY_STOCK_WRITE(DeleteTransferOrder, DeleteTransferOrder(id), id); }
absl::StatusOr<const Bundle*> Transaction::CreateBundle(Bundle b) { INVENTORY_STOCK_WRITE(CreateBundle, CreateBundle(std::move(b)), b); }
absl::Status Transaction::SetBundleStatus(BundleId id, BundleStatus status) {
  INVENTORY_STOCK_WRITE(SetBundleStatus, SetBundleStatus(id, status), id, status);
}
absl::Status Transaction::DeleteBundle(BundleId id) { INVENTORY_STOCK_WRITE(DeleteBundle, DeleteBundle(id), id); }
absl::StatusOr<BatchId> Transaction::CreateBatch(BatchDetails b) { INVENTORY_STOCK_WRITE(CreateBatch, CreateBatch(std::move(b)), b); }
absl::Status Transaction::UpdateBatch(BatchDetails b) { INVENTORY_STOCK_WRITE(UpdateBatch, UpdateBatch(std::move(b)), b); }
absl::Status Transaction::DeleteBatch(BatchId id) { INVENTORY_STOCK_WRITE(DeleteBatch, DeleteBatch(id), id); }
absl::Status Transaction::SetBatchStatus(BatchId id, Status status) {
  INVENTORY_STOCK_WRITE(SetBatchStatus, SetBatchStatus(id, status), id, status);
}
absl::Status Transaction::SetStorageLocationsEnabled(LocationId id, bool enabled) {
  INVENTORY_STOCK_WRITE(SetStorageLocationsEnabled, SetStorageLocationsEnabled(id, enabled), id, enabled);
}
absl::StatusOr<StorageLocationId> Transaction::CreateStorageLocation(StorageLocation b) {
  INVENTORY_STOCK_WRITE(CreateStorageLocation, CreateStorageLocation(std::move(b)), b);
}
absl::Status Transaction::UpdateStorageLocation(StorageLocation b) {
  INVENTORY_STOCK_WRITE(UpdateStorageLocation, UpdateStorageLocation(std::move(b)), b);
}
absl::Status Transaction::DeleteStorageLocation(StorageLocationId id) {
  INVENTORY_STOCK_WRITE(DeleteStorageLocation, DeleteStorageLocation(id), id);
}
absl::Status Transaction::SetStorageLocationStatus(StorageLocationId id, Status status) {
  INVENTORY_STOCK_WRITE(SetStorageLocationStatus, SetStorageLocationStatus(id, status), id, status);
}
absl::Status Transaction::SetDefaultStorageLocation(ItemId item, LocationId location,
                                                    std::optional<StorageLocationId> bin) {
  INVENTORY_STOCK_WRITE(SetDefaultStorageLocation, SetDefaultStorageLocation(item, location, bin), item, location, bin);
}
absl::StatusOr<const Document*> Transaction::CreateDocument(Document d) {
  INVENTORY_STOCK_WRITE(CreateDocument, CreateDocument(std::move(d)), d);
}
absl::StatusOr<const Document*> Transaction::UpdateDocument(Document d) {
  INVENTORY_STOCK_WRITE(UpdateDocument, UpdateDocument(std::move(d)), d);
}
absl::Status Transaction::SetDocumentStatus(DocumentId id, DocumentStatus status, std::optional<Shipment> shipment) {
  INVENTORY_STOCK_WRITE(SetDocumentStatus, SetDocumentStatus(id, status, std::move(shipment)), id, status, shipment);
}
absl::Status Transaction::DeleteDocument(DocumentId id) { INVENTORY_STOCK_WRITE(DeleteDocument, DeleteDocument(id), id); }

#undef INVENTORY_STOCK_WRITE
#undef INVENTORY_WRITE

}  // namespace inventory
