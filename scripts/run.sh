#!/usr/bin/env bash
# scripts/run.sh: the one run command. Installs missing Debian packages,
# builds nq57 (release) and its web app, and serves on http://localhost:8057
# with the embedded SQLite database ./nq57.db (demo data from the seed plans
# on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --web
[ -f build/build.ninja ] || meson setup build -Dbuildtype=release -Dtests=false
ninja -C build
if [ -f web/package.json ]; then
  { [ -d web/node_modules ] || bash scripts/web-deps.sh; }
  (cd web && npm run build)
fi
exec ./build/src/cli/nq57 serve --db "${NQ57_DB:-nq57.db}" --port "${NQ57_PORT:-8057}" --web web/dist "$@"
