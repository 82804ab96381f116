// Catalog benchmarks: lookups by id, SKU and UPC, item creation, and memory
// per item, for the engine and for the SQLite baseline (sqlite_baseline.h)
// doing the same work on the same generated catalog (catalog_generator.h)
// in the same run. At the end it prints a Markdown table of medians with
// the SQLite / engine ratio, which is how figures are quoted (the machine
// is shared, so only ratios from one run compare).
//
// Usage:
//   catalog_bench [--items=N] [--repetitions=R] [--benchmark_* flags]
// --items (default 1000000) is the catalog size: lookups run on a catalog
// of N items and creation grows a catalog from 0 to N items.
// --repetitions (default 5) is how many times each timing runs; the table
// shows the median of the repetitions of the mean CPU time per operation
// (Google Benchmark's own output shows wall-clock time too).
//
// Benchmarks (the argument is N):
//   Memory/{Engine,Sqlite}/Build             builds N items, bytes per item
//   Lookup/Engine/{ById,BySku,ByUpc}/OneSnapshot
//   Lookup/Engine/{ById,BySku,ByUpc}/SnapshotPerLookup
//   Lookup/Sqlite/{ById,BySku,ByUpc}/OneReadTxn
//   Lookup/Sqlite/{ById,BySku,ByUpc}/Autocommit  (a read txn per SELECT)
//   Create/{Engine,Sqlite}/{TxnPerItem,Batch1000}
#include <unistd.h>

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog_generator.h"
#include "inventory/engine.h"
#include "inventory/transaction.h"
#include "sqlite_baseline.h"
#include "table_reporter.h"

namespace inventory::bench {
namespace {

size_t g_items = 1'000'000;
int g_repetitions = 5;

constexpr size_t kBatch = 1000;
// Lookups cycle through this many random keys, stored in lookup order so
// that reading the next key is a sequential (prefetched) access.
constexpr size_t kLookupKeys = size_t{1} << 20;
constexpr uint64_t kLookupSeed = 0x5EED0F100C0B5ull;

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "catalog_bench: %s\n", what.c_str());
  std::abort();
}

// ---------------------------------------------------------------------------
// Fixtures, built once per process and shared by the benchmarks.

const std::vector<GeneratedItem>& Catalog(size_t n) {
  static std::unique_ptr<std::vector<GeneratedItem>> catalog;
  if (!catalog || catalog->size() != n) {
    catalog = std::make_unique<std::vector<GeneratedItem>>(GenerateCatalog(n));
  }
  return *catalog;
}

Item MakeItem(const GeneratedItem& g) {
  Item item;
  item.name = g.name;
  item.sku = g.sku;
  item.upc = g.upc;
  item.ean = g.ean;
  item.rate = g.rate;
  item.purchase_rate = g.purchase_rate;
  return item;
}

uint64_t EngineRow(const Item& item) {
  return RowChecksum(item.id.value(), item.name, item.sku, item.upc, item.ean, item.rate.units(),
                     item.purchase_rate.units());
}

// What RowChecksum gives for generated item `g` stored under `id`.
uint64_t ExpectedRow(int64_t id, const GeneratedItem& g) {
  return RowChecksum(id, g.name, g.sku, g.upc, g.ean, g.rate.units(), g.purchase_rate.units());
}

std::unique_ptr<Engine> OpenEngine() {
  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Open({});
  if (!engine.ok()) Fail("Engine::Open: " + engine.status().ToString());
  return std::move(*engine);
}

struct EngineCatalog {
  std::unique_ptr<Engine> engine;
  std::vector<ItemId> ids;  // ids[i] is the id of generated item i
};

// Loads `items` in transactions of kBatch items.
std::unique_ptr<EngineCatalog> BuildEngineCatalog(const std::vector<GeneratedItem>& items) {
  auto out = std::make_unique<EngineCatalog>();
  out->engine = OpenEngine();
  out->ids.reserve(items.size());
  for (size_t begin = 0; begin < items.size(); begin += kBatch) {
    Transaction txn = out->engine->BeginTransaction();
    for (size_t i = begin; i < items.size() && i < begin + kBatch; ++i) {
      absl::StatusOr<const Item*> created = txn.CreateItem(MakeItem(items[i]));
      if (!created.ok()) Fail("CreateItem: " + created.status().ToString());
      out->ids.push_back((*created)->id);
    }
    if (absl::Status s = txn.Commit(); !s.ok()) Fail("Commit: " + s.ToString());
  }
  return out;
}

