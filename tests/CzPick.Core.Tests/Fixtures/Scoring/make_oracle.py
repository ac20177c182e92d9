#!/usr/bin/python3
"""Makes an oracle case for CzPick's competition metric: a truth overlay, a submission CSV, and the score computed
here independently with scipy's KDTree, following the rules of the CZII CryoET Object Identification metric:

- per particle type and experiment, a candidate matches a reference within 0.5 x the type's radius (inclusive);
  TP = distinct references matched, FP = candidates - TP, FN = references - TP;
- submissions for experiments absent from the solution are dropped;
- TP, FP, FN are summed over experiments; P, R are 0 when their denominator is 0; F-beta (beta = 4) is 0 when
  P + R is 0; the score is sum(weight x F-beta) / sum(weight), weights 1, 0, 2, 1, 2, 1.

Run from this directory: /usr/bin/python3 make_oracle.py (seeded, so the output is the same every time).
"""
import csv
import json
import os

import numpy as np
from scipy.spatial import KDTree

RADIUS = {"apo-ferritin": 60, "beta-amylase": 65, "beta-galactosidase": 90, "ribosome": 150,
          "thyroglobulin": 130, "virus-like-particle": 135}
WEIGHT = {"apo-ferritin": 1, "beta-amylase": 0, "beta-galactosidase": 2, "ribosome": 1,
          "thyroglobulin": 2, "virus-like-particle": 1}
BETA = 4
rng = np.random.default_rng(20241106)
extent = np.array([6300.0, 6300.0, 1840.0])

truth = {}  # run -> type -> (n, 3)
submission = []  # (run, type, x, y, z)
for run in ["TS_5_4", "TS_69_2", "TS_86_3"]:
    truth[run] = {}
    for particle, radius in RADIUS.items():
        # Thyroglobulin is absent from TS_69_2's picks but present in its truth; others vary in number.
        count = int(rng.integers(3, 14))
        refs = rng.uniform(0, 1, (count, 3)) * extent
        truth[run][particle] = refs
        if run == "TS_69_2" and particle == "thyroglobulin":
            continue
        for ref in refs:
            roll = rng.uniform()
            if roll < 0.55:  # one pick inside the match radius
                offsets = [rng.normal(0, radius * 0.2, 3)]
            elif roll < 0.7:  # two picks on one reference
                offsets = [rng.normal(0, radius * 0.15, 3) for _ in range(2)]
            elif roll < 0.85:  # a pick just outside the match radius
                direction = rng.normal(0, 1, 3)
                offsets = [direction / np.linalg.norm(direction) * radius * 0.5 * 1.05]
            else:  # missed
                offsets = []
            for offset in offsets:
                submission.append((run, particle, *(ref + offset)))
        for _ in range(int(rng.integers(0, 4))):  # spurious picks
            submission.append((run, particle, *(rng.uniform(0, 1, 3) * extent)))

# Picks for an experiment the solution does not have are dropped by the metric.
submission.append(("TS_99_9", "ribosome", 100.0, 200.0, 300.0))
submission.append(("TS_99_9", "apo-ferritin", 10.0, 20.0, 30.0))
order = rng.permutation(len(submission))
submission = [submission[i] for i in order]

totals = {p: [0, 0, 0] for p in RADIUS}
for run, by_type in truth.items():
    for particle, refs in by_type.items():
        cands = np.array([s[2:] for s in submission if s[0] == run and s[1] == particle]).reshape(-1, 3)
        if len(refs) == 0:
            tp, fp, fn = 0, len(cands), 0
        elif len(cands) == 0:
            tp, fp, fn = 0, 0, len(refs)
        else:
            hits = KDTree(cands).query_ball_tree(KDTree(refs), r=RADIUS[particle] * 0.5)
            tp = len({i for hit in hits for i in hit})
            fp, fn = len(cands) - tp, len(refs) - tp
        for k, v in enumerate((tp, fp, fn)):
            totals[particle][k] += v

classes = []
weighted = 0.0
for particle, (tp, fp, fn) in totals.items():
    p = tp / (tp + fp) if tp + fp > 0 else 0.0
    r = tp / (tp + fn) if tp + fn > 0 else 0.0
    f = (1 + BETA**2) * p * r / (BETA**2 * p + r) if p + r > 0 else 0.0
    weighted += WEIGHT[particle] * f
    classes.append({"particle": particle, "tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "fbeta": f})
expected = {"score": weighted / sum(WEIGHT.values()), "classes": classes, "ignored_runs": ["TS_99_9"]}

for run, by_type in truth.items():
    directory = os.path.join("truth", "ExperimentRuns", run, "Picks")
    os.makedirs(directory, exist_ok=True)
    for particle, refs in by_type.items():
        content = {"pickable_object_name": particle, "user_id": "curation", "session_id": "0", "run_name": run,
                   "voxel_spacing": None, "unit": "angstrom",
                   "points": [{"location": {"x": x, "y": y, "z": z}, "instance_id": 0} for x, y, z in refs.tolist()],
                   "trust_orientation": True}
        with open(os.path.join(directory, f"curation_0_{particle}.json"), "w") as f:
            json.dump(content, f)

with open("submission.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["id", "experiment", "particle_type", "x", "y", "z"])
    for i, (run, particle, x, y, z) in enumerate(submission):
        writer.writerow([i, run, particle, repr(float(x)), repr(float(y)), repr(float(z))])

with open("expected.json", "w") as f:
    json.dump(expected, f, indent=2)
print(json.dumps(expected, indent=2))
