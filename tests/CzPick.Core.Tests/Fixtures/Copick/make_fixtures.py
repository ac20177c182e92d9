#!/usr/bin/python3
"""Writes copick picks files exactly as copick serializes them, for CzPick's reader tests.

copick itself is not installable here (PyPI is unreachable), so this script follows copick's source by hand
(github.com/copick/copick, src/copick/models.py and src/copick/impl/filesystem.py at 369fb63, 2026-08-18):

- CopickPicksFS._store() writes ``json.dump(self.meta.model_dump(), f, indent=4)``;
- pydantic's model_dump() emits every field in declaration order, defaults included:
  CopickPicksFile: pickable_object_name, user_id, session_id, run_name, voxel_spacing, unit, points, trust_orientation
  CopickPoint: location {x, y, z}, transformation_, instance_id, score (defaults: identity, 0, 1.0);
- copick before May 2024 (e.g. 8a50b95) declared ``points: Optional[List[CopickPoint]] = None``, so a picks file
  created without points was stored with ``"points": null``;
- the CZII competition's training overlay (curated by the organisers with an earlier tool) has no ``score`` field
  and ``"voxel_spacing": null``; its files are named ``{object}.json``.

Run from this directory: /usr/bin/python3 make_fixtures.py
"""
import json
import math
import os

IDENTITY = [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]]


def point(x, y, z, transformation=IDENTITY, instance_id=0, score=1.0):
    # CopickPoint.model_dump(): field order of the model.
    return {"location": {"x": float(x), "y": float(y), "z": float(z)},
            "transformation_": transformation, "instance_id": instance_id, "score": score}


def picks_file(obj, user, session, run, voxel_spacing, points, trust_orientation=True):
    # CopickPicksFile.model_dump(): field order of the model, unit defaulting to "angstrom".
    return {"pickable_object_name": obj, "user_id": user, "session_id": session, "run_name": run,
            "voxel_spacing": voxel_spacing, "unit": "angstrom", "points": points,
            "trust_orientation": trust_orientation}


def store(root, run, name, content):
    directory = os.path.join(root, "ExperimentRuns", run, "Picks")
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "w") as f:
        json.dump(content, f, indent=4)


root = "copick-written"

# Current copick, a tool's picks: scores, one point rotated 90 degrees about z and shifted, orientation trusted.
c, s = math.cos(math.pi / 2), math.sin(math.pi / 2)
rotated = [[c, -s, 0.0, 12.5], [s, c, 0.0, -3.0], [0.0, 0.0, 1.0, 0.25], [0.0, 0.0, 0.0, 1.0]]
store(root, "TS_6_4", "copick_0_ribosome.json", picks_file(
    "ribosome", "copick", "0", "TS_6_4", 10.012,
    [point(5274.9, 5288.1, 619.8, instance_id=0, score=0.93),
     point(1203.25, 88.0, 1001.5, transformation=rotated, instance_id=7, score=0.5),
     point(0.0, 0.0, 0.0, instance_id=2, score=0.0)]))

# copick before May 2024: a picks file created empty stores "points": null.
store(root, "TS_6_4", "copick_0_thyroglobulin.json", picks_file(
    "thyroglobulin", "copick", "0", "TS_6_4", 10.012, None))

# The competition's curated training overlay: no score, voxel_spacing null, file named {object}.json.
curated = picks_file("apo-ferritin", "curation", "0", "TS_5_4", None, [
    {k: v for k, v in point(468.514, 5915.906, 604.167, instance_id=0).items() if k != "score"},
    {k: v for k, v in point(5674.694, 1114.354, 565.068, instance_id=0).items() if k != "score"},
])
store(root, "TS_5_4", "apo-ferritin.json", curated)
