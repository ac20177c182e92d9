#!/usr/bin/python3
"""Makes the picking oracle fixtures: planted blobs in small probability maps, picked exactly as the seed picks them.

The seed (IAmPara0x/czii-8th-solution, 05-inference.py) picks each class with scipy and scikit-image:

    image = predmask[pidx].T > threshold          # the seed transposes the (z, y, x) map to (x, y, z)
    distance = distance_transform_edt(image)
    coords = peak_local_max(distance, min_distance=int(r), labels=image)
    mask[tuple(coords.T)] = True; markers = measure.label(mask)
    labels = watershed(-distance, markers, mask=image)
    centroids = [region.centroid for region in regionprops(labels) if region.area >= blob_threshold]

This script runs exactly that (scipy 1.10, scikit-image 0.19 from Debian 12) and records the picks. Maps are stored
as uint8 (probability = q / 255, computed in float32 on both sides), gzip-compressed, z slowest. Run with
/usr/bin/python3 make_fixtures.py; it rewrites every fixture in this folder. Deterministic (fixed seeds).
"""
import gzip
import json
import os

import numpy as np
import scipy
import skimage
from scipy.ndimage import distance_transform_edt
from skimage import measure
from skimage.feature import peak_local_max
from skimage.segmentation import watershed

HERE = os.path.dirname(os.path.abspath(__file__))


def soft_sphere(shape, centre, radius, peak=0.95, edge=0.5):
    z, y, x = np.indices(shape, dtype=np.float64)
    r = np.sqrt((z - centre[0]) ** 2 + (y - centre[1]) ** 2 + (x - centre[2]) ** 2)
    return peak / (1.0 + np.exp((r - radius) / edge))


def build(shape, spheres, rng, noise=0.06):
    p = rng.uniform(0.0, noise, size=shape)
    for centre, radius in spheres:
        p = np.maximum(p, soft_sphere(shape, centre, radius))
    q = np.clip(np.round(p * 255.0), 0, 255).astype(np.uint8)
    return q


def seed_pick(q, threshold, min_blob, min_distance):
    probability = q.astype(np.float32) / np.float32(255)
    image = probability.T > threshold
    distance = distance_transform_edt(image)
    coords = peak_local_max(distance, min_distance=min_distance, labels=image)
    mask = np.zeros(distance.shape, dtype=bool)
    mask[tuple(coords.T)] = True
    markers = measure.label(mask)
    labels = watershed(-distance, markers, mask=image)
    picks = []
    for region in measure.regionprops(labels, intensity_image=probability.T):
        if region.area >= min_blob:
            x, y, z = region.centroid
            picks.append({"x": x, "y": y, "z": z, "area": int(region.area), "score": float(region.mean_intensity)})
    return picks, len(coords)


def write(name, q, threshold, min_blob, min_distance, spheres, description):
    picks, peaks = seed_pick(q, threshold, min_blob, min_distance)
    with gzip.GzipFile(os.path.join(HERE, name + ".u8.gz"), "wb", mtime=0) as f:
        f.write(q.tobytes(order="C"))
    meta = {
        "description": description,
        "shape_zyx": list(q.shape),
        "threshold": threshold,
        "min_blob_voxels": min_blob,
        "min_distance_voxels": min_distance,
        "planted_zyx_radius": [[*c, r] for c, r in spheres],
        "peaks": int(peaks),
        "picks_xyz": picks,
        "made_with": f"scipy {scipy.__version__}, scikit-image {skimage.__version__}, numpy {np.__version__}",
    }
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(name, q.shape, "peaks", peaks, "picks", len(picks))


def main():
    rng = np.random.default_rng(20250611)

    # apo-ferritin parameters: threshold 0.1, min blob 80.097 voxels, min distance 6.
    spheres = [
        ((20.0, 20.0, 20.0), 6.0),     # isolated, centred on a voxel
        ((20.5, 40.5, 18.5), 6.5),     # isolated, centred between voxels (flat-topped maximum)
        ((12.0, 30.0, 44.0), 6.0),     # touching pair, 9 apart along x
        ((12.0, 30.0, 53.0), 6.0),
        ((28.0, 52.0, 2.0), 6.0),      # cut by the x = 0 face, centre inside the excluded band
        ((33.0, 8.0, 36.0), 6.0),      # 7 from the z = 39 face: just inside the band's edge
        ((5.0, 50.0, 50.0), 1.0),      # tiny: below the minimum blob size
        ((30.0, 20.0, 58.0), 1.5),     # tiny
    ]
    write("apoferritin", build((40, 64, 64), spheres, rng), 0.1, 80.09733552923254, 6, spheres,
          "Apo-ferritin parameters: isolated spheres, a touching pair, a sphere cut by a face, tiny blobs.")

    # ribosome parameters: threshold 0.1, min blob 750 voxels, min distance 15.
    spheres = [
        ((24.0, 24.0, 24.0), 13.0),
        ((24.0, 26.0, 50.0), 12.0),    # touching the first (26 apart)
        ((26.0, 60.0, 30.0), 14.0),
        ((20.0, 62.0, 62.0), 9.0),     # overlapping the previous one's edge: an elongated blob
        ((40.0, 10.0, 70.0), 4.0),     # small: below 750 voxels
    ]
    write("ribosome", build((48, 80, 80), spheres, rng), 0.1, 750.0, 15, spheres,
          "Ribosome parameters: large spheres, a touching pair, an elongated merged blob, a small blob.")

    # Random spheres, some overlapping, with apo-ferritin parameters.
    spheres = []
    for _ in range(14):
        centre = tuple(float(v) for v in rng.uniform([3, 3, 3], [37, 53, 61]).round(1))
        spheres.append((centre, round(float(rng.uniform(3.0, 7.5)), 2)))
    write("random", build((40, 56, 64), spheres, rng), 0.1, 80.09733552923254, 6, spheres,
          "Fourteen random spheres (radius 3 to 7.5, some overlapping, some at faces), apo-ferritin parameters.")

    # Separate blobs within min_distance (9) of each other: peak_local_max's one-label maximum filter sees across
    # them, so a small blob next to a big one loses its peak, and its pick, unless its own maximum is the larger.
    spheres = [
        ((20.0, 20.0, 18.0), 7.0),     # big
        ((20.0, 20.0, 31.0), 2.0),     # small, a voxel or two away: suppressed by the big one
        ((20.0, 44.0, 18.0), 4.0),     # medium
        ((20.0, 44.0, 30.0), 3.5),     # a little smaller, two voxels away: keeps its peak
        ((12.0, 30.0, 40.0), 3.0),     # a row of three equal blobs, two voxels apart
        ((12.0, 30.0, 50.0), 3.0),
        ((12.0, 30.0, 60.0), 3.0),
    ]
    write("neighbours", build((32, 60, 72), spheres, rng), 0.1, 10.0, 9, spheres,
          "Separate blobs within min_distance of each other, where the maximum filter crosses components.")


if __name__ == "__main__":
    main()
