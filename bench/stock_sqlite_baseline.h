// The SQLite baseline of the stock benchmarks: the documents stock_bench runs
// on the engine (opening stock, quantity adjustments, transfer orders landed
// at once, built bundles), done the way a competent engineer would do them on
// an in-memory SQLite database (see Storage), with the same FIFO valuation and the same
// rounding as the engine, so both end with the same figures and values.
// Owns one connection and its prepared statements. Used by one thread.
//
// Schema (quantities and money are integer millionths, like Quantity and
// Money; dates are days since 1970-01-01):
//   items      id, name, purchase_rate, tracks_stock, is_composite
//              (the catalog is not what is measured here: no SKU columns)
//   documents  one row per document: kind, number, date, reason, from/to
//              location, composite, quantity, created time; transfer
//              numbers unique and case-insensitive (a partial unique index),
//              as the engine requires
//   postings   the ledger: one row per document line and location moved
//              (doc, line, item, location, on_hand, available, value,
//              unit_cost, date), indexed by item (stock history) and by
//              document (reversal), the two ways the engine reaches them
//   balances   (item, location) -> on_hand, available, value
//   lots       FIFO cost lots (item, location, lot_id) -> quantity, value;
//              lot ids grow, so the oldest lot has the smallest id
//
// What every document line does, inside the caller's BEGIN ... COMMIT:
//   - reads the item's row (it exists, tracks stock, its purchase rate), as
//     the engine validates each line against its catalog;
//   - an issue reads the cell's oldest lots, in id order, until they cover
//     the quantity (too few: a shortage, and nothing was written), updates
//     the lot it takes in part and deletes the ones it empties, then
//     `UPDATE balances ... WHERE on_hand >= q AND available >= q` (the stock
//     check) and appends the posting;
//   - a receipt inserts one lot per incoming piece, upserts the balance and
//     appends the posting.
// A document also inserts its row in `documents` first. Locations are not
// looked up (the engine's check is a lookup in a map of two), and no per-item
// totals are kept (the engine keeps them; SQL would sum the item's cells).
//
// Example:
//   SqliteStock db;
//   db.Begin();
//   db.AddItem(1, "Tea", Money::FromUnits(2'000'000), true, false);
//   db.OpeningStock(1, day, {{1, Quantity::FromInt(10), rate}});
//   db.Commit();
#ifndef INVENTORY_BENCH_STOCK_SQLITE_BASELINE_H_
#define INVENTORY_BENCH_STOCK_SQLITE_BASELINE_H_

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "inventory/quantity.h"
#include "stock/valuation.h"  // the engine's exact rounding (header only)
#include "sqlite_support.h"

namespace inventory::bench {

class SqliteStock : private SqliteConnection {
 public:
  // Document kinds, as stored in documents.kind.
  enum Kind : int { kOpening = 1, kAdjustment = 2, kTransfer = 3, kBundle = 4, kSale = 5 };

  struct Opening {
    int64_t location;
    Quantity quantity;
    Money rate;
  };
  struct AdjustLine {
    int64_t item;
    int64_t location;
    Quantity quantity;  // signed
  };
  struct MoveLine {  // a transfer line, or a component a bundle consumes
    int64_t item;
    Quantity quantity;  // > 0
  };
  struct Cell {
    Quantity on_hand;
    Quantity available;
    Money value;
  };

  // Where the database lives. Both are private to the connection and in
  // memory.
  //  - kMemdb (the default): the "memdb" VFS (an in-memory file) behind an
  //    ordinary page cache of SQLite's default size (2000 pages), with the
  //    rollback journal in memory and an exclusive lock.
  //  - kPlainMemory: ":memory:", where every page lives in the page cache.
  //    With SQLite 3.40 this workload makes a commit walk the whole page
  //    cache: B-tree balancing renumbers pages through the lock-byte page
  //    (page 262145 at 4 KiB pages), which raises the cache's highest key,
  //    and the truncation at the end of every transaction
  //    (pcache1TruncateUnsafe) then visits every hash bucket. At 100k items
  //    that made the three benchmarked transactions 2.3 to 4.8 times slower
  //    than with kMemdb, which would flatter the engine.
  enum class Storage { kMemdb, kPlainMemory };