struct SqliteFixture {
  std::unique_ptr<SqliteCatalog> db = std::make_unique<SqliteCatalog>();
  std::vector<int64_t> ids;  // ids[i] is the rowid of generated item i
};

std::unique_ptr<SqliteFixture> BuildSqliteCatalog(const std::vector<GeneratedItem>& items) {
  auto out = std::make_unique<SqliteFixture>();
  out->ids.reserve(items.size());
  for (size_t begin = 0; begin < items.size(); begin += kBatch) {
    out->db->Begin();
    for (size_t i = begin; i < items.size() && i < begin + kBatch; ++i) {
      int64_t id = out->db->Insert(items[i]);
      if (id == 0) Fail(std::string("INSERT: ") + sqlite3_errmsg(out->db->db()));
      out->ids.push_back(id);
    }
    out->db->Commit();
  }
  return out;
}

// The lookup fixtures; the memory benchmarks hand over what they built.
std::unique_ptr<EngineCatalog> g_engine;
std::unique_ptr<SqliteFixture> g_sqlite;

void VerifyEngine(const EngineCatalog& c, const std::vector<GeneratedItem>& items) {
  Snapshot snap = c.engine->GetSnapshot();
  if (snap.ItemCount() != items.size()) Fail("engine item count");
  for (size_t i = 0; i < items.size(); i += 1 + items.size() / 1000) {
    const Item* by_id = snap.FindItem(c.ids[i]);
    const Item* by_sku = snap.FindItemBySku(items[i].sku);
    const Item* by_upc = snap.FindItemByUpc(items[i].upc);
    const uint64_t want = ExpectedRow(c.ids[i].value(), items[i]);
    if (!by_id || !by_sku || !by_upc || EngineRow(*by_id) != want || EngineRow(*by_sku) != want ||
        EngineRow(*by_upc) != want) {
      Fail("engine lookup returned the wrong item");
    }
  }
}

void VerifySqlite(SqliteFixture& c, const std::vector<GeneratedItem>& items) {
  for (size_t i = 0; i < items.size(); i += 1 + items.size() / 1000) {
    const uint64_t want = ExpectedRow(c.ids[i], items[i]);
    if (c.db->FindById(c.ids[i]) != want || c.db->FindBySku(items[i].sku) != want ||
        c.db->FindByUpc(items[i].upc) != want) {
      Fail("SQLite lookup returned the wrong row");
    }
  }
}

EngineCatalog& EngineFixture(size_t n) {
  if (!g_engine || g_engine->ids.size() != n) {
    g_engine = BuildEngineCatalog(Catalog(n));
    VerifyEngine(*g_engine, Catalog(n));
  }
  return *g_engine;
}

SqliteFixture& SqliteFixtureFor(size_t n) {
  if (!g_sqlite || g_sqlite->ids.size() != n) {
    g_sqlite = BuildSqliteCatalog(Catalog(n));
    VerifySqlite(*g_sqlite, Catalog(n));
  }
  return *g_sqlite;
}

// Random keys of the generated catalog, the same sequence for both.
struct LookupKeys {
  std::vector<ItemId> engine_ids;
  std::vector<int64_t> sqlite_ids;
  std::vector<std::string> skus;
  std::vector<std::string> upcs;
};

const LookupKeys& Keys(size_t n) {
  static std::unique_ptr<LookupKeys> keys;
  static size_t keys_n = 0;
  if (!keys || keys_n != n) {
    const auto& items = Catalog(n);
    const EngineCatalog& e = EngineFixture(n);
    const SqliteFixture& s = SqliteFixtureFor(n);
    keys = std::make_unique<LookupKeys>();
    keys_n = n;
    SplitMix64 rng(kLookupSeed);
    for (size_t k = 0; k < kLookupKeys; ++k) {
      size_t i = rng.Below(n);
      keys->engine_ids.push_back(e.ids[i]);
      keys->sqlite_ids.push_back(s.ids[i]);
      keys->skus.push_back(items[i].sku);
      keys->upcs.push_back(items[i].upc);
    }
  }
  return *keys;
}

