// What the SQLite baselines (sqlite_baseline.h, stock_sqlite_baseline.h,
// the durable one in durability_bench.cc) use to drive their connection:
// exec, prepare, bind text, step, and abort on any error (a baseline that
// silently failed would make a ratio meaningless).
#ifndef INVENTORY_BENCH_SQLITE_SUPPORT_H_
#define INVENTORY_BENCH_SQLITE_SUPPORT_H_

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace inventory::bench {

class SqliteConnection {
 public:
  // Runs statements that return no rows (schema, pragmas), or aborts.
  void Exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      std::fprintf(stderr, "sqlite: %s: %s\n", sql, error ? error : "?");
      std::abort();
    }
  }

 protected:
  static void BindText(sqlite3_stmt* stmt, int index, std::string_view text) {
    // SQLITE_STATIC: the caller's string outlives the step that reads it.
    sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  }
  sqlite3_stmt* Prepare(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    Check(sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()) + 1, SQLITE_PREPARE_PERSISTENT,
                             &stmt, nullptr),
          sql.c_str());
    return stmt;
  }
  void StepDone(sqlite3_stmt* stmt, const char* what) {
    const int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    Check(rc == SQLITE_DONE ? SQLITE_OK : rc, what);
  }
  // Opens db_ as a private in-memory file of the "memdb" VFS named `name`
  // (without memdb's 1 GiB limit: 1M items of history take more), with the
  // rollback journal kept in memory (ROLLBACK works as in the engine) and
  // the one connection owning the database.
  void OpenMemdb(const std::string& name) {
    Check(sqlite3_open_v2(("file:" + name + "?vfs=memdb").c_str(), &db_,
                          SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, nullptr),
          "open");
    sqlite3_int64 limit = sqlite3_int64{64} << 30;
    Check(sqlite3_file_control(db_, "main", SQLITE_FCNTL_SIZE_LIMIT, &limit), "memdb size limit");
    Exec("PRAGMA journal_mode = MEMORY; PRAGMA locking_mode = EXCLUSIVE;");
  }
  void Check(int rc, const char* what) {
    if (rc == SQLITE_OK) return;
    std::fprintf(stderr, "sqlite: %s: %s\n", what, db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
    std::abort();
  }

  sqlite3* db_ = nullptr;  // opened and closed by the derived baseline
};

}  // namespace inventory::bench

#endif  // INVENTORY_BENCH_SQLITE_SUPPORT_H_
