#!/usr/bin/python3
"""Trains CzPick's sample model: a small MONAI UNet on CzPick phantoms, on the CPU with Debian's python3-torch.

The seed's recipe (IAmPara0x/czii-8th-solution, 02/03-train-unet.py), scaled down to a CPU: the whole tomogram
z-scored, random crops centred on a voxel of a class drawn with equal odds among the seven (MONAI's
RandCropByLabelClassesd), random flips along z, y and x plus x<->y swaps, MONAI's DiceCELoss (softmax, one-hot
target, background included), AdamW at 1e-3; a cosine schedule replaces ReduceLROnPlateau because the run is a
fixed number of steps. The network is tools/monai_unet.py's MONAI replica, so the saved state dict has MONAI's keys
and `czpick model import` reads it as is.

    /usr/bin/python3 tools/train-sample-model/train.py --work WORK [--steps N] [--resume]

WORK receives phantoms/ (written by `czpick phantom --labels`), cache/ (z-scored float16 volumes, label maps and
per-class voxel lists), checkpoint.pth (resumable), train.log, metrics.csv and sample-unet.pth (the final state dict).
Given the same arguments the run is repeatable: seeds fix the phantoms, the crops, the flips and the initial weights.
"""
import argparse
import csv
import math
import os
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
from monai_unet import MonaiUNet  # noqa: E402

CLASSES = ["background", "apo-ferritin", "beta-amylase", "beta-galactosidase", "ribosome", "thyroglobulin", "virus-like-particle"]

# Training and validation phantoms never share a seed; evaluation uses seeds from 3000 on (models/sample/README.md).
TRAIN_SEEDS = range(1000, 1024)
VALIDATION_SEEDS = range(2000, 2002)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", required=True, help="working directory (phantoms, cache, checkpoints, logs)")
    p.add_argument("--shape", default="96,256,256", help="the training phantoms' Z,Y,X (czpick phantom --shape)")
    p.add_argument("--crowding", type=float, default=2, help="czpick phantom --crowding: more particles per crop than the default 1")
    p.add_argument("--snr", default="0.3", help="czpick phantom --snr (its default)")
    p.add_argument("--channels", default="16,32,64,64", help="UNet channels, top first")
    p.add_argument("--strides", default="2,2,1", help="UNet strides")
    p.add_argument("--res-units", type=int, default=1, help="MONAI num_res_units")
    p.add_argument("--patch", type=int, default=64, help="cubic crop edge in voxels (a multiple of 4)")
    p.add_argument("--batch", type=int, default=2)
    p.add_argument("--steps", type=int, default=1500, help="optimizer steps in all")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=1e-2, help="AdamW's default")
    p.add_argument("--warmup", type=int, default=50, help="linear warm-up steps before the cosine decay")
    p.add_argument("--validate-every", type=int, default=100)
    p.add_argument("--validation-crops", type=int, default=28, help="fixed class-balanced crops of the validation runs")
    p.add_argument("--checkpoint-every", type=int, default=100)
    p.add_argument("--seed", type=int, default=42, help="the seed's own task seed")
    p.add_argument("--threads", type=int, default=1, help="torch threads; on a busy shared machine one beats two (no spinning at barriers)")
    p.add_argument("--resume", action="store_true", help="continue from WORK/checkpoint.pth")
    p.add_argument("--packed", help="train from a file pack.py wrote instead of making phantoms (for a machine without czpick)")
    p.add_argument("--init", help="start from these weights (a state dict this script wrote) instead of random ones")
    p.add_argument("--device", default="cpu", help="torch device: cpu or cuda")
    p.add_argument("--minutes", type=float, help="stop after this much training; the learning-rate schedule follows the clock")
    return p.parse_args()


class Log:
    def __init__(self, path):
        self.file = open(path, "a", buffering=1)

    def __call__(self, message):
        line = f"{time.strftime('%H:%M:%S')} {message}"
        print(line, flush=True)
        self.file.write(line + "\n")


# ---------------------------------------------------------------- data

