// Query benchmarks (issue 6, workloads 1, 2 and 6): loading a catalog with
// item groups of variants, reading an item with its stock per location, and
// list queries (name prefix, low stock, sorted pages), for the engine and
// for the SQLite baseline (query_sqlite_baseline.h) doing the same work on
// the same data (query_catalog.h) in the same run. At the end it prints a
// Markdown table of medians with the SQLite / engine ratio, in
// catalog_bench's format, so that bench/scaling.sh can join it.
//
// Usage:
//   query_bench [--items=N] [--repetitions=R] [--benchmark_* flags]
// --items (default 1000000, 1000 to 10^7) is the catalog size, of which
// N / 100 item groups hold 6.7% of the items as variants;
// --repetitions (default 3) is how many times each timing runs. The table
// shows the median of the repetitions of the mean CPU time per operation.
//
// Benchmarks:
//   Load/{Engine,Sqlite}/WithGroups       the whole catalog from empty: per
//       block of 1000 items its plain items in one transaction, then each
//       of its groups with its variants in one transaction (one iteration
//       per repetition; the table divides by N; the counter
//       group_ns_per_variant is the CPU time of the group transactions per
//       variant). The last repetition's catalog, with the opening stock of
//       query_catalog.h added after it (not timed), serves the reads.
//   Read/{Engine,Sqlite}/ItemWithStock    a random item by id with its
//       figures at every location holding its stock: FindItem and
//       StockByLocation in one Snapshot; SQLite: items LEFT
//       JOIN balances by id, in one read transaction
//   List/{Engine,Sqlite}/<query>          one page of 200 rows, read in full,
//       in one Snapshot / one read transaction:
//       NamePrefix/Page1   names starting with one of 24 words (cycled)
//       LowStock/Page1     stock on hand at or below the reorder level
//       ByName/MiddlePage  sorted by name, the page at offset N/2
//       ByRate/Page1, ByRate/MiddlePage, BySku/Page1, BySku/MiddlePage
//
// Once both catalogs are loaded and stocked, the program checks that they
// agree (it aborts otherwise): item and group counts; for 2,000 items, the
// item with its stock (also against the generated data) and its group and
// options; and, for every list query, pages 1, 2, the middle one and one
// past the end, row by row (SKUs) and whether more pages follow.
#include <benchmark/benchmark.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "inventory/engine.h"
#include "inventory/transaction.h"
#include "query_catalog.h"
#include "query_sqlite_baseline.h"
#include "table_reporter.h"

namespace inventory::bench {
namespace {

size_t g_items = 1'000'000;
int g_repetitions = 3;

constexpr int kPerPage = 200;
constexpr size_t kItemsPerStockTxn = 1000;
// Point reads cycle through this many random items, stored in read order.
constexpr size_t kReadKeys = size_t{1} << 20;
constexpr uint64_t kReadSeed = 0x5EED'0F00'0006'0002ull;
const absl::CivilDay kOpeningDay(2026, 1, 1);
// The name-prefix queries cycle through these (every case must match).
constexpr std::array<std::string_view, 24> kPrefixes = {
    "Red", "blue", "NAVY", "Black", "white", "OLIVE", "Teal", "grey", "SAND", "Rust", "plum", "MINT",
    "Gold", "ivory", "CORAL", "Slate", "northwind", "CONTOSO", "Fabrikam", "tailspin", "ADATUM", "Litware",
    "proseware", "WINGTIP"};

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "query_bench: %s\n", what.c_str());
  std::abort();
}

void Check(const absl::Status& status, const char* what) {
  if (!status.ok()) Fail(std::string(what) + ": " + status.ToString());
}

double ThreadCpuNs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

const QueryCatalog& Data() {
  static std::unique_ptr<QueryCatalog> data;
  if (!data || data->items.size() != g_items) data = std::make_unique<QueryCatalog>(GenerateQueryCatalog(g_items));
  return *data;
}

// The page the "middle page" queries read: the one at offset N / 2.
int MiddlePage() { return static_cast<int>(g_items / 2 / kPerPage) + 1; }

