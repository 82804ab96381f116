// Stock benchmarks: one inventory adjustment, one transfer order and one
// bundle of a 10-component composite, each in its own transaction, on a
// catalog of N items with a ledger history of about 12 postings per item,
// for the engine and for the SQLite baseline (stock_sqlite_baseline.h) doing
// the same work on the same data in the same run. At the end it prints a
// Markdown table of medians with the SQLite / engine ratio, which is how
// figures are quoted (the machine is shared, so only ratios from one run
// compare).
//
// Usage:
//   stock_bench [--items=N] [--repetitions=R] [--sqlite_plain_memory]
//               [--benchmark_* flags]
// --items (default 100000, at least 1000) is the catalog size; --repetitions
// (default 5) is how many times each timing runs. The table shows the median
// of the repetitions of the mean CPU time per operation.
// --sqlite_plain_memory opens the baseline as ":memory:" instead of the
// memdb VFS (see SqliteStock::Storage for why that is not the default).
//
// The data (the same for both, see ReplayHistory):
//   - N items from GenerateCatalog(N); the last K = min(1000, N / 20) of
//     them are composites, each of 10 distinct components picked at random
//     among the others (quantity 2 for every third component, else 1);
//   - four locations: the primary, "Warehouse B", "Warehouse C" and
//     "Warehouse D" (issue 6's POS mix runs at four);
//   - opening stock of every item at every location at its purchase rate
//     (1000 units; 1,000,000 at the primary for components, so that bundling
//     never runs out);
//   - then, in documents of 100 per transaction: adjustments of 5 lines
//     (+10 at the primary for every item), transfer orders of 10 lines
//     landed at once (5 units primary -> B for every item), adjustments
//     (-7 at B), transfers (3 units B -> primary), 5 built bundles of every
//     composite at the primary, transfers (2 units primary -> B).
//   That is 12 postings per item plus 55 per composite: 1,255,000 postings,
//   40,000 adjustments, 30,000 transfer orders and 5,000 bundles at N = 100k.
//
// Benchmarks:
//   History/{Engine,Sqlite}/Build   builds all of the above once (timed)
//   Adjustment/{Engine,Sqlite}      BeginTransaction, CreateAdjustment with
//       one line (+1, then -1 on the next use of the same key slot, so stock
//       never runs out) of a random item at its location, Commit
//   Transfer/{Engine,Sqlite}        one transfer order, status transferred,
//       of 2 random items, 1 unit each, primary -> B or back (alternating
//       per key slot), with a fresh unique number
//   Bundle/{Engine,Sqlite}          one built bundle of 1 unit of a random
//       composite at the primary, its 10 components as line items
//   Pos/{Engine,Sqlite}             one POS sale (the engine's sales
//       receipt, status paid) of 1 to 5 lines (3 on average) of distinct
//       random items, 1 unit each, at one of the four locations (in turn
//       per key slot), with the stock check of every line
//   Verify/{Engine,Sqlite}          Engine::Verify once, at the end; SQLite:
//       recompute balances from postings and from lots (informative)
//   Stall/Engine/Sales              1.2M one-line sales on a fresh engine of
//       1000 items, each timed: the median, the 99.99th percentile and the
//       slowest (a structure that remakes itself to grow does it on one
//       commit); printed under the table
// Every timed operation adds to the ledger, so the ledger grows during the
// run (Verify reports the final count). Random keys cycle through 2^20
// slots drawn once with a fixed seed, the same for both.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "catalog_generator.h"
#include "inventory/documents.h"
#include "inventory/engine.h"
#include "inventory/stock.h"
#include "inventory/transaction.h"
#include "stock_sqlite_baseline.h"
#include "table_reporter.h"

namespace inventory::bench {
namespace {

size_t g_items = 100'000;
int g_repetitions = 5;
SqliteStock::Storage g_storage = SqliteStock::Storage::kMemdb;

constexpr size_t kComponents = 10;
constexpr int kLocations = 4;            // the primary, B, C and D
constexpr size_t kMaxKits = 1000;
constexpr size_t kAdjustmentLines = 5;   // per history adjustment
constexpr size_t kTransferLines = 10;    // per history transfer order
constexpr size_t kBundlesPerKit = 5;     // history bundles of each composite
constexpr size_t kDocsPerTxn = 100;      // history documents per transaction
constexpr size_t kItemsPerTxn = 1000;    // items and opening stock per transaction
constexpr int kKeyBits = 20;
constexpr size_t kKeys = size_t{1} << kKeyBits;
constexpr uint64_t kPlanSeed = 0x5700'CB0E'2026'0001ull;

const Quantity kOne = Quantity::FromInt(1);
constexpr int kStallSales = 1'200'000;  // BM_EngineStalls
const absl::CivilDay kOpeningDay(2025, 1, 1);
const absl::CivilDay kBenchDay(2026, 1, 15);

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "stock_bench: %s\n", what.c_str());
  std::abort();
}

int32_t DaysSinceEpoch(absl::CivilDay d) { return static_cast<int32_t>(d - absl::CivilDay(1970, 1, 1)); }

std::string Number(const char* prefix, uint64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s-%08llu", prefix, static_cast<unsigned long long>(n));
  return buf;
}

// Whether the op-th use of the key slots adds (or moves forward): a slot
// flips every time the 2^20 slots come round again, so every item's net
// change is zero after two rounds and never more than its few uses within
// one round.
bool Forward(uint64_t op) { return ((op ^ (op >> kKeyBits)) & 1) == 0; }

// ---------------------------------------------------------------------------
// The plan: what exists and which keys the benchmarks use, as indices into
// the generated catalog. Shared by the engine and SQLite.

