#!/usr/bin/env bash
# Screenshots an HTML report as a desktop browser (1280 CSS pixels wide) and a phone (390) show it, side by side in
# one PNG, with headless Chromium (scripts/setup-chromium.sh installs it). Made docs/report-screenshot.png:
#   czpick phantom --out ph --seed 7                      # a 184×630×630 phantom with its truth
#   (picks: the truth with 15 % dropped, positions jittered, some strays, as a copick overlay under user czpick)
#   czpick report --volume ph/TS_phantom_7.mrc --picks picks --truth ph/truth --user curation --out report
#   scripts/report-screenshot.sh report/TS_phantom_7.html docs/report-screenshot.png
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 REPORT.html OUT.png" >&2
  exit 2
fi

report="$(realpath "$1")"
out="$(realpath -m "$2")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The report goes into two frames through srcdoc, so that each lays out at its own width (headless windows are at
# least 500 pixels wide, too wide for a phone). The desktop frame is scaled to 55 % to sit beside the phone.
source="$(sed -e 's/&/\&amp;/g' -e 's/"/\&quot;/g' "$report")"
cat > "$work/frame.html" <<HTML
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>report</title>
<style>
body{margin:0;background:#e9ecef;font:14px system-ui,"DejaVu Sans",sans-serif}
.desk{position:absolute;left:16px;top:16px;width:704px;height:990px;overflow:hidden;border:1px solid #adb5bd;background:#fff}
.desk iframe{width:1280px;height:1800px;border:0;transform:scale(.55);transform-origin:0 0}
.phone{position:absolute;left:740px;top:16px;width:414px;height:990px;border-radius:28px;background:#212529;padding:12px}
.phone iframe{width:390px;height:966px;border:0;border-radius:18px;background:#fff}
</style></head>
<body>
<div class="desk"><iframe srcdoc="$source"></iframe></div>
<div class="phone"><iframe srcdoc="$source"></iframe></div>
</body></html>
HTML

chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
  --user-data-dir="$work/profile" --window-size=1196,1022 --virtual-time-budget=10000 \
  --screenshot="$out" "file://$work/frame.html" 2>/dev/null
echo "$out"