// Random items for the point reads, the same sequence for both sides, as
// one side's ids (ids[i]: generated item i), in read order.
template <class Id>
std::vector<Id> ReadKeysOf(const std::vector<Id>& ids) {
  std::vector<Id> keys;
  keys.reserve(kReadKeys);
  SplitMix64 rng(kReadSeed);
  for (size_t k = 0; k < kReadKeys; ++k) keys.push_back(ids[rng.Below(ids.size())]);
  return keys;
}

size_t VariantCount(const QueryCatalog& c) {
  size_t n = 0;
  for (const VariantGroup& g : c.groups) n += g.variants.size();
  return n;
}

uint64_t ListRowChecksum(const ListRow& r) {
  return RowChecksum(0, r.name, r.sku, r.upc, r.ean, r.rate, r.purchase_rate);
}

// ---------------------------------------------------------------------------
// Loading: the same steps for both sides (a transaction each), driven by
// RunLoad and RunOpeningStock over a loader with Begin, Commit, Plain(i),
// Group(g) and Stock(i). Each side has a fixture (what was loaded, and the
// ids of the generated items) and the overloads LoadCatalog, AfterLoad and
// AddOpeningStock.

// Runs the catalog's load steps; returns the CPU time of the group steps.
template <class Loader>
double RunLoad(const QueryCatalog& c, Loader& load) {
  double group_ns = 0;
  for (const LoadStep& step : c.steps) {
    const double start = step.group >= 0 ? ThreadCpuNs() : 0;
    load.Begin();
    if (step.group >= 0) {
      load.Group(step.group);
    } else {
      for (size_t i = step.first; i < step.last; ++i) {
        if (c.group_of[i] < 0) load.Plain(i);
      }
    }
    load.Commit();
    if (step.group >= 0) group_ns += ThreadCpuNs() - start;
  }
  return group_ns;
}

// Gives every item its opening stock, kItemsPerStockTxn items a transaction.
template <class Loader>
void RunOpeningStock(const QueryCatalog& c, Loader& load) {
  for (size_t begin = 0; begin < c.items.size(); begin += kItemsPerStockTxn) {
    load.Begin();
    for (size_t i = begin; i < c.items.size() && i < begin + kItemsPerStockTxn; ++i) {
      if (c.opening[i] != std::array<int32_t, kQueryLocations>{}) load.Stock(i);
    }
    load.Commit();
  }
}

class EngineView;
class SqliteView;

struct EngineFixture {
  using View = EngineView;
  std::unique_ptr<Engine> engine;
  std::vector<ItemId> ids;      // ids[i]: generated item i
  std::vector<GroupId> groups;  // groups[g]: the catalog's group g
  bool stocked = false;
  std::vector<ItemId> read_keys;  // made with the opening stock
};

class EngineLoader {
 public:
  EngineLoader(const QueryCatalog& c, EngineFixture& f) : c_(c), f_(f) {}
  void Begin() { txn_.emplace(f_.engine->BeginTransaction()); }
  void Commit() {
    Check(txn_->Commit(), "Commit");
    txn_.reset();
  }
  void Plain(size_t i) {
    absl::StatusOr<const Item*> created = txn_->CreateItem(MakeItem(i));
    Check(created.status(), "CreateItem");
    f_.ids[i] = (*created)->id;
  }
  // The variants' ids are read after the load (AfterLoad), untimed.
  void Group(int g) {
    const VariantGroup& vg = c_.groups[g];
    ItemGroup group{.group_name = vg.name, .unit = "pcs"};
    for (const GroupAttribute& a : vg.attributes) {
      Attribute attribute{.name = a.name};
      for (const std::string& option : a.options) attribute.options.push_back({.name = option});
      group.attributes.push_back(std::move(attribute));
    }
    std::vector<Item> variants;
    variants.reserve(vg.variants.size());
    for (size_t v = 0; v < vg.variants.size(); ++v) {
      Item item = MakeItem(vg.first_item + v);
      for (size_t a = 0; a < vg.attributes.size(); ++a) item.attribute_options[a] = OptionName(vg, v, a);
      variants.push_back(std::move(item));
    }
    absl::StatusOr<const ItemGroup*> created = txn_->CreateGroup(std::move(group), std::move(variants));
    Check(created.status(), "CreateGroup");
    f_.groups[g] = (*created)->id;
  }
  void Stock(size_t i) {
    std::vector<OpeningStock> lines;
    for (int l = 0; l < kQueryLocations; ++l) {
      if (c_.opening[i][l] == 0) continue;
      lines.push_back({.location_id = LocationId(l + 1), .quantity = Quantity::FromInt(c_.opening[i][l]),
                       .rate = c_.items[i].purchase_rate});
    }
    Check(txn_->SetOpeningStock(f_.ids[i], kOpeningDay, std::move(lines)), "SetOpeningStock");
  }

