#!/usr/bin/python3
"""Golden data for chapter 03's model statistics (03.9), blocks (03.10) and model builders,
computed with PyTorch.

Run from anywhere with the Debian python (python3-torch 1.13, CPU):

    /usr/bin/python3 tools/golden/03_cnn_models.py

It writes small .npy files into tests/03_cnn/golden/, which are committed. torchvision is not
installed here, so the reference ResNet-18 is built below in plain torch.nn exactly as
torchvision's resnet18 (BasicBlock, bias-free convolutions before batch norm); the script checks
its parameter count against torchvision's published 11,689,512.

Every reference model registers its submodules in the order nnlab's builder does, so
`parameters()` lists the tensors in nnlab's `params()` order. A model's parameters are stored
as ONE flat float32 vector `<case>_params` (each tensor flattened row-major, linear weights
transposed to nnlab's (in, out)); its parameter gradients likewise as `<case>_grads`.
Forward and backward passes run in float64 from float32 inputs and parameters, in training mode
(batch statistics), and are stored as float32.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

import nnlab_golden as golden
from nnlab_golden import randn

OUT = golden.out_dir("03_cnn")


def save(name, t):
    golden.save(OUT, name, t)


# ---- reference models in torch.nn, in nnlab's registration order --------------------------------

def conv(i, o, k, s=1, p=0, bias=True):
    return nn.Conv2d(i, o, k, stride=s, padding=p, bias=bias)


class Residual(nn.Module):
    """torchvision's BasicBlock: body conv1 bn1 relu conv2 bn2, shortcut conv1x1 bn (or none)."""

    def __init__(self, i, o, stride=1, use_1x1conv=False):
        super().__init__()
        self.body = nn.Sequential(conv(i, o, 3, stride, 1, bias=False), nn.BatchNorm2d(o),
                                  nn.ReLU(), conv(o, o, 3, 1, 1, bias=False), nn.BatchNorm2d(o))
        self.shortcut = (nn.Sequential(conv(i, o, 1, stride, 0, bias=False), nn.BatchNorm2d(o))
                         if use_1x1conv else None)

    def forward(self, x):
        s = self.shortcut(x) if self.shortcut is not None else x
        return F.relu(self.body(x) + s)


class DenseBlock(nn.Module):
    """D2L §8.7: layer i = BN, ReLU, conv 3x3 pad 1 (bias), from in + i * growth channels."""

    def __init__(self, num_convs, i, growth):
        super().__init__()
        self.layers = nn.ModuleList(
            nn.Sequential(nn.BatchNorm2d(i + k * growth), nn.ReLU(),
                          conv(i + k * growth, growth, 3, 1, 1)) for k in range(num_convs))

    def forward(self, x):
        for layer in self.layers:
            x = torch.cat((x, layer(x)), dim=1)
        return x


class Concat(nn.Module):
    def __init__(self, *branches):
        super().__init__()
        self.branches = nn.ModuleList(branches)

    def forward(self, x):
        return torch.cat([b(x) for b in self.branches], dim=1)


class GAP(nn.Module):
    """AdaptiveAvgPool2d(1) + flatten, nnlab's GlobalAvgPool2d."""

    def forward(self, x):
        return x.mean(dim=(2, 3))


def lenet(num_classes=10):
    return nn.Sequential(conv(1, 6, 5, p=2), nn.Sigmoid(), nn.AvgPool2d(2), conv(6, 16, 5),
                         nn.Sigmoid(), nn.AvgPool2d(2), nn.Flatten(), nn.Linear(400, 120),
                         nn.Sigmoid(), nn.Linear(120, 84), nn.Sigmoid(), nn.Linear(84, num_classes))


def vgg_block(num_convs, i, o):
    layers = []
    for k in range(num_convs):
        layers += [conv(i if k == 0 else o, o, 3, 1, 1), nn.ReLU()]
    return nn.Sequential(*layers, nn.MaxPool2d(2))


def nin_block(i, o, k, s, p):
    return nn.Sequential(conv(i, o, k, s, p), nn.ReLU(), conv(o, o, 1), nn.ReLU(), conv(o, o, 1),
                         nn.ReLU())


def inception(i, c1, c2, c3, c4):
    relu = nn.ReLU
    return Concat(nn.Sequential(conv(i, c1, 1), relu()),
                  nn.Sequential(conv(i, c2[0], 1), relu(), conv(c2[0], c2[1], 3, 1, 1), relu()),
                  nn.Sequential(conv(i, c3[0], 1), relu(), conv(c3[0], c3[1], 5, 1, 2), relu()),
                  nn.Sequential(nn.MaxPool2d(3, 1, 1), conv(i, c4, 1), relu()))


def resnet18(num_classes, in_channels, b=64):
    layers = [conv(in_channels, b, 7, 2, 3, bias=False), nn.BatchNorm2d(b), nn.ReLU(),
              nn.MaxPool2d(3, 2, 1)]
    c = b
    for stage in range(4):
        o, s = b << stage, (1 if stage == 0 else 2)
        layers.append(nn.Sequential(Residual(c, o, s, s != 1 or c != o), Residual(o, o)))
        c = o
    return nn.Sequential(*layers, GAP(), nn.Linear(c, num_classes))