struct Plan {
  size_t n = 0;
  size_t plain = 0;  // items [0, plain) are plain, [plain, n) composites
  size_t kits = 0;
  std::vector<std::array<uint32_t, kComponents>> components;  // per kit
  std::vector<bool> is_component;
  std::vector<uint32_t> adjust_keys;   // plain items
  std::vector<uint32_t> transfer_a;    // plain items, transfer_a[s] != transfer_b[s]
  std::vector<uint32_t> transfer_b;
  std::vector<uint32_t> bundle_keys;   // kits
  std::vector<std::array<uint32_t, 5>> sale_items;  // plain items, distinct per sale
  std::vector<uint8_t> sale_lines;     // 1..5

  static Quantity ComponentQuantity(size_t j) { return Quantity::FromInt(j % 3 == 0 ? 2 : 1); }
  size_t KitItem(size_t kit) const { return plain + kit; }
};

const Plan& ThePlan() {
  static std::unique_ptr<Plan> plan;
  if (!plan || plan->n != g_items) {
    plan = std::make_unique<Plan>();
    Plan& p = *plan;
    p.n = g_items;
    p.kits = std::min(kMaxKits, g_items / 20);
    p.plain = p.n - p.kits;
    p.is_component.assign(p.n, false);
    SplitMix64 rng(kPlanSeed);
    p.components.resize(p.kits);
    for (auto& kit : p.components) {
      for (size_t j = 0; j < kComponents; ++j) {
        uint32_t c;
        do {
          c = static_cast<uint32_t>(rng.Below(p.plain));
        } while (std::find(kit.begin(), kit.begin() + j, c) != kit.begin() + j);
        kit[j] = c;
        p.is_component[c] = true;
      }
    }
    for (size_t s = 0; s < kKeys; ++s) {
      p.adjust_keys.push_back(static_cast<uint32_t>(rng.Below(p.plain)));
      const auto a = static_cast<uint32_t>(rng.Below(p.plain));
      auto b = static_cast<uint32_t>(rng.Below(p.plain));
      if (b == a) b = static_cast<uint32_t>((a + 1) % p.plain);
      p.transfer_a.push_back(a);
      p.transfer_b.push_back(b);
      p.bundle_keys.push_back(static_cast<uint32_t>(rng.Below(p.kits)));
      std::array<uint32_t, 5> sale{};
      const auto lines = static_cast<uint8_t>(1 + rng.Below(5));
      for (size_t j = 0; j < lines; ++j) {
        uint32_t c;
        do {
          c = static_cast<uint32_t>(rng.Below(p.plain));
        } while (std::find(sale.begin(), sale.begin() + j, c) != sale.begin() + j);
        sale[j] = c;
      }
      p.sale_items.push_back(sale);
      p.sale_lines.push_back(lines);
    }
  }
  return *plan;
}

const std::vector<GeneratedItem>& Catalog() {
  static std::unique_ptr<std::vector<GeneratedItem>> catalog;
  if (!catalog || catalog->size() != g_items) {
    catalog = std::make_unique<std::vector<GeneratedItem>>(GenerateCatalog(g_items));
  }
  return *catalog;
}

// Lines of history documents, by item index and location index (0 primary,
// 1 "Warehouse B"; the history moves stock only between these two, C and D
// hold their opening stock until the POS sales).
struct HistoryAdjustLine {
  size_t item;
  int location;
  Quantity quantity;
};
struct HistoryMoveLine {
  size_t item;
  Quantity quantity;
};

// Feeds the history documents, in order, to `sink`, which has Begin(),
// Commit(), Opening(item, quantity at the primary, at each other location),
// Adjust(number, day, lines),
// Transfer(number, day, from, to, lines) and Bundle(day, kit). Returns the
// number of postings they make.
template <class Sink>
uint64_t ReplayHistory(const Plan& plan, Sink& sink) {
  uint64_t postings = 0;
  size_t in_txn = 0;
  auto document = [&](size_t per_txn) {
    if (++in_txn >= per_txn) {
      sink.Commit();
      sink.Begin();
      in_txn = 0;
    }
  };
  sink.Begin();
  for (size_t i = 0; i < plan.n; ++i) {
    sink.Opening(i, Quantity::FromInt(plan.is_component[i] ? 1'000'000 : 1000), Quantity::FromInt(1000));
    postings += kLocations;
    document(kItemsPerTxn);
  }
  uint64_t adjustments = 0;
  auto adjust_round = [&](absl::CivilDay day, int location, int64_t quantity) {
    std::vector<HistoryAdjustLine> lines;
    for (size_t begin = 0; begin < plan.n; begin += kAdjustmentLines) {
      lines.clear();
      for (size_t i = begin; i < plan.n && i < begin + kAdjustmentLines; ++i) {
        lines.push_back({i, location, Quantity::FromInt(quantity)});
      }
      sink.Adjust(Number("ADJ", ++adjustments), day, lines);
      postings += lines.size();
      document(kDocsPerTxn);
    }
  };
  auto transfer_round = [&](absl::CivilDay day, int from, int64_t quantity) {
    std::vector<HistoryMoveLine> lines;
    for (size_t begin = 0; begin < plan.n; begin += kTransferLines) {
      lines.clear();
      for (size_t i = begin; i < plan.n && i < begin + kTransferLines; ++i) {
        lines.push_back({i, Quantity::FromInt(quantity)});
      }
      sink.Transfer(day, from, 1 - from, lines);
      postings += 2 * lines.size();
      document(kDocsPerTxn);
    }
  };
  adjust_round(absl::CivilDay(2025, 2, 1), 0, 10);
  transfer_round(absl::CivilDay(2025, 3, 1), 0, 5);
  adjust_round(absl::CivilDay(2025, 4, 1), 1, -7);
  transfer_round(absl::CivilDay(2025, 5, 1), 1, 3);
  for (size_t round = 0; round < kBundlesPerKit; ++round) {
    for (size_t kit = 0; kit < plan.kits; ++kit) {
      sink.Bundle(absl::CivilDay(2025, 6, 1), kit);
      postings += kComponents + 1;
      document(kDocsPerTxn);
    }
  }
  transfer_round(absl::CivilDay(2025, 7, 1), 0, 2);
  sink.Commit();
  return postings;
}

