#!/usr/bin/python3
"""Makes the small oracle fixtures of CzPick.Inference.Tests with torch 1.13 (no MONAI: it is not installable here).

`MonaiUNet` (tools/monai_unet.py, shared with tools/train-sample-model/train.py) re-implements
monai.networks.nets.UNet (MONAI 1.4: UNet._create_block, _get_down_layer, _get_up_layer, _get_bottom_layer;
ResidualUnit; Convolution with ADN order N-D-A; SkipConnection "cat") with the same module names, so its state-dict
keys are MONAI's. Before writing anything the script proves the replica against the real MONAI output: it loads ../shared/fixtures/monai-unet/tiny_lightning_state_dict.pth (MONAI 1.4) and
must reproduce tiny_logits.npy, and its keys and shapes must equal ../shared/reference/monai-unet-keys-and-shapes.txt.

Run from this folder: /usr/bin/python3 make_fixtures.py
"""
import collections
import os
import re
import sys

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "tools")))
from monai_unet import SEED, MonaiUNet  # noqa: E402

SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "..", "shared"))


def keys_and_shapes(net):
    return [(k, tuple(v.shape)) for k, v in net.state_dict().items()]


def check_replica():
    text = open(os.path.join(SHARED, "reference", "monai-unet-keys-and-shapes.txt")).read()
    for name, (ch, st, nru) in SEED.items():
        net = MonaiUNet(ch, st, nru)
        header = re.search(rf"==== {name}: params=(\d+)\s+n_keys=(\d+)", text)
        assert sum(p.numel() for p in net.parameters()) == int(header.group(1)), name
        assert len(net.state_dict()) == int(header.group(2)), name
        section = text[header.end():].split("====")[0]
        listed = [(k, tuple(int(d) for d in s.split(",") if d.strip())) for k, s in re.findall(r"^\s+(model\.\S+) \(([^)]*)\)", section, re.M)]
        if listed:
            assert listed == keys_and_shapes(net), name
    fixture = os.path.join(SHARED, "fixtures", "monai-unet")
    net = MonaiUNet(*SEED["tiny"]).eval()
    sd = torch.load(os.path.join(fixture, "tiny_lightning_state_dict.pth"))
    net.load_state_dict({k[len("model."):]: v for k, v in sd.items()})
    x = torch.from_numpy(np.load(os.path.join(fixture, "input.npy")))
    with torch.no_grad():
        err = (net(x) - torch.from_numpy(np.load(os.path.join(fixture, "tiny_logits.npy")))).abs().max().item()
    assert err < 1e-4, err
    print(f"replica matches MONAI: tiny logits max abs error {err:.2e}; keys, shapes and counts of tiny/medium/big match")


def randomize(net, generator):
    """Weights far from init, and PReLU slopes of both signs and above one, so every path is exercised."""
    with torch.no_grad():
        slopes = iter([0.25, -0.5, 1.7, 0.05, -1.3, 0.9, 2.2, -0.1] * 8)
        for name, p in net.named_parameters():
            if name.endswith("adn.A.weight"):
                p.fill_(next(slopes))
            else:
                p.copy_(torch.randn(p.shape, generator=generator) * (0.5 if p.dim() > 1 else 0.3))


def logits(net, x):
    with torch.no_grad():
        return net.eval()(x).numpy().astype(np.float32)


def main():
    check_replica()
    # The reference file lists no keys for medium: write the replica's (proven on tiny and big) for the tests.
    with open(os.path.join(HERE, "medium-keys-and-shapes.txt"), "w") as f:
        for k, shape in keys_and_shapes(MonaiUNet(*SEED["medium"])):
            f.write(f"   {k} {shape}\n")
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(20251125)
    x = torch.randn((1, 1, 16, 16, 20), generator=g)
    np.save(os.path.join(HERE, "small_input.npy"), x.numpy())

    # medium/big structure (num_res_units 2) at small channels; Lightning layout with an EMA copy, as the big soups.
    class Lightning(nn.Module):
        def __init__(self):
            super().__init__()
            self.model = MonaiUNet((4, 8, 16, 24), (2, 2, 1), 2)
            self.ema_model = nn.Module()
            self.ema_model.module = MonaiUNet((4, 8, 16, 24), (2, 2, 1), 2)

    lit = Lightning()
    randomize(lit.model, g)
    randomize(lit.ema_model.module, g)
    torch.save(lit.state_dict(), os.path.join(HERE, "small_res2_lightning_ema.pth"))
    np.save(os.path.join(HERE, "small_res2_logits.npy"), logits(lit.model, x))
    np.save(os.path.join(HERE, "small_res2_ema_logits.npy"), logits(lit.ema_model.module, x))

    # The same raw network saved in float16 with plain MONAI keys; logits from the float16-rounded weights.
    half = lit.model.half().state_dict()
    torch.save(half, os.path.join(HERE, "small_res2_half.pth"))
    lit.model.float()
    lit.model.load_state_dict({k: v.float() for k, v in half.items()})
    np.save(os.path.join(HERE, "small_res2_half_logits.npy"), logits(lit.model, x))

    # num_res_units 0 (plain Convolutions, conv-only top), every tensor a strided view into one shared storage,
    # inside a Lightning checkpoint with metadata around the state dict.
    net = MonaiUNet((4, 8, 12), (2, 2), 0)
    randomize(net, g)
    pool = torch.zeros(sum(2 * p.numel() for p in net.state_dict().values()) + 7)
    views, offset = collections.OrderedDict(), 3
    for k, v in net.state_dict().items():
        n = v.numel()
        if v.dim() > 1:
            # Stored transposed: the view's strides are not C order.
            block = pool[offset:offset + n].view(tuple(reversed(v.shape)))
            block.copy_(v.permute(*reversed(range(v.dim()))))
            views[k] = block.permute(*reversed(range(v.dim())))
            assert not views[k].is_contiguous()
        else:
            pool[offset:offset + n].copy_(v)
            views[k] = pool[offset:offset + n]
        assert torch.equal(views[k], v)
        offset += 2 * n
    checkpoint = {
        "epoch": 3,
        "global_step": 120,
        "pytorch-lightning_version": "2.1.0",
        "state_dict": collections.OrderedDict(("model." + k, v) for k, v in views.items()),
        "optimizer_states": [{"state": {}, "param_groups": [{"lr": 1e-3, "betas": (0.9, 0.999), "weight_decay": 0.01, "amsgrad": False, "params": [0, 1]}]}],
        "hyper_parameters": {"channels": [4, 8, 12], "strides": [2, 2], "num_res_units": 0, "use_ema": None},
    }
    torch.save(checkpoint, os.path.join(HERE, "small_res0_strided_checkpoint.ckpt"))
    np.save(os.path.join(HERE, "small_res0_logits.npy"), logits(net, x))
    total = sum(os.path.getsize(os.path.join(HERE, f)) for f in os.listdir(HERE) if not f.endswith((".py", ".md", ".txt")))
    print(f"fixtures written: {total} bytes")


if __name__ == "__main__":
    main()
