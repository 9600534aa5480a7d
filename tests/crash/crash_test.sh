#!/usr/bin/env bash
# crash_test.sh: kill nq57 serve with SIGKILL at random moments while writes
# stream in, at least 50 times, and check that no acknowledged write is lost
# and the database stays intact (crash.py does the work and prints
# "kills N, acknowledged writes W, lost 0, integrity errors 0").
# Usage: tests/crash/crash_test.sh [path/to/nq57] [--kills N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-${NQ57_BUILD_ROOT:-$here/../../build}/src/cli/nq57}
shift || true
exec python3 "$here/crash.py" "$bin" "$@"