def transition(i, o):
    return nn.Sequential(nn.BatchNorm2d(i), nn.ReLU(), conv(i, o, 1), nn.AvgPool2d(2))


def densenet(num_classes, in_channels, growth=32, arch=(4, 4, 4, 4), stem=64):
    layers = [conv(in_channels, stem, 7, 2, 3), nn.BatchNorm2d(stem), nn.ReLU(),
              nn.MaxPool2d(3, 2, 1)]
    c = stem
    for k, n in enumerate(arch):
        layers.append(DenseBlock(n, c, growth))
        c += n * growth
        if k + 1 < len(arch):
            layers.append(transition(c, c // 2))
            c //= 2
    return nn.Sequential(*layers, nn.BatchNorm2d(c), nn.ReLU(), GAP(), nn.Linear(c, num_classes))


def count(model):
    return sum(p.numel() for p in model.parameters())


# ---- helpers ------------------------------------------------------------------------------------

def nnlab_order(model):
    """(tensor, is_linear_weight) in parameters() order."""
    out = []
    for m in model.modules():
        for name, p in m.named_parameters(recurse=False):
            out.append((p, isinstance(m, nn.Linear) and name == "weight"))
    assert len(out) == len(list(model.parameters()))
    return out


def flat(model, grads=False):
    parts = []
    for p, lin in nnlab_order(model):
        t = (p.grad if grads else p).detach()
        parts.append((t.t() if lin else t).reshape(-1))
    return torch.cat(parts)


def randomise(model):
    """float32 draws (held in float64): weights N(0, 1 / fan_in), biases N(0, 0.1), batch-norm
    gamma in [0.5, 1.5) and beta N(0, 0.3), so that no parameter sits at a special value."""
    model.double()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.copy_(torch.rand(m.weight.shape, dtype=torch.float32).double() + 0.5)
                m.bias.copy_(randn(*m.bias.shape, scale=0.3))
            elif isinstance(m, (nn.Conv2d, nn.Linear)):
                fan_in = m.weight[0].numel()
                m.weight.copy_(randn(*m.weight.shape, scale=fan_in ** -0.5))
                if m.bias is not None:
                    m.bias.copy_(randn(*m.bias.shape, scale=0.1))
    model.train()
    return model


def forward_backward(case, model, x_shape):
    """Saves <case>_{params, x, y, dy, dx, grads} for one training-mode pass."""
    randomise(model)
    x = randn(*x_shape).requires_grad_(True)
    y = model(x)
    dy = randn(*y.shape)
    y.backward(dy)
    save(f"{case}_params", flat(model))
    save(f"{case}_x", x)
    save(f"{case}_y", y)
    save(f"{case}_dy", dy)
    save(f"{case}_dx", x.grad)
    save(f"{case}_grads", flat(model, grads=True))


# ---- 03.9: parameter counts, multiply-adds, receptive fields ------------------------------------

def param_counts():
    r18 = resnet18(1000, 3)
    n = count(r18)
    assert n == 11_689_512, n  # torchvision.models.resnet18().parameters(), published
    counts = {
        "lenet": count(lenet()),                                  # 61,706
        "resnet18_1000": n,
        "resnet18_10_gray": count(resnet18(10, 1)),
        "densenet_d2l": count(densenet(10, 1)),                   # D2L §8.7 on Fashion-MNIST
        "vgg_block": count(vgg_block(2, 3, 8)),
        "nin_block": count(nin_block(3, 8, 5, 2, 1)),
        "inception_d2l": count(inception(192, 64, (96, 128), (16, 32), 32)),  # GoogLeNet 3a
        "transition": count(transition(32, 16)),
        "dense_block": count(DenseBlock(2, 3, 10)),               # D2L: 3 -> 23 channels
        "residual_proj": count(Residual(64, 128, 2, True)),
        "residual_id": count(Residual(64, 64)),
    }
    for name, c in counts.items():
        save(f"count_{name}", torch.tensor([c]))
    return counts


def macs(model, x_shape):
    """Multiply-adds of every Conv2d and Linear in one forward pass, read off forward hooks:
    a conv output value costs C_in kh kw (groups = 1), a linear one in_features."""
    total = [0]

    def hook(m, inp, out):
        if isinstance(m, nn.Conv2d):
            assert m.groups == 1
            total[0] += out.numel() * m.in_channels * m.kernel_size[0] * m.kernel_size[1]
        elif isinstance(m, nn.Linear):
            total[0] += out.numel() * m.in_features

    handles = [m.register_forward_hook(hook) for m in model.modules()]
    with torch.no_grad():
        model.eval()(torch.zeros(*x_shape))
    for h in handles:
        h.remove()
    return total[0]


def mac_counts():
    cases = {
        "lenet_28": (lenet(), (1, 1, 28, 28)),                    # 416,520
        "resnet18_224": (resnet18(1000, 3), (1, 3, 224, 224)),    # 1,814,073,344
        "resnet18_gray_32x2": (resnet18(10, 1), (2, 1, 32, 32)),
        "densenet_d2l_96": (densenet(10, 1), (1, 1, 96, 96)),
        "inception_d2l_28": (inception(192, 64, (96, 128), (16, 32), 32), (1, 192, 28, 28)),
    }
    out = {}
    for name, (model, shape) in cases.items():
        out[name] = macs(model, shape)
        save(f"macs_{name}", torch.tensor([out[name]]))
    return out


def receptive_field_of(layers):
    """Per layer (k, s, p, d): the receptive field (r, j, start) measured by autograd. A 1-D
    stack of all-ones convolutions (no cancellation: every weight is positive) on a long input;
    the gradient of interior output unit i is nonzero exactly on input positions its window
    spans (for dilated kernels, on some of them: r is the span from first to last). r = hi - lo
    + 1, j = lo(i + 1) - lo(i), start = the window centre (lo + hi) / 2 minus i j."""
    rows = []
    for depth in range(1, len(layers) + 1):
        L = 1500
        x = torch.zeros(1, 1, L, dtype=torch.float64, requires_grad=True)
        h = x
        for k, s, p, d in layers[:depth]:
            h = F.conv1d(h, torch.ones(1, 1, k, dtype=torch.float64), stride=s, padding=p,
                         dilation=d)
        i = h.shape[2] // 2
        spans = []
        for unit in (i, i + 1):
            g, = torch.autograd.grad(h[0, 0, unit], x, retain_graph=True)
            nz = torch.nonzero(g[0, 0]).flatten()
            lo, hi = int(nz.min()), int(nz.max())
            assert 0 < lo and hi < L - 1, "unit's window touches the input's edge"
            spans.append((lo, hi))
        (lo, hi), (lo1, _) = spans
        r, j = hi - lo + 1, lo1 - lo
        rows.append([r, j, (lo + hi) / 2 - i * j])
    return rows


def receptive_fields():
    resnet18_path = [(7, 2, 3, 1), (3, 2, 1, 1)]  # stem conv, max pool
    for stage in range(4):
        resnet18_path += [(3, 1 if stage == 0 else 2, 1, 1)] + [(3, 1, 1, 1)] * 3
    stacks = {
        "vgg": [(3, 1, 1, 1)] * 3 + [(2, 2, 0, 1)] + [(3, 1, 1, 1)] * 2 + [(2, 2, 0, 1)],
        "resnet18": resnet18_path,  # main path only; the shortcut's 1x1 convs see less
        "alexnet": [(11, 4, 2, 1), (3, 2, 0, 1), (5, 1, 2, 1), (3, 2, 0, 1), (3, 1, 1, 1),
                    (3, 1, 1, 1), (3, 1, 1, 1), (3, 2, 0, 1)],
        "mixed": [(3, 1, 1, 2), (4, 2, 1, 1), (3, 1, 2, 2), (2, 2, 0, 1), (5, 3, 0, 3),
                  (1, 1, 0, 1), (6, 1, 4, 1)],
    }
    for name, layers in stacks.items():
        rows = receptive_field_of(layers)
        save(f"rf_{name}_layers", torch.tensor(layers))
        save(f"rf_{name}_expected", torch.tensor(rows, dtype=torch.float64))
        print(f"receptive field {name}: {rows[-1]}")


def global_avg_pool():
    x = randn(3, 4, 5, 6).requires_grad_(True)
    y = x.mean(dim=(2, 3))  # = F.adaptive_avg_pool2d(x, 1).flatten(1)
    assert torch.allclose(y, F.adaptive_avg_pool2d(x, 1).flatten(1))
    dy = randn(3, 4)
    y.backward(dy)
    save("gap_x", x)
    save("gap_y", y)
    save("gap_dy", dy)
    save("gap_dx", x.grad)


# ---- 03.10 and the builders: forward and backward with the same parameters -----------------------

def blocks():
    forward_backward("block_residual_proj", Residual(3, 4, 2, True), (2, 3, 6, 6))
    forward_backward("block_residual_id", Residual(4, 4), (2, 4, 5, 5))
    forward_backward("block_dense", DenseBlock(2, 3, 2), (2, 3, 5, 5))


def builders():
    forward_backward("model_vgg_block", vgg_block(2, 2, 3), (2, 2, 6, 6))
    forward_backward("model_inception", inception(3, 2, (2, 3), (1, 2), 2), (2, 3, 6, 6))
    # ResNet-18 with base 3 (channels 3, 6, 12, 24): 48x48 -> 24 -> 12 -> 12, 6, 3, 2, so the
    # last batch norms still see 2 * 2 * 2 = 8 values per channel.
    forward_backward("model_resnet18_tiny", resnet18(5, 1, 3), (2, 1, 48, 48))
    forward_backward("model_densenet_tiny", densenet(3, 1, 2, (2, 1), 4), (2, 1, 32, 32))


def main():
    torch.manual_seed(3090)
    counts = param_counts()
    print("parameter counts:", counts)
    print("multiply-adds:", mac_counts())
    receptive_fields()
    global_avg_pool()
    blocks()
    builders()
    golden.report(OUT)


if __name__ == "__main__":
    main()
