#!/usr/bin/env bash
# tests/valgrind.sh: run test suites under valgrind memcheck on a plain debug
# build (no sanitizers: valgrind and ASan don't mix). Any memory error or
# definite/indirect leak fails the run.
# Usage: tests/valgrind.sh [BUILD_DIR] [SUITE...]   (default suites: http)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-valgrind}
shift || true
suites=("${@:-http}")
if [[ ! -f $build/build.ninja ]]; then
  meson setup "$build" "$root" -Dbuildtype=debug -Dwerror=true >/dev/null
fi
ninja -C "$build" -j2 >/dev/null
args=()
for s in "${suites[@]}"; do args+=(--suite "$s"); done
meson test -C "$build" "${args[@]}" --no-suite crash --print-errorlogs --timeout-multiplier 10 \
  --wrap='valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect -q'