 private:
  Item MakeItem(size_t i) const {
    const GeneratedItem& g = c_.items[i];
    return Item{.name = g.name, .sku = g.sku, .upc = g.upc, .ean = g.ean, .rate = g.rate,
                .purchase_rate = g.purchase_rate, .reorder_level = Quantity::FromInt(c_.reorder_level[i])};
  }
  const QueryCatalog& c_;
  EngineFixture& f_;
  std::optional<Transaction> txn_;
};

// A new engine with the four locations (ids 1 to 4, as in SQLite) and the
// catalog; returns the CPU time of the group transactions.
double LoadCatalog(const QueryCatalog& c, EngineFixture& f) {
  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Open({});
  Check(engine.status(), "Engine::Open");
  f.engine = std::move(*engine);
  f.ids.assign(c.items.size(), ItemId());
  f.groups.assign(c.groups.size(), GroupId());
  {
    Transaction txn = f.engine->BeginTransaction();
    if (txn.PrimaryLocation()->id != LocationId(1)) Fail("the primary location's id is not 1");
    for (int l = 1; l < kQueryLocations; ++l) {
      absl::StatusOr<const Location*> made = txn.CreateLocation({.name = kQueryLocationNames[l]});
      Check(made.status(), "CreateLocation");
      if ((*made)->id != LocationId(l + 1)) Fail("location ids are not 1 to 4");
    }
    Check(txn.Commit(), "Commit");
  }
  EngineLoader loader(c, f);
  return RunLoad(c, loader);
}

// Reads the variants' ids, which CreateGroup does not return.
void AfterLoad(const QueryCatalog& c, EngineFixture& f) {
  Snapshot snap = f.engine->GetSnapshot();
  for (size_t g = 0; g < c.groups.size(); ++g) {
    std::vector<const Item*> variants = snap.ItemsInGroup(f.groups[g]);
    if (variants.size() != c.groups[g].variants.size()) Fail("a group lost variants");
    for (size_t v = 0; v < variants.size(); ++v) f.ids[c.groups[g].first_item + v] = variants[v]->id;
  }
}

void AddOpeningStock(const QueryCatalog& c, EngineFixture& f) {
  EngineLoader loader(c, f);
  RunOpeningStock(c, loader);
}

struct SqliteFixture {
  using View = SqliteView;
  std::unique_ptr<SqliteQueryCatalog> db;
  std::vector<int64_t> ids;  // ids[i]: generated item i
  bool stocked = false;
  std::vector<int64_t> read_keys;  // made with the opening stock
};

class SqliteLoader {
 public:
  SqliteLoader(const QueryCatalog& c, SqliteFixture& f) : c_(c), f_(f) {}
  void Begin() { f_.db->Begin(); }
  void Commit() { f_.db->Commit(); }
  void Plain(size_t i) { f_.ids[i] = f_.db->InsertItem(c_.items[i], c_.reorder_level[i]); }
  void Group(int g) { f_.db->InsertGroup(c_, c_.groups[g], &f_.ids[c_.groups[g].first_item]); }
  void Stock(size_t i) { f_.db->SetOpeningStock(f_.ids[i], c_.opening[i], c_.items[i].purchase_rate); }

 private:
  const QueryCatalog& c_;
  SqliteFixture& f_;
};

// A new database (with the four locations) and the catalog; returns the
// CPU time of the group transactions.
double LoadCatalog(const QueryCatalog& c, SqliteFixture& f) {
  f.db = std::make_unique<SqliteQueryCatalog>();
  f.ids.assign(c.items.size(), 0);
  SqliteLoader loader(c, f);
  return RunLoad(c, loader);
}

void AfterLoad(const QueryCatalog&, SqliteFixture&) {}

void AddOpeningStock(const QueryCatalog& c, SqliteFixture& f) {
  SqliteLoader loader(c, f);
  RunOpeningStock(c, loader);
}