// ---------------------------------------------------------------------------
// The engine fixture.

struct EngineStock {
  std::unique_ptr<Engine> engine;
  std::vector<ItemId> ids;  // ids[i] is the id of generated item i
  // Whether ids[i] is ids[0] + i (the engine numbers items as they come),
  // so that the timed loops get an id by arithmetic, as SQLite's baseline
  // gets its row id (i + 1), not by a cache miss in `ids` at 1M items.
  bool dense_ids = false;
  ItemId Id(size_t i) const { return dense_ids ? ItemId(ids[0].value() + static_cast<int64_t>(i)) : ids[i]; }
  std::array<LocationId, kLocations> locations;
  uint64_t transfers = 0;   // transfer order numbers used
  uint64_t postings = 0;    // postings made so far
  bool pristine = true;     // nothing posted since the history
  size_t history_heap = 0;  // heap bytes the history added (mallinfo2)
  // The POS sales' lines (item id, rate) per key slot, in slot order like
  // the plan's sale_items that SQLite reads: found through `ids` and the
  // generated catalog they would cost the engine two cache misses a line
  // that SQLite's baseline (item i is row i + 1) does not pay. Built before
  // the first sale, untimed.
  std::vector<std::array<std::pair<ItemId, Money>, 5>> sale_lines;
};

class EngineSink {
 public:
  EngineSink(EngineStock& f, const Plan& plan, const std::vector<GeneratedItem>& items)
      : f_(f), plan_(plan), items_(items) {}

  void Begin() { txn_.emplace(f_.engine->BeginTransaction()); }
  void Commit() {
    if (absl::Status s = txn_->Commit(); !s.ok()) Fail("Commit: " + s.ToString());
    txn_.reset();
  }
  void Opening(size_t i, Quantity primary, Quantity others) {
    const Money rate = items_[i].purchase_rate;
    std::vector<OpeningStock> lines;
    for (int l = 0; l < kLocations; ++l) lines.push_back({f_.locations[l], l == 0 ? primary : others, rate});
    Check(txn_->SetOpeningStock(f_.ids[i], kOpeningDay, std::move(lines)), "SetOpeningStock");
  }
  void Adjust(const std::string& number, absl::CivilDay day, std::span<const HistoryAdjustLine> lines) {
    InventoryAdjustment a{.reference_number = number, .date = day, .reason = "Stocktake"};
    for (const HistoryAdjustLine& l : lines) {
      a.line_items.push_back(
          {.item_id = f_.ids[l.item], .location_id = f_.locations[l.location], .quantity_adjusted = l.quantity});
    }
    Check(txn_->CreateAdjustment(std::move(a)).status(), "CreateAdjustment");
  }
  void Transfer(absl::CivilDay day, int from, int to, std::span<const HistoryMoveLine> lines) {
    TransferOrder o{.transfer_order_number = Number("TO", ++f_.transfers),
                    .date = day,
                    .from_location_id = f_.locations[from],
                    .to_location_id = f_.locations[to]};
    for (const HistoryMoveLine& l : lines) {
      o.line_items.push_back({.item_id = f_.ids[l.item], .quantity_transfer = l.quantity});
    }
    Check(txn_->CreateTransferOrder(std::move(o)).status(), "CreateTransferOrder");
  }
  void Bundle(absl::CivilDay day, size_t kit) {
    Check(txn_->CreateBundle(MakeBundle(f_, plan_, kit, day)).status(), "CreateBundle");
  }

  // A built bundle of one unit of `kit` at the primary location.
  static inventory::Bundle MakeBundle(const EngineStock& f, const Plan& plan, size_t kit, absl::CivilDay day) {
    inventory::Bundle b{.date = day,
                        .composite_item_id = f.Id(plan.KitItem(kit)),
                        .quantity_to_bundle = kOne,
                        .location_id = f.locations[0]};
    b.line_items.reserve(kComponents);
    for (size_t j = 0; j < kComponents; ++j) {
      b.line_items.push_back(
          {.item_id = f.Id(plan.components[kit][j]), .quantity_consumed = Plan::ComponentQuantity(j)});
    }
    return b;
  }

 private:
  static void Check(const absl::Status& s, const char* what) {
    if (!s.ok()) Fail(std::string(what) + ": " + s.ToString());
  }
  EngineStock& f_;
  const Plan& plan_;
  const std::vector<GeneratedItem>& items_;
  std::optional<Transaction> txn_;
};

std::unique_ptr<EngineStock> BuildEngineStock() {
  const Plan& plan = ThePlan();
  const auto& items = Catalog();
  auto f = std::make_unique<EngineStock>();
  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Open({});
  if (!engine.ok()) Fail("Engine::Open: " + engine.status().ToString());
  f->engine = std::move(*engine);
  {
    Transaction txn = f->engine->BeginTransaction();
    f->locations[0] = txn.PrimaryLocation()->id;
    for (int l = 1; l < kLocations; ++l) {
      absl::StatusOr<const Location*> made = txn.CreateLocation({.name = std::string("Warehouse ") + char('A' + l)});
      if (!made.ok()) Fail("CreateLocation: " + made.status().ToString());
      f->locations[l] = (*made)->id;
    }
    if (absl::Status s = txn.Commit(); !s.ok()) Fail("Commit: " + s.ToString());
  }
  f->ids.reserve(plan.n);
  for (size_t begin = 0; begin < plan.n; begin += kItemsPerTxn) {
    Transaction txn = f->engine->BeginTransaction();
    for (size_t i = begin; i < plan.n && i < begin + kItemsPerTxn; ++i) {
      const GeneratedItem& g = items[i];
      Item item{.name = g.name, .sku = g.sku, .upc = g.upc, .ean = g.ean, .rate = g.rate,
                .purchase_rate = g.purchase_rate};
      if (i >= plan.plain) {
        const auto& kit = plan.components[i - plan.plain];
        for (size_t j = 0; j < kComponents; ++j) {
          item.mapped_items.push_back({.item_id = f->ids[kit[j]], .quantity = Plan::ComponentQuantity(j)});
        }
      }
      absl::StatusOr<const Item*> created = txn.CreateItem(std::move(item));
      if (!created.ok()) Fail("CreateItem: " + created.status().ToString());
      f->ids.push_back((*created)->id);
    }
    if (absl::Status s = txn.Commit(); !s.ok()) Fail("Commit: " + s.ToString());
  }
  f->dense_ids = true;
  for (size_t i = 0; i < f->ids.size(); ++i) {
    if (f->ids[i].value() != f->ids[0].value() + static_cast<int64_t>(i)) f->dense_ids = false;
  }
  EngineSink sink(*f, plan, items);
  const size_t heap0 = HeapInUse();
  f->postings = ReplayHistory(plan, sink);
  f->history_heap = HeapInUse() - heap0;
  return f;
}

