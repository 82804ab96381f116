// The SQLite baseline of query_bench: the catalog with item groups, stock
// per location, and the point reads and list queries the engine answers,
// done the way a competent engineer would on an in-memory SQLite database
// (see the constructor for which). Owns one connection and its prepared
// statements. Used by one thread.
//
// Schema (money and quantities are integer millionths, like Money and
// Quantity; times are microseconds since the epoch, set on insert):
//   locations          id, name (unique, case-insensitive)
//   item_groups        id, name (indexed case-insensitively: the engine keeps
//                      groups by name), unit, status, times
//   group_attributes   id, group, position (1..3), name; unique per group by
//                      position and by name, as the engine checks
//   attribute_options  id, attribute, name (unique per attribute)
//   items              the catalog's columns (sqlite_baseline.h), reorder
//                      level, product type, track_inventory, status, and
//                      for a variant its group and one option id per
//                      attribute (0 where the group has no such attribute)
//   balances           stock per (item, location): on hand, available,
//                      committed, in transit, value; the primary key is
//                      (item, location), WITHOUT ROWID, so an item's rows
//                      are one range of the table itself
// Indexes: SKU (unique, case-insensitive), UPC and EAN (unique), and the
// variant's options (unique per group, as the engine refuses two variants
// with the same options); name, case-insensitive (name order, name prefix),
// (rate, name) (the rate sort with its tie-break; the rowid breaks the
// remaining ties as the engine's id does), and a partial name index over
// the items with a reorder level (the low-stock list reads only those).
//
// Example:
//   SqliteQueryCatalog db;
//   db.Begin();
//   int64_t id = db.InsertItem(item, /*reorder_level=*/0);
//   db.Commit();
//   bool more = db.List(ListKind::kByRate, "", 1, 200, [&](const ListRow& row) { ... });
#ifndef INVENTORY_BENCH_QUERY_SQLITE_BASELINE_H_
#define INVENTORY_BENCH_QUERY_SQLITE_BASELINE_H_

#include <sqlite3.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query_catalog.h"
#include "sqlite_baseline.h"
#include "sqlite_support.h"

