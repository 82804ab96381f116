// Durable commits and recovery (the persistence issue's figures).
//
//   Commit/Engine/<mode>/threads:T   one adjustment (one line, +1 or -1 on
//                                    the thread's own item) per transaction,
//                                    T threads committing at once, with
//                                    Durability::kNone, kBuffered or kFsync
//   Commit/Sqlite/wal-full/threads:T the same on SQLite: a WAL database on
//                                    disk, synchronous=FULL, one connection
//                                    per thread, BEGIN IMMEDIATE .. COMMIT
//                                    (an insert into the ledger, an update
//                                    of the stock row)
//   Recovery/Engine/LogRecords       Engine::Open of a directory whose log
//                                    holds --records adjustment
//                                    transactions (one record each)
//   Recovery/Engine/Snapshot1MItems  Engine::Open of a directory holding a
//                                    snapshot of --items items
//
// Wall-clock time: a commit's wait for the disk is the point. Directories
// live under $TMPDIR (default /tmp), which should be on a real disk.
// Flags: --records=N (default 1000000), --items=N (default 1000000).
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "inventory/engine.h"
#include "sqlite_support.h"
#include "table_reporter.h"

namespace inventory::bench {
namespace {

int64_t g_records = 1'000'000;
int64_t g_checkpoint_ns = 0;        // Checkpoint() of the --items directory
int64_t g_checkpoint_pause_ns = 0;  // the longest commit of a writer meanwhile
int64_t g_items = 1'000'000;

std::string NewDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/inventory-bench-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) std::abort();
  return pattern;
}

void Check(const absl::Status& s, const char* what) {
  if (s.ok()) return;
  std::fprintf(stderr, "%s: %s\n", what, s.ToString().c_str());
  std::abort();
}

// One transaction: a one-line adjustment of `item`, +1 and -1 by turns.
absl::Status CommitAdjustment(Engine& engine, ItemId item, int64_t n) {
  Transaction txn = engine.BeginTransaction();
  auto made = txn.CreateAdjustment(
      {.date = absl::CivilDay(2026, 6, 1),
       .reason = "Stocktake",
       .line_items = {{.item_id = item, .quantity_adjusted = (n & 1) ? -Quantity::FromInt(1) : Quantity::FromInt(1)}}});
  if (!made.ok()) return made.status();
  return txn.Commit();
}

ItemId CommitItem(Engine& engine, const std::string& name, const std::string& sku) {
  Transaction txn = engine.BeginTransaction();
  auto item = txn.CreateItem({.name = name, .sku = sku});
  Check(item.status(), "CreateItem");
  const ItemId id = (*item)->id;
  Check(txn.Commit(), "Commit");
  return id;
}

// ------------------------------------------------------------ commits

struct CommitFixture {
  std::string dir;
  std::unique_ptr<Engine> engine;
  std::vector<ItemId> items;  // one per thread
};
CommitFixture* g_commit = nullptr;

void OpenCommitFixture(Durability durability, int threads) {
  g_commit = new CommitFixture;
  Options options{.durability = durability};
  if (durability != Durability::kNone) {
    g_commit->dir = NewDir();
    options.data_dir = g_commit->dir;
  }
  auto engine = Engine::Open(options);
  Check(engine.status(), "Engine::Open");
  g_commit->engine = std::move(*engine);
  for (int t = 0; t < threads; ++t) {
    g_commit->items.push_back(CommitItem(*g_commit->engine, "Item " + std::to_string(t), "SKU-" + std::to_string(t)));
  }
}

double g_syncs_per_commit[2] = {0, 0};  // kFsync, by 1 and 4 threads

void CloseCommitFixture(const benchmark::State& state) {
  const Engine::PersistenceStats stats = g_commit->engine->persistence_stats();
  if (g_commit->engine->options().durability == Durability::kFsync && stats.logged_commits > 0) {
    g_syncs_per_commit[state.threads() == 1 ? 0 : 1] =
        static_cast<double>(stats.syncs) / static_cast<double>(stats.logged_commits);
  }
  g_commit->engine.reset();
  if (!g_commit->dir.empty()) std::filesystem::remove_all(g_commit->dir);
  delete g_commit;
  g_commit = nullptr;
}