// ---------------------------------------------------------------------------
// The SQLite fixture. Item i has id i + 1; the locations are 1 and 2.

struct SqliteFixture {
  std::unique_ptr<SqliteStock> db = std::make_unique<SqliteStock>(g_storage);
  uint64_t transfers = 0;
  uint64_t postings = 0;
  bool pristine = true;
  size_t history_heap = 0;  // heap bytes the history added (mallinfo2)

  static int64_t Item(size_t i) { return static_cast<int64_t>(i) + 1; }
  static int64_t Location(int l) { return l + 1; }
};

class SqliteSink {
 public:
  SqliteSink(SqliteFixture& f, const Plan& plan, const std::vector<GeneratedItem>& items)
      : f_(f), plan_(plan), items_(items) {}

  void Begin() { f_.db->Begin(); }
  void Commit() { f_.db->Commit(); }
  void Opening(size_t i, Quantity primary, Quantity others) {
    const Money rate = items_[i].purchase_rate;
    std::array<SqliteStock::Opening, kLocations> lines;
    for (int l = 0; l < kLocations; ++l) lines[l] = {SqliteFixture::Location(l), l == 0 ? primary : others, rate};
    Check(f_.db->OpeningStock(SqliteFixture::Item(i), Day(kOpeningDay), lines), "opening stock");
  }
  void Adjust(const std::string& number, absl::CivilDay day, std::span<const HistoryAdjustLine> lines) {
    std::vector<SqliteStock::AdjustLine> rows;
    for (const HistoryAdjustLine& l : lines) {
      rows.push_back({SqliteFixture::Item(l.item), SqliteFixture::Location(l.location), l.quantity});
    }
    Check(f_.db->Adjust(number, Day(day), "Stocktake", rows), "adjustment");
  }
  void Transfer(absl::CivilDay day, int from, int to, std::span<const HistoryMoveLine> lines) {
    std::vector<SqliteStock::MoveLine> rows;
    for (const HistoryMoveLine& l : lines) rows.push_back({SqliteFixture::Item(l.item), l.quantity});
    Check(f_.db->Transfer(Number("TO", ++f_.transfers), Day(day), SqliteFixture::Location(from),
                          SqliteFixture::Location(to), rows),
          "transfer");
  }
  void Bundle(absl::CivilDay day, size_t kit) {
    std::array<SqliteStock::MoveLine, kComponents> lines;
    ComponentLines(plan_, kit, lines);
    Check(f_.db->Bundle(Day(day), SqliteFixture::Item(plan_.KitItem(kit)), kOne, SqliteFixture::Location(0), lines),
          "bundle");
  }

  static void ComponentLines(const Plan& plan, size_t kit, std::array<SqliteStock::MoveLine, kComponents>& lines) {
    for (size_t j = 0; j < kComponents; ++j) {
      lines[j] = {SqliteFixture::Item(plan.components[kit][j]), Plan::ComponentQuantity(j)};
    }
  }
  static int32_t Day(absl::CivilDay d) { return DaysSinceEpoch(d); }

 private:
  static void Check(bool ok, const char* what) {
    if (!ok) Fail(std::string("SQLite ") + what + " refused: " + "see the baseline");
  }
  SqliteFixture& f_;
  const Plan& plan_;
  const std::vector<GeneratedItem>& items_;
};

std::unique_ptr<SqliteFixture> BuildSqliteStock() {
  const Plan& plan = ThePlan();
  const auto& items = Catalog();
  auto f = std::make_unique<SqliteFixture>();
  f->db->Begin();
  for (size_t i = 0; i < plan.n; ++i) {
    f->db->AddItem(SqliteFixture::Item(i), items[i].name, items[i].purchase_rate, true, i >= plan.plain);
  }
  f->db->Commit();
  SqliteSink sink(*f, plan, items);
  const size_t heap0 = HeapInUse();
  f->postings = ReplayHistory(plan, sink);
  f->history_heap = HeapInUse() - heap0;
  return f;
}

std::unique_ptr<EngineStock> g_engine;
std::unique_ptr<SqliteFixture> g_sqlite;

// Both fixtures must hold the same figures and values after the history:
// checks every cell of a sample of items and of every composite, and that
// both verify.
void CheckSameFigures() {
  static bool checked = false;
  if (checked || !g_engine || !g_sqlite || !g_engine->pristine || !g_sqlite->pristine) return;
  checked = true;
  const Plan& plan = ThePlan();
  if (absl::Status s = g_engine->engine->Verify(); !s.ok()) Fail("engine Verify: " + s.ToString());
  if (int64_t bad = g_sqlite->db->Verify(); bad != 0) Fail("SQLite verify: " + std::to_string(bad) + " cells differ");
  if (g_engine->postings != g_sqlite->postings || int64_t(g_sqlite->postings) != g_sqlite->db->PostingCount()) {
    Fail("posting counts differ");
  }
  Snapshot snap = g_engine->engine->GetSnapshot();
  size_t compared = 0;
  for (size_t i = 0; i < plan.n; i += (i < plan.plain ? 1 + plan.plain / 2000 : 1)) {
    for (int l = 0; l < kLocations; ++l) {
      const StockFigures e = snap.StockAt(g_engine->ids[i], g_engine->locations[l]);
      const SqliteStock::Cell s = g_sqlite->db->CellOf(SqliteFixture::Item(i), SqliteFixture::Location(l));
      if (e.stock_on_hand != s.on_hand || e.available_stock != s.available || e.asset_value != s.value) {
        Fail("item " + std::to_string(i) + " location " + std::to_string(l) + ": engine " +
             e.stock_on_hand.ToString() + " worth " + e.asset_value.ToString() + ", SQLite " +
             s.on_hand.ToString() + " worth " + s.value.ToString());
      }
      ++compared;
    }
  }
  std::fprintf(stderr, "stock_bench: engine and SQLite agree on %zu cells (quantity and value) after %llu postings\n",
               compared, static_cast<unsigned long long>(g_engine->postings));
}

