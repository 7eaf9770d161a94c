#!/usr/bin/env bash
# Install configurable-http-proxy (JupyterHub's proxy, from npm) into _build/hub-proxy/ for
# the JupyterHub end-to-end test. Idempotent; exits 3 when npm or its registry is unreachable.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=5.3.0
TARGET=_build/hub-proxy
BIN="$TARGET/node_modules/.bin/configurable-http-proxy"
if [ -x "$BIN" ] && grep -q "\"version\": \"$VERSION\"" "$TARGET/node_modules/configurable-http-proxy/package.json"; then
  exit 0
fi
command -v npm >/dev/null || { echo "npm is not installed" >&2; exit 3; }
mkdir -p "$TARGET"
npm install --silent --no-audit --no-fund --prefix "$TARGET" "configurable-http-proxy@$VERSION" \
  || { echo "npm could not install configurable-http-proxy@$VERSION" >&2; exit 3; }
test -x "$BIN"
