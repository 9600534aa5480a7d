#!/usr/bin/env bash
# run.sh: run every libFuzzer harness for a bounded time and report how many
# inputs each executed. Builds build-fuzz with clang when it is missing.
# Usage: tests/fuzz/run.sh [BUILD_DIR] [SECONDS_PER_HARNESS]
# Harnesses: fuzz_import_text (the text importer, corpus: the seed plans cut
# into pieces), fuzz_http (requests through router, authz and handlers),
# fuzz_parsers (JSON request validation and query parsing).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-fuzz}
secs=${2:-60}
if [[ ! -f $build/build.ninja ]]; then
  # fuzzer-no-link: coverage feedback from every library, not just the harness
  CC=clang meson setup "$build" "$root" -Dfuzz=true -Dtests=false \
    -Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link >/dev/null
fi
ninja -C "$build" -j2 tests/fuzz/fuzz_import_text tests/fuzz/fuzz_http tests/fuzz/fuzz_parsers >/dev/null
work=$(mktemp -d /tmp/nq57-fuzz-run-XXXXXX)
trap 'rm -rf "$work"' EXIT
status=0
for h in import_text:seeds http:http parsers:json; do
  name=${h%%:*} corpus=${h##*:}
  mkdir -p "$work/$name"
  if [[ $corpus == seeds ]]; then
    # the plans themselves, cut into pieces libFuzzer can mutate quickly
    for f in "$root"/data/seeds/*.txt; do
      split -b 4096 -d "$f" "$work/$name/$(basename "$f" .txt)-"
    done
  else
    cp "$root/tests/fuzz/corpus/$corpus/"* "$work/$name/"
  fi
  log="$work/$name.log"
  # -rss_limit: the HTTP harness holds a server and a database in-process
  if ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1 \
     "$build/tests/fuzz/fuzz_$name" -max_total_time="$secs" -max_len=8192 -timeout=60 \
       -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$work/$name-" \
       "$work/$name" >"$log" 2>&1; then
    result=ok
  else
    result=FAILED; status=1
    cp "$work/$name-"* /tmp/ 2>/dev/null || true
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo 0)
  echo "fuzz_$name: $result, $execs executions in ${secs}s, coverage $cov edges"
  [[ $result == ok ]] || grep -E 'ERROR|SUMMARY|==[0-9]+==' "$log" | head -20
done
exit $status