// ---------------------------------------------------------------------------
// Memory per item.

void BM_EngineMemory(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const auto& items = Catalog(n);
  g_engine.reset();  // a rebuild below must not count the old one
  std::unique_ptr<EngineCatalog> built;
  for (auto _ : state) {
    const size_t heap0 = HeapInUse();
    const size_t rss0 = ResidentBytes();
    built = BuildEngineCatalog(items);
    const size_t heap1 = HeapInUse();
    const size_t rss1 = ResidentBytes();
    // The ids vector belongs to the benchmark, not to the engine.
    const double ids_bytes = static_cast<double>(built->ids.capacity() * sizeof(ItemId));
    state.counters["bytes_per_item"] =
        (static_cast<double>(heap1 - heap0) - ids_bytes) / static_cast<double>(n);
    state.counters["rss_bytes_per_item"] =
        (static_cast<double>(rss1) - static_cast<double>(rss0) - ids_bytes) / static_cast<double>(n);
    state.counters["sizeof_item"] = sizeof(Item);
  }
  VerifyEngine(*built, items);
  g_engine = std::move(built);
}

void BM_SqliteMemory(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const auto& items = Catalog(n);
  g_sqlite.reset();
  std::unique_ptr<SqliteFixture> built;
  for (auto _ : state) {
    const size_t heap0 = HeapInUse();
    const size_t rss0 = ResidentBytes();
    const int64_t sqlite0 = sqlite3_memory_used();
    built = BuildSqliteCatalog(items);
    const size_t heap1 = HeapInUse();
    const size_t rss1 = ResidentBytes();
    const int64_t sqlite1 = sqlite3_memory_used();
    const double ids_bytes = static_cast<double>(built->ids.capacity() * sizeof(int64_t));
    state.counters["bytes_per_item"] =
        (static_cast<double>(heap1 - heap0) - ids_bytes) / static_cast<double>(n);
    state.counters["rss_bytes_per_item"] =
        (static_cast<double>(rss1) - static_cast<double>(rss0) - ids_bytes) / static_cast<double>(n);
    state.counters["sqlite_memory_used_per_item"] =
        static_cast<double>(sqlite1 - sqlite0) / static_cast<double>(n);
  }
  VerifySqlite(*built, items);
  g_sqlite = std::move(built);
}

// ---------------------------------------------------------------------------
// Lookups.

enum class Key { kId, kSku, kUpc };

template <Key K>
const Item* EngineFind(const Reader& r, const LookupKeys& keys, size_t k) {
  if constexpr (K == Key::kId) return r.FindItem(keys.engine_ids[k]);
  if constexpr (K == Key::kSku) return r.FindItemBySku(keys.skus[k]);
  if constexpr (K == Key::kUpc) return r.FindItemByUpc(keys.upcs[k]);
}

template <Key K>
std::optional<uint64_t> SqliteFind(SqliteCatalog& db, const LookupKeys& keys, size_t k) {
  if constexpr (K == Key::kId) return db.FindById(keys.sqlite_ids[k]);
  if constexpr (K == Key::kSku) return db.FindBySku(keys.skus[k]);
  if constexpr (K == Key::kUpc) return db.FindByUpc(keys.upcs[k]);
}

// Every lookup reads the found item's columns (RowChecksum), as the SQLite
// one does, and a missing key fails the benchmark. Successive lookups are
// independent, so with one long-lived snapshot the CPU may overlap the
// cache misses of neighbouring lookups (a throughput figure); taking a
// snapshot per lookup puts a locked read-modify-write (a full barrier on
// x86) between them, so that variant is close to the latency of one lookup.
template <Key K>
void BM_EngineLookupOneSnapshot(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const LookupKeys& keys = Keys(n);
  Engine& engine = *EngineFixture(n).engine;
  Snapshot snap = engine.GetSnapshot();
  uint64_t sum = 0;
  size_t k = 0;
  for (auto _ : state) {
    const Item* item = EngineFind<K>(snap, keys, k++ & (kLookupKeys - 1));
    if (item == nullptr) {
      state.SkipWithError("key not found");
      break;
    }
    sum += EngineRow(*item);
  }
  benchmark::DoNotOptimize(sum);
}

