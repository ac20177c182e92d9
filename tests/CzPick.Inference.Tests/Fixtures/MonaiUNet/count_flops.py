#!/usr/bin/python3
"""Counts the convolution FLOPs of the seed's three UNets with PyTorch, as an oracle for UNetArchitecture.ConvolutionFlops.

Builds make_fixtures.MonaiUNet (the MONAI replica proven there), runs a 16 x 16 x 16 input through it and, from forward
hooks, adds 2 x C_in x C_out x k^3 per output voxel of every Conv3d and per input voxel of every ConvTranspose3d (each
input voxel of a transposed convolution is multiplied into k^3 outputs): the tensors' real shapes, not CzPick's layout
code. Writes seed-flops-16.txt, one line per network: name and FLOPs. Run from this folder: /usr/bin/python3 count_flops.py
"""
import os

import torch
import torch.nn as nn

from make_fixtures import SEED, MonaiUNet

HERE = os.path.dirname(os.path.abspath(__file__))


def count(net, shape):
    total = [0]

    def hook(module, inputs, output):
        k = module.kernel_size[0] * module.kernel_size[1] * module.kernel_size[2]
        voxels = (inputs[0] if isinstance(module, nn.ConvTranspose3d) else output)[0, 0].numel()
        total[0] += 2 * module.in_channels * module.out_channels * k * voxels

    hooks = [m.register_forward_hook(hook) for m in net.modules() if isinstance(m, (nn.Conv3d, nn.ConvTranspose3d))]
    with torch.no_grad():
        out = net(torch.zeros((1, 1) + shape))
    for handle in hooks:
        handle.remove()
    assert out.shape[2:] == shape, out.shape
    return total[0]


if __name__ == "__main__":
    lines = [f"{name} {count(MonaiUNet(*SEED[name]).eval(), (16, 16, 16))}" for name in SEED]
    with open(os.path.join(HERE, "seed-flops-16.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