namespace inventory::bench {

// What a point read folds one location's figures into (RowChecksum covers
// the item's own columns).
inline uint64_t StockChecksum(int64_t location, int64_t on_hand, int64_t available, int64_t committed,
                              int64_t in_transit, int64_t value) {
  return static_cast<uint64_t>(location) * 0x9E37'79B9ull + static_cast<uint64_t>(on_hand) +
         static_cast<uint64_t>(available) * 3 + static_cast<uint64_t>(committed) * 5 +
         static_cast<uint64_t>(in_transit) * 7 + static_cast<uint64_t>(value);
}

// The list queries of query_bench, each a page of rows sorted as the
// engine's ListItems sorts them: by name (case-insensitive) then id, unless
// another column is named, with name and id breaking its ties.
enum class ListKind {
  kNamePrefix,  // names starting with a prefix (case-insensitive), by name
  kLowStock,    // stock on hand (all locations) at or below a reorder level > 0, by name
  kByName,
  kByRate,
  kBySku,
};

// One row of a list page: the columns a list shows.
struct ListRow {
  std::string_view name, sku, upc, ean;
  int64_t rate = 0, purchase_rate = 0;
};

class SqliteQueryCatalog : private SqliteConnection {
 public:
  // Opens a private in-memory database with the schema and the four
  // locations of query_catalog.h (ids 1 to 4, the primary first), and
  // prepares every statement. Aborts on any SQLite error.
  //
  // The database is the "memdb" VFS (an in-memory file, without memdb's
  // 1 GiB limit) behind SQLite's default page cache (2000 pages), with the
  // rollback journal in memory and an exclusive lock, as in
  // stock_sqlite_baseline.h and for the same reason: with a page cache
  // holding the whole database (":memory:", or memdb with a cache_size of
  // 4 GB), SQLite 3.40 walks every hash bucket of the cache at the end of
  // a transaction (pcache1TruncateUnsafe), and at 1M items the load's group
  // transactions took 80-105 us a variant instead of 19 (perf, at 1M).
  SqliteQueryCatalog() {
    OpenMemdb("query");
    Exec(R"sql(
      CREATE TABLE locations (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        is_primary INTEGER NOT NULL
      );
      CREATE TABLE item_groups (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        unit TEXT NOT NULL,
        status INTEGER NOT NULL,
        created_time INTEGER NOT NULL,
        last_modified_time INTEGER NOT NULL
      );
      CREATE INDEX item_groups_name ON item_groups(name COLLATE NOCASE);
      CREATE TABLE group_attributes (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        name TEXT NOT NULL COLLATE NOCASE,
        UNIQUE (group_id, position),
        UNIQUE (group_id, name)
      );
      CREATE TABLE attribute_options (
        id INTEGER PRIMARY KEY,
        attribute_id INTEGER NOT NULL,
        name TEXT NOT NULL COLLATE NOCASE,
        UNIQUE (attribute_id, name)
      );
      CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        sku TEXT COLLATE NOCASE,
        upc TEXT,
        ean TEXT,
        rate INTEGER NOT NULL,
        purchase_rate INTEGER NOT NULL,
        reorder_level INTEGER NOT NULL,
        product_type INTEGER NOT NULL DEFAULT 0,
        track_inventory INTEGER NOT NULL DEFAULT 1,
        status INTEGER NOT NULL DEFAULT 0,
        group_id INTEGER,
        option1_id INTEGER NOT NULL DEFAULT 0,
        option2_id INTEGER NOT NULL DEFAULT 0,
        option3_id INTEGER NOT NULL DEFAULT 0,
        created_time INTEGER NOT NULL,
        last_modified_time INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX items_sku ON items(sku);
      CREATE UNIQUE INDEX items_upc ON items(upc);
      CREATE UNIQUE INDEX items_ean ON items(ean);
      CREATE UNIQUE INDEX items_variant ON items(group_id, option1_id, option2_id, option3_id)
        WHERE group_id IS NOT NULL;
      CREATE INDEX items_name ON items(name COLLATE NOCASE);
      CREATE INDEX items_rate ON items(rate, name COLLATE NOCASE);
      CREATE INDEX items_low_stock ON items(name COLLATE NOCASE) WHERE reorder_level > 0;
      CREATE TABLE balances (
        item_id INTEGER NOT NULL,
        location_id INTEGER NOT NULL,
        on_hand INTEGER NOT NULL,
        available INTEGER NOT NULL,
        committed INTEGER NOT NULL,
        in_transit INTEGER NOT NULL,
        value INTEGER NOT NULL,
        PRIMARY KEY (item_id, location_id)
      ) WITHOUT ROWID;
    )sql");
    for (int l = 0; l < kQueryLocations; ++l) {
      Exec(("INSERT INTO locations (id, name, is_primary) VALUES (" + std::to_string(l + 1) + ", '" +
            kQueryLocationNames[l] + "', " + (l == 0 ? "1" : "0") + ")")
               .c_str());
    }
    begin_ = Prepare("BEGIN");
    commit_ = Prepare("COMMIT");
    insert_item_ = Prepare(
        "INSERT INTO items (name, sku, upc, ean, rate, purchase_rate, reorder_level, group_id, option1_id, "
        "option2_id, option3_id, created_time, last_modified_time) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)");
    insert_group_ = Prepare(
        "INSERT INTO item_groups (name, unit, status, created_time, last_modified_time) VALUES (?1, ?2, 0, ?3, ?3)");
    insert_attribute_ = Prepare("INSERT INTO group_attributes (group_id, position, name) VALUES (?1, ?2, ?3)");
    insert_option_ = Prepare("INSERT INTO attribute_options (attribute_id, name) VALUES (?1, ?2)");
    insert_balance_ = Prepare(
        "INSERT INTO balances (item_id, location_id, on_hand, available, committed, in_transit, value) "
        "VALUES (?1, ?2, ?3, ?3, 0, 0, ?4)");
    item_with_stock_ = Prepare(
        "SELECT i.name, i.sku, i.upc, i.ean, i.rate, i.purchase_rate, b.location_id, b.on_hand, b.available, "
        "b.committed, b.in_transit, b.value FROM items i LEFT JOIN balances b ON b.item_id = i.id WHERE i.id = ?1");
    variant_of_ = Prepare(
        "SELECT g.name, a.name, o.name FROM items i JOIN item_groups g ON g.id = i.group_id "
        "JOIN attribute_options o ON o.id IN (i.option1_id, i.option2_id, i.option3_id) "
        "JOIN group_attributes a ON a.id = o.attribute_id WHERE i.id = ?1 ORDER BY a.position");
    // Every list reads one row more than the page, to tell whether another
    // page follows (?1 = per_page + 1, ?2 = the offset).
    constexpr const char* kColumns = "SELECT name, sku, upc, ean, rate, purchase_rate FROM items ";
    constexpr const char* kByName = "ORDER BY name COLLATE NOCASE, id LIMIT ?1 OFFSET ?2";
    const std::string columns = kColumns;
    list_[static_cast<int>(ListKind::kNamePrefix)] =
        Prepare(columns + "WHERE name >= ?3 COLLATE NOCASE AND name < ?4 COLLATE NOCASE " + kByName);
    list_[static_cast<int>(ListKind::kLowStock)] = Prepare(
        columns + "WHERE reorder_level > 0 AND product_type = 0 AND track_inventory = 1 AND "
                  "(SELECT coalesce(sum(on_hand), 0) FROM balances WHERE item_id = items.id) <= reorder_level " +
        kByName);
    list_[static_cast<int>(ListKind::kByName)] = Prepare(columns + kByName);
    list_[static_cast<int>(ListKind::kByRate)] =
        Prepare(columns + "ORDER BY rate, name COLLATE NOCASE, id LIMIT ?1 OFFSET ?2");
    list_[static_cast<int>(ListKind::kBySku)] = Prepare(columns + "ORDER BY sku LIMIT ?1 OFFSET ?2");
  }
  ~SqliteQueryCatalog() {
    for (sqlite3_stmt* s : {begin_, commit_, insert_item_, insert_group_, insert_attribute_, insert_option_,
                            insert_balance_, item_with_stock_, variant_of_}) {
      sqlite3_finalize(s);
    }
    for (sqlite3_stmt* s : list_) sqlite3_finalize(s);
    sqlite3_close(db_);
  }
  SqliteQueryCatalog(const SqliteQueryCatalog&) = delete;
  SqliteQueryCatalog& operator=(const SqliteQueryCatalog&) = delete;

