// The SQLite baseline: the catalog workload the engine benchmarks run, done
// the way a competent engineer would do it on an in-memory SQLite database.
// Owns one connection and its prepared statements. Used by one thread.
//
// Schema: the columns the generated catalog fills, an INTEGER PRIMARY KEY
// (the rowid, SQLite's fastest key), and the same uniqueness and ordering
// the engine maintains: SKU unique and case-insensitive (the engine also
// trims), UPC and EAN unique, and a case-insensitive name index (the engine
// keeps items ordered by name for listing and FindItemsByName). Money is
// stored as integer millionths, like inventory::Money, and the two times
// as microseconds since the epoch, set on insert as the engine does.
//
// Example:
//   SqliteCatalog db;
//   db.Begin();
//   int64_t id = db.Insert(generated_item);
//   db.Commit();
//   std::optional<uint64_t> row = db.FindBySku("MUG-00012345");
#ifndef INVENTORY_BENCH_SQLITE_BASELINE_H_
#define INVENTORY_BENCH_SQLITE_BASELINE_H_

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "catalog_generator.h"
#include "sqlite_support.h"

namespace inventory::bench {

// The value a lookup folds the row it read into, so that neither the engine
// nor SQLite can skip reading it. Touches the last byte of the name (which
// lives out of line for long names in the engine) and every column.
inline uint64_t RowChecksum(int64_t id, std::string_view name, std::string_view sku,
                            std::string_view upc, std::string_view ean, int64_t rate,
                            int64_t purchase_rate) {
  return static_cast<uint64_t>(id) + name.size() +
         (name.empty() ? 0u : static_cast<unsigned char>(name.back())) + sku.size() + upc.size() +
         ean.size() + static_cast<uint64_t>(rate) + static_cast<uint64_t>(purchase_rate);
}

class SqliteCatalog : private SqliteConnection {
 public:
  // Opens a private ":memory:" database and prepares every statement.
  // Aborts the program on any SQLite error (it is a benchmark fixture).
  SqliteCatalog() {
    // NOMUTEX: the connection is used by one thread, as a per-thread
    // connection would be; it spares a mutex per call.
    Check(sqlite3_open_v2(":memory:", &db_,
                          SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                          nullptr),
          "open");
    Exec(R"sql(
      CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        sku TEXT COLLATE NOCASE,
        upc TEXT,
        ean TEXT,
        rate INTEGER NOT NULL,
        purchase_rate INTEGER NOT NULL,
        created_time INTEGER NOT NULL,
        last_modified_time INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX items_sku ON items(sku);
      CREATE UNIQUE INDEX items_upc ON items(upc);
      CREATE UNIQUE INDEX items_ean ON items(ean);
      CREATE INDEX items_name ON items(name COLLATE NOCASE);
    )sql");
    begin_ = Prepare("BEGIN");
    commit_ = Prepare("COMMIT");
    insert_ = Prepare(
        "INSERT INTO items (name, sku, upc, ean, rate, purchase_rate, created_time, "
        "last_modified_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)");
    constexpr const char* kColumns =
        "SELECT id, name, sku, upc, ean, rate, purchase_rate FROM items WHERE ";
    by_id_ = Prepare(std::string(kColumns) + "id = ?1");
    by_sku_ = Prepare(std::string(kColumns) + "sku = ?1");
    by_upc_ = Prepare(std::string(kColumns) + "upc = ?1");
  }
  ~SqliteCatalog() {
    for (sqlite3_stmt* s : {begin_, commit_, insert_, by_id_, by_sku_, by_upc_}) sqlite3_finalize(s);
    sqlite3_close(db_);
  }
  SqliteCatalog(const SqliteCatalog&) = delete;
  SqliteCatalog& operator=(const SqliteCatalog&) = delete;

  void Begin() { StepDone(begin_, "BEGIN"); }
  void Commit() { StepDone(commit_, "COMMIT"); }

  // Inserts one item and returns its id; 0 if a constraint refused it.
  int64_t Insert(const GeneratedItem& item) {
    const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    BindText(insert_, 1, item.name);
    BindText(insert_, 2, item.sku);
    BindText(insert_, 3, item.upc);
    BindText(insert_, 4, item.ean);
    sqlite3_bind_int64(insert_, 5, item.rate.units());
    sqlite3_bind_int64(insert_, 6, item.purchase_rate.units());
    sqlite3_bind_int64(insert_, 7, now);
    int rc = sqlite3_step(insert_);
    sqlite3_reset(insert_);
    if (rc != SQLITE_DONE) return 0;
    return sqlite3_last_insert_rowid(db_);
  }

  // Each lookup reads every selected column of the row and returns their
  // RowChecksum; nullopt when no row matches.
  std::optional<uint64_t> FindById(int64_t id) {
    sqlite3_bind_int64(by_id_, 1, id);
    return ReadRow(by_id_);
  }
  std::optional<uint64_t> FindBySku(std::string_view sku) {
    BindText(by_sku_, 1, sku);
    return ReadRow(by_sku_);
  }
  std::optional<uint64_t> FindByUpc(std::string_view upc) {
    BindText(by_upc_, 1, upc);
    return ReadRow(by_upc_);
  }

  using SqliteConnection::Exec;
  sqlite3* db() const { return db_; }

 private:
  static std::string_view Column(sqlite3_stmt* stmt, int column) {
    const char* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
    return std::string_view(text ? text : "", static_cast<size_t>(sqlite3_column_bytes(stmt, column)));
  }
  std::optional<uint64_t> ReadRow(sqlite3_stmt* stmt) {
    std::optional<uint64_t> out;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      out = RowChecksum(sqlite3_column_int64(stmt, 0), Column(stmt, 1), Column(stmt, 2),
                        Column(stmt, 3), Column(stmt, 4), sqlite3_column_int64(stmt, 5),
                        sqlite3_column_int64(stmt, 6));
    }
    sqlite3_reset(stmt);
    return out;
  }
  sqlite3_stmt* begin_ = nullptr;
  sqlite3_stmt* commit_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* by_id_ = nullptr;
  sqlite3_stmt* by_sku_ = nullptr;
  sqlite3_stmt* by_upc_ = nullptr;
};

}  // namespace inventory::bench

#endif  // INVENTORY_BENCH_SQLITE_BASELINE_H_
