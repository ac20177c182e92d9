"""Packs prepared training phantoms into one compressed file, for training on a machine that has PyTorch but not
czpick (train.py --packed): images as int8 (z-scores times --scale, rounded and clipped to ±127), labels as int8.

    python3 tools/train-sample-model/pack.py --work out/sample-train --train 1000-1008 --validation 2000 --out packed.npz

The phantoms must have been prepared by a train.py run on --work (its cache/ folder). At --scale 24 the rounding
step is 1/24 of the noise's standard deviation and ±5.3 σ survive the clipping: the network cannot tell.
"""

import argparse
import os

import numpy as np


def seeds(text):
    first, _, last = text.partition("-")
    return range(int(first), int(last or first) + 1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", required=True, help="a train.py working directory whose cache/ holds the phantoms")
    p.add_argument("--train", required=True, help="training seeds, FIRST-LAST")
    p.add_argument("--validation", required=True, help="validation seeds, FIRST-LAST")
    p.add_argument("--scale", type=float, default=24)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    arrays = {}
    names = {}
    for role, text in (("train", args.train), ("validation", args.validation)):
        names[role] = [f"TS_phantom_{seed}" for seed in seeds(text)]
        for name in names[role]:
            image = np.load(os.path.join(args.work, "cache", f"{name}.image.npy")).astype(np.float32)
            arrays[f"image_{name}"] = np.clip(np.rint(image * args.scale), -127, 127).astype(np.int8)
            arrays[f"labels_{name}"] = np.load(os.path.join(args.work, "cache", f"{name}.labels.npy"))
    np.savez_compressed(args.out, scale=np.float32(args.scale), train=np.array(names["train"]), validation=np.array(names["validation"]), **arrays)
    print(f"{args.out}: {os.path.getsize(args.out) / 1e6:.1f} MB, {len(names['train'])} training and {len(names['validation'])} validation phantoms")


if __name__ == "__main__":
    main()