  void Begin() { StepDone(begin_, "BEGIN"); }
  void Commit() { StepDone(commit_, "COMMIT"); }

  // Inserts a plain item (or, with `group`, a variant choosing `options`)
  // and returns its id. Aborts if a constraint refuses it.
  int64_t InsertItem(const GeneratedItem& item, int32_t reorder_level, int64_t group = 0,
                     const std::array<int64_t, 3>& options = {}) {
    BindText(insert_item_, 1, item.name);
    BindText(insert_item_, 2, item.sku);
    BindText(insert_item_, 3, item.upc);
    BindText(insert_item_, 4, item.ean);
    sqlite3_bind_int64(insert_item_, 5, item.rate.units());
    sqlite3_bind_int64(insert_item_, 6, item.purchase_rate.units());
    sqlite3_bind_int64(insert_item_, 7, Quantity::FromInt(reorder_level).units());
    if (group == 0) sqlite3_bind_null(insert_item_, 8);
    else sqlite3_bind_int64(insert_item_, 8, group);
    for (int a = 0; a < 3; ++a) sqlite3_bind_int64(insert_item_, 9 + a, options[a]);
    sqlite3_bind_int64(insert_item_, 12, Now());
    StepDone(insert_item_, "INSERT INTO items");
    return sqlite3_last_insert_rowid(db_);
  }