template <Durability kMode>
void SetupEngineCommits(const benchmark::State& state) {
  OpenCommitFixture(kMode, state.threads());
}

void BM_EngineCommit(benchmark::State& state) {
  Engine& engine = *g_commit->engine;
  const ItemId item = g_commit->items[static_cast<size_t>(state.thread_index())];
  int64_t n = 0;
  for (auto _ : state) {
    if (!CommitAdjustment(engine, item, n++).ok()) {
      state.SkipWithError("commit failed");
      break;
    }
  }
  state.counters["commits_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                       benchmark::Counter::kIsRate);
}

// SQLite in WAL mode, synchronous=FULL, one connection per thread.
class SqliteDurable : public SqliteConnection {
 public:
  explicit SqliteDurable(const std::string& path) {
    Check(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                          nullptr),
          "open");
    sqlite3_busy_timeout(db_, 60'000);
    Exec("PRAGMA journal_mode=WAL");
    Exec("PRAGMA synchronous=FULL");
  }
  ~SqliteDurable() { sqlite3_close(db_); }
  void Prepare() {
    begin_ = SqliteConnection::Prepare("BEGIN IMMEDIATE");
    insert_ = SqliteConnection::Prepare(
        "INSERT INTO ledger(item_id, location_id, day, quantity, reason) VALUES (?1, 1, 20240, ?2, 'Stocktake')");
    update_ = SqliteConnection::Prepare("UPDATE stock SET on_hand = on_hand + ?2 WHERE item_id = ?1 AND location_id = 1");
    commit_ = SqliteConnection::Prepare("COMMIT");
  }
  void Adjust(int64_t item, int64_t quantity) {
    StepDone(begin_, "BEGIN");
    for (sqlite3_stmt* s : {insert_, update_}) {
      sqlite3_bind_int64(s, 1, item);
      sqlite3_bind_int64(s, 2, quantity);
      StepDone(s, "write");
    }
    StepDone(commit_, "COMMIT");
  }

 private:
  sqlite3_stmt* begin_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* update_ = nullptr;
  sqlite3_stmt* commit_ = nullptr;
};

std::string g_sqlite_dir;

void SetupSqliteCommits(const benchmark::State& state) {
  g_sqlite_dir = NewDir();
  SqliteDurable db(g_sqlite_dir + "/bench.db");
  db.Exec(
      "CREATE TABLE ledger(seq INTEGER PRIMARY KEY, item_id INTEGER NOT NULL, location_id INTEGER NOT NULL, "
      "day INTEGER NOT NULL, quantity INTEGER NOT NULL, reason TEXT NOT NULL)");
  db.Exec("CREATE TABLE stock(item_id INTEGER, location_id INTEGER, on_hand INTEGER NOT NULL, "
          "PRIMARY KEY(item_id, location_id)) WITHOUT ROWID");
  for (int t = 0; t < state.threads(); ++t) {
    db.Exec(("INSERT INTO stock VALUES (" + std::to_string(t + 1) + ", 1, 0)").c_str());
  }
}

void TeardownSqliteCommits(const benchmark::State&) { std::filesystem::remove_all(g_sqlite_dir); }

void BM_SqliteCommit(benchmark::State& state) {
  SqliteDurable db(g_sqlite_dir + "/bench.db");
  db.Prepare();
  const int64_t item = state.thread_index() + 1;
  int64_t n = 0;
  for (auto _ : state) db.Adjust(item, (n++ & 1) ? -1 : 1);
  state.counters["commits_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                       benchmark::Counter::kIsRate);
}

// ----------------------------------------------------------- recovery

Options Durable(const std::string& dir) {
  return {.durability = Durability::kBuffered, .data_dir = dir, .checkpoint_log_bytes = 0};
}

// Times Engine::Open of `dir` (not the close after it).
void TimeOpen(benchmark::State& state, const std::string& dir) {
  for (auto _ : state) {
    auto engine = Engine::Open(Durable(dir));
    Check(engine.status(), "reopen");
    benchmark::DoNotOptimize(engine);
    state.PauseTiming();
    engine->reset();
    state.ResumeTiming();
  }
}

void BM_RecoverLog(benchmark::State& state) {
  const std::string dir = NewDir();
  {
    auto engine = Engine::Open(Durable(dir));
    Check(engine.status(), "Engine::Open");
    const ItemId item = CommitItem(**engine, "Tea", "T-1");
    for (int64_t i = 0; i < g_records; ++i) Check(CommitAdjustment(**engine, item, i), "CreateAdjustment");
  }
  const auto bytes = std::filesystem::file_size(dir + "/wal-00000001.log");
  TimeOpen(state, dir);
  state.counters["records_per_s"] =
      benchmark::Counter(static_cast<double>(g_records) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
  state.counters["log_bytes"] = static_cast<double>(bytes);
  std::filesystem::remove_all(dir);
}

void BM_RecoverSnapshot(benchmark::State& state) {
  const std::string dir = NewDir();
  {
    auto engine = Engine::Open(Durable(dir));
    Check(engine.status(), "Engine::Open");
    for (int64_t begin = 0; begin < g_items; begin += 1000) {
      Transaction txn = (*engine)->BeginTransaction();
      for (int64_t i = begin; i < begin + 1000 && i < g_items; ++i) {
        const std::string n = std::to_string(i);
        Check(txn.CreateItem({.name = "Item " + n, .sku = "SKU-" + n, .upc = std::to_string(100000000000 + i),
                              .rate = Money::FromInt(1 + i % 100)})
                  .status(),
              "CreateItem");
      }
      Check(txn.Commit(), "Commit");
    }
    // The checkpoint, with a writer committing all along: how long it takes,
    // and the longest the writer had to wait for one commit.
    std::atomic<bool> stop{false};
    std::atomic<int64_t> longest_ns{0}, commits{0};
    std::thread writer([&] {
      const ItemId id = CommitItem(**engine, "Writer", "WRITER");
      for (int64_t i = 0; !stop.load(); ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        Check(CommitAdjustment(**engine, id, i), "CreateAdjustment");
        const int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count();
        if (ns > longest_ns.load()) longest_ns.store(ns);
        commits.fetch_add(1);
        // A till's pace, not a flood: the directory stays about items.
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    });
    while (commits.load() < 100) std::this_thread::yield();
    const auto t0 = std::chrono::steady_clock::now();
    Check((*engine)->Checkpoint(), "Checkpoint");
    g_checkpoint_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count();
    stop.store(true);
    writer.join();
    g_checkpoint_pause_ns = longest_ns.load();
    // The writer's commits went to the log after that snapshot: one more
    // checkpoint, so that the open below reads a snapshot and no log.
    Check((*engine)->Checkpoint(), "Checkpoint");
  }
  uintmax_t bytes = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.is_regular_file()) bytes += e.file_size();
  }
  TimeOpen(state, dir);
  state.counters["items"] = static_cast<double>(g_items);
  state.counters["directory_bytes"] = static_cast<double>(bytes);
  std::filesystem::remove_all(dir);
}

// -------------------------------------------------------------- table

class Reporter : public TableReporter {
 public:
  void Finalize() override {
    TableReporter::Finalize();
    std::FILE* out = stdout;
    std::fprintf(out, "\n## durability_bench: commits per second (wall clock), one adjustment per transaction\n");
    std::fprintf(out, "SQLite: WAL, synchronous=FULL, one connection per thread (the same baseline for every mode)\n\n");
    std::fprintf(out, "| operation | engine | SQLite | engine / SQLite |\n| --- | ---: | ---: | ---: |\n");
    auto rate = [&](const std::string& name) {
      const Result* r = Find(name);
      return r == nullptr ? 0.0 : r->counters.at("commits_per_s");
    };
    auto text = [](double v) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.0f/s", v);
      return v > 0 ? std::string(buf) : std::string("-");
    };
    const double sqlite1 = rate("Commit/Sqlite/wal-full/threads1");
    const double sqlite4 = rate("Commit/Sqlite/wal-full/threads4");
    for (const char* mode : {"none", "buffered", "fsync"}) {
      for (int threads : {1, 4}) {
        const std::string name = std::string("Commit/Engine/") + mode + "/threads" + std::to_string(threads);
        const double e = rate(name);
        const double s = threads == 1 ? sqlite1 : sqlite4;
        // Rates: the ratio is engine / SQLite, so print it as such.
        const std::string label = std::string("commit, ") + mode + ", " + std::to_string(threads) + " thread(s)";
        std::fprintf(out, "| %s | %s | %s | %s |\n", label.c_str(), text(e).c_str(), text(s).c_str(),
                     e > 0 && s > 0 ? (std::to_string(e / s).substr(0, std::to_string(e / s).find('.') + 3) + "x").c_str() : "-");
      }
    }
    const double f1 = rate("Commit/Engine/fsync/threads1");
    const double f4 = rate("Commit/Engine/fsync/threads4");
    if (f1 > 0 && f4 > 0) {
      std::fprintf(out, "\nkFsync, 4 threads / 1 thread: %.2fx (target: at least 4x); log syncs per commit: %.2f with 1 thread, %.2f with 4\n",
                   f4 / f1, g_syncs_per_commit[0], g_syncs_per_commit[1]);
    }
    if (const Result* r = Find("Recovery/Engine/LogRecords")) {
      std::fprintf(out, "recovery of a log of %lld records (%.0f bytes): %s, %.2fM records/s (target: at least 1M/s)\n",
                   static_cast<long long>(g_records), r->counters.at("log_bytes"), FormatNs(r->real_ns).c_str(),
                   r->counters.at("records_per_s") / 1e6);
    }
    if (const Result* r = Find("Recovery/Engine/Snapshot1MItems")) {
      std::fprintf(out, "open of a directory holding a snapshot of %lld items (%.0f bytes): %s\n",
                   static_cast<long long>(g_items), r->counters.at("directory_bytes"), FormatNs(r->real_ns).c_str());
      std::fprintf(out, "checkpoint of those items: %s, while a writer committing all along waited at most %s for one commit\n",
                   FormatNs(static_cast<double>(g_checkpoint_ns)).c_str(),
                   FormatNs(static_cast<double>(g_checkpoint_pause_ns)).c_str());
    }
  }
};

}  // namespace
}  // namespace inventory::bench

