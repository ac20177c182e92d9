#!/usr/bin/env python3
"""Times the seed's reference stack on a GPU: the three MONAI UNets (PyTorch replica of
tests/CzPick.Inference.Tests/Fixtures/MonaiUNet/make_fixtures.py, random weights) on one 160 x 384 x 384 window,
fp16 autocast as the seed runs them, batch 1, no gradients. FLOPs are counted by count_flops.py's hooks.

Prints one line per network and, last, a JSON object; the anchor for CzPick's GPU estimate (README, Benchmarks).
Run from the repository root: python3 tools/gpu/time_seed_unets.py
"""
import json
import os
import statistics
import sys
import time

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "CzPick.Inference.Tests", "Fixtures", "MonaiUNet"))
from count_flops import count  # noqa: E402
from make_fixtures import SEED, MonaiUNet  # noqa: E402

WINDOW = (160, 384, 384)
TIMED = 5


def time_network(net, dtype):
    x = torch.randn((1, 1) + WINDOW, device="cuda")
    times = []
    with torch.no_grad(), torch.autocast("cuda", dtype=dtype, enabled=dtype != torch.float32):
        for i in range(2 + TIMED):
            torch.cuda.synchronize()
            started = time.perf_counter()
            net(x)
            torch.cuda.synchronize()
            if i >= 2:
                times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    torch.backends.cudnn.benchmark = True
    voxels = WINDOW[0] * WINDOW[1] * WINDOW[2]
    result = {"device": torch.cuda.get_device_name(0), "torch": torch.__version__, "window": list(WINDOW)}
    for name, config in SEED.items():
        net = MonaiUNet(*config).eval()
        flops = count(net, (16, 16, 16)) * voxels / 16 ** 3
        net = net.cuda()
        for label, dtype in (("fp16", torch.float16), ("fp32", torch.float32)):
            seconds = time_network(net, dtype)
            result[f"{name}_{label}_seconds"] = seconds
            print(f"{name} {label}: {seconds * 1e3:.1f} ms/window, {flops / 1e12:.2f} TFLOP/window, {flops / seconds / 1e12:.1f} TFLOP/s", flush=True)
        result[f"{name}_tflop"] = flops / 1e12
        del net
        torch.cuda.empty_cache()
    # The seed: 4 soups (tiny, medium, 2 x big) x 4 TTA passes x 8 windows of a 184 x 630 x 630 tomogram.
    for label in ("fp16", "fp32"):
        per_window = result[f"tiny_{label}_seconds"] + result[f"medium_{label}_seconds"] + 2 * result[f"big_{label}_seconds"]
        result[f"seed_tomogram_{label}_seconds"] = 8 * 4 * per_window
    result["seed_tomogram_tflop"] = 8 * 4 * (result["tiny_tflop"] + result["medium_tflop"] + 2 * result["big_tflop"])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
