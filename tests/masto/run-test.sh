#!/usr/bin/env bash
# Installs the test's npm packages from the lock file when needed, then runs it with the Node.js
# that the `node` package brings (masto needs Node 22; Debian's is 20).
set -euo pipefail
cd "$(dirname "$0")"
stamp=node_modules/.magpie-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
exec node_modules/.bin/node run.mjs
