"""A plain-torch replica of MONAI's 3-D UNet (monai.networks.nets.UNet, MONAI 1.4) with MONAI's module names.

MONAI cannot be installed on these machines (PyPI is not reachable), but Debian's python3-torch can. This replica
builds the same modules as UNet._create_block, _get_down_layer, _get_up_layer and _get_bottom_layer, ResidualUnit,
Convolution with ADN order norm -> dropout -> activation (InstanceNorm3d without affine parameters, one PReLU slope),
and SkipConnection "cat", so its state-dict keys and shapes are MONAI's and a state dict it saves loads into
`czpick model import` (and into MONAI) unchanged. tests/CzPick.Inference.Tests/Fixtures/MonaiUNet/make_fixtures.py
proves it against MONAI's own output before writing any fixture.

Used by that fixture script and by tools/train-sample-model/train.py; import it with tools/ on sys.path.
"""
import torch
import torch.nn as nn


class ADN(nn.Sequential):
    def __init__(self, channels):
        super().__init__()
        self.add_module("N", nn.InstanceNorm3d(channels, affine=False))
        self.add_module("D", nn.Dropout(0.0))
        self.add_module("A", nn.PReLU())


class Convolution(nn.Sequential):
    def __init__(self, cin, cout, stride, kernel, transposed=False, conv_only=False):
        super().__init__()
        pad = (kernel - 1) // 2
        if transposed:
            conv = nn.ConvTranspose3d(cin, cout, kernel, stride, pad, output_padding=stride - 1)
        else:
            conv = nn.Conv3d(cin, cout, kernel, stride, pad)
        self.add_module("conv", conv)
        if not conv_only:
            self.add_module("adn", ADN(cout))


class ResidualUnit(nn.Module):
    def __init__(self, cin, cout, stride, kernel, subunits, last_conv_only=False):
        super().__init__()
        self.conv = nn.Sequential()
        self.residual = nn.Identity()
        subunits = max(1, subunits)
        sc, ss = cin, stride
        for su in range(subunits):
            self.conv.add_module(f"unit{su}", Convolution(sc, cout, ss, kernel, conv_only=last_conv_only and su == subunits - 1))
            sc, ss = cout, 1
        if stride != 1 or cin != cout:
            rk, rp = (kernel, (kernel - 1) // 2) if stride != 1 else (1, 0)
            self.residual = nn.Conv3d(cin, cout, rk, stride, rp)

    def forward(self, x):
        return self.conv(x) + self.residual(x)


class SkipConnection(nn.Module):
    def __init__(self, submodule):
        super().__init__()
        self.submodule = submodule

    def forward(self, x):
        return torch.cat([x, self.submodule(x)], dim=1)


class MonaiUNet(nn.Module):
    def __init__(self, channels, strides, num_res_units, cin=1, cout=7, kernel=3, up_kernel=3):
        super().__init__()
        self.k, self.uk, self.nru = kernel, up_kernel, num_res_units

        def block(inc, outc, ch, st, is_top):
            c, s = ch[0], st[0]
            if len(ch) > 2:
                sub, upc = block(c, c, ch[1:], st[1:], False), c * 2
            else:
                sub, upc = self.down(c, ch[1], 1), c + ch[1]
            return nn.Sequential(self.down(inc, c, s), SkipConnection(sub), self.up(upc, outc, s, is_top))

        self.model = block(cin, cout, channels, strides, True)

    def down(self, cin, cout, s):
        if self.nru > 0:
            return ResidualUnit(cin, cout, s, self.k, self.nru)
        return Convolution(cin, cout, s, self.k)

    def up(self, cin, cout, s, is_top):
        conv = Convolution(cin, cout, s, self.uk, transposed=True, conv_only=is_top and self.nru == 0)
        if self.nru > 0:
            return nn.Sequential(conv, ResidualUnit(cout, cout, 1, self.k, 1, last_conv_only=is_top))
        return conv

    def forward(self, x):
        return self.model(x)


SEED = {
    "tiny": ((32, 64, 128, 128), (2, 2, 1), 1),
    "medium": ((32, 64, 128, 256), (2, 2, 1), 2),
    "big": ((32, 96, 256, 384), (2, 2, 1), 2),
}