  // Inserts group `g` of `catalog`: the group, its attributes and options,
  // and its variants (variant v's id goes to variant_ids[v]). Returns the
  // group's id. Aborts if a constraint refuses any of it.
  int64_t InsertGroup(const QueryCatalog& catalog, const VariantGroup& g, int64_t* variant_ids) {
    BindText(insert_group_, 1, g.name);
    BindText(insert_group_, 2, "pcs");
    sqlite3_bind_int64(insert_group_, 3, Now());
    StepDone(insert_group_, "INSERT INTO item_groups");
    const int64_t group = sqlite3_last_insert_rowid(db_);
    // option_ids[a][k]: the id of option k of attribute a.
    std::array<std::vector<int64_t>, 3> option_ids;
    for (size_t a = 0; a < g.attributes.size(); ++a) {
      sqlite3_bind_int64(insert_attribute_, 1, group);
      sqlite3_bind_int64(insert_attribute_, 2, static_cast<int64_t>(a + 1));
      BindText(insert_attribute_, 3, g.attributes[a].name);
      StepDone(insert_attribute_, "INSERT INTO group_attributes");
      const int64_t attribute = sqlite3_last_insert_rowid(db_);
      for (const std::string& option : g.attributes[a].options) {
        sqlite3_bind_int64(insert_option_, 1, attribute);
        BindText(insert_option_, 2, option);
        StepDone(insert_option_, "INSERT INTO attribute_options");
        option_ids[a].push_back(sqlite3_last_insert_rowid(db_));
      }
    }
    for (size_t v = 0; v < g.variants.size(); ++v) {
      std::array<int64_t, 3> options{};
      for (size_t a = 0; a < g.attributes.size(); ++a) options[a] = option_ids[a][g.variants[v][a]];
      const size_t i = g.first_item + v;
      variant_ids[v] = InsertItem(catalog.items[i], catalog.reorder_level[i], group, options);
    }
    return group;
  }

  // The item's opening stock: `quantity[l]` whole units at location l + 1
  // (none where 0), valued at `rate` a unit.
  void SetOpeningStock(int64_t item, const std::array<int32_t, kQueryLocations>& quantity, Money rate) {
    for (int l = 0; l < kQueryLocations; ++l) {
      if (quantity[l] == 0) continue;
      sqlite3_bind_int64(insert_balance_, 1, item);
      sqlite3_bind_int64(insert_balance_, 2, l + 1);
      sqlite3_bind_int64(insert_balance_, 3, Quantity::FromInt(quantity[l]).units());
      sqlite3_bind_int64(insert_balance_, 4, quantity[l] * rate.units());
      StepDone(insert_balance_, "INSERT INTO balances");
    }
  }

  // The item with its stock per location: RowChecksum of its columns (id
  // left out: the engine's ids count groups and options too) plus the
  // StockChecksum of each location holding stock; nullopt if no such item.
  std::optional<uint64_t> ItemWithStock(int64_t id) {
    sqlite3_bind_int64(item_with_stock_, 1, id);
    std::optional<uint64_t> out;
    while (sqlite3_step(item_with_stock_) == SQLITE_ROW) {
      sqlite3_stmt* s = item_with_stock_;
      if (!out) {
        out = RowChecksum(0, Text(s, 0), Text(s, 1), Text(s, 2), Text(s, 3), sqlite3_column_int64(s, 4),
                          sqlite3_column_int64(s, 5));
      }
      if (sqlite3_column_type(s, 6) != SQLITE_NULL) {
        *out += StockChecksum(sqlite3_column_int64(s, 6), sqlite3_column_int64(s, 7), sqlite3_column_int64(s, 8),
                              sqlite3_column_int64(s, 9), sqlite3_column_int64(s, 10), sqlite3_column_int64(s, 11));
      }
    }
    sqlite3_reset(item_with_stock_);
    return out;
  }

