// What catalog_bench, stock_bench and query_bench share to print their
// Markdown table at the end of a run: a console reporter that keeps every
// benchmark's median (or single run), the load average at the start and the
// end, and the row format "| operation | engine | SQLite | SQLite / engine |
// engine target |". Each program derives from TableReporter and writes its
// own rows in Finalize(). Also their main (RunBenchmarks) and the heap and
// resident-memory readings.
#ifndef INVENTORY_BENCH_TABLE_REPORTER_H_
#define INVENTORY_BENCH_TABLE_REPORTER_H_

#include <benchmark/benchmark.h>
#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "common/block_pool.h"

namespace inventory::bench {

struct Result {
  double ns = 0;       // CPU time per iteration
  double real_ns = 0;  // wall-clock time per iteration
  std::map<std::string, double> counters;
};

// Bytes the allocators have handed out and not taken back: malloc's small
// chunks (uordblks) and chunks served by mmap (hblkhd, e.g. large bucket
// arrays), with malloc's per-chunk header, i.e. what the allocations really
// cost; the ledger's blocks in the engine's block pool, rounded up to their
// cache lines; and the key indexes' huge-page mappings, in whole huge pages.
inline size_t HeapInUse() {
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd + internal::PoolBytesInUse() + internal::HugeBytesInUse();
}

inline size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

inline std::string FormatNs(double ns) {
  char buf[32];
  if (ns < 1000) std::snprintf(buf, sizeof buf, "%.0f ns", ns);
  else if (ns < 1e6) std::snprintf(buf, sizeof buf, "%.2f us", ns / 1e3);
  else if (ns < 1e9) std::snprintf(buf, sizeof buf, "%.2f ms", ns / 1e6);
  else std::snprintf(buf, sizeof buf, "%.2f s", ns / 1e9);
  return buf;
}

class TableReporter : public benchmark::ConsoleReporter {
 public:
  TableReporter()
      : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_ColorTabular : OO_Tabular), load_at_start_(LoadAverage()) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred) continue;
      const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
      const bool single = run.run_type == Run::RT_Iteration && run.repetitions <= 1;
      if (!median && !single) continue;
      Result& r = results_[run.run_name.function_name];
      // CPU time: the machine is shared, and time spent descheduled is not
      // the code's. Every benchmark reports in ns.
      r.ns = run.GetAdjustedCPUTime();
      r.real_ns = run.GetAdjustedRealTime();
      for (const auto& [name, counter] : run.counters) r.counters[name] = counter.value;
    }
  }

 protected:
  // The load-average line and the table's header.
  void PrintTableHead(std::FILE* out) const {
    std::fprintf(out, "load average: %s at start, %s at end\n\n", load_at_start_.c_str(), LoadAverage().c_str());
    std::fprintf(out, "| operation | engine | SQLite | SQLite / engine | engine target |\n");
    std::fprintf(out, "| --- | ---: | ---: | ---: | --- |\n");
  }
  // One row: `ev` and `sv` are the engine's and SQLite's values (0 for
  // none), `es` and `ss` how they print ("-" for none); the ratio is
  // sv / ev; `target` (0 for none) is met when ev <= target and prints as
  // `target_text`; `min_ratio` (0 for none) is met when sv / ev is at least
  // that.
  static void PrintRow(std::FILE* out, const char* label, double ev, double sv, const std::string& es,
                       const std::string& ss, double target, const std::string& target_text, double min_ratio = 0) {
    std::string ratio = "-", verdict = "-";
    if (ev > 0 && sv > 0) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.2fx", sv / ev);
      ratio = buf;
    }
    if (target > 0 && ev > 0) verdict = (ev <= target ? "met (<= " : "MISSED (<= ") + target_text + ")";
    if (min_ratio > 0 && ev > 0 && sv > 0) {
      char buf[48];
      std::snprintf(buf, sizeof buf, "%s (>= %gx SQLite)", sv / ev >= min_ratio ? "met" : "MISSED", min_ratio);
      verdict = verdict == "-" ? buf : verdict + ", " + buf;
    }
    std::fprintf(out, "| %s | %s | %s | %s | %s |\n", label, es.c_str(), ss.c_str(), ratio.c_str(), verdict.c_str());
  }
  const Result* Find(const std::string& name) const {
    auto it = results_.find(name);
    return it == results_.end() ? nullptr : &it->second;
  }

  std::map<std::string, Result> results_;

 private:
  static std::string LoadAverage() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
  }

  std::string load_at_start_;
};

// A program's main: its own flags first (parse_own_flags removes them),
// then Google Benchmark's, then every benchmark, reported through `Reporter`
// (which prints the table at the end).
template <class Reporter>
int RunBenchmarks(int argc, char** argv, void (*parse_own_flags)(int*, char**), void (*register_all)()) {
  parse_own_flags(&argc, argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_all();
  Reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}

}  // namespace inventory::bench

#endif  // INVENTORY_BENCH_TABLE_REPORTER_H_
