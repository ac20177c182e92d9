#!/usr/bin/python3
"""Picks particles with a trained state dict the way the seed's 05-inference.py does, in PyTorch on the CPU, and
writes a competition CSV for `czpick score`. A stand-in for `czpick pick` while the engine is not on this branch, and
a cross-check of it afterwards: whole-tomogram z-score, MONAI-style sliding window with Gaussian blending, TTA
passes undone on the logits, their mean, softmax, then per class the seed's watershed picking (probability > 0.1,
distance transform, peaks at least `min distance` apart, watershed, regions of at least `min blob` voxels, centroids
times the voxel size).

    /usr/bin/python3 tools/train-sample-model/evaluate.py --weights WORK/sample-unet.pth --out picks.csv TOMO.mrc ...
    ./czpick score --truth DIR/truth --picks picks.csv
"""
import argparse
import csv
import math
import os
import sys
import time

import mrcfile
import numpy as np
import torch
from scipy import ndimage
from skimage.feature import peak_local_max
from skimage.measure import label, regionprops
from skimage.segmentation import watershed

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, "..")))
sys.path.insert(0, HERE)
from monai_unet import MonaiUNet  # noqa: E402
from train import CLASSES, speed_up  # noqa: E402

# The seed's picking parameters (ParticleCatalog.Czii): threshold, min blob voxels, min distance voxels.
PICKING = {
    "apo-ferritin": (0.1, 80.09733552923254, 6),
    "beta-galactosidase": (0.1, 368, 9),
    "ribosome": (0.1, 750, 15),
    "thyroglobulin": (0.1, 480, 13),
    "virus-like-particle": (0.1, 1150.3465099894624, 13),
}

# Each pass maps a (z, y, x) window to what the network sees and its output back (both involutions).
TTA = {
    "identity": lambda t: t,
    "flip-x": lambda t: torch.flip(t, dims=[-1]),
    "flip-y": lambda t: torch.flip(t, dims=[-2]),
    "swap-xy": lambda t: t.transpose(-1, -2),
}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("tomograms", nargs="+")
    p.add_argument("--weights", required=True, help="a state dict with MONAI keys (train.py's sample-unet.pth)")
    p.add_argument("--channels", default="16,32,64,64")
    p.add_argument("--strides", default="2,2,1")
    p.add_argument("--res-units", type=int, default=1)
    p.add_argument("--window", default="96,96,96", help="z,y,x")
    p.add_argument("--overlap", type=float, default=0.25)
    p.add_argument("--tta", default="identity,flip-x,flip-y,swap-xy")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out", required=True, help="the competition CSV to write")
    return p.parse_args()


def starts(size, window, overlap):
    """MONAI's dense_patch_slices along one axis: a step of window × (1 − overlap), the last window flush with the end."""
    interval = max(1, int(window * (1 - overlap)))
    count = 1 if size <= window else math.ceil((size - window) / interval) + 1
    return sorted({min(i * interval, size - window) for i in range(count)})


def gaussian_importance(window, sigma_scale=0.125):
    """MONAI's Gaussian importance map: separable, σ = 0.125 × the window, peak 1, zeros raised to the smallest value."""
    axes = [np.exp(-0.5 * ((np.arange(n) - n // 2) / (sigma_scale * n)) ** 2) for n in window]
    weights = axes[0][:, None, None] * axes[1][None, :, None] * axes[2][None, None, :]
    weights /= weights.max()
    return np.maximum(weights, weights[weights > 0].min()).astype(np.float32)


def predict(net, volume, window, overlap, passes):
    shape = volume.shape
    if any(s < w for s, w in zip(shape, window)):
        sys.exit(f"volume {shape} is smaller than the window {window}")
    importance = gaussian_importance(window)
    logits = np.zeros((len(CLASSES),) + shape, dtype=np.float32)
    weight = np.zeros(shape, dtype=np.float32)
    corners = [(z, y, x) for z in starts(shape[0], window[0], overlap) for y in starts(shape[1], window[1], overlap) for x in starts(shape[2], window[2], overlap)]
    started = time.time()
    with torch.no_grad():
        for i, (z, y, x) in enumerate(corners):
            region = (slice(z, z + window[0]), slice(y, y + window[1]), slice(x, x + window[2]))
            patch = torch.from_numpy(np.ascontiguousarray(volume[region]))[None, None]
            mean = sum(TTA[p](net(TTA[p](patch).contiguous())) for p in passes) / len(passes)
            logits[(slice(None),) + region] += mean[0].numpy() * importance
            weight[region] += importance
            if (i + 1) % 25 == 0:
                print(f"  window {i + 1}/{len(corners)}, {time.time() - started:.0f} s", flush=True)
    logits /= weight
    return logits


def softmax_inplace(logits):
    logits -= logits.max(axis=0, keepdims=True)
    np.exp(logits, out=logits)
    logits /= logits.sum(axis=0, keepdims=True)
    return logits


def pick(probabilities, voxel_size):
    picks = []
    for name, (threshold, min_blob, min_distance) in PICKING.items():
        mask = probabilities[CLASSES.index(name)] > threshold
        if not mask.any():
            continue
        distance = ndimage.distance_transform_edt(mask)
        peaks = peak_local_max(distance, min_distance=min_distance, labels=mask.astype(np.int32))
        markers = np.zeros(mask.shape, dtype=bool)
        markers[tuple(peaks.T)] = True
        regions = regionprops(watershed(-distance, label(markers), mask=mask))
        for region in regions:
            if region.area >= min_blob:
                z, y, x = region.centroid
                picks.append((name, x * voxel_size, y * voxel_size, z * voxel_size))
    return picks


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    net = MonaiUNet(tuple(int(c) for c in args.channels.split(",")), tuple(int(s) for s in args.strides.split(",")), args.res_units, cout=len(CLASSES))
    net.load_state_dict(torch.load(args.weights))
    speed_up(net.eval())
    window = tuple(int(w) for w in args.window.split(","))
    passes = args.tta.split(",")
    rows = []
    for path in args.tomograms:
        started = time.time()
        run = os.path.splitext(os.path.basename(path))[0]
        with mrcfile.open(path, permissive=True) as m:
            volume = m.data.astype(np.float32)
            voxel_size = float(m.voxel_size.x)
        volume = ((volume - volume.mean(dtype=np.float64)) / volume.std(dtype=np.float64)).astype(np.float32)
        probabilities = softmax_inplace(predict(net, volume, window, args.overlap, passes))
        picks = pick(probabilities, voxel_size)
        del probabilities
        counts = {name: sum(1 for p in picks if p[0] == name) for name in PICKING}
        print(f"{run}: {len(picks)} picks {counts} in {time.time() - started:.0f} s", flush=True)
        rows.extend((run,) + p for p in picks)
    with open(args.out, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "experiment", "particle_type", "x", "y", "z"])
        for i, (run, name, x, y, z) in enumerate(rows):
            writer.writerow([i, run, name, f"{x:.3f}", f"{y:.3f}", f"{z:.3f}"])
    print(f"wrote {args.out}: {len(rows)} picks")


if __name__ == "__main__":
    main()