  // Opens a private database, creates the schema and prepares every
  // statement. Aborts the program on any SQLite error (it is a benchmark
  // fixture).
  explicit SqliteStock(Storage storage = Storage::kMemdb) {
    if (storage == Storage::kMemdb) {
      OpenMemdb("stock");
    } else {
      Check(sqlite3_open_v2(":memory:", &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                            nullptr),
            "open");
    }
    Exec(R"sql(
      CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        purchase_rate INTEGER NOT NULL,
        tracks_stock INTEGER NOT NULL,
        is_composite INTEGER NOT NULL
      );
      CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        kind INTEGER NOT NULL,
        number TEXT COLLATE NOCASE,
        date INTEGER NOT NULL,
        reason TEXT,
        from_location INTEGER,
        to_location INTEGER,
        composite INTEGER,
        quantity INTEGER,
        created_time INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX documents_transfer_number ON documents(number) WHERE kind = 3;
      CREATE TABLE postings (
        seq INTEGER PRIMARY KEY,
        doc INTEGER NOT NULL,
        line INTEGER NOT NULL,
        item INTEGER NOT NULL,
        location INTEGER NOT NULL,
        on_hand INTEGER NOT NULL,
        available INTEGER NOT NULL,
        value INTEGER NOT NULL,
        unit_cost INTEGER NOT NULL,
        date INTEGER NOT NULL
      );
      CREATE INDEX postings_item ON postings(item);
      CREATE INDEX postings_doc ON postings(doc);
      CREATE TABLE balances (
        item INTEGER NOT NULL,
        location INTEGER NOT NULL,
        on_hand INTEGER NOT NULL,
        available INTEGER NOT NULL,
        value INTEGER NOT NULL,
        PRIMARY KEY (item, location)
      ) WITHOUT ROWID;
      CREATE TABLE lots (
        item INTEGER NOT NULL,
        location INTEGER NOT NULL,
        lot_id INTEGER NOT NULL,
        quantity INTEGER NOT NULL,
        value INTEGER NOT NULL,
        PRIMARY KEY (item, location, lot_id)
      ) WITHOUT ROWID;
    )sql");
    begin_ = Prepare("BEGIN");
    commit_ = Prepare("COMMIT");
    rollback_ = Prepare("ROLLBACK");
    insert_item_ = Prepare(
        "INSERT INTO items (id, name, purchase_rate, tracks_stock, is_composite) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    find_item_ = Prepare("SELECT purchase_rate, tracks_stock, is_composite FROM items WHERE id = ?1");
    insert_doc_ = Prepare(
        "INSERT INTO documents (kind, number, date, reason, from_location, to_location, composite, "
        "quantity, created_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    insert_posting_ = Prepare(
        "INSERT INTO postings (doc, line, item, location, on_hand, available, value, unit_cost, date) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8)");
    issue_balance_ = Prepare(
        "UPDATE balances SET on_hand = on_hand - ?3, available = available - ?3, value = value - ?4 "
        "WHERE item = ?1 AND location = ?2 AND on_hand >= ?3 AND available >= ?3");
    receive_balance_ = Prepare(
        "INSERT INTO balances (item, location, on_hand, available, value) VALUES (?1, ?2, ?3, ?3, ?4) "
        "ON CONFLICT (item, location) DO UPDATE SET on_hand = on_hand + excluded.on_hand, "
        "available = available + excluded.available, value = value + excluded.value");
    oldest_lots_ = Prepare(
        "SELECT lot_id, quantity, value FROM lots WHERE item = ?1 AND location = ?2 ORDER BY lot_id");
    insert_lot_ = Prepare(
        "INSERT INTO lots (item, location, lot_id, quantity, value) VALUES (?1, ?2, ?3, ?4, ?5)");
    update_lot_ = Prepare(
        "UPDATE lots SET quantity = ?4, value = ?5 WHERE item = ?1 AND location = ?2 AND lot_id = ?3");
    delete_lot_ = Prepare("DELETE FROM lots WHERE item = ?1 AND location = ?2 AND lot_id = ?3");
    cell_ = Prepare("SELECT on_hand, available, value FROM balances WHERE item = ?1 AND location = ?2");
  }
  ~SqliteStock() {
    for (sqlite3_stmt* s : {begin_, commit_, rollback_, insert_item_, find_item_, insert_doc_, insert_posting_,
                            issue_balance_, receive_balance_, oldest_lots_, insert_lot_, update_lot_,
                            delete_lot_, cell_}) {
      sqlite3_finalize(s);
    }
    sqlite3_close(db_);
  }
  SqliteStock(const SqliteStock&) = delete;
  SqliteStock& operator=(const SqliteStock&) = delete;

  void Begin() { StepDone(begin_, "BEGIN"); }
  void Commit() { StepDone(commit_, "COMMIT"); }
  void Rollback() { StepDone(rollback_, "ROLLBACK"); }