template <Key K>
void BM_EngineLookupSnapshotPerLookup(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const LookupKeys& keys = Keys(n);
  Engine& engine = *EngineFixture(n).engine;
  uint64_t sum = 0;
  size_t k = 0;
  for (auto _ : state) {
    Snapshot snap = engine.GetSnapshot();
    const Item* item = EngineFind<K>(snap, keys, k++ & (kLookupKeys - 1));
    if (item == nullptr) {
      state.SkipWithError("key not found");
      break;
    }
    sum += EngineRow(*item);
  }
  benchmark::DoNotOptimize(sum);
}

template <Key K, bool kOneReadTxn>
void BM_SqliteLookup(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const LookupKeys& keys = Keys(n);
  SqliteCatalog& db = *SqliteFixtureFor(n).db;
  if (kOneReadTxn) db.Begin();
  uint64_t sum = 0;
  size_t k = 0;
  for (auto _ : state) {
    std::optional<uint64_t> row = SqliteFind<K>(db, keys, k++ & (kLookupKeys - 1));
    if (!row) {
      state.SkipWithError("key not found");
      break;
    }
    sum += *row;
  }
  if (kOneReadTxn) db.Commit();
  benchmark::DoNotOptimize(sum);
}

// ---------------------------------------------------------------------------
// Creation: each repetition grows a fresh catalog from 0 to N items (the
// benchmark runs exactly N iterations), so the figure is the mean per item
// over a catalog growing toward N, rehashes and all. Building the Item (or
// binding the row) from the generated data is part of the timed work.

void BM_EngineCreateTxnPerItem(benchmark::State& state) {
  const auto& items = Catalog(static_cast<size_t>(state.range(0)));
  std::unique_ptr<Engine> engine = OpenEngine();
  size_t i = 0;
  for (auto _ : state) {
    Transaction txn = engine->BeginTransaction();
    absl::StatusOr<const Item*> created = txn.CreateItem(MakeItem(items[i++ % items.size()]));
    if (!created.ok() || !txn.Commit().ok()) {
      state.SkipWithError("CreateItem or Commit failed");
      break;
    }
  }
}

void BM_EngineCreateBatch(benchmark::State& state) {
  const auto& items = Catalog(static_cast<size_t>(state.range(0)));
  std::unique_ptr<Engine> engine = OpenEngine();
  size_t i = 0;
  Transaction txn = engine->BeginTransaction();
  for (auto _ : state) {
    absl::StatusOr<const Item*> created = txn.CreateItem(MakeItem(items[i++ % items.size()]));
    if (!created.ok()) {
      state.SkipWithError("CreateItem failed");
      break;
    }
    if (i % kBatch == 0) {
      if (!txn.Commit().ok()) {
        state.SkipWithError("Commit failed");
        break;
      }
      txn = engine->BeginTransaction();
    }
  }
  if (txn.active() && !txn.Commit().ok()) state.SkipWithError("Commit failed");
}

void BM_SqliteCreateTxnPerItem(benchmark::State& state) {
  const auto& items = Catalog(static_cast<size_t>(state.range(0)));
  SqliteCatalog db;
  size_t i = 0;
  for (auto _ : state) {
    db.Begin();
    int64_t id = db.Insert(items[i++ % items.size()]);
    db.Commit();
    if (id == 0) {
      state.SkipWithError("INSERT failed");
      break;
    }
  }
}

void BM_SqliteCreateBatch(benchmark::State& state) {
  const auto& items = Catalog(static_cast<size_t>(state.range(0)));
  SqliteCatalog db;
  size_t i = 0;
  db.Begin();
  for (auto _ : state) {
    if (db.Insert(items[i++ % items.size()]) == 0) {
      state.SkipWithError("INSERT failed");
      break;
    }
    if (i % kBatch == 0) {
      db.Commit();
      db.Begin();
    }
  }
  db.Commit();
}

