#!/usr/bin/python3
"""Golden data for chapter 03 (convolutional networks), computed with PyTorch.

Run from anywhere with the Debian python (python3-torch 1.13, CPU):

    /usr/bin/python3 tools/golden/03_cnn.py

It writes small .npy files into tests/03_cnn/golden/, which are committed: the tests never need
PyTorch. One function per exercise, called in order from main(), all drawing from the one
torch.manual_seed(0) stream: add new sections at the end of main() to keep earlier files
unchanged. Inputs are drawn in float32; expected values are computed by PyTorch in float64 from
those float32 inputs and stored as float32. Each configuration's stride and padding are stored
beside it as int64 `<prefix>_geometry` = [s_h, s_w, p_h, p_w] (pooling: [kh, kw, s_h, s_w, p_h,
p_w]), so the tests cannot disagree with the script.
"""

import torch
import torch.nn.functional as F

import nnlab_golden as golden
from nnlab_golden import leaf, randn

OUT = golden.out_dir("03_cnn")


def save(name, t):
    golden.save(OUT, name, t)


def save_all(prefix, **tensors):
    for name, t in tensors.items():
        save(f"{prefix}_{name}", t)


def corr2d():
    """03.1: one channel, no padding, stride 1: F.conv2d on (1, 1, H, W)."""
    x, k = leaf(randn(5, 6)), leaf(randn(2, 3))
    dy = randn(4, 4)
    y = F.conv2d(x[None, None], k[None, None])[0, 0]
    y.backward(dy)
    save_all("corr2d", x=x, k=k, dy=dy, y=y, dx=x.grad, dk=k.grad)


def padding_stride():
    """03.2: output sizes (in, kernel, pad, stride, out) read off torch's conv2d output shape,
    and corr2d_strided on two configurations."""
    rows = []
    for n, k, p, s in ((5, 3, 0, 1), (5, 3, 1, 1), (8, 3, 1, 2), (7, 3, 1, 2), (6, 2, 0, 2),
                       (10, 4, 3, 3), (3, 5, 1, 1), (9, 1, 0, 4), (1, 1, 0, 1), (4, 6, 1, 5)):
        out = F.conv2d(torch.zeros(1, 1, n, 1), torch.zeros(1, 1, k, 1), stride=(s, 1),
                       padding=(p, 0)).shape[2]
        rows.append([n, k, p, s, out])
    save("padding_stride_sizes", torch.tensor(rows))
    for name, (H, W, kh, kw, sh, sw, ph, pw) in (("a", (7, 8, 3, 3, 2, 2, 1, 1)),
                                                 ("b", (6, 5, 2, 3, 3, 2, 2, 1))):
        x, k = leaf(randn(H, W)), leaf(randn(kh, kw))
        y = F.conv2d(x[None, None], k[None, None], stride=(sh, sw), padding=(ph, pw))[0, 0]
        dy = randn(*y.shape)
        y.backward(dy)
        save_all(f"padding_stride_{name}", x=x, k=k, dy=dy, y=y, dx=x.grad, dk=k.grad,
                 geometry=torch.tensor([sh, sw, ph, pw]))


def multi_channel():
    """03.3: (C_in, H, W) with (C_out, C_in, kh, kw), no padding, stride 1, no bias."""
    x, k = leaf(randn(3, 5, 6)), leaf(randn(2, 3, 3, 2))
    y = F.conv2d(x[None], k)[0]
    dy = randn(*y.shape)
    y.backward(dy)
    save_all("multi_channel", x=x, k=k, dy=dy, y=y, dx=x.grad, dk=k.grad)


def conv1x1():
    """03.4: w (C_out, C_in) as a (C_out, C_in, 1, 1) kernel."""
    x, w = leaf(randn(4, 3, 5)), leaf(randn(6, 4))
    y = F.conv2d(x[None], w[:, :, None, None])[0]
    dy = randn(*y.shape)
    y.backward(dy)
    save_all("conv1x1", x=x, w=w, dy=dy, y=y, dx=x.grad, dw=w.grad)


CONV2D = {  # name: (N, C_in, C_out, H, W, kh, kw, s_h, s_w, p_h, p_w)
    "basic": (2, 3, 4, 5, 5, 3, 3, 1, 1, 0, 0),
    "stride2_pad1": (2, 2, 3, 7, 6, 3, 3, 2, 2, 1, 1),
    "rect": (1, 3, 2, 6, 5, 2, 3, 2, 1, 1, 0),
    "big_pad": (2, 2, 2, 8, 9, 5, 4, 3, 3, 2, 2),
    "one_by_one": (2, 4, 3, 3, 4, 1, 1, 1, 1, 0, 0),
}


def conv2d():
    """03.5: F.conv2d with bias and its autograd gradients, on the configurations in CONV2D;
    and F.unfold / F.fold, which are im2col / col2im, on the "stride2_pad1" image."""
    for name, (N, C_in, C_out, H, W, kh, kw, sh, sw, ph, pw) in CONV2D.items():
        x, w, b = leaf(randn(N, C_in, H, W)), leaf(randn(C_out, C_in, kh, kw)), leaf(randn(C_out))
        y = F.conv2d(x, w, b, stride=(sh, sw), padding=(ph, pw))
        dy = randn(*y.shape)
        y.backward(dy)
        save_all(f"conv2d_{name}", x=x, weight=w, bias=b, dy=dy, y=y, dx=x.grad,
                 dweight=w.grad, dbias=b.grad, geometry=torch.tensor([sh, sw, ph, pw]))
    img = randn(2, 7, 6)
    col = F.unfold(img[None], kernel_size=(3, 2), stride=(2, 1), padding=(1, 1))[0]
    dcol = randn(*col.shape)
    back = F.fold(dcol[None], output_size=(7, 6), kernel_size=(3, 2), stride=(2, 1),
                  padding=(1, 1))[0]
    save_all("im2col", x=img, col=col, dcol=dcol, dx=back)


POOL = {  # name: (N, C, H, W, kh, kw, s_h, s_w, p_h, p_w, integer-valued input)
    "a": (2, 3, 6, 7, 3, 3, 2, 2, 1, 1, False),
    "ties": (1, 2, 5, 6, 3, 2, 1, 2, 1, 1, True),
    "rect": (2, 2, 5, 8, 2, 3, 1, 2, 1, 1, False),
}


def pooling():
    """03.6: F.max_pool2d (padding is -inf, ties go to the first maximum) and F.avg_pool2d
    (count_include_pad=True) with their gradients. "ties" has integer values in {0, 1, 2}
    and overlapping windows, so most windows hold a tie and gradients add up."""
    for name, (N, C, H, W, kh, kw, sh, sw, ph, pw, ints) in POOL.items():
        if ints:
            x = torch.randint(0, 3, (N, C, H, W)).double()
        else:
            x = randn(N, C, H, W)
        xm, xa = leaf(x), leaf(x)
        ym = F.max_pool2d(xm, (kh, kw), (sh, sw), (ph, pw))
        ya = F.avg_pool2d(xa, (kh, kw), (sh, sw), (ph, pw), count_include_pad=True)
        dy = randn(*ym.shape)
        ym.backward(dy)
        ya.backward(dy)
        save_all(f"pool_{name}", x=x, dy=dy, max_y=ym, max_dx=xm.grad, avg_y=ya,
                 avg_dx=xa.grad, geometry=torch.tensor([kh, kw, sh, sw, ph, pw]))


def main():
    torch.manual_seed(0)
    for make in (corr2d, padding_stride, multi_channel, conv1x1, conv2d, pooling):
        make()
    golden.report(OUT)


if __name__ == "__main__":
    main()