  void AddItem(int64_t id, std::string_view name, Money purchase_rate, bool tracks_stock, bool is_composite) {
    sqlite3_bind_int64(insert_item_, 1, id);
    BindText(insert_item_, 2, name);
    sqlite3_bind_int64(insert_item_, 3, purchase_rate.units());
    sqlite3_bind_int(insert_item_, 4, tracks_stock);
    sqlite3_bind_int(insert_item_, 5, is_composite);
    StepDone(insert_item_, "INSERT item");
  }

  // Each document below returns false, having written nothing that the
  // caller's ROLLBACK would not undo, when an item is missing or does not
  // track stock, or a cell lacks stock. The caller then rolls back.

  bool OpeningStock(int64_t item, int32_t day, std::span<const Opening> lines) {
    if (!StockedItem(item)) return false;
    const int64_t doc = InsertDocument(kOpening, {}, day, {}, 0, 0, 0, 0);
    if (doc == 0) return false;
    int32_t n = 0;
    for (const Opening& l : lines) {
      auto value = internal::ValueOf(l.quantity, l.rate);
      if (!value) return false;
      const Piece piece{l.quantity, *value};
      Receive(doc, n++, item, l.location, {&piece, 1}, l.quantity, day);
    }
    return true;
  }

  // A quantity adjustment: stock added is valued at the purchase rate.
  bool Adjust(std::string_view number, int32_t day, std::string_view reason, std::span<const AdjustLine> lines) {
    const int64_t doc = InsertDocument(kAdjustment, number, day, reason, 0, 0, 0, 0);
    if (doc == 0) return false;
    int32_t n = 0;
    for (const AdjustLine& l : lines) {
      Money rate;
      if (!StockedItem(l.item, &rate)) return false;
      if (l.quantity > Quantity()) {
        auto value = internal::ValueOf(l.quantity, rate);
        if (!value) return false;
        const Piece piece{l.quantity, *value};
        Receive(doc, n++, l.item, l.location, {&piece, 1}, l.quantity, day);
      } else if (!Issue(doc, n++, l.item, l.location, -l.quantity, day)) {
        return false;
      }
    }
    return true;
  }

  // A POS sale (the engine's sales receipt): each line leaves `location`
  // (FIFO, both figures), all or nothing.
  bool Sale(std::string_view number, int32_t day, int64_t location, std::span<const MoveLine> lines) {
    const int64_t doc = InsertDocument(kSale, number, day, {}, location, 0, 0, 0);
    if (doc == 0) return false;
    int32_t n = 0;
    for (const MoveLine& l : lines) {
      if (!StockedItem(l.item) || !Issue(doc, n++, l.item, location, l.quantity, day)) return false;
    }
    return true;
  }

  // A transfer order created as transferred: each line leaves `from` (FIFO)
  // and lands at `to` as the same cost lots, as the engine does.
  bool Transfer(std::string_view number, int32_t day, int64_t from, int64_t to, std::span<const MoveLine> lines) {
    if (from == to) return false;
    const int64_t doc = InsertDocument(kTransfer, number, day, {}, from, to, 0, 0);
    if (doc == 0) return false;
    int32_t n = 0;
    for (const MoveLine& l : lines) {
      if (!StockedItem(l.item) || !Issue(doc, n, l.item, from, l.quantity, day)) return false;
      Receive(doc, n++, l.item, to, taken_, l.quantity, day);
    }
    return true;
  }

  // A built bundle at `location`: the components go out (FIFO) and the
  // composite comes in as one lot worth what they cost.
  bool Bundle(int32_t day, int64_t composite, Quantity quantity, int64_t location,
              std::span<const MoveLine> components) {
    sqlite3_bind_int64(find_item_, 1, composite);
    const bool is_composite = sqlite3_step(find_item_) == SQLITE_ROW && sqlite3_column_int(find_item_, 2) != 0;
    sqlite3_reset(find_item_);
    if (!is_composite) return false;
    const int64_t doc = InsertDocument(kBundle, {}, day, {}, 0, 0, composite, quantity.units());
    if (doc == 0) return false;
    Money cost;
    int32_t n = 0;
    for (const MoveLine& l : components) {
      if (!StockedItem(l.item) || !Issue(doc, n++, l.item, location, l.quantity, day)) return false;
      for (const Piece& p : taken_) cost += p.value;
    }
    const Piece made{quantity, cost};
    Receive(doc, -1, composite, location, {&made, 1}, quantity, day);
    return true;
  }