// The fixtures of the reads; the load benchmarks hand over what they built.
std::unique_ptr<EngineFixture> g_engine;
std::unique_ptr<SqliteFixture> g_sqlite;

// ---------------------------------------------------------------------------
// Reading: a view of one side, which the timed loops and the cross-check
// call: one Snapshot, or one read transaction, for its lifetime.

class EngineView {
 public:
  explicit EngineView(EngineFixture& f) : snap_(f.engine->GetSnapshot()) {}

  // FindItem, then StockByLocation (StockAt of each of StockedLocations, from
  // one lookup).
  std::optional<uint64_t> ItemWithStock(ItemId id) const {
    const Item* item = snap_.FindItem(id);
    if (item == nullptr) return std::nullopt;
    uint64_t sum = RowChecksum(0, item->name, item->sku, item->upc, item->ean, item->rate.units(),
                               item->purchase_rate.units());
    for (const auto& [location, f] : snap_.StockByLocation(id)) {
      sum += StockChecksum(location.value(), f.stock_on_hand.units(), f.available_stock.units(),
                           f.committed_stock.units(), f.quantity_in_transit.units(), f.asset_value.units());
    }
    return sum;
  }

  // As SqliteQueryCatalog::VariantOf.
  std::string VariantOf(ItemId id) const {
    const Item* item = snap_.FindItem(id);
    if (item == nullptr || !item->group_id) return "";
    const ItemGroup* group = snap_.FindGroup(*item->group_id);
    if (group == nullptr) return "?";
    std::string out = group->group_name;
    for (size_t a = 0; a < group->attributes.size(); ++a) {
      out.append("|").append(group->attributes[a].name).append("=").append(item->attribute_options[a]);
    }
    return out;
  }

  // As SqliteQueryCatalog::List, pages of kPerPage: ListItems, each row
  // passed to row(const ListRow&); returns whether more pages follow.
  template <class F>
  bool List(ListKind kind, std::string_view prefix, int page, F&& row) const {
    ItemQuery q;
    q.page = page;
    q.per_page = kPerPage;
    switch (kind) {
      case ListKind::kNamePrefix: q.name_startswith = std::string(prefix); break;
      case ListKind::kLowStock: q.filter = ItemFilter::kLowStock; break;
      case ListKind::kByName: break;
      case ListKind::kByRate: q.sort_column = SortColumn::kRate; break;
      case ListKind::kBySku: q.sort_column = SortColumn::kSku; break;
    }
    const Page<Item> result = snap_.ListItems(q);
    for (const Item* item : result.rows) {
      row(ListRow{.name = item->name, .sku = item->sku, .upc = item->upc, .ean = item->ean,
                  .rate = item->rate.units(), .purchase_rate = item->purchase_rate.units()});
    }
    return result.has_more_page;
  }

  size_t ItemCount() const { return snap_.ItemCount(); }
  size_t GroupCount() const { return snap_.ListGroups({.per_page = INT_MAX}).rows.size(); }

 private:
  Snapshot snap_;
};

class SqliteView {
 public:
  explicit SqliteView(SqliteFixture& f) : db_(*f.db) { db_.Begin(); }
  ~SqliteView() { db_.Commit(); }
  SqliteView(const SqliteView&) = delete;
  SqliteView& operator=(const SqliteView&) = delete;

  std::optional<uint64_t> ItemWithStock(int64_t id) { return db_.ItemWithStock(id); }
  std::string VariantOf(int64_t id) { return db_.VariantOf(id); }
  template <class F>
  bool List(ListKind kind, std::string_view prefix, int page, F&& row) {
    return db_.List(kind, prefix, page, kPerPage, std::forward<F>(row));
  }
  size_t ItemCount() { return static_cast<size_t>(db_.Count("items")); }
  size_t GroupCount() { return static_cast<size_t>(db_.Count("item_groups")); }

 private:
  SqliteQueryCatalog& db_;
};