def run_name(seed):
    return f"TS_phantom_{seed}"


def make_phantoms(work, seeds, args, log):
    """Writes the phantoms that are missing with `czpick phantom --labels` (the given shape, crowding and SNR; defaults otherwise)."""
    out = os.path.join(work, "phantoms")
    missing = [s for s in seeds if not os.path.exists(os.path.join(out, "labels", run_name(s) + ".mrc"))]
    for seed in missing:
        command = ["phantom", "--out", out, "--runs", "1", "--seed", str(seed), "--shape", args.shape, "--crowding", str(args.crowding),
                   "--snr", args.snr, "--labels", "--overwrite"]
        log("czpick " + " ".join(command))
        subprocess.run([os.path.join(ROOT, "czpick")] + command, check=True, stdout=subprocess.DEVNULL)
    return out


def prepare(work, phantoms, seeds, log):
    """Z-scores each tomogram as a whole (as the seed and czpick pick do) into float16, and lists each class's voxels."""
    cache = os.path.join(work, "cache")
    os.makedirs(cache, exist_ok=True)
    runs = []
    for seed in seeds:
        name = run_name(seed)
        image_path, labels_path, index_path = (os.path.join(cache, f"{name}.{suffix}") for suffix in ("image.npy", "labels.npy", "index.npz"))
        if not os.path.exists(index_path):
            import mrcfile  # here, not at the top: a packed run (--packed) needs no MRC files

            with mrcfile.open(os.path.join(phantoms, name + ".mrc"), permissive=True) as m:
                volume = m.data.astype(np.float32)
            mean, std = volume.mean(dtype=np.float64), volume.std(dtype=np.float64)
            np.save(image_path, ((volume - mean) / std).astype(np.float16))
            del volume
            with mrcfile.open(os.path.join(phantoms, "labels", name + ".mrc"), permissive=True) as m:
                labels = np.ascontiguousarray(m.data.astype(np.int8))
            np.save(labels_path, labels)
            flat = labels.ravel()
            np.savez(index_path, **{str(c): np.flatnonzero(flat == c).astype(np.int64) for c in range(1, len(CLASSES))})
            log(f"prepared {name}: mean {mean:.4f}, std {std:.4f}")
        index = np.load(index_path)
        runs.append({
            "name": name,
            "image": np.load(image_path, mmap_mode="r"),
            "labels": np.load(labels_path, mmap_mode="r"),
            "voxels": [None] + [index[str(c)] for c in range(1, len(CLASSES))],
        })
    return runs


def load_packed(path, log):
    """Runs from a pack.py file: int8 images (z-scores times the stored scale) and labels, as prepare() lists them."""
    packed = np.load(path)
    scale = float(packed["scale"])
    def runs(names):
        result = []
        for name in names:
            labels = packed[f"labels_{name}"]
            flat = labels.ravel()
            result.append({"name": name, "image": packed[f"image_{name}"], "scale": 1 / scale, "labels": labels,
                           "voxels": [None] + [np.flatnonzero(flat == c) for c in range(1, len(CLASSES))]})
            log(f"loaded {name} from {path}")
        return result
    return runs([str(n) for n in packed["train"]]), runs([str(n) for n in packed["validation"]])