EngineStock& EngineFixture() {
  if (!g_engine || g_engine->ids.size() != g_items) g_engine = BuildEngineStock();
  return *g_engine;
}

SqliteFixture& SqliteFixtureFor() {
  if (!g_sqlite) g_sqlite = BuildSqliteStock();
  return *g_sqlite;
}

// The fixture a benchmark needs (built if missing), compared with the other
// one if that exists and both are still untouched. A full run builds both in
// the History benchmarks first, so the comparison always happens there.
EngineStock& EngineReady() {
  EngineStock& f = EngineFixture();
  CheckSameFigures();
  return f;
}
SqliteFixture& SqliteReady() {
  SqliteFixture& f = SqliteFixtureFor();
  CheckSameFigures();
  return f;
}

void Skip(benchmark::State& state, const std::string& why) {
  static std::string message;
  message = why;
  state.SkipWithError(message.c_str());
}

// Commits `txn` if the write `made` succeeded. Otherwise, or if the commit
// fails, skips the benchmark with the reason (`what` names the write) and
// returns false: the loop stops.
bool CommitOrSkip(benchmark::State& state, Transaction& txn, const absl::Status& made, const char* what) {
  if (!made.ok()) {
    Skip(state, std::string(what) + ": " + made.ToString());
    return false;
  }
  if (absl::Status s = txn.Commit(); !s.ok()) {
    Skip(state, "Commit: " + s.ToString());
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// History (fixture) build, timed once.

void BM_EngineHistory(benchmark::State& state) {
  ThePlan();
  Catalog();
  g_engine.reset();
  for (auto _ : state) g_engine = BuildEngineStock();
  state.counters["postings"] = static_cast<double>(g_engine->postings);
  state.counters["heap_per_posting"] = double(g_engine->history_heap) / double(g_engine->postings);
  const Engine::LedgerStats ledger = g_engine->engine->ledger_stats();
  state.counters["ledger_log_per_posting"] = double(ledger.log_bytes) / double(ledger.postings);
  state.counters["ledger_balance_per_cell"] = double(ledger.balance_bytes) / double(ledger.cells);
  state.counters["lot_moves_per_posting"] = double(ledger.lot_moves) / double(ledger.postings);
  CheckSameFigures();
}

void BM_SqliteHistory(benchmark::State& state) {
  ThePlan();
  Catalog();
  g_sqlite.reset();
  for (auto _ : state) g_sqlite = BuildSqliteStock();
  state.counters["postings"] = static_cast<double>(g_sqlite->postings);
  state.counters["heap_per_posting"] = double(g_sqlite->history_heap) / double(g_sqlite->postings);
  CheckSameFigures();
}

// ---------------------------------------------------------------------------
// The operations. Each op counter lives across repetitions so that the
// alternation of Forward() holds over the whole run. Building the document
// (or binding its values) is part of the timed work.

void BM_EngineAdjustment(benchmark::State& state) {
  EngineStock& f = EngineReady();
  const Plan& plan = ThePlan();
  f.pristine = false;
  static uint64_t op = 0;
  for (auto _ : state) {
    const size_t i = plan.adjust_keys[op & (kKeys - 1)];
    const Quantity q = Forward(op++) ? kOne : -kOne;
    Transaction txn = f.engine->BeginTransaction();
    absl::StatusOr<AdjustmentId> made = txn.CreateAdjustment(
        {.date = kBenchDay,
         .reason = "Stocktake",
         .line_items = {{.item_id = f.Id(i), .location_id = f.locations[i & 1], .quantity_adjusted = q}}});
    if (!CommitOrSkip(state, txn, made.status(), "CreateAdjustment")) break;
    f.postings += 1;
  }
  state.counters["postings"] = static_cast<double>(f.postings);
}

void BM_SqliteAdjustment(benchmark::State& state) {
  SqliteFixture& f = SqliteReady();
  const Plan& plan = ThePlan();
  f.pristine = false;
  const int32_t day = SqliteSink::Day(kBenchDay);
  static uint64_t op = 0;
  for (auto _ : state) {
    const size_t i = plan.adjust_keys[op & (kKeys - 1)];
    const Quantity q = Forward(op++) ? kOne : -kOne;
    const SqliteStock::AdjustLine line{SqliteFixture::Item(i), SqliteFixture::Location(int(i & 1)), q};
    f.db->Begin();
    if (!f.db->Adjust({}, day, "Stocktake", {&line, 1})) {
      f.db->Rollback();
      Skip(state, "SQLite adjustment refused");
      break;
    }
    f.db->Commit();
    f.postings += 1;
  }
  state.counters["postings"] = static_cast<double>(f.postings);
}

void BM_EngineTransfer(benchmark::State& state) {
  EngineStock& f = EngineReady();
  const Plan& plan = ThePlan();
  f.pristine = false;
  static uint64_t op = 0;
  for (auto _ : state) {
    const size_t s = op & (kKeys - 1);
    const int from = Forward(op++) ? 0 : 1;
    Transaction txn = f.engine->BeginTransaction();
    absl::StatusOr<const TransferOrder*> made = txn.CreateTransferOrder(
        {.transfer_order_number = Number("TO", ++f.transfers),
         .date = kBenchDay,
         .from_location_id = f.locations[from],
         .to_location_id = f.locations[1 - from],
         .line_items = {{.item_id = f.Id(plan.transfer_a[s]), .quantity_transfer = kOne},
                        {.item_id = f.Id(plan.transfer_b[s]), .quantity_transfer = kOne}},
         .status = TransferStatus::kTransferred});
    if (!CommitOrSkip(state, txn, made.status(), "CreateTransferOrder")) break;
    f.postings += 4;
  }
  state.counters["postings"] = static_cast<double>(f.postings);
}

void BM_SqliteTransfer(benchmark::State& state) {
  SqliteFixture& f = SqliteReady();
  const Plan& plan = ThePlan();
  f.pristine = false;
  const int32_t day = SqliteSink::Day(kBenchDay);
  static uint64_t op = 0;
  for (auto _ : state) {
    const size_t s = op & (kKeys - 1);
    const int from = Forward(op++) ? 0 : 1;
    const SqliteStock::MoveLine lines[] = {{SqliteFixture::Item(plan.transfer_a[s]), kOne},
                                           {SqliteFixture::Item(plan.transfer_b[s]), kOne}};
    const std::string number = Number("TO", ++f.transfers);
    f.db->Begin();
    if (!f.db->Transfer(number, day, SqliteFixture::Location(from), SqliteFixture::Location(1 - from), lines)) {
      f.db->Rollback();
      Skip(state, "SQLite transfer refused");
      break;
    }
    f.db->Commit();
    f.postings += 4;
  }
  state.counters["postings"] = static_cast<double>(f.postings);
}

void BM_EngineBundle(benchmark::State& state) {
  EngineStock& f = EngineReady();
  const Plan& plan = ThePlan();
  f.pristine = false;
  static uint64_t op = 0;
  for (auto _ : state) {
    const size_t kit = plan.bundle_keys[op++ & (kKeys - 1)];
    Transaction txn = f.engine->BeginTransaction();
    absl::StatusOr<const Bundle*> made = txn.CreateBundle(EngineSink::MakeBundle(f, plan, kit, kBenchDay));
    if (!CommitOrSkip(state, txn, made.status(), "CreateBundle")) break;
    f.postings += kComponents + 1;
  }
  state.counters["postings"] = static_cast<double>(f.postings);
}

void BM_SqliteBundle(benchmark::State& state) {
  SqliteFixture& f = SqliteReady();
  const Plan& plan = ThePlan();
  f.pristine = false;
  const int32_t day = SqliteSink::Day(kBenchDay);
  static uint64_t op = 0;
  std::array<SqliteStock::MoveLine, kComponents> lines;
  for (auto _ : state) {
    const size_t kit = plan.bundle_keys[op++ & (kKeys - 1)];
    SqliteSink::ComponentLines(plan, kit, lines);
    f.db->Begin();
    if (!f.db->Bundle(day, SqliteFixture::Item(plan.KitItem(kit)), kOne, SqliteFixture::Location(0), lines)) {
      f.db->Rollback();
      Skip(state, "SQLite bundle refused");
      break;
    }
    f.db->Commit();
    f.postings += kComponents + 1;
  }
  state.counters["postings"] = static_cast<double>(f.postings);
}

void BM_EnginePos(benchmark::State& state) {
  EngineStock& f = EngineReady();
  const Plan& plan = ThePlan();
  f.pristine = false;
  if (f.sale_lines.empty()) {
    f.sale_lines.resize(kKeys);
    for (size_t s = 0; s < kKeys; ++s) {
      for (size_t j = 0; j < plan.sale_lines[s]; ++j) {
        const size_t i = plan.sale_items[s][j];
        f.sale_lines[s][j] = {f.ids[i], Catalog()[i].rate};
      }
    }
  }
  static uint64_t op = 0;
  for (auto _ : state) {
    const size_t s = op++ & (kKeys - 1);
    const LocationId at = f.locations[s % kLocations];
    Document sale{.type = DocumentType::kSalesReceipt, .date = kBenchDay, .status = DocumentStatus::kOpen,
                  .location_id = at};
    sale.line_items.reserve(plan.sale_lines[s]);
    for (size_t j = 0; j < plan.sale_lines[s]; ++j) {
      const auto& [id, rate] = f.sale_lines[s][j];
      sale.line_items.push_back({.item_id = id, .quantity = kOne, .rate = rate});
    }
    Transaction txn = f.engine->BeginTransaction();
    absl::StatusOr<const Document*> made = txn.CreateDocument(std::move(sale));
    if (!CommitOrSkip(state, txn, made.status(), "CreateDocument")) break;
    f.postings += plan.sale_lines[s];
  }
  state.counters["postings"] = static_cast<double>(f.postings);
}

void BM_SqlitePos(benchmark::State& state) {
  SqliteFixture& f = SqliteReady();
  const Plan& plan = ThePlan();
  f.pristine = false;
  const int32_t day = SqliteSink::Day(kBenchDay);
  static uint64_t op = 0;
  std::array<SqliteStock::MoveLine, 5> lines;
  for (auto _ : state) {
    const size_t s = op++ & (kKeys - 1);
    for (size_t j = 0; j < plan.sale_lines[s]; ++j) lines[j] = {SqliteFixture::Item(plan.sale_items[s][j]), kOne};
    f.db->Begin();
    if (!f.db->Sale({}, day, SqliteFixture::Location(int(s % kLocations)), {lines.data(), plan.sale_lines[s]})) {
      f.db->Rollback();
      Skip(state, "SQLite sale refused");
      break;
    }
    f.db->Commit();
    f.postings += plan.sale_lines[s];
  }
  state.counters["postings"] = static_cast<double>(f.postings);
}

// ---------------------------------------------------------------------------
// Verify at the end size, once.

void BM_EngineVerify(benchmark::State& state) {
  EngineStock& f = EngineReady();
  for (auto _ : state) {
    if (absl::Status s = f.engine->Verify(); !s.ok()) {
      Skip(state, "Verify: " + s.ToString());
      break;
    }
  }
  state.counters["postings"] = static_cast<double>(f.postings);
}

void BM_SqliteVerify(benchmark::State& state) {
  SqliteFixture& f = SqliteReady();
  for (auto _ : state) {
    if (int64_t bad = f.db->Verify(); bad != 0) {
      Skip(state, "SQLite verify: " + std::to_string(bad) + " cells differ");
      break;
    }
  }
  state.counters["postings"] = static_cast<double>(f.db->PostingCount());
}

// ---------------------------------------------------------------------------
// The table: medians paired engine / SQLite.

struct Row {
  const char* label;
  const char* engine;
  const char* sqlite;
  double target_ns;           // engine target, 0 for none
  bool per_posting = false;   // divide by the "postings" counter
  double min_ratio = 0;       // SQLite / engine target, 0 for none
  const char* bytes = nullptr;  // a counter of bytes, shown instead of the time
};

constexpr Row kRows[] = {
    {"adjustment: 1 line (+1 / -1), one transaction", "Adjustment/Engine", "Adjustment/Sqlite", 1000},
    {"transfer order: 2 lines, transferred, one transaction", "Transfer/Engine", "Transfer/Sqlite", 0},
    {"bundle: 10-component composite, built, one transaction", "Bundle/Engine", "Bundle/Sqlite", 5000},
    {"POS sale (sales receipt): 1-5 lines, 4 locations, one transaction", "Pos/Engine", "Pos/Sqlite", 0, false, 10},
    {"history load (100 documents per txn), time per posting", "History/Engine/Build", "History/Sqlite/Build", 0,
     true},
    {"Verify at the end (whole ledger, once), time per posting", "Verify/Engine", "Verify/Sqlite", 0, true},
    {"heap bytes per posting of the history (ledger and its documents)", "History/Engine/Build",
     "History/Sqlite/Build", 0, false, 0, "heap_per_posting"},
    {"ledger bytes per posting (postings, lot moves, document references)", "History/Engine/Build", "-", 64,
     false, 0, "ledger_log_per_posting"},
    {"ledger bytes per (item, location) cell (balances, live lots)", "History/Engine/Build", "-", 0, false, 0,
     "ledger_balance_per_cell"},
};

class StockTableReporter : public TableReporter {
 public:
  void Finalize() override {
    std::FILE* out = stdout;
    const Plan& plan = ThePlan();
    std::fprintf(out,
                 "\n## stock_bench: %zu items (%zu composites of %zu components), history of %llu postings; "
                 "medians of %d repetitions of the mean CPU time per operation; history load and Verify: "
                 "one run\n",
                 g_items, plan.kits, kComponents,
                 static_cast<unsigned long long>(ReplayPostings(plan)), g_repetitions);
    PrintTableHead(out);
    for (const Row& row : kRows) {
      const Result* e = Find(row.engine);
      const Result* s = Find(row.sqlite);
      if (e == nullptr && s == nullptr) continue;
      auto value = [&](const Result& r) {
        if (!row.per_posting) return r.ns;
        auto c = r.counters.find("postings");
        return c == r.counters.end() || c->second == 0 ? 0.0 : r.ns / c->second;
      };
      if (row.bytes != nullptr) {
        auto bytes = [&](const Result* r) {
          if (r == nullptr) return 0.0;
          auto c = r->counters.find(row.bytes);
          return c == r->counters.end() ? 0.0 : c->second;
        };
        const double eb = bytes(e), sb = bytes(s);
        auto text = [](double b) { return b > 0 ? std::to_string(std::lround(b)) + " B" : std::string("-"); };
        PrintRow(out, row.label, eb, sb, text(eb), text(sb), row.target_ns, text(row.target_ns));
        continue;
      }
      const double ev = e ? value(*e) : 0, sv = s ? value(*s) : 0;
      PrintRow(out, row.label, ev, sv, e ? FormatNs(ev) : "-", s ? FormatNs(sv) : "-", row.target_ns,
               FormatNs(row.target_ns), row.min_ratio);
    }
    std::fprintf(out, "\nLedger size (postings) at the end of each benchmark (its median repetition):");
    for (const char* name : {"Adjustment/Engine", "Adjustment/Sqlite", "Transfer/Engine", "Transfer/Sqlite",
                             "Bundle/Engine", "Bundle/Sqlite", "Pos/Engine", "Pos/Sqlite", "Verify/Engine",
                             "Verify/Sqlite"}) {
      const Result* r = Find(name);
      if (r == nullptr) continue;
      auto c = r->counters.find("postings");
      if (c != r->counters.end()) std::fprintf(out, " %s %.0f;", name, c->second);
    }
    for (const char* name : {"Verify/Engine", "Verify/Sqlite"}) {
      if (const Result* r = Find(name)) std::fprintf(out, "\n%s: %s in all", name, FormatNs(r->ns).c_str());
    }
    if (const Result* r = Find("Stall/Engine/Sales")) {
      auto at = [&](const char* c) {
        auto it = r->counters.find(c);
        return it == r->counters.end() ? 0.0 : it->second * 1000;  // ns
      };
      std::fprintf(out, "\nStall/Engine/Sales (%d one-line sales on a fresh 1000-item engine, each timed): "
                   "median %s, 99.99th percentile %s, slowest %s",
                   kStallSales, FormatNs(at("median_us")).c_str(), FormatNs(at("p9999_us")).c_str(),
                   FormatNs(at("max_us")).c_str());
    }
    std::fprintf(out, "\n");
    std::fflush(out);
  }

 private:
  // The history's posting count, without building it.
  static uint64_t ReplayPostings(const Plan& plan) {
    return (kLocations + 8) * uint64_t(plan.n) + kBundlesPerKit * (kComponents + 1) * uint64_t(plan.kits);
  }
};

// ---------------------------------------------------------------------------

// The slowest single sales (BM_EngineStalls): a fresh engine (1000 items
// with ample opening stock, independent of --items) makes kStallSales
// one-line sales, each in its own transaction, timed one by one on the wall
// clock. A structure that grows by remaking itself (a hash map's rehash, a
// vector's doubling) does so on one commit, which a till would feel as a
// pause; the mean hides it.
void BM_EngineStalls(benchmark::State& state) {
  absl::StatusOr<std::unique_ptr<Engine>> opened = Engine::Open({});
  if (!opened.ok()) Fail("Engine::Open: " + opened.status().ToString());
  Engine* engine = opened->get();
  std::vector<ItemId> ids;
  {
    Transaction txn = engine->BeginTransaction();
    for (int i = 0; i < 1000; ++i) {
      Item item{.name = "Stall item " + std::to_string(i), .sku = "STALL-" + std::to_string(i),
                .rate = Money::FromInt(2), .purchase_rate = Money::FromInt(1)};
      absl::StatusOr<const Item*> made = txn.CreateItem(item);
      if (!made.ok()) Fail("CreateItem: " + made.status().ToString());
      ids.push_back((*made)->id);
      if (absl::Status s = txn.SetOpeningStock(ids.back(), kBenchDay,
                                               {OpeningStock{.quantity = Quantity::FromInt(10'000'000),
                                                             .rate = Money::FromInt(1)}});
          !s.ok()) {
        Fail("SetOpeningStock: " + s.ToString());
      }
    }
    if (absl::Status s = txn.Commit(); !s.ok()) Fail("Commit: " + s.ToString());
  }
  std::vector<double> us(kStallSales);
  for (auto _ : state) {
    for (int k = 0; k < kStallSales; ++k) {
      const auto start = std::chrono::steady_clock::now();
      Document sale{.type = DocumentType::kSalesReceipt, .date = kBenchDay, .status = DocumentStatus::kOpen};
      sale.line_items.push_back({.item_id = ids[k % ids.size()], .quantity = kOne, .rate = Money::FromInt(2)});
      Transaction txn = engine->BeginTransaction();
      absl::StatusOr<const Document*> made = txn.CreateDocument(std::move(sale));
      if (!CommitOrSkip(state, txn, made.status(), "CreateDocument")) return;
      us[k] = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    }
  }
  std::sort(us.begin(), us.end());
  state.counters["median_us"] = us[us.size() / 2];
  state.counters["p9999_us"] = us[us.size() - us.size() / 10000];
  state.counters["max_us"] = us.back();
}

// Operations per repetition (see RegisterAll).
constexpr int64_t kAdjustmentOps = 50000;
constexpr int64_t kTransferOps = 20000;
constexpr int64_t kBundleOps = 10000;
constexpr int64_t kPosOps = 20000;

void RegisterAll() {
  // A fixed number of operations per repetition, the same for the engine
  // and SQLite: both then work on data of the same size, and the engine's
  // ledger (which would otherwise grow by a repetition's 0.5 s of its much
  // faster operations, to tens of millions of postings and most of the RAM)
  // stays comparable with the fixture. BENCH_ALL_REPS=1 lists every
  // repetition.
  auto timing = [](int64_t iterations) {
    return [iterations](benchmark::internal::Benchmark* b) {
      b->Unit(benchmark::kNanosecond)
          ->Iterations(iterations)
          ->Repetitions(g_repetitions)
          ->ReportAggregatesOnly(std::getenv("BENCH_ALL_REPS") == nullptr);
    };
  };
  auto once = [](benchmark::internal::Benchmark* b) {
    b->Unit(benchmark::kNanosecond)->Iterations(1)->Repetitions(1);
  };
  once(benchmark::RegisterBenchmark("History/Engine/Build", BM_EngineHistory));
  once(benchmark::RegisterBenchmark("History/Sqlite/Build", BM_SqliteHistory));
  timing(kAdjustmentOps)(benchmark::RegisterBenchmark("Adjustment/Engine", BM_EngineAdjustment));
  timing(kAdjustmentOps)(benchmark::RegisterBenchmark("Adjustment/Sqlite", BM_SqliteAdjustment));
  timing(kTransferOps)(benchmark::RegisterBenchmark("Transfer/Engine", BM_EngineTransfer));
  timing(kTransferOps)(benchmark::RegisterBenchmark("Transfer/Sqlite", BM_SqliteTransfer));
  timing(kBundleOps)(benchmark::RegisterBenchmark("Bundle/Engine", BM_EngineBundle));
  timing(kBundleOps)(benchmark::RegisterBenchmark("Bundle/Sqlite", BM_SqliteBundle));
  timing(kPosOps)(benchmark::RegisterBenchmark("Pos/Engine", BM_EnginePos));
  timing(kPosOps)(benchmark::RegisterBenchmark("Pos/Sqlite", BM_SqlitePos));
  once(benchmark::RegisterBenchmark("Verify/Engine", BM_EngineVerify));
  once(benchmark::RegisterBenchmark("Verify/Sqlite", BM_SqliteVerify));
  once(benchmark::RegisterBenchmark("Stall/Engine/Sales", BM_EngineStalls)->UseRealTime());
}

// Takes --items=N, --repetitions=R and --sqlite_plain_memory out of argv.
void ParseOwnFlags(int* argc, char** argv) {
  int out = 1;
  for (int i = 1; i < *argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("--items=")) {
      g_items = std::strtoull(argv[i] + 8, nullptr, 10);
      if (g_items < 1000 || g_items > 10'000'000) Fail("--items must be in 1000..10000000");
    } else if (arg == "--sqlite_plain_memory") {
      g_storage = SqliteStock::Storage::kPlainMemory;
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
  return bench::RunBenchmarks<bench::StockTableReporter>(argc, argv, bench::ParseOwnFlags, bench::RegisterAll);
}
