#!/usr/bin/env bash
# One entry point for a fresh Debian machine: installs what is missing
# (idempotent, non-interactive), builds, and runs what was asked.
#   ./setup.sh demo    build and run the demo shop
#   ./setup.sh test    build and run every test
#   ./setup.sh build   only build
#   ./setup.sh bench   build and run the benchmarks
set -euo pipefail
cd "$(dirname "$0")"

packages=(build-essential cmake libboost1.81-dev libboost-json1.81-dev
          libabsl-dev libgtest-dev libgmock-dev libbenchmark-dev libsqlite3-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

build() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j "$(nproc)"
}

case "${1:-test}" in
  demo)  build; ./build/bin/demo_shop ;;
  test)  build; ctest --test-dir build --output-on-failure -j "$(nproc)" ;;
  build) build ;;
  bench) build; ./build/bin/catalog_bench ;;
  *) echo "usage: $0 demo|test|build|bench" >&2; exit 2 ;;
esac
