#!/usr/bin/python3
"""Makes a large scoring case (not used by the tests) to time `czpick score` and to check it against scipy at scale.

Usage: /usr/bin/python3 make_benchmark.py OUT_DIR [RUNS] [REFERENCES_PER_TYPE]
Writes OUT_DIR/truth (a copick overlay, user curation, session 0) and OUT_DIR/submission.csv, then prints the score
computed with scipy's KDTree as the Kaggle metric does, and how long that took.
"""
import csv
import json
import os
import sys
import time

import numpy as np
from scipy.spatial import KDTree

RADIUS = {"apo-ferritin": 60, "beta-amylase": 65, "beta-galactosidase": 90, "ribosome": 150,
          "thyroglobulin": 130, "virus-like-particle": 135}
WEIGHT = {"apo-ferritin": 1, "beta-amylase": 0, "beta-galactosidase": 2, "ribosome": 1,
          "thyroglobulin": 2, "virus-like-particle": 1}

out = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 100
per_type = int(sys.argv[3]) if len(sys.argv) > 3 else 200
rng = np.random.default_rng(5)
extent = np.array([6300.0, 6300.0, 1840.0])
truth, picks = {}, {}
for r in range(runs):
    run = f"TS_{r}"
    for particle, radius in RADIUS.items():
        refs = rng.uniform(0, 1, (per_type, 3)) * extent
        found = refs[rng.uniform(size=per_type) < 0.8]
        found = found + rng.normal(0, radius * 0.2, found.shape)
        spurious = rng.uniform(0, 1, (per_type // 10, 3)) * extent
        truth[(run, particle)] = refs
        picks[(run, particle)] = np.concatenate([found, spurious])

start = time.perf_counter()
totals = {p: [0, 0, 0] for p in RADIUS}
for (run, particle), refs in truth.items():
    cands = picks[(run, particle)]
    hits = KDTree(cands).query_ball_tree(KDTree(refs), r=RADIUS[particle] * 0.5)
    tp = len({i for hit in hits for i in hit})
    for k, v in enumerate((tp, len(cands) - tp, len(refs) - tp)):
        totals[particle][k] += v
score = 0.0
for particle, (tp, fp, fn) in totals.items():
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    score += WEIGHT[particle] * ((17 * p * r / (16 * p + r)) if p + r else 0.0)
elapsed = time.perf_counter() - start
print(f"references {sum(len(v) for v in truth.values())}, picks {sum(len(v) for v in picks.values())}")
print(f"scipy score {score / 7:.12f} in {elapsed:.2f} s")

for (run, particle), refs in truth.items():
    directory = os.path.join(out, "truth", "ExperimentRuns", run, "Picks")
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, f"curation_0_{particle}.json"), "w") as f:
        json.dump({"pickable_object_name": particle, "user_id": "curation", "session_id": "0", "run_name": run,
                   "unit": "angstrom", "points": [{"location": {"x": x, "y": y, "z": z}} for x, y, z in refs.tolist()]}, f)
with open(os.path.join(out, "submission.csv"), "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["id", "experiment", "particle_type", "x", "y", "z"])
    i = 0
    for (run, particle), cands in picks.items():
        for x, y, z in cands.tolist():
            writer.writerow([i, run, particle, repr(x), repr(y), repr(z)])
            i += 1