int main(int argc, char** argv) {
  using namespace inventory::bench;
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--records=", 10) == 0) {
      g_records = std::atoll(argv[i] + 10);
    } else if (std::strncmp(argv[i], "--items=", 8) == 0) {
      g_items = std::atoll(argv[i] + 8);
    } else {
      rest.push_back(argv[i]);
    }
  }
  int rest_argc = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_argc, rest.data());
  using inventory::Durability;
  struct Mode {
    const char* name;
    void (*setup)(const benchmark::State&);
    int64_t per_thread;
  };
  for (Mode m : {Mode{"none", SetupEngineCommits<Durability::kNone>, 200'000},
                 Mode{"buffered", SetupEngineCommits<Durability::kBuffered>, 100'000},
                 Mode{"fsync", SetupEngineCommits<Durability::kFsync>, 3'000}}) {
    for (int threads : {1, 4}) {
      benchmark::RegisterBenchmark(
          (std::string("Commit/Engine/") + m.name + "/threads" + std::to_string(threads)).c_str(), BM_EngineCommit)
          ->Setup(m.setup)
          ->Teardown(CloseCommitFixture)
          ->Threads(threads)
          ->Iterations(m.per_thread)
          ->UseRealTime();
    }
  }
  for (int threads : {1, 4}) {
    benchmark::RegisterBenchmark(("Commit/Sqlite/wal-full/threads" + std::to_string(threads)).c_str(), BM_SqliteCommit)
        ->Setup(SetupSqliteCommits)
        ->Teardown(TeardownSqliteCommits)
        ->Threads(threads)
        ->Iterations(1'500)
        ->UseRealTime();
  }
  benchmark::RegisterBenchmark("Recovery/Engine/LogRecords", BM_RecoverLog)->Iterations(1)->UseRealTime();
  benchmark::RegisterBenchmark("Recovery/Engine/Snapshot1MItems", BM_RecoverSnapshot)->Iterations(1)->UseRealTime();
  Reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