// What a point read of generated item i must fold to.
uint64_t ExpectedItemWithStock(const QueryCatalog& c, size_t i) {
  const GeneratedItem& g = c.items[i];
  uint64_t sum = RowChecksum(0, g.name, g.sku, g.upc, g.ean, g.rate.units(), g.purchase_rate.units());
  for (int l = 0; l < kQueryLocations; ++l) {
    const int64_t q = c.opening[i][l];
    if (q != 0) sum += StockChecksum(l + 1, q * Quantity::kScale, q * Quantity::kScale, 0, 0, q * g.purchase_rate.units());
  }
  return sum;
}

struct ListCase {
  const char* name;  // the benchmark's name after List/{Engine,Sqlite}/
  ListKind kind;
  bool middle;  // the page at offset N / 2, else page 1
};

constexpr ListCase kListCases[] = {
    {"NamePrefix/Page1", ListKind::kNamePrefix, false}, {"LowStock/Page1", ListKind::kLowStock, false},
    {"ByName/MiddlePage", ListKind::kByName, true},     {"ByRate/Page1", ListKind::kByRate, false},
    {"ByRate/MiddlePage", ListKind::kByRate, true},     {"BySku/Page1", ListKind::kBySku, false},
    {"BySku/MiddlePage", ListKind::kBySku, true},
};

// Compares the two catalogs (see the top of the file); aborts on the first
// difference.
void CrossCheck(const QueryCatalog& c, EngineFixture& e, SqliteFixture& s) {
  EngineView engine(e);
  SqliteView sqlite(s);
  const size_t groups = engine.GroupCount();
  if (engine.ItemCount() != c.items.size() || sqlite.ItemCount() != c.items.size() || groups != c.groups.size() ||
      sqlite.GroupCount() != groups) {
    Fail("item or group counts differ");
  }
  size_t read = 0, stocked = 0, variants = 0;
  for (size_t i = 0; i < c.items.size(); i += std::max<size_t>(1, c.items.size() / 2000), ++read) {
    const std::optional<uint64_t> want = ExpectedItemWithStock(c, i);
    if (engine.ItemWithStock(e.ids[i]) != want || sqlite.ItemWithStock(s.ids[i]) != want) {
      Fail("item with stock differs for item " + c.items[i].sku);
    }
    const std::string variant = engine.VariantOf(e.ids[i]);
    if (variant != sqlite.VariantOf(s.ids[i]) || variant.empty() != (c.group_of[i] < 0)) {
      Fail("group or options differ for item " + c.items[i].sku);
    }
    stocked += c.opening[i] != std::array<int32_t, kQueryLocations>{};
    variants += !variant.empty();
  }
  size_t pages = 0, rows = 0;
  for (const ListCase& lc : kListCases) {
    const size_t prefixes = lc.kind == ListKind::kNamePrefix ? kPrefixes.size() : 1;
    for (size_t p = 0; p < prefixes; ++p) {
      for (int page : {1, 2, MiddlePage(), static_cast<int>(g_items / kPerPage) + 2}) {
        std::vector<std::string> engine_skus, sqlite_skus;
        const bool engine_more =
            engine.List(lc.kind, kPrefixes[p], page, [&](const ListRow& r) { engine_skus.emplace_back(r.sku); });
        const bool sqlite_more =
            sqlite.List(lc.kind, kPrefixes[p], page, [&](const ListRow& r) { sqlite_skus.emplace_back(r.sku); });
        if (engine_skus != sqlite_skus || engine_more != sqlite_more) {
          Fail(std::string("list ") + lc.name + " page " + std::to_string(page) + " differs");
        }
        ++pages;
        rows += engine_skus.size();
      }
    }
  }
  std::fprintf(stderr,
               "query_bench: engine and SQLite agree: %zu items, %zu groups; %zu items read back (%zu with stock, "
               "%zu variants); %zu list pages, %zu rows\n",
               c.items.size(), groups, read, stocked, variants, pages, rows);
}

// Cross-checks once both fixtures are ready.
void CrossCheckIfBoth() {
  static const void* checked = nullptr;
  if (!g_engine || !g_sqlite || !g_engine->stocked || !g_sqlite->stocked || checked == g_engine.get()) return;
  CrossCheck(Data(), *g_engine, *g_sqlite);
  checked = g_engine.get();
}