// ---------------------------------------------------------------------------
// The table: medians paired engine / SQLite.

struct Row {
  const char* label;
  const char* engine;
  const char* sqlite;
  // Engine target: time in ns, or bytes per item when `memory`.
  double target;
  bool memory = false;
};

constexpr Row kRows[] = {
    {"lookup by id, one snapshot / one read txn", "Lookup/Engine/ById/OneSnapshot",
     "Lookup/Sqlite/ById/OneReadTxn", 200},
    {"lookup by SKU, one snapshot / one read txn", "Lookup/Engine/BySku/OneSnapshot",
     "Lookup/Sqlite/BySku/OneReadTxn", 200},
    {"lookup by UPC, one snapshot / one read txn", "Lookup/Engine/ByUpc/OneSnapshot",
     "Lookup/Sqlite/ByUpc/OneReadTxn", 200},
    {"lookup by id, snapshot per lookup / autocommit", "Lookup/Engine/ById/SnapshotPerLookup",
     "Lookup/Sqlite/ById/Autocommit", 200},
    {"lookup by SKU, snapshot per lookup / autocommit", "Lookup/Engine/BySku/SnapshotPerLookup",
     "Lookup/Sqlite/BySku/Autocommit", 200},
    {"lookup by UPC, snapshot per lookup / autocommit", "Lookup/Engine/ByUpc/SnapshotPerLookup",
     "Lookup/Sqlite/ByUpc/Autocommit", 200},
    {"create, one transaction per item", "Create/Engine/TxnPerItem", "Create/Sqlite/TxnPerItem",
     3000},
    {"create, 1000 items per transaction", "Create/Engine/Batch1000", "Create/Sqlite/Batch1000",
     3000},
    {"bulk load (1000 per txn), time per item", "Memory/Engine/Build", "Memory/Sqlite/Build", 0},
    {"heap bytes per item (mallinfo2)", "Memory/Engine/Build", "Memory/Sqlite/Build", 600, true},
};

class CatalogTableReporter : public TableReporter {
 public:
  void Finalize() override {
    std::FILE* out = stdout;
    std::fprintf(out,
                 "\n## catalog_bench: %zu items; medians of %d repetitions of the mean CPU time "
                 "per operation; memory and bulk load: one run\n",
                 g_items, g_repetitions);
    PrintTableHead(out);
    for (const Row& row : kRows) {
      const Result* e = Find(row.engine);
      const Result* s = Find(row.sqlite);
      if (e == nullptr && s == nullptr) continue;
      double ev = 0, sv = 0;
      std::string es = "-", ss = "-";
      if (row.memory) {
        auto value = [](const Result& r) {
          auto c = r.counters.find("bytes_per_item");
          return c == r.counters.end() ? 0.0 : c->second;
        };
        if (e) ev = value(*e), es = std::to_string(std::lround(ev)) + " B";
        if (s) sv = value(*s), ss = std::to_string(std::lround(sv)) + " B";
      } else {
        // The memory benchmarks time one build of N items.
        const double per = std::string_view(row.engine).starts_with("Memory/") ? double(g_items) : 1;
        if (e) ev = e->ns / per, es = FormatNs(ev);
        if (s) sv = s->ns / per, ss = FormatNs(sv);
      }
      PrintRow(out, row.label, ev, sv, es, ss, row.target,
               row.memory ? std::to_string(int(row.target)) + " B" : FormatNs(row.target));
    }
    for (const char* name : {"Memory/Engine/Build", "Memory/Sqlite/Build"}) {
      const Result* r = Find(name);
      if (r == nullptr) continue;
      std::fprintf(out, "\n%s counters:", name);
      for (const auto& [counter, value] : r->counters) {
        std::fprintf(out, " %s=%.1f", counter.c_str(), value);
      }
    }
    std::fprintf(out, "\n");
    std::fflush(out);
  }
};

// ---------------------------------------------------------------------------

