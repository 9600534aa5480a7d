#!/usr/bin/env bash
# scripts/web-deps.sh: install web/'s npm dependencies exactly as locked.
# `npm ci` first; the registry reachable here serves only some platforms'
# optional packages (e.g. rollup's linux builds), which makes `npm ci` reject
# a lock that lacks the others, so fall back to `npm install`, which installs
# the same locked versions without rewriting the lock.
set -euo pipefail
cd "$(dirname "$0")/../web"
npm ci --no-audit --no-fund 2>/dev/null || npm install --no-audit --no-fund