  Cell CellOf(int64_t item, int64_t location) {
    sqlite3_bind_int64(cell_, 1, item);
    sqlite3_bind_int64(cell_, 2, location);
    Cell c;
    if (sqlite3_step(cell_) == SQLITE_ROW) {
      c.on_hand = Quantity::FromUnits(sqlite3_column_int64(cell_, 0));
      c.available = Quantity::FromUnits(sqlite3_column_int64(cell_, 1));
      c.value = Money::FromUnits(sqlite3_column_int64(cell_, 2));
    }
    sqlite3_reset(cell_);
    return c;
  }

  // The analogue of Engine::Verify: recomputes every balance from the
  // postings, and every cell's quantity and value from its lots, and returns
  // how many cells differ.
  int64_t Verify() {
    return QueryInt(R"sql(
      SELECT
        (SELECT count(*) FROM
           (SELECT item, location, sum(on_hand) AS oh, sum(available) AS av, sum(value) AS v
              FROM postings GROUP BY item, location) AS p
           LEFT JOIN balances AS b USING (item, location)
           WHERE b.on_hand IS NOT p.oh OR b.available IS NOT p.av OR b.value IS NOT p.v)
      + (SELECT count(*) FROM balances AS b
           LEFT JOIN (SELECT item, location, sum(quantity) AS q, sum(value) AS v
                        FROM lots GROUP BY item, location) AS l USING (item, location)
           WHERE b.on_hand != coalesce(l.q, 0) OR b.value != coalesce(l.v, 0))
    )sql");
  }

  int64_t PostingCount() { return QueryInt("SELECT count(*) FROM postings"); }

  using SqliteConnection::Exec;
  sqlite3* db() const { return db_; }

 private:
  struct Piece {
    Quantity quantity;
    Money value;
  };
  struct LotRow {
    int64_t id;
    Quantity quantity;
    Money value;
  };

  // Whether the item exists and tracks stock; its purchase rate.
  bool StockedItem(int64_t item, Money* purchase_rate = nullptr) {
    sqlite3_bind_int64(find_item_, 1, item);
    bool ok = false;
    if (sqlite3_step(find_item_) == SQLITE_ROW) {
      ok = sqlite3_column_int(find_item_, 1) != 0;
      if (purchase_rate) *purchase_rate = Money::FromUnits(sqlite3_column_int64(find_item_, 0));
    }
    sqlite3_reset(find_item_);
    return ok;
  }

  // The new document's id; 0 when a constraint refused it.
  int64_t InsertDocument(Kind kind, std::string_view number, int32_t day, std::string_view reason,
                         int64_t from, int64_t to, int64_t composite, int64_t quantity) {
    sqlite3_stmt* s = insert_doc_;
    sqlite3_bind_int(s, 1, kind);
    if (number.empty()) sqlite3_bind_null(s, 2); else BindText(s, 2, number);
    sqlite3_bind_int(s, 3, day);
    if (reason.empty()) sqlite3_bind_null(s, 4); else BindText(s, 4, reason);
    for (auto [index, v] : {std::pair{5, from}, std::pair{6, to}, std::pair{7, composite}, std::pair{8, quantity}}) {
      if (v == 0) sqlite3_bind_null(s, index); else sqlite3_bind_int64(s, index, v);
    }
    sqlite3_bind_int64(s, 9, NowMicros());
    const int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(db_) : 0;
  }

  // Takes `quantity` out of the cell, oldest lots first, into taken_; false
  // when the lots do not cover it (nothing written) or the stock check
  // refuses (the caller rolls back).
  bool Issue(int64_t doc, int32_t line, int64_t item, int64_t location, Quantity quantity, int32_t day) {
    lots_.clear();
    Quantity covered;
    sqlite3_bind_int64(oldest_lots_, 1, item);
    sqlite3_bind_int64(oldest_lots_, 2, location);
    while (covered < quantity && sqlite3_step(oldest_lots_) == SQLITE_ROW) {
      lots_.push_back({sqlite3_column_int64(oldest_lots_, 0), Quantity::FromUnits(sqlite3_column_int64(oldest_lots_, 1)),
                       Money::FromUnits(sqlite3_column_int64(oldest_lots_, 2))});
      covered += lots_.back().quantity;
    }
    sqlite3_reset(oldest_lots_);
    if (covered < quantity) return false;
    taken_.clear();
    Quantity rest = quantity;
    Money total;
    for (const LotRow& lot : lots_) {
      const Quantity n = rest < lot.quantity ? rest : lot.quantity;
      // The engine's rule: a lot taken whole gives all its value, a part
      // its share, rounded once.
      const Money v = *internal::ShareOf(lot.value, n, lot.quantity);
      sqlite3_stmt* s = n == lot.quantity ? delete_lot_ : update_lot_;
      sqlite3_bind_int64(s, 1, item);
      sqlite3_bind_int64(s, 2, location);
      sqlite3_bind_int64(s, 3, lot.id);
      if (s == update_lot_) {
        sqlite3_bind_int64(s, 4, (lot.quantity - n).units());
        sqlite3_bind_int64(s, 5, (lot.value - v).units());
      }
      StepDone(s, "lot");
      taken_.push_back({n, v});
      total += v;
      rest -= n;
    }
    sqlite3_bind_int64(issue_balance_, 1, item);
    sqlite3_bind_int64(issue_balance_, 2, location);
    sqlite3_bind_int64(issue_balance_, 3, quantity.units());
    sqlite3_bind_int64(issue_balance_, 4, total.units());
    StepDone(issue_balance_, "UPDATE balances");
    if (sqlite3_changes(db_) != 1) return false;  // the stock check
    InsertPosting(doc, line, item, location, -quantity, -total, *internal::UnitCostOf(total, quantity), day);
    return true;
  }

