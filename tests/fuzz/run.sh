#!/usr/bin/env bash
# run.sh: build the importer's libFuzzer harness with clang (ASan+UBSan,
# coverage on every library) in build-fuzz/ and run it for a bounded time
# on a corpus seeded from data/seeds. Usage: tests/fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-60}"
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang meson setup build-fuzz -Dfuzz=true -Dtests=false -Dbuildtype=debugoptimized \
    -Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link
fi
ninja -C build-fuzz -j2 tests/fuzz/fuzz_import_text
corpus=build-fuzz/fuzz-corpus
mkdir -p "$corpus"
# seed: the plans themselves, cut into pieces libFuzzer can mutate quickly
for f in data/seeds/*.txt; do
  split -b 4096 -d "$f" "$corpus/$(basename "$f" .txt)-"
done
exec build-fuzz/tests/fuzz/fuzz_import_text -max_total_time="$secs" -max_len=8192 -artifact_prefix=build-fuzz/ \
  -timeout=60 -rss_limit_mb=2048 "$corpus"
