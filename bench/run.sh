#!/usr/bin/env bash
# Rebuilds a benchmark (Release, in its own build directory; catalog_bench
# unless BENCH names another) and runs all of it; prints the machine, the
# command, Google Benchmark's output and, at the end, the Markdown table that
# bench/README.md quotes.
#
# Usage: [BENCH=stock_bench] bench/run.sh [benchmark flags...]
#   bench/run.sh                              # the README figures: 1M items, 5 repetitions
#   bench/run.sh --items=100000 --repetitions=3 --benchmark_min_time=0.1   # a quick run
#   BENCH=stock_bench bench/run.sh            # the stock figures: 100k items, 5 repetitions
# Environment: BENCH (default catalog_bench), BUILD_DIR (default build-bench),
# JOBS (default 2).
# The full output is also saved to $BUILD_DIR/$BENCH.txt.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build-bench}"
jobs="${JOBS:-2}"
bench="${BENCH:-catalog_bench}"

cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release \
  -DINVENTORY_BUILD_TESTS=OFF -DINVENTORY_BUILD_EXAMPLES=OFF -DINVENTORY_BUILD_TOOLS=OFF \
  -DINVENTORY_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build_dir" -j"$jobs" --target "$bench"

out="$build_dir/$bench.txt"
{
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')," \
       "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "command: $build_dir/bin/$bench $*"
  "$build_dir/bin/$bench" "$@"
} 2>&1 | tee "$out"
