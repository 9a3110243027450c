# scripts/lib.sh — shared helpers for the project scripts (sourced, not run).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export NODE_PATH=/usr/share/nodejs   # Debian's emscripten needs its node modules from here
jobs=$(nproc 2>/dev/null || echo 2)
log() { printf '[%s] %s\n' "$(basename "$0")" "$*"; }

# build_native [DIR] [extra cmake args...] — the CLI, unit tests and benchmarks.
build_native() {
  local dir=${1:-$root/build}; shift || true
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  fi
  ninja -C "$dir" -j "$jobs" >/dev/null || ninja -C "$dir" -j1
}

# build_wasm — the embind module digest-core.{js,wasm} in build-wasm/.
build_wasm() {
  local dir=$root/build-wasm
  if [ ! -f "$dir/build.ninja" ]; then
    emcmake cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  ninja -C "$dir" -j "$jobs" digest_wasm >/dev/null || ninja -C "$dir" -j1 digest_wasm
}