  // Adds `quantity` to the cell as one lot per piece.
  void Receive(int64_t doc, int32_t line, int64_t item, int64_t location, std::span<const Piece> pieces,
               Quantity quantity, int32_t day) {
    Money total;
    for (const Piece& p : pieces) {
      sqlite3_bind_int64(insert_lot_, 1, item);
      sqlite3_bind_int64(insert_lot_, 2, location);
      sqlite3_bind_int64(insert_lot_, 3, ++last_lot_id_);
      sqlite3_bind_int64(insert_lot_, 4, p.quantity.units());
      sqlite3_bind_int64(insert_lot_, 5, p.value.units());
      StepDone(insert_lot_, "INSERT lot");
      total += p.value;
    }
    sqlite3_bind_int64(receive_balance_, 1, item);
    sqlite3_bind_int64(receive_balance_, 2, location);
    sqlite3_bind_int64(receive_balance_, 3, quantity.units());
    sqlite3_bind_int64(receive_balance_, 4, total.units());
    StepDone(receive_balance_, "UPSERT balances");
    InsertPosting(doc, line, item, location, quantity, total, *internal::UnitCostOf(total, quantity), day);
  }

  void InsertPosting(int64_t doc, int32_t line, int64_t item, int64_t location, Quantity quantity, Money value,
                     Money unit_cost, int32_t day) {
    sqlite3_stmt* s = insert_posting_;
    sqlite3_bind_int64(s, 1, doc);
    sqlite3_bind_int(s, 2, line);
    sqlite3_bind_int64(s, 3, item);
    sqlite3_bind_int64(s, 4, location);
    sqlite3_bind_int64(s, 5, quantity.units());
    sqlite3_bind_int64(s, 6, value.units());
    sqlite3_bind_int64(s, 7, unit_cost.units());
    sqlite3_bind_int(s, 8, day);
    StepDone(s, "INSERT posting");
  }

  int64_t QueryInt(const char* sql) {
    sqlite3_stmt* s = Prepare(sql);
    Check(sqlite3_step(s) == SQLITE_ROW ? SQLITE_OK : sqlite3_errcode(db_), sql);
    const int64_t v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
  }

  static int64_t NowMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  sqlite3_stmt* begin_ = nullptr;
  sqlite3_stmt* commit_ = nullptr;
  sqlite3_stmt* rollback_ = nullptr;
  sqlite3_stmt* insert_item_ = nullptr;
  sqlite3_stmt* find_item_ = nullptr;
  sqlite3_stmt* insert_doc_ = nullptr;
  sqlite3_stmt* insert_posting_ = nullptr;
  sqlite3_stmt* issue_balance_ = nullptr;
  sqlite3_stmt* receive_balance_ = nullptr;
  sqlite3_stmt* oldest_lots_ = nullptr;
  sqlite3_stmt* insert_lot_ = nullptr;
  sqlite3_stmt* update_lot_ = nullptr;
  sqlite3_stmt* delete_lot_ = nullptr;
  sqlite3_stmt* cell_ = nullptr;
  int64_t last_lot_id_ = 0;
  std::vector<LotRow> lots_;    // scratch: the lots an issue reads
  std::vector<Piece> taken_;    // what the last Issue took, lot by lot
};

}  // namespace inventory::bench

#endif  // INVENTORY_BENCH_STOCK_SQLITE_BASELINE_H_
