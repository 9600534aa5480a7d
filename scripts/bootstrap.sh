#!/usr/bin/env bash
# bootstrap.sh: install the Debian packages nq57 needs that are missing.
# Safe to run again; installs nothing when everything is present.
set -euo pipefail

BUILD_PKGS="build-essential pkg-config meson ninja-build clang libclang-rt-14-dev
  libmicrohttpd-dev libgnutls28-dev libjansson-dev libsqlite3-dev sqlite3 libsodium-dev
  libutf8proc-dev libcmocka-dev libzip-dev libxml2-dev libxlsxwriter-dev
  libpoppler-glib-dev libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-vie
  hunspell-vi libpq-dev zip unzip poppler-utils python3"
TEST_PKGS="wrk nginx-light chromium fonts-noto-core fonts-liberation2 libreoffice-writer-nogui valgrind"

want="$BUILD_PKGS"
WEB_PKGS="fonts-noto-core"
case "${1:-}" in
  --test) want="$BUILD_PKGS $TEST_PKGS" ;;
  --web) want="$BUILD_PKGS $WEB_PKGS" ;;
esac

missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Node.js may come from another vendor with npm inside; install Debian's only when absent.
if [ "${1:-}" != "" ] && ! command -v npm >/dev/null 2>&1; then missing="$missing nodejs npm"; fi
if [ -z "$missing" ]; then
  echo "bootstrap: all packages present"
  exit 0
fi
echo "bootstrap: installing:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
