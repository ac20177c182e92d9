#!/usr/bin/env bash
# Makes docs/report-screenshot.png: a phantom (czpick phantom, seed 7, 184×630×630 at 10.012 Å), picks simulated from
# its truth (15 % of the particles missed, centres jittered by 12 % of the radius, one stray per eight particles,
# beta-amylase not picked, as the seed model does not pick it), `czpick report` against the truth, and headless
# Chromium showing the report as a desktop browser (1280 CSS pixels, scaled to 55 %) and a phone (390) side by side.
# Needs chromium (scripts/setup-chromium.sh) and python3 (standard library only). Usage: scripts/report-screenshot.sh [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."

out="$(realpath -m "${1:-docs/report-screenshot.png}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build src/CzPick.Cli --configuration Release --output .build/czpick --verbosity quiet >/dev/null
czpick() { dotnet .build/czpick/czpick.dll "$@"; }

czpick phantom --out "$work/phantom" --seed 7 >/dev/null
run=TS_phantom_7
python3 - "$work" "$run" <<'PY'
import glob, json, os, random, sys
work, run = sys.argv[1], sys.argv[2]
random.seed(3)
radius = {"apo-ferritin": 60, "beta-galactosidase": 90, "ribosome": 150, "thyroglobulin": 130, "virus-like-particle": 135}
picks = f"{work}/picks/ExperimentRuns/{run}/Picks"
os.makedirs(picks)
identity = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
for path in sorted(glob.glob(f"{work}/phantom/truth/ExperimentRuns/{run}/Picks/*.json")):
    truth = json.load(open(path))
    name = truth["pickable_object_name"]
    if name not in radius:
        continue
    points = []
    for point in truth["points"]:
        if random.random() < 0.15:
            continue
        location = {axis: point["location"][axis] + random.gauss(0, 0.12 * radius[name]) for axis in "xyz"}
        points.append({"location": location, "transformation_": identity, "instance_id": 0, "score": round(random.betavariate(6, 2), 3)})
    for _ in range(max(1, len(truth["points"]) // 8)):
        location = {"x": random.uniform(300, 6000), "y": random.uniform(300, 6000), "z": random.uniform(300, 1500)}
        points.append({"location": location, "transformation_": identity, "instance_id": 0, "score": round(random.betavariate(2, 4), 3)})
    json.dump({"pickable_object_name": name, "user_id": "czpick", "session_id": "0", "run_name": run, "voxel_spacing": 10.012,
               "unit": "angstrom", "trust_orientation": False, "points": points}, open(f"{picks}/czpick_0_{name}.json", "w"))
PY
czpick report --volume "$work/phantom/$run.mrc" --picks "$work/picks" --truth "$work/phantom/truth" --user curation --out "$work/report" >/dev/null

# The report goes into two frames through srcdoc, so that each lays out at its own width (headless windows are at
# least 500 pixels wide, too wide for a phone).
source="$(sed -e 's/&/\&amp;/g' -e 's/"/\&quot;/g' "$work/report/$run.html")"
cat > "$work/frame.html" <<HTML
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>report</title>
<style>
body{margin:0;background:#e9ecef}
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