void RegisterAll() {
  const auto n = static_cast<int64_t>(g_items);
  auto timing = [&](benchmark::internal::Benchmark* b) {
    b->Arg(n)->Unit(benchmark::kNanosecond)->Repetitions(g_repetitions)->ReportAggregatesOnly(true);
  };
  auto once = [&](benchmark::internal::Benchmark* b) {
    b->Arg(n)->Unit(benchmark::kNanosecond)->Iterations(1)->Repetitions(1);
  };
  once(benchmark::RegisterBenchmark("Memory/Engine/Build", BM_EngineMemory));
  once(benchmark::RegisterBenchmark("Memory/Sqlite/Build", BM_SqliteMemory));

  timing(benchmark::RegisterBenchmark("Lookup/Engine/ById/OneSnapshot", BM_EngineLookupOneSnapshot<Key::kId>));
  timing(benchmark::RegisterBenchmark("Lookup/Sqlite/ById/OneReadTxn", BM_SqliteLookup<Key::kId, true>));
  timing(benchmark::RegisterBenchmark("Lookup/Engine/BySku/OneSnapshot", BM_EngineLookupOneSnapshot<Key::kSku>));
  timing(benchmark::RegisterBenchmark("Lookup/Sqlite/BySku/OneReadTxn", BM_SqliteLookup<Key::kSku, true>));
  timing(benchmark::RegisterBenchmark("Lookup/Engine/ByUpc/OneSnapshot", BM_EngineLookupOneSnapshot<Key::kUpc>));
  timing(benchmark::RegisterBenchmark("Lookup/Sqlite/ByUpc/OneReadTxn", BM_SqliteLookup<Key::kUpc, true>));
  timing(benchmark::RegisterBenchmark("Lookup/Engine/ById/SnapshotPerLookup",
                                      BM_EngineLookupSnapshotPerLookup<Key::kId>));
  timing(benchmark::RegisterBenchmark("Lookup/Sqlite/ById/Autocommit", BM_SqliteLookup<Key::kId, false>));
  timing(benchmark::RegisterBenchmark("Lookup/Engine/BySku/SnapshotPerLookup",
                                      BM_EngineLookupSnapshotPerLookup<Key::kSku>));
  timing(benchmark::RegisterBenchmark("Lookup/Sqlite/BySku/Autocommit", BM_SqliteLookup<Key::kSku, false>));
  timing(benchmark::RegisterBenchmark("Lookup/Engine/ByUpc/SnapshotPerLookup",
                                      BM_EngineLookupSnapshotPerLookup<Key::kUpc>));
  timing(benchmark::RegisterBenchmark("Lookup/Sqlite/ByUpc/Autocommit", BM_SqliteLookup<Key::kUpc, false>));

  // Creation runs exactly N iterations per repetition: a catalog from 0 to N.
  using Fn = void (*)(benchmark::State&);
  const std::pair<const char*, Fn> creates[] = {
      {"Create/Engine/TxnPerItem", BM_EngineCreateTxnPerItem},
      {"Create/Sqlite/TxnPerItem", BM_SqliteCreateTxnPerItem},
      {"Create/Engine/Batch1000", BM_EngineCreateBatch},
      {"Create/Sqlite/Batch1000", BM_SqliteCreateBatch}};
  for (const auto& [name, fn] : creates) {
    timing(benchmark::RegisterBenchmark(name, fn)->Iterations(n));
  }
}

// Takes --items=N and --repetitions=R out of argv.
void ParseOwnFlags(int* argc, char** argv) {
  int out = 1;
  for (int i = 1; i < *argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("--items=")) {
      g_items = std::strtoull(argv[i] + 8, nullptr, 10);
      if (g_items == 0 || g_items > 100'000'000) Fail("--items must be in 1..100000000");
    } else if (arg.starts_with("--repetitions=")) {
      g_repetitions = std::atoi(argv[i] + 14);
      if (g_repetitions < 1) Fail("--repetitions must be at least 1");
    } else {
      argv[out++] = argv[i];
    }
  }
  *argc = out;
}

}  // namespace
}  // namespace inventory::bench

int main(int argc, char** argv) {
  namespace bench = inventory::bench;
  return bench::RunBenchmarks<bench::CatalogTableReporter>(argc, argv, bench::ParseOwnFlags, bench::RegisterAll);
}