def sample_crop(runs, patch, rng):
    """One crop as MONAI's RandCropByLabelClassesd takes it: a class with equal odds, then a voxel of it as the centre."""
    run = runs[rng.integers(len(runs))]
    shape = run["labels"].shape
    present = [0] + [c for c in range(1, len(CLASSES)) if len(run["voxels"][c]) > 0]
    c = present[rng.integers(len(present))]
    if c == 0:
        while True:
            centre = [int(rng.integers(n)) for n in shape]
            if run["labels"][tuple(centre)] == 0:
                break
    else:
        centre = list(np.unravel_index(run["voxels"][c][rng.integers(len(run["voxels"][c]))], shape))
    start = [min(max(ctr - patch // 2, 0), n - patch) for ctr, n in zip(centre, shape)]
    region = tuple(slice(s, s + patch) for s in start)
    return np.asarray(run["image"][region], dtype=np.float32) * run.get("scale", 1.0), np.asarray(run["labels"][region], dtype=np.int64)


def augment(image, labels, rng):
    """Flips along each axis and an x<->y swap, each with odds 1/2: the seed's flips plus its fourth TTA pass."""
    for axis in range(3):
        if rng.random() < 0.5:
            image, labels = np.flip(image, axis), np.flip(labels, axis)
    if rng.random() < 0.5:
        image, labels = image.transpose(0, 2, 1), labels.transpose(0, 2, 1)
    return np.ascontiguousarray(image), np.ascontiguousarray(labels)


def batch_of(runs, patch, size, rng, augmented):
    images, labels = [], []
    for _ in range(size):
        image, label = sample_crop(runs, patch, rng)
        if augmented:
            image, label = augment(image, label, rng)
        images.append(image)
        labels.append(label)
    return torch.from_numpy(np.stack(images)[:, None]), torch.from_numpy(np.stack(labels))


# ---------------------------------------------------------------- loss

def dice_ce_loss(logits, target):
    """MONAI's DiceCELoss(include_background=True, to_onehot_y=True, softmax=True) with its defaults: the mean over
    samples and classes of 1 - (2|P∩G| + 1e-5) / (|P| + |G| + 1e-5), plus the mean cross-entropy."""
    probabilities = logits.softmax(1)
    one_hot = F.one_hot(target, logits.shape[1]).permute(0, 4, 1, 2, 3).to(logits.dtype)
    dims = (2, 3, 4)
    intersection = (probabilities * one_hot).sum(dims)
    denominator = probabilities.sum(dims) + one_hot.sum(dims)
    dice = 1 - (2 * intersection + 1e-5) / (denominator + 1e-5)
    return dice.mean() + F.cross_entropy(logits, target)


# ---------------------------------------------------------------- CPU speed-up (same parameters, same function)

class FastConvTranspose3d(nn.ConvTranspose3d):
    """PyTorch 1.13's CPU transposed 3-D convolution has no oneDNN path and runs 5-20x slower than a plain one.
    This computes the same function from the same weight with plain convolutions: stride 1 is a convolution with
    the kernel flipped and its channel axes swapped; stride 2 (kernel 3, padding 1, output padding 1) splits into
    the eight output parities, each a 2x2x2 convolution over the input padded by one voxel at the far end, interleaved."""

    def forward(self, x):
        if self.stride == (1, 1, 1):
            return F.conv3d(x, self.weight.transpose(0, 1).flip(2, 3, 4), self.bias, padding=self.padding)
        weight = self.weight.transpose(0, 1)  # (out, in, kz, ky, kx)
        for stacked, axis in enumerate((2, 3, 4)):
            axis += stacked  # each stack below puts one more dimension in front
            # Along one axis, output 2m takes tap 1 of x[m]; output 2m+1 takes tap 2 of x[m] and tap 0 of x[m+1].
            tap = lambda k: weight.narrow(axis, k, 1)  # noqa: E731
            weight = torch.stack([torch.cat([tap(1), torch.zeros_like(tap(1))], axis), torch.cat([tap(2), tap(0)], axis)], 0)
        out_channels = self.out_channels
        # The stacks put the parities first, x's outermost: (px, py, pz, out, in, 2, 2, 2) -> (out, pz, py, px, in, ...).
        weight = weight.permute(3, 2, 1, 0, 4, 5, 6, 7).reshape(out_channels * 8, self.in_channels, 2, 2, 2)
        y = F.conv3d(F.pad(x, (0, 1, 0, 1, 0, 1)), weight)
        n, _, d, h, w = y.shape
        y = y.reshape(n, out_channels, 2, 2, 2, d, h, w).permute(0, 1, 5, 2, 6, 3, 7, 4).reshape(n, out_channels, 2 * d, 2 * h, 2 * w)
        return y + self.bias.view(1, -1, 1, 1, 1)


def speed_up(net):
    for module in net.modules():
        if type(module) is nn.ConvTranspose3d and module.kernel_size == (3, 3, 3) and module.stride in ((1, 1, 1), (2, 2, 2)):
            module.__class__ = FastConvTranspose3d
    return net


def check_speed_up(channels, strides, res_units):
    """Proves the rewritten modules compute what PyTorch's own do, forward and backward, before any training."""
    torch.manual_seed(0)
    reference = MonaiUNet(channels, strides, res_units, cout=len(CLASSES))
    fast = MonaiUNet(channels, strides, res_units, cout=len(CLASSES))
    fast.load_state_dict(reference.state_dict())
    speed_up(fast)
    x = torch.randn(1, 1, 16, 20, 24)
    target = torch.randint(0, len(CLASSES), (1, 16, 20, 24))
    results = []
    for net in (reference, fast):
        net.zero_grad()
        out = net(x)
        dice_ce_loss(out, target).backward()
        results.append((out.detach(), [p.grad.clone() for p in net.parameters()]))
    output_error = (results[0][0] - results[1][0]).abs().max().item()
    # Relative to the largest gradient: a bias ahead of an InstanceNorm has a gradient of zero up to rounding.
    scale = max(g.abs().max().item() for g in results[0][1])
    gradient_error = max((a - b).abs().max().item() for a, b in zip(results[0][1], results[1][1])) / scale
    assert output_error < 1e-4 and gradient_error < 1e-3, (output_error, gradient_error)
    return output_error, gradient_error


# ---------------------------------------------------------------- training

def validate(net, crops, device):
    net.eval()
    losses, intersections, totals = [], np.zeros(len(CLASSES)), np.zeros(len(CLASSES))
    with torch.no_grad():
        for image, labels in crops:
            image, labels = image.to(device), labels.to(device)
            logits = net(image)
            losses.append(dice_ce_loss(logits, labels).item())
            predicted = logits.argmax(1)
            for c in range(1, len(CLASSES)):
                intersections[c] += ((predicted == c) & (labels == c)).sum().item()
                totals[c] += (predicted == c).sum().item() + (labels == c).sum().item()
    net.train()
    dice = [2 * intersections[c] / totals[c] if totals[c] else float("nan") for c in range(1, len(CLASSES))]
    return float(np.mean(losses)), dice


def learning_rate(step, args, minutes):
    if step < args.warmup:
        return args.lr * (step + 1) / args.warmup
    progress = (step - args.warmup) / max(1, args.steps - args.warmup)
    if args.minutes:
        progress = max(progress, minutes / args.minutes)
    return 1e-2 * args.lr + 0.5 * (args.lr - 1e-2 * args.lr) * (1 + math.cos(math.pi * progress))


def cpu_state(net):
    """The state dict with every tensor on the CPU, so czpick model import and any machine can read it."""
    return {key: value.detach().cpu() for key, value in net.state_dict().items()}


def main():
    args = parse_args()
    os.makedirs(args.work, exist_ok=True)
    log = Log(os.path.join(args.work, "train.log"))
    torch.set_num_threads(args.threads)
    channels = tuple(int(c) for c in args.channels.split(","))
    strides = tuple(int(s) for s in args.strides.split(","))
    if args.patch % math.prod(strides):
        sys.exit(f"--patch {args.patch} must be a multiple of {math.prod(strides)}, the product of the strides")
    log(f"arguments: {vars(args)}")
    log("speed-up check (max abs output error, max relative gradient error): %.2e, %.2e" % check_speed_up(channels, strides, args.res_units))

    if args.packed:
        train_runs, validation_runs = load_packed(args.packed, log)
    else:
        phantoms = make_phantoms(args.work, list(TRAIN_SEEDS) + list(VALIDATION_SEEDS), args, log)
        train_runs = prepare(args.work, phantoms, TRAIN_SEEDS, log)
        validation_runs = prepare(args.work, phantoms, VALIDATION_SEEDS, log)
    validation_rng = np.random.default_rng(args.seed + 1)
    validation_crops = [batch_of(validation_runs, args.patch, 1, validation_rng, augmented=False) for _ in range(args.validation_crops)]

    torch.manual_seed(args.seed)
    net = MonaiUNet(channels, strides, args.res_units, cout=len(CLASSES))
    if args.init:
        net.load_state_dict(torch.load(args.init, map_location="cpu"))
        log(f"initial weights from {args.init}")
    # The rewrite is for PyTorch's CPU transposed convolutions only; CUDA's own are fast.
    net = (speed_up(net) if args.device == "cpu" else net).to(args.device)
    log(f"UNet channels {channels}, strides {strides}, num_res_units {args.res_units}: {sum(p.numel() for p in net.parameters()):,} parameters")
    optimizer = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    rng = np.random.default_rng(args.seed)
    step, elapsed = 0, 0.0
    checkpoint_path = os.path.join(args.work, "checkpoint.pth")
    metrics_path = os.path.join(args.work, "metrics.csv")
    if args.resume and os.path.exists(checkpoint_path):
        checkpoint = torch.load(checkpoint_path)
        net.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        rng.bit_generator.state = checkpoint["rng"]
        torch.set_rng_state(checkpoint["torch_rng"])
        step, elapsed = checkpoint["step"], checkpoint["elapsed"]
        log(f"resumed at step {step} ({elapsed / 60:.1f} min trained)")
    elif os.path.exists(metrics_path):
        os.remove(metrics_path)
    metrics = open(metrics_path, "a", newline="", buffering=1)
    writer = csv.writer(metrics)
    if step == 0:
        writer.writerow(["step", "minutes", "lr", "train_loss", "validation_loss"] + [f"dice_{c}" for c in CLASSES[1:]])

    net.train()
    window_losses, started = [], time.time() - elapsed
    while step < args.steps and not (args.minutes and (time.time() - started) / 60 >= args.minutes):
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, args, (time.time() - started) / 60)
        images, labels = batch_of(train_runs, args.patch, args.batch, rng, augmented=True)
        images, labels = images.to(args.device), labels.to(args.device)
        loss = dice_ce_loss(net(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        window_losses.append(loss.item())
        step += 1
        last = step == args.steps or (args.minutes and (time.time() - started) / 60 >= args.minutes)
        if step % args.validate_every == 0 or last:
            validation_loss, dice = validate(net, validation_crops, args.device)
            minutes = (time.time() - started) / 60
            train_loss = float(np.mean(window_losses))
            window_losses = []
            log(f"step {step}/{args.steps} {minutes:.1f} min lr {optimizer.param_groups[0]['lr']:.2e} train {train_loss:.4f} "
                f"validation {validation_loss:.4f} dice " + " ".join(f"{c[:5]} {d:.2f}" for c, d in zip(CLASSES[1:], dice)))
            writer.writerow([step, f"{minutes:.2f}", f"{optimizer.param_groups[0]['lr']:.3e}", f"{train_loss:.5f}", f"{validation_loss:.5f}"] + [f"{d:.4f}" for d in dice])
        if step % args.checkpoint_every == 0 or last:
            torch.save({"model": cpu_state(net), "optimizer": optimizer.state_dict(), "rng": rng.bit_generator.state,
                        "torch_rng": torch.get_rng_state(), "step": step, "elapsed": time.time() - started}, checkpoint_path + ".tmp")
            os.replace(checkpoint_path + ".tmp", checkpoint_path)
            torch.save(cpu_state(net), os.path.join(args.work, f"unet-step{step}.pth"))

    # A plain state dict with MONAI's keys (model.0.conv.unit0.conv.weight, ...): what czpick model import reads.
    final = os.path.join(args.work, "sample-unet.pth")
    torch.save(cpu_state(net), final)
    log(f"wrote {final} after {step} steps, {(time.time() - started) / 60:.1f} min")


if __name__ == "__main__":
    main()