// The fixture in `slot`, loaded (if a load benchmark has not) and stocked.
template <class Fixture>
Fixture& Ready(std::unique_ptr<Fixture>& slot) {
  const QueryCatalog& c = Data();
  if (!slot) {
    slot = std::make_unique<Fixture>();
    LoadCatalog(c, *slot);
    AfterLoad(c, *slot);
  }
  if (!slot->stocked) {
    AddOpeningStock(c, *slot);
    slot->stocked = true;
    slot->read_keys = ReadKeysOf(slot->ids);
  }
  CrossCheckIfBoth();
  return *slot;
}

// ---------------------------------------------------------------------------
// The benchmarks, each for either side: Fixture is EngineFixture or
// SqliteFixture, kSlot the global holding it.

template <class Fixture, std::unique_ptr<Fixture>* kSlot>
void BM_Load(benchmark::State& state) {
  const QueryCatalog& c = Data();
  kSlot->reset();  // the previous catalog must not share the machine with this one
  auto built = std::make_unique<Fixture>();
  double group_ns = 0;
  for (auto _ : state) group_ns = LoadCatalog(c, *built);
  state.counters["group_ns_per_variant"] = group_ns / static_cast<double>(VariantCount(c));
  AfterLoad(c, *built);
  *kSlot = std::move(built);
}

template <class Fixture, std::unique_ptr<Fixture>* kSlot>
void BM_ItemWithStock(benchmark::State& state) {
  Fixture& f = Ready(*kSlot);
  typename Fixture::View view(f);
  uint64_t sum = 0;
  size_t k = 0;
  for (auto _ : state) {
    std::optional<uint64_t> row = view.ItemWithStock(f.read_keys[k++ & (kReadKeys - 1)]);
    if (!row) {
      state.SkipWithError("item not found");
      break;
    }
    sum += *row;
  }
  benchmark::DoNotOptimize(sum);
}

// One page per iteration, every row folded into a checksum; the name
// prefix cycles through kPrefixes. A page with no rows fails the benchmark.
template <class Fixture, std::unique_ptr<Fixture>* kSlot>
void BM_List(benchmark::State& state, ListCase lc) {
  typename Fixture::View view(Ready(*kSlot));
  const int page = lc.middle ? MiddlePage() : 1;
  uint64_t sum = 0;
  size_t k = 0;
  for (auto _ : state) {
    size_t rows = 0;
    view.List(lc.kind, kPrefixes[k++ % kPrefixes.size()], page, [&](const ListRow& r) {
      sum += ListRowChecksum(r);
      ++rows;
    });
    if (rows == 0) {
      state.SkipWithError("empty page");
      break;
    }
  }
  benchmark::DoNotOptimize(sum);
}

// ---------------------------------------------------------------------------
// The table: medians paired engine / SQLite.

struct Row {
  std::string label;
  std::string engine, sqlite;  // benchmark names
  double target = 0;           // engine target in ns (0: none)
  double divisor = 1;          // the figure is the time / divisor
  const char* counter = nullptr;  // or this counter's value
  double min_ratio = 0;        // SQLite / engine target (0: none)
};

std::vector<Row> Rows() {
  const double n = static_cast<double>(g_items);
  std::vector<Row> rows = {
      {"catalog load with groups (1000 plain items per txn, one txn per group), time per item",
       "Load/Engine/WithGroups", "Load/Sqlite/WithGroups", 0, n},
      {"of which the group transactions, time per variant", "Load/Engine/WithGroups", "Load/Sqlite/WithGroups", 0,
       1, "group_ns_per_variant"},
      // Issue 6's point-read targets: at most 200 ns, at least 20x SQLite.
      {"item with its stock per location, one snapshot / one read txn", "Read/Engine/ItemWithStock",
       "Read/Sqlite/ItemWithStock", 200, 1, nullptr, 20},
  };
  const char* labels[] = {"list: name prefix, page 1 of 200",
                          "list: low stock, page 1 of 200",
                          "list: by name, middle page of 200 (offset N/2)",
                          "list: by rate, page 1 of 200",
                          "list: by rate, middle page of 200 (offset N/2)",
                          "list: by SKU, page 1 of 200",
                          "list: by SKU, middle page of 200 (offset N/2)"};
  for (size_t i = 0; i < std::size(kListCases); ++i) {
    rows.push_back({labels[i], std::string("List/Engine/") + kListCases[i].name,
                    std::string("List/Sqlite/") + kListCases[i].name});
  }
  return rows;
}

