#!/usr/bin/env bash
# Installs Azurite, the Azure Storage emulator that `czpick dev` and the pipeline tests run, into
# tools/azurite/node_modules from the pinned package-lock.json (azurite 3.37.0). Idempotent: when the installed
# tree matches the lock file it returns at once.
set -euo pipefail
dir="$(cd "$(dirname "$0")/../tools/azurite" && pwd)"
stamp="$dir/node_modules/.czpick-lock-sha256"
want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
if [ -x "$dir/node_modules/.bin/azurite" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "setup-azurite: npm not found; install Node.js 20 or later (it brings npm), then run this again." >&2
  exit 1
fi
echo "setup-azurite: installing azurite from tools/azurite/package-lock.json..." >&2
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
echo "$want" > "$stamp"
