// The machine's floor for the point reads: what one random, dependent
// load costs in a buffer of a given size, measured in the same way as the
// engine's reads, so that their figures can be read against it.
//
//   Chase/<MiB>/<huge> one load at a time: each address is the value the
//                      previous load returned (a random cycle through the
//                      buffer's cache lines), so no two loads overlap
//   Chase4/<MiB>/<huge> four such chains advanced together: what the core
//                      gains when it has independent misses to overlap
//
// Sizes: 2 MiB (about this VM's L2), 4, 8 and 16 MiB (where the cache
// ends: the item slots of 1M ids are 8 MiB, a key index of 1M keys 16
// MiB), 32 MiB (the ledger blocks of 100k items), 256 MiB and 1 GiB (the
// catalog and ledger of 1M items). The second argument says which pages:
// 0, 4 KiB pages, as malloc's heap (the catalog's items, their names): each
// load past the TLB's reach also walks the page tables; 1, transparent huge
// pages asked for with MADV_HUGEPAGE, as the engine's block pool (the
// ledger's blocks and lots).
#include <benchmark/benchmark.h>
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <numeric>
#include <random>
#include <vector>

namespace {

constexpr size_t kLine = 64;

// A buffer of `bytes` whose lines each hold the offset of the next line of
// one random cycle through all of them (fixed seed).
class Cycle {
 public:
  Cycle(size_t bytes, bool huge)
      : lines_(bytes / kLine), data_(static_cast<uint64_t*>(std::aligned_alloc(kHugePage, bytes))) {
    madvise(data_.get(), bytes, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
    std::vector<uint32_t> order(lines_);
    std::iota(order.begin(), order.end(), 0u);
    std::shuffle(order.begin(), order.end(), std::mt19937_64(42));
    for (size_t i = 0; i < lines_; ++i) At(order[i]) = order[(i + 1) % lines_];
  }
  uint64_t& At(size_t line) { return data_.get()[line * (kLine / 8)]; }
  size_t lines() const { return lines_; }

 private:
  static constexpr size_t kHugePage = size_t{2} << 20;
  struct Free {
    void operator()(uint64_t* p) const { std::free(p); }
  };
  size_t lines_;
  std::unique_ptr<uint64_t[], Free> data_;
};

void BM_Chase(benchmark::State& state) {
  Cycle cycle(static_cast<size_t>(state.range(0)) << 20, state.range(1) != 0);
  uint64_t at = 0;
  for (auto _ : state) at = cycle.At(at);
  benchmark::DoNotOptimize(at);
}

void BM_Chase4(benchmark::State& state) {
  Cycle cycle(static_cast<size_t>(state.range(0)) << 20, state.range(1) != 0);
  const size_t quarter = cycle.lines() / 4;
  uint64_t a = 0, b = cycle.At(quarter), c = cycle.At(2 * quarter), d = cycle.At(3 * quarter);
  for (auto _ : state) {
    a = cycle.At(a);
    b = cycle.At(b);
    c = cycle.At(c);
    d = cycle.At(d);
  }
  benchmark::DoNotOptimize(a + b + c + d);
  state.SetItemsProcessed(4 * state.iterations());
}

BENCHMARK(BM_Chase)->Name("Chase")->ArgsProduct({{2, 4, 8, 16, 32, 256, 1024}, {0, 1}})->Iterations(5'000'000);
BENCHMARK(BM_Chase4)->Name("Chase4")->ArgsProduct({{2, 32, 256, 1024}, {0, 1}})->Iterations(2'000'000);

}  // namespace

BENCHMARK_MAIN();