class QueryTableReporter : public TableReporter {
 public:
  void Finalize() override {
    std::FILE* out = stdout;
    std::fprintf(out,
                 "\n## query_bench: %zu items, %zu groups; medians of %d repetitions of the mean CPU time per "
                 "operation (the load: of one load each)\n",
                 g_items, Data().groups.size(), g_repetitions);
    PrintTableHead(out);
    // The ratio column has two decimals; where SQLite is faster, this says
    // by how much.
    std::string slower;
    for (const Row& row : Rows()) {
      const Result* e = Find(row.engine);
      const Result* s = Find(row.sqlite);
      if (e == nullptr && s == nullptr) continue;
      auto value = [&](const Result* r) {
        if (r == nullptr) return 0.0;
        if (row.counter == nullptr) return r->ns / row.divisor;
        auto c = r->counters.find(row.counter);
        return c == r->counters.end() ? 0.0 : c->second;
      };
      const double ev = value(e), sv = value(s);
      PrintRow(out, row.label.c_str(), ev, sv, ev > 0 ? FormatNs(ev) : "-", sv > 0 ? FormatNs(sv) : "-",
               row.target, FormatNs(row.target), row.min_ratio);
      if (ev > sv && sv > 0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1fx", ev / sv);
        slower += "\n- " + row.label + ": " + buf;
      }
    }
    if (!slower.empty()) std::fprintf(out, "\nWhere SQLite is faster, engine / SQLite:%s\n", slower.c_str());
    std::fflush(out);
  }
};

// ---------------------------------------------------------------------------

void RegisterAll() {
  const auto n = static_cast<int64_t>(g_items);
  // Registers "<kind>/Engine/<what>" and "<kind>/Sqlite/<what>", in that
  // order, each called with `args`.
  auto both = [&](const std::string& kind, const std::string& what, auto engine, auto sqlite, auto... args) {
    std::array<benchmark::internal::Benchmark*, 2> made = {
        benchmark::RegisterBenchmark((kind + "/Engine/" + what).c_str(), engine, args...),
        benchmark::RegisterBenchmark((kind + "/Sqlite/" + what).c_str(), sqlite, args...)};
    for (benchmark::internal::Benchmark* b : made) {
      b->Arg(n)->Unit(benchmark::kNanosecond)->Repetitions(g_repetitions)->ReportAggregatesOnly(true);
    }
    return made;
  };
  for (benchmark::internal::Benchmark* b :
       both("Load", "WithGroups", BM_Load<EngineFixture, &g_engine>, BM_Load<SqliteFixture, &g_sqlite>)) {
    b->Iterations(1);
  }
  both("Read", "ItemWithStock", BM_ItemWithStock<EngineFixture, &g_engine>,
       BM_ItemWithStock<SqliteFixture, &g_sqlite>);
  for (const ListCase& lc : kListCases) {
    both("List", lc.name, BM_List<EngineFixture, &g_engine>, BM_List<SqliteFixture, &g_sqlite>, lc);
  }
}

// Takes --items=N and --repetitions=R out of argv, leaving the rest to
// Google Benchmark.
void ParseOwnFlags(int* argc, char** argv) {
  auto value_of = [](std::string_view arg, std::string_view flag) -> const char* {
    return arg.starts_with(flag) ? arg.data() + flag.size() : nullptr;
  };
  int kept = 1;
  for (int i = 1; i < *argc; ++i) {
    if (const char* items = value_of(argv[i], "--items=")) {
      g_items = std::strtoull(items, nullptr, 10);
    } else if (const char* repetitions = value_of(argv[i], "--repetitions=")) {
      g_repetitions = std::atoi(repetitions);
    } else {
      argv[kept++] = argv[i];
    }
  }
  *argc = kept;
  if (g_items < 1000 || g_items > 10'000'000) Fail("--items must be in 1000..10000000");
  if (g_repetitions < 1) Fail("--repetitions must be at least 1");
}

}  // namespace
}  // namespace inventory::bench

int main(int argc, char** argv) {
  namespace bench = inventory::bench;
  return bench::RunBenchmarks<bench::QueryTableReporter>(argc, argv, bench::ParseOwnFlags, bench::RegisterAll);
}