  // "group|Color=Red|Size=M" for a variant, "" for a plain item.
  std::string VariantOf(int64_t id) {
    sqlite3_bind_int64(variant_of_, 1, id);
    std::string out;
    while (sqlite3_step(variant_of_) == SQLITE_ROW) {
      if (out.empty()) out = Text(variant_of_, 0);
      out.append("|").append(Text(variant_of_, 1)).append("=").append(Text(variant_of_, 2));
    }
    sqlite3_reset(variant_of_);
    return out;
  }

  // Page `page` (1-based) of `per_page` rows of the list `kind` (`prefix`
  // is the name prefix of kNamePrefix, unused by the others): calls
  // row(const ListRow&) for each, and returns whether more rows follow.
  template <class F>
  bool List(ListKind kind, std::string_view prefix, int page, int per_page, F&& row) {
    sqlite3_stmt* s = list_[static_cast<int>(kind)];
    sqlite3_bind_int64(s, 1, per_page + 1);
    sqlite3_bind_int64(s, 2, static_cast<int64_t>(page - 1) * per_page);
    if (kind == ListKind::kNamePrefix) {
      // [prefix, its successor) in NOCASE order: the prefix folded to lower
      // case (as NOCASE compares) with its last byte incremented.
      low_.assign(prefix);
      for (char& c : low_) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      high_ = low_;
      while (!high_.empty() && static_cast<unsigned char>(high_.back()) == 0xFF) high_.pop_back();
      if (high_.empty()) high_.assign(1, '\xFF');  // no bound: every name sorts below it
      else high_.back() = static_cast<char>(high_.back() + 1);
      BindText(s, 3, low_);
      BindText(s, 4, high_);
    }
    int rows = 0;
    bool more = false;
    while (sqlite3_step(s) == SQLITE_ROW) {
      if (++rows > per_page) {
        more = true;
        break;
      }
      row(ListRow{.name = Text(s, 0), .sku = Text(s, 1), .upc = Text(s, 2), .ean = Text(s, 3),
                  .rate = sqlite3_column_int64(s, 4), .purchase_rate = sqlite3_column_int64(s, 5)});
    }
    sqlite3_reset(s);
    return more;
  }

  // SELECT count(*) FROM `table`.
  int64_t Count(const std::string& table) {
    sqlite3_stmt* s = Prepare("SELECT count(*) FROM " + table);
    Check(sqlite3_step(s) == SQLITE_ROW ? SQLITE_OK : SQLITE_ERROR, "count");
    const int64_t n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
  }

  using SqliteConnection::Exec;
  sqlite3* db() const { return db_; }

 private:
  static int64_t Now() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  static std::string_view Text(sqlite3_stmt* stmt, int column) {
    const char* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
    return std::string_view(text ? text : "", static_cast<size_t>(sqlite3_column_bytes(stmt, column)));
  }

  sqlite3_stmt* begin_ = nullptr;
  sqlite3_stmt* commit_ = nullptr;
  sqlite3_stmt* insert_item_ = nullptr;
  sqlite3_stmt* insert_group_ = nullptr;
  sqlite3_stmt* insert_attribute_ = nullptr;
  sqlite3_stmt* insert_option_ = nullptr;
  sqlite3_stmt* insert_balance_ = nullptr;
  sqlite3_stmt* item_with_stock_ = nullptr;
  sqlite3_stmt* variant_of_ = nullptr;
  std::array<sqlite3_stmt*, 5> list_{};
  std::string low_, high_;  // the bound name range of kNamePrefix
};

}  // namespace inventory::bench

#endif  // INVENTORY_BENCH_QUERY_SQLITE_BASELINE_H_
