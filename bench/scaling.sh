#!/usr/bin/env bash
# Runs the catalog, stock and query benchmarks at 10k, 100k and 1M items and
# prints one table: per operation and size, the engine's median, SQLite's,
# and the ratio, so how each cost grows with the catalog reads off one row.
#
# Usage: bench/scaling.sh [sizes...]        (default: 10000 100000 1000000)
# Environment: REPETITIONS (default 3), BUILD_DIR (default build-bench),
# JOBS (default 2), REUSE=1 (keep the output of runs that finished, and run
# only the others). Each run's full output is kept in
# $BUILD_DIR/scaling-<bench>-<items>.txt; the table is printed at the end and
# saved to $BUILD_DIR/scaling.md. About 30 minutes on 2 cores at the defaults
# (query_bench: about 3.5 of them).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build-bench}"
jobs="${JOBS:-2}"
repetitions="${REPETITIONS:-3}"
sizes=("$@")
benches=(catalog_bench stock_bench query_bench)
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000 1000000)

cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release \
  -DINVENTORY_BUILD_TESTS=OFF -DINVENTORY_BUILD_EXAMPLES=OFF -DINVENTORY_BUILD_TOOLS=OFF \
  -DINVENTORY_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build_dir" -j"$jobs" --target "${benches[@]}"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')," \
     "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
for bench in "${benches[@]}"; do
  for n in "${sizes[@]}"; do
    out="$build_dir/scaling-$bench-$n.txt"
    if [ "${REUSE:-0}" = 1 ] && grep -q '^| operation' "$out" 2>/dev/null; then continue; fi
    echo "running $bench --items=$n --repetitions=$repetitions" >&2
    "$build_dir/bin/$bench" --items="$n" --repetitions="$repetitions" >"$out" 2>&1
  done
done

# Each run ends with a Markdown table: | operation | engine | SQLite | ratio | target |.
# Join them by operation (the text before any "(" is the same at every size).
{
  printf '| operation |'
  for n in "${sizes[@]}"; do printf ' %s engine | SQLite / engine |' "$n"; done
  printf '\n| --- |'
  for n in "${sizes[@]}"; do printf ' ---: | ---: |'; done
  printf '\n'
  for bench in "${benches[@]}"; do
    files=()
    for n in "${sizes[@]}"; do files+=("$build_dir/scaling-$bench-$n.txt"); done
    awk -F'|' -v count="${#sizes[@]}" '
      FNR == 1 { file++ }
      /^\| / && $3 ~ /[0-9]/ {
        op = $2; gsub(/^ +| +$/, "", op)
        if (!(op in seen)) { seen[op] = 1; order[++ops] = op }
        engine[op, file] = $3; ratio[op, file] = $5
      }
      END {
        for (i = 1; i <= ops; i++) {
          op = order[i]; line = "| " op " |"
          for (f = 1; f <= count; f++) {
            e = engine[op, f]; r = ratio[op, f]
            gsub(/^ +| +$/, "", e); gsub(/^ +| +$/, "", r)
            line = line " " (e == "" ? "-" : e) " | " (r == "" ? "-" : r) " |"
          }
          print line
        }
      }' "${files[@]}"
  done
} | tee "$build_dir/scaling.md"
