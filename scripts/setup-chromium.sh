#!/usr/bin/env bash
# Installs Debian's chromium for the report tests (tests/CzPick.Reports.Tests open the HTML report in headless
# Chromium). Quiet and quick when /usr/bin/chromium is already there. CI runs as root with apt available; elsewhere
# the install is skipped with a note, and the Chromium tests then fail with a message saying what is missing.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-chromium: /usr/bin/chromium is missing and apt-get cannot run here (needs root); install Debian's chromium package" >&2
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# DejaVu so that text renders in screenshots on a bare system (the report asks for system-ui, then sans-serif).
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
